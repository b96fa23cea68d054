package fakeglobus

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math/big"
	"net/http"
	"sync"
	"time"

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

func (s *Server) handleJWKS(w http.ResponseWriter, r *http.Request) {
	if _, err := s.currentKey(); err != nil {
		authAPIError(w, r, http.StatusInternalServerError, "INTERNAL_ERROR", err.Error())
		return
	}
	keys := []any{}
	for i := len(s.keys) - 1; i >= 0; i-- {
		k := s.keys[i]
		keys = append(keys, map[string]any{
			"kty": "RSA",
			"alg": "RS256",
			"use": "sig",
			"kid": k.kid,
			"n":   b64int(k.key.N),
			"e":   b64int(big.NewInt(int64(k.key.E))),
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{"keys": keys})
}

// baseURL is the scheme and host the request reached the fake at.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) handleOpenIDConfig(w http.ResponseWriter, r *http.Request) {
	base := baseURL(r)
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                Issuer,
		"authorization_endpoint":                base + AuthorizePath,
		"token_endpoint":                        base + "/v2/oauth2/token",
		"userinfo_endpoint":                     base + "/v2/oauth2/userinfo",
		"revocation_endpoint":                   base + "/v2/oauth2/token/revoke",
		"introspection_endpoint":                base + "/v2/oauth2/token/introspect",
		"end_session_endpoint":                  base + "/v2/web/logout",
		"jwks_uri":                              base + "/jwk.json",
		"response_types_supported":              []string{"code"},
		"response_modes_supported":              []string{"query"},
		"grant_types_supported":                 []string{"authorization_code", "client_credentials", "refresh_token", "urn:globus:auth:grant_type:dependent_token"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"scopes_supported":                      []string{"openid", "email", "profile"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic"},
		"claims_supported":                      []string{"sub", "iss", "aud", "exp", "iat", "at_hash", "nonce", "preferred_username", "name", "email", "organization", "identity_provider", "identity_provider_display_name", "identity_set", "last_authentication"},
		"code_challenge_methods_supported":      []string{"S256"},
		"claims_parameter_supported":            false,
		"request_parameter_supported":           false,
		"request_uri_parameter_supported":       false,
	})
}

// idToken signs an OpenID Connect id_token for at. s.mu must be held.
func (s *Server) idToken(at *accessToken, nonce string) (string, error) {
	k, err := s.currentKey()
	if err != nil {
		return "", err
	}
	claims := jwt.MapClaims(s.userClaims(at.sub, at.scopes, at.issued))
	sum := sha256.Sum256([]byte(at.value))
	claims["iss"] = Issuer
	claims["aud"] = at.client
	claims["iat"] = at.issued.Unix()
	claims["exp"] = at.issued.Add(min(s.opts.TokenLifetime, 48*time.Hour)).Unix()
	claims["at_hash"] = base64.RawURLEncoding.EncodeToString(sum[:16])
	if nonce != "" {
		claims["nonce"] = nonce
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = k.kid
	return tok.SignedString(k.key)
}
