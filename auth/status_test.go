package auth_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/gen/authapi"
)

// lookupOnly hides every method of the client but the one an
// IdentityMap uses.
type lookupOnly struct {
	auth.IdentityLookup
}

// statusServer answers every Globus Auth call with status and a body of
// the right form for the call, so that only the status can be wrong. A
// redirect points at /elsewhere, which answers 418 to a client that
// follows it.
func statusServer(t *testing.T, status int) *httptest.Server {
	t.Helper()
	bodies := map[string]string{
		"/v2/oauth2/token": `{"access_token":"at","expires_in":3600,"resource_server":"rs","scope":"s","token_type":"Bearer",` +
			`"other_tokens":[]}`,
		"/v2/oauth2/token/introspect":       `{"active":true,"scope":"s","client_id":"c"}`,
		"/v2/oauth2/token/revoke":           `{"active":false}`,
		"/.well-known/openid-configuration": `{"issuer":"https://auth.globus.org","jwks_uri":"https://auth.globus.org/jwk.json"}`,
		"/jwk.json":                         `{"keys":[]}`,
		"/v2/api/clients":                   `{"client":{"id":"0c4b1a2e-0000-4000-8000-00000000cccc","name":"n"}}`,
		"/v2/api/identities":                `{"identities":[]}`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Errorf("%s: %v", r.URL.Path, err)
		}
		if r.URL.Path == "/elsewhere" {
			w.WriteHeader(http.StatusTeapot)
			return
		}
		body, ok := bodies[r.URL.Path]
		if !ok {
			t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
			http.NotFound(w, r)
			return
		}
		if r.URL.Path == "/v2/oauth2/token" && r.FormValue("grant_type") == "urn:globus:auth:grant_type:dependent_token" {
			body = `[` + body + `]`
		}
		if status >= 300 && status < 400 {
			w.Header().Set("Location", "/elsewhere")
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestOnlySuccessStatusesSucceed drives every auth call whose answer the
// SDK reads itself against a server that answers with a body of the right
// form and each status: a 2xx with a JSON body must succeed (200 shows that
// the bodies are right; Auth's other success statuses carry the same
// document), while 204 (no body) and every redirect, which a login client
// never follows, must fail with a *globus.ResponseError naming the status.
func TestOnlySuccessStatusesSucceed(t *testing.T) {
	ctx := context.Background()
	for _, status := range []int{200, 201, 202, 203, 204, 301, 302, 303, 307, 308} {
		srv := statusServer(t, status)
		opts := []auth.Option{auth.WithBaseURL(srv.URL), auth.WithoutRetries()}
		conf, err := auth.NewConfidentialAppClient("0c4b1a2e-0000-4000-8000-00000000bbbb", "status-secret", opts...)
		if err != nil {
			t.Fatal(err)
		}
		native, err := auth.NewNativeAppClient("0c4b1a2e-0000-4000-8000-00000000aaaa", opts...)
		if err != nil {
			t.Fatal(err)
		}
		ac, err := auth.NewClient(opts...)
		if err != nil {
			t.Fatal(err)
		}
		public := true
		calls := map[string]func() error{
			"Revoke (confidential)": func() error { return conf.Revoke(ctx, "tok") },
			"Revoke (native)":       func() error { return native.Revoke(ctx, "tok") },
			"Introspect":            func() error { _, err := conf.Introspect(ctx, "tok"); return err },
			"DependentTokens": func() error {
				_, err := conf.DependentTokens(ctx, "tok", auth.DependentTokenOptions{})
				return err
			},
			"ClientCredentials": func() error { _, err := conf.ClientCredentials(ctx, "s"); return err },
			"Refresh":           func() error { _, err := native.Refresh(ctx, "rt"); return err },
			"OpenIDConfiguration": func() error {
				_, err := conf.OpenIDConfiguration(ctx)
				return err
			},
			"JWKs": func() error { _, err := conf.JWKs(ctx); return err },
			"CreateChildClient": func() error {
				_, err := conf.CreateChildClient(ctx, authapi.ClientCreate{Name: "child", PublicClient: public})
				return err
			},
			"CreateNativeAppInstance": func() error {
				_, err := native.CreateNativeAppInstance(ctx, "0c4b1a2e-0000-4000-8000-00000000dddd", "instance")
				return err
			},
			"IdentityMap.Resolve": func() error {
				return auth.NewIdentityMap(ac, []string{"someone@globusid.org"}).Resolve(ctx)
			},
			"IdentityMap.Resolve (interface only)": func() error {
				return auth.NewIdentityMap(lookupOnly{ac}, []string{"someone@globusid.org"}).Resolve(ctx)
			},
		}
		for name, call := range calls {
			err := call()
			if status >= 200 && status <= 203 {
				if err != nil {
					t.Errorf("status %d, %s: %v", status, name, err)
				}
				continue
			}
			if err == nil {
				t.Errorf("status %d, %s: succeeded; want an error", status, name)
				continue
			}
			var re *globus.ResponseError
			var apiErr *globus.APIError
			switch {
			case errors.As(err, &re):
				if re.StatusCode != status {
					t.Errorf("status %d, %s: error has status %d", status, name, re.StatusCode)
				}
			case strings.HasPrefix(name, "IdentityMap") && status >= 300 && errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusTeapot:
				// The identity map's client follows redirects, to the 418
				// of /elsewhere.
			default:
				t.Errorf("status %d, %s: got %T %v; want *globus.ResponseError", status, name, err, err)
			}
		}
	}
}
