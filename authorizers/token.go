package authorizers

import (
	"time"

	"github.com/globus-go/globus"
)

// TokenData is one token as the token endpoint issued it, in the form that
// authorizers use and programs store.
//
// The tokens are [globus.Secret]s: printed with any fmt verb, logged with
// log/slog or encoded with encoding/json, they show [globus.Redacted]. Call
// Reveal where the value is needed, as token storage does.
type TokenData struct {
	// AccessToken is the bearer token sent to the resource server.
	AccessToken globus.Secret
	// RefreshToken is the refresh token now in use: the rotated one when the
	// response carried a new one, the previous one when it carried none. It
	// is empty for grants without refresh tokens, such as client credentials.
	RefreshToken globus.Secret
	// ExpiresAt is when the access token stops working. It is computed
	// conservatively, from the moment the request was sent, and carries no
	// monotonic clock reading, so that it compares by wall-clock time.
	ExpiresAt time.Time
	// Scope is the space-separated list of scopes the token carries.
	Scope string
	// ResourceServer names the service that accepts the token, such as
	// transfer.api.globus.org.
	ResourceServer string
	// TokenType is the token's type, normally "Bearer".
	TokenType string
	// IdentityID is the Globus Auth identity the token acts for: the sub of
	// the id_token that came with it, when there was one. It is empty for
	// client-credentials tokens and for answers without an id_token.
	IdentityID string
}
