package fakeglobus

import (
	"net/http"
	"strings"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/authapi"
	"github.com/globus-go/globus/gen/transferapi"
)

// The fake answers every operation of api/auth.yaml and api/transfer.yaml
// through the server interfaces that oapi-codegen generates from them
// (gen/*/server.gen.go, see generate.go): authOps and transferOps must have
// one method per operation, so an operation added to a spec does not
// compile until the fake handles it. The generated handlers route the
// requests and bind their parameters; ServeHTTP wraps them with the spec
// checks, the fault injection and the Transfer authentication.
var (
	_ authapi.ServerInterface     = authOps{}
	_ transferapi.ServerInterface = transferOps{}
)

// authOps is the fake's implementation of the Auth server interface.
type authOps struct{ s *Server }

// transferOps is the fake's implementation of the Transfer server
// interface.
type transferOps struct{ s *Server }

// routes registers both APIs on s.mux through the generated handlers,
// and a 404 answer for every other path.
func (s *Server) routes() {
	authapi.HandlerWithOptions(authOps{s}, authapi.StdHTTPServerOptions{
		BaseRouter:       s.mux,
		ErrorHandlerFunc: s.authBindError,
	})
	transferapi.HandlerWithOptions(transferOps{s}, transferapi.StdHTTPServerOptions{
		BaseURL:          TransferPrefix,
		BaseRouter:       s.mux,
		ErrorHandlerFunc: s.transferBindError,
	})
	s.mux.HandleFunc(TransferPrefix+"/", func(w http.ResponseWriter, r *http.Request) { s.notFound(w, r, true) })
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { s.notFound(w, r, false) })
}

// transferBindError answers a request whose parameters the generated
// Transfer handler cannot bind, in Transfer's error shape.
func (s *Server) transferBindError(w http.ResponseWriter, r *http.Request, err error) {
	s.transferError(w, r, http.StatusBadRequest, "ClientError.BadRequest", err.Error())
}

// authBindError answers a request whose parameters the generated Auth
// handler cannot bind, in the error shape of the Auth API it called: an
// errors document under /v2/api/, an OAuth2 error elsewhere.
func (s *Server) authBindError(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/v2/api/") {
		authAPIError(w, r, http.StatusBadRequest, "BAD_REQUEST", err.Error())
		return
	}
	oauthError(w, http.StatusBadRequest, "invalid_request", err.Error())
}

// GetOpenidConfiguration answers GET /.well-known/openid-configuration.
func (o authOps) GetOpenidConfiguration(w http.ResponseWriter, r *http.Request) {
	o.s.handleOpenIDConfig(w, r)
}

// GetJwk answers GET /jwk.json.
func (o authOps) GetJwk(w http.ResponseWriter, r *http.Request) {
	o.s.handleJWKS(w, r)
}

// GetClients answers GET /v2/api/clients.
func (o authOps) GetClients(w http.ResponseWriter, r *http.Request, _ authapi.GetClientsParams) {
	o.s.handleClients(w, r)
}

// CreateClient answers POST /v2/api/clients.
func (o authOps) CreateClient(w http.ResponseWriter, r *http.Request) {
	o.s.handleCreateClient(w, r)
}

// DeleteClient answers DELETE /v2/api/clients/{client_id}.
func (o authOps) DeleteClient(w http.ResponseWriter, r *http.Request, _ authapi.ClientID) {
	o.s.handleClient(w, r)
}

// GetClient answers GET /v2/api/clients/{client_id}.
func (o authOps) GetClient(w http.ResponseWriter, r *http.Request, _ authapi.ClientID) {
	o.s.handleClient(w, r)
}

// UpdateClient answers PUT /v2/api/clients/{client_id}.
func (o authOps) UpdateClient(w http.ResponseWriter, r *http.Request, _ authapi.ClientID) {
	o.s.handleClient(w, r)
}

// GetClientCredentials answers GET /v2/api/clients/{client_id}/credentials.
func (o authOps) GetClientCredentials(w http.ResponseWriter, r *http.Request, _ authapi.ClientID) {
	o.s.handleCredentials(w, r)
}

// CreateClientCredential answers POST /v2/api/clients/{client_id}/credentials.
func (o authOps) CreateClientCredential(w http.ResponseWriter, r *http.Request, _ authapi.ClientID) {
	o.s.handleCredentials(w, r)
}

