package fakeglobus

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// collection is an endpoint or collection of the fake, with its file tree,
// roles and access rules.
type collection struct {
	id          string
	displayName string
	owner       Identity
	description string
	keywords    string
	root        *node
	created     time.Time
	rules       []*accessRule
	roles       []*role
	// host and hostPath make a guest collection: its tree is hostPath on
	// host.
	host     *collection
	hostPath string
	// private makes a mapped collection closed to identities without a
	// role or an access rule; guest collections are always closed.
	private       bool
	subscription  string
	adminVerified bool
	extra         map[string]any // other fields set with update_endpoint
	serverID      int
	paused        map[string]bool // task ids paused by an admin
}

type accessRule struct {
	id            string
	principalType string
	principal     string
	path          string
	permissions   string
	created       time.Time
}

type bookmark struct {
	id         string
	owner      string
	name       string
	endpointID string
	path       string
}

// AddCollection adds an empty collection (a Globus Connect Server v5
// mapped collection, owned by Options.User) with the given id and display
// name. Its default directory "/~/" is the root of its tree. Every
// identity may use it, as a storage gateway that maps every identity to an
// account would allow; see CollectionConfig for closed and guest
// collections.
func (s *Server) AddCollection(id, displayName string) error {
	return s.CreateCollection(CollectionConfig{ID: id, DisplayName: displayName})
}

// CollectionConfig describes a collection for CreateCollection.
type CollectionConfig struct {
	// ID is the collection id (a UUID, usually).
	ID string
	// DisplayName is the collection's name.
	DisplayName string
	// Owner is the id or username of the owning identity, which is the
	// collection's administrator. Empty means Options.User.
	Owner string
	// Description and Keywords (comma-separated) are matched by endpoint
	// search.
	Description, Keywords string
	// Private closes a mapped collection: only its administrators may
	// list, read or write, and only identities with a role on it see it.
	Private bool
	// HostID makes a guest collection of the mapped collection with this
	// id, sharing its directory HostPath. Guest collections are closed:
	// access rules decide who may read and write.
	HostID   string
	HostPath string
}

