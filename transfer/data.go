package transfer

import (
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/transferapi"
)

// ValidationError reports a transfer or delete document, or a filter, that
// cannot be sent as it is. It is returned before any request is made.
type ValidationError struct {
	// Field names the offending field, such as "DATA[2].source_path" or
	// "sync_level".
	Field string
	// Reason says what is wrong with it.
	Reason string
}

// Error implements error.
func (e *ValidationError) Error() string {
	return "transfer: invalid " + e.Field + ": " + e.Reason
}

// update runs set, which changes the builder b, and returns b. A nil
// builder stays nil and nothing runs, so that a chain of setters on a nil
// builder never panics: its Build reports the missing document.
func update[B any](b *B, set func()) *B {
	if b != nil {
		set()
	}
	return b
}

func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// SyncLevel says how a transfer decides that a file on the destination is
// already up to date and need not be copied again.
type SyncLevel int

// The sync levels, from the cheapest check to the most thorough.
const (
	// SyncExists copies files that do not exist on the destination.
	SyncExists SyncLevel = 0
	// SyncSize also copies files whose sizes differ.
	SyncSize SyncLevel = 1
	// SyncMtime also copies files whose source modification time is newer.
	SyncMtime SyncLevel = 2
	// SyncChecksum also copies files whose checksums differ.
	SyncChecksum SyncLevel = 3
)

// String returns the Python SDK's name of the level ("exists", "size",
// "mtime" or "checksum").
func (s SyncLevel) String() string {
	switch s {
	case SyncExists:
		return "exists"
	case SyncSize:
		return "size"
	case SyncMtime:
		return "mtime"
	case SyncChecksum:
		return "checksum"
	}
	return fmt.Sprintf("SyncLevel(%d)", int(s))
}

// RecursiveSymlinks says what a recursive copy does with the symlinks it
// finds.
type RecursiveSymlinks string

// The symlink policies that the service accepts.
const (
	// SymlinksIgnore skips symlinks (the service's default).
	SymlinksIgnore RecursiveSymlinks = "ignore"
	// SymlinksKeep recreates symlinks on the destination, target unchanged.
	SymlinksKeep RecursiveSymlinks = "keep"
	// SymlinksCopy copies what symlinks point at.
	SymlinksCopy RecursiveSymlinks = "copy"
)

// FilterMethod says whether a [FilterRule] includes or excludes what it
// matches.
type FilterMethod string

// The filter rule methods.
const (
	FilterInclude FilterMethod = "include"
	FilterExclude FilterMethod = "exclude"
)

// FilterType restricts a [FilterRule] to files or to directories.
type FilterType string

// The filter rule types. The zero value applies the rule to both.
const (
	FilterAny  FilterType = ""
	FilterFile FilterType = "file"
	FilterDir  FilterType = "dir"
)

// FilterRule includes or excludes entries found while a directory is
// copied recursively. Rules are tried in order; the first match decides.
type FilterRule struct {
	// Method is include or exclude. Empty means exclude.
	Method FilterMethod
	// Name is a shell-style pattern matched against entry names, such as
	// "*.tmp".
	Name string
	// Type restricts the rule to files or directories; empty means both.
	Type FilterType
}

// Item is one path pair of a transfer.
type Item struct {
	// SourcePath is the file or directory to copy.
	SourcePath string
	// DestinationPath is where it goes.
	DestinationPath string
	// Recursive copies a directory and everything below it.
	Recursive bool
	// ExternalChecksum is a checksum of the source file that both ends are
	// checked against after the copy (MD5 unless ChecksumAlgorithm says
	// otherwise).
	ExternalChecksum string
	// ChecksumAlgorithm names the checksum algorithm, such as "SHA256". It
	// needs ExternalChecksum, VerifyChecksum or the checksum sync level.
	ChecksumAlgorithm string
	// Symlink copies a symlink itself rather than what it points at. It
	// cannot be combined with the other options.
	Symlink bool
}

// itemList holds the items of a TransferData in blocks of up to itemBlock
// items, so that adding one to a long list copies at most one block, not
// the whole list: a transfer of a million files grows by small steps.
type itemList struct {
	blocks [][]Item
	n      int
}

