package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/bot/openaitest"
	"github.com/talkbot/talkbot/retrieval"
)

// clientFixture is a client talking to a local fake OpenAI server, with the
// idle timer on a fake clock.
type clientFixture struct {
	srv    *openaitest.Server
	client *Client
	clock  *fakeClock
	res    []retrieval.Result
}

func newClientFixture(t *testing.T, edit func(*Config)) *clientFixture {
	t.Helper()
	f := &clientFixture{srv: openaitest.NewServer(t), clock: &fakeClock{}}
	cfg := Config{Endpoint: openaiapi.Endpoint{APIKey: "k", BaseURL: f.srv.BaseURL()}, Model: "gpt-test"}
	if edit != nil {
		edit(&cfg)
	}
	f.client = New(cfg, nil)
	f.client.afterFunc = f.clock.AfterFunc
	f.res = llmTestIndex(t).Search("When did Trump and Putin meet in Alaska?", 5)
	return f
}

func TestLLMSteadyStreamOutlivesIdleTimeout(t *testing.T) {
	f := newClientFixture(t, func(c *Config) {
		c.IdleTimeout = time.Second
		c.Retry.MaxRetries = -1
	})
	clock := f.clock
	// Twelve chunks 100ms apart on the fake clock: 1.2s in all, longer than
	// the idle timeout, but never silent for long. The client moves the
	// clock after it has read each chunk (OnPartial runs then, on the
	// reading goroutine), and the server sends the next chunk only after
	// that, so the client cannot have the whole stream buffered before a
	// timer could fire.
	read := make(chan struct{}, 12) // one per chunk: a send never blocks
	asked := make(chan struct{})
	f.srv.QueueChat(openaitest.Reply{
		Chunks: strings.SplitAfter("Trump and Putin met in Alaska [1]. a b c d e f g h i j", " ")[:12],
		OnChunk: func(i int) {
			if i == 0 {
				return
			}
			select {
			case <-read:
			case <-asked: // Compose gave up: no more chunks will be read
			}
		},
	})
	ans, err := f.client.Compose(context.Background(), Request{
		Question: "When did Trump and Putin meet in Alaska?", Passages: f.res,
		OnPartial: func(string) {
			clock.Advance(100 * time.Millisecond)
			read <- struct{}{}
		},
	})
	close(asked)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ans.Text, "Trump and Putin met in Alaska [1].") {
		t.Errorf("reply %q", ans.Text)
	}
	if now := clock.Now(); now <= time.Second {
		t.Errorf("the stream lasted %v on the fake clock, want longer than the idle timeout", now)
	}
}

// TestLLMSilentStreamHitsIdleTimeout is the control for the test above: one
// gap longer than the idle timeout on the same fake clock cuts the stream.
func TestLLMSilentStreamHitsIdleTimeout(t *testing.T) {
	f := newClientFixture(t, func(c *Config) {
		c.IdleTimeout = time.Second
		c.Retry.MaxRetries = -1
	})
	clock := f.clock
	f.srv.QueueChat(openaitest.Reply{
		Chunks:    strings.SplitAfter("Trump and Putin met in Alaska [1]. a b c d e f g h i j", " ")[:12],
		HangAfter: 1, // one chunk, then silence until the client goes away
	})
	// A watchdog, not a wait: should the idle timer never fire, Compose ends
	// with this context's error instead of the 60s overall deadline.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var once sync.Once
	_, err := f.client.Compose(ctx, Request{
		Question: "When did Trump and Putin meet in Alaska?", Passages: f.res,
		OnPartial: func(string) {
			once.Do(func() { clock.Advance(time.Second + time.Millisecond) })
		},
	})
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("err = %v, want %v", err, ErrTimeout)
	}
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
	if v, err := Verify(d.Text, d.Sent); err != nil || !strings.HasPrefix(v.Text, "Trump and Putin met in Alaska [1].") {
		t.Errorf("the cut reply does not verify: %v %q", err, v.Text)
	}
}
