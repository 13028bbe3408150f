package discord

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/llm"
)

// TestFallbackNoteLine: an answer that quotes the articles instead of the
// model's ends in one small line without brackets that says why in users'
// words (the model was unavailable, slow, busy, or answered in a way that
// could not be checked), and never shows the server's own words, status or
// the model's name to the channel (those are in the log). The answers are
// made as the engine makes them: the cause as Fallback.
func TestFallbackNoteLine(t *testing.T) {
	const (
		unavailable = "The language model was unavailable, so this answer quotes the articles directly."
		unchecked   = "The model's answer could not be checked against the articles, so this answer quotes them directly."
		slow        = "The language model did not answer in time, so this answer quotes the articles directly."
		busy        = "Too many questions were waiting for the language model, so this answer quotes the articles directly."
		filtered    = "The model's content filter stopped its answer, so this answer quotes the articles directly."
	)
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"model not found", &llm.Error{Kind: llm.ErrModelNotFound, Model: "gpt-x", Status: 404, Attempts: 3}, unavailable},
		{"HTTP 500 after retries", &llm.Error{Kind: llm.ErrUnavailable, Status: 500, Attempts: 3, Detail: "upstream (pool 7) overloaded"}, unavailable},
		{"cut stream", &llm.Error{Kind: llm.ErrStreamCut, Status: 200}, unavailable},
		{"timeout", &llm.Error{Kind: llm.ErrTimeout, Status: 200, Attempts: 2, NoTimeToRetry: true}, slow},
		{"no citations", &llm.Error{Kind: llm.ErrNoCitedAnswer, Model: "gpt-x"}, unchecked},
		{"unsupported", &llm.Error{Kind: llm.ErrUnsupportedAnswer, Model: "gpt-x"}, unchecked},
		{"content filter", &llm.Error{Kind: llm.ErrContentFilter, Model: "gpt-x", Status: 200}, filtered},
		{"no slot", errNoSlotInTime, busy},
		{"operator fault", errors.New("the language model refused the bot's configuration"), unavailable},
		{"model late", errors.New("the model did not finish before the deadline"), unavailable},
		// The note is chosen by the cause (Answer.Fallback, tested with
		// errors.Is), not by how its text begins: a wrapped cause, or one
		// whose text would read as another's, still gets its own note, and
		// a cause of no kind whose text reads as a timeout the general one.
		{"timeout, wrapped", fmt.Errorf("compose: %w", &llm.Error{Kind: llm.ErrTimeout, Status: 200}), slow},
		{"no slot, reworded", fmt.Errorf("queued 9 s: %w", errNoSlotInTime), busy},
		{"unsupported, text of another kind", fmt.Errorf("%v: %w", llm.ErrTimeout, &llm.Error{Kind: llm.ErrUnsupportedAnswer}), unchecked},
		{"failing, text of a timeout", fmt.Errorf("%v — HTTP 500: %w", llm.ErrTimeout, &llm.Error{Kind: llm.ErrUnavailable, Status: 500}), unavailable},
		{"no kind, text of a timeout", errors.New(llm.ErrTimeout.Error()), unavailable},
	} {
		t.Run(c.name, func(t *testing.T) {
			ans := &bot.Answer{Text: "Officials met in Riyadh [1].", Mode: bot.ModeExtractive, Fallback: c.err,
				Citations: []bot.Citation{{N: 1, Article: "a", Headline: "Talks in Riyadh", Publisher: "Wire"}}}
			got := renderAnswer(ans)[0].Content
			if !strings.HasSuffix(got, "\n-# "+c.want) {
				t.Fatalf("content %q: want it to end with the note %q", got, c.want)
			}
			for _, leak := range []string{"HTTP", "attempts", "pool 7", "gpt-x", "("} {
				if strings.Contains(got, leak) {
					t.Errorf("content %q shows %q", got, leak)
				}
			}
		})
	}
}
