// Package auth is the Globus Auth part of the SDK: logging users in, getting
// tokens for apps and services, and calling the Auth API.
//
// Three clients cover the three roles:
//
//   - [NativeAppClient], for programs that cannot keep a secret (command-line
//     tools, desktop apps): the PKCE login flow ([NativeAppClient.StartFlow]),
//     refresh and revocation.
//   - [ConfidentialAppClient], for services and portals with a client secret:
//     the authorization-code flow, client credentials, dependent tokens,
//     token introspection and child clients.
//   - [Client], the Auth API itself (identities, projects, policies,
//     clients, scopes, consents, userinfo), called with a token through
//     [WithAuthorizer]. Every operation is one method, named after its
//     operationId, that returns the decoded document.
//
// Token answers come as an [OAuthTokenResponse], which indexes tokens by
// resource server and by scope and verifies the OpenID Connect id_token
// against the keys Globus Auth publishes. [IdentityMap] resolves many ids and
// usernames in few requests.
//
// Every call that Globus answers with status 400 or more returns a
// *[globus.APIError]; OAuth errors carry their error and error_description as
// its Code and Message. No type of this package prints or logs a secret.
package auth
