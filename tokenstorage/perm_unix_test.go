//go:build unix

package tokenstorage_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Files are created 0600 and the directories the storage creates 0700,
// whatever the umask; an existing file that was readable by others is
// replaced by a private one.
func TestPermissions(t *testing.T) {
	old := syscall.Umask(0) // the most permissive umask: nothing is masked for us
	t.Cleanup(func() { syscall.Umask(old) })
	ctx := context.Background()
	for _, k := range fileKinds {
		t.Run(k.name, func(t *testing.T) {
			base := t.TempDir()
			dir := filepath.Join(base, "a", "b")
			path := filepath.Join(dir, "tokens"+k.ext)
			s := openKind(t, k, path)
			if err := s.Store(ctx, token(rsAuth, "at", "rt", idA)); err != nil {
				t.Fatal(err)
			}
			for _, d := range []string{filepath.Join(base, "a"), dir} {
				if m := mode(t, d); m != 0o700 {
					t.Errorf("directory %s has mode %o, want 700", d, m)
				}
			}
			ents, _ := os.ReadDir(dir)
			for _, e := range ents {
				p := filepath.Join(dir, e.Name())
				if m := mode(t, p); m != 0o600 {
					t.Errorf("%s has mode %o, want 600", e.Name(), m)
				}
				if k.name == "json" && !strings.HasPrefix(e.Name(), "tokens.json") {
					t.Errorf("unexpected file %s", e.Name())
				}
			}
			if k.name == "json" {
				if _, err := os.Stat(path + ".lock"); err != nil {
					t.Errorf("no lock file: %v", err)
				}
			}
		})
	}

	// An existing directory keeps its mode; a file readable by others
	// becomes private at the next write.
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "tokens.json")
	b, _ := os.ReadFile(filepath.Join("testdata", "python_v2.json"))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s := openKind(t, kinds[1], path)
	if err := s.Store(ctx, token(rsXfer, "at", "", idA)); err != nil {
		t.Fatal(err)
	}
	if m := mode(t, path); m != 0o600 {
		t.Errorf("rewritten file has mode %o, want 600", m)
	}
	if m := mode(t, dir); m != 0o755 {
		t.Errorf("existing directory changed to mode %o", m)
	}
}

func mode(t testing.TB, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// A token file reached through a symbolic link stays a link: writes
// replace the file it points to.
func TestJSONSymlink(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	target := filepath.Join(dir, "target.json")
	link := filepath.Join(dir, "tokens.json")
	b, _ := os.ReadFile(filepath.Join("testdata", "python_v2.json"))
	if err := os.WriteFile(target, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	s := openKind(t, kinds[1], link)
	if err := s.Store(ctx, token("groups.api.globus.org", "at", "", idA)); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if all, err := openKind(t, kinds[1], target).All(ctx); err != nil || len(all) != 3 {
		t.Fatalf("the linked file holds %d tokens, %v; want 3", len(all), err)
	}
}
