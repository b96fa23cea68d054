package globus_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/globus-go/globus"
)

// clearEnvironment sets every variable the SDK reads to empty, which counts
// as unset, for the test's duration.
func clearEnvironment(t *testing.T) {
	t.Helper()
	for _, v := range []string{globus.EnvironmentVariable, "GLOBUS_SDK_SERVICE_URL_AUTH", "GLOBUS_SDK_SERVICE_URL_TRANSFER", "GLOBUS_SDK_SERVICE_URL_GROUPS"} {
		t.Setenv(v, "")
	}
}

// TestServiceURLs holds the hostnames of globus-sdk-python's
// config/environments.py and the JavaScript SDK's service configs.
func TestServiceURLs(t *testing.T) {
	want := map[string]map[string]string{
		"production": {
			"auth": "https://auth.globus.org/", "transfer": "https://transfer.api.globus.org/",
			"groups": "https://groups.api.globus.org/", "app": "https://app.globus.org/",
			"flows": "https://flows.automate.globus.org/", "timer": "https://timer.automate.globus.org/",
			"nexus": "https://nexus.api.globusonline.org/",
		},
		"preview": {
			"auth": "https://auth.preview.globus.org/", "transfer": "https://transfer.api.preview.globus.org/",
			"flows": "https://preview.flows.automate.globus.org/",
		},
		"sandbox": {
			"auth": "https://auth.sandbox.globuscs.info/", "transfer": "https://transfer.api.sandbox.globuscs.info/",
			"search": "https://search.api.sandbox.globuscs.info/", "timer": "https://sandbox.timer.automate.globus.org/",
			"nexus": "https://nexus.api.sandbox.globuscs.info/",
		},
		"integration": {"auth": "https://auth.integration.globuscs.info/", "transfer": "https://transfer.api.integration.globuscs.info/"},
		"test":        {"auth": "https://auth.test.globuscs.info/", "transfer": "https://transfer.api.test.globuscs.info/"},
		"staging":     {"auth": "https://auth.staging.globuscs.info/", "transfer": "https://transfer.api.staging.globuscs.info/"},
	}
	if len(want) != len(globus.Environments()) {
		t.Fatalf("Environments() = %q; the test knows %d", globus.Environments(), len(want))
	}
	for _, env := range globus.Environments() {
		clearEnvironment(t)
		t.Setenv(globus.EnvironmentVariable, env)
		if got, err := globus.Environment(); err != nil || got != env {
			t.Errorf("Environment() = %q, %v; want %q", got, err, env)
		}
		for service, url := range want[env] {
			if got, err := globus.ServiceURL(service); err != nil || got != url {
				t.Errorf("%s: ServiceURL(%q) = %q, %v; want %q", env, service, got, err, url)
			}
		}
	}
}

func TestEnvironmentDefaultsToProduction(t *testing.T) {
	clearEnvironment(t)
	if got, err := globus.Environment(); err != nil || got != globus.ProductionEnvironment {
		t.Fatalf("Environment() = %q, %v; want production", got, err)
	}
	if got, err := globus.ServiceURL("auth"); err != nil || got != "https://auth.globus.org/" {
		t.Fatalf("ServiceURL(auth) = %q, %v", got, err)
	}
}

func TestUnknownEnvironment(t *testing.T) {
	for _, name := range []string{"sandbx", "Sandbox", " production"} {
		clearEnvironment(t)
		t.Setenv(globus.EnvironmentVariable, name)
		// A service URL of its own does not hide the misspelt environment.
		t.Setenv("GLOBUS_SDK_SERVICE_URL_AUTH", "https://auth.example.org/")
		_, err := globus.ServiceURL("auth")
		var ee *globus.EnvironmentError
		if !errors.Is(err, globus.ErrUnknownEnvironment) || !errors.As(err, &ee) {
			t.Fatalf("%q: got %v; want an *EnvironmentError wrapping ErrUnknownEnvironment", name, err)
		}
		if ee.Variable != globus.EnvironmentVariable || ee.Value != name || !strings.Contains(err.Error(), "sandbox") {
			t.Errorf("%q: error %+v (%v) does not name the variable, value and known environments", name, ee, err)
		}
		if _, err := globus.Environment(); !errors.Is(err, globus.ErrUnknownEnvironment) {
			t.Errorf("%q: Environment() gave %v", name, err)
		}
	}
}

func TestServiceURLVariable(t *testing.T) {
	clearEnvironment(t)
	t.Setenv(globus.EnvironmentVariable, "preview")
	t.Setenv("GLOBUS_SDK_SERVICE_URL_GROUPS", "http://127.0.0.1:8080/groups/")
	if got, err := globus.ServiceURL("groups"); err != nil || got != "http://127.0.0.1:8080/groups/" {
		t.Fatalf("ServiceURL(groups) = %q, %v; want the variable's value", got, err)
	}
	if got, err := globus.ServiceURL("auth"); err != nil || got != "https://auth.preview.globus.org/" {
		t.Fatalf("ServiceURL(auth) = %q, %v; another service's variable changed it", got, err)
	}
}

func TestMalformedServiceURL(t *testing.T) {
	for _, raw := range []string{"ftp://auth.example.org/", "auth.example.org", "https://", "https://a.example.org/?x=1",
		"https://a.example.org/#f", "https://user:hunter2@a.example.org/", "http://[::1", "https://a.example.org/?"} {
		clearEnvironment(t)
		t.Setenv("GLOBUS_SDK_SERVICE_URL_AUTH", raw)
		_, err := globus.ServiceURL("auth")
		var ee *globus.EnvironmentError
		if !errors.Is(err, globus.ErrInvalidBaseURL) || !errors.As(err, &ee) || ee.Variable != "GLOBUS_SDK_SERVICE_URL_AUTH" {
			t.Errorf("%q: got %v; want an *EnvironmentError for the variable wrapping ErrInvalidBaseURL", raw, err)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") || strings.Contains(fmt.Sprintf("%+v", ee), "hunter2") {
			t.Errorf("%q: the error shows the password: %v", raw, err)
		}
	}
}

func ExampleServiceURL() {
	// As a shell would set it: GLOBUS_SDK_ENVIRONMENT=sandbox.
	_ = os.Setenv("GLOBUS_SDK_ENVIRONMENT", "sandbox")
	defer func() { _ = os.Unsetenv("GLOBUS_SDK_ENVIRONMENT") }()

	for _, service := range []string{"auth", "transfer"} {
		u, err := globus.ServiceURL(service)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(u)
	}

	_ = os.Setenv("GLOBUS_SDK_ENVIRONMENT", "sandbx")
	_, err := globus.ServiceURL("auth")
	fmt.Println(errors.Is(err, globus.ErrUnknownEnvironment))
	// Output:
	// https://auth.sandbox.globuscs.info/
	// https://transfer.api.sandbox.globuscs.info/
	// true
}
