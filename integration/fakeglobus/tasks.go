package fakeglobus

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/server/transferserver"
)

// ManualClock is a clock that only moves when told to, for Options.Now.
// Its zero value starts at 2026-01-01 00:00:00 UTC. It is safe for
// concurrent use.
type ManualClock struct {
	mu sync.Mutex
	t  time.Time
}

var clockEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t.IsZero() {
		c.t = clockEpoch
	}
	return c.t
}

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t.IsZero() {
		c.t = clockEpoch
	}
	c.t = c.t.Add(d)
}

type taskItem struct {
	src, dst  string
	recursive bool
	symlink   bool
}

type event struct {
	code    string
	desc    string
	details string
	isError bool
	time    time.Time
}

type task struct {
	id, kind, status, label string
	owner                   Identity
	client                  string
	submission              string
	src, dst                string
	srcName, dstName        string
	items                   []taskItem
	recursive               bool
	ignoreMissing           bool
	interpretGlobs          bool
	syncLevel               *int
	verify, encrypt         bool
	preserve, deleteExtra   bool
	deadline                *string // nil when none was given
	requested, completed    time.Time
	polls                   int
	plannedFiles            int64
	plannedBytes            int64
	files, dirs             int64
	filesTransferred        int64
	filesSkipped            int64
	bytes                   int64
	events                  []event
	successes               [][2]string
	fatal                   *taskFatal // why a FAILED task failed
	faults                  int
	adminPaused             bool
	pauseMsg                string
	canceledByAdmin         string
	cancelMsg               string
	removed                 bool
}

// taskFatal is the fatal error of a failed task.
type taskFatal struct {
	code, description string
}

func (t *task) addEvent(now time.Time, code, desc, details string, isError bool) {
	t.events = append(t.events, event{code: code, desc: desc, details: details, isError: isError, time: now})
	if isError {
		t.faults++
	}
}

// CompleteTasks ends every ACTIVE task now, whatever TaskPolls and
// TaskDuration say; paused tasks stay ACTIVE.
func (s *Server) CompleteTasks() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.taskOrder {
		if t.status == "ACTIVE" && !s.isPaused(t) {
			s.finish(t)
		}
	}
}

// TaskStatus returns the status (ACTIVE, SUCCEEDED or FAILED) of a task,
// or "" when there is no such task. It does not count as a poll.
func (s *Server) TaskStatus(taskID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll()
	if t := s.tasks[taskID]; t != nil {
		return t.status
	}
	return ""
}

// ready reports whether an ACTIVE task may end now.
func (s *Server) ready(t *task) bool {
	return !s.isPaused(t) && t.polls >= s.opts.TaskPolls && s.now().Sub(t.requested) >= s.opts.TaskDuration
}

// advanceAll ends the ACTIVE tasks that are ready. s.mu must be held.
func (s *Server) advanceAll() {
	for _, t := range s.taskOrder {
		if t.status == "ACTIVE" && s.ready(t) {
			s.finish(t)
		}
	}
}

// progress is how far an ACTIVE task has come, below 1.
func (s *Server) progress(t *task) float64 {
	f := 1.0
	if s.opts.TaskPolls > 0 {
		f = min(f, float64(t.polls)/float64(s.opts.TaskPolls+1))
	}
	if s.opts.TaskDuration > 0 {
		f = min(f, float64(s.now().Sub(t.requested))/float64(s.opts.TaskDuration))
	}
	return min(f, 0.99)
}

// plan counts the files and bytes a transfer would copy, for progress.
func (s *Server) plan(t *task) {
	src := s.collections[t.src]
	for _, it := range t.items {
		n := src.lookup(it.src)
		if n == nil {
			continue
		}
		if !n.dir {
			t.plannedFiles++
			t.plannedBytes += n.size()
			continue
		}
		walkFiles(n, "", func(_ string, f *node) {
			t.plannedFiles++
			t.plannedBytes += f.size()
		}, nil)
	}
}

