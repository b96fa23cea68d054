package fakeglobus

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// FakeIdentityProvider is the id of the one identity provider of the fake;
// every identity it knows, users and clients alike, comes from it.
const FakeIdentityProvider = "41143743-f3c8-4d60-bbdb-eeecaba85bd9"

// ClientIdentityDomain is the username domain of client identities:
// a client's identity is named <client id>@clients.auth.globus.org.
const ClientIdentityDomain = "clients.auth.globus.org"

// identityRec is an identity the fake knows, with its status: "used" for
// users that logged in (or were added), "unused" for identities provisioned
// by a lookup.
type identityRec struct {
	Identity
	status string
}

// registerIdentity adds id to the registry, or returns the one already
// there. s.mu must be held (or the Server not yet shared).
func (s *Server) registerIdentity(id Identity, status string) *identityRec {
	if rec := s.identities[id.ID]; rec != nil {
		return rec
	}
	rec := &identityRec{Identity: id, status: status}
	s.identities[id.ID] = rec
	if id.Username != "" {
		s.byUsername[strings.ToLower(id.Username)] = rec
	}
	s.idOrder = append(s.idOrder, rec)
	return rec
}

// AddUser registers an identity that can log in (with IssueCode, Login or
// IssueTokenFor), own collections and be named in roles and access rules.
// It fails with ErrExists when the id or username is taken and ErrInvalid
// when either is empty.
func (s *Server) AddUser(id Identity) error {
	if id.ID == "" || id.Username == "" {
		return fmt.Errorf("%w: a user needs an ID and a Username", ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.identities[id.ID] != nil || s.byUsername[strings.ToLower(id.Username)] != nil {
		return fmt.Errorf("%w: identity %q", ErrExists, id.Username)
	}
	s.registerIdentity(id, "used")
	return nil
}

// LookupIdentity returns the identity with this id or username.
func (s *Server) LookupIdentity(idOrUsername string) (Identity, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec := s.identity(idOrUsername); rec != nil {
		return rec.Identity, true
	}
	return Identity{}, false
}

func (s *Server) identity(idOrUsername string) *identityRec {
	if rec := s.identities[idOrUsername]; rec != nil {
		return rec
	}
	return s.byUsername[strings.ToLower(idOrUsername)]
}

// clientIdentity is the identity of a client acting for itself.
func (s *Server) clientIdentity(clientID string) Identity {
	if rec := s.identities[clientID]; rec != nil {
		return rec.Identity
	}
	id := Identity{ID: clientID, Username: clientID + "@" + ClientIdentityDomain, Name: clientID}
	if rec := s.clientRecs[clientID]; rec != nil && rec.name != "" {
		id.Name = rec.name
	}
	return s.registerIdentity(id, "used").Identity
}

func (rec *identityRec) doc() map[string]any {
	return map[string]any{
		"id":                rec.ID,
		"username":          rec.Username,
		"status":            rec.status,
		"identity_provider": FakeIdentityProvider,
		"identity_type":     "login",
		"name":              nullOr(rec.Name),
		"email":             nullOr(rec.Email),
		"organization":      nullOr(rec.Organization),
	}
}

// authAPIError answers with a Globus Auth API error document, which
// carries both the errors list and the OAuth2 pair.
func authAPIError(w http.ResponseWriter, r *http.Request, status int, code, detail string) {
	writeJSON(w, status, map[string]any{
		"errors": []any{map[string]any{
			"status": fmt.Sprint(status),
			"code":   code,
			"title":  http.StatusText(status),
			"detail": detail,
			"id":     requestID(r),
		}},
		"error":             strings.ToLower(code),
		"error_description": detail,
	})
}

// authCaller is who calls an Auth API: the user or client of an active
// Auth bearer token, or a client authenticating with HTTP Basic.
type authCaller struct {
	id     Identity
	client string // the client behind the call
	token  *accessToken
}

// authAPICaller authenticates an Auth API request; on failure it has
// answered 401 already. s.mu must be held.
func (s *Server) authAPICaller(w http.ResponseWriter, r *http.Request) *authCaller {
	if id, secret, ok := r.BasicAuth(); ok {
		c := s.clients[id]
		if c == nil || !s.secretMatches(c, secret) {
			authAPIError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "client authentication failed")
			return nil
		}
		return &authCaller{id: s.clientIdentity(c.ID), client: c.ID}
	}
	h := r.Header.Get("Authorization")
	scheme, value, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		authAPIError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "Call must be authenticated")
		return nil
	}
	at := s.access[strings.TrimSpace(value)]
	if at == nil || !s.active(at) {
		authAPIError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "The token is not active")
		return nil
	}
	if at.rs != AuthResourceServer {
		authAPIError(w, r, http.StatusForbidden, "FORBIDDEN", "The token is not valid for auth.globus.org")
		return nil
	}
	return &authCaller{id: at.sub, client: at.client, token: at}
}

