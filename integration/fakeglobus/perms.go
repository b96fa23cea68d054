package fakeglobus

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/server/transferserver"
)

// The endpoint roles of Transfer, from the most powerful down.
const (
	// RoleAdministrator may do everything on the collection: change it,
	// manage roles and access rules, and see and manage every task.
	RoleAdministrator = "administrator"
	// RoleAccessManager may manage the access rules of the collection.
	RoleAccessManager = "access_manager"
	// RoleActivityManager may see, pause and cancel the tasks that use the
	// collection.
	RoleActivityManager = "activity_manager"
	// RoleActivityMonitor may see the tasks that use the collection.
	RoleActivityMonitor = "activity_monitor"
)

// maxRoles is how many role assignments an endpoint may have.
const maxRoles = 100

var knownRoles = []string{RoleAdministrator, RoleAccessManager, RoleActivityManager, RoleActivityMonitor}

// role is one role assignment on a collection.
type role struct {
	id            string
	principalType string
	principal     string
	role          string
}

// document renders ro as Transfer's role document.
func (ro *role) document() transferserver.Role {
	return transferserver.Role{
		DATATYPE:      ptr("role"),
		ID:            ptr(ro.id),
		PrincipalType: ptr(ro.principalType),
		Principal:     ptr(ro.principal),
		Role:          ptr(ro.role),
	}
}

// explicitRole reports whether id was given role on c itself.
func (c *collection) explicitRole(id, name string) bool {
	return slices.ContainsFunc(c.roles, func(ro *role) bool {
		return ro.role == name && ro.principalType == "identity" && ro.principal == id
	})
}

// effectiveRoles lists the roles id holds on c, in knownRoles order, as
// Transfer derives them: the owner is administrator; an administrator is
// also access_manager and activity_manager; activity roles on a host
// collection carry over to its guest collections; an activity_manager is
// also activity_monitor.
func (c *collection) effectiveRoles(id string) []string {
	has := map[string]bool{}
	for _, name := range knownRoles {
		has[name] = c.explicitRole(id, name)
	}
	if c.owner.ID == id {
		has[RoleAdministrator] = true
	}
	if has[RoleAdministrator] {
		has[RoleAccessManager], has[RoleActivityManager] = true, true
	}
	if c.host != nil {
		for _, name := range c.host.effectiveRoles(id) {
			if name == RoleActivityManager || name == RoleActivityMonitor {
				has[name] = true
			}
		}
	}
	if has[RoleActivityManager] {
		has[RoleActivityMonitor] = true
	}
	out := []string{}
	for _, name := range knownRoles {
		if has[name] {
			out = append(out, name)
		}
	}
	return out
}

// hasRole reports whether id holds one of roles on c.
func (c *collection) hasRole(id string, roles ...string) bool {
	return slices.ContainsFunc(c.effectiveRoles(id), func(r string) bool { return slices.Contains(roles, r) })
}

// aclAvailable reports whether c has access rules: guest collections do,
// mapped collections leave access to their storage gateway.
func (c *collection) aclAvailable() bool { return c.host != nil }

// monitorRoles may see tasks; managerRoles may also pause and cancel them.
var (
	monitorRoles = []string{RoleAdministrator, RoleActivityManager, RoleActivityMonitor}
	managerRoles = []string{RoleAdministrator, RoleActivityManager}
)

// ruleCovers reports whether an access rule on dir (ending in "/") covers
// the clean path p.
func ruleCovers(dir, p string) bool {
	return dir == "/" || strings.HasPrefix(p+"/", dir)
}

