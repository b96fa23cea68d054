package authorizers_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/globus-go/globus/authorizers"
)

// BenchmarkSetAuthorizationHeaderSerial is BenchmarkSetAuthorizationHeader
// on one goroutine: the latency of one call, which the parallel benchmark
// divides among GOMAXPROCS goroutines.
func BenchmarkSetAuthorizationHeaderSerial(b *testing.B) {
	for _, tc := range []struct {
		name string
		a    authorizers.Authorizer
	}{
		{"renewing", authorizers.NewRenewingAuthorizer(func(context.Context) (authorizers.TokenData, error) {
			b.Fatal("no fetch expected")
			return authorizers.TokenData{}, nil
		}, authorizers.WithAccessToken("benchmark-token", time.Now().Add(48*time.Hour)))},
		{"static", authorizers.NewAccessTokenAuthorizer("benchmark-token")},
	} {
		b.Run(tc.name, func(b *testing.B) {
			ctx := context.Background()
			h := http.Header{}
			b.ReportAllocs()
			for b.Loop() {
				if err := tc.a.SetAuthorizationHeader(ctx, h); err != nil {
					b.Fatal(err)
				}
			}
			if h.Get("Authorization") != "Bearer benchmark-token" {
				b.Fatalf("header %q", h.Get("Authorization"))
			}
		})
	}
}
