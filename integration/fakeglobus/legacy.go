package fakeglobus

// This file is the scaffolding of the move to the strict server interfaces
// (see routes.go). An operation still answered by its old http.Handler
// style function has a method here on authLegacy or transferLegacy, which
// overrides the strict handler's, and a strict method here that is never
// called. Converting an operation removes both.

import (
	"context"
	"errors"
	"net/http"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/server/authserver"
	"github.com/globus-go/globus/gen/server/transferserver"
)

// errLegacy is returned by the strict methods of operations that the
// legacy methods still answer; the strict handler never calls them.
var errLegacy = errors.New("fakeglobus: operation answered by its legacy handler")

// authLegacy routes the Auth operations not yet converted to their
// http.Handler style functions, and the others to the strict handler.
type authLegacy struct {
	authserver.ServerInterface
	s *Server
}

// transferLegacy is authLegacy for Transfer.
type transferLegacy struct {
	transferserver.ServerInterface
	s *Server
}

// GetOpenidConfiguration answers GET /.well-known/openid-configuration.
func (o authLegacy) GetOpenidConfiguration(w http.ResponseWriter, r *http.Request) {
	o.s.handleOpenIDConfig(w, r)
}

// GetJwk answers GET /jwk.json.
func (o authLegacy) GetJwk(w http.ResponseWriter, r *http.Request) {
	o.s.handleJWKS(w, r)
}

// GetClients answers GET /v2/api/clients.
func (o authLegacy) GetClients(w http.ResponseWriter, r *http.Request, _ authserver.GetClientsParams) {
	o.s.handleClients(w, r)
}

// CreateClient answers POST /v2/api/clients.
func (o authLegacy) CreateClient(w http.ResponseWriter, r *http.Request) {
	o.s.handleCreateClient(w, r)
}

// DeleteClient answers DELETE /v2/api/clients/{client_id}.
func (o authLegacy) DeleteClient(w http.ResponseWriter, r *http.Request, _ authserver.ClientID) {
	o.s.handleClient(w, r)
}

// GetClient answers GET /v2/api/clients/{client_id}.
func (o authLegacy) GetClient(w http.ResponseWriter, r *http.Request, _ authserver.ClientID) {
	o.s.handleClient(w, r)
}

// UpdateClient answers PUT /v2/api/clients/{client_id}.
func (o authLegacy) UpdateClient(w http.ResponseWriter, r *http.Request, _ authserver.ClientID) {
	o.s.handleClient(w, r)
}

// GetClientCredentials answers GET /v2/api/clients/{client_id}/credentials.
func (o authLegacy) GetClientCredentials(w http.ResponseWriter, r *http.Request, _ authserver.ClientID) {
	o.s.handleCredentials(w, r)
}

// CreateClientCredential answers POST /v2/api/clients/{client_id}/credentials.
func (o authLegacy) CreateClientCredential(w http.ResponseWriter, r *http.Request, _ authserver.ClientID) {
	o.s.handleCredentials(w, r)
}

// DeleteClientCredential answers DELETE /v2/api/clients/{client_id}/credentials/{credential_id}.
func (o authLegacy) DeleteClientCredential(w http.ResponseWriter, r *http.Request, _ authserver.ClientID, _ globus.PathSegment) {
	o.s.handleDeleteCredential(w, r)
}

// CreateScope answers POST /v2/api/clients/{client_id}/scopes.
func (o authLegacy) CreateScope(w http.ResponseWriter, r *http.Request, _ authserver.ClientID) {
	o.s.handleCreateScope(w, r)
}

// GetIdentities answers GET /v2/api/identities.
func (o authLegacy) GetIdentities(w http.ResponseWriter, r *http.Request, _ authserver.GetIdentitiesParams) {
	o.s.handleIdentities(w, r)
}

// GetConsents answers GET /v2/api/identities/{identity_id}/consents.
func (o authLegacy) GetConsents(w http.ResponseWriter, r *http.Request, _ authserver.IdentityID, _ authserver.GetConsentsParams) {
	o.s.handleConsents(w, r)
}