// access returns the permissions ("", "r" or "rw") id has at path p of c.
// Administrators may do anything. A mapped collection is open to every
// identity (as a storage gateway that maps everyone to an account) unless
// private. On a guest collection an access_manager has rw on "/", and
// access rules decide for everyone else.
func (c *collection) access(id, p string) string {
	if c.hasRole(id, RoleAdministrator) {
		return "rw"
	}
	if !c.aclAvailable() {
		if c.private {
			return ""
		}
		return "rw"
	}
	if c.hasRole(id, RoleAccessManager) {
		return "rw"
	}
	p = cleanPath(p)
	best := ""
	for _, a := range c.rules {
		applies := a.principalType == "anonymous" || a.principalType == "all_authenticated_users" ||
			a.principalType == "identity" && a.principal == id
		if applies && ruleCovers(a.path, p) && len(a.permissions) > len(best) {
			best = a.permissions
		}
	}
	return best
}

// visibleTo reports whether id may see c's endpoint document: anyone for
// public collections, identities with a role for private ones.
func (c *collection) visibleTo(id string) bool {
	return !c.private || len(c.effectiveRoles(id)) > 0
}

func (c *collection) canRead(id, p string) bool  { return c.access(id, p) != "" }
func (c *collection) canWrite(id, p string) bool { return c.access(id, p) == "rw" }

// AddRole gives the identity (id or username) a role on the collection.
func (s *Server) AddRole(collectionID, identity, roleName string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.collections[collectionID]
	if c == nil {
		return fmt.Errorf("%w: collection %q", ErrNotFound, collectionID)
	}
	rec := s.identity(identity)
	if rec == nil {
		return fmt.Errorf("%w: identity %q", ErrNotFound, identity)
	}
	if !slices.Contains(knownRoles, roleName) {
		return fmt.Errorf("%w: role %q", ErrInvalid, roleName)
	}
	if c.explicitRole(rec.ID, roleName) {
		return fmt.Errorf("%w: %s is already %s", ErrExists, rec.Username, roleName)
	}
	if roleName == RoleAccessManager && !c.aclAvailable() {
		return fmt.Errorf("%w: %s is only for collections with access rules", ErrInvalid, roleName)
	}
	c.roles = append(c.roles, &role{id: s.newUUID(), principalType: "identity", principal: rec.ID, role: roleName})
	return nil
}

// AddAccessRule gives an identity (id or username; "" with principalType
// all_authenticated_users or anonymous) permissions "r" or "rw" on dir
// of the collection, and returns the rule id.
func (s *Server) AddAccessRule(collectionID, principalType, identity, dir, permissions string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.collections[collectionID]
	if c == nil {
		return "", fmt.Errorf("%w: collection %q", ErrNotFound, collectionID)
	}
	principal := ""
	switch principalType {
	case "identity", "all_authenticated_users", "anonymous":
	default:
		return "", fmt.Errorf("%w: principal_type %q", ErrInvalid, principalType)
	}
	if principalType == "identity" {
		rec := s.identity(identity)
		if rec == nil {
			return "", fmt.Errorf("%w: identity %q", ErrNotFound, identity)
		}
		principal = rec.ID
	}
	if !validPermissions(permissions) || !strings.HasPrefix(dir, "/") || !strings.HasSuffix(dir, "/") {
		return "", fmt.Errorf("%w: access rule %q on %q", ErrInvalid, permissions, dir)
	}
	if !c.aclAvailable() {
		return "", fmt.Errorf("%w: collection %q has no access rules (only guest collections do)", ErrInvalid, collectionID)
	}
	a := &accessRule{id: s.newUUID(), principalType: principalType, principal: principal, path: dir, permissions: permissions, created: s.now()}
	c.rules = append(c.rules, a)
	return a.id, nil
}

