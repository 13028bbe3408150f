package discord

import (
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/llm"
)

// TestFallbackNoteLine: an answer that quotes the articles because the
// model failed ends in one small line without brackets, whatever the
// reason, and never shows the server's own words or status to the channel
// (those are in the log).
func TestFallbackNoteLine(t *testing.T) {
	const want = "\n-# The language model was unavailable, so this answer quotes the articles directly."
	for name, err := range map[string]error{
		"model not found":        &llm.Error{Kind: llm.ErrModelNotFound, Model: "gpt-x", Status: 404, Attempts: 3},
		"HTTP 500 after retries": &llm.Error{Kind: llm.ErrUnavailable, Status: 500, Attempts: 3, Detail: "upstream (pool 7) overloaded"},
		"timeout":                &llm.Error{Kind: llm.ErrTimeout, Status: 200, Attempts: 2, NoTimeToRetry: true},
		"no citations":           &llm.Error{Kind: llm.ErrNoCitedAnswer, Model: "gpt-x"},
	} {
		t.Run(name, func(t *testing.T) {
			ans := &bot.Answer{Text: "Officials met in Riyadh [1].", Mode: bot.ModeExtractive, FallbackReason: strings.TrimPrefix(err.Error(), "llm: "),
				Citations: []bot.Citation{{N: 1, Article: "a", Headline: "Talks in Riyadh", Publisher: "Wire"}}}
			msgs := renderAnswer(ans)
			got := msgs[0].Content
			if !strings.HasSuffix(got, want) {
				t.Fatalf("content %q: want it to end with the note %q", got, want)
			}
			for _, leak := range []string{"HTTP", "attempts", "pool 7", "gpt-x", "("} {
				if strings.Contains(got, leak) {
					t.Errorf("content %q shows %q", got, leak)
				}
			}
		})
	}
}
