package auth

import (
	"errors"

	"github.com/globus-go/globus"
)

// IsDependentConsentRequired reports whether err is the answer Globus Auth
// gives to the dependent-token grant when the user has not consented to
// some dependent scope (error dependent_consent_required). It returns the
// scopes the user must approve. The error itself is a *globus.APIError,
// with the OAuth error and error_description as its Code and Message.
func IsDependentConsentRequired(err error) (unapprovedScopes []string, ok bool) {
	var apiErr *globus.APIError
	if !errors.As(err, &apiErr) {
		return nil, false
	}
	if apiErr.HasCode("dependent_consent_required") || apiErr.HasCode("DEPENDENT_CONSENT_REQUIRED") {
		return append([]string(nil), apiErr.UnapprovedScopes...), true
	}
	return nil, false
}

// IsInvalidGrant reports whether err is the OAuth invalid_grant error: the
// authorization code or refresh token was wrong, expired, already used or
// revoked. A program holding a refresh token that gets this error must log
// the user in again.
func IsInvalidGrant(err error) bool {
	var apiErr *globus.APIError
	return errors.As(err, &apiErr) && apiErr.HasCode("invalid_grant")
}
