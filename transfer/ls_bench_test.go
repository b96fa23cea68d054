package transfer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/internal/benchserver"
	"github.com/globus-go/globus/transfer"
)

// lsEntries is the size of the listing the ls benchmarks decode.
const lsEntries = 1000

// handFileList is what a careful hand-written client would decode an ls
// answer into: plain fields, timestamps kept as text.
type handFileList struct {
	DataType        string      `json:"DATA_TYPE"`
	Path            string      `json:"path"`
	AbsolutePath    string      `json:"absolute_path"`
	Endpoint        string      `json:"endpoint"`
	RenameSupported bool        `json:"rename_supported"`
	SymlinkSupport  bool        `json:"symlink_supported"`
	Length          int         `json:"length"`
	Total           int         `json:"total"`
	Data            []handEntry `json:"DATA"`
}

type handEntry struct {
	DataType     string  `json:"DATA_TYPE"`
	Name         string  `json:"name"`
	Type         string  `json:"type"`
	LinkTarget   *string `json:"link_target"`
	User         string  `json:"user"`
	Group        string  `json:"group"`
	Permissions  string  `json:"permissions"`
	LastModified string  `json:"last_modified"`
	Size         int64   `json:"size"`
}

// lsPair is the SDK client and the hand-written request of the ls
// benchmarks, both talking to the same loopback server through transports
// configured alike.
type lsPair struct {
	sdk  *transfer.Client
	hand *http.Client
	url  string
}

func newLsPair(b *testing.B) *lsPair {
	sdk, hand, base := newBenchClients(b, benchserver.FileListBody(lsEntries))
	return &lsPair{sdk: sdk, hand: hand, url: base + "/v0.10/operation/endpoint/" + benchserver.EndpointID + "/ls"}
}

// newBenchClients starts a loopback server that answers every request with
// body, and returns an SDK client (with a renewing authorizer holding a
// valid token) and a plain http.Client for it, over transports configured
// alike, and the server's URL.
func newBenchClients(b *testing.B, body []byte) (*transfer.Client, *http.Client, string) {
	b.Helper()
	srv := benchserver.NewLs(body)
	b.Cleanup(srv.Close)
	newTransport := func() *http.Transport {
		t := http.DefaultTransport.(*http.Transport).Clone()
		b.Cleanup(t.CloseIdleConnections)
		return t
	}
	a := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
		return authorizers.TokenData{}, fmt.Errorf("the benchmark token does not expire")
	}, authorizers.WithAccessToken("bench-token", time.Now().Add(48*time.Hour)))
	c, err := transfer.NewClient(transfer.WithBaseURL(srv.URL+"/v0.10"), transfer.WithAuthorizer(a),
		transfer.WithTransport(newTransport()))
	if err != nil {
		b.Fatal(err)
	}
	return c, &http.Client{Transport: newTransport()}, srv.URL
}

func (p *lsPair) viaSDK(ctx context.Context) (int, error) {
	ls, err := p.sdk.OperationLs(ctx, benchserver.EndpointID, nil)
	if err != nil {
		return 0, err
	}
	return len(ls.DATA), nil
}

func (p *lsPair) byHand(ctx context.Context) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer bench-token")
	req.Header.Set("Accept", "application/json")
	resp, err := p.hand.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("status %d", resp.StatusCode)
	}
	var list handFileList
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return len(list.Data), nil
}

// byHandWithTimes is byHand plus what the SDK does beyond it: turning
// every last_modified into a time.Time.
func (p *lsPair) byHandWithTimes(ctx context.Context) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer bench-token")
	req.Header.Set("Accept", "application/json")
	resp, err := p.hand.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("status %d", resp.StatusCode)
	}
	var list handFileList
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	times := make([]time.Time, len(list.Data))
	for i, e := range list.Data {
		if times[i], err = time.Parse("2006-01-02 15:04:05Z07:00", e.LastModified); err != nil {
			return 0, err
		}
	}
	return len(times), nil
}

func check(b *testing.B, n int, err error) { checkN(b, n, lsEntries, err) }

func checkN(b *testing.B, n, want int, err error) {
	if err != nil {
		b.Fatal(err)
	}
	if n != want {
		b.Fatalf("%d items decoded; want %d", n, want)
	}
}

// BenchmarkLs1000 lists a directory of 1000 entries through the full SDK
// (transfer.Client with WithAuthorizer, the HTTP layer, the generated
// decode) and by hand (net/http plus encoding/json into plain structs, with
// and without parsing the timestamps), against the same loopback server.
func BenchmarkLs1000(b *testing.B) {
	ctx := context.Background()
	b.Run("sdk", func(b *testing.B) {
		p := newLsPair(b)
		b.ReportAllocs()
		for b.Loop() {
			n, err := p.viaSDK(ctx)
			check(b, n, err)
		}
	})
	b.Run("handwritten", func(b *testing.B) {
		p := newLsPair(b)
		b.ReportAllocs()
		for b.Loop() {
			n, err := p.byHand(ctx)
			check(b, n, err)
		}
	})
	b.Run("handwritten+times", func(b *testing.B) {
		p := newLsPair(b)
		b.ReportAllocs()
		for b.Loop() {
			n, err := p.byHandWithTimes(ctx)
			check(b, n, err)
		}
	})
}

// BenchmarkLs1000Ratio runs the ways of BenchmarkLs1000 in turn in one
// loop, so that all see the same machine at the same moments, and reports
// the SDK's time divided by the hand-written time as sdk/hand (the target),
// and divided by the hand-written time with timestamps parsed as
// sdk/hand+times; allocs-sdk/hand and allocs-sdk/hand+times compare their
// allocations.
func BenchmarkLs1000Ratio(b *testing.B) {
	p := newLsPair(b)
	ratio(b, lsEntries, p.viaSDK, p.byHand, p.byHandWithTimes)
}

// ratio runs the SDK's way and the hand-written ways of doing one thing in
// turn in one loop, each call checked to give want, and reports the SDK's
// time and allocations divided by each hand-written way's.
func ratio(b *testing.B, want int, sdk, hand, handTimes func(context.Context) (int, error)) {
	ctx := context.Background()
	ways := []func(context.Context) (int, error){sdk, hand, handTimes}
	names := []string{"sdk", "hand", "hand+times"}
	spent := make([]time.Duration, len(ways))
	for i := 0; b.Loop(); i++ {
		// Rotate which goes first, so that none always finds another's
		// garbage waiting.
		for k := range ways {
			w := (i + k) % len(ways)
			t0 := time.Now()
			n, err := ways[w](ctx)
			spent[w] += time.Since(t0)
			checkN(b, n, want, err)
		}
	}
	b.StopTimer()
	allocs := make([]float64, len(ways))
	for w, way := range ways {
		allocs[w] = testing.AllocsPerRun(20, func() {
			n, err := way(ctx)
			checkN(b, n, want, err)
		})
	}
	for w := 1; w < len(ways); w++ {
		b.ReportMetric(float64(spent[0])/float64(spent[w]), "sdk/"+names[w])
		b.ReportMetric(allocs[0]/allocs[w], "allocs-sdk/"+names[w])
	}
	for w, name := range names {
		b.ReportMetric(float64(spent[w].Nanoseconds())/float64(b.N), name+"-ns/op")
	}
}
