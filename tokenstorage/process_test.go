package tokenstorage_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/globus-go/globus/tokenstorage"
)

// The multi-process tests run this test binary again, with
// TOKENSTORAGE_HELPER naming what the child does; TestHelperProcess is the
// child's body and does nothing in a normal run.
const helperEnv = "TOKENSTORAGE_HELPER"

func TestHelperProcess(t *testing.T) {
	role := os.Getenv(helperEnv)
	if role == "" {
		return
	}
	k := kindNamed(os.Getenv("TOKENSTORAGE_KIND"))
	path := os.Getenv("TOKENSTORAGE_PATH")
	switch role {
	case "rotate":
		helperRotate(t, k, path)
	case "write":
		helperWrite(t, k, path)
	default:
		t.Fatalf("unknown helper role %q", role)
	}
}

func kindNamed(name string) kind {
	for _, k := range kinds {
		if k.name == name {
			return k
		}
	}
	panic("no storage kind " + name)
}

// helperRotate waits for its stdin to close, then renews the token through
// the storage, dropping it each time as after a 401, until it holds the
// target-th access token.
func helperRotate(t *testing.T, k kind, path string) {
	ctx := context.Background()
	target, _ := strconv.Atoi(os.Getenv("TOKENSTORAGE_TARGET"))
	s := openKind(t, k, path)
	client := newLoginClient(os.Getenv("TOKENSTORAGE_URL"), os.Getenv("TOKENSTORAGE_NAME"))
	a := tokenstorage.NewRefreshTokenAuthorizer(s, rsXfer, client)
	_, _ = io.Copy(io.Discard, os.Stdin) // the start signal
	for {
		a.HandleMissingAuthorization(ctx, "")
		td, err := a.Token(ctx)
		if err != nil {
			t.Fatalf("renewal: %v", err)
		}
		n, err := strconv.Atoi(strings.TrimPrefix(td.AccessToken.Reveal(), "at-"))
		if err != nil {
			t.Fatalf("unexpected access token")
		}
		if n >= target {
			return
		}
		// A program does some work between two renewals.
		time.Sleep(time.Duration(rand.IntN(20)) * time.Millisecond)
	}
}

// helperWrite stores tokens of random sizes as fast as it can, and prints
// the number of each one stored, until it is killed.
func helperWrite(t *testing.T, k kind, path string) {
	ctx := context.Background()
	s := openKind(t, k, path)
	for i := 0; ; i++ {
		td := token(fmt.Sprintf("rs-%d", i%7), "at-"+strconv.Itoa(i), "rt-"+strconv.Itoa(i), idA)
		td.Scope = strings.Repeat("s", rand.IntN(16<<10))
		if err := s.Store(ctx, td); err != nil {
			t.Fatalf("store %d: %v", i, err)
		}
		fmt.Printf("stored %d\n", i)
	}
}

// helper starts this test binary as a child playing role.
func helper(t *testing.T, role string, env ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestHelperProcess$", "-test.count=1", "-test.timeout=2m")
	cmd.Env = append(os.Environ(), append([]string{helperEnv + "=" + role}, env...)...)
	return cmd
}

// Two processes share one storage and one refresh token, renewing 50 times
// between them against a token endpoint that rotates refresh tokens and
// refuses a stale one: no renewal ever spends a stale refresh token, and the
// storage ends with the endpoint's current refresh token.
func TestTwoProcessesRotate(t *testing.T) {
	const target = 50
	for _, k := range fileKinds {
		t.Run(k.name, func(t *testing.T) {
			srv := newTokenServer(t, rsXfer, "rt-0")
			path := tempPath(t, k)
			s := openKind(t, k, path)
			first := token(rsXfer, "at-0", "rt-0", idA)
			first.Scope = scopeXfr
			if err := s.Store(context.Background(), first); err != nil {
				t.Fatal(err)
			}

			var cmds []*exec.Cmd
			var starts []io.WriteCloser
			var outs []*strings.Builder
			for _, name := range []string{"first", "second"} {
				cmd := helper(t, "rotate", "TOKENSTORAGE_KIND="+k.name, "TOKENSTORAGE_PATH="+path,
					"TOKENSTORAGE_URL="+srv.URL, "TOKENSTORAGE_NAME="+name, "TOKENSTORAGE_TARGET="+strconv.Itoa(target))
				out := &strings.Builder{}
				cmd.Stdout, cmd.Stderr = out, out
				start, err := cmd.StdinPipe()
				if err != nil {
					t.Fatal(err)
				}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				cmds, starts, outs = append(cmds, cmd), append(starts, start), append(outs, out)
			}
			for _, start := range starts {
				_ = start.Close()
			}
			for i, cmd := range cmds {
				if err := cmd.Wait(); err != nil {
					t.Errorf("child %d: %v\n%s", i, err, outs[i])
				}
			}

			n, current, stale, by := srv.state()
			if len(stale) != 0 {
				t.Errorf("stale refresh tokens were spent: %v", stale)
			}
			if n != target {
				t.Errorf("%d rotations, want %d", n, target)
			}
			if by["first"] == 0 || by["second"] == 0 {
				t.Errorf("rotations by process: %v; want both to renew", by)
			}
			got, err := s.Get(context.Background(), rsXfer)
			if err != nil {
				t.Fatal(err)
			}
			if got.RefreshToken.Reveal() != current || got.AccessToken.Reveal() != "at-"+strconv.Itoa(target) || got.IdentityID != idA {
				t.Errorf("stored %s; want the endpoint's refresh token %q, at-%d and the identity kept", describe(got), current, target)
			}
			t.Logf("rotations by process: %v", by)
		})
	}
}