// finish runs a task to its end: it changes the trees and sets the final
// status. s.mu must be held.
func (s *Server) finish(t *task) {
	now := s.now()
	var fatal *event
	switch {
	case s.collections[t.src] == nil || t.kind == "TRANSFER" && s.collections[t.dst] == nil:
		// An endpoint of the task was deleted while it ran.
		fatal = &event{code: "ENDPOINT_NOT_FOUND", desc: "An endpoint of the task no longer exists", details: "the source or destination endpoint was deleted"}
		t.addEvent(now, fatal.code, fatal.desc, fatal.details, true)
	case t.kind == "TRANSFER":
		fatal = s.runTransfer(t, now)
	default:
		fatal = s.runDelete(t, now)
	}
	t.completed = now
	if fatal != nil {
		t.status = "FAILED"
		t.fatal = &taskFatal{code: fatal.code, description: fatal.desc}
		t.addEvent(now, "FAILED", "The task failed", fatal.code+": "+fatal.details, false)
		return
	}
	t.status = "SUCCEEDED"
	t.addEvent(now, "SUCCEEDED", "The task completed successfully",
		fmt.Sprintf("files=%d directories=%d bytes=%d", t.files, t.dirs, t.bytes), false)
}

// needsCopy applies the sync level to one file.
func needsCopy(level *int, src, dst *node) bool {
	if level == nil || dst == nil || dst.dir {
		return true
	}
	switch *level {
	case 0:
		return false
	case 1:
		return src.size() != dst.size()
	case 2:
		return src.size() != dst.size() || dst.modified.Before(src.modified)
	default:
		return !bytes.Equal(src.data, dst.data)
	}
}

// copyFile copies the file src to p on collection c, honouring the sync
// level; it returns an error event when p cannot be written.
func (s *Server) copyFile(t *task, c *collection, srcPath string, src *node, p string, now time.Time) *event {
	t.files++
	dir, name := path.Split(cleanPath(p))
	parent, err := c.mkdirAll(dir, now)
	if err != nil {
		return &event{code: "PERMISSION_DENIED", desc: "A parent of the destination is a file", details: err.Error()}
	}
	old := parent.children[name]
	if old != nil && old.dir {
		return &event{code: "IS_A_DIRECTORY", desc: "The destination is a directory", details: cleanPath(p)}
	}
	if !needsCopy(t.syncLevel, src, old) {
		t.filesSkipped++
		return nil
	}
	mod := now
	if t.preserve {
		mod = src.modified
	}
	parent.children[name] = &node{name: name, data: slices.Clone(src.data), modified: mod}
	t.filesTransferred++
	t.bytes += src.size()
	t.successes = append(t.successes, [2]string{srcPath, cleanPath(p)})
	return nil
}

// mirrorDelete removes what dst holds that src does not (delete
// destination extra).
func mirrorDelete(src, dst *node) {
	for name, d := range dst.children {
		sn := src.children[name]
		switch {
		case sn == nil || sn.dir != d.dir:
			delete(dst.children, name)
		case d.dir:
			mirrorDelete(sn, d)
		}
	}
}

func (s *Server) runTransfer(t *task, now time.Time) *event {
	src, dst := s.collections[t.src], s.collections[t.dst]
	var fatal *event
	fail := func(e *event) {
		t.addEvent(now, e.code, e.desc, e.details, true)
		if fatal == nil {
			fatal = e
		}
	}
	for _, it := range t.items {
		n := src.lookup(it.src)
		switch {
		case n == nil || it.symlink:
			fail(&event{code: "FILE_NOT_FOUND", desc: "No such file or directory", details: fmt.Sprintf("Source path '%s' not found on %s", it.src, t.srcName)})
		case it.recursive && !n.dir:
			fail(&event{code: "NOT_A_DIRECTORY", desc: "The source of a recursive item is not a directory", details: it.src})
		case !it.recursive && n.dir:
			fail(&event{code: "IS_A_DIRECTORY", desc: "The source is a directory; set recursive", details: it.src})
		case n.dir:
			snapshot := n.clone()
			root, err := dst.mkdirAll(it.dst, now)
			if err != nil {
				fail(&event{code: "PERMISSION_DENIED", desc: "Cannot create the destination directory", details: err.Error()})
				continue
			}
			t.dirs++
			srcBase, dstBase := cleanPath(it.src), cleanPath(it.dst)
			walkFiles(snapshot, "", func(rel string, f *node) {
				if e := s.copyFile(t, dst, path.Join(srcBase, rel), f, path.Join(dstBase, rel), now); e != nil {
					fail(e)
				}
			}, func(rel string) {
				t.dirs++
				if _, err := dst.mkdirAll(path.Join(dstBase, rel), now); err != nil {
					fail(&event{code: "PERMISSION_DENIED", desc: "Cannot create a directory", details: err.Error()})
				}
			})
			if t.deleteExtra {
				mirrorDelete(snapshot, root)
			}
		default:
			if e := s.copyFile(t, dst, cleanPath(it.src), n, it.dst, now); e != nil {
				fail(e)
			}
		}
	}
	return fatal
}

