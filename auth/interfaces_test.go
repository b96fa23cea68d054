package auth_test

import (
	"testing"

	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
)

// Both login clients can back a refresh-token authorizer; only a client
// that holds a secret can ask for client credentials.
var (
	_ authorizers.LoginClient        = (*auth.NativeAppClient)(nil)
	_ authorizers.LoginClient        = (*auth.ConfidentialAppClient)(nil)
	_ authorizers.ConfidentialClient = (*auth.ConfidentialAppClient)(nil)
)

func TestNativeAppClientCannotUseClientCredentials(t *testing.T) {
	var native any = &auth.NativeAppClient{}
	if _, ok := native.(authorizers.ConfidentialClient); ok {
		t.Error("*auth.NativeAppClient satisfies authorizers.ConfidentialClient; a native app has no secret for the client_credentials grant")
	}
}
