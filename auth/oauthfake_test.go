package auth_test

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/globus-go/globus/internal/testsupport"
)

// oauthServer plays the OAuth2 side of Globus Auth for one registered
// client: the login page (Authorize), the token endpoint with every grant,
// revocation and introspection. It checks what a real server checks
// (client authentication, single-use codes, redirect_uri, the PKCE verifier
// against the S256 challenge) and answers errors the way Globus Auth does.
type oauthServer struct {
	clientID string
	secret   string // "" for a native app, which authenticates with client_id in the form
	baseURL  string

	// idToken, when set, signs an id_token for logins that ask for openid.
	idToken func(clientID string) string

	mu        sync.Mutex
	n         int
	codes     map[string]*pendingCode
	refresh   map[string]string // refresh token -> scope
	access    map[string]string // access token -> scope
	revoked   map[string]bool
	forms     []url.Values // every token-endpoint form, in order
	lastGrant string
}

type pendingCode struct {
	challenge   string
	redirectURI string
	scope       string
	offline     bool
	used        bool
}

func newOAuthServer(clientID, secret string) *oauthServer {
	return &oauthServer{clientID: clientID, secret: secret, codes: map[string]*pendingCode{},
		refresh: map[string]string{}, access: map[string]string{}, revoked: map[string]bool{}}
}

// register adds the server's endpoints to mux; baseURL is where mux is
// served.
func (s *oauthServer) register(baseURL string, mux *http.ServeMux) {
	s.baseURL = baseURL
	mux.HandleFunc("POST /v2/oauth2/token", s.token)
	mux.HandleFunc("POST /v2/oauth2/token/revoke", s.revoke)
	mux.HandleFunc("POST /v2/oauth2/token/introspect", s.introspect)
}

// Authorize plays the browser and the login page: it checks the authorize
// URL a client built, and returns the code and state that the redirect
// would carry.
func (s *oauthServer) Authorize(raw string) (code, state string, err error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", err
	}
	if got := u.Scheme + "://" + u.Host; got != s.baseURL || u.Path != "/v2/oauth2/authorize" {
		return "", "", fmt.Errorf("authorize URL %s is not this server's authorize page", raw)
	}
	q := u.Query()
	if q.Get("client_id") != s.clientID {
		return "", "", fmt.Errorf("client_id %q is not registered", q.Get("client_id"))
	}
	if q.Get("response_type") != "code" {
		return "", "", fmt.Errorf("response_type %q", q.Get("response_type"))
	}
	if q.Get("scope") == "" || q.Get("redirect_uri") == "" {
		return "", "", fmt.Errorf("scope or redirect_uri missing")
	}
	pc := &pendingCode{redirectURI: q.Get("redirect_uri"), scope: q.Get("scope"), offline: q.Get("access_type") == "offline"}
	if ch := q.Get("code_challenge"); ch != "" {
		if q.Get("code_challenge_method") != "S256" {
			return "", "", fmt.Errorf("code_challenge_method %q", q.Get("code_challenge_method"))
		}
		pc.challenge = ch
	} else if s.secret == "" {
		return "", "", fmt.Errorf("a native app must send a PKCE challenge")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	code = fmt.Sprintf("code-%d", s.n)
	s.codes[code] = pc
	return code, q.Get("state"), nil
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	testsupport.WriteJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// authenticate checks the client's credentials and reports whether the
// request may go on; it has answered when it returns false.
func (s *oauthServer) authenticate(w http.ResponseWriter, r *http.Request) bool {
	user, pass, hasBasic := r.BasicAuth()
	if s.secret != "" {
		if !hasBasic || user != s.clientID || pass != s.secret {
			oauthError(w, http.StatusUnauthorized, "invalid_client", "bad client credentials")
			return false
		}
		if r.PostForm.Has("client_id") {
			oauthError(w, http.StatusBadRequest, "invalid_request", "client_id sent twice")
			return false
		}
		return true
	}
	if r.Header.Get("Authorization") != "" || r.PostForm.Get("client_id") != s.clientID {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "unknown public client")
		return false
	}
	return true
}

