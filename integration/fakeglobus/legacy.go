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

// GetJwk answers GET /jwk.json.

// GetClients answers GET /v2/api/clients.

// CreateClient answers POST /v2/api/clients.

// DeleteClient answers DELETE /v2/api/clients/{client_id}.

// GetClient answers GET /v2/api/clients/{client_id}.

// UpdateClient answers PUT /v2/api/clients/{client_id}.

// GetClientCredentials answers GET /v2/api/clients/{client_id}/credentials.

// CreateClientCredential answers POST /v2/api/clients/{client_id}/credentials.

// DeleteClientCredential answers DELETE /v2/api/clients/{client_id}/credentials/{credential_id}.

// CreateScope answers POST /v2/api/clients/{client_id}/scopes.

// GetIdentities answers GET /v2/api/identities.

// GetConsents answers GET /v2/api/identities/{identity_id}/consents.

// GetIdentityProviders answers GET /v2/api/identity_providers.

// GetPolicies answers GET /v2/api/policies.

// CreatePolicy answers POST /v2/api/policies.

// DeletePolicy answers DELETE /v2/api/policies/{policy_id}.

// GetPolicy answers GET /v2/api/policies/{policy_id}.

// UpdatePolicy answers PUT /v2/api/policies/{policy_id}.

// GetProjects answers GET /v2/api/projects.

// CreateProject answers POST /v2/api/projects.

// DeleteProject answers DELETE /v2/api/projects/{project_id}.

// GetProject answers GET /v2/api/projects/{project_id}.

// UpdateProject answers PUT /v2/api/projects/{project_id}.

// GetScopes answers GET /v2/api/scopes.

// DeleteScope answers DELETE /v2/api/scopes/{scope_id}.

// GetScope answers GET /v2/api/scopes/{scope_id}.

// UpdateScope answers PUT /v2/api/scopes/{scope_id}.

// Oauth2Token answers POST /v2/oauth2/token.

// Oauth2TokenIntrospect answers POST /v2/oauth2/token/introspect.

// Oauth2RevokeToken answers POST /v2/oauth2/token/revoke.

// Userinfo answers GET /v2/oauth2/userinfo.

// CreateBookmark answers POST /bookmark.

// DeleteBookmark answers DELETE /bookmark/{bookmark_id}.

// GetBookmark answers GET /bookmark/{bookmark_id}.

// UpdateBookmark answers PUT /bookmark/{bookmark_id}.

// BookmarkList answers GET /bookmark_list.

// SubmitDelete answers POST /delete.

func (o transferLegacy) SubmitDelete(w http.ResponseWriter, r *http.Request) {
	o.s.handleSubmitDelete(w, r)
}

// SetSubscriptionID answers PUT /endpoint/{collection_id}/subscription.

// SetSubscriptionAdminVerified answers PUT /endpoint/{collection_id}/subscription_admin_verified.

// DeleteEndpoint answers DELETE /endpoint/{endpoint_id}.

// GetEndpoint answers GET /endpoint/{endpoint_id}.

// UpdateEndpoint answers PUT /endpoint/{endpoint_id}.

// AddEndpointACLRule answers POST /endpoint/{endpoint_id}/access.

// DeleteEndpointACLRule answers DELETE /endpoint/{endpoint_id}/access/{rule_id}.

// GetEndpointACLRule answers GET /endpoint/{endpoint_id}/access/{rule_id}.

// UpdateEndpointACLRule answers PUT /endpoint/{endpoint_id}/access/{rule_id}.

// EndpointACLList answers GET /endpoint/{endpoint_id}/access_list.

// MyEffectivePauseRuleList answers GET /endpoint/{endpoint_id}/my_effective_pause_rule_list.

// MySharedEndpointList answers GET /endpoint/{endpoint_id}/my_shared_endpoint_list.

// AddEndpointRole answers POST /endpoint/{endpoint_id}/role.

