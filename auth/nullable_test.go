package auth_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/oapi-codegen/nullable"

	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/internal/testsupport"
)

// TestUpdateClientClearsWithNull checks that an update body tells the
// three states of a clearable field apart on the wire: unset (not sent),
// null (sent as null, which clears it) and a value; and that a boolean
// set to false is sent as false.
func TestUpdateClientClearsWithNull(t *testing.T) {
	var got map[string]json.RawMessage
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body struct{ Client map[string]json.RawMessage }
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Errorf("body %s: %v", raw, err)
		}
		got = body.Client
		testsupport.WriteJSON(w, http.StatusOK, `{"client":{"id":"`+idClient+`"}}`)
	}))
	defer srv.Close()
	c, err := auth.NewClient(auth.WithBaseURL(srv.URL), auth.WithInsecureHTTP())
	if err != nil {
		t.Fatal(err)
	}
	upd := authapi.ClientUpdate{
		RequiredIdp:         nullable.NewNullNullable[string](),
		PreselectIdp:        nullable.NewNullableWithValue("idp.example.org"),
		PromptForNamedGrant: testsupport.Ptr(false),
	}
	if _, err := c.UpdateClient(t.Context(), idClient, authapi.ClientUpdateRequest{Client: upd}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"required_idp": "null", "preselect_idp": `"idp.example.org"`, "prompt_for_named_grant": "false"}
	for k, v := range want {
		if string(got[k]) != v {
			t.Errorf("%s = %s, want %s", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("sent %d fields, want only %d: %v", len(got), len(want), got)
	}
}
