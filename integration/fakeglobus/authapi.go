package fakeglobus

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/globus-go/globus/gen/server/authserver"
)

// The Auth API's projects, policies, clients, credentials and scopes
// (/v2/api/projects, /v2/api/policies, /v2/api/clients, /v2/api/scopes).
// Every operation authenticates its caller with authCallerOf and answers
// with the typed models of gen/server/authserver; a refusal is a
// refuse(status, code, detail), which authRefusal writes as the Auth API's
// errors document.

// project is an Auth project: it owns clients and policies, and its admins
// manage them.
type project struct {
	id, name, email string
	admins          []string
	adminGroups     []string
}

// policy is an authentication policy of a project.
type policy struct {
	id, project              string
	displayName, description string
	highAssurance            bool
	requiredMFA              bool
	// assuranceTimeout, domainsInclude and domainsExclude are always
	// specified: null until a value is set.
	assuranceTimeout nullable.Nullable[int]
	domainsInclude   nullable.Nullable[[]string]
	domainsExclude   nullable.Nullable[[]string]
}

// clientRec is what the Auth API knows of a client beyond Client: its
// registration, owner and credentials.
type clientRec struct {
	id, name   string
	public     bool
	project    string // "" for child clients and app instances
	parent     string
	clientType string
	visibility string
	redirects  []string
	fqdns      []string
	grantTypes []string
	links      authserver.ClientLinks
	// requiredIdp and preselectIdp are always specified: null until a
	// value is set.
	requiredIdp, preselectIdp nullable.Nullable[string]
	namedGrant                bool // prompt_for_named_grant
	effectiveInfo             bool // userinfo_from_effective_identity
	creds                     []*credential
	scopeIDs                  []string
	createdAt                 time.Time
}

type credential struct {
	id, name, client, secret string
	created                  time.Time
}

// scopeRec is a scope a client (as a resource server) registered.
type scopeRec struct {
	id, client, suffix string
	name, description  string
	advertised         bool
	allowsRefresh      bool
	requiredDomains    []string
	dependents         []authserver.DependentScope
}

// cloneNonNil returns a copy of l that is never nil, so that an empty
// list is answered as [] rather than null.
func cloneNonNil[T any](l []T) []T { return append([]T{}, l...) }

// Projects.

// projectModel renders p with its admin identities expanded; an admin the
// fake does not know is shown by id alone.
func (s *Server) projectModel(p *project) authserver.Project {
	admins := []authserver.Identity{}
	for _, id := range p.admins {
		if rec := s.identities[id]; rec != nil {
			admins = append(admins, rec.identityDocument())
		} else {
			admins = append(admins, authserver.Identity{ID: id})
		}
	}
	return authserver.Project{
		ID:            ptr(p.id),
		DisplayName:   ptr(p.name),
		ProjectName:   ptr(p.name),
		ContactEmail:  ptr(p.email),
		AdminIds:      val(cloneNonNil(p.admins)),
		AdminGroupIds: val(cloneNonNil(p.adminGroups)),
		Admins: &authserver.ProjectAdmins{
			Identities: &admins,
			Groups:     ptr([]authserver.Group{}),
		},
	}
}

// projectResponse renders p as the one-project answer.
func (s *Server) projectResponse(p *project) authserver.ProjectResponse {
	return authserver.ProjectResponse{Project: s.projectModel(p)}
}

func (p *project) isAdmin(id string) bool { return slices.Contains(p.admins, id) }

// administeredProject returns the project with id if who administers it;
// a project the caller does not administer is answered as missing.
func (s *Server) administeredProject(who *authCaller, id string) (*project, error) {
	p := s.projects[id]
	if p == nil || !p.isAdmin(who.id.ID) {
		return nil, refuse(http.StatusNotFound, "NOT_FOUND", "no such project, or you are not one of its admins")
	}
	return p, nil
}

// GetProjects answers GET /v2/api/projects.
func (o authOps) GetProjects(ctx context.Context, _ authserver.GetProjectsRequestObject) (authserver.GetProjectsResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	out := []authserver.Project{}
	for _, id := range slices.Sorted(maps.Keys(s.projects)) {
		if p := s.projects[id]; p.isAdmin(who.id.ID) {
			out = append(out, s.projectModel(p))
		}
	}
	return authserver.GetProjects200JSONResponse{Projects: out}, nil
}

