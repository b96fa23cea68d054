package transfer

import (
	"context"
	"fmt"
	"iter"
	"strconv"

	"github.com/globus-go/globus/gen/transferapi"
)

// MaxOffsetResults is how far offset-based listings (task lists, event
// lists, endpoint search) can go: the service refuses an offset plus limit
// above it, so iterators stop after this many results, as the Python SDK's
// paginators do.
const MaxOffsetResults = 1000

// Default page sizes, the largest the service allows for each listing.
const (
	defaultTaskPageSize   = 1000
	defaultSearchPageSize = 100
	defaultEventPageSize  = 1000
)

// PagingStalledError reports a listing that does not advance: the service
// returned a marker, token or key that the iterator had already used, or an
// empty page of an offset-based listing that claims more items follow.
// Following it would loop for ever, so iteration ends with this error.
type PagingStalledError struct {
	// Operation is the operationId, such as "taskList".
	Operation string
	// Cursor is the repeated marker, token, key or offset.
	Cursor string
}

// Error implements error.
func (e *PagingStalledError) Error() string {
	return fmt.Sprintf("transfer: %s: the service returned the page cursor %q again; paging stopped", e.Operation, e.Cursor)
}

// page is one page of a listing: its items, and where the next page
// starts when there is one.
type page[T any, C comparable] struct {
	items []T
	next  C
	more  bool
}

// iterate yields the items of a paged listing, fetching one page at a time
// from start. It stops at the first error (yielded once), when the consumer
// stops, or when a page says there is no more. A cursor seen before ends
// iteration with a *PagingStalledError.
func iterate[T any, C comparable](ctx context.Context, op string, start C, fetch func(context.Context, C) (page[T, C], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		seen := map[C]struct{}{}
		cursor := start
		for {
			if ctx != nil { // a nil ctx is refused by fetch's call
				if err := ctx.Err(); err != nil {
					yield(zero, err)
					return
				}
			}
			seen[cursor] = struct{}{}
			p, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, item := range p.items {
				if !yield(item, nil) {
					return
				}
			}
			if !p.more {
				return
			}
			if _, dup := seen[p.next]; dup {
				yield(zero, &PagingStalledError{Operation: op, Cursor: fmt.Sprint(p.next)})
				return
			}
			cursor = p.next
		}
	}
}

// offsetListing yields the items of an offset-based listing. fetch gets
// one page at offset with the given limit and returns its items and
// whether the listing says more follow the next offset. Iteration also ends
// at MaxOffsetResults, and the limit is reduced to stay within it.
func offsetListing[T any](ctx context.Context, op string, start, size int, fetch func(ctx context.Context, offset, limit int) (items *[]T, more func(next int) bool, err error)) iter.Seq2[T, error] {
	return iterate(ctx, op, start, func(ctx context.Context, offset int) (page[T, int], error) {
		limit := min(size, MaxOffsetResults-offset)
		if limit <= 0 {
			return page[T, int]{}, nil
		}
		data, more, err := fetch(ctx, offset, limit)
		if err != nil {
			return page[T, int]{}, err
		}
		p := page[T, int]{items: copyOf(data)}
		p.next = offset + len(p.items)
		p.more = p.next < MaxOffsetResults && more(p.next)
		return p, nil
	})
}

func pageSize(limit *int, def int) int {
	if limit != nil && *limit > 0 {
		return *limit
	}
	return def
}

func startOffset(offset *int) int {
	if offset != nil && *offset > 0 {
		return *offset
	}
	return 0
}

func hasMore(total *transferapi.PagingInt, next int) bool {
	return total != nil && next < int(*total)
}

func copyOf[T any](p *T) T {
	var v T
	if p != nil {
		v = *p
	}
	return v
}

// Tasks iterates over the caller's tasks (task_list), requesting pages of
// params.Limit tasks (default 1000) from params.Offset on, while the offset
// stays below the reported total. Build params.Filter with [TaskFilter].
// params may be nil and is not changed.
func (c *Client) Tasks(ctx context.Context, params *transferapi.TaskListParams) iter.Seq2[transferapi.Task, error] {
	base := copyOf(params)
	return offsetListing(ctx, "taskList", startOffset(base.Offset), pageSize(base.Limit, defaultTaskPageSize),
		func(ctx context.Context, offset, limit int) (*[]transferapi.Task, func(int) bool, error) {
			q := base
			q.Offset, q.Limit = &offset, &limit
			doc, err := c.TaskList(ctx, &q)
			if err != nil {
				return nil, nil, err
			}
			return doc.DATA, func(next int) bool { return hasMore(doc.Total, next) }, nil
		})
}

