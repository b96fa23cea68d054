package fakeglobus

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
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

func (ro *role) doc() map[string]any {
	return map[string]any{
		"DATA_TYPE":      "role",
		"id":             ro.id,
		"principal_type": ro.principalType,
		"principal":      ro.principal,
		"role":           ro.role,
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

// denied answers 403 PermissionDenied, as Transfer does.
func (s *Server) denied(w http.ResponseWriter, r *http.Request, msg string) {
	s.transferError(w, r, http.StatusForbidden, "PermissionDenied", msg)
}

// mayRead answers 403 and returns false when the caller may not read p.
func (s *Server) mayRead(w http.ResponseWriter, r *http.Request, c *collection, p string) bool {
	if c.canRead(caller(r).sub.ID, p) {
		return true
	}
	s.denied(w, r, fmt.Sprintf("No read access to '%s' on endpoint %s", p, c.id))
	return false
}

// mayWrite answers 403 and returns false when the caller may not write p.
func (s *Server) mayWrite(w http.ResponseWriter, r *http.Request, c *collection, p string) bool {
	if c.canWrite(caller(r).sub.ID, p) {
		return true
	}
	s.denied(w, r, fmt.Sprintf("No write access to '%s' on endpoint %s", p, c.id))
	return false
}

// mayRole answers 403 and returns false unless the caller holds one of
// roles on c.
func (s *Server) mayRole(w http.ResponseWriter, r *http.Request, c *collection, roles ...string) bool {
	if c.hasRole(caller(r).sub.ID, roles...) {
		return true
	}
	s.denied(w, r, fmt.Sprintf("This operation needs one of the roles %s on endpoint %s", strings.Join(roles, ", "), c.id))
	return false
}

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

// The endpoint fields update_endpoint may change.
var endpointFields = []string{"organization", "department", "contact_email", "contact_info", "info_link",
	"force_encryption", "public", "default_directory", "user_message", "user_message_link"}

func (s *Server) handleUpdateEndpoint(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil || !s.mayRole(w, r, c, RoleAdministrator) {
		return
	}
	var body map[string]any
	if !s.decodeBody(w, r, &body) {
		return
	}
	for k, v := range body {
		switch k {
		case "display_name":
			name, ok := v.(string)
			if !ok || strings.TrimSpace(name) == "" {
				s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "display_name must be a non-empty string")
				return
			}
			c.displayName = name
		case "description":
			c.description, _ = v.(string)
		case "keywords":
			c.keywords, _ = v.(string)
		default:
			if slices.Contains(endpointFields, k) {
				c.extra[k] = v
			}
		}
	}
	transferResult(w, r, http.StatusOK, "result", "Updated", "Endpoint updated successfully", map[string]any{"id": c.id})
}

func (s *Server) handleDeleteEndpoint(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil || !s.mayRole(w, r, c, RoleAdministrator) {
		return
	}
	for _, g := range s.colOrder {
		if g.host == c {
			s.transferError(w, r, http.StatusConflict, "Conflict", fmt.Sprintf("Endpoint %s still hosts guest collection %s", c.id, g.id))
			return
		}
	}
	delete(s.collections, c.id)
	s.colOrder = slices.DeleteFunc(s.colOrder, func(x *collection) bool { return x == c })
	transferResult(w, r, http.StatusOK, "result", "Deleted", "Endpoint deleted successfully", nil)
}

func (s *Server) handleSubscription(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil || !s.mayRole(w, r, c, RoleAdministrator) {
		return
	}
	var body struct {
		SubscriptionID *string `json:"subscription_id"`
	}
	if !s.decodeBody(w, r, &body) {
		return
	}
	c.subscription = ""
	if body.SubscriptionID != nil {
		c.subscription = *body.SubscriptionID
	}
	transferResult(w, r, http.StatusOK, "result", "Updated", "Endpoint subscription updated successfully", map[string]any{"id": c.id})
}

func (s *Server) handleAdminVerified(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil || !s.mayRole(w, r, c, RoleAdministrator) {
		return
	}
	var body struct {
		Verified bool `json:"subscription_admin_verified"`
	}
	if !s.decodeBody(w, r, &body) {
		return
	}
	if c.subscription == "" {
		s.transferError(w, r, http.StatusConflict, "Conflict", "The endpoint has no subscription")
		return
	}
	c.adminVerified = body.Verified
	c.extra["subscription_admin_verified"] = body.Verified
	transferResult(w, r, http.StatusOK, "result", "Updated", "Endpoint updated successfully", map[string]any{"id": c.id})
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

func (s *Server) handleMySharedList(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil {
		return
	}
	me := caller(r).sub.ID
	data := []any{}
	for _, g := range s.guests(c, me) {
		data = append(data, s.endpointDoc(g, me))
	}
	writeJSON(w, http.StatusOK, map[string]any{"DATA_TYPE": "endpoint_list", "DATA": data})
}

func (s *Server) handleSharedList(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil || !s.mayRole(w, r, c, RoleAdministrator) {
		return
	}
	max, ok := s.intParam(w, r, "max_results", 100)
	if !ok {
		return
	}
	start, ok := s.intParam(w, r, "next_token", 0)
	if !ok {
		return
	}
	if max == 0 {
		max = 100
	}
	me := caller(r).sub.ID
	all := s.guests(c, "")
	data := []any{}
	for i := start; i < len(all) && i < start+max; i++ {
		data = append(data, s.endpointDoc(all[i], me))
	}
	var next any
	if start+max < len(all) {
		next = fmt.Sprint(start + max)
	}
	writeJSON(w, http.StatusOK, map[string]any{"DATA_TYPE": "shared_endpoint_list", "shared_endpoints": data, "next_token": next})
}

type sharedBody struct {
	DisplayName    string  `json:"display_name"`
	HostEndpointID string  `json:"host_endpoint_id"`
	HostEndpoint   string  `json:"host_endpoint"`
	HostPath       string  `json:"host_path"`
	Description    *string `json:"description"`
	Keywords       *string `json:"keywords"`
}

// handleCreateShared creates a guest collection: the caller needs write
// access to the host path, and owns (administers) the new collection.
func (s *Server) handleCreateShared(w http.ResponseWriter, r *http.Request) {
	var body sharedBody
	if !s.decodeBody(w, r, &body) {
		return
	}
	hostID := body.HostEndpointID
	if hostID == "" {
		hostID = body.HostEndpoint
	}
	host := s.collections[hostID]
	if host == nil {
		s.transferError(w, r, http.StatusNotFound, "EndpointNotFound", fmt.Sprintf("No such endpoint '%s'", hostID))
		return
	}
	if host.host != nil {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "A guest collection cannot host another one")
		return
	}
	if strings.TrimSpace(body.DisplayName) == "" || body.HostPath == "" {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "display_name and host_path are required")
		return
	}
	p := cleanPath(body.HostPath)
	n := host.lookup(p)
	if n == nil || !n.dir {
		s.transferError(w, r, http.StatusNotFound, "ClientError.NotFound", fmt.Sprintf("Directory '%s' not found on endpoint %s", dirPath(p), host.id))
		return
	}
	if !s.mayWrite(w, r, host, p) {
		return
	}
	me := caller(r).sub
	g := s.newCollection(s.newUUID(), body.DisplayName, me)
	g.host, g.hostPath, g.root = host, p, nil
	if body.Description != nil {
		g.description = *body.Description
	}
	if body.Keywords != nil {
		g.keywords = *body.Keywords
	}
	s.addCollection(g)
	transferResult(w, r, http.StatusCreated, "endpoint_create_result", "Created", "Shared endpoint created successfully",
		map[string]any{"id": g.id, "canonical_name": nil, "globus_connect_setup_key": nil})
}

