package integration_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/integration/fakeglobus"
	"github.com/globus-go/globus/internal/testsupport"
	"github.com/globus-go/globus/transfer"
)

// Ids of the fake's collections and confidential client.
const (
	srcID        = "0a1b2c3d-0000-4000-8000-00000000000a"
	dstID        = "0a1b2c3d-0000-4000-8000-00000000000b"
	appID        = "e2e-app"
	appSecret    = "e2e-app-secret"
	nativeAppID  = "e2e-native-app"
	testDeadline = 60 * time.Second
)

// fastRetries keeps retried calls quick while going through the real
// backoff code.
var fastRetries = globus.RetryPolicy{BaseDelay: time.Millisecond, MaxSleep: 20 * time.Millisecond}

// world is a started fake with a confidential client and two collections,
// and SDK clients wired to it the way a user wires them to Globus.
type world struct {
	fake     *fakeglobus.Server
	app      *auth.ConfidentialAppClient
	authz    *authorizers.ClientCredentialsAuthorizer
	tc       *transfer.Client
	renewals atomic.Int32 // tokens the authorizer got, counted by WithOnRefresh
}

// setup starts the fake with opts (spec violations fail t) and builds the
// clients. Extra transfer options come after the defaults.
func setup(t *testing.T, opts fakeglobus.Options, topts ...transfer.Option) *world {
	t.Helper()
	w := &world{fake: fakeglobus.Start(t, opts)}
	for _, err := range []error{
		w.fake.AddClient(fakeglobus.Client{ID: appID, Secret: appSecret}),
		w.fake.AddClient(fakeglobus.Client{ID: nativeAppID}),
		w.fake.AddCollection(srcID, "E2E Source"),
		w.fake.AddCollection(dstID, "E2E Destination"),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		if v := w.fake.Violations(); len(v) != 0 {
			t.Errorf("the fake saw %d spec violations, the first: %v", len(v), v[0])
		}
	})
	var err error
	w.app, err = auth.NewConfidentialAppClient(appID, appSecret,
		auth.WithBaseURL(w.fake.AuthURL()), auth.WithRetryPolicy(auth.RetryPolicy(fastRetries)))
	if err != nil {
		t.Fatal(err)
	}
	w.authz = authorizers.NewClientCredentialsAuthorizer(w.app, []string{transfer.ScopeAll},
		authorizers.WithOnRefresh(func(authorizers.TokenData) { w.renewals.Add(1) }))
	all := append([]transfer.Option{
		transfer.WithBaseURL(w.fake.TransferURL()),
		transfer.WithAuthorizer(w.authz),
		transfer.WithRetryPolicy(transfer.RetryPolicy(fastRetries)),
	}, topts...)
	w.tc, err = transfer.NewClient(all...)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// putFiles puts n small files named file-000.dat ... under dir on the
// collection and returns their contents by name.
func putFiles(t *testing.T, fake *fakeglobus.Server, collection, dir string, n int) map[string][]byte {
	t.Helper()
	files := make(map[string][]byte, n)
	for i := range n {
		name := fmt.Sprintf("file-%03d.dat", i)
		data := fmt.Appendf(nil, "contents of %s, number %d\n", name, i)
		if err := fake.PutFile(collection, dir+name, data); err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	return files
}

// testContext is the context of a test: it ends after testDeadline.
func testContext(t *testing.T) context.Context { return testsupport.Context(t, testDeadline) }

// countingHandler is a slog.Handler that counts records by message, to
// learn how often the SDK retried.
type countingHandler struct {
	mu sync.Mutex
	n  map[string]int
}

func (h *countingHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *countingHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.n == nil {
		h.n = map[string]int{}
	}
	h.n[r.Message]++
	return nil
}

func (h *countingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *countingHandler) WithGroup(string) slog.Handler      { return h }

func (h *countingHandler) count(msg string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n[msg]
}
