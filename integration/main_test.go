package integration_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if any test leaves a goroutine behind: a server,
// a connection, a background token renewal or a poller.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
