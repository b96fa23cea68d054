package fakeglobus

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/globus-go/globus/gen/server/transferserver"
	"github.com/globus-go/globus/internal/spectest"
)

// TransferPrefix is the path under which the fake serves Transfer v0.10.
const TransferPrefix = "/v0.10"

// Options configure a Server. The zero value is usable.
type Options struct {
	// TokenLifetime is how long an access token stays valid after it was
	// issued. Zero means 48 hours, as Globus does.
	TokenLifetime time.Duration
	// DisableRefreshRotation keeps a refresh token valid after it was used.
	// By default every refresh_token grant answers with a new refresh token
	// and the one that was used stops working.
	DisableRefreshRotation bool

	// TaskPolls is how many times get_task answers ACTIVE for a task
	// before the task ends. With zero, a task ends as soon as it is looked
	// at after its submission (also by other requests, such as ls).
	// A task with TaskPolls > 0 only ends when get_task is called on it (or
	// on [Server.CompleteTasks]).
	TaskPolls int
	// TaskDuration is how long, by Now, a task stays ACTIVE at least.
	// A task ends once both TaskPolls and TaskDuration are satisfied.
	TaskDuration time.Duration

	// Now is the clock of the fake: token expiry and task progress follow
	// it. Nil means time.Now. See ManualClock for a clock tests can move.
	Now func() time.Time
	// Report is called with every violation of api/auth.yaml or
	// api/transfer.yaml that the fake sees, in a request or in its own
	// response. Tests pass t.Error. Nil means the violations are only
	// logged and kept for Violations. Report may be called from several
	// goroutines at once.
	Report func(error)
	// Logger receives a debug line per request. Nil discards them.
	// Secrets (tokens, client secrets, codes, verifiers) are never logged.
	Logger *slog.Logger
	// Seed seeds the random source behind ids, tokens and fault
	// probabilities, so that a run can be repeated.
	Seed uint64
	// User is the identity that collections belong to and that logs in
	// when IssueCode is used. Empty fields get fixed defaults.
	User Identity
}

// Identity is a Globus Auth identity of the fake.
type Identity struct {
	// ID is the identity id (a UUID).
	ID string
	// Username is the identity username, such as user@example.org.
	Username string
	// Name is the display name.
	Name string
	// Email is the email address.
	Email string
	// Organization is the organization the identity belongs to.
	Organization string
}

// DefaultUser is the identity used when Options.User is empty.
var DefaultUser = Identity{
	ID:       "6f1f5f3e-2d4c-4b7a-9a51-3f7c1e0b9d21",
	Username: "alice@example.org",
	Name:     "Alice Example",
	Email:    "alice@example.org",
}

// Server is a running (or ready to run) fake of Globus Auth and Transfer.
// All its methods are safe for concurrent use.
type Server struct {
	opts   Options
	log    *slog.Logger
	report func(error)

	authV, transferV *spectest.Validator
	bulk             map[string]*bulkCheck // by "METHOD /v0.10/path"
	loadErr          error
	mux              *http.ServeMux

	mu    sync.Mutex
	rng   *rand.Rand
	state // guarded by mu

	faultMu sync.Mutex
	faults  []*Injection
	faultR  *rand.Rand

	lifeMu   sync.Mutex
	ln       net.Listener
	srv      *http.Server
	base     string
	serveErr chan error
	done     chan struct{}
	closed   bool
	inflight sync.WaitGroup
}

// state is everything the fake remembers; Server.mu guards it.
type state struct {
	clients     map[string]*Client
	access      map[string]*accessToken
	refresh     map[string]*refreshToken
	codes       map[string]*authCode
	collections map[string]*collection
	colOrder    []*collection
	tasks       map[string]*task
	taskOrder   []*task
	submissions map[string]string
	bookmarks   map[string]*bookmark
	bmOrder     []*bookmark

	identities  map[string]*identityRec // by id
	byUsername  map[string]*identityRec // by lower-case username
	idOrder     []*identityRec
	consents    []*consent
	projects    map[string]*project
	policies    map[string]*policy
	clientRecs  map[string]*clientRec
	scopes      map[string]*scopeRec
	keys        []*signingKey // newest last
	issuedSubs  map[string]bool
	pauseRules  map[string]*pauseRule
	ruleOrder   []*pauseRule
	adminCancel map[string]transferserver.AdminCancel
	nextID      int

	counts       map[string]int
	tasksCreated int
	tokensIssued int
	violations   []error
}

