package fakeglobus

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Resource servers and scopes the fake knows by name. Any scope of the form
// urn:globus:auth:scope:<resource server>:<name> or
// https://auth.globus.org/scopes/<resource server>/<name> is accepted too.
const (
	// AuthResourceServer is the resource server of Globus Auth's own
	// scopes (openid, profile, email, view_identities).
	AuthResourceServer = "auth.globus.org"
	// TransferResourceServer is the resource server of Transfer.
	TransferResourceServer = "transfer.api.globus.org"
	// TransferScope is the scope a token needs to call Transfer.
	TransferScope = "urn:globus:auth:scope:transfer.api.globus.org:all"
)

// Errors returned by the Server's setup methods; test them with errors.Is.
var (
	// ErrExists means the thing to add is already there.
	ErrExists = errors.New("fakeglobus: already exists")
	// ErrNotFound means the named client, collection or path is missing.
	ErrNotFound = errors.New("fakeglobus: not found")
	// ErrInvalid means an argument is malformed or not allowed.
	ErrInvalid = errors.New("fakeglobus: invalid argument")
)

// Client is an OAuth2 client registered with the fake Auth.
type Client struct {
	// ID is the client id. Tokens that a client gets for itself (with
	// client_credentials) have this id as their identity, as in Globus.
	ID string
	// Secret makes the client confidential: it then authenticates with
	// HTTP Basic. An empty Secret makes it a native app (a public client)
	// that sends client_id in the form and must use PKCE.
	Secret string
	// Scopes lists the scopes the client may ask for. Empty means any
	// scope of a known form. Dependent scopes in brackets are ignored
	// when comparing.
	Scopes []string
	// DependentScopes are the scopes the dependent-token grant gives this
	// client, when it acts as a resource server with a token whose
	// audience is its own id.
	DependentScopes []string
}

type accessToken struct {
	value   string
	client  string
	sub     Identity
	rs      string
	scopes  []string
	issued  time.Time
	expires time.Time
	revoked bool
	refresh string // the refresh token issued or used with it
}

type refreshToken struct {
	value   string
	client  string
	sub     Identity
	rs      string
	scopes  []string
	revoked bool
}

type authCode struct {
	client    string
	redirect  string
	scopes    []string
	challenge string
	offline   bool
	nonce     string
	sub       Identity
	used      bool
	expires   time.Time
}