// CreateProject answers POST /v2/api/projects.
func (o authOps) CreateProject(ctx context.Context, req authserver.CreateProjectRequestObject) (authserver.CreateProjectResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	f := req.Body.Project
	p := &project{id: s.newUUID(), name: f.DisplayName, email: f.ContactEmail, admins: []string{}, adminGroups: []string{}}
	if f.AdminIds != nil {
		p.admins = cloneNonNil(*f.AdminIds)
	}
	if f.AdminGroupIds != nil {
		p.adminGroups = cloneNonNil(*f.AdminGroupIds)
	}
	if p.name == "" || p.email == "" {
		return nil, refuse(http.StatusBadRequest, "BAD_REQUEST", "display_name and contact_email are required")
	}
	if !p.isAdmin(who.id.ID) {
		p.admins = append(p.admins, who.id.ID)
	}
	s.projects[p.id] = p
	return authserver.CreateProject200JSONResponse(s.projectResponse(p)), nil
}

// GetProject answers GET /v2/api/projects/{project_id}.
func (o authOps) GetProject(ctx context.Context, req authserver.GetProjectRequestObject) (authserver.GetProjectResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.administeredProject(who, string(req.ProjectID))
	if err != nil {
		return nil, err
	}
	return authserver.GetProject200JSONResponse(s.projectResponse(p)), nil
}

// UpdateProject answers PUT /v2/api/projects/{project_id}.
func (o authOps) UpdateProject(ctx context.Context, req authserver.UpdateProjectRequestObject) (authserver.UpdateProjectResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.administeredProject(who, string(req.ProjectID))
	if err != nil {
		return nil, err
	}
	f := req.Body.Project
	// A refused update changes nothing, so the body is checked first.
	if f.AdminIds != nil && len(*f.AdminIds) == 0 {
		return nil, refuse(http.StatusBadRequest, "BAD_REQUEST", "a project needs at least one admin")
	}
	// An empty name or address leaves the old one.
	if f.DisplayName != nil && *f.DisplayName != "" {
		p.name = *f.DisplayName
	}
	if f.ContactEmail != nil && *f.ContactEmail != "" {
		p.email = *f.ContactEmail
	}
	if f.AdminIds != nil {
		p.admins = cloneNonNil(*f.AdminIds)
	}
	if f.AdminGroupIds != nil {
		p.adminGroups = cloneNonNil(*f.AdminGroupIds)
	}
	return authserver.UpdateProject200JSONResponse(s.projectResponse(p)), nil
}

// DeleteProject answers DELETE /v2/api/projects/{project_id}.
func (o authOps) DeleteProject(ctx context.Context, req authserver.DeleteProjectRequestObject) (authserver.DeleteProjectResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.administeredProject(who, string(req.ProjectID))
	if err != nil {
		return nil, err
	}
	for _, c := range s.clientRecs {
		if c.project == p.id {
			return nil, refuse(http.StatusConflict, "CONFLICT", "the project still has clients")
		}
	}
	delete(s.projects, p.id)
	for id, pol := range s.policies {
		if pol.project == p.id {
			delete(s.policies, id)
		}
	}
	return authserver.DeleteProject200JSONResponse(s.projectResponse(p)), nil
}

// Policies.

// model renders pol.
func (pol *policy) model() authserver.Policy {
	return authserver.Policy{
		ID:                             ptr(pol.id),
		ProjectID:                      ptr(pol.project),
		DisplayName:                    ptr(pol.displayName),
		Description:                    ptr(pol.description),
		HighAssurance:                  ptr(pol.highAssurance),
		AuthenticationAssuranceTimeout: pol.assuranceTimeout,
		RequiredMfa:                    ptr(pol.requiredMFA),
		DomainConstraintsInclude:       cloneNullableList(pol.domainsInclude),
		DomainConstraintsExclude:       cloneNullableList(pol.domainsExclude),
	}
}

// cloneNullableList copies a nullable list, keeping null as null and an
// empty list as [].
func cloneNullableList(l nullable.Nullable[[]string]) nullable.Nullable[[]string] {
	if v, err := l.Get(); err == nil {
		return val(cloneNonNil(v))
	}
	return l
}