// DeleteClientCredential answers DELETE /v2/api/clients/{client_id}/credentials/{credential_id}.
func (o authOps) DeleteClientCredential(w http.ResponseWriter, r *http.Request, _ authapi.ClientID, _ globus.PathSegment) {
	o.s.handleDeleteCredential(w, r)
}

// CreateScope answers POST /v2/api/clients/{client_id}/scopes.
func (o authOps) CreateScope(w http.ResponseWriter, r *http.Request, _ authapi.ClientID) {
	o.s.handleCreateScope(w, r)
}

// GetIdentities answers GET /v2/api/identities.
func (o authOps) GetIdentities(w http.ResponseWriter, r *http.Request, _ authapi.GetIdentitiesParams) {
	o.s.handleIdentities(w, r)
}

// GetConsents answers GET /v2/api/identities/{identity_id}/consents.
func (o authOps) GetConsents(w http.ResponseWriter, r *http.Request, _ authapi.IdentityID, _ authapi.GetConsentsParams) {
	o.s.handleConsents(w, r)
}

// GetIdentityProviders answers GET /v2/api/identity_providers.
func (o authOps) GetIdentityProviders(w http.ResponseWriter, r *http.Request, _ authapi.GetIdentityProvidersParams) {
	o.s.handleIdentityProviders(w, r)
}

// GetPolicies answers GET /v2/api/policies.
func (o authOps) GetPolicies(w http.ResponseWriter, r *http.Request) {
	o.s.handlePolicies(w, r)
}

// CreatePolicy answers POST /v2/api/policies.
func (o authOps) CreatePolicy(w http.ResponseWriter, r *http.Request) {
	o.s.handleCreatePolicy(w, r)
}

// DeletePolicy answers DELETE /v2/api/policies/{policy_id}.
func (o authOps) DeletePolicy(w http.ResponseWriter, r *http.Request, _ authapi.PolicyID) {
	o.s.handlePolicy(w, r)
}

// GetPolicy answers GET /v2/api/policies/{policy_id}.
func (o authOps) GetPolicy(w http.ResponseWriter, r *http.Request, _ authapi.PolicyID) {
	o.s.handlePolicy(w, r)
}

// UpdatePolicy answers PUT /v2/api/policies/{policy_id}.
func (o authOps) UpdatePolicy(w http.ResponseWriter, r *http.Request, _ authapi.PolicyID) {
	o.s.handlePolicy(w, r)
}

// GetProjects answers GET /v2/api/projects.
func (o authOps) GetProjects(w http.ResponseWriter, r *http.Request) {
	o.s.handleProjects(w, r)
}

// CreateProject answers POST /v2/api/projects.
func (o authOps) CreateProject(w http.ResponseWriter, r *http.Request) {
	o.s.handleCreateProject(w, r)
}

// DeleteProject answers DELETE /v2/api/projects/{project_id}.
func (o authOps) DeleteProject(w http.ResponseWriter, r *http.Request, _ authapi.ProjectID) {
	o.s.handleProject(w, r)
}

// GetProject answers GET /v2/api/projects/{project_id}.
func (o authOps) GetProject(w http.ResponseWriter, r *http.Request, _ authapi.ProjectID) {
	o.s.handleProject(w, r)
}

// UpdateProject answers PUT /v2/api/projects/{project_id}.
func (o authOps) UpdateProject(w http.ResponseWriter, r *http.Request, _ authapi.ProjectID) {
	o.s.handleProject(w, r)
}

// GetScopes answers GET /v2/api/scopes.
func (o authOps) GetScopes(w http.ResponseWriter, r *http.Request, _ authapi.GetScopesParams) {
	o.s.handleScopes(w, r)
}

// DeleteScope answers DELETE /v2/api/scopes/{scope_id}.
func (o authOps) DeleteScope(w http.ResponseWriter, r *http.Request, _ globus.PathSegment) {
	o.s.handleScope(w, r)
}

// GetScope answers GET /v2/api/scopes/{scope_id}.
func (o authOps) GetScope(w http.ResponseWriter, r *http.Request, _ globus.PathSegment) {
	o.s.handleScope(w, r)
}