// globMatches expands the last component of p when it holds glob
// characters; names starting with a dot need a literal dot.
func globMatches(c *collection, p string) []string {
	p = cleanPath(p)
	dir, pat := path.Split(p)
	if !strings.ContainsAny(pat, "*?[") {
		return []string{p}
	}
	parent := c.lookup(dir)
	if parent == nil || !parent.dir {
		return nil
	}
	var out []string
	for _, ch := range parent.sortedChildren() {
		if strings.HasPrefix(ch.name, ".") && !strings.HasPrefix(pat, ".") {
			continue
		}
		if ok, err := path.Match(pat, ch.name); err == nil && ok {
			out = append(out, path.Join(dir, ch.name))
		}
	}
	return out
}

func (s *Server) runDelete(t *task, now time.Time) *event {
	c := s.collections[t.src]
	var fatal *event
	fail := func(e *event) {
		t.addEvent(now, e.code, e.desc, e.details, true)
		if fatal == nil {
			fatal = e
		}
	}
	for _, it := range t.items {
		paths := []string{cleanPath(it.src)}
		if t.interpretGlobs {
			paths = globMatches(c, it.src)
			if len(paths) == 0 && !t.ignoreMissing {
				fail(&event{code: "FILE_NOT_FOUND", desc: "No such file or directory", details: fmt.Sprintf("Nothing matches '%s'", it.src)})
			}
		}
		for _, p := range paths {
			n := c.lookup(p)
			switch {
			case n == nil:
				if !t.ignoreMissing {
					fail(&event{code: "FILE_NOT_FOUND", desc: "No such file or directory", details: fmt.Sprintf("Path '%s' not found on %s", p, t.srcName)})
				}
			case p == "/":
				fail(&event{code: "PERMISSION_DENIED", desc: "The root directory cannot be deleted", details: p})
			case n.dir && !t.recursive:
				fail(&event{code: "IS_A_DIRECTORY", desc: "Deleting a directory needs recursive", details: p})
			default:
				if n.dir {
					t.dirs++
					walkFiles(n, "", func(string, *node) { t.files++ }, func(string) { t.dirs++ })
				} else {
					t.files++
				}
				parent, name := c.parentOf(p)
				delete(parent.children, name)
			}
		}
	}
	return fatal
}

// nullableTrue reports whether an optional flag of a request is set to
// true; absent and null are false.
func nullableTrue(b nullable.Nullable[bool]) bool {
	v, err := b.Get()
	return err == nil && v
}

// submission is what the checks of a transfer or delete submission need
// of its document besides the task it describes.
type submission struct {
	// id is the submission_id; "" when it is absent or null.
	id string
	// label is the label as sent.
	label nullable.Nullable[string]
	// size is how many items DATA holds.
	size int
	// itemErr refuses the first invalid item of DATA, if any; it is
	// returned after the checks that come before the items.
	itemErr error
}

// deadlineOf returns the deadline of a submission or update, or nil when
// it is absent or null.
func deadlineOf(n nullable.Nullable[transferserver.Timestamp]) *string {
	if v, err := n.Get(); err == nil {
		return &v
	}
	return nil
}

// SubmitTransfer answers POST /transfer.
func (o transferOps) SubmitTransfer(ctx context.Context, req transferserver.SubmitTransferRequestObject) (transferserver.SubmitTransferResponseObject, error) {
	b := req.Body
	t := &task{
		kind:        "TRANSFER",
		src:         b.SourceEndpoint,
		dst:         b.DestinationEndpoint,
		deadline:    deadlineOf(b.Deadline),
		verify:      nullableTrue(b.VerifyChecksum),
		encrypt:     nullableTrue(b.EncryptData),
		preserve:    nullableTrue(b.PreserveTimestamp),
		deleteExtra: nullableTrue(b.DeleteDestinationExtra),
	}
	if level, err := b.SyncLevel.Get(); err == nil {
		t.syncLevel = &level
	}
	sub := submission{id: b.SubmissionID.GetOrEmpty(), label: b.Label, size: len(b.DATA)}
	t.items = make([]taskItem, 0, len(b.DATA))
	for i, it := range b.DATA {
		symlink := it.DATATYPE == transferserver.TransferItemDATATYPETransferSymlinkItem
		if it.DATATYPE != transferserver.TransferItemDATATYPETransferItem && !symlink {
			sub.itemErr = badRequest(fmt.Sprintf("DATA[%d]: DATA_TYPE must be transfer_item or transfer_symlink_item", i))
			break
		}
		if it.SourcePath == "" || it.DestinationPath == "" {
			sub.itemErr = badRequest(fmt.Sprintf("DATA[%d]: source_path and destination_path are required", i))
			break
		}
		t.items = append(t.items, taskItem{src: it.SourcePath, dst: it.DestinationPath, recursive: nullableTrue(it.Recursive), symlink: symlink})
	}
	res, dup, err := o.s.submit(ctx, t, sub)
	switch {
	case err != nil:
		return nil, err
	case dup:
		return transferserver.SubmitTransfer200JSONResponse(res), nil
	}
	return transferserver.SubmitTransfer202JSONResponse(res), nil
}

