// Package transfer is a client of the Globus Transfer API v0.10.
//
// [NewClient] returns a [Client] that embeds the client generated from
// api/transfer.yaml (package gen/transferapi), so every Transfer operation
// is available under the Python SDK's method name:
//
//	c, err := transfer.NewClient(transfer.WithAuthorizer(a))
//	r, err := c.EndpointSearchWithResponse(ctx, &transferapi.EndpointSearchParams{...})
//
// Failed calls return a *[globus.APIError]; [HasCode], [IsNotFound],
// [IsDirListingFailed], [ConsentRequired] and friends match Transfer's error
// codes. On top of the generated client the package adds only what the raw
// operations make tedious:
//
//   - iterators over paged listings, one page in memory at a time:
//     [Client.Ls], [Client.Tasks], [Client.TaskEvents], [Client.SearchEndpoints],
//     [Client.SuccessfulTransfers], [Client.SkippedErrors],
//     [Client.EndpointManagerTasks], [Client.SharedEndpoints] and the
//     endpoint-manager forms;
//   - [TransferData] and [DeleteData], which build and check submissions,
//     and [Client.SubmitTransfer] and [Client.SubmitDelete], which submit
//     them with a submission id so that retries never create a second task;
//   - [Client.TaskWait], which polls a task until it leaves ACTIVE;
//   - [Filter], [TaskFilter] and [EndpointManagerTaskFilter], which build
//     filter expressions from typed values.
package transfer
