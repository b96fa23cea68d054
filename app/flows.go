package app

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/globus-go/globus/auth"
)

// localServerLogin runs the local-server flow: a loopback listener on a
// free port is the redirect URI; the browser goes to the authorize URL,
// Globus Auth sends it back to the listener with the code and the state,
// and the code is exchanged once the state matched.
func (a *UserApp) localServerLogin(ctx context.Context, p auth.AuthorizeParams) (*auth.OAuthTokenResponse, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening for the login redirect: %w", err)
	}
	// The Python SDK's redirect: http://HOST:PORT, with the address the
	// listener has (an IP literal, as RFC 8252 advises, not "localhost",
	// which may resolve to ::1 where nothing listens).
	p.RedirectURI = "http://" + ln.Addr().String()
	state, err := randomState()
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	p.State = state
	flow, err := a.native.StartFlow(p)
	if err != nil {
		_ = ln.Close()
		return nil, err
	}

	h := &redirectHandler{host: ln.Addr().String(), state: state, result: make(chan redirectResult, 1)}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln)
	}()
	defer func() {
		// Let the browser get its page, then close every connection.
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if srv.Shutdown(sctx) != nil {
			_ = srv.Close()
		}
		<-served
	}()

	u := flow.AuthorizeURL()
	fmt.Fprintf(a.out, "Opening a browser to log in with Globus; waiting for it at %s (up to %v).\n", p.RedirectURI, a.timeout)
	open := a.browser
	if open == nil {
		open = openSystemBrowser
	}
	if err := open(u); err != nil {
		fmt.Fprintf(a.out, "Could not open a browser (%v).\nOpen this URL to log in:\n\n%s\n\n", err, u)
	}
	select {
	case r := <-h.result:
		if r.err != nil {
			return nil, r.err
		}
		return flow.ExchangeCode(ctx, r.code)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// redirectResult is what the browser brought back: a code or why not.
type redirectResult struct {
	code string
	err  error
}

// redirectHandler answers the browser's redirect. The first GET of "/"
// for the listener's own address decides the login; later ones are told
// that it is over. Other paths (a browser's /favicon.ico) and requests
// for another host name (a DNS-rebinding page) get a 404 and decide
// nothing.
type redirectHandler struct {
	host   string // 127.0.0.1:PORT
	state  string
	result chan redirectResult
	once   sync.Once
}

func (h *redirectHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" || r.Host != h.host || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	var res redirectResult
	switch {
	case q.Get("state") != h.state:
		res.err = ErrStateMismatch
	case q.Get("error") != "":
		why := q.Get("error_description")
		if why == "" {
			why = q.Get("error")
		}
		res.err = fmt.Errorf("%w: %s", ErrLoginDenied, clip(why))
	case q.Get("code") == "":
		res.err = fmt.Errorf("%w: the redirect has no code", ErrLoginDenied)
	default:
		res.code = q.Get("code")
	}
	decided := false
	h.once.Do(func() {
		decided = true
		h.result <- res
	})
	title, msg := "Login successful", "You may close this tab and return to the program."
	switch {
	case !decided:
		title, msg = "Login already handled", "This login has ended. You may close this tab."
	case res.err != nil:
		title, msg = "Login failed", strings.TrimPrefix(res.err.Error(), "app: ")+". Return to the program and try again."
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	status := http.StatusOK
	if decided && res.err != nil {
		status = http.StatusBadRequest
	}
	w.WriteHeader(status)
	fmt.Fprintf(w, landingPage, html.EscapeString(title), html.EscapeString(title), html.EscapeString(msg))
}

// landingPage is the page the browser shows once it is back: title (twice)
// and message, already escaped.
const landingPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Globus Login: %s</title>
<style>body{font:16px/1.5 sans-serif;max-width:40em;margin:3em auto;color:#333}h1{color:#2e5793;font-weight:normal}</style>
</head><body><h1>%s</h1><p>%s</p></body></html>
`

// clip makes text from the browser fit in one short line of an error.
func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return strconv.QuoteToGraphic(s)
}

// randomState returns an unguessable state for the authorize URL.
func randomState() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("app: making a login state: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// commandLineLogin runs the command-line flow: it prints the authorize URL,
// whose redirect is Globus Auth's page that shows the code, and reads the
// code the user pastes.
func (a *UserApp) commandLineLogin(ctx context.Context, p auth.AuthorizeParams) (*auth.OAuthTokenResponse, error) {
	state, err := randomState()
	if err != nil {
		return nil, err
	}
	p.State = state
	flow, err := a.native.StartFlow(p)
	if err != nil {
		return nil, err
	}
	const prompt = "Please authenticate with Globus here:"
	rule := strings.Repeat("-", len(prompt))
	fmt.Fprintf(a.out, "\n%s\n%s\n%s\n%s\n\nEnter the resulting Authorization Code here: ", prompt, rule, flow.AuthorizeURL(), rule)
	line, err := a.readLine(ctx)
	code := strings.TrimSpace(line)
	switch {
	case code != "":
	case err == nil || errors.Is(err, io.EOF):
		return nil, fmt.Errorf("%w (is the program reading a terminal?)", ErrNoCode)
	default:
		return nil, err
	}
	return flow.ExchangeCode(ctx, code)
}

// lineReader reads lines for the command-line flow. A read that a
// context abandoned stays pending, and the next read takes its line, so
// that two reads never race on the reader.
type lineReader struct {
	r       *bufio.Reader
	mu      sync.Mutex
	pending chan lineResult
}

type lineResult struct {
	line string
	err  error
}

func (a *UserApp) readLine(ctx context.Context) (string, error) {
	l := a.lines
	l.mu.Lock()
	if l.pending == nil {
		ch := make(chan lineResult, 1)
		l.pending = ch
		go func() {
			s, err := l.r.ReadString('\n')
			ch <- lineResult{s, err}
		}()
	}
	ch := l.pending
	l.mu.Unlock()
	select {
	case res := <-ch:
		l.mu.Lock()
		l.pending = nil
		l.mu.Unlock()
		return res.line, res.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// textBrowsers are browsers that would take over the terminal and cannot
// finish a Globus login; the Python SDK refuses them too.
var textBrowsers = []string{"lynx", "www-browser", "links", "elinks", "w3m"}

// canOpenBrowser is AutoFlow's rule (see there), for the running system.
func canOpenBrowser(getenv func(string) string, lookPath func(string) (string, error)) bool {
	return canOpenBrowserOn(runtime.GOOS, getenv, lookPath)
}

func canOpenBrowserOn(goos string, getenv func(string) string, lookPath func(string) (string, error)) bool {
	if getenv("SSH_CONNECTION") != "" || getenv("SSH_TTY") != "" {
		return false
	}
	if isTextBrowser(getenv("BROWSER")) {
		return false
	}
	switch goos {
	case "windows", "darwin", "ios":
		return true
	}
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		return false
	}
	if lookPath == nil {
		lookPath = exec.LookPath
	}
	_, err := lookPath("xdg-open")
	return err == nil
}

// isTextBrowser reports whether $BROWSER names a text-only browser first.
func isTextBrowser(browser string) bool {
	first, _, _ := strings.Cut(browser, ":")
	fields := strings.Fields(first)
	if len(fields) == 0 {
		return false
	}
	name := filepath.Base(fields[0])
	for _, t := range textBrowsers {
		if name == t {
			return true
		}
	}
	return false
}

// openSystemBrowser asks the system to open u in the user's browser.
func openSystemBrowser(u string) error {
	if isTextBrowser(os.Getenv("BROWSER")) {
		return fmt.Errorf("%w: $BROWSER is a text-only browser", ErrNoBrowser)
	}
	var name string
	var args []string
	switch runtime.GOOS {
	case "darwin", "ios":
		name = "open"
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler"}
	default:
		name = "xdg-open"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, append(args, u)...)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrNoBrowser, name, err)
	}
	return nil
}

// sortedKeys returns m's keys, sorted.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
