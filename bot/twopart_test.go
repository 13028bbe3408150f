package bot

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestSplitQuestion(t *testing.T) {
	ix := indexOf(t, fstest.MapFS{
		"a.txt": {Data: []byte("date 2025-06-01 Drones\n\nUkraine said 117 drones took part. The preparations lasted a year and a half.\n")},
	})
	filler := newLexicon(ix.Analyze, DefaultTopic).filler
	tests := []struct {
		q             string
		first, second string // "" for no split
	}{
		// Two questions, joined by "and", ", and", "; " or "? ".
		{"how many drones took part in the spiderweb attack and how long did it take to prepare",
			"how many drones took part in the spiderweb attack", "how long did it take to prepare"},
		{"what share of gdp did nato sign up to at the hague and how is it split",
			"what share of gdp did nato sign up to at the hague", "how is it split"},
		{"which european leaders are heading to washington this week and what are they hoping to achieve?",
			"which european leaders are heading to washington this week", "what are they hoping to achieve?"},
		{"who met in riyadh in february and where exactly were the talks held?",
			"who met in riyadh in february", "where exactly were the talks held?"},
		{"how long did trump and zelensky talk at the vatican, and where did they sit",
			"how long did trump and zelensky talk at the vatican", "where did they sit"},
		{"what day did ukr greenlight the 30 day ceasefire and who led their side",
			"what day did ukr greenlight the 30 day ceasefire", "who led their side"},
		{"Who met in Riyadh? Where were the talks held?", "Who met in Riyadh", "Where were the talks held?"},
		{"Who met in Riyadh; what did they agree?", "Who met in Riyadh", "what did they agree?"},
		{"what did Trump say, and what's next for the talks?", "what did Trump say", "what's next for the talks?"},
		{"What did Trump say and What\u2019s next for the talks?", "What did Trump say", "What\u2019s next for the talks?"},
		{"Who met in Istanbul, and whom did they brief?", "Who met in Istanbul", "whom did they brief?"},
		{"how many drones were used and how many bombers were hit", "how many drones were used", "how many bombers were hit"},
		{"what happened on feb 18 and who led the russian side?", "what happened on feb 18", "who led the russian side?"},
		{"tell me about the riyadh talks and why were they held in saudi arabia",
			"tell me about the riyadh talks", "why were they held in saudi arabia"},

		// "and" inside one question.
		{"who met trump and putin", "", ""},
		{"how many days between the call and the riyadh meeting", "", ""},
		{"which came first, the riyadh talks or the jeddah talks", "", ""},
		{"what did rubio and lavrov agree", "", ""},
		{"when and where did rubio and lavrov meet", "", ""},
		{"who met in riyadh? who? what?", "", ""},
		// A wh-word that opens a clause, not a question.
		{"how many days between the call and when they met", "", ""},
		{"what did the summit decide and how it will be paid for", "", ""},
		{"what did putin say and what they agreed", "", ""},
		{"did they agree on a truce and where to meet", "", ""},
		{"what did trump say and why not", "", ""},
		// A second part with no content word.
		{"who met in riyadh and why?", "", ""},
		{"how many pows did ru n ukraine trade in march, and when did it happen", "", ""},
		{"who met in riyadh and where exactly?", "", ""},
		// More than two parts.
		{"who met in riyadh, and where were the talks held, and what did they agree?", "", ""},
		{"who met in riyadh? where were the talks held? what did they agree?", "", ""},
		// No wh-word after the joint.
		{"did trump call putin and did they agree on a truce", "", ""},
	}
	for _, tt := range tests {
		p, ok := splitQuestion(ix.Analyze, filler, tt.q)
		if want := tt.first != ""; ok != want || p.first != tt.first || p.second != tt.second {
			t.Errorf("splitQuestion(%q) = %q, %q, %v; want %q, %q, %v", tt.q, p.first, p.second, ok, tt.first, tt.second, want)
		}
	}
}

// TestSplitQuestionHostile: a question of a thousand joints is not split,
// and looking at them takes time linear in its length.
func TestSplitQuestionHostile(t *testing.T) {
	ix := indexOf(t, fstest.MapFS{"a.txt": {Data: []byte("date 2025-06-01 Drones\n\nUkraine said 117 drones took part.\n")}})
	filler := newLexicon(ix.Analyze, DefaultTopic).filler
	q := strings.Repeat("who met and where did they meet ", MaxQuestionChars/32)
	start := time.Now()
	if p, ok := splitQuestion(ix.Analyze, filler, q); ok {
		t.Errorf("a question of %d joints split as %q | %q", strings.Count(q, " and "), p.first, p.second)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("splitQuestion took %v on %d characters", d, len(q))
	}
}
