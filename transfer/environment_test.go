package transfer_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"golang.org/x/oauth2"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/transfer"
)

// setEnvironment sets the environment variables the client reads, "" for
// unset, for the test's duration.
func setEnvironment(t *testing.T, env, serviceURL string) {
	t.Helper()
	t.Setenv("GLOBUS_SDK_ENVIRONMENT", env)
	t.Setenv("GLOBUS_SDK_SERVICE_URL_TRANSFER", serviceURL)
}

func TestEnvironmentBaseURL(t *testing.T) {
	for env, want := range map[string]string{
		"":            transfer.DefaultBaseURL,
		"production":  "https://transfer.api.globus.org/v0.10",
		"preview":     "https://transfer.api.preview.globus.org/v0.10",
		"sandbox":     "https://transfer.api.sandbox.globuscs.info/v0.10",
		"integration": "https://transfer.api.integration.globuscs.info/v0.10",
		"test":        "https://transfer.api.test.globuscs.info/v0.10",
		"staging":     "https://transfer.api.staging.globuscs.info/v0.10",
	} {
		setEnvironment(t, env, "")
		c, err := transfer.NewClient()
		if err != nil || c.BaseURL() != want {
			t.Errorf("GLOBUS_SDK_ENVIRONMENT=%q: %v, %v; want %s", env, c.BaseURL(), err, want)
		}
	}
}

// TestServiceURLVariableReachesTheServer: a client built without
// WithBaseURL sends its requests to GLOBUS_SDK_SERVICE_URL_TRANSFER plus
// the API version, authorized by an oauth2 token source.
func TestServiceURLVariableReachesTheServer(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.URL.Path+" "+r.Header.Get("Authorization"))
		mu.Unlock()
		writeJSON(w, http.StatusOK, `{"DATA_TYPE": "submission_id", "value": "6a3e0c2e-8d5c-11e9-9b3d-0a1d3f4f8f8e"}`)
	}))
	t.Cleanup(srv.Close)
	for _, root := range []string{srv.URL, srv.URL + "/"} {
		setEnvironment(t, "sandbox", root)
		c, err := transfer.NewClient(transfer.WithAuthorizer(
			authorizers.FromTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "tok"}))))
		if err != nil {
			t.Fatal(err)
		}
		if c.BaseURL() != srv.URL+"/v0.10" {
			t.Fatalf("BaseURL %q; want %s/v0.10", c.BaseURL(), srv.URL)
		}
		resp, err := c.Raw().GetSubmissionID(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0] != "/v0.10/submission_id Bearer tok" || got[1] != got[0] {
		t.Fatalf("server saw %q", got)
	}
}

func TestEnvironmentErrors(t *testing.T) {
	var ee *globus.EnvironmentError
	setEnvironment(t, "sandbx", "")
	if _, err := transfer.NewClient(); !errors.Is(err, globus.ErrUnknownEnvironment) || !errors.As(err, &ee) {
		t.Errorf("unknown environment: got %v; want an *EnvironmentError wrapping ErrUnknownEnvironment", err)
	}
	for _, raw := range []string{"not a url", "ftp://transfer.example.org", "https://u:hunter2@transfer.example.org",
		"https://transfer.example.org/v0.10", "https://transfer.example.org/v0.10/"} {
		setEnvironment(t, "", raw)
		_, err := transfer.NewClient()
		if !errors.Is(err, globus.ErrInvalidBaseURL) || !errors.As(err, &ee) || ee.Variable != "GLOBUS_SDK_SERVICE_URL_TRANSFER" {
			t.Errorf("%q: got %v; want an *EnvironmentError wrapping ErrInvalidBaseURL", raw, err)
		} else if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%q: the error shows the password: %v", raw, err)
		}
	}
	// WithBaseURL does not read the variables at all.
	setEnvironment(t, "sandbx", "not a url")
	if c, err := transfer.NewClient(transfer.WithBaseURL("https://transfer.example.org/v0.10")); err != nil || c.BaseURL() != "https://transfer.example.org/v0.10" {
		t.Errorf("WithBaseURL: %v, %v", c, err)
	}
}

func ExampleNewClient_environment() {
	// As a shell would set it: GLOBUS_SDK_ENVIRONMENT=preview.
	_ = os.Setenv("GLOBUS_SDK_ENVIRONMENT", "preview")
	defer func() { _ = os.Unsetenv("GLOBUS_SDK_ENVIRONMENT") }()

	c, err := transfer.NewClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.BaseURL())

	// The service URL names the service's root; the client adds /v0.10.
	_ = os.Setenv("GLOBUS_SDK_SERVICE_URL_TRANSFER", "https://transfer.example.org/")
	defer func() { _ = os.Unsetenv("GLOBUS_SDK_SERVICE_URL_TRANSFER") }()
	if c, err = transfer.NewClient(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.BaseURL())

	_ = os.Setenv("GLOBUS_SDK_ENVIRONMENT", "prod")
	_, err = transfer.NewClient()
	fmt.Println(err)
	// Output:
	// https://transfer.api.preview.globus.org/v0.10
	// https://transfer.example.org/v0.10
	// globus: environment variable GLOBUS_SDK_ENVIRONMENT="prod": unknown Globus environment (known: production, preview, sandbox, integration, test, staging)
}
