package transfer_test

import (
	"testing"

	"github.com/globus-go/globus/transfer"
)

func TestScopeAllWithDataAccess(t *testing.T) {
	if got := transfer.ScopeAllWithDataAccess(); got != transfer.ScopeAll {
		t.Errorf("no collections: %q", got)
	}
	got := transfer.ScopeAllWithDataAccess("c1", "c2")
	want := "urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/c1/data_access *https://auth.globus.org/scopes/c2/data_access]"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
