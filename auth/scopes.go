package auth

import (
	"fmt"
	"strings"
)

// ResourceServer is the name under which Globus Auth issues tokens for its
// own API: the key of an Auth token in a token response's ByResourceServer
// map.
const ResourceServer = "auth.globus.org"

// Scopes of Globus Auth's own API and of OpenID Connect. Ask for them when
// logging in (AuthorizeParams.Scopes) or with client credentials.
const (
	// ScopeOpenID asks for an id_token identifying the user.
	ScopeOpenID = "openid"
	// ScopeProfile adds the user's name and username to the id_token and
	// userinfo.
	ScopeProfile = "profile"
	// ScopeEmail adds the user's email address to the id_token and
	// userinfo.
	ScopeEmail = "email"
	// ScopeViewIdentities allows looking up identities (getIdentities and
	// [IdentityMap]).
	ScopeViewIdentities = "urn:globus:auth:scope:auth.globus.org:view_identities"
	// ScopeViewIdentitySet allows seeing every identity linked to the
	// user's account (userinfo identity_set, introspect identity_set).
	ScopeViewIdentitySet = "urn:globus:auth:scope:auth.globus.org:view_identity_set"
	// ScopeManageProjects allows managing projects, clients, scopes and
	// policies.
	ScopeManageProjects = "urn:globus:auth:scope:auth.globus.org:manage_projects"
)

// ScopeSyntaxError reports a scope string that is not well formed: an
// empty scope, a "[" that is never closed, a "]" that closes nothing, or
// dependent scopes in brackets with no scope before them. It never
// contains a secret, only the scope text.
type ScopeSyntaxError struct {
	// Scope is the text that was parsed.
	Scope string
	// Offset is the byte offset in Scope where the problem was found.
	Offset int
	// Problem says what is wrong.
	Problem string
}

// Error describes the problem.
func (e *ScopeSyntaxError) Error() string {
	return fmt.Sprintf("auth: scope %q: %s (at byte %d)", e.Scope, e.Problem, e.Offset)
}

// isScopeSpace reports whether c separates scopes at the top level.
func isScopeSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// SplitScopes splits a scope string into its top-level scopes. Whitespace
// separates scopes only outside brackets: "a[*b *c] d" is the two scopes
// "a[*b *c]" and "d", the first with two dependent scopes, as Globus Auth
// writes them. Brackets must balance, and each bracketed part must follow
// a scope name; otherwise the error is a *[ScopeSyntaxError].
func SplitScopes(s string) ([]string, error) {
	var out []string
	depth, start := 0, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '[':
			if depth == 0 && (start < 0 || s[i-1] == ']') {
				return nil, &ScopeSyntaxError{Scope: s, Offset: i, Problem: `"[" does not follow a scope name`}
			}
			if depth > 0 && (s[i-1] == '[' || isScopeSpace(s[i-1])) {
				return nil, &ScopeSyntaxError{Scope: s, Offset: i, Problem: `"[" does not follow a scope name`}
			}
			depth++
		case c == ']':
			if depth == 0 {
				return nil, &ScopeSyntaxError{Scope: s, Offset: i, Problem: `"]" closes no "["`}
			}
			depth--
		case isScopeSpace(c) && depth == 0:
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if depth > 0 {
		return nil, &ScopeSyntaxError{Scope: s, Offset: len(s), Problem: fmt.Sprintf("%d \"[\" not closed", depth)}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out, nil
}

// BaseScope returns scope without its bracketed dependent scopes:
// "a[*b]" is "a".
func BaseScope(scope string) string {
	if i := strings.IndexByte(scope, '['); i >= 0 {
		return scope[:i]
	}
	return scope
}

// MissingScopes returns the scopes of want that the scope string have (a
// token's scope, say) does not carry. Scopes are compared without their
// dependent scopes, since Globus Auth lists a token's scopes by name alone;
// whether a consent covers the dependencies is not checked. A have that
// does not parse is split at whitespace.
func MissingScopes(have string, want []string) []string {
	parts, err := SplitScopes(have)
	if err != nil {
		parts = strings.Fields(have)
	}
	got := make(map[string]bool, len(parts))
	for _, p := range parts {
		got[BaseScope(p)] = true
	}
	var missing []string
	for _, w := range want {
		if !got[BaseScope(w)] {
			missing = append(missing, w)
		}
	}
	return missing
}
