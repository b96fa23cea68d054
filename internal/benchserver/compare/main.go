//go:build unix

// Command compare measures this SDK doing the work of the comparison with
// the Python SDK (BENCHMARKS.md, "Against the Python SDK") against the
// server that the same command serves, and prints the CPU time and wall
// time of each operation, the medians of -rounds runs.
//
//	go run ./internal/benchserver/compare -serve 127.0.0.1:8799 &
//	go run ./internal/benchserver/compare -url http://127.0.0.1:8799
//	python3 internal/benchserver/compare/compare.py http://127.0.0.1:8799
//
// The operations: an ls of 10,000 entries (one request), iterating 2,000
// tasks of the endpoint-manager task list (two pages that follow
// last_key), and building and encoding a transfer of 100,000 files. The
// CPU time is the process's own (user and system), so the server, in
// another process, is not counted.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/gen/transferapi"
	"github.com/globus-go/globus/internal/benchserver"
	"github.com/globus-go/globus/transfer"
)

func main() {
	serve := flag.String("serve", "", "serve the comparison on this address until interrupted")
	base := flag.String("url", "", "measure against the server at this URL")
	rounds := flag.Int("rounds", 15, "runs of each operation")
	flag.Parse()
	switch {
	case *serve != "":
		srv := &http.Server{Addr: *serve, Handler: benchserver.NewComparison(10_000, 2_000), ReadHeaderTimeout: 10 * time.Second}
		go func() {
			stop := make(chan os.Signal, 1)
			signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
			<-stop
			_ = srv.Close()
		}()
		log.Printf("serving the SDK comparison on http://%s", *serve)
		if err := srv.ListenAndServe(); err != http.ErrServerClosed {
			log.Fatal(err)
		}
	case *base != "":
		if err := measure(*base, *rounds); err != nil {
			log.Fatal(err)
		}
	default:
		flag.Usage()
		os.Exit(2)
	}
}

func measure(base string, rounds int) error {
	tc, err := transfer.NewClient(transfer.WithBaseURL(base+"/v0.10"),
		transfer.WithAuthorizer(authorizers.NewAccessTokenAuthorizer("comparison-token")))
	if err != nil {
		return err
	}
	ctx := context.Background()
	src, dst := paths(100_000)
	ops := []struct {
		name string
		run  func() (int, error)
	}{
		{"ls-10000", func() (int, error) {
			doc, err := tc.OperationLs(ctx, benchserver.EndpointID, &transferapi.OperationLsParams{Path: "/~/"})
			if err != nil {
				return 0, err
			}
			return len(doc.DATA), nil
		}},
		{"tasks-2000", func() (int, error) {
			n := 0
			for _, err := range tc.EndpointManagerTasks(ctx, nil) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		}},
		{"transfer-100000", func() (int, error) {
			td := transfer.NewTransferData(benchserver.EndpointID, benchserver.EndpointID)
			for i := range src {
				td.AddFile(src[i], dst[i])
			}
			body, err := td.MarshalJSON() // what SubmitTransfer sends
			if err != nil || len(body) == 0 {
				return 0, fmt.Errorf("encoding: %v", err)
			}
			return td.Len(), nil
		}},
	}
	want := map[string]int{"ls-10000": 10_000, "tasks-2000": 2_000, "transfer-100000": 100_000}
	fmt.Println("operation        cpu-ms  wall-ms")
	for _, op := range ops {
		var cpu, wall []float64
		for range rounds + 1 { // the first run warms up and is not counted
			c0, w0 := cpuTime(), time.Now()
			n, err := op.run()
			c1, w1 := cpuTime(), time.Now()
			if err != nil {
				return fmt.Errorf("%s: %w", op.name, err)
			}
			if n != want[op.name] {
				return fmt.Errorf("%s: %d items, want %d", op.name, n, want[op.name])
			}
			cpu = append(cpu, (c1-c0).Seconds()*1000)
			wall = append(wall, w1.Sub(w0).Seconds()*1000)
		}
		fmt.Printf("%-16s %7.1f %8.1f\n", op.name, median(cpu[1:]), median(wall[1:]))
	}
	return nil
}

// paths are the source and destination paths of the transfer of n files.
func paths(n int) (src, dst []string) {
	src, dst = make([]string, n), make([]string, n)
	for i := range n {
		name := "/~/data/run-" + strconv.Itoa(i/1000) + "/file-" + strconv.Itoa(i) + ".dat"
		src[i], dst[i] = name, "/~/backup"+name[2:]
	}
	return src, dst
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func median(v []float64) float64 {
	v = slices.Clone(v)
	slices.Sort(v)
	return v[len(v)/2]
}