// SubmitDelete answers POST /delete.
func (o transferOps) SubmitDelete(ctx context.Context, req transferserver.SubmitDeleteRequestObject) (transferserver.SubmitDeleteResponseObject, error) {
	b := req.Body
	t := &task{
		kind:           "DELETE",
		src:            b.Endpoint,
		deadline:       deadlineOf(b.Deadline),
		recursive:      nullableTrue(b.Recursive),
		ignoreMissing:  nullableTrue(b.IgnoreMissing),
		interpretGlobs: nullableTrue(b.InterpretGlobs),
	}
	sub := submission{id: b.SubmissionID.GetOrEmpty(), label: b.Label, size: len(b.DATA)}
	t.items = make([]taskItem, 0, len(b.DATA))
	for i, it := range b.DATA {
		if it.Path == "" {
			sub.itemErr = badRequest(fmt.Sprintf("DATA[%d]: path is required", i))
			break
		}
		t.items = append(t.items, taskItem{src: it.Path})
	}
	res, dup, err := o.s.submit(ctx, t, sub)
	switch {
	case err != nil:
		return nil, err
	case dup:
		return transferserver.SubmitDelete200JSONResponse(res), nil
	}
	return transferserver.SubmitDelete202JSONResponse(res), nil
}

// submit checks a transfer or delete submission, whose task t the
// operation has filled from the document, and queues t. It returns the
// submission result, and dup when the submission id was already used (the
// earlier task is the answer, with status 200; a new task is 202). s.mu
// must be held.
func (s *Server) submit(ctx context.Context, t *task, sub submission) (res transferserver.TaskSubmissionResult, dup bool, err error) {
	resultType := "transfer_result"
	if t.kind == "DELETE" {
		resultType = "delete_result"
	}
	if sub.id == "" {
		return res, false, badRequest("submission_id is required: get one from GET /submission_id")
	}
	if id, ok := s.submissions[sub.id]; ok {
		return submissionResult(ctx, resultType, "Duplicate",
			fmt.Sprintf("A %s with submission id '%s' was already accepted", strings.ToLower(t.kind), sub.id), sub.id, id), true, nil
	}
	if !s.issuedSubs[sub.id] {
		return res, false, badRequest(fmt.Sprintf("Invalid submission_id '%s': it was not issued by GET /submission_id", sub.id))
	}
	if label, err := sub.label.Get(); err == nil {
		if len(label) > 128 {
			return res, false, badRequest("label must be at most 128 characters")
		}
		t.label = label
	}
	ids := []string{t.src}
	if t.kind == "TRANSFER" {
		ids = append(ids, t.dst)
	}
	for _, id := range ids {
		if _, err := s.collectionOf(id); err != nil {
			return res, false, err
		}
	}
	if sub.size == 0 {
		if t.kind == "TRANSFER" {
			return res, false, refuse(http.StatusBadRequest, "ClientError.BadRequest.NoTransferItems", "A transfer requires at least one item")
		}
		return res, false, refuse(http.StatusBadRequest, "ClientError.BadRequest.NoDeleteItems", "A delete requires at least one item")
	}
	if sub.itemErr != nil {
		return res, false, sub.itemErr
	}
	if err := s.checkSubmission(ctx, t); err != nil {
		return res, false, err
	}
	me := callerOf(ctx)
	t.status = "ACTIVE"
	t.owner, t.client = me.sub, me.client
	t.requested = s.now()
	t.id = s.newUUID()
	t.submission = sub.id
	t.srcName = s.collections[t.src].displayName
	if t.dst != "" {
		t.dstName = s.collections[t.dst].displayName
	}
	if t.kind == "TRANSFER" {
		s.plan(t)
	}
	s.tasks[t.id] = t
	s.taskOrder = append(s.taskOrder, t)
	s.submissions[t.submission] = t.id
	delete(s.issuedSubs, t.submission)
	s.tasksCreated++
	return submissionResult(ctx, resultType, "Accepted",
		fmt.Sprintf("The %s has been accepted and a task has been created and queued for execution", strings.ToLower(t.kind)),
		t.submission, t.id), false, nil
}

