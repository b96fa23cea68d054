package fakeglobus

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/server/transferserver"
	"github.com/oapi-codegen/nullable"
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
	private      bool
	subscription string
	serverID     int
	paused       map[string]bool // task ids paused by an admin
	// settings holds the endpoint document fields that update_endpoint
	// and subscription_admin_verified set; those it leaves unspecified
	// keep the defaults of endpointDocument.
	settings transferserver.Endpoint
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

// entityType is the entity_type of c's endpoint document.
func (c *collection) entityType() string {
	if c.host != nil {
		return "GCSv5_guest_collection"
	}
	return "GCSv5_mapped_collection"
}

// endpointDocument renders c as Transfer's endpoint document for the
// identity callerID, whose roles on c it shows. The fields that
// update_endpoint and subscription_admin_verified set (c.settings)
// replace the defaults.
func (c *collection) endpointDocument(callerID string) transferserver.Endpoint {
	hostID, hostPath := null[string](), null[string]()
	if c.host != nil {
		hostID, hostPath = val(c.host.id), val(c.hostPath)
	}
	doc := transferserver.Endpoint{
		DATATYPE:                  ptr("endpoint"),
		ID:                        ptr(c.id),
		DisplayName:               val(c.displayName),
		CanonicalName:             null[string](),
		Name:                      null[string](),
		Username:                  val(c.owner.Username),
		OwnerID:                   val(c.owner.ID),
		OwnerString:               val(c.owner.Username),
		Description:               orNull(c.description),
		Keywords:                  orNull(c.keywords),
		Organization:              val("Fake Globus"),
		Department:                null[string](),
		ContactEmail:              null[string](),
		ContactInfo:               null[string](),
		InfoLink:                  null[string](),
		Public:                    val(!c.private),
		SubscriptionID:            orNull(c.subscription),
		DefaultDirectory:          val("/~/"),
		ForceEncryption:           val(false),
		Activated:                 val(true),
		ExpiresIn:                 val(-1),
		IsGlobusConnect:           val(false),
		HostEndpointID:            hostID,
		HostPath:                  hostPath,
		ACLAvailable:              val(c.aclAvailable()),
		ACLEditable:               val(c.hasRole(callerID, RoleAdministrator, RoleAccessManager)),
		InUse:                     val(false),
		MyEffectiveRoles:          val(c.effectiveRoles(callerID)),
		EntityType:                val(c.entityType()),
		GcsVersion:                val("5.4.80"),
		NonFunctional:             val(false),
		HighAssurance:             val(false),
		AuthenticationTimeoutMins: null[int](),
		LastAccessedTime:          null[transferserver.Timestamp](),
		DATA:                      val([]transferserver.Server{c.serverDocument()}),
	}
	set := &c.settings
	overrideSetting(&doc.Organization, set.Organization)
	overrideSetting(&doc.Department, set.Department)
	overrideSetting(&doc.ContactEmail, set.ContactEmail)
	overrideSetting(&doc.ContactInfo, set.ContactInfo)
	overrideSetting(&doc.InfoLink, set.InfoLink)
	overrideSetting(&doc.DefaultDirectory, set.DefaultDirectory)
	overrideSetting(&doc.UserMessage, set.UserMessage)
	overrideSetting(&doc.UserMessageLink, set.UserMessageLink)
	overrideSetting(&doc.ForceEncryption, set.ForceEncryption)
	overrideSetting(&doc.Public, set.Public)
	overrideSetting(&doc.SubscriptionAdminVerified, set.SubscriptionAdminVerified)
	return doc
}

// overrideSetting replaces *field with set when set was specified (with a
// value or an explicit null).
func overrideSetting[T any](field *nullable.Nullable[T], set nullable.Nullable[T]) {
	if set.IsSpecified() {
		*field = set
	}
}

