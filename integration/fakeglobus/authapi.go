package fakeglobus

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// project is an Auth project: it owns clients and policies, and its admins
// manage them.
type project struct {
	id, name, email string
	admins          []string
	adminGroups     []string
}

// policy is an authentication policy of a project.
type policy struct {
	id, project string
	fields      map[string]any
}

// clientRec is what the Auth API knows of a client beyond Client: its
// registration, owner and credentials.
type clientRec struct {
	id, name  string
	public    bool
	project   string // "" for child clients and app instances
	parent    string
	fields    map[string]any
	creds     []*credential
	scopeIDs  []string
	createdAt time.Time
}

type credential struct {
	id, name, client, secret string
	created                  time.Time
}

// scopeRec is a scope a client (as a resource server) registered.
type scopeRec struct {
	id, client, suffix string
	fields             map[string]any
}

// decodeAuthBody decodes {"<key>": {...}} into a field map; on failure it
// has answered 400.
func decodeAuthBody(w http.ResponseWriter, r *http.Request, key string) (map[string]any, bool) {
	var body map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		authAPIError(w, r, http.StatusBadRequest, "BAD_REQUEST", "invalid JSON: "+err.Error())
		return nil, false
	}
	var fields map[string]any
	if err := json.Unmarshal(body[key], &fields); err != nil || fields == nil {
		authAPIError(w, r, http.StatusBadRequest, "BAD_REQUEST", fmt.Sprintf("the body needs a %q object", key))
		return nil, false
	}
	return fields, true
}

func strField(m map[string]any, k string) string { v, _ := m[k].(string); return v }