// UpdateEndpoint answers PUT /endpoint/{endpoint_id}.
// It changes the display name, description and keywords of the
// collection, and the endpoint document fields organization, department,
// contact_email, contact_info, info_link, force_encryption, public,
// default_directory, user_message and user_message_link; the other
// fields of the body are ignored.
func (o transferOps) UpdateEndpoint(ctx context.Context, req transferserver.UpdateEndpointRequestObject) (transferserver.UpdateEndpointResponseObject, error) {
	c, err := o.s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	if err := checkRole(ctx, c, RoleAdministrator); err != nil {
		return nil, err
	}
	body := req.Body
	// The body is checked before anything changes, so that a refused
	// update changes nothing.
	if body.DisplayName != nil && strings.TrimSpace(*body.DisplayName) == "" {
		return nil, badRequest("display_name must be a non-empty string")
	}
	if body.DisplayName != nil {
		c.displayName = *body.DisplayName
	}
	// A null description or keywords clears them.
	if body.Description.IsSpecified() {
		c.description = body.Description.GetOrEmpty()
	}
	if body.Keywords.IsSpecified() {
		c.keywords = body.Keywords.GetOrEmpty()
	}
	set := &c.settings
	update(&set.Organization, body.Organization)
	update(&set.Department, body.Department)
	update(&set.ContactEmail, body.ContactEmail)
	update(&set.ContactInfo, body.ContactInfo)
	update(&set.InfoLink, body.InfoLink)
	update(&set.DefaultDirectory, body.DefaultDirectory)
	update(&set.UserMessage, body.UserMessage)
	update(&set.UserMessageLink, body.UserMessageLink)
	if body.ForceEncryption != nil {
		set.ForceEncryption = val(*body.ForceEncryption)
	}
	if body.Public != nil {
		// Only the document changes: who may see the collection does not.
		set.Public = val(*body.Public)
	}
	res := result(ctx, "result", "Updated", "Endpoint updated successfully")
	res.ID = val(globus.ID(c.id))
	return transferserver.UpdateEndpoint200JSONResponse(res), nil
}

// DeleteEndpoint answers DELETE /endpoint/{endpoint_id}.
// A collection that still hosts guest collections cannot be deleted.
func (o transferOps) DeleteEndpoint(ctx context.Context, req transferserver.DeleteEndpointRequestObject) (transferserver.DeleteEndpointResponseObject, error) {
	s := o.s
	c, err := s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	if err := checkRole(ctx, c, RoleAdministrator); err != nil {
		return nil, err
	}
	for _, g := range s.colOrder {
		if g.host == c {
			return nil, refuse(http.StatusConflict, "Conflict", fmt.Sprintf("Endpoint %s still hosts guest collection %s", c.id, g.id))
		}
	}
	delete(s.collections, c.id)
	s.colOrder = slices.DeleteFunc(s.colOrder, func(x *collection) bool { return x == c })
	return transferserver.DeleteEndpoint200JSONResponse(result(ctx, "result", "Deleted", "Endpoint deleted successfully")), nil
}

// SetSubscriptionID answers PUT /endpoint/{collection_id}/subscription.
// A null subscription_id removes the subscription.
func (o transferOps) SetSubscriptionID(ctx context.Context, req transferserver.SetSubscriptionIDRequestObject) (transferserver.SetSubscriptionIDResponseObject, error) {
	c, err := o.s.collectionOf(string(req.CollectionID))
	if err != nil {
		return nil, err
	}
	if err := checkRole(ctx, c, RoleAdministrator); err != nil {
		return nil, err
	}
	c.subscription = req.Body.SubscriptionID.GetOrEmpty()
	res := result(ctx, "result", "Updated", "Endpoint subscription updated successfully")
	res.ID = val(globus.ID(c.id))
	return transferserver.SetSubscriptionID200JSONResponse(res), nil
}

// SetSubscriptionAdminVerified answers PUT /endpoint/{collection_id}/subscription_admin_verified.
// Only a collection with a subscription can be verified; from then on its
// endpoint document shows subscription_admin_verified.
func (o transferOps) SetSubscriptionAdminVerified(ctx context.Context, req transferserver.SetSubscriptionAdminVerifiedRequestObject) (transferserver.SetSubscriptionAdminVerifiedResponseObject, error) {
	c, err := o.s.collectionOf(string(req.CollectionID))
	if err != nil {
		return nil, err
	}
	if err := checkRole(ctx, c, RoleAdministrator); err != nil {
		return nil, err
	}
	if c.subscription == "" {
		return nil, refuse(http.StatusConflict, "Conflict", "The endpoint has no subscription")
	}
	c.settings.SubscriptionAdminVerified = val(req.Body.SubscriptionAdminVerified)
	res := result(ctx, "result", "Updated", "Endpoint updated successfully")
	res.ID = val(globus.ID(c.id))
	return transferserver.SetSubscriptionAdminVerified200JSONResponse(res), nil
}