// CreateCollection adds the collection that cfg describes. It fails with
// ErrExists for a known id, ErrNotFound for an unknown owner or host, and
// ErrInvalid for a bad id or host path.
func (s *Server) CreateCollection(cfg CollectionConfig) error {
	if cfg.ID == "" || strings.ContainsAny(cfg.ID, "/?#") {
		return fmt.Errorf("%w: collection id %q", ErrInvalid, cfg.ID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.collections[cfg.ID]; ok {
		return fmt.Errorf("%w: collection %q", ErrExists, cfg.ID)
	}
	owner := s.opts.User
	if cfg.Owner != "" {
		rec := s.identity(cfg.Owner)
		if rec == nil {
			return fmt.Errorf("%w: owner %q", ErrNotFound, cfg.Owner)
		}
		owner = rec.Identity
	}
	c := s.newCollection(cfg.ID, cfg.DisplayName, owner)
	c.description, c.keywords, c.private = cfg.Description, cfg.Keywords, cfg.Private
	if cfg.HostID != "" {
		host := s.collections[cfg.HostID]
		if host == nil || host.host != nil {
			return fmt.Errorf("%w: host collection %q", ErrNotFound, cfg.HostID)
		}
		if cfg.HostPath == "" {
			cfg.HostPath = "/"
		}
		if _, err := host.mkdirAll(cfg.HostPath, s.now()); err != nil {
			return err
		}
		c.host, c.hostPath, c.root = host, cleanPath(cfg.HostPath), nil
	}
	s.addCollection(c)
	return nil
}

// newCollection makes a mapped collection owned by owner, who is its
// administrator (implicitly, as Transfer has it). s.mu must be held.
func (s *Server) newCollection(id, name string, owner Identity) *collection {
	s.nextID++
	c := &collection{
		id:          id,
		displayName: name,
		owner:       owner,
		root:        newDir("", s.now()),
		created:     s.now(),
		serverID:    s.nextID,
		paused:      map[string]bool{},
		extra:       map[string]any{},
	}
	return c
}

func (s *Server) addCollection(c *collection) {
	s.collections[c.id] = c
	s.colOrder = append(s.colOrder, c)
}

// SetCollectionInfo sets the description and comma-separated keywords of
// a collection, which endpoint search matches as well as the display name.
func (s *Server) SetCollectionInfo(id, description, keywords string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.collections[id]
	if c == nil {
		return fmt.Errorf("%w: collection %q", ErrNotFound, id)
	}
	c.description, c.keywords = description, keywords
	return nil
}

func nullOr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// doc renders c as an endpoint document for the caller.
func (s *Server) endpointDoc(c *collection, callerID string) map[string]any {
	roles := c.effectiveRoles(callerID)
	entity, hostID, hostPath, gcs := "GCSv5_mapped_collection", any(nil), any(nil), any("5.4.80")
	if c.host != nil {
		entity, hostID, hostPath = "GCSv5_guest_collection", c.host.id, c.hostPath
	}
	doc := map[string]any{
		"DATA_TYPE":                   "endpoint",
		"id":                          c.id,
		"display_name":                c.displayName,
		"canonical_name":              nil,
		"name":                        nil,
		"username":                    c.owner.Username,
		"owner_id":                    c.owner.ID,
		"owner_string":                c.owner.Username,
		"description":                 nullOr(c.description),
		"keywords":                    nullOr(c.keywords),
		"organization":                "Fake Globus",
		"department":                  nil,
		"contact_email":               nil,
		"contact_info":                nil,
		"info_link":                   nil,
		"public":                      !c.private,
		"subscription_id":             nullOr(c.subscription),
		"default_directory":           "/~/",
		"force_encryption":            false,
		"activated":                   true,
		"expires_in":                  -1,
		"is_globus_connect":           false,
		"host_endpoint_id":            hostID,
		"host_path":                   hostPath,
		"acl_available":               c.aclAvailable(),
		"acl_editable":                c.hasRole(callerID, RoleAdministrator, RoleAccessManager),
		"in_use":                      false,
		"my_effective_roles":          roles,
		"entity_type":                 entity,
		"gcs_version":                 gcs,
		"non_functional":              false,
		"high_assurance":              false,
		"authentication_timeout_mins": nil,
		"last_accessed_time":          nil,
		"DATA":                        []any{c.serverDoc()},
	}
	for k, v := range c.extra {
		doc[k] = v
	}
	return doc
}

// endpoint returns the collection named in the path, or answers 404.
func (s *Server) endpoint(w http.ResponseWriter, r *http.Request) *collection {
	id := r.PathValue("endpoint_id")
	c := s.collections[id]
	if c == nil {
		s.transferError(w, r, http.StatusNotFound, "EndpointNotFound", fmt.Sprintf("No such endpoint '%s'", id))
	}
	return c
}

func (s *Server) handleGetEndpoint(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil {
		return
	}
	if !c.visibleTo(caller(r).sub.ID) {
		s.denied(w, r, fmt.Sprintf("Endpoint %s is private", c.id))
		return
	}
	writeJSON(w, http.StatusOK, s.endpointDoc(c, caller(r).sub.ID))
}

// intParam reads a non-negative integer query parameter; ok is false (and
// the error answered) when it is malformed.
func (s *Server) intParam(w http.ResponseWriter, r *http.Request, name string, def int) (int, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", fmt.Sprintf("Invalid %s '%s': must be a non-negative integer", name, v))
		return 0, false
	}
	return n, true
}

// matchesFulltext reports whether every word of query is a prefix of a
// word of the collection's searchable fields.
func (c *collection) matchesFulltext(query string) bool {
	var words []string
	for _, f := range []string{c.displayName, c.description, c.keywords, "Fake Globus"} {
		words = append(words, strings.FieldsFunc(strings.ToLower(f), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
		})...)
	}
	terms := strings.FieldsFunc(strings.ToLower(query), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	if len(terms) == 0 {
		return false
	}
	for _, t := range terms {
		if !slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, t) }) {
			return false
		}
	}
	return true
}

// Endpoint search limits of the real service.
const (
	searchDefaultLimit = 25
	searchMaxLimit     = 100
	searchMaxResults   = 1000
)