// resourceServer says which service a scope belongs to.
func resourceServer(scope string) string {
	switch {
	case scope == "openid" || scope == "profile" || scope == "email":
		return "auth.globus.org"
	case strings.HasPrefix(scope, "urn:globus:auth:scope:"):
		return strings.SplitN(strings.TrimPrefix(scope, "urn:globus:auth:scope:"), ":", 2)[0]
	case strings.HasPrefix(scope, "https://auth.globus.org/scopes/"):
		return strings.SplitN(strings.TrimPrefix(scope, "https://auth.globus.org/scopes/"), "/", 2)[0]
	}
	return "unknown"
}

// issue makes one token per resource server named by scope, the first
// resource server's first. s.mu is held.
func (s *oauthServer) issue(scope string, offline bool) []map[string]any {
	var order []string
	byRS := map[string][]string{}
	for _, sc := range topLevelScopes(scope) {
		// Like Globus Auth, the token lists a scope without the dependent
		// scopes asked for with it.
		sc, _, _ = strings.Cut(sc, "[")
		rs := resourceServer(sc)
		if _, ok := byRS[rs]; !ok {
			order = append(order, rs)
		}
		byRS[rs] = append(byRS[rs], sc)
	}
	var out []map[string]any
	for _, rs := range order {
		s.n++
		tok := map[string]any{
			"access_token":    fmt.Sprintf("at-%d-%s", s.n, rs),
			"expires_in":      172800,
			"resource_server": rs,
			"scope":           strings.Join(byRS[rs], " "),
			"token_type":      "Bearer",
		}
		s.access[tok["access_token"].(string)] = tok["scope"].(string)
		if offline {
			rt := fmt.Sprintf("rt-%d-%s", s.n, rs)
			tok["refresh_token"] = rt
			s.refresh[rt] = tok["scope"].(string)
		} else {
			tok["refresh_token"] = nil
		}
		out = append(out, tok)
	}
	return out
}

// topLevelScopes splits a scope string on the spaces outside brackets.
func topLevelScopes(scope string) []string {
	depth := 0
	return strings.FieldsFunc(scope, func(r rune) bool {
		switch r {
		case '[':
			depth++
		case ']':
			depth--
		}
		return r == ' ' && depth == 0
	})
}

// answer sends tokens as one token object with other_tokens.
func (s *oauthServer) answer(w http.ResponseWriter, toks []map[string]any, withIDToken bool) {
	top := toks[0]
	top["other_tokens"] = toks[1:]
	if withIDToken && s.idToken != nil {
		top["id_token"] = s.idToken(s.clientID)
	}
	testsupport.WriteJSON(w, http.StatusOK, top)
}

