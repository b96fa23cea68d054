package transfer_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/internal/spectest"
	"github.com/oapi-codegen/nullable"
)

// Ids used by the canned documents below.
const (
	epID      = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc"
	hostEPID  = "2bd3bbe4-2d8d-4c2b-b5a8-a5d1a1b1c6f1"
	taskID    = "42c7b44e-6df4-11ee-8b3a-a9a3ac7f7a7e"
	taskID2   = "58f7c4aa-6df4-11ee-8b3a-a9a3ac7f7a7e"
	identity  = "ae341a98-d274-11e5-b888-dbae3a8ba545"
	bookmark  = "1dd4a1e6-8f15-4e3a-9d1c-7c10f1e1f6a0"
	roleID    = "5bd0b1d2-0a3f-11e9-8fb6-0e3d676669f4"
	subscript = "9c0a4a22-1a5b-4a70-a9ad-3a2f7f3b1e11"
)

// canned holds a realistic answer for each operation, keyed by operationId.
var canned = map[string]string{
	"getEndpoint":                  endpointDoc("endpoint"),
	"endpointManagerGetEndpoint":   endpointDoc("endpoint"),
	"updateEndpoint":               resultDoc("Updated", "Endpoint updated successfully", "/endpoint/"+epID),
	"deleteEndpoint":               resultDoc("Deleted", "Endpoint deleted successfully", "/endpoint/"+epID),
	"setSubscriptionId":            resultDoc("Updated", "Endpoint updated successfully", "/endpoint/"+epID+"/subscription"),
	"setSubscriptionAdminVerified": resultDoc("Updated", "Endpoint updated successfully", "/endpoint/"+epID+"/subscription_admin_verified"),
	"endpointSearch":               endpointListDoc(true),
	"mySharedEndpointList":         endpointListDoc(false),
	"endpointManagerMonitoredEndpoints": `{"DATA_TYPE":"endpoint_list","DATA":[{"DATA_TYPE":"monitored_endpoint","id":"` + epID +
		`","display_name":"Lab DTN","owner_string":"admin@example.org","host_endpoint_id":null,"non_functional":false}]}`,
	"endpointManagerHostedEndpointList": endpointListDoc(false),
	"getSharedEndpointList": `{"DATA_TYPE":"shared_endpoint_list","next_token":null,"shared_endpoints":[` +
		`{"DATA_TYPE":"endpoint","id":"` + epID + `","display_name":"Lab DTN","host_endpoint_id":"` + hostEPID + `","host_path":"/data/shared/"}]}`,
	"myEffectivePauseRuleList":     pauseRuleListDoc(),
	"endpointManagerPauseRuleList": pauseRuleListDoc(),
	"createSharedEndpoint": `{"DATA_TYPE":"endpoint_create_result","code":"Created","message":"Shared endpoint created successfully",` +
		`"id":"` + epID + `","canonical_name":"u_abc#` + epID + `","globus_connect_setup_key":null,"request_id":"cr8Nq2Lp1","resource":"/shared_endpoint"}`,
	"endpointServerList": `{"DATA_TYPE":"endpoint_server_list","endpoint":"` + epID + `","DATA":[` + serverDoc() + `]}`,
	"getEndpointServer":  serverDoc(),
	"endpointRoleList":   `{"DATA_TYPE":"role_list","DATA":[` + roleDoc() + `]}`,
	"getEndpointRole":    roleDoc(),
	"addEndpointRole": `{"DATA_TYPE":"role_create_result","code":"Created","message":"Role created successfully","id":"` + roleID +
		`","principal":"` + identity + `","principal_type":"identity","role":"access_manager","request_id":"ro1Xk2Lp","resource":"/endpoint/` + epID + `/role"}`,
	"deleteEndpointRole":     resultDoc("Deleted", "Role deleted successfully", "/endpoint/"+epID+"/role/"+roleID),
	"endpointAclList":        accessListDoc(),
	"endpointManagerAclList": accessListDoc(),
	"getEndpointAclRule":     accessRuleDoc(),
	"addEndpointAclRule": `{"DATA_TYPE":"access_create_result","code":"Created","message":"Access rule created successfully.","access_id":12345,` +
		`"request_id":"ac9Lp0Qw","resource":"/endpoint/` + epID + `/access"}`,
	"updateEndpointAclRule": resultDoc("Updated", "Access rule updated successfully", "/endpoint/"+epID+"/access/12345"),
	"deleteEndpointAclRule": resultDoc("Deleted", "Access rule '12345' deleted successfully", "/endpoint/"+epID+"/access/12345"),
	"bookmarkList":          `{"DATA_TYPE":"bookmark_list","DATA":[` + bookmarkDoc() + `]}`,
	"createBookmark":        bookmarkDoc(),
	"getBookmark":           bookmarkDoc(),
	"updateBookmark":        bookmarkDoc(),
	"deleteBookmark":        resultDoc("Deleted", "Bookmark deleted successfully", "/bookmark/"+bookmark),
	"operationLs":           fileListDoc(),
	"operationStat": `{"DATA_TYPE":"file","name":"results.csv","type":"file","size":5120,"permissions":"0644","user":"alice","group":"lab",` +
		`"last_modified":"2024-02-01 10:15:00+00:00","link_target":null}`,
	"operationMkdir":                         resultDoc("DirectoryCreated", "The directory was created successfully", "/operation/endpoint/"+epID+"/mkdir"),
	"operationRename":                        resultDoc("FileRenamed", "File or directory renamed successfully", "/operation/endpoint/"+epID+"/rename"),
	"getSubmissionId":                        `{"DATA_TYPE":"submission_id","value":"a3a5ac7c-6df4-11ee-8b3a-a9a3ac7f7a7e"}`,
	"submitTransfer":                         submitResultDoc("transfer_result", "/transfer"),
	"submitDelete":                           submitResultDoc("delete_result", "/delete"),
	"taskList":                               taskListDoc(false),
	"endpointManagerTaskList":                taskListDoc(true),
	"getTask":                                taskDoc(taskID, "ACTIVE"),
	"endpointManagerGetTask":                 taskDoc(taskID, "SUCCEEDED"),
	"updateTask":                             resultDoc("Updated", "Task updated successfully", "/task/"+taskID),
	"cancelTask":                             resultDoc("Canceled", "The task has been cancelled successfully.", "/task/"+taskID+"/cancel"),
	"removeTask":                             resultDoc("Removed", "The task has been removed successfully.", "/task/"+taskID+"/remove"),
	"taskEventList":                          eventListDoc(),
	"endpointManagerTaskEventList":           eventListDoc(),
	"taskPauseInfo":                          pauseInfoDoc(),
	"endpointManagerTaskPauseInfo":           pauseInfoDoc(),
	"taskSuccessfulTransfers":                successfulDoc(),
	"endpointManagerTaskSuccessfulTransfers": successfulDoc(),
	"taskSkippedErrors":                      skippedDoc(),
	"endpointManagerTaskSkippedErrors":       skippedDoc(),
	"endpointManagerCancelTasks":             adminCancelDoc(false),
	"endpointManagerCancelStatus":            adminCancelDoc(true),
	"endpointManagerPauseTasks":              resultDoc("PauseAccepted", "Pause request accepted", "/endpoint_manager/admin_pause"),
	"endpointManagerResumeTasks":             resultDoc("ResumeAccepted", "Resume request accepted", "/endpoint_manager/admin_resume"),
	"endpointManagerCreatePauseRule":         pauseRuleDoc(),
	"endpointManagerGetPauseRule":            pauseRuleDoc(),
	"endpointManagerUpdatePauseRule":         pauseRuleDoc(),
	"endpointManagerDeletePauseRule":         resultDoc("Deleted", "Pause rule deleted", "/endpoint_manager/pause_rule/7"),
}

