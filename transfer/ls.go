package transfer

import (
	"context"
	"iter"

	"github.com/globus-go/globus/gen/transferapi"
)

// DefaultLsPageSize is the page size of [Client.Ls] when params.Limit is
// not set. Directory listings are sent whole by the endpoint, so a page of
// this size costs the service no more than a smaller one.
const DefaultLsPageSize = 1000

// Ls iterates over the entries of a directory (operation_ls), requesting
// pages of params.Limit entries (default [DefaultLsPageSize]) from
// params.Offset on. It moves to the next page while the offset stays below
// the reported total, or, when a listing reports no total, while pages come
// back full. params may be nil and is not changed; set params.Path to list
// a directory other than the endpoint's default.
//
// Like every iterator of this package it holds one page at a time, sends no
// request after the loop stops, and yields an error once, as its last value.
func (c *Client) Ls(ctx context.Context, endpointID string, params *transferapi.OperationLsParams) iter.Seq2[transferapi.FileDocument, error] {
	base := copyOf(params)
	size := pageSize(base.Limit, DefaultLsPageSize)
	return iterate(ctx, "operationLs", startOffset(base.Offset), func(ctx context.Context, offset int) (page[transferapi.FileDocument, int], error) {
		q := base
		limit := size
		q.Offset, q.Limit = &offset, &limit
		doc, err := c.OperationLs(ctx, endpointID, &q)
		if err != nil {
			return page[transferapi.FileDocument, int]{}, err
		}
		p := page[transferapi.FileDocument, int]{items: copyOf(doc.DATA)}
		p.next = offset + len(p.items)
		if doc.Total != nil {
			p.more = p.next < int(*doc.Total)
		} else {
			p.more = len(p.items) >= limit
		}
		if p.more && len(p.items) == 0 {
			// An empty page that claims more follow would repeat forever.
			p.next = offset
		}
		return p, nil
	})
}
