package httpx

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/globus-go/globus"
	"github.com/globus-go/globus/authorizers"
)

const (
	userAgent  = "globus-go/" + globus.Version
	clientInfo = "product=globus-go,version=" + globus.Version
)

// DefaultTransport returns the transport that every client given none
// shares, so that they share one pool of connections. It is a copy of
// [http.DefaultTransport] (when that is an *http.Transport) that connects
// within 30 s, finishes TLS within 10 s and waits at most 120 s for
// response headers. It sets no overall timeout, so that callers' contexts
// stay in control. A program that replaced http.DefaultTransport with
// another RoundTripper gets that one, as it is.
var DefaultTransport = sync.OnceValue(func() http.RoundTripper {
	dt, ok := http.DefaultTransport.(*http.Transport)
	if !ok || dt == nil {
		if http.DefaultTransport != nil {
			return http.DefaultTransport
		}
		dt = &http.Transport{Proxy: http.ProxyFromEnvironment, ForceAttemptHTTP2: true,
			MaxIdleConns: 100, IdleConnTimeout: 90 * time.Second}
	}
	t := dt.Clone()
	t.DialContext = (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = 120 * time.Second
	t.ExpectContinueTimeout = time.Second
	return t
})

// Pipeline sends the requests of one client. It satisfies the
// HttpRequestDoer interface of the generated clients. Build it with
// [Config.Doer].
type Pipeline struct {
	transport http.RoundTripper
	auth      authorizers.Authorizer
	// edit is the authorization stage: an authorizers.Transport over the
	// sending stage, which sets the Authorization header from auth
	// (refusing plain http to hosts that are not loopback) and sends once
	// more after a 401. Nil when there is no authorizer.
	edit    *authorizers.Transport
	retry   globus.RetryPolicy
	log     *slog.Logger
	maxBody int64
}

// Doer returns the pipeline that sends the client's requests. Each request
// goes through one ordered chain of stages, outermost first:
//
//  1. call: the request's [Call] is claimed (a request without one, or
//     whose Call another request already holds, gets a fresh one); it
//     carries the facts of the call to every stage below;
//  2. headers: User-Agent, X-Globus-Client-Info and Accept are set unless
//     the caller set them; the caller's request is never changed;
//  3. error decoding: an answer with status 400 or more becomes a
//     *[globus.APIError], its body read up to 16 MiB and scrubbed of every
//     secret the call sent;
//  4. retry: failed attempts are sent again as c.Retry says, each attempt
//     bounded by its own timeout;
//  5. authorization: an [authorizers.Transport], the same RoundTripper
//     that programs can give any http.Client: each attempt gets a fresh
//     Authorization header from c.Authorizer; after a 401 the authorizer
//     may renew its credential, and the request goes out once more, at
//     most once per call however often stage 4 retries (the Call's one
//     renewal); no credential goes over plain http to a host that is not
//     loopback unless c.AllowInsecureHTTP;
//  6. send: the attempt goes to c.Transport. Redirects are never followed,
//     and an answer that the transport brought from another host or scheme
//     is refused ([globus.ErrRedirectRefused]); the body of a successful
//     answer is cut off at c.MaxBodySize with a *[globus.BodyTooLargeError].
//     The Authorization header sent is recorded as a secret of the call.
func (c *Config) Doer() *Pipeline {
	t := c.Transport
	if t == nil {
		t = DefaultTransport()
	}
	log := c.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	maxBody := c.MaxBodySize
	if maxBody <= 0 {
		maxBody = DefaultMaxBodySize
	}
	p := &Pipeline{transport: t, auth: c.Authorizer, retry: c.Retry.WithDefaults(), log: log, maxBody: maxBody}
	if c.Authorizer != nil {
		a := c.Authorizer
		if _, null := a.(authorizers.NullAuthorizer); !null {
			// NullAuthorizer stays itself: it is the one authorizer that
			// may go over plain http anywhere, and it never renews.
			a = oncePerCall{a}
		}
		p.edit = &authorizers.Transport{Authorizer: a, Base: sendStage{p}, AllowInsecureHTTP: c.AllowInsecureHTTP}
	}
	return p
}

// oncePerCall lets its authorizer renew after a 401 once per call: the
// first time the request's Call asks, not after the retries of stage 4.
type oncePerCall struct{ authorizers.Authorizer }

func (o oncePerCall) HandleMissingAuthorization(ctx context.Context, rejected string) bool {
	call := callFrom(ctx)
	return call != nil && call.takeRenewal() && o.Authorizer.HandleMissingAuthorization(ctx, rejected)
}

// sendStage is stage 6 as the RoundTripper under the authorization stage.
// It marks its failures, so that stage 4 can tell them from the
// authorizer's.
type sendStage struct{ p *Pipeline }

func (s sendStage) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := s.p.send(r)
	if err != nil {
		return nil, &sendFailure{err}
	}
	return resp, nil
}

// sendFailure is an error of stage 6 on its way through stage 5.
type sendFailure struct{ err error }

