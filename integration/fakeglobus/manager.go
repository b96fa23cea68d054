package fakeglobus

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// pauseRule is an administrator's rule that pauses matching tasks (and
// perhaps operations) on one endpoint.
type pauseRule struct {
	id         string
	endpoint   *collection
	identity   string // "" for everyone
	message    string
	start      time.Time
	modified   time.Time
	modifiedBy Identity
	flags      map[string]bool
}

var pauseFlags = []string{"pause_ls", "pause_mkdir", "pause_symlink", "pause_rename", "pause_task_delete",
	"pause_task_transfer_write", "pause_task_transfer_read"}

func (p *pauseRule) doc(full bool) map[string]any {
	d := map[string]any{
		"DATA_TYPE":               "pause_rule",
		"id":                      p.id,
		"message":                 nullOr(p.message),
		"start_time":              globusTime(p.start),
		"endpoint_id":             p.endpoint.id,
		"endpoint_display_name":   p.endpoint.displayName,
		"identity_id":             nullOr(p.identity),
		"modified_time":           globusTime(p.modified),
		"created_by_host_manager": false,
		"editable":                true,
	}
	for _, f := range pauseFlags {
		d[f] = p.flags[f]
	}
	if full {
		d["modified_by_id"] = p.modifiedBy.ID
		d["modified_by"] = p.modifiedBy.Username
	} else {
		d["DATA_TYPE"] = "pause_rule_limited"
	}
	return d
}

// applies reports whether the rule is in force for identity id now.
func (p *pauseRule) applies(id string, now time.Time) bool {
	return (p.identity == "" || p.identity == id) && !now.Before(p.start)
}

// pausingRules lists the rules that pause t now. s.mu must be held.
func (s *Server) pausingRules(t *task) []*pauseRule {
	var out []*pauseRule
	now := s.now()
	for _, p := range s.ruleOrder {
		if !p.applies(t.owner.ID, now) {
			continue
		}
		switch {
		case t.kind == "DELETE" && p.endpoint.id == t.src && p.flags["pause_task_delete"],
			t.kind == "TRANSFER" && p.endpoint.id == t.src && p.flags["pause_task_transfer_read"],
			t.kind == "TRANSFER" && p.endpoint.id == t.dst && p.flags["pause_task_transfer_write"]:
			out = append(out, p)
		}
	}
	return out
}

// isPaused reports whether an ACTIVE task is held by an admin or a rule.
func (s *Server) isPaused(t *task) bool {
	return t.status == "ACTIVE" && (t.adminPaused || len(s.pausingRules(t)) > 0)
}

// operationPaused answers 409 and returns true when a pause rule stops
// the caller's operation (flag, such as pause_ls) on c.
func (s *Server) operationPaused(w http.ResponseWriter, r *http.Request, c *collection, flag string) bool {
	me := caller(r).sub.ID
	for _, p := range s.ruleOrder {
		if p.endpoint == c && p.flags[flag] && p.applies(me, s.now()) {
			writeJSON(w, http.StatusConflict, map[string]any{
				"code":          "OperationPaused",
				"message":       fmt.Sprintf("An administrator of endpoint %s paused this operation", c.id),
				"pause_message": p.message,
				"request_id":    requestID(r),
				"resource":      resource(r),
			})
			return true
		}
	}
	return false
}

func (s *Server) pauseInfo(t *task, full bool) map[string]any {
	rules := []any{}
	var srcMsg, dstMsg any
	if t.status == "ACTIVE" {
		for _, p := range s.pausingRules(t) {
			rules = append(rules, p.doc(full))
		}
		if t.adminPaused {
			srcMsg = nullOr(t.pauseMsg)
		}
	}
	dt := "pause_info_limited"
	if full {
		dt = "pause_info"
	}
	return map[string]any{
		"DATA_TYPE":                       dt,
		"pause_rules":                     rules,
		"source_pause_message":            srcMsg,
		"destination_pause_message":       dstMsg,
		"source_pause_message_share":      nil,
		"destination_pause_message_share": nil,
	}
}