// submissionResult returns the result document of a submission that
// created (or, for a duplicate, had created) the task taskID.
func submissionResult(ctx context.Context, dataType, code, msg, submissionID, taskID string) transferserver.TaskSubmissionResult {
	r := result(ctx, dataType, code, msg)
	return transferserver.TaskSubmissionResult{
		DATATYPE:     r.DATATYPE,
		Code:         r.Code,
		Message:      r.Message,
		RequestID:    r.RequestID,
		Resource:     r.Resource,
		SubmissionID: ptr(submissionID),
		TaskID:       ptr(taskID),
		TaskLink:     ptr(taskLink(taskID)),
	}
}

// taskLink returns the link to the task id of a submission result.
func taskLink(id string) transferserver.Link {
	return transferserver.Link{
		DATATYPE: ptr("link"),
		Href:     ptr("task/" + id + "?format=json"),
		Rel:      val("related"),
		Resource: val("task"),
		Title:    val("related task"),
	}
}

// checkSubmission refuses t unless the caller may read every source and
// write every destination of it (for a delete, write every path).
func (s *Server) checkSubmission(ctx context.Context, t *task) error {
	src := s.collections[t.src]
	for _, it := range t.items {
		if t.kind == "DELETE" {
			if err := checkWrite(ctx, src, cleanPath(it.src)); err != nil {
				return err
			}
			continue
		}
		if err := checkRead(ctx, src, cleanPath(it.src)); err != nil {
			return err
		}
		if err := checkWrite(ctx, s.collections[t.dst], cleanPath(it.dst)); err != nil {
			return err
		}
	}
	return nil
}

// taskDocument renders t as Transfer's task document. s.mu must be held.
func (s *Server) taskDocument(t *task) transferserver.Task {
	completion := null[string]()
	if !t.completed.IsZero() {
		completion = val(globusTime(t.completed))
	}
	paused := s.isPaused(t)
	files, bytesDone := t.files, t.bytes
	subPending, subSucceeded := int64(0), t.filesTransferred+t.filesSkipped
	niceStatus, isOK := null[string](), null[bool]()
	if t.status == "ACTIVE" {
		f := s.progress(t)
		files = t.plannedFiles
		bytesDone = int64(f * float64(t.plannedBytes))
		subSucceeded = int64(f * float64(t.plannedFiles))
		subPending = t.plannedFiles - subSucceeded
		if t.kind == "DELETE" {
			subPending, subSucceeded = 1, 0
		}
		niceStatus, isOK = val("OK"), val(true)
		if paused {
			niceStatus, isOK = val("PAUSED_BY_ADMIN"), val(false)
		}
	}
	// A delete has no destination: its destination fields are null.
	dstID, dstName := null[string](), null[string]()
	if t.kind == "TRANSFER" {
		dstID, dstName = val(t.dst), val(t.dstName)
	}
	elapsed := t.completed
	if elapsed.IsZero() {
		elapsed = s.now()
	}
	bps := int64(0)
	if secs := elapsed.Sub(t.requested).Seconds(); secs > 0 {
		bps = int64(float64(bytesDone) / secs)
	}
	failed := int64(0)
	if t.status == "FAILED" {
		failed = 1
	}
	fatal := null[transferserver.FatalError]()
	if t.fatal != nil {
		fatal = val(transferserver.FatalError{Code: ptr(t.fatal.code), Description: val(t.fatal.description)})
	}
	return transferserver.Task{
		DATATYPE:                       ptr("task"),
		TaskID:                         ptr(t.id),
		Type:                           ptr(t.kind),
		Status:                         ptr(t.status),
		Label:                          orNull(t.label),
		Username:                       val(t.owner.Username),
		OwnerID:                        val(t.owner.ID),
		RequestTime:                    val(globusTime(t.requested)),
		CompletionTime:                 completion,
		Deadline:                       nullIfNil(t.deadline),
		Command:                        val("API 0.10 fakeglobus"),
		SourceEndpoint:                 val(t.srcName),
		SourceEndpointID:               val(t.src),
		SourceEndpointDisplayName:      val(t.srcName),
		DestinationEndpoint:            dstName,
		DestinationEndpointID:          dstID,
		DestinationEndpointDisplayName: dstName,
		SyncLevel:                      nullIfNil(t.syncLevel),
		EncryptData:                    val(t.encrypt),
		VerifyChecksum:                 val(t.verify),
		DeleteDestinationExtra:         val(t.deleteExtra),
		PreserveTimestamp:              val(t.preserve),
		RecursiveSymlinks:              null[string](),
		HistoryDeleted:                 val(false),
		Faults:                         val(t.faults),
		Files:                          val(files),
		Directories:                    val(t.dirs),
		Symlinks:                       val[int64](0),
		FilesSkipped:                   val(t.filesSkipped),
		FilesTransferred:               val(t.filesTransferred),
		SubtasksTotal:                  val(subPending + subSucceeded + failed),
		SubtasksPending:                val(subPending),
		SubtasksRetrying:               val[int64](0),
		SubtasksSucceeded:              val(subSucceeded),
		SubtasksExpired:                val[int64](0),
		SubtasksCanceled:               val[int64](0),
		SubtasksFailed:                 val(failed),
		BytesTransferred:               val(bytesDone),
		BytesChecksummed:               val[int64](0),
		EffectiveBytesPerSecond:        val(bps),
		NiceStatus:                     niceStatus,
		NiceStatusDetails:              null[string](),
		NiceStatusShortDescription:     null[string](),
		NiceStatusExpiresIn:            null[int](),
		CanceledByAdmin:                orNull(t.canceledByAdmin),
		CanceledByAdminMessage:         orNull(t.cancelMsg),
		IsPaused:                       val(paused),
		IsOk:                           isOK,
		FatalError:                     fatal,
	}
}

