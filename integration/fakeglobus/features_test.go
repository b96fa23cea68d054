package fakeglobus_test

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/globus-go/globus/integration/fakeglobus"
)

// jwks fetches the fake's signing keys by kid.
func jwks(t *testing.T, e *env) map[string]*rsa.PublicKey {
	t.Helper()
	res, err := e.hc.Get(e.s.AuthURL() + "/jwk.json")
	must(t, err)
	defer res.Body.Close()
	var doc struct {
		Keys []struct{ Kid, Kty, Alg, N, E string }
	}
	must(t, json.NewDecoder(res.Body).Decode(&doc))
	out := map[string]*rsa.PublicKey{}
	for _, k := range doc.Keys {
		n, err1 := base64.RawURLEncoding.DecodeString(k.N)
		x, err2 := base64.RawURLEncoding.DecodeString(k.E)
		if err1 != nil || err2 != nil || k.Kty != "RSA" || k.Alg != "RS256" {
			t.Fatalf("bad JWK %+v", k)
		}
		out[k.Kid] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(x).Int64())}
	}
	return out
}

func verifyIDToken(t *testing.T, keys map[string]*rsa.PublicKey, raw, aud string) jwt.MapClaims {
	t.Helper()
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(tok *jwt.Token) (any, error) {
		k := keys[fmt.Sprint(tok.Header["kid"])]
		if k == nil {
			return nil, fmt.Errorf("unknown kid %v", tok.Header["kid"])
		}
		return k, nil
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithIssuer(fakeglobus.Issuer), jwt.WithAudience(aud))
	if err != nil {
		t.Fatalf("id_token does not verify: %v", err)
	}
	return claims
}

func TestIDTokenAndKeyRotation(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	st, out := e.form("/v2/oauth2/token", clientID, clientSecret, url.Values{"grant_type": {"client_credentials"}, "scope": {"openid profile email"}})
	doc, _ := out.(map[string]any)
	if st != 200 || str(doc["id_token"]) == "" {
		t.Fatalf("client credentials with openid: %d %v", st, out)
	}
	first := str(doc["id_token"])
	claims := verifyIDToken(t, jwks(t, e), first, clientID)
	if claims["sub"] != clientID || claims["preferred_username"] != clientID+"@clients.auth.globus.org" || claims["at_hash"] == nil {
		t.Errorf("claims %v", claims)
	}
	if _, out := e.form("/v2/oauth2/token", clientID, clientSecret, url.Values{"grant_type": {"client_credentials"}, "scope": {fakeglobus.TransferScope}}); out.(map[string]any)["id_token"] != nil {
		t.Errorf("id_token without openid: %v", out)
	}

	oldKid, err := e.s.SigningKeyID()
	must(t, err)
	newKid, err := e.s.RotateSigningKey()
	must(t, err)
	keys := jwks(t, e)
	if newKid == oldKid || keys[newKid] == nil || keys[oldKid] == nil {
		t.Fatalf("after rotation the JWKS has %v (old %s, new %s)", keys, oldKid, newKid)
	}
	_, out = e.form("/v2/oauth2/token", clientID, clientSecret, url.Values{"grant_type": {"client_credentials"}, "scope": {"openid"}})
	second := str(out.(map[string]any)["id_token"])
	tok, _, err := jwt.NewParser().ParseUnverified(second, jwt.MapClaims{})
	must(t, err)
	if tok.Header["kid"] != newKid {
		t.Errorf("new id_token signed by %v, want %s", tok.Header["kid"], newKid)
	}
	verifyIDToken(t, keys, first, clientID)
	verifyIDToken(t, keys, second, clientID)

	res, err := e.hc.Get(e.s.AuthURL() + "/.well-known/openid-configuration")
	must(t, err)
	var cfg map[string]any
	must(t, json.NewDecoder(res.Body).Decode(&cfg))
	res.Body.Close()
	if cfg["issuer"] != fakeglobus.Issuer || cfg["jwks_uri"] != e.s.AuthURL()+"/jwk.json" || cfg["token_endpoint"] != e.s.AuthURL()+"/v2/oauth2/token" {
		t.Errorf("openid configuration %v", cfg)
	}
}

