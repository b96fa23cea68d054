package transfer_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/transfer"
)

func TestNewClientDefaults(t *testing.T) {
	c, err := transfer.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != transfer.DefaultBaseURL || transfer.DefaultBaseURL != "https://transfer.api.globus.org/v0.10" {
		t.Errorf("BaseURL = %q", c.BaseURL())
	}
	if c.Raw() == nil {
		t.Error("the client has no raw client")
	}
}

func TestNewClientRejectsBadBaseURL(t *testing.T) {
	for _, u := range []string{"", "ftp://example.org", "https://example.org/v0.10?x=1", "not a url"} {
		if _, err := transfer.NewClient(transfer.WithBaseURL(u)); !errors.Is(err, globus.ErrInvalidBaseURL) {
			t.Errorf("%q: err = %v, want ErrInvalidBaseURL", u, err)
		}
	}
}

func TestErrorCodeHelpers(t *testing.T) {
	cases := []struct {
		status  int
		code    string
		check   func(error) bool
		name    string
		matches int // how many of the four helpers match
	}{
		{404, "ClientError.NotFound", transfer.IsNotFound, "IsNotFound", 1},
		{404, "NotFound", transfer.IsNotFound, "IsNotFound (short code)", 1},
		{404, "TaskNotFound", transfer.IsNotFound, "IsNotFound (TaskNotFound)", 1},
		{400, "ClientError.NotFound", transfer.IsNotFound, "IsNotFound (code without 404)", 1},
		// An endpoint that does not exist is also a not-found.
		{404, "EndpointNotFound", transfer.IsEndpointNotFound, "IsEndpointNotFound", 2},
		{502, "ExternalError.DirListingFailed.NotFound", transfer.IsDirListingFailed, "IsDirListingFailed", 1},
		{502, "ExternalError.DirListingFailed", transfer.IsDirListingFailed, "IsDirListingFailed (bare)", 1},
		{503, "ServiceUnavailable", transfer.IsServiceUnavailable, "IsServiceUnavailable", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, tc.status, `{"code":"`+tc.code+`","message":"m","request_id":"r","resource":"/task/x"}`)
			}), transfer.WithoutRetries())
			_, err := c.GetTask(testContext(t), taskID, nil)
			if !tc.check(err) {
				t.Errorf("%s(%v) = false", tc.name, err)
			}
			others := []func(error) bool{transfer.IsNotFound, transfer.IsEndpointNotFound, transfer.IsDirListingFailed, transfer.IsServiceUnavailable}
			matched := 0
			for _, f := range others {
				if f(err) {
					matched++
				}
			}
			if matched != tc.matches {
				t.Errorf("%d helpers match code %s, want %d", matched, tc.code, tc.matches)
			}
			if _, ok := transfer.ConsentRequired(err); ok {
				t.Error("ConsentRequired matched")
			}
		})
	}
	if transfer.IsNotFound(nil) || transfer.HasCode(errors.New("plain"), "ClientError") {
		t.Error("helpers match errors that are not API errors")
	}
	if transfer.HasCode(errors.New("x"), "") {
		t.Error("empty prefix matched")
	}
}

func TestUnexpectedResponse(t *testing.T) {
	// The spec declares only JSON answers, so this server runs without the
	// validator: the off-spec answer is the point of the test.
	c := newPlainServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("maintenance"))
	}))
	_, err := c.GetTask(testContext(t), taskID, nil)
	var ue *globus.ResponseError
	if !errors.As(err, &ue) || ue.Operation != "getTask" || ue.StatusCode != 200 || ue.ContentType != "text/plain" {
		t.Errorf("err = %v", err)
	}
}
