package auth

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/globus-go/globus/gen/authapi"
)

// DefaultIDTokenLeeway is the clock skew an [IDTokenVerifier] tolerates
// when checking exp, iat and nbf.
const DefaultIDTokenLeeway = 30 * time.Second

// Kinds of id_token failure, for errors.Is on an *IDTokenError.
var (
	// ErrIDTokenMissing: the token answer carries no id_token.
	ErrIDTokenMissing = errors.New("no id_token")
	// ErrIDTokenMalformed: the id_token is not a well-formed JWT, or lacks
	// a required claim.
	ErrIDTokenMalformed = errors.New("id_token is malformed")
	// ErrIDTokenUnknownKey: no published key matches the id_token's key id.
	ErrIDTokenUnknownKey = errors.New("id_token is signed with an unknown key")
	// ErrIDTokenSignature: the signature does not verify, or uses an
	// algorithm Globus Auth does not sign with.
	ErrIDTokenSignature = errors.New("id_token signature is invalid")
	// ErrIDTokenAudience: the id_token was issued to another client.
	ErrIDTokenAudience = errors.New("id_token audience is not this client")
	// ErrIDTokenIssuer: the id_token was issued by someone else.
	ErrIDTokenIssuer = errors.New("id_token issuer is wrong")
	// ErrIDTokenExpired: the id_token has expired.
	ErrIDTokenExpired = errors.New("id_token has expired")
	// ErrIDTokenNotYetValid: the id_token's nbf or iat is in the future.
	ErrIDTokenNotYetValid = errors.New("id_token is not valid yet")
)

// IDTokenError reports an id_token that failed verification. errors.Is
// matches it against each ErrIDToken… kind that applies; Kind is the most
// important one. It never contains the token.
type IDTokenError struct {
	// Kind is one of the ErrIDToken… values.
	Kind error
	// Err is the underlying error, when there is one.
	Err error

	kinds []error
}

// Error describes the problem.
func (e *IDTokenError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("auth: %v: %v", e.Kind, e.Err)
	}
	return fmt.Sprintf("auth: %v", e.Kind)
}

// Unwrap returns the underlying error.
func (e *IDTokenError) Unwrap() error { return e.Err }

// Is reports whether target is Kind or one of the other kinds that apply.
func (e *IDTokenError) Is(target error) bool {
	return target == e.Kind || slices.Contains(e.kinds, target)
}

// IDToken is a verified id_token.
type IDToken struct {
	// Claims are the claims this SDK knows by name.
	Claims authapi.IDTokenClaims
	// Raw holds every claim, including ones Claims does not name. Numbers
	// are json.Number.
	Raw map[string]any
	// KeyID is the kid of the key that signed the token.
	KeyID string
	// Algorithm is the signing algorithm, such as RS512.
	Algorithm string
}

// Subject returns the sub claim: the id of the identity that logged in.
func (t *IDToken) Subject() string { return t.Claims.Sub }

// IDTokenVerifier checks id_tokens issued to one client: the signature
// against the key set of Globus Auth, the algorithm against those the
// OpenID configuration lists, iss against its issuer, aud against the
// client ID, and exp, iat and nbf against the clock. It is safe for
// concurrent use.
type IDTokenVerifier struct {
	// Leeway is the clock skew tolerated. Default: [DefaultIDTokenLeeway].
	Leeway time.Duration

	clientID string
	issuer   string
	algs     []string
	keys     map[string]*rsa.PublicKey
	now      func() time.Time
}

// rsaAlgs are the JWS algorithms an RSA key can verify.
var rsaAlgs = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}

// NewIDTokenVerifier builds a verifier for id_tokens issued to clientID
// from an OpenID configuration and a key set, as fetched by
// [NativeAppClient.IDTokenVerifier]. The configuration must name the issuer;
// the key set must hold at least one RSA signing key.
func NewIDTokenVerifier(clientID string, cfg *authapi.OpenIDConfiguration, keys *authapi.JWKSet) (*IDTokenVerifier, error) {
	const op = "NewIDTokenVerifier"
	if clientID == "" {
		return nil, &UsageError{Op: op, Problem: "client ID is empty"}
	}
	if cfg == nil || cfg.Issuer == "" {
		return nil, &UsageError{Op: op, Problem: "the OpenID configuration names no issuer"}
	}
	v := &IDTokenVerifier{Leeway: DefaultIDTokenLeeway, clientID: clientID, issuer: cfg.Issuer,
		keys: map[string]*rsa.PublicKey{}, now: time.Now}
	if cfg.IDTokenSigningAlgValuesSupported != nil {
		for _, a := range cfg.IDTokenSigningAlgValuesSupported {
			if slices.Contains(rsaAlgs, a) {
				v.algs = append(v.algs, a)
			}
		}
	} else {
		v.algs = []string{"RS512"}
	}
	if len(v.algs) == 0 {
		return nil, &UsageError{Op: op, Problem: "the OpenID configuration lists no RSA signing algorithm"}
	}
	if keys != nil {
		for _, k := range keys.Keys {
			if k.Kty != "RSA" || (k.Use != "" && k.Use != "sig") {
				continue
			}
			pub, err := rsaKey(k)
			if err != nil {
				return nil, &UsageError{Op: op, Problem: fmt.Sprintf("key %q: %v", k.Kid, err)}
			}
			v.keys[k.Kid] = pub
		}
	}
	if len(v.keys) == 0 {
		return nil, &UsageError{Op: op, Problem: "the key set holds no RSA signing key"}
	}
	return v, nil
}

