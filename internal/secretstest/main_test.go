package secretstest

import (
	"testing"

	"github.com/globus-go/globus/internal/testsupport"
)

func TestMain(m *testing.M) {
	testsupport.Main(m)
}