// AddClient registers c. It fails with ErrExists for a known id and
// ErrInvalid for an empty id or an unknown scope.
func (s *Server) AddClient(c Client) error {
	if c.ID == "" {
		return fmt.Errorf("%w: client without ID", ErrInvalid)
	}
	for _, sc := range append(slices.Clone(c.Scopes), c.DependentScopes...) {
		if resourceServerOf(sc) == "" {
			return fmt.Errorf("%w: scope %q names no resource server", ErrInvalid, sc)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.clients[c.ID]; ok {
		return fmt.Errorf("%w: client %q", ErrExists, c.ID)
	}
	c.Scopes = slices.Clone(c.Scopes)
	c.DependentScopes = slices.Clone(c.DependentScopes)
	s.clients[c.ID] = &c
	s.clientIdentity(c.ID)
	return nil
}

// IssueCode plays the browser half of an authorization-code login: the
// Server's user (Options.User) logs in and consents, and the code that
// Globus would send to redirectURI is returned. The client then trades it
// at the token endpoint with the same redirect_uri and, when
// codeChallenge is set, the PKCE code_verifier whose S256 challenge it is.
// Native clients must give a challenge. Codes are single-use, live ten
// minutes, and their tokens come with refresh tokens (offline access).
func (s *Server) IssueCode(clientID, redirectURI string, scopes []string, codeChallenge string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issueCode(clientID, redirectURI, scopes, codeChallenge, true)
}

// AuthorizePath is the path of the fake's authorization page.
const AuthorizePath = "/v2/oauth2/authorize"

// Login plays the user's browser for an authorization URL such as a login
// flow builds (AuthURL() + "/v2/oauth2/authorize?client_id=...&..."): the
// user logs in and consents at once, and Login returns the URL Globus would
// redirect the browser to, redirect_uri with code and state added. It
// honours scope, code_challenge (S256 only), access_type (offline asks
// for refresh tokens), nonce (copied into the id_token) and login_hint (the
// id or username of another user to log in as, see AddUser). GET requests to AuthorizePath do the same and
// answer with a 302 redirect.
func (s *Server) Login(authorizeURL string) (string, error) {
	u, err := url.Parse(authorizeURL)
	if err != nil {
		return "", fmt.Errorf("%w: authorize URL: %v", ErrInvalid, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.login(u.Query())
}

func (s *Server) login(q url.Values) (string, error) {
	if rt := q.Get("response_type"); rt != "" && rt != "code" {
		return "", fmt.Errorf("%w: response_type %q", ErrInvalid, rt)
	}
	challenge := q.Get("code_challenge")
	if m := q.Get("code_challenge_method"); challenge != "" && m != "S256" {
		return "", fmt.Errorf("%w: code_challenge_method %q (only S256)", ErrInvalid, m)
	}
	redirect := q.Get("redirect_uri")
	code, err := s.issueCode(q.Get("client_id"), redirect, strings.Fields(q.Get("scope")), challenge, q.Get("access_type") == "offline")
	if err != nil {
		return "", err
	}
	s.codes[code].nonce = q.Get("nonce")
	if hint := q.Get("login_hint"); hint != "" {
		rec := s.identity(hint)
		if rec == nil {
			delete(s.codes, code)
			return "", fmt.Errorf("%w: login_hint %q names no identity", ErrNotFound, hint)
		}
		s.codes[code].sub = rec.Identity
	}
	ru, err := url.Parse(redirect)
	if err != nil {
		return "", fmt.Errorf("%w: redirect_uri: %v", ErrInvalid, err)
	}
	rq := ru.Query()
	rq.Set("code", code)
	if st := q.Get("state"); st != "" {
		rq.Set("state", st)
	}
	ru.RawQuery = rq.Encode()
	return ru.String(), nil
}

func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	loc, err := s.login(r.URL.Query())
	s.mu.Unlock()
	if err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	http.Redirect(w, r, loc, http.StatusFound)
}

func (s *Server) issueCode(clientID, redirectURI string, scopes []string, codeChallenge string, offline bool) (string, error) {
	c, ok := s.clients[clientID]
	if !ok {
		return "", fmt.Errorf("%w: client %q", ErrNotFound, clientID)
	}
	if s.public(c) && codeChallenge == "" {
		return "", fmt.Errorf("%w: native client %q needs a PKCE code challenge", ErrInvalid, clientID)
	}
	if redirectURI == "" {
		return "", fmt.Errorf("%w: empty redirect URI", ErrInvalid)
	}
	if len(scopes) == 0 {
		return "", fmt.Errorf("%w: no scopes", ErrInvalid)
	}
	if _, bad := groupScopes(scopes); bad != "" {
		return "", fmt.Errorf("%w: unknown scope %q", ErrInvalid, bad)
	}
	if bad := s.disallowed(c, scopes); bad != "" {
		return "", fmt.Errorf("%w: scope %q not allowed for client %q", ErrInvalid, bad, clientID)
	}
	code := "fgac_" + s.randString(alnum, 32)
	s.codes[code] = &authCode{
		client:    clientID,
		redirect:  redirectURI,
		scopes:    slices.Clone(scopes),
		challenge: codeChallenge,
		offline:   offline,
		sub:       s.opts.User,
		expires:   s.now().Add(10 * time.Minute),
	}
	return code, nil
}

// IssueToken returns a new access token for the Server's user, issued to
// clientID for scopes (which must share one resource server), without any
// OAuth exchange. It is a shortcut for tests that need a token, such as a
// Transfer token: IssueToken(id, TransferScope).
func (s *Server) IssueToken(clientID string, scopes ...string) (string, error) {
	return s.IssueTokenFor(clientID, s.opts.User.ID, scopes...)
}

// IssueTokenFor is IssueToken for another user: the identity with this id
// or username (see AddUser).
func (s *Server) IssueTokenFor(clientID, user string, scopes ...string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	who := s.identity(user)
	if who == nil {
		return "", fmt.Errorf("%w: identity %q", ErrNotFound, user)
	}
	c, ok := s.clients[clientID]
	if !ok {
		return "", fmt.Errorf("%w: client %q", ErrNotFound, clientID)
	}
	groups, bad := groupScopes(scopes)
	if bad != "" || len(groups) != 1 {
		return "", fmt.Errorf("%w: scopes %q must name exactly one resource server", ErrInvalid, scopes)
	}
	if bad := s.disallowed(c, scopes); bad != "" {
		return "", fmt.Errorf("%w: scope %q not allowed for client %q", ErrInvalid, bad, clientID)
	}
	docs := s.issue(c, who.Identity, groups, false, "")
	return docs[0]["access_token"].(string), nil
}

// ExpireAll makes every access token issued so far expire now, so that the
// next call with any of them gets a 401. Refresh tokens stay valid.
func (s *Server) ExpireAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for _, t := range s.access {
		if t.expires.After(now) {
			t.expires = now
		}
	}
}

// Revoke revokes an access or refresh token, as the revoke endpoint does
// (revoking a refresh token also revokes the access tokens issued with
// it). It reports whether the token was known.
func (s *Server) Revoke(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.revoke(token)
}

func (s *Server) revoke(token string) bool {
	if t, ok := s.access[token]; ok {
		t.revoked = true
		return true
	}
	if rt, ok := s.refresh[token]; ok {
		rt.revoked = true
		for _, t := range s.access {
			if t.refresh == token {
				t.revoked = true
			}
		}
		return true
	}
	return false
}

// baseScope drops the dependent-scope brackets of a scope string.
func baseScope(scope string) string {
	if i := strings.IndexByte(scope, '['); i >= 0 {
		return scope[:i]
	}
	return scope
}

// resourceServerOf returns the resource server a scope belongs to, or ""
// when the fake does not understand the scope.
func resourceServerOf(scope string) string {
	sc := baseScope(scope)
	switch sc {
	case "openid", "profile", "email":
		return AuthResourceServer
	}
	if rest, ok := strings.CutPrefix(sc, "urn:globus:auth:scope:"); ok {
		if i := strings.IndexByte(rest, ':'); i > 0 && i < len(rest)-1 {
			return rest[:i]
		}
		return ""
	}
	if rest, ok := strings.CutPrefix(sc, "https://auth.globus.org/scopes/"); ok {
		if i := strings.IndexByte(rest, '/'); i > 0 && i < len(rest)-1 {
			return rest[:i]
		}
	}
	return ""
}

type scopeGroup struct {
	rs     string
	scopes []string
}

// groupScopes groups scopes by resource server, in order of first
// appearance. It returns the first scope it does not understand.
func groupScopes(scopes []string) ([]scopeGroup, string) {
	var groups []scopeGroup
	for _, sc := range scopes {
		rs := resourceServerOf(sc)
		if rs == "" {
			return nil, sc
		}
		i := slices.IndexFunc(groups, func(g scopeGroup) bool { return g.rs == rs })
		if i < 0 {
			groups = append(groups, scopeGroup{rs: rs})
			i = len(groups) - 1
		}
		if !slices.Contains(groups[i].scopes, sc) {
			groups[i].scopes = append(groups[i].scopes, sc)
		}
	}
	return groups, ""
}

// disallowed returns the first scope c may not ask for, or "".
func (s *Server) disallowed(c *Client, scopes []string) string {
	if len(c.Scopes) == 0 {
		return ""
	}
	for _, sc := range scopes {
		ok := slices.ContainsFunc(c.Scopes, func(a string) bool { return baseScope(a) == baseScope(sc) })
		if !ok {
			return sc
		}
	}
	return ""
}

// issue creates one access token (and maybe a refresh token) per group and
// returns their token documents. s.mu must be held.
func (s *Server) issue(c *Client, sub Identity, groups []scopeGroup, withRefresh bool, nonce string) []map[string]any {
	now := s.now()
	docs := make([]map[string]any, 0, len(groups))
	for _, g := range groups {
		at := &accessToken{
			value:   "fgat_" + s.randString(alnum, 40),
			client:  c.ID,
			sub:     sub,
			rs:      g.rs,
			scopes:  slices.Clone(g.scopes),
			issued:  now,
			expires: now.Add(s.opts.TokenLifetime),
		}
		var rtValue any
		if withRefresh {
			rt := &refreshToken{
				value:  "fgrt_" + s.randString(alnum, 40),
				client: c.ID,
				sub:    sub,
				rs:     g.rs,
				scopes: slices.Clone(g.scopes),
			}
			s.refresh[rt.value] = rt
			at.refresh = rt.value
			rtValue = rt.value
		}
		s.access[at.value] = at
		s.tokensIssued++
		doc := tokenDoc(at, rtValue, s.opts.TokenLifetime)
		if g.rs == AuthResourceServer && hasScope(g.scopes, "openid") {
			if idt, err := s.idToken(at, nonce); err == nil {
				doc["id_token"] = idt
			} else {
				s.log.Error("fakeglobus: signing an id_token", "err", err)
			}
		}
		docs = append(docs, doc)
	}
	return docs
}

func tokenDoc(at *accessToken, refresh any, lifetime time.Duration) map[string]any {
	return map[string]any{
		"access_token":    at.value,
		"expires_in":      int64(lifetime / time.Second),
		"resource_server": at.rs,
		"scope":           strings.Join(at.scopes, " "),
		"token_type":      "Bearer",
		"refresh_token":   refresh,
	}
}

// tokenResponse shapes token documents as the token endpoint answers them:
// the first on top, the others in other_tokens.
func tokenResponse(docs []map[string]any) map[string]any {
	top := docs[0]
	others := make([]any, 0, len(docs)-1)
	for _, d := range docs[1:] {
		others = append(others, d)
	}
	top["other_tokens"] = others
	return top
}

// clientAuth authenticates the client of an Auth request. confidential
// demands HTTP Basic with a secret. On failure it has answered already.
func (s *Server) clientAuth(w http.ResponseWriter, r *http.Request, confidential bool) *Client {
	if id, secret, ok := r.BasicAuth(); ok {
		c := s.clients[id]
		if c == nil || !s.secretMatches(c, secret) {
			oauthError(w, http.StatusUnauthorized, "invalid_client", "client authentication failed")
			return nil
		}
		return c
	}
	id := r.PostForm.Get("client_id")
	if id == "" {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "no client authentication was given")
		return nil
	}
	c := s.clients[id]
	if c == nil {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "unknown client")
		return nil
	}
	if !s.public(c) {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "a confidential client must authenticate with its secret")
		return nil
	}
	if confidential {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "this request needs a confidential client")
		return nil
	}
	return c
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "unreadable form")
		return
	}
	grant := r.PostForm.Get("grant_type")
	switch grant {
	case "client_credentials":
		s.grantClientCredentials(w, r)
	case "refresh_token":
		s.grantRefresh(w, r)
	case "authorization_code":
		s.grantCode(w, r)
	case "urn:globus:auth:grant_type:dependent_token":
		s.grantDependent(w, r)
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "unsupported grant_type")
	}
}