// administeredPolicy returns the policy with id if who administers its
// project.
func (s *Server) administeredPolicy(who *authCaller, id string) (*policy, error) {
	pol := s.policies[id]
	if pol == nil {
		return nil, refuse(http.StatusNotFound, "NOT_FOUND", "no such policy")
	}
	if p := s.projects[pol.project]; p == nil || !p.isAdmin(who.id.ID) {
		return nil, refuse(http.StatusForbidden, "FORBIDDEN", "only an admin of the policy's project may see or change it")
	}
	return pol, nil
}

// GetPolicies answers GET /v2/api/policies.
func (o authOps) GetPolicies(ctx context.Context, _ authserver.GetPoliciesRequestObject) (authserver.GetPoliciesResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	out := []authserver.Policy{}
	for _, id := range slices.Sorted(maps.Keys(s.policies)) {
		pol := s.policies[id]
		if p := s.projects[pol.project]; p != nil && p.isAdmin(who.id.ID) {
			out = append(out, pol.model())
		}
	}
	return authserver.GetPolicies200JSONResponse{Policies: out}, nil
}

// CreatePolicy answers POST /v2/api/policies.
func (o authOps) CreatePolicy(ctx context.Context, req authserver.CreatePolicyRequestObject) (authserver.CreatePolicyResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	f := req.Body.Policy
	p := s.projects[f.ProjectID]
	if p == nil || !p.isAdmin(who.id.ID) {
		return nil, refuse(http.StatusForbidden, "FORBIDDEN", "only an admin of the project may create its policies")
	}
	pol := &policy{
		id: s.newUUID(), project: p.id,
		displayName: f.DisplayName, description: f.Description,
		assuranceTimeout: null[int](),
		domainsInclude:   null[[]string](),
		domainsExclude:   null[[]string](),
	}
	if f.HighAssurance != nil {
		pol.highAssurance = *f.HighAssurance
	}
	if f.RequiredMfa != nil {
		pol.requiredMFA = *f.RequiredMfa
	}
	// A nullable field sent (with a value or null) replaces the default.
	if f.AuthenticationAssuranceTimeout.IsSpecified() {
		pol.assuranceTimeout = f.AuthenticationAssuranceTimeout
	}
	if f.DomainConstraintsInclude.IsSpecified() {
		pol.domainsInclude = f.DomainConstraintsInclude
	}
	if f.DomainConstraintsExclude.IsSpecified() {
		pol.domainsExclude = f.DomainConstraintsExclude
	}
	s.policies[pol.id] = pol
	return authserver.CreatePolicy200JSONResponse{Policy: pol.model()}, nil
}

// GetPolicy answers GET /v2/api/policies/{policy_id}.
func (o authOps) GetPolicy(ctx context.Context, req authserver.GetPolicyRequestObject) (authserver.GetPolicyResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	pol, err := s.administeredPolicy(who, string(req.PolicyID))
	if err != nil {
		return nil, err
	}
	return authserver.GetPolicy200JSONResponse{Policy: pol.model()}, nil
}

// UpdatePolicy answers PUT /v2/api/policies/{policy_id}.
func (o authOps) UpdatePolicy(ctx context.Context, req authserver.UpdatePolicyRequestObject) (authserver.UpdatePolicyResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	pol, err := s.administeredPolicy(who, string(req.PolicyID))
	if err != nil {
		return nil, err
	}
	f := req.Body.Policy
	// Moving the policy needs admin rights on the target project too.
	if f.ProjectID != nil && *f.ProjectID != "" && *f.ProjectID != pol.project {
		if q := s.projects[*f.ProjectID]; q == nil || !q.isAdmin(who.id.ID) {
			return nil, refuse(http.StatusForbidden, "FORBIDDEN", "you are not an admin of the target project")
		}
		pol.project = *f.ProjectID
	}
	if f.DisplayName != nil {
		pol.displayName = *f.DisplayName
	}
	if f.Description != nil {
		pol.description = *f.Description
	}
	if f.HighAssurance != nil {
		pol.highAssurance = *f.HighAssurance
	}
	if f.RequiredMfa != nil {
		pol.requiredMFA = *f.RequiredMfa
	}
	update(&pol.assuranceTimeout, f.AuthenticationAssuranceTimeout)
	update(&pol.domainsInclude, f.DomainConstraintsInclude)
	update(&pol.domainsExclude, f.DomainConstraintsExclude)
	return authserver.UpdatePolicy200JSONResponse{Policy: pol.model()}, nil
}

