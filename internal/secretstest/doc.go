// Package secretstest holds only tests: it drives every authorizer, login
// flow, error path and debug log of the SDK with sentinel secrets, and
// checks that none of them ever shows up in printed or logged output.
package secretstest