// DeleteEndpointRole answers DELETE /endpoint/{endpoint_id}/role/{role_id}.

// GetEndpointRole answers GET /endpoint/{endpoint_id}/role/{role_id}.

// EndpointRoleList answers GET /endpoint/{endpoint_id}/role_list.

// GetEndpointServer answers GET /endpoint/{endpoint_id}/server/{server_id}.

// EndpointServerList answers GET /endpoint/{endpoint_id}/server_list.

// GetSharedEndpointList answers GET /endpoint/{endpoint_id}/shared_endpoint_list.

// EndpointManagerCancelTasks answers POST /endpoint_manager/admin_cancel.

func (o transferLegacy) EndpointManagerCancelTasks(w http.ResponseWriter, r *http.Request) {
	o.s.handleAdminCancel(w, r)
}

// EndpointManagerCancelStatus answers GET /endpoint_manager/admin_cancel/{admin_cancel_id}.

func (o transferLegacy) EndpointManagerCancelStatus(w http.ResponseWriter, r *http.Request, _ globus.PathSegment, _ transferserver.EndpointManagerCancelStatusParams) {
	o.s.handleAdminCancelStatus(w, r)
}

// EndpointManagerPauseTasks answers POST /endpoint_manager/admin_pause.

func (o transferLegacy) EndpointManagerPauseTasks(w http.ResponseWriter, r *http.Request) {
	o.s.handleAdminPause(w, r)
}

// EndpointManagerResumeTasks answers POST /endpoint_manager/admin_resume.

func (o transferLegacy) EndpointManagerResumeTasks(w http.ResponseWriter, r *http.Request) {
	o.s.handleAdminPause(w, r)
}

// EndpointManagerGetEndpoint answers GET /endpoint_manager/endpoint/{endpoint_id}.

// EndpointManagerACLList answers GET /endpoint_manager/endpoint/{endpoint_id}/access_list.

// EndpointManagerHostedEndpointList answers GET /endpoint_manager/endpoint/{endpoint_id}/hosted_endpoint_list.

// EndpointManagerMonitoredEndpoints answers GET /endpoint_manager/monitored_endpoints.

// EndpointManagerCreatePauseRule answers POST /endpoint_manager/pause_rule.

// EndpointManagerDeletePauseRule answers DELETE /endpoint_manager/pause_rule/{pause_rule_id}.

// EndpointManagerGetPauseRule answers GET /endpoint_manager/pause_rule/{pause_rule_id}.

// EndpointManagerUpdatePauseRule answers PUT /endpoint_manager/pause_rule/{pause_rule_id}.

// EndpointManagerPauseRuleList answers GET /endpoint_manager/pause_rule_list.

// EndpointManagerGetTask answers GET /endpoint_manager/task/{task_id}.

func (o transferLegacy) EndpointManagerGetTask(w http.ResponseWriter, r *http.Request, _ transferserver.TaskIDParam, _ transferserver.EndpointManagerGetTaskParams) {
	o.s.handleManagerTask(w, r)
}

// EndpointManagerTaskEventList answers GET /endpoint_manager/task/{task_id}/event_list.

func (o transferLegacy) EndpointManagerTaskEventList(w http.ResponseWriter, r *http.Request, _ transferserver.TaskIDParam, _ transferserver.EndpointManagerTaskEventListParams) {
	o.s.handleManagerEvents(w, r)
}

// EndpointManagerTaskPauseInfo answers GET /endpoint_manager/task/{task_id}/pause_info.

func (o transferLegacy) EndpointManagerTaskPauseInfo(w http.ResponseWriter, r *http.Request, _ transferserver.TaskIDParam, _ transferserver.EndpointManagerTaskPauseInfoParams) {
	o.s.handleManagerPauseInfo(w, r)
}

// EndpointManagerTaskSkippedErrors answers GET /endpoint_manager/task/{task_id}/skipped_errors.

