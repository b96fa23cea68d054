package fakeglobus

import (
	"context"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/globus-go/globus/gen/server/transferserver"
)

// Page sizes of the real service: ls answers up to 100,000 entries, and
// task_list and event_list default to 10 and allow up to 1000. A larger
// limit is lowered to the maximum, and the answer's limit says so.
const (
	lsMaxLimit       = 100000
	listDefaultLimit = 10
	listMaxLimit     = 1000
)

// SuccessfulTransfersPageSize is how many files one page of
// successful_transfers holds; next_marker leads to the next page.
const SuccessfulTransfersPageSize = 100

func (n *node) fileDoc() map[string]any {
	typ, perms := "file", "0644"
	if n.dir {
		typ, perms = "dir", "0755"
	}
	return map[string]any{
		"DATA_TYPE":          "file",
		"name":               n.name,
		"type":               typ,
		"link_target":        nil,
		"permissions":        perms,
		"size":               n.size(),
		"user":               "fake",
		"group":              "fake",
		"last_modified":      globusTime(n.modified),
		"link_size":          nil,
		"link_user":          nil,
		"link_group":         nil,
		"link_last_modified": nil,
	}
}

// dirPath renders a clean path as Transfer shows listed directories.
func dirPath(p string) string {
	if p == "/" {
		return "/"
	}
	return p + "/"
}

// lsFilter is one "field:values" clause of an ls filter.
type lsFilter struct {
	field  string
	values []string
}

func parseFilters(exprs []string) ([]lsFilter, error) {
	var out []lsFilter
	for _, expr := range exprs {
		for _, clause := range strings.Split(expr, "/") {
			if clause == "" {
				continue
			}
			field, vals, ok := strings.Cut(clause, ":")
			if !ok || field == "" {
				return nil, fmt.Errorf("invalid filter clause '%s'", clause)
			}
			out = append(out, lsFilter{field: field, values: strings.Split(vals, ",")})
		}
	}
	return out, nil
}

// matchPattern matches a filter value against s: "~pattern" is a
// case-insensitive glob with *, anything else an exact match.
func matchPattern(value, s string) bool {
	if pat, ok := strings.CutPrefix(value, "~"); ok {
		m, err := path.Match(strings.ToLower(pat), strings.ToLower(s))
		return err == nil && m
	}
	return value == s
}

func (f lsFilter) matchFile(n *node) (bool, error) {
	doc := n.fileDoc()
	switch f.field {
	case "name", "type", "permissions", "user", "group":
		v, _ := doc[f.field].(string)
		return slices.ContainsFunc(f.values, func(p string) bool { return matchPattern(p, v) }), nil
	case "last_modified":
		if len(f.values) > 2 {
			return false, fmt.Errorf("invalid last_modified range '%s': give start,end", strings.Join(f.values, ","))
		}
		tr, err := parseTimeRange(strings.Join(f.values, ","))
		if err != nil {
			return false, err
		}
		return tr.contains(n.modified.Truncate(time.Second)), nil
	case "size":
		size := n.size()
		for _, v := range f.values {
			op := byte('=')
			if v != "" && (v[0] == '<' || v[0] == '>') {
				op, v = v[0], v[1:]
			}
			want, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return false, fmt.Errorf("invalid size filter '%s'", v)
			}
			if op == '<' && size < want || op == '>' && size > want || op == '=' && size == want {
				return true, nil
			}
		}
		return false, nil
	}
	return false, fmt.Errorf("unsupported filter field '%s'", f.field)
}

func (s *Server) handleLs(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil {
		return
	}
	q := r.URL.Query()
	p := cleanPath(q.Get("path"))
	if s.operationPaused(w, r, c, "pause_ls") || !s.mayRead(w, r, c, p) {
		return
	}
	n := c.lookup(p)
	if n == nil {
		s.transferError(w, r, http.StatusNotFound, "ClientError.NotFound", fmt.Sprintf("Directory '%s' not found on endpoint %s", dirPath(p), c.id))
		return
	}
	if !n.dir {
		s.transferError(w, r, http.StatusBadGateway, "ExternalError.DirListingFailed.NotDirectory", fmt.Sprintf("Path '%s' is not a directory", p))
		return
	}
	limit, ok := s.intParam(w, r, "limit", lsMaxLimit)
	if !ok {
		return
	}
	offset, ok := s.intParam(w, r, "offset", 0)
	if !ok {
		return
	}
	if limit == 0 || limit > lsMaxLimit {
		limit = lsMaxLimit
	}
	filters, err := parseFilters(q["filter"])
	if err != nil {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", err.Error())
		return
	}
	orderby := q.Get("orderby")
	if orderby == "" {
		orderby = "type,name"
	}
	keys, err := parseOrderBy(orderby, lsOrderFields)
	if err != nil {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", err.Error())
		return
	}
	showHidden := q.Get("show_hidden") != "0" && q.Get("show_hidden") != "false"
	var kept []map[string]any
	for _, e := range n.sortedChildren() {
		if !showHidden && strings.HasPrefix(e.name, ".") {
			continue
		}
		match := true
		for _, f := range filters {
			ok, err := f.matchFile(e)
			if err != nil {
				s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", err.Error())
				return
			}
			match = match && ok
		}
		if match {
			kept = append(kept, e.fileDoc())
		}
	}
	sortDocs(kept, keys)
	data := []any{}
	for i := offset; i < len(kept) && i < offset+limit; i++ {
		data = append(data, kept[i])
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"DATA_TYPE":         "file_list",
		"endpoint":          c.id,
		"path":              dirPath(p),
		"absolute_path":     dirPath(p),
		"rename_supported":  true,
		"symlink_supported": false,
		"length":            len(data),
		"total":             len(kept),
		"limit":             limit,
		"offset":            offset,
		"DATA":              data,
	})
}

