package globus_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/globus-go/globus"
)

// Bodies of the error shapes that Globus sends. Identifiers are made up.
const (
	bodyTransferNotFound = `{"code": "ClientError.NotFound", "message": "Task 1a2b not found",
		"request_id": "r3qU35t", "resource": "/v0.10/task/1a2b"}`
	bodyTransferMultiline = `{"code": "NotFound", "message": "Path not found, Error (list)\nEndpoint: Tutorial (0000)\nMessage: No such file\n",
		"request_id": "xyzzy", "resource": "/v0.10/operation/endpoint/0000/stat"}`
	bodyTransferConsent = `{"code": "ConsentRequired", "message": "Missing required data_access consent",
		"request_id": "Cons3nt", "resource": "/transfer",
		"required_scopes": ["urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/abcd/data_access]"]}`
	bodyTransferConsentParams = `{"code": "ConsentRequired", "message": "Missing required data_access consent",
		"request_id": "Cons3nt", "resource": "/transfer",
		"required_scopes": ["scope:a"],
		"authorization_parameters": {"session_message": "Log in again", "required_scopes": ["scope:b"],
			"session_required_identities": ["id-1", "id-2"], "session_required_single_domain": ["uni.edu"],
			"session_required_policies": ["pol-1"], "session_required_mfa": true, "prompt": "login",
			"optional": "a field we do not know", "session_message_extra": 7}}`
	bodyAuthErrors = `{"errors": [{"status": "403", "id": "e-1", "code": "FORBIDDEN",
		"detail": "Call must be authenticated", "title": "Unauthorized", "source": {"pointer": "/data"}}]}`
	bodyAuthWithOAuth = `{"errors": [{"status": "401", "id": "e-2", "code": "UNAUTHORIZED",
		"detail": "Call must be authenticated", "title": "Unauthorized"}],
		"error_description": "Unauthorized", "error": "unauthorized"}`
	bodyOAuthOnly        = `{"error": "invalid_grant"}`
	bodyOAuthDescription = `{"error": "invalid_client", "error_description": "Client authentication failed"}`
	bodyDependentConsent = `{"error": "dependent_consent_required",
		"error_description": "User must approve your client using scopes. See 'unapproved_scopes'.",
		"errors": [{"code": "DEPENDENT_CONSENT_REQUIRED", "id": "e-3", "status": "403",
			"title": "User must approve your client using scopes. See 'unapproved_scopes'.",
			"detail": "User hasn't approved the following scopes: https://auth.globus.org/scopes/abcd/flow_user",
			"unapproved_scopes": ["https://auth.globus.org/scopes/abcd/flow_user"]}]}`
	bodySessionInErrors = `{"errors": [{"code": "AUTHENTICATION_REQUIRED", "detail": "A new session is needed",
		"status": 401, "authorization_parameters": {"session_required_single_domain": "a.edu, b.edu",
		"session_required_mfa": "yes"}}]}`
	bodyHTML502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n"
)

