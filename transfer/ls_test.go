package transfer_test

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"

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