func (s *Server) grantClientCredentials(w http.ResponseWriter, r *http.Request) {
	c := s.clientAuth(w, r, true)
	if c == nil {
		return
	}
	scopes := strings.Fields(r.PostForm.Get("scope"))
	if len(scopes) == 0 {
		scopes = c.Scopes
	}
	if len(scopes) == 0 {
		scopes = []string{"openid", "profile", "email"}
	}
	groups, bad := groupScopes(scopes)
	if bad != "" {
		oauthError(w, http.StatusBadRequest, "invalid_scope", "unknown scope "+bad)
		return
	}
	if bad := s.disallowed(c, scopes); bad != "" {
		oauthError(w, http.StatusBadRequest, "invalid_scope", "the client may not ask for scope "+bad)
		return
	}
	writeJSON(w, http.StatusOK, tokenResponse(s.issue(c, s.clientIdentity(c.ID), groups, false, "")))
}

func (s *Server) grantRefresh(w http.ResponseWriter, r *http.Request) {
	c := s.clientAuth(w, r, false)
	if c == nil {
		return
	}
	value := r.PostForm.Get("refresh_token")
	rt := s.refresh[value]
	switch {
	case value == "":
		oauthError(w, http.StatusBadRequest, "invalid_request", "refresh_token is missing")
		return
	case rt == nil || rt.revoked:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the refresh token is not valid")
		return
	case rt.client != c.ID:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the refresh token belongs to another client")
		return
	}
	docs := s.issue(c, rt.sub, []scopeGroup{{rs: rt.rs, scopes: rt.scopes}}, !s.opts.DisableRefreshRotation, "")
	if s.opts.DisableRefreshRotation {
		docs[0]["refresh_token"] = rt.value
		s.access[docs[0]["access_token"].(string)].refresh = rt.value
	} else {
		rt.revoked = true
	}
	writeJSON(w, http.StatusOK, tokenResponse(docs))
}

