package auth

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/golang-jwt/jwt/v5"
)

// OAuthTokenResponse is a token-endpoint answer together with the moment it
// arrived, so that each token's expiry can be known. It holds either Response
// (every grant but the dependent-token grant) or Dependent (the
// dependent-token grant, which answers with a list).
//
// An OAuthTokenResponse never prints or logs a token: every token in it is
// a [globus.Secret].
type OAuthTokenResponse struct {
	// Response is the decoded answer: one token plus other_tokens. It is nil
	// for a dependent-token answer.
	Response *authapi.TokenResponse
	// Dependent is the dependent-token grant's answer, one token per
	// resource server. It is nil for every other grant.
	Dependent []authapi.Token
	// ReceivedAt is when the request was sent; expires_in counts from it,
	// so that an expiry computed from it is never late.
	ReceivedAt time.Time

	// lc is the login client that got the tokens; it verifies the id_token.
	lc *loginClient
}

// NewOAuthTokenResponse wraps a token answer obtained elsewhere (for
// example through the generated client) that arrived at receivedAt.
func NewOAuthTokenResponse(resp *authapi.TokenResponse, receivedAt time.Time) *OAuthTokenResponse {
	return &OAuthTokenResponse{Response: resp, ReceivedAt: receivedAt.Round(0)}
}

// NewDependentTokenResponse wraps a dependent-token answer obtained
// elsewhere that arrived at receivedAt.
func NewDependentTokenResponse(tokens []authapi.Token, receivedAt time.Time) *OAuthTokenResponse {
	return &OAuthTokenResponse{Dependent: tokens, ReceivedAt: receivedAt.Round(0)}
}

// Tokens returns every token of the answer as a flat list: the top-level
// token first, then other_tokens, or the dependent tokens in order.
func (r *OAuthTokenResponse) Tokens() []authapi.Token {
	if r == nil {
		return nil
	}
	if r.Response == nil {
		return append([]authapi.Token(nil), r.Dependent...)
	}
	t := r.Response
	out := []authapi.Token{{
		AccessToken:    t.AccessToken,
		ExpiresIn:      t.ExpiresIn,
		IDToken:        t.IDToken,
		RefreshToken:   t.RefreshToken,
		ResourceServer: t.ResourceServer,
		Scope:          t.Scope,
		State:          t.State,
		TokenType:      t.TokenType,
	}}
	return append(out, t.OtherTokens...)
}

// tokenData converts one token of the answer, whose expires_in counts from
// ReceivedAt. IdentityID is the sub of the token's id_token, read without
// verifying its signature: the id_token came over TLS from Globus Auth in
// the same answer. Use [NativeAppClient.VerifyIDToken] to verify it.
func (r *OAuthTokenResponse) tokenData(t authapi.Token) authorizers.TokenData {
	td := authorizers.TokenData{
		AccessToken:    t.AccessToken,
		ExpiresAt:      expiryFrom(r.ReceivedAt, t.ExpiresIn),
		Scope:          t.Scope,
		ResourceServer: t.ResourceServer,
		TokenType:      t.TokenType,
		RefreshToken:   t.RefreshToken,
	}
	if t.IDToken != "" {
		var claims jwt.RegisteredClaims
		if _, _, err := jwt.NewParser().ParseUnverified(t.IDToken.Reveal(), &claims); err == nil {
			td.IdentityID = claims.Subject
		}
	}
	return td
}

// expiryFrom returns issuedAt plus expiresIn seconds, without a monotonic
// clock reading, so that it compares by wall-clock time. expiresIn is
// clamped to what a time.Duration can hold, so that an absurd value never
// overflows into the past.
func expiryFrom(issuedAt time.Time, expiresIn int64) time.Time {
	const maxLifetime = int64(1<<63-1) / int64(time.Second)
	return issuedAt.Add(time.Duration(max(min(expiresIn, maxLifetime), -maxLifetime)) * time.Second).Round(0)
}

// TokensByResourceServer maps resource servers, such as
// "transfer.api.globus.org", to their tokens. Its tokens are
// [globus.Secret]s, so printed or logged it shows none.
type TokensByResourceServer map[string]authorizers.TokenData

// expiresAt is ReceivedAt plus expiresIn seconds.
func (r *OAuthTokenResponse) expiresAt(expiresIn int64) time.Time {
	return expiryFrom(r.ReceivedAt, expiresIn)
}

// ByResourceServer returns the tokens keyed by resource server, such as
// "transfer.api.globus.org". ExpiresAt is ReceivedAt plus expires_in.
func (r *OAuthTokenResponse) ByResourceServer() TokensByResourceServer {
	out := TokensByResourceServer{}
	for _, t := range r.Tokens() {
		out[t.ResourceServer] = r.tokenData(t)
	}
	return out
}