// itemBlock is the most items one block of an itemList holds.
const itemBlock = 4096

func (l *itemList) add(it Item) {
	if len(l.blocks) == 0 || len(l.blocks[len(l.blocks)-1]) == itemBlock {
		size := itemBlock
		if len(l.blocks) == 0 {
			size = 8 // a small transfer stays small
		}
		l.blocks = append(l.blocks, make([]Item, 0, size))
	}
	last := &l.blocks[len(l.blocks)-1]
	*last = append(*last, it)
	l.n++
}

// all yields the items in order, with their index.
func (l *itemList) all() iter.Seq2[int, Item] {
	return func(yield func(int, Item) bool) {
		i := 0
		for _, b := range l.blocks {
			for _, it := range b {
				if !yield(i, it) {
					return
				}
				i++
			}
		}
	}
}

// taskOptions holds the options that transfer and delete documents share.
type taskOptions struct {
	submissionID      string
	label             string
	deadline          time.Time
	notifyOnSucceeded *bool
	notifyOnFailed    *bool
	notifyOnInactive  *bool
}

// TransferData builds a transfer document. Create it with
// [NewTransferData], set options with its methods, add items, and hand it
// to [Client.SubmitTransfer] (or call [TransferData.Build] to get the
// generated request body). Methods return the receiver so that calls can
// be chained. Mistakes are reported by Build, before anything is sent.
//
// Options left unset are not sent, so the service's defaults apply.
type TransferData struct {
	source, destination string
	opts                taskOptions
	syncLevel           *SyncLevel
	verifyChecksum      bool
	preserveTimestamp   bool
	encryptData         bool
	skipSourceErrors    bool
	failOnQuotaErrors   bool
	deleteDestExtra     bool
	storeBasePathInfo   bool
	recursiveSymlinks   *RecursiveSymlinks
	sourceLocalUser     *string
	destLocalUser       *string
	filterRules         []FilterRule
	items               itemList
}

// NewTransferData starts a transfer from the source endpoint or collection
// to the destination one, given by id.
func NewTransferData(sourceEndpoint, destinationEndpoint string) *TransferData {
	return &TransferData{source: sourceEndpoint, destination: destinationEndpoint}
}

// SubmissionID returns the submission id set with [TransferData.SetSubmissionID],
// or "" when none was set.
func (t *TransferData) SubmissionID() string {
	if t == nil {
		return "" // a nil builder stays nil; Build reports it
	}
	return t.opts.submissionID
}

// SetSubmissionID sets the submission id. Leave it unset to have
// [Client.SubmitTransfer] fetch a fresh one for each submission.
func (t *TransferData) SetSubmissionID(id string) *TransferData {
	return update(t, func() { t.opts.submissionID = id })
}

// SetLabel sets the task's label (at most 128 characters).
func (t *TransferData) SetLabel(label string) *TransferData {
	return update(t, func() { t.opts.label = label })
}

// SetDeadline makes the service cancel the task if it is not done by d.
func (t *TransferData) SetDeadline(d time.Time) *TransferData {
	return update(t, func() { t.opts.deadline = d })
}

// SetNotifyOnSucceeded says whether to email the owner when the task
// succeeds (the service's default is true).
func (t *TransferData) SetNotifyOnSucceeded(v bool) *TransferData {
	return update(t, func() { t.opts.notifyOnSucceeded = &v })
}

// SetNotifyOnFailed says whether to email the owner when the task fails
// (the service's default is true).
func (t *TransferData) SetNotifyOnFailed(v bool) *TransferData {
	return update(t, func() { t.opts.notifyOnFailed = &v })
}

// SetNotifyOnInactive says whether to email the owner when the task becomes
// inactive (the service's default is true).
func (t *TransferData) SetNotifyOnInactive(v bool) *TransferData {
	return update(t, func() { t.opts.notifyOnInactive = &v })
}

// SetSyncLevel makes the transfer copy only what is missing or changed,
// judged by level.
func (t *TransferData) SetSyncLevel(level SyncLevel) *TransferData {
	return update(t, func() { t.syncLevel = &level })
}

