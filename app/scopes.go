package app

import (
	"slices"
	"strings"

	"github.com/globus-go/globus/auth"
)

// missingScopes returns the scopes of want that the space-separated scope
// string have does not carry. Scopes are compared without their dependent
// scopes, since Globus Auth lists a token's scopes by name alone; that a
// consent covers the dependencies is not checked.
func missingScopes(have string, want []string) []string {
	got := map[string]bool{}
	parts, err := auth.SplitScopes(have)
	if err != nil {
		parts = strings.Fields(have)
	}
	for _, p := range parts {
		got[auth.BaseScope(p)] = true
	}
	var missing []string
	for _, w := range want {
		if !got[auth.BaseScope(w)] {
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
		if i := slices.Index(out, auth.BaseScope(e)); i >= 0 {
			out[i] = e
			continue
		}
		if e == auth.BaseScope(e) && slices.ContainsFunc(out, func(o string) bool { return auth.BaseScope(o) == e }) {
			continue // "a" is asked for by "a[*b]" already
		}
		out = append(out, e)
	}
	return out
}
