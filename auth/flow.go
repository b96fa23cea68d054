package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/authapi"
)

// PKCE verifier length limits (RFC 7636, section 4.1).
const (
	MinVerifierLength = 43
	MaxVerifierLength = 128
)

// generatedVerifierBytes is how many random bytes make a generated
// verifier: 48 bytes are 64 base64url characters, 384 bits of entropy.
const generatedVerifierBytes = 48

// CodeChallengeMethod is the only PKCE challenge method this package uses.
const CodeChallengeMethod = "S256"

// DefaultState is the state sent with an authorization request when
// [AuthorizeParams.State] is empty. Web apps should set their own
// unpredictable state and check it when the user comes back.
const DefaultState = "_default"

// PKCE is a proof key for one authorization-code login (RFC 7636): a secret
// verifier, kept by the app, and its S256 challenge, sent in the authorize
// URL. The verifier is sent with the code, proving that whoever redeems the
// code also started the login.
//
// A PKCE never prints its verifier: String, GoString, Format and LogValue
// redact it.
type PKCE struct {
	verifier  string
	challenge string
}

// NewPKCE makes a PKCE with a fresh 64-character verifier from crypto/rand.
func NewPKCE() (*PKCE, error) {
	b := make([]byte, generatedVerifierBytes)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("auth: generating a PKCE verifier: %w", err)
	}
	return newPKCE(base64.RawURLEncoding.EncodeToString(b)), nil
}

// PKCEFromVerifier rebuilds a PKCE from a verifier kept by an earlier
// process, for example by a web app that stored it in the user's session.
// The verifier must be 43 to 128 characters from A-Z, a-z, 0-9 and "-._~";
// anything else gives an *InvalidVerifierError.
func PKCEFromVerifier(verifier string) (*PKCE, error) {
	if err := checkVerifier(verifier); err != nil {
		return nil, err
	}
	return newPKCE(verifier), nil
}

func newPKCE(verifier string) *PKCE {
	sum := sha256.Sum256([]byte(verifier))
	return &PKCE{verifier: verifier, challenge: base64.RawURLEncoding.EncodeToString(sum[:])}
}

// InvalidVerifierError reports a PKCE verifier that RFC 7636 does not
// allow. It never contains the verifier itself.
type InvalidVerifierError struct {
	// Length is the verifier's length in bytes.
	Length int
	// Reason says what is wrong.
	Reason string
}

// Error describes the problem.
func (e *InvalidVerifierError) Error() string {
	return fmt.Sprintf("auth: invalid PKCE verifier (%d bytes): %s", e.Length, e.Reason)
}

func checkVerifier(v string) error {
	if len(v) < MinVerifierLength || len(v) > MaxVerifierLength {
		return &InvalidVerifierError{Length: len(v), Reason: fmt.Sprintf("length must be %d to %d", MinVerifierLength, MaxVerifierLength)}
	}
	for i := 0; i < len(v); i++ {
		if !isUnreserved(v[i]) {
			return &InvalidVerifierError{Length: len(v), Reason: fmt.Sprintf("byte %d is not one of A-Z a-z 0-9 - . _ ~", i)}
		}
	}
	return nil
}

func isUnreserved(c byte) bool {
	switch {
	case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		return true
	}
	return c == '-' || c == '.' || c == '_' || c == '~'
}

// Verifier returns the secret verifier. Keep it where only the app can read
// it; never log it.
func (p *PKCE) Verifier() string { return p.verifier }

// Challenge returns the S256 challenge: the unpadded base64url encoding of
// the SHA-256 of the verifier. It is not secret.
func (p *PKCE) Challenge() string { return p.challenge }

// Format prints the challenge and method for every verb; the verifier is
// never shown.
func (p PKCE) Format(f fmt.State, _ rune) {
	fmt.Fprintf(f, "auth.PKCE{verifier: %s, challenge: %q, method: %s}", redacted, p.challenge, CodeChallengeMethod)
}

