package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/bot/openaitest"
	"github.com/talkbot/talkbot/retrieval"
)

// clientFixture is a client talking to a fake OpenAI server in memory
// (openaitest.Server.Transport), so that inside a synctest bubble the
// server's pauses and the client's timers all run on fake time.
type clientFixture struct {
	srv    *openaitest.Server
	client *Client
	res    []retrieval.Result
}

// newClientFixture must run outside the bubble: the server is shared.
func newClientFixture(t *testing.T, edit func(*Config)) *clientFixture {
	t.Helper()
	f := &clientFixture{srv: openaitest.NewServer(t)}
	cfg := Config{Endpoint: openaiapi.Endpoint{APIKey: "k", BaseURL: f.srv.BaseURL()}, Model: "gpt-test", Transport: f.srv.Transport()}
	if edit != nil {
		edit(&cfg)
	}
	f.client = New(cfg, nil)
	f.res = llmTestIndex(t).Search("When did Trump and Putin meet in Alaska?", 5)
	return f
}

// TestLLMSteadyStreamOutlivesIdleTimeout: twelve chunks 100ms apart take
// 1.2s in all, longer than the idle timeout of 1s, but the stream is never
// silent for long, so it is not cut.
func TestLLMSteadyStreamOutlivesIdleTimeout(t *testing.T) {
	f := newClientFixture(t, func(c *Config) {
		c.IdleTimeout = time.Second
		c.Retry.MaxRetries = -1
	})
	f.srv.QueueChat(openaitest.Reply{
		Chunks:  strings.SplitAfter("Trump and Putin met in Alaska [1]. a b c d e f g h i j", " ")[:12],
		OnChunk: func(i int) { time.Sleep(100 * time.Millisecond) },
	})
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		ans, err := f.client.Compose(context.Background(), Request{
			Question: "When did Trump and Putin meet in Alaska?", Passages: f.res,
		})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(ans.Text, "Trump and Putin met in Alaska [1].") {
			t.Errorf("reply %q", ans.Text)
		}
		if took := time.Since(start); took <= time.Second {
			t.Errorf("the stream lasted %v, want longer than the idle timeout", took)
		}
	})
}

// TestLLMSilentStreamHitsIdleTimeout is the control for the test above: a
// stream that goes silent after one chunk is cut when the idle timeout has
// passed, not before and not at the overall deadline.
func TestLLMSilentStreamHitsIdleTimeout(t *testing.T) {
	f := newClientFixture(t, func(c *Config) {
		c.IdleTimeout = time.Second
		c.Retry.MaxRetries = -1
	})
	f.srv.QueueChat(openaitest.Reply{
		Chunks:    strings.SplitAfter("Trump and Putin met in Alaska [1]. a b c d e f g h i j", " ")[:12],
		HangAfter: 1, // one chunk, then silence until the client goes away
	})
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		_, err := f.client.Compose(context.Background(), Request{
			Question: "When did Trump and Putin meet in Alaska?", Passages: f.res,
		})
		if !errors.Is(err, ErrTimeout) {
			t.Errorf("err = %v, want %v", err, ErrTimeout)
		}
		if took := time.Since(start); took != time.Second {
			t.Errorf("cut after %v, want the idle timeout of 1s", took)
		}
	})
}

// TestLLMBackoffOnFakeTime: retries wait with exponential backoff and
// jitter; on fake time the waits add up exactly, without a sleep hook.
func TestLLMBackoffOnFakeTime(t *testing.T) {
	f := newClientFixture(t, func(c *Config) {
		c.Retry.MaxRetries = 3
		c.Retry.BaseDelay = 100 * time.Millisecond
		c.Retry.MaxDelay = time.Second
	})
	f.srv.QueueChat(openaitest.ServerError(503), openaitest.ServerError(502), openaitest.RateLimited("2"),
		openaitest.Text("Trump and Putin met in Alaska [1]."))
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		d, err := f.client.Compose(context.Background(), Request{Question: "Alaska?", Passages: f.res})
		if err != nil {
			t.Fatal(err)
		}
		// 50–100ms, 100–200ms, then Retry-After: 2s.
		if took := time.Since(start); d.Attempts != 4 || took < 2150*time.Millisecond || took > 2300*time.Millisecond {
			t.Errorf("%d attempts in %v, want 4 in 2.15s to 2.3s", d.Attempts, took)
		}
	})
}