// VerifierChallenge returns the PKCE S256 challenge of a code verifier:
// base64url(sha256(verifier)) without padding.
func VerifierChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// validVerifier checks the RFC 7636 form of a code verifier.
func validVerifier(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	for _, c := range v {
		ok := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune("-._~", c)
		if !ok {
			return false
		}
	}
	return true
}

func (s *Server) grantCode(w http.ResponseWriter, r *http.Request) {
	c := s.clientAuth(w, r, false)
	if c == nil {
		return
	}
	value := r.PostForm.Get("code")
	code := s.codes[value]
	verifier := r.PostForm.Get("code_verifier")
	switch {
	case value == "":
		oauthError(w, http.StatusBadRequest, "invalid_request", "code is missing")
		return
	case code == nil || code.used || !s.now().Before(code.expires):
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the authorization code is not valid")
		return
	case code.client != c.ID:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the authorization code was issued to another client")
		return
	case r.PostForm.Get("redirect_uri") != code.redirect:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the authorization request")
		return
	case code.challenge == "" && verifier != "":
		oauthError(w, http.StatusBadRequest, "invalid_grant", "code_verifier given but the authorization request had no challenge")
		return
	case code.challenge != "" && verifier == "":
		oauthError(w, http.StatusBadRequest, "invalid_grant", "code_verifier is missing")
		return
	case code.challenge != "" && !validVerifier(verifier):
		oauthError(w, http.StatusBadRequest, "invalid_grant", "code_verifier is malformed")
		return
	case code.challenge != "" && subtle.ConstantTimeCompare([]byte(VerifierChallenge(verifier)), []byte(code.challenge)) != 1:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "code_verifier does not match the code challenge")
		return
	}
	code.used = true
	groups, _ := groupScopes(code.scopes)
	s.recordConsents(code.sub, c.ID, code.scopes, code.offline)
	writeJSON(w, http.StatusOK, tokenResponse(s.issue(c, code.sub, groups, code.offline, code.nonce)))
}