// UpdateScope answers PUT /v2/api/scopes/{scope_id}.
func (o authOps) UpdateScope(w http.ResponseWriter, r *http.Request, _ globus.PathSegment) {
	o.s.handleScope(w, r)
}

// Oauth2Token answers POST /v2/oauth2/token.
func (o authOps) Oauth2Token(w http.ResponseWriter, r *http.Request) {
	o.s.handleToken(w, r)
}

// Oauth2TokenIntrospect answers POST /v2/oauth2/token/introspect.
func (o authOps) Oauth2TokenIntrospect(w http.ResponseWriter, r *http.Request) {
	o.s.handleIntrospect(w, r)
}

// Oauth2RevokeToken answers POST /v2/oauth2/token/revoke.
func (o authOps) Oauth2RevokeToken(w http.ResponseWriter, r *http.Request) {
	o.s.handleRevoke(w, r)
}

// Userinfo answers GET /v2/oauth2/userinfo.
func (o authOps) Userinfo(w http.ResponseWriter, r *http.Request) {
	o.s.handleUserinfo(w, r)
}

// CreateBookmark answers POST /bookmark.
func (o transferOps) CreateBookmark(w http.ResponseWriter, r *http.Request) {
	o.s.handleCreateBookmark(w, r)
}

// DeleteBookmark answers DELETE /bookmark/{bookmark_id}.
func (o transferOps) DeleteBookmark(w http.ResponseWriter, r *http.Request, _ globus.PathSegment) {
	o.s.handleDeleteBookmark(w, r)
}

// GetBookmark answers GET /bookmark/{bookmark_id}.
func (o transferOps) GetBookmark(w http.ResponseWriter, r *http.Request, _ globus.PathSegment, _ transferapi.GetBookmarkParams) {
	o.s.handleGetBookmark(w, r)
}

// UpdateBookmark answers PUT /bookmark/{bookmark_id}.
func (o transferOps) UpdateBookmark(w http.ResponseWriter, r *http.Request, _ globus.PathSegment) {
	o.s.handleUpdateBookmark(w, r)
}

// BookmarkList answers GET /bookmark_list.
func (o transferOps) BookmarkList(w http.ResponseWriter, r *http.Request, _ transferapi.BookmarkListParams) {
	o.s.handleBookmarkList(w, r)
}

// SubmitDelete answers POST /delete.
func (o transferOps) SubmitDelete(w http.ResponseWriter, r *http.Request) {
	o.s.handleSubmitDelete(w, r)
}

// SetSubscriptionID answers PUT /endpoint/{collection_id}/subscription.
func (o transferOps) SetSubscriptionID(w http.ResponseWriter, r *http.Request, collectionID transferapi.CollectionIDParam) {
	r.SetPathValue("endpoint_id", string(collectionID))
	o.s.handleSubscription(w, r)
}

// SetSubscriptionAdminVerified answers PUT /endpoint/{collection_id}/subscription_admin_verified.
func (o transferOps) SetSubscriptionAdminVerified(w http.ResponseWriter, r *http.Request, collectionID transferapi.CollectionIDParam) {
	r.SetPathValue("endpoint_id", string(collectionID))
	o.s.handleAdminVerified(w, r)
}

// DeleteEndpoint answers DELETE /endpoint/{endpoint_id}.
func (o transferOps) DeleteEndpoint(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam) {
	o.s.handleDeleteEndpoint(w, r)
}

// GetEndpoint answers GET /endpoint/{endpoint_id}.
func (o transferOps) GetEndpoint(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ transferapi.GetEndpointParams) {
	o.s.handleGetEndpoint(w, r)
}

// UpdateEndpoint answers PUT /endpoint/{endpoint_id}.
func (o transferOps) UpdateEndpoint(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam) {
	o.s.handleUpdateEndpoint(w, r)
}

// AddEndpointACLRule answers POST /endpoint/{endpoint_id}/access.
func (o transferOps) AddEndpointACLRule(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam) {
	o.s.handleACLCreate(w, r)
}

// DeleteEndpointACLRule answers DELETE /endpoint/{endpoint_id}/access/{rule_id}.
func (o transferOps) DeleteEndpointACLRule(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ globus.PathSegment) {
	o.s.handleACLDelete(w, r)
}