// DeletePolicy answers DELETE /v2/api/policies/{policy_id}.
func (o authOps) DeletePolicy(ctx context.Context, req authserver.DeletePolicyRequestObject) (authserver.DeletePolicyResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	pol, err := s.administeredPolicy(who, string(req.PolicyID))
	if err != nil {
		return nil, err
	}
	delete(s.policies, pol.id)
	return authserver.DeletePolicy200JSONResponse{Policy: pol.model()}, nil
}

// Clients.

// registration renders c as a registered client.
func (c *clientRec) registration() authserver.ClientRegistration {
	links := c.links
	return authserver.ClientRegistration{
		ID:                            ptr(c.id),
		Name:                          ptr(c.name),
		ClientType:                    ptr(c.clientType),
		PublicClient:                  ptr(c.public),
		Visibility:                    ptr(c.visibility),
		Project:                       orNull(c.project),
		ParentClient:                  orNull(c.parent),
		RedirectUris:                  ptr(cloneNonNil(c.redirects)),
		GrantTypes:                    ptr(cloneNonNil(c.grantTypes)),
		Scopes:                        ptr(cloneNonNil(c.scopeIDs)),
		Fqdns:                         ptr(cloneNonNil(c.fqdns)),
		Links:                         &links,
		RequiredIdp:                   c.requiredIdp,
		PreselectIdp:                  c.preselectIdp,
		PromptForNamedGrant:           ptr(c.namedGrant),
		UserinfoFromEffectiveIdentity: ptr(c.effectiveInfo),
	}
}

// createdClient renders c as the client of a registration's answer, which
// has the fields of a registered client at its top level.
func (c *clientRec) createdClient() authserver.CreatedClient {
	r := c.registration()
	return authserver.CreatedClient{
		ID:                            r.ID,
		Name:                          r.Name,
		ClientType:                    r.ClientType,
		PublicClient:                  r.PublicClient,
		Visibility:                    r.Visibility,
		Project:                       r.Project,
		ParentClient:                  r.ParentClient,
		RedirectUris:                  r.RedirectUris,
		GrantTypes:                    r.GrantTypes,
		Scopes:                        r.Scopes,
		Fqdns:                         r.Fqdns,
		Links:                         r.Links,
		RequiredIdp:                   r.RequiredIdp,
		PreselectIdp:                  r.PreselectIdp,
		PromptForNamedGrant:           r.PromptForNamedGrant,
		UserinfoFromEffectiveIdentity: r.UserinfoFromEffectiveIdentity,
	}
}

// mayManageClient reports whether the caller administers c: an admin of
// its project, the client that created it, or the client itself.
func (s *Server) mayManageClient(who *authCaller, c *clientRec) bool {
	if p := s.projects[c.project]; p != nil && p.isAdmin(who.id.ID) {
		return true
	}
	return c.parent != "" && who.id.ID == c.parent || who.id.ID == c.id
}

// manageableClient returns the client with id if the caller may manage
// it.
func (s *Server) manageableClient(who *authCaller, id string) (*clientRec, error) {
	c := s.clientRecs[id]
	if c == nil {
		return nil, refuse(http.StatusNotFound, "NOT_FOUND", "no such client")
	}
	if !s.mayManageClient(who, c) {
		return nil, refuse(http.StatusForbidden, "FORBIDDEN", "you do not administer this client")
	}
	return c, nil
}