func (s *Server) grantDependent(w http.ResponseWriter, r *http.Request) {
	c := s.clientAuth(w, r, true)
	if c == nil {
		return
	}
	value := r.PostForm.Get("token")
	at := s.access[value]
	switch {
	case value == "":
		oauthError(w, http.StatusBadRequest, "invalid_request", "token is missing")
		return
	case at == nil || !s.active(at):
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the token is not active")
		return
	case at.rs != c.ID:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the token was not issued for this client")
		return
	}
	scopes := c.DependentScopes
	if asked := strings.Fields(r.PostForm.Get("scope")); len(asked) > 0 {
		for _, sc := range asked {
			if resourceServerOf(sc) == "" {
				oauthError(w, http.StatusBadRequest, "invalid_scope", "unknown scope "+sc)
				return
			}
			if !slices.ContainsFunc(c.DependentScopes, func(d string) bool { return baseScope(d) == baseScope(sc) }) {
				oauthError(w, http.StatusBadRequest, "invalid_scope", "scope "+sc+" is not a dependent scope of this client")
				return
			}
		}
		scopes = asked
	}
	groups, _ := groupScopes(scopes)
	offline := r.PostForm.Get("access_type") == "offline"
	s.recordConsents(at.sub, c.ID, scopes, offline)
	docs := s.issue(c, at.sub, groups, offline, "")
	out := make([]any, len(docs))
	for i, d := range docs {
		out[i] = d
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) active(at *accessToken) bool {
	return !at.revoked && s.now().Before(at.expires)
}

func (s *Server) handleIntrospect(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "unreadable form")
		return
	}
	if s.clientAuth(w, r, true) == nil {
		return
	}
	at := s.access[r.PostForm.Get("token")]
	if at == nil || !s.active(at) {
		writeJSON(w, http.StatusOK, map[string]any{"active": false})
		return
	}
	doc := map[string]any{
		"active":     true,
		"scope":      strings.Join(at.scopes, " "),
		"client_id":  at.client,
		"sub":        at.sub.ID,
		"username":   at.sub.Username,
		"name":       at.sub.Name,
		"email":      nil,
		"aud":        []string{at.rs, at.client},
		"iss":        "https://auth.globus.org",
		"exp":        at.expires.Unix(),
		"iat":        at.issued.Unix(),
		"nbf":        at.issued.Unix(),
		"token_type": "Bearer",
	}
	if at.sub.Email != "" {
		doc["email"] = at.sub.Email
	}
	for _, inc := range strings.Split(r.PostForm.Get("include"), ",") {
		switch strings.TrimSpace(inc) {
		case "identity_set":
			doc["identity_set"] = []string{at.sub.ID}
		case "session_info":
			doc["session_info"] = map[string]any{
				"session_id": "fake-session-" + at.sub.ID,
				"authentications": map[string]any{
					at.sub.ID: map[string]any{
						"acr":       nil,
						"amr":       nil,
						"auth_time": at.issued.Unix(),
						"idp":       "fake-idp",
					},
				},
			}
		}
	}
	writeJSON(w, http.StatusOK, doc)
}