// GetEndpoint answers GET /endpoint/{endpoint_id}.
func (o transferOps) GetEndpoint(ctx context.Context, req transferserver.GetEndpointRequestObject) (transferserver.GetEndpointResponseObject, error) {
	c, err := o.s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	if !c.visibleTo(callerID(ctx)) {
		return nil, deny(fmt.Sprintf("Endpoint %s is private", c.id))
	}
	return transferserver.GetEndpoint200JSONResponse(c.endpointDocument(callerID(ctx))), nil
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

// EndpointSearch answers GET /endpoint_search.
// An empty filter counts as an absent one.
func (o transferOps) EndpointSearch(ctx context.Context, req transferserver.EndpointSearchRequestObject) (transferserver.EndpointSearchResponseObject, error) {
	s, q := o.s, req.Params
	me := callerID(ctx)
	scope := deref(q.FilterScope)
	if scope == "" {
		scope = "all"
	}
	switch scope {
	case "all", "my-endpoints", "administered-by-me", "recently-used", "in-use", "my-gcp-endpoints", "shared-by-me", "shared-with-me":
	default:
		return nil, badRequest(fmt.Sprintf("Invalid filter_scope '%s'", scope))
	}
	fulltext := deref(q.FilterFulltext)
	if scope == "all" && strings.TrimSpace(fulltext) == "" {
		return nil, badRequest("filter_fulltext is required when filter_scope is 'all'")
	}
	limit, err := count(ctx, "limit", q.Limit, searchDefaultLimit)
	if err != nil {
		return nil, err
	}
	offset, err := count(ctx, "offset", q.Offset, 0)
	if err != nil {
		return nil, err
	}
	if limit == 0 || limit > searchMaxLimit {
		limit = searchMaxLimit
	}
	if offset >= searchMaxResults {
		return nil, badRequest(fmt.Sprintf("offset must be less than %d", searchMaxResults))
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
	owner, host := deref(q.FilterOwnerID), deref(q.FilterHostEndpoint)
	username, entity := deref(q.FilterOwnerUsername), deref(q.FilterEntityType)
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
		if owner != "" && c.owner.ID != owner {
			continue
		}
		if host != "" && (c.host == nil || c.host.id != host) {
			continue
		}
		if username != "" && !strings.EqualFold(c.owner.Username, username) {
			continue
		}
		if deref(q.FilterNonFunctional) == 1 {
			continue // every collection of the fake is functional
		}
		if entity != "" && c.entityType() != entity {
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
	data := []transferserver.Endpoint{}
	for i := offset; i < len(hits) && i < offset+limit; i++ {
		data = append(data, hits[i].endpointDocument(me))
	}
	return transferserver.EndpointSearch200JSONResponse{
		DATATYPE:    ptr("endpoint_list"),
		Offset:      val(globus.Int(offset)),
		Limit:       val(globus.Int(limit)),
		HasNextPage: ptr(offset+limit < len(hits)),
		DATA:        &data,
	}, nil
}

// document renders b as Transfer's bookmark document.
func (b *bookmark) document() transferserver.Bookmark {
	return transferserver.Bookmark{
		DATATYPE:   ptr("bookmark"),
		ID:         ptr(b.id),
		Name:       ptr(b.name),
		EndpointID: ptr(b.endpointID),
		Path:       ptr(b.path),
		Pinned:     val(false),
	}
}

const maxBookmarks = 100

// BookmarkList answers GET /bookmark_list.
func (o transferOps) BookmarkList(ctx context.Context, _ transferserver.BookmarkListRequestObject) (transferserver.BookmarkListResponseObject, error) {
	me := callerID(ctx)
	data := []transferserver.Bookmark{}
	for _, b := range o.s.bmOrder {
		if b.owner == me {
			data = append(data, b.document())
		}
	}
	return transferserver.BookmarkList200JSONResponse{DATATYPE: ptr("bookmark_list"), DATA: &data}, nil
}

// bookmarkConflict refuses with 409 when another bookmark of the owner
// has the name or, for a new bookmark (self nil), the same endpoint and
// path.
func (s *Server) bookmarkConflict(self *bookmark, owner, name, endpointID, p string) error {
	for _, b := range s.bmOrder {
		if b == self || b.owner != owner {
			continue
		}
		if b.name == name {
			return refuse(http.StatusConflict, "Conflict", fmt.Sprintf("A bookmark named '%s' already exists", name))
		}
		if self == nil && b.endpointID == endpointID && b.path == p {
			return refuse(http.StatusConflict, "Exists", "A bookmark for this endpoint and path already exists")
		}
	}
	return nil
}

func validBookmarkName(name string) bool {
	return strings.TrimSpace(name) != "" && !strings.ContainsAny(name, "\r\n")
}

// CreateBookmark answers POST /bookmark.
func (o transferOps) CreateBookmark(ctx context.Context, req transferserver.CreateBookmarkRequestObject) (transferserver.CreateBookmarkResponseObject, error) {
	s, body := o.s, req.Body
	if body.Name == nil || body.EndpointID == nil || body.Path == nil {
		return nil, badRequest("name, endpoint_id and path are required")
	}
	if !validBookmarkName(*body.Name) {
		return nil, badRequest("Invalid bookmark name")
	}
	if !strings.HasPrefix(*body.Path, "/") || !strings.HasSuffix(*body.Path, "/") {
		return nil, badRequest("A bookmark path must begin and end with '/'")
	}
	if _, err := s.collectionOf(*body.EndpointID); err != nil {
		return nil, err
	}
	me := callerID(ctx)
	if err := s.bookmarkConflict(nil, me, *body.Name, *body.EndpointID, *body.Path); err != nil {
		return nil, err
	}
	n := 0
	for _, b := range s.bmOrder {
		if b.owner == me {
			n++
		}
	}
	if n >= maxBookmarks {
		return nil, refuse(http.StatusConflict, "LimitExceeded", fmt.Sprintf("A user may have at most %d bookmarks", maxBookmarks))
	}
	b := &bookmark{id: s.newUUID(), owner: me, name: *body.Name, endpointID: *body.EndpointID, path: *body.Path}
	s.bookmarks[b.id] = b
	s.bmOrder = append(s.bmOrder, b)
	return transferserver.CreateBookmark200JSONResponse(b.document()), nil
}

// bookmarkOf returns the caller's bookmark with id, or a 404: the
// bookmarks of others do not exist for the caller.
func (s *Server) bookmarkOf(ctx context.Context, id string) (*bookmark, error) {
	b := s.bookmarks[id]
	if b == nil || b.owner != callerID(ctx) {
		return nil, refuse(http.StatusNotFound, "BookmarkNotFound", fmt.Sprintf("Bookmark '%s' not found", id))
	}
	return b, nil
}

// GetBookmark answers GET /bookmark/{bookmark_id}.
func (o transferOps) GetBookmark(ctx context.Context, req transferserver.GetBookmarkRequestObject) (transferserver.GetBookmarkResponseObject, error) {
	b, err := o.s.bookmarkOf(ctx, string(req.BookmarkID))
	if err != nil {
		return nil, err
	}
	return transferserver.GetBookmark200JSONResponse(b.document()), nil
}

// UpdateBookmark answers PUT /bookmark/{bookmark_id}.
// Only the name of a bookmark can change.
func (o transferOps) UpdateBookmark(ctx context.Context, req transferserver.UpdateBookmarkRequestObject) (transferserver.UpdateBookmarkResponseObject, error) {
	s := o.s
	b, err := s.bookmarkOf(ctx, string(req.BookmarkID))
	if err != nil {
		return nil, err
	}
	name := req.Body.Name
	if name == nil || !validBookmarkName(*name) {
		return nil, badRequest("A valid name is required; only the name of a bookmark can change")
	}
	if err := s.bookmarkConflict(b, b.owner, *name, b.endpointID, b.path); err != nil {
		return nil, err
	}
	b.name = *name
	return transferserver.UpdateBookmark200JSONResponse(b.document()), nil
}

// DeleteBookmark answers DELETE /bookmark/{bookmark_id}.
func (o transferOps) DeleteBookmark(ctx context.Context, req transferserver.DeleteBookmarkRequestObject) (transferserver.DeleteBookmarkResponseObject, error) {
	s := o.s
	b, err := s.bookmarkOf(ctx, string(req.BookmarkID))
	if err != nil {
		return nil, err
	}
	delete(s.bookmarks, b.id)
	s.bmOrder = slices.DeleteFunc(s.bmOrder, func(x *bookmark) bool { return x == b })
	return transferserver.DeleteBookmark200JSONResponse(result(ctx, "result", "Deleted", fmt.Sprintf("Bookmark '%s' deleted successfully", b.id))), nil
}

// document renders a as Transfer's access rule document.
func (a *accessRule) document() transferserver.AccessRule {
	return transferserver.AccessRule{
		DATATYPE:      ptr("access"),
		ID:            val(globus.ID(a.id)),
		PrincipalType: ptr(a.principalType),
		Principal:     ptr(a.principal),
		Path:          ptr(a.path),
		Permissions:   ptr(a.permissions),
		RoleID:        null[string](),
		RoleType:      null[string](),
		CreateTime:    val(globusTime(a.created)),
	}
}

// aclCollection returns the collection with id when it has access rules
// and the caller may manage them; otherwise the refusal: 404, 409
// NotSupported, or 403.
func (s *Server) aclCollection(ctx context.Context, id string) (*collection, error) {
	c, err := s.collectionOf(id)
	if err != nil {
		return nil, err
	}
	if !c.aclAvailable() {
		return nil, refuse(http.StatusConflict, "NotSupported", fmt.Sprintf("Endpoint %s does not support access rules (see acl_available)", c.id))
	}
	if err := checkRole(ctx, c, RoleAdministrator, RoleAccessManager); err != nil {
		return nil, err
	}
	return c, nil
}

// EndpointACLList answers GET /endpoint/{endpoint_id}/access_list.
func (o transferOps) EndpointACLList(ctx context.Context, req transferserver.EndpointACLListRequestObject) (transferserver.EndpointACLListResponseObject, error) {
	c, err := o.s.aclCollection(ctx, string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	return transferserver.EndpointACLList200JSONResponse(c.accessList()), nil
}

// accessList renders the access rules of c as Transfer's access_list:
// first the rw rule on "/" that each access_manager role implies, then
// the rules themselves.
func (c *collection) accessList() transferserver.AccessList {
	data := []transferserver.AccessRule{}
	for _, ro := range c.roles {
		if ro.role != RoleAccessManager {
			continue
		}
		// An access_manager's implied rw rule on "/": listed with role_id
		// instead of id, and changed only through the role.
		data = append(data, transferserver.AccessRule{
			DATATYPE:      ptr("access"),
			ID:            null[transferserver.FlexibleID](),
			RoleID:        val(ro.id),
			RoleType:      val(ro.role),
			PrincipalType: ptr(ro.principalType),
			Principal:     ptr(ro.principal),
			Path:          ptr("/"),
			Permissions:   ptr("rw"),
			CreateTime:    val(globusTime(c.created)),
		})
	}
	for _, a := range c.rules {
		data = append(data, a.document())
	}
	return transferserver.AccessList{
		DATATYPE: ptr("access_list"),
		Endpoint: val(c.id),
		Length:   val(globus.Int(len(data))),
		DATA:     &data,
	}
}

func validPermissions(p string) bool { return p == "r" || p == "rw" }

// AddEndpointACLRule answers POST /endpoint/{endpoint_id}/access.
func (o transferOps) AddEndpointACLRule(ctx context.Context, req transferserver.AddEndpointACLRuleRequestObject) (transferserver.AddEndpointACLRuleResponseObject, error) {
	s := o.s
	c, err := s.aclCollection(ctx, string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	body := req.Body
	if body.ID.IsSpecified() && !body.ID.IsNull() {
		return nil, badRequest("id must not be given when creating an access rule")
	}
	if body.PrincipalType == nil || body.Path == nil || body.Permissions == nil {
		return nil, badRequest("principal_type, path and permissions are required")
	}
	principal := deref(body.Principal)
	switch *body.PrincipalType {
	case "identity", "group":
		if principal == "" {
			return nil, badRequest("principal is required for this principal_type")
		}
	case "all_authenticated_users", "anonymous":
		if principal != "" {
			return nil, badRequest("principal must be empty for this principal_type")
		}
	default:
		return nil, badRequest(fmt.Sprintf("Invalid principal_type '%s'", *body.PrincipalType))
	}
	p := *body.Path
	if !strings.HasPrefix(p, "/") || !strings.HasSuffix(p, "/") || strings.Contains(p, "/../") || strings.Contains(p, "/./") {
		return nil, refuse(http.StatusBadRequest, "InvalidPath", fmt.Sprintf("Invalid path '%s': it must begin and end with '/'", p))
	}
	if !validPermissions(*body.Permissions) {
		return nil, badRequest(fmt.Sprintf("Invalid permissions '%s': use 'r' or 'rw'", *body.Permissions))
	}
	for _, a := range c.rules {
		if a.principalType == *body.PrincipalType && a.principal == principal && a.path == p {
			return nil, refuse(http.StatusConflict, "Exists", "An access rule for this principal and path already exists")
		}
	}
	a := &accessRule{id: s.newUUID(), principalType: *body.PrincipalType, principal: principal, path: p, permissions: *body.Permissions, created: s.now()}
	c.rules = append(c.rules, a)
	r := request(ctx)
	return transferserver.AddEndpointACLRule201JSONResponse{
		DATATYPE:  ptr("access_create_result"),
		Code:      ptr("Created"),
		Message:   val("Access rule created successfully."),
		RequestID: val(requestID(r)),
		Resource:  val(resource(r)),
		AccessID:  val(globus.ID(a.id)),
	}, nil
}

// ruleOf returns the access rule ruleID of the collection endpointID, as
// aclCollection allows, or a refusal (404 AccessRuleNotFound among them).
func (s *Server) ruleOf(ctx context.Context, endpointID, ruleID string) (*collection, *accessRule, error) {
	c, err := s.aclCollection(ctx, endpointID)
	if err != nil {
		return nil, nil, err
	}
	for _, a := range c.rules {
		if a.id == ruleID {
			return c, a, nil
		}
	}
	return nil, nil, refuse(http.StatusNotFound, "AccessRuleNotFound", fmt.Sprintf("Access rule '%s' not found", ruleID))
}

// GetEndpointACLRule answers GET /endpoint/{endpoint_id}/access/{rule_id}.
func (o transferOps) GetEndpointACLRule(ctx context.Context, req transferserver.GetEndpointACLRuleRequestObject) (transferserver.GetEndpointACLRuleResponseObject, error) {
	_, a, err := o.s.ruleOf(ctx, string(req.EndpointID), string(req.RuleID))
	if err != nil {
		return nil, err
	}
	return transferserver.GetEndpointACLRule200JSONResponse(a.document()), nil
}

// UpdateEndpointACLRule answers PUT /endpoint/{endpoint_id}/access/{rule_id}.
// Only the permissions of a rule can change.
func (o transferOps) UpdateEndpointACLRule(ctx context.Context, req transferserver.UpdateEndpointACLRuleRequestObject) (transferserver.UpdateEndpointACLRuleResponseObject, error) {
	_, a, err := o.s.ruleOf(ctx, string(req.EndpointID), string(req.RuleID))
	if err != nil {
		return nil, err
	}
	body := req.Body
	if id, err := body.ID.Get(); err == nil && id.String() != a.id {
		return nil, badRequest("id does not match the rule in the URL")
	}
	if body.Permissions == nil || !validPermissions(*body.Permissions) {
		return nil, badRequest("permissions must be 'r' or 'rw'")
	}
	a.permissions = *body.Permissions
	return transferserver.UpdateEndpointACLRule200JSONResponse(result(ctx, "result", "Updated", fmt.Sprintf("Access rule '%s' permissions updated successfully", a.id))), nil
}

// DeleteEndpointACLRule answers DELETE /endpoint/{endpoint_id}/access/{rule_id}.
func (o transferOps) DeleteEndpointACLRule(ctx context.Context, req transferserver.DeleteEndpointACLRuleRequestObject) (transferserver.DeleteEndpointACLRuleResponseObject, error) {
	c, a, err := o.s.ruleOf(ctx, string(req.EndpointID), string(req.RuleID))
	if err != nil {
		return nil, err
	}
	c.rules = slices.DeleteFunc(c.rules, func(x *accessRule) bool { return x == a })
	return transferserver.DeleteEndpointACLRule200JSONResponse(result(ctx, "result", "Deleted", fmt.Sprintf("Access rule '%s' deleted successfully", a.id))), nil
}
