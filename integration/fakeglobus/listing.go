package fakeglobus

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
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

// compareValues orders JSON-like values: nil first, then numbers, booleans
// and strings by their natural order.
func compareValues(a, b any) int {
	if a == nil || b == nil {
		switch {
		case a == nil && b == nil:
			return 0
		case a == nil:
			return -1
		}
		return 1
	}
	switch x := a.(type) {
	case int:
		if y, ok := b.(int); ok {
			return cmp.Compare(x, y)
		}
	case int64:
		if y, ok := b.(int64); ok {
			return cmp.Compare(x, y)
		}
	case float64:
		if y, ok := b.(float64); ok {
			return cmp.Compare(x, y)
		}
	case bool:
		if y, ok := b.(bool); ok {
			switch {
			case x == y:
				return 0
			case !x:
				return -1
			}
			return 1
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y)
		}
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

// sortDocs sorts documents stably by keys.
func sortDocs(docs []map[string]any, keys []orderKey) {
	slices.SortStableFunc(docs, func(a, b map[string]any) int {
		for _, k := range keys {
			c := compareValues(a[k.field], b[k.field])
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

// taskOrderFields are the task fields task_list may order by.
var taskOrderFields = []string{"task_id", "type", "status", "label", "request_time", "completion_time", "deadline",
	"owner_id", "username", "source_endpoint_id", "destination_endpoint_id", "source_endpoint_display_name",
	"destination_endpoint_display_name", "files", "directories", "bytes_transferred", "faults", "files_skipped",
	"files_transferred", "subtasks_total", "sync_level", "nice_status"}

// lsOrderFields are the file fields ls may order by.
var lsOrderFields = []string{"name", "type", "size", "last_modified", "permissions", "user", "group", "link_target",
	"link_size", "link_user", "link_group", "link_last_modified", "DATA_TYPE"}

func (s *Server) handleTaskList(w http.ResponseWriter, r *http.Request) {
	limit, offset, ok := s.pageParams(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	bad := func(err error) { s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", err.Error()) }
	var filters []lsFilter
	if f := q.Get("filter"); f != "" {
		var err error
		if filters, err = parseFilters([]string{f}); err != nil {
			bad(err)
			return
		}
	}
	ranges := map[string]timeRange{}
	for _, f := range filters {
		switch f.field {
		case "task_id", "type", "status", "label":
		case "request_time", "completion_time":
			if len(f.values) > 2 {
				bad(fmt.Errorf("invalid %s range '%s': give start,end", f.field, strings.Join(f.values, ",")))
				return
			}
			tr, err := parseTimeRange(strings.Join(f.values, ","))
			if err != nil {
				bad(err)
				return
			}
			ranges[f.field] = tr
		default:
			bad(fmt.Errorf("unsupported filter field '%s'", f.field))
			return
		}
	}
	keys, err := parseOrderBy(q.Get("orderby"), taskOrderFields)
	if err != nil {
		bad(err)
		return
	}
	me := caller(r).sub.ID
	var docs []map[string]any
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
			docs = append(docs, s.taskDoc(t))
		}
	}
	sortDocs(docs, keys)
	data := []any{}
	for i := offset; i < len(docs) && i < offset+limit; i++ {
		data = append(data, docs[i])
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"DATA_TYPE": "task_list",
		"length":    len(data),
		"limit":     limit,
		"offset":    offset,
		"total":     len(docs),
		"DATA":      data,
	})
}
