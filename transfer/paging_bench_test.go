package transfer_test

import (
	"context"
	"io"
	"iter"
	"net/http"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/internal/benchserver"
	"github.com/globus-go/globus/transfer"
)

// heapObjects returns the bytes of heap objects, live or not yet collected.
// Reading it does not stop the world.
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// liveHeap collects garbage and returns the bytes of the live heap.
func liveHeap() uint64 {
	runtime.GC()
	return heapObjects()
}

// peakSampler samples the heap, garbage included, every 100 µs until
// stopped, and keeps the largest size seen.
type peakSampler struct {
	stop chan struct{}
	done sync.WaitGroup
	peak uint64
}

func startPeakSampler() *peakSampler {
	s := &peakSampler{stop: make(chan struct{})}
	s.done.Go(func() {
		t := time.NewTicker(100 * time.Microsecond)
		defer t.Stop()
		for {
			s.peak = max(s.peak, heapObjects())
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	})
	return s
}

func (s *peakSampler) finish() uint64 {
	close(s.stop)
	s.done.Wait()
	return s.peak
}

// closeHook is an http.RoundTripper that calls onClose, when set, each
// time a response body is closed. The generated Parse functions close the
// body when they return, holding the body bytes and the decoded page:
// the high point of a page's memory.
type closeHook struct {
	base    http.RoundTripper
	onClose func()
}

func (h *closeHook) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := h.base.RoundTrip(r)
	if err == nil && h.onClose != nil {
		resp.Body = hookedBody{resp.Body, h.onClose}
	}
	return resp, err
}

type hookedBody struct {
	io.ReadCloser
	onClose func()
}

func (b hookedBody) Close() error {
	err := b.ReadCloser.Close()
	b.onClose()
	return err
}

func newPagingClient(b *testing.B, url string) (*transfer.Client, *closeHook) {
	b.Helper()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	b.Cleanup(tr.CloseIdleConnections)
	hook := &closeHook{base: tr}
	c, err := transfer.NewClient(transfer.WithBaseURL(url+"/v0.10"), transfer.WithTransport(hook),
		transfer.WithAuthorizer(authorizers.NewAccessTokenAuthorizer("bench-token")))
	if err != nil {
		b.Fatal(err)
	}
	return c, hook
}

// pagingCase is one listing whose memory the benchmark measures.
type pagingCase struct {
	items, perPage int
	// page fetches one page with the generated client and returns it, to
	// measure what holding one page costs.
	page func(ctx context.Context) any
	// all iterates over the whole listing with the SDK's iterator.
	all func(ctx context.Context) iter.Seq[error]
}

// BenchmarkPagingMemory iterates over long paged listings and compares the
// heap they need with the heap that one page needs.
//
//   - successful-transfers-100k: 100 000 records in 100 marker-paged pages
//     of 1000 (task_successful_transfers, the per-file record of a task).
//   - task-events-1000: task events in 100 pages of 10. Transfer serves at
//     most 1000 events of a task (offset plus limit may not pass 1000), and
//     the SDK's iterator stops there, so this is the longest event listing.
//
// page-bytes is the live heap that one decoded page holds, its body
// included. Each op iterates the whole listing twice: once sampling the
// heap every 100 µs under GOGC=10 (peak-heap-bytes, garbage included), and
// once collecting garbage and measuring the live heap twice per page: right
// after a page is decoded (the high point: body, decoded page, and anything
// the iterator still holds from the page before) and in the middle of
// consuming it (peak-live-bytes, over live-samples/op samples). Their ratios
// to page-bytes are what the target of "under 3x one page" is about.
func BenchmarkPagingMemory(b *testing.B) {
	b.Run("successful-transfers-100k", func(b *testing.B) {
		const pages, perPage = 100, 1000
		srv := benchserver.NewPages(pages, perPage)
		b.Cleanup(srv.Close)
		c, hook := newPagingClient(b, srv.URL)
		runPagingCase(b, hook, pagingCase{
			items: pages * perPage, perPage: perPage,
			page: func(ctx context.Context) any {
				r, err := c.TaskSuccessfulTransfers(ctx, benchserver.TaskID, nil)
				if err != nil || len(r.DATA) != perPage {
					b.Fatalf("one page: %v", err)
				}
				return r
			},
			all: func(ctx context.Context) iter.Seq[error] {
				return errorsOf(c.SuccessfulTransfers(ctx, benchserver.TaskID, nil))
			},
		})
	})
	b.Run("task-events-1000", func(b *testing.B) {
		const perPage = 10
		srv := benchserver.NewEventPages(transfer.MaxOffsetResults)
		b.Cleanup(srv.Close)
		c, hook := newPagingClient(b, srv.URL)
		limit := perPage
		runPagingCase(b, hook, pagingCase{
			items: transfer.MaxOffsetResults, perPage: perPage,
			page: func(ctx context.Context) any {
				r, err := c.TaskEventList(ctx, benchserver.TaskID, &transferapi.TaskEventListParams{Limit: limit})
				if err != nil || len(r.DATA) != perPage {
					b.Fatalf("one page: %v", err)
				}
				return r
			},
			all: func(ctx context.Context) iter.Seq[error] {
				return errorsOf(c.TaskEvents(ctx, benchserver.TaskID, &transferapi.TaskEventListParams{Limit: limit}))
			},
		})
	})
}