func resultDoc(code, message, resource string) string {
	return fmt.Sprintf(`{"DATA_TYPE":"result","code":%q,"message":%q,"request_id":"rq7Tz3Kd","resource":%q}`, code, message, resource)
}

func endpointDoc(dataType string) string {
	return `{"DATA_TYPE":"` + dataType + `","id":"` + epID + `","display_name":"Lab DTN","canonical_name":"lab#dtn",` +
		`"owner_id":"` + identity + `","owner_string":"alice@example.org","entity_type":"GCSv5_mapped_collection",` +
		`"gcs_version":"5.4.70","subscription_id":"` + subscript + `","host_endpoint_id":null,"non_functional":false,` +
		`"high_assurance":false,"public":true,"keywords":"lab,hpc","my_effective_roles":["administrator"],` +
		`"last_accessed_time":"2024-01-31 12:00:00+00:00","expire_time":null,"DATA":[` + serverDoc() + `]}`
}

func endpointListDoc(hasNext bool) string {
	return fmt.Sprintf(`{"DATA_TYPE":"endpoint_list","offset":0,"limit":100,"has_next_page":%t,"DATA":[%s]}`, hasNext, endpointDoc("endpoint"))
}

func serverDoc() string {
	return `{"DATA_TYPE":"server","id":207976,"hostname":"dtn.example.org","port":443,"scheme":"gsiftp","uri":"gsiftp://dtn.example.org:443",` +
		`"subject":null,"is_connected":true,"is_paused":false,"incoming_data_port_start":null,"incoming_data_port_end":null,` +
		`"outgoing_data_port_start":null,"outgoing_data_port_end":null}`
}

