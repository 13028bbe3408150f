package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body)
}

func TestRoutes(t *testing.T) {
	redisErr := errors.New("dial tcp 127.0.0.1:6379: connection refused")
	cases := []struct {
		name     string
		checks   []Check
		code     int
		contains []string
	}{
		{"no checks", nil, 200, nil},
		{"all hold", []Check{{"corpus", func(context.Context) error { return nil }}}, 200, []string{"corpus: ok"}},
		{"one fails", []Check{
			{"corpus", func(context.Context) error { return nil }},
			{"redis", func(context.Context) error { return redisErr }},
		}, 503, []string{"corpus: ok", "redis: dial tcp 127.0.0.1:6379: connection refused"}},
		{"a hanging probe is cut", []Check{{"gateway", func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }}}, 503,
			[]string{"gateway: context deadline exceeded"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			mux := http.NewServeMux()
			New().Routes(mux, c.checks)
			if code, body := get(t, mux, "/healthz"); code != 200 || body != "ok\n" {
				t.Errorf("/healthz: %d %q", code, body)
			}
			code, body := get(t, mux, "/readyz")
			if code != c.code {
				t.Errorf("/readyz: %d, want %d; body %q", code, c.code, body)
			}
			for _, s := range c.contains {
				if !strings.Contains(body, s) {
					t.Errorf("/readyz body %q lacks %q", body, s)
				}
			}
		})
	}
}

func TestMetricsExposed(t *testing.T) {
	m := New()
	m.Question(SourceHTTP, OutcomeAnswered)
	m.Question(SourceHTTP, OutcomeAnswered)
	m.Question(SourceMention, OutcomeRateLimited)
	m.Ack(SourceHTTP, 30*time.Millisecond)
	m.Answered(SourceHTTP, 2*time.Second)
	m.Tokens(120, 40)
	m.Retries(2)
	m.Queued(3)
	m.Corpus(2, 17)
	m.Reload(nil)
	m.Reload(errors.New("bad"))
	m.RedisOutage()
	m.Fallback("rate")
	mux := http.NewServeMux()
	m.Routes(mux, nil)
	code, body := get(t, mux, "/metrics")
	if code != 200 {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{
		`talkbot_questions_total{outcome="answered",source="http"} 2`,
		`talkbot_questions_total{outcome="rate_limited",source="mention"} 1`,
		`talkbot_questions_total{outcome="failed",source="slash"} 0`,
		`talkbot_ack_latency_seconds_bucket{source="http",le="0.05"} 1`,
		`talkbot_ack_latency_seconds_bucket{source="http",le="0.025"} 0`,
		`talkbot_answer_latency_seconds_count{source="http"} 1`,
		`talkbot_llm_tokens_total{kind="prompt"} 120`,
		`talkbot_llm_tokens_total{kind="completion"} 40`,
		`talkbot_llm_retries_total 2`,
		`talkbot_queue_depth 3`,
		`talkbot_corpus_articles 2`,
		`talkbot_corpus_passages 17`,
		`talkbot_corpus_reloads_total{result="ok"} 1`,
		`talkbot_corpus_reloads_total{result="failed"} 1`,
		`talkbot_redis_outages_total 1`,
		`talkbot_shared_fallbacks_total{kind="rate"} 1`,
		`talkbot_shared_fallbacks_total{kind="slot"} 0`,
		`talkbot_shared_fallbacks_total{kind="memory"} 0`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if !strings.Contains(body, "go_goroutines ") {
		t.Error("/metrics lacks the Go runtime metrics")
	}
}

// TestNilMetrics: code without metrics calls the same methods.
func TestNilMetrics(t *testing.T) {
	var m *Metrics
	m.Question(SourceSlash, OutcomeFailed)
	m.Ack(SourceSlash, time.Second)
	m.Answered(SourceSlash, time.Second)
	m.Tokens(1, 1)
	m.Retries(1)
	m.Queued(1)
	m.InFlight(1)
	m.Corpus(1, 1)
	m.Reload(nil)
	m.RedisOutage()
	m.Fallback("slot")
	if code, _ := get(t, m.Handler(), "/metrics"); code != 404 {
		t.Errorf("nil metrics handler: %d, want 404", code)
	}
}