// AuthorizeParams describes one authorization-code login: what to ask the
// user for and where to send them back. Only Scopes is required (and
// RedirectURI for confidential apps).
type AuthorizeParams struct {
	// Scopes are the scopes asked for, such as "openid" or
	// "urn:globus:auth:scope:transfer.api.globus.org:all". At least one.
	Scopes []string
	// RedirectURI is where Globus Auth sends the user with the code. For
	// native apps it defaults to the base URL plus /v2/web/auth-code
	// ([DefaultRedirectURI] on the production service), a page that shows
	// the code for the user to paste back. Confidential apps must set it.
	RedirectURI string
	// State is returned unchanged with the code. Default: [DefaultState].
	State string
	// RefreshTokens asks for refresh tokens too (access_type=offline).
	RefreshTokens bool
	// PrefillNamedGrant suggests a label for the consent, shown for the user
	// to edit, so that several logins of one app can be told apart.
	PrefillNamedGrant string
	// SessionRequiredIdentities are identity ids that must be logged in.
	SessionRequiredIdentities []string
	// SessionRequiredSingleDomain lists domains; one identity from one of
	// them must be logged in.
	SessionRequiredSingleDomain []string
	// SessionRequiredPolicies are authentication policy ids the session
	// must satisfy.
	SessionRequiredPolicies []string
	// SessionRequiredMFA demands a multi-factor login.
	SessionRequiredMFA bool
	// SessionMessage is shown to the user on the login page.
	SessionMessage string
	// Prompt "login" makes the user log in again even with a valid session.
	Prompt string
	// PKCE is the proof key to use. Native apps always use one: when nil, a
	// fresh one is generated. Confidential apps use one only when it is set.
	PKCE *PKCE
	// Extra holds further query parameters for the authorize URL; they
	// replace the ones above when the names collide.
	Extra url.Values
}

// DefaultRedirectURI is the page of the production Globus Auth that shows
// the authorization code to the user; native apps use it unless told
// otherwise.
const DefaultRedirectURI = DefaultBaseURL + "/v2/web/auth-code"

// ApplyAuthorizationParameters adds to p the session requirements and
// scopes that an error asked for ([globus.APIError].AuthorizationParameters),
// so that the next login satisfies them. What p already holds is kept; a nil
// ap changes nothing.
func (p *AuthorizeParams) ApplyAuthorizationParameters(ap *globus.AuthorizationParameters) {
	if ap == nil {
		return
	}
	p.SessionRequiredIdentities = appendNew(p.SessionRequiredIdentities, ap.SessionRequiredIdentities...)
	p.SessionRequiredSingleDomain = appendNew(p.SessionRequiredSingleDomain, ap.SessionRequiredSingleDomain...)
	p.SessionRequiredPolicies = appendNew(p.SessionRequiredPolicies, ap.SessionRequiredPolicies...)
	p.Scopes = appendNew(p.Scopes, ap.RequiredScopes...)
	if ap.SessionRequiredMFA {
		p.SessionRequiredMFA = true
	}
	if p.SessionMessage == "" {
		p.SessionMessage = ap.SessionMessage
	}
	if p.Prompt == "" {
		p.Prompt = ap.Prompt
	}
}

func appendNew(dst []string, add ...string) []string {
	for _, a := range add {
		found := false
		for _, d := range dst {
			if d == a {
				found = true
				break
			}
		}
		if !found {
			dst = append(dst, a)
		}
	}
	return dst
}

// UsageError reports a call that cannot work as made, found before any
// request is sent. It is [globus.UsageError], the one usage error of the
// SDK, under the name this package has always used.
type UsageError = globus.UsageError

// checkScopes checks that each element of scopes is exactly one scope and
// joins them with spaces. A scope may carry dependent scopes in brackets,
// separated by spaces ("a[*b *c]"); whitespace anywhere else, an empty
// scope, or unbalanced brackets give a *UsageError wrapping a
// *ScopeSyntaxError.
func checkScopes(op string, scopes []string) (string, error) {
	if len(scopes) == 0 {
		return "", &UsageError{Op: op, Problem: "at least one scope is needed"}
	}
	for _, s := range scopes {
		parts, err := SplitScopes(s)
		if err == nil && (len(parts) != 1 || parts[0] != s) {
			err = &ScopeSyntaxError{Scope: s, Problem: "not exactly one scope: empty, or whitespace outside brackets"}
		}
		if err != nil {
			return "", &UsageError{Op: op, Problem: err.Error(), Err: err}
		}
	}
	return strings.Join(scopes, " "), nil
}

// AuthorizationCodeFlow is one login in progress: it builds the URL to send
// the user to, then trades the code they bring back for tokens. Make one
// with [NativeAppClient.StartFlow] or [ConfidentialAppClient.StartFlow]. It
// is safe for concurrent use; it never prints its PKCE verifier.
type AuthorizationCodeFlow struct {
	lc          *loginClient
	p           AuthorizeParams
	scope       string
	redirectURI string
	state       string
}