func roleDoc() string {
	return `{"DATA_TYPE":"role","id":"` + roleID + `","principal":"` + identity + `","principal_type":"identity","role":"access_manager"}`
}

func accessRuleDoc() string {
	return `{"DATA_TYPE":"access","id":12345,"principal_type":"identity","principal":"` + identity + `","path":"/projects/",` +
		`"permissions":"rw","role_id":null,"role_type":null,"notify_email":null,"create_time":"2024-01-15T09:30:00+00:00","expiration_date":null}`
}

func accessListDoc() string {
	return `{"DATA_TYPE":"access_list","DATA":[` + accessRuleDoc() + `]}`
}

func bookmarkDoc() string {
	return `{"DATA_TYPE":"bookmark","id":"` + bookmark + `","name":"Project data","endpoint_id":"` + epID + `","path":"/projects/alpha/","pinned":false}`
}

func fileListDoc() string {
	return `{"DATA_TYPE":"file_list","endpoint":"` + epID + `","path":"/~/","absolute_path":"/home/alice/","rename_supported":true,` +
		`"symlink_supported":false,"length":2,"total":2,"DATA":[` +
		`{"DATA_TYPE":"file","name":"data","type":"dir","size":4096,"permissions":"0755","user":"alice","group":"lab","last_modified":"2024-02-01 10:00:00+00:00","link_target":null},` +
		`{"DATA_TYPE":"file","name":"results.csv","type":"file","size":5120,"permissions":"0644","user":"alice","group":"lab","last_modified":"2024-02-01 10:15:00+00:00","link_target":null}]}`
}

func submitResultDoc(dataType, resource string) string {
	return `{"DATA_TYPE":"` + dataType + `","code":"Accepted","message":"The transfer has been accepted and a task has been created and queued for execution",` +
		`"request_id":"sb4Lq9Vz","resource":"` + resource + `","submission_id":"a3a5ac7c-6df4-11ee-8b3a-a9a3ac7f7a7e","task_id":"` + taskID + `",` +
		`"task_link":{"DATA_TYPE":"link","href":"task/` + taskID + `?format=json","rel":"related","resource":"task","title":"related task"}}`
}

func taskDoc(id, status string) string {
	return `{"DATA_TYPE":"task","task_id":"` + id + `","type":"TRANSFER","status":"` + status + `","label":"nightly backup",` +
		`"owner_id":"` + identity + `","source_endpoint_id":"` + epID + `","destination_endpoint_id":"` + hostEPID + `",` +
		`"source_endpoint_display_name":"Lab DTN","destination_endpoint_display_name":"Archive","request_time":"2024-02-01 10:00:00+00:00",` +
		`"completion_time":null,"deadline":"2024-02-02 10:00:00+00:00","files":3,"directories":1,"files_skipped":0,"files_transferred":1,` +
		`"bytes_transferred":2048,"bytes_checksummed":0,"subtasks_total":4,"subtasks_pending":2,"subtasks_succeeded":2,"subtasks_failed":0,` +
		`"subtasks_canceled":0,"subtasks_expired":0,"subtasks_retrying":0,"subtasks_skipped_errors":0,"faults":0,"sync_level":null,` +
		`"verify_checksum":true,"encrypt_data":false,"preserve_timestamp":false,"delete_destination_extra":false,"is_paused":false,` +
		`"nice_status":"Queued","nice_status_details":null,"fatal_error":null,"history_deleted":false,"effective_bytes_per_second":1024}`
}