// SetVerifyChecksum says whether to compare checksums after copying and copy
// again on a mismatch.
func (t *TransferData) SetVerifyChecksum(v bool) *TransferData {
	return update(t, func() { t.verifyChecksum = v })
}

// SetPreserveTimestamp says whether to keep file modification times.
func (t *TransferData) SetPreserveTimestamp(v bool) *TransferData {
	return update(t, func() { t.preserveTimestamp = v })
}

// SetEncryptData says whether to encrypt the data channel.
func (t *TransferData) SetEncryptData(v bool) *TransferData {
	return update(t, func() { t.encryptData = v })
}

// SetSkipSourceErrors says whether to skip source paths that cannot be read
// instead of failing the task.
func (t *TransferData) SetSkipSourceErrors(v bool) *TransferData {
	return update(t, func() { t.skipSourceErrors = v })
}

// SetFailOnQuotaErrors says whether to fail the task at once when the
// destination runs out of quota.
func (t *TransferData) SetFailOnQuotaErrors(v bool) *TransferData {
	return update(t, func() { t.failOnQuotaErrors = v })
}

// SetDeleteDestinationExtra says whether recursive copies delete destination
// entries that the source does not have.
func (t *TransferData) SetDeleteDestinationExtra(v bool) *TransferData {
	return update(t, func() { t.deleteDestExtra = v })
}

// SetStoreBasePathInfo says whether the task keeps the base paths common to
// its items, which task documents then show as source_base_path and
// destination_base_path.
func (t *TransferData) SetStoreBasePathInfo(v bool) *TransferData {
	return update(t, func() { t.storeBasePathInfo = v })
}

// SetRecursiveSymlinks says what recursive copies do with symlinks.
func (t *TransferData) SetRecursiveSymlinks(v RecursiveSymlinks) *TransferData {
	return update(t, func() { t.recursiveSymlinks = &v })
}

// SetSourceLocalUser sets the local account to read as on the source.
func (t *TransferData) SetSourceLocalUser(user string) *TransferData {
	return update(t, func() { t.sourceLocalUser = &user })
}

// SetDestinationLocalUser sets the local account to write as on the
// destination.
func (t *TransferData) SetDestinationLocalUser(user string) *TransferData {
	return update(t, func() { t.destLocalUser = &user })
}

// AddFilterRule appends a filter rule for recursive items.
func (t *TransferData) AddFilterRule(r FilterRule) *TransferData {
	return update(t, func() { t.filterRules = append(t.filterRules, r) })
}

// Add appends items.
func (t *TransferData) Add(items ...Item) *TransferData {
	return update(t, func() {
		for _, it := range items {
			t.items.add(it)
		}
	})
}

// add appends one item; AddFile and its kind call it once per item, so it
// stays free of allocations but the list's own growth.
func (t *TransferData) add(it Item) *TransferData {
	if t != nil {
		t.items.add(it)
	}
	return t
}

// AddFile appends a file to copy from source to destination path.
func (t *TransferData) AddFile(source, destination string) *TransferData {
	return t.add(Item{SourcePath: source, DestinationPath: destination})
}

// AddDirectory appends a directory to copy recursively.
func (t *TransferData) AddDirectory(source, destination string) *TransferData {
	return t.add(Item{SourcePath: source, DestinationPath: destination, Recursive: true})
}

// Len returns how many items t holds.
func (t *TransferData) Len() int {
	if t == nil {
		return 0
	}
	return t.items.n
}

// AddSymlink appends a symlink to recreate as is on the destination.
func (t *TransferData) AddSymlink(source, destination string) *TransferData {
	return t.add(Item{SourcePath: source, DestinationPath: destination, Symlink: true})
}

