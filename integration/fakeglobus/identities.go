package fakeglobus

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/globus-go/globus/gen/server/authserver"
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

// identityDocument renders rec as Auth's identity document; a name,
// email or organization that is not known is null.
func (rec *identityRec) identityDocument() authserver.Identity {
	return authserver.Identity{
		ID:               rec.ID,
		Username:         ptr(rec.Username),
		Status:           ptr(rec.status),
		IdentityProvider: val(FakeIdentityProvider),
		IdentityType:     val("login"),
		Name:             orNull(rec.Name),
		Email:            orNull(rec.Email),
		Organization:     orNull(rec.Organization),
	}
}

// authAPIErrorDocument is a Globus Auth API error document for r, which
// carries both the errors list and the OAuth2 pair.
func authAPIErrorDocument(r *http.Request, status int, code, detail string) authserver.ErrorResponse {
	return authserver.ErrorResponse{
		Errors: &[]authserver.ErrorItem{{
			Status: ptr(fmt.Sprint(status)),
			Code:   ptr(code),
			Title:  ptr(http.StatusText(status)),
			Detail: ptr(detail),
			ID:     ptr(requestID(r)),
		}},
		Error:            ptr(strings.ToLower(code)),
		ErrorDescription: ptr(detail),
	}
}

// authAPIError answers with a Globus Auth API error document.
func authAPIError(w http.ResponseWriter, r *http.Request, status int, code, detail string) {
	writeJSON(w, status, authAPIErrorDocument(r, status, code, detail))
}

// authCaller is who calls an Auth API: the user or client of an active
// Auth bearer token, or a client authenticating with HTTP Basic.
type authCaller struct {
	id     Identity
	client string // the client behind the call
	token  *accessToken
}

// authCallerOf authenticates the caller of an Auth API operation: a
// client with HTTP Basic, or an active Auth bearer token. It returns the
// caller, or the refusal: 401 UNAUTHORIZED, or 403 FORBIDDEN for a token
// of another resource server. s.mu must be held.
func (s *Server) authCallerOf(ctx context.Context) (*authCaller, error) {
	r := request(ctx)
	if id, secret, ok := r.BasicAuth(); ok {
		c := s.clients[id]
		if c == nil || !s.secretMatches(c, secret) {
			return nil, refuse(http.StatusUnauthorized, "UNAUTHORIZED", "client authentication failed")
		}
		return &authCaller{id: s.clientIdentity(c.ID), client: c.ID}, nil
	}
	h := r.Header.Get("Authorization")
	scheme, value, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil, refuse(http.StatusUnauthorized, "UNAUTHORIZED", "Call must be authenticated")
	}
	at := s.access[strings.TrimSpace(value)]
	if at == nil || !s.active(at) {
		return nil, refuse(http.StatusUnauthorized, "UNAUTHORIZED", "The token is not active")
	}
	if at.rs != AuthResourceServer {
		return nil, refuse(http.StatusForbidden, "FORBIDDEN", "The token is not valid for auth.globus.org")
	}
	return &authCaller{id: at.sub, client: at.client, token: at}, nil
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

// boundList is splitList for a comma-separated list parameter that the
// generated handler has split already: its items trimmed, without empty
// ones.
func boundList(items *[]string) []string {
	if items == nil {
		return nil
	}
	return splitList(strings.Join(*items, ","))
}

