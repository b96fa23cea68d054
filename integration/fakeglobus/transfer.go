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

	"github.com/globus-go/globus"
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

// parseFilters reads filter expressions (of ls, or the one of task_list):
// clauses "field:value,value" joined by "/".
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

// matchFile reports whether the entry n, whose file document is doc,
// passes the filter. An invalid filter is only found out once an entry is
// tested against it.
func (f lsFilter) matchFile(n *node, doc *transferserver.FileDocument) (bool, error) {
	switch f.field {
	case "name", "type", "permissions", "user", "group":
		v := ""
		switch f.field {
		case "name":
			v = doc.Name
		case "type":
			v = doc.Type
		case "permissions":
			v = doc.Permissions.GetOrEmpty()
		case "user":
			v = doc.User.GetOrEmpty()
		case "group":
			v = doc.Group.GetOrEmpty()
		}
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

// OperationLs answers GET /operation/endpoint/{endpoint_id}/ls.
func (o transferOps) OperationLs(ctx context.Context, req transferserver.OperationLsRequestObject) (transferserver.OperationLsResponseObject, error) {
	s, q := o.s, req.Params
	c, err := s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	p := cleanPath(deref(q.Path))
	if err := s.checkPaused(ctx, c, "pause_ls"); err != nil {
		return nil, err
	}
	if err := checkRead(ctx, c, p); err != nil {
		return nil, err
	}
	n := c.lookup(p)
	if n == nil {
		return nil, refuse(http.StatusNotFound, "ClientError.NotFound", fmt.Sprintf("Directory '%s' not found on endpoint %s", dirPath(p), c.id))
	}
	if !n.dir {
		return nil, refuse(http.StatusBadGateway, "ExternalError.DirListingFailed.NotDirectory", fmt.Sprintf("Path '%s' is not a directory", p))
	}
	limit, offset, err := page(ctx, q.Limit, q.Offset, lsMaxLimit, lsMaxLimit)
	if err != nil {
		return nil, err
	}
	var exprs []string
	if q.Filter != nil {
		exprs = *q.Filter
	}
	filters, err := parseFilters(exprs)
	if err != nil {
		return nil, badRequest(err.Error())
	}
	orderby := deref(q.Orderby)
	if orderby == "" {
		orderby = "type,name"
	}
	keys, err := parseOrderBy(orderby, lsOrderBy.names())
	if err != nil {
		return nil, badRequest(err.Error())
	}
	showHidden := q.ShowHidden == nil || *q.ShowHidden != 0
	var kept []transferserver.FileDocument
	for _, e := range n.sortedChildren() {
		if !showHidden && strings.HasPrefix(e.name, ".") {
			continue
		}
		doc := e.fileDocument()
		match := true
		for _, f := range filters {
			ok, err := f.matchFile(e, &doc)
			if err != nil {
				return nil, badRequest(err.Error())
			}
			match = match && ok
		}
		if match {
			kept = append(kept, doc)
		}
	}
	lsOrderBy.sort(kept, keys)
	data := []transferserver.FileDocument{}
	for i := offset; i < len(kept) && i < offset+limit; i++ {
		data = append(data, kept[i])
	}
	return transferserver.OperationLs200JSONResponse{
		DATATYPE:         ptr("file_list"),
		Endpoint:         val(c.id),
		Path:             val(dirPath(p)),
		AbsolutePath:     val(dirPath(p)),
		RenameSupported:  val(true),
		SymlinkSupported: val(false),
		Length:           val(globus.Int(len(data))),
		Total:            val(globus.Int(len(kept))),
		Limit:            val(globus.Int(limit)),
		Offset:           val(globus.Int(offset)),
		DATA:             &data,
	}, nil
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
		return nil, badRequest("path is required")
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
		return nil, badRequest("path is required")
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

// OperationRename answers POST /operation/endpoint/{endpoint_id}/rename.
func (o transferOps) OperationRename(ctx context.Context, req transferserver.OperationRenameRequestObject) (transferserver.OperationRenameResponseObject, error) {
	s := o.s
	c, err := s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	if req.Body.OldPath == "" || req.Body.NewPath == "" {
		return nil, badRequest("old_path and new_path are required")
	}
	oldP, newP := cleanPath(req.Body.OldPath), cleanPath(req.Body.NewPath)
	if err := s.checkPaused(ctx, c, "pause_rename"); err != nil {
		return nil, err
	}
	if err := checkWrite(ctx, c, oldP); err != nil {
		return nil, err
	}
	if err := checkWrite(ctx, c, newP); err != nil {
		return nil, err
	}
	n := c.lookup(oldP)
	if n == nil || oldP == "/" {
		return nil, refuse(http.StatusNotFound, "NotFound", fmt.Sprintf("Path not found: '%s'", oldP))
	}
	if c.lookup(newP) != nil {
		return nil, refuse(http.StatusConflict, "Exists", fmt.Sprintf("Path already exists: '%s'", newP))
	}
	if n.dir && strings.HasPrefix(newP+"/", oldP+"/") {
		return nil, refuse(http.StatusBadGateway, "EndpointError", "Cannot move a directory into itself")
	}
	newParent, newName := c.parentOf(newP)
	if newParent == nil {
		return nil, refuse(http.StatusBadGateway, "EndpointError", fmt.Sprintf("The parent directory of '%s' does not exist", newP))
	}
	oldParent, oldName := c.parentOf(oldP)
	delete(oldParent.children, oldName)
	n.name = newName
	newParent.children[newName] = n
	return transferserver.OperationRename200JSONResponse(result(ctx, "result", "FileRenamed", "File or directory renamed successfully")), nil
}

// GetSubmissionID answers GET /submission_id.
func (o transferOps) GetSubmissionID(context.Context, transferserver.GetSubmissionIDRequestObject) (transferserver.GetSubmissionIDResponseObject, error) {
	id := o.s.newUUID()
	o.s.issuedSubs[id] = true
	return transferserver.GetSubmissionID200JSONResponse{DATATYPE: ptr("submission_id"), Value: id}, nil
}