// GetClients answers GET /v2/api/clients.
func (o authOps) GetClients(ctx context.Context, req authserver.GetClientsRequestObject) (authserver.GetClientsResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	if fqdn := req.Params.Fqdn; fqdn != nil && *fqdn != "" {
		// Looked up by name, a client is found whoever administers it.
		for _, id := range slices.Sorted(maps.Keys(s.clientRecs)) {
			if c := s.clientRecs[id]; slices.Contains(c.fqdns, *fqdn) {
				return authserver.GetClients200JSONResponse{Client: ptr(c.registration())}, nil
			}
		}
		return nil, refuse(http.StatusNotFound, "NOT_FOUND", "no client is registered for "+*fqdn)
	}
	out := []authserver.ClientRegistration{}
	for _, id := range slices.Sorted(maps.Keys(s.clientRecs)) {
		if c := s.clientRecs[id]; s.mayManageClient(who, c) {
			out = append(out, c.registration())
		}
	}
	return authserver.GetClients200JSONResponse{Clients: &out}, nil
}

// CreateClient answers POST /v2/api/clients.
func (o authOps) CreateClient(ctx context.Context, req authserver.CreateClientRequestObject) (authserver.CreateClientResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	f := req.Body.Client
	if strings.TrimSpace(f.Name) == "" {
		return nil, refuse(http.StatusBadRequest, "BAD_REQUEST", "name is required")
	}
	// client_type decides; public_client is the older way to choose.
	typ := ""
	if f.ClientType != nil {
		typ = string(*f.ClientType)
	}
	public := f.PublicClient != nil && *f.PublicClient
	if typ == "public_installed_client" || typ == "public_webapp_client" {
		public = true
	}
	if typ == "" {
		typ = "confidential_client"
		if public {
			typ = "public_installed_client"
		}
	}
	c := &clientRec{
		id: s.newUUID(), name: f.Name, public: public, createdAt: s.now(),
		clientType: typ, visibility: "private", redirects: []string{}, fqdns: []string{},
		links:         authserver.ClientLinks{TermsAndConditions: null[string](), PrivacyPolicy: null[string]()},
		requiredIdp:   null[string](),
		preselectIdp:  null[string](),
		effectiveInfo: true,
	}
	if f.RedirectUris != nil {
		c.redirects = cloneNonNil(*f.RedirectUris)
	}
	if f.Links != nil {
		c.links = *f.Links
	}
	if f.RequiredIdp.IsSpecified() {
		c.requiredIdp = f.RequiredIdp
	}
	if f.PreselectIdp.IsSpecified() {
		c.preselectIdp = f.PreselectIdp
	}
	if f.PromptForNamedGrant != nil {
		c.namedGrant = *f.PromptForNamedGrant
	}
	if f.UserinfoFromEffectiveIdentity != nil {
		c.effectiveInfo = *f.UserinfoFromEffectiveIdentity
	}
	if f.Visibility != nil {
		c.visibility = string(*f.Visibility)
	}
	if f.Fqdns != nil {
		c.fqdns = cloneNonNil(*f.Fqdns)
	}
	switch {
	case f.TemplateID != nil && *f.TemplateID != "":
		// A native app creating an instance of itself: a confidential
		// client whose parent is the app.
		tmpl := s.clientRecs[*f.TemplateID]
		if tmpl == nil || !tmpl.public {
			return nil, refuse(http.StatusBadRequest, "BAD_REQUEST", "template_id must name a native app (public client)")
		}
		c.parent, c.public = tmpl.id, false
		c.clientType = "confidential_client"
	case f.Project != nil && *f.Project != "":
		p := s.projects[*f.Project]
		if p == nil || !p.isAdmin(who.id.ID) {
			return nil, refuse(http.StatusForbidden, "FORBIDDEN", "only an admin of the project may register clients in it")
		}
		c.project = p.id
	case who.id.ID == who.client:
		c.parent = who.client // a client registering a child client
	default:
		return nil, refuse(http.StatusBadRequest, "BAD_REQUEST", "a user's client needs a project")
	}
	c.grantTypes = []string{"authorization_code", "refresh_token"}
	if !c.public {
		c.grantTypes = []string{"authorization_code", "client_credentials", "refresh_token", "urn:globus:auth:grant_type:dependent_token"}
	}
	s.clientRecs[c.id] = c
	s.clients[c.id] = &Client{ID: c.id}
	s.clientIdentity(c.id)
	doc := authserver.ClientCreateResponse{Client: c.createdClient()}
	if !c.public {
		// A confidential client gets its first secret with its registration.
		cr := s.newCredential(c, "auto-created at client creation")
		doc.Included = &authserver.ClientIncluded{ClientCredential: ptr(cr.model(true))}
	}
	return authserver.CreateClient200JSONResponse(doc), nil
}

