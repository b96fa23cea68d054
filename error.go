package globus

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// APIError is the error every client of this SDK returns when Globus answers
// with an HTTP status of 400 or more. Use [errors.As] to get at it:
//
//	var apiErr *globus.APIError
//	if errors.As(err, &apiErr) && apiErr.HasCode("ClientError.NotFound") {
//		// ...
//	}
//
// NewAPIError understands the error bodies of both services:
//
//   - Transfer's {code, message, request_id, resource}, with required_scopes
//     and authorization_parameters when consent or a new session is needed;
//   - Auth's {errors: [{code, detail, id, status, title, ...}]};
//   - OAuth's {error, error_description}, alone or next to errors;
//   - anything else, such as the HTML page of a gateway's 502.
//
// Whatever the body holds, StatusCode and the raw Body are always kept.
type APIError struct {
	// StatusCode is the HTTP status of the answer, such as 404.
	StatusCode int
	// Method is the HTTP method of the request, such as "GET".
	Method string
	// URL is the URL of the request, with any password redacted.
	URL string

	// Code is the error code Globus sent: Transfer's "code" (for example
	// "ClientError.NotFound"), OAuth's "error" (for example "invalid_grant"),
	// or else the code of the first entry of Errors. It is empty when the body
	// carries none.
	Code string
	// Message is the primary human-readable message: OAuth's
	// "error_description", else Transfer's "message", else the first
	// message of Errors. When the body carries no message at all, it is the
	// HTTP reason phrase (for example "Bad Gateway").
	Message string
	// Messages holds every message found in the body, in order, primary
	// first. It is empty when the body carries none.
	Messages []string
	// RequestID is Transfer's request_id, which Globus support asks for.
	RequestID string
	// Resource is Transfer's resource: the path the error is about.
	Resource string
	// Errors holds the entries of Auth's "errors" array.
	Errors []ErrorDetail

	// AuthorizationParameters tells how to log in again so that the request
	// can succeed: from the top-level "authorization_parameters", or else from
	// the first entry of Errors that has them. Nil when the body has none.
	AuthorizationParameters *AuthorizationParameters
	// RequiredScopes holds Transfer's top-level "required_scopes" of a
	// ConsentRequired error: the scopes the user must consent to.
	RequiredScopes []string
	// UnapprovedScopes holds the "unapproved_scopes" of Auth's
	// dependent_consent_required error, gathered from every entry of Errors.
	UnapprovedScopes []string

	// Header holds the response headers.
	Header http.Header
	// Body holds the raw response body, as received (up to the size limit of
	// the client that read it).
	Body []byte
}

// ErrorDetail is one entry of the "errors" array that Globus Auth sends.
type ErrorDetail struct {
	// Code is a machine-readable code, such as "UNAUTHORIZED".
	Code string `json:"code,omitempty"`
	// Detail explains this occurrence of the error.
	Detail string `json:"detail,omitempty"`
	// ID identifies this occurrence of the error.
	ID string `json:"id,omitempty"`
	// Status is the HTTP status as a string, such as "403".
	Status string `json:"status,omitempty"`
	// Title summarises the kind of error.
	Title string `json:"title,omitempty"`
	// Source points at the part of the request that caused the error.
	Source map[string]any `json:"source,omitempty"`
	// UnapprovedScopes lists scopes the user has not consented to.
	UnapprovedScopes []string `json:"unapproved_scopes,omitempty"`
	// AuthorizationParameters tells how to log in again, when present.
	AuthorizationParameters *AuthorizationParameters `json:"authorization_parameters,omitempty"`
	// Extra holds every other member of the entry, decoded generically.
	Extra map[string]any `json:"-"`
}

// AuthorizationParameters describe the login a user must perform before a
// request can succeed. They come with ConsentRequired and session errors,
// and map onto the parameters of a new authorization request.
type AuthorizationParameters struct {
	// SessionMessage is a message to show the user.
	SessionMessage string `json:"session_message,omitempty"`
	// SessionRequiredIdentities lists identity IDs, one of which must be
	// in the session.
	SessionRequiredIdentities []string `json:"session_required_identities,omitempty"`
	// SessionRequiredSingleDomain lists domains; the user must log in with
	// an identity from one of them.
	SessionRequiredSingleDomain []string `json:"session_required_single_domain,omitempty"`
	// SessionRequiredPolicies lists authentication policy IDs that the
	// session must satisfy.
	SessionRequiredPolicies []string `json:"session_required_policies,omitempty"`
	// SessionRequiredMFA reports whether the session must include
	// multi-factor authentication.
	SessionRequiredMFA bool `json:"session_required_mfa,omitempty"`
	// RequiredScopes lists the scopes to request in the new login.
	RequiredScopes []string `json:"required_scopes,omitempty"`
	// Prompt is the OAuth prompt value to use, such as "login".
	Prompt string `json:"prompt,omitempty"`
	// Extra holds every other member, and any known member whose value had
	// an unexpected type, decoded generically, so that nothing is lost.
	Extra map[string]any `json:"-"`
}

