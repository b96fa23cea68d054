"""Drive a running fakeglobus server command with the official Globus Python
SDK (globus-sdk), step by step, and check every answer.

    FAKEGLOBUS_URL=http://127.0.0.1:8765 python3 conformance.py

The SDK finds the fake through its own configuration,
GLOBUS_SDK_SERVICE_URL_AUTH and GLOBUS_SDK_SERVICE_URL_TRANSFER (both the
server's root: the SDK's Transfer paths start with /v0.10), which this script
sets from FAKEGLOBUS_URL before it imports the SDK. The ids are those of the
command's demo seed. Two apps take part: the demo confidential client, with
client credentials, and alice, who logs in through a globus_sdk.UserApp whose
login flow plays the browser over HTTP (the fake's authorize page logs in
without asking). The exit status is 1 when any step fails.
"""

import os
import sys
import urllib.parse

BASE = os.environ.get("FAKEGLOBUS_URL", "http://127.0.0.1:8765").rstrip("/")
os.environ.setdefault("GLOBUS_SDK_SERVICE_URL_AUTH", BASE)
os.environ.setdefault("GLOBUS_SDK_SERVICE_URL_TRANSFER", BASE)

import requests  # noqa: E402  (after the environment is set)
import globus_sdk  # noqa: E402
from globus_sdk.login_flows import LoginFlowManager  # noqa: E402

CLIENT_ID = os.environ.get("FAKEGLOBUS_CLIENT_ID", "de3c1a50-0000-4000-8000-00000000c0de")
CLIENT_SECRET = os.environ.get("FAKEGLOBUS_CLIENT_SECRET", "demo-secret")
NATIVE_ID = "de3a7e00-0000-4000-8000-0000000a7e00"
SRC = "de305d54-75b4-431b-adb2-eb6b9e546014"
DST = "de305d54-75b4-431b-adb2-eb6b9e546015"
SHARE = "de305d54-75b4-431b-adb2-eb6b9e546016"
ALICE = ("6f1f5f3e-2d4c-4b7a-9a51-3f7c1e0b9d21", "alice@example.org")
BOB = ("2b3c4d5e-0000-4000-8000-0000000000b0", "bob@example.org")
VIEW_IDENTITIES = "urn:globus:auth:scope:auth.globus.org:view_identities"

passed = []
failed = []


def check(cond, what, detail=None):
    if not cond:
        raise AssertionError(what if detail is None else f"{what}: {detail!r}")


def step(name):
    """Run the decorated function at once as one named step, and report it."""

    def run(fn):
        try:
            fn()
        except Exception as e:  # every failure is reported, then counted
            failed.append(name)
            print(f"FAIL {name}: {type(e).__name__}: {e}")
        else:
            passed.append(name)
            print(f"ok   {name}")
        return fn

    return run


def refused(fn, status, code):
    """Check that fn raises a GlobusAPIError with status and code."""
    try:
        fn()
    except globus_sdk.GlobusAPIError as e:
        check(e.http_status == status and e.code == code, "refusal", (e.http_status, e.code))
        return
    raise AssertionError(f"not refused (wanted {status} {code})")


class HTTPBrowserFlow(LoginFlowManager):
    """A login flow that plays the browser: it fetches the authorize URL,
    which the fake answers with a redirect carrying the code, and exchanges
    the code. It stands in for the command-line or local-server flows,
    which need a person."""

    @classmethod
    def for_globus_app(cls, app_name, login_client, config):
        return cls(login_client)

    def run_login_flow(self, auth_parameters):
        redirect = self.login_client.base_url.rstrip("/") + "/v2/web/auth-code"
        self.login_client.oauth2_start_flow(
            redirect_uri=redirect, requested_scopes=auth_parameters.required_scopes, refresh_tokens=True
        )
        r = requests.get(self.login_client.oauth2_get_authorize_url(), allow_redirects=False)
        check(r.status_code == 302 and "Location" in r.headers, "authorize redirect", r.status_code)
        query = urllib.parse.parse_qs(urllib.parse.urlparse(r.headers["Location"]).query)
        return self.login_client.oauth2_exchange_code_for_tokens(query["code"][0])


state = {}

# The confidential client, with client credentials.
cc = globus_sdk.ConfidentialAppAuthClient(CLIENT_ID, CLIENT_SECRET)


