package auth_test

import (
	"context"
	"errors"
	"testing"

	"github.com/globus-go/globus/auth"
)

func TestIdentityMapWithoutClient(t *testing.T) {
	for name, api := range map[string]auth.IdentityLookup{
		"nil":              nil,
		"nil *auth.Client": (*auth.Client)(nil),
		"zero auth.Client": &auth.Client{},
	} {
		m := auth.NewIdentityMap(api, []string{"ada@example.org"})
		var ue *auth.UsageError
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: Get panicked: %v", name, r)
				}
			}()
			if _, err := m.Get(context.Background(), "ada@example.org"); !errors.As(err, &ue) {
				t.Errorf("%s: Get err = %v (%T), want *auth.UsageError", name, err, err)
			}
			if err := m.Resolve(context.Background()); !errors.As(err, &ue) {
				t.Errorf("%s: Resolve err = %v (%T), want *auth.UsageError", name, err, err)
			}
		}()
	}
}