func (s *Server) handleEndpointSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	me := caller(r).sub.ID
	scope := q.Get("filter_scope")
	if scope == "" {
		scope = "all"
	}
	switch scope {
	case "all", "my-endpoints", "administered-by-me", "recently-used", "in-use", "my-gcp-endpoints", "shared-by-me", "shared-with-me":
	default:
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", fmt.Sprintf("Invalid filter_scope '%s'", scope))
		return
	}
	fulltext := q.Get("filter_fulltext")
	if scope == "all" && strings.TrimSpace(fulltext) == "" {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "filter_fulltext is required when filter_scope is 'all'")
		return
	}
	limit, ok := s.intParam(w, r, "limit", searchDefaultLimit)
	if !ok {
		return
	}
	offset, ok := s.intParam(w, r, "offset", 0)
	if !ok {
		return
	}
	if limit == 0 || limit > searchMaxLimit {
		limit = searchMaxLimit
	}
	if offset >= searchMaxResults {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", fmt.Sprintf("offset must be less than %d", searchMaxResults))
		return
	}
	used := map[string]bool{}
	active := map[string]bool{}
	for _, t := range s.taskOrder {
		if t.owner.ID != me {
			continue
		}
		for _, id := range []string{t.src, t.dst} {
			used[id] = true
			if t.status == "ACTIVE" {
				active[id] = true
			}
		}
	}
	var hits []*collection
	for _, c := range s.colOrder {
		if !c.visibleTo(me) {
			continue
		}
		switch scope {
		case "my-endpoints":
			if c.owner.ID != me {
				continue
			}
		case "administered-by-me":
			if !c.hasRole(me, RoleAdministrator) {
				continue
			}
		case "shared-by-me":
			if c.host == nil || c.owner.ID != me {
				continue
			}
		case "shared-with-me":
			if c.host == nil || c.owner.ID == me || !slices.ContainsFunc(c.rules, func(a *accessRule) bool {
				return a.principalType == "identity" && a.principal == me
			}) {
				continue
			}
		case "recently-used":
			if !used[c.id] {
				continue
			}
		case "in-use":
			if !active[c.id] {
				continue
			}
		case "my-gcp-endpoints":
			continue // the fake has no Globus Connect Personal endpoints
		}
		if owner := q.Get("filter_owner_id"); owner != "" && c.owner.ID != owner {
			continue
		}
		if h := q.Get("filter_host_endpoint"); h != "" && (c.host == nil || c.host.id != h) {
			continue
		}
		if u := q.Get("filter_owner_username"); u != "" && !strings.EqualFold(c.owner.Username, u) {
			continue
		}
		if q.Get("filter_non_functional") == "1" {
			continue // every collection of the fake is functional
		}
		if et := q.Get("filter_entity_type"); et != "" && s.endpointDoc(c, me)["entity_type"] != et {
			continue
		}
		if fulltext != "" && !c.matchesFulltext(fulltext) {
			continue
		}
		hits = append(hits, c)
	}
	if len(hits) > searchMaxResults {
		hits = hits[:searchMaxResults]
	}
	page := []any{}
	for i := offset; i < len(hits) && i < offset+limit; i++ {
		page = append(page, s.endpointDoc(hits[i], me))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"DATA_TYPE":     "endpoint_list",
		"offset":        offset,
		"limit":         limit,
		"has_next_page": offset+limit < len(hits),
		"DATA":          page,
	})
}

// decodeBody decodes the JSON request body into v, answering 400 when it
// cannot.
func (s *Server) decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "Invalid JSON: "+err.Error())
		return false
	}
	return true
}

func (b *bookmark) doc() map[string]any {
	return map[string]any{
		"DATA_TYPE":   "bookmark",
		"id":          b.id,
		"name":        b.name,
		"endpoint_id": b.endpointID,
		"path":        b.path,
		"pinned":      false,
	}
}

const maxBookmarks = 100

func (s *Server) handleBookmarkList(w http.ResponseWriter, r *http.Request) {
	me := caller(r).sub.ID
	data := []any{}
	for _, b := range s.bmOrder {
		if b.owner == me {
			data = append(data, b.doc())
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"DATA_TYPE": "bookmark_list", "DATA": data})
}

type bookmarkBody struct {
	Name       *string `json:"name"`
	EndpointID *string `json:"endpoint_id"`
	Path       *string `json:"path"`
}

// bookmarkConflict answers 409 when another bookmark of the owner has the
// name, or the same endpoint and path.
func (s *Server) bookmarkConflict(w http.ResponseWriter, r *http.Request, self *bookmark, owner, name, endpointID, p string) bool {
	for _, b := range s.bmOrder {
		if b == self || b.owner != owner {
			continue
		}
		if b.name == name {
			s.transferError(w, r, http.StatusConflict, "Conflict", fmt.Sprintf("A bookmark named '%s' already exists", name))
			return true
		}
		if self == nil && b.endpointID == endpointID && b.path == p {
			s.transferError(w, r, http.StatusConflict, "Exists", "A bookmark for this endpoint and path already exists")
			return true
		}
	}
	return false
}

func validBookmarkName(name string) bool {
	return strings.TrimSpace(name) != "" && !strings.ContainsAny(name, "\r\n")
}

