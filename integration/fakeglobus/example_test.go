package fakeglobus_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/globus-go/globus/integration/fakeglobus"
)

// Example starts the fake, registers a client and a collection with a
// file, gets a token with client credentials and lists a directory, all
// with plain net/http. In a test, fakeglobus.Start(t, opts) does the
// starting and stopping and fails the test on any spec violation.
func Example() {
	srv := fakeglobus.New(fakeglobus.Options{})
	if err := srv.Start(); err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()

	const collection = "c0ffee00-0000-4000-8000-000000000001"
	_ = srv.AddClient(fakeglobus.Client{ID: "my-app", Secret: "my-secret"})
	_ = srv.AddCollection(collection, "My Collection")
	_ = srv.PutFile(collection, "/data/hello.txt", []byte("hello, world"))

	// Client credentials, as any OAuth2 library would do it.
	form := url.Values{"grant_type": {"client_credentials"}, "scope": {fakeglobus.TransferScope}}
	req, _ := http.NewRequest("POST", srv.AuthURL()+"/v2/oauth2/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("my-app", "my-secret")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	var tok struct {
		AccessToken    string `json:"access_token"`
		ResourceServer string `json:"resource_server"`
	}
	_ = json.NewDecoder(res.Body).Decode(&tok)
	res.Body.Close()
	fmt.Println("token for", tok.ResourceServer)

	// List a directory on Transfer.
	req, _ = http.NewRequest("GET", srv.TransferURL()+"/operation/endpoint/"+collection+"/ls?path=/data/", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	var list struct {
		DATA []struct {
			Name string `json:"name"`
			Size int    `json:"size"`
		}
	}
	_ = json.NewDecoder(res.Body).Decode(&list)
	res.Body.Close()
	for _, f := range list.DATA {
		fmt.Printf("%s (%d bytes)\n", f.Name, f.Size)
	}
	fmt.Println("violations:", len(srv.Violations()))
	// Output:
	// token for transfer.api.globus.org
	// hello.txt (12 bytes)
	// violations: 0
}

// ExampleServer_Inject makes the next submission fail with a 502 after the
// task was created, as when a gateway loses the answer: a client that
// resubmits with the same submission_id gets code Duplicate and the
// original task, and only one task exists.
func ExampleServer_Inject() {
	srv := fakeglobus.New(fakeglobus.Options{})
	if err := srv.Start(); err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	_ = srv.AddClient(fakeglobus.Client{ID: "my-app", Secret: "my-secret"})
	_ = srv.AddCollection("src", "Source")
	_ = srv.AddCollection("dst", "Destination")
	_ = srv.PutFile("src", "/file", []byte("data"))
	token, _ := srv.IssueToken("my-app", fakeglobus.TransferScope)

	_, _ = srv.Inject(fakeglobus.Fault{
		Kind:        fakeglobus.FaultBadGateway,
		OperationID: "submitTransfer",
		After:       true,
		Count:       1,
	})
	// Submission ids come from the service, as with Globus.
	req, _ := http.NewRequest("GET", srv.TransferURL()+"/submission_id", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	var sub struct {
		Value string `json:"value"`
	}
	_ = json.NewDecoder(res.Body).Decode(&sub)
	res.Body.Close()
	doc := `{"DATA_TYPE": "transfer", "submission_id": "` + sub.Value + `",
		"source_endpoint": "src", "destination_endpoint": "dst",
		"DATA": [{"DATA_TYPE": "transfer_item", "source_path": "/file", "destination_path": "/copy"}]}`
	for attempt := 1; attempt <= 2; attempt++ {
		req, _ := http.NewRequest("POST", srv.TransferURL()+"/transfer", strings.NewReader(doc))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		var result struct {
			Code string `json:"code"`
		}
		_ = json.NewDecoder(res.Body).Decode(&result)
		res.Body.Close()
		fmt.Println(strings.TrimSpace(fmt.Sprintf("attempt %d: %d %s", attempt, res.StatusCode, result.Code)))
	}
	fmt.Println("tasks created:", srv.TasksCreated())
	// Output:
	// attempt 1: 502
	// attempt 2: 200 Duplicate
	// tasks created: 1
}
