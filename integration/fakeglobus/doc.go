// Package fakeglobus is an in-process, stateful fake of Globus Auth and
// Globus Transfer v0.10, for testing code that talks to Globus without a
// network or an account.
//
// One [Server] plays both services on one HTTP listener: Auth answers at the
// root (/v2/oauth2/token, ...) and Transfer under /v0.10/. Point an Auth
// client at [Server.AuthURL] and a Transfer client at [Server.TransferURL].
//
// What the fake does (every operation of both specs, with real state):
//
//   - Auth: confidential and native clients ([Server.AddClient]); the
//     client_credentials, refresh_token (with rotation), authorization_code
//     (with PKCE S256) and dependent-token grants (honouring the requested
//     scope); introspection and revocation. The browser step of a login is
//     replaced by [Server.IssueCode] and [Server.Login]. Access tokens
//     expire after [Options.TokenLifetime], and [Server.ExpireAll] and
//     [Server.Revoke] force 401 answers.
//   - OpenID Connect: discovery, a JWKS whose key rotates
//     ([Server.RotateSigningKey]), an RS256 id_token whenever openid is
//     granted, userinfo.
//   - Identities: users ([Server.AddUser]) and client identities, looked up
//     by id or username, provisioned on request; consents recorded at
//     logins; projects, policies, clients, credentials and scopes, managed
//     by their owners (project admins, parent clients).
//   - Transfer: mapped and guest collections ([Server.AddCollection],
//     [Server.CreateCollection]) with an in-memory file tree
//     ([Server.PutFile], [Server.ReadFile]); ls (filter, orderby), stat,
//     mkdir and rename; transfer and delete tasks that go from ACTIVE to
//     SUCCEEDED or FAILED and really change the tree, on submission ids
//     the service issued; task lists with filters (task_id, type, status,
//     label, request_time and completion_time ranges) and orderby;
//     events, successful transfers, pause info; endpoint search, get,
//     update and delete; servers; roles; bookmarks; access rules; the
//     endpoint manager API with pause rules, admin pause, resume and
//     cancel.
//   - Permissions: the owner of a collection is its administrator; roles
//     (administrator, access_manager, activity_manager, activity_monitor)
//     and access rules decide who may list, read, write, manage rules and
//     see tasks. Mapped collections are open to every identity unless
//     private; guest collections only to their rules. A refusal answers
//     403 PermissionDenied.
//   - Unknown paths answer 404 (ClientError.NotFound on Transfer), and
//     resource fields name the path as Transfer does (/transfer, ...);
//     errors carry their code in X-Transfer-API-Error too, and the fields
//     parameter selects fields of an answer.
//   - Validation: every request and every response is checked against the
//     project's OpenAPI documents (api/auth.yaml and api/transfer.yaml).
//     Each violation is passed to [Options.Report], so that a test using the
//     fake also checks the specs. A bulk submission's DATA items are checked
//     against the item schema with a rule compiled from it once, by the same
//     rules (see speccheck.go); any violation is reported as kin-openapi
//     words it.
//   - Routing: requests reach the fake through the strict server
//     interfaces that oapi-codegen generates from the same specs
//     (gen/server/authserver and gen/server/transferserver,
//     StrictServerInterface). The fake implements them with one method per
//     operation, which takes the bound parameters and decoded body and
//     returns an answer typed by the spec, or a refusal that is written in
//     the service's error shape: an operation added to a spec does not
//     compile until the fake handles it.
//   - Faults: [Server.Inject] makes chosen requests fail with a 401, a 429 or
//     503 with Retry-After, a 500 or 502 with an HTML body, a dropped
//     connection or a delay, before or after the request took effect.
//
// [Seed] describes a starting state in JSON; the fakeglobus command
// (integration/cmd/fakeglobus) serves a seeded fake on an address for any
// client.
//
// Tasks advance on a clock and on polls, so tests stay fast and
// deterministic: see [Options.TaskPolls], [Options.TaskDuration] and
// [ManualClock].
//
// Ids, tokens and request ids come from a random source seeded with
// [Options.Seed]. The tokens are therefore predictable: the fake is a test
// tool, never a security boundary.
package fakeglobus
