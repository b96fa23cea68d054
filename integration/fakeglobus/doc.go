// Package fakeglobus is an in-process, stateful fake of Globus Auth and
// Globus Transfer v0.10, for testing code that talks to Globus without a
// network or an account.
//
// One [Server] plays both services on one HTTP listener: Auth answers at the
// root (/v2/oauth2/token, ...) and Transfer under /v0.10/. Point an Auth
// client at [Server.AuthURL] and a Transfer client at [Server.TransferURL].
//
// What the fake does:
//
//   - Auth: confidential and native clients ([Server.AddClient]); the
//     client_credentials, refresh_token (with rotation), authorization_code
//     (with PKCE S256) and dependent-token grants; introspection and
//     revocation. The browser step of a login is replaced by
//     [Server.IssueCode]. Access tokens expire after [Options.TokenLifetime],
//     and [Server.ExpireAll] and [Server.Revoke] force 401 answers.
//   - Transfer: collections with an in-memory file tree
//     ([Server.AddCollection], [Server.PutFile], [Server.ReadFile]); ls,
//     stat, mkdir and rename; transfer and delete tasks that go from ACTIVE
//     to SUCCEEDED or FAILED and really change the tree, idempotent on
//     submission_id; task lists, events and successful transfers with
//     paging; endpoint search and get; bookmarks; access rules.
//   - Validation: every request and every response is checked against the
//     project's OpenAPI documents (api/auth.yaml and api/transfer.yaml).
//     Each violation is passed to [Options.Report], so that a test using the
//     fake also checks the specs.
//   - Faults: [Server.Inject] makes chosen requests fail with a 401, a 429 or
//     503 with Retry-After, a 500 or 502 with an HTML body, a dropped
//     connection or a delay, before or after the request took effect.
//
// Tasks advance on a clock and on polls, so tests stay fast and
// deterministic: see [Options.TaskPolls], [Options.TaskDuration] and
// [ManualClock].
//
// Ids, tokens and request ids come from a random source seeded with
// [Options.Seed]. The tokens are therefore predictable: the fake is a test
// tool, never a security boundary.
package fakeglobus