// TaskEvents iterates over the events of one of the caller's tasks
// (task_event_list), in pages of params.Limit (default 1000), while the
// offset stays below the reported total. params may be nil and is not
// changed.
func (c *Client) TaskEvents(ctx context.Context, taskID string, params *transferapi.TaskEventListParams) iter.Seq2[transferapi.Event, error] {
	base := copyOf(params)
	return offsetListing(ctx, "taskEventList", startOffset(base.Offset), pageSize(base.Limit, defaultEventPageSize),
		func(ctx context.Context, offset, limit int) (*[]transferapi.Event, func(int) bool, error) {
			q := base
			q.Offset, q.Limit = &offset, &limit
			doc, err := c.TaskEventList(ctx, taskID, &q)
			if err != nil {
				return nil, nil, err
			}
			return doc.DATA, func(next int) bool { return hasMore(doc.Total, next) }, nil
		})
}

// EndpointManagerTaskEvents iterates over the events of a task on an
// endpoint the caller manages (endpoint_manager_task_event_list), like
// [Client.TaskEvents]. params may be nil and is not changed.
func (c *Client) EndpointManagerTaskEvents(ctx context.Context, taskID string, params *transferapi.EndpointManagerTaskEventListParams) iter.Seq2[transferapi.Event, error] {
	base := copyOf(params)
	return offsetListing(ctx, "endpointManagerTaskEventList", startOffset(base.Offset), pageSize(base.Limit, defaultEventPageSize),
		func(ctx context.Context, offset, limit int) (*[]transferapi.Event, func(int) bool, error) {
			q := base
			q.Offset, q.Limit = &offset, &limit
			doc, err := c.EndpointManagerTaskEventList(ctx, taskID, &q)
			if err != nil {
				return nil, nil, err
			}
			return doc.DATA, func(next int) bool { return hasMore(doc.Total, next) }, nil
		})
}

// SearchEndpoints iterates over the endpoints and collections that match
// params (endpoint_search), in pages of params.Limit (default 100), while
// the service reports has_next_page. params may be nil and is not changed.
func (c *Client) SearchEndpoints(ctx context.Context, params *transferapi.EndpointSearchParams) iter.Seq2[transferapi.Endpoint, error] {
	base := copyOf(params)
	return offsetListing(ctx, "endpointSearch", startOffset(base.Offset), pageSize(base.Limit, defaultSearchPageSize),
		func(ctx context.Context, offset, limit int) (*[]transferapi.Endpoint, func(int) bool, error) {
			q := base
			q.Offset, q.Limit = &offset, &limit
			doc, err := c.EndpointSearch(ctx, &q)
			if err != nil {
				return nil, nil, err
			}
			more := doc.HasNextPage != nil && *doc.HasNextPage
			return doc.DATA, func(int) bool { return more }, nil
		})
}

// markerPage builds the page of a marker-based listing: it continues while
// next_marker is present.
func markerPage[T any](data *[]T, next *transferapi.Marker) page[T, string] {
	p := page[T, string]{}
	if data != nil {
		p.items = *data
	}
	if next != nil {
		p.next = strconv.FormatInt(next.Int64(), 10)
		p.more = true
	}
	return p
}

// SuccessfulTransfers iterates over the files a finished transfer task
// copied (task_successful_transfers), following next_marker. params may be
// nil and is not changed; a Marker in it says where to start.
func (c *Client) SuccessfulTransfers(ctx context.Context, taskID string, params *transferapi.TaskSuccessfulTransfersParams) iter.Seq2[transferapi.SuccessfulTransfer, error] {
	base := copyOf(params)
	return iterate(ctx, "taskSuccessfulTransfers", copyOf(base.Marker), func(ctx context.Context, marker string) (page[transferapi.SuccessfulTransfer, string], error) {
		q := base
		q.Marker = nil
		if marker != "" {
			q.Marker = &marker
		}
		doc, err := c.TaskSuccessfulTransfers(ctx, taskID, &q)
		if err != nil {
			return page[transferapi.SuccessfulTransfer, string]{}, err
		}
		return markerPage(doc.DATA, doc.NextMarker), nil
	})
}

