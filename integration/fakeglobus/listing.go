package fakeglobus

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/server/transferserver"
)

// timeRange is a closed range of times; a zero end is open.
type timeRange struct{ from, to time.Time }

func (tr timeRange) contains(t time.Time) bool {
	if t.IsZero() {
		return false
	}
	return (tr.from.IsZero() || !t.Before(tr.from)) && (tr.to.IsZero() || !t.After(tr.to))
}

// The layouts a date/time of a filter may take: ISO 8601 with a T or a
// space, with or without seconds and zone, or a date alone (midnight).
var filterLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
}

// parseGlobusTime reads a date/time as Transfer filters and documents
// write them; times without a zone are UTC. A "+00:00" zone sent
// unescaped in a query arrives as " 00:00"; that form is read as the zone
// too.
func parseGlobusTime(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	for _, cand := range []string{v, unescapedZone(v)} {
		for _, l := range filterLayouts {
			if t, err := time.Parse(l, cand); err == nil {
				return t.UTC(), nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("invalid date/time '%s'", v)
}

// unescapedZone turns "2026-01-01 10:00:00 00:00" back into
// "2026-01-01 10:00:00+00:00".
func unescapedZone(v string) string {
	if i := strings.LastIndexByte(v, ' '); i > 10 && len(v)-i == 6 && v[i+3] == ':' {
		return v[:i] + "+" + v[i+1:]
	}
	return v
}

// parseTimeRange reads "start,end", where either side may be empty and a
// value without a comma is a start.
func parseTimeRange(v string) (timeRange, error) {
	from, to, _ := strings.Cut(v, ",")
	var tr timeRange
	var err error
	if strings.TrimSpace(from) != "" {
		if tr.from, err = parseGlobusTime(from); err != nil {
			return tr, err
		}
	}
	if strings.TrimSpace(to) != "" {
		if tr.to, err = parseGlobusTime(to); err != nil {
			return tr, err
		}
	}
	if !tr.from.IsZero() && !tr.to.IsZero() && tr.to.Before(tr.from) {
		return tr, fmt.Errorf("invalid time range '%s': the end is before the start", v)
	}
	return tr, nil
}

// orderKey is one "field [ASC|DESC]" of an orderby parameter.
type orderKey struct {
	field string
	desc  bool
}

// parseOrderBy reads a comma-separated orderby parameter; every field
// must be one of allowed.
func parseOrderBy(v string, allowed []string) ([]orderKey, error) {
	var keys []orderKey
	for _, part := range strings.Split(v, ",") {
		f := strings.Fields(part)
		if len(f) == 0 {
			continue
		}
		k := orderKey{field: f[0]}
		if len(f) > 2 {
			return nil, fmt.Errorf("invalid orderby '%s'", strings.TrimSpace(part))
		}
		if len(f) == 2 {
			switch strings.ToUpper(f[1]) {
			case "ASC":
			case "DESC":
				k.desc = true
			default:
				return nil, fmt.Errorf("invalid orderby direction '%s': use ASC or DESC", f[1])
			}
		}
		if !slices.Contains(allowed, k.field) {
			return nil, fmt.Errorf("cannot order by '%s'; the fields are %s", k.field, strings.Join(allowed, ", "))
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// orderField is a field that a list may be ordered by: its name in
// orderby, and how two documents of the list compare on it.
type orderField[D any] struct {
	name    string
	compare func(a, b *D) int
}

// orderFields are the fields a list of documents D may be ordered by.
type orderFields[D any] []orderField[D]

// names lists the fields, for parseOrderBy.
func (fs orderFields[D]) names() []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.name
	}
	return out
}

// sort sorts docs stably by keys, whose fields parseOrderBy took from
// fs.names(). It sorts positions rather than the documents themselves,
// which are large structs.
func (fs orderFields[D]) sort(docs []D, keys []orderKey) {
	if len(keys) == 0 {
		return
	}
	cmps := make([]func(a, b *D) int, len(keys))
	for i, k := range keys {
		for _, f := range fs {
			if f.name == k.field {
				cmps[i] = f.compare
			}
		}
	}
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		for n, k := range keys {
			c := cmps[n](&docs[i], &docs[j])
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
	sorted := make([]D, len(docs))
	for i, j := range order {
		sorted[i] = docs[j]
	}
	copy(docs, sorted)
}

// orderByNullable orders documents on a nullable field: null (or absent)
// first, then by value.
func orderByNullable[D any, T cmp.Ordered](get func(*D) nullable.Nullable[T]) func(a, b *D) int {
	return func(a, b *D) int {
		x, errX := get(a).Get()
		y, errY := get(b).Get()
		switch {
		case errX != nil && errY != nil:
			return 0
		case errX != nil:
			return -1
		case errY != nil:
			return 1
		}
		return cmp.Compare(x, y)
	}
}

// orderByPointer orders documents on an optional field: absent first, then by
// value.
func orderByPointer[D any, T cmp.Ordered](get func(*D) *T) func(a, b *D) int {
	return func(a, b *D) int {
		x, y := get(a), get(b)
		switch {
		case x == nil && y == nil:
			return 0
		case x == nil:
			return -1
		case y == nil:
			return 1
		}
		return cmp.Compare(*x, *y)
	}
}

// orderByValue orders documents on a required field.
func orderByValue[D any, T cmp.Ordered](get func(*D) T) func(a, b *D) int {
	return func(a, b *D) int { return cmp.Compare(get(a), get(b)) }
}

// taskOrderBy are the task fields task_list may order by.
var taskOrderBy = orderFields[transferserver.Task]{
	{"task_id", orderByPointer(func(t *transferserver.Task) *string { return t.TaskID })},
	{"type", orderByPointer(func(t *transferserver.Task) *string { return t.Type })},
	{"status", orderByPointer(func(t *transferserver.Task) *string { return t.Status })},
	{"label", orderByNullable(func(t *transferserver.Task) nullable.Nullable[string] { return t.Label })},
	{"request_time", orderByNullable(func(t *transferserver.Task) nullable.Nullable[string] { return t.RequestTime })},
	{"completion_time", orderByNullable(func(t *transferserver.Task) nullable.Nullable[string] { return t.CompletionTime })},
	{"deadline", orderByNullable(func(t *transferserver.Task) nullable.Nullable[string] { return t.Deadline })},
	{"owner_id", orderByNullable(func(t *transferserver.Task) nullable.Nullable[string] { return t.OwnerID })},
	{"username", orderByNullable(func(t *transferserver.Task) nullable.Nullable[string] { return t.Username })},
	{"source_endpoint_id", orderByNullable(func(t *transferserver.Task) nullable.Nullable[string] { return t.SourceEndpointID })},
	{"destination_endpoint_id", orderByNullable(func(t *transferserver.Task) nullable.Nullable[string] { return t.DestinationEndpointID })},
	{"source_endpoint_display_name", orderByNullable(func(t *transferserver.Task) nullable.Nullable[string] { return t.SourceEndpointDisplayName })},
	{"destination_endpoint_display_name", orderByNullable(func(t *transferserver.Task) nullable.Nullable[string] { return t.DestinationEndpointDisplayName })},
	{"files", orderByNullable(func(t *transferserver.Task) nullable.Nullable[int64] { return t.Files })},
	{"directories", orderByNullable(func(t *transferserver.Task) nullable.Nullable[int64] { return t.Directories })},
	{"bytes_transferred", orderByNullable(func(t *transferserver.Task) nullable.Nullable[int64] { return t.BytesTransferred })},
	{"faults", orderByNullable(func(t *transferserver.Task) nullable.Nullable[int] { return t.Faults })},
	{"files_skipped", orderByNullable(func(t *transferserver.Task) nullable.Nullable[int64] { return t.FilesSkipped })},
	{"files_transferred", orderByNullable(func(t *transferserver.Task) nullable.Nullable[int64] { return t.FilesTransferred })},
	{"subtasks_total", orderByNullable(func(t *transferserver.Task) nullable.Nullable[int64] { return t.SubtasksTotal })},
	{"sync_level", orderByNullable(func(t *transferserver.Task) nullable.Nullable[int] { return t.SyncLevel })},
	{"nice_status", orderByNullable(func(t *transferserver.Task) nullable.Nullable[string] { return t.NiceStatus })},
}

// lsOrderBy are the file fields ls may order by.
var lsOrderBy = orderFields[transferserver.FileDocument]{
	{"name", orderByValue(func(f *transferserver.FileDocument) string { return f.Name })},
	{"type", orderByValue(func(f *transferserver.FileDocument) string { return f.Type })},
	{"size", orderByNullable(func(f *transferserver.FileDocument) nullable.Nullable[int64] { return f.Size })},
	{"last_modified", orderByNullable(func(f *transferserver.FileDocument) nullable.Nullable[string] { return f.LastModified })},
	{"permissions", orderByNullable(func(f *transferserver.FileDocument) nullable.Nullable[string] { return f.Permissions })},
	{"user", orderByNullable(func(f *transferserver.FileDocument) nullable.Nullable[string] { return f.User })},
	{"group", orderByNullable(func(f *transferserver.FileDocument) nullable.Nullable[string] { return f.Group })},
	{"link_target", orderByNullable(func(f *transferserver.FileDocument) nullable.Nullable[string] { return f.LinkTarget })},
	{"link_size", orderByNullable(func(f *transferserver.FileDocument) nullable.Nullable[int64] { return f.LinkSize })},
	{"link_user", orderByNullable(func(f *transferserver.FileDocument) nullable.Nullable[string] { return f.LinkUser })},
	{"link_group", orderByNullable(func(f *transferserver.FileDocument) nullable.Nullable[string] { return f.LinkGroup })},
	{"link_last_modified", orderByNullable(func(f *transferserver.FileDocument) nullable.Nullable[string] { return f.LinkLastModified })},
	{"DATA_TYPE", orderByValue(func(f *transferserver.FileDocument) string { return f.DATATYPE })},
}

// TaskList answers GET /task_list: the caller's tasks, newest first unless
// orderby says otherwise, that match the filter.
func (o transferOps) TaskList(ctx context.Context, req transferserver.TaskListRequestObject) (transferserver.TaskListResponseObject, error) {
	s, q := o.s, req.Params
	limit, offset, err := page(ctx, q.Limit, q.Offset, listDefaultLimit, listMaxLimit)
	if err != nil {
		return nil, err
	}
	var filters []lsFilter
	if f := deref(q.Filter); f != "" {
		if filters, err = parseFilters([]string{f}); err != nil {
			return nil, badRequest(err.Error())
		}
	}
	ranges := map[string]timeRange{}
	for _, f := range filters {
		switch f.field {
		case "task_id", "type", "status", "label":
		case "request_time", "completion_time":
			if len(f.values) > 2 {
				return nil, badRequest(fmt.Sprintf("invalid %s range '%s': give start,end", f.field, strings.Join(f.values, ",")))
			}
			tr, err := parseTimeRange(strings.Join(f.values, ","))
			if err != nil {
				return nil, badRequest(err.Error())
			}
			ranges[f.field] = tr
		default:
			return nil, badRequest(fmt.Sprintf("unsupported filter field '%s'", f.field))
		}
	}
	keys, err := parseOrderBy(deref(q.Orderby), taskOrderBy.names())
	if err != nil {
		return nil, badRequest(err.Error())
	}
	me := callerID(ctx)
	var docs []transferserver.Task
	for i := len(s.taskOrder) - 1; i >= 0; i-- {
		t := s.taskOrder[i]
		if t.owner.ID != me || t.removed {
			continue
		}
		match := true
		for _, f := range filters {
			switch f.field {
			case "task_id":
				match = match && slices.Contains(f.values, t.id)
			case "type":
				match = match && slices.ContainsFunc(f.values, func(v string) bool { return strings.EqualFold(v, t.kind) })
			case "status":
				match = match && slices.ContainsFunc(f.values, func(v string) bool { return strings.EqualFold(v, t.status) })
			case "label":
				match = match && slices.ContainsFunc(f.values, func(v string) bool { return matchLabel(v, t.label) })
			case "request_time":
				match = match && ranges[f.field].contains(t.requested.Truncate(time.Second))
			case "completion_time":
				match = match && ranges[f.field].contains(t.completed.Truncate(time.Second))
			}
		}
		if match {
			docs = append(docs, s.taskDocument(t))
		}
	}
	taskOrderBy.sort(docs, keys)
	data := []transferserver.Task{}
	for i := offset; i < len(docs) && i < offset+limit; i++ {
		data = append(data, docs[i])
	}
	return transferserver.TaskList200JSONResponse{
		DATATYPE: ptr("task_list"),
		Length:   val(globus.Int(len(data))),
		Limit:    val(globus.Int(limit)),
		Offset:   val(globus.Int(offset)),
		Total:    val(globus.Int(len(docs))),
		DATA:     &data,
	}, nil
}
