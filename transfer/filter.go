package transfer

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/globus-go/globus/gen/transferapi"
)

// Filter builds a Transfer filter expression: terms "name:value1,value2"
// joined by "/", as in "type:TRANSFER,DELETE/status:ACTIVE". A listing
// returns what matches every term, and any of the values of a term.
//
// Values cannot contain "," or "/", which the service reads as separators;
// such a value, an empty value, or a malformed name makes
// [Filter.Expression] return a *[ValidationError]. Methods return the
// receiver so that calls can be chained; the zero Filter is empty and ready
// to use.
type Filter struct {
	terms []string
	err   error
}

var filterName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Add appends the term name:values[0],values[1],...
func (f *Filter) Add(name string, values ...string) *Filter {
	if f.err != nil {
		return f
	}
	if !filterName.MatchString(name) {
		f.err = invalid("filter", "%q is not a filter field name", name)
		return f
	}
	if len(values) == 0 {
		f.err = invalid("filter."+name, "no values were given")
		return f
	}
	for _, v := range values {
		if err := checkFilterValue("filter."+name, v); err != nil {
			f.err = err
			return f
		}
	}
	f.terms = append(f.terms, name+":"+strings.Join(values, ","))
	return f
}

// AddTimeRange appends a date-time range term name:from,to. A zero from or
// to leaves that side open; both zero is an error, and so is to before
// from. Times are sent in UTC.
func (f *Filter) AddTimeRange(name string, r TimeRange) *Filter {
	if f.err != nil {
		return f
	}
	v, err := r.expression("filter." + name)
	if err != nil {
		f.err = err
		return f
	}
	if !filterName.MatchString(name) {
		f.err = invalid("filter", "%q is not a filter field name", name)
		return f
	}
	f.terms = append(f.terms, name+":"+v)
	return f
}

// Expression returns the filter expression, "" for an empty Filter, or the
// first mistake made while building it.
func (f *Filter) Expression() (string, error) {
	if f.err != nil {
		return "", f.err
	}
	return strings.Join(f.terms, "/"), nil
}

func checkFilterValue(field, v string) error {
	switch {
	case v == "":
		return invalid(field, "a value is empty")
	case strings.ContainsAny(v, ",/"):
		return invalid(field, "value %q contains ',' or '/', which separate values and terms", v)
	case strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return invalid(field, "value %q contains control characters", v)
	}
	return nil
}

// TimeRange is a range of date-times for time filters. A zero From or To
// leaves that side open. Both must fall in the years 0 to 9999 in UTC, the
// years that RFC 3339 can write.
type TimeRange struct {
	From, To time.Time
}

// IsZero reports whether neither side is set.
func (r TimeRange) IsZero() bool { return r.From.IsZero() && r.To.IsZero() }

// filterTimeLayout is how times are written in filters: ISO 8601 in UTC.
const filterTimeLayout = "2006-01-02T15:04:05Z"