// Build checks the document and returns it as the generated request body.
// The result shares nothing with t. A mistake gives a *[ValidationError].
func (t *TransferData) Build() (transferapi.TransferDocument, error) {
	var doc transferapi.TransferDocument
	if t == nil {
		return doc, invalid("transfer", "no TransferData was given")
	}
	if err := checkEndpoint("source_endpoint", t.source); err != nil {
		return doc, err
	}
	if err := checkEndpoint("destination_endpoint", t.destination); err != nil {
		return doc, err
	}
	if err := t.opts.check(); err != nil {
		return doc, err
	}
	if t.syncLevel != nil && (*t.syncLevel < SyncExists || *t.syncLevel > SyncChecksum) {
		return doc, invalid("sync_level", "%d is not one of 0 (exists), 1 (size), 2 (mtime) or 3 (checksum)", int(*t.syncLevel))
	}
	if t.recursiveSymlinks != nil {
		switch *t.recursiveSymlinks {
		case SymlinksIgnore, SymlinksKeep, SymlinksCopy:
		default:
			return doc, invalid("recursive_symlinks", "%q is not one of ignore, keep or copy", string(*t.recursiveSymlinks))
		}
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"source_local_user", t.sourceLocalUser}, {"destination_local_user", t.destLocalUser}} {
		if f.v != nil && strings.TrimSpace(*f.v) == "" {
			return doc, invalid(f.name, "it is set but empty")
		}
	}
	for i, r := range t.filterRules {
		if err := r.check(i); err != nil {
			return doc, err
		}
	}
	if t.items.n == 0 {
		return doc, invalid("DATA", "a transfer needs at least one item")
	}
	checksumInUse := t.verifyChecksum || (t.syncLevel != nil && *t.syncLevel == SyncChecksum)
	doc.DATA = make([]transferapi.TransferItem, t.items.n)
	for i, it := range t.items.all() {
		if err := checkPath(i, "source_path", it.SourcePath); err != nil {
			return doc, err
		}
		if err := checkPath(i, "destination_path", it.DestinationPath); err != nil {
			return doc, err
		}
		if it.Symlink {
			if it.Recursive || it.ExternalChecksum != "" || it.ChecksumAlgorithm != "" {
				return doc, invalid(itemField(i, ""), "a symlink item takes no recursive or checksum options")
			}
			doc.DATA[i] = transferapi.TransferItem{
				DATATYPE:        transferapi.TransferItemDATATYPETransferSymlinkItem,
				SourcePath:      it.SourcePath,
				DestinationPath: it.DestinationPath,
			}
		} else {
			if it.ChecksumAlgorithm != "" && it.ExternalChecksum == "" && !checksumInUse {
				return doc, invalid(itemField(i, "checksum_algorithm"), "it needs an external_checksum, verify_checksum or the checksum sync level")
			}
			if it.Recursive && it.ExternalChecksum != "" {
				return doc, invalid(itemField(i, "external_checksum"), "a recursive item has no single file to check")
			}
			doc.DATA[i] = transferapi.TransferItem{
				DATATYPE:          transferapi.TransferItemDATATYPETransferItem,
				SourcePath:        it.SourcePath,
				DestinationPath:   it.DestinationPath,
				Recursive:         it.Recursive,
				ExternalChecksum:  it.ExternalChecksum,
				ChecksumAlgorithm: it.ChecksumAlgorithm,
			}
		}
	}

	doc.DATATYPE = "transfer"
	doc.SourceEndpoint = t.source
	doc.DestinationEndpoint = t.destination
	doc.SubmissionID = t.opts.submissionID
	doc.Label = t.opts.label
	doc.Deadline = globus.Time{Time: t.opts.deadline} // the zero time is not sent
	doc.NotifyOnSucceeded = clone(t.opts.notifyOnSucceeded)
	doc.NotifyOnFailed = clone(t.opts.notifyOnFailed)
	doc.NotifyOnInactive = clone(t.opts.notifyOnInactive)
	if t.syncLevel != nil {
		doc.SyncLevel = ptr(int(*t.syncLevel))
	}
	doc.VerifyChecksum = t.verifyChecksum
	doc.PreserveTimestamp = t.preserveTimestamp
	doc.EncryptData = t.encryptData
	doc.SkipSourceErrors = t.skipSourceErrors
	doc.FailOnQuotaErrors = t.failOnQuotaErrors
	doc.DeleteDestinationExtra = t.deleteDestExtra
	doc.StoreBasePathInfo = t.storeBasePathInfo
	if t.recursiveSymlinks != nil {
		doc.RecursiveSymlinks = string(*t.recursiveSymlinks)
	}
	doc.SourceLocalUser = copyOf(t.sourceLocalUser)
	doc.DestinationLocalUser = copyOf(t.destLocalUser)
	if len(t.filterRules) > 0 {
		doc.FilterRules = make([]transferapi.FilterRule, len(t.filterRules))
		for i, r := range t.filterRules {
			doc.FilterRules[i] = r.build()
		}
	}
	return doc, nil
}

