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
	"github.com/oapi-codegen/nullable"
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

// document renders p as Transfer's pause rule document: the full form
// (pause_rule) that endpoint managers see, with who last changed it, or
// the limited form (pause_rule_limited) of my_effective_pause_rule_list.
// Both send created_by_host_manager and editable, which the spec says
// the limited form omits.
func (p *pauseRule) document(full bool) transferserver.PauseRule {
	d := transferserver.PauseRule{
		DATATYPE:             ptr("pause_rule_limited"),
		ID:                   val(transferserver.FlexibleID(p.id)),
		Message:              orNull(p.message),
		StartTime:            val(globusTime(p.start)),
		EndpointID:           val(p.endpoint.id),
		EndpointDisplayName:  val(p.endpoint.displayName),
		IdentityID:           orNull(p.identity), // null: everyone
		ModifiedTime:         val(globusTime(p.modified)),
		CreatedByHostManager: val(false),
		Editable:             val(true),
	}
	for f, field := range pauseFlagFields(&d) {
		*field = val(p.flags[f])
	}
	if full {
		d.DATATYPE = ptr("pause_rule")
		d.ModifiedByID = val(p.modifiedBy.ID)
		d.ModifiedBy = val(p.modifiedBy.Username)
	}
	return d
}

// pauseFlagFields maps each pause flag (the names of pauseFlags) to its
// field of d, to render a rule's flags and to read them from a request.
func pauseFlagFields(d *transferserver.PauseRule) map[string]*nullable.Nullable[bool] {
	return map[string]*nullable.Nullable[bool]{
		"pause_ls":                  &d.PauseLs,
		"pause_mkdir":               &d.PauseMkdir,
		"pause_symlink":             &d.PauseSymlink,
		"pause_rename":              &d.PauseRename,
		"pause_task_delete":         &d.PauseTaskDelete,
		"pause_task_transfer_write": &d.PauseTaskTransferWrite,
		"pause_task_transfer_read":  &d.PauseTaskTransferRead,
	}
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
	list, err := eventList(ctx, t, f, req.Params.Limit, req.Params.Offset)
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
	return transferserver.EndpointManagerTaskPauseInfo200JSONResponse(o.s.pauseInfoDocument(t, true)), nil
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
	limit, err := count(ctx, "limit", q.Limit, managerDefaultLimit)
	if err != nil {
		return nil, err
	}
	if limit == 0 || limit > managerMaxLimit {
		limit = managerMaxLimit
	}
	start := 0
	if lk := deref(q.LastKey); lk != "" {
		n, err := strconv.Atoi(lk)
		if err != nil || n < 0 {
			return nil, badRequest(fmt.Sprintf("Invalid last_key '%s'", lk))
		}
		start = n
	}
	var completion *timeRange
	if v := deref(q.FilterCompletionTime); v != "" {
		tr, err := parseTimeRange(v)
		if err != nil {
			return nil, badRequest(err.Error())
		}
		completion = &tr
	}
	minFaults, err := count(ctx, "filter_min_faults", q.FilterMinFaults, 0)
	if err != nil {
		return nil, err
	}
	statuses := splitList(deref(q.FilterStatus))
	ids := splitList(deref(q.FilterTaskID))
	ep, owner, username := deref(q.FilterEndpoint), deref(q.FilterOwnerID), deref(q.FilterUsername)
	me := callerID(ctx)
	running := len(statuses) > 0 && !slices.ContainsFunc(statuses, func(v string) bool {
		return !strings.EqualFold(v, "ACTIVE") && !strings.EqualFold(v, "INACTIVE")
	})
	if !running && len(ids) == 0 && ep == "" {
		return nil, badRequest("filter_task_id or filter_endpoint is required unless filter_status only names ACTIVE and INACTIVE")
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
			use := deref(q.FilterEndpointUse)
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
		return nil, badRequest("task_id_list must not be empty")
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
	doc := transferserver.AdminCancel{
		DATATYPE:   ptr("admin_cancel"),
		ID:         val(globus.ID(id)),
		Done:       val(true),
		Message:    val(b.Message),
		TaskIDList: val(b.TaskIDList),
	}
	s.adminCancel[id] = doc
	return transferserver.EndpointManagerCancelTasks202JSONResponse(doc), nil
}

// EndpointManagerCancelStatus answers GET /endpoint_manager/admin_cancel/{admin_cancel_id}.
func (o transferOps) EndpointManagerCancelStatus(_ context.Context, req transferserver.EndpointManagerCancelStatusRequestObject) (transferserver.EndpointManagerCancelStatusResponseObject, error) {
	doc, ok := o.s.adminCancel[string(req.AdminCancelID)]
	if !ok {
		return nil, refuse(http.StatusNotFound, "ClientError.NotFound", "No such admin cancel request")
	}
	return transferserver.EndpointManagerCancelStatus200JSONResponse(doc), nil
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

// EndpointManagerPauseRuleList answers GET /endpoint_manager/pause_rule_list.
func (o transferOps) EndpointManagerPauseRuleList(ctx context.Context, req transferserver.EndpointManagerPauseRuleListRequestObject) (transferserver.EndpointManagerPauseRuleListResponseObject, error) {
	s := o.s
	// An empty filter is no filter, as an absent one.
	var ep, host string
	if req.Params.FilterEndpoint != nil {
		ep = *req.Params.FilterEndpoint
	}
	if req.Params.FilterHostEndpoint != nil {
		host = *req.Params.FilterHostEndpoint
	}
	// Each filter must name an endpoint that the caller monitors: the
	// endpoint filter is checked first, then the host filter.
	for _, id := range []string{ep, host} {
		if id == "" {
			continue
		}
		c, err := s.collectionOf(id)
		if err != nil {
			return nil, err
		}
		if err := checkRole(ctx, c, monitorRoles...); err != nil {
			return nil, err
		}
	}
	me := callerID(ctx)
	data := []transferserver.PauseRule{}
	for _, p := range s.ruleOrder {
		if !p.endpoint.hasRole(me, monitorRoles...) ||
			ep != "" && p.endpoint.id != ep ||
			host != "" && (p.endpoint.host == nil || p.endpoint.host.id != host) {
			continue
		}
		data = append(data, p.document(true))
	}
	return transferserver.EndpointManagerPauseRuleList200JSONResponse{DATATYPE: ptr("pause_rule_list"), DATA: &data}, nil
}

// applyPauseRule applies the fields of a create or update body to p and
// records the caller as its last modifier. A field that is absent or null
// leaves p as it is, except identity_id, whose explicit null makes the
// rule apply to everyone again. An invalid start_time refuses the request
// (400) and changes nothing.
func (s *Server) applyPauseRule(ctx context.Context, p *pauseRule, b *transferserver.PauseRule) error {
	// The start time is checked first, so that a refused update changes
	// nothing.
	start := p.start
	if v, err := b.StartTime.Get(); err == nil {
		t, err := parseGlobusTime(v)
		if err != nil {
			return badRequest(fmt.Sprintf("Invalid start_time '%s'", v))
		}
		start = t
	}
	p.start = start
	if b.IdentityID.IsNull() {
		p.identity = ""
	} else if v, err := b.IdentityID.Get(); err == nil {
		p.identity = v
	}
	if v, err := b.Message.Get(); err == nil {
		p.message = v
	}
	for f, field := range pauseFlagFields(b) {
		if v, err := field.Get(); err == nil {
			p.flags[f] = v
		}
	}
	p.modified, p.modifiedBy = s.now(), callerOf(ctx).sub
	return nil
}

// EndpointManagerCreatePauseRule answers POST /endpoint_manager/pause_rule.
func (o transferOps) EndpointManagerCreatePauseRule(ctx context.Context, req transferserver.EndpointManagerCreatePauseRuleRequestObject) (transferserver.EndpointManagerCreatePauseRuleResponseObject, error) {
	s := o.s
	id, err := req.Body.EndpointID.Get()
	if err != nil {
		return nil, badRequest("endpoint_id is required")
	}
	c, err := s.collectionOf(id)
	if err != nil {
		return nil, err
	}
	if err := checkRole(ctx, c, managerRoles...); err != nil {
		return nil, err
	}
	// The id is drawn before the body is checked, so a refused request
	// uses one up: the later ids of a seeded run depend on that order.
	p := &pauseRule{id: s.newUUID(), endpoint: c, start: s.now(), flags: map[string]bool{}}
	if err := s.applyPauseRule(ctx, p, req.Body); err != nil {
		return nil, err
	}
	s.pauseRules[p.id] = p
	s.ruleOrder = append(s.ruleOrder, p)
	return transferserver.EndpointManagerCreatePauseRule201JSONResponse(p.document(true)), nil
}

// managedPauseRule returns the pause rule id when the caller holds one of
// roles on its endpoint; otherwise it refuses (404 PauseRuleNotFound,
// 403 PermissionDenied). s.mu must be held.
func (s *Server) managedPauseRule(ctx context.Context, id string, roles []string) (*pauseRule, error) {
	p := s.pauseRules[id]
	if p == nil {
		return nil, refuse(http.StatusNotFound, "PauseRuleNotFound", fmt.Sprintf("Pause rule '%s' not found", id))
	}
	if err := checkRole(ctx, p.endpoint, roles...); err != nil {
		return nil, err
	}
	return p, nil
}

// EndpointManagerGetPauseRule answers GET /endpoint_manager/pause_rule/{pause_rule_id}.
func (o transferOps) EndpointManagerGetPauseRule(ctx context.Context, req transferserver.EndpointManagerGetPauseRuleRequestObject) (transferserver.EndpointManagerGetPauseRuleResponseObject, error) {
	p, err := o.s.managedPauseRule(ctx, string(req.PauseRuleID), monitorRoles)
	if err != nil {
		return nil, err
	}
	return transferserver.EndpointManagerGetPauseRule200JSONResponse(p.document(true)), nil
}

// EndpointManagerUpdatePauseRule answers PUT /endpoint_manager/pause_rule/{pause_rule_id}.
func (o transferOps) EndpointManagerUpdatePauseRule(ctx context.Context, req transferserver.EndpointManagerUpdatePauseRuleRequestObject) (transferserver.EndpointManagerUpdatePauseRuleResponseObject, error) {
	s := o.s
	p, err := s.managedPauseRule(ctx, string(req.PauseRuleID), managerRoles)
	if err != nil {
		return nil, err
	}
	// The body may repeat the rule's endpoint (a null one is no endpoint)
	// but not move the rule to another.
	if id, err := req.Body.EndpointID.Get(); err == nil && id != p.endpoint.id {
		return nil, badRequest("The endpoint of a pause rule cannot change")
	}
	if err := s.applyPauseRule(ctx, p, req.Body); err != nil {
		return nil, err
	}
	return transferserver.EndpointManagerUpdatePauseRule200JSONResponse(p.document(true)), nil
}

// EndpointManagerDeletePauseRule answers DELETE /endpoint_manager/pause_rule/{pause_rule_id}.
func (o transferOps) EndpointManagerDeletePauseRule(ctx context.Context, req transferserver.EndpointManagerDeletePauseRuleRequestObject) (transferserver.EndpointManagerDeletePauseRuleResponseObject, error) {
	s := o.s
	p, err := s.managedPauseRule(ctx, string(req.PauseRuleID), managerRoles)
	if err != nil {
		return nil, err
	}
	delete(s.pauseRules, p.id)
	s.ruleOrder = slices.DeleteFunc(s.ruleOrder, func(x *pauseRule) bool { return x == p })
	return transferserver.EndpointManagerDeletePauseRule200JSONResponse(result(ctx, "result", "Deleted", fmt.Sprintf("Pause rule '%s' deleted successfully", p.id))), nil
}

// MyEffectivePauseRuleList answers GET /endpoint/{endpoint_id}/my_effective_pause_rule_list.
func (o transferOps) MyEffectivePauseRuleList(ctx context.Context, req transferserver.MyEffectivePauseRuleListRequestObject) (transferserver.MyEffectivePauseRuleListResponseObject, error) {
	s := o.s
	c, err := s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	me := callerID(ctx)
	data := []transferserver.PauseRule{}
	for _, p := range s.ruleOrder {
		if p.endpoint == c && p.applies(me, s.now()) {
			data = append(data, p.document(false))
		}
	}
	return transferserver.MyEffectivePauseRuleList200JSONResponse{DATATYPE: ptr("pause_rule_list"), DATA: &data}, nil
}