@step("client credentials, with the id_token verified against the JWKS")
def _():
    scopes = [globus_sdk.TransferClient.scopes.all, "openid", "profile", "email", VIEW_IDENTITIES]
    tokens = cc.oauth2_client_credentials_tokens(requested_scopes=scopes)
    check(set(tokens.by_resource_server) == {"auth.globus.org", "transfer.api.globus.org"}, "resource servers")
    state["transfer"] = tokens.by_resource_server["transfer.api.globus.org"]["access_token"]
    state["auth"] = tokens.by_resource_server["auth.globus.org"]["access_token"]
    # decode_id_token reads the top-level id_token (Globus answers the
    # auth.globus.org token on top), fetches the OpenID configuration and
    # the JWKS, and checks the signature and audience.
    check(tokens.decode_id_token()["sub"] == CLIENT_ID, "id_token sub")


@step("introspection")
def _():
    got = cc.oauth2_token_introspect(state["transfer"])
    check(got["active"] is True and got["client_id"] == CLIENT_ID, "introspection", got.data)


ac = globus_sdk.AuthClient(authorizer=globus_sdk.AccessTokenAuthorizer(state.get("auth", "")))


@step("identities by username and by id, identity providers, userinfo")
def _():
    by_name = ac.get_identities(usernames=[ALICE[1]])["identities"]
    check([i["id"] for i in by_name] == [ALICE[0]], "by username", by_name)
    by_id = ac.get_identities(ids=[ALICE[0], BOB[0]])["identities"]
    check(sorted(i["username"] for i in by_id) == [ALICE[1], BOB[1]], "by id", by_id)
    idps = ac.get_identity_providers(domains=["example.org"])["identity_providers"]
    check(len(idps) == 1, "identity providers", idps)
    check(ac.userinfo()["sub"] == CLIENT_ID, "userinfo")


tc = globus_sdk.TransferClient(authorizer=globus_sdk.AccessTokenAuthorizer(state.get("transfer", "")))


@step("endpoint get and search")
def _():
    check(tc.get_endpoint(SRC)["display_name"] == "Demo Source", "get_endpoint")
    found = [e["id"] for e in tc.endpoint_search("Demo")]
    check(SRC in found and DST in found, "endpoint_search", found)


@step("ls, stat, mkdir and rename")
def _():
    names = [e["name"] for e in tc.operation_ls(SRC, path="/")]
    check("hello.txt" in names, "ls", names)
    check(tc.operation_stat(SRC, path="/hello.txt")["type"] == "file", "stat")
    check(tc.operation_mkdir(DST, "/py-conformance")["code"] == "DirectoryCreated", "mkdir")
    check(tc.operation_rename(DST, "/py-conformance", "/py-copy")["code"] == "FileRenamed", "rename")


@step("transfer submission, task get, wait, list, events and successful transfers")
def _():
    td = globus_sdk.TransferData(source_endpoint=SRC, destination_endpoint=DST, label="py conformance", sync_level="checksum")
    td.add_item("/hello.txt", "/py-copy/hello.txt")
    tid = tc.submit_transfer(td)["task_id"]
    check(tc.task_wait(tid, timeout=30, polling_interval=1), "task_wait")
    check(tc.get_task(tid)["status"] == "SUCCEEDED", "status")
    listed = [t["task_id"] for t in tc.task_list(filter="type:TRANSFER", orderby="request_time DESC")]
    check(listed[:1] == [tid], "task_list", listed)
    check("SUCCEEDED" in [e["code"] for e in tc.task_event_list(tid)], "events")
    done = [f["destination_path"] for f in tc.task_successful_transfers(tid)]
    check(done == ["/py-copy/hello.txt"], "successful transfers", done)
    state["task"] = tid


@step("delete submission")
def _():
    dd = globus_sdk.DeleteData(endpoint=DST, recursive=True, label="py conformance delete")
    dd.add_item("/py-copy")
    tid = tc.submit_delete(dd)["task_id"]
    check(tc.task_wait(tid, timeout=30, polling_interval=1), "task_wait")
    check(tc.get_task(tid)["type"] == "DELETE", "type")
    refused(lambda: tc.operation_stat(DST, path="/py-copy"), 404, "NotFound")


