package transfer_test

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/transferapi"
)

// TestLsWithoutTotal covers listings that report no total: the iterator
// goes on while pages come back full, and stops at the first short page.
func TestLsWithoutTotal(t *testing.T) {
	for _, n := range []int{0, 7, 20, 25} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			var requests counter
			mux := http.NewServeMux()
			mux.HandleFunc("GET /v0.10/operation/endpoint/{endpoint_id}/ls", func(w http.ResponseWriter, r *http.Request) {
				requests.add("ls")
				q := r.URL.Query()
				if q.Get("path") != "/data/" {
					t.Errorf("path = %q, want /data/", q.Get("path"))
				}
				offset, _ := strconv.Atoi(q.Get("offset"))
				limit, _ := strconv.Atoi(q.Get("limit"))
				end := min(offset+limit, n)
				writeJSON(w, http.StatusOK, fmt.Sprintf(`{"DATA_TYPE":"file_list","path":"/data/","DATA":[%s]}`, join(offset, max(end, offset), fileItem)))
			})
			c, _ := newServer(t, mux)
			limit := 10
			params := &transferapi.OperationLsParams{Path: "/data/", Limit: limit}
			got := 0
			for f, err := range c.Ls(testContext(t), hostEPID, params) {
				if err != nil {
					t.Fatal(err)
				}
				if want := fmt.Sprintf("f-%03d", got); f.Name != want {
					t.Fatalf("entry %d = %q, want %q", got, f.Name, want)
				}
				got++
			}
			if got != n {
				t.Errorf("%d entries, want %d", got, n)
			}
			// Full pages, then one short (possibly empty) page.
			if want := n/limit + 1; requests.get("ls") != want {
				t.Errorf("%d requests, want %d", requests.get("ls"), want)
			}
			if params.Offset != 0 || params.Limit != 10 {
				t.Error("Ls changed the caller's params")
			}
		})
	}
}

// TestLsAsksForWholeListings checks that Ls without a Limit lists a
// 2,500-entry directory in one request of limit=100000: the endpoint builds
// the whole listing for every request, so smaller pages only multiply it.
func TestLsAsksForWholeListings(t *testing.T) {
	const n = 2500
	var requests counter
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v0.10/operation/endpoint/{endpoint_id}/ls", func(w http.ResponseWriter, r *http.Request) {
		requests.add("ls")
		q := r.URL.Query()
		if q.Get("limit") != "100000" {
			t.Errorf("limit = %q, want 100000", q.Get("limit"))
		}
		if q.Has("offset") {
			t.Errorf("offset = %q sent for the first page", q.Get("offset"))
		}
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"DATA_TYPE":"file_list","path":"/data/","total":%d,"DATA":[%s]}`, n, join(0, n, fileItem)))
	})
	c, _ := newServer(t, mux)
	got := 0
	for _, err := range c.Ls(testContext(t), hostEPID, &transferapi.OperationLsParams{Path: "/data/"}) {
		if err != nil {
			t.Fatal(err)
		}
		got++
	}
	if got != n || requests.get("ls") != 1 {
		t.Errorf("%d entries in %d requests, want %d in 1", got, requests.get("ls"), n)
	}
}

// TestNegativePagingParamsRefused checks that a negative Offset or Limit
// is a *globus.UsageError, yielded once, with nothing sent.
func TestNegativePagingParamsRefused(t *testing.T) {
	var requests counter
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { requests.add("any") })
	c, _ := newServer(t, mux)
	for name, params := range map[string]*transferapi.OperationLsParams{
		"offset": {Offset: -1},
		"limit":  {Limit: -5},
	} {
		n := 0
		for _, err := range c.Ls(testContext(t), hostEPID, params) {
			n++
			var ue *globus.UsageError
			if !errors.As(err, &ue) {
				t.Errorf("%s: err = %v (%T), want a *globus.UsageError", name, err, err)
			}
		}
		if n != 1 {
			t.Errorf("%s: %d values yielded, want the one error", name, n)
		}
	}
	if requests.get("any") != 0 {
		t.Errorf("%d requests sent for refused params", requests.get("any"))
	}
}
