package globus

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// The environment variables that choose which Globus deployment the SDK
// talks to. They are those of the Python and JavaScript SDKs, so one shell
// setting steers programs written with any of them.
const (
	// EnvironmentVariable names the Globus environment: "production" (the
	// default), "preview", or one of the internal environments "sandbox",
	// "integration", "test" and "staging".
	EnvironmentVariable = "GLOBUS_SDK_ENVIRONMENT"
	// ServiceURLVariablePrefix, followed by a service's name in upper
	// case, names a variable that sets that service's URL whatever the
	// environment: GLOBUS_SDK_SERVICE_URL_AUTH and
	// GLOBUS_SDK_SERVICE_URL_TRANSFER are the ones the auth and transfer
	// clients read.
	ServiceURLVariablePrefix = "GLOBUS_SDK_SERVICE_URL_"
)

// ProductionEnvironment is the environment used when
// GLOBUS_SDK_ENVIRONMENT is unset or empty.
const ProductionEnvironment = "production"

// environments maps each known environment to its domain, as the Python
// SDK's EnvConfig classes do.
var environments = map[string]string{
	"production":  "globus.org",
	"preview":     "preview.globus.org",
	"sandbox":     "sandbox.globuscs.info",
	"integration": "integration.globuscs.info",
	"test":        "test.globuscs.info",
	"staging":     "staging.globuscs.info",
}

// Environments returns the names of the environments that
// GLOBUS_SDK_ENVIRONMENT may name, production first.
func Environments() []string {
	return []string{"production", "preview", "sandbox", "integration", "test", "staging"}
}

// ErrUnknownEnvironment is wrapped by the [*EnvironmentError] for a
// GLOBUS_SDK_ENVIRONMENT that names no known environment.
var ErrUnknownEnvironment = errors.New("unknown Globus environment")

// EnvironmentError reports an environment variable that the SDK cannot
// use: a GLOBUS_SDK_ENVIRONMENT that names no known environment (Err
// wraps [ErrUnknownEnvironment]) or a GLOBUS_SDK_SERVICE_URL_* that is no
// usable base URL (Err wraps [ErrInvalidBaseURL]). Client constructors
// return it rather than fall back to another service.
//
//	var ee *globus.EnvironmentError
//	if errors.As(err, &ee) {
//		log.Fatalf("fix %s: %v", ee.Variable, ee.Err)
//	}
type EnvironmentError struct {
	// Variable is the variable's name, such as "GLOBUS_SDK_ENVIRONMENT".
	Variable string
	// Value is the variable's value, or "" when it may hold a password
	// (a URL with user information), which is then not shown.
	Value string
	// Err says what is wrong with it.
	Err error
}

// Error names the variable, its value when that can hold no password, and
// the problem.
func (e *EnvironmentError) Error() string {
	v := "(not shown: it may hold a password)"
	if e.Value != "" {
		v = strconv.Quote(e.Value)
	}
	return "globus: environment variable " + e.Variable + "=" + v + ": " + e.Err.Error()
}

// Unwrap returns Err.
func (e *EnvironmentError) Unwrap() error { return e.Err }

// Environment returns the environment that GLOBUS_SDK_ENVIRONMENT names,
// [ProductionEnvironment] when it is unset or empty. A name that is not
// one of [Environments] (names are case-sensitive, as in the Python SDK)
// gives an [*EnvironmentError] wrapping [ErrUnknownEnvironment].
func Environment() (string, error) {
	name := os.Getenv(EnvironmentVariable)
	if name == "" {
		return ProductionEnvironment, nil
	}
	if _, ok := environments[name]; !ok {
		return "", &EnvironmentError{Variable: EnvironmentVariable, Value: name,
			Err: fmt.Errorf("%w (known: %s)", ErrUnknownEnvironment, strings.Join(Environments(), ", "))}
	}
	return name, nil
}

// ServiceURL returns the URL of a Globus service, named as the Python SDK
// names it ("auth", "transfer", "groups", "search", "flows", ...), in the
// environment that GLOBUS_SDK_ENVIRONMENT names. It is the root of the
// service and ends with a slash, as in the Python SDK: the auth and
// transfer clients build their base URLs from it (Transfer's adds the API
// version, /v0.10).
//
// The variable GLOBUS_SDK_SERVICE_URL_<SERVICE> (the name in upper case),
// when set and not empty, gives the URL instead; it must be an absolute
// http or https URL without user information, query or fragment, or
// ServiceURL returns an [*EnvironmentError] wrapping [ErrInvalidBaseURL].
// GLOBUS_SDK_ENVIRONMENT is checked all the same, as in the JavaScript
// SDK: an unknown environment is an error even then, never ignored.
//
// Otherwise the URL follows the Python SDK's rule: https://auth.DOMAIN/
// for Auth (and app), https://SERVICE.api.DOMAIN/ for the others, where
// DOMAIN is globus.org in production, preview.globus.org in preview and
// ENV.globuscs.info in the internal environments; the automate services
// (actions, flows, timer) are at https://SERVICE.automate.globus.org/ in
// production and https://ENV.SERVICE.automate.globus.org/ elsewhere.
func ServiceURL(service string) (string, error) {
	env, err := Environment()
	if err != nil {
		return "", err
	}
	variable := ServiceURLVariablePrefix + strings.ToUpper(service)
	if raw := os.Getenv(variable); raw != "" {
		if err := checkServiceURL(raw); err != nil {
			e := &EnvironmentError{Variable: variable, Err: err}
			if !strings.Contains(raw, "@") {
				e.Value = raw
			}
			return "", e
		}
		return raw, nil
	}
	domain := environments[env]
	switch service {
	case "app", "auth":
		return "https://" + service + "." + domain + "/", nil
	case "actions", "flows", "timer":
		if env == ProductionEnvironment {
			return "https://" + service + ".automate.globus.org/", nil
		}
		return "https://" + env + "." + service + ".automate.globus.org/", nil
	case "nexus":
		if env == ProductionEnvironment {
			return "https://nexus.api.globusonline.org/", nil
		}
	}
	return "https://" + service + ".api." + domain + "/", nil
}

// checkServiceURL returns an error wrapping ErrInvalidBaseURL when raw is
// not an absolute http or https URL without user information, query or
// fragment. It never quotes raw.
func checkServiceURL(raw string) error {
	u, err := url.Parse(raw)
	why := ""
	switch {
	case err != nil:
		why = "it is not a valid URL"
	case u.Scheme != "http" && u.Scheme != "https":
		why = "the scheme must be http or https"
	case u.Host == "":
		why = "it has no host"
	case u.User != nil:
		why = "it must not hold user information"
	case u.RawQuery != "" || u.ForceQuery:
		why = "it must not have a query"
	case u.Fragment != "":
		why = "it must not have a fragment"
	default:
		return nil
	}
	return fmt.Errorf("%w: %s", ErrInvalidBaseURL, why)
}
