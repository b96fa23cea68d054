package integration_test

import (
	"testing"

	"github.com/globus-go/globus/internal/testsupport"
)

// TestMain fails the run if any test leaves a goroutine behind: a server,
// a connection, a background token renewal or a poller.
func TestMain(m *testing.M) {
	testsupport.Main(m)
}