func (c *collection) serverDoc() map[string]any {
	host := c
	if c.host != nil {
		host = c.host
	}
	name := host.id + ".data.fake.globus.org"
	return map[string]any{
		"DATA_TYPE":                "server",
		"id":                       host.serverID,
		"hostname":                 name,
		"port":                     443,
		"scheme":                   "gsiftp",
		"subject":                  nil,
		"uri":                      "gsiftp://" + name + ":443",
		"incoming_data_port_start": 50000,
		"incoming_data_port_end":   51000,
		"outgoing_data_port_start": 50000,
		"outgoing_data_port_end":   51000,
		"is_connected":             true,
		"is_paused":                false,
	}
}

func (s *Server) handleServerList(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"DATA_TYPE": "endpoint_server_list", "endpoint": c.id, "DATA": []any{c.serverDoc()}})
}

func (s *Server) handleGetServer(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil {
		return
	}
	doc := c.serverDoc()
	if id := r.PathValue("server_id"); id != fmt.Sprint(doc["id"]) {
		s.transferError(w, r, http.StatusNotFound, "ServerNotFound", fmt.Sprintf("Server '%s' not found on endpoint %s", id, c.id))
		return
	}
	writeJSON(w, http.StatusOK, doc)
}

func (s *Server) handleRoleList(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil || !s.mayRole(w, r, c, knownRoles...) {
		return
	}
	data := []any{}
	for _, ro := range c.roles {
		data = append(data, ro.doc())
	}
	writeJSON(w, http.StatusOK, map[string]any{"DATA_TYPE": "role_list", "DATA": data})
}