func (s *Server) handleCreateBookmark(w http.ResponseWriter, r *http.Request) {
	var body bookmarkBody
	if !s.decodeBody(w, r, &body) {
		return
	}
	if body.Name == nil || body.EndpointID == nil || body.Path == nil {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "name, endpoint_id and path are required")
		return
	}
	if !validBookmarkName(*body.Name) {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "Invalid bookmark name")
		return
	}
	if !strings.HasPrefix(*body.Path, "/") || !strings.HasSuffix(*body.Path, "/") {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "A bookmark path must begin and end with '/'")
		return
	}
	if s.collections[*body.EndpointID] == nil {
		s.transferError(w, r, http.StatusNotFound, "EndpointNotFound", fmt.Sprintf("No such endpoint '%s'", *body.EndpointID))
		return
	}
	me := caller(r).sub.ID
	if s.bookmarkConflict(w, r, nil, me, *body.Name, *body.EndpointID, *body.Path) {
		return
	}
	n := 0
	for _, b := range s.bmOrder {
		if b.owner == me {
			n++
		}
	}
	if n >= maxBookmarks {
		s.transferError(w, r, http.StatusConflict, "LimitExceeded", fmt.Sprintf("A user may have at most %d bookmarks", maxBookmarks))
		return
	}
	b := &bookmark{id: s.newUUID(), owner: me, name: *body.Name, endpointID: *body.EndpointID, path: *body.Path}
	s.bookmarks[b.id] = b
	s.bmOrder = append(s.bmOrder, b)
	writeJSON(w, http.StatusOK, b.doc())
}

func (s *Server) findBookmark(w http.ResponseWriter, r *http.Request) *bookmark {
	id := r.PathValue("bookmark_id")
	b := s.bookmarks[id]
	if b == nil || b.owner != caller(r).sub.ID {
		s.transferError(w, r, http.StatusNotFound, "BookmarkNotFound", fmt.Sprintf("Bookmark '%s' not found", id))
		return nil
	}
	return b
}

func (s *Server) handleGetBookmark(w http.ResponseWriter, r *http.Request) {
	if b := s.findBookmark(w, r); b != nil {
		writeJSON(w, http.StatusOK, b.doc())
	}
}

func (s *Server) handleUpdateBookmark(w http.ResponseWriter, r *http.Request) {
	b := s.findBookmark(w, r)
	if b == nil {
		return
	}
	var body bookmarkBody
	if !s.decodeBody(w, r, &body) {
		return
	}
	if body.Name == nil || !validBookmarkName(*body.Name) {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "A valid name is required; only the name of a bookmark can change")
		return
	}
	if s.bookmarkConflict(w, r, b, b.owner, *body.Name, b.endpointID, b.path) {
		return
	}
	b.name = *body.Name
	writeJSON(w, http.StatusOK, b.doc())
}

func (s *Server) handleDeleteBookmark(w http.ResponseWriter, r *http.Request) {
	b := s.findBookmark(w, r)
	if b == nil {
		return
	}
	delete(s.bookmarks, b.id)
	s.bmOrder = slices.DeleteFunc(s.bmOrder, func(x *bookmark) bool { return x == b })
	transferResult(w, r, http.StatusOK, "result", "Deleted", fmt.Sprintf("Bookmark '%s' deleted successfully", b.id), nil)
}

func (a *accessRule) doc() map[string]any {
	return map[string]any{
		"DATA_TYPE":      "access",
		"id":             a.id,
		"principal_type": a.principalType,
		"principal":      a.principal,
		"path":           a.path,
		"permissions":    a.permissions,
		"role_id":        nil,
		"role_type":      nil,
		"create_time":    globusTime(a.created),
	}
}

// aclEndpoint returns the collection of an access-rule request when it has
// access rules and the caller may manage them; otherwise it has answered.
func (s *Server) aclEndpoint(w http.ResponseWriter, r *http.Request) *collection {
	c := s.endpoint(w, r)
	if c == nil {
		return nil
	}
	if !c.aclAvailable() {
		s.transferError(w, r, http.StatusConflict, "NotSupported", fmt.Sprintf("Endpoint %s does not support access rules (see acl_available)", c.id))
		return nil
	}
	if !s.mayRole(w, r, c, RoleAdministrator, RoleAccessManager) {
		return nil
	}
	return c
}

func (s *Server) handleACLList(w http.ResponseWriter, r *http.Request) {
	c := s.aclEndpoint(w, r)
	if c == nil {
		return
	}
	s.writeACLList(w, c)
}