// DeleteData builds a delete document. Create it with [NewDeleteData], set
// options, add paths, and hand it to [Client.SubmitDelete] (or call
// [DeleteData.Build]). Methods return the receiver so that calls can be
// chained. Mistakes are reported by Build, before anything is sent.
type DeleteData struct {
	endpoint       string
	opts           taskOptions
	recursive      bool
	ignoreMissing  bool
	interpretGlobs bool
	localUser      *string
	paths          []string
}

// NewDeleteData starts a deletion on the endpoint or collection with the
// given id.
func NewDeleteData(endpoint string) *DeleteData { return &DeleteData{endpoint: endpoint} }

// SubmissionID returns the submission id set with [DeleteData.SetSubmissionID],
// or "" when none was set.
func (d *DeleteData) SubmissionID() string {
	if d == nil {
		return "" // a nil builder stays nil; Build reports it
	}
	return d.opts.submissionID
}

// SetSubmissionID sets the submission id. Leave it unset to have
// [Client.SubmitDelete] fetch a fresh one for each submission.
func (d *DeleteData) SetSubmissionID(id string) *DeleteData {
	return update(d, func() { d.opts.submissionID = id })
}

// SetLabel sets the task's label (at most 128 characters).
func (d *DeleteData) SetLabel(label string) *DeleteData {
	return update(d, func() { d.opts.label = label })
}

// SetDeadline makes the service cancel the task if it is not done by t.
func (d *DeleteData) SetDeadline(t time.Time) *DeleteData {
	return update(d, func() { d.opts.deadline = t })
}

// SetNotifyOnSucceeded says whether to email the owner when the task
// succeeds (the service's default is true).
func (d *DeleteData) SetNotifyOnSucceeded(v bool) *DeleteData {
	return update(d, func() { d.opts.notifyOnSucceeded = &v })
}

// SetNotifyOnFailed says whether to email the owner when the task fails
// (the service's default is true).
func (d *DeleteData) SetNotifyOnFailed(v bool) *DeleteData {
	return update(d, func() { d.opts.notifyOnFailed = &v })
}

// SetNotifyOnInactive says whether to email the owner when the task becomes
// inactive (the service's default is true).
func (d *DeleteData) SetNotifyOnInactive(v bool) *DeleteData {
	return update(d, func() { d.opts.notifyOnInactive = &v })
}

// SetRecursive says whether directories are deleted with everything below
// them. Without it, a directory among the paths fails the task.
func (d *DeleteData) SetRecursive(v bool) *DeleteData {
	return update(d, func() { d.recursive = v })
}

// SetIgnoreMissing says whether paths that do not exist are ignored rather
// than failing the task.
func (d *DeleteData) SetIgnoreMissing(v bool) *DeleteData {
	return update(d, func() { d.ignoreMissing = v })
}

// SetInterpretGlobs says whether shell wildcards in the last segment of each
// path are expanded.
func (d *DeleteData) SetInterpretGlobs(v bool) *DeleteData {
	return update(d, func() { d.interpretGlobs = v })
}

// SetLocalUser sets the local account to delete as.
func (d *DeleteData) SetLocalUser(user string) *DeleteData {
	return update(d, func() { d.localUser = &user })
}

// Add appends paths to delete.
func (d *DeleteData) Add(paths ...string) *DeleteData {
	return update(d, func() { d.paths = append(d.paths, paths...) })
}