// New returns a Server configured by opts, with no clients and no
// collections. It does not listen yet: call Start, or serve Handler
// yourself.
func New(opts Options) *Server {
	if opts.TokenLifetime <= 0 {
		opts.TokenLifetime = 48 * time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.TaskPolls < 0 {
		opts.TaskPolls = 0
	}
	def := DefaultUser
	if opts.User.ID == "" {
		opts.User.ID = def.ID
	}
	if opts.User.Username == "" {
		opts.User.Username = def.Username
	}
	if opts.User.Name == "" {
		opts.User.Name = def.Name
	}
	if opts.User.Email == "" {
		opts.User.Email = def.Email
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		opts:   opts,
		log:    log,
		rng:    rand.New(rand.NewPCG(opts.Seed, 0x676c6f627573)),
		faultR: rand.New(rand.NewPCG(opts.Seed, 0x6661756c7473)),
		done:   make(chan struct{}),
	}
	s.report = opts.Report
	s.state = state{
		clients:     map[string]*Client{},
		access:      map[string]*accessToken{},
		refresh:     map[string]*refreshToken{},
		codes:       map[string]*authCode{},
		collections: map[string]*collection{},
		tasks:       map[string]*task{},
		submissions: map[string]string{},
		bookmarks:   map[string]*bookmark{},
		counts:      map[string]int{},
		identities:  map[string]*identityRec{},
		byUsername:  map[string]*identityRec{},
		projects:    map[string]*project{},
		policies:    map[string]*policy{},
		clientRecs:  map[string]*clientRec{},
		scopes:      map[string]*scopeRec{},
		issuedSubs:  map[string]bool{},
		pauseRules:  map[string]*pauseRule{},
		adminCancel: map[string]transferserver.AdminCancel{},
	}
	s.registerIdentity(opts.User, "used")
	s.authV, s.loadErr = spectest.Auth()
	if s.loadErr == nil {
		s.transferV, s.loadErr = spectest.Transfer()
	}
	s.bulk = bulkChecks(s.transferV)
	s.mux = http.NewServeMux()
	s.routes()
	return s
}

// Start returns a started Server for a test: violations of the specs fail
// t (unless opts.Report is set), and the server is closed when the test
// ends. It calls t.Fatal if the server cannot start.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.Report == nil {
		opts.Report = func(err error) { t.Errorf("fakeglobus: %v", err) }
	}
	s := New(opts)
	if err := s.Start(); err != nil {
		t.Fatalf("fakeglobus: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// ErrClosed is returned by Start when the Server was already closed.
var ErrClosed = errors.New("fakeglobus: server closed")

// Start makes the Server listen on a free port of 127.0.0.1. It fails if
// the embedded specs cannot be loaded, if no port is free, or if the
// Server was started or closed before.
func (s *Server) Start() error { return s.Listen("127.0.0.1:0") }

// Listen makes the Server listen on addr (host:port; port 0 picks a free
// one), as Start does on a free port of 127.0.0.1.
func (s *Server) Listen(addr string) error {
	if s.loadErr != nil {
		return fmt.Errorf("fakeglobus: loading the specs: %w", s.loadErr)
	}
	s.lifeMu.Lock()
	defer s.lifeMu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if s.srv != nil {
		return errors.New("fakeglobus: server already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("fakeglobus: listen: %w", err)
	}
	s.ln = ln
	s.base = "http://" + ln.Addr().String()
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	s.serveErr = make(chan error, 1)
	go func() { s.serveErr <- s.srv.Serve(ln) }()
	s.log.Debug("fakeglobus started", "url", s.base)
	return nil
}

// Close stops the Server: slow responses in progress are cut short, open
// connections are closed, and Close returns once every request handler
// has returned. Close may be called more than once.
func (s *Server) Close() {
	s.lifeMu.Lock()
	defer s.lifeMu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	close(s.done)
	if s.srv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		_ = s.srv.Close()
	}
	<-s.serveErr
	s.inflight.Wait()
}

// URL returns the base URL the Server listens on, such as
// http://127.0.0.1:34567, or "" before Start.
func (s *Server) URL() string {
	s.lifeMu.Lock()
	defer s.lifeMu.Unlock()
	return s.base
}

// AuthURL returns the base URL of the fake Globus Auth (the Server's URL:
// Auth paths start at the root, as /v2/oauth2/token does).
func (s *Server) AuthURL() string { return s.URL() }

// TransferURL returns the base URL of the fake Transfer v0.10 API, the
// Server's URL followed by /v0.10.
func (s *Server) TransferURL() string { return s.URL() + TransferPrefix }

// Handler returns the Server as an http.Handler, for serving it from your
// own listener. Slow responses end early once Close was called.
func (s *Server) Handler() http.Handler { return s }

// Violations returns every spec violation seen so far, oldest first.
func (s *Server) Violations() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]error(nil), s.violations...)
}

