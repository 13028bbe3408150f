package bot

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/talkbot/talkbot/retrieval"
)

// TestCapitalsTable: the embedded list parses whole, a name of several
// words counts only whole, a country's names stand for each other, a
// capital stands for its country only as a government, and a malformed
// line is an error naming it.
func TestCapitalsTable(t *testing.T) {
	table := retrieval.Capitals()
	c := parseCapitals(retrieval.Analyze, table)
	// Every capital of one word is read, a seat as an entry of its own.
	want := 0
	for _, k := range table {
		if len(strings.Fields(k.City)) == 1 {
			want++
			if len(k.Seat) > 0 {
				want++
			}
		}
	}
	if len(c.names) != want || want < 50 {
		t.Errorf("%d entries of the capitals table read, want %d and 50 or more", len(c.names), want)
	}
	for term, ids := range c.byName {
		if len(slices.Compact(slices.Clone(ids))) != len(ids) {
			t.Errorf("%q names the same country more than once: %v", term, ids)
		}
	}
	tests := []struct {
		art, term  string
		government bool
		want       bool
	}{
		{"russia said", "moscow", true, true},
		{"kremlin said", "moscow", true, true},
		{"russia said", "moscow", false, false},    // a visit to Moscow is not to all Russia
		{"ukrainian official", "kiev", true, true}, // "Kyiv" is indexed under its alias
		{"russia said", "kiev", true, false},
		{"south", "pretoria", true, false},
		{"south africa", "pretoria", true, true},
		{"russia", "riga", true, false},
		{"russia", "lancaster", true, false}, // not a capital
		{"european union adopted", "eu", false, true},
		{"british officials", "britain", false, true},
		{"france said", "french", false, true},
		{"georgian", "georgia", false, true},
		{"belgium", "eu", false, false},
		// Brussels is Belgium's capital and the EU's seat: written as a
		// government it is the EU, and Belgium's names stand for each other.
		{"european union said", "brussel", true, true},
		{"eu said", "brussel", true, true},
		{"belgium said", "brussel", true, false},
		{"belgian officials", "belgium", false, true},
		{"belgium said", "eu", false, false},
		{"india said", "delhi", true, false}, // a capital of two words is no term
		{"russia said", "french", false, false},
		{"british", "lancaster", false, false}, // not a country
	}
	for _, tt := range tests {
		all, _ := c.namesOf(tt.term, tt.government)
		if got := anyNamed(termSet(retrieval.Analyze, tt.art), all); got != tt.want {
			t.Errorf("%q names %q (government %v): %v, want %v", tt.art, tt.term, tt.government, got, tt.want)
		}
	}
}

// TestCapitalsFollowIndexAliases: the list is analysed with the index's
// own aliases, so an operator's list that makes "kyiv" the form of "kiev"
// still lets "Kyiv" stand for Ukraine.
func TestCapitalsFollowIndexAliases(t *testing.T) {
	ix := indexWithAliases(t, "kiev kyiv\n", fstest.MapFS{
		"a.txt": {Data: []byte("date 2025-03-01 Reply\n\nUkraine rejected the proposal on Saturday.\n")},
	})
	lx := newLexicon(ix.Analyze, DefaultTopic)
	if _, got := lx.countries.namesOf("kyiv", true); !anyNamed(map[string]bool{"ukrain": true}, got) {
		t.Errorf("with kiev→kyiv, Kyiv's country names %v, want Ukraine among them", got)
	}
	terms := questionTerms(ix, lx, defaultTuning(), "What did Kyiv say about the proposal?")
	if k, ok := termOf(terms, "Kyiv"); !ok || !k.known || k.term != "ukrain" {
		t.Errorf("Kyiv over articles that write Ukraine: %+v, want it known as ukrain", k)
	}
}

// TestCountryNamedOtherwise: a capital written as its government that the
// articles never write takes the term of the country they do name; a
// demonym they never write is no missing name for the model; a capital
// written as a place is missing.
func TestCountryNamedOtherwise(t *testing.T) {
	ix := indexOf(t, fstest.MapFS{
		"a.txt": {Data: []byte("date 2025-03-01 Talks\n\nChina said the talks in Munich were useful. The European Union adopted new sanctions.\n")},
	})
	lx := newLexicon(ix.Analyze, DefaultTopic)
	tests := []struct {
		question, word string
		term           string
		missing        bool
	}{
		{"What did Beijing say about the talks in Munich?", "Beijing", "china", false},
		{"What did the Chinese say about the talks in Munich?", "Chinese", "chines", false}, // the model's to read
		{"What did Beijing and China say about the talks?", "Beijing", "china", false},      // one term for both
		{"Who met in Beijing about the talks in Munich?", "Beijing", "beij", true},          // the city itself
		{"What did Brussels adopt?", "Brussels", "brussel", false},                          // named, but only in two words
	}
	for _, tt := range tests {
		terms := questionTerms(ix, lx, defaultTuning(), tt.question)
		q, ok := termOf(terms, tt.word)
		if !ok || q.term != tt.term {
			t.Errorf("%q: %s is term %q (present %v), want %q", tt.question, tt.word, q.term, ok, tt.term)
		}
		seen := map[string]bool{}
		for _, q := range terms {
			if seen[q.term] {
				t.Errorf("%q: two terms %q", tt.question, q.term)
			}
			seen[q.term] = true
		}
		if got := slices.Contains(missingNames(terms, true), tt.word); got != tt.missing {
			t.Errorf("%q: %s missing = %v, want %v", tt.question, tt.word, got, tt.missing)
		}
	}
}

// TestCapitalForGovernment: a capital written as its government is
// mentioned by an article that names the country; written as a place, it
// is not.
func TestCapitalForGovernment(t *testing.T) {
	ix := indexOf(t, fstest.MapFS{
		"depot.txt": {Data: []byte("date 2025-03-01 Oil depot hit\n\nRussia accused Ukraine of attacking an oil depot in the Krasnodar region.\n")},
		"visit.txt": {Data: []byte("date 2025-03-02 Envoy visits\n\nThe US envoy visited Russia and met officials in the Krasnodar region.\n")},
		// Moscow itself is known to the articles, elsewhere.
		"snow.txt": {Data: []byte("date 2025-03-03 Snow\n\nSnow fell in Moscow overnight.\n")},
	})
	e := New(ix, Options{})
	tests := []struct {
		question   string
		capital    string
		government bool
		sentence   string
		allNames   bool // the sentence's article holds every name the question asks about
	}{
		{"What facility did Moscow say Ukraine struck in the Krasnodar region?", "Moscow", true, "oil depot", true},
		{"What did Moscow's foreign ministry say about the Krasnodar region?", "Moscow's", true, "oil depot", true},
		{"Who did the envoy meet on his visit to Moscow in the Krasnodar region?", "Moscow", false, "envoy visited", false},
		{"What happened at the Moscow meeting on the Krasnodar region?", "Moscow", false, "oil depot", false},
	}
	for _, tt := range tests {
		terms := questionTerms(ix, newLexicon(ix.Analyze, e.topic), e.tuning, tt.question)
		c, ok := termOf(terms, tt.capital)
		if !ok || c.government != tt.government {
			t.Errorf("%q: %q government = %v, want %v", tt.question, tt.capital, c.government, tt.government)
		}
		j := e.judge(ix, &articleFacts{}, tt.question, ix.Search(tt.question, 5), nil, nil)
		if c, ok := candidateWith(j.cands, tt.sentence); !ok || (c.names == 1) != tt.allNames {
			t.Errorf("%q: the %q sentence %+v, want every name held: %v", tt.question, tt.sentence, c, tt.allNames)
		}
	}
}
