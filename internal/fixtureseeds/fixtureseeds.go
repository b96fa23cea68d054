// Package fixtureseeds loads the recorded Globus responses of the shared
// reference data, when a checkout has them, so that fuzz targets can add
// them to their seed corpora. It is used only by tests.
//
// The recorded data lives outside the module, in ../shared/globus/fixtures
// next to the module root, or wherever GLOBUS_FIXTURES points. A clean
// clone has neither; then [Load] returns nothing and the fuzz targets run on
// the seeds they write themselves.
package fixtureseeds

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Case is one recorded response.
type Case struct {
	// Name is the file name without its directory, such as
	// "transfer__operation_stat__default.json".
	Name string
	// Service is "auth" or "transfer".
	Service string
	// Method and Path are those of the recorded request.
	Method string
	Path   string
	// Status is the HTTP status of the response.
	Status int
	// Body is the response body, as JSON.
	Body []byte
}

// Dir returns the directory holding the recorded responses, or "" when
// there is none.
func Dir() string {
	if d := os.Getenv("GLOBUS_FIXTURES"); d != "" {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d
		}
		return ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(filepath.Dir(dir), "shared", "globus", "fixtures")
			if fi, err := os.Stat(d); err == nil && fi.IsDir() {
				return d
			}
			return ""
		}
		if filepath.Dir(dir) == dir {
			return ""
		}
	}
}

// Load returns the recorded responses for which keep reports true, sorted
// by name. A nil keep keeps all. Files that do not decode are skipped.
func Load(keep func(Case) bool) []Case {
	dir := Dir()
	if dir == "" {
		return nil
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil
	}
	sort.Strings(names)
	var out []Case
	for _, name := range names {
		raw, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		var rec struct {
			Service string          `json:"service"`
			Method  string          `json:"method"`
			Path    string          `json:"path"`
			Status  int             `json:"status"`
			JSON    json.RawMessage `json:"json"`
		}
		if json.Unmarshal(raw, &rec) != nil || len(rec.JSON) == 0 {
			continue
		}
		c := Case{Name: filepath.Base(name), Service: rec.Service, Method: strings.ToUpper(rec.Method),
			Path: rec.Path, Status: rec.Status, Body: []byte(rec.JSON)}
		if keep == nil || keep(c) {
			out = append(out, c)
		}
	}
	return out
}

// Bodies is Load returning only the bodies.
func Bodies(keep func(Case) bool) [][]byte {
	var out [][]byte
	for _, c := range Load(keep) {
		out = append(out, c.Body)
	}
	return out
}