// GetIdentityProviders answers GET /v2/api/identity_providers.
func (o authLegacy) GetIdentityProviders(w http.ResponseWriter, r *http.Request, _ authserver.GetIdentityProvidersParams) {
	o.s.handleIdentityProviders(w, r)
}

// GetPolicies answers GET /v2/api/policies.
func (o authLegacy) GetPolicies(w http.ResponseWriter, r *http.Request) {
	o.s.handlePolicies(w, r)
}

// CreatePolicy answers POST /v2/api/policies.
func (o authLegacy) CreatePolicy(w http.ResponseWriter, r *http.Request) {
	o.s.handleCreatePolicy(w, r)
}

// DeletePolicy answers DELETE /v2/api/policies/{policy_id}.
func (o authLegacy) DeletePolicy(w http.ResponseWriter, r *http.Request, _ authserver.PolicyID) {
	o.s.handlePolicy(w, r)
}

// GetPolicy answers GET /v2/api/policies/{policy_id}.
func (o authLegacy) GetPolicy(w http.ResponseWriter, r *http.Request, _ authserver.PolicyID) {
	o.s.handlePolicy(w, r)
}

// UpdatePolicy answers PUT /v2/api/policies/{policy_id}.
func (o authLegacy) UpdatePolicy(w http.ResponseWriter, r *http.Request, _ authserver.PolicyID) {
	o.s.handlePolicy(w, r)
}

// GetProjects answers GET /v2/api/projects.
func (o authLegacy) GetProjects(w http.ResponseWriter, r *http.Request) {
	o.s.handleProjects(w, r)
}

// CreateProject answers POST /v2/api/projects.
func (o authLegacy) CreateProject(w http.ResponseWriter, r *http.Request) {
	o.s.handleCreateProject(w, r)
}

// DeleteProject answers DELETE /v2/api/projects/{project_id}.
func (o authLegacy) DeleteProject(w http.ResponseWriter, r *http.Request, _ authserver.ProjectID) {
	o.s.handleProject(w, r)
}

// GetProject answers GET /v2/api/projects/{project_id}.
func (o authLegacy) GetProject(w http.ResponseWriter, r *http.Request, _ authserver.ProjectID) {
	o.s.handleProject(w, r)
}

// UpdateProject answers PUT /v2/api/projects/{project_id}.
func (o authLegacy) UpdateProject(w http.ResponseWriter, r *http.Request, _ authserver.ProjectID) {
	o.s.handleProject(w, r)
}

// GetScopes answers GET /v2/api/scopes.
func (o authLegacy) GetScopes(w http.ResponseWriter, r *http.Request, _ authserver.GetScopesParams) {
	o.s.handleScopes(w, r)
}

// DeleteScope answers DELETE /v2/api/scopes/{scope_id}.
func (o authLegacy) DeleteScope(w http.ResponseWriter, r *http.Request, _ globus.PathSegment) {
	o.s.handleScope(w, r)
}

// GetScope answers GET /v2/api/scopes/{scope_id}.
func (o authLegacy) GetScope(w http.ResponseWriter, r *http.Request, _ globus.PathSegment) {
	o.s.handleScope(w, r)
}

// UpdateScope answers PUT /v2/api/scopes/{scope_id}.
func (o authLegacy) UpdateScope(w http.ResponseWriter, r *http.Request, _ globus.PathSegment) {
	o.s.handleScope(w, r)
}

// Oauth2Token answers POST /v2/oauth2/token.
func (o authLegacy) Oauth2Token(w http.ResponseWriter, r *http.Request) {
	o.s.handleToken(w, r)
}

// Oauth2TokenIntrospect answers POST /v2/oauth2/token/introspect.
func (o authLegacy) Oauth2TokenIntrospect(w http.ResponseWriter, r *http.Request) {
	o.s.handleIntrospect(w, r)
}

// Oauth2RevokeToken answers POST /v2/oauth2/token/revoke.
func (o authLegacy) Oauth2RevokeToken(w http.ResponseWriter, r *http.Request) {
	o.s.handleRevoke(w, r)
}