// authGet sends an Auth API GET with a bearer token.
func authGet(t *testing.T, e *env, token, path string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest("GET", e.s.AuthURL()+path, nil)
	must(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := e.hc.Do(req)
	must(t, err)
	defer res.Body.Close()
	var out map[string]any
	must(t, json.NewDecoder(res.Body).Decode(&out))
	return res.StatusCode, out
}

func list(m map[string]any, k string) []map[string]any {
	var out []map[string]any
	l, _ := m[k].([]any)
	for _, x := range l {
		if d, ok := x.(map[string]any); ok {
			out = append(out, d)
		}
	}
	return out
}

func TestLoginIdentitiesConsentsUserinfo(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	must(t, e.s.AddUser(fakeglobus.Identity{ID: otherID, Username: otherName, Name: "Bob"}))
	verifier := strings.Repeat("v", 43)
	loc, err := e.s.Login(e.s.AuthURL() + fakeglobus.AuthorizePath + "?" + url.Values{
		"client_id": {nativeID}, "redirect_uri": {"https://app.example.org/cb"}, "response_type": {"code"},
		"scope":          {"openid profile email urn:globus:auth:scope:auth.globus.org:view_identities " + fakeglobus.TransferScope},
		"code_challenge": {fakeglobus.VerifierChallenge(verifier)}, "code_challenge_method": {"S256"}, "nonce": {"n-0S6"},
	}.Encode())
	must(t, err)
	u, _ := url.Parse(loc)
	st, out := e.form("/v2/oauth2/token", nativeID, "", url.Values{"grant_type": {"authorization_code"}, "code": {u.Query().Get("code")},
		"redirect_uri": {"https://app.example.org/cb"}, "code_verifier": {verifier}})
	doc, _ := out.(map[string]any)
	if st != 200 || doc["resource_server"] != "auth.globus.org" {
		t.Fatalf("code exchange: %d %v", st, out)
	}
	claims := verifyIDToken(t, jwks(t, e), str(doc["id_token"]), nativeID)
	if claims["sub"] != fakeglobus.DefaultUser.ID || claims["nonce"] != "n-0S6" || claims["email"] != fakeglobus.DefaultUser.Email {
		t.Errorf("id_token claims %v", claims)
	}
	authTok := str(doc["access_token"])

	loc, err = e.s.Login(e.s.AuthURL() + fakeglobus.AuthorizePath + "?" + url.Values{
		"client_id": {nativeID}, "redirect_uri": {"https://app.example.org/cb"}, "scope": {"openid"},
		"code_challenge": {fakeglobus.VerifierChallenge(verifier)}, "code_challenge_method": {"S256"}, "login_hint": {otherName},
	}.Encode())
	must(t, err)
	u, _ = url.Parse(loc)
	_, out = e.form("/v2/oauth2/token", nativeID, "", url.Values{"grant_type": {"authorization_code"}, "code": {u.Query().Get("code")},
		"redirect_uri": {"https://app.example.org/cb"}, "code_verifier": {verifier}})
	if c := verifyIDToken(t, jwks(t, e), str(out.(map[string]any)["id_token"]), nativeID); c["sub"] != otherID {
		t.Errorf("login_hint: logged in as %v", c["sub"])
	}

	if st, m := authGet(t, e, authTok, "/v2/oauth2/userinfo"); st != 200 || m["sub"] != fakeglobus.DefaultUser.ID || m["preferred_username"] != fakeglobus.DefaultUser.Username {
		t.Errorf("userinfo: %d %v", st, m)
	}
	st, m := authGet(t, e, authTok, "/v2/api/identities/"+fakeglobus.DefaultUser.ID+"/consents")
	if st != 200 || len(list(m, "consents")) != 5 {
		t.Errorf("consents: %d %v", st, m)
	}
	if st, _ := authGet(t, e, authTok, "/v2/api/identities/"+otherID+"/consents"); st != http.StatusForbidden {
		t.Errorf("someone else's consents: %d", st)
	}

	st, m = authGet(t, e, authTok, "/v2/api/identities?ids="+otherID+","+fakeglobus.DefaultUser.ID)
	if ids := list(m, "identities"); st != 200 || len(ids) != 2 || ids[0]["username"] != otherName || ids[0]["status"] != "used" {
		t.Errorf("identities by id: %d %v", st, m)
	}
	_, m = authGet(t, e, authTok, "/v2/api/identities?usernames=carol@example.org")
	if len(list(m, "identities")) != 0 {
		t.Errorf("unknown username without provision: %v", m)
	}
	_, m = authGet(t, e, authTok, "/v2/api/identities?usernames=Carol@example.org&provision=true")
	_, again := authGet(t, e, authTok, "/v2/api/identities?usernames=carol@example.org&provision=true")
	p1, p2 := list(m, "identities"), list(again, "identities")
	if len(p1) != 1 || len(p2) != 1 || p1[0]["id"] != p2[0]["id"] || p1[0]["status"] != "unused" {
		t.Errorf("provisioned %v then %v", p1, p2)
	}
	if st, _ := authGet(t, e, "not-a-token", "/v2/api/identities?ids="+otherID); st != http.StatusUnauthorized {
		t.Errorf("identities without a token: %d", st)
	}
}

func TestDependentTokensHonourScope(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	const rs = "7e1a0000-0000-4000-8000-0000000000a5"
	must(t, e.s.AddClient(fakeglobus.Client{ID: rs, Secret: "rs-secret",
		DependentScopes: []string{fakeglobus.TransferScope, "urn:globus:auth:scope:auth.globus.org:view_identities"}}))
	user, err := e.s.IssueToken(clientID, "https://auth.globus.org/scopes/"+rs+"/all")
	must(t, err)
	st, out := e.form("/v2/oauth2/token", rs, "rs-secret", url.Values{"grant_type": {"urn:globus:auth:grant_type:dependent_token"}, "token": {user}})
	if l, _ := out.([]any); st != 200 || len(l) != 2 {
		t.Fatalf("all dependent tokens: %d %v", st, out)
	}
	st, out = e.form("/v2/oauth2/token", rs, "rs-secret", url.Values{"grant_type": {"urn:globus:auth:grant_type:dependent_token"}, "token": {user}, "scope": {fakeglobus.TransferScope}})
	l, _ := out.([]any)
	if st != 200 || len(l) != 1 || l[0].(map[string]any)["resource_server"] != fakeglobus.TransferResourceServer {
		t.Fatalf("dependent token for one scope: %d %v", st, out)
	}
	st, out = e.form("/v2/oauth2/token", rs, "rs-secret", url.Values{"grant_type": {"urn:globus:auth:grant_type:dependent_token"}, "token": {user}, "scope": {"urn:globus:auth:scope:groups.api.globus.org:all"}})
	if st != 400 || out.(map[string]any)["error"] != "invalid_scope" {
		t.Errorf("dependent token for a scope not depended on: %d %v", st, out)
	}
}

func TestPermissions(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{TaskPolls: 100})
	must(t, e.s.AddUser(fakeglobus.Identity{ID: otherID, Username: otherName}))
	bob, err := e.s.IssueTokenFor(clientID, otherName, fakeglobus.TransferScope)
	must(t, err)
	must(t, e.s.PutFile(colA, "/share/data.txt", []byte("shared")))

	st, m := e.do("POST", "/shared_endpoint", map[string]any{"DATA_TYPE": "shared_endpoint", "display_name": "Alice's share", "host_endpoint_id": colA, "host_path": "/share/"})
	guest := str(m["id"])
	if st != http.StatusCreated || guest == "" {
		t.Fatalf("create guest collection: %d %v", st, m)
	}
	denied := func(what string, st int, m map[string]any) {
		t.Helper()
		if st != http.StatusForbidden || m["code"] != "PermissionDenied" || !strings.HasPrefix(str(m["resource"]), "/") || strings.HasPrefix(str(m["resource"]), "/v0.10") {
			t.Errorf("%s: want 403 PermissionDenied, got %d %v", what, st, m)
		}
	}
	lsPath := "/operation/endpoint/" + guest + "/ls?path=/"
	st, m = e.doToken(bob, "GET", lsPath, nil)
	denied("bob lists the guest collection", st, m)
	st, m = e.doToken(bob, "POST", "/endpoint/"+guest+"/access", map[string]any{"DATA_TYPE": "access", "principal_type": "anonymous", "principal": "", "path": "/", "permissions": "rw"})
	denied("bob adds an anonymous rw rule", st, m)
	st, m = e.doToken(bob, "GET", "/endpoint/"+guest+"/role_list", nil)
	denied("bob lists roles", st, m)

	if st, m := e.do("GET", lsPath, nil); st != 200 || len(data(m)) != 1 {
		t.Errorf("alice lists her guest collection: %d %v", st, m)
	}
	st, m = e.do("POST", "/endpoint/"+guest+"/access", map[string]any{"DATA_TYPE": "access", "principal_type": "identity", "principal": otherID, "path": "/", "permissions": "r"})
	rule := str(m["access_id"])
	if st != http.StatusCreated {
		t.Fatalf("alice shares read-only: %d %v", st, m)
	}
	if st, m := e.doToken(bob, "GET", lsPath, nil); st != 200 || data(m)[0]["name"] != "data.txt" {
		t.Errorf("bob lists after the rule: %d %v", st, m)
	}
	if _, m := e.doToken(bob, "GET", "/endpoint_search?filter_scope=shared-with-me", nil); len(data(m)) != 1 || data(m)[0]["id"] != guest || data(m)[0]["entity_type"] != "GCSv5_guest_collection" {
		t.Errorf("bob's shared-with-me search: %v", m)
	}
	if _, m := e.do("GET", "/endpoint_search?filter_scope=shared-by-me", nil); len(data(m)) != 1 || data(m)[0]["host_endpoint_id"] != colA {
		t.Errorf("alice's shared-by-me search: %v", m)
	}
	st, m = e.doToken(bob, "POST", "/operation/endpoint/"+guest+"/mkdir", map[string]any{"DATA_TYPE": "mkdir", "path": "/bobdir"})
	denied("bob mkdir with r", st, m)
	sub := func(tok string) string {
		_, m := e.doToken(tok, "GET", "/submission_id", nil)
		return str(m["value"])
	}
	doc := map[string]any{"DATA_TYPE": "transfer", "submission_id": sub(bob), "source_endpoint": colB, "destination_endpoint": guest,
		"DATA": []any{map[string]any{"DATA_TYPE": "transfer_item", "source_path": "/x", "destination_path": "/x"}}}
	st, m = e.doToken(bob, "POST", "/transfer", doc)
	denied("bob transfers into the guest collection", st, m)
	if st, _ := e.do("PUT", "/endpoint/"+guest+"/access/"+rule, map[string]any{"DATA_TYPE": "access", "permissions": "rw"}); st != 200 {
		t.Fatalf("alice grants rw: %d", st)
	}
	if st, m := e.doToken(bob, "POST", "/operation/endpoint/"+guest+"/mkdir", map[string]any{"DATA_TYPE": "mkdir", "path": "/bobdir"}); st != http.StatusAccepted {
		t.Errorf("bob mkdir with rw: %d %v", st, m)
	}
	if ok, dir := e.s.Exists(colA, "/share/bobdir"); !ok || !dir {
		t.Error("the guest collection's mkdir did not reach the host's tree")
	}

	// Roles: a monitor sees Alice's task, a manager may cancel it.
	must(t, e.s.PutFile(colA, "/f", []byte("x")))
	_, m = e.do("POST", "/transfer", transferDoc(submissionID(e), map[string]any{"source_path": "/f", "destination_path": "/g"}))
	task := str(m["task_id"])
	st, m = e.doToken(bob, "GET", "/endpoint_manager/task/"+task, nil)
	denied("bob monitors without a role", st, m)
	if st, m := e.doToken(bob, "GET", "/task/"+task, nil); st != http.StatusNotFound {
		t.Errorf("bob gets alice's task as a user: %d %v", st, m)
	}
	if st, m := e.do("POST", "/endpoint/"+colA+"/role", map[string]any{"DATA_TYPE": "role", "principal_type": "identity", "principal": otherID, "role": fakeglobus.RoleActivityMonitor}); st != http.StatusCreated {
		t.Fatalf("add role: %d %v", st, m)
	}
	if st, m := e.doToken(bob, "GET", "/endpoint_manager/task/"+task, nil); st != 200 || m["task_id"] != task {
		t.Errorf("bob monitors with activity_monitor: %d %v", st, m)
	}
	if _, m := e.doToken(bob, "GET", "/endpoint_manager/task_list?filter_endpoint="+colA, nil); len(data(m)) != 1 {
		t.Errorf("bob's manager task list: %v", m)
	}
	if st, m := e.doToken(bob, "GET", "/endpoint_manager/task_list", nil); st != http.StatusBadRequest {
		t.Errorf("manager task list without a filter: %d %v", st, m)
	}
	if _, m := e.doToken(bob, "GET", "/endpoint_manager/task_list?filter_status=ACTIVE", nil); len(data(m)) != 1 {
		t.Errorf("bob's running tasks: %v", m)
	}
	st, m = e.doToken(bob, "GET", "/endpoint_manager/task_list?filter_endpoint="+colB, nil)
	denied("bob lists tasks of an endpoint he has no role on", st, m)
	cancel := map[string]any{"DATA_TYPE": "admin_cancel", "task_id_list": []string{task}, "message": "maintenance"}
	st, m = e.doToken(bob, "POST", "/endpoint_manager/admin_cancel", cancel)
	denied("a monitor cancels", st, m)
	must(t, e.s.AddRole(colA, otherName, fakeglobus.RoleActivityManager))
	if st, m := e.doToken(bob, "POST", "/endpoint_manager/admin_cancel", cancel); st != http.StatusAccepted || m["done"] != true {
		t.Errorf("a manager cancels: %d %v", st, m)
	}
	if _, m := e.do("GET", "/task/"+task, nil); m["status"] != "FAILED" || m["canceled_by_admin"] != "SOURCE" || m["canceled_by_admin_message"] != "maintenance" {
		t.Errorf("task after admin cancel: %v", m)
	}
}