// findTask returns the caller's task with this id, or refuses with 404
// TaskNotFound (also for another identity's task, and for a removed one).
func (s *Server) findTask(ctx context.Context, id transferserver.TaskIDParam) (*task, error) {
	t := s.tasks[string(id)]
	if t == nil || t.removed || t.owner.ID != callerID(ctx) {
		return nil, refuse(http.StatusNotFound, "TaskNotFound", fmt.Sprintf("Task '%s' not found", id))
	}
	return t, nil
}

// GetTask answers GET /task/{task_id}. Looking at an ACTIVE task counts as
// a poll, which may end it (see Options.TaskPolls).
func (o transferOps) GetTask(ctx context.Context, req transferserver.GetTaskRequestObject) (transferserver.GetTaskResponseObject, error) {
	s := o.s
	t, err := s.findTask(ctx, req.TaskID)
	if err != nil {
		return nil, err
	}
	if t.status == "ACTIVE" {
		if s.ready(t) {
			s.finish(t)
		} else {
			t.polls++
			t.addEvent(s.now(), "PROGRESS", "Task progress", fmt.Sprintf("poll %d", t.polls), false)
		}
	}
	return transferserver.GetTask200JSONResponse(s.taskDocument(t)), nil
}

// matchLabel matches a label filter value of task_list against label:
// "~glob" and "!~glob" (not matching), "!value" (not equal), "=value" or
// "value" (equal).
func matchLabel(pattern, label string) bool {
	switch {
	case strings.HasPrefix(pattern, "!~"):
		return !matchPattern("~"+pattern[2:], label)
	case strings.HasPrefix(pattern, "~"):
		return matchPattern(pattern, label)
	case strings.HasPrefix(pattern, "!"):
		return label != pattern[1:]
	case strings.HasPrefix(pattern, "="):
		return label == pattern[1:]
	}
	return label == pattern
}

// TaskEventList answers GET /task/{task_id}/event_list.
func (o transferOps) TaskEventList(ctx context.Context, req transferserver.TaskEventListRequestObject) (transferserver.TaskEventListResponseObject, error) {
	t, err := o.s.findTask(ctx, req.TaskID)
	if err != nil {
		return nil, err
	}
	list, err := eventList(ctx, t, deref(req.Params.Filter), req.Params.Limit, req.Params.Offset)
	if err != nil {
		return nil, err
	}
	return transferserver.TaskEventList200JSONResponse(list), nil
}

