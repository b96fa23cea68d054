package httpx

import (
	"io"
	"net/http"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
)

const (
	userAgent  = "globus-go/" + globus.Version
	clientInfo = "product=globus-go,version=" + globus.Version
)

// headerDoer sets the headers that identify the SDK, and asks for JSON
// unless the caller asked for something else. Headers the caller set are
// kept.
type headerDoer struct{ next authorizers.Doer }

func (d headerDoer) Do(req *http.Request) (*http.Response, error) {
	r := req.WithContext(req.Context()) // a shallow copy: the caller's request stays as it was
	if req.Header == nil {
		r.Header = make(http.Header, 3)
	} else {
		r.Header = req.Header.Clone()
	}
	setDefault(r.Header, "User-Agent", userAgent)
	setDefault(r.Header, "X-Globus-Client-Info", clientInfo)
	setDefault(r.Header, "Accept", "application/json")
	return d.next.Do(r)
}

func setDefault(h http.Header, key, value string) {
	if h.Get(key) == "" {
		h.Set(key, value)
	}
}

// errorDoer turns every answer with status 400 or more into a
// *globus.APIError, after reading and closing its body.
type errorDoer struct{ next authorizers.Doer }

func (d errorDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.next.Do(req)
	if err != nil || resp.StatusCode < 400 {
		return resp, err
	}
	// A body that breaks off part way still leaves what was read, and the
	// status, in the error.
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	_ = resp.Body.Close()
	if resp.Request == nil {
		resp.Request = req
	}
	return nil, globus.NewAPIError(resp, body)
}
