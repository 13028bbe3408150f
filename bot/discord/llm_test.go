package discord

import (
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/bot/openaitest"
)

// llmEngine is the real engine in LLM mode, talking to a local OpenAI.
func llmEngine(tb testing.TB, oai *openaitest.Server) *bot.Engine {
	return bot.New(testIndex(tb), bot.Options{LLM: &bot.LLMConfig{
		Endpoint: openaiapi.Endpoint{APIKey: "sk-test-discord-0123456789", BaseURL: oai.BaseURL()}, Model: "test-model",
		Retry: openaiapi.Retry{MaxRetries: -1},
	}})
}

// TestLLMAnswerStreams: the model's words appear as they stream, then the
// verified answer with its sources replaces them.
func TestLLMAnswerStreams(t *testing.T) {
	t.Parallel()
	oai := openaitest.NewServer(t)
	hold := make(chan struct{})
	oai.QueueChat(openaitest.Reply{
		Chunks: []string{"Russian and U.S. representatives ", "met in Saudi Arabia ", "on Feb. 18 ", "[1]."},
		OnChunk: func(i int) {
			if i == 3 {
				<-hold
			}
		},
	})
	h := start(t, setup{ans: llmEngine(t, oai)})
	tok := h.ask("300000000000000001", "When did US and Russian officials meet in Saudi Arabia?")
	h.final(tok, "the streamed words", func(m *discordtest.Message) bool {
		return strings.Contains(m.Content, "met in Saudi Arabia") && strings.Contains(m.Content, "writing")
	})
	close(hold)
	m := h.final(tok, "the final answer", hasSources)
	if !strings.Contains(m.Content, "Saudi Arabia") || !strings.Contains(m.Content, "[1]") {
		t.Errorf("final answer %q", m.Content)
	}
	if src := embedText(m); !strings.Contains(src, "test-model") {
		t.Errorf("the sources should say the model wrote the answer:\n%s", src)
	}
	if strings.Contains(h.logs.String(), "sk-test-discord") {
		t.Errorf("the API key reached the logs")
	}
}

// TestLLMFailureFallsBack: with the model down, the user still gets a cited
// answer, marked as quoted.
func TestLLMFailureFallsBack(t *testing.T) {
	t.Parallel()
	for _, r := range []openaitest.Reply{openaitest.ServerError(500), {Content: "Russian and U.S. officials met", CutAfter: 1}} {
		oai := openaitest.NewServer(t)
		oai.QueueChat(r)
		h := start(t, setup{ans: llmEngine(t, oai)})
		tok := h.ask("300000000000000001", "When did US and Russian officials meet in Saudi Arabia?")
		m := h.final(tok, "the fallback answer", answered)
		if !hasSources(m) || !strings.Contains(m.Content, "language model was unavailable") {
			t.Errorf("model failure (%+v): got %q, want a quoted answer that says the model was unavailable", r.Status, m.Content)
		}
	}
}

// TestLLMMisconfigured: a rejected key or an unknown model is the
// operator's to fix, so the user is told that, not to try again, and
// nothing of the key reaches Discord or the logs.
func TestLLMMisconfigured(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		reply openaitest.Reply
		want  string
	}{
		{"key rejected", openaitest.InvalidKey("sk-test-discord-0123456789"), "OPENAI_API_KEY"},
		{"model not found", openaitest.ModelNotFound("test-model"), `model "test-model" was not found`},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			oai := openaitest.NewServer(t)
			oai.QueueChat(c.reply)
			h := start(t, setup{ans: llmEngine(t, oai)})
			tok := h.ask("300000000000000001", "When did US and Russian officials meet in Saudi Arabia?")
			m := h.final(tok, "the error message", isError)
			if !strings.Contains(m.Content, c.want) || !strings.Contains(m.Content, "operator") || strings.Contains(strings.ToLower(m.Content), "try again") {
				t.Errorf("got %q, want it to say the operator must fix it (%q), not to try again", m.Content, c.want)
			}
			for _, leak := range []string{"sk-test-discord", "*****6789", "Incorrect API key"} {
				if strings.Contains(m.Content, leak) || strings.Contains(h.logs.String(), leak) {
					t.Errorf("%q (part of the API key) reached Discord or the logs", leak)
				}
			}
		})
	}
}
