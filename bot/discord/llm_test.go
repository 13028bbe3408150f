package discord

import (
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/bot/llm"
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
// operator's to fix, not the users': they get the quoted answer with its
// note, no variable names in a public message, and the operator one ERROR
// line per fault however many questions hit it; nothing of the key reaches
// Discord or the logs.
func TestLLMMisconfigured(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		reply openaitest.Reply
		fix   string
	}{
		{"key rejected", openaitest.InvalidKey("sk-test-discord-0123456789"), "OPENAI_API_KEY"},
		{"model not found", openaitest.ModelNotFound("test-model"), "OPENAI_MODEL"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			oai := openaitest.NewServer(t)
			oai.HandleChat(func(openaitest.ChatRequest) openaitest.Reply { return c.reply })
			h := start(t, setup{ans: llmEngine(t, oai)})
			for i := range 2 {
				tok := h.ask("300000000000000001", "When did US and Russian officials meet in Saudi Arabia?")
				m := h.final(tok, "the answer", answered)
				if !hasSources(m) || !strings.Contains(m.Content, "quotes the articles directly") || isError(m) {
					t.Errorf("question %d: got %q, want the quoted answer with its note", i, m.Content)
				}
				for _, leak := range []string{"OPENAI", "operator", "API key", "sk-test-discord", "*****6789", "Incorrect API key"} {
					if strings.Contains(m.Content+embedText(m), leak) {
						t.Errorf("question %d: %q reached Discord:\n%s", i, leak, m.Content)
					}
				}
				h.logs.waitFor(t, i+1, `"msg":"answered"`)
			}
			if n := strings.Count(h.logs.String(), `"level":"ERROR"`); n != 1 {
				t.Errorf("%d ERROR lines for two questions, want one:\n%s", n, h.logs.String())
			}
			h.logs.waitFor(t, 1, `"level":"ERROR"`, c.fix)
			for _, leak := range []string{"sk-test-discord", "*****6789", "Incorrect API key"} {
				if strings.Contains(h.logs.String(), leak) {
					t.Errorf("%q (part of the API key) reached the logs", leak)
				}
			}
		})
	}
}

// TestOperatorFaultText: should an operator fault reach the user as an
// error (no time left to quote), it names no variable.
func TestOperatorFaultText(t *testing.T) {
	for _, err := range []error{
		&llm.Error{Kind: llm.ErrKeyRejected, Status: 401},
		&llm.Error{Kind: llm.ErrModelNotFound, Model: "gpt-x", Status: 404},
		&llm.Error{Kind: llm.ErrRequest, Status: 400},
	} {
		got := failureText(err)
		if strings.Contains(got, "OPENAI") || strings.Contains(got, "gpt-x") || !strings.Contains(got, "operator") {
			t.Errorf("failureText(%v) = %q", err, got)
		}
	}
}

// TestLLMUncheckedAnswerNote: a model that answered, but without a
// citation the check could verify, is not called unavailable: the note
// says its answer could not be checked.
func TestLLMUncheckedAnswerNote(t *testing.T) {
	t.Parallel()
	oai := openaitest.NewServer(t)
	oai.QueueChat(openaitest.Text("Russian and U.S. officials met in Saudi Arabia."))
	h := start(t, setup{ans: llmEngine(t, oai)})
	m := h.final(h.ask("300000000000000001", "When did US and Russian officials meet in Saudi Arabia?"), "the answer", answered)
	if !hasSources(m) || !strings.HasSuffix(m.Content, "\n-# The model's answer could not be checked against the articles, so this answer quotes them directly.") {
		t.Errorf("got %q, want the quoted answer saying the model's answer could not be checked", m.Content)
	}
}

// TestAboutBotOnDiscord: "which sources do you use?" is told Discord's
// commands, not the command line's.
func TestAboutBotOnDiscord(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	m := h.final(h.ask("300000000000000001", "which sources do you use?"), "the reply", answered)
	if !strings.Contains(m.Content, "/timeline lists the dated events and /sources the articles.") || strings.Contains(m.Content, "talkbot timeline") {
		t.Errorf("got %q, want the slash commands only", m.Content)
	}
}