// errorsOf iterates over seq and yields the error of each item, nil but
// for the last one of a failed listing: the benchmark counts items without
// turning them into interface values, which would allocate a copy of each
// and add that garbage to what it measures.
func errorsOf[T any](seq iter.Seq2[T, error]) iter.Seq[error] {
	return func(yield func(error) bool) {
		for _, err := range seq {
			if !yield(err) {
				return
			}
		}
	}
}

func runPagingCase(b *testing.B, hook *closeHook, pc pagingCase) {
	ctx := context.Background()
	// Warm up connections and lazily built state, then measure one page.
	runtime.KeepAlive(pc.page(ctx))
	before := liveHeap()
	held := pc.page(ctx)
	after := liveHeap()
	runtime.KeepAlive(held)
	// The runtime's own frees between the two readings can, rarely, make a
	// small page come out below zero.
	var pageBytes uint64
	if after > before {
		pageBytes = after - before
	}
	if pageBytes == 0 {
		b.Skip("holding a page did not grow the live heap in this run; run it again")
	}

	old := debug.SetGCPercent(10)
	defer debug.SetGCPercent(old)
	var peakHeap, peakLive uint64
	samples := 0
	b.ReportAllocs()
	for b.Loop() {
		// Pass 1: the heap, garbage included, sampled as it runs.
		base := liveHeap()
		s := startPeakSampler()
		n := 0
		for err := range pc.all(ctx) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		peakHeap = max(peakHeap, s.finish()-base)
		if n != pc.items {
			b.Fatalf("%d items; want %d", n, pc.items)
		}

		// Pass 2: the live heap, measured (on the iterating goroutine, so
		// nothing allocates meanwhile) when each page has just been
		// decoded, and in the middle of each page.
		base = liveHeap()
		measure := func() {
			live := liveHeap()
			peakLive = max(peakLive, live-min(live, base))
			samples++
		}
		hook.onClose = measure
		n = 0
		for err := range pc.all(ctx) {
			if err != nil {
				b.Fatal(err)
			}
			if n%pc.perPage == pc.perPage/2 {
				measure()
			}
			n++
		}
		hook.onClose = nil
	}
	b.ReportMetric(float64(samples)/float64(b.N), "live-samples/op")
	b.ReportMetric(float64(pageBytes), "page-bytes")
	b.ReportMetric(float64(peakHeap), "peak-heap-bytes")
	b.ReportMetric(float64(peakLive), "peak-live-bytes")
	b.ReportMetric(float64(peakHeap)/float64(pageBytes), "peak-heap/page")
	b.ReportMetric(float64(peakLive)/float64(pageBytes), "peak-live/page")
}