// NewAPIError builds an [APIError] from an answer and its already read body.
// resp.Request may be nil, and so may resp itself; body is kept as given.
// NewAPIError never fails: a body it cannot decode still yields an error
// carrying the status and the raw bytes.
func NewAPIError(resp *http.Response, body []byte) *APIError {
	e := &APIError{Body: body}
	reason := ""
	if resp != nil {
		e.StatusCode = resp.StatusCode
		e.Header = resp.Header
		if resp.Request != nil {
			e.Method = resp.Request.Method
			if resp.Request.URL != nil {
				e.URL = resp.Request.URL.Redacted()
			}
		}
		// resp.Status looks like "502 Bad Gateway".
		if _, r, ok := strings.Cut(resp.Status, " "); ok {
			reason = strings.TrimSpace(r)
		}
	}
	if reason == "" {
		reason = http.StatusText(e.StatusCode)
	}
	e.parse(body)
	if e.Message == "" {
		e.Message = reason
	}
	return e
}

// parse fills the decoded fields from body, when it is a JSON object.
func (e *APIError) parse(body []byte) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return
	}

	oauthCode := stringOf(doc["error"])
	oauthDesc := stringOf(doc["error_description"])
	topCode := stringOf(doc["code"])
	topMessage := stringOf(doc["message"])
	e.RequestID = stringOf(doc["request_id"])
	e.Resource = stringOf(doc["resource"])
	e.RequiredScopes, _ = stringList(doc["required_scopes"])
	e.UnapprovedScopes, _ = stringList(doc["unapproved_scopes"])
	if m, ok := doc["authorization_parameters"].(map[string]any); ok {
		e.AuthorizationParameters = parseAuthorizationParameters(m)
	}

	if list, ok := doc["errors"].([]any); ok {
		for _, item := range list {
			if m, ok := item.(map[string]any); ok {
				e.Errors = append(e.Errors, parseErrorDetail(m))
			}
		}
	}
	// Some services nest a single error object under "error".
	if m, ok := doc["error"].(map[string]any); ok {
		d := parseErrorDetail(m)
		if topMessage == "" {
			topMessage = stringOf(m["message"])
		}
		e.Errors = append(e.Errors, d)
	}

	detailCode := ""
	var detailMessages []string
	for _, d := range e.Errors {
		if detailCode == "" {
			detailCode = d.Code
		}
		if m := d.message(); m != "" {
			detailMessages = append(detailMessages, m)
		}
		e.UnapprovedScopes = appendNew(e.UnapprovedScopes, d.UnapprovedScopes...)
		if e.AuthorizationParameters == nil && d.AuthorizationParameters != nil {
			e.AuthorizationParameters = d.AuthorizationParameters
		}
	}

	e.Code = firstNonEmpty(oauthCode, topCode, detailCode)
	for _, m := range append([]string{oauthDesc, topMessage}, detailMessages...) {
		if m != "" && (len(e.Messages) == 0 || e.Messages[len(e.Messages)-1] != m) {
			e.Messages = append(e.Messages, m)
		}
	}
	if len(e.Messages) > 0 {
		e.Message = e.Messages[0]
	}
}

// message returns the most specific message of the entry.
func (d ErrorDetail) message() string {
	if m, ok := d.Extra["message"].(string); ok && m != "" {
		return m
	}
	return firstNonEmpty(d.Detail, d.Title)
}

func parseErrorDetail(m map[string]any) ErrorDetail {
	var d ErrorDetail
	for k, v := range m {
		ok := true
		switch k {
		case "code":
			d.Code, ok = v.(string)
		case "detail":
			d.Detail, ok = v.(string)
		case "id":
			d.ID, ok = v.(string)
		case "title":
			d.Title, ok = v.(string)
		case "status":
			switch s := v.(type) {
			case string:
				d.Status = s
			case json.Number:
				d.Status = s.String()
			default:
				ok = false
			}
		case "source":
			d.Source, ok = v.(map[string]any)
		case "unapproved_scopes":
			d.UnapprovedScopes, ok = stringList(v)
		case "authorization_parameters":
			var p map[string]any
			if p, ok = v.(map[string]any); ok {
				d.AuthorizationParameters = parseAuthorizationParameters(p)
			}
		default:
			ok = false
		}
		if !ok {
			if d.Extra == nil {
				d.Extra = make(map[string]any)
			}
			d.Extra[k] = v
		}
	}
	return d
}