func (f *sendFailure) Error() string { return f.err.Error() }

// Do sends req through the pipeline. The answer, when there is no error,
// has a status below 400.
func (p *Pipeline) Do(req *http.Request) (*http.Response, error) {
	if req == nil || req.URL == nil {
		return nil, &globus.UsageError{Problem: "nil request or request URL"}
	}
	// Stage 1: the call, which the request's context carries to every
	// stage below.
	ctx := req.Context()
	call := callFrom(ctx)
	if call == nil || !call.claim() {
		call = &Call{claimed: true}
		ctx = context.WithValue(ctx, callKey{}, call)
	}
	// Stage 2: headers, on a shallow copy with its own header map.
	r := req.WithContext(ctx)
	r.Header = make(http.Header, len(req.Header)+4)
	for k, v := range req.Header {
		r.Header[k] = v
	}
	setDefault(r.Header, "User-Agent", userAgent)
	setDefault(r.Header, "X-Globus-Client-Info", clientInfo)
	setDefault(r.Header, "Accept", "application/json")
	// Stages 3 to 6.
	resp, err := p.retryLoop(r, call)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 400 {
		return nil, p.apiError(call, r, resp)
	}
	return resp, nil
}

func setDefault(h http.Header, key, value string) {
	if h.Get(key) == "" {
		h.Set(key, value)
	}
}

// apiError reads and closes resp's body, and turns the answer into a
// *globus.APIError that repeats none of the call's secrets.
func (p *Pipeline) apiError(call *Call, req *http.Request, resp *http.Response) error {
	// A body that breaks off part way still leaves what was read, and the
	// status, in the error.
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	_ = resp.Body.Close()
	if resp.Request == nil {
		resp.Request = req
	}
	if !call.hasSecrets() {
		return globus.NewAPIError(resp, body)
	}
	// Every field of the error is parsed from the scrubbed body, escapes
	// included, so none of them can spell a secret either.
	return globus.NewAPIError(resp, scrubBody(call, body))
}