// guests returns the guest collections hosted on c, optionally only those
// owned by owner.
func (s *Server) guests(c *collection, owner string) []*collection {
	var out []*collection
	for _, g := range s.colOrder {
		if g.host == c && (owner == "" || g.owner.ID == owner) {
			out = append(out, g)
		}
	}
	return out
}

// endpointDocuments renders cs as endpoint documents for the identity
// callerID; the list is empty, not nil, when cs is.
func endpointDocuments(cs []*collection, callerID string) []transferserver.Endpoint {
	out := []transferserver.Endpoint{}
	for _, c := range cs {
		out = append(out, c.endpointDocument(callerID))
	}
	return out
}

// MySharedEndpointList answers GET /endpoint/{endpoint_id}/my_shared_endpoint_list.
// It lists the caller's guest collections hosted on the endpoint.
func (o transferOps) MySharedEndpointList(ctx context.Context, req transferserver.MySharedEndpointListRequestObject) (transferserver.MySharedEndpointListResponseObject, error) {
	s := o.s
	c, err := s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	me := callerID(ctx)
	data := endpointDocuments(s.guests(c, me), me)
	return transferserver.MySharedEndpointList200JSONResponse{DATATYPE: ptr("endpoint_list"), DATA: &data}, nil
}

// GetSharedEndpointList answers GET /endpoint/{endpoint_id}/shared_endpoint_list.
// It pages through every guest collection hosted on the endpoint. The
// fake's next_token is the position of the page's first collection; the
// spec binds it as a string, so it is parsed here.
func (o transferOps) GetSharedEndpointList(ctx context.Context, req transferserver.GetSharedEndpointListRequestObject) (transferserver.GetSharedEndpointListResponseObject, error) {
	s := o.s
	c, err := s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	if err := checkRole(ctx, c, RoleAdministrator); err != nil {
		return nil, err
	}
	max, err := count(ctx, "max_results", req.Params.MaxResults, 100)
	if err != nil {
		return nil, err
	}
	start := 0
	if tok := deref(req.Params.NextToken); tok != "" {
		n, err := strconv.Atoi(tok)
		if err != nil || n < 0 {
			return nil, badCount("next_token", tok)
		}
		start = n
	}
	if max == 0 {
		max = 100
	}
	all := s.guests(c, "")
	data := []transferserver.Endpoint{}
	for i := start; i < len(all) && i < start+max; i++ {
		data = append(data, all[i].endpointDocument(callerID(ctx)))
	}
	next := null[string]()
	if start+max < len(all) {
		next = val(strconv.Itoa(start + max))
	}
	return transferserver.GetSharedEndpointList200JSONResponse{
		DATATYPE:        ptr("shared_endpoint_list"),
		SharedEndpoints: &data,
		NextToken:       next,
	}, nil
}