// ResourceServers returns the resource servers the answer has tokens for,
// sorted.
func (r *OAuthTokenResponse) ResourceServers() []string {
	var out []string
	for rs := range r.ByResourceServer() {
		out = append(out, rs)
	}
	sort.Strings(out)
	return out
}

// ByScopes returns the one token that carries all of scopes. Each argument
// may itself hold several scopes separated by spaces; spaces inside
// brackets belong to dependent scopes and do not separate ("a[*b *c]" is
// one scope). A scope with dependent scopes matches a token listing it
// either in full or by its name alone, as Globus Auth lists it. ByScopes
// fails with a *ScopeSyntaxError for a malformed scope, and with a
// *ScopeLookupError when a scope is in no token, or when the scopes are
// spread over tokens for different resource servers.
func (r *OAuthTokenResponse) ByScopes(scopes ...string) (authorizers.TokenData, error) {
	var want []string
	for _, s := range scopes {
		parts, err := SplitScopes(s)
		if err != nil {
			return authorizers.TokenData{}, err
		}
		want = append(want, parts...)
	}
	if len(want) == 0 {
		return authorizers.TokenData{}, &ScopeLookupError{Problem: "no scope given"}
	}
	byScope := map[string]authapi.Token{}
	for _, t := range r.Tokens() {
		have, err := SplitScopes(t.Scope)
		if err != nil {
			have = strings.Fields(t.Scope) // the server's text; best effort
		}
		for _, s := range have {
			byScope[s] = t
		}
	}
	var found *authapi.Token
	for _, s := range want {
		t, ok := byScope[s]
		if !ok {
			t, ok = byScope[BaseScope(s)]
		}
		if !ok {
			return authorizers.TokenData{}, &ScopeLookupError{Scopes: want, Problem: fmt.Sprintf("no token carries scope %q", s)}
		}
		if found != nil && found.ResourceServer != t.ResourceServer {
			return authorizers.TokenData{}, &ScopeLookupError{Scopes: want, Problem: fmt.Sprintf(
				"the scopes belong to more than one token (%s and %s)", found.ResourceServer, t.ResourceServer)}
		}
		found = &t
	}
	return r.tokenData(*found), nil
}

// ScopeLookupError reports that [OAuthTokenResponse.ByScopes] found no
// single token for the scopes asked for.
type ScopeLookupError struct {
	// Scopes are the scopes asked for.
	Scopes []string
	// Problem says why no token matched.
	Problem string
}

// Error describes the problem.
func (e *ScopeLookupError) Error() string {
	return fmt.Sprintf("auth: token for scopes %q: %s", strings.Join(e.Scopes, " "), e.Problem)
}

// IDToken returns the OpenID Connect id_token of the answer, or "" when
// there is none (openid was not asked for, or the grant gives none).
func (r *OAuthTokenResponse) IDToken() string {
	if r == nil || r.Response == nil {
		return ""
	}
	return r.Response.IDToken.Reveal()
}

// DecodeIDToken verifies the answer's id_token and returns its claims. The
// signature is checked against the keys Globus Auth publishes, the issuer
// against its OpenID configuration, the audience against the client ID, and
// the expiry against the clock (see [IDTokenVerifier]). When the token is
// signed with a key the cached key set lacks, as after Globus Auth rotates
// its keys, the keys are fetched once more, at most once every
// [KeyRefreshInterval] per login client. Only answers
// obtained through a login client of this package can do this; for others,
// use [IDTokenVerifier.Verify] directly.
func (r *OAuthTokenResponse) DecodeIDToken(ctx context.Context) (*IDToken, error) {
	raw := r.IDToken()
	if raw == "" {
		return nil, &IDTokenError{Kind: ErrIDTokenMissing}
	}
	if r.lc == nil {
		return nil, &UsageError{Op: "DecodeIDToken", Problem: "the answer was not obtained through a login client; use an IDTokenVerifier"}
	}
	return r.lc.verifyIDToken(ctx, raw)
}

// Format prints the answer's tokens by resource server, with every token
// redacted, for every verb. It exists because fmt, given a verb that does
// not suit a pointer (such as %s), prints what the pointer leads to without
// asking any Formatter, which would show the tokens of Response.
func (r OAuthTokenResponse) Format(f fmt.State, _ rune) {
	var parts []string
	for _, t := range r.Tokens() {
		parts = append(parts, fmt.Sprintf("%s{scope: %q, access_token: %v, refresh_token: %v, expires_at: %s}",
			t.ResourceServer, t.Scope, t.AccessToken, t.RefreshToken,
			r.expiresAt(t.ExpiresIn).UTC().Format(time.RFC3339)))
	}
	fmt.Fprintf(f, "auth.OAuthTokenResponse{tokens: [%s], id_token: %v}", strings.Join(parts, ", "), globus.Secret(r.IDToken()))
}
