package httpx_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/internal/httpx"
)

// A Config's Doer retries a busy server, honouring Retry-After, and turns
// the final error status into a *globus.APIError.
func ExampleConfig_Doer() {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
		case 2:
			_, _ = io.WriteString(w, `{"DATA": []}`)
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"code": "ClientError.NotFound", "message": "No such task", "request_id": "r1"}`)
		}
	}))
	defer srv.Close()

	cfg, err := httpx.NewConfig(srv.URL, func(c *httpx.Config) {
		c.Transport = srv.Client().Transport
		c.Authorizer = authorizers.NewAccessTokenAuthorizer("token")
	})
	if err != nil {
		panic(err)
	}
	doer := cfg.Doer()

	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/task_list", nil)
	resp, err := doer.Do(req)
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body), "after", calls.Load(), "requests")

	req, _ = http.NewRequest(http.MethodGet, srv.URL+"/task/123", nil)
	_, err = doer.Do(req)
	var apiErr *globus.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.RequestID)
	}
	// Output:
	// 200 {"DATA": []} after 2 requests
	// 404 ClientError.NotFound r1
}

// NewConfig rejects a base URL it cannot use.
func ExampleNewConfig() {
	_, err := httpx.NewConfig("https://transfer.api.globus.org", func(c *httpx.Config) {
		c.BaseURL = "transfer.example.org"
	})
	fmt.Println(errors.Is(err, globus.ErrInvalidBaseURL))
	fmt.Println(err)
	// Output:
	// true
	// globus: invalid base URL "transfer.example.org": the scheme must be http or https
}
