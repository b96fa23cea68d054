package fakeglobus

import (
	"bytes"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
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
	deadline                any
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
	fatal                   map[string]any
	faults                  int
	adminPaused             bool
	pauseMsg                string
	canceledByAdmin         string
	cancelMsg               string
	removed                 bool
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
		t.fatal = map[string]any{"code": fatal.code, "description": fatal.desc}
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

type transferItemBody struct {
	DataType        string `json:"DATA_TYPE"`
	SourcePath      string `json:"source_path"`
	DestinationPath string `json:"destination_path"`
	Recursive       *bool  `json:"recursive"`
	Path            string `json:"path"`
}

type transferBody struct {
	SubmissionID           string             `json:"submission_id"`
	SourceEndpoint         string             `json:"source_endpoint"`
	DestinationEndpoint    string             `json:"destination_endpoint"`
	Endpoint               string             `json:"endpoint"`
	Label                  *string            `json:"label"`
	Deadline               any                `json:"deadline"`
	SyncLevel              *int               `json:"sync_level"`
	VerifyChecksum         *bool              `json:"verify_checksum"`
	PreserveTimestamp      *bool              `json:"preserve_timestamp"`
	EncryptData            *bool              `json:"encrypt_data"`
	DeleteDestinationExtra *bool              `json:"delete_destination_extra"`
	Recursive              *bool              `json:"recursive"`
	IgnoreMissing          *bool              `json:"ignore_missing"`
	InterpretGlobs         *bool              `json:"interpret_globs"`
	Data                   []transferItemBody `json:"DATA"`
}

func isTrue(b *bool) bool { return b != nil && *b }

func (s *Server) handleSubmitTransfer(w http.ResponseWriter, r *http.Request) {
	s.submit(w, r, "TRANSFER")
}

func (s *Server) handleSubmitDelete(w http.ResponseWriter, r *http.Request) {
	s.submit(w, r, "DELETE")
}

func (s *Server) submit(w http.ResponseWriter, r *http.Request, kind string) {
	var body transferBody
	if !s.decodeBody(w, r, &body) {
		return
	}
	resultType := "transfer_result"
	if kind == "DELETE" {
		resultType = "delete_result"
	}
	me := caller(r)
	if body.SubmissionID == "" {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "submission_id is required: get one from GET /submission_id")
		return
	}
	{
		id, ok := s.submissions[body.SubmissionID]
		if !ok && !s.issuedSubs[body.SubmissionID] {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest",
				fmt.Sprintf("Invalid submission_id '%s': it was not issued by GET /submission_id", body.SubmissionID))
			return
		}
		if ok {
			transferResult(w, r, http.StatusOK, resultType, "Duplicate",
				fmt.Sprintf("A %s with submission id '%s' was already accepted", strings.ToLower(kind), body.SubmissionID),
				map[string]any{"submission_id": body.SubmissionID, "task_id": id, "task_link": taskLink(id)})
			return
		}
	}
	t := &task{
		kind:      kind,
		status:    "ACTIVE",
		owner:     me.sub,
		client:    me.client,
		requested: s.now(),
		deadline:  body.Deadline,
	}
	if body.Label != nil {
		if len(*body.Label) > 128 {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "label must be at most 128 characters")
			return
		}
		t.label = *body.Label
	}
	if kind == "TRANSFER" {
		t.src, t.dst = body.SourceEndpoint, body.DestinationEndpoint
	} else {
		t.src = body.Endpoint
	}
	ids := []string{t.src, t.dst}
	if kind == "DELETE" {
		ids = ids[:1]
	}
	for _, id := range ids {
		if s.collections[id] == nil {
			s.transferError(w, r, http.StatusNotFound, "EndpointNotFound", fmt.Sprintf("No such endpoint '%s'", id))
			return
		}
	}
	if len(body.Data) == 0 {
		if kind == "TRANSFER" {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest.NoTransferItems", "A transfer requires at least one item")
		} else {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest.NoDeleteItems", "A delete requires at least one item")
		}
		return
	}
	for i, it := range body.Data {
		if kind == "TRANSFER" {
			if it.DataType != "transfer_item" && it.DataType != "transfer_symlink_item" {
				s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", fmt.Sprintf("DATA[%d]: DATA_TYPE must be transfer_item or transfer_symlink_item", i))
				return
			}
			if it.SourcePath == "" || it.DestinationPath == "" {
				s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", fmt.Sprintf("DATA[%d]: source_path and destination_path are required", i))
				return
			}
			t.items = append(t.items, taskItem{src: it.SourcePath, dst: it.DestinationPath, recursive: isTrue(it.Recursive), symlink: it.DataType == "transfer_symlink_item"})
			continue
		}
		if it.Path == "" {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", fmt.Sprintf("DATA[%d]: path is required", i))
			return
		}
		t.items = append(t.items, taskItem{src: it.Path})
	}
	if !s.submitAllowed(w, r, t) {
		return
	}
	t.syncLevel = body.SyncLevel
	t.verify, t.encrypt = isTrue(body.VerifyChecksum), isTrue(body.EncryptData)
	t.preserve, t.deleteExtra = isTrue(body.PreserveTimestamp), isTrue(body.DeleteDestinationExtra)
	t.recursive, t.ignoreMissing, t.interpretGlobs = isTrue(body.Recursive), isTrue(body.IgnoreMissing), isTrue(body.InterpretGlobs)
	t.id = s.newUUID()
	t.submission = body.SubmissionID
	t.srcName = s.collections[t.src].displayName
	if t.dst != "" {
		t.dstName = s.collections[t.dst].displayName
	}
	if kind == "TRANSFER" {
		s.plan(t)
	}
	s.tasks[t.id] = t
	s.taskOrder = append(s.taskOrder, t)
	s.submissions[t.submission] = t.id
	delete(s.issuedSubs, t.submission)
	s.tasksCreated++
	transferResult(w, r, http.StatusAccepted, resultType, "Accepted",
		fmt.Sprintf("The %s has been accepted and a task has been created and queued for execution", strings.ToLower(kind)),
		map[string]any{"submission_id": t.submission, "task_id": t.id, "task_link": taskLink(t.id)})
}

