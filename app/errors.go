package app

import (
	"errors"
	"strconv"
)

// Errors of this package, for errors.Is.
var (
	// ErrUnknownResourceServer is wrapped by the error of Authorizer for a
	// resource server that the app declared no scopes for (see WithScopes).
	ErrUnknownResourceServer = errors.New("app: no scopes declared for this resource server")
	// ErrLoginRequired is matched by a [*LoginRequiredError]: the stored
	// tokens cannot authorize requests until the user logs in again.
	ErrLoginRequired = errors.New("app: login required")
	// ErrLoginTimeout is wrapped by the error of a login whose user did not
	// come back within the login timeout (WithLoginTimeout).
	ErrLoginTimeout = errors.New("app: login timed out")
	// ErrStateMismatch is wrapped by the error of a local-server login that
	// received a redirect whose state is not the one the login sent: a
	// stale browser tab, or another page trying to slip in its code.
	ErrStateMismatch = errors.New("app: the login redirect carries another state")
	// ErrLoginDenied is wrapped by the error of a local-server login that
	// Globus Auth ended with an error (the user declined consent, say)
	// instead of a code.
	ErrLoginDenied = errors.New("app: the login ended without a code")
	// ErrNoCode is wrapped by the error of a command-line login whose input
	// ended (EOF) or was an empty line before a code was given.
	ErrNoCode = errors.New("app: no authorization code was entered")
	// ErrNoRequirements is wrapped by the error of LoginFor for an error
	// that says nothing about logging in: neither authorization
	// parameters, nor required scopes, nor a [*LoginRequiredError].
	ErrNoRequirements = errors.New("app: the error carries no authorization requirements")
	// ErrNoBrowser is wrapped by the error of the default browser opener
	// when no program to open a URL was found or it failed.
	ErrNoBrowser = errors.New("app: cannot open a browser")
	// ErrClosed is wrapped by the errors of an app's methods, and of its
	// authorizers, after Close.
	ErrClosed = errors.New("app: the app is closed")
)

// LoginRequiredError reports that a resource server's stored token cannot
// authorize requests until the user logs in again: none is stored, it has
// expired and has no refresh token, or Globus Auth refused the refresh
// token (invalid_grant: revoked, or unused for too long). The authorizers of
// a UserApp return it (inside the client's error) from a request, and
// [UserApp.Do] and [UserApp.LoginFor] resolve it with a new login.
type LoginRequiredError struct {
	// ResourceServer is the resource server whose token is missing or
	// unusable.
	ResourceServer string
	// Err is the underlying error, such as a *authorizers.RenewalError.
	Err error
}

// Error names the resource server and the cause. It contains no token.
func (e *LoginRequiredError) Error() string {
	s := "app: login required for " + strconv.Quote(e.ResourceServer)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *LoginRequiredError) Unwrap() error { return e.Err }

// Is reports whether target is ErrLoginRequired.
func (e *LoginRequiredError) Is(target error) bool { return target == ErrLoginRequired }