func taskListDoc(lastKey bool) string {
	if lastKey {
		return `{"DATA_TYPE":"task_list","has_next_page":false,"last_key":null,"limit":1000,"DATA":[` + taskDoc(taskID, "SUCCEEDED") + `]}`
	}
	return `{"DATA_TYPE":"task_list","length":2,"limit":1000,"offset":0,"total":2,"DATA":[` + taskDoc(taskID, "ACTIVE") + `,` + taskDoc(taskID2, "SUCCEEDED") + `]}`
}

func eventListDoc() string {
	return `{"DATA_TYPE":"event_list","length":1,"limit":1000,"offset":0,"total":1,"DATA":[{"DATA_TYPE":"event","code":"STARTED",` +
		`"description":"started","details":"Starting at offset 0","is_error":false,"time":"2024-02-01 10:00:05+00:00"}]}`
}

func pauseRuleDoc() string {
	return `{"DATA_TYPE":"pause_rule","id":7,"message":"Storage maintenance","start_time":null,"endpoint_id":"` + epID + `",` +
		`"identity_id":null,"modified_by_id":"` + identity + `","created_by_host_manager":false,"editable":true,` +
		`"pause_ls":true,"pause_mkdir":true,"pause_rename":true,"pause_task_delete":true,"pause_task_transfer_read":true,"pause_task_transfer_write":true}`
}

func pauseRuleListDoc() string {
	return `{"DATA_TYPE":"pause_rule_list","DATA":[` + pauseRuleDoc() + `]}`
}

func pauseInfoDoc() string {
	return `{"DATA_TYPE":"pause_info","source_pause_message":"Storage maintenance","destination_pause_message":null,` +
		`"source_pause_message_share":null,"destination_pause_message_share":null,"pause_rules":[` + pauseRuleDoc() + `]}`
}

func successfulDoc() string {
	return `{"DATA_TYPE":"successful_transfers","marker":0,"next_marker":null,"DATA":[` +
		`{"DATA_TYPE":"successful_transfer","source_path":"/data/a.txt","destination_path":"/archive/a.txt"}]}`
}

func skippedDoc() string {
	return `{"DATA_TYPE":"skipped_errors","marker":0,"next_marker":null,"DATA":[{"DATA_TYPE":"skipped_error",` +
		`"source_path":"/data/secret","destination_path":"/archive/secret","error_code":"PERMISSION_DENIED","error_details":"open failed",` +
		`"error_time":"2024-02-01 10:01:00+00:00","is_directory":false,"is_symlink":false,"is_delete_destination_extra":false,` +
		`"checksum_algorithm":null,"external_checksum":null}]}`
}

func adminCancelDoc(done bool) string {
	return fmt.Sprintf(`{"DATA_TYPE":"admin_cancel","id":42,"done":%t,"message":"Canceled for maintenance","task_id_list":[%q]}`, done, taskID)
}

// opsServer answers every operation with its canned document and counts
// the operations it served.
func opsServer(t *testing.T) (http.Handler, *sync.Map) {
	t.Helper()
	v, err := spectest.Transfer()
	if err != nil {
		t.Fatal(err)
	}
	var hits sync.Map
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ex, err := v.ValidateRequest(r, body)
		if err != nil {
			t.Errorf("routing %s %s: %v", r.Method, r.URL.Path, err)
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		op := ex.OperationID()
		doc, ok := canned[op]
		if !ok {
			t.Errorf("no canned answer for %s", op)
			w.WriteHeader(http.StatusNotImplemented)
			return
		}
		n, _ := hits.LoadOrStore(op, new(int))
		*(n.(*int))++
		writeJSON(w, http.StatusOK, doc)
	}), &hits
}

// field formats the value behind p, or "<nil>".
func field[T any](p *T) string {
	if p == nil {
		return "<nil>"
	}
	return fmt.Sprint(*p)
}

func firstOf[T any](list []T) (T, error) {
	var zero T
	if len(list) == 0 {
		return zero, errors.New("empty list")
	}
	return list[0], nil
}