// serve answers every request with status, contentType and body, and returns
// the response a real client got, with its body read.
func serve(t *testing.T, method, path string, status int, contentType, body string) (*http.Response, []byte) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func TestNewAPIErrorShapes(t *testing.T) {
	tests := []struct {
		name        string
		method      string
		status      int
		contentType string
		body        string
		check       func(t *testing.T, e *globus.APIError)
	}{
		{
			name: "transfer not found", method: "GET", status: 404, body: bodyTransferNotFound,
			check: func(t *testing.T, e *globus.APIError) {
				eq(t, "Code", e.Code, "ClientError.NotFound")
				eq(t, "Message", e.Message, "Task 1a2b not found")
				eq(t, "Messages", e.Messages, []string{"Task 1a2b not found"})
				eq(t, "RequestID", e.RequestID, "r3qU35t")
				eq(t, "Resource", e.Resource, "/v0.10/task/1a2b")
				eq(t, "HasCode(ClientError)", e.HasCode("ClientError"), true)
				eq(t, "HasCode(ClientError.NotFound)", e.HasCode("ClientError.NotFound"), true)
				eq(t, "HasCode(ClientError.Not)", e.HasCode("ClientError.Not"), false)
				eq(t, "IsConsentRequired", e.IsConsentRequired(), false)
				eq(t, "IsAuthorizationRequired", e.IsAuthorizationRequired(), false)
				if !strings.HasSuffix(e.Error(), "/v0.10/thing: 404 ClientError.NotFound: Task 1a2b not found (request_id r3qU35t)") {
					t.Errorf("Error() = %q", e.Error())
				}
			},
		},
		{
			name: "transfer multi-line message", method: "GET", status: 404, body: bodyTransferMultiline,
			check: func(t *testing.T, e *globus.APIError) {
				eq(t, "Code", e.Code, "NotFound")
				if !strings.HasPrefix(e.Message, "Path not found, Error (list)\nEndpoint") {
					t.Errorf("Message = %q; want the message as sent", e.Message)
				}
				if s := e.Error(); strings.ContainsAny(s, "\r\n") || !strings.Contains(s, "Error (list) Endpoint: Tutorial (0000) Message: No such file (request_id xyzzy)") {
					t.Errorf("Error() = %q; want one line", s)
				}
			},
		},
		{
			name: "transfer consent required", method: "POST", status: 403, body: bodyTransferConsent,
			check: func(t *testing.T, e *globus.APIError) {
				eq(t, "Code", e.Code, "ConsentRequired")
				eq(t, "RequiredScopes", e.RequiredScopes, []string{"urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/abcd/data_access]"})
				eq(t, "IsConsentRequired", e.IsConsentRequired(), true)
				eq(t, "IsAuthorizationRequired", e.IsAuthorizationRequired(), true)
				if e.AuthorizationParameters != nil {
					t.Errorf("AuthorizationParameters = %+v; want nil", e.AuthorizationParameters)
				}
			},
		},
		{
			name: "transfer consent required with authorization parameters", method: "POST", status: 403, body: bodyTransferConsentParams,
			check: func(t *testing.T, e *globus.APIError) {
				eq(t, "RequiredScopes", e.RequiredScopes, []string{"scope:a"})
				p := e.AuthorizationParameters
				if p == nil {
					t.Fatal("AuthorizationParameters is nil")
				}
				eq(t, "AuthorizationParameters", *p, globus.AuthorizationParameters{
					SessionMessage:              "Log in again",
					SessionRequiredIdentities:   []string{"id-1", "id-2"},
					SessionRequiredSingleDomain: []string{"uni.edu"},
					SessionRequiredPolicies:     []string{"pol-1"},
					SessionRequiredMFA:          true,
					RequiredScopes:              []string{"scope:b"},
					Prompt:                      "login",
					Extra:                       map[string]any{"optional": "a field we do not know", "session_message_extra": json.Number("7")},
				})
			},
		},
		{
			name: "auth errors array", method: "GET", status: 403, contentType: "application/vnd.api+json", body: bodyAuthErrors,
			check: func(t *testing.T, e *globus.APIError) {
				eq(t, "Code", e.Code, "FORBIDDEN")
				eq(t, "Message", e.Message, "Call must be authenticated")
				eq(t, "Errors", e.Errors, []globus.ErrorDetail{{
					Code: "FORBIDDEN", Detail: "Call must be authenticated", ID: "e-1", Status: "403",
					Title: "Unauthorized", Source: map[string]any{"pointer": "/data"},
				}})
				eq(t, "RequestID", e.RequestID, "")
			},
		},
		{
			name: "auth errors with oauth error", method: "GET", status: 401, body: bodyAuthWithOAuth,
			check: func(t *testing.T, e *globus.APIError) {
				eq(t, "Code", e.Code, "unauthorized")
				eq(t, "Message", e.Message, "Unauthorized")
				eq(t, "Messages", e.Messages, []string{"Unauthorized", "Call must be authenticated"})
				eq(t, "len(Errors)", len(e.Errors), 1)
				eq(t, "Errors[0].Code", e.Errors[0].Code, "UNAUTHORIZED")
				eq(t, "HasCode(UNAUTHORIZED)", e.HasCode("UNAUTHORIZED"), true)
				eq(t, "HasCode(unauthorized)", e.HasCode("unauthorized"), true)
			},
		},
		{
			name: "oauth error alone", method: "POST", status: 401, body: bodyOAuthOnly,
			check: func(t *testing.T, e *globus.APIError) {
				eq(t, "Code", e.Code, "invalid_grant")
				eq(t, "Message", e.Message, "Unauthorized")
				eq(t, "len(Messages)", len(e.Messages), 0)
				if !strings.HasSuffix(e.Error(), ": 401 invalid_grant: Unauthorized") {
					t.Errorf("Error() = %q", e.Error())
				}
			},
		},
		{
			name: "oauth error with description", method: "POST", status: 401, body: bodyOAuthDescription,
			check: func(t *testing.T, e *globus.APIError) {
				eq(t, "Code", e.Code, "invalid_client")
				eq(t, "Message", e.Message, "Client authentication failed")
			},
		},
		{
			name: "dependent consent required", method: "POST", status: 403, body: bodyDependentConsent,
			check: func(t *testing.T, e *globus.APIError) {
				eq(t, "Code", e.Code, "dependent_consent_required")
				eq(t, "Message", e.Message, "User must approve your client using scopes. See 'unapproved_scopes'.")
				eq(t, "Messages[1]", e.Messages[1], "User hasn't approved the following scopes: https://auth.globus.org/scopes/abcd/flow_user")
				eq(t, "UnapprovedScopes", e.UnapprovedScopes, []string{"https://auth.globus.org/scopes/abcd/flow_user"})
				eq(t, "Errors[0].UnapprovedScopes", e.Errors[0].UnapprovedScopes, e.UnapprovedScopes)
				eq(t, "IsConsentRequired", e.IsConsentRequired(), true)
				eq(t, "HasCode(DEPENDENT_CONSENT_REQUIRED)", e.HasCode("DEPENDENT_CONSENT_REQUIRED"), true)
			},
		},
		{
			name: "session parameters inside errors, odd types", method: "GET", status: 401, body: bodySessionInErrors,
			check: func(t *testing.T, e *globus.APIError) {
				eq(t, "Code", e.Code, "AUTHENTICATION_REQUIRED")
				eq(t, "Errors[0].Status", e.Errors[0].Status, "401")
				p := e.AuthorizationParameters
				if p == nil {
					t.Fatal("AuthorizationParameters is nil; want those of errors[0]")
				}
				eq(t, "SessionRequiredSingleDomain", p.SessionRequiredSingleDomain, []string{"a.edu", "b.edu"})
				eq(t, "SessionRequiredMFA", p.SessionRequiredMFA, false)
				eq(t, "Extra", p.Extra, map[string]any{"session_required_mfa": "yes"})
				eq(t, "IsConsentRequired", e.IsConsentRequired(), false)
				eq(t, "IsAuthorizationRequired", e.IsAuthorizationRequired(), true)
			},
		},
		{
			name: "html 502", method: "GET", status: 502, contentType: "text/html", body: bodyHTML502,
			check: func(t *testing.T, e *globus.APIError) {
				eq(t, "Code", e.Code, "")
				eq(t, "Message", e.Message, "Bad Gateway")
				eq(t, "len(Messages)", len(e.Messages), 0)
				if !strings.HasSuffix(e.Error(), ": 502: Bad Gateway") {
					t.Errorf("Error() = %q", e.Error())
				}
			},
		},
		{
			name: "truncated json", method: "GET", status: 500, body: `{"code": "ServiceUnavailable", "message": "the ser`,
			check: func(t *testing.T, e *globus.APIError) {
				eq(t, "Code", e.Code, "")
				eq(t, "Message", e.Message, "Internal Server Error")
			},
		},
		{
			name: "json of wrong types", method: "GET", status: 400, body: `{"code": 12, "message": ["x"], "errors": "none", "request_id": null}`,
			check: func(t *testing.T, e *globus.APIError) {
				eq(t, "Code", e.Code, "")
				eq(t, "Message", e.Message, "Bad Request")
				eq(t, "len(Errors)", len(e.Errors), 0)
			},
		},
		{
			name: "json array", method: "GET", status: 400, body: `[{"code": "X"}]`,
			check: func(t *testing.T, e *globus.APIError) {
				eq(t, "Code", e.Code, "")
			},
		},
		{
			name: "nested error object", method: "DELETE", status: 409, body: `{"error": {"code": "Conflict", "message": "busy"}}`,
			check: func(t *testing.T, e *globus.APIError) {
				eq(t, "Code", e.Code, "Conflict")
				eq(t, "Message", e.Message, "busy")
				eq(t, "Messages", e.Messages, []string{"busy"})
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ct := tc.contentType
			if ct == "" {
				ct = "application/json"
			}
			resp, body := serve(t, tc.method, "/v0.10/thing?filter=secret-looking", tc.status, ct, tc.body)
			e := globus.NewAPIError(resp, body)
			eq(t, "StatusCode", e.StatusCode, tc.status)
			eq(t, "Method", e.Method, tc.method)
			if !bytes.Equal(e.Body, []byte(tc.body)) {
				t.Errorf("Body = %q; want the raw body %q", e.Body, tc.body)
			}
			eq(t, "Header Content-Type", e.Header.Get("Content-Type"), ct)
			if !strings.Contains(e.URL, "/v0.10/thing?filter=") {
				t.Errorf("URL = %q; want the request URL", e.URL)
			}
			s := e.Error()
			if !strings.HasPrefix(s, "globus: "+tc.method+" http://127.0.0.1:") || strings.Contains(s, "secret-looking") || strings.ContainsAny(s, "\r\n") {
				t.Errorf("Error() = %q; want one line with method and URL without query", s)
			}
			var target *globus.APIError
			if !errors.As(fmt.Errorf("wrapped: %w", e), &target) || target != e {
				t.Error("errors.As does not find the APIError")
			}
			tc.check(t, e)
		})
	}
}

