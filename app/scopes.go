package app

import (
	"slices"

	"github.com/globus-go/globus/auth"
)

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