// Requests returns how many requests for the operation with this
// operationId (such as "submitTransfer" or "oauth2Token") the Server has
// received, faulted ones included. Requests that match no operation are
// counted under "", and visits of the authorization page under
// "authorize".
func (s *Server) Requests(operationID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[operationID]
}

// RequestCounts returns a copy of the per-operation request counters.
func (s *Server) RequestCounts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// TasksCreated returns how many transfer and delete tasks were created.
// A submission answered with Duplicate creates none.
func (s *Server) TasksCreated() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tasksCreated
}

// TokensIssued returns how many access tokens the Server has issued.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokensIssued
}

func (s *Server) now() time.Time { return s.opts.Now().UTC() }

// violation records err and passes it to Report. It must be called
// without s.mu held.
func (s *Server) violation(err error) {
	s.mu.Lock()
	s.violations = append(s.violations, err)
	s.mu.Unlock()
	s.log.Error("fakeglobus: spec violation", "err", err)
	if s.report != nil {
		s.report(err)
	}
}

// recorder buffers a handler's response so that it can be validated (and
// perhaps replaced by a fault) before it is sent.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(p)
}

func (r *recorder) flush(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	if r.status == 0 {
		r.status = http.StatusOK
	}
	w.WriteHeader(r.status)
	_, _ = w.Write(r.body.Bytes())
}

type ctxKey int

const (
	callerKey ctxKey = iota
	requestIDKey
	requestKey
)

// ServeHTTP validates the request, applies any injected fault, answers it
// and validates the answer. It implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.inflight.Add(1)
	defer s.inflight.Done()
	start := time.Now()

	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "unreadable body", http.StatusBadRequest)
		return
	}
	_ = r.Body.Close()
	transfer := r.URL.Path == TransferPrefix || strings.HasPrefix(r.URL.Path, TransferPrefix+"/")
	if s.loadErr != nil {
		s.violation(fmt.Errorf("fakeglobus: specs not loaded: %w", s.loadErr))
		http.Error(w, "fakeglobus: specs not loaded", http.StatusInternalServerError)
		return
	}
	if !transfer && r.URL.Path == AuthorizePath && r.Method == http.MethodGet {
		// The authorization page is a browser page, outside the API specs.
		s.mu.Lock()
		s.counts["authorize"]++
		s.mu.Unlock()
		s.handleAuthorize(w, r)
		s.logRequest(r, "authorize", http.StatusFound, "", start)
		return
	}
	v := s.authV
	if transfer {
		v = s.transferV
	}

	s.mu.Lock()
	reqID := s.randString(alnum, 9)
	s.mu.Unlock()
	ctx := context.WithValue(r.Context(), requestIDKey, reqID)
	r = r.WithContext(ctx)

	ex, verr := s.checkRequest(v, r, body)
	op := ""
	if ex != nil {
		op = ex.OperationID()
	} else {
		op = routeOf(verr)
	}
	s.mu.Lock()
	s.counts[op]++
	s.mu.Unlock()
	if verr != nil {
		s.violation(verr)
		rec := newRecorder()
		if ex == nil && op == "" {
			s.notFound(rec, r, transfer)
		} else if transfer {
			s.transferError(rec, r, http.StatusBadRequest, "ClientError.BadRequest", "the request does not match api/transfer.yaml: "+verr.Error())
		} else {
			oauthError(rec, http.StatusBadRequest, "invalid_request", "the request does not match api/auth.yaml: "+verr.Error())
		}
		rec.flush(w)
		s.logRequest(r, op, rec.status, "", start)
		return
	}

	inj := s.matchFault(r, op)
	if inj != nil && !inj.f.After {
		if !s.applyFault(w, r, inj, transfer) {
			s.logRequest(r, op, 0, inj.f.Kind.String(), start)
			return
		}
	}

	rec := newRecorder()
	r.Body = io.NopCloser(bytes.NewReader(body))
	s.dispatch(rec, r, transfer)
	if f := r.URL.Query().Get("fields"); transfer && f != "" && rec.status < 300 {
		if b, ok := selectFields(rec.body.Bytes(), f); ok {
			rec.body.Reset()
			rec.body.Write(b)
		}
	}
	if err := v.ValidateResponse(ex, rec.status, rec.header, rec.body.Bytes()); err != nil {
		s.violation(err)
	}

	if inj != nil && inj.f.After {
		if !s.applyFault(w, r, inj, transfer) {
			s.logRequest(r, op, rec.status, inj.f.Kind.String()+" after", start)
			return
		}
	}
	rec.flush(w)
	fault := ""
	if inj != nil {
		fault = inj.f.Kind.String()
	}
	s.logRequest(r, op, rec.status, fault, start)
}

