package app

import (
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/auth"
	"github.com/globus-go/globus/authorizers"
	"github.com/globus-go/globus/tokenstorage"
)

// DefaultLoginTimeout is how long a login waits for the user, unless
// WithLoginTimeout says otherwise: the Python SDK's local server waits 15
// minutes on Windows (and an hour elsewhere).
const DefaultLoginTimeout = 15 * time.Minute

// LoginFlow chooses how a UserApp logs the user in.
type LoginFlow int

const (
	// AutoFlow, the default, uses LocalServerFlow when a browser can be
	// opened and CommandLineFlow otherwise. A browser can be opened when
	// WithBrowser gave a function to open one, or else when the session is
	// not remote (neither SSH_CONNECTION nor SSH_TTY is set, as the Python
	// SDK checks) and, on Windows and macOS, always, and on other systems
	// when DISPLAY or WAYLAND_DISPLAY is set and xdg-open is on the PATH.
	AutoFlow LoginFlow = iota
	// LocalServerFlow opens the browser at the authorize URL and receives
	// the code on a loopback listener (http://127.0.0.1:PORT, a redirect
	// that Globus Auth allows native apps on any port).
	LocalServerFlow
	// CommandLineFlow prints the authorize URL, with Globus Auth's page
	// that shows the code as redirect, and reads the code the user pastes.
	CommandLineFlow
)

// String returns the flow's name: "auto", "local-server" or "command-line"
// (the Python SDK's names for the last two).
func (f LoginFlow) String() string {
	switch f {
	case AutoFlow:
		return "auto"
	case LocalServerFlow:
		return "local-server"
	case CommandLineFlow:
		return "command-line"
	}
	return "LoginFlow(" + strconv.Itoa(int(f)) + ")"
}

// Storage is what an app keeps its tokens in: a tokenstorage.Storage that
// is also a tokenstorage.Updater, as every storage of package tokenstorage
// is, so that renewals happen under its lock.
type Storage interface {
	tokenstorage.Storage
	tokenstorage.Updater
}

// Option configures an app. Options that only concern logging a user in
// (WithLoginFlow, WithBrowser, WithPrompt, WithLoginTimeout,
// WithAutoLogin) are ignored by a ClientApp.
type Option func(*config)

type config struct {
	storage    tokenstorage.Storage
	storageSet bool
	path       string
	scopes     map[string][]string
	rsOrder    []string
	authOpts   []auth.Option
	authzOpts  []authorizers.Option
	flow       LoginFlow
	browser    func(url string) error
	in         io.Reader
	out        io.Writer
	promptSet  bool
	timeout    time.Duration
	autoLogin  bool
	prefill    string
	prefillSet bool
	problems   []string
}

// WithStorage makes the app keep its tokens in s instead of the JSON file
// at DefaultTokenPath. s must also be a tokenstorage.Updater (every storage
// of package tokenstorage is), or the constructor fails with a
// *globus.UsageError. The app does not close s: its caller does.
func WithStorage(s tokenstorage.Storage) Option {
	return func(c *config) {
		c.storage, c.storageSet = s, true
	}
}

// WithTokenPath makes the app keep its tokens in the JSON file at path
// (tokenstorage.OpenJSON), instead of DefaultTokenPath. The app opens it
// and closes it in Close.
func WithTokenPath(path string) Option {
	return func(c *config) {
		if path == "" {
			c.problems = append(c.problems, "WithTokenPath: the path is empty")
		}
		c.path = path
	}
}

// WithScopes declares the scopes the app needs for resourceServer, such as
// transfer.ScopeAll for "transfer.api.globus.org". Declare each resource
// server once, with all its scopes; a second declaration for the same
// resource server adds its scopes to the first. Each argument is one
// scope, which may carry dependent scopes in brackets
// ("urn:...:all[*https://auth.globus.org/scopes/ID/data_access]").
//
// Both apps declare "openid" for auth.globus.org by themselves, as the
// Python SDK does: a UserApp learns from it which identity logged in.
func WithScopes(resourceServer string, scopes ...string) Option {
	return func(c *config) {
		if resourceServer == "" {
			c.problems = append(c.problems, "WithScopes: the resource server is empty")
			return
		}
		if len(scopes) == 0 {
			c.problems = append(c.problems, "WithScopes("+strconv.Quote(resourceServer)+"): no scope given")
			return
		}
		for _, s := range scopes {
			if parts, err := auth.SplitScopes(s); err != nil || len(parts) != 1 || parts[0] != s {
				c.problems = append(c.problems, "WithScopes("+strconv.Quote(resourceServer)+"): "+strconv.Quote(s)+" is not exactly one scope")
				return
			}
		}
		c.addScopes(resourceServer, scopes...)
	}
}

