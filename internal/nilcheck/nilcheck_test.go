package nilcheck_test

import (
	"testing"

	"github.com/globus-go/globus/internal/nilcheck"
)

type impl struct{}

func (*impl) Do() {}

type doer interface{ Do() }

func TestNil(t *testing.T) {
	var typed *impl
	var m map[string]int
	var f func()
	for name, c := range map[string]struct {
		v    any
		want bool
	}{
		"nil":          {nil, true},
		"typed nil":    {doer(typed), true},
		"nil map":      {m, true},
		"nil func":     {f, true},
		"pointer":      {doer(&impl{}), false},
		"value":        {impl{}, false},
		"zero int":     {0, false},
		"empty string": {"", false},
		"non-nil map":  {map[string]int{}, false},
	} {
		if got := nilcheck.Nil(c.v); got != c.want {
			t.Errorf("%s: Nil = %v, want %v", name, got, c.want)
		}
	}
}
