// Package metrics holds talkbot's Prometheus metrics (all named talkbot_*)
// and serves them with the health and readiness checks operators probe.
//
// Every method works on a nil *Metrics and then does nothing, so code that
// runs without metrics (the CLI, tests) needs no checks.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Sources of a question.
const (
	SourceSlash   = "slash"   // a slash command over the gateway
	SourceMention = "mention" // a mention, reply, thread or DM message
	SourceHTTP    = "http"    // a slash command through the HTTP interactions endpoint
)

// Outcomes of a question.
const (
	OutcomeAnswered    = "answered"
	OutcomeAbstained   = "abstained"
	OutcomeRateLimited = "rate_limited"
	OutcomeFailed      = "failed"
)

// Kinds of decision taken per process while Redis is unreachable.
const (
	FallbackRate   = "rate"   // a user's question allowance
	FallbackSlot   = "slot"   // a slot among the answers composed at once
	FallbackMemory = "memory" // a conversation loaded or saved
)

// Metrics is one process's set of talkbot metrics, in a registry of its own
// (so tests and several bots in one process do not collide).
type Metrics struct {
	reg        *prometheus.Registry
	questions  *prometheus.CounterVec
	ack        *prometheus.HistogramVec
	answer     *prometheus.HistogramVec
	tokens     *prometheus.CounterVec
	retries    prometheus.Counter
	queue      prometheus.Gauge
	inFlight   prometheus.Gauge
	articles   prometheus.Gauge
	passages   prometheus.Gauge
	reloads    *prometheus.CounterVec
	redisDown  prometheus.Counter
	sharedFall *prometheus.CounterVec
}

// New makes the metrics, with Go runtime and process metrics beside them.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "talkbot_questions_total",
			Help: "Questions received, by source (slash, mention, http) and outcome (answered, abstained, rate_limited, failed).",
		}, []string{"source", "outcome"}),
		ack: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "talkbot_ack_latency_seconds",
			Help: "From receiving a question to acknowledging it (deferred response, placeholder or HTTP response).",
			// Discord drops an interaction not acknowledged within 3 s.
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2, 3, 5},
		}, []string{"source"}),
		answer: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "talkbot_answer_latency_seconds",
			Help:    "From acknowledging a question to posting its final answer, queueing included.",
			Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 20, 30, 60, 120},
		}, []string{"source"}),
		tokens: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "talkbot_llm_tokens_total",
			Help: "LLM tokens used, by kind (prompt, completion).",
		}, []string{"kind"}),
		retries: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "talkbot_llm_retries_total",
			Help: "LLM requests retried (429, 5xx, timeouts, cut streams).",
		}),
		queue: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "talkbot_queue_depth",
			Help: "Questions waiting for a free answer slot in this process.",
		}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "talkbot_answers_in_flight",
			Help: "Answers being composed in this process.",
		}),
		articles: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "talkbot_corpus_articles",
			Help: "Articles in the corpus answered from.",
		}),
		passages: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "talkbot_corpus_passages",
			Help: "Passages in the corpus answered from.",
		}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "talkbot_corpus_reloads_total",
			Help: "Corpus reloads, by result (ok, failed).",
		}, []string{"result"}),
		redisDown: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "talkbot_redis_outages_total",
			Help: "Times Redis became unreachable (limits fell back to this process).",
		}),
		sharedFall: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "talkbot_shared_fallbacks_total",
			Help: "Decisions taken with per-process limits because Redis was unreachable, by kind (rate, slot, memory).",
		}, []string{"kind"}),
	}
	m.reg.MustRegister(m.questions, m.ack, m.answer, m.tokens, m.retries, m.queue, m.inFlight,
		m.articles, m.passages, m.reloads, m.redisDown, m.sharedFall,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Show every series at zero from the start, so dashboards and alerts
	// see them before the first question.
	for _, s := range []string{SourceSlash, SourceMention, SourceHTTP} {
		for _, o := range []string{OutcomeAnswered, OutcomeAbstained, OutcomeRateLimited, OutcomeFailed} {
			m.questions.WithLabelValues(s, o)
		}
		m.ack.WithLabelValues(s)
		m.answer.WithLabelValues(s)
	}
	m.tokens.WithLabelValues("prompt")
	m.tokens.WithLabelValues("completion")
	m.reloads.WithLabelValues("ok")
	m.reloads.WithLabelValues("failed")
	for _, k := range []string{FallbackRate, FallbackSlot, FallbackMemory} {
		m.sharedFall.WithLabelValues(k)
	}
	return m
}

// Question counts a question by source and outcome.
func (m *Metrics) Question(source, outcome string) {
	if m == nil {
		return
	}
	m.questions.WithLabelValues(source, outcome).Inc()
}

// Ack records how long a question took to be acknowledged.
func (m *Metrics) Ack(source string, d time.Duration) {
	if m == nil {
		return
	}
	m.ack.WithLabelValues(source).Observe(d.Seconds())
}

// Answered records how long a question took to be answered.
func (m *Metrics) Answered(source string, d time.Duration) {
	if m == nil {
		return
	}
	m.answer.WithLabelValues(source).Observe(d.Seconds())
}

// Tokens counts LLM tokens.
func (m *Metrics) Tokens(prompt, completion int) {
	if m == nil {
		return
	}
	m.tokens.WithLabelValues("prompt").Add(float64(prompt))
	m.tokens.WithLabelValues("completion").Add(float64(completion))
}

// Retries counts retried LLM requests.
func (m *Metrics) Retries(n int) {
	if m == nil || n <= 0 {
		return
	}
	m.retries.Add(float64(n))
}

// Queued adds delta to the questions waiting for a slot.
func (m *Metrics) Queued(delta int) {
	if m == nil {
		return
	}
	m.queue.Add(float64(delta))
}

// InFlight adds delta to the answers being composed.
func (m *Metrics) InFlight(delta int) {
	if m == nil {
		return
	}
	m.inFlight.Add(float64(delta))
}

// Corpus sets the corpus size.
func (m *Metrics) Corpus(articles, passages int) {
	if m == nil {
		return
	}
	m.articles.Set(float64(articles))
	m.passages.Set(float64(passages))
}

// Reload counts a corpus reload; err is its failure or nil.
func (m *Metrics) Reload(err error) {
	if m == nil {
		return
	}
	r := "ok"
	if err != nil {
		r = "failed"
	}
	m.reloads.WithLabelValues(r).Inc()
}

// RedisOutage counts Redis becoming unreachable.
func (m *Metrics) RedisOutage() {
	if m == nil {
		return
	}
	m.redisDown.Inc()
}

// Fallback counts a decision taken per process because Redis was
// unreachable; kind is FallbackRate, FallbackSlot or FallbackMemory.
func (m *Metrics) Fallback(kind string) {
	if m == nil {
		return
	}
	m.sharedFall.WithLabelValues(kind).Inc()
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