// Userinfo answers GET /v2/oauth2/userinfo.
func (o authLegacy) Userinfo(w http.ResponseWriter, r *http.Request) {
	o.s.handleUserinfo(w, r)
}

// CreateBookmark answers POST /bookmark.
func (o transferLegacy) CreateBookmark(w http.ResponseWriter, r *http.Request) {
	o.s.handleCreateBookmark(w, r)
}

// DeleteBookmark answers DELETE /bookmark/{bookmark_id}.
func (o transferLegacy) DeleteBookmark(w http.ResponseWriter, r *http.Request, _ globus.PathSegment) {
	o.s.handleDeleteBookmark(w, r)
}

// GetBookmark answers GET /bookmark/{bookmark_id}.
func (o transferLegacy) GetBookmark(w http.ResponseWriter, r *http.Request, _ globus.PathSegment, _ transferserver.GetBookmarkParams) {
	o.s.handleGetBookmark(w, r)
}

// UpdateBookmark answers PUT /bookmark/{bookmark_id}.
func (o transferLegacy) UpdateBookmark(w http.ResponseWriter, r *http.Request, _ globus.PathSegment) {
	o.s.handleUpdateBookmark(w, r)
}

// BookmarkList answers GET /bookmark_list.
func (o transferLegacy) BookmarkList(w http.ResponseWriter, r *http.Request, _ transferserver.BookmarkListParams) {
	o.s.handleBookmarkList(w, r)
}

// SetSubscriptionID answers PUT /endpoint/{collection_id}/subscription.
func (o transferLegacy) SetSubscriptionID(w http.ResponseWriter, r *http.Request, collectionID transferserver.CollectionIDParam) {
	r.SetPathValue("endpoint_id", string(collectionID))
	o.s.handleSubscription(w, r)
}

// SetSubscriptionAdminVerified answers PUT /endpoint/{collection_id}/subscription_admin_verified.
func (o transferLegacy) SetSubscriptionAdminVerified(w http.ResponseWriter, r *http.Request, collectionID transferserver.CollectionIDParam) {
	r.SetPathValue("endpoint_id", string(collectionID))
	o.s.handleAdminVerified(w, r)
}

// DeleteEndpoint answers DELETE /endpoint/{endpoint_id}.
func (o transferLegacy) DeleteEndpoint(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam) {
	o.s.handleDeleteEndpoint(w, r)
}

// GetEndpoint answers GET /endpoint/{endpoint_id}.
func (o transferLegacy) GetEndpoint(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ transferserver.GetEndpointParams) {
	o.s.handleGetEndpoint(w, r)
}

// UpdateEndpoint answers PUT /endpoint/{endpoint_id}.
func (o transferLegacy) UpdateEndpoint(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam) {
	o.s.handleUpdateEndpoint(w, r)
}

// AddEndpointACLRule answers POST /endpoint/{endpoint_id}/access.
func (o transferLegacy) AddEndpointACLRule(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam) {
	o.s.handleACLCreate(w, r)
}

// DeleteEndpointACLRule answers DELETE /endpoint/{endpoint_id}/access/{rule_id}.
func (o transferLegacy) DeleteEndpointACLRule(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ globus.PathSegment) {
	o.s.handleACLDelete(w, r)
}

// GetEndpointACLRule answers GET /endpoint/{endpoint_id}/access/{rule_id}.
func (o transferLegacy) GetEndpointACLRule(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ globus.PathSegment, _ transferserver.GetEndpointACLRuleParams) {
	o.s.handleACLGet(w, r)
}

// UpdateEndpointACLRule answers PUT /endpoint/{endpoint_id}/access/{rule_id}.
func (o transferLegacy) UpdateEndpointACLRule(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ globus.PathSegment) {
	o.s.handleACLUpdate(w, r)
}

// EndpointACLList answers GET /endpoint/{endpoint_id}/access_list.
func (o transferLegacy) EndpointACLList(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ transferserver.EndpointACLListParams) {
	o.s.handleACLList(w, r)
}