// GetIdentities answers GET /v2/api/identities: the identities with the
// given ids, or with the given usernames (provisioning unknown ones when
// asked to).
func (o authOps) GetIdentities(ctx context.Context, req authserver.GetIdentitiesRequestObject) (authserver.GetIdentitiesResponseObject, error) {
	s := o.s
	if _, err := s.authCallerOf(ctx); err != nil {
		return nil, err
	}
	ids, names := boundList(req.Params.Ids), boundList(req.Params.Usernames)
	if len(ids) > 0 && len(names) > 0 {
		return nil, refuse(http.StatusBadRequest, "INVALID_PARAMETERS", "give ids or usernames, not both")
	}
	// provision is true when it is the word true, in any case. The
	// generated binding (strconv.ParseBool) and the spec check would take
	// 1 and t for true as well, so the raw query is read instead.
	provision := strings.EqualFold(request(ctx).URL.Query().Get("provision"), "true")
	out := authserver.GetIdentities200JSONResponse{Identities: []authserver.Identity{}}
	for _, id := range ids {
		if rec := s.identities[id]; rec != nil {
			out.Identities = append(out.Identities, rec.identityDocument())
		}
	}
	for _, name := range names {
		rec := s.byUsername[strings.ToLower(name)]
		if rec == nil && provision && strings.Count(name, "@") == 1 && !strings.HasPrefix(name, "@") && !strings.HasSuffix(name, "@") {
			rec = s.registerIdentity(Identity{ID: s.newUUID(), Username: strings.ToLower(name)}, "unused")
		}
		if rec != nil {
			out.Identities = append(out.Identities, rec.identityDocument())
		}
	}
	if strings.Contains(deref(req.Params.Include), "identity_provider") {
		out.Included = &authserver.IdentitiesIncluded{IdentityProviders: &[]authserver.IdentityProvider{s.providerDocument()}}
	}
	return out, nil
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

// providerDocument renders the fake's one identity provider.
func (s *Server) providerDocument() authserver.IdentityProvider {
	return authserver.IdentityProvider{
		ID:               FakeIdentityProvider,
		Name:             ptr("Fake Globus ID"),
		ShortName:        ptr("fakeglobusid"),
		Domains:          ptr(s.providerDomains()),
		AlternativeNames: &[]string{},
	}
}

// GetIdentityProviders answers GET /v2/api/identity_providers: the fake's
// one provider, when it matches the ids and domains asked for.
func (o authOps) GetIdentityProviders(ctx context.Context, req authserver.GetIdentityProvidersRequestObject) (authserver.GetIdentityProvidersResponseObject, error) {
	s := o.s
	if _, err := s.authCallerOf(ctx); err != nil {
		return nil, err
	}
	match := true
	if ids := boundList(req.Params.Ids); len(ids) > 0 {
		match = slices.Contains(ids, FakeIdentityProvider)
	}
	if doms := boundList(req.Params.Domains); len(doms) > 0 {
		mine := s.providerDomains()
		match = match && slices.ContainsFunc(doms, func(d string) bool { return slices.Contains(mine, strings.ToLower(d)) })
	}
	out := authserver.GetIdentityProviders200JSONResponse{IdentityProviders: []authserver.IdentityProvider{}}
	if match {
		out.IdentityProviders = append(out.IdentityProviders, s.providerDocument())
	}
	return out, nil
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

// consentDocument renders c as Auth's consent document. The fake's
// consents have no dependent scopes, so each is the root of its tree.
func (c *consent) consentDocument() authserver.Consent {
	return authserver.Consent{
		ID:                  ptr(int64(c.id)),
		Client:              ptr(c.client),
		Scope:               ptr(c.scope),
		ScopeName:           ptr(c.scope),
		EffectiveIdentity:   ptr(c.identity),
		DependencyPath:      &[]int64{int64(c.id)},
		Status:              ptr("approved"),
		Created:             val(authTime(c.created)),
		Updated:             val(authTime(c.used)),
		LastUsed:            val(authTime(c.used)),
		AllowsRefresh:       ptr(c.refresh),
		AtomicallyRevocable: ptr(false),
		AutoApproved:        ptr(false),
	}
}

// GetConsents answers GET /v2/api/identities/{identity_id}/consents: the
// consents of the caller's own identity. The fake lists all of them, so
// the all parameter changes nothing.
func (o authOps) GetConsents(ctx context.Context, req authserver.GetConsentsRequestObject) (authserver.GetConsentsResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	id := string(req.IdentityID)
	if id != who.id.ID {
		return nil, refuse(http.StatusForbidden, "FORBIDDEN", "an identity may only list its own consents")
	}
	out := []authserver.Consent{}
	for _, c := range s.consents {
		if c.identity == id {
			out = append(out, c.consentDocument())
		}
	}
	return authserver.GetConsents200JSONResponse{Consents: out}, nil
}

func hasScope(scopes []string, want string) bool {
	return slices.ContainsFunc(scopes, func(s string) bool { return baseScope(s) == want })
}

// userInfo is the OpenID Connect claims about sub for the granted scopes,
// shared by userinfo and id_token (see idToken, which copies them).
func (s *Server) userInfo(sub Identity, scopes []string, issued time.Time) authserver.UserInfo {
	ui := authserver.UserInfo{Sub: sub.ID}
	if hasScope(scopes, "profile") {
		ui.PreferredUsername = val(sub.Username)
		ui.Name = orNull(sub.Name)
		ui.Organization = orNull(sub.Organization)
		ui.IdentityProvider = val(FakeIdentityProvider)
		ui.IdentityProviderDisplayName = val("Fake Globus ID")
		ui.LastAuthentication = val(issued.Unix())
	}
	if hasScope(scopes, "email") {
		ui.Email = orNull(sub.Email)
	}
	ui.IdentitySet = &[]authserver.LinkedIdentity{{
		Sub:                         ptr(sub.ID),
		Username:                    val(sub.Username),
		Name:                        orNull(sub.Name),
		Email:                       orNull(sub.Email),
		Organization:                orNull(sub.Organization),
		IdentityProvider:            val(FakeIdentityProvider),
		IdentityProviderDisplayName: val("Fake Globus ID"),
		LastAuthentication:          val(issued.Unix()),
	}}
	return ui
}

// Userinfo answers GET /v2/oauth2/userinfo: the claims of the caller's
// token, which needs the openid scope.
func (o authOps) Userinfo(ctx context.Context, _ authserver.UserinfoRequestObject) (authserver.UserinfoResponseObject, error) {
	s, r := o.s, request(ctx)
	who, err := s.authCallerOf(ctx)
	if err == nil && (who.token == nil || !hasScope(who.token.scopes, "openid")) {
		err = refuse(http.StatusForbidden, "FORBIDDEN", "userinfo needs a token with the openid scope")
	}
	if err != nil {
		// userinfo is outside /v2/api/, where a refusal would be an OAuth2
		// error; Auth refuses it with its errors document.
		rf := asRefusal(err)
		return authserver.UserinfodefaultJSONResponse{
			StatusCode: rf.status,
			Body:       authAPIErrorDocument(r, rf.status, rf.code, rf.msg),
		}, nil
	}
	return authserver.Userinfo200JSONResponse(s.userInfo(who.id, who.token.scopes, who.token.issued)), nil
}
