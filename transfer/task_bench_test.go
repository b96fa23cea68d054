package transfer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/globus-go/globus/internal/benchserver"
	"github.com/globus-go/globus/transfer"
)

// handTask is what a careful hand-written client would decode a task
// into: the fields a program reads, plain, timestamps as text.
type handTask struct {
	DataType          string  `json:"DATA_TYPE"`
	TaskID            string  `json:"task_id"`
	Type              string  `json:"type"`
	Status            string  `json:"status"`
	Label             string  `json:"label"`
	OwnerID           string  `json:"owner_id"`
	RequestTime       string  `json:"request_time"`
	CompletionTime    *string `json:"completion_time"`
	SourceEndpointID  string  `json:"source_endpoint_id"`
	DestEndpointID    string  `json:"destination_endpoint_id"`
	SyncLevel         *int    `json:"sync_level"`
	VerifyChecksum    bool    `json:"verify_checksum"`
	Faults            int     `json:"faults"`
	Files             int     `json:"files"`
	FilesTransferred  int     `json:"files_transferred"`
	FilesSkipped      int     `json:"files_skipped"`
	SubtasksTotal     int     `json:"subtasks_total"`
	SubtasksSucceeded int     `json:"subtasks_succeeded"`
	BytesTransferred  int64   `json:"bytes_transferred"`
	BytesPerSecond    int64   `json:"effective_bytes_per_second"`
	NiceStatus        *string `json:"nice_status"`
	IsPaused          bool    `json:"is_paused"`
}

// taskPair is the SDK client and the hand-written request of the GetTask
// benchmark, against one loopback server and transports configured alike.
type taskPair struct {
	sdk  *transfer.Client
	hand *http.Client
	url  string
}

func newTaskPair(b *testing.B) *taskPair {
	sdk, hand, base := newBenchClients(b, benchserver.TaskBody())
	return &taskPair{sdk: sdk, hand: hand, url: base + "/v0.10/task/" + benchserver.TaskID}
}

func (p *taskPair) viaSDK(ctx context.Context) (int, error) {
	t, err := p.sdk.GetTask(ctx, benchserver.TaskID, nil)
	if err != nil {
		return 0, err
	}
	return int(t.FilesTransferred), nil
}

// fetch is the hand-written GET of the task.
func (p *taskPair) fetch(ctx context.Context) (*handTask, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer bench-token")
	req.Header.Set("Accept", "application/json")
	resp, err := p.hand.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	var t handTask
	if err := json.NewDecoder(resp.Body).Decode(&t); err != nil {
		return nil, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return &t, nil
}

func (p *taskPair) byHand(ctx context.Context) (int, error) {
	t, err := p.fetch(ctx)
	if err != nil {
		return 0, err
	}
	return t.FilesTransferred, nil
}

// byHandWithTimes is byHand plus turning the timestamps into time.Time,
// as the SDK does.
func (p *taskPair) byHandWithTimes(ctx context.Context) (int, error) {
	t, err := p.fetch(ctx)
	if err != nil {
		return 0, err
	}
	const layout = "2006-01-02 15:04:05Z07:00"
	if _, err := time.Parse(layout, t.RequestTime); err != nil {
		return 0, err
	}
	if t.CompletionTime != nil {
		if _, err := time.Parse(layout, *t.CompletionTime); err != nil {
			return 0, err
		}
	}
	return t.FilesTransferred, nil
}

// BenchmarkGetTaskRatio gets one task through the full SDK and by hand
// (net/http plus encoding/json into a plain struct, with and without
// parsing its timestamps), in turn in one loop, and reports the SDK's time
// and allocations divided by the hand-written ones (sdk/hand,
// allocs-sdk/hand, and the same against the way that parses timestamps).
func BenchmarkGetTaskRatio(b *testing.B) {
	p := newTaskPair(b)
	ratio(b, 1837, p.viaSDK, p.byHand, p.byHandWithTimes)
}
