package bot

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/talkbot/talkbot/retrieval"
)

// TestCapitalsTable: the embedded list parses, a name of several words
// counts only whole, a country's names stand for each other, and a
// malformed line is an error naming it.
func TestCapitalsTable(t *testing.T) {
	if n := len(capitals().names); n < 50 {
		t.Errorf("capitals.txt: %d capitals, want the list's 50 or more", n)
	}
	capital, same := "capital", "same country"
	tests := []struct {
		check, art, term string
		want             bool
	}{
		{capital, "russia said", "moscow", true},
		{capital, "kremlin said", "moscow", true},
		{capital, "ukrainian official", "kiev", true}, // "Kyiv" is indexed under its alias
		{capital, "russia said", "kiev", false},
		{capital, "south", "pretoria", false},
		{capital, "south africa", "pretoria", true},
		{capital, "russia", "riga", false},
		{capital, "russia", "lancaster", false}, // not a capital
		{same, "european union adopted", "eu", true},
		{same, "british officials", "britain", true},
		{same, "france said", "french", true},
		{same, "georgian", "georgia", true},
		{same, "belgium", "eu", false},
		{same, "russia said", "french", false},
		{same, "british", "lancaster", false}, // not a country
	}
	for _, tt := range tests {
		mentioned := mentionsCountry
		if tt.check == same {
			mentioned = mentionsSameCountry
		}
		if got := mentioned(termSet(retrieval.Analyze, tt.art), tt.term); got != tt.want {
			t.Errorf("%s: %q mentions %q: %v, want %v", tt.check, tt.art, tt.term, got, tt.want)
		}
	}
	for _, bad := range []string{"Paris France", "New Delhi: India", "Oslo: ,"} {
		if _, err := parseCapitals(bad); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("parseCapitals(%q) = %v, want an error naming line 1", bad, err)
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
		terms := questionTerms(ix, e.filler, e.tuning, tt.question)
		c, ok := termOf(terms, tt.capital)
		if !ok || c.government != tt.government {
			t.Errorf("%q: %q government = %v, want %v", tt.question, tt.capital, c.government, tt.government)
		}
		j := e.judge(ix, &articleFacts{}, tt.question, ix.Search(tt.question, 5), nil)
		if c, ok := candidateWith(j.cands, tt.sentence); !ok || (c.names == 1) != tt.allNames {
			t.Errorf("%q: the %q sentence %+v, want every name held: %v", tt.question, tt.sentence, c, tt.allNames)
		}
	}
}