// MyEffectivePauseRuleList answers GET /endpoint/{endpoint_id}/my_effective_pause_rule_list.
func (o transferLegacy) MyEffectivePauseRuleList(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ transferserver.MyEffectivePauseRuleListParams) {
	o.s.handleMyPauseRules(w, r)
}

// MySharedEndpointList answers GET /endpoint/{endpoint_id}/my_shared_endpoint_list.
func (o transferLegacy) MySharedEndpointList(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ transferserver.MySharedEndpointListParams) {
	o.s.handleMySharedList(w, r)
}

// AddEndpointRole answers POST /endpoint/{endpoint_id}/role.
func (o transferLegacy) AddEndpointRole(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam) {
	o.s.handleAddRole(w, r)
}

// DeleteEndpointRole answers DELETE /endpoint/{endpoint_id}/role/{role_id}.
func (o transferLegacy) DeleteEndpointRole(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ globus.PathSegment) {
	o.s.handleDeleteRole(w, r)
}

// GetEndpointRole answers GET /endpoint/{endpoint_id}/role/{role_id}.
func (o transferLegacy) GetEndpointRole(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ globus.PathSegment, _ transferserver.GetEndpointRoleParams) {
	o.s.handleGetRole(w, r)
}

// EndpointRoleList answers GET /endpoint/{endpoint_id}/role_list.
func (o transferLegacy) EndpointRoleList(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ transferserver.EndpointRoleListParams) {
	o.s.handleRoleList(w, r)
}

// GetEndpointServer answers GET /endpoint/{endpoint_id}/server/{server_id}.
func (o transferLegacy) GetEndpointServer(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ globus.PathSegment, _ transferserver.GetEndpointServerParams) {
	o.s.handleGetServer(w, r)
}

// EndpointServerList answers GET /endpoint/{endpoint_id}/server_list.
func (o transferLegacy) EndpointServerList(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ transferserver.EndpointServerListParams) {
	o.s.handleServerList(w, r)
}

// GetSharedEndpointList answers GET /endpoint/{endpoint_id}/shared_endpoint_list.
func (o transferLegacy) GetSharedEndpointList(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ transferserver.GetSharedEndpointListParams) {
	o.s.handleSharedList(w, r)
}

// EndpointManagerGetEndpoint answers GET /endpoint_manager/endpoint/{endpoint_id}.
func (o transferLegacy) EndpointManagerGetEndpoint(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ transferserver.EndpointManagerGetEndpointParams) {
	o.s.handleManagerEndpoint(w, r)
}

// EndpointManagerACLList answers GET /endpoint_manager/endpoint/{endpoint_id}/access_list.
func (o transferLegacy) EndpointManagerACLList(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ transferserver.EndpointManagerACLListParams) {
	o.s.handleManagerACL(w, r)
}

// EndpointManagerHostedEndpointList answers GET /endpoint_manager/endpoint/{endpoint_id}/hosted_endpoint_list.
func (o transferLegacy) EndpointManagerHostedEndpointList(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ transferserver.EndpointManagerHostedEndpointListParams) {
	o.s.handleHosted(w, r)
}

// EndpointManagerMonitoredEndpoints answers GET /endpoint_manager/monitored_endpoints.
func (o transferLegacy) EndpointManagerMonitoredEndpoints(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointManagerMonitoredEndpointsParams) {
	o.s.handleMonitored(w, r)
}

// EndpointManagerCreatePauseRule answers POST /endpoint_manager/pause_rule.
func (o transferLegacy) EndpointManagerCreatePauseRule(w http.ResponseWriter, r *http.Request) {
	o.s.handleCreatePauseRule(w, r)
}

// EndpointManagerDeletePauseRule answers DELETE /endpoint_manager/pause_rule/{pause_rule_id}.
func (o transferLegacy) EndpointManagerDeletePauseRule(w http.ResponseWriter, r *http.Request, _ globus.PathSegment) {
	o.s.handlePauseRule(w, r)
}

