package fakeglobus

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/transfer"
)

// BenchmarkSubmit100k submits a 100,000-item transfer to the in-process
// fake through the SDK. Besides the whole call (ns/op), it reports the
// fake's own time for the submission (fake-ms/op: ServeHTTP, from reading
// the body to the validated answer), the time of the fake's spec check of
// the request alone (check-ms/op, the same check replayed on the captured
// request, after a garbage collection) and the share of the check in the
// fake's time (check-%).
//
//	go test -run '^$' -bench Submit100k -benchtime 5x ./integration/fakeglobus/
func BenchmarkSubmit100k(b *testing.B) {
	const n = 100_000
	const src, dst = "aaaaaaaa-0000-4000-8000-000000000001", "bbbbbbbb-0000-4000-8000-000000000002"
	s := New(Options{Report: func(err error) { b.Errorf("fakeglobus: %v", err) }})
	for _, err := range []error{
		s.AddClient(Client{ID: "bench", Secret: "bench-secret"}),
		s.AddCollection(src, "Source"),
		s.AddCollection(dst, "Destination"),
	} {
		if err != nil {
			b.Fatal(err)
		}
	}
	tok, err := s.IssueToken("bench", TransferScope)
	if err != nil {
		b.Fatal(err)
	}
	var (
		mu      sync.Mutex
		serve   time.Duration
		served  int
		lastReq *http.Request
		lastBod []byte
	)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != TransferPrefix+"/transfer" {
			s.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		start := time.Now()
		s.ServeHTTP(w, r)
		d := time.Since(start)
		mu.Lock()
		serve += d
		served++
		lastReq, lastBod = r.Clone(context.Background()), body
		mu.Unlock()
	}))
	defer hs.Close()
	tc, err := transfer.NewClient(transfer.WithBaseURL(hs.URL+TransferPrefix),
		transfer.WithAuthorizer(authorizers.NewAccessTokenAuthorizer(tok)), transfer.WithInsecureHTTP(), transfer.WithoutRetries())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		td := transfer.NewTransferData(src, dst)
		for i := range n {
			td.AddFile(fmt.Sprintf("/data/in/file%06d.dat", i), fmt.Sprintf("/data/out/file%06d.dat", i))
		}
		if _, err := tc.SubmitTransfer(ctx, td); err != nil {
			b.Fatal(err)
		}
	}
	if served == 0 {
		b.Fatal("no submission reached the fake")
	}
	// Replay the fake's spec check on the last submission.
	const replays = 5
	var check time.Duration
	for range replays {
		runtime.GC() // as little as possible of the loop's garbage in the check's time
		start := time.Now()
		if _, err := s.checkRequest(s.transferV, lastReq, lastBod); err != nil {
			b.Fatal(err)
		}
		check += time.Since(start)
	}
	fake := serve / time.Duration(served)
	chk := check / replays
	b.ReportMetric(float64(fake)/1e6, "fake-ms/op")
	b.ReportMetric(float64(chk)/1e6, "check-ms/op")
	b.ReportMetric(100*float64(chk)/float64(fake), "check-%")
}
