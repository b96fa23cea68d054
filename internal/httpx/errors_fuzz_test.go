package httpx_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/internal/fixtureseeds"
	"github.com/globus-go/globus/internal/httpx"
)

// echoServer answers each request with the status in its X-Status header,
// the content type in its X-Content-Type header, and its own body.
func echoServer() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		status, _ := strconv.Atoi(r.Header.Get("X-Status"))
		if ct := r.Header.Get("X-Content-Type"); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
}

// FuzzErrorResponse sends arbitrary error answers (status 400 to 599, any
// content type, any body) through the shared HTTP layer over loopback, as
// every client of the SDK receives them. Each must come back as a
// *globus.APIError, never as a response or another error, holding the
// status, the method, the URL and the exact body, with a one-line Error.
// The error-body parser itself is fuzzed by FuzzNewAPIError; this target
// adds the transport around it and the recorded error answers as seeds.
func FuzzErrorResponse(f *testing.F) {
	f.Add(404, "application/json", []byte(`{"code":"ClientError.NotFound","message":"no such task","request_id":"r1"}`))
	f.Add(400, "application/json", []byte(`{"error":"invalid_grant"}`))
	f.Add(403, "application/json; charset=utf-8", []byte(`{"errors":[{"code":"FORBIDDEN","status":"403","detail":"no"}]}`))
	f.Add(502, "text/html", []byte("<html><body>502 Bad Gateway</body></html>\r\n"))
	f.Add(500, "", []byte{})
	f.Add(599, "application/json", []byte(`{"message":"line one\nline two","code":"X\r\nY"}`))
	for _, c := range fixtureseeds.Load(func(c fixtureseeds.Case) bool { return c.Status >= 400 }) {
		f.Add(c.Status, "application/json", c.Body)
	}
	srv := echoServer()
	f.Cleanup(srv.Close)
	cfg, err := httpx.NewConfig(srv.URL, func(c *httpx.Config) {
		c.Transport = srv.Client().Transport
		c.Retry = globus.RetryPolicy{MaxRetries: -1}
	})
	if err != nil {
		f.Fatal(err)
	}
	d := cfg.Doer()
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		status = 400 + (status%200+200)%200
		if strings.ContainsAny(contentType, "\r\n\x00") || !isToken(contentType) {
			contentType = "application/json"
		}
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/v0.10/task/x?secret=query", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-Status", strconv.Itoa(status))
		req.Header.Set("X-Content-Type", contentType)
		resp, err := d.Do(req)
		if resp != nil {
			resp.Body.Close()
			t.Fatalf("status %d came back as a response", status)
		}
		var apiErr *globus.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("status %d: got %T %v; want a *globus.APIError", status, err, err)
		}
		if apiErr.StatusCode != status || apiErr.Method != http.MethodPost || !bytes.Equal(apiErr.Body, body) {
			t.Fatalf("APIError %d %s, %d body bytes; want %d POST, %d bytes", apiErr.StatusCode, apiErr.Method, len(apiErr.Body), status, len(body))
		}
		msg := apiErr.Error()
		if strings.ContainsAny(msg, "\r\n") || strings.Contains(msg, "secret=query") {
			t.Fatalf("Error() = %q: not one line, or shows the query", msg)
		}
	})
}

// isToken reports whether s can be sent as a header value as is.
func isToken(s string) bool {
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return false
		}
	}
	return true
}