// scrubBody returns body with every secret of call replaced by
// globus.Redacted: where it appears byte for byte, and inside any JSON
// string literal that spells it with escapes ("a\/b", "\u0061"), which a
// plain search misses but any JSON decoder reads back. Such a literal is
// written again, escaped by encoding/json, with the secret replaced.
func scrubBody(call *Call, body []byte) []byte {
	s := call.Scrub(string(body))
	if !strings.Contains(s, `\`) {
		return []byte(s)
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '"' {
			continue
		}
		j, escaped := i+1, false
		for j < len(s) && s[j] != '"' {
			if s[j] == '\\' {
				escaped = true
				j++
			}
			j++
		}
		if j >= len(s) {
			break
		}
		if escaped {
			var v string
			if json.Unmarshal([]byte(s[i:j+1]), &v) == nil {
				if sv := call.Scrub(v); sv != v {
					enc, _ := json.Marshal(sv)
					b.WriteString(s[last:i])
					b.Write(enc)
					last = j + 1
				}
			}
		}
		i = j
	}
	if last == 0 {
		return []byte(s)
	}
	b.WriteString(s[last:])
	return []byte(b.String())
}

// retryLoop is stage 4: it sends attempts until one succeeds, the policy
// gives up, or the caller's context ends.
func (p *Pipeline) retryLoop(req *http.Request, call *Call) (*http.Response, error) {
	ctx := req.Context()
	hasBody := req.Body != nil && req.Body != http.NoBody
	replayable := !hasBody || req.GetBody != nil
	idempotent := idempotentMethod(req.Method) || call.Idempotent
	maxRetries := max(p.retry.MaxRetries, 0) // negative: retries off
	if !replayable {
		maxRetries = 0
	}
	debug := p.log.Enabled(ctx, slog.LevelDebug)
	var logURL string
	if debug {
		logURL = urlForLog(req)
	}

	for attempt := 0; ; attempt++ {
		body := req.Body
		if attempt > 0 && hasBody {
			b, err := req.GetBody()
			if err != nil {
				return nil, fmt.Errorf("globus: %s %s: replaying the request body: %w", req.Method, urlForLog(req), err)
			}
			body = b
		}
		actx, cancel := p.attemptContext(ctx)
		r := req.WithContext(actx)
		r.Body = body

		resp, sendErr, err := p.authorized(r)
		last := attempt >= maxRetries
		if err != nil {
			timedOut := actx.Err() != nil && ctx.Err() == nil
			cancel()
			if debug {
				p.log.LogAttrs(ctx, slog.LevelDebug, "globus: request failed",
					slog.String("method", req.Method), slog.String("url", logURL),
					slog.Int("attempt", attempt+1), slog.String("error", call.Scrub(transportMessage(err))))
			}
			// Only a failure to send is retried, not one of the authorizer.
			if last || ctx.Err() != nil || !sendErr || !retryableError(err, idempotent, timedOut) {
				return nil, err
			}
			if err := p.wait(ctx, req, logURL, attempt, backoff(p.retry, attempt), 0, debug); err != nil {
				return nil, err
			}
			continue
		}

		if debug {
			p.log.LogAttrs(ctx, slog.LevelDebug, "globus: response",
				slog.String("method", req.Method), slog.String("url", logURL),
				slog.Int("status", resp.StatusCode), slog.Int("attempt", attempt+1))
		}
		if last || !idempotent || !slices.Contains(p.retry.RetryStatuses, resp.StatusCode) ||
			(len(p.retry.SkipCodePrefixes) > 0 && skipByCode(p.retry, resp)) {
			resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
			return resp, nil
		}
		sleep := backoff(p.retry, attempt)
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
				sleep = min(ra, p.retry.MaxSleep)
			}
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		_ = resp.Body.Close()
		cancel()
		if err := p.wait(ctx, req, logURL, attempt, sleep, resp.StatusCode, debug); err != nil {
			return nil, err
		}
	}
}

func (p *Pipeline) attemptContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if p.retry.AttemptTimeout > 0 {
		return context.WithTimeout(ctx, p.retry.AttemptTimeout)
	}
	return context.WithCancel(ctx)
}

// wait logs the coming retry and sleeps; it fails when ctx is done first.
func (p *Pipeline) wait(ctx context.Context, req *http.Request, logURL string, attempt int, sleep time.Duration, status int, debug bool) error {
	if debug {
		attrs := []slog.Attr{
			slog.String("method", req.Method), slog.String("url", logURL),
			slog.Int("attempt", attempt+1), slog.Duration("sleep", sleep),
		}
		if status != 0 {
			attrs = append(attrs, slog.Int("status", status))
		}
		p.log.LogAttrs(ctx, slog.LevelDebug, "globus: retrying", attrs...)
	}
	if err := sleepCtx(ctx, sleep); err != nil {
		return fmt.Errorf("globus: %s %s: stopped before retry %d: %w", req.Method, urlForLog(req), attempt+1, err)
	}
	return nil
}

// authorized is stage 5, over stage 6: it sends one attempt with a fresh
// Authorization header and, after a 401, at most once more per call.
// sendErr reports whether err came from sending (stage 6) rather than from
// the authorizer.
func (p *Pipeline) authorized(r *http.Request) (resp *http.Response, sendErr bool, err error) {
	if p.edit == nil {
		resp, err = p.send(r)
		return resp, err != nil, err
	}
	resp, err = p.edit.RoundTrip(r)
	if f, ok := err.(*sendFailure); ok {
		return nil, true, f.err
	}
	return resp, false, err
}

// addCredential records an Authorization header, and the parts of it that
// a server might repeat, as secrets of the call.
func addCredential(call *Call, header string) {
	call.AddSecret(header)
	scheme, cred, ok := strings.Cut(header, " ")
	if !ok {
		return
	}
	call.AddSecret(cred)
	if strings.EqualFold(scheme, "Basic") {
		if raw, err := base64.StdEncoding.DecodeString(cred); err == nil {
			call.AddSecret(string(raw))
			if _, secret, ok := strings.Cut(string(raw), ":"); ok {
				call.AddSecret(secret)
			}
		}
	}
}

// send is stage 6: one round trip, no redirect, a bounded success body.
func (p *Pipeline) send(r *http.Request) (*http.Response, error) {
	if call, h := callFrom(r.Context()), r.Header.Get("Authorization"); call != nil && h != "" {
		addCredential(call, h)
	}
	resp, err := p.transport.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	if resp == nil {
		return nil, errNilTransportAnswer
	}
	if got := resp.Request; got != nil && got.URL != nil &&
		(got.URL.Host != r.URL.Host || got.URL.Scheme != r.URL.Scheme) {
		_ = resp.Body.Close()
		return nil, fmt.Errorf("%w: sent to %s://%s, answered from %s://%s",
			globus.ErrRedirectRefused, r.URL.Scheme, r.URL.Host, got.URL.Scheme, got.URL.Host)
	}
	if resp.StatusCode < 400 {
		resp.Body = &limitedBody{rc: resp.Body, left: p.maxBody, limit: p.maxBody}
	}
	return resp, nil
}

// limitedBody fails with a *globus.BodyTooLargeError once more than limit
// bytes arrive, so that an endless answer costs at most limit bytes.
type limitedBody struct {
	rc    io.ReadCloser
	left  int64
	limit int64
}

func (b *limitedBody) Read(buf []byte) (int, error) {
	if b.left <= 0 {
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			return 0, &globus.BodyTooLargeError{Limit: b.limit}
		}
		return 0, err
	}
	if int64(len(buf)) > b.left {
		buf = buf[:b.left]
	}
	n, err := b.rc.Read(buf)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }

// errNilTransportAnswer guards against a RoundTripper that breaks its
// contract by returning neither an answer nor an error.
var errNilTransportAnswer = errors.New("globus: the HTTP transport returned no answer and no error")