func TestPauseRules(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	must(t, e.s.PutFile(colA, "/f", []byte("x")))
	st, m := e.do("POST", "/endpoint_manager/pause_rule", map[string]any{"DATA_TYPE": "pause_rule", "endpoint_id": colB, "message": "disk swap", "pause_task_transfer_write": true})
	rule := str(m["id"])
	if st != http.StatusCreated {
		t.Fatalf("create pause rule: %d %v", st, m)
	}
	doc := transferDoc(submissionID(e), map[string]any{"source_path": "/f", "destination_path": "/g"})
	_, m = e.do("POST", "/transfer", doc)
	task := str(m["task_id"])
	e.s.CompleteTasks()
	if _, m := e.do("GET", "/task/"+task, nil); m["status"] != "ACTIVE" || m["is_paused"] != true || m["nice_status"] != "PAUSED_BY_ADMIN" {
		t.Errorf("paused task: %v", m)
	}
	if _, m := e.do("GET", "/task/"+task+"/pause_info", nil); len(list(m, "pause_rules")) != 1 || list(m, "pause_rules")[0]["message"] != "disk swap" {
		t.Errorf("pause info: %v", m)
	}
	st, m = e.do("POST", "/endpoint_manager/pause_rule", map[string]any{"DATA_TYPE": "pause_rule", "endpoint_id": colA, "message": "fsck", "pause_ls": true, "identity_id": fakeglobus.DefaultUser.ID})
	if st != http.StatusCreated {
		t.Fatalf("create ls pause rule: %d %v", st, m)
	}
	if st, m := ls(e, colA, "/", nil); st != http.StatusConflict || m["code"] != "OperationPaused" || m["pause_message"] != "fsck" {
		t.Errorf("paused ls: %d %v", st, m)
	}
	if _, m := e.do("GET", "/endpoint/"+colA+"/my_effective_pause_rule_list", nil); len(data(m)) != 1 || data(m)[0]["DATA_TYPE"] != "pause_rule_limited" {
		t.Errorf("my effective pause rules: %v", m)
	}
	if st, _ := e.do("DELETE", "/endpoint_manager/pause_rule/"+rule, nil); st != 200 {
		t.Fatalf("delete rule: %d", st)
	}
	if _, m := e.do("GET", "/task/"+task, nil); m["status"] != "SUCCEEDED" {
		t.Errorf("task after the rule went: %v", m)
	}
}

