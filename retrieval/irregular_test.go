package retrieval

import (
	"strings"
	"testing"

	"github.com/kljensen/snowball/english"
)

// TestIrregularTable checks the embedded list: two words a line, each form
// once, and only forms the stemmer does not already join to their base
// (any other line would be dead weight).
func TestIrregularTable(t *testing.T) {
	seen := map[string]bool{}
	n := 0
	for i, line := range strings.Split(strings.TrimSpace(irregularText), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			t.Errorf("irregular.txt line %d: %q is not \"form base\"", i+1, line)
			continue
		}
		form, base := f[0], f[1]
		if seen[form] {
			t.Errorf("irregular.txt line %d: %q listed twice", i+1, form)
		}
		seen[form] = true
		if english.Stem(form, true) == english.Stem(base, true) {
			t.Errorf("irregular.txt line %d: the stemmer already joins %q and %q", i+1, form, base)
		}
		if got := baseForm(form); got != base {
			t.Errorf("baseForm(%q) = %q, want %q", form, got, base)
		}
		n++
	}
	if n < 300 || irregular().Len() != n {
		t.Errorf("irregular.txt: %d forms, %d parsed; want the generator's 300 or more, all parsed", n, irregular().Len())
	}
}

// TestSearchIrregularForms checks that the index, built and searched
// through its own term cache, finds "met" for "meet" and "meet" for "met":
// without that, the shorter passage of each pair, which says neither,
// would rank first.
func TestSearchIrregularForms(t *testing.T) {
	passage := func(id, text string) *Article {
		return &Article{ID: id, Headline: "Talks", Passages: []Passage{{ID: id + "#1", Article: id, N: 1, Text: text}}}
	}
	c := &Corpus{Articles: []*Article{
		passage("a.txt", "Rubio met Lavrov in Riyadh on Monday for long talks."),
		passage("b.txt", "Rubio and Lavrov are in Riyadh."),
		passage("c.txt", "The envoys will meet in Geneva to discuss prisoners."),
		passage("d.txt", "The envoys are in Geneva."),
	}}
	ix := NewIndex(c, DefaultParams())
	for _, tt := range []struct{ q, want string }{
		{"Where did Rubio meet Lavrov?", "a.txt#1"},
		{"Where have the envoys met?", "c.txt#1"},
	} {
		r := ix.Search(tt.q, 1)
		if len(r) != 1 || r[0].Passage.ID != tt.want {
			t.Errorf("Search(%q) = %v, want %s first", tt.q, r, tt.want)
		}
	}
}
