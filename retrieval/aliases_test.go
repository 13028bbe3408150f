package retrieval_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
)

func TestDefaultAliases(t *testing.T) {
	if n := retrieval.DefaultAliases().Len(); n < 30 {
		t.Fatalf("the default list has %d aliases", n)
	}
	for _, pair := range [][2]string{
		{"Kyiv", "Kiev"}, {"Zelenskyy", "Zelensky"}, {"Zelenskiy's", "Zelensky"}, {"U.S.", "USA"},
		{"Sept.", "September"}, {"Ukrainian", "Ukraine"}, {"Sergey", "Sergei"},
	} {
		if a, b := retrieval.Analyze(pair[0]), retrieval.Analyze(pair[1]); !slices.Equal(a, b) || len(a) != 1 {
			t.Errorf("%q → %v, %q → %v; want one shared term", pair[0], a, pair[1], b)
		}
	}
}

// TestIndexAliases builds a corpus on another subject with its own list: its
// spellings meet, the default ones (demonyms, Kyiv/Kiev) no longer do, and
// search analyses queries with the index's list.
func TestIndexAliases(t *testing.T) {
	al, err := retrieval.ParseAliases(strings.NewReader("# football\nsoccer  football # US usage\n\nmanchester manchester\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := &retrieval.Corpus{Articles: []*retrieval.Article{
		{ID: "a.txt", Headline: "Cup final", Passages: []retrieval.Passage{{ID: "a.txt#1", Article: "a.txt", N: 1, Text: "The football final is in Kiev, a Ukraine venue."}}},
		{ID: "b.txt", Headline: "Weather", Passages: []retrieval.Passage{{ID: "b.txt#1", Article: "b.txt", N: 1, Text: "Rain is expected."}}},
	}}
	terms := &retrieval.TermCache{}
	def := retrieval.NewIndex(c, retrieval.Params{K1: 0.9, B: 0.75, Terms: terms})
	own := retrieval.NewIndex(c, retrieval.Params{K1: 0.9, B: 0.75, Aliases: al, Terms: terms})
	found := func(ix *retrieval.Index, q string) bool {
		r := ix.Search(q, 1)
		return len(r) == 1 && r[0].Passage.ID == "a.txt#1"
	}
	for _, c := range []struct {
		q          string
		def, owned bool
	}{
		{"soccer", false, true},
		{"Kyiv", true, false},
		{"Ukrainian", true, false},
		{"football final", true, true},
	} {
		if got := found(def, c.q); got != c.def {
			t.Errorf("default aliases, %q found: %v, want %v", c.q, got, c.def)
		}
		if got := found(own, c.q); got != c.owned {
			t.Errorf("own aliases, %q found: %v, want %v", c.q, got, c.owned)
		}
	}
	if !slices.Equal(own.Analyze("soccer"), own.Analyze("football")) || slices.Equal(def.Analyze("soccer"), def.Analyze("football")) {
		t.Error("Index.Analyze does not follow the index's aliases")
	}
	none, _ := retrieval.ParseAliases(strings.NewReader(""))
	if ix := retrieval.NewIndex(c, retrieval.Params{K1: 0.9, B: 0.75, Aliases: none}); found(ix, "Kyiv") {
		t.Error("an empty list still folds Kyiv into Kiev")
	}
}

func TestParseAliasesErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"kyiv kiev\nzelensky\n", "line 2: want a spelling and the form it stands for"},
		{"a b c\n", "line 1:"},
		{"Kyiv kiev\n", `line 1: write "Kyiv kiev" as "kyiv kiev"`},
		{"café cafe\n", `write "café cafe" as "cafe cafe"`},
	} {
		_, err := retrieval.ParseAliases(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.in, err, c.want)
		}
	}
}