// EndpointManagerGetPauseRule answers GET /endpoint_manager/pause_rule/{pause_rule_id}.
func (o transferLegacy) EndpointManagerGetPauseRule(w http.ResponseWriter, r *http.Request, _ globus.PathSegment, _ transferserver.EndpointManagerGetPauseRuleParams) {
	o.s.handlePauseRule(w, r)
}

// EndpointManagerUpdatePauseRule answers PUT /endpoint_manager/pause_rule/{pause_rule_id}.
func (o transferLegacy) EndpointManagerUpdatePauseRule(w http.ResponseWriter, r *http.Request, _ globus.PathSegment) {
	o.s.handlePauseRule(w, r)
}

// EndpointManagerPauseRuleList answers GET /endpoint_manager/pause_rule_list.
func (o transferLegacy) EndpointManagerPauseRuleList(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointManagerPauseRuleListParams) {
	o.s.handlePauseRuleList(w, r)
}

// EndpointSearch answers GET /endpoint_search.
func (o transferLegacy) EndpointSearch(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointSearchParams) {
	o.s.handleEndpointSearch(w, r)
}

// CreateSharedEndpoint answers POST /shared_endpoint.
func (o transferLegacy) CreateSharedEndpoint(w http.ResponseWriter, r *http.Request) {
	o.s.handleCreateShared(w, r)
}

func (authOps) GetOpenidConfiguration(context.Context, authserver.GetOpenidConfigurationRequestObject) (authserver.GetOpenidConfigurationResponseObject, error) {
	return nil, errLegacy
}

func (authOps) GetJwk(context.Context, authserver.GetJwkRequestObject) (authserver.GetJwkResponseObject, error) {
	return nil, errLegacy
}

func (authOps) GetClients(context.Context, authserver.GetClientsRequestObject) (authserver.GetClientsResponseObject, error) {
	return nil, errLegacy
}

func (authOps) CreateClient(context.Context, authserver.CreateClientRequestObject) (authserver.CreateClientResponseObject, error) {
	return nil, errLegacy
}

func (authOps) DeleteClient(context.Context, authserver.DeleteClientRequestObject) (authserver.DeleteClientResponseObject, error) {
	return nil, errLegacy
}

func (authOps) GetClient(context.Context, authserver.GetClientRequestObject) (authserver.GetClientResponseObject, error) {
	return nil, errLegacy
}

func (authOps) UpdateClient(context.Context, authserver.UpdateClientRequestObject) (authserver.UpdateClientResponseObject, error) {
	return nil, errLegacy
}

func (authOps) GetClientCredentials(context.Context, authserver.GetClientCredentialsRequestObject) (authserver.GetClientCredentialsResponseObject, error) {
	return nil, errLegacy
}

func (authOps) CreateClientCredential(context.Context, authserver.CreateClientCredentialRequestObject) (authserver.CreateClientCredentialResponseObject, error) {
	return nil, errLegacy
}

func (authOps) DeleteClientCredential(context.Context, authserver.DeleteClientCredentialRequestObject) (authserver.DeleteClientCredentialResponseObject, error) {
	return nil, errLegacy
}

func (authOps) CreateScope(context.Context, authserver.CreateScopeRequestObject) (authserver.CreateScopeResponseObject, error) {
	return nil, errLegacy
}

func (authOps) GetIdentities(context.Context, authserver.GetIdentitiesRequestObject) (authserver.GetIdentitiesResponseObject, error) {
	return nil, errLegacy
}

func (authOps) GetConsents(context.Context, authserver.GetConsentsRequestObject) (authserver.GetConsentsResponseObject, error) {
	return nil, errLegacy
}

func (authOps) GetIdentityProviders(context.Context, authserver.GetIdentityProvidersRequestObject) (authserver.GetIdentityProvidersResponseObject, error) {
	return nil, errLegacy
}

func (authOps) GetPolicies(context.Context, authserver.GetPoliciesRequestObject) (authserver.GetPoliciesResponseObject, error) {
	return nil, errLegacy
}