// GetEndpointACLRule answers GET /endpoint/{endpoint_id}/access/{rule_id}.
func (o transferOps) GetEndpointACLRule(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ globus.PathSegment, _ transferapi.GetEndpointACLRuleParams) {
	o.s.handleACLGet(w, r)
}

// UpdateEndpointACLRule answers PUT /endpoint/{endpoint_id}/access/{rule_id}.
func (o transferOps) UpdateEndpointACLRule(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ globus.PathSegment) {
	o.s.handleACLUpdate(w, r)
}

// EndpointACLList answers GET /endpoint/{endpoint_id}/access_list.
func (o transferOps) EndpointACLList(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ transferapi.EndpointACLListParams) {
	o.s.handleACLList(w, r)
}

// MyEffectivePauseRuleList answers GET /endpoint/{endpoint_id}/my_effective_pause_rule_list.
func (o transferOps) MyEffectivePauseRuleList(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ transferapi.MyEffectivePauseRuleListParams) {
	o.s.handleMyPauseRules(w, r)
}

// MySharedEndpointList answers GET /endpoint/{endpoint_id}/my_shared_endpoint_list.
func (o transferOps) MySharedEndpointList(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ transferapi.MySharedEndpointListParams) {
	o.s.handleMySharedList(w, r)
}

// AddEndpointRole answers POST /endpoint/{endpoint_id}/role.
func (o transferOps) AddEndpointRole(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam) {
	o.s.handleAddRole(w, r)
}

// DeleteEndpointRole answers DELETE /endpoint/{endpoint_id}/role/{role_id}.
func (o transferOps) DeleteEndpointRole(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ globus.PathSegment) {
	o.s.handleDeleteRole(w, r)
}

// GetEndpointRole answers GET /endpoint/{endpoint_id}/role/{role_id}.
func (o transferOps) GetEndpointRole(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ globus.PathSegment, _ transferapi.GetEndpointRoleParams) {
	o.s.handleGetRole(w, r)
}

// EndpointRoleList answers GET /endpoint/{endpoint_id}/role_list.
func (o transferOps) EndpointRoleList(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ transferapi.EndpointRoleListParams) {
	o.s.handleRoleList(w, r)
}

// GetEndpointServer answers GET /endpoint/{endpoint_id}/server/{server_id}.
func (o transferOps) GetEndpointServer(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ globus.PathSegment, _ transferapi.GetEndpointServerParams) {
	o.s.handleGetServer(w, r)
}

// EndpointServerList answers GET /endpoint/{endpoint_id}/server_list.
func (o transferOps) EndpointServerList(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ transferapi.EndpointServerListParams) {
	o.s.handleServerList(w, r)
}

// GetSharedEndpointList answers GET /endpoint/{endpoint_id}/shared_endpoint_list.
func (o transferOps) GetSharedEndpointList(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ transferapi.GetSharedEndpointListParams) {
	o.s.handleSharedList(w, r)
}

// EndpointManagerCancelTasks answers POST /endpoint_manager/admin_cancel.
func (o transferOps) EndpointManagerCancelTasks(w http.ResponseWriter, r *http.Request) {
	o.s.handleAdminCancel(w, r)
}

// EndpointManagerCancelStatus answers GET /endpoint_manager/admin_cancel/{admin_cancel_id}.
func (o transferOps) EndpointManagerCancelStatus(w http.ResponseWriter, r *http.Request, _ globus.PathSegment, _ transferapi.EndpointManagerCancelStatusParams) {
	o.s.handleAdminCancelStatus(w, r)
}

// EndpointManagerPauseTasks answers POST /endpoint_manager/admin_pause.
func (o transferOps) EndpointManagerPauseTasks(w http.ResponseWriter, r *http.Request) {
	o.s.handleAdminPause(w, r)
}

// EndpointManagerResumeTasks answers POST /endpoint_manager/admin_resume.
func (o transferOps) EndpointManagerResumeTasks(w http.ResponseWriter, r *http.Request) {
	o.s.handleAdminPause(w, r)
}

// EndpointManagerGetEndpoint answers GET /endpoint_manager/endpoint/{endpoint_id}.
func (o transferOps) EndpointManagerGetEndpoint(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ transferapi.EndpointManagerGetEndpointParams) {
	o.s.handleManagerEndpoint(w, r)
}

