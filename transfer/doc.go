// Package transfer is a client of the Globus Transfer API v0.10.
//
// [NewClient] returns a [Client] with one method per operation of
// api/transfer.yaml, named after its operationId, which returns the decoded
// document of package gen/transferapi:
//
//	c, err := transfer.NewClient(transfer.WithAuthorizer(a))
//	task, err := c.GetTask(ctx, taskID, nil)
//
// Failed calls return a *[globus.APIError]; [HasCode], [IsNotFound],
// [IsDirListingFailed], [ConsentRequired] and friends match Transfer's error
// codes. A successful answer that cannot be read is a
// *[globus.ResponseError], and a call refused before sending (an empty,
// "." or ".." path parameter, a nil client or context) a
// *[globus.UsageError]. On top of the operations the package adds only what
// they make tedious:
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