func strList(v any) []string {
	list, _ := v.([]any)
	out := []string{}
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// copyFields copies the keys of allowed that src holds into dst.
func copyFields(dst, src map[string]any, allowed ...string) {
	for _, k := range allowed {
		if v, ok := src[k]; ok {
			dst[k] = v
		}
	}
}

func (s *Server) projectDoc(p *project) map[string]any {
	admins := []any{}
	for _, id := range p.admins {
		if rec := s.identities[id]; rec != nil {
			admins = append(admins, rec.doc())
		} else {
			admins = append(admins, map[string]any{"id": id})
		}
	}
	return map[string]any{
		"id":              p.id,
		"display_name":    p.name,
		"project_name":    p.name,
		"contact_email":   p.email,
		"admin_ids":       append([]string{}, p.admins...),
		"admin_group_ids": append([]string{}, p.adminGroups...),
		"admins":          map[string]any{"identities": admins, "groups": []any{}},
	}
}

func (p *project) isAdmin(id string) bool { return slices.Contains(p.admins, id) }

func (s *Server) handleProjects(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	out := []any{}
	for _, id := range slices.Sorted(maps.Keys(s.projects)) {
		if p := s.projects[id]; p.isAdmin(who.id.ID) {
			out = append(out, s.projectDoc(p))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"projects": out})
}

func (s *Server) handleCreateProject(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	f, ok := decodeAuthBody(w, r, "project")
	if !ok {
		return
	}
	p := &project{id: s.newUUID(), name: strField(f, "display_name"), email: strField(f, "contact_email"),
		admins: strList(f["admin_ids"]), adminGroups: strList(f["admin_group_ids"])}
	if p.name == "" || p.email == "" {
		authAPIError(w, r, http.StatusBadRequest, "BAD_REQUEST", "display_name and contact_email are required")
		return
	}
	if !p.isAdmin(who.id.ID) {
		p.admins = append(p.admins, who.id.ID)
	}
	s.projects[p.id] = p
	writeJSON(w, http.StatusOK, map[string]any{"project": s.projectDoc(p)})
}

func (s *Server) handleProject(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	p := s.projects[r.PathValue("project_id")]
	if p == nil || !p.isAdmin(who.id.ID) {
		authAPIError(w, r, http.StatusNotFound, "NOT_FOUND", "no such project, or you are not one of its admins")
		return
	}
	switch r.Method {
	case http.MethodPut:
		f, ok := decodeAuthBody(w, r, "project")
		if !ok {
			return
		}
		if v := strField(f, "display_name"); v != "" {
			p.name = v
		}
		if v := strField(f, "contact_email"); v != "" {
			p.email = v
		}
		if _, ok := f["admin_ids"]; ok {
			admins := strList(f["admin_ids"])
			if len(admins) == 0 {
				authAPIError(w, r, http.StatusBadRequest, "BAD_REQUEST", "a project needs at least one admin")
				return
			}
			p.admins = admins
		}
		if _, ok := f["admin_group_ids"]; ok {
			p.adminGroups = strList(f["admin_group_ids"])
		}
	case http.MethodDelete:
		for _, c := range s.clientRecs {
			if c.project == p.id {
				authAPIError(w, r, http.StatusConflict, "CONFLICT", "the project still has clients")
				return
			}
		}
		delete(s.projects, p.id)
		for id, pol := range s.policies {
			if pol.project == p.id {
				delete(s.policies, id)
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"project": s.projectDoc(p)})
}

var policyFields = []string{"display_name", "description", "high_assurance", "authentication_assurance_timeout",
	"required_mfa", "domain_constraints_include", "domain_constraints_exclude"}

func (pol *policy) doc() map[string]any {
	d := maps.Clone(pol.fields)
	d["id"], d["project_id"] = pol.id, pol.project
	return d
}

func (s *Server) handlePolicies(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	out := []any{}
	for _, id := range slices.Sorted(maps.Keys(s.policies)) {
		pol := s.policies[id]
		if p := s.projects[pol.project]; p != nil && p.isAdmin(who.id.ID) {
			out = append(out, pol.doc())
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"policies": out})
}

func (s *Server) handleCreatePolicy(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	f, ok := decodeAuthBody(w, r, "policy")
	if !ok {
		return
	}
	p := s.projects[strField(f, "project_id")]
	if p == nil || !p.isAdmin(who.id.ID) {
		authAPIError(w, r, http.StatusForbidden, "FORBIDDEN", "only an admin of the project may create its policies")
		return
	}
	pol := &policy{id: s.newUUID(), project: p.id, fields: map[string]any{
		"high_assurance": false, "authentication_assurance_timeout": nil, "required_mfa": false,
		"domain_constraints_include": nil, "domain_constraints_exclude": nil,
	}}
	copyFields(pol.fields, f, policyFields...)
	s.policies[pol.id] = pol
	writeJSON(w, http.StatusOK, map[string]any{"policy": pol.doc()})
}

func (s *Server) handlePolicy(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	pol := s.policies[r.PathValue("policy_id")]
	if pol == nil {
		authAPIError(w, r, http.StatusNotFound, "NOT_FOUND", "no such policy")
		return
	}
	p := s.projects[pol.project]
	if p == nil || !p.isAdmin(who.id.ID) {
		authAPIError(w, r, http.StatusForbidden, "FORBIDDEN", "only an admin of the policy's project may see or change it")
		return
	}
	switch r.Method {
	case http.MethodPut:
		f, ok := decodeAuthBody(w, r, "policy")
		if !ok {
			return
		}
		if np := strField(f, "project_id"); np != "" && np != pol.project {
			if q := s.projects[np]; q == nil || !q.isAdmin(who.id.ID) {
				authAPIError(w, r, http.StatusForbidden, "FORBIDDEN", "you are not an admin of the target project")
				return
			}
			pol.project = np
		}
		copyFields(pol.fields, f, policyFields...)
	case http.MethodDelete:
		delete(s.policies, pol.id)
	}
	writeJSON(w, http.StatusOK, map[string]any{"policy": pol.doc()})
}

var clientFields = []string{"redirect_uris", "links", "required_idp", "preselect_idp", "prompt_for_named_grant",
	"userinfo_from_effective_identity", "visibility", "fqdns"}

func (c *clientRec) doc() map[string]any {
	d := maps.Clone(c.fields)
	d["id"], d["name"], d["public_client"] = c.id, c.name, c.public
	d["project"], d["parent_client"] = nullOr(c.project), nullOr(c.parent)
	d["scopes"] = append([]string{}, c.scopeIDs...)
	return d
}

// mayManageClient reports whether the caller administers c: an admin of
// its project, the client that created it, or the client itself.
func (s *Server) mayManageClient(who *authCaller, c *clientRec) bool {
	if p := s.projects[c.project]; p != nil && p.isAdmin(who.id.ID) {
		return true
	}
	return c.parent != "" && who.id.ID == c.parent || who.id.ID == c.id
}

func (s *Server) handleClients(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	fqdn := r.URL.Query().Get("fqdn")
	out := []any{}
	for _, id := range slices.Sorted(maps.Keys(s.clientRecs)) {
		c := s.clientRecs[id]
		if fqdn != "" {
			if slices.Contains(strList(toAnyList(c.fields["fqdns"])), fqdn) {
				writeJSON(w, http.StatusOK, map[string]any{"client": c.doc()})
				return
			}
			continue
		}
		if s.mayManageClient(who, c) {
			out = append(out, c.doc())
		}
	}
	if fqdn != "" {
		authAPIError(w, r, http.StatusNotFound, "NOT_FOUND", "no client is registered for "+fqdn)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"clients": out})
}

// toAnyList turns a []string (as the fake stores some fields) into []any,
// and passes a []any through.
func toAnyList(v any) any {
	if l, ok := v.([]string); ok {
		out := make([]any, len(l))
		for i, x := range l {
			out[i] = x
		}
		return out
	}
	return v
}

func (s *Server) newCredential(c *clientRec, name string) *credential {
	cr := &credential{id: s.newUUID(), name: name, client: c.id, secret: s.randString(alnum, 43), created: s.now()}
	c.creds = append(c.creds, cr)
	return cr
}

func (cr *credential) doc(withSecret bool) map[string]any {
	d := map[string]any{"id": cr.id, "name": cr.name, "client": cr.client, "created": authTime(cr.created), "secret": nil}
	if withSecret {
		d["secret"] = cr.secret
	}
	return d
}

func (s *Server) handleCreateClient(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	f, ok := decodeAuthBody(w, r, "client")
	if !ok {
		return
	}
	name := strField(f, "name")
	if strings.TrimSpace(name) == "" {
		authAPIError(w, r, http.StatusBadRequest, "BAD_REQUEST", "name is required")
		return
	}
	typ := strField(f, "client_type")
	public, _ := f["public_client"].(bool)
	if typ == "public_installed_client" || typ == "public_webapp_client" {
		public = true
	}
	if typ == "" {
		typ = "confidential_client"
		if public {
			typ = "public_installed_client"
		}
	}
	c := &clientRec{id: s.newUUID(), name: name, public: public, createdAt: s.now(), fields: map[string]any{
		"client_type": typ, "visibility": "private", "redirect_uris": []any{}, "fqdns": []any{},
		"links":        map[string]any{"terms_and_conditions": nil, "privacy_policy": nil},
		"required_idp": nil, "preselect_idp": nil, "prompt_for_named_grant": false,
		"userinfo_from_effective_identity": true,
	}}
	copyFields(c.fields, f, clientFields...)
	switch {
	case strField(f, "template_id") != "":
		tmpl := s.clientRecs[strField(f, "template_id")]
		if tmpl == nil || !tmpl.public {
			authAPIError(w, r, http.StatusBadRequest, "BAD_REQUEST", "template_id must name a native app (public client)")
			return
		}
		c.parent, c.public = tmpl.id, false
		c.fields["client_type"] = "confidential_client"
	case strField(f, "project") != "":
		p := s.projects[strField(f, "project")]
		if p == nil || !p.isAdmin(who.id.ID) {
			authAPIError(w, r, http.StatusForbidden, "FORBIDDEN", "only an admin of the project may register clients in it")
			return
		}
		c.project = p.id
	case who.id.ID == who.client:
		c.parent = who.client // a client registering a child client
	default:
		authAPIError(w, r, http.StatusBadRequest, "BAD_REQUEST", "a user's client needs a project")
		return
	}
	c.fields["grant_types"] = []any{"authorization_code", "refresh_token"}
	if !c.public {
		c.fields["grant_types"] = []any{"authorization_code", "client_credentials", "refresh_token", "urn:globus:auth:grant_type:dependent_token"}
	}
	s.clientRecs[c.id] = c
	s.clients[c.id] = &Client{ID: c.id}
	s.clientIdentity(c.id)
	doc := map[string]any{"client": c.doc()}
	if !c.public {
		doc["included"] = map[string]any{"client_credential": s.newCredential(c, "auto-created at client creation").doc(true)}
	}
	writeJSON(w, http.StatusOK, doc)
}

// manageableClient returns the client of the path if the caller may manage
// it; otherwise it has answered.
func (s *Server) manageableClient(w http.ResponseWriter, r *http.Request, who *authCaller) *clientRec {
	c := s.clientRecs[r.PathValue("client_id")]
	if c == nil {
		authAPIError(w, r, http.StatusNotFound, "NOT_FOUND", "no such client")
		return nil
	}
	if !s.mayManageClient(who, c) {
		authAPIError(w, r, http.StatusForbidden, "FORBIDDEN", "you do not administer this client")
		return nil
	}
	return c
}

func (s *Server) handleClient(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	c := s.manageableClient(w, r, who)
	if c == nil {
		return
	}
	switch r.Method {
	case http.MethodPut:
		f, ok := decodeAuthBody(w, r, "client")
		if !ok {
			return
		}
		if n := strField(f, "name"); n != "" {
			c.name = n
		}
		copyFields(c.fields, f, clientFields...)
	case http.MethodDelete:
		delete(s.clientRecs, c.id)
		delete(s.clients, c.id)
		for id, sc := range s.scopes {
			if sc.client == c.id {
				delete(s.scopes, id)
			}
		}
		for _, at := range s.access {
			if at.client == c.id {
				at.revoked = true
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"client": c.doc()})
}

func (s *Server) handleCredentials(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	c := s.manageableClient(w, r, who)
	if c == nil {
		return
	}
	if r.Method == http.MethodPost {
		f, ok := decodeAuthBody(w, r, "credential")
		if !ok {
			return
		}
		if c.public {
			authAPIError(w, r, http.StatusBadRequest, "BAD_REQUEST", "a public client has no credentials")
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"credential": s.newCredential(c, strField(f, "name")).doc(true)})
		return
	}
	out := []any{}
	for _, cr := range c.creds {
		out = append(out, cr.doc(false))
	}
	writeJSON(w, http.StatusOK, map[string]any{"credentials": out})
}

func (s *Server) handleDeleteCredential(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	c := s.manageableClient(w, r, who)
	if c == nil {
		return
	}
	id := r.PathValue("credential_id")
	i := slices.IndexFunc(c.creds, func(cr *credential) bool { return cr.id == id })
	if i < 0 {
		authAPIError(w, r, http.StatusNotFound, "NOT_FOUND", "no such credential")
		return
	}
	cr := c.creds[i]
	c.creds = slices.Delete(c.creds, i, i+1)
	writeJSON(w, http.StatusOK, map[string]any{"credential": cr.doc(false)})
}

var scopeFields = []string{"name", "description", "advertised", "allows_refresh_token", "required_domains", "dependent_scopes"}

func (sc *scopeRec) scopeString() string {
	return "https://auth.globus.org/scopes/" + sc.client + "/" + sc.suffix
}

func (sc *scopeRec) doc() map[string]any {
	d := maps.Clone(sc.fields)
	d["id"], d["client"], d["scope_string"] = sc.id, sc.client, sc.scopeString()
	return d
}

// syncDependentScopes makes the dependent scopes that c's scopes declare
// what the dependent-token grant gives c, on top of those set with
// AddClient.
func (s *Server) syncDependentScopes(sc *scopeRec) {
	c := s.clients[sc.client]
	if c == nil {
		return
	}
	deps, _ := sc.fields["dependent_scopes"].([]any)
	for _, d := range deps {
		m, _ := d.(map[string]any)
		str := strField(m, "scope")
		if dep := s.scopes[str]; dep != nil {
			str = dep.scopeString()
		}
		if resourceServerOf(str) != "" && !slices.Contains(c.DependentScopes, str) {
			c.DependentScopes = append(c.DependentScopes, str)
		}
	}
}

func (s *Server) handleCreateScope(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	c := s.manageableClient(w, r, who)
	if c == nil {
		return
	}
	f, ok := decodeAuthBody(w, r, "scope")
	if !ok {
		return
	}
	sc := &scopeRec{id: s.newUUID(), client: c.id, suffix: strField(f, "scope_suffix"), fields: map[string]any{
		"advertised": false, "allows_refresh_token": true, "required_domains": []any{}, "dependent_scopes": []any{},
	}}
	if sc.suffix == "" || strings.ContainsAny(sc.suffix, " /") {
		authAPIError(w, r, http.StatusBadRequest, "BAD_REQUEST", "scope_suffix must be a non-empty word")
		return
	}
	for _, o := range s.scopes {
		if o.client == c.id && o.suffix == sc.suffix {
			authAPIError(w, r, http.StatusConflict, "CONFLICT", "the client already has a scope with this suffix")
			return
		}
	}
	copyFields(sc.fields, f, scopeFields...)
	s.scopes[sc.id] = sc
	c.scopeIDs = append(c.scopeIDs, sc.id)
	s.syncDependentScopes(sc)
	writeJSON(w, http.StatusOK, map[string]any{"scope": sc.doc()})
}

func (s *Server) handleScopes(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	q := r.URL.Query()
	ids, strs := splitList(q.Get("ids")), splitList(q.Get("scope_strings"))
	out := []any{}
	for _, id := range slices.Sorted(maps.Keys(s.scopes)) {
		sc := s.scopes[id]
		switch {
		case len(ids) > 0 || len(strs) > 0:
			if !slices.Contains(ids, sc.id) && !slices.Contains(strs, sc.scopeString()) {
				continue
			}
		default:
			if c := s.clientRecs[sc.client]; c == nil || !s.mayManageClient(who, c) {
				continue
			}
		}
		out = append(out, sc.doc())
	}
	writeJSON(w, http.StatusOK, map[string]any{"scopes": out})
}

func (s *Server) handleScope(w http.ResponseWriter, r *http.Request) {
	who := s.authAPICaller(w, r)
	if who == nil {
		return
	}
	sc := s.scopes[r.PathValue("scope_id")]
	if sc == nil {
		authAPIError(w, r, http.StatusNotFound, "NOT_FOUND", "no such scope")
		return
	}
	if r.Method == http.MethodGet {
		writeJSON(w, http.StatusOK, map[string]any{"scope": sc.doc()})
		return
	}
	c := s.clientRecs[sc.client]
	if c == nil || !s.mayManageClient(who, c) {
		authAPIError(w, r, http.StatusForbidden, "FORBIDDEN", "you do not administer the client of this scope")
		return
	}
	if r.Method == http.MethodPut {
		f, ok := decodeAuthBody(w, r, "scope")
		if !ok {
			return
		}
		if suf := strField(f, "scope_suffix"); suf != "" {
			sc.suffix = suf
		}
		copyFields(sc.fields, f, scopeFields...)
		s.syncDependentScopes(sc)
	} else {
		delete(s.scopes, sc.id)
		c.scopeIDs = slices.DeleteFunc(c.scopeIDs, func(id string) bool { return id == sc.id })
	}
	writeJSON(w, http.StatusOK, map[string]any{"scope": sc.doc()})
}