// EndpointManagerACLList answers GET /endpoint_manager/endpoint/{endpoint_id}/access_list.
func (o transferOps) EndpointManagerACLList(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ transferapi.EndpointManagerACLListParams) {
	o.s.handleManagerACL(w, r)
}

// EndpointManagerHostedEndpointList answers GET /endpoint_manager/endpoint/{endpoint_id}/hosted_endpoint_list.
func (o transferOps) EndpointManagerHostedEndpointList(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ transferapi.EndpointManagerHostedEndpointListParams) {
	o.s.handleHosted(w, r)
}

// EndpointManagerMonitoredEndpoints answers GET /endpoint_manager/monitored_endpoints.
func (o transferOps) EndpointManagerMonitoredEndpoints(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointManagerMonitoredEndpointsParams) {
	o.s.handleMonitored(w, r)
}

// EndpointManagerCreatePauseRule answers POST /endpoint_manager/pause_rule.
func (o transferOps) EndpointManagerCreatePauseRule(w http.ResponseWriter, r *http.Request) {
	o.s.handleCreatePauseRule(w, r)
}

// EndpointManagerDeletePauseRule answers DELETE /endpoint_manager/pause_rule/{pause_rule_id}.
func (o transferOps) EndpointManagerDeletePauseRule(w http.ResponseWriter, r *http.Request, _ globus.PathSegment) {
	o.s.handlePauseRule(w, r)
}

// EndpointManagerGetPauseRule answers GET /endpoint_manager/pause_rule/{pause_rule_id}.
func (o transferOps) EndpointManagerGetPauseRule(w http.ResponseWriter, r *http.Request, _ globus.PathSegment, _ transferapi.EndpointManagerGetPauseRuleParams) {
	o.s.handlePauseRule(w, r)
}

// EndpointManagerUpdatePauseRule answers PUT /endpoint_manager/pause_rule/{pause_rule_id}.
func (o transferOps) EndpointManagerUpdatePauseRule(w http.ResponseWriter, r *http.Request, _ globus.PathSegment) {
	o.s.handlePauseRule(w, r)
}

// EndpointManagerPauseRuleList answers GET /endpoint_manager/pause_rule_list.
func (o transferOps) EndpointManagerPauseRuleList(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointManagerPauseRuleListParams) {
	o.s.handlePauseRuleList(w, r)
}

// EndpointManagerGetTask answers GET /endpoint_manager/task/{task_id}.
func (o transferOps) EndpointManagerGetTask(w http.ResponseWriter, r *http.Request, _ transferapi.TaskIDParam, _ transferapi.EndpointManagerGetTaskParams) {
	o.s.handleManagerTask(w, r)
}

// EndpointManagerTaskEventList answers GET /endpoint_manager/task/{task_id}/event_list.
func (o transferOps) EndpointManagerTaskEventList(w http.ResponseWriter, r *http.Request, _ transferapi.TaskIDParam, _ transferapi.EndpointManagerTaskEventListParams) {
	o.s.handleManagerEvents(w, r)
}

// EndpointManagerTaskPauseInfo answers GET /endpoint_manager/task/{task_id}/pause_info.
func (o transferOps) EndpointManagerTaskPauseInfo(w http.ResponseWriter, r *http.Request, _ transferapi.TaskIDParam, _ transferapi.EndpointManagerTaskPauseInfoParams) {
	o.s.handleManagerPauseInfo(w, r)
}

// EndpointManagerTaskSkippedErrors answers GET /endpoint_manager/task/{task_id}/skipped_errors.
func (o transferOps) EndpointManagerTaskSkippedErrors(w http.ResponseWriter, r *http.Request, _ transferapi.TaskIDParam, _ transferapi.EndpointManagerTaskSkippedErrorsParams) {
	o.s.handleManagerSkipped(w, r)
}

// EndpointManagerTaskSuccessfulTransfers answers GET /endpoint_manager/task/{task_id}/successful_transfers.
func (o transferOps) EndpointManagerTaskSuccessfulTransfers(w http.ResponseWriter, r *http.Request, _ transferapi.TaskIDParam, _ transferapi.EndpointManagerTaskSuccessfulTransfersParams) {
	o.s.handleManagerSuccessful(w, r)
}

