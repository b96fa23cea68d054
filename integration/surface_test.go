package integration_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/integration/fakeglobus"
	"github.com/globus-go/globus/transfer"
)

// run is the program of the surface issue, the shape users write, word for
// word: it must compile unchanged against the SDK.
func run(ctx context.Context, tc *transfer.Client, src, dst string) error {
	ep, err := tc.GetEndpoint(ctx, src, nil)
	if err != nil {
		return err
	}
	fmt.Println(string(ep.ID), ep.DisplayName+"")
	for entry, err := range tc.Ls(ctx, src, &transferapi.OperationLsParams{Path: "/~/"}) {
		if err != nil {
			return err
		}
		fmt.Println(entry.Name+"/", string(entry.Type), entry.Size+0)
	}
	res, err := tc.SubmitTransfer(ctx, transfer.NewTransferData(src, dst).AddFile("/~/a.txt", "/~/b.txt"))
	if err != nil {
		return err
	}
	task, err := tc.TaskWait(ctx, string(res.TaskID))
	if err != nil {
		return err
	}
	fmt.Println(string(task.TaskID), string(task.Status), task.BytesTransferred+0, task.Label+"")
	for t, err := range tc.Tasks(ctx, nil) {
		if err != nil {
			return err
		}
		fmt.Println(string(t.TaskID), string(t.Status), len(t.Label))
	}
	_, err = tc.GetTask(ctx, "c0ffee00-0000-4000-8000-000000000000", nil)
	var apiErr *globus.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.RequestID)
	}
	return nil
}

// TestSurfaceProgram runs that program against the fake and checks what
// it printed: the collection, the file, the finished task, the task list
// and the error of an unknown task.
func TestSurfaceProgram(t *testing.T) {
	w := setup(t, fakeglobus.Options{})
	if err := w.fake.PutFile(srcID, "/~/a.txt", []byte("hello, surface\n")); err != nil {
		t.Fatal(err)
	}
	out := captureStdout(t, func() {
		if err := run(testContext(t), w.tc, srcID, dstID); err != nil {
			t.Errorf("run: %v", err)
		}
	})
	for _, want := range []string{srcID + " E2E Source", "a.txt/ file 15", "SUCCEEDED 15", "TaskNotFound "} {
		if !strings.Contains(out, want) {
			t.Errorf("the program's output lacks %q:\n%s", want, out)
		}
	}
	if got, err := w.fake.ReadFile(dstID, "/~/b.txt"); err != nil || string(got) != "hello, surface\n" {
		t.Errorf("destination b.txt = %q, %v", got, err)
	}
}

// captureStdout returns what f writes to os.Stdout.
func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	r, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = wr
	done := make(chan []byte)
	go func() {
		var buf bytes.Buffer
		_, _ = io.Copy(&buf, r)
		done <- buf.Bytes()
	}()
	defer func() { os.Stdout = old }()
	f()
	_ = wr.Close()
	out := <-done
	_ = r.Close()
	return string(out)
}