// secretMatches reports whether secret is c's secret or one of the
// credentials created for it.
func (s *Server) secretMatches(c *Client, secret string) bool {
	if c.Secret != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(c.Secret)) == 1 {
		return true
	}
	if rec := s.clientRecs[c.ID]; rec != nil {
		for _, cr := range rec.creds {
			if subtle.ConstantTimeCompare([]byte(secret), []byte(cr.secret)) == 1 {
				return true
			}
		}
	}
	return false
}

func splitList(v string) []string {
	var out []string
	for _, x := range strings.Split(v, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func (s *Server) handleIdentities(w http.ResponseWriter, r *http.Request) {
	if s.authAPICaller(w, r) == nil {
		return
	}
	q := r.URL.Query()
	ids, names := splitList(q.Get("ids")), splitList(q.Get("usernames"))
	if len(ids) > 0 && len(names) > 0 {
		authAPIError(w, r, http.StatusBadRequest, "INVALID_PARAMETERS", "give ids or usernames, not both")
		return
	}
	provision := strings.EqualFold(q.Get("provision"), "true")
	out := []any{}
	for _, id := range ids {
		if rec := s.identities[id]; rec != nil {
			out = append(out, rec.doc())
		}
	}
	for _, name := range names {
		rec := s.byUsername[strings.ToLower(name)]
		if rec == nil && provision && strings.Count(name, "@") == 1 && !strings.HasPrefix(name, "@") && !strings.HasSuffix(name, "@") {
			rec = s.registerIdentity(Identity{ID: s.newUUID(), Username: strings.ToLower(name)}, "unused")
		}
		if rec != nil {
			out = append(out, rec.doc())
		}
	}
	doc := map[string]any{"identities": out}
	if strings.Contains(q.Get("include"), "identity_provider") {
		doc["included"] = map[string]any{"identity_providers": []any{s.providerDoc()}}
	}
	writeJSON(w, http.StatusOK, doc)
}

// providerDomains lists the username domains of the fake's users.
func (s *Server) providerDomains() []string {
	var out []string
	for _, rec := range s.idOrder {
		_, dom, ok := strings.Cut(rec.Username, "@")
		if ok && dom != ClientIdentityDomain && !slices.Contains(out, dom) {
			out = append(out, dom)
		}
	}
	return out
}

func (s *Server) providerDoc() map[string]any {
	return map[string]any{
		"id":                FakeIdentityProvider,
		"name":              "Fake Globus ID",
		"short_name":        "fakeglobusid",
		"domains":           s.providerDomains(),
		"alternative_names": []string{},
		"status":            "active",
	}
}

func (s *Server) handleIdentityProviders(w http.ResponseWriter, r *http.Request) {
	if s.authAPICaller(w, r) == nil {
		return
	}
	q := r.URL.Query()
	doc := s.providerDoc()
	match := true
	if ids := splitList(q.Get("ids")); len(ids) > 0 {
		match = slices.Contains(ids, FakeIdentityProvider)
	}
	if doms := splitList(q.Get("domains")); len(doms) > 0 {
		mine := s.providerDomains()
		match = match && slices.ContainsFunc(doms, func(d string) bool { return slices.Contains(mine, strings.ToLower(d)) })
	}
	out := []any{}
	if match {
		out = append(out, doc)
	}
	writeJSON(w, http.StatusOK, map[string]any{"identity_providers": out})
}

// consent is a grant of one scope by one identity to one client.
type consent struct {
	id       int
	identity string
	client   string
	scope    string
	refresh  bool
	created  time.Time
	used     time.Time
}

// recordConsents remembers that sub let client use scopes (at a login).
// s.mu must be held.
func (s *Server) recordConsents(sub Identity, client string, scopes []string, refresh bool) {
	now := s.now()
	for _, sc := range scopes {
		i := slices.IndexFunc(s.consents, func(c *consent) bool {
			return c.identity == sub.ID && c.client == client && c.scope == baseScope(sc)
		})
		if i >= 0 {
			s.consents[i].used = now
			s.consents[i].refresh = s.consents[i].refresh || refresh
			continue
		}
		s.nextID++
		s.consents = append(s.consents, &consent{id: s.nextID, identity: sub.ID, client: client, scope: baseScope(sc), refresh: refresh, created: now, used: now})
	}
}

func authTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000+00:00") }

func (s *Server) handleConsents(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	id := r.PathValue("identity_id")
	if id != who.id.ID {
		authAPIError(w, r, http.StatusForbidden, "FORBIDDEN", "an identity may only list its own consents")
		return
	}
	out := []any{}
	for _, c := range s.consents {
		if c.identity != id {
			continue
		}
		out = append(out, map[string]any{
			"id":                   c.id,
			"client":               c.client,
			"scope":                c.scope,
			"scope_name":           c.scope,
			"effective_identity":   c.identity,
			"dependency_path":      []int{c.id},
			"status":               "approved",
			"created":              authTime(c.created),
			"updated":              authTime(c.used),
			"last_used":            authTime(c.used),
			"allows_refresh":       c.refresh,
			"atomically_revocable": false,
			"auto_approved":        false,
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{"consents": out})
}

func hasScope(scopes []string, want string) bool {
	return slices.ContainsFunc(scopes, func(s string) bool { return baseScope(s) == want })
}

// userClaims are the OpenID Connect claims about sub for the granted
// scopes, shared by userinfo and id_token.
func (s *Server) userClaims(sub Identity, scopes []string, issued time.Time) map[string]any {
	claims := map[string]any{"sub": sub.ID}
	if hasScope(scopes, "profile") {
		claims["preferred_username"] = sub.Username
		claims["name"] = nullOr(sub.Name)
		claims["organization"] = nullOr(sub.Organization)
		claims["identity_provider"] = FakeIdentityProvider
		claims["identity_provider_display_name"] = "Fake Globus ID"
		claims["last_authentication"] = issued.Unix()
	}
	if hasScope(scopes, "email") {
		claims["email"] = nullOr(sub.Email)
	}
	set := map[string]any{
		"sub":                            sub.ID,
		"username":                       sub.Username,
		"name":                           nullOr(sub.Name),
		"email":                          nullOr(sub.Email),
		"organization":                   nullOr(sub.Organization),
		"identity_provider":              FakeIdentityProvider,
		"identity_provider_display_name": "Fake Globus ID",
		"last_authentication":            issued.Unix(),
	}
	claims["identity_set"] = []any{set}
	return claims
}

func (s *Server) handleUserinfo(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	if who.token == nil || !hasScope(who.token.scopes, "openid") {
		authAPIError(w, r, http.StatusForbidden, "FORBIDDEN", "userinfo needs a token with the openid scope")
		return
	}
	writeJSON(w, http.StatusOK, s.userClaims(who.id, who.token.scopes, who.token.issued))
}
