package authorizers_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/globus-go/globus/authorizers"
)

func BenchmarkSetAuthorizationHeader(b *testing.B) {
	a := authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
		b.Fatal("no fetch expected")
		return authorizers.TokenData{}, nil
	}, authorizers.WithAccessToken("benchmark-token", time.Now().Add(48*time.Hour)))
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		h := http.Header{}
		for pb.Next() {
			if err := a.SetAuthorizationHeader(ctx, h); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestSetAuthorizationHeaderAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	a := authorizers.NewRenewingAuthorizer(nil, authorizers.WithAccessToken("tok", time.Now().Add(time.Hour)))
	h := http.Header{}
	ctx := context.Background()
	allocs := testing.AllocsPerRun(1000, func() {
		if err := a.SetAuthorizationHeader(ctx, h); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 1 {
		t.Fatalf("%v allocations per call with a valid token, want at most 1", allocs)
	}
	if got := h.Get("Authorization"); got != "Bearer tok" {
		t.Fatal(got)
	}
}
