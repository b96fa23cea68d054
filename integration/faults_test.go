package integration_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"math/rand/v2"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/integration/fakeglobus"
	"github.com/globus-go/globus/transfer"
)

// classify names the kind of a call's outcome. Every error the SDK returns
// must be one of the typed kinds; anything else is reported as untyped.
func classify(err error) (kind string, typed bool) {
	var renewal *authorizers.RenewalError
	var apiErr *globus.APIError
	var netErr net.Error
	switch {
	case err == nil:
		return "success", true
	case errors.As(err, &renewal):
		inner, ok := classify(renewal.Err)
		return "token renewal failed: " + inner, ok
	case errors.As(err, &apiErr):
		return fmt.Sprintf("APIError %d", apiErr.StatusCode), true
	case errors.Is(err, context.DeadlineExceeded):
		return "attempt timed out", true
	case errors.As(err, &netErr), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection lost", true
	}
	return fmt.Sprintf("untyped %T", err), false
}

// submission is one transfer submitted under a submission id fetched
// beforehand, and what its call returned.
type submission struct {
	data   *transfer.TransferData
	taskID string // "" unless the call succeeded
}

// TestThousandCallsUnderFaults makes 1000 SDK calls, from 8 goroutines,
// while about one request in five fails: 401s, 429 and 503 with
// Retry-After, HTML 500 and 502 pages, dropped connections and slow
// answers; on top of that, submissions sometimes lose their answer after
// the task was created. Every call must end in success or a typed error,
// and no transfer may be created twice.
func TestThousandCallsUnderFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about ten seconds")
	}
	logs := &countingHandler{}
	logger := slog.New(logs)
	policy := globus.RetryPolicy{MaxRetries: 4, BaseDelay: 5 * time.Millisecond, MaxSleep: time.Second, AttemptTimeout: time.Second}
	w := setup(t, fakeglobus.Options{Seed: 20261128}, transfer.WithRetryPolicy(transfer.RetryPolicy(policy)), transfer.WithLogger(logger))
	// The login client that renews tokens gets the same policy and log.
	app, err := auth.NewConfidentialAppClient(appID, appSecret, auth.WithBaseURL(w.fake.AuthURL()), auth.WithRetryPolicy(auth.RetryPolicy(policy)), auth.WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	var renewals atomic.Int32
	authz := authorizers.NewClientCredentialsAuthorizer(app, []string{transfer.ScopeAll},
		authorizers.WithOnRefresh(func(authorizers.TokenData) { renewals.Add(1) }))
	tc, err := transfer.NewClient(transfer.WithBaseURL(w.fake.TransferURL()), transfer.WithAuthorizer(authz),
		transfer.WithRetryPolicy(transfer.RetryPolicy(policy)), transfer.WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// Before the faults: files to copy and a few tasks to look at.
	const nFiles = 20
	putFiles(t, w.fake, srcID, "/f/", nFiles)
	var tasksMu sync.Mutex
	var knownTasks []string
	for i := range 3 {
		res, err := tc.SubmitTransfer(ctx, transfer.NewTransferData(srcID, dstID).AddFile(fmt.Sprintf("/f/file-%03d.dat", i), fmt.Sprintf("/seed-%d.dat", i)))
		if err != nil {
			t.Fatal(err)
		}
		knownTasks = append(knownTasks, res.TaskID)
	}
	tasksBefore := w.fake.TasksCreated()

	// Answers lost after the submission took effect come first, so they
	// take precedence on POST /transfer.
	type named struct {
		name string
		f    fakeglobus.Fault
	}
	faults := []named{
		{"submit: 502 after the task was created", fakeglobus.Fault{Kind: fakeglobus.FaultBadGateway, OperationID: "submitTransfer", After: true, Probability: 0.15}},
		{"submit: connection dropped after the task was created", fakeglobus.Fault{Kind: fakeglobus.FaultDropConnection, OperationID: "submitTransfer", After: true, Probability: 0.10}},
		{"submit: 503 after the task was created", fakeglobus.Fault{Kind: fakeglobus.FaultUnavailable, OperationID: "submitTransfer", After: true, Probability: 0.05}},
	}
	// Eight kinds on every request, together firing on 20% of them.
	p := 1 - math.Pow(0.8, 1.0/8)
	for _, f := range []named{
		{"401", fakeglobus.Fault{Kind: fakeglobus.FaultUnauthorized}},
		{"429, Retry-After: 1", fakeglobus.Fault{Kind: fakeglobus.FaultRateLimited, RetryAfter: time.Second}},
		{"503, Retry-After: 0", fakeglobus.Fault{Kind: fakeglobus.FaultUnavailable}},
		{"500 HTML", fakeglobus.Fault{Kind: fakeglobus.FaultInternalError}},
		{"502 HTML", fakeglobus.Fault{Kind: fakeglobus.FaultBadGateway}},
		{"connection dropped", fakeglobus.Fault{Kind: fakeglobus.FaultDropConnection}},
		{"slow answer, 100 ms", fakeglobus.Fault{Kind: fakeglobus.FaultDelay, Delay: 100 * time.Millisecond}},
		{"slow answer, 1.5 s (past the 1 s attempt timeout)", fakeglobus.Fault{Kind: fakeglobus.FaultDelay, Delay: 1500 * time.Millisecond}},
	} {
		f.f.Probability = p
		faults = append(faults, f)
	}
	injections := make([]*fakeglobus.Injection, len(faults))
	for i, f := range faults {
		if injections[i], err = w.fake.Inject(f.f); err != nil {
			t.Fatal(err)
		}
	}

	const calls, workers = 1000, 8
	var (
		mu          sync.Mutex
		outcomes    = map[string]int{} // kind of outcome -> count
		byOp        = map[string]int{}
		submissions = map[string]*submission{}
		next        atomic.Int32
	)
	record := func(op string, err error) {
		kind, typed := classify(err)
		if !typed {
			t.Errorf("%s: untyped error %T: %v", op, err, err)
		}
		mu.Lock()
		outcomes[kind]++
		byOp[op]++
		mu.Unlock()
	}
	pickTask := func(r *rand.Rand) string {
		tasksMu.Lock()
		defer tasksMu.Unlock()
		return knownTasks[r.IntN(len(knownTasks))]
	}

	call := func(i int) {
		r := rand.New(rand.NewPCG(uint64(i), 7))
		switch n := r.IntN(20); {
		case n < 5:
			_, err := tc.OperationLs(ctx, srcID, &transferapi.OperationLsParams{Path: "/f/"})
			record("ls", err)
		case n < 8:
			_, err := tc.OperationStat(ctx, srcID, &transferapi.OperationStatParams{Path: fmt.Sprintf("/f/file-%03d.dat", r.IntN(nFiles))})
			record("stat", err)
		case n < 10:
			_, err := tc.OperationMkdir(ctx, dstID, transferapi.MkdirRequest{Path: fmt.Sprintf("/dir-%04d/", i)})
			record("mkdir", err)
		case n < 13:
			_, err := tc.GetTask(ctx, pickTask(r), nil)
			record("get task", err)
		case n < 16:
			// Fetch the submission id first and keep it, as a program that
			// may have to resubmit after a crash would.
			issued, err := tc.GetSubmissionID(ctx)
			if err != nil {
				record("submit", err)
				return
			}
			id := issued.Value
			data := transfer.NewTransferData(srcID, dstID).SetSubmissionID(id).
				AddFile(fmt.Sprintf("/f/file-%03d.dat", r.IntN(nFiles)), fmt.Sprintf("/copy-%04d.dat", i))
			sub := &submission{data: data}
			mu.Lock()
			submissions[id] = sub
			mu.Unlock()
			res, err := tc.SubmitTransfer(ctx, data)
			if err == nil {
				mu.Lock()
				sub.taskID = res.TaskID
				mu.Unlock()
				tasksMu.Lock()
				knownTasks = append(knownTasks, res.TaskID)
				tasksMu.Unlock()
			}
			record("submit", err)
		case n < 18:
			var err error
			for _, e := range tc.TaskEvents(ctx, pickTask(r), nil) {
				if e != nil {
					err = e
				}
			}
			record("task events", err)
		case n < 19:
			var err error
			got := 0
			for _, e := range tc.Tasks(ctx, &transferapi.TaskListParams{Limit: 10}) {
				if err = e; err != nil {
					break
				}
				if got++; got == 10 {
					break
				}
			}
			record("task list", err)
		default:
			_, err := app.ClientCredentials(ctx, transfer.ScopeAll)
			record("client credentials", err)
		}
	}

	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1))
				if i > calls {
					return
				}
				call(i)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	w.fake.ClearFaults()

	// Tally.
	total := 0
	for _, n := range outcomes {
		total += n
	}
	if total != calls {
		t.Errorf("%d outcomes recorded for %d calls", total, calls)
	}
	if outcomes["success"] < calls/2 {
		t.Errorf("only %d of %d calls succeeded", outcomes["success"], calls)
	}
	tasksAfter := w.fake.TasksCreated() - tasksBefore
	succeeded, distinctTasks := 0, map[string]bool{}
	for _, s := range submissions {
		if s.taskID != "" {
			succeeded++
			if distinctTasks[s.taskID] {
				t.Errorf("task %s was returned for two submissions", s.taskID)
			}
			distinctTasks[s.taskID] = true
		}
	}
	if tasksAfter > len(submissions) || tasksAfter < succeeded {
		t.Errorf("%d tasks created for %d submission ids (%d submissions succeeded)", tasksAfter, len(submissions), succeeded)
	}

	// Without faults, resubmit every submission under its own id: the ones
	// that created a task, even if the caller never heard of it, must come
	// back Duplicate with that task; the others create theirs now. Each
	// submission id then has exactly one task.
	duplicates, accepted := 0, 0
	for id, s := range submissions {
		res, err := tc.SubmitTransfer(ctx, s.data)
		if err != nil {
			t.Errorf("resubmitting %s without faults: %v", id, err)
			continue
		}
		switch res.Code {
		case transfer.SubmitResultDuplicate:
			duplicates++
		case transfer.SubmitResultAccepted:
			accepted++
		}
		if s.taskID != "" && res.TaskID != s.taskID {
			t.Errorf("resubmitting %s gave task %s, not the earlier %s", id, res.TaskID, s.taskID)
		}
	}
	if duplicates != tasksAfter {
		t.Errorf("%d resubmissions were duplicates, but %d tasks had been created", duplicates, tasksAfter)
	}
	if got := w.fake.TasksCreated() - tasksBefore; got != len(submissions) {
		t.Errorf("%d tasks for %d distinct submission ids: some submission made two tasks or none", got, len(submissions))
	}

	// The figures.
	t.Logf("%d calls from %d goroutines in %v; %d fake requests; per-request fault probability %.1f%% (%.2f%% per kind)",
		calls, workers, elapsed.Round(time.Millisecond), sum(w.fake.RequestCounts()), 100*(1-math.Pow(1-p, 8)), 100*p)
	t.Logf("calls by operation: %s", fmtCounts(byOp))
	t.Logf("outcomes: %s", fmtCounts(outcomes))
	t.Logf("SDK retries logged: %d; tokens fetched (first + renewals after 401s): %d; token requests seen by the fake: %d",
		logs.count("globus: retrying"), renewals.Load(), w.fake.Requests("oauth2Token"))
	t.Logf("submissions: %d distinct ids, %d answered with a task, %d tasks created under faults (%d with the answer lost); resubmitted without faults: %d Duplicate, %d Accepted; tasks now %d, one per id",
		len(submissions), succeeded, tasksAfter, tasksAfter-succeeded, duplicates, accepted, w.fake.TasksCreated()-tasksBefore)
	for i, f := range faults {
		t.Logf("fault %-55s fired %4d of %5d matching requests", f.name, injections[i].Fired(), injections[i].Matched())
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func fmtCounts(m map[string]int) string {
	var b strings.Builder
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", k, m[k])
	}
	return b.String()
}
