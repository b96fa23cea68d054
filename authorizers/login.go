package authorizers

import "context"

// LoginClient is what a [RefreshTokenAuthorizer] needs from a Globus Auth
// login client: the refresh_token grant. Both *auth.NativeAppClient and
// *auth.ConfidentialAppClient satisfy it.
type LoginClient interface {
	// RefreshTokens sends grant_type=refresh_token with refreshToken and
	// returns the token of the refresh token's resource server. Its
	// RefreshToken is the rotated refresh token when the answer carried a
	// new one, and empty when it carried none. Its ExpiresAt is computed
	// from the moment the request was sent, so it is never late.
	RefreshTokens(ctx context.Context, refreshToken string) (TokenData, error)
}

// ConfidentialClient is what a [ClientCredentialsAuthorizer] needs: a
// client that can authenticate itself, and so use the client_credentials
// grant. *auth.ConfidentialAppClient satisfies it.
type ConfidentialClient interface {
	LoginClient
	// ClientCredentialsTokens sends grant_type=client_credentials with
	// scope set to scopes joined by single spaces, and returns one token
	// per resource server in the answer, the top-level one first.
	ClientCredentialsTokens(ctx context.Context, scopes []string) ([]TokenData, error)
}
