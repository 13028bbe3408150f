package bot

import (
	"context"
	"strings"
	"testing"
)

func TestOtherLanguage(t *testing.T) {
	latin := make([]bool, len(scripts))
	latin[0] = true
	withHan := make([]bool, len(scripts))
	withHan[0], withHan[5] = true, true
	tests := []struct {
		q     string
		seen  []bool
		reply bool
	}{
		{"Где прошли переговоры США и России?", latin, true},
		{"Wo fanden die Gespräche zwischen den USA und Russland statt?", latin, true},
		{"Wo fanden die Gespräche statt?", latin, true},
		{"Où est Riyad?", latin, true},
		{"Lavrov Riyadh?", latin, false},
		{"was Zelenskyy there", latin, false},
		{"Qui a rencontré Lavrov à Riyad ?", latin, true},
		{"¿Dónde se reunieron Rubio y Lavrov?", latin, true},
		{"美国和俄罗斯在哪里会谈？", latin, true},
		{"美国和俄罗斯在哪里会谈？", withHan, false}, // the articles are in Chinese too
		{"Who met in Riyadh?", latin, false},
		{"What did Lavrov say about the Riyadh talks?", latin, false},
		{"De Gaulle and the EU: what did Macron say?", latin, false},
		{"Was the meeting in Riyadh or in Istanbul?", latin, false}, // "was" is English too
		{"Did Putin say Путин?", latin, false},                      // mostly English
		{"???", latin, false},
	}
	for _, tt := range tests {
		if got := otherLanguage(tt.q, tt.seen); (got != "") != tt.reply {
			t.Errorf("otherLanguage(%q) = %q, want a reply: %v", tt.q, got, tt.reply)
		}
	}
}

// TestQuestionInAnotherLanguage: a question in Russian over English
// articles is told to ask in English, not that the articles never mention
// the USA and Russia.
func TestQuestionInAnotherLanguage(t *testing.T) {
	ans, err := seedEngine(t).Ask(context.Background(), Query{Question: "Где прошли переговоры США и России?"})
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Abstained || !strings.Contains(ans.Text, "please ask in English") || strings.Contains(ans.Text, "России") {
		t.Errorf("want a request to ask in English: %+v", ans)
	}
}
