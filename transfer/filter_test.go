package transfer_test

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/transfer"
)

func TestFilterExpression(t *testing.T) {
	var f transfer.Filter
	expr, err := f.Add("type", "TRANSFER", "DELETE").Add("status", "ACTIVE").
		AddTimeRange("request_time", transfer.TimeRange{From: time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("X", 3600))}).
		Expression()
	if err != nil {
		t.Fatal(err)
	}
	if want := "type:TRANSFER,DELETE/status:ACTIVE/request_time:2024-01-02T02:04:05Z,"; expr != want {
		t.Errorf("got %q, want %q", expr, want)
	}
	var empty transfer.Filter
	if expr, err := empty.Expression(); expr != "" || err != nil {
		t.Errorf("empty filter: %q, %v", expr, err)
	}
}

func TestFilterMistakes(t *testing.T) {
	jan, feb := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	cases := map[string]*transfer.Filter{
		"comma in value": new(transfer.Filter).Add("label", "a,b"),
		"slash in value": new(transfer.Filter).Add("label", "a/b"),
		"empty value":    new(transfer.Filter).Add("status", "ACTIVE", ""),
		"no values":      new(transfer.Filter).Add("status"),
		"bad name":       new(transfer.Filter).Add("Status:x", "ACTIVE"),
		"newline":        new(transfer.Filter).Add("label", "a\nb"),
		"open range":     new(transfer.Filter).AddTimeRange("request_time", transfer.TimeRange{}),
		"reversed range": new(transfer.Filter).AddTimeRange("request_time", transfer.TimeRange{From: feb, To: jan}),
		"year 10000":     new(transfer.Filter).AddTimeRange("request_time", transfer.TimeRange{From: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}),
		"year 10000 in UTC": new(transfer.Filter).AddTimeRange("request_time",
			transfer.TimeRange{To: time.Date(9999, 12, 31, 23, 0, 0, 0, time.FixedZone("W", -2*3600))}),
		"year -1":          new(transfer.Filter).AddTimeRange("request_time", transfer.TimeRange{From: time.Date(-1, 12, 31, 0, 0, 0, 0, time.UTC), To: jan}),
		"first error kept": new(transfer.Filter).Add("label", "a/b").Add("status", "ACTIVE"),
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			expr, err := f.Expression()
			var ve *transfer.ValidationError
			if !errors.As(err, &ve) || expr != "" {
				t.Errorf("got %q, %v; want a *ValidationError", expr, err)
			}
		})
	}
}

func TestTaskFilter(t *testing.T) {
	tf := transfer.TaskFilter{
		TaskIDs:        []string{taskID},
		Types:          []string{transfer.TaskTypeTransfer, transfer.TaskTypeDelete},
		Statuses:       []string{transfer.StatusActive, transfer.StatusInactive},
		Labels:         []transfer.LabelPattern{transfer.LabelMatches("experiment1*"), transfer.LabelEquals("x"), transfer.LabelNot("y"), transfer.LabelNotMatches("tmp*")},
		RequestTime:    transfer.TimeRange{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 1, 31, 12, 0, 0, 0, time.UTC)},
		CompletionTime: transfer.TimeRange{To: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)},
	}
	expr, err := tf.Expression()
	if err != nil {
		t.Fatal(err)
	}
	want := "task_id:" + taskID + "/type:TRANSFER,DELETE/status:ACTIVE,INACTIVE/label:~experiment1*,=x,!y,!~tmp*" +
		"/request_time:2024-01-01T00:00:00Z,2024-01-31T12:00:00Z/completion_time:,2024-02-01T00:00:00Z"
	if expr != want {
		t.Errorf("got  %q\nwant %q", expr, want)
	}
	var p transferapi.TaskListParams
	if err := tf.Apply(&p); err != nil || p.Filter != want {
		t.Errorf("Apply: %v, %q", err, p.Filter)
	}
	if err := (transfer.TaskFilter{}).Apply(&p); err != nil || p.Filter != "" {
		t.Errorf("empty filter left %q (%v)", p.Filter, err)
	}
	for name, bad := range map[string]transfer.TaskFilter{
		"type":          {Types: []string{"COPY"}},
		"status":        {Statuses: []string{"DONE"}},
		"label slash":   {Labels: []transfer.LabelPattern{transfer.LabelEquals("a/b")}},
		"zero pattern":  {Labels: []transfer.LabelPattern{{}}},
		"empty pattern": {Labels: []transfer.LabelPattern{transfer.LabelMatches("")}},
		"task id comma": {TaskIDs: []string{"a,b"}},
	} {
		var ve *transfer.ValidationError
		if _, err := bad.Expression(); !errors.As(err, &ve) {
			t.Errorf("%s: %v, want a *ValidationError", name, err)
		}
	}
}

