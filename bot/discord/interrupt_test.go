package discord

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/bot/metrics"
	"github.com/talkbot/talkbot/bot/openaitest"
)

// TestCancelledAnswerCountsTokens: an answer whose caller's context ends
// while the model streams (the bot shutting down past its grace) fails with
// the "restarting" message, and what the model was sent and streamed still
// counts in talkbot_llm_tokens_total (the real engine, a local model that
// streams two chunks, then hangs; in fake time).
func TestCancelledAnswerCountsTokens(t *testing.T) {
	t.Parallel()
	oai := openaitest.NewServer(t) // outside the bubble: it listens
	oai.HandleChat(func(openaitest.ChatRequest) openaitest.Reply {
		return openaitest.Reply{Chunks: []string{"Russian and U.S. ", "officials met ", "in Riyadh [1]."}, HangAfter: 2}
	})
	synctest.Test(t, func(t *testing.T) {
		m := metrics.New()
		b, logs := localBot(t, Config{Metrics: m}, memLLMEngine(t, oai, 10*time.Minute))
		r := discordtest.NewResponder(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		time.AfterFunc(10*time.Second, cancel)
		b.HandleInteraction(ctx, discordtest.AskInteraction(1, here, "When did US and Russian officials meet in Saudi Arabia?"), r)
		if !strings.Contains(r.Content(), "restarting") {
			t.Errorf("the cancelled answer: %s, want the restarting message", r)
		}
		rec := httptest.NewRecorder()
		m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		prompt, completion := tokenMetric(t, rec.Body.String(), "prompt"), tokenMetric(t, rec.Body.String(), "completion")
		// The prompt holds the articles around the passages: far more than
		// 100 tokens; two chunks streamed, about 8 tokens.
		if prompt < 100 || completion < 2 || completion > 20 {
			t.Errorf("tokens counted: prompt %v, completion %v; want the prompt sent and the two chunks streamed\n%s", prompt, completion, logs)
		}
	})
}
