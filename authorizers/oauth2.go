package authorizers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"

	"golang.org/x/oauth2"

	"github.com/globus-go/globus"
)

// ErrNoBearerToken is returned (wrapped) by the Token method of a
// [TokenSource] whose authorizer gives no bearer token: a
// [BasicAuthorizer], a [NullAuthorizer], or one that sets another kind of
// Authorization header.
var ErrNoBearerToken = errors.New("authorizers: the authorizer gives no bearer token")

// tokenHolder is an authorizer that can give its current token, as the
// renewing authorizers do.
type tokenHolder interface {
	Token(ctx context.Context) (TokenData, error)
}

// TokenSource returns an [oauth2.TokenSource] that gives a's current
// token, so that code built on golang.org/x/oauth2 (oauth2.NewClient,
// oauth2.Transport, gRPC credentials and the like) can use a Globus
// authorizer. It is TokenSourceContext with [context.Background].
//
// oauth2.TokenSource's Token method takes no context. The context of a
// renewal is that of TokenSourceContext; with TokenSource it is
// context.Background, so a Token call that must wait for a renewal waits
// until the renewal ends, which [WithRenewalTimeout] bounds (60 s by
// default). Use [TokenSourceContext] to bound or cancel that wait, or to
// give the renewal a context's values (such as a logger's).
func TokenSource(a Authorizer) oauth2.TokenSource {
	return TokenSourceContext(context.Background(), a)
}

// TokenSourceContext returns an [oauth2.TokenSource] that gives a's
// current token, using ctx for every Token call: once ctx ends, Token
// fails with ctx's error. See [TokenSource].
//
// For a renewing authorizer (a [RenewingAuthorizer],
// [RefreshTokenAuthorizer] or [ClientCredentialsAuthorizer], or any
// authorizer with a Token(context.Context) (TokenData, error) method), each
// Token call returns the authorizer's current token, renewed when needed,
// with its Expiry set to TokenData.ExpiresAt and its TokenType from
// TokenData (Bearer when empty). The token's Extra holds "scope" and
// "resource_server" when TokenData has them. The refresh token is not
// given: the authorizer keeps renewing by itself, and the oauth2.Token
// leaves no copy of the longer-lived secret with code that does not need
// it.
//
// For any other authorizer, such as an [AccessTokenAuthorizer], Token asks
// for the Authorization header and returns its bearer token, with no
// Expiry (oauth2's "never expires"). An authorizer that sets no bearer
// header makes Token fail with an error wrapping [ErrNoBearerToken].
//
// oauth2.ReuseTokenSource adds nothing here: the renewing authorizers
// already reuse their token until it nears its expiry.
//
// A nil a gives a source whose every Token call fails with a
// [*globus.UsageError].
func TokenSourceContext(ctx context.Context, a Authorizer) oauth2.TokenSource {
	if ctx == nil {
		ctx = context.Background()
	}
	return &tokenSource{ctx: ctx, a: a}
}

type tokenSource struct {
	ctx context.Context
	a   Authorizer
}

// Token returns the authorizer's current token.
func (s *tokenSource) Token() (*oauth2.Token, error) {
	if s.a == nil {
		return nil, &globus.UsageError{Op: "authorizers.TokenSource", Problem: "the authorizer is nil"}
	}
	if err := s.ctx.Err(); err != nil {
		return nil, err
	}
	if th, ok := s.a.(tokenHolder); ok {
		td, err := th.Token(s.ctx)
		if err != nil {
			return nil, err
		}
		return oauth2Token(td), nil
	}
	h := make(http.Header, 1)
	if err := s.a.SetAuthorizationHeader(s.ctx, h); err != nil {
		return nil, err
	}
	scheme, tok, ok := strings.Cut(h.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return nil, fmt.Errorf("%w (%T)", ErrNoBearerToken, s.a)
	}
	return &oauth2.Token{AccessToken: tok, TokenType: "Bearer"}, nil
}

// Format prints the source without its authorizer's contents, for every
// verb.
func (s *tokenSource) Format(f fmt.State, _ rune) {
	if s == nil {
		fmt.Fprint(f, "authorizers.TokenSource(nil)")
		return
	}
	fmt.Fprintf(f, "authorizers.TokenSource(%T)", s.a)
}