func (s *oauthServer) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forms = append(s.forms, r.PostForm)
	if !s.authenticate(w, r) {
		return
	}
	f := r.PostForm
	s.lastGrant = f.Get("grant_type")
	switch f.Get("grant_type") {
	case "authorization_code":
		pc, ok := s.codes[f.Get("code")]
		if !ok || pc.used {
			oauthError(w, http.StatusUnauthorized, "invalid_grant", "the code is unknown or already used")
			return
		}
		pc.used = true
		if f.Get("redirect_uri") != pc.redirectURI {
			oauthError(w, http.StatusUnauthorized, "invalid_grant", "redirect_uri differs from the authorize request")
			return
		}
		if pc.challenge != "" {
			sum := sha256.Sum256([]byte(f.Get("code_verifier")))
			if base64.RawURLEncoding.EncodeToString(sum[:]) != pc.challenge {
				oauthError(w, http.StatusUnauthorized, "invalid_grant", "the code_verifier does not match the challenge")
				return
			}
		} else if f.Has("code_verifier") {
			oauthError(w, http.StatusBadRequest, "invalid_request", "code_verifier without a challenge")
			return
		}
		s.answer(w, s.issue(pc.scope, pc.offline), slices.Contains(strings.Fields(pc.scope), "openid"))
	case "refresh_token":
		scope, ok := s.refresh[f.Get("refresh_token")]
		if !ok || s.revoked[f.Get("refresh_token")] {
			oauthError(w, http.StatusUnauthorized, "invalid_grant", "the refresh token is not valid")
			return
		}
		delete(s.refresh, f.Get("refresh_token")) // rotation: the old one is spent
		s.answer(w, s.issue(scope, true), false)
	case "client_credentials":
		if s.secret == "" {
			oauthError(w, http.StatusUnauthorized, "unauthorized_client", "public clients cannot use client credentials")
			return
		}
		s.answer(w, s.issue(f.Get("scope"), false), slices.Contains(strings.Fields(f.Get("scope")), "openid"))
	case "urn:globus:auth:grant_type:dependent_token":
		if s.secret == "" {
			oauthError(w, http.StatusUnauthorized, "unauthorized_client", "public clients cannot get dependent tokens")
			return
		}
		tok := f.Get("token")
		if tok == "no-consent" {
			testsupport.WriteJSON(w, http.StatusForbidden, `{"error":"dependent_consent_required","error_description":"The user must consent again.",`+
				`"errors":[{"code":"DEPENDENT_CONSENT_REQUIRED","id":"e-403","status":"403","title":"The user must consent again.",`+
				`"detail":"Unapproved scopes","unapproved_scopes":["urn:globus:auth:scope:transfer.api.globus.org:all"]}]}`)
			return
		}
		if _, ok := s.access[tok]; !ok && tok != "upstream-token" {
			oauthError(w, http.StatusUnauthorized, "invalid_grant", "the token is not valid")
			return
		}
		scope := f.Get("scope")
		if scope == "" {
			scope = "urn:globus:auth:scope:transfer.api.globus.org:all urn:globus:auth:scope:groups.api.globus.org:all"
		}
		testsupport.WriteJSON(w, http.StatusOK, s.issue(scope, f.Get("access_type") == "offline"))
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", f.Get("grant_type"))
	}
}

func (s *oauthServer) revoke(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authenticate(w, r) {
		return
	}
	s.revoked[r.PostForm.Get("token")] = true
	testsupport.WriteJSON(w, http.StatusOK, `{"active":false}`)
}

func (s *oauthServer) introspect(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.secret == "" {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "introspection needs client credentials")
		return
	}
	if !s.authenticate(w, r) {
		return
	}
	s.forms = append(s.forms, r.PostForm)
	tok := r.PostForm.Get("token")
	scope, ok := s.access[tok]
	if !ok || s.revoked[tok] {
		testsupport.WriteJSON(w, http.StatusOK, `{"active":false}`)
		return
	}
	ans := map[string]any{"active": true, "scope": scope, "client_id": s.clientID, "sub": idIdentity,
		"username": "ada@example.org", "aud": []string{s.clientID}, "iss": "https://auth.globus.org",
		"exp": 1900000000, "iat": 1800000000, "nbf": 1800000000, "token_type": "Bearer"}
	include := strings.Split(r.PostForm.Get("include"), ",")
	if slices.Contains(include, "identity_set") {
		ans["identity_set"] = []string{idIdentity}
	}
	if slices.Contains(include, "session_info") {
		ans["session_info"] = map[string]any{"session_id": "sess-1", "authentications": map[string]any{
			idIdentity: map[string]any{"acr": nil, "amr": []string{"mfa"}, "auth_time": 1800000000, "idp": idIdP}}}
	}
	testsupport.WriteJSON(w, http.StatusOK, ans)
}

// grantForms returns the token-endpoint forms received so far.
func (s *oauthServer) grantForms() []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.forms)
}