func (s *Server) writeACLList(w http.ResponseWriter, c *collection) {
	data := []any{}
	for _, ro := range c.roles {
		if ro.role != RoleAccessManager {
			continue
		}
		// An access_manager's implied rw rule on "/": listed with role_id
		// instead of id, and changed only through the role.
		data = append(data, map[string]any{
			"DATA_TYPE": "access", "id": nil, "role_id": ro.id, "role_type": ro.role,
			"principal_type": ro.principalType, "principal": ro.principal, "path": "/", "permissions": "rw",
			"create_time": globusTime(c.created),
		})
	}
	for _, a := range c.rules {
		data = append(data, a.doc())
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"DATA_TYPE": "access_list",
		"endpoint":  c.id,
		"length":    len(data),
		"DATA":      data,
	})
}

type aclBody struct {
	ID            any     `json:"id"`
	PrincipalType *string `json:"principal_type"`
	Principal     *string `json:"principal"`
	Path          *string `json:"path"`
	Permissions   *string `json:"permissions"`
}

func validPermissions(p string) bool { return p == "r" || p == "rw" }

func (s *Server) handleACLCreate(w http.ResponseWriter, r *http.Request) {
	c := s.aclEndpoint(w, r)
	if c == nil {
		return
	}
	var body aclBody
	if !s.decodeBody(w, r, &body) {
		return
	}
	if body.ID != nil {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "id must not be given when creating an access rule")
		return
	}
	if body.PrincipalType == nil || body.Path == nil || body.Permissions == nil {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "principal_type, path and permissions are required")
		return
	}
	principal := ""
	if body.Principal != nil {
		principal = *body.Principal
	}
	switch *body.PrincipalType {
	case "identity", "group":
		if principal == "" {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "principal is required for this principal_type")
			return
		}
	case "all_authenticated_users", "anonymous":
		if principal != "" {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "principal must be empty for this principal_type")
			return
		}
	default:
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", fmt.Sprintf("Invalid principal_type '%s'", *body.PrincipalType))
		return
	}
	p := *body.Path
	if !strings.HasPrefix(p, "/") || !strings.HasSuffix(p, "/") || strings.Contains(p, "/../") || strings.Contains(p, "/./") {
		s.transferError(w, r, http.StatusBadRequest, "InvalidPath", fmt.Sprintf("Invalid path '%s': it must begin and end with '/'", p))
		return
	}
	if !validPermissions(*body.Permissions) {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", fmt.Sprintf("Invalid permissions '%s': use 'r' or 'rw'", *body.Permissions))
		return
	}
	for _, a := range c.rules {
		if a.principalType == *body.PrincipalType && a.principal == principal && a.path == p {
			s.transferError(w, r, http.StatusConflict, "Exists", "An access rule for this principal and path already exists")
			return
		}
	}
	a := &accessRule{id: s.newUUID(), principalType: *body.PrincipalType, principal: principal, path: p, permissions: *body.Permissions, created: s.now()}
	c.rules = append(c.rules, a)
	transferResult(w, r, http.StatusCreated, "access_create_result", "Created", "Access rule created successfully.", map[string]any{"access_id": a.id})
}

func (s *Server) findRule(w http.ResponseWriter, r *http.Request) (*collection, *accessRule) {
	c := s.aclEndpoint(w, r)
	if c == nil {
		return nil, nil
	}
	id := r.PathValue("rule_id")
	for _, a := range c.rules {
		if a.id == id {
			return c, a
		}
	}
	s.transferError(w, r, http.StatusNotFound, "AccessRuleNotFound", fmt.Sprintf("Access rule '%s' not found", id))
	return nil, nil
}

func (s *Server) handleACLGet(w http.ResponseWriter, r *http.Request) {
	if _, a := s.findRule(w, r); a != nil {
		writeJSON(w, http.StatusOK, a.doc())
	}
}

func (s *Server) handleACLUpdate(w http.ResponseWriter, r *http.Request) {
	_, a := s.findRule(w, r)
	if a == nil {
		return
	}
	var body aclBody
	if !s.decodeBody(w, r, &body) {
		return
	}
	if body.ID != nil && fmt.Sprint(body.ID) != a.id {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "id does not match the rule in the URL")
		return
	}
	if body.Permissions == nil || !validPermissions(*body.Permissions) {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "permissions must be 'r' or 'rw'")
		return
	}
	a.permissions = *body.Permissions
	transferResult(w, r, http.StatusOK, "result", "Updated", fmt.Sprintf("Access rule '%s' permissions updated successfully", a.id), nil)
}

func (s *Server) handleACLDelete(w http.ResponseWriter, r *http.Request) {
	c, a := s.findRule(w, r)
	if a == nil {
		return
	}
	c.rules = slices.DeleteFunc(c.rules, func(x *accessRule) bool { return x == a })
	transferResult(w, r, http.StatusOK, "result", "Deleted", fmt.Sprintf("Access rule '%s' deleted successfully", a.id), nil)
}