// monitors reports whether id may see t as an endpoint manager: it holds
// a monitoring role on the task's source or destination (or their host).
func (s *Server) monitors(id string, t *task, roles []string) bool {
	for _, cid := range []string{t.src, t.dst} {
		c := s.collections[cid]
		for c != nil {
			if c.hasRole(id, roles...) {
				return true
			}
			c = c.host
		}
	}
	return false
}

// findManagedTask returns the task of the path when the caller monitors
// it; otherwise it has answered.
func (s *Server) findManagedTask(w http.ResponseWriter, r *http.Request) *task {
	id := r.PathValue("task_id")
	t := s.tasks[id]
	if t == nil {
		s.transferError(w, r, http.StatusNotFound, "TaskNotFound", fmt.Sprintf("Task '%s' not found", id))
		return nil
	}
	if !s.monitors(caller(r).sub.ID, t, monitorRoles) {
		s.denied(w, r, fmt.Sprintf("You have no activity monitor role on the endpoints of task '%s'", id))
		return nil
	}
	return t
}

func (s *Server) handleManagerTask(w http.ResponseWriter, r *http.Request) {
	if t := s.findManagedTask(w, r); t != nil {
		writeJSON(w, http.StatusOK, s.taskDoc(t))
	}
}

func (s *Server) handleManagerEvents(w http.ResponseWriter, r *http.Request) {
	t := s.findManagedTask(w, r)
	if t == nil {
		return
	}
	f := ""
	switch v := strings.ToLower(r.URL.Query().Get("filter_is_error")); v {
	case "":
	case "true", "1":
		f = "is_error:1"
	case "false", "0":
		f = "is_error:0"
	default:
		f = "is_error:" + v // refused by writeEvents
	}
	s.writeEvents(w, r, t, f)
}

func (s *Server) handleManagerPauseInfo(w http.ResponseWriter, r *http.Request) {
	if t := s.findManagedTask(w, r); t != nil {
		writeJSON(w, http.StatusOK, s.pauseInfo(t, true))
	}
}

func (s *Server) handleManagerSuccessful(w http.ResponseWriter, r *http.Request) {
	if t := s.findManagedTask(w, r); t != nil {
		s.writeSuccessful(w, r, t)
	}
}

func (s *Server) handleManagerSkipped(w http.ResponseWriter, r *http.Request) {
	if t := s.findManagedTask(w, r); t != nil {
		s.writeSkipped(w, r, t)
	}
}

// Page sizes of the endpoint manager task list.
const (
	managerDefaultLimit = 100
	managerMaxLimit     = 1000
)