func taskLink(id string) map[string]any {
	return map[string]any{
		"DATA_TYPE": "link",
		"href":      "task/" + id + "?format=json",
		"rel":       "related",
		"resource":  "task",
		"title":     "related task",
	}
}

func (s *Server) taskDoc(t *task) map[string]any {
	var completion any
	if !t.completed.IsZero() {
		completion = globusTime(t.completed)
	}
	files, bytesDone := t.files, t.bytes
	subPending, subSucceeded := int64(0), t.filesTransferred+t.filesSkipped
	niceStatus, isOK := any(nil), any(nil)
	if t.status == "ACTIVE" {
		f := s.progress(t)
		files = t.plannedFiles
		bytesDone = int64(f * float64(t.plannedBytes))
		subSucceeded = int64(f * float64(t.plannedFiles))
		subPending = t.plannedFiles - subSucceeded
		if t.kind == "DELETE" {
			subPending, subSucceeded = 1, 0
		}
		niceStatus, isOK = "OK", true
		if s.isPaused(t) {
			niceStatus, isOK = "PAUSED_BY_ADMIN", false
		}
	}
	var dstID, dstName, syncLevel any
	if t.kind == "TRANSFER" {
		dstID, dstName = t.dst, t.dstName
	}
	if t.syncLevel != nil {
		syncLevel = *t.syncLevel
	}
	var label any
	if t.label != "" {
		label = t.label
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
	doc := map[string]any{
		"DATA_TYPE":                         "task",
		"task_id":                           t.id,
		"type":                              t.kind,
		"status":                            t.status,
		"label":                             label,
		"username":                          t.owner.Username,
		"owner_id":                          t.owner.ID,
		"request_time":                      globusTime(t.requested),
		"completion_time":                   completion,
		"deadline":                          t.deadline,
		"command":                           "API 0.10 fakeglobus",
		"source_endpoint":                   t.srcName,
		"source_endpoint_id":                t.src,
		"source_endpoint_display_name":      t.srcName,
		"destination_endpoint":              dstName,
		"destination_endpoint_id":           dstID,
		"destination_endpoint_display_name": dstName,
		"sync_level":                        syncLevel,
		"encrypt_data":                      t.encrypt,
		"verify_checksum":                   t.verify,
		"delete_destination_extra":          t.deleteExtra,
		"preserve_timestamp":                t.preserve,
		"recursive_symlinks":                nil,
		"history_deleted":                   false,
		"faults":                            t.faults,
		"files":                             files,
		"directories":                       t.dirs,
		"symlinks":                          0,
		"files_skipped":                     t.filesSkipped,
		"files_transferred":                 t.filesTransferred,
		"subtasks_total":                    subPending + subSucceeded + failed,
		"subtasks_pending":                  subPending,
		"subtasks_retrying":                 0,
		"subtasks_succeeded":                subSucceeded,
		"subtasks_expired":                  0,
		"subtasks_canceled":                 0,
		"subtasks_failed":                   failed,
		"bytes_transferred":                 bytesDone,
		"bytes_checksummed":                 0,
		"effective_bytes_per_second":        bps,
		"nice_status":                       niceStatus,
		"nice_status_details":               nil,
		"nice_status_short_description":     nil,
		"nice_status_expires_in":            nil,
		"canceled_by_admin":                 nullOr(t.canceledByAdmin),
		"canceled_by_admin_message":         nullOr(t.cancelMsg),
		"is_paused":                         s.isPaused(t),
		"is_ok":                             isOK,
		"fatal_error":                       nil,
	}
	if t.fatal != nil {
		doc["fatal_error"] = t.fatal
	}
	return doc
}

// findTask returns the caller's task named in the path, or answers 404.
func (s *Server) findTask(w http.ResponseWriter, r *http.Request) *task {
	id := r.PathValue("task_id")
	t := s.tasks[id]
	if t == nil || t.removed || t.owner.ID != caller(r).sub.ID {
		s.transferError(w, r, http.StatusNotFound, "TaskNotFound", fmt.Sprintf("Task '%s' not found", id))
		return nil
	}
	return t
}

func (s *Server) handleGetTask(w http.ResponseWriter, r *http.Request) {
	t := s.findTask(w, r)
	if t == nil {
		return
	}
	if t.status == "ACTIVE" {
		if s.ready(t) {
			s.finish(t)
		} else {
			t.polls++
			t.addEvent(s.now(), "PROGRESS", "Task progress", fmt.Sprintf("poll %d", t.polls), false)
		}
	}
	writeJSON(w, http.StatusOK, s.taskDoc(t))
}

// pageParams reads limit and offset for the offset-paged lists.
func (s *Server) pageParams(w http.ResponseWriter, r *http.Request) (limit, offset int, ok bool) {
	if limit, ok = s.intParam(w, r, "limit", listDefaultLimit); !ok {
		return
	}
	if offset, ok = s.intParam(w, r, "offset", 0); !ok {
		return
	}
	if limit == 0 || limit > listMaxLimit {
		limit = listMaxLimit
	}
	return limit, offset, true
}

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

func (s *Server) handleEventList(w http.ResponseWriter, r *http.Request) {
	if t := s.findTask(w, r); t != nil {
		s.writeEvents(w, r, t, r.URL.Query().Get("filter"))
	}
}

// writeEvents answers a page of t's events, newest first, filtered by f
// ("is_error:0" or "is_error:1").
func (s *Server) writeEvents(w http.ResponseWriter, r *http.Request, t *task, f string) {
	limit, offset, ok := s.pageParams(w, r)
	if !ok {
		return
	}
	errFilter := ""
	if f != "" {
		v, ok := strings.CutPrefix(f, "is_error:")
		if !ok || (v != "0" && v != "1") {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", fmt.Sprintf("unsupported filter '%s'", f))
			return
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
	data := []any{}
	for i := offset; i < len(hits) && i < offset+limit; i++ {
		e := hits[i]
		data = append(data, map[string]any{
			"DATA_TYPE":      "event",
			"code":           e.code,
			"is_error":       e.isError,
			"description":    e.desc,
			"details":        e.details,
			"time":           globusTime(e.time),
			"parent_task_id": t.id,
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"DATA_TYPE": "event_list",
		"length":    len(data),
		"limit":     limit,
		"offset":    offset,
		"total":     len(hits),
		"DATA":      data,
	})
}

func (s *Server) handleSuccessfulTransfers(w http.ResponseWriter, r *http.Request) {
	if t := s.findTask(w, r); t != nil {
		s.writeSuccessful(w, r, t)
	}
}

func (s *Server) writeSuccessful(w http.ResponseWriter, r *http.Request, t *task) {
	if t.kind != "TRANSFER" || t.status == "ACTIVE" {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "Successful transfers are only available for completed transfer tasks")
		return
	}
	marker := 0
	if m := r.URL.Query().Get("marker"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 0 || n > len(t.successes) {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", fmt.Sprintf("Invalid marker '%s'", m))
			return
		}
		marker = n
	}
	end := min(marker+SuccessfulTransfersPageSize, len(t.successes))
	data := []any{}
	for _, st := range t.successes[marker:end] {
		data = append(data, map[string]any{"DATA_TYPE": "successful_transfer", "source_path": st[0], "destination_path": st[1]})
	}
	var next any
	if end < len(t.successes) {
		next = end
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"DATA_TYPE":   "successful_transfers",
		"marker":      marker,
		"next_marker": next,
		"DATA":        data,
	})
}

func (s *Server) handleCancel(w http.ResponseWriter, r *http.Request) {
	t := s.findTask(w, r)
	if t == nil {
		return
	}
	if t.status != "ACTIVE" {
		transferResult(w, r, http.StatusOK, "result", "TaskComplete", "The task completed before it could be cancelled.", nil)
		return
	}
	now := s.now()
	t.status = "FAILED"
	t.completed = now
	t.fatal = map[string]any{"code": "CANCELED", "description": "The task was canceled by its owner"}
	t.addEvent(now, "CANCELED", "The task was canceled", "canceled by the owner", false)
	transferResult(w, r, http.StatusOK, "result", "Canceled", "The task has been cancelled successfully.", nil)
}

type taskUpdateBody struct {
	Label    *string `json:"label"`
	Deadline any     `json:"deadline"`
}

func (s *Server) handleUpdateTask(w http.ResponseWriter, r *http.Request) {
	t := s.findTask(w, r)
	if t == nil {
		return
	}
	var body taskUpdateBody
	if !s.decodeBody(w, r, &body) {
		return
	}
	if t.status != "ACTIVE" {
		s.transferError(w, r, http.StatusConflict, "Conflict", fmt.Sprintf("Task '%s' is complete and cannot be updated", t.id))
		return
	}
	if body.Label != nil {
		if len(*body.Label) > 128 {
			s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "label must be at most 128 characters")
			return
		}
		t.label = *body.Label
	}
	if body.Deadline != nil {
		t.deadline = body.Deadline
	}
	transferResult(w, r, http.StatusOK, "result", "Updated", "Task updated successfully", nil)
}

// handleSkippedErrors answers an empty list: the fake never skips errors.
func (s *Server) handleSkippedErrors(w http.ResponseWriter, r *http.Request) {
	if t := s.findTask(w, r); t != nil {
		s.writeSkipped(w, r, t)
	}
}

func (s *Server) writeSkipped(w http.ResponseWriter, r *http.Request, t *task) {
	if t.kind != "TRANSFER" {
		s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", "Skipped errors are only available for transfer tasks")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"DATA_TYPE": "skipped_errors", "marker": 0, "next_marker": nil, "DATA": []any{}})
}

// handlePauseInfo answers which pause rules hold the task.
func (s *Server) handlePauseInfo(w http.ResponseWriter, r *http.Request) {
	if t := s.findTask(w, r); t != nil {
		writeJSON(w, http.StatusOK, s.pauseInfo(t, false))
	}
}

// handleRemoveTask removes a finished task from the owner's task list.
func (s *Server) handleRemoveTask(w http.ResponseWriter, r *http.Request) {
	t := s.findTask(w, r)
	if t == nil {
		return
	}
	if t.status == "ACTIVE" {
		s.transferError(w, r, http.StatusConflict, "Conflict", fmt.Sprintf("Task '%s' is still active and cannot be removed", t.id))
		return
	}
	t.removed = true
	transferResult(w, r, http.StatusOK, "result", "Removed", fmt.Sprintf("Task '%s' removed", t.id), nil)
}

// submitAllowed checks that the caller may read every source and write
// every destination of t (for a delete, write every path); otherwise it
// answers 403.
func (s *Server) submitAllowed(w http.ResponseWriter, r *http.Request, t *task) bool {
	src := s.collections[t.src]
	for _, it := range t.items {
		if t.kind == "DELETE" {
			if !s.mayWrite(w, r, src, cleanPath(it.src)) {
				return false
			}
			continue
		}
		if !s.mayRead(w, r, src, cleanPath(it.src)) || !s.mayWrite(w, r, s.collections[t.dst], cleanPath(it.dst)) {
			return false
		}
	}
	return true
}