func rsaKey(k authapi.JWK) (*rsa.PublicKey, error) {
	if k.N == "" || k.E == "" {
		return nil, errors.New("n or e is missing")
	}
	n, err := base64.RawURLEncoding.DecodeString(k.N)
	if err != nil {
		return nil, fmt.Errorf("n: %w", err)
	}
	e, err := base64.RawURLEncoding.DecodeString(k.E)
	if err != nil {
		return nil, fmt.Errorf("e: %w", err)
	}
	if len(n) < 256 {
		return nil, fmt.Errorf("the modulus has %d bits; at least 2048 are needed", len(n)*8)
	}
	if len(e) == 0 || len(e) > 4 {
		return nil, errors.New("the exponent is out of range")
	}
	exp := new(big.Int).SetBytes(e)
	if !exp.IsInt64() || exp.Int64() < 3 || exp.Int64() > 1<<31-1 {
		return nil, errors.New("the exponent is out of range")
	}
	return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(exp.Int64())}, nil
}

// ClientID returns the audience the verifier requires.
func (v *IDTokenVerifier) ClientID() string { return v.clientID }

// Issuer returns the issuer the verifier requires.
func (v *IDTokenVerifier) Issuer() string { return v.issuer }

// Verify checks idToken and returns its claims. Any failure is an
// *IDTokenError; use errors.Is with the ErrIDToken… values to tell them
// apart.
func (v *IDTokenVerifier) Verify(idToken string) (*IDToken, error) {
	if idToken == "" {
		return nil, &IDTokenError{Kind: ErrIDTokenMissing}
	}
	now := v.now
	if now == nil {
		now = time.Now
	}
	var kid string
	parser := jwt.NewParser(
		jwt.WithValidMethods(v.algs),
		jwt.WithAudience(v.clientID),
		jwt.WithIssuer(v.issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(v.Leeway),
		jwt.WithTimeFunc(now),
		jwt.WithJSONNumber(),
	)
	claims := jwt.MapClaims{}
	tok, err := parser.ParseWithClaims(idToken, claims, func(t *jwt.Token) (any, error) {
		kid, _ = t.Header["kid"].(string)
		if k, ok := v.keys[kid]; ok {
			return k, nil
		}
		if kid == "" && len(v.keys) == 1 {
			for _, k := range v.keys {
				return k, nil
			}
		}
		return nil, fmt.Errorf("no key with id %q", kid)
	})
	if err != nil {
		return nil, classifyJWTError(err)
	}
	out := &IDToken{Raw: claims, KeyID: kid, Algorithm: tok.Method.Alg()}
	b, err := json.Marshal(claims)
	if err == nil {
		err = json.Unmarshal(b, &out.Claims)
	}
	if err != nil {
		return nil, &IDTokenError{Kind: ErrIDTokenMalformed, Err: err}
	}
	return out, nil
}

// classifyJWTError turns a golang-jwt error into an *IDTokenError whose
// kinds name every check that failed, the most important first.
func classifyJWTError(err error) *IDTokenError {
	order := []struct{ jwtErr, kind error }{
		{jwt.ErrTokenMalformed, ErrIDTokenMalformed},
		{jwt.ErrTokenUnverifiable, ErrIDTokenUnknownKey},
		{jwt.ErrTokenSignatureInvalid, ErrIDTokenSignature},
		{jwt.ErrTokenInvalidIssuer, ErrIDTokenIssuer},
		{jwt.ErrTokenInvalidAudience, ErrIDTokenAudience},
		{jwt.ErrTokenExpired, ErrIDTokenExpired},
		{jwt.ErrTokenNotValidYet, ErrIDTokenNotYetValid},
		{jwt.ErrTokenUsedBeforeIssued, ErrIDTokenNotYetValid},
		{jwt.ErrTokenRequiredClaimMissing, ErrIDTokenMalformed},
	}
	e := &IDTokenError{Err: err}
	for _, o := range order {
		if errors.Is(err, o.jwtErr) && !slices.Contains(e.kinds, o.kind) {
			e.kinds = append(e.kinds, o.kind)
		}
	}
	if len(e.kinds) == 0 {
		e.kinds = []error{ErrIDTokenMalformed}
	}
	e.Kind = e.kinds[0]
	return e
}