func TestEveryOperation(t *testing.T) {
	h, hits := opsServer(t)
	c, _ := newServer(t, h)
	ctx := testContext(t)
	yes := true

	cases := []struct {
		op   string
		want string
		call func(context.Context) (string, error)
	}{
		{"getEndpoint", "Lab DTN 207976", func(ctx context.Context) (string, error) {
			d, err := c.GetEndpoint(ctx, epID, &transferapi.GetEndpointParams{Fields: "id,display_name,DATA"})
			if err != nil {
				return "", err
			}
			s, err := firstOf(d.DATA)
			return d.DisplayName + " " + fmt.Sprint(s.ID), err
		}},
		{"updateEndpoint", "Updated", func(ctx context.Context) (string, error) {
			d, err := c.UpdateEndpoint(ctx, epID, transferapi.EndpointUpdate{DisplayName: "Lab DTN", Keywords: nullable.NewNullableWithValue("lab,hpc")})
			return d.Code, err
		}},
		{"deleteEndpoint", "Deleted", func(ctx context.Context) (string, error) {
			d, err := c.DeleteEndpoint(ctx, epID)
			return d.Code, err
		}},
		{"setSubscriptionId", "Updated", func(ctx context.Context) (string, error) {
			d, err := c.SetSubscriptionID(ctx, epID, transferapi.SubscriptionIDUpdate{SubscriptionID: subscript})
			return d.Code, err
		}},
		{"setSubscriptionAdminVerified", "Updated", func(ctx context.Context) (string, error) {
			d, err := c.SetSubscriptionAdminVerified(ctx, epID, transferapi.SubscriptionAdminVerifiedUpdate{SubscriptionAdminVerified: true})
			return d.Code, err
		}},
		{"endpointSearch", "true Lab DTN", func(ctx context.Context) (string, error) {
			d, err := c.EndpointSearch(ctx, &transferapi.EndpointSearchParams{FilterFulltext: "lab", FilterScope: "all"})
			if err != nil {
				return "", err
			}
			e, err := firstOf(d.DATA)
			return fmt.Sprint(d.HasNextPage) + " " + e.DisplayName, err
		}},
		{"myEffectivePauseRuleList", "Storage maintenance", func(ctx context.Context) (string, error) {
			d, err := c.MyEffectivePauseRuleList(ctx, epID, nil)
			if err != nil {
				return "", err
			}
			r, err := firstOf(d.DATA)
			return r.Message, err
		}},
		{"mySharedEndpointList", epID, func(ctx context.Context) (string, error) {
			d, err := c.MySharedEndpointList(ctx, hostEPID, nil)
			if err != nil {
				return "", err
			}
			e, err := firstOf(d.DATA)
			return e.ID, err
		}},
		{"getSharedEndpointList", "/data/shared/", func(ctx context.Context) (string, error) {
			d, err := c.GetSharedEndpointList(ctx, hostEPID, nil)
			if err != nil {
				return "", err
			}
			e, err := firstOf(d.SharedEndpoints)
			return e.HostPath, err
		}},
		{"createSharedEndpoint", "Created " + epID, func(ctx context.Context) (string, error) {
			d, err := c.CreateSharedEndpoint(ctx, transferapi.SharedEndpointCreate{
				DisplayName: "Shared results", HostEndpoint: hostEPID, HostPath: "/data/shared/",
			})
			return d.Code + " " + d.ID, err
		}},
		{"endpointServerList", "dtn.example.org", func(ctx context.Context) (string, error) {
			d, err := c.EndpointServerList(ctx, epID, nil)
			if err != nil {
				return "", err
			}
			s, err := firstOf(d.DATA)
			return s.Hostname, err
		}},
		{"getEndpointServer", "443 true", func(ctx context.Context) (string, error) {
			d, err := c.GetEndpointServer(ctx, epID, "207976", nil)
			return fmt.Sprint(d.Port) + " " + fmt.Sprint(d.IsConnected), err
		}},
		{"endpointRoleList", "access_manager", func(ctx context.Context) (string, error) {
			d, err := c.EndpointRoleList(ctx, epID, nil)
			if err != nil {
				return "", err
			}
			r, err := firstOf(d.DATA)
			return r.Role, err
		}},
		{"addEndpointRole", "Created " + roleID, func(ctx context.Context) (string, error) {
			d, err := c.AddEndpointRole(ctx, epID, transferapi.Role{
				DATATYPE: "role", Principal: identity, PrincipalType: "identity", Role: "access_manager",
			})
			return d.Code + " " + d.ID, err
		}},
		{"getEndpointRole", identity, func(ctx context.Context) (string, error) {
			d, err := c.GetEndpointRole(ctx, epID, roleID, nil)
			return d.Principal, err
		}},
		{"deleteEndpointRole", "Deleted", func(ctx context.Context) (string, error) {
			d, err := c.DeleteEndpointRole(ctx, epID, roleID)
			return d.Code, err
		}},
		{"endpointAclList", "/projects/ rw", func(ctx context.Context) (string, error) {
			d, err := c.EndpointACLList(ctx, epID, nil)
			if err != nil {
				return "", err
			}
			r, err := firstOf(d.DATA)
			return r.Path + " " + r.Permissions, err
		}},
		{"getEndpointAclRule", "2024-01-15T09:30:00Z", func(ctx context.Context) (string, error) {
			d, err := c.GetEndpointACLRule(ctx, epID, "12345", nil)
			if err != nil || d.CreateTime.IsZero() {
				return "", errors.Join(err, errors.New("no create_time"))
			}
			return d.CreateTime.String(), nil
		}},
		{"addEndpointAclRule", "Created", func(ctx context.Context) (string, error) {
			d, err := c.AddEndpointACLRule(ctx, epID, transferapi.AccessRule{
				DATATYPE: "access", PrincipalType: "identity", Principal: identity, Path: "/projects/", Permissions: "r",
			})
			return d.Code, err
		}},
		{"updateEndpointAclRule", "Updated", func(ctx context.Context) (string, error) {
			d, err := c.UpdateEndpointACLRule(ctx, epID, "12345", transferapi.AccessRule{DATATYPE: "access", Permissions: "rw"})
			return d.Code, err
		}},
		{"deleteEndpointAclRule", "Deleted", func(ctx context.Context) (string, error) {
			d, err := c.DeleteEndpointACLRule(ctx, epID, "12345")
			return d.Code, err
		}},
		{"bookmarkList", "Project data", func(ctx context.Context) (string, error) {
			d, err := c.BookmarkList(ctx, nil)
			if err != nil {
				return "", err
			}
			b, err := firstOf(d.DATA)
			return b.Name, err
		}},
		{"createBookmark", bookmark, func(ctx context.Context) (string, error) {
			d, err := c.CreateBookmark(ctx, transferapi.Bookmark{Name: "Project data", EndpointID: epID, Path: "/projects/alpha/"})
			return d.ID, err
		}},
		{"getBookmark", "/projects/alpha/", func(ctx context.Context) (string, error) {
			d, err := c.GetBookmark(ctx, bookmark, nil)
			return d.Path, err
		}},
		{"updateBookmark", "Project data", func(ctx context.Context) (string, error) {
			d, err := c.UpdateBookmark(ctx, bookmark, transferapi.Bookmark{Name: "Project data"})
			return d.Name, err
		}},
		{"deleteBookmark", "Deleted", func(ctx context.Context) (string, error) {
			d, err := c.DeleteBookmark(ctx, bookmark)
			return d.Code, err
		}},
		{"operationLs", "/home/alice/ 2 results.csv", func(ctx context.Context) (string, error) {
			d, err := c.OperationLs(ctx, epID, &transferapi.OperationLsParams{Path: "/~/"})
			if err != nil || len(d.DATA) != 2 {
				return "", errors.Join(err, errors.New("want two entries"))
			}
			return d.AbsolutePath + " " + fmt.Sprint(d.Total) + " " + d.DATA[1].Name, nil
		}},
		{"operationMkdir", "DirectoryCreated", func(ctx context.Context) (string, error) {
			d, err := c.OperationMkdir(ctx, epID, transferapi.MkdirRequest{DATATYPE: "mkdir", Path: "/~/new"})
			return d.Code, err
		}},
		{"operationRename", "FileRenamed", func(ctx context.Context) (string, error) {
			d, err := c.OperationRename(ctx, epID, transferapi.RenameRequest{DATATYPE: "rename", OldPath: "/~/a", NewPath: "/~/b"})
			return d.Code, err
		}},
		{"operationStat", "file 5120", func(ctx context.Context) (string, error) {
			d, err := c.OperationStat(ctx, epID, &transferapi.OperationStatParams{Path: "/~/results.csv"})
			return d.Type + " " + fmt.Sprint(d.Size), err
		}},
		{"getSubmissionId", "a3a5ac7c-6df4-11ee-8b3a-a9a3ac7f7a7e", func(ctx context.Context) (string, error) {
			d, err := c.GetSubmissionID(ctx)
			return d.Value, err
		}},
		{"submitTransfer", "Accepted " + taskID, func(ctx context.Context) (string, error) {
			d, err := c.SubmitTransfer(ctx, transferDataForTest())
			return d.Code + " " + d.TaskID, err
		}},
		{"submitDelete", "Accepted " + taskID, func(ctx context.Context) (string, error) {
			d, err := c.SubmitDelete(ctx, deleteDataForTest())
			return d.Code + " " + d.TaskID, err
		}},
		{"taskList", "2 ACTIVE", func(ctx context.Context) (string, error) {
			d, err := c.TaskList(ctx, &transferapi.TaskListParams{Filter: "type:TRANSFER,DELETE/status:ACTIVE"})
			if err != nil {
				return "", err
			}
			tk, err := firstOf(d.DATA)
			return fmt.Sprint(d.Total) + " " + tk.Status, err
		}},
		{"taskEventList", "STARTED", func(ctx context.Context) (string, error) {
			d, err := c.TaskEventList(ctx, taskID, nil)
			if err != nil {
				return "", err
			}
			e, err := firstOf(d.DATA)
			return e.Code, err
		}},
		{"getTask", "ACTIVE 2048 2024-02-01T10:00:00Z", func(ctx context.Context) (string, error) {
			d, err := c.GetTask(ctx, taskID, nil)
			if err != nil || d.RequestTime.IsZero() {
				return "", errors.Join(err, errors.New("no request_time"))
			}
			return d.Status + " " + fmt.Sprint(d.BytesTransferred) + " " + d.RequestTime.String(), nil
		}},
		{"updateTask", "Updated", func(ctx context.Context) (string, error) {
			d, err := c.UpdateTask(ctx, taskID, transferapi.TaskUpdate{DATATYPE: "task", Label: "renamed"})
			return d.Code, err
		}},
		{"cancelTask", "Canceled", func(ctx context.Context) (string, error) {
			d, err := c.CancelTask(ctx, taskID)
			return d.Code, err
		}},
		{"removeTask", "Removed", func(ctx context.Context) (string, error) {
			d, err := c.RemoveTask(ctx, taskID)
			return d.Code, err
		}},
		{"taskPauseInfo", "Storage maintenance 1", func(ctx context.Context) (string, error) {
			d, err := c.TaskPauseInfo(ctx, taskID, nil)
			if err != nil || d.PauseRules == nil {
				return "", errors.Join(err, errors.New("no pause_rules"))
			}
			return d.SourcePauseMessage + " " + fmt.Sprint(len(d.PauseRules)), nil
		}},
		{"taskSuccessfulTransfers", "/archive/a.txt", func(ctx context.Context) (string, error) {
			d, err := c.TaskSuccessfulTransfers(ctx, taskID, nil)
			if err != nil {
				return "", err
			}
			s, err := firstOf(d.DATA)
			return s.DestinationPath, err
		}},
		{"taskSkippedErrors", "PERMISSION_DENIED", func(ctx context.Context) (string, error) {
			d, err := c.TaskSkippedErrors(ctx, taskID, nil)
			if err != nil {
				return "", err
			}
			s, err := firstOf(d.DATA)
			return s.ErrorCode, err
		}},
		{"endpointManagerMonitoredEndpoints", "monitored_endpoint", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerMonitoredEndpoints(ctx, nil)
			if err != nil {
				return "", err
			}
			e, err := firstOf(d.DATA)
			return e.DATATYPE, err
		}},
		{"endpointManagerHostedEndpointList", "Lab DTN", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerHostedEndpointList(ctx, hostEPID, nil)
			if err != nil {
				return "", err
			}
			e, err := firstOf(d.DATA)
			return e.DisplayName, err
		}},
		{"endpointManagerGetEndpoint", "5.4.70", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerGetEndpoint(ctx, epID, nil)
			return d.GcsVersion, err
		}},
		{"endpointManagerAclList", "identity", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerACLList(ctx, epID, nil)
			if err != nil {
				return "", err
			}
			r, err := firstOf(d.DATA)
			return r.PrincipalType, err
		}},
		{"endpointManagerTaskList", "false SUCCEEDED", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerTaskList(ctx, &transferapi.EndpointManagerTaskListParams{
				FilterStatus: "SUCCEEDED,FAILED", FilterEndpoint: epID,
			})
			if err != nil {
				return "", err
			}
			tk, err := firstOf(d.DATA)
			return fmt.Sprint(d.HasNextPage) + " " + tk.Status, err
		}},
		{"endpointManagerGetTask", "SUCCEEDED", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerGetTask(ctx, taskID, nil)
			return d.Status, err
		}},
		{"endpointManagerTaskEventList", "Starting at offset 0", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerTaskEventList(ctx, taskID, nil)
			if err != nil {
				return "", err
			}
			e, err := firstOf(d.DATA)
			return e.Details, err
		}},
		{"endpointManagerTaskPauseInfo", "Storage maintenance", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerTaskPauseInfo(ctx, taskID, nil)
			return d.SourcePauseMessage, err
		}},
		{"endpointManagerTaskSuccessfulTransfers", "/data/a.txt", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerTaskSuccessfulTransfers(ctx, taskID, nil)
			if err != nil {
				return "", err
			}
			s, err := firstOf(d.DATA)
			return s.SourcePath, err
		}},
		{"endpointManagerTaskSkippedErrors", "open failed", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerTaskSkippedErrors(ctx, taskID, nil)
			if err != nil {
				return "", err
			}
			s, err := firstOf(d.DATA)
			return s.ErrorDetails, err
		}},
		{"endpointManagerCancelTasks", "false", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerCancelTasks(ctx, transferapi.AdminCancelRequest{Message: "maintenance", TaskIDList: []string{taskID}})
			return fmt.Sprint(d.Done), err
		}},
		{"endpointManagerCancelStatus", "true", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerCancelStatus(ctx, "42", nil)
			return fmt.Sprint(d.Done), err
		}},
		{"endpointManagerPauseTasks", "PauseAccepted", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerPauseTasks(ctx, transferapi.AdminPauseRequest{Message: "maintenance", TaskIDList: []string{taskID}})
			return d.Code, err
		}},
		{"endpointManagerResumeTasks", "ResumeAccepted", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerResumeTasks(ctx, transferapi.AdminResumeRequest{TaskIDList: []string{taskID}})
			return d.Code, err
		}},
		{"endpointManagerPauseRuleList", epID, func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerPauseRuleList(ctx, &transferapi.EndpointManagerPauseRuleListParams{FilterEndpoint: epID})
			if err != nil {
				return "", err
			}
			r, err := firstOf(d.DATA)
			return r.EndpointID, err
		}},
		{"endpointManagerCreatePauseRule", "true", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerCreatePauseRule(ctx, transferapi.PauseRule{
				DATATYPE: "pause_rule", EndpointID: epID, Message: "Storage maintenance", PauseLs: &yes,
			})
			return field(d.PauseLs), err
		}},
		{"endpointManagerGetPauseRule", "Storage maintenance", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerGetPauseRule(ctx, "7", nil)
			return d.Message, err
		}},
		{"endpointManagerUpdatePauseRule", "true", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerUpdatePauseRule(ctx, "7", transferapi.PauseRule{DATATYPE: "pause_rule", Message: "Storage maintenance"})
			return fmt.Sprint(d.Editable), err
		}},
		{"endpointManagerDeletePauseRule", "Deleted", func(ctx context.Context) (string, error) {
			d, err := c.EndpointManagerDeletePauseRule(ctx, "7")
			return d.Code, err
		}},
	}

	for _, tc := range cases {
		t.Run(tc.op, func(t *testing.T) {
			got, err := tc.call(ctx)
			if err != nil {
				t.Fatalf("%s: %v", tc.op, err)
			}
			if got != tc.want {
				t.Errorf("%s: got %q, want %q", tc.op, got, tc.want)
			}
			if n, ok := hits.Load(tc.op); !ok || *(n.(*int)) == 0 {
				t.Errorf("%s: the server did not see the operation", tc.op)
			}
		})
	}

	// Every operation of the spec must have been called, and the canned
	// answers must cover exactly the spec.
	v, err := spectest.Transfer()
	if err != nil {
		t.Fatal(err)
	}
	var specOps []string
	for _, item := range v.Doc().Paths.Map() {
		for _, op := range item.Operations() {
			specOps = append(specOps, op.OperationID)
		}
	}
	sort.Strings(specOps)
	if len(specOps) != 61 {
		t.Errorf("the spec has %d operations, want 61", len(specOps))
	}
	var missing []string
	for _, op := range specOps {
		if _, ok := hits.Load(op); !ok {
			missing = append(missing, op)
		}
	}
	if len(missing) > 0 {
		t.Errorf("operations never exercised: %s", strings.Join(missing, ", "))
	}
	if len(cases) != len(specOps) {
		t.Errorf("%d cases for %d operations", len(cases), len(specOps))
	}
}
