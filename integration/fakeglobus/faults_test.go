package fakeglobus_test

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/globus-go/globus/integration/fakeglobus"
)

func inject(t *testing.T, s *fakeglobus.Server, f fakeglobus.Fault) *fakeglobus.Injection {
	t.Helper()
	in, err := s.Inject(f)
	must(t, err)
	return in
}

// raw sends a GET with the env's token and returns the raw answer.
func (e *env) raw(path string) (*http.Response, string, error) {
	req, err := http.NewRequest("GET", e.s.TransferURL()+path, nil)
	must(e.t, err)
	req.Header.Set("Authorization", "Bearer "+e.token)
	res, err := e.hc.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res, string(b), err
}

func TestFaultKinds(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	cases := []struct {
		fault  fakeglobus.Fault
		status int
		check  func(res *http.Response, body string) bool
	}{
		{fakeglobus.Fault{Kind: fakeglobus.FaultUnauthorized}, 401, func(_ *http.Response, b string) bool { return strings.Contains(b, `"AuthenticationFailed"`) }},
		{fakeglobus.Fault{Kind: fakeglobus.FaultRateLimited, RetryAfter: 1500 * time.Millisecond}, 429, func(r *http.Response, _ string) bool { return r.Header.Get("Retry-After") == "2" }},
		{fakeglobus.Fault{Kind: fakeglobus.FaultUnavailable}, 503, func(r *http.Response, _ string) bool { return r.Header.Get("Retry-After") == "0" }},
		{fakeglobus.Fault{Kind: fakeglobus.FaultInternalError}, 500, func(r *http.Response, b string) bool {
			return strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") && strings.Contains(b, "<html>")
		}},
		{fakeglobus.Fault{Kind: fakeglobus.FaultBadGateway}, 502, func(r *http.Response, b string) bool { return strings.Contains(b, "502 Bad Gateway") }},
	}
	for _, c := range cases {
		c.fault.OperationID = "getSubmissionId"
		c.fault.Count = 1
		in := inject(t, e.s, c.fault)
		res, body, err := e.raw("/submission_id")
		if err != nil || res.StatusCode != c.status || !c.check(res, body) {
			t.Errorf("%v: %v %v %q", c.fault.Kind, err, res.StatusCode, body)
		}
		if in.Fired() != 1 {
			t.Errorf("%v fired %d times", c.fault.Kind, in.Fired())
		}
		// Count: 1 means the next request goes through.
		if res, _, err := e.raw("/submission_id"); err != nil || res.StatusCode != 200 {
			t.Errorf("after %v: %v %v", c.fault.Kind, err, res)
		}
	}

	// net/http retries an idempotent request whose reused connection
	// dies, so the drop is observed on a fresh connection.
	inject(t, e.s, fakeglobus.Fault{Kind: fakeglobus.FaultDropConnection, Path: "/v0.10/submission_id", Count: 1})
	fresh := &http.Transport{DisableKeepAlives: true}
	req, _ := http.NewRequest("GET", e.s.TransferURL()+"/submission_id", nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	if res, err := fresh.RoundTrip(req); err == nil {
		res.Body.Close()
		t.Errorf("dropped connection answered %d", res.StatusCode)
	}

	in := inject(t, e.s, fakeglobus.Fault{Kind: fakeglobus.FaultDelay, Delay: 150 * time.Millisecond, Method: "GET", Path: "/v0.10/task*", Skip: 1})
	start := time.Now()
	e.raw("/task_list")
	fast := time.Since(start)
	start = time.Now()
	res, _, err := e.raw("/task_list")
	slow := time.Since(start)
	if err != nil || res.StatusCode != 200 || slow < 150*time.Millisecond || fast > 100*time.Millisecond {
		t.Errorf("delay: %v %v, fast %v slow %v", err, res, fast, slow)
	}
	if in.Matched() != 2 || in.Fired() != 1 {
		t.Errorf("delay matched %d fired %d", in.Matched(), in.Fired())
	}
	in.Remove()
	in.Remove()
	start = time.Now()
	e.raw("/task_list")
	if time.Since(start) > 100*time.Millisecond {
		t.Error("removed fault still fires")
	}

	if got := e.s.Requests("getSubmissionId"); got != 11 {
		t.Errorf("Requests(getSubmissionId) = %d, want 11", got)
	}
	if got := e.s.RequestCounts()["taskList"]; got != 3 {
		t.Errorf("taskList count %d", got)
	}
}

func TestFaultAfterSubmitKeepsTask(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	must(t, e.s.PutFile(colA, "/f", []byte("x")))
	in := inject(t, e.s, fakeglobus.Fault{Kind: fakeglobus.FaultBadGateway, OperationID: "submitTransfer", After: true, Count: 1})
	doc := transferDoc(submissionID(e), map[string]any{"source_path": "/f", "destination_path": "/f"})
	st, m := e.do("POST", "/transfer", doc)
	if st != http.StatusBadGateway || m != nil {
		t.Fatalf("first attempt: %d %v", st, m)
	}
	if e.s.TasksCreated() != 1 || in.Fired() != 1 {
		t.Fatalf("task not created behind the lost answer: %d", e.s.TasksCreated())
	}
	// The client retries with the same submission id and learns the task.
	st, m = e.do("POST", "/transfer", doc)
	if st != http.StatusOK || m["code"] != "Duplicate" || str(m["task_id"]) == "" {
		t.Errorf("retry: %d %v", st, m)
	}
	// A fault before the handler creates nothing.
	inject(t, e.s, fakeglobus.Fault{Kind: fakeglobus.FaultUnavailable, OperationID: "submitTransfer", Count: 1})
	doc2 := transferDoc(submissionID(e), map[string]any{"source_path": "/f", "destination_path": "/g"})
	if st, _ := e.do("POST", "/transfer", doc2); st != http.StatusServiceUnavailable || e.s.TasksCreated() != 1 {
		t.Errorf("fault before: %d, tasks %d", st, e.s.TasksCreated())
	}
	// Dropped after: the work is done, the client sees a broken connection.
	inject(t, e.s, fakeglobus.Fault{Kind: fakeglobus.FaultDropConnection, OperationID: "submitTransfer", After: true, Count: 1})
	req, _ := http.NewRequest("POST", e.s.TransferURL()+"/transfer", strings.NewReader(`{"DATA_TYPE":"transfer","submission_id":"`+submissionID(e)+`","source_endpoint":"`+colA+`","destination_endpoint":"`+colB+`","DATA":[{"DATA_TYPE":"transfer_item","source_path":"/f","destination_path":"/h"}]}`))
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Content-Type", "application/json")
	if res, err := e.hc.Do(req); err == nil {
		res.Body.Close()
		t.Error("dropped answer arrived")
	}
	if e.s.TasksCreated() != 2 {
		t.Errorf("tasks after dropped answer: %d", e.s.TasksCreated())
	}
}

func TestFaultProbabilityIsSeeded(t *testing.T) {
	fired := func() int {
		e := newEnv(t, fakeglobus.Options{Seed: 42})
		in := inject(t, e.s, fakeglobus.Fault{Kind: fakeglobus.FaultRateLimited, OperationID: "getSubmissionId", Probability: 0.2})
		for i := 0; i < 200; i++ {
			res, _, err := e.raw("/submission_id")
			must(t, err)
			if res.StatusCode != 200 && res.StatusCode != 429 {
				t.Fatalf("status %d", res.StatusCode)
			}
		}
		return in.Fired()
	}
	a, b := fired(), fired()
	if a != b || a < 20 || a > 60 {
		t.Errorf("fired %d and %d times of 200 at p=0.2", a, b)
	}
}

func TestInjectRejectsBadFaults(t *testing.T) {
	s := fakeglobus.New(fakeglobus.Options{})
	defer s.Close()
	for _, f := range []fakeglobus.Fault{
		{},
		{Kind: fakeglobus.FaultDelay},
		{Kind: fakeglobus.FaultBadGateway, Probability: 1.5},
		{Kind: fakeglobus.FaultBadGateway, Count: -1},
	} {
		var fe *fakeglobus.FaultError
		if _, err := s.Inject(f); !errors.As(err, &fe) {
			t.Errorf("Inject(%+v) = %v", f, err)
		}
	}
}

func TestSpecViolationsAreReported(t *testing.T) {
	var mu sync.Mutex
	var got []error
	e := newEnv(t, fakeglobus.Options{Report: func(err error) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, err)
	}})
	doc := transferDoc(submissionID(e), map[string]any{"source_path": "/f", "destination_path": "/f"})
	doc["sync_level"] = 7
	st, m := e.do("POST", "/transfer", doc)
	if st != http.StatusBadRequest || m["code"] != "ClientError.BadRequest" {
		t.Errorf("invalid request: %d %v", st, m)
	}
	mu.Lock()
	n := len(got)
	mu.Unlock()
	if n != 1 || len(e.s.Violations()) != 1 || !strings.Contains(got[0].Error(), "submitTransfer") {
		t.Errorf("violations %v", got)
	}
	if e.s.TasksCreated() != 0 || e.s.Requests("submitTransfer") != 1 {
		t.Errorf("tasks %d, requests %d", e.s.TasksCreated(), e.s.Requests("submitTransfer"))
	}
}

