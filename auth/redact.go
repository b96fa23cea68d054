package auth

import "github.com/globus-go/globus"

// redacted replaces every secret in printed and logged output.
const redacted = globus.Redacted
