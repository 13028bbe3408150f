package retrieval_test

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/seeds"
)

// naiveBM25 scores every passage of c for query with the textbook formula,
// straight from Analyze: the oracle for the compact index.
func naiveBM25(c *retrieval.Corpus, p retrieval.Params, query string) map[string]float64 {
	type doc struct {
		tf  map[string]int
		len int
	}
	analyse := func(s string) doc {
		d := doc{tf: map[string]int{}}
		for _, t := range retrieval.Analyze(s) {
			d.tf[t]++
			d.len++
		}
		return d
	}
	var body, head []doc
	var art []int
	for ai, a := range c.Articles {
		head = append(head, analyse(a.Headline))
		for _, ps := range a.Passages {
			body = append(body, analyse(ps.Text))
			art = append(art, ai)
		}
	}
	field := func(docs []doc, t string, d int, w float64) float64 {
		df, total := 0, 0
		for _, x := range docs {
			total += x.len
			if x.tf[t] > 0 {
				df++
			}
		}
		tf := float64(docs[d].tf[t])
		if tf == 0 {
			return 0
		}
		n := float64(len(docs))
		idf := math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
		norm := p.K1 * (1 - p.B + p.B*float64(docs[d].len)/(float64(total)/n))
		return w * idf * tf * (p.K1 + 1) / (tf + norm)
	}
	out := map[string]float64{}
	i := 0
	for _, a := range c.Articles {
		for _, ps := range a.Passages {
			var s float64
			for _, t := range retrieval.Analyze(query) { // repeated terms count again
				s += field(body, t, i, 1) + field(head, t, art[i], p.TitleWeight)
			}
			if s > 0 {
				out[ps.ID] = s
			}
			i++
		}
	}
	return out
}

func TestSearchMatchesNaiveBM25(t *testing.T) {
	c, err := retrieval.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []retrieval.Params{retrieval.DefaultParams(), {K1: 1.2, B: 0.4}, {K1: 0.5, B: 1, TitleWeight: 2}} {
		ix := retrieval.NewIndex(c, p)
		queries := []string{"Putin Putin summit", "Zelenskyy Kyiv"}
		for _, q := range seedQuestions(t) {
			queries = append(queries, q.Text)
		}
		for _, q := range queries {
			want := naiveBM25(c, p, q)
			got := ix.Search(q, 1000)
			if len(got) != len(want) {
				t.Errorf("%+v %q: %d results, naive BM25 scores %d passages", p, q, len(got), len(want))
			}
			for _, r := range got {
				if w := want[r.Passage.ID]; math.Abs(r.Score-w) > 1e-4*max(1, w) {
					t.Errorf("%+v %q: %s scores %.5f, naive BM25 %.5f", p, q, r.Passage.ID, r.Score, w)
				}
			}
		}
	}
}

