package httpx

import (
	"errors"
	"strings"
	"testing"

	"github.com/globus-go/globus"
)

func withBaseURL(u string) Option { return func(c *Config) { c.BaseURL = u } }

// TestBaseURLErrorHidesPassword checks that no rejected base URL puts its
// password, or a piece of it, in the error text.
func TestBaseURLErrorHidesPassword(t *testing.T) {
	const pw = "Pw4Sentinel"
	for _, raw := range []string{
		"https://user:" + pw + "@transfer.example.org/v0.10",
		"ftp://user:" + pw + "@transfer.example.org/",
		"https://user:" + pw + "@transfer.example.org/?q=1",
		"https://user:" + pw + "@transfer.example.org/#f",
		"https://user:" + pw + "%zz@transfer.example.org/",
		"https://user:" + pw + " x@transfer.example.org/",
		"https://user:" + pw + "@transfer.example.org:port/",
		"https://:" + pw + "@/",
		"user:" + pw + "@transfer.example.org",
		"//user:" + pw + "@transfer.example.org/",
		"://user:" + pw + "@transfer.example.org/",
		"https://user:" + pw + "@[::1/",
		"https://user:" + pw + "\x7f@host/",
	} {
		_, err := NewConfig("https://transfer.api.globus.org/v0.10", withBaseURL(raw))
		if !errors.Is(err, globus.ErrInvalidBaseURL) {
			t.Errorf("NewConfig(%q) = %v; want ErrInvalidBaseURL", raw, err)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, pw[2:8]) || strings.Contains(msg, "Sentinel") {
			t.Errorf("error for a URL with a password shows it: %s", msg)
		}
	}
}

// TestBaseURLErrorNamesURL checks that an error names the rejected URL, with
// the password replaced, so that the caller can still tell which it was.
func TestBaseURLErrorNamesURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://user:pw@host/":   `"https://user:xxxxx@host/"`,
		"https://user@host/":      `"https://user@host/"`,
		"ftp://user:pw@host/":     `"ftp://user:xxxxx@host/"`,
		"https://host/%zz":        `"https://host/%zz"`,
		"https://host:port/":      `"https://host:port/"`,
		"https://user:%zz@host/":  "not shown",
		"user:pw@host":            "not shown",
		"transfer.api.globus.org": `"transfer.api.globus.org"`,
	} {
		_, err := NewConfig("https://h", withBaseURL(raw))
		if !errors.Is(err, globus.ErrInvalidBaseURL) {
			t.Errorf("NewConfig(%q) = %v; want ErrInvalidBaseURL", raw, err)
		} else if !strings.Contains(err.Error(), want) {
			t.Errorf("NewConfig(%q) error %q does not contain %s", raw, err, want)
		}
	}
}
