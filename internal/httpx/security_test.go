package httpx

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
)

// hits counts the requests of a loopback server and the Authorization
// headers it saw.
type hits struct {
	mu    sync.Mutex
	auths []string
}

func (h *hits) handler(status int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h.mu.Lock()
		h.auths = append(h.auths, r.Header.Get("Authorization"))
		h.mu.Unlock()
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"landed": true}`)
	})
}

func (h *hits) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.auths)
}

// followingTransport is a RoundTripper that follows redirects itself, as
// instrumentation wrapping an *http.Client might.
func followingTransport(t *testing.T) http.RoundTripper {
	c := &http.Client{Transport: newTransport(t)}
	return rtFunc(func(r *http.Request) (*http.Response, error) {
		r2 := r.Clone(r.Context())
		r2.RequestURI = ""
		return c.Do(r2)
	})
}

// TestTransportThatFollowsRedirectIsRefused: whatever the transport does,
// an answer from another host than the request's is refused.
func TestTransportThatFollowsRedirectIsRefused(t *testing.T) {
	var other hits
	otherSrv := httptest.NewServer(other.handler(200))
	t.Cleanup(otherSrv.Close)
	// otherSrv listens on 127.0.0.1; reach it as localhost, another host.
	otherURL, _ := url.Parse(otherSrv.URL)
	otherURL.Host = "localhost:" + otherURL.Port()
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		code := http.StatusTemporaryRedirect
		if r.URL.Path == "/308" {
			code = http.StatusPermanentRedirect
		}
		target := otherURL.String() + "/landed"
		if r.URL.Path == "/port" {
			target = otherSrv.URL + "/landed" // same host name, another port
		}
		http.Redirect(w, r, target, code)
	}))
	t.Cleanup(origin.Close)
	p := (&Config{BaseURL: origin.URL, Transport: followingTransport(t), Retry: globus.RetryPolicy{MaxRetries: -1},
		Authorizer: authorizers.NewAccessTokenAuthorizer("secret-token")}).Doer()
	for _, tc := range []struct{ method, path, body string }{{"GET", "/307", ""}, {"POST", "/308", "payload"}, {"GET", "/port", ""}} {
		resp, _, err := send(t, t.Context(), p, tc.method, origin.URL+tc.path, tc.body)
		if !errors.Is(err, globus.ErrRedirectRefused) || resp != nil {
			t.Errorf("%s %s: got %v, %v; want ErrRedirectRefused", tc.method, tc.path, resp, err)
		}
	}
	if other.count() != 3 {
		t.Fatalf("the other host saw %d requests; the transport should have followed 3", other.count())
	}
}

// TestPipelineNeverFollowsRedirects: a 3xx answer comes back as it is, and
// the host it points to sees nothing.
func TestPipelineNeverFollowsRedirects(t *testing.T) {
	var other hits
	otherSrv := httptest.NewServer(other.handler(200))
	t.Cleanup(otherSrv.Close)
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code := http.StatusFound
		if r.URL.Path == "/307" {
			code = http.StatusTemporaryRedirect
		}
		target := otherSrv.URL + "/landed"
		if r.URL.Path == "/same" {
			target = "/landed"
		}
		http.Redirect(w, r, target, code)
	}))
	t.Cleanup(origin.Close)
	for _, tr := range []http.RoundTripper{newTransport(t), nil} {
		p := (&Config{BaseURL: origin.URL, Transport: tr, Authorizer: authorizers.NewAccessTokenAuthorizer("secret-token")}).Doer()
		for path, want := range map[string]int{"/302": 302, "/307": 307, "/same": 302} {
			resp, _, err := send(t, t.Context(), p, "GET", origin.URL+path, "")
			if err != nil || resp.StatusCode != want || resp.Header.Get("Location") == "" {
				t.Errorf("%s: got %v, %v; want the %d answer itself", path, resp, err, want)
			}
		}
	}
	origin.CloseClientConnections()
	DefaultTransport().(*http.Transport).CloseIdleConnections()
	if other.count() != 0 {
		t.Errorf("the Location host saw %d requests; want none", other.count())
	}
}

// TestEndlessBodyIsCut reads a body that never ends, over loopback: the
// read stops with a *globus.BodyTooLargeError at the limit, and the heap
// holds about the limit, not the stream.
func TestEndlessBodyIsCut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := []byte(`{"DATA": [` + strings.Repeat(`"x",`, 8192))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	const limit = 1 << 20
	p := (&Config{BaseURL: srv.URL, Transport: newTransport(t), MaxBodySize: limit}).Doer()

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	req, _ := http.NewRequestWithContext(t.Context(), "GET", srv.URL+"/endless", nil)
	resp, err := p.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	// Read at most 64 MiB, so that a missing limit fails rather than hangs.
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	resp.Body.Close()
	var tooLarge *globus.BodyTooLargeError
	if !errors.As(err, &tooLarge) || tooLarge.Limit != limit {
		t.Errorf("reading stopped after %d bytes with %v; want a *globus.BodyTooLargeError at %d", len(data), err, limit)
	}
	if len(data) != limit {
		t.Errorf("read %d bytes; want exactly the limit, %d", len(data), limit)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(data)
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 4*limit+16<<20 {
		t.Errorf("the heap grew by %d bytes reading a body cut at %d", grew, limit)
	}
}

func TestBodyLimitEdges(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		read := func(size int, limit int64) (int, error) {
			p, _ := pipe(steps(step{status: 200, body: strings.Repeat("a", size)}), func(c *Config) { c.MaxBodySize = limit })
			req, _ := http.NewRequestWithContext(t.Context(), "GET", base, nil)
			resp, err := p.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			return len(b), err
		}
		if n, err := read(100, 100); n != 100 || err != nil {
			t.Errorf("a body of exactly the limit: %d bytes, %v", n, err)
		}
		var tooLarge *globus.BodyTooLargeError
		if n, err := read(101, 100); n != 100 || !errors.As(err, &tooLarge) || tooLarge.Limit != 100 {
			t.Errorf("a body one byte over: %d bytes, %v; want 100 and a BodyTooLargeError", n, err)
		}
		if n, err := read(1000, 0); n != 1000 || err != nil {
			t.Errorf("no limit set means the default: %d bytes, %v", n, err)
		}
	})
}

// jsonEscape writes s as the inside of a JSON string with every '/'
// escaped and every letter 'e' as \u0065, so that the body does not hold s
// byte for byte.
func jsonEscape(s string) string {
	s = strings.ReplaceAll(s, "/", `\/`)
	return strings.ReplaceAll(s, "e", `\u0065`)
}

// TestErrorsHoldNoSecret: a server that repeats every secret of the call
// in its error answer, plainly and JSON-escaped, gets none of them into the
// error or the debug log.
func TestErrorsHoldNoSecret(t *testing.T) {
	const (
		clientID     = "client-id-1"
		clientSecret = "cs/Secret/with+slash"
		refreshToken = "rt/refresh/token-value"
		accessToken  = "access-token/bearer-value"
	)
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		auth := r.Header.Get("Authorization")
		_, pw, _ := r.BasicAuth()
		rt := r.PostForm.Get("refresh_token")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error": "invalid_grant", "error_description": "bad secret %s for %s", "message": "token %s",`+
			` "errors": [{"code": "X", "detail": "%s and %s", "title": "%s"}], "raw": "%s|%s|%s"}`,
			jsonEscape(pw), jsonEscape(auth), jsonEscape(rt), pw, rt, jsonEscape(auth), auth, pw, rt)
	})
	cases := []struct {
		name    string
		auth    authorizers.Authorizer
		secrets []string
	}{
		{"basic client secret", authorizers.NewBasicAuthorizer(clientID, clientSecret), []string{
			clientSecret, "Basic " + base64.StdEncoding.EncodeToString([]byte(clientID+":"+clientSecret)), refreshToken}},
		{"bearer token", authorizers.NewAccessTokenAuthorizer(accessToken), []string{accessToken, refreshToken}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				logger, logs := debugLogger()
				p, _ := pipe(echo, withAuth(tc.auth), func(c *Config) { c.Logger = logger })
				ctx, call := Start(t.Context(), "token")
				call.AddSecret(refreshToken)
				form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}
				req, _ := http.NewRequestWithContext(ctx, "POST", base+"/v2/oauth2/token", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				_, err := p.Do(req)
				e := asAPIError(t, err)
				if e.Code != "invalid_grant" || len(e.Messages) == 0 || !strings.Contains(e.Message, globus.Redacted) {
					t.Errorf("the error lost its content: code %q, message %q", e.Code, e.Message)
				}
				texts := map[string]string{"Error()": e.Error(), "Body": string(e.Body), "Message": e.Message,
					"Messages": strings.Join(e.Messages, "\n"), "log": logs()}
				for _, d := range e.Errors {
					texts["Errors"] += d.Detail + "\n" + d.Title + "\n"
				}
				for where, text := range texts {
					for _, s := range tc.secrets {
						for _, form := range []string{s, jsonEscape(s), strings.ReplaceAll(s, "/", `\/`)} {
							if strings.Contains(text, form) {
								t.Errorf("%s holds the secret %q (as %q):\n%s", where, s, form, text)
							}
						}
					}
				}
			})
		})
	}
}

func TestScrubBody(t *testing.T) {
	call := &Call{}
	call.AddSecret("s/x")
	for in, want := range map[string]string{
		`{"a": "s/x"}`:                         `{"a": "[REDACTED]"}`,
		`{"a": "s\/x", "b": "\"q\" s\u002fx"}`: `{"a": "[REDACTED]", "b": "\"q\" [REDACTED]"}`,
		`{"a": "kept\/as is", "b": "s\/x"}`:    `{"a": "kept\/as is", "b": "[REDACTED]"}`,
		`<p class="c">s\/x</p> "unterminated\`: `<p class="c">s\/x</p> "unterminated\`,
		`plain s/x text`:                       `plain [REDACTED] text`,
		`"s\/x"`:                               `"[REDACTED]"`,
	} {
		if got := string(scrubBody(call, []byte(in))); got != want {
			t.Errorf("scrubBody(%s) = %s; want %s", in, got, want)
		}
	}
}
