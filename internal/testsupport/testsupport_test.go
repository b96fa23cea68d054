package testsupport_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/globus-go/globus/internal/testsupport"
)

func TestMain(m *testing.M) { testsupport.Main(m) }

func TestRecorderAndHandlerTransport(t *testing.T) {
	var rec testsupport.Recorder
	h := rec.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body) // the recorder put the body back
		testsupport.WriteJSON(w, http.StatusCreated, map[string]string{"got": string(body)})
	}))
	req, _ := http.NewRequest("POST", "https://example.invalid/p?q=1", strings.NewReader("hello"))
	req.Header.Set("Authorization", "Bearer x")
	res, err := testsupport.Client(h).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusCreated || res.Header.Get("Content-Type") != "application/json" || string(out) != "{\"got\":\"hello\"}\n" {
		t.Fatalf("answer %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), out)
	}
	got := rec.Requests()
	if len(got) != 1 || rec.Len() != 1 {
		t.Fatalf("%d requests recorded", len(got))
	}
	if r := got[0]; r.Method != "POST" || r.Path != "/p" || r.Query != "q=1" || r.Auth != "Bearer x" || string(r.Body) != "hello" {
		t.Fatalf("recorded %+v", r)
	}
}

func TestWriteJSONSendsTextAsIs(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		testsupport.WriteJSON(w, http.StatusOK, `{"raw":true}`)
	})
	res, err := testsupport.Client(h).Get("https://example.invalid/")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if out, _ := io.ReadAll(res.Body); string(out) != `{"raw":true}` {
		t.Fatalf("body %q", out)
	}
}

func TestHandlerTransportReturnsWhenTheContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release })
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, "GET", "https://example.invalid/", nil)
		errc := make(chan error, 1)
		go func() {
			res, err := testsupport.Client(h).Do(req)
			if err == nil {
				res.Body.Close()
			}
			errc <- err
		}()
		synctest.Wait()
		select {
		case err := <-errc:
			t.Fatalf("returned %v while the handler was blocked", err)
		default:
		}
		cancel()
		if err := <-errc; !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
		close(release) // the handler finishes unobserved
	})
}
