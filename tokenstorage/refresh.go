package tokenstorage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/internal/nilcheck"
)

// ErrNoStorage is wrapped by the renewal errors of an authorizer from
// [NewRefreshTokenAuthorizer] built with a nil storage.
var ErrNoStorage = errors.New("tokenstorage: no storage")

// NewRefreshTokenAuthorizer returns an authorizer for resourceServer that
// takes its tokens from s and renews them through s, with client's
// refresh_token grant. It is an [authorizers.RenewingAuthorizer] (lazy,
// single-flight, renewing ahead of expiry; opts are its options), whose
// every fetch is one [Updater.Update] of s, and so runs under the storage's
// lock, between processes too:
//
//   - It re-reads the stored token. When that is an access token other than
//     the one this authorizer last had (one stored by an earlier run, or
//     renewed meanwhile by another process or authorizer), valid for longer
//     than [authorizers.DefaultExpiryMargin], it is used as it is.
//   - Otherwise it spends the stored refresh token and stores the answer,
//     keeping the stored refresh token when the answer has none and the
//     stored identity, scope and token type when the answer has none,
//     before the lock is released and before any caller gets the token.
//
// So a refresh token that one process rotated is never spent again by
// another, and no rotated refresh token is lost when a process stops.
//
// A renewal fails, with an [*authorizers.RenewalError], when nothing is
// stored for resourceServer (wrapping [ErrNotFound]), when the stored token
// must be renewed and has no refresh token (wrapping
// [authorizers.ErrNoRefreshToken]), or with client's error. A nil s or
// client is reported at the first renewal, wrapping [ErrNoStorage] or
// [authorizers.ErrNoClient]. The constructor does no I/O.
func NewRefreshTokenAuthorizer(s Updater, resourceServer string, client authorizers.LoginClient, opts ...authorizers.Option) *authorizers.RenewingAuthorizer {
	r := &renewal{s: s, rs: resourceServer, clientNil: nilcheck.Nil(client),
		renew: func(ctx context.Context, cur authorizers.TokenData, found bool) (authorizers.TokenData, error) {
			if !found {
				return cur, fmt.Errorf("%w for %q", ErrNotFound, resourceServer)
			}
			rt := cur.RefreshToken.Reveal()
			if rt == "" {
				return cur, fmt.Errorf("%w stored for %q", authorizers.ErrNoRefreshToken, resourceServer)
			}
			next, err := client.RefreshTokens(ctx, rt)
			if err != nil {
				return cur, err
			}
			if next.RefreshToken == "" {
				next.RefreshToken = cur.RefreshToken
			}
			if next.ResourceServer == "" {
				next.ResourceServer = resourceServer
			}
			if next.IdentityID == "" {
				next.IdentityID = cur.IdentityID
			}
			if next.Scope == "" {
				next.Scope = cur.Scope
			}
			if next.TokenType == "" {
				next.TokenType = cur.TokenType
			}
			return next, nil
		}}
	return authorizers.NewRenewingAuthorizer(r.fetch, opts...)
}

// NewClientCredentialsAuthorizer returns an authorizer for resourceServer
// that gets its tokens from client with the client-credentials grant for
// scopes, and keeps them in s. Like [NewRefreshTokenAuthorizer], every
// fetch is one [Updater.Update] of s: a stored token other than the one
// this authorizer last had, valid for longer than
// [authorizers.DefaultExpiryMargin] and carrying every scope of scopes (by
// name, as [auth.BaseScope] gives it), is used as it is, so that processes
// sharing s share one token; otherwise a new one is fetched and stored
// before anyone uses it. A grant whose answer has no token for
// resourceServer fails with an error naming the resource servers it had.
// A nil s or client is reported at the first renewal, wrapping
// [ErrNoStorage] or [authorizers.ErrNoClient]. The constructor does no I/O.
func NewClientCredentialsAuthorizer(s Updater, resourceServer string, client authorizers.ConfidentialClient, scopes []string, opts ...authorizers.Option) *authorizers.RenewingAuthorizer {
	scopes = slices.Clone(scopes)
	r := &renewal{s: s, rs: resourceServer, clientNil: nilcheck.Nil(client),
		usable: func(cur authorizers.TokenData) bool { return len(auth.MissingScopes(cur.Scope, scopes)) == 0 },
		renew: func(ctx context.Context, cur authorizers.TokenData, _ bool) (authorizers.TokenData, error) {
			tokens, err := client.ClientCredentialsTokens(ctx, scopes)
			if err != nil {
				return cur, err
			}
			rss := make([]string, 0, len(tokens))
			for _, t := range tokens {
				if t.ResourceServer == resourceServer {
					return t, nil
				}
				rss = append(rss, t.ResourceServer)
			}
			return cur, fmt.Errorf("tokenstorage: the client-credentials answer for %q has tokens for %v only", resourceServer, rss)
		}}
	return authorizers.NewRenewingAuthorizer(r.fetch, opts...)
}

// renewal is the fetch function of the authorizers of this package: the
// stored token while it can be used, else a renewed one, stored first.
type renewal struct {
	s         Updater
	rs        string
	clientNil bool
	// usable adds a condition for using a stored, valid token; nil
	// means none.
	usable func(cur authorizers.TokenData) bool
	// renew gets a new token, given what is stored.
	renew func(ctx context.Context, cur authorizers.TokenData, found bool) (authorizers.TokenData, error)

	mu   sync.Mutex
	last globus.Secret // the access token of the last fetch
}

func (r *renewal) fetch(ctx context.Context) (authorizers.TokenData, error) {
	if r.s == nil {
		return authorizers.TokenData{}, ErrNoStorage
	}
	if r.clientNil {
		return authorizers.TokenData{}, authorizers.ErrNoClient
	}
	r.mu.Lock()
	last := r.last
	r.mu.Unlock()
	td, err := r.s.Update(ctx, r.rs, func(cur authorizers.TokenData, found bool) (authorizers.TokenData, error) {
		if found && cur.AccessToken != "" && cur.AccessToken != last &&
			time.Now().Add(authorizers.DefaultExpiryMargin).Before(cur.ExpiresAt) &&
			(r.usable == nil || r.usable(cur)) {
			return cur, nil
		}
		return r.renew(ctx, cur, found)
	})
	if err != nil {
		return authorizers.TokenData{}, err
	}
	r.mu.Lock()
	r.last = td.AccessToken
	r.mu.Unlock()
	return td, nil
}