func (c *config) addScopes(rs string, scopes ...string) {
	if c.scopes == nil {
		c.scopes = map[string][]string{}
	}
	if _, ok := c.scopes[rs]; !ok {
		c.rsOrder = append(c.rsOrder, rs)
	}
	for _, s := range scopes {
		if !slices.Contains(c.scopes[rs], s) {
			c.scopes[rs] = append(c.scopes[rs], s)
		}
	}
}

// WithAuthOptions passes options to the app's Globus Auth login client
// (auth.NewNativeAppClient or auth.NewConfidentialAppClient), such as
// auth.WithBaseURL for a test server or auth.WithTransport.
func WithAuthOptions(opts ...auth.Option) Option {
	return func(c *config) { c.authOpts = append(c.authOpts, opts...) }
}

// WithAuthorizerOptions passes options to every renewing authorizer that
// Authorizer returns, such as authorizers.WithLogger or
// authorizers.WithOnRefresh. The storage is written before any
// WithOnRefresh function runs.
func WithAuthorizerOptions(opts ...authorizers.Option) Option {
	return func(c *config) { c.authzOpts = append(c.authzOpts, opts...) }
}

// WithLoginFlow chooses how a UserApp logs in; the default is AutoFlow.
func WithLoginFlow(f LoginFlow) Option {
	return func(c *config) {
		if f < AutoFlow || f > CommandLineFlow {
			c.problems = append(c.problems, "WithLoginFlow: unknown flow "+f.String())
		}
		c.flow = f
	}
}

// WithBrowser sets the function that the local-server flow calls to send
// the user to the authorize URL. It should return once the browser has
// been told to open the URL, not when the login ends; the flow waits for
// the redirect itself. When it returns an error, the flow prints the URL
// (to WithPrompt's writer) for the user to open by hand and goes on
// waiting. The default runs xdg-open (open on macOS, rundll32
// url.dll,FileProtocolHandler on Windows). Tests and programs that play
// the browser themselves pass their own function.
func WithBrowser(open func(url string) error) Option {
	return func(c *config) {
		if open == nil {
			c.problems = append(c.problems, "WithBrowser: the function is nil")
		}
		c.browser = open
	}
}

// WithPrompt sets where a UserApp talks to the user: the command-line flow
// writes the authorize URL and its prompt to out and reads the code from
// in, one line; the local-server flow writes to out what it does. The
// default is os.Stdin and os.Stderr (the Python SDK uses stdout; stderr
// keeps a tool's output clean). A nil in or out keeps the default. A read
// cannot be interrupted: when a login ends (timeout, context) while it
// waits for a line, the read stays pending, and the next login of the app
// takes the line it gets.
func WithPrompt(in io.Reader, out io.Writer) Option {
	return func(c *config) {
		if in != nil {
			c.in = in
		}
		if out != nil {
			c.out = out
		}
		c.promptSet = true
	}
}

// WithLoginTimeout bounds how long a login waits for the user to come back
// (the redirect, or the pasted code); a login that waits longer fails with
// an error wrapping ErrLoginTimeout. The default is DefaultLoginTimeout;
// d <= 0 restores it. The context of Login bounds it too.
func WithLoginTimeout(d time.Duration) Option {
	return func(c *config) { c.timeout = d }
}

// WithAutoLogin makes UserApp.Do log in by itself, once per call, when its
// function fails for want of a login: with a requirement error (consent
// required, a new session, see LoginFor) or a *LoginRequiredError. It is
// off by default, so that a program that must not prompt (a cron job, a
// service) never does.
func WithAutoLogin(on bool) Option {
	return func(c *config) { c.autoLogin = on }
}

// WithPrefillNamedGrant sets the label Globus Auth suggests for the
// consent the user gives this app, so that several logins can be told
// apart in the user's consents. The default is "NAME on HOSTNAME", as in
// the Python SDK (the host name without a ".local" suffix); "" sends none.
func WithPrefillNamedGrant(label string) Option {
	return func(c *config) { c.prefill, c.prefillSet = label, true }
}

// usage builds the *globus.UsageError of a constructor.
func usage(op, problem string) error {
	return &globus.UsageError{Op: op, Problem: problem}
}
