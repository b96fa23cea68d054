package fakeglobus

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/globus-go/globus/gen/server/transferserver"
)

// The checks that the strict operations share. Each returns nil or the
// *refusal that the operation returns as its error; none writes an answer.

// callerOf returns the caller of a Transfer operation, which dispatch
// authenticated before routing.
func callerOf(ctx context.Context) *accessToken {
	t, _ := ctx.Value(callerKey).(*accessToken)
	return t
}

// callerID returns the identity id of the caller of a Transfer operation.
func callerID(ctx context.Context) string { return callerOf(ctx).sub.ID }

// collectionOf returns the collection with id, or a 404 EndpointNotFound.
// s.mu must be held.
func (s *Server) collectionOf(id string) (*collection, error) {
	if c := s.collections[id]; c != nil {
		return c, nil
	}
	return nil, refuse(http.StatusNotFound, "EndpointNotFound", fmt.Sprintf("No such endpoint '%s'", id))
}

// deny is Transfer's 403 refusal.
func deny(msg string) *refusal { return refuse(http.StatusForbidden, "PermissionDenied", msg) }

// checkRead refuses unless the caller may read p on c.
func checkRead(ctx context.Context, c *collection, p string) error {
	if c.canRead(callerID(ctx), p) {
		return nil
	}
	return deny(fmt.Sprintf("No read access to '%s' on endpoint %s", p, c.id))
}

// checkWrite refuses unless the caller may write p on c.
func checkWrite(ctx context.Context, c *collection, p string) error {
	if c.canWrite(callerID(ctx), p) {
		return nil
	}
	return deny(fmt.Sprintf("No write access to '%s' on endpoint %s", p, c.id))
}

// checkRole refuses unless the caller holds one of roles on c.
func checkRole(ctx context.Context, c *collection, roles ...string) error {
	if c.hasRole(callerID(ctx), roles...) {
		return nil
	}
	return deny(fmt.Sprintf("This operation needs one of the roles %s on endpoint %s", strings.Join(roles, ", "), c.id))
}

// checkPaused refuses with 409 OperationPaused when a pause rule of c
// that applies to the caller sets flag (such as "pause_ls"). s.mu must be
// held.
func (s *Server) checkPaused(ctx context.Context, c *collection, flag string) error {
	me := callerID(ctx)
	for _, p := range s.ruleOrder {
		if p.endpoint == c && p.flags[flag] && p.applies(me, s.now()) {
			rf := refuse(http.StatusConflict, "OperationPaused", fmt.Sprintf("An administrator of endpoint %s paused this operation", c.id))
			rf.extra = map[string]any{"pause_message": p.message}
			return rf
		}
	}
	return nil
}

// badRequest is Transfer's 400 refusal, ClientError.BadRequest.
func badRequest(msg string) *refusal {
	return refuse(http.StatusBadRequest, "ClientError.BadRequest", msg)
}

// count returns the bound integer query parameter name (a page size, a
// position, a count), or def when it is absent. A negative one is refused
// with 400, quoting the parameter as it was sent (such as "-01").
func count(ctx context.Context, name string, v *int, def int) (int, error) {
	if v == nil {
		return def, nil
	}
	if *v < 0 {
		return 0, badCount(name, request(ctx).URL.Query().Get(name))
	}
	return *v, nil
}

// badCount refuses the malformed or negative integer parameter name,
// whose text is v.
func badCount(name, v string) error {
	return badRequest(fmt.Sprintf("Invalid %s '%s': must be a non-negative integer", name, v))
}

// page returns the limit and offset of an offset-paged list from the
// bound parameters (see count): def when no limit is given, and max when
// the limit is 0 or above max, as Transfer lowers it.
func page(ctx context.Context, limit, offset *int, def, max int) (int, int, error) {
	l, err := count(ctx, "limit", limit, def)
	if err != nil {
		return 0, 0, err
	}
	o, err := count(ctx, "offset", offset, 0)
	if err != nil {
		return 0, 0, err
	}
	if l == 0 || l > max {
		l = max
	}
	return l, o, nil
}

// result returns Transfer's result document for the operation of ctx.
func result(ctx context.Context, dataType, code, msg string) transferserver.Result {
	r := request(ctx)
	return transferserver.Result{
		DATATYPE:  ptr(dataType),
		Code:      ptr(code),
		Message:   val(msg),
		RequestID: val(requestID(r)),
		Resource:  val(resource(r)),
	}
}