// CreateSharedEndpoint answers POST /shared_endpoint.
// It creates a guest collection: the caller needs write access to the
// host path, and owns (administers) the new collection.
func (o transferOps) CreateSharedEndpoint(ctx context.Context, req transferserver.CreateSharedEndpointRequestObject) (transferserver.CreateSharedEndpointResponseObject, error) {
	s, body := o.s, req.Body
	hostID := deref(body.HostEndpointID)
	if hostID == "" {
		hostID = deref(body.HostEndpoint)
	}
	host, err := s.collectionOf(hostID)
	if err != nil {
		return nil, err
	}
	if host.host != nil {
		return nil, badRequest("A guest collection cannot host another one")
	}
	name, hostPath := deref(body.DisplayName), deref(body.HostPath)
	if strings.TrimSpace(name) == "" || hostPath == "" {
		return nil, badRequest("display_name and host_path are required")
	}
	p := cleanPath(hostPath)
	if n := host.lookup(p); n == nil || !n.dir {
		return nil, refuse(http.StatusNotFound, "ClientError.NotFound", fmt.Sprintf("Directory '%s' not found on endpoint %s", dirPath(p), host.id))
	}
	if err := checkWrite(ctx, host, p); err != nil {
		return nil, err
	}
	g := s.newCollection(s.newUUID(), name, callerOf(ctx).sub)
	g.host, g.hostPath, g.root = host, p, nil
	// A null description or keywords leaves them empty.
	g.description = body.Description.GetOrEmpty()
	g.keywords = body.Keywords.GetOrEmpty()
	s.addCollection(g)
	r := request(ctx)
	return transferserver.CreateSharedEndpoint201JSONResponse{
		DATATYPE:              ptr("endpoint_create_result"),
		Code:                  ptr("Created"),
		Message:               val("Shared endpoint created successfully"),
		RequestID:             val(requestID(r)),
		Resource:              val(resource(r)),
		ID:                    ptr(g.id),
		CanonicalName:         null[string](),
		GlobusConnectSetupKey: null[string](),
	}, nil
}

// serverDocument renders the one server of c (of its host, for a guest
// collection) as Transfer's server document.
func (c *collection) serverDocument() transferserver.Server {
	host := c
	if c.host != nil {
		host = c.host
	}
	name := host.id + ".data.fake.globus.org"
	return transferserver.Server{
		DATATYPE:              ptr("server"),
		ID:                    ptr(int64(host.serverID)),
		Hostname:              val(name),
		Port:                  val(443),
		Scheme:                val("gsiftp"),
		Subject:               null[string](),
		URI:                   val("gsiftp://" + name + ":443"),
		IncomingDataPortStart: val(50000),
		IncomingDataPortEnd:   val(51000),
		OutgoingDataPortStart: val(50000),
		OutgoingDataPortEnd:   val(51000),
		IsConnected:           val(true),
		IsPaused:              val(false),
	}
}

// EndpointServerList answers GET /endpoint/{endpoint_id}/server_list.
func (o transferOps) EndpointServerList(ctx context.Context, req transferserver.EndpointServerListRequestObject) (transferserver.EndpointServerListResponseObject, error) {
	c, err := o.s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	return transferserver.EndpointServerList200JSONResponse{
		DATATYPE: ptr("endpoint_server_list"),
		Endpoint: val(c.id),
		DATA:     &[]transferserver.Server{c.serverDocument()},
	}, nil
}

// GetEndpointServer answers GET /endpoint/{endpoint_id}/server/{server_id}.
func (o transferOps) GetEndpointServer(ctx context.Context, req transferserver.GetEndpointServerRequestObject) (transferserver.GetEndpointServerResponseObject, error) {
	c, err := o.s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	doc := c.serverDocument()
	if id := string(req.ServerID); id != strconv.FormatInt(*doc.ID, 10) {
		return nil, refuse(http.StatusNotFound, "ServerNotFound", fmt.Sprintf("Server '%s' not found on endpoint %s", id, c.id))
	}
	return transferserver.GetEndpointServer200JSONResponse(doc), nil
}

// EndpointRoleList answers GET /endpoint/{endpoint_id}/role_list.
// It lists the roles given on the collection itself, to anyone who
// holds one.
func (o transferOps) EndpointRoleList(ctx context.Context, req transferserver.EndpointRoleListRequestObject) (transferserver.EndpointRoleListResponseObject, error) {
	c, err := o.s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	if err := checkRole(ctx, c, knownRoles...); err != nil {
		return nil, err
	}
	data := []transferserver.Role{}
	for _, ro := range c.roles {
		data = append(data, ro.document())
	}
	return transferserver.EndpointRoleList200JSONResponse{DATATYPE: ptr("role_list"), DATA: &data}, nil
}

