package app

import (
	"errors"
	"slices"
	"strings"
)

var errScopeSyntax = errors.New("unbalanced brackets")

// splitScopes splits a space-separated scope string into scopes. Spaces
// inside brackets belong to dependent scopes and do not separate
// ("a[*b *c] d" is two scopes).
func splitScopes(s string) ([]string, error) {
	var out []string
	depth, start := 0, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '[':
			depth++
		case c == ']':
			depth--
			if depth < 0 {
				return nil, errScopeSyntax
			}
		case (c == ' ' || c == '\t' || c == '\n' || c == '\r') && depth == 0:
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
	if depth != 0 {
		return nil, errScopeSyntax
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out, nil
}

// baseScope drops the dependent scopes of a scope: "a[*b]" is "a".
func baseScope(s string) string {
	if i := strings.IndexByte(s, '['); i >= 0 {
		return s[:i]
	}
	return s
}

// missingScopes returns the scopes of want that the space-separated scope
// string have does not carry. Scopes are compared without their dependent
// scopes, since Globus Auth lists a token's scopes by name alone; that a
// consent covers the dependencies is not checked.
func missingScopes(have string, want []string) []string {
	got := map[string]bool{}
	parts, err := splitScopes(have)
	if err != nil {
		parts = strings.Fields(have)
	}
	for _, p := range parts {
		got[baseScope(p)] = true
	}
	var missing []string
	for _, w := range want {
		if !got[baseScope(w)] {
			missing = append(missing, w)
		}
	}
	return missing
}

// mergeScopes adds the scopes of extra to base, without repeats. A scope
// of extra that names a scope of base with dependent scopes replaces that
// scope when the one in base has none ("a" and "a[*b]" give "a[*b]");
// a scope without dependent scopes that base holds with some is dropped;
// otherwise both are kept, and Globus Auth merges them.
func mergeScopes(base []string, extra ...string) []string {
	out := slices.Clone(base)
	for _, e := range extra {
		if slices.Contains(out, e) {
			continue
		}
		if i := slices.Index(out, baseScope(e)); i >= 0 {
			out[i] = e
			continue
		}
		if e == baseScope(e) && slices.ContainsFunc(out, func(o string) bool { return baseScope(o) == e }) {
			continue // "a" is asked for by "a[*b]" already
		}
		out = append(out, e)
	}
	return out
}