// GetClient answers GET /v2/api/clients/{client_id}.
func (o authOps) GetClient(ctx context.Context, req authserver.GetClientRequestObject) (authserver.GetClientResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.manageableClient(who, string(req.ClientID))
	if err != nil {
		return nil, err
	}
	return authserver.GetClient200JSONResponse{Client: c.registration()}, nil
}

// UpdateClient answers PUT /v2/api/clients/{client_id}.
func (o authOps) UpdateClient(ctx context.Context, req authserver.UpdateClientRequestObject) (authserver.UpdateClientResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.manageableClient(who, string(req.ClientID))
	if err != nil {
		return nil, err
	}
	f := req.Body.Client
	if f.Name != nil && *f.Name != "" {
		c.name = *f.Name
	}
	if f.RedirectUris != nil {
		c.redirects = cloneNonNil(*f.RedirectUris)
	}
	if f.Links != nil {
		c.links = *f.Links
	}
	update(&c.requiredIdp, f.RequiredIdp)
	update(&c.preselectIdp, f.PreselectIdp)
	if f.PromptForNamedGrant != nil {
		c.namedGrant = *f.PromptForNamedGrant
	}
	if f.UserinfoFromEffectiveIdentity != nil {
		c.effectiveInfo = *f.UserinfoFromEffectiveIdentity
	}
	if f.Visibility != nil {
		c.visibility = string(*f.Visibility)
	}
	if f.Fqdns != nil {
		c.fqdns = cloneNonNil(*f.Fqdns)
	}
	return authserver.UpdateClient200JSONResponse{Client: c.registration()}, nil
}

// DeleteClient answers DELETE /v2/api/clients/{client_id}.
func (o authOps) DeleteClient(ctx context.Context, req authserver.DeleteClientRequestObject) (authserver.DeleteClientResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.manageableClient(who, string(req.ClientID))
	if err != nil {
		return nil, err
	}
	// The client goes with its scopes, and its tokens stop working.
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
	return authserver.DeleteClient200JSONResponse{Client: c.registration()}, nil
}

// Credentials.

func (s *Server) newCredential(c *clientRec, name string) *credential {
	cr := &credential{id: s.newUUID(), name: name, client: c.id, secret: s.randString(alnum, 43), created: s.now()}
	c.creds = append(c.creds, cr)
	return cr
}

// model renders cr; its secret is null unless withSecret, as Auth only
// shows a secret in the answer that created it.
func (cr *credential) model(withSecret bool) authserver.ClientCredential {
	m := authserver.ClientCredential{
		ID:      ptr(cr.id),
		Name:    ptr(cr.name),
		Client:  ptr(cr.client),
		Created: val(authTime(cr.created)),
		Secret:  null[string](),
	}
	if withSecret {
		m.Secret = val(cr.secret)
	}
	return m
}

// GetClientCredentials answers GET /v2/api/clients/{client_id}/credentials.
func (o authOps) GetClientCredentials(ctx context.Context, req authserver.GetClientCredentialsRequestObject) (authserver.GetClientCredentialsResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.manageableClient(who, string(req.ClientID))
	if err != nil {
		return nil, err
	}
	out := []authserver.ClientCredential{}
	for _, cr := range c.creds {
		out = append(out, cr.model(false))
	}
	return authserver.GetClientCredentials200JSONResponse{Credentials: out}, nil
}

// CreateClientCredential answers POST /v2/api/clients/{client_id}/credentials.
func (o authOps) CreateClientCredential(ctx context.Context, req authserver.CreateClientCredentialRequestObject) (authserver.CreateClientCredentialResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.manageableClient(who, string(req.ClientID))
	if err != nil {
		return nil, err
	}
	if c.public {
		return nil, refuse(http.StatusBadRequest, "BAD_REQUEST", "a public client has no credentials")
	}
	cr := s.newCredential(c, req.Body.Credential.Name)
	return authserver.CreateClientCredential200JSONResponse{Credential: cr.model(true)}, nil
}