func TestEndpointManagerTaskFilter(t *testing.T) {
	yes, no, faults := true, false, 1
	mf := transfer.EndpointManagerTaskFilter{
		Statuses:       []string{transfer.StatusActive, transfer.StatusInactive},
		TaskIDs:        []string{taskID, taskID2},
		OwnerID:        identity,
		Endpoint:       epID,
		EndpointUse:    transfer.EndpointUseSource,
		IsPaused:       &yes,
		IsOK:           &no,
		CompletionTime: transfer.TimeRange{From: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
		MinFaults:      &faults,
		LocalUser:      "alice",
	}
	p := transferapi.EndpointManagerTaskListParams{Limit: 50}
	if err := mf.Apply(&p); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{
		"filter_status": p.FilterStatus, "filter_task_id": p.FilterTaskID, "filter_owner_id": p.FilterOwnerID,
		"filter_endpoint": p.FilterEndpoint, "filter_endpoint_use": p.FilterEndpointUse,
		"filter_completion_time": p.FilterCompletionTime, "filter_local_user": p.FilterLocalUser,
	}
	want := map[string]string{
		"filter_status": "ACTIVE,INACTIVE", "filter_task_id": taskID + "," + taskID2, "filter_owner_id": identity,
		"filter_endpoint": epID, "filter_endpoint_use": "source", "filter_completion_time": "2024-03-01T00:00:00Z,",
		"filter_local_user": "alice",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if p.FilterIsPaused == nil || *p.FilterIsPaused != true || p.FilterIsOk == nil || *p.FilterIsOk != 0 || p.FilterMinFaults != 1 || p.Limit != 50 {
		t.Errorf("is_paused %v, is_ok %v, min_faults %v, limit %v", field(p.FilterIsPaused), field(p.FilterIsOk), p.FilterMinFaults, p.Limit)
	}

	many := make([]string, 51)
	for i := range many {
		many[i] = fmt.Sprintf("id-%d", i)
	}
	negative := -1
	for name, bad := range map[string]transfer.EndpointManagerTaskFilter{
		"too many ids":        {TaskIDs: many},
		"bad status":          {Statuses: []string{"RUNNING"}},
		"paused needs status": {IsPaused: &yes},
		"paused with done":    {IsPaused: &yes, Statuses: []string{transfer.StatusActive, transfer.StatusSucceeded}},
		"ok needs status":     {IsOK: &yes},
		"use needs endpoint":  {EndpointUse: transfer.EndpointUseSource},
		"bad use":             {Endpoint: epID, EndpointUse: "both"},
		"user needs endpoint": {LocalUser: "alice"},
		"negative faults":     {MinFaults: &negative},
		"comma in owner":      {OwnerID: "a,b"},
		"year 10000":          {CompletionTime: transfer.TimeRange{From: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}},
		"year -1":             {CompletionTime: transfer.TimeRange{To: time.Date(-1, 6, 1, 0, 0, 0, 0, time.UTC)}},
		"reversed range":      {CompletionTime: transfer.TimeRange{From: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)}},
	} {
		p := transferapi.EndpointManagerTaskListParams{FilterOwnerID: "kept"}
		var ve *transfer.ValidationError
		if err := bad.Apply(&p); !errors.As(err, &ve) {
			t.Errorf("%s: %v, want a *ValidationError", name, err)
		}
		if p.FilterOwnerID != "kept" {
			t.Errorf("%s: params changed on error", name)
		}
	}
}

func ptrTo[T any](v T) *T { return &v }

// TestFiltersReachTheServer sends built filters through the spec-validating
// server and checks what arrives.
func TestFiltersReachTheServer(t *testing.T) {
	var got url.Values
	c, _ := newServer(t, httpHandler(func(q url.Values) string {
		got = q
		return taskListDoc(true)
	}))
	expr, err := transfer.TaskFilter{Statuses: []string{transfer.StatusFailed}, Labels: []transfer.LabelPattern{transfer.LabelMatches("run *")}}.Expression()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.TaskList(testContext(t), &transferapi.TaskListParams{Filter: expr}); err != nil {
		t.Fatal(err)
	}
	if got.Get("filter") != "status:FAILED/label:~run *" {
		t.Errorf("filter arrived as %q", got.Get("filter"))
	}
	var p transferapi.EndpointManagerTaskListParams
	if err := (transfer.EndpointManagerTaskFilter{Statuses: []string{transfer.StatusActive}, IsPaused: ptrTo(false), Endpoint: epID}).Apply(&p); err != nil {
		t.Fatal(err)
	}
	for range c.EndpointManagerTasks(testContext(t), &p) {
	}
	if got.Get("filter_status") != "ACTIVE" || got.Get("filter_is_paused") != "false" || got.Get("filter_endpoint") != epID {
		t.Errorf("query arrived as %v", got)
	}
}

// TestTimeRangeYearLimits checks the years at both ends of what RFC 3339
// can write: they are accepted, and written so that they parse back.
func TestTimeRangeYearLimits(t *testing.T) {
	first := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
	expr, err := transfer.TaskFilter{RequestTime: transfer.TimeRange{From: first, To: last}}.Expression()
	if err != nil {
		t.Fatal(err)
	}
	if expr != "request_time:0000-01-01T00:00:00Z,9999-12-31T23:59:59Z" {
		t.Fatalf("got %q", expr)
	}
	for i, v := range strings.Split(strings.TrimPrefix(expr, "request_time:"), ",") {
		got, err := time.Parse(time.RFC3339, v)
		if err != nil || !got.Equal([]time.Time{first, last}[i]) {
			t.Errorf("%q parses as %v, %v", v, got, err)
		}
	}
	expr, err = transfer.TaskFilter{RequestTime: transfer.TimeRange{From: last.Add(time.Second)}}.Expression()
	var ve *transfer.ValidationError
	if !errors.As(err, &ve) || expr != "" || !strings.Contains(ve.Field, "request_time") {
		t.Errorf("year 10000: got %q, %v; want a *ValidationError on request_time", expr, err)
	}
}
