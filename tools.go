//go:build tools

package globus

// This file pins the code generator through go.mod so that
// "go generate ./..." runs the same oapi-codegen version on every machine.
import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