// eventList returns a page of t's events, newest first, filtered by f
// ("is_error:0" or "is_error:1"; "" keeps every event).
func eventList(ctx context.Context, t *task, f string, limit, offset *int) (transferserver.EventList, error) {
	l, o, err := page(ctx, limit, offset, listDefaultLimit, listMaxLimit)
	if err != nil {
		return transferserver.EventList{}, err
	}
	errFilter := ""
	if f != "" {
		v, ok := strings.CutPrefix(f, "is_error:")
		if !ok || (v != "0" && v != "1") {
			return transferserver.EventList{}, badRequest(fmt.Sprintf("unsupported filter '%s'", f))
		}
		errFilter = v
	}
	var hits []event
	for i := len(t.events) - 1; i >= 0; i-- {
		e := t.events[i]
		if errFilter == "1" && !e.isError || errFilter == "0" && e.isError {
			continue
		}
		hits = append(hits, e)
	}
	data := []transferserver.Event{}
	for i := o; i < len(hits) && i < o+l; i++ {
		e := hits[i]
		data = append(data, transferserver.Event{
			DATATYPE:     ptr("event"),
			Code:         ptr(e.code),
			IsError:      val(e.isError),
			Description:  val(e.desc),
			Details:      val(e.details),
			Time:         val(globusTime(e.time)),
			ParentTaskID: val(t.id),
		})
	}
	return transferserver.EventList{
		DATATYPE: ptr("event_list"),
		Length:   val(globus.Int(len(data))),
		Limit:    val(globus.Int(l)),
		Offset:   val(globus.Int(o)),
		Total:    val(globus.Int(len(hits))),
		DATA:     &data,
	}, nil
}

// TaskSuccessfulTransfers answers GET /task/{task_id}/successful_transfers.
func (o transferOps) TaskSuccessfulTransfers(ctx context.Context, req transferserver.TaskSuccessfulTransfersRequestObject) (transferserver.TaskSuccessfulTransfersResponseObject, error) {
	t, err := o.s.findTask(ctx, req.TaskID)
	if err != nil {
		return nil, err
	}
	list, err := successfulTransfers(t, req.Params.Marker)
	if err != nil {
		return nil, err
	}
	return transferserver.TaskSuccessfulTransfers200JSONResponse(list), nil
}

// successfulTransfers returns the page of the files t copied that starts
// at marker (the next_marker of the previous page; nil or "" for the
// first).
func successfulTransfers(t *task, marker *string) (transferserver.SuccessfulTransfers, error) {
	if t.kind != "TRANSFER" || t.status == "ACTIVE" {
		return transferserver.SuccessfulTransfers{}, badRequest("Successful transfers are only available for completed transfer tasks")
	}
	start := 0
	if marker != nil && *marker != "" {
		n, err := strconv.Atoi(*marker)
		if err != nil || n < 0 || n > len(t.successes) {
			return transferserver.SuccessfulTransfers{}, badRequest(fmt.Sprintf("Invalid marker '%s'", *marker))
		}
		start = n
	}
	end := min(start+SuccessfulTransfersPageSize, len(t.successes))
	data := []transferserver.SuccessfulTransfer{}
	for _, st := range t.successes[start:end] {
		data = append(data, transferserver.SuccessfulTransfer{
			DATATYPE:        ptr("successful_transfer"),
			SourcePath:      val(st[0]),
			DestinationPath: val(st[1]),
		})
	}
	next := null[globus.Int]()
	if end < len(t.successes) {
		next = val(globus.Int(end))
	}
	return transferserver.SuccessfulTransfers{
		DATATYPE:   ptr("successful_transfers"),
		Marker:     val(globus.Int(start)),
		NextMarker: next,
		DATA:       &data,
	}, nil
}

// CancelTask answers POST /task/{task_id}/cancel.
func (o transferOps) CancelTask(ctx context.Context, req transferserver.CancelTaskRequestObject) (transferserver.CancelTaskResponseObject, error) {
	s := o.s
	t, err := s.findTask(ctx, req.TaskID)
	if err != nil {
		return nil, err
	}
	if t.status != "ACTIVE" {
		return transferserver.CancelTask200JSONResponse(result(ctx, "result", "TaskComplete", "The task completed before it could be cancelled.")), nil
	}
	now := s.now()
	t.status = "FAILED"
	t.completed = now
	t.fatal = &taskFatal{code: "CANCELED", description: "The task was canceled by its owner"}
	t.addEvent(now, "CANCELED", "The task was canceled", "canceled by the owner", false)
	return transferserver.CancelTask200JSONResponse(result(ctx, "result", "Canceled", "The task has been cancelled successfully.")), nil
}