func TestLLMRequestShape(t *testing.T) {
	tests := []struct {
		name        string
		edit        func(*Config)
		temperature string // "omitted" or "zero" or a value
		maxTokens   int
		maxComplete int
	}{
		{"compatible server", nil, "zero", DefaultMaxOutputTokens, 0},
		{"OpenAI itself", func(c *Config) { c.BaseURL = "" }, "zero", 0, DefaultMaxOutputTokens},
		{"reasoning model", func(c *Config) { c.Model = "gpt-5-mini" }, "omitted", 0, DefaultReasoningMaxTokens},
		{"temperature set", func(c *Config) { c.Temperature = 0.7; c.MaxOutputTokens = 99 }, "0.7", 99, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.NewServer(t)
			cfg := Config{Endpoint: openaiapi.Endpoint{APIKey: "k", BaseURL: srv.BaseURL()}, Model: "m"}
			if tt.edit != nil {
				tt.edit(&cfg)
			}
			l := New(cfg, slog.New(slog.DiscardHandler))
			if cfg.BaseURL == "" { // point the OpenAI default at the fake
				l = New(Config{Endpoint: openaiapi.Endpoint{APIKey: "k", BaseURL: srv.BaseURL()}, Model: "m"}, slog.New(slog.DiscardHandler))
				l.cfg.BaseURL = ""
			}
			srv.QueueChat(openaitest.Text("ok"))
			if _, err := l.complete(context.Background(), prompt{system: "s", user: "u"}, nil); err != nil {
				t.Fatal(err)
			}
			r := srv.ChatRequests()[0]
			temp := "omitted"
			if r.Temperature != nil {
				temp = fmt.Sprintf("%.2g", *r.Temperature)
				if *r.Temperature < 1e-6 {
					temp = "zero"
				}
			}
			if temp != tt.temperature || r.MaxTokens != tt.maxTokens || r.MaxCompletionTokens != tt.maxComplete {
				t.Errorf("temperature %s max_tokens %d max_completion_tokens %d", temp, r.MaxTokens, r.MaxCompletionTokens)
			}
		})
	}
}

