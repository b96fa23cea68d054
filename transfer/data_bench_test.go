package transfer_test

import (
	"encoding/json"

	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/globus-go/globus/transfer"
)

// handTransfer and handItem are what a careful hand-written client would
// encode a transfer submission from: plain structs, only the fields sent.
type handTransfer struct {
	DataType            string     `json:"DATA_TYPE"`
	SubmissionID        string     `json:"submission_id"`
	SourceEndpoint      string     `json:"source_endpoint"`
	DestinationEndpoint string     `json:"destination_endpoint"`
	Label               string     `json:"label,omitempty"`
	SyncLevel           *int       `json:"sync_level,omitempty"`
	VerifyChecksum      bool       `json:"verify_checksum,omitempty"`
	Data                []handItem `json:"DATA"`
}

type handItem struct {
	DataType        string `json:"DATA_TYPE"`
	SourcePath      string `json:"source_path"`
	DestinationPath string `json:"destination_path"`
	Recursive       bool   `json:"recursive,omitempty"`
}

const (
	benchSrc = "0f1e2d3c-0000-4000-8000-000000000001"
	benchDst = "0f1e2d3c-0000-4000-8000-000000000003"
)

// benchPaths are the item paths of the submission benchmarks, made once.
func benchPaths(n int) (src, dst []string) {
	src, dst = make([]string, n), make([]string, n)
	for i := range n {
		name := "/~/data/run-" + strconv.Itoa(i/1000) + "/file-" + strconv.Itoa(i) + ".dat"
		src[i], dst[i] = name, "/~/backup"+name[2:]
	}
	return src, dst
}

// sdkEncode builds a TransferData of the items and encodes its document
// as the client sends it.
func sdkEncode(src, dst []string) (int, error) {
	td := transfer.NewTransferData(benchSrc, benchDst).SetLabel("bench").SetSyncLevel(transfer.SyncChecksum)
	for i := range src {
		td.AddFile(src[i], dst[i])
	}
	b, err := td.MarshalJSON() // what SubmitTransfer sends
	return len(b), err
}

// handEncode does the same with plain structs and encoding/json.
func handEncode(src, dst []string) (int, error) {
	level := 3
	doc := handTransfer{DataType: "transfer", SubmissionID: "00000000-0000-4000-8000-000000000000",
		SourceEndpoint: benchSrc, DestinationEndpoint: benchDst, Label: "bench", SyncLevel: &level,
		Data: make([]handItem, len(src))}
	for i := range src {
		doc.Data[i] = handItem{DataType: "transfer_item", SourcePath: src[i], DestinationPath: dst[i]}
	}
	b, err := json.Marshal(doc)
	return len(b), err
}

// BenchmarkTransferData100k builds and encodes a submission of 100,000
// files through TransferData and by hand, in turn in one loop, and reports
// the SDK's time divided by the hand-written time (sdk/hand) and the bytes
// the SDK allocates per submission (sdk-MiB).
func BenchmarkTransferData100k(b *testing.B) {
	const n = 100_000
	src, dst := benchPaths(n)
	var spentSDK, spentHand time.Duration
	for i := 0; b.Loop(); i++ {
		{
			sdkFirst := i%2 == 0
			for _, sdk := range []bool{sdkFirst, !sdkFirst} {
				start := time.Now()
				var err error
				if sdk {
					_, err = sdkEncode(src, dst)
					spentSDK += time.Since(start)
				} else {
					_, err = handEncode(src, dst)
					spentHand += time.Since(start)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.StopTimer()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := sdkEncode(src, dst); err != nil {
		b.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(spentSDK)/float64(spentHand), "sdk/hand")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), "sdk-MiB")
}

// BenchmarkTransferData1M builds and encodes a submission of a million
// files, to show that one works, and reports the bytes allocated per
// submission (sdk-MiB) and the encoded size (body-MiB).
func BenchmarkTransferData1M(b *testing.B) {
	const n = 1_000_000
	src, dst := benchPaths(n)
	var size int
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		var err error
		if size, err = sdkEncode(src, dst); err != nil {
			b.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	if size < n*60 {
		b.Fatalf("the body of %d items is only %d bytes", n, size)
	}
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "sdk-MiB")
	b.ReportMetric(float64(size)/(1<<20), "body-MiB")
}
