package openaiapi

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Defaults of Retry.
const (
	DefaultMaxRetries = 3
	DefaultBaseDelay  = 500 * time.Millisecond
	DefaultMaxDelay   = 8 * time.Second
)

// Retry is a retry policy. Zero values mean the defaults (see WithDefaults).
type Retry struct {
	MaxRetries int           // retries after the first attempt; -1 means none
	BaseDelay  time.Duration // first backoff; doubles per retry, with jitter
	MaxDelay   time.Duration // cap of one backoff wait
	// Sleep waits d or until ctx ends; nil means Sleep. Tests replace it
	// so backoff costs no wall time.
	Sleep func(ctx context.Context, d time.Duration) error
}

// WithDefaults fills the zero fields, and turns MaxRetries -1 into 0.
func (r Retry) WithDefaults() Retry {
	switch {
	case r.MaxRetries < 0:
		r.MaxRetries = 0
	case r.MaxRetries == 0:
		r.MaxRetries = DefaultMaxRetries
	}
	if r.BaseDelay <= 0 {
		r.BaseDelay = DefaultBaseDelay
	}
	if r.MaxDelay <= 0 {
		r.MaxDelay = DefaultMaxDelay
	}
	if r.Sleep == nil {
		r.Sleep = Sleep
	}
	return r
}

// Wait is the wait before retry n (1-based): the server's Retry-After when
// it sent one (it knows when it will take requests again), else Backoff.
func (r Retry) Wait(n int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return retryAfter
	}
	return r.Backoff(n)
}

// Backoff is the wait before retry n (1-based): exponential from BaseDelay,
// capped at MaxDelay, with "equal jitter" (half fixed, half random) so that
// clients rate limited together do not retry together. r must have its
// defaults.
func (r Retry) Backoff(n int) time.Duration {
	d := r.BaseDelay << (n - 1)
	if d > r.MaxDelay || d <= 0 { // d <= 0: the shift overflowed
		d = r.MaxDelay
	}
	return d/2 + rand.N(d/2+1)
}

// Sleep waits d, or until ctx ends and then returns its error.
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// DeadlineAllows reports whether ctx's deadline, if any, is at least d
// away: waiting for a retry that cannot happen only hides the real error
// behind a timeout.
func DeadlineAllows(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) >= d
}

// RetryableStatus reports whether a request that failed with HTTP status s
// may succeed when sent again: no status (the network failed, or an error
// came inside a 200 stream), request timeout, conflict, rate limit, or a
// server error.
func RetryableStatus(s int) bool {
	return s == 0 || s == http.StatusRequestTimeout || s == http.StatusConflict ||
		s == http.StatusTooManyRequests || s >= 500
}

// Retryable reports whether a failed go-openai call may succeed when sent
// again: errors without an HTTP response (the network) and the statuses of
// RetryableStatus, except a used-up quota, which is a 429 that waiting does
// not fix. The context's own errors are not retryable.
func Retryable(err error) bool {
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false
	case errors.As(err, &apiErr):
		code, _ := apiErr.Code.(string)
		if strings.Contains(code+" "+apiErr.Type, "insufficient_quota") {
			return false
		}
		return RetryableStatus(apiErr.HTTPStatusCode)
	case errors.As(err, &reqErr):
		return RetryableStatus(reqErr.HTTPStatusCode)
	default:
		return true
	}
}

// keyLike matches things that look like API keys, so a server message that
// echoes one (OpenAI's 401 shows a masked key) is cleaned even when it is
// not the configured key.
var keyLike = regexp.MustCompile(`\b(?:sk|rk|pk)-[A-Za-z0-9_*\-]{6,}|\bBearer\s+\S+`)

// Scrub shortens a server message for an error (to 200 characters, on one
// line) and removes key and anything key-like from it.
func Scrub(msg, key string) string {
	if key != "" {
		msg = strings.ReplaceAll(msg, key, "[redacted]")
	}
	msg = keyLike.ReplaceAllString(msg, "[redacted]")
	msg = strings.Join(strings.Fields(msg), " ")
	if r := []rune(msg); len(r) > 200 {
		msg = string(r[:200]) + "…"
	}
	return msg
}