func (s *Server) handleManagerTaskList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, ok := s.intParam(w, r, "limit", managerDefaultLimit)
	if !ok {
		return
	}
	if limit == 0 || limit > managerMaxLimit {
		limit = managerMaxLimit
	}
	start := 0
	if lk := q.Get("last_key"); lk != "" {
		n, err := strconv.Atoi(lk)
		if err != nil || n < 0 {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", fmt.Sprintf("Invalid last_key '%s'", lk))
			return
		}
		start = n
	}
	var completion *timeRange
	if v := q.Get("filter_completion_time"); v != "" {
		tr, err := parseTimeRange(v)
		if err != nil {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", err.Error())
			return
		}
		completion = &tr
	}
	minFaults, ok := s.intParam(w, r, "filter_min_faults", 0)
	if !ok {
		return
	}
	statuses := splitList(q.Get("filter_status"))
	ids := splitList(q.Get("filter_task_id"))
	me := caller(r).sub.ID
	running := len(statuses) > 0 && !slices.ContainsFunc(statuses, func(v string) bool {
		return !strings.EqualFold(v, "ACTIVE") && !strings.EqualFold(v, "INACTIVE")
	})
	if !running && len(ids) == 0 && q.Get("filter_endpoint") == "" {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest",
			"filter_task_id or filter_endpoint is required unless filter_status only names ACTIVE and INACTIVE")
		return
	}
	if ep := q.Get("filter_endpoint"); ep != "" {
		c := s.collections[ep]
		if c == nil {
			s.transferError(w, r, http.StatusNotFound, "EndpointNotFound", fmt.Sprintf("No such endpoint '%s'", ep))
			return
		}
		if !s.mayRole(w, r, c, monitorRoles...) {
			return
		}
	}
	for _, id := range ids {
		if t := s.tasks[id]; t != nil && !s.monitors(me, t, monitorRoles) {
			s.denied(w, r, fmt.Sprintf("You have no activity monitor role on the endpoints of task '%s'", id))
			return
		}
	}
	var hits []*task
	for i := len(s.taskOrder) - 1; i >= 0; i-- {
		t := s.taskOrder[i]
		if !s.monitors(me, t, monitorRoles) {
			continue
		}
		if len(statuses) > 0 && !slices.ContainsFunc(statuses, func(v string) bool { return strings.EqualFold(v, t.status) }) ||
			len(ids) > 0 && !slices.Contains(ids, t.id) ||
			q.Get("filter_owner_id") != "" && q.Get("filter_owner_id") != t.owner.ID ||
			q.Get("filter_username") != "" && q.Get("filter_username") != t.owner.Username ||
			t.faults < minFaults ||
			completion != nil && !completion.contains(t.completed) {
			continue
		}
		if ep := q.Get("filter_endpoint"); ep != "" {
			use := q.Get("filter_endpoint_use")
			src, dst := s.touches(t.src, ep), s.touches(t.dst, ep)
			if use == "source" && !src || use == "destination" && !dst || use == "" && !src && !dst {
				continue
			}
		}
		if v := q.Get("filter_is_paused"); v != "" && (v == "true" || v == "1") != s.isPaused(t) {
			continue
		}
		if v := q.Get("filter_is_ok"); v != "" && (t.status != "ACTIVE" || (v == "1" || v == "true") == s.isPaused(t)) {
			continue
		}
		hits = append(hits, t)
	}
	// Running tasks first, newest request first; then finished tasks,
	// latest completion first.
	slices.SortStableFunc(hits, func(a, b *task) int {
		ra, rb := a.status == "ACTIVE", b.status == "ACTIVE"
		switch {
		case ra && !rb:
			return -1
		case rb && !ra:
			return 1
		case ra:
			return b.requested.Compare(a.requested)
		}
		return b.completed.Compare(a.completed)
	})
	data := []any{}
	for i := start; i < len(hits) && i < start+limit; i++ {
		data = append(data, s.taskDoc(hits[i]))
	}
	more := start+limit < len(hits)
	var last any
	if more {
		last = strconv.Itoa(start + limit)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"DATA_TYPE":     "task_list",
		"length":        len(data),
		"limit":         limit,
		"has_next_page": more,
		"last_key":      last,
		"DATA":          data,
	})
}

// touches reports whether the collection cid is ep or is hosted on ep.
func (s *Server) touches(cid, ep string) bool {
	c := s.collections[cid]
	return cid == ep || c != nil && c.host != nil && c.host.id == ep
}

type adminTasksBody struct {
	TaskIDs []string `json:"task_id_list"`
	Message string   `json:"message"`
}

// managedTasks resolves task ids the caller may manage; on failure it has
// answered.
func (s *Server) managedTasks(w http.ResponseWriter, r *http.Request, ids []string) []*task {
	var out []*task
	if len(ids) == 0 {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "task_id_list must not be empty")
		return nil
	}
	for _, id := range ids {
		t := s.tasks[id]
		if t == nil {
			s.transferError(w, r, http.StatusNotFound, "TaskNotFound", fmt.Sprintf("Task '%s' not found", id))
			return nil
		}
		if !s.monitors(caller(r).sub.ID, t, managerRoles) {
			s.denied(w, r, fmt.Sprintf("You have no activity manager role on the endpoints of task '%s'", id))
			return nil
		}
		out = append(out, t)
	}
	return out
}