func TestNewAPIErrorWithoutRequest(t *testing.T) {
	e := globus.NewAPIError(&http.Response{StatusCode: 503, Header: http.Header{}}, []byte("down"))
	eq(t, "Error()", e.Error(), "globus: 503: Service Unavailable")
	eq(t, "Body", string(e.Body), "down")

	e = globus.NewAPIError(nil, []byte(bodyOAuthOnly))
	eq(t, "StatusCode", e.StatusCode, 0)
	eq(t, "Code", e.Code, "invalid_grant")

	u, _ := url.Parse("https://user:pw@example.org/a?b=c")
	e = globus.NewAPIError(&http.Response{StatusCode: 404, Status: "404 Gone Fishing", Request: &http.Request{Method: "GET", URL: u}}, nil)
	if strings.Contains(e.URL, "pw") || strings.Contains(e.Error(), "pw") {
		t.Errorf("password shown: URL %q, Error() %q", e.URL, e.Error())
	}
	eq(t, "Message", e.Message, "Gone Fishing")
}

func TestHasCode(t *testing.T) {
	e := &globus.APIError{Code: "ExternalError.DirListingFailed.NotDirectory"}
	for prefix, want := range map[string]bool{
		"ExternalError":                                  true,
		"ExternalError.*":                                true,
		"ExternalError.DirListingFailed":                 true,
		"ExternalError.DirListingFailed.*":               true,
		"ExternalError.DirListingFailed.NotDirectory":    true,
		"ExternalError.DirListingFailed.NotDirectory.X":  false,
		"ExternalError.DirListing":                       false,
		"External":                                       false,
		"ExternalError.DirListingFailed.NotDirectoryToo": false,
		"":              false,
		".*":            false,
		"externalerror": false,
	} {
		if got := e.HasCode(prefix); got != want {
			t.Errorf("HasCode(%q) = %v; want %v", prefix, got, want)
		}
	}
	if (&globus.APIError{}).HasCode("X") {
		t.Error("an error without code matched")
	}
}