// SkippedErrors iterates over the paths a transfer task skipped because of
// errors (task_skipped_errors), following next_marker. params may be nil
// and is not changed.
func (c *Client) SkippedErrors(ctx context.Context, taskID string, params *transferapi.TaskSkippedErrorsParams) iter.Seq2[transferapi.SkippedError, error] {
	base := copyOf(params)
	return iterate(ctx, "taskSkippedErrors", copyOf(base.Marker), func(ctx context.Context, marker string) (page[transferapi.SkippedError, string], error) {
		q := base
		q.Marker = nil
		if marker != "" {
			q.Marker = &marker
		}
		doc, err := c.TaskSkippedErrors(ctx, taskID, &q)
		if err != nil {
			return page[transferapi.SkippedError, string]{}, err
		}
		return markerPage(doc.DATA, doc.NextMarker), nil
	})
}

// EndpointManagerSuccessfulTransfers is [Client.SuccessfulTransfers] for a
// task on an endpoint the caller manages
// (endpoint_manager_task_successful_transfers).
func (c *Client) EndpointManagerSuccessfulTransfers(ctx context.Context, taskID string, params *transferapi.EndpointManagerTaskSuccessfulTransfersParams) iter.Seq2[transferapi.SuccessfulTransfer, error] {
	base := copyOf(params)
	return iterate(ctx, "endpointManagerTaskSuccessfulTransfers", copyOf(base.Marker), func(ctx context.Context, marker string) (page[transferapi.SuccessfulTransfer, string], error) {
		q := base
		q.Marker = nil
		if marker != "" {
			q.Marker = &marker
		}
		doc, err := c.EndpointManagerTaskSuccessfulTransfers(ctx, taskID, &q)
		if err != nil {
			return page[transferapi.SuccessfulTransfer, string]{}, err
		}
		return markerPage(doc.DATA, doc.NextMarker), nil
	})
}

// EndpointManagerSkippedErrors is [Client.SkippedErrors] for a task on an
// endpoint the caller manages (endpoint_manager_task_skipped_errors).
func (c *Client) EndpointManagerSkippedErrors(ctx context.Context, taskID string, params *transferapi.EndpointManagerTaskSkippedErrorsParams) iter.Seq2[transferapi.SkippedError, error] {
	base := copyOf(params)
	return iterate(ctx, "endpointManagerTaskSkippedErrors", copyOf(base.Marker), func(ctx context.Context, marker string) (page[transferapi.SkippedError, string], error) {
		q := base
		q.Marker = nil
		if marker != "" {
			q.Marker = &marker
		}
		doc, err := c.EndpointManagerTaskSkippedErrors(ctx, taskID, &q)
		if err != nil {
			return page[transferapi.SkippedError, string]{}, err
		}
		return markerPage(doc.DATA, doc.NextMarker), nil
	})
}

// EndpointManagerTasks iterates over the tasks on endpoints the caller
// manages (endpoint_manager_task_list), following last_key while the
// service reports has_next_page. Fill the filter_* fields of params with
// [EndpointManagerTaskFilter]. params may be nil and is not changed.
func (c *Client) EndpointManagerTasks(ctx context.Context, params *transferapi.EndpointManagerTaskListParams) iter.Seq2[transferapi.Task, error] {
	base := copyOf(params)
	return iterate(ctx, "endpointManagerTaskList", copyOf(base.LastKey), func(ctx context.Context, key string) (page[transferapi.Task, string], error) {
		q := base
		q.LastKey = nil
		if key != "" {
			q.LastKey = &key
		}
		doc, err := c.EndpointManagerTaskList(ctx, &q)
		if err != nil {
			return page[transferapi.Task, string]{}, err
		}
		p := page[transferapi.Task, string]{items: copyOf(doc.DATA)}
		if doc.HasNextPage != nil && *doc.HasNextPage {
			p.more = true
			p.next = copyOf(doc.LastKey)
		}
		return p, nil
	})
}

// SharedEndpoints iterates over the shared endpoints (guest collections)
// hosted on an endpoint (get_shared_endpoint_list), following next_token.
// params may be nil and is not changed.
func (c *Client) SharedEndpoints(ctx context.Context, endpointID string, params *transferapi.GetSharedEndpointListParams) iter.Seq2[transferapi.Endpoint, error] {
	base := copyOf(params)
	return iterate(ctx, "getSharedEndpointList", copyOf(base.NextToken), func(ctx context.Context, token string) (page[transferapi.Endpoint, string], error) {
		q := base
		q.NextToken = nil
		if token != "" {
			q.NextToken = &token
		}
		doc, err := c.GetSharedEndpointList(ctx, endpointID, &q)
		if err != nil {
			return page[transferapi.Endpoint, string]{}, err
		}
		p := page[transferapi.Endpoint, string]{items: copyOf(doc.SharedEndpoints)}
		if doc.NextToken != nil && *doc.NextToken != "" {
			p.more = true
			p.next = *doc.NextToken
		}
		return p, nil
	})
}
