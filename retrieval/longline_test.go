package retrieval

import (
	"slices"
	"strings"
	"testing"
)

// longLine is an article whose text is one line of about n bytes without a
// full stop, as scraped pages sometimes are.
func longLine(n int) []byte {
	const unit = "the envoys met again in Riyadh on Tuesday, and Lavrov said talks would resume next week "
	var b strings.Builder
	b.WriteString("date 2025-02-20 One long line\n\n")
	for b.Len() < n {
		b.WriteString(unit)
	}
	return []byte(b.String())
}

// TestLongLinePassages checks that a long line without full stops becomes
// passages of bounded length that keep every word.
func TestLongLinePassages(t *testing.T) {
	data := longLine(100 << 10)
	a, err := ParseArticle("long.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Passages) < 100 {
		t.Fatalf("%d passages, want the line cut into many", len(a.Passages))
	}
	var words []string
	for _, p := range a.Passages {
		if len(p.Text) > maxPassageChars {
			t.Fatalf("passage %s has %d bytes, want at most %d", p.ID, len(p.Text), maxPassageChars)
		}
		words = append(words, strings.Fields(p.Text)...)
	}
	_, body, _ := strings.Cut(string(data), "\n\n")
	if want := strings.Fields(body); !slices.Equal(words, want) {
		t.Errorf("passages hold %d words, the line %d", len(words), len(want))
	}
}
