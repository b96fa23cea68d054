package fakeglobus

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"
)

// node is a file or directory of a collection's in-memory tree.
type node struct {
	name     string
	dir      bool
	data     []byte
	modified time.Time
	children map[string]*node
}

func newDir(name string, t time.Time) *node {
	return &node{name: name, dir: true, modified: t, children: map[string]*node{}}
}

func (n *node) size() int64 {
	if n.dir {
		return 4096
	}
	return int64(len(n.data))
}

// clone copies n and everything below it.
func (n *node) clone() *node {
	c := &node{name: n.name, dir: n.dir, data: slices.Clone(n.data), modified: n.modified}
	if n.dir {
		c.children = make(map[string]*node, len(n.children))
		for k, v := range n.children {
			c.children[k] = v.clone()
		}
	}
	return c
}

// sortedChildren returns the entries of a directory by name.
func (n *node) sortedChildren() []*node {
	out := make([]*node, 0, len(n.children))
	for _, c := range n.children {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *node) int { return strings.Compare(a.name, b.name) })
	return out
}

// cleanPath turns a Globus path into an absolute, clean path. "/~/" (the
// default directory) is the root of the collection, and relative paths are
// taken from there.
func cleanPath(p string) string {
	p = strings.TrimSpace(p)
	if p == "~" || strings.HasPrefix(p, "~/") {
		p = "/" + p
	}
	if p == "/~" || strings.HasPrefix(p, "/~/") {
		p = p[2:]
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return path.Clean(p)
}

// splitPath returns the components of a clean absolute path.
func splitPath(p string) []string {
	if p == "/" {
		return nil
	}
	return strings.Split(strings.TrimPrefix(p, "/"), "/")
}

// top is the root directory of the collection's tree: its own, or for a
// guest collection the shared directory of its host (nil when that is
// gone).
func (c *collection) top() *node {
	if c.host == nil {
		return c.root
	}
	n := c.host.lookup(c.hostPath)
	if n == nil || !n.dir {
		return nil
	}
	return n
}

// lookup finds the node at p, or nil.
func (c *collection) lookup(p string) *node {
	n := c.top()
	if n == nil {
		return nil
	}
	for _, part := range splitPath(cleanPath(p)) {
		if !n.dir {
			return nil
		}
		n = n.children[part]
		if n == nil {
			return nil
		}
	}
	return n
}

// parentOf returns the directory that holds p and p's last component, or
// nil when the parent is missing or not a directory.
func (c *collection) parentOf(p string) (*node, string) {
	p = cleanPath(p)
	if p == "/" {
		return nil, ""
	}
	dir, name := path.Split(p)
	parent := c.lookup(dir)
	if parent == nil || !parent.dir {
		return nil, name
	}
	return parent, name
}

// mkdirAll creates p and its missing parents; it fails when a file is in
// the way.
func (c *collection) mkdirAll(p string, t time.Time) (*node, error) {
	n := c.top()
	if n == nil {
		return nil, fmt.Errorf("%w: the shared directory of the guest collection is gone", ErrNotFound)
	}
	for _, part := range splitPath(cleanPath(p)) {
		next := n.children[part]
		if next == nil {
			next = newDir(part, t)
			n.children[part] = next
		} else if !next.dir {
			return nil, fmt.Errorf("%w: %s is a file", ErrInvalid, part)
		}
		n = next
	}
	return n, nil
}

// walkFiles calls fn for every file below dir, with its path relative to
// dir, in name order; directories are reported by dirFn.
func walkFiles(dir *node, rel string, fn func(rel string, n *node), dirFn func(rel string)) {
	for _, ch := range dir.sortedChildren() {
		r := path.Join(rel, ch.name)
		if ch.dir {
			if dirFn != nil {
				dirFn(r)
			}
			walkFiles(ch, r, fn, dirFn)
		} else {
			fn(r, ch)
		}
	}
}

// PutFile stores data as the file at p on the collection, creating missing
// parent directories. An existing file is replaced.
func (s *Server) PutFile(collectionID, p string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.collections[collectionID]
	if c == nil {
		return fmt.Errorf("%w: collection %q", ErrNotFound, collectionID)
	}
	p = cleanPath(p)
	if p == "/" {
		return fmt.Errorf("%w: cannot write the root directory", ErrInvalid)
	}
	dir, name := path.Split(p)
	parent, err := c.mkdirAll(dir, s.now())
	if err != nil {
		return err
	}
	if old := parent.children[name]; old != nil && old.dir {
		return fmt.Errorf("%w: %s is a directory", ErrInvalid, p)
	}
	parent.children[name] = &node{name: name, data: slices.Clone(data), modified: s.now()}
	return nil
}

// Mkdir creates the directory p and its missing parents on the collection.
func (s *Server) Mkdir(collectionID, p string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.collections[collectionID]
	if c == nil {
		return fmt.Errorf("%w: collection %q", ErrNotFound, collectionID)
	}
	_, err := c.mkdirAll(p, s.now())
	return err
}

// ReadFile returns the content of the file at p on the collection.
func (s *Server) ReadFile(collectionID, p string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll()
	c := s.collections[collectionID]
	if c == nil {
		return nil, fmt.Errorf("%w: collection %q", ErrNotFound, collectionID)
	}
	n := c.lookup(p)
	if n == nil {
		return nil, fmt.Errorf("%w: %s on %s", ErrNotFound, cleanPath(p), collectionID)
	}
	if n.dir {
		return nil, fmt.Errorf("%w: %s is a directory", ErrInvalid, cleanPath(p))
	}
	return slices.Clone(n.data), nil
}

// Exists reports whether p exists on the collection, and whether it is a
// directory.
func (s *Server) Exists(collectionID, p string) (exists, isDir bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll()
	c := s.collections[collectionID]
	if c == nil {
		return false, false
	}
	n := c.lookup(p)
	if n == nil {
		return false, false
	}
	return true, n.dir
}
