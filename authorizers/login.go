package authorizers

import (
	"context"

	"github.com/globus-go/globus/gen/authapi"
)

// LoginClient is what a [RefreshTokenAuthorizer] needs from a Globus Auth
// login client: the refresh_token grant, answered through the generated
// token-endpoint client. Both *auth.NativeAppClient and
// *auth.ConfidentialAppClient satisfy it.
type LoginClient interface {
	// OAuth2RefreshToken sends grant_type=refresh_token with refreshToken
	// and returns the token endpoint's answer.
	OAuth2RefreshToken(ctx context.Context, refreshToken string) (*authapi.TokenResponse, error)
}

// ConfidentialClient is what a [ClientCredentialsAuthorizer] needs: a
// client that can authenticate itself, and so use the client_credentials
// grant. *auth.ConfidentialAppClient satisfies it.
type ConfidentialClient interface {
	LoginClient
	// OAuth2ClientCredentialsTokens sends grant_type=client_credentials with
	// scope set to scopes joined by single spaces.
	OAuth2ClientCredentialsTokens(ctx context.Context, scopes []string) (*authapi.TokenResponse, error)
}