// UpdateTask answers PUT /task/{task_id}. Only the label and the
// deadline of an ACTIVE task change; null leaves either as it was.
func (o transferOps) UpdateTask(ctx context.Context, req transferserver.UpdateTaskRequestObject) (transferserver.UpdateTaskResponseObject, error) {
	t, err := o.s.findTask(ctx, req.TaskID)
	if err != nil {
		return nil, err
	}
	if t.status != "ACTIVE" {
		return nil, refuse(http.StatusConflict, "Conflict", fmt.Sprintf("Task '%s' is complete and cannot be updated", t.id))
	}
	if label, err := req.Body.Label.Get(); err == nil {
		if len(label) > 128 {
			return nil, badRequest("label must be at most 128 characters")
		}
		t.label = label
	}
	if d := deadlineOf(req.Body.Deadline); d != nil {
		t.deadline = d
	}
	return transferserver.UpdateTask200JSONResponse(result(ctx, "result", "Updated", "Task updated successfully")), nil
}

// TaskSkippedErrors answers GET /task/{task_id}/skipped_errors.
func (o transferOps) TaskSkippedErrors(ctx context.Context, req transferserver.TaskSkippedErrorsRequestObject) (transferserver.TaskSkippedErrorsResponseObject, error) {
	t, err := o.s.findTask(ctx, req.TaskID)
	if err != nil {
		return nil, err
	}
	list, err := skippedErrors(t)
	if err != nil {
		return nil, err
	}
	return transferserver.TaskSkippedErrors200JSONResponse(list), nil
}

// skippedErrors returns the skipped errors of t: an empty list, as the
// fake never skips errors. The marker is not looked at.
func skippedErrors(t *task) (transferserver.SkippedErrors, error) {
	if t.kind != "TRANSFER" {
		return transferserver.SkippedErrors{}, badRequest("Skipped errors are only available for transfer tasks")
	}
	return transferserver.SkippedErrors{
		DATATYPE:   ptr("skipped_errors"),
		Marker:     val[globus.Int](0),
		NextMarker: null[globus.Int](),
		DATA:       &[]transferserver.SkippedError{},
	}, nil
}

// TaskPauseInfo answers GET /task/{task_id}/pause_info: which pause rules
// hold the task.
func (o transferOps) TaskPauseInfo(ctx context.Context, req transferserver.TaskPauseInfoRequestObject) (transferserver.TaskPauseInfoResponseObject, error) {
	t, err := o.s.findTask(ctx, req.TaskID)
	if err != nil {
		return nil, err
	}
	return transferserver.TaskPauseInfo200JSONResponse(o.s.pauseInfoDocument(t, false)), nil
}

// pauseInfoDocument renders why t is paused: its owner's view
// (pause_info_limited, with limited rules) or, with full, an endpoint
// manager's (pause_info). s.mu must be held.
func (s *Server) pauseInfoDocument(t *task, full bool) transferserver.PauseInfo {
	rules := []transferserver.PauseRule{}
	srcMsg := null[string]()
	if t.status == "ACTIVE" {
		for _, p := range s.pausingRules(t) {
			rules = append(rules, p.document(full))
		}
		if t.adminPaused {
			srcMsg = orNull(t.pauseMsg)
		}
	}
	dt := "pause_info_limited"
	if full {
		dt = "pause_info"
	}
	return transferserver.PauseInfo{
		DATATYPE:                     ptr(dt),
		PauseRules:                   &rules,
		SourcePauseMessage:           srcMsg,
		DestinationPauseMessage:      null[string](),
		SourcePauseMessageShare:      null[string](),
		DestinationPauseMessageShare: null[string](),
	}
}

// RemoveTask answers POST /task/{task_id}/remove: a finished task leaves
// its owner's task list.
func (o transferOps) RemoveTask(ctx context.Context, req transferserver.RemoveTaskRequestObject) (transferserver.RemoveTaskResponseObject, error) {
	t, err := o.s.findTask(ctx, req.TaskID)
	if err != nil {
		return nil, err
	}
	if t.status == "ACTIVE" {
		return nil, refuse(http.StatusConflict, "Conflict", fmt.Sprintf("Task '%s' is still active and cannot be removed", t.id))
	}
	t.removed = true
	return transferserver.RemoveTask200JSONResponse(result(ctx, "result", "Removed", fmt.Sprintf("Task '%s' removed", t.id))), nil
}