// TestReplyCapped: a server that streams far past the token cap (1 MB for
// a 100-token answer) is cut off at 16 bytes a token; what arrived is
// returned for verification, and the preview stops growing with it.
func TestReplyCapped(t *testing.T) {
	f := newClientFixture(t, func(c *Config) { c.MaxOutputTokens = 100; c.Retry.MaxRetries = -1 })
	chunk := strings.Repeat("Trump and Putin met in Alaska [1]. ", 30) // about 1 KB
	chunks := make([]string, 1000)
	for i := range chunks {
		chunks[i] = chunk
	}
	f.srv.QueueChat(openaitest.Reply{Chunks: chunks})
	partials, last := 0, ""
	d, err := f.client.Compose(context.Background(), Request{
		Question: "When did Trump and Putin meet in Alaska?", Passages: f.res,
		OnPartial: func(s string) { partials++; last = s },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Text) > 1600 || len(d.Text) < 1000 || d.Finish != "length" {
		t.Errorf("reply of %d bytes, finish %q; want it cut at 1,600 bytes", len(d.Text), d.Finish)
	}
	if partials > 2 || len(last) > 1600 {
		t.Errorf("%d previews, the last %d bytes", partials, len(last))
	}
	// Verified, the loop is the one sentence it repeats (user test: the
	// answer printed every repeat up to the cap).
	if v, err := Verify(d.Text, d.Sent); err != nil || v.Text != "Trump and Putin met in Alaska [1]." || v.Repeated < 40 {
		t.Errorf("the cut reply verifies as %q (%d repeats removed), %v; want the sentence once", v.Text, v.Repeated, err)
	}
}

// TestComposeCountsTimeoutBeforeSmallerPrompt: a request that timed out,
// then a retry refused as too long for the model, then the smaller prompt
// answered: the timed-out request's prompt still counts (estimated), with
// what the server reported for the answer.
func TestComposeCountsTimeoutBeforeSmallerPrompt(t *testing.T) {
	f := newClientFixture(t, func(c *Config) {
		c.IdleTimeout = time.Second
		c.Retry.MaxRetries = 1
		c.Retry.BaseDelay = 100 * time.Millisecond
	})
	const question = "When did Trump and Putin meet in Alaska?"
	f.srv.QueueChat(openaitest.Reply{Hang: true}, openaitest.ContextTooLong(),
		openaitest.Reply{Content: "Trump and Putin met in Alaska [1].", Usage: &openaitest.Usage{PromptTokens: 7, CompletionTokens: 3}})
	first := buildPrompt(f.client.system, question, nil, f.res, f.client.cfg.ContextBudget)
	synctest.Test(t, func(t *testing.T) {
		d, err := f.client.Compose(context.Background(), Request{Question: question, Passages: f.res})
		if err != nil {
			t.Fatal(err)
		}
		want := Usage{PromptTokens: first.tokens + 7, CompletionTokens: 3, Estimated: true}
		if d.Usage != want {
			t.Errorf("usage %+v, want %+v (the timed-out prompt's %d tokens and the answer's 7 + 3)", d.Usage, want, first.tokens)
		}
	})
	if n := len(f.srv.ChatRequests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

// TestUnsentRequestsCostNothing: requests that never reached the server (a
// connection that is never made, until the idle timeout or the caller's
// deadline ends it) count no tokens, however often they are retried.
func TestUnsentRequestsCostNothing(t *testing.T) {
	for _, tt := range []struct {
		name     string
		deadline time.Duration // of the caller; 0 for none
		want     error
	}{
		{"idle timeout, retried", 0, ErrTimeout},
		{"the caller's deadline", 1500 * time.Millisecond, context.DeadlineExceeded},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// A dial that hangs: the request is never written.
			never := roundTripFunc(func(req *http.Request) (*http.Response, error) {
				<-req.Context().Done()
				return nil, req.Context().Err()
			})
			client := New(Config{Endpoint: openaiapi.Endpoint{APIKey: "k", BaseURL: "http://192.0.2.1/v1"}, Model: "gpt-test",
				Transport: never, IdleTimeout: time.Second, Retry: openaiapi.Retry{MaxRetries: 1, BaseDelay: 100 * time.Millisecond}}, nil)
			res := llmTestIndex(t).Search("When did Trump and Putin meet in Alaska?", 5)
			synctest.Test(t, func(t *testing.T) {
				ctx := context.Background()
				if tt.deadline > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tt.deadline)
					defer cancel()
				}
				d, err := client.Compose(ctx, Request{Question: "When did Trump and Putin meet in Alaska?", Passages: res})
				if !errors.Is(err, tt.want) {
					t.Fatalf("err = %v, want %v", err, tt.want)
				}
				if d != nil {
					t.Errorf("usage %+v after %d attempts: tokens counted for requests never sent", d.Usage, d.Attempts)
				}
			})
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// TestSentRequestCostsItsPrompt is the control for the test above, over a
// real loopback connection (net/http's own transport reports the request
// written): a request the server took and never answered counts its prompt
// when the caller gives up on it.
func TestSentRequestCostsItsPrompt(t *testing.T) {
	srv := openaitest.NewServer(t)
	started := make(chan struct{}, 1)
	srv.QueueChat(openaitest.Reply{Hang: true, Started: started})
	client := New(Config{Endpoint: openaiapi.Endpoint{APIKey: "k", BaseURL: srv.BaseURL()}, Model: "gpt-test",
		Retry: openaiapi.Retry{MaxRetries: -1}}, nil)
	const question = "When did Trump and Putin meet in Alaska?"
	res := llmTestIndex(t).Search(question, 5)
	p := buildPrompt(client.system, question, nil, res, client.cfg.ContextBudget)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // once the server holds the request, the caller gives up
		<-started
		cancel()
	}()
	d, err := client.Compose(ctx, Request{Question: question, Passages: res})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the caller's cancellation", err)
	}
	if want := (Usage{PromptTokens: p.tokens, Estimated: true}); d == nil || d.Usage != want {
		t.Fatalf("draft %v, want usage %+v", d, want)
	}
}

// TestPlainReplyToStreamedRequest: a server that ignores "stream": true
// and answers with one JSON chat completion is read as if it had streamed
// it (user test: "malformed response: the server sent no stream events");
// a body that is neither says the server must stream.
func TestPlainReplyToStreamedRequest(t *testing.T) {
	const completion = `{"id":"c1","object":"chat.completion","created":1,"model":"plain-model",` +
		`"choices":[{"index":0,"message":{"role":"assistant","content":"Trump and Putin met in Alaska [1]."},"finish_reason":"stop"}],` +
		`"usage":{"prompt_tokens":700,"completion_tokens":9,"total_tokens":709}}`
	tests := []struct {
		name   string
		raw    string
		text   string
		model  string
		usage  Usage
		finish string
		err    string // the error's text, when it fails
	}{
		{name: "a whole chat completion", raw: completion, text: "Trump and Putin met in Alaska [1].", model: "plain-model",
			usage: Usage{PromptTokens: 700, CompletionTokens: 9}, finish: "stop"},
		{name: "without usage or finish reason: the reply is whole, its tokens estimated",
			raw:  `{"model":"m2","choices":[{"index":0,"message":{"role":"assistant","content":"Trump and Putin met in Alaska [1]."}}]}`,
			text: "Trump and Putin met in Alaska [1].", model: "m2", finish: "stop"},
		{name: "an error object in a 200", raw: `{"error":{"message":"overloaded","type":"server_error"}}`,
			err: "llm: the language model server is failing: overloaded"},
		{name: "a body that is no chat completion", raw: "{not json",
			err: `llm: the language model server sent a malformed response: the server sent no stream events nor a chat completion ` +
				`(Content-Type application/json): it must support streaming, answering "stream": true with text/event-stream`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newClientFixture(t, func(c *Config) { c.Retry.MaxRetries = -1 })
			f.srv.QueueChat(openaitest.Reply{Raw: tt.raw})
			var partial string
			d, err := f.client.Compose(context.Background(), Request{
				Question: "When did Trump and Putin meet in Alaska?", Passages: f.res, OnPartial: func(s string) { partial = s },
			})
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("err = %v\nwant %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Text != tt.text || d.Model != tt.model || d.Finish != tt.finish || partial != tt.text {
				t.Errorf("draft %q (model %q, finish %q), preview %q", d.Text, d.Model, d.Finish, partial)
			}
			if tt.usage != (Usage{}) && d.Usage != tt.usage || tt.usage == (Usage{}) && !d.Usage.Estimated {
				t.Errorf("usage %+v, want %+v (estimated when zero)", d.Usage, tt.usage)
			}
			if reqs := f.srv.ChatRequests(); len(reqs) != 1 || !reqs[0].Stream {
				t.Errorf("%d requests; want one, streamed", len(reqs))
			}
		})
	}
}

