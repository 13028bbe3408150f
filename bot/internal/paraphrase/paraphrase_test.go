package paraphrase

import (
	"slices"
	"strings"
	"testing"
)

func TestOf(t *testing.T) {
	for _, tt := range []struct {
		word string
		want []string // among its paraphrases
		not  string
	}{
		{"team", []string{"delegation", "negotiators"}, "team"},
		{"Headed", []string{"led", "lead"}, "headed"},
		{"admit", []string{"confirmed", "acknowledge"}, "admit"},
		{"journalists", []string{"reporters"}, "press"},
		{"rockets", []string{"missiles"}, "rockets"},
		{"pitched", []string{"proposed", "proposal"}, "pitched"},
		{"worried", []string{"fears", "concerns"}, "worried"},
		{"scrap", []string{"cancelled", "canceled"}, "scrap"},
		{"jets", []string{"aircraft", "warplanes"}, "jets"},
		{"offer", []string{"proposed", "suggested"}, "offer"},
		{"spearhead", []string{"lead", "led"}, "spearhead"},
		{"vibe", []string{"mood", "atmosphere"}, "vibe"},
		{"snubbed", []string{"refused"}, "snubbed"},
		{"bargained", []string{"negotiated"}, "bargained"},
		{"wounded", []string{"injured"}, "killed"},
	} {
		got := Of(tt.word)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Of(%q) = %q, want %q among them", tt.word, got, w)
			}
		}
		if slices.Contains(got, tt.not) {
			t.Errorf("Of(%q) holds %q", tt.word, tt.not)
		}
	}
	if got := Of("borscht"); got != nil {
		t.Errorf("Of(borscht) = %q, want none", got)
	}
}

// TestList: every group pairs at least two words, in lower case, and no
// word is in two groups (which would join them without saying so).
func TestList(t *testing.T) {
	seen := map[string]int{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ws := strings.Fields(line)
		if len(ws) < 2 {
			t.Errorf("line %d: %q is a group of one", i+1, line)
		}
		for _, w := range ws {
			if w != strings.ToLower(w) {
				t.Errorf("line %d: %q is not in lower case", i+1, w)
			}
			if j, ok := seen[w]; ok {
				t.Errorf("line %d: %q is also on line %d", i+1, w, j)
			}
			seen[w] = i + 1
		}
	}
}
