package transfer

import (
	"errors"
	"net/http"
	"strings"

	"github.com/globus-go/globus"
)

// Error code prefixes that Transfer sends and callers commonly test for.
// Match them with [HasCode] or [globus.APIError.HasCode], which compare
// dot-separated segments, so that CodeDirListingFailed also matches
// "ExternalError.DirListingFailed.NotFound".
const (
	CodeNotFound                 = "ClientError.NotFound"
	CodeBadRequest               = "ClientError.BadRequest"
	CodePermissionDenied         = "PermissionDenied"
	CodeEndpointNotFound         = "EndpointNotFound"
	CodeEndpointPermissionDenied = "EndpointPermissionDenied"
	CodeExternalError            = "ExternalError"
	CodeEndpointError            = "EndpointError"
	CodeDirListingFailed         = "ExternalError.DirListingFailed"
	CodeServiceUnavailable       = "ServiceUnavailable"
	CodeConsentRequired          = "ConsentRequired"
)

// APIError returns the *[globus.APIError] in err's chain, if there is one.
func APIError(err error) (*globus.APIError, bool) {
	var e *globus.APIError
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// HasCode reports whether err is a Transfer error whose code is prefix or
// starts with prefix followed by a dot (see [globus.APIError.HasCode]).
func HasCode(err error, prefix string) bool {
	e, ok := APIError(err)
	return ok && e.HasCode(prefix)
}

// IsNotFound reports whether err says that the requested object (task,
// bookmark, rule, path...) does not exist: an HTTP 404 answer, whatever its
// code (ClientError.NotFound, NotFound, TaskNotFound, EndpointNotFound...),
// or one of those codes with another status.
func IsNotFound(err error) bool {
	e, ok := APIError(err)
	if !ok {
		return false
	}
	if e.StatusCode == http.StatusNotFound || e.HasCode(CodeNotFound) || e.HasCode("NotFound") {
		return true
	}
	first, _, _ := strings.Cut(e.Code, ".")
	return strings.HasSuffix(first, "NotFound")
}

// IsEndpointNotFound reports whether err says that the endpoint or
// collection does not exist.
func IsEndpointNotFound(err error) bool { return HasCode(err, CodeEndpointNotFound) }

// IsDirListingFailed reports whether err says that the endpoint could not
// list or stat a path (ExternalError.DirListingFailed and its sub-codes,
// such as ExternalError.DirListingFailed.NotFound).
func IsDirListingFailed(err error) bool { return HasCode(err, CodeDirListingFailed) }

// IsServiceUnavailable reports whether err says that Transfer is down, for
// example for maintenance.
func IsServiceUnavailable(err error) bool { return HasCode(err, CodeServiceUnavailable) }

// ConsentRequired returns the error when err says that the user must
// consent to more scopes (code ConsentRequired, or scopes listed in
// required_scopes). The error's RequiredScopes lists the scopes, and its
// AuthorizationParameters, when present, says how to log in again.
func ConsentRequired(err error) (*globus.APIError, bool) {
	e, ok := APIError(err)
	if !ok || !(e.HasCode(CodeConsentRequired) || len(e.RequiredScopes) > 0) {
		return nil, false
	}
	return e, true
}
