// Package redact holds the helpers that the SDK's types use to print and
// log themselves without their secrets.
package redact

import (
	"fmt"

	"github.com/globus-go/globus"
)

// OrEmpty shows whether a secret is present without showing it: `""` for
// an empty secret, [globus.Redacted] otherwise.
func OrEmpty(secret string) string {
	if secret == "" {
		return `""`
	}
	return globus.Redacted
}

// Format prints v's String (or GoString for %#v) for every verb, so that no
// verb, %+v and %x included, can reach the fields that hold secrets. Types
// call it from their Format method.
func Format(f fmt.State, verb rune, v interface {
	fmt.Stringer
	fmt.GoStringer
}) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, v.GoString())
		return
	}
	fmt.Fprint(f, v.String())
}