func FuzzNewAPIError(f *testing.F) {
	for _, b := range []string{
		bodyTransferNotFound, bodyTransferMultiline, bodyTransferConsent, bodyTransferConsentParams,
		bodyAuthErrors, bodyAuthWithOAuth, bodyOAuthOnly, bodyOAuthDescription, bodyDependentConsent,
		bodySessionInErrors, bodyHTML502, "", "{", "null", `{"errors": [null, 1, {"status": 1.5}]}`,
	} {
		f.Add(403, []byte(b))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		orig := bytes.Clone(body)
		u, _ := url.Parse("https://transfer.api.globus.org/v0.10/task")
		e := globus.NewAPIError(&http.Response{StatusCode: status, Request: &http.Request{Method: "GET", URL: u}}, body)
		if e.StatusCode != status {
			t.Fatalf("StatusCode = %d; want %d", e.StatusCode, status)
		}
		if !bytes.Equal(e.Body, orig) {
			t.Fatal("body changed")
		}
		s := e.Error()
		if !strings.HasPrefix(s, "globus: GET https://transfer.api.globus.org/v0.10/task: ") || strings.ContainsAny(s, "\r\n") {
			t.Fatalf("Error() = %q", s)
		}
		_ = e.HasCode("ClientError")
		_ = e.IsAuthorizationRequired()
	})
}

func ExampleAPIError() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"code": "ClientError.NotFound", "message": "No such task", "request_id": "abc"}`)
	}))
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/v0.10/task/123")
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()

	var err2 error = globus.NewAPIError(resp, body)
	var apiErr *globus.APIError
	if errors.As(err2, &apiErr) && apiErr.HasCode("ClientError.NotFound") {
		fmt.Println(apiErr.StatusCode, apiErr.Code, apiErr.Message, apiErr.RequestID)
	}
	// Output: 404 ClientError.NotFound No such task abc
}

func eq[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v; want %#v", what, got, want)
	}
}
