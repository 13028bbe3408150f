package bot

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/talkbot/talkbot/bot/llm"
	"github.com/talkbot/talkbot/bot/openaitest"
)

// TestModelDeadline: a model that has not finished its share of the
// context's deadline (all of it but Query.Reserve) is dropped inside the
// same Ask, which quotes the articles with the reason and the tokens the
// model spent: the prompt's estimate for each request the server took, and
// the estimate of what streamed. On fake time, against the local server.
func TestModelDeadline(t *testing.T) {
	const question = "When did Trump and Putin meet in Alaska?"
	hang := openaitest.Reply{Hang: true}
	tests := []struct {
		name     string
		edit     func(*LLMConfig)
		replies  []openaitest.Reply
		reserve  time.Duration
		after    time.Duration // when Ask returns, of a 60 s deadline
		reason   string        // "" means Ask fails with the deadline
		prompts  int           // requests whose prompt counts
		streamed string        // the text that streamed before the end
		retries  int
	}{
		{name: "default reserve: a tenth, at most 5 s", replies: []openaitest.Reply{hang},
			after: 55 * time.Second, reason: errModelLate.Error(), prompts: 1},
		{name: "reserve of the query, after a partial stream", reserve: 20 * time.Second,
			replies: []openaitest.Reply{{Chunks: []string{"Trump and Putin ", "met in Alaska ", "[1]."}, HangAfter: 2}},
			after:   40 * time.Second, reason: errModelLate.Error(), prompts: 1, streamed: "Trump and Putin met in Alaska "},
		{name: "a cut stream retried, then the deadline",
			edit: func(c *LLMConfig) {
				c.Retry.MaxRetries = 2
				c.Retry.BaseDelay = time.Second
				c.Retry.MaxDelay = time.Second
			},
			replies: []openaitest.Reply{{Content: "Trump and Putin met in Alaska [1].", CutAfter: 2}, hang},
			after:   55 * time.Second, reason: errModelLate.Error(), prompts: 2, streamed: "Trump and ", retries: 1},
		{name: "the client's own timeout comes first", edit: func(c *LLMConfig) { c.Timeout = 20 * time.Second },
			replies: []openaitest.Reply{hang}, after: 20 * time.Second, reason: llm.ErrTimeout.Error(), prompts: 1},
		{name: "no reserve: the deadline ends the answer", reserve: -1, replies: []openaitest.Reply{hang},
			after: 60 * time.Second, prompts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newLLMFixture(t, func(c *LLMConfig) {
				c.Timeout = 10 * time.Minute // the deadline, not the client, ends the model
				c.Retry.MaxRetries = -1
				if tt.edit != nil {
					tt.edit(c)
				}
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
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				start := time.Now()
				ans, err := f.engine.Ask(ctx, Query{Question: question, Reserve: tt.reserve})
				if d := time.Since(start); d != tt.after {
					t.Errorf("Ask returned after %v, want %v", d, tt.after)
				}
				if tt.reason == "" {
					if !errors.Is(err, context.DeadlineExceeded) || ans != nil {
						t.Errorf("Ask = %+v, %v; want the deadline's error", ans, err)
					}
					// The server took the prompt: the error still counts it.
					want := Usage{PromptTokens: tt.prompts * ref.Usage.PromptTokens, Estimated: true}
					if usage, _ := Spent(ans, err); usage == nil || *usage != want {
						t.Errorf("usage %+v, want %+v", usage, want)
					}
					return
				}
				if err != nil {
					t.Fatalf("Ask: %v", err)
				}
				if ans.Mode != ModeExtractive || ans.FallbackReason() != tt.reason || len(ans.Citations) == 0 || ans.Abstained {
					t.Errorf("mode %q, reason %q, %d citations, abstained %v; want the quoted answer with reason %q",
						ans.Mode, ans.FallbackReason(), len(ans.Citations), ans.Abstained, tt.reason)
				}
				want := Usage{PromptTokens: tt.prompts * ref.Usage.PromptTokens, CompletionTokens: (len(tt.streamed) + 3) / 4, Estimated: true}
				if tt.streamed == "" {
					want.CompletionTokens = 0
				}
				if ans.Usage == nil || *ans.Usage != want {
					t.Errorf("usage %+v, want %+v (%d prompts of %d tokens, %q streamed)",
						ans.Usage, want, tt.prompts, ref.Usage.PromptTokens, tt.streamed)
				}
				if ans.Model != "gpt-test" || ans.Retries != tt.retries {
					t.Errorf("model %q, retries %d; want gpt-test, %d", ans.Model, ans.Retries, tt.retries)
				}
			})
			if n := len(f.srv.ChatRequests()) - before; n != len(tt.replies) {
				t.Errorf("%d requests, want %d", n, len(tt.replies))
			}
		})
	}
}

// TestModelDeadlineInRetrieval: when the model's share of the deadline
// runs out while hybrid retrieval waits for a query embedding, the answer
// quotes the articles found by BM25 alone within the reserve, without a
// request to the model and without tokens spent.
func TestModelDeadlineInRetrieval(t *testing.T) {
	e, f := stalledEmbeddingsEngine(t)
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		start := time.Now()
		ans, err := e.Ask(ctx, Query{Question: "When did Trump and Putin meet in Alaska?"})
		if err != nil {
			t.Fatalf("Ask: %v", err)
		}
		if d := time.Since(start); d != 55*time.Second {
			t.Errorf("Ask returned after %v, want 55 s (the deadline less the reserve)", d)
		}
		if ans.Mode != ModeExtractive || ans.FallbackReason() != errNoTimeForModel.Error() || !errors.Is(ans.Fallback, errNoTimeForModel) ||
			len(ans.Citations) == 0 || ans.Usage != nil {
			t.Errorf("mode %q, reason %q, %d citations, usage %+v; want the quoted answer, no tokens",
				ans.Mode, ans.FallbackReason(), len(ans.Citations), ans.Usage)
		}
	})
	if n := len(f.srv.ChatRequests()); n != 0 {
		t.Errorf("%d requests to the model, want none", n)
	}
}