func TestTaskListFiltersAndOrder(t *testing.T) {
	clock := &fakeglobus.ManualClock{}
	e := newEnv(t, fakeglobus.Options{Now: clock.Now, TaskDuration: time.Hour, TokenLifetime: 30 * 24 * time.Hour})
	must(t, e.s.PutFile(colA, "/f", []byte("x")))
	var ids []string
	for i, label := range []string{"b", "a", "c"} {
		d := transferDoc(submissionID(e), map[string]any{"source_path": "/f", "destination_path": fmt.Sprintf("/g%d", i)})
		d["label"] = label
		_, m := e.do("POST", "/transfer", d)
		ids = append(ids, str(m["task_id"]))
		clock.Advance(24 * time.Hour) // task i ends on day i+1
		e.s.CompleteTasks()
	}
	labels := func(q string) string {
		t.Helper()
		st, m := e.do("GET", "/task_list?"+q, nil)
		if st != 200 {
			t.Fatalf("task_list?%s: %d %v", q, st, m)
		}
		var out []string
		for _, d := range data(m) {
			out = append(out, str(d["label"]))
		}
		return strings.Join(out, ",")
	}
	cases := map[string]string{
		"":                                    "c,a,b",
		"orderby=label":                       "a,b,c",
		"orderby=label+DESC":                  "c,b,a",
		"orderby=status+ASC,request_time+ASC": "b,a,c",
		"filter=request_time:2026-01-02,":     "c,a",
		"filter=request_time:,2026-01-02":     "a,b",
		"filter=request_time:2026-01-01T12:00:00,2026-01-02T12:00:00": "a",
		"filter=completion_time:2026-01-03":                           "c,a",
		"filter=completion_time:2026-01-03,2026-01-03/label:~c*":      "",
		"filter=status:SUCCEEDED/label:!b&orderby=label":              "a,c",
		"filter=task_id:" + ids[0]:                                    "b",
		"filter=request_time:2026-01-02+00:00:00+00:00,":              "c,a",
		"filter=request_time:2026-01-02T00:00:00%2B00:00,":            "c,a",
	}
	for q, want := range cases {
		if got := labels(q); got != want {
			t.Errorf("task_list?%s: labels %q, want %q", q, got, want)
		}
	}
	for _, q := range []string{"orderby=bogus", "orderby=label+SIDEWAYS", "filter=request_time:yesterday", "filter=request_time:2026-02-01,2026-01-01"} {
		if st, m := e.do("GET", "/task_list?"+q, nil); st != http.StatusBadRequest {
			t.Errorf("task_list?%s: %d %v", q, st, m)
		}
	}
}

