package transfer

import (
	"context"
	"fmt"
	"iter"

	"github.com/globus-go/globus"
)

// This file is the engine of the listing iterators, which go generate
// writes into operations.gen.go from the x-globus-go-paging extension of
// each paged operation in api/transfer.yaml: offsetPages for listings paged
// by offset and limit, cursorPages for those that follow a marker, a
// last_key or a next_token.

// MaxOffsetResults is how far the offset-paged task, event and endpoint
// search listings go: the service refuses an offset plus limit above it,
// so their iterators stop after this many results, as the Python SDK's
// paginators do. Narrow such a listing with filters to reach older items.
const MaxOffsetResults = 1000

// PagingStalledError reports a listing that does not advance: the service
// returned a marker, token or key that the iterator had already used, said
// more items follow without a cursor to fetch them by, or sent an empty
// page of an offset-paged listing that claims more items follow. Following
// it would loop for ever, so iteration ends with this error.
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

// failed is an iterator that yields err once.
func failed[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

// pageEnd is what one page of an offset-paged listing says about the next:
// built by byTotal, byTotalOrFullPage or byFlag.
type pageEnd struct {
	total    int  // the reported total; 0 when the answer has none
	fullPage bool // with no total, a full page means more may follow
	flag     bool // has_next_page decides
	hasNext  bool
}

// byTotal: more items follow while the next offset is below total.
func byTotal(total int) pageEnd { return pageEnd{total: total} }

// byTotalOrFullPage: as byTotal, and when the answer reports no total,
// more items may follow a full page.
func byTotalOrFullPage(total int) pageEnd { return pageEnd{total: total, fullPage: true} }

// byFlag: more items follow when has_next_page says so.
func byFlag(hasNext bool) pageEnd { return pageEnd{flag: true, hasNext: hasNext} }

// more reports whether items follow next, after a page of got items
// fetched with limit.
func (e pageEnd) more(next, got, limit int) bool {
	switch {
	case e.flag:
		return e.hasNext
	case e.total > 0:
		return next < e.total
	default:
		return e.fullPage && got >= limit
	}
}

// offsetPages yields the items of a listing paged by offset and limit,
// from offset start in pages of size. fetch gets the page at offset. With
// maxItems above zero, iteration ends there and the last limit is reduced
// to stay within it. A negative start or size is refused with a
// *globus.UsageError before any request.
func offsetPages[T any](ctx context.Context, op string, start, size, maxItems int, fetch func(ctx context.Context, offset, limit int) ([]T, pageEnd, error)) iter.Seq2[T, error] {
	if start < 0 || size < 0 {
		return failed[T](&globus.UsageError{Op: op, Problem: fmt.Sprintf("offset %d and limit %d may not be negative", start, size)})
	}
	return iterate(ctx, op, start, func(ctx context.Context, offset int) (page[T, int], error) {
		limit := size
		if maxItems > 0 {
			limit = min(size, maxItems-offset)
			if limit <= 0 {
				return page[T, int]{}, nil
			}
		}
		items, end, err := fetch(ctx, offset, limit)
		if err != nil {
			return page[T, int]{}, err
		}
		p := page[T, int]{items: items, next: offset + len(items)}
		p.more = end.more(p.next, len(items), limit) && (maxItems == 0 || p.next < maxItems)
		if p.more && len(items) == 0 {
			p.next = offset // an empty page that claims more: stalled
		}
		return p, nil
	})
}

// cursorPages yields the items of a listing that pages by cursor, from
// the cursor start ("" for the first page). fetch gets the page at cursor,
// the next cursor and whether the service says more items follow.
func cursorPages[T any](ctx context.Context, op string, start string, fetch func(ctx context.Context, cursor string) ([]T, string, bool, error)) iter.Seq2[T, error] {
	return iterate(ctx, op, start, func(ctx context.Context, cursor string) (page[T, string], error) {
		items, next, more, err := fetch(ctx, cursor)
		if err != nil {
			return page[T, string]{}, err
		}
		if more && next == "" {
			return page[T, string]{}, &PagingStalledError{Operation: op, Cursor: cursor}
		}
		return page[T, string]{items: items, next: next, more: more}, nil
	})
}

// cursorText is a cursor as the next request sends it: "" when unset.
func cursorText[V comparable](v V) string {
	var zero V
	if v == zero {
		return ""
	}
	return fmt.Sprint(v)
}

// isSet reports whether v is not its zero value: for a listing that goes
// on while the answer names a next cursor.
func isSet[V comparable](v V) bool {
	var zero V
	return v != zero
}