// EndpointManagerTaskList answers GET /endpoint_manager/task_list.
func (o transferOps) EndpointManagerTaskList(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointManagerTaskListParams) {
	o.s.handleManagerTaskList(w, r)
}

// EndpointSearch answers GET /endpoint_search.
func (o transferOps) EndpointSearch(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointSearchParams) {
	o.s.handleEndpointSearch(w, r)
}

// OperationLs answers GET /operation/endpoint/{endpoint_id}/ls.
func (o transferOps) OperationLs(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ transferapi.OperationLsParams) {
	o.s.handleLs(w, r)
}

// OperationMkdir answers POST /operation/endpoint/{endpoint_id}/mkdir.
func (o transferOps) OperationMkdir(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam) {
	o.s.handleMkdir(w, r)
}

// OperationRename answers POST /operation/endpoint/{endpoint_id}/rename.
func (o transferOps) OperationRename(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam) {
	o.s.handleRename(w, r)
}

// OperationStat answers GET /operation/endpoint/{endpoint_id}/stat.
func (o transferOps) OperationStat(w http.ResponseWriter, r *http.Request, _ transferapi.EndpointIDParam, _ transferapi.OperationStatParams) {
	o.s.handleStat(w, r)
}

// CreateSharedEndpoint answers POST /shared_endpoint.
func (o transferOps) CreateSharedEndpoint(w http.ResponseWriter, r *http.Request) {
	o.s.handleCreateShared(w, r)
}

// GetSubmissionID answers GET /submission_id.
func (o transferOps) GetSubmissionID(w http.ResponseWriter, r *http.Request) {
	o.s.handleSubmissionID(w, r)
}

// GetTask answers GET /task/{task_id}.
func (o transferOps) GetTask(w http.ResponseWriter, r *http.Request, _ transferapi.TaskIDParam, _ transferapi.GetTaskParams) {
	o.s.handleGetTask(w, r)
}

// UpdateTask answers PUT /task/{task_id}.
func (o transferOps) UpdateTask(w http.ResponseWriter, r *http.Request, _ transferapi.TaskIDParam) {
	o.s.handleUpdateTask(w, r)
}

// CancelTask answers POST /task/{task_id}/cancel.
func (o transferOps) CancelTask(w http.ResponseWriter, r *http.Request, _ transferapi.TaskIDParam) {
	o.s.handleCancel(w, r)
}

// TaskEventList answers GET /task/{task_id}/event_list.
func (o transferOps) TaskEventList(w http.ResponseWriter, r *http.Request, _ transferapi.TaskIDParam, _ transferapi.TaskEventListParams) {
	o.s.handleEventList(w, r)
}

// TaskPauseInfo answers GET /task/{task_id}/pause_info.
func (o transferOps) TaskPauseInfo(w http.ResponseWriter, r *http.Request, _ transferapi.TaskIDParam, _ transferapi.TaskPauseInfoParams) {
	o.s.handlePauseInfo(w, r)
}

// RemoveTask answers POST /task/{task_id}/remove.
func (o transferOps) RemoveTask(w http.ResponseWriter, r *http.Request, _ transferapi.TaskIDParam) {
	o.s.handleRemoveTask(w, r)
}

// TaskSkippedErrors answers GET /task/{task_id}/skipped_errors.
func (o transferOps) TaskSkippedErrors(w http.ResponseWriter, r *http.Request, _ transferapi.TaskIDParam, _ transferapi.TaskSkippedErrorsParams) {
	o.s.handleSkippedErrors(w, r)
}

// TaskSuccessfulTransfers answers GET /task/{task_id}/successful_transfers.
func (o transferOps) TaskSuccessfulTransfers(w http.ResponseWriter, r *http.Request, _ transferapi.TaskIDParam, _ transferapi.TaskSuccessfulTransfersParams) {
	o.s.handleSuccessfulTransfers(w, r)
}

// TaskList answers GET /task_list.
func (o transferOps) TaskList(w http.ResponseWriter, r *http.Request, _ transferapi.TaskListParams) {
	o.s.handleTaskList(w, r)
}

// SubmitTransfer answers POST /transfer.
func (o transferOps) SubmitTransfer(w http.ResponseWriter, r *http.Request) {
	o.s.handleSubmitTransfer(w, r)
}
