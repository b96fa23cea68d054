package transfer_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/transfer"
)

// These tests drive the whole client stack (transfer.NewClient with
// WithAuthorizer, the shared HTTP layer, the authorizer's Doer, the
// *http.Client) against real loopback servers.

const redirectToken = "redirect-test-bearer"

const redirectLsBody = `{"DATA_TYPE":"file_list","path":"/~/","DATA":[{"DATA_TYPE":"file","name":"a","type":"file","size":1}]}`

// authLog records the Authorization header of every request a server got.
type authLog struct {
	mu   sync.Mutex
	seen []string
}

func (l *authLog) add(r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = append(l.seen, r.Header.Get("Authorization"))
}

func (l *authLog) get() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.seen...)
}

// lsLanding answers every request with a one-entry listing and logs it.
func lsLanding(log *authLog) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(redirectLsBody))
	})
}

func TestRedirectDropsBearerAcrossHosts(t *testing.T) {
	var landed authLog
	other := httptest.NewServer(lsLanding(&landed))
	t.Cleanup(other.Close)
	// other listens on 127.0.0.1; "localhost" is another host name for it.
	otherURL, _ := url.Parse(other.URL)
	otherByName := "http://localhost:" + otherURL.Port()

	var sameHost authLog
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/cross-name/"):
			http.Redirect(w, r, otherByName+"/landed", http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/cross-port/"):
			// Same host name, other port: net/http alone would keep the header.
			http.Redirect(w, r, other.URL+"/landed", http.StatusTemporaryRedirect)
		case strings.HasPrefix(r.URL.Path, "/same/"):
			http.Redirect(w, r, "/landed-here", http.StatusFound)
		case r.URL.Path == "/landed-here":
			lsLanding(&sameHost).ServeHTTP(w, r)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(origin.Close)

	// The client never follows a redirect: each one comes back as a typed
	// error naming the 3xx status, and nothing reaches the other place.
	clients := map[string]transfer.Option{
		"default transport": transfer.WithTransport(nil),
		"own transport":     transfer.WithTransport(&http.Transport{}),
	}
	for name, hc := range clients {
		t.Run(name, func(t *testing.T) {
			for _, prefix := range []string{"/cross-name", "/cross-port", "/same"} {
				c, err := transfer.NewClient(transfer.WithBaseURL(origin.URL+prefix),
					transfer.WithAuthorizer(authorizers.NewAccessTokenAuthorizer(redirectToken)), hc, transfer.WithoutRetries())
				if err != nil {
					t.Fatal(err)
				}
				_, err = c.OperationLs(context.Background(), "0f1e2d3c-0000-4000-8000-000000000001", nil)
				var re *globus.ResponseError
				if !errors.As(err, &re) || re.StatusCode < 300 || re.StatusCode > 399 {
					t.Fatalf("%s: err = %v; want a *globus.ResponseError with a 3xx status", prefix, err)
				}
			}
		})
	}
	for _, got := range landed.get() {
		if got != "" {
			t.Errorf("the other host received Authorization %q", got)
		}
	}
	if n := len(landed.get()); n != 0 {
		t.Errorf("%d requests reached the other host; want none", n)
	}
	for _, got := range sameHost.get() {
		if got != "Bearer "+redirectToken {
			t.Errorf("a same-host redirect lost the token: got %q", got)
		}
	}
	if n := len(sameHost.get()); n != 0 {
		t.Errorf("%d same-host redirects were followed; want none", n)
	}
}

// TestRedirectToPlainHTTPDropsBearer follows an https URL that redirects to
// plain http on the same host name. The bearer token must not travel over
// the plain connection: the client refuses to send it over http to a
// non-loopback host, and a redirect must not be a way around that.
func TestRedirectToPlainHTTPDropsBearer(t *testing.T) {
	var plain authLog
	plainSrv := httptest.NewServer(lsLanding(&plain))
	t.Cleanup(plainSrv.Close)
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://transfer.example.test/v0.10/landed", http.StatusFound)
	}))
	t.Cleanup(tlsSrv.Close)

	// transfer.example.test:443 reaches the TLS server and :80 the plain
	// one, as they would on a real host.
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			target := plainSrv.Listener.Addr().String()
			if strings.HasSuffix(addr, ":443") {
				target = tlsSrv.Listener.Addr().String()
			}
			return (&net.Dialer{}).DialContext(ctx, network, target)
		},
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, //nolint:gosec // a test server's certificate
	}
	t.Cleanup(tr.CloseIdleConnections)

	c, err := transfer.NewClient(transfer.WithBaseURL("https://transfer.example.test/v0.10"),
		transfer.WithAuthorizer(authorizers.NewAccessTokenAuthorizer(redirectToken)),
		transfer.WithTransport(tr), transfer.WithoutRetries())
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.OperationLs(context.Background(), "0f1e2d3c-0000-4000-8000-000000000001", nil)
	got := plain.get()
	if len(got) == 0 && err == nil {
		t.Fatal("the redirect was neither followed nor refused")
	}
	for _, h := range got {
		if h != "" {
			t.Errorf("after an https to http redirect, the plain-http server received Authorization %q", h)
		}
	}
}

func TestPlainHTTPBearerRefusedExceptLoopback(t *testing.T) {
	var seen authLog
	srv := httptest.NewServer(lsLanding(&seen))
	t.Cleanup(srv.Close)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	// Every host name reaches the local server, so that what would be
	// sent shows up there.
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
	}}
	t.Cleanup(tr.CloseIdleConnections)
	hc := transfer.WithTransport(tr)
	auth := transfer.WithAuthorizer(authorizers.NewAccessTokenAuthorizer(redirectToken))
	ls := func(base string, opts ...transfer.Option) error {
		c, err := transfer.NewClient(append([]transfer.Option{transfer.WithBaseURL(base), auth, hc, transfer.WithoutRetries()}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.OperationLs(context.Background(), "0f1e2d3c-0000-4000-8000-000000000001", nil)
		return err
	}

	for _, host := range []string{"transfer.example.test", "10.1.2.3", "localhost.example.test"} {
		err := ls("http://" + host + ":" + strconv.Itoa(port) + "/v0.10")
		if !errors.Is(err, authorizers.ErrInsecureTransport) {
			t.Errorf("%s: got %v; want ErrInsecureTransport", host, err)
		}
		if err != nil && strings.Contains(err.Error(), redirectToken) {
			t.Errorf("%s: the error shows the token", host)
		}
	}
	if n := len(seen.get()); n != 0 {
		t.Fatalf("%d requests were sent to non-loopback hosts over plain http", n)
	}
	for _, host := range []string{"127.0.0.1", "localhost", "127.9.9.9"} {
		if err := ls("http://" + host + ":" + strconv.Itoa(port) + "/v0.10"); err != nil {
			t.Errorf("loopback %s: %v", host, err)
		}
	}
	if err := ls("http://transfer.example.test:"+strconv.Itoa(port)+"/v0.10", transfer.WithInsecureHTTP()); err != nil {
		t.Errorf("with WithInsecureHTTP: %v", err)
	}
	got := seen.get()
	if len(got) != 4 {
		t.Fatalf("%d requests arrived; want 4", len(got))
	}
	for _, h := range got {
		if h != "Bearer "+redirectToken {
			t.Errorf("an allowed request carried Authorization %q", h)
		}
	}
}