func (o transferLegacy) EndpointManagerTaskSkippedErrors(w http.ResponseWriter, r *http.Request, _ transferserver.TaskIDParam, _ transferserver.EndpointManagerTaskSkippedErrorsParams) {
	o.s.handleManagerSkipped(w, r)
}

// EndpointManagerTaskSuccessfulTransfers answers GET /endpoint_manager/task/{task_id}/successful_transfers.

func (o transferLegacy) EndpointManagerTaskSuccessfulTransfers(w http.ResponseWriter, r *http.Request, _ transferserver.TaskIDParam, _ transferserver.EndpointManagerTaskSuccessfulTransfersParams) {
	o.s.handleManagerSuccessful(w, r)
}

// EndpointManagerTaskList answers GET /endpoint_manager/task_list.

func (o transferLegacy) EndpointManagerTaskList(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointManagerTaskListParams) {
	o.s.handleManagerTaskList(w, r)
}

// EndpointSearch answers GET /endpoint_search.

// OperationLs answers GET /operation/endpoint/{endpoint_id}/ls.

func (o transferLegacy) OperationLs(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam, _ transferserver.OperationLsParams) {
	o.s.handleLs(w, r)
}

// OperationRename answers POST /operation/endpoint/{endpoint_id}/rename.

func (o transferLegacy) OperationRename(w http.ResponseWriter, r *http.Request, _ transferserver.EndpointIDParam) {
	o.s.handleRename(w, r)
}

// CreateSharedEndpoint answers POST /shared_endpoint.

// GetSubmissionID answers GET /submission_id.

func (o transferLegacy) GetSubmissionID(w http.ResponseWriter, r *http.Request) {
	o.s.handleSubmissionID(w, r)
}

// GetTask answers GET /task/{task_id}.

func (o transferLegacy) GetTask(w http.ResponseWriter, r *http.Request, _ transferserver.TaskIDParam, _ transferserver.GetTaskParams) {
	o.s.handleGetTask(w, r)
}

// UpdateTask answers PUT /task/{task_id}.

func (o transferLegacy) UpdateTask(w http.ResponseWriter, r *http.Request, _ transferserver.TaskIDParam) {
	o.s.handleUpdateTask(w, r)
}

// CancelTask answers POST /task/{task_id}/cancel.

func (o transferLegacy) CancelTask(w http.ResponseWriter, r *http.Request, _ transferserver.TaskIDParam) {
	o.s.handleCancel(w, r)
}

// TaskEventList answers GET /task/{task_id}/event_list.

func (o transferLegacy) TaskEventList(w http.ResponseWriter, r *http.Request, _ transferserver.TaskIDParam, _ transferserver.TaskEventListParams) {
	o.s.handleEventList(w, r)
}

// TaskPauseInfo answers GET /task/{task_id}/pause_info.

func (o transferLegacy) TaskPauseInfo(w http.ResponseWriter, r *http.Request, _ transferserver.TaskIDParam, _ transferserver.TaskPauseInfoParams) {
	o.s.handlePauseInfo(w, r)
}

// RemoveTask answers POST /task/{task_id}/remove.

func (o transferLegacy) RemoveTask(w http.ResponseWriter, r *http.Request, _ transferserver.TaskIDParam) {
	o.s.handleRemoveTask(w, r)
}

// TaskSkippedErrors answers GET /task/{task_id}/skipped_errors.

func (o transferLegacy) TaskSkippedErrors(w http.ResponseWriter, r *http.Request, _ transferserver.TaskIDParam, _ transferserver.TaskSkippedErrorsParams) {
	o.s.handleSkippedErrors(w, r)
}

// TaskSuccessfulTransfers answers GET /task/{task_id}/successful_transfers.

func (o transferLegacy) TaskSuccessfulTransfers(w http.ResponseWriter, r *http.Request, _ transferserver.TaskIDParam, _ transferserver.TaskSuccessfulTransfersParams) {
	o.s.handleSuccessfulTransfers(w, r)
}

