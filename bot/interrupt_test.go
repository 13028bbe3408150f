package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/talkbot/talkbot/bot/openaitest"
)

// TestInterruptedCountsTokens: when the caller's context is cancelled while
// the model writes (Ctrl-C, a client gone, a shutdown), Ask fails with the
// cancellation and still reports what the server took: the prompt's
// estimate for each request it took and the estimate of what streamed;
// nothing for a request it refused. On fake time, against the local server.
func TestInterruptedCountsTokens(t *testing.T) {
	const question = "When did Trump and Putin meet in Alaska?"
	hang := openaitest.Reply{Hang: true}
	tests := []struct {
		name     string
		replies  []openaitest.Reply
		cancelAt time.Duration
		prompts  int    // requests whose prompt counts; 0: a plain cancellation, no usage
		streamed string // the text that streamed before the end
		retries  int
		model    string // the model reported; "" means gpt-test, the configured one
	}{
		{name: "while the server holds the request", replies: []openaitest.Reply{hang},
			cancelAt: 10 * time.Second, prompts: 1},
		// User test: the log named the configured model, not the one
		// the server said was writing.
		{name: "mid-stream", replies: []openaitest.Reply{{Chunks: []string{"Trump and Putin ", "met in Alaska ", "[1]."}, HangAfter: 2,
			Model: "gpt-test-2025-01-01"}},
			cancelAt: 10 * time.Second, prompts: 1, streamed: "Trump and Putin met in Alaska ", model: "gpt-test-2025-01-01"},
		{name: "a cut stream, then cancelled in the retry",
			replies:  []openaitest.Reply{{Content: "Trump and Putin met in Alaska [1].", CutAfter: 2}, hang},
			cancelAt: 10 * time.Second, prompts: 2, streamed: "Trump and ", retries: 1},
		{name: "a cut stream, then cancelled in the wait before the retry",
			replies:  []openaitest.Reply{{Content: "Trump and Putin met in Alaska [1].", CutAfter: 2}},
			cancelAt: 500 * time.Millisecond, prompts: 1, streamed: "Trump and "},
		{name: "a refused request, then cancelled in the wait: nothing spent",
			replies:  []openaitest.Reply{openaitest.Error(503, "server_error", "", "overloaded")},
			cancelAt: 500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newLLMFixture(t, func(c *LLMConfig) {
				c.Timeout = 10 * time.Minute
				c.Retry.MaxRetries = 2
				c.Retry.BaseDelay = time.Second
				c.Retry.MaxDelay = time.Second
			})
			// The prompt's estimate, as the client counts a reply whose
			// server reports no usage (it refuses stream_options).
			f.srv.QueueChat(openaitest.Error(400, "invalid_request_error", "", "Unrecognized request argument supplied: stream_options"),
				openaitest.Text("Trump and Putin met in Alaska [1]."))
			ref, err := f.engine.Ask(context.Background(), Query{Question: question})
			if err != nil || ref.Usage == nil || !ref.Usage.Estimated || ref.Mode != ModeLLM {
				t.Fatalf("reference answer %+v, %v: want an LLM answer with estimated usage", ref, err)
			}
			before := len(f.srv.ChatRequests())
			f.srv.QueueChat(tt.replies...)
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				time.AfterFunc(tt.cancelAt, cancel)
				start := time.Now()
				ans, err := f.engine.Ask(ctx, Query{Question: question})
				if d := time.Since(start); d != tt.cancelAt {
					t.Errorf("Ask returned after %v, want %v (the cancellation)", d, tt.cancelAt)
				}
				if !errors.Is(err, context.Canceled) || ans != nil {
					t.Fatalf("Ask = %+v, %v; want the cancellation", ans, err)
				}
				usage, retries := Spent(ans, err)
				if tt.prompts == 0 {
					var ie *InterruptedError
					if usage != nil || errors.As(err, &ie) {
						t.Errorf("usage %+v, err %#v; want nothing spent", usage, err)
					}
					return
				}
				want := Usage{PromptTokens: tt.prompts * ref.Usage.PromptTokens, CompletionTokens: (len(tt.streamed) + 3) / 4, Estimated: true}
				if usage == nil || *usage != want {
					t.Errorf("usage %+v, want %+v (%d prompts of %d tokens, %q streamed)",
						usage, want, tt.prompts, ref.Usage.PromptTokens, tt.streamed)
				}
				if retries != tt.retries {
					t.Errorf("retries %d, want %d", retries, tt.retries)
				}
				model := tt.model
				if model == "" {
					model = "gpt-test"
				}
				var ie *InterruptedError
				if !errors.As(err, &ie) || ie.Model != model {
					t.Errorf("err %#v: want an *InterruptedError naming %s", err, model)
				}
				line := `"msg":"answer interrupted while the model was writing it; the tokens it spent still count","model":"` + model + `"`
				if logs := f.logs.String(); !strings.Contains(logs, line) || strings.Contains(logs, "context canceled") {
					t.Errorf("logs %s\nwant the line %s, and no %q", logs, line, "context canceled")
				}
			})
			if n := len(f.srv.ChatRequests()) - before; n != len(tt.replies) {
				t.Errorf("%d requests, want %d", n, len(tt.replies))
			}
			if !strings.Contains(f.logs.String(), "the tokens it spent still count") != (tt.prompts == 0) {
				t.Errorf("logs %s: want the interruption's tokens logged once something was spent", f.logs.String())
			}
		})
	}
}

// TestSpentOfAnswer: Spent is the answer's own usage when there is one.
func TestSpentOfAnswer(t *testing.T) {
	u := &Usage{PromptTokens: 7, CompletionTokens: 3}
	if got, r := Spent(&Answer{Usage: u, Retries: 2}, nil); got != u || r != 2 {
		t.Errorf("Spent(answer) = %v, %d", got, r)
	}
	if got, r := Spent(nil, context.Canceled); got != nil || r != 0 {
		t.Errorf("Spent(nil, Canceled) = %v, %d; want nothing", got, r)
	}
}
