package fakeglobus

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/server/transferserver"
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

func (s *Server) handleMonitored(w http.ResponseWriter, r *http.Request) {
	me := caller(r).sub.ID
	data := []any{}
	for _, c := range s.colOrder {
		if c.hasRole(me, monitorRoles...) {
			data = append(data, s.endpointDoc(c, me))
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"DATA_TYPE": "endpoint_list", "DATA": data})
}

func (s *Server) handleHosted(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil || !s.mayRole(w, r, c, monitorRoles...) {
		return
	}
	me := caller(r).sub.ID
	data := []any{}
	for _, g := range s.guests(c, "") {
		data = append(data, s.endpointDoc(g, me))
	}
	writeJSON(w, http.StatusOK, map[string]any{"DATA_TYPE": "endpoint_list", "DATA": data})
}

func (s *Server) handleManagerEndpoint(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil || !s.mayRole(w, r, c, knownRoles...) {
		return
	}
	writeJSON(w, http.StatusOK, s.endpointDoc(c, caller(r).sub.ID))
}

func (s *Server) handleManagerACL(w http.ResponseWriter, r *http.Request) {
	c := s.endpoint(w, r)
	if c == nil || !s.mayRole(w, r, c, RoleAdministrator, RoleAccessManager, RoleActivityMonitor) {
		return
	}
	if !c.aclAvailable() {
		s.transferError(w, r, http.StatusConflict, "NotSupported", fmt.Sprintf("Endpoint %s does not support access rules", c.id))
		return
	}
	s.writeACLList(w, c)
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

// findManagedTask returns the task with this id when the caller monitors
// it, or refuses with 404 TaskNotFound or 403 PermissionDenied.
func (s *Server) findManagedTask(ctx context.Context, id transferserver.TaskIDParam) (*task, error) {
	t := s.tasks[string(id)]
	if t == nil {
		return nil, refuse(http.StatusNotFound, "TaskNotFound", fmt.Sprintf("Task '%s' not found", id))
	}
	if !s.monitors(callerID(ctx), t, monitorRoles) {
		return nil, deny(fmt.Sprintf("You have no activity monitor role on the endpoints of task '%s'", id))
	}
	return t, nil
}

// EndpointManagerGetTask answers GET /endpoint_manager/task/{task_id}.
// Unlike the owner's get_task it does not count as a poll.
func (o transferOps) EndpointManagerGetTask(ctx context.Context, req transferserver.EndpointManagerGetTaskRequestObject) (transferserver.EndpointManagerGetTaskResponseObject, error) {
	t, err := o.s.findManagedTask(ctx, req.TaskID)
	if err != nil {
		return nil, err
	}
	return transferserver.EndpointManagerGetTask200JSONResponse(o.s.taskDocument(t)), nil
}

// EndpointManagerTaskEventList answers GET /endpoint_manager/task/{task_id}/event_list.
func (o transferOps) EndpointManagerTaskEventList(ctx context.Context, req transferserver.EndpointManagerTaskEventListRequestObject) (transferserver.EndpointManagerTaskEventListResponseObject, error) {
	t, err := o.s.findManagedTask(ctx, req.TaskID)
	if err != nil {
		return nil, err
	}
	// filter_is_error is the owner's "is_error:" filter: 1 keeps only the
	// errors, 0 only the other events, and any other value is refused.
	f := ""
	if v := req.Params.FilterIsError; v != nil {
		f = "is_error:" + strconv.Itoa(*v)
	}
	list, err := eventList(t, f, req.Params.Limit, req.Params.Offset)
	if err != nil {
		return nil, err
	}
	return transferserver.EndpointManagerTaskEventList200JSONResponse(list), nil
}

// EndpointManagerTaskPauseInfo answers GET /endpoint_manager/task/{task_id}/pause_info.
func (o transferOps) EndpointManagerTaskPauseInfo(ctx context.Context, req transferserver.EndpointManagerTaskPauseInfoRequestObject) (transferserver.EndpointManagerTaskPauseInfoResponseObject, error) {
	t, err := o.s.findManagedTask(ctx, req.TaskID)
	if err != nil {
		return nil, err
	}
	info, err := o.s.pauseInfoDocument(t, true)
	if err != nil {
		return nil, err
	}
	return transferserver.EndpointManagerTaskPauseInfo200JSONResponse(info), nil
}

// EndpointManagerTaskSuccessfulTransfers answers GET /endpoint_manager/task/{task_id}/successful_transfers.
func (o transferOps) EndpointManagerTaskSuccessfulTransfers(ctx context.Context, req transferserver.EndpointManagerTaskSuccessfulTransfersRequestObject) (transferserver.EndpointManagerTaskSuccessfulTransfersResponseObject, error) {
	t, err := o.s.findManagedTask(ctx, req.TaskID)
	if err != nil {
		return nil, err
	}
	list, err := successfulTransfers(t, req.Params.Marker)
	if err != nil {
		return nil, err
	}
	return transferserver.EndpointManagerTaskSuccessfulTransfers200JSONResponse(list), nil
}

// EndpointManagerTaskSkippedErrors answers GET /endpoint_manager/task/{task_id}/skipped_errors.
func (o transferOps) EndpointManagerTaskSkippedErrors(ctx context.Context, req transferserver.EndpointManagerTaskSkippedErrorsRequestObject) (transferserver.EndpointManagerTaskSkippedErrorsResponseObject, error) {
	t, err := o.s.findManagedTask(ctx, req.TaskID)
	if err != nil {
		return nil, err
	}
	list, err := skippedErrors(t)
	if err != nil {
		return nil, err
	}
	return transferserver.EndpointManagerTaskSkippedErrors200JSONResponse(list), nil
}

// Page sizes of the endpoint manager task list.
const (
	managerDefaultLimit = 100
	managerMaxLimit     = 1000
)

// EndpointManagerTaskList answers GET /endpoint_manager/task_list: the
// tasks on endpoints the caller monitors, running tasks first, paged by
// last_key (the position of the next page, as a decimal string).
func (o transferOps) EndpointManagerTaskList(ctx context.Context, req transferserver.EndpointManagerTaskListRequestObject) (transferserver.EndpointManagerTaskListResponseObject, error) {
	s, q := o.s, req.Params
	if err := checkNonNegativeParam("limit", q.Limit); err != nil {
		return nil, err
	}
	limit, _ := page(q.Limit, nil, managerDefaultLimit, managerMaxLimit)
	start := 0
	if lk := queryValue(q.LastKey); lk != "" {
		n, err := strconv.Atoi(lk)
		if err != nil || n < 0 {
			return nil, clientErrorBadRequest(fmt.Sprintf("Invalid last_key '%s'", lk))
		}
		start = n
	}
	var completion *timeRange
	if v := queryValue(q.FilterCompletionTime); v != "" {
		tr, err := parseTimeRange(v)
		if err != nil {
			return nil, clientErrorBadRequest(err.Error())
		}
		completion = &tr
	}
	if err := checkNonNegativeParam("filter_min_faults", q.FilterMinFaults); err != nil {
		return nil, err
	}
	minFaults := 0
	if q.FilterMinFaults != nil {
		minFaults = *q.FilterMinFaults
	}
	statuses := splitList(queryValue(q.FilterStatus))
	ids := splitList(queryValue(q.FilterTaskID))
	ep, owner, username := queryValue(q.FilterEndpoint), queryValue(q.FilterOwnerID), queryValue(q.FilterUsername)
	me := callerID(ctx)
	running := len(statuses) > 0 && !slices.ContainsFunc(statuses, func(v string) bool {
		return !strings.EqualFold(v, "ACTIVE") && !strings.EqualFold(v, "INACTIVE")
	})
	if !running && len(ids) == 0 && ep == "" {
		return nil, clientErrorBadRequest("filter_task_id or filter_endpoint is required unless filter_status only names ACTIVE and INACTIVE")
	}
	if ep != "" {
		c, err := s.collectionOf(ep)
		if err != nil {
			return nil, err
		}
		if err := checkRole(ctx, c, monitorRoles...); err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		if t := s.tasks[id]; t != nil && !s.monitors(me, t, monitorRoles) {
			return nil, deny(fmt.Sprintf("You have no activity monitor role on the endpoints of task '%s'", id))
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
			owner != "" && owner != t.owner.ID ||
			username != "" && username != t.owner.Username ||
			t.faults < minFaults ||
			completion != nil && !completion.contains(t.completed) {
			continue
		}
		if ep != "" {
			// filter_endpoint_use names the side that must match; any
			// other value than source or destination matches every task.
			use := queryValue(q.FilterEndpointUse)
			src, dst := s.touches(t.src, ep), s.touches(t.dst, ep)
			if use == "source" && !src || use == "destination" && !dst || use == "" && !src && !dst {
				continue
			}
		}
		if v := q.FilterIsPaused; v != nil && *v != s.isPaused(t) {
			continue
		}
		// filter_is_ok keeps running tasks only: 1 those without
		// problems, any other value those with (the paused ones).
		if v := q.FilterIsOk; v != nil && (t.status != "ACTIVE" || (*v == 1) == s.isPaused(t)) {
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
	data := []transferserver.Task{}
	for i := start; i < len(hits) && i < start+limit; i++ {
		data = append(data, s.taskDocument(hits[i]))
	}
	more := start+limit < len(hits)
	last := null[string]()
	if more {
		last = val(strconv.Itoa(start + limit))
	}
	return transferserver.EndpointManagerTaskList200JSONResponse{
		DATATYPE:    ptr("task_list"),
		Length:      val(globus.Int(len(data))),
		Limit:       val(globus.Int(limit)),
		HasNextPage: ptr(more),
		LastKey:     last,
		DATA:        &data,
	}, nil
}

// touches reports whether the collection cid is ep or is hosted on ep.
func (s *Server) touches(cid, ep string) bool {
	c := s.collections[cid]
	return cid == ep || c != nil && c.host != nil && c.host.id == ep
}

// managedTasks resolves task ids that the caller may manage (as an
// activity manager or administrator of an endpoint of each), or refuses.
func (s *Server) managedTasks(ctx context.Context, ids []string) ([]*task, error) {
	if len(ids) == 0 {
		return nil, clientErrorBadRequest("task_id_list must not be empty")
	}
	var out []*task
	for _, id := range ids {
		t := s.tasks[id]
		if t == nil {
			return nil, refuse(http.StatusNotFound, "TaskNotFound", fmt.Sprintf("Task '%s' not found", id))
		}
		if !s.monitors(callerID(ctx), t, managerRoles) {
			return nil, deny(fmt.Sprintf("You have no activity manager role on the endpoints of task '%s'", id))
		}
		out = append(out, t)
	}
	return out, nil
}

// EndpointManagerCancelTasks answers POST /endpoint_manager/admin_cancel.
// The fake cancels at once, so the request is done when it is answered.
func (o transferOps) EndpointManagerCancelTasks(ctx context.Context, req transferserver.EndpointManagerCancelTasksRequestObject) (transferserver.EndpointManagerCancelTasksResponseObject, error) {
	s, b := o.s, req.Body
	tasks, err := s.managedTasks(ctx, b.TaskIDList)
	if err != nil {
		return nil, err
	}
	me := callerID(ctx)
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
		t.cancelMsg = b.Message
		t.status, t.completed = "FAILED", now
		t.fatal = &taskFatal{code: "CANCELED", description: "The task was canceled by an endpoint administrator"}
		t.addEvent(now, "CANCELED", "The task was canceled", "canceled by an administrator: "+b.Message, false)
	}
	s.nextID++
	id := strconv.Itoa(s.nextID)
	// state.adminCancel keeps the requests as maps (server.go); the
	// answer is built from them by adminCancelDocument.
	s.adminCancel[id] = map[string]any{"id": id, "message": b.Message, "task_id_list": b.TaskIDList}
	return transferserver.EndpointManagerCancelTasks202JSONResponse(adminCancelDocument(s.adminCancel[id])), nil
}

// adminCancelDocument renders an admin cancel request kept in
// state.adminCancel as Transfer's admin_cancel document.
func adminCancelDocument(rec map[string]any) transferserver.AdminCancel {
	id, _ := rec["id"].(string)
	msg, _ := rec["message"].(string)
	ids, _ := rec["task_id_list"].([]string)
	return transferserver.AdminCancel{
		DATATYPE:   ptr("admin_cancel"),
		ID:         val(globus.ID(id)),
		Done:       val(true),
		Message:    val(msg),
		TaskIDList: val(ids),
	}
}

// EndpointManagerCancelStatus answers GET /endpoint_manager/admin_cancel/{admin_cancel_id}.
func (o transferOps) EndpointManagerCancelStatus(_ context.Context, req transferserver.EndpointManagerCancelStatusRequestObject) (transferserver.EndpointManagerCancelStatusResponseObject, error) {
	rec := o.s.adminCancel[string(req.AdminCancelID)]
	if rec == nil {
		return nil, refuse(http.StatusNotFound, "ClientError.NotFound", "No such admin cancel request")
	}
	return transferserver.EndpointManagerCancelStatus200JSONResponse(adminCancelDocument(rec)), nil
}

// EndpointManagerPauseTasks answers POST /endpoint_manager/admin_pause.
func (o transferOps) EndpointManagerPauseTasks(ctx context.Context, req transferserver.EndpointManagerPauseTasksRequestObject) (transferserver.EndpointManagerPauseTasksResponseObject, error) {
	tasks, err := o.s.managedTasks(ctx, req.Body.TaskIDList)
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		t.adminPaused, t.pauseMsg = true, req.Body.Message
	}
	return transferserver.EndpointManagerPauseTasks202JSONResponse(result(ctx, "result", "PauseAccepted", "The tasks have been paused")), nil
}

// EndpointManagerResumeTasks answers POST /endpoint_manager/admin_resume.
func (o transferOps) EndpointManagerResumeTasks(ctx context.Context, req transferserver.EndpointManagerResumeTasksRequestObject) (transferserver.EndpointManagerResumeTasksResponseObject, error) {
	tasks, err := o.s.managedTasks(ctx, req.Body.TaskIDList)
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		t.adminPaused, t.pauseMsg = false, ""
	}
	return transferserver.EndpointManagerResumeTasks202JSONResponse(result(ctx, "result", "ResumeAccepted", "The tasks have been resumed")), nil
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