func TestLsOrderBy(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	must(t, e.s.PutFile(colA, "/d/big", []byte("0123456789")))
	must(t, e.s.PutFile(colA, "/d/small", []byte("0")))
	must(t, e.s.PutFile(colA, "/d/mid", []byte("01234")))
	must(t, e.s.Mkdir(colA, "/d/sub"))
	names := func(orderby string) string {
		t.Helper()
		st, m := ls(e, colA, "/d/", url.Values{"orderby": {orderby}})
		if st != 200 {
			t.Fatalf("ls orderby=%s: %d %v", orderby, st, m)
		}
		var out []string
		for _, f := range data(m) {
			out = append(out, str(f["name"]))
		}
		return strings.Join(out, ",")
	}
	for orderby, want := range map[string]string{
		"":                   "sub,big,mid,small",
		"name":               "big,mid,small,sub",
		"name DESC":          "sub,small,mid,big",
		"type DESC,size ASC": "small,mid,big,sub",
		"size DESC":          "sub,big,mid,small",
	} {
		if got := names(orderby); got != want {
			t.Errorf("ls orderby=%q: %s, want %s", orderby, got, want)
		}
	}
}

func TestServiceDetails(t *testing.T) {
	var mu sync.Mutex
	var seen []error
	e := newEnv(t, fakeglobus.Options{Report: func(err error) { mu.Lock(); seen = append(seen, err); mu.Unlock() }})
	if st, m := e.do("GET", "/no/such/thing", nil); st != http.StatusNotFound || m["code"] != "ClientError.NotFound" || m["resource"] != "/no/such/thing" {
		t.Errorf("unknown Transfer path: %d %v", st, m)
	}
	if res, _, err := e.raw("/no/such/thing"); err != nil || res.Header.Get("X-Transfer-API-Error") != "ClientError.NotFound" {
		t.Errorf("X-Transfer-API-Error of an unknown path: %v %v", err, res)
	}
	if st, _ := authGet(t, e, e.token, "/v2/api/nothing"); st != http.StatusNotFound {
		t.Errorf("unknown Auth path: %d", st)
	}
	mu.Lock()
	if len(seen) != 3 {
		t.Errorf("unknown paths are reported as spec violations, got %v", seen)
	}
	mu.Unlock()

	must(t, e.s.PutFile(colA, "/f", []byte("x")))
	item := map[string]any{"source_path": "/f", "destination_path": "/g"}
	for _, bad := range []string{"5e1f0a36-0000-4000-8000-000000000001", "garbage"} {
		if st, m := e.do("POST", "/transfer", transferDoc(bad, item)); st != http.StatusBadRequest || m["code"] != "ClientError.BadRequest" {
			t.Errorf("submission id %q not issued by the fake: %d %v", bad, st, m)
		}
	}
	st, m := e.do("POST", "/transfer", transferDoc(submissionID(e), item))
	if st != http.StatusAccepted || m["resource"] != "/transfer" {
		t.Errorf("submit: %d %v", st, m)
	}
}