// fileDocument renders n as Transfer's file document.
func (n *node) fileDocument() transferserver.FileDocument {
	typ, perms := "file", "0644"
	if n.dir {
		typ, perms = "dir", "0755"
	}
	return transferserver.FileDocument{
		DATATYPE:         "file",
		Name:             n.name,
		Type:             typ,
		LinkTarget:       null[string](),
		Permissions:      val(perms),
		Size:             val(n.size()),
		User:             val("fake"),
		Group:            val("fake"),
		LastModified:     val(globusTime(n.modified)),
		LinkSize:         null[int64](),
		LinkUser:         null[string](),
		LinkGroup:        null[string](),
		LinkLastModified: null[string](),
	}
}

// OperationStat answers GET /operation/endpoint/{endpoint_id}/stat.
func (o transferOps) OperationStat(ctx context.Context, req transferserver.OperationStatRequestObject) (transferserver.OperationStatResponseObject, error) {
	s := o.s
	c, err := s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	if req.Params.Path == nil || *req.Params.Path == "" {
		return nil, refuse(http.StatusBadRequest, "ClientError.BadRequest", "path is required")
	}
	p := cleanPath(*req.Params.Path)
	if err := checkRead(ctx, c, p); err != nil {
		return nil, err
	}
	n := c.lookup(p)
	if n == nil {
		return nil, refuse(http.StatusNotFound, "NotFound", fmt.Sprintf("Path not found: '%s' on endpoint %s", p, c.id))
	}
	doc := n.fileDocument()
	if p == "/" {
		doc.Name = "/"
	}
	return transferserver.OperationStat200JSONResponse(doc), nil
}

// OperationMkdir answers POST /operation/endpoint/{endpoint_id}/mkdir.
func (o transferOps) OperationMkdir(ctx context.Context, req transferserver.OperationMkdirRequestObject) (transferserver.OperationMkdirResponseObject, error) {
	s := o.s
	c, err := s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.Body.Path) == "" {
		return nil, refuse(http.StatusBadRequest, "ClientError.BadRequest", "path is required")
	}
	p := cleanPath(req.Body.Path)
	if err := s.checkPaused(ctx, c, "pause_mkdir"); err != nil {
		return nil, err
	}
	if err := checkWrite(ctx, c, p); err != nil {
		return nil, err
	}
	if c.lookup(p) != nil {
		return nil, refuse(http.StatusBadGateway, "ExternalError.MkdirFailed.Exists", fmt.Sprintf("Path already exists: '%s' on endpoint %s", p, c.id))
	}
	parent, name := c.parentOf(p)
	if parent == nil {
		return nil, refuse(http.StatusNotFound, "ClientError.NotFound", fmt.Sprintf("Directory '%s' not found on endpoint %s", dirPath(path.Dir(p)), c.id))
	}
	parent.children[name] = newDir(name, s.now())
	return transferserver.OperationMkdir202JSONResponse(result(ctx, "mkdir_result", "DirectoryCreated", "The directory was created successfully")), nil
}

type renameBody struct {
	OldPath string `json:"old_path"`
	NewPath string `json:"new_path"`
}

func (s *Server) handleRename(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil {
		return
	}
	var body renameBody
	if !s.decodeBody(w, r, &body) {
		return
	}
	if body.OldPath == "" || body.NewPath == "" {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "old_path and new_path are required")
		return
	}
	oldP, newP := cleanPath(body.OldPath), cleanPath(body.NewPath)
	if s.operationPaused(w, r, c, "pause_rename") || !s.mayWrite(w, r, c, oldP) || !s.mayWrite(w, r, c, newP) {
		return
	}
	n := c.lookup(oldP)
	if n == nil || oldP == "/" {
		s.transferError(w, r, http.StatusNotFound, "NotFound", fmt.Sprintf("Path not found: '%s'", oldP))
		return
	}
	if c.lookup(newP) != nil {
		s.transferError(w, r, http.StatusConflict, "Exists", fmt.Sprintf("Path already exists: '%s'", newP))
		return
	}
	if n.dir && strings.HasPrefix(newP+"/", oldP+"/") {
		s.transferError(w, r, http.StatusBadGateway, "EndpointError", "Cannot move a directory into itself")
		return
	}
	newParent, newName := c.parentOf(newP)
	if newParent == nil {
		s.transferError(w, r, http.StatusBadGateway, "EndpointError", fmt.Sprintf("The parent directory of '%s' does not exist", newP))
		return
	}
	oldParent, oldName := c.parentOf(oldP)
	delete(oldParent.children, oldName)
	n.name = newName
	newParent.children[newName] = n
	transferResult(w, r, http.StatusOK, "result", "FileRenamed", "File or directory renamed successfully", nil)
}

func (s *Server) handleSubmissionID(w http.ResponseWriter, r *http.Request) {
	id := s.newUUID()
	s.issuedSubs[id] = true
	writeJSON(w, http.StatusOK, map[string]any{"DATA_TYPE": "submission_id", "value": id})
}