// A writer killed at any moment leaves a file that opens and holds every
// token it reported stored: never a torn file, never a lost token.
func TestKilledWriter(t *testing.T) {
	for _, k := range fileKinds {
		t.Run(k.name, func(t *testing.T) {
			for round := range 3 {
				path := tempPath(t, k)
				cmd := helper(t, "write", "TOKENSTORAGE_KIND="+k.name, "TOKENSTORAGE_PATH="+path)
				stdout, err := cmd.StdoutPipe()
				if err != nil {
					t.Fatal(err)
				}
				var stderr strings.Builder
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				// Read the acknowledgements until a random one, then kill.
				killAt := 20 + rand.IntN(30) + round*10
				lines := bufio.NewScanner(stdout)
				last := -1
				for lines.Scan() {
					if _, err := fmt.Sscanf(lines.Text(), "stored %d", &last); err == nil && last >= killAt {
						break
					}
				}
				_ = cmd.Process.Kill()
				// Acknowledgements printed before the kill landed count too.
				for lines.Scan() {
					_, _ = fmt.Sscanf(lines.Text(), "stored %d", &last)
				}
				err = cmd.Wait()
				var exit *exec.ExitError
				if !errors.As(err, &exit) || exit.ExitCode() != -1 {
					t.Fatalf("the writer ended with %v before it was killed:\n%s", err, stderr.String())
				}
				if last < killAt {
					t.Fatalf("the writer acknowledged only %d stores:\n%s", last, stderr.String())
				}

				s := openKind(t, k, path)
				got, err := s.Get(context.Background(), fmt.Sprintf("rs-%d", last%7))
				if err != nil {
					t.Fatalf("after the kill: %v", err)
				}
				// The last acknowledged token, or one the writer stored
				// after it without living to say so.
				n, _ := strconv.Atoi(strings.TrimPrefix(got.AccessToken.Reveal(), "at-"))
				if n < last || n > last+7 {
					t.Fatalf("after the kill the storage holds token %d for the last acknowledged %d", n, last)
				}
				if k.name == "json" {
					// The next write removes a temporary file the killed
					// writer may have left.
					if err := s.Store(context.Background(), token(rsAuth, "at", "rt", idA)); err != nil {
						t.Fatal(err)
					}
					left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".tokens.json.tmp-*"))
					if len(left) != 0 {
						t.Fatalf("temporary files left: %v", left)
					}
				}
			}
		})
	}
}

// While goroutines write, a reader of the raw file only ever sees complete
// token files.
func TestNoTornReads(t *testing.T) {
	ctx := context.Background()
	path := tempPath(t, kinds[1])
	s := openKind(t, kinds[1], path)
	if err := s.Store(ctx, token(rsAuth, "at", "rt", idA)); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var reads int
	var readErr error
	r := openKind(t, kinds[1], path)
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			b, err := os.ReadFile(path)
			if err == nil {
				_, err = r.All(ctx)
			}
			if err == nil && !strings.HasSuffix(string(b), "}\n") {
				err = fmt.Errorf("a file of %d bytes does not end the document", len(b))
			}
			if err != nil {
				readErr = err
				return
			}
			reads++
			time.Sleep(100 * time.Microsecond)
		}
	})
	var writers sync.WaitGroup
	for w := range 4 {
		ws := openKind(t, kinds[1], path)
		writers.Go(func() {
			for i := range 15 {
				td := token(fmt.Sprintf("rs-%d-%d", w, i), "at", "rt", idA)
				td.Scope = strings.Repeat("x", rand.IntN(8<<10))
				if err := ws.Store(ctx, td); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	writers.Wait()
	close(stop)
	wg.Wait()
	if readErr != nil {
		t.Fatalf("after %d good reads: %v", reads, readErr)
	}
	all, err := s.All(ctx)
	if err != nil || len(all) != 61 {
		t.Fatalf("%d tokens, %v; want 61", len(all), err)
	}
	t.Logf("%d reads while writing", reads)
}
