package tokenstorage

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
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
	r := &renewal{s: s, rs: resourceServer, client: client}
	return authorizers.NewRenewingAuthorizer(r.fetch, opts...)
}

type renewal struct {
	s      Updater
	rs     string
	client authorizers.LoginClient

	mu   sync.Mutex
	last globus.Secret // the access token of the last fetch
}

func (r *renewal) fetch(ctx context.Context) (authorizers.TokenData, error) {
	if r.s == nil {
		return authorizers.TokenData{}, ErrNoStorage
	}
	if isNil(r.client) {
		return authorizers.TokenData{}, authorizers.ErrNoClient
	}
	r.mu.Lock()
	last := r.last
	r.mu.Unlock()
	td, err := r.s.Update(ctx, r.rs, func(cur authorizers.TokenData, found bool) (authorizers.TokenData, error) {
		if !found {
			return cur, fmt.Errorf("%w for %q", ErrNotFound, r.rs)
		}
		if cur.AccessToken != "" && cur.AccessToken != last &&
			time.Now().Add(authorizers.DefaultExpiryMargin).Before(cur.ExpiresAt) {
			return cur, nil
		}
		rt := cur.RefreshToken.Reveal()
		if rt == "" {
			return cur, fmt.Errorf("%w stored for %q", authorizers.ErrNoRefreshToken, r.rs)
		}
		next, err := r.client.RefreshTokens(ctx, rt)
		if err != nil {
			return cur, err
		}
		if next.RefreshToken == "" {
			next.RefreshToken = cur.RefreshToken
		}
		if next.ResourceServer == "" {
			next.ResourceServer = r.rs
		}
		if next.IdentityID == "" {
			// A refresh answer has no id_token: the identity is the
			// stored one, as the Python SDK's ValidatingTokenStorage does.
			next.IdentityID = cur.IdentityID
		}
		if next.Scope == "" {
			next.Scope = cur.Scope
		}
		if next.TokenType == "" {
			next.TokenType = cur.TokenType
		}
		return next, nil
	})
	if err != nil {
		return authorizers.TokenData{}, err
	}
	r.mu.Lock()
	r.last = td.AccessToken
	r.mu.Unlock()
	return td, nil
}

// isNil reports whether c is nil or a nil pointer in an interface.
func isNil(c authorizers.LoginClient) bool {
	if c == nil {
		return true
	}
	v := reflect.ValueOf(c)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
