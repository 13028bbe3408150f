package discord

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// rewriteTransport sends the requests discordgo addresses to
// https://discord.com (its endpoints are fixed package variables) to the
// configured base URL instead: a REST proxy, or a local Discord in tests.
// Gateway discovery (GET /api/v9/gateway) goes through it too, so the
// websocket URL comes from whatever answers there.
type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

func newRewriteTransport(base *url.URL, next http.RoundTripper) http.RoundTripper {
	if base.Scheme == "https" && base.Host == "discord.com" && strings.Trim(base.Path, "/") == "" {
		return next // nothing to rewrite
	}
	return &rewriteTransport{base: base, next: next}
}

func (t *rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != "discord.com" {
		return t.next.RoundTrip(r)
	}
	// RoundTrippers must not modify the request they are given.
	out := r.Clone(r.Context())
	u := *r.URL
	u.Scheme = t.base.Scheme
	u.Host = t.base.Host
	prefix := strings.TrimRight(t.base.Path, "/")
	u.Path = prefix + r.URL.Path
	if r.URL.RawPath != "" {
		u.RawPath = prefix + r.URL.RawPath
	}
	out.URL = &u
	out.Host = ""
	resp, err := t.next.RoundTrip(out)
	if err != nil {
		// http.Client reports the URL it was asked for (discord.com); name
		// the one actually tried too, so an unreachable DISCORD_API_URL
		// shows as itself. describeREST prefers this inner URL and redacts
		// the tokens in it.
		return nil, &url.Error{Op: urlErrorOp(r.Method), URL: u.String(), Err: err}
	}
	return resp, nil
}

// urlErrorOp is the Op net/http gives a *url.Error for method: "Get", "Post".
func urlErrorOp(method string) string {
	if method == "" {
		return "Get"
	}
	return method[:1] + strings.ToLower(method[1:])
}

// Bounds on what Discord's 429s may cost one request. discordgo retries
// every 429 forever, sleeping without regard to the request's context: in a
// 429 storm one answer made 31 requests in 15 s and held its slot past its
// deadline. The session's transport retries instead, at most
// maxRateLimitRetries times, waiting as Discord asks but never past the
// request's context or longer than maxRateLimitWait at once; then the 429
// goes back to discordgo, whose own retrying is off, as an error.
const (
	maxRateLimitRetries = 3
	maxRateLimitWait    = 10 * time.Second
)

// rateLimitTransport retries 429 responses within the bounds above.
type rateLimitTransport struct {
	next http.RoundTripper
	log  *slog.Logger
}

func (t *rateLimitTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx := r.Context()
	for attempt := 0; ; attempt++ {
		req := r
		if attempt > 0 {
			if r.Body != nil && r.Body != http.NoBody {
				if r.GetBody == nil {
					return nil, errors.New("retry a rate-limited request: its body cannot be sent again")
				}
				body, err := r.GetBody()
				if err != nil {
					return nil, err
				}
				req = r.Clone(ctx)
				req.Body = body
			}
		}
		resp, err := t.next.RoundTrip(req)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests {
			return resp, err
		}
		// The body is small JSON; keep it for discordgo, which reads
		// retry_after from it when the 429 is returned.
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		wait := retryAfter(resp.Header, body)
		deadline, hasDeadline := ctx.Deadline()
		if attempt >= maxRateLimitRetries || wait > maxRateLimitWait || (hasDeadline && time.Now().Add(wait).After(deadline)) {
			t.log.Warn("Discord rate limit: giving up", "url", redactURL(r.URL.String()), "retry_after_ms", wait.Milliseconds(), "attempts", attempt+1)
			return resp, nil
		}
		t.log.Warn("Discord rate limit, retrying", "url", redactURL(r.URL.String()), "retry_after_ms", wait.Milliseconds(), "attempt", attempt+1)
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		case <-timer.C:
		}
	}
}

// retryAfter reads how long Discord asks to wait: retry_after in the body
// (seconds, with a fraction), else the Retry-After header (seconds).
func retryAfter(h http.Header, body []byte) time.Duration {
	var b struct {
		RetryAfter *float64 `json:"retry_after"`
	}
	if json.Unmarshal(body, &b) == nil && b.RetryAfter != nil && *b.RetryAfter >= 0 {
		return time.Duration(*b.RetryAfter * float64(time.Second))
	}
	if s, err := strconv.ParseFloat(strings.TrimSpace(h.Get("Retry-After")), 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second))
	}
	return time.Second
}
