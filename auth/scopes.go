package auth

// ResourceServer is the name under which Globus Auth issues tokens for its
// own API: the key of an Auth token in a token response's ByResourceServer
// map.
const ResourceServer = "auth.globus.org"

// Scopes of Globus Auth's own API and of OpenID Connect. Ask for them when
// logging in (AuthorizeParams.Scopes) or with client credentials.
const (
	// ScopeOpenID asks for an id_token identifying the user.
	ScopeOpenID = "openid"
	// ScopeProfile adds the user's name and username to the id_token and
	// userinfo.
	ScopeProfile = "profile"
	// ScopeEmail adds the user's email address to the id_token and
	// userinfo.
	ScopeEmail = "email"
	// ScopeViewIdentities allows looking up identities (getIdentities and
	// [IdentityMap]).
	ScopeViewIdentities = "urn:globus:auth:scope:auth.globus.org:view_identities"
	// ScopeViewIdentitySet allows seeing every identity linked to the
	// user's account (userinfo identity_set, introspect identity_set).
	ScopeViewIdentitySet = "urn:globus:auth:scope:auth.globus.org:view_identity_set"
	// ScopeManageProjects allows managing projects, clients, scopes and
	// policies.
	ScopeManageProjects = "urn:globus:auth:scope:auth.globus.org:manage_projects"
)