func (c *loginClient) startFlow(op string, p AuthorizeParams) (*AuthorizationCodeFlow, error) {
	scope, err := checkScopes(op, p.Scopes)
	if err != nil {
		return nil, err
	}
	// Copy the slices so that later changes by the caller do not leak in.
	p.Scopes = append([]string(nil), p.Scopes...)
	p.SessionRequiredIdentities = append([]string(nil), p.SessionRequiredIdentities...)
	p.SessionRequiredSingleDomain = append([]string(nil), p.SessionRequiredSingleDomain...)
	p.SessionRequiredPolicies = append([]string(nil), p.SessionRequiredPolicies...)
	if p.Extra != nil {
		extra := url.Values{}
		for k, vs := range p.Extra {
			extra[k] = append([]string(nil), vs...)
		}
		p.Extra = extra
	}
	f := &AuthorizationCodeFlow{lc: c, p: p, scope: scope, redirectURI: p.RedirectURI, state: p.State}
	if f.redirectURI == "" {
		if !c.public {
			return nil, &UsageError{Op: op, Problem: "a confidential app must give RedirectURI"}
		}
		f.redirectURI = strings.TrimSuffix(c.cfg.BaseURL, "/") + "/v2/web/auth-code"
	}
	if u, err := url.Parse(f.redirectURI); err != nil || !u.IsAbs() {
		return nil, &UsageError{Op: op, Problem: fmt.Sprintf("RedirectURI %q is not an absolute URL", f.redirectURI)}
	}
	if f.state == "" {
		f.state = DefaultState
	}
	if c.public && f.p.PKCE == nil {
		pk, err := NewPKCE()
		if err != nil {
			return nil, err
		}
		f.p.PKCE = pk
	}
	return f, nil
}

// AuthorizeURL returns the address to send the user to. It is the same on
// every call.
func (f *AuthorizationCodeFlow) AuthorizeURL() string {
	q := url.Values{}
	q.Set("client_id", f.lc.clientID)
	q.Set("redirect_uri", f.redirectURI)
	q.Set("scope", f.scope)
	q.Set("state", f.state)
	q.Set("response_type", "code")
	if f.p.PKCE != nil {
		q.Set("code_challenge", f.p.PKCE.Challenge())
		q.Set("code_challenge_method", CodeChallengeMethod)
	}
	if f.p.RefreshTokens {
		q.Set("access_type", "offline")
	} else {
		q.Set("access_type", "online")
	}
	setJoined := func(k string, vs []string) {
		if len(vs) > 0 {
			q.Set(k, strings.Join(vs, ","))
		}
	}
	if f.p.PrefillNamedGrant != "" {
		q.Set("prefill_named_grant", f.p.PrefillNamedGrant)
	}
	setJoined("session_required_identities", f.p.SessionRequiredIdentities)
	setJoined("session_required_single_domain", f.p.SessionRequiredSingleDomain)
	setJoined("session_required_policies", f.p.SessionRequiredPolicies)
	if f.p.SessionRequiredMFA {
		q.Set("session_required_mfa", strconv.FormatBool(true))
	}
	if f.p.SessionMessage != "" {
		q.Set("session_message", f.p.SessionMessage)
	}
	if f.p.Prompt != "" {
		q.Set("prompt", f.p.Prompt)
	}
	for k, vs := range f.p.Extra {
		q[k] = append([]string(nil), vs...)
	}
	return strings.TrimSuffix(f.lc.cfg.BaseURL, "/") + "/v2/oauth2/authorize?" + q.Encode()
}

// RedirectURI returns the redirect URI the flow uses.
func (f *AuthorizationCodeFlow) RedirectURI() string { return f.redirectURI }

// State returns the state sent with the authorization request. A web app
// compares it with the state that comes back with the code.
func (f *AuthorizationCodeFlow) State() string { return f.state }

// PKCE returns the flow's proof key, or nil when it uses none. Keep its
// verifier to finish the login in another process (see
// [PKCEFromVerifier]).
func (f *AuthorizationCodeFlow) PKCE() *PKCE { return f.p.PKCE }

// ExchangeCode trades the authorization code the user brought back for
// tokens (the authorization_code grant), sending the PKCE verifier when the
// flow has one. An invalid or reused code gives a *globus.APIError with
// code invalid_grant.
func (f *AuthorizationCodeFlow) ExchangeCode(ctx context.Context, code string) (*OAuthTokenResponse, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		return nil, &UsageError{Op: "ExchangeCode", Problem: "the authorization code is empty"}
	}
	form := authapi.TokenRequest{
		GrantType:   authapi.GrantTypeAuthorizationCode,
		Code:        globus.Secret(code),
		RedirectURI: f.redirectURI,
	}
	if f.p.PKCE != nil {
		form.CodeVerifier = globus.Secret(f.p.PKCE.Verifier())
	}
	return f.lc.tokens(ctx, "ExchangeCode", form)
}

// Format prints the flow for every verb, its PKCE verifier redacted.
func (f AuthorizationCodeFlow) Format(s fmt.State, _ rune) {
	fmt.Fprintf(s, "auth.AuthorizationCodeFlow{client_id: %q, scope: %q, redirect_uri: %q, refresh_tokens: %t, pkce: %v}",
		f.lc.clientID, f.scope, f.redirectURI, f.p.RefreshTokens, f.p.PKCE)
}
