package auth_test

import (
	"fmt"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/gen/authapi"
)

// A generated form body prints its secrets redacted, while EncodeForm
// gives the form to send, with the real values.
func ExampleEncodeForm() {
	rt := globus.Secret("example-refresh-token")
	req := authapi.TokenRequest{GrantType: authapi.GrantTypeRefreshToken, RefreshToken: &rt}
	fmt.Println(*req.RefreshToken)
	form, err := auth.EncodeForm(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(form.Encode())
	// Output:
	// [REDACTED]
	// grant_type=refresh_token&refresh_token=example-refresh-token
}