// authSend sends an Auth API request with a bearer token or, with secret
// set, HTTP Basic as a client.
func authSend(t *testing.T, e *env, method, path, token, id, secret string, body any) (int, map[string]any) {
	t.Helper()
	var rd *strings.Reader
	if body != nil {
		b, err := json.Marshal(body)
		must(t, err)
		rd = strings.NewReader(string(b))
	} else {
		rd = strings.NewReader("")
	}
	req, err := http.NewRequest(method, e.s.AuthURL()+path, rd)
	must(t, err)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if secret != "" {
		req.SetBasicAuth(id, secret)
	} else {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := e.hc.Do(req)
	must(t, err)
	defer res.Body.Close()
	var out map[string]any
	must(t, json.NewDecoder(res.Body).Decode(&out))
	return res.StatusCode, out
}

func TestAuthOwnership(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	must(t, e.s.AddUser(fakeglobus.Identity{ID: otherID, Username: otherName}))
	const view = "urn:globus:auth:scope:auth.globus.org:view_identities"
	alice, err := e.s.IssueToken(clientID, "openid", view)
	must(t, err)
	bob, err := e.s.IssueTokenFor(clientID, otherName, "openid", view)
	must(t, err)
	as := func(tok, method, path string, body any) (int, map[string]any) {
		t.Helper()
		return authSend(t, e, method, path, tok, "", "", body)
	}

	_, m := as(alice, "POST", "/v2/api/projects", map[string]any{"project": map[string]any{"display_name": "Lab", "contact_email": "lab@example.org"}})
	project := obj(m, "project")
	if !strings.Contains(fmt.Sprint(project["admin_ids"]), fakeglobus.DefaultUser.ID) {
		t.Fatalf("the creator is not an admin: %v", m)
	}
	pid := str(project["id"])
	if st, _ := as(bob, "GET", "/v2/api/projects/"+pid, nil); st != http.StatusNotFound {
		t.Errorf("bob gets alice's project: %d", st)
	}
	if _, m := as(bob, "GET", "/v2/api/projects", nil); len(list(m, "projects")) != 0 {
		t.Errorf("bob's projects: %v", m)
	}
	if st, _ := as(bob, "POST", "/v2/api/policies", map[string]any{"policy": map[string]any{"project_id": pid, "display_name": "p", "description": "d"}}); st != http.StatusForbidden {
		t.Errorf("bob creates a policy in alice's project: %d", st)
	}
	st, m := as(alice, "POST", "/v2/api/policies", map[string]any{"policy": map[string]any{"project_id": pid, "display_name": "p", "description": "d", "required_mfa": true}})
	if st != 200 || obj(m, "policy")["required_mfa"] != true {
		t.Errorf("alice creates a policy: %d %v", st, m)
	}

	// A client registered in the project gets a secret that works at once.
	_, m = as(alice, "POST", "/v2/api/clients", map[string]any{"client": map[string]any{"name": "Lab service", "project": pid, "client_type": "confidential_client"}})
	svc := str(obj(m, "client")["id"])
	secret := str(obj(obj(m, "included"), "client_credential")["secret"])
	if svc == "" || secret == "" {
		t.Fatalf("client create: %v", m)
	}
	if st, out := e.form("/v2/oauth2/token", svc, secret, url.Values{"grant_type": {"client_credentials"}, "scope": {fakeglobus.TransferScope}}); st != 200 {
		t.Errorf("the new client's credential: %d %v", st, out)
	}
	if st, _ := as(bob, "PUT", "/v2/api/clients/"+svc, map[string]any{"client": map[string]any{"name": "mine now"}}); st != http.StatusForbidden {
		t.Errorf("bob renames alice's client: %d", st)
	}

	// The service (a resource server) registers a scope that depends on
	// Transfer; the dependent-token grant then gives Transfer tokens.
	st, m = authSend(t, e, "POST", "/v2/api/clients/"+svc+"/scopes", "", svc, secret, map[string]any{"scope": map[string]any{
		"name": "Lab", "description": "Use the lab service", "scope_suffix": "all",
		"dependent_scopes": []any{map[string]any{"scope": fakeglobus.TransferScope, "optional": false, "requires_refresh_token": false}},
	}})
	scopeString := str(obj(m, "scope")["scope_string"])
	if st != 200 || scopeString != "https://auth.globus.org/scopes/"+svc+"/all" {
		t.Fatalf("the client creates its scope: %d %v", st, m)
	}
	user, err := e.s.IssueToken(clientID, scopeString)
	must(t, err)
	st, out := e.form("/v2/oauth2/token", svc, secret, url.Values{"grant_type": {"urn:globus:auth:grant_type:dependent_token"}, "token": {user}})
	if l, _ := out.([]any); st != 200 || len(l) != 1 || l[0].(map[string]any)["resource_server"] != fakeglobus.TransferResourceServer {
		t.Errorf("dependent tokens from the registered scope: %d %v", st, out)
	}

	// A client registers a child client with its own credentials.
	st, m = authSend(t, e, "POST", "/v2/api/clients", "", svc, secret, map[string]any{"client": map[string]any{"name": "child", "public_client": false}})
	if st != 200 || obj(m, "client")["parent_client"] != svc {
		t.Errorf("child client: %d %v", st, m)
	}
	if st, _ := as(alice, "DELETE", "/v2/api/projects/"+pid, nil); st != http.StatusConflict {
		t.Errorf("deleting a project that still has clients: %d", st)
	}
	if st, _ := as(alice, "DELETE", "/v2/api/clients/"+svc, nil); st != 200 {
		t.Errorf("alice deletes her client: %d", st)
	}
	if st, _ := e.form("/v2/oauth2/token", svc, secret, url.Values{"grant_type": {"client_credentials"}, "scope": {fakeglobus.TransferScope}}); st != http.StatusUnauthorized {
		t.Errorf("a deleted client's credential: %d", st)
	}
}

func TestEffectiveRoles(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	must(t, e.s.AddUser(fakeglobus.Identity{ID: otherID, Username: otherName}))
	const guest = "9e570000-0000-4000-8000-000000000003"
	must(t, e.s.CreateCollection(fakeglobus.CollectionConfig{ID: guest, DisplayName: "Guest", HostID: colA, HostPath: "/g/"}))
	bob, err := e.s.IssueTokenFor(clientID, otherName, fakeglobus.TransferScope)
	must(t, err)
	roles := func(tok, id string) string {
		t.Helper()
		_, m := e.doToken(tok, "GET", "/endpoint/"+id, nil)
		return fmt.Sprint(m["my_effective_roles"])
	}
	if got := roles(e.token, colA); got != "[administrator access_manager activity_manager activity_monitor]" {
		t.Errorf("the owner's effective roles: %s", got)
	}
	if _, m := e.do("GET", "/endpoint/"+colA+"/role_list", nil); len(data(m)) != 0 {
		t.Errorf("the owner's role is implicit, not listed: %v", m)
	}
	must(t, e.s.AddRole(colA, otherName, fakeglobus.RoleActivityManager))
	if got := roles(bob, guest); got != "[activity_manager activity_monitor]" {
		t.Errorf("roles inherited from the host: %s", got)
	}
	if st, m := e.do("POST", "/endpoint/"+colA+"/role", map[string]any{"DATA_TYPE": "role", "principal_type": "identity", "principal": otherID, "role": "access_manager"}); st != http.StatusConflict || m["code"] != "NotSupported" {
		t.Errorf("access_manager on a mapped collection: %d %v", st, m)
	}
	if st, m := e.do("POST", "/endpoint/"+guest+"/role", map[string]any{"DATA_TYPE": "role", "principal_type": "identity", "principal": otherID, "role": "access_manager"}); st != http.StatusCreated {
		t.Fatalf("access_manager on the guest collection: %d %v", st, m)
	}
	_, m := e.doToken(bob, "GET", "/endpoint/"+guest+"/access_list", nil)
	if d := data(m); len(d) != 1 || d[0]["role_type"] != "access_manager" || d[0]["permissions"] != "rw" || d[0]["id"] != nil {
		t.Errorf("the access manager's implied rule: %v", m)
	}
	if st, m := e.doToken(bob, "POST", "/operation/endpoint/"+guest+"/mkdir", map[string]any{"DATA_TYPE": "mkdir", "path": "/bob"}); st != http.StatusAccepted {
		t.Errorf("an access manager writes: %d %v", st, m)
	}
}

func TestLsLastModifiedAndSubmissionRequired(t *testing.T) {
	clock := &fakeglobus.ManualClock{}
	e := newEnv(t, fakeglobus.Options{Now: clock.Now, TokenLifetime: 30 * 24 * time.Hour})
	must(t, e.s.PutFile(colA, "/d/old", []byte("o")))
	clock.Advance(48 * time.Hour)
	must(t, e.s.PutFile(colA, "/d/new", []byte("n")))
	if _, m := ls(e, colA, "/d/", url.Values{"filter": {"last_modified:2026-01-02,"}}); len(data(m)) != 1 || data(m)[0]["name"] != "new" {
		t.Errorf("last_modified filter: %v", m)
	}
	if _, m := ls(e, colA, "/d/", url.Values{"filter": {"last_modified:,2026-01-01 00:00:00"}}); len(data(m)) != 1 || data(m)[0]["name"] != "old" {
		t.Errorf("last_modified filter with a time: %v", m)
	}
	if st, m := e.do("POST", "/transfer", transferDoc("", map[string]any{"source_path": "/d/old", "destination_path": "/x"})); st != http.StatusBadRequest {
		t.Errorf("a transfer without submission_id: %d %v", st, m)
	}
}

func TestPrivateCollection(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	must(t, e.s.AddUser(fakeglobus.Identity{ID: otherID, Username: otherName}))
	const private = "9e570000-0000-4000-8000-0000000000c1"
	must(t, e.s.CreateCollection(fakeglobus.CollectionConfig{ID: private, DisplayName: "Private data", Private: true}))
	must(t, e.s.PutFile(private, "/secret", []byte("s")))
	bob, err := e.s.IssueTokenFor(clientID, otherName, fakeglobus.TransferScope)
	must(t, err)
	if st, m := e.doToken(bob, "GET", "/endpoint/"+private, nil); st != http.StatusForbidden || m["code"] != "PermissionDenied" {
		t.Errorf("a stranger gets a private collection: %d %v", st, m)
	}
	if _, m := e.doToken(bob, "GET", "/endpoint_search?filter_fulltext=private", nil); len(data(m)) != 0 {
		t.Errorf("a stranger finds a private collection: %v", m)
	}
	if _, m := e.do("GET", "/endpoint_search?filter_fulltext=private", nil); len(data(m)) != 1 || data(m)[0]["public"] != false {
		t.Errorf("the owner searches: %v", m)
	}
	must(t, e.s.AddRole(private, otherName, fakeglobus.RoleActivityMonitor))
	if st, _ := e.doToken(bob, "GET", "/endpoint/"+private, nil); st != 200 {
		t.Errorf("a monitor gets the private collection: %d", st)
	}
	if st, m := ls(&env{t: t, s: e.s, hc: e.hc, token: bob}, private, "/", nil); st != http.StatusForbidden {
		t.Errorf("a monitor lists the private collection: %d %v", st, m)
	}
	must(t, e.s.AddRole(private, otherName, fakeglobus.RoleAdministrator))
	if st, m := ls(&env{t: t, s: e.s, hc: e.hc, token: bob}, private, "/", nil); st != 200 || len(data(m)) != 1 {
		t.Errorf("an administrator lists the private collection: %d %v", st, m)
	}
}

func TestDeleteEndpointUnderATask(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{TaskPolls: 5})
	must(t, e.s.PutFile(colA, "/f", []byte("x")))
	_, m := e.do("POST", "/transfer", transferDoc(submissionID(e), map[string]any{"source_path": "/f", "destination_path": "/g"}))
	task := str(m["task_id"])
	if st, m := e.do("DELETE", "/endpoint/"+colB, nil); st != 200 || m["code"] != "Deleted" {
		t.Fatalf("delete the destination: %d %v", st, m)
	}
	e.s.CompleteTasks()
	_, m = e.do("GET", "/task/"+task, nil)
	if m["status"] != "FAILED" || obj(m, "fatal_error")["code"] != "ENDPOINT_NOT_FOUND" {
		t.Errorf("a task whose destination was deleted: %v", m)
	}
	if st, m := e.do("GET", "/endpoint/"+colB, nil); st != http.StatusNotFound || m["code"] != "EndpointNotFound" {
		t.Errorf("the deleted endpoint: %d %v", st, m)
	}
}