// TestSearchDemonym: a place the articles name only by its people's word
// ("European capitals") is found when the query names the place
// ("Europe"), which the stemmer keeps apart; a place they write is
// matched as itself; a word that only ends like a people's ("median") is
// none.
func TestSearchDemonym(t *testing.T) {
	c := &retrieval.Corpus{Articles: []*retrieval.Article{
		{ID: "a.txt", Headline: "Allies fear being sidelined", Passages: []retrieval.Passage{
			{ID: "a.txt#1", Article: "a.txt", N: 1, Text: "Fears are growing in European capitals."},
			{ID: "a.txt#2", Article: "a.txt", N: 2, Text: "Russia wants talks."},
			{ID: "a.txt#3", Article: "a.txt", N: 3, Text: "The median income rose, the Guardian reported."},
		}},
	}}
	ix := retrieval.NewIndex(c, retrieval.DefaultParams())
	for _, tt := range []struct{ query, want string }{
		{"what does Europe fear", "a.txt#1"},
		{"europe", "a.txt#1"},
		{"Russia", "a.txt#2"},
	} {
		r := ix.Search(tt.query, 5)
		if len(r) == 0 || r[0].Passage.ID != tt.want {
			t.Errorf("Search(%q) = %v, want %s first", tt.query, r, tt.want)
		}
	}
	for term, want := range map[string]string{"europ": "european", "asia": "", "media": "", "guard": ""} {
		if got := ix.Demonym(term); got != want { // no Asian; median, guardian are no peoples
			t.Errorf("Demonym(%s) = %q, want %q", term, got, want)
		}
	}
	if r := ix.Search("media coverage", 5); len(r) != 0 {
		t.Errorf(`Search("media coverage") = %v, want nothing: "median" is not of "media"`, r)
	}
	for _, tt := range []struct {
		term string
		want []string
	}{
		{"european", []string{"europ", "europe", "europea"}},
		{"canadian", []string{"canad", "canadi", "canadia"}},
		{"median", nil},
		{"historian", nil},
		{"man", nil},
	} {
		if got := retrieval.DemonymPlaces(tt.term); !slices.Equal(got, tt.want) {
			t.Errorf("DemonymPlaces(%q) = %q, want %q", tt.term, got, tt.want)
		}
	}
	for w, want := range map[string]bool{"Kyiv": true, "dhabi": true, "Russian": true, "Europe": true, "Trump": false} {
		if got := retrieval.IsPlaceWord(w); got != want {
			t.Errorf("IsPlaceWord(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestRegionMembers: a region's word gives its countries' names from the
// capitals table, every member found there.
func TestRegionMembers(t *testing.T) {
	for _, tt := range []struct {
		word    string
		members int
		has     string
	}{
		{"Gulf", 6, "Qatar"},
		{"baltic", 3, "Estonia"},
		{"Baltics", 3, "Lithuania"},
		{"Nordic", 5, "Iceland"},
		{"Scandinavian", 3, "Norway"},
		{"Caucasus", 3, "Georgia"},
		{"Europe", 0, ""}, // a continent is a place of its own (Demonym)
		{"gulp", 0, ""},
	} {
		got := retrieval.RegionMembers(tt.word)
		if len(got) != tt.members || tt.has != "" && !slices.ContainsFunc(got, func(names []string) bool { return slices.Contains(names, tt.has) }) {
			t.Errorf("RegionMembers(%q) = %q, want %d countries with %q", tt.word, got, tt.members, tt.has)
		}
	}
}

func TestSearchTieBreaks(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 2, d, 0, 0, 0, 0, time.UTC) }
	art := func(id string, date time.Time, texts ...string) *retrieval.Article {
		a := &retrieval.Article{ID: id, Headline: "Headline " + id, Date: date}
		for i, tx := range texts {
			a.Passages = append(a.Passages, retrieval.Passage{ID: id + "#" + string(rune('1'+i)), Article: id, N: i + 1, Text: tx})
		}
		return a
	}
	c := &retrieval.Corpus{Articles: []*retrieval.Article{
		art("a.txt", day(1), "ceasefire talks", "ceasefire talks"),
		art("b.txt", day(3), "ceasefire talks"),
		art("c.txt", day(3), "ceasefire talks"),
	}}
	ix := retrieval.NewIndex(c, retrieval.DefaultParams())
	var got []string
	for _, r := range ix.Search("ceasefire", 10) {
		got = append(got, r.Passage.ID)
	}
	// Equal scores: newer article first, then article id, then position.
	want := []string{"b.txt#1", "c.txt#1", "a.txt#1", "a.txt#2"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if r := ix.Search("ceasefire", 2); len(r) != 2 || r[1].Passage.ID != "c.txt#1" {
		t.Errorf("k=2 cut: %v", r)
	}
	if len(ix.Search("ceasefire", 0))+len(ix.Search("the of and", 5))+len(ix.Search("unknownword", 5)) != 0 {
		t.Error("k=0, stop words only, or unknown words should find nothing")
	}
	if ix.DocFreq("talk") != 4 || ix.DocFreq("headlin") != 4 || ix.DocFreq("nope") != 0 {
		t.Errorf("DocFreq talk=%d headlin=%d nope=%d", ix.DocFreq("talk"), ix.DocFreq("headlin"), ix.DocFreq("nope"))
	}
	if ix.IDF("nope") <= ix.IDF("talk") {
		t.Error("an unknown term must have the largest idf")
	}
}

// FuzzIndex checks that the index finds, for any text, every term Analyze
// gives, and ranks the text itself first for a query made of it.
func FuzzIndex(f *testing.F) {
	for _, s := range []string{"Zelenskyy’s U.S. visit, Feb. 18", "ÉLAN café naïve", "a.b.c 2.5 x'y", "\x00\xff", "US us Us"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c := &retrieval.Corpus{Articles: []*retrieval.Article{
			{ID: "x", Headline: "other words entirely", Passages: []retrieval.Passage{{ID: "x#1", Article: "x", N: 1, Text: text}}},
			{ID: "y", Headline: "filler", Passages: []retrieval.Passage{{ID: "y#1", Article: "y", N: 1, Text: "unrelated filler passage"}}},
		}}
		ix := retrieval.NewIndex(c, retrieval.DefaultParams())
		terms := retrieval.Analyze(text)
		for _, term := range terms {
			if ix.DocFreq(term) == 0 {
				t.Fatalf("term %q of %q not indexed", term, text)
			}
		}
		res := ix.Search(text, 2)
		if len(terms) > 0 && !slices.ContainsFunc(terms, func(s string) bool { return strings.Contains("unrelated filler passage other words entirely", s) }) {
			if len(res) == 0 || res[0].Passage.ID != "x#1" {
				t.Fatalf("searching %q does not find it first: %v", text, res)
			}
		}
	})
}