// DeleteClientCredential answers DELETE /v2/api/clients/{client_id}/credentials/{credential_id}.
func (o authOps) DeleteClientCredential(ctx context.Context, req authserver.DeleteClientCredentialRequestObject) (authserver.DeleteClientCredentialResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.manageableClient(who, string(req.ClientID))
	if err != nil {
		return nil, err
	}
	id := string(req.CredentialID)
	i := slices.IndexFunc(c.creds, func(cr *credential) bool { return cr.id == id })
	if i < 0 {
		return nil, refuse(http.StatusNotFound, "NOT_FOUND", "no such credential")
	}
	cr := c.creds[i]
	c.creds = slices.Delete(c.creds, i, i+1)
	return authserver.DeleteClientCredential200JSONResponse{Credential: cr.model(false)}, nil
}

// Scopes.

func (sc *scopeRec) scopeString() string {
	return "https://auth.globus.org/scopes/" + sc.client + "/" + sc.suffix
}

// model renders sc.
func (sc *scopeRec) model() authserver.Scope {
	return authserver.Scope{
		ID:                 ptr(sc.id),
		Client:             ptr(sc.client),
		ScopeString:        ptr(sc.scopeString()),
		Name:               ptr(sc.name),
		Description:        ptr(sc.description),
		Advertised:         ptr(sc.advertised),
		AllowsRefreshToken: ptr(sc.allowsRefresh),
		RequiredDomains:    ptr(cloneNonNil(sc.requiredDomains)),
		DependentScopes:    ptr(cloneNonNil(sc.dependents)),
	}
}

// syncDependentScopes makes the dependent scopes that c's scopes declare
// what the dependent-token grant gives c, on top of those set with
// AddClient.
func (s *Server) syncDependentScopes(sc *scopeRec) {
	c := s.clients[sc.client]
	if c == nil {
		return
	}
	for _, d := range sc.dependents {
		// A dependent scope is named by id or by scope string.
		str := d.Scope
		if dep := s.scopes[str]; dep != nil {
			str = dep.scopeString()
		}
		if resourceServerOf(str) != "" && !slices.Contains(c.DependentScopes, str) {
			c.DependentScopes = append(c.DependentScopes, str)
		}
	}
}

// CreateScope answers POST /v2/api/clients/{client_id}/scopes.
func (o authOps) CreateScope(ctx context.Context, req authserver.CreateScopeRequestObject) (authserver.CreateScopeResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.manageableClient(who, string(req.ClientID))
	if err != nil {
		return nil, err
	}
	f := req.Body.Scope
	sc := &scopeRec{
		id: s.newUUID(), client: c.id, suffix: f.ScopeSuffix,
		name: f.Name, description: f.Description,
		allowsRefresh: true, requiredDomains: []string{}, dependents: []authserver.DependentScope{},
	}
	if sc.suffix == "" || strings.ContainsAny(sc.suffix, " /") {
		return nil, refuse(http.StatusBadRequest, "BAD_REQUEST", "scope_suffix must be a non-empty word")
	}
	for _, other := range s.scopes {
		if other.client == c.id && other.suffix == sc.suffix {
			return nil, refuse(http.StatusConflict, "CONFLICT", "the client already has a scope with this suffix")
		}
	}
	if f.Advertised != nil {
		sc.advertised = *f.Advertised
	}
	if f.AllowsRefreshToken != nil {
		sc.allowsRefresh = *f.AllowsRefreshToken
	}
	if f.RequiredDomains != nil {
		sc.requiredDomains = cloneNonNil(*f.RequiredDomains)
	}
	if f.DependentScopes != nil {
		sc.dependents = cloneNonNil(*f.DependentScopes)
	}
	s.scopes[sc.id] = sc
	c.scopeIDs = append(c.scopeIDs, sc.id)
	s.syncDependentScopes(sc)
	return authserver.CreateScope200JSONResponse{Scope: sc.model()}, nil
}