func TestCloseCutsSlowResponses(t *testing.T) {
	s := fakeglobus.New(fakeglobus.Options{})
	must(t, s.Start())
	must(t, s.AddClient(fakeglobus.Client{ID: clientID, Secret: clientSecret}))
	inject(t, s, fakeglobus.Fault{Kind: fakeglobus.FaultDelay, Delay: time.Hour})
	// With "Expect: 100-continue" the client sends the body only once the
	// server's handler starts to read it: the first Read of the body says
	// that the request is in the handler, on its way to the hour's delay.
	tr := &http.Transport{ExpectContinueTimeout: time.Hour}
	defer tr.CloseIdleConnections()
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {fakeglobus.TransferScope}}.Encode()
	body := &firstReadSignal{r: strings.NewReader(form), read: make(chan struct{})}
	done := make(chan struct{})
	go func() {
		defer close(done)
		req, _ := http.NewRequest("POST", s.AuthURL()+"/v2/oauth2/token", body)
		req.ContentLength = int64(len(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Expect", "100-continue")
		req.SetBasicAuth(clientID, clientSecret)
		if res, err := (&http.Client{Transport: tr}).Do(req); err == nil {
			res.Body.Close()
		}
	}()
	select {
	case <-body.read:
	case <-done:
		t.Fatal("the request ended before its handler read the body")
	case <-time.After(30 * time.Second):
		t.Fatal("the handler did not start reading the request")
	}
	start := time.Now()
	s.Close()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v", d)
	}
	<-done
	if n := s.Requests("oauth2Token"); n != 1 {
		t.Errorf("%d token requests counted, want 1 (the one Close cut)", n)
	}
	if err := s.Start(); !errors.Is(err, fakeglobus.ErrClosed) {
		t.Errorf("Start after Close: %v", err)
	}
}

// firstReadSignal is a request body that closes read when it is first read.
type firstReadSignal struct {
	r    io.Reader
	read chan struct{}
	once sync.Once
}

func (b *firstReadSignal) Read(p []byte) (int, error) {
	b.once.Do(func() { close(b.read) })
	return b.r.Read(p)
}
