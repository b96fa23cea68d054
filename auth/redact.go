package auth

import "fmt"

// redacted replaces every secret in printed and logged output.
const redacted = "[REDACTED]"

// redactedOrEmpty shows whether a secret is present without showing it.
func redactedOrEmpty(secret string) string {
	if secret == "" {
		return `""`
	}
	return redacted
}

// formatRedacted prints v's String (or GoString for %#v) for every verb,
// so that no verb, %+v included, can reach fields that hold secrets.
func formatRedacted(f fmt.State, verb rune, v interface {
	fmt.Stringer
	fmt.GoStringer
}) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, v.GoString())
		return
	}
	fmt.Fprint(f, v.String())
}
