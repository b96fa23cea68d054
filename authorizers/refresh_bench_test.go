package authorizers_test

import (
	"context"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/internal/benchserver"
)

// tokenLatency is how long the benchmarks' token endpoint takes to answer.
const tokenLatency = 50 * time.Millisecond

// newBenchLoginClient returns a native-app login client of a loopback token
// endpoint whose answers take tokenLatency, and the endpoint.
func newBenchLoginClient(b *testing.B) (*auth.NativeAppClient, *benchserver.TokenEndpoint) {
	b.Helper()
	te := benchserver.NewTokenEndpoint(tokenLatency)
	b.Cleanup(te.Close)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	b.Cleanup(tr.CloseIdleConnections)
	c, err := auth.NewNativeAppClient("7f0c7b1e-0000-4000-8000-00000000be4c", auth.WithBaseURL(te.URL),
		auth.WithTransport(tr), auth.WithoutRetries())
	if err != nil {
		b.Fatal(err)
	}
	return c, te
}

// BenchmarkRefreshContention sets 1000 goroutines at once on a refresh-token
// authorizer whose token has expired, with a token endpoint that takes
// 50 ms. Every caller must get the one new token, fetched by exactly one
// token request; the benchmark fails otherwise. An op is one such
// stampede; wait-p99-ms and wait-max-ms are how long callers waited.
func BenchmarkRefreshContention(b *testing.B) {
	const callers = 1000
	login, te := newBenchLoginClient(b)
	ctx := context.Background()
	var waits []time.Duration
	for b.Loop() {
		a := authorizers.NewRefreshTokenAuthorizer("bench-refresh", login,
			authorizers.WithAccessToken("bench-expired", time.Now().Add(-time.Minute)))
		before := te.Requests.Load()
		start := make(chan struct{})
		var wg sync.WaitGroup
		var failed atomic.Int64
		got := make([]string, callers)
		took := make([]time.Duration, callers)
		for i := range callers {
			wg.Go(func() {
				h := http.Header{}
				<-start
				t0 := time.Now()
				if err := a.SetAuthorizationHeader(ctx, h); err != nil {
					failed.Add(1)
				}
				took[i] = time.Since(t0)
				got[i] = h.Get("Authorization")
			})
		}
		close(start)
		wg.Wait()
		if n := te.Requests.Load() - before; n != 1 {
			b.Fatalf("%d callers caused %d token requests; want exactly 1", callers, n)
		}
		if failed.Load() != 0 {
			b.Fatalf("%d callers got an error", failed.Load())
		}
		for _, h := range got {
			if h != got[0] || h == "" || h == "Bearer bench-expired" {
				b.Fatalf("callers got different or stale headers: %q and %q", got[0], h)
			}
		}
		waits = append(waits, took...)
	}
	b.ReportMetric(float64(te.Requests.Load())/float64(b.N), "token-requests/op")
	b.ReportMetric(ms(percentile(waits, 0.99)), "wait-p99-ms")
	b.ReportMetric(ms(percentile(waits, 1)), "wait-max-ms")
}

// BenchmarkSetAuthorizationHeaderDuringRefreshAhead measures the latency
// of SetAuthorizationHeader while a refresh-ahead renewal is in flight.
// Each op starts from a token inside the refresh-ahead window; the first
// call starts a background renewal (a 50 ms token request), and 32
// goroutines keep calling (yielding between calls) until the new token
// appears. Exactly one token request must be made; p99-ns, p999-ns and
// max-ns are the latencies of all the calls made meanwhile, and calls/op
// how many there were.
func BenchmarkSetAuthorizationHeaderDuringRefreshAhead(b *testing.B) {
	const workers = 32
	login, te := newBenchLoginClient(b)
	ctx := context.Background()
	hist := make([]histogram, workers)
	var calls int64
	for b.Loop() {
		// Valid for the expiry margin plus one minute: inside the default
		// four-minute refresh-ahead window.
		// on_refresh tells when the renewal's token request has been
		// answered (it runs once per new token, before the token is used).
		renewed := make(chan struct{}, 1)
		a := authorizers.NewRefreshTokenAuthorizer("bench-refresh", login,
			authorizers.WithAccessToken("bench-old", time.Now().Add(authorizers.DefaultExpiryMargin+time.Minute)),
			authorizers.WithOnRefresh(func(authorizers.TokenData) {
				select {
				case renewed <- struct{}{}:
				default:
				}
			}))
		before := te.Requests.Load()
		start := make(chan struct{})
		deadline := time.Now().Add(10 * time.Second)
		var wg sync.WaitGroup
		var n atomic.Int64
		for w := range workers {
			wg.Go(func() {
				h := http.Header{}
				<-start
				for k := int64(1); ; k++ {
					t0 := time.Now()
					err := a.SetAuthorizationHeader(ctx, h)
					hist[w].add(time.Since(t0))
					if err != nil {
						b.Error(err)
						return
					}
					if h.Get("Authorization") != "Bearer bench-old" || time.Now().After(deadline) {
						n.Add(k)
						return
					}
					// Let the renewal and the token endpoint run, as callers
					// doing real work between requests would.
					runtime.Gosched()
				}
			})
		}
		close(start)
		wg.Wait()
		select {
		case <-renewed:
		case <-time.After(10 * time.Second):
			b.Fatal("the refresh-ahead renewal did not finish")
		}
		if got := te.Requests.Load() - before; got != 1 {
			b.Fatalf("%d token requests during one refresh-ahead; want exactly 1", got)
		}
		calls += n.Load()
	}
	var all histogram
	for i := range hist {
		all.merge(&hist[i])
	}
	b.ReportMetric(float64(all.quantile(0.99).Nanoseconds()), "p99-ns")
	b.ReportMetric(float64(all.quantile(0.999).Nanoseconds()), "p999-ns")
	b.ReportMetric(float64(all.max.Nanoseconds()), "max-ns")
	b.ReportMetric(float64(calls)/float64(b.N), "calls/op")
}

// histogram counts latencies in 100 ns buckets up to 10 ms, and keeps the
// largest.
type histogram struct {
	buckets [100_001]int64
	total   int64
	max     time.Duration
}

const bucketWidth = 100 * time.Nanosecond

func (h *histogram) add(d time.Duration) {
	i := min(int(d/bucketWidth), len(h.buckets)-1)
	h.buckets[i]++
	h.total++
	h.max = max(h.max, d)
}

func (h *histogram) merge(o *histogram) {
	for i, c := range o.buckets {
		h.buckets[i] += c
	}
	h.total += o.total
	h.max = max(h.max, o.max)
}

// quantile returns the upper edge of the bucket holding quantile q.
func (h *histogram) quantile(q float64) time.Duration {
	want := int64(q * float64(h.total))
	var seen int64
	for i, c := range h.buckets {
		seen += c
		if seen > want {
			if i == len(h.buckets)-1 {
				return h.max
			}
			return time.Duration(i+1) * bucketWidth
		}
	}
	return h.max
}

func percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	slices.Sort(s)
	return s[min(int(q*float64(len(s))), len(s)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