func (r TimeRange) expression(field string) (string, error) {
	if r.IsZero() {
		return "", invalid(field, "a time range needs a start, an end or both")
	}
	for _, side := range []struct {
		name string
		t    time.Time
	}{{"start", r.From}, {"end", r.To}} {
		// RFC 3339 has four digits for the year, which is counted in UTC.
		if y := side.t.UTC().Year(); !side.t.IsZero() && (y < 0 || y > 9999) {
			return "", invalid(field, "the %s is in the year %d; only years 0 to 9999 (in UTC) can be written", side.name, y)
		}
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.To.Before(r.From) {
		return "", invalid(field, "the end %s is before the start %s", r.To.UTC().Format(filterTimeLayout), r.From.UTC().Format(filterTimeLayout))
	}
	var from, to string
	if !r.From.IsZero() {
		from = r.From.UTC().Format(filterTimeLayout)
	}
	if !r.To.IsZero() {
		to = r.To.UTC().Format(filterTimeLayout)
	}
	return from + "," + to, nil
}

// Task types for [TaskFilter.Types].
const (
	TaskTypeTransfer = "TRANSFER"
	TaskTypeDelete   = "DELETE"
)

// LabelPattern is one pattern of a label filter. Build it with
// [LabelEquals], [LabelNot], [LabelMatches] or [LabelNotMatches].
type LabelPattern struct {
	op, text string
}

// LabelEquals matches labels equal to s.
func LabelEquals(s string) LabelPattern { return LabelPattern{"=", s} }

// LabelNot matches labels other than s.
func LabelNot(s string) LabelPattern { return LabelPattern{"!", s} }

// LabelMatches matches labels against a case-insensitive pattern in which
// "*" stands for any run of characters, such as "nightly*".
func LabelMatches(pattern string) LabelPattern { return LabelPattern{"~", pattern} }

// LabelNotMatches matches labels that do not match pattern (see
// [LabelMatches]).
func LabelNotMatches(pattern string) LabelPattern { return LabelPattern{"!~", pattern} }

// TaskFilter is the filter of task_list, in typed form. Empty fields are
// left out; values in one field are alternatives, fields must all match.
type TaskFilter struct {
	// TaskIDs keeps only these tasks.
	TaskIDs []string
	// Types keeps tasks of these types ([TaskTypeTransfer], [TaskTypeDelete]).
	Types []string
	// Statuses keeps tasks with these statuses ([StatusActive] and so on).
	Statuses []string
	// Labels keeps tasks whose label matches any of the patterns.
	Labels []LabelPattern
	// RequestTime keeps tasks submitted in the range.
	RequestTime TimeRange
	// CompletionTime keeps tasks completed in the range.
	CompletionTime TimeRange
}

// Expression returns the filter expression, such as
// "type:TRANSFER/status:ACTIVE,INACTIVE/label:~nightly*", or a
// *[ValidationError].
func (tf TaskFilter) Expression() (string, error) {
	var f Filter
	if len(tf.TaskIDs) > 0 {
		f.Add("task_id", tf.TaskIDs...)
	}
	if len(tf.Types) > 0 {
		for _, t := range tf.Types {
			if t != TaskTypeTransfer && t != TaskTypeDelete {
				return "", invalid("filter.type", "%q is not TRANSFER or DELETE", t)
			}
		}
		f.Add("type", tf.Types...)
	}
	if len(tf.Statuses) > 0 {
		if err := checkStatuses("filter.status", tf.Statuses); err != nil {
			return "", err
		}
		f.Add("status", tf.Statuses...)
	}
	if len(tf.Labels) > 0 {
		vals := make([]string, len(tf.Labels))
		for i, l := range tf.Labels {
			if l.op == "" {
				return "", invalid("filter.label", "pattern %d was not made with LabelEquals, LabelNot, LabelMatches or LabelNotMatches", i)
			}
			if l.text == "" {
				return "", invalid("filter.label", "pattern %d is empty", i)
			}
			vals[i] = l.op + l.text
		}
		f.Add("label", vals...)
	}
	if !tf.RequestTime.IsZero() {
		f.AddTimeRange("request_time", tf.RequestTime)
	}
	if !tf.CompletionTime.IsZero() {
		f.AddTimeRange("completion_time", tf.CompletionTime)
	}
	return f.Expression()
}

// Apply sets params.Filter to the expression, or leaves params unchanged
// and returns the *[ValidationError].
func (tf TaskFilter) Apply(params *transferapi.TaskListParams) error {
	expr, err := tf.Expression()
	if err != nil {
		return err
	}
	params.Filter = expr
	return nil
}

func checkStatuses(field string, statuses []string) error {
	for _, s := range statuses {
		switch s {
		case StatusActive, StatusInactive, StatusSucceeded, StatusFailed:
		default:
			return invalid(field, "%q is not ACTIVE, INACTIVE, SUCCEEDED or FAILED", s)
		}
	}
	return nil
}

// Endpoint uses for [EndpointManagerTaskFilter.EndpointUse].
const (
	EndpointUseSource      = "source"
	EndpointUseDestination = "destination"
)

// maxManagerTaskIDs is how many task ids filter_task_id accepts.
const maxManagerTaskIDs = 50

// EndpointManagerTaskFilter holds the filter_* query parameters of
// endpoint_manager_task_list in typed form. Zero fields are left out.
type EndpointManagerTaskFilter struct {
	// Statuses keeps tasks with these statuses.
	Statuses []string
	// TaskIDs keeps only these tasks (at most 50).
	TaskIDs []string
	// OwnerID keeps tasks submitted by this identity.
	OwnerID string
	// Endpoint keeps tasks with this endpoint as source or destination, or
	// as their host endpoint.
	Endpoint string
	// EndpointUse, with Endpoint, says which side must match
	// ([EndpointUseSource] or [EndpointUseDestination]).
	EndpointUse string
	// IsPaused keeps tasks whose paused state is this; it needs Statuses
	// made of ACTIVE and INACTIVE only.
	IsPaused *bool
	// IsOK keeps tasks that are (true) or are not (false) running without
	// problems; it needs Statuses made of ACTIVE and INACTIVE only.
	IsOK *bool
	// CompletionTime keeps tasks completed in the range.
	CompletionTime TimeRange
	// MinFaults keeps tasks with at least this many faults.
	MinFaults *int
	// LocalUser, with Endpoint, keeps tasks run as this local account.
	LocalUser string
}

// Apply checks the filter and sets the filter_* fields of params; other
// fields of params are kept. On a mistake it returns a *[ValidationError]
// and leaves params unchanged.
func (mf EndpointManagerTaskFilter) Apply(params *transferapi.EndpointManagerTaskListParams) error {
	q := *params
	q.FilterStatus, q.FilterTaskID, q.FilterOwnerID, q.FilterEndpoint = "", "", "", ""
	q.FilterEndpointUse, q.FilterIsPaused, q.FilterIsOk, q.FilterCompletionTime = "", nil, nil, ""
	q.FilterMinFaults, q.FilterLocalUser = 0, ""

	list := func(field string, values []string) (string, error) {
		for _, v := range values {
			if err := checkFilterValue(field, v); err != nil {
				return "", err
			}
		}
		return strings.Join(values, ","), nil
	}
	single := func(field, v string) (string, error) {
		if err := checkFilterValue(field, v); err != nil {
			return "", err
		}
		return v, nil
	}
	var err error
	if len(mf.Statuses) > 0 {
		if err = checkStatuses("filter_status", mf.Statuses); err != nil {
			return err
		}
		if q.FilterStatus, err = list("filter_status", mf.Statuses); err != nil {
			return err
		}
	}
	if len(mf.TaskIDs) > 0 {
		if len(mf.TaskIDs) > maxManagerTaskIDs {
			return invalid("filter_task_id", "%d task ids given; at most %d are allowed", len(mf.TaskIDs), maxManagerTaskIDs)
		}
		if q.FilterTaskID, err = list("filter_task_id", mf.TaskIDs); err != nil {
			return err
		}
	}
	if mf.OwnerID != "" {
		if q.FilterOwnerID, err = single("filter_owner_id", mf.OwnerID); err != nil {
			return err
		}
	}
	if mf.Endpoint != "" {
		if q.FilterEndpoint, err = single("filter_endpoint", mf.Endpoint); err != nil {
			return err
		}
	}
	if mf.EndpointUse != "" {
		if mf.Endpoint == "" {
			return invalid("filter_endpoint_use", "it needs filter_endpoint")
		}
		if mf.EndpointUse != EndpointUseSource && mf.EndpointUse != EndpointUseDestination {
			return invalid("filter_endpoint_use", "%q is not source or destination", mf.EndpointUse)
		}
		q.FilterEndpointUse = mf.EndpointUse
	}
	if mf.LocalUser != "" {
		if mf.Endpoint == "" {
			return invalid("filter_local_user", "it needs filter_endpoint")
		}
		if q.FilterLocalUser, err = single("filter_local_user", mf.LocalUser); err != nil {
			return err
		}
	}
	if mf.IsPaused != nil || mf.IsOK != nil {
		field := "filter_is_paused"
		if mf.IsPaused == nil {
			field = "filter_is_ok"
		}
		if len(mf.Statuses) == 0 {
			return invalid(field, "it needs filter_status limited to ACTIVE and INACTIVE")
		}
		for _, s := range mf.Statuses {
			if s != StatusActive && s != StatusInactive {
				return invalid(field, "it needs filter_status limited to ACTIVE and INACTIVE, not %s", s)
			}
		}
		q.FilterIsPaused = clone(mf.IsPaused)
		if mf.IsOK != nil {
			v := 0
			if *mf.IsOK {
				v = 1
			}
			q.FilterIsOk = &v
		}
	}
	if !mf.CompletionTime.IsZero() {
		v, err := mf.CompletionTime.expression("filter_completion_time")
		if err != nil {
			return err
		}
		q.FilterCompletionTime = v
	}
	if mf.MinFaults != nil {
		if *mf.MinFaults < 0 {
			return invalid("filter_min_faults", "%s is negative", strconv.Itoa(*mf.MinFaults))
		}
		q.FilterMinFaults = *mf.MinFaults
	}
	*params = q
	return nil
}