func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "unreadable form")
		return
	}
	if s.clientAuth(w, r, false) == nil {
		return
	}
	s.revoke(r.PostForm.Get("token"))
	writeJSON(w, http.StatusOK, map[string]any{"active": false})
}

// bearer returns the active Transfer token of a request, or why there is
// none. s.mu must be held.
func (s *Server) bearer(r *http.Request) (*accessToken, string) {
	h := r.Header.Get("Authorization")
	scheme, value, ok := strings.Cut(h, " ")
	if h == "" {
		return nil, "No Authorization header provided"
	}
	if !ok || !strings.EqualFold(scheme, "Bearer") || value == "" {
		return nil, "Authorization header is not a bearer token"
	}
	at := s.access[strings.TrimSpace(value)]
	switch {
	case at == nil:
		return nil, "Token is not valid"
	case at.revoked:
		return nil, "Token has been revoked"
	case !s.now().Before(at.expires):
		return nil, "Token has expired"
	case at.rs != TransferResourceServer:
		return nil, "Token is not valid for transfer.api.globus.org"
	}
	return at, ""
}

// public reports whether c is a native app (a client without a secret).
func (s *Server) public(c *Client) bool {
	if c.Secret != "" {
		return false
	}
	if rec := s.clientRecs[c.ID]; rec != nil {
		return rec.public
	}
	return true
}