func (authOps) CreatePolicy(context.Context, authserver.CreatePolicyRequestObject) (authserver.CreatePolicyResponseObject, error) {
	return nil, errLegacy
}

func (authOps) DeletePolicy(context.Context, authserver.DeletePolicyRequestObject) (authserver.DeletePolicyResponseObject, error) {
	return nil, errLegacy
}

func (authOps) GetPolicy(context.Context, authserver.GetPolicyRequestObject) (authserver.GetPolicyResponseObject, error) {
	return nil, errLegacy
}

func (authOps) UpdatePolicy(context.Context, authserver.UpdatePolicyRequestObject) (authserver.UpdatePolicyResponseObject, error) {
	return nil, errLegacy
}

func (authOps) GetProjects(context.Context, authserver.GetProjectsRequestObject) (authserver.GetProjectsResponseObject, error) {
	return nil, errLegacy
}

func (authOps) CreateProject(context.Context, authserver.CreateProjectRequestObject) (authserver.CreateProjectResponseObject, error) {
	return nil, errLegacy
}

func (authOps) DeleteProject(context.Context, authserver.DeleteProjectRequestObject) (authserver.DeleteProjectResponseObject, error) {
	return nil, errLegacy
}

func (authOps) GetProject(context.Context, authserver.GetProjectRequestObject) (authserver.GetProjectResponseObject, error) {
	return nil, errLegacy
}

func (authOps) UpdateProject(context.Context, authserver.UpdateProjectRequestObject) (authserver.UpdateProjectResponseObject, error) {
	return nil, errLegacy
}

func (authOps) GetScopes(context.Context, authserver.GetScopesRequestObject) (authserver.GetScopesResponseObject, error) {
	return nil, errLegacy
}

func (authOps) DeleteScope(context.Context, authserver.DeleteScopeRequestObject) (authserver.DeleteScopeResponseObject, error) {
	return nil, errLegacy
}

func (authOps) GetScope(context.Context, authserver.GetScopeRequestObject) (authserver.GetScopeResponseObject, error) {
	return nil, errLegacy
}

func (authOps) UpdateScope(context.Context, authserver.UpdateScopeRequestObject) (authserver.UpdateScopeResponseObject, error) {
	return nil, errLegacy
}

func (authOps) Oauth2Token(context.Context, authserver.Oauth2TokenRequestObject) (authserver.Oauth2TokenResponseObject, error) {
	return nil, errLegacy
}

func (authOps) Oauth2TokenIntrospect(context.Context, authserver.Oauth2TokenIntrospectRequestObject) (authserver.Oauth2TokenIntrospectResponseObject, error) {
	return nil, errLegacy
}

func (authOps) Oauth2RevokeToken(context.Context, authserver.Oauth2RevokeTokenRequestObject) (authserver.Oauth2RevokeTokenResponseObject, error) {
	return nil, errLegacy
}

