package llm

import (
	"fmt"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
)

// TestVerifyDrawnPassages: a source lists only the passages of its article
// that hold what the kept sentences say, not every passage a marker named
// (a user test: "met in Saudi Arabia on Feb. 18 [1]", [1] the article's
// Feb. 22 sentence, was cited anew to its Feb. 18 passage, yet both were
// listed, the Feb. 22 one first).
func TestVerifyDrawnPassages(t *testing.T) {
	a := &retrieval.Article{ID: "a.txt", Headline: "A"}
	b := &retrieval.Article{ID: "b.txt", Headline: "B"}
	pass := func(art *retrieval.Article, n int, text string) retrieval.Result {
		id := fmt.Sprintf("%s#%d", art.ID, n)
		return retrieval.Result{Passage: retrieval.Passage{ID: id, Article: art.ID, N: n, Text: text}, Article: art}
	}
	sent := []retrieval.Result{
		pass(a, 1, "Preparations are underway for a meeting between Trump and Putin, Russia's deputy foreign minister said on Feb. 22."),
		pass(a, 7, "Russian and U.S. representatives meeting in Saudi Arabia on Feb. 18 agreed to start working toward ending the war."),
		pass(a, 11, "Lavrov, for his part, hailed the meeting as very useful."),
		pass(b, 2, "Rubio told reporters the talks in Riyadh lasted four and a half hours."),
	}
	tests := []struct {
		name, raw, text, sources string
	}{
		{"cited anew within its article", "Russian and U.S. representatives met in Saudi Arabia on Feb. 18 [1].",
			"Russian and U.S. representatives met in Saudi Arabia on Feb. 18 [1].", "[[1]]"},
		{"two passages named, one holds it", "Russian and U.S. representatives met in Saudi Arabia on Feb. 18 [1][2].",
			"Russian and U.S. representatives met in Saudi Arabia on Feb. 18 [1].", "[[1]]"},
		{"held by a passage listed before", "Russian and U.S. representatives met in Saudi Arabia [2]. They met on Feb. 18 [1].",
			"Russian and U.S. representatives met in Saudi Arabia [1]. They met on Feb. 18 [1].", "[[1]]"},
		{"each claim its passage", "The deputy foreign minister spoke on Feb. 22 [1]. Lavrov hailed the meeting as very useful [3]. The talks in Riyadh lasted four and a half hours [4].",
			"The deputy foreign minister spoke on Feb. 22 [1]. Lavrov hailed the meeting as very useful [1]. The talks in Riyadh lasted four and a half hours [2].", "[[0 2] [3]]"},
		{"a clause dropped, its passage with it", "Lavrov hailed the meeting as very useful [3], and Putin resigned on March 3 [1].",
			"Lavrov hailed the meeting as very useful [1].", "[[2]]"},
		{"not English: the passages it named", "Lavrov calificó la reunión de muy útil y productiva [1][3].",
			"Lavrov calificó la reunión de muy útil y productiva [1].", "[[0 2]]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Verify(tt.raw, sent)
			if err != nil {
				t.Fatal(err)
			}
			if v.Text != tt.text {
				t.Errorf("text %q, want %q", v.Text, tt.text)
			}
			if got := fmt.Sprint(v.Sources); got != tt.sources {
				t.Errorf("sources %s, want %s", got, tt.sources)
			}
		})
	}
}