type roleBody struct {
	PrincipalType string `json:"principal_type"`
	Principal     string `json:"principal"`
	Role          string `json:"role"`
}

func (s *Server) handleAddRole(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil || !s.mayRole(w, r, c, RoleAdministrator) {
		return
	}
	var body roleBody
	if !s.decodeBody(w, r, &body) {
		return
	}
	if !slices.Contains(knownRoles, body.Role) {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", fmt.Sprintf("Invalid role '%s'", body.Role))
		return
	}
	switch body.PrincipalType {
	case "identity":
		if s.identities[body.Principal] == nil {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", fmt.Sprintf("Unknown identity '%s'", body.Principal))
			return
		}
	case "group":
		if body.Principal == "" {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "principal is required")
			return
		}
	default:
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", fmt.Sprintf("Invalid principal_type '%s'", body.PrincipalType))
		return
	}
	if body.Role == RoleAccessManager && !c.aclAvailable() {
		s.transferError(w, r, http.StatusConflict, "NotSupported", fmt.Sprintf("Endpoint %s does not support the access_manager role", c.id))
		return
	}
	for _, ro := range c.roles {
		if ro.principalType == body.PrincipalType && ro.principal == body.Principal && ro.role == body.Role {
			s.transferError(w, r, http.StatusConflict, "Exists", "This role assignment already exists")
			return
		}
	}
	if len(c.roles) >= maxRoles {
		s.transferError(w, r, http.StatusConflict, "LimitExceeded", fmt.Sprintf("An endpoint may have at most %d role assignments", maxRoles))
		return
	}
	ro := &role{id: s.newUUID(), principalType: body.PrincipalType, principal: body.Principal, role: body.Role}
	c.roles = append(c.roles, ro)
	doc := ro.doc()
	doc["code"], doc["message"] = "Created", "Role assignment created successfully"
	doc["request_id"], doc["resource"] = requestID(r), resource(r)
	writeJSON(w, http.StatusCreated, doc)
}

func (s *Server) findRole(w http.ResponseWriter, r *http.Request, c *collection) *role {
	id := r.PathValue("role_id")
	for _, ro := range c.roles {
		if ro.id == id {
			return ro
		}
	}
	s.transferError(w, r, http.StatusNotFound, "RoleNotFound", fmt.Sprintf("Role '%s' not found", id))
	return nil
}

func (s *Server) handleGetRole(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil || !s.mayRole(w, r, c, knownRoles...) {
		return
	}
	if ro := s.findRole(w, r, c); ro != nil {
		writeJSON(w, http.StatusOK, ro.doc())
	}
}

func (s *Server) handleDeleteRole(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil || !s.mayRole(w, r, c, RoleAdministrator) {
		return
	}
	ro := s.findRole(w, r, c)
	if ro == nil {
		return
	}
	c.roles = slices.DeleteFunc(c.roles, func(x *role) bool { return x == ro })
	transferResult(w, r, http.StatusOK, "result", "Deleted", fmt.Sprintf("Role '%s' deleted successfully", ro.id), nil)
}
