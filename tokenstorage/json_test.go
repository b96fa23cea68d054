package tokenstorage_test

import (
	"context"
	"os"
	"testing"
	"time"
)

// A Python tool rewrites the file in place (truncate, then write): a read
// that finds it cut short tries again and gets the whole file.
func TestJSONReadDuringInPlaceWrite(t *testing.T) {
	ctx := context.Background()
	path := copyGolden(t, "python_v2.json")
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := openKind(t, kinds[1], path)
	for range 5 {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(content[:len(content)/2]); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() {
			time.Sleep(10 * time.Millisecond)
			_, err := f.Write(content[len(content)/2:])
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			done <- err
		}()
		got, err := s.Get(ctx, rsAuth)
		if werr := <-done; werr != nil {
			t.Fatal(werr)
		}
		if err != nil {
			t.Fatalf("Get while the file is rewritten in place: %v", err)
		}
		mustEqualToken(t, got, goldenAuth)
	}
}
