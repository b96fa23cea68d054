package auth_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
)

// setEnvironment sets the environment variables the clients read, "" for
// unset, for the test's duration.
func setEnvironment(t *testing.T, env, serviceURL string) {
	t.Helper()
	t.Setenv("GLOBUS_SDK_ENVIRONMENT", env)
	t.Setenv("GLOBUS_SDK_SERVICE_URL_AUTH", serviceURL)
}

func TestEnvironmentBaseURL(t *testing.T) {
	for env, want := range map[string]string{
		"":            auth.DefaultBaseURL,
		"production":  "https://auth.globus.org",
		"preview":     "https://auth.preview.globus.org",
		"sandbox":     "https://auth.sandbox.globuscs.info",
		"integration": "https://auth.integration.globuscs.info",
		"test":        "https://auth.test.globuscs.info",
		"staging":     "https://auth.staging.globuscs.info",
	} {
		setEnvironment(t, env, "")
		c, err := auth.NewClient()
		if err != nil || c.BaseURL() != want {
			t.Errorf("GLOBUS_SDK_ENVIRONMENT=%q: client %v, %v; want %s", env, c.BaseURL(), err, want)
		}
		// The login clients, and the page that shows the code, follow.
		n, err := auth.NewNativeAppClient("client-id")
		if err != nil || n.BaseURL() != want {
			t.Errorf("GLOBUS_SDK_ENVIRONMENT=%q: native app client %v, %v; want %s", env, n.BaseURL(), err, want)
			continue
		}
		f, err := n.StartFlow(auth.AuthorizeParams{Scopes: []string{"openid"}})
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(f.AuthorizeURL())
		if got := u.Query().Get("redirect_uri"); got != want+"/v2/web/auth-code" || u.Scheme+"://"+u.Host != want {
			t.Errorf("GLOBUS_SDK_ENVIRONMENT=%q: authorize URL %s", env, u)
		}
	}
}

// TestServiceURLVariableReachesTheServer: clients built without
// WithBaseURL send their requests to GLOBUS_SDK_SERVICE_URL_AUTH.
func TestServiceURLVariableReachesTheServer(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Method+" "+r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"keys": []}`))
	}))
	t.Cleanup(srv.Close)
	setEnvironment(t, "staging", srv.URL+"/")
	c, err := auth.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != srv.URL {
		t.Fatalf("BaseURL %q; want %s", c.BaseURL(), srv.URL)
	}
	resp, err := c.Raw().GetJwk(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || got[0] != "GET /jwk.json" {
		t.Fatalf("server saw %q", got)
	}
}

func TestEnvironmentErrors(t *testing.T) {
	var ee *globus.EnvironmentError
	setEnvironment(t, "PRODUCTION", "")
	for name, build := range map[string]func() error{
		"NewClient":                func() error { _, err := auth.NewClient(); return err },
		"NewNativeAppClient":       func() error { _, err := auth.NewNativeAppClient("id"); return err },
		"NewConfidentialAppClient": func() error { _, err := auth.NewConfidentialAppClient("id", "secret"); return err },
	} {
		if err := build(); !errors.Is(err, globus.ErrUnknownEnvironment) || !errors.As(err, &ee) {
			t.Errorf("%s: got %v; want an *EnvironmentError wrapping ErrUnknownEnvironment", name, err)
		}
	}
	for _, raw := range []string{"auth.example.org", "https://u:hunter2@auth.example.org", "https://auth.example.org/?x"} {
		setEnvironment(t, "", raw)
		_, err := auth.NewClient()
		if !errors.Is(err, globus.ErrInvalidBaseURL) || !errors.As(err, &ee) || ee.Variable != "GLOBUS_SDK_SERVICE_URL_AUTH" {
			t.Errorf("%q: got %v; want an *EnvironmentError wrapping ErrInvalidBaseURL", raw, err)
		} else if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%q: the error shows the password: %v", raw, err)
		}
	}
	setEnvironment(t, "sandbx", "not a url")
	if c, err := auth.NewClient(auth.WithBaseURL("https://auth.example.org")); err != nil || c.BaseURL() != "https://auth.example.org" {
		t.Errorf("WithBaseURL: %v, %v; the variables must not be read", c, err)
	}
}

func ExampleNewClient_environment() {
	// As a shell would set it: GLOBUS_SDK_ENVIRONMENT=sandbox.
	_ = os.Setenv("GLOBUS_SDK_ENVIRONMENT", "sandbox")
	defer func() { _ = os.Unsetenv("GLOBUS_SDK_ENVIRONMENT") }()

	c, err := auth.NewClient()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.BaseURL())
	// Output:
	// https://auth.sandbox.globuscs.info
}