// TestCompletionModel: a draft names the model the server last named,
// the configured one until it names one, whether the answer finished or
// failed; a retry whose server names none keeps the model an earlier
// attempt named, as a failure does.
func TestCompletionModel(t *testing.T) {
	const (
		unnamed = `{"choices":[{"index":0,"message":{"role":"assistant","content":"Trump and Putin met in Alaska [1]."},"finish_reason":"stop"}]}`
		// A stream that names no model and ends before its finish reason.
		unnamedCut = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Trump and \"}}]}\n\n"
	)
	tests := []struct {
		name    string
		replies []openaitest.Reply // one per attempt
		want    string
		err     error // the failure's kind; nil when the answer finishes
	}{
		{name: "named", replies: []openaitest.Reply{{Model: "gpt-test-0613", Content: "Trump and Putin met in Alaska [1]."}}, want: "gpt-test-0613"},
		{name: "named none", replies: []openaitest.Reply{{Raw: unnamed}}, want: "gpt-test"},
		{name: "named, then cut", replies: []openaitest.Reply{{Model: "gpt-test-0613", Content: "Trump and Putin met in Alaska [1].", CutAfter: 2}},
			want: "gpt-test-0613", err: ErrStreamCut},
		{name: "named none, then cut", replies: []openaitest.Reply{{Raw: unnamedCut}}, want: "gpt-test", err: ErrStreamCut},
		{name: "named, cut, retried: the retry names none",
			replies: []openaitest.Reply{{Model: "gpt-test-0613", Content: "Trump and Putin met in Alaska [1].", CutAfter: 2}, {Raw: unnamed}},
			want:    "gpt-test-0613"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			retries := len(tt.replies) - 1 // a try for each reply
			if retries == 0 {
				retries = -1 // none (0 is the default)
			}
			f := newClientFixture(t, func(c *Config) { c.Retry.MaxRetries = retries })
			f.srv.QueueChat(tt.replies...)
			synctest.Test(t, func(t *testing.T) {
				d, err := f.client.Compose(context.Background(), Request{Question: "When did Trump and Putin meet in Alaska?", Passages: f.res})
				if tt.err == nil && err != nil || tt.err != nil && !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				if d == nil {
					t.Fatal("no draft")
				}
				if d.Model != tt.want || d.Attempts != len(tt.replies) {
					t.Errorf("model %q after %d attempts, want %q after %d", d.Model, d.Attempts, tt.want, len(tt.replies))
				}
			})
		})
	}
}