// AddEndpointRole answers POST /endpoint/{endpoint_id}/role.
// The answer is the new role document with the fields of a result.
func (o transferOps) AddEndpointRole(ctx context.Context, req transferserver.AddEndpointRoleRequestObject) (transferserver.AddEndpointRoleResponseObject, error) {
	s := o.s
	c, err := s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	if err := checkRole(ctx, c, RoleAdministrator); err != nil {
		return nil, err
	}
	principalType, principal, name := deref(req.Body.PrincipalType), deref(req.Body.Principal), deref(req.Body.Role)
	if !slices.Contains(knownRoles, name) {
		return nil, badRequest(fmt.Sprintf("Invalid role '%s'", name))
	}
	switch principalType {
	case "identity":
		if s.identities[principal] == nil {
			return nil, badRequest(fmt.Sprintf("Unknown identity '%s'", principal))
		}
	case "group":
		if principal == "" {
			return nil, badRequest("principal is required")
		}
	default:
		return nil, badRequest(fmt.Sprintf("Invalid principal_type '%s'", principalType))
	}
	if name == RoleAccessManager && !c.aclAvailable() {
		return nil, refuse(http.StatusConflict, "NotSupported", fmt.Sprintf("Endpoint %s does not support the access_manager role", c.id))
	}
	for _, ro := range c.roles {
		if ro.principalType == principalType && ro.principal == principal && ro.role == name {
			return nil, refuse(http.StatusConflict, "Exists", "This role assignment already exists")
		}
	}
	if len(c.roles) >= maxRoles {
		return nil, refuse(http.StatusConflict, "LimitExceeded", fmt.Sprintf("An endpoint may have at most %d role assignments", maxRoles))
	}
	ro := &role{id: s.newUUID(), principalType: principalType, principal: principal, role: name}
	c.roles = append(c.roles, ro)
	r := request(ctx)
	return transferserver.AddEndpointRole201JSONResponse{
		DATATYPE:      ptr("role"),
		ID:            val(ro.id),
		PrincipalType: val(ro.principalType),
		Principal:     val(ro.principal),
		Role:          val(ro.role),
		Code:          val("Created"),
		Message:       val("Role assignment created successfully"),
		RequestID:     val(requestID(r)),
		Resource:      val(resource(r)),
	}, nil
}

// roleOf returns the role assignment id of c, or a 404 RoleNotFound.
func roleOf(c *collection, id string) (*role, error) {
	for _, ro := range c.roles {
		if ro.id == id {
			return ro, nil
		}
	}
	return nil, refuse(http.StatusNotFound, "RoleNotFound", fmt.Sprintf("Role '%s' not found", id))
}

// GetEndpointRole answers GET /endpoint/{endpoint_id}/role/{role_id}.
func (o transferOps) GetEndpointRole(ctx context.Context, req transferserver.GetEndpointRoleRequestObject) (transferserver.GetEndpointRoleResponseObject, error) {
	c, err := o.s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	if err := checkRole(ctx, c, knownRoles...); err != nil {
		return nil, err
	}
	ro, err := roleOf(c, string(req.RoleID))
	if err != nil {
		return nil, err
	}
	return transferserver.GetEndpointRole200JSONResponse(ro.document()), nil
}

// DeleteEndpointRole answers DELETE /endpoint/{endpoint_id}/role/{role_id}.
func (o transferOps) DeleteEndpointRole(ctx context.Context, req transferserver.DeleteEndpointRoleRequestObject) (transferserver.DeleteEndpointRoleResponseObject, error) {
	c, err := o.s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	if err := checkRole(ctx, c, RoleAdministrator); err != nil {
		return nil, err
	}
	ro, err := roleOf(c, string(req.RoleID))
	if err != nil {
		return nil, err
	}
	c.roles = slices.DeleteFunc(c.roles, func(x *role) bool { return x == ro })
	return transferserver.DeleteEndpointRole200JSONResponse(result(ctx, "result", "Deleted", fmt.Sprintf("Role '%s' deleted successfully", ro.id))), nil
}