func parseAuthorizationParameters(m map[string]any) *AuthorizationParameters {
	p := &AuthorizationParameters{}
	for k, v := range m {
		ok := true
		switch k {
		case "session_message":
			p.SessionMessage, ok = v.(string)
		case "session_required_identities":
			p.SessionRequiredIdentities, ok = stringList(v)
		case "session_required_single_domain":
			p.SessionRequiredSingleDomain, ok = stringList(v)
		case "session_required_policies":
			p.SessionRequiredPolicies, ok = stringList(v)
		case "session_required_mfa":
			p.SessionRequiredMFA, ok = v.(bool)
		case "required_scopes":
			p.RequiredScopes, ok = stringList(v)
		case "prompt":
			p.Prompt, ok = v.(string)
		default:
			ok = false
		}
		if !ok {
			if p.Extra == nil {
				p.Extra = make(map[string]any)
			}
			p.Extra[k] = v
		}
	}
	return p
}

// stringList decodes a JSON array of strings, or a single string holding a
// comma-separated list (an older form of the session parameters). It
// reports false for any other value, including arrays holding non-strings.
func stringList(v any) ([]string, bool) {
	switch t := v.(type) {
	case nil:
		return nil, false
	case string:
		var out []string
		for s := range strings.SplitSeq(t, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, true
	case []any:
		out := make([]string, 0, len(t))
		for _, item := range t {
			s, ok := item.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

func stringOf(v any) string {
	s, _ := v.(string)
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// appendNew appends the items of add that dst does not hold yet.
func appendNew(dst []string, add ...string) []string {
	for _, s := range add {
		dup := false
		for _, have := range dst {
			if have == s {
				dup = true
				break
			}
		}
		if !dup {
			dst = append(dst, s)
		}
	}
	return dst
}

// Error returns a one-line description such as
//
//	globus: GET https://transfer.api.globus.org/v0.10/task/X: 404 ClientError.NotFound: no such task (request_id abc)
//
// The URL is shown without its query. Line breaks in the message are
// replaced by spaces.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("globus: ")
	if e.Method != "" {
		b.WriteString(e.Method)
		b.WriteByte(' ')
	}
	if e.URL != "" {
		b.WriteString(urlWithoutQuery(e.URL))
	}
	if e.Method != "" || e.URL != "" {
		b.WriteString(": ")
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if e.Code != "" {
		b.WriteByte(' ')
		b.WriteString(oneLine(e.Code))
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(oneLine(e.Message))
	}
	if e.RequestID != "" {
		b.WriteString(" (request_id ")
		b.WriteString(oneLine(e.RequestID))
		b.WriteByte(')')
	}
	return b.String()
}

func urlWithoutQuery(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		u.RawQuery = ""
		u.ForceQuery = false
		u.Fragment = ""
		u.RawFragment = ""
		return u.String()
	}
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		return raw[:i]
	}
	return raw
}

func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// HasCode reports whether the error's code, or the code of one of its
// Errors, is prefix or starts with prefix followed by a dot. Codes are
// compared segment by segment: "ClientError.NotFound" matches the codes
// "ClientError.NotFound" and "ClientError.NotFound.Foo", but not
// "ClientError.NotFoundX". A trailing ".*" in prefix is ignored, so
// "ExternalError.*" and "ExternalError" match the same codes. An empty
// prefix matches nothing.
func (e *APIError) HasCode(prefix string) bool {
	prefix = strings.TrimSuffix(prefix, ".*")
	if prefix == "" {
		return false
	}
	if codeHasPrefix(e.Code, prefix) {
		return true
	}
	for _, d := range e.Errors {
		if codeHasPrefix(d.Code, prefix) {
			return true
		}
	}
	return false
}

func codeHasPrefix(code, prefix string) bool {
	return code == prefix || (len(code) > len(prefix) && code[len(prefix)] == '.' && strings.HasPrefix(code, prefix))
}

// IsConsentRequired reports whether the request failed because the user
// has not consented to some scopes: Transfer's ConsentRequired, Auth's
// consent_required or dependent_consent_required, or any error listing
// required or unapproved scopes. RequiredScopes, UnapprovedScopes and
// AuthorizationParameters then tell what to ask for.
func (e *APIError) IsConsentRequired() bool {
	if len(e.RequiredScopes) > 0 || len(e.UnapprovedScopes) > 0 {
		return true
	}
	if isConsentCode(e.Code) {
		return true
	}
	for _, d := range e.Errors {
		if isConsentCode(d.Code) {
			return true
		}
	}
	return false
}

func isConsentCode(code string) bool {
	c := strings.ToLower(strings.ReplaceAll(code, "_", ""))
	return c == "consentrequired" || c == "dependentconsentrequired"
}

// IsAuthorizationRequired reports whether the user must log in again, or
// consent, before the request can succeed: it is true when the error carries
// authorization parameters or [APIError.IsConsentRequired] is true.
func (e *APIError) IsAuthorizationRequired() bool {
	return e.AuthorizationParameters != nil || e.IsConsentRequired()
}