func TestFieldsParameter(t *testing.T) {
	e := newEnv(t, fakeglobus.Options{})
	must(t, e.s.PutFile(colA, "/d/f", []byte("x")))
	_, m := ls(e, colA, "/d/", url.Values{"fields": {"name,size"}})
	if d := data(m); len(d) != 1 || len(d[0]) != 3 || d[0]["name"] != "f" || m["path"] != "/d/" {
		t.Errorf("ls with fields: %v", m)
	}
	_, m = e.do("POST", "/transfer", transferDoc(submissionID(e), map[string]any{"source_path": "/d/f", "destination_path": "/g"}))
	task := str(m["task_id"])
	for _, p := range []string{"/task_list?fields=task_id", "/task/" + task + "?fields=status", "/task/" + task + "/event_list?fields=code",
		"/endpoint_search?filter_fulltext=collection&fields=id", "/bookmark_list?fields=name", "/endpoint/" + colA + "/server_list?fields=hostname",
		"/endpoint_manager/task_list?filter_endpoint=" + colA + "&fields=task_id", "/endpoint/" + colA + "/role_list?fields=role"} {
		if st, m := e.do("GET", p, nil); st != 200 {
			t.Errorf("%s: %d %v", p, st, m)
		}
	}
	_, m = e.do("GET", "/endpoint/"+colA+"?fields=display_name", nil)
	if len(m) != 2 || m["display_name"] != "Collection A" {
		t.Errorf("endpoint with fields: %v", m)
	}
}