// oauth2Token is td as an oauth2.Token, without its refresh token.
func oauth2Token(td TokenData) *oauth2.Token {
	t := &oauth2.Token{AccessToken: td.AccessToken.Reveal(), TokenType: td.TokenType, Expiry: td.ExpiresAt}
	if t.TokenType == "" {
		t.TokenType = "Bearer"
	}
	extra := map[string]any{}
	if td.Scope != "" {
		extra["scope"] = td.Scope
	}
	if td.ResourceServer != "" {
		extra["resource_server"] = td.ResourceServer
	}
	if len(extra) > 0 {
		t = t.WithExtra(extra)
	}
	return t
}

// FromTokenSource returns an [Authorizer] that sends the tokens of ts, any
// [oauth2.TokenSource] (such as one from oauth2.Config.TokenSource or
// clientcredentials.Config.TokenSource), as "<type> <access token>", the
// type from the token's Type method (Bearer by default).
//
// SetAuthorizationHeader calls ts.Token once for each request, so ts
// should reuse its token until it expires, as the sources of oauth2.Config
// and clientcredentials.Config do; wrap any other in
// oauth2.ReuseTokenSource. ts.Token has no context: the request's context
// does not bound it. A token that is nil, has no access token or has
// expired (by oauth2's Valid) fails the request with a [*RenewalError]
// wrapping [ErrInvalidToken]; an error of ts fails it with a
// *RenewalError wrapping that error (an *oauth2.RetrieveError, say).
//
// An oauth2.TokenSource cannot be told that a token was rejected. After a
// 401, HandleMissingAuthorization asks ts for a token once more and reports
// true, so that the request is sent again, only when ts now gives a valid
// token other than the rejected one (because it renewed meanwhile, or
// because it gives a new token at each call); the retry then sends that
// token. A reusing source keeps
// giving the rejected token until it expires, so no retry follows; a
// program that needs the renewal after a 401 (a token revoked before it
// expired) should use the renewing authorizers of this package.
//
// A nil ts gives an authorizer whose every request fails with a
// [*globus.UsageError].
func FromTokenSource(ts oauth2.TokenSource) Authorizer {
	return &sourceAuthorizer{ts: ts}
}

type sourceAuthorizer struct {
	ts oauth2.TokenSource
	// next is the token that HandleMissingAuthorization got, which the
	// next SetAuthorizationHeader sends instead of asking ts again (a
	// source that gives a new token at each call would otherwise give the
	// retry a third one).
	next atomic.Pointer[oauth2.Token]
}

// token returns a valid token of ts.
func (s *sourceAuthorizer) token() (*oauth2.Token, error) {
	if s.ts == nil {
		return nil, &globus.UsageError{Op: "authorizers.FromTokenSource", Problem: "the token source is nil"}
	}
	t, err := s.ts.Token()
	if err != nil {
		return nil, &RenewalError{Err: err}
	}
	if !t.Valid() {
		return nil, &RenewalError{Err: fmt.Errorf("%w: the token source gave no valid token", ErrInvalidToken)}
	}
	return t, nil
}

func authHeader(t *oauth2.Token) string { return t.Type() + " " + t.AccessToken }

// SetAuthorizationHeader sets h's Authorization header from ts's current
// token.
func (s *sourceAuthorizer) SetAuthorizationHeader(_ context.Context, h http.Header) error {
	t := s.next.Swap(nil)
	if !t.Valid() {
		var err error
		if t, err = s.token(); err != nil {
			return err
		}
	}
	h.Set("Authorization", authHeader(t))
	return nil
}

// HandleMissingAuthorization reports whether ts now gives a valid token
// other than the rejected one.
func (s *sourceAuthorizer) HandleMissingAuthorization(_ context.Context, rejected string) bool {
	t, err := s.token()
	if err != nil || authHeader(t) == rejected {
		return false
	}
	s.next.Store(t)
	return true
}

// Format prints the authorizer without the source's contents, which may
// hold tokens, for every verb.
func (s *sourceAuthorizer) Format(f fmt.State, _ rune) {
	if s == nil {
		fmt.Fprint(f, "authorizers.FromTokenSource(nil)")
		return
	}
	fmt.Fprintf(f, "authorizers.FromTokenSource(%T)", s.ts)
}