// TaskList answers GET /task_list.

func (o transferLegacy) TaskList(w http.ResponseWriter, r *http.Request, _ transferserver.TaskListParams) {
	o.s.handleTaskList(w, r)
}

// SubmitTransfer answers POST /transfer.

func (o transferLegacy) SubmitTransfer(w http.ResponseWriter, r *http.Request) {
	o.s.handleSubmitTransfer(w, r)
}

func (transferOps) SubmitDelete(context.Context, transferserver.SubmitDeleteRequestObject) (transferserver.SubmitDeleteResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerCancelTasks(context.Context, transferserver.EndpointManagerCancelTasksRequestObject) (transferserver.EndpointManagerCancelTasksResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerCancelStatus(context.Context, transferserver.EndpointManagerCancelStatusRequestObject) (transferserver.EndpointManagerCancelStatusResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerPauseTasks(context.Context, transferserver.EndpointManagerPauseTasksRequestObject) (transferserver.EndpointManagerPauseTasksResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerResumeTasks(context.Context, transferserver.EndpointManagerResumeTasksRequestObject) (transferserver.EndpointManagerResumeTasksResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerGetTask(context.Context, transferserver.EndpointManagerGetTaskRequestObject) (transferserver.EndpointManagerGetTaskResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerTaskEventList(context.Context, transferserver.EndpointManagerTaskEventListRequestObject) (transferserver.EndpointManagerTaskEventListResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerTaskPauseInfo(context.Context, transferserver.EndpointManagerTaskPauseInfoRequestObject) (transferserver.EndpointManagerTaskPauseInfoResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerTaskSkippedErrors(context.Context, transferserver.EndpointManagerTaskSkippedErrorsRequestObject) (transferserver.EndpointManagerTaskSkippedErrorsResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerTaskSuccessfulTransfers(context.Context, transferserver.EndpointManagerTaskSuccessfulTransfersRequestObject) (transferserver.EndpointManagerTaskSuccessfulTransfersResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) EndpointManagerTaskList(context.Context, transferserver.EndpointManagerTaskListRequestObject) (transferserver.EndpointManagerTaskListResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) OperationLs(context.Context, transferserver.OperationLsRequestObject) (transferserver.OperationLsResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) OperationRename(context.Context, transferserver.OperationRenameRequestObject) (transferserver.OperationRenameResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) GetSubmissionID(context.Context, transferserver.GetSubmissionIDRequestObject) (transferserver.GetSubmissionIDResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) GetTask(context.Context, transferserver.GetTaskRequestObject) (transferserver.GetTaskResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) UpdateTask(context.Context, transferserver.UpdateTaskRequestObject) (transferserver.UpdateTaskResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) CancelTask(context.Context, transferserver.CancelTaskRequestObject) (transferserver.CancelTaskResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) TaskEventList(context.Context, transferserver.TaskEventListRequestObject) (transferserver.TaskEventListResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) TaskPauseInfo(context.Context, transferserver.TaskPauseInfoRequestObject) (transferserver.TaskPauseInfoResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) RemoveTask(context.Context, transferserver.RemoveTaskRequestObject) (transferserver.RemoveTaskResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) TaskSkippedErrors(context.Context, transferserver.TaskSkippedErrorsRequestObject) (transferserver.TaskSkippedErrorsResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) TaskSuccessfulTransfers(context.Context, transferserver.TaskSuccessfulTransfersRequestObject) (transferserver.TaskSuccessfulTransfersResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) TaskList(context.Context, transferserver.TaskListRequestObject) (transferserver.TaskListResponseObject, error) {
	return nil, errLegacy
}

func (transferOps) SubmitTransfer(context.Context, transferserver.SubmitTransferRequestObject) (transferserver.SubmitTransferResponseObject, error) {
	return nil, errLegacy
}