func (s *Server) handleAdminCancel(w http.ResponseWriter, r *http.Request) {
	var body adminTasksBody
	if !s.decodeBody(w, r, &body) {
		return
	}
	tasks := s.managedTasks(w, r, body.TaskIDs)
	if tasks == nil {
		return
	}
	me := caller(r).sub.ID
	now := s.now()
	for _, t := range tasks {
		if t.status != "ACTIVE" {
			continue
		}
		src, dst := s.monitors(me, &task{src: t.src}, managerRoles), t.dst != "" && s.monitors(me, &task{src: t.dst}, managerRoles)
		switch {
		case src && dst:
			t.canceledByAdmin = "BOTH"
		case dst:
			t.canceledByAdmin = "DESTINATION"
		default:
			t.canceledByAdmin = "SOURCE"
		}
		t.cancelMsg = body.Message
		t.status, t.completed = "FAILED", now
		t.fatal = map[string]any{"code": "CANCELED", "description": "The task was canceled by an endpoint administrator"}
		t.addEvent(now, "CANCELED", "The task was canceled", "canceled by an administrator: "+body.Message, false)
	}
	s.nextID++
	id := strconv.Itoa(s.nextID)
	doc := map[string]any{"DATA_TYPE": "admin_cancel", "id": id, "done": true, "message": body.Message, "task_id_list": body.TaskIDs}
	s.adminCancel[id] = doc
	writeJSON(w, http.StatusAccepted, doc)
}

func (s *Server) handleAdminCancelStatus(w http.ResponseWriter, r *http.Request) {
	doc := s.adminCancel[r.PathValue("admin_cancel_id")]
	if doc == nil {
		s.transferError(w, r, http.StatusNotFound, "ClientError.NotFound", "No such admin cancel request")
		return
	}
	writeJSON(w, http.StatusOK, doc)
}

// handleAdminPause pauses or (at admin_resume) resumes tasks.
func (s *Server) handleAdminPause(w http.ResponseWriter, r *http.Request) {
	var body adminTasksBody
	if !s.decodeBody(w, r, &body) {
		return
	}
	tasks := s.managedTasks(w, r, body.TaskIDs)
	if tasks == nil {
		return
	}
	pause := strings.HasSuffix(r.URL.Path, "/admin_pause")
	for _, t := range tasks {
		t.adminPaused, t.pauseMsg = pause, body.Message
		if !pause {
			t.pauseMsg = ""
		}
	}
	code, msg := "PauseAccepted", "The tasks have been paused"
	if !pause {
		code, msg = "ResumeAccepted", "The tasks have been resumed"
	}
	transferResult(w, r, http.StatusAccepted, "result", code, msg, nil)
}

func (s *Server) handlePauseRuleList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	me := caller(r).sub.ID
	data := []any{}
	for _, key := range []string{"filter_endpoint", "filter_host_endpoint"} {
		if ep := q.Get(key); ep != "" {
			c := s.collections[ep]
			if c == nil {
				s.transferError(w, r, http.StatusNotFound, "EndpointNotFound", fmt.Sprintf("No such endpoint '%s'", ep))
				return
			}
			if !s.mayRole(w, r, c, monitorRoles...) {
				return
			}
		}
	}
	for _, p := range s.ruleOrder {
		if !p.endpoint.hasRole(me, monitorRoles...) {
			continue
		}
		if ep := q.Get("filter_endpoint"); ep != "" && p.endpoint.id != ep {
			continue
		}
		if h := q.Get("filter_host_endpoint"); h != "" && (p.endpoint.host == nil || p.endpoint.host.id != h) {
			continue
		}
		data = append(data, p.doc(true))
	}
	writeJSON(w, http.StatusOK, map[string]any{"DATA_TYPE": "pause_rule_list", "DATA": data})
}

// pauseRuleBody holds the string fields of a pause rule request; the
// flags are read from the raw document.
type pauseRuleBody struct {
	EndpointID, IdentityID, Message, StartTime *string
}