// checkRequest validates r, whose body is body, against the spec of v.
// Bulk submissions are checked in parts (see bulkCheck), everything else
// in one piece.
func (s *Server) checkRequest(v *spectest.Validator, r *http.Request, body []byte) (*spectest.Exchange, error) {
	if v == s.transferV {
		if c := s.bulk[r.Method+" "+r.URL.Path]; c != nil {
			if ex, ok := c.check(v, r, body); ok {
				return ex, nil
			}
		}
	}
	return v.ValidateRequest(r, body)
}

// routeOf names the operation of a request that failed validation, from
// the "(operationId) violates" part of the validator's message; it is ""
// when no operation matched.
func routeOf(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, ") violates"); i > 0 {
		if j := strings.LastIndex(msg[:i], "("); j >= 0 {
			return msg[j+1 : i]
		}
	}
	return ""
}

func (s *Server) logRequest(r *http.Request, op string, status int, fault string, start time.Time) {
	s.log.Debug("fakeglobus request",
		"method", r.Method, "path", r.URL.Path, "op", op,
		"status", status, "fault", fault, "elapsed", time.Since(start))
}

// dispatch authenticates Transfer requests and runs the handler, all under
// s.mu, so that each request sees and leaves a consistent state.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request, transfer bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if transfer {
		tok, msg := s.bearer(r)
		if tok == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="transfer.api.globus.org"`)
			s.transferError(w, r, http.StatusUnauthorized, "AuthenticationFailed", msg)
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), callerKey, tok))
		s.advanceAll()
	}
	s.mux.ServeHTTP(w, r)
}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey).(string)
	return id
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "fakeglobus: encoding: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// resource is the request path relative to the Transfer API root, as
// Transfer reports it in results and errors: /transfer, /task/<id>, ...
func resource(r *http.Request) string {
	if p, ok := strings.CutPrefix(r.URL.Path, TransferPrefix); ok && p != "" {
		return p
	}
	return r.URL.Path
}

// transferError answers with a Transfer error document; the code goes in
// the X-Transfer-API-Error header too, as Transfer sends it.
func (s *Server) transferError(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	writeTransferError(w, r, refuse(status, code, msg))
}

// writeTransferError answers with the Transfer error document of rf, its
// extra fields included.
func writeTransferError(w http.ResponseWriter, r *http.Request, rf *refusal) {
	w.Header().Set("X-Transfer-API-Error", rf.code)
	doc := map[string]any{
		"code":       rf.code,
		"message":    rf.msg,
		"request_id": requestID(r),
		"resource":   resource(r),
	}
	maps.Copy(doc, rf.extra)
	writeJSON(w, rf.status, doc)
}

// oauthError answers with an OAuth2 error document.
func oauthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]any{"error": code, "error_description": desc})
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randString returns n random characters of set. s.mu must be held.
func (s *Server) randString(set string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[s.rng.IntN(len(set))]
	}
	return string(b)
}

// newUUID returns a random version 4 UUID. s.mu must be held.
func (s *Server) newUUID() string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := s.rng.Uint64()
		for j := 0; j < 8; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// globusTime formats t the way Transfer does: "2006-01-02 15:04:05+00:00".
func globusTime(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04:05") + "+00:00"
}

// notFound answers a request for a path that neither service has: 404
// ClientError.NotFound from Transfer, a 404 errors document from Auth.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, transfer bool) {
	if transfer {
		s.transferError(w, r, http.StatusNotFound, "ClientError.NotFound", fmt.Sprintf("No such resource: %s %s", r.Method, resource(r)))
		return
	}
	authAPIError(w, r, http.StatusNotFound, "NOT_FOUND", fmt.Sprintf("No such resource: %s %s", r.Method, r.URL.Path))
}

// selectFields keeps only the comma-separated fields (and DATA_TYPE) of a
// Transfer answer, as the fields parameter asks: of each item of a list
// (DATA), or of the document itself. It reports false when the body is not
// a JSON object.
func selectFields(body []byte, fields string) ([]byte, bool) {
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, false
	}
	keep := map[string]bool{"DATA_TYPE": true}
	for _, f := range strings.Split(fields, ",") {
		keep[strings.TrimSpace(f)] = true
	}
	pick := func(m map[string]any) {
		for k := range m {
			if !keep[k] {
				delete(m, k)
			}
		}
	}
	if items, ok := doc["DATA"].([]any); ok && doc["DATA_TYPE"] != "endpoint" {
		for _, it := range items {
			if m, ok := it.(map[string]any); ok {
				pick(m)
			}
		}
	} else {
		pick(doc)
	}
	b, err := json.Marshal(doc)
	return b, err == nil
}