@step("bookmarks")
def _():
    bm = tc.create_bookmark({"endpoint_id": SRC, "path": "/data/", "name": "py bookmark"})["id"]
    check("py bookmark" in [b["name"] for b in tc.bookmark_list()], "bookmark_list")
    check(tc.update_bookmark(bm, {"name": "py bookmark 2"})["name"] == "py bookmark 2", "update")
    tc.delete_bookmark(bm)
    refused(lambda: tc.get_bookmark(bm), 404, "BookmarkNotFound")


@step("a client without a role may not manage access rules")
def _():
    refused(lambda: list(tc.endpoint_acl_list(SHARE)), 403, "PermissionDenied")


# alice, through a UserApp.
app = globus_sdk.UserApp(
    "fakeglobus-conformance",
    client_id=NATIVE_ID,
    config=globus_sdk.GlobusAppConfig(login_flow_manager=HTTPBrowserFlow, token_storage="memory"),
)
utc = globus_sdk.TransferClient(app=app)
uac = globus_sdk.AuthClient(app=app)


@step("UserApp login (id_token checked by its token storage), then ls and userinfo")
def _():
    check("hello.txt" in [e["name"] for e in utc.operation_ls(SRC, path="/")], "ls")
    check(uac.userinfo()["preferred_username"] == ALICE[1], "userinfo")
    check(not app.login_required(), "login_required after login")


@step("access rules on a guest collection")
def _():
    before = len(list(utc.endpoint_acl_list(SHARE)))
    rule = {"DATA_TYPE": "access", "principal_type": "all_authenticated_users", "principal": "", "path": "/data/", "permissions": "r"}
    rid = utc.add_endpoint_acl_rule(SHARE, rule)["access_id"]
    check(utc.get_endpoint_acl_rule(SHARE, rid)["permissions"] == "r", "get")
    utc.update_endpoint_acl_rule(SHARE, rid, {"permissions": "rw"})
    check(utc.get_endpoint_acl_rule(SHARE, rid)["permissions"] == "rw", "update")
    check(len(list(utc.endpoint_acl_list(SHARE))) == before + 1, "list")
    utc.delete_endpoint_acl_rule(SHARE, rid)
    refused(lambda: utc.get_endpoint_acl_rule(SHARE, rid), 404, "AccessRuleNotFound")


@step("roles")
def _():
    role = {"principal_type": "identity", "principal": BOB[0], "role": "activity_manager"}
    rid = utc.add_endpoint_role(SRC, role)["id"]
    check(utc.get_endpoint_role(SRC, rid)["role"] == "activity_manager", "get")
    check(rid in [r["id"] for r in utc.endpoint_role_list(SRC)], "list")
    utc.delete_endpoint_role(SRC, rid)
    refused(lambda: utc.get_endpoint_role(SRC, rid), 404, "RoleNotFound")


@step("endpoint manager: monitored endpoints, task list, pause rules")
def _():
    check(SRC in [e["id"] for e in utc.endpoint_manager_monitored_endpoints()], "monitored")
    tasks = [t["task_id"] for t in utc.endpoint_manager_task_list(filter_endpoint=SRC)]
    check(state.get("task") in tasks, "manager task list", tasks)
    rule = {"DATA_TYPE": "pause_rule", "endpoint_id": SRC, "message": "maintenance", "pause_ls": True, "start_time": None}
    pid = utc.endpoint_manager_create_pause_rule(rule)["id"]
    check(pid in [p["id"] for p in utc.endpoint_manager_pause_rule_list(filter_endpoint=SRC)], "pause rule list")
    refused(lambda: tc.operation_ls(SRC, path="/"), 409, "OperationPaused")
    utc.endpoint_manager_delete_pause_rule(pid)
    check("hello.txt" in [e["name"] for e in tc.operation_ls(SRC, path="/")], "ls after the rule is gone")


@step("endpoint update")
def _():
    utc.update_endpoint(SRC, {"description": "updated by the Python SDK"})
    check(utc.get_endpoint(SRC)["description"] == "updated by the Python SDK", "description")


@step("token revocation")
def _():
    cc.oauth2_revoke_token(state["transfer"])
    check(cc.oauth2_token_introspect(state["transfer"])["active"] is False, "revoked token still active")


print(f"globus-sdk {globus_sdk.__version__}: {len(passed)} steps passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
