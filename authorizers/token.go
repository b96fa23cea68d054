package authorizers

import (
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/redact"
)

// TokenData is what a renewing authorizer learned from one token response.
//
// Its String, GoString, Format and LogValue methods never show the access
// or refresh token, so a TokenData can be printed or logged safely. The
// fields themselves hold the real values, for programs that store tokens;
// encoding/json, which uses the fields, shows them too. Log a TokenData
// itself (as an slog attribute value), not inside a slice, map or struct
// that a JSON log handler would encode.
type TokenData struct {
	// AccessToken is the bearer token sent to the resource server.
	AccessToken string
	// RefreshToken is the refresh token now in use: the rotated one when the
	// response carried a new one, the previous one when it carried none. It
	// is empty for grants without refresh tokens, such as client credentials.
	RefreshToken string
	// ExpiresAt is when the access token stops working. It is computed
	// conservatively, from the moment the request was sent.
	ExpiresAt time.Time
	// Scope is the space-separated list of scopes the token carries.
	Scope string
	// ResourceServer names the service that accepts the token, such as
	// transfer.api.globus.org.
	ResourceServer string
	// TokenType is the token's type, normally "Bearer".
	TokenType string
}

// TokenDataFromResponse converts the top-level token of a token-endpoint
// answer into a TokenData. sentAt is the time the request was sent (taken
// just before sending): ExpiresAt is sentAt plus expires_in, which is never
// later than the real expiry. ExpiresAt carries no monotonic clock reading,
// so that it compares by wall-clock time, even across a system suspend.
//
// RefreshToken is the response's refresh_token, or empty when it has none.
// other_tokens are ignored. A nil resp gives the zero TokenData.
func TokenDataFromResponse(resp *authapi.TokenResponse, sentAt time.Time) TokenData {
	if resp == nil {
		return TokenData{}
	}
	return TokenDataFromToken(authapi.Token{
		AccessToken:    resp.AccessToken,
		ExpiresIn:      resp.ExpiresIn,
		RefreshToken:   resp.RefreshToken,
		ResourceServer: resp.ResourceServer,
		Scope:          resp.Scope,
		TokenType:      resp.TokenType,
	}, sentAt)
}

// TokenDataFromToken converts one token of a token-endpoint answer (the
// top-level one, one of other_tokens, or one of a dependent-token grant's
// list) into a TokenData whose ExpiresAt is issuedAt plus expires_in, with
// no monotonic clock reading. An expires_in too large for a time.Duration
// is cut to the largest one rather than overflow into the past.
func TokenDataFromToken(t authapi.Token, issuedAt time.Time) TokenData {
	td := TokenData{
		AccessToken:    t.AccessToken.Reveal(),
		ExpiresAt:      ExpiryFrom(issuedAt, t.ExpiresIn),
		Scope:          t.Scope,
		ResourceServer: t.ResourceServer,
		TokenType:      t.TokenType,
	}
	if t.RefreshToken != nil {
		td.RefreshToken = t.RefreshToken.Reveal()
	}
	return td
}

// ExpiryFrom returns issuedAt plus expiresIn seconds, without a monotonic
// clock reading, so that it compares by wall-clock time. expiresIn is
// clamped to what a time.Duration can hold, so that an absurd value never
// overflows into the past.
func ExpiryFrom(issuedAt time.Time, expiresIn int64) time.Time {
	return issuedAt.Add(time.Duration(max(min(expiresIn, maxLifetime), -maxLifetime)) * time.Second).Round(0)
}

// maxLifetime is the longest expires_in, in seconds, that a time.Duration
// can hold.
const maxLifetime = int64(1<<63-1) / int64(time.Second)

// quotedRedacted is redact.OrEmpty as a Go string literal.
func quotedRedacted(secret string) string {
	if secret == "" {
		return `""`
	}
	return strconv.Quote(redacted)
}

// String describes t with both tokens redacted.
func (t TokenData) String() string {
	return "TokenData{AccessToken: " + redact.OrEmpty(t.AccessToken) +
		", RefreshToken: " + redact.OrEmpty(t.RefreshToken) +
		", ExpiresAt: " + t.ExpiresAt.Format(time.RFC3339) +
		", Scope: " + strconv.Quote(t.Scope) +
		", ResourceServer: " + strconv.Quote(t.ResourceServer) +
		", TokenType: " + strconv.Quote(t.TokenType) + "}"
}

// GoString is like String, in Go syntax, for %#v.
func (t TokenData) GoString() string {
	return "authorizers.TokenData{AccessToken:" + quotedRedacted(t.AccessToken) +
		", RefreshToken:" + quotedRedacted(t.RefreshToken) +
		", ExpiresAt:" + strconv.Quote(t.ExpiresAt.Format(time.RFC3339)) +
		", Scope:" + strconv.Quote(t.Scope) +
		", ResourceServer:" + strconv.Quote(t.ResourceServer) +
		", TokenType:" + strconv.Quote(t.TokenType) + "}"
}

// Format makes every verb, %+v included, print the redacted form.
func (t TokenData) Format(f fmt.State, verb rune) { redact.Format(f, verb, t) }

// LogValue implements [slog.LogValuer] with both tokens redacted.
func (t TokenData) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("access_token", redact.OrEmpty(t.AccessToken)),
		slog.String("refresh_token", redact.OrEmpty(t.RefreshToken)),
		slog.Time("expires_at", t.ExpiresAt),
		slog.String("scope", t.Scope),
		slog.String("resource_server", t.ResourceServer),
		slog.String("token_type", t.TokenType),
	)
}