func (authOps) Userinfo(context.Context, authserver.UserinfoRequestObject) (authserver.UserinfoResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) CreateBookmark(context.Context, transferserver.CreateBookmarkRequestObject) (transferserver.CreateBookmarkResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) DeleteBookmark(context.Context, transferserver.DeleteBookmarkRequestObject) (transferserver.DeleteBookmarkResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) GetBookmark(context.Context, transferserver.GetBookmarkRequestObject) (transferserver.GetBookmarkResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) UpdateBookmark(context.Context, transferserver.UpdateBookmarkRequestObject) (transferserver.UpdateBookmarkResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) BookmarkList(context.Context, transferserver.BookmarkListRequestObject) (transferserver.BookmarkListResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) SetSubscriptionID(context.Context, transferserver.SetSubscriptionIDRequestObject) (transferserver.SetSubscriptionIDResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) SetSubscriptionAdminVerified(context.Context, transferserver.SetSubscriptionAdminVerifiedRequestObject) (transferserver.SetSubscriptionAdminVerifiedResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) DeleteEndpoint(context.Context, transferserver.DeleteEndpointRequestObject) (transferserver.DeleteEndpointResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) GetEndpoint(context.Context, transferserver.GetEndpointRequestObject) (transferserver.GetEndpointResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) UpdateEndpoint(context.Context, transferserver.UpdateEndpointRequestObject) (transferserver.UpdateEndpointResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) AddEndpointACLRule(context.Context, transferserver.AddEndpointACLRuleRequestObject) (transferserver.AddEndpointACLRuleResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) DeleteEndpointACLRule(context.Context, transferserver.DeleteEndpointACLRuleRequestObject) (transferserver.DeleteEndpointACLRuleResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) GetEndpointACLRule(context.Context, transferserver.GetEndpointACLRuleRequestObject) (transferserver.GetEndpointACLRuleResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) UpdateEndpointACLRule(context.Context, transferserver.UpdateEndpointACLRuleRequestObject) (transferserver.UpdateEndpointACLRuleResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointACLList(context.Context, transferserver.EndpointACLListRequestObject) (transferserver.EndpointACLListResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) MyEffectivePauseRuleList(context.Context, transferserver.MyEffectivePauseRuleListRequestObject) (transferserver.MyEffectivePauseRuleListResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) MySharedEndpointList(context.Context, transferserver.MySharedEndpointListRequestObject) (transferserver.MySharedEndpointListResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) AddEndpointRole(context.Context, transferserver.AddEndpointRoleRequestObject) (transferserver.AddEndpointRoleResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) DeleteEndpointRole(context.Context, transferserver.DeleteEndpointRoleRequestObject) (transferserver.DeleteEndpointRoleResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) GetEndpointRole(context.Context, transferserver.GetEndpointRoleRequestObject) (transferserver.GetEndpointRoleResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointRoleList(context.Context, transferserver.EndpointRoleListRequestObject) (transferserver.EndpointRoleListResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) GetEndpointServer(context.Context, transferserver.GetEndpointServerRequestObject) (transferserver.GetEndpointServerResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointServerList(context.Context, transferserver.EndpointServerListRequestObject) (transferserver.EndpointServerListResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) GetSharedEndpointList(context.Context, transferserver.GetSharedEndpointListRequestObject) (transferserver.GetSharedEndpointListResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerGetEndpoint(context.Context, transferserver.EndpointManagerGetEndpointRequestObject) (transferserver.EndpointManagerGetEndpointResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerACLList(context.Context, transferserver.EndpointManagerACLListRequestObject) (transferserver.EndpointManagerACLListResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerHostedEndpointList(context.Context, transferserver.EndpointManagerHostedEndpointListRequestObject) (transferserver.EndpointManagerHostedEndpointListResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerMonitoredEndpoints(context.Context, transferserver.EndpointManagerMonitoredEndpointsRequestObject) (transferserver.EndpointManagerMonitoredEndpointsResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerCreatePauseRule(context.Context, transferserver.EndpointManagerCreatePauseRuleRequestObject) (transferserver.EndpointManagerCreatePauseRuleResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerDeletePauseRule(context.Context, transferserver.EndpointManagerDeletePauseRuleRequestObject) (transferserver.EndpointManagerDeletePauseRuleResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerGetPauseRule(context.Context, transferserver.EndpointManagerGetPauseRuleRequestObject) (transferserver.EndpointManagerGetPauseRuleResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerUpdatePauseRule(context.Context, transferserver.EndpointManagerUpdatePauseRuleRequestObject) (transferserver.EndpointManagerUpdatePauseRuleResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerPauseRuleList(context.Context, transferserver.EndpointManagerPauseRuleListRequestObject) (transferserver.EndpointManagerPauseRuleListResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointSearch(context.Context, transferserver.EndpointSearchRequestObject) (transferserver.EndpointSearchResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) CreateSharedEndpoint(context.Context, transferserver.CreateSharedEndpointRequestObject) (transferserver.CreateSharedEndpointResponseObject, error) {
	return nil, errLegacy
}