// Build checks the document and returns it as the generated request body.
// The result shares nothing with d. A mistake gives a *[ValidationError].
func (d *DeleteData) Build() (transferapi.DeleteDocument, error) {
	var doc transferapi.DeleteDocument
	if d == nil {
		return doc, invalid("delete", "no DeleteData was given")
	}
	if err := checkEndpoint("endpoint", d.endpoint); err != nil {
		return doc, err
	}
	if err := d.opts.check(); err != nil {
		return doc, err
	}
	if d.localUser != nil && strings.TrimSpace(*d.localUser) == "" {
		return doc, invalid("local_user", "it is set but empty")
	}
	if len(d.paths) == 0 {
		return doc, invalid("DATA", "a delete needs at least one path")
	}
	doc.DATA = make([]transferapi.DeleteItem, len(d.paths))
	for i, p := range d.paths {
		if err := checkPath(i, "path", p); err != nil {
			return transferapi.DeleteDocument{}, err
		}
		doc.DATA[i] = transferapi.DeleteItem{DATATYPE: "delete_item", Path: p}
	}
	doc.DATATYPE = "delete"
	doc.Endpoint = d.endpoint
	doc.SubmissionID = d.opts.submissionID
	doc.Label = d.opts.label
	doc.Deadline = globus.Time{Time: d.opts.deadline} // the zero time is not sent
	doc.NotifyOnSucceeded = clone(d.opts.notifyOnSucceeded)
	doc.NotifyOnFailed = clone(d.opts.notifyOnFailed)
	doc.NotifyOnInactive = clone(d.opts.notifyOnInactive)
	doc.Recursive = d.recursive
	doc.IgnoreMissing = d.ignoreMissing
	doc.InterpretGlobs = d.interpretGlobs
	doc.LocalUser = copyOf(d.localUser)
	return doc, nil
}

// maxLabelLen is the longest label the service accepts.
const maxLabelLen = 128

func (o *taskOptions) check() error {
	if o.submissionID != "" && strings.TrimSpace(o.submissionID) != o.submissionID {
		return invalid("submission_id", "it has leading or trailing white space")
	}
	if l := o.label; l != "" {
		if !utf8.ValidString(l) {
			return invalid("label", "it is not valid UTF-8")
		}
		if n := utf8.RuneCountInString(l); n > maxLabelLen {
			return invalid("label", "it has %d characters; at most %d are allowed", n, maxLabelLen)
		}
		if strings.IndexFunc(l, unicode.IsControl) >= 0 {
			return invalid("label", "it contains control characters")
		}
	}
	return nil
}

func (r FilterRule) check(i int) error {
	field := fmt.Sprintf("filter_rules[%d]", i)
	if strings.TrimSpace(r.Name) == "" {
		return invalid(field+".name", "it is empty")
	}
	switch r.Method {
	case "", FilterInclude, FilterExclude:
	default:
		return invalid(field+".method", "%q is not include or exclude", string(r.Method))
	}
	switch r.Type {
	case FilterAny, FilterFile, FilterDir:
	default:
		return invalid(field+".type", "%q is not file or dir", string(r.Type))
	}
	return nil
}

func (r FilterRule) build() transferapi.FilterRule {
	m := r.Method
	if m == "" {
		m = FilterExclude
	}
	return transferapi.FilterRule{DATATYPE: "filter_rule", Name: r.Name, Method: string(m), Type: string(r.Type)}
}

func checkEndpoint(field, id string) error {
	if strings.TrimSpace(id) == "" {
		return invalid(field, "no endpoint or collection id was given")
	}
	if strings.ContainsFunc(id, unicode.IsSpace) {
		return invalid(field, "%q contains white space", id)
	}
	return nil
}

// checkPath checks the path p of item i, whose field is name. The field's
// full name is only made for an error: a transfer may have a million items.
func checkPath(i int, name, p string) error {
	var why string
	switch {
	case p == "":
		why = "it is empty"
	case strings.IndexByte(p, 0) >= 0:
		why = "it contains a NUL byte"
	case !utf8.ValidString(p):
		why = "it is not valid UTF-8"
	default:
		return nil
	}
	return invalid(itemField(i, name), "%s", why)
}

// itemField names field name of item i, such as "DATA[2].source_path";
// with name empty, the item itself.
func itemField(i int, name string) string {
	f := "DATA[" + strconv.Itoa(i) + "]"
	if name != "" {
		f += "." + name
	}
	return f
}

func ptr[T any](v T) *T { return &v }

func clone[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// copyOf returns what p points to, or the zero value for a nil p.
func copyOf[T any](p *T) T {
	var v T
	if p != nil {
		v = *p
	}
	return v
}