// nonEmptyTrimmed returns the items of a comma-separated list parameter
// with spaces trimmed and empty items left out, as the fake always read
// them: an empty parameter is no list at all.
func nonEmptyTrimmed(l *[]string) []string {
	if l == nil {
		return nil
	}
	var out []string
	for _, x := range *l {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// GetScopes answers GET /v2/api/scopes.
func (o authOps) GetScopes(ctx context.Context, req authserver.GetScopesRequestObject) (authserver.GetScopesResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	ids, strs := nonEmptyTrimmed(req.Params.Ids), nonEmptyTrimmed(req.Params.ScopeStrings)
	out := []authserver.Scope{}
	for _, id := range slices.Sorted(maps.Keys(s.scopes)) {
		sc := s.scopes[id]
		if len(ids) > 0 || len(strs) > 0 {
			// Looked up by id or string, any scope is found.
			if !slices.Contains(ids, sc.id) && !slices.Contains(strs, sc.scopeString()) {
				continue
			}
		} else if c := s.clientRecs[sc.client]; c == nil || !s.mayManageClient(who, c) {
			// Listed, only the scopes of the caller's clients.
			continue
		}
		out = append(out, sc.model())
	}
	return authserver.GetScopes200JSONResponse{Scopes: out}, nil
}

// scopeOf returns the scope with id.
func (s *Server) scopeOf(id string) (*scopeRec, error) {
	if sc := s.scopes[id]; sc != nil {
		return sc, nil
	}
	return nil, refuse(http.StatusNotFound, "NOT_FOUND", "no such scope")
}

// manageableScope returns the scope with id if the caller administers
// its client.
func (s *Server) manageableScope(who *authCaller, id string) (*scopeRec, *clientRec, error) {
	sc, err := s.scopeOf(id)
	if err != nil {
		return nil, nil, err
	}
	c := s.clientRecs[sc.client]
	if c == nil || !s.mayManageClient(who, c) {
		return nil, nil, refuse(http.StatusForbidden, "FORBIDDEN", "you do not administer the client of this scope")
	}
	return sc, c, nil
}

// GetScope answers GET /v2/api/scopes/{scope_id}.
func (o authOps) GetScope(ctx context.Context, req authserver.GetScopeRequestObject) (authserver.GetScopeResponseObject, error) {
	s := o.s
	if _, err := s.authCallerOf(ctx); err != nil {
		return nil, err
	}
	// Any caller may read a scope.
	sc, err := s.scopeOf(string(req.ScopeID))
	if err != nil {
		return nil, err
	}
	return authserver.GetScope200JSONResponse{Scope: sc.model()}, nil
}

// UpdateScope answers PUT /v2/api/scopes/{scope_id}.
func (o authOps) UpdateScope(ctx context.Context, req authserver.UpdateScopeRequestObject) (authserver.UpdateScopeResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	sc, _, err := s.manageableScope(who, string(req.ScopeID))
	if err != nil {
		return nil, err
	}
	f := req.Body.Scope
	if f.ScopeSuffix != nil && *f.ScopeSuffix != "" {
		sc.suffix = *f.ScopeSuffix
	}
	if f.Name != nil {
		sc.name = *f.Name
	}
	if f.Description != nil {
		sc.description = *f.Description
	}
	if f.Advertised != nil {
		sc.advertised = *f.Advertised
	}
	if f.AllowsRefreshToken != nil {
		sc.allowsRefresh = *f.AllowsRefreshToken
	}
	if f.RequiredDomains != nil {
		sc.requiredDomains = cloneNonNil(*f.RequiredDomains)
	}
	if f.DependentScopes != nil {
		sc.dependents = cloneNonNil(*f.DependentScopes)
	}
	s.syncDependentScopes(sc)
	return authserver.UpdateScope200JSONResponse{Scope: sc.model()}, nil
}

// DeleteScope answers DELETE /v2/api/scopes/{scope_id}.
func (o authOps) DeleteScope(ctx context.Context, req authserver.DeleteScopeRequestObject) (authserver.DeleteScopeResponseObject, error) {
	s := o.s
	who, err := s.authCallerOf(ctx)
	if err != nil {
		return nil, err
	}
	sc, c, err := s.manageableScope(who, string(req.ScopeID))
	if err != nil {
		return nil, err
	}
	delete(s.scopes, sc.id)
	c.scopeIDs = slices.DeleteFunc(c.scopeIDs, func(id string) bool { return id == sc.id })
	return authserver.DeleteScope200JSONResponse{Scope: sc.model()}, nil
}
