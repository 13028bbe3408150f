package discord

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTopicInCommandsAndHelp: /ask's description and /help name the
// configured subject; a long one is cut to Discord's 100 characters.
func TestTopicInCommandsAndHelp(t *testing.T) {
	for _, topic := range []string{"the 2026 city budget", strings.Repeat("budget ", 20)} {
		ask := commands(topic)[0]
		if ask.Name != "ask" || !strings.HasPrefix(ask.Description, "Ask about the") && !strings.HasPrefix(ask.Description, "Ask about budget") ||
			utf8.RuneCountInString(ask.Description) > 100 {
			t.Errorf("/ask description %q", ask.Description)
		}
	}
	if got := commands("the 2026 city budget")[0].Description; got != "Ask about the 2026 city budget" {
		t.Errorf("/ask description %q", got)
	}
	if help := helpMessage("the 2026 city budget", 3).Content; !strings.Contains(help, "answers questions about the 2026 city budget, from 3 news articles") {
		t.Errorf("help %q", help)
	}
}
