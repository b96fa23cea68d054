package fakeglobus

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/globus-go/globus/gen/server/authserver"
	"github.com/golang-jwt/jwt/v5"
)

// Issuer is the iss claim of the fake's id_tokens and introspections, and
// the issuer of its OpenID configuration, as Globus Auth has it.
const Issuer = "https://auth.globus.org"

// signingKey is one RSA key of the JWKS.
type signingKey struct {
	kid string
	key *rsa.PrivateKey
}

// firstKey is the key every Server starts with: RSA generation is slow, so
// the Servers of one process share it until one rotates.
var firstKey = sync.OnceValues(func() (*signingKey, error) { return newSigningKey() })

func newSigningKey() (*signingKey, error) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("fakeglobus: generating a signing key: %w", err)
	}
	sum := sha256.Sum256(k.N.Bytes())
	return &signingKey{kid: base64.RawURLEncoding.EncodeToString(sum[:12]), key: k}, nil
}

// currentKey returns the key new id_tokens are signed with. s.mu must be
// held.
func (s *Server) currentKey() (*signingKey, error) {
	if len(s.keys) == 0 {
		k, err := firstKey()
		if err != nil {
			return nil, err
		}
		s.keys = append(s.keys, k)
	}
	return s.keys[len(s.keys)-1], nil
}

// RotateSigningKey makes a new RSA key sign the id_tokens issued from now
// on. The JWKS then lists the new key and the one before it, so that
// tokens signed a moment ago still verify; older keys are dropped. It
// returns the new key id (the kid of the JWT header).
func (s *Server) RotateSigningKey() (string, error) {
	k, err := newSigningKey()
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.currentKey(); err != nil {
		return "", err
	}
	s.keys = append(s.keys, k)
	if len(s.keys) > 2 {
		s.keys = s.keys[len(s.keys)-2:]
	}
	return k.kid, nil
}

// SigningKeyID returns the kid of the key that signs id_tokens now.
func (s *Server) SigningKeyID() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, err := s.currentKey()
	if err != nil {
		return "", err
	}
	return k.kid, nil
}

func b64int(n *big.Int) string { return base64.RawURLEncoding.EncodeToString(n.Bytes()) }

// GetJwk answers GET /jwk.json: the keys that verify id_tokens, the
// newest first.
func (o authOps) GetJwk(ctx context.Context, _ authserver.GetJwkRequestObject) (authserver.GetJwkResponseObject, error) {
	s := o.s
	if _, err := s.currentKey(); err != nil {
		// /jwk.json is outside /v2/api/, where a refusal would be an OAuth2
		// error; Auth answers this one with its errors document.
		return authserver.GetJwkdefaultJSONResponse{
			StatusCode: http.StatusInternalServerError,
			Body:       authAPIErrorDocument(request(ctx), http.StatusInternalServerError, "INTERNAL_ERROR", err.Error()),
		}, nil
	}
	keys := make([]authserver.JWK, 0, len(s.keys))
	for _, k := range slices.Backward(s.keys) {
		keys = append(keys, authserver.JWK{
			Kty: "RSA",
			Alg: ptr("RS256"),
			Use: ptr("sig"),
			Kid: ptr(k.kid),
			N:   ptr(b64int(k.key.N)),
			E:   ptr(b64int(big.NewInt(int64(k.key.E)))),
		})
	}
	return authserver.GetJwk200JSONResponse{Keys: keys}, nil
}

// baseURL is the scheme and host the request reached the fake at.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// GetOpenidConfiguration answers GET /.well-known/openid-configuration.
// Its endpoints are at the address the request reached the fake at.
func (o authOps) GetOpenidConfiguration(ctx context.Context, _ authserver.GetOpenidConfigurationRequestObject) (authserver.GetOpenidConfigurationResponseObject, error) {
	base := baseURL(request(ctx))
	return authserver.GetOpenidConfiguration200JSONResponse{
		Issuer:                            ptr(Issuer),
		AuthorizationEndpoint:             ptr(base + AuthorizePath),
		TokenEndpoint:                     ptr(base + "/v2/oauth2/token"),
		UserinfoEndpoint:                  ptr(base + "/v2/oauth2/userinfo"),
		RevocationEndpoint:                ptr(base + "/v2/oauth2/token/revoke"),
		IntrospectionEndpoint:             ptr(base + "/v2/oauth2/token/introspect"),
		EndSessionEndpoint:                ptr(base + "/v2/web/logout"),
		JwksURI:                           ptr(base + "/jwk.json"),
		ResponseTypesSupported:            &[]string{"code"},
		ResponseModesSupported:            &[]string{"query"},
		GrantTypesSupported:               &[]string{"authorization_code", "client_credentials", "refresh_token", "urn:globus:auth:grant_type:dependent_token"},
		SubjectTypesSupported:             &[]string{"public"},
		IDTokenSigningAlgValuesSupported:  &[]string{"RS256"},
		ScopesSupported:                   &[]string{"openid", "email", "profile"},
		TokenEndpointAuthMethodsSupported: &[]string{"client_secret_basic"},
		ClaimsSupported:                   &[]string{"sub", "iss", "aud", "exp", "iat", "at_hash", "nonce", "preferred_username", "name", "email", "organization", "identity_provider", "identity_provider_display_name", "identity_set", "last_authentication"},
		CodeChallengeMethodsSupported:     &[]string{"S256"},
		ClaimsParameterSupported:          ptr(false),
		RequestParameterSupported:         ptr(false),
		RequestURIParameterSupported:      ptr(false),
	}, nil
}

// idToken signs an OpenID Connect id_token for at: the userinfo claims
// of its scopes, and the JWT claims. s.mu must be held.
func (s *Server) idToken(at *accessToken, nonce string) (string, error) {
	k, err := s.currentKey()
	if err != nil {
		return "", err
	}
	// An id_token names a single audience, the client.
	var aud authserver.Audience
	if err := aud.FromAudienceName(at.client); err != nil {
		return "", err
	}
	ui := s.userInfo(at.sub, at.scopes, at.issued)
	sum := sha256.Sum256([]byte(at.value))
	claims := authserver.IDTokenClaims{
		Sub:                         &ui.Sub,
		PreferredUsername:           ui.PreferredUsername,
		Name:                        ui.Name,
		Organization:                ui.Organization,
		IdentityProvider:            ui.IdentityProvider,
		IdentityProviderDisplayName: ui.IdentityProviderDisplayName,
		LastAuthentication:          ui.LastAuthentication,
		Email:                       ui.Email,
		IdentitySet:                 ui.IdentitySet,
		Iss:                         ptr(Issuer),
		Aud:                         &aud,
		Iat:                         ptr(at.issued.Unix()),
		Exp:                         ptr(at.issued.Add(min(s.opts.TokenLifetime, 48*time.Hour)).Unix()),
		AtHash:                      ptr(base64.RawURLEncoding.EncodeToString(sum[:16])),
	}
	if nonce != "" {
		claims.Nonce = &nonce
	}
	mc, err := jwtClaims(claims)
	if err != nil {
		return "", err
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, mc)
	tok.Header["kid"] = k.kid
	return tok.SignedString(k.key)
}

// jwtClaims turns typed claims into the map that jwt signs, through their
// JSON; numbers stay json.Numbers, so that they are signed as written.
func jwtClaims(claims authserver.IDTokenClaims) (jwt.MapClaims, error) {
	b, err := json.Marshal(claims)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m jwt.MapClaims
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	return m, nil
}