func (s *Server) decodePauseRule(w http.ResponseWriter, r *http.Request) (*pauseRuleBody, map[string]any, bool) {
	var raw map[string]any
	if !s.decodeBody(w, r, &raw) {
		return nil, nil, false
	}
	b := &pauseRuleBody{}
	str := func(k string) *string {
		if v, ok := raw[k].(string); ok {
			return &v
		}
		return nil
	}
	b.EndpointID, b.IdentityID, b.Message, b.StartTime = str("endpoint_id"), str("identity_id"), str("message"), str("start_time")
	return b, raw, true
}

func (s *Server) applyPauseRule(w http.ResponseWriter, r *http.Request, p *pauseRule, b *pauseRuleBody, raw map[string]any) bool {
	if b.IdentityID != nil {
		p.identity = *b.IdentityID
	} else if v, ok := raw["identity_id"]; ok && v == nil {
		p.identity = ""
	}
	if b.Message != nil {
		p.message = *b.Message
	}
	if b.StartTime != nil {
		t, err := parseGlobusTime(*b.StartTime)
		if err != nil {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", fmt.Sprintf("Invalid start_time '%s'", *b.StartTime))
			return false
		}
		p.start = t
	}
	for _, f := range pauseFlags {
		if v, ok := raw[f].(bool); ok {
			p.flags[f] = v
		}
	}
	p.modified, p.modifiedBy = s.now(), caller(r).sub
	return true
}

func (s *Server) handleCreatePauseRule(w http.ResponseWriter, r *http.Request) {
	b, raw, ok := s.decodePauseRule(w, r)
	if !ok {
		return
	}
	if b.EndpointID == nil {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "endpoint_id is required")
		return
	}
	c := s.collections[*b.EndpointID]
	if c == nil {
		s.transferError(w, r, http.StatusNotFound, "EndpointNotFound", fmt.Sprintf("No such endpoint '%s'", *b.EndpointID))
		return
	}
	if !s.mayRole(w, r, c, managerRoles...) {
		return
	}
	p := &pauseRule{id: s.newUUID(), endpoint: c, start: s.now(), flags: map[string]bool{}}
	if !s.applyPauseRule(w, r, p, b, raw) {
		return
	}
	s.pauseRules[p.id] = p
	s.ruleOrder = append(s.ruleOrder, p)
	writeJSON(w, http.StatusCreated, p.doc(true))
}

func (s *Server) handlePauseRule(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("pause_rule_id")
	p := s.pauseRules[id]
	if p == nil {
		s.transferError(w, r, http.StatusNotFound, "PauseRuleNotFound", fmt.Sprintf("Pause rule '%s' not found", id))
		return
	}
	roles := managerRoles
	if r.Method == http.MethodGet {
		roles = monitorRoles
	}
	if !s.mayRole(w, r, p.endpoint, roles...) {
		return
	}
	switch r.Method {
	case http.MethodPut:
		b, raw, ok := s.decodePauseRule(w, r)
		if !ok {
			return
		}
		if b.EndpointID != nil && *b.EndpointID != p.endpoint.id {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "The endpoint of a pause rule cannot change")
			return
		}
		if !s.applyPauseRule(w, r, p, b, raw) {
			return
		}
	case http.MethodDelete:
		delete(s.pauseRules, p.id)
		s.ruleOrder = slices.DeleteFunc(s.ruleOrder, func(x *pauseRule) bool { return x == p })
		transferResult(w, r, http.StatusOK, "result", "Deleted", fmt.Sprintf("Pause rule '%s' deleted successfully", p.id), nil)
		return
	}
	writeJSON(w, http.StatusOK, p.doc(true))
}

func (s *Server) handleMyPauseRules(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil {
		return
	}
	me := caller(r).sub.ID
	data := []any{}
	for _, p := range s.ruleOrder {
		if p.endpoint == c && p.applies(me, s.now()) {
			data = append(data, p.doc(false))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"DATA_TYPE": "pause_rule_list", "DATA": data})
}
