package fakeglobus

import (
	"context"
	"fmt"
	"net/http"

	"github.com/globus-go/globus/gen/server/transferserver"
)

// The endpoint manager's views of endpoints: those the caller monitors,
// the guest collections of one, its document and its access rules. They
// need a role on the endpoint rather than visibility; the task and pause
// rule operations of the endpoint manager are in manager.go.

// EndpointManagerMonitoredEndpoints answers GET /endpoint_manager/monitored_endpoints.
// It lists the endpoints on which the caller holds a role that sees
// tasks.
func (o transferOps) EndpointManagerMonitoredEndpoints(ctx context.Context, _ transferserver.EndpointManagerMonitoredEndpointsRequestObject) (transferserver.EndpointManagerMonitoredEndpointsResponseObject, error) {
	me := callerID(ctx)
	var monitored []*collection
	for _, c := range o.s.colOrder {
		if c.hasRole(me, monitorRoles...) {
			monitored = append(monitored, c)
		}
	}
	data := endpointDocuments(monitored, me)
	return transferserver.EndpointManagerMonitoredEndpoints200JSONResponse{DATATYPE: ptr("endpoint_list"), DATA: &data}, nil
}

// EndpointManagerHostedEndpointList answers GET /endpoint_manager/endpoint/{endpoint_id}/hosted_endpoint_list.
// It lists every guest collection hosted on the endpoint.
func (o transferOps) EndpointManagerHostedEndpointList(ctx context.Context, req transferserver.EndpointManagerHostedEndpointListRequestObject) (transferserver.EndpointManagerHostedEndpointListResponseObject, error) {
	s := o.s
	c, err := s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	if err := checkRole(ctx, c, monitorRoles...); err != nil {
		return nil, err
	}
	data := endpointDocuments(s.guests(c, ""), callerID(ctx))
	return transferserver.EndpointManagerHostedEndpointList200JSONResponse{DATATYPE: ptr("endpoint_list"), DATA: &data}, nil
}

// EndpointManagerGetEndpoint answers GET /endpoint_manager/endpoint/{endpoint_id}.
func (o transferOps) EndpointManagerGetEndpoint(ctx context.Context, req transferserver.EndpointManagerGetEndpointRequestObject) (transferserver.EndpointManagerGetEndpointResponseObject, error) {
	c, err := o.s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	if err := checkRole(ctx, c, knownRoles...); err != nil {
		return nil, err
	}
	return transferserver.EndpointManagerGetEndpoint200JSONResponse(c.endpointDocument(callerID(ctx))), nil
}

// EndpointManagerACLList answers GET /endpoint_manager/endpoint/{endpoint_id}/access_list.
// Unlike access_list, an activity_monitor may read it, and the role is
// checked before whether the endpoint has access rules.
func (o transferOps) EndpointManagerACLList(ctx context.Context, req transferserver.EndpointManagerACLListRequestObject) (transferserver.EndpointManagerACLListResponseObject, error) {
	c, err := o.s.collectionOf(string(req.EndpointID))
	if err != nil {
		return nil, err
	}
	if err := checkRole(ctx, c, RoleAdministrator, RoleAccessManager, RoleActivityMonitor); err != nil {
		return nil, err
	}
	if !c.aclAvailable() {
		return nil, refuse(http.StatusConflict, "NotSupported", fmt.Sprintf("Endpoint %s does not support access rules", c.id))
	}
	return transferserver.EndpointManagerACLList200JSONResponse(c.accessList()), nil
}
