package retrieval

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestAnalyzeVariantsMeet checks that spellings a reader treats as the same
// word analyse to the same terms.
func TestAnalyzeVariantsMeet(t *testing.T) {
	tests := [][]string{
		{"negotiations", "negotiators", "negotiating"},
		{"Zelensky", "Zelenskyy", "Zelenskiy", "ZELENSKY"},
		{"Feb. 18", "February 18", "feb 18"},
		{"Kyiv", "Kiev"},
		{"U.S.", "US", "u.s."},
		{"café", "cafe", "CAFÉ"},
		{"Putin’s", "Putin's", "Putin"},
		{"meeting", "meetings", "meet", "met"},
		{"spoke", "spoken", "speak", "speaks"},
		{"struck", "strike", "strikes"},
		{"fought", "fight", "fighting"},
		{"“talks”", "talks", "talk"},
		{"Ukraine", "Ukrainian", "Ukrainians"},
		{"Russia", "Russian", "Russians"},
	}
	for _, group := range tests {
		want := Analyze(group[0])
		if len(want) == 0 {
			t.Errorf("%q analyses to nothing", group[0])
		}
		for _, v := range group[1:] {
			if got := Analyze(v); !slices.Equal(got, want) {
				t.Errorf("Analyze(%q) = %q, Analyze(%q) = %q", v, got, group[0], want)
			}
		}
	}
}

func TestAnalyze(t *testing.T) {
	tests := []struct{ in, want string }{
		{"When will Trump and Putin meet?", "trump putin meet"},
		{"what did us say", "us say"}, // "us" in lower case is the pronoun, not the country
		{"what did US say", "usa say"},
		{"Trump-Putin summit", "trump putin summit"},
		{"the 20 percent of its territory", "20 percent territori"},
		{"2.5 billion", "2.5 billion"},
		// Contractions are stop words, with either apostrophe; a
		// possessive and an inner apostrophe are not contractions.
		{"Zelensky won't sign, they'd said; we’ll see. I'm sure we've WON'T", "zelenski sign say see sure"},
		{"Lavrov's O'Brien rock'n'roll", "lavrov obrien rocknrol"},
		// Irregular past forms are indexed under their base form, but not
		// an acronym, a form as often another word, or a light verb.
		{"They met and spoke", "meet speak"},
		{"MET LED", "met led"},
		{"left wounded", "left wound"},
		{"held talks, took part", "held talk took part"},
		{"", ""},
		{"!!! ...", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(Analyze(tt.in), " "); got != tt.want {
			t.Errorf("Analyze(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"When will Trump and Putin meet?", "U.S.-Russia", "Zelenskyy’s café", "2.5.", "a.b.c.", "''", "\u0301x", "İstanbul"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		terms := Analyze(s)
		for _, term := range terms {
			if term == "" || !utf8.ValidString(term) {
				t.Fatalf("Analyze(%q) gave term %q", s, term)
			}
		}
		// Analysis must be stable: the same text gives the same terms.
		if again := Analyze(s); !slices.Equal(terms, again) {
			t.Fatalf("Analyze(%q) not deterministic: %q vs %q", s, terms, again)
		}
	})
}

func FuzzParseArticle(f *testing.F) {
	f.Add([]byte("date 2025-02-23 Headline\n\nMOSCOW\n\nText one. Text two.\nSOURCE:Reuters\n"))
	f.Add([]byte(" date 2025-02-26 WORLD\nHeadline\nCaption. / Photo: AP\nFebruary 26, 2025\n\nRelatedX\nBody.\n"))
	f.Add([]byte("date 2025-02-30 x"))
	f.Add([]byte("\n\ndate"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseArticle("f.txt", data)
		if err != nil {
			if a != nil {
				t.Fatal("article returned with an error")
			}
			return
		}
		if a.Headline == "" || len(a.Passages) == 0 || a.Date.IsZero() {
			t.Fatalf("incomplete article: %+v", a)
		}
		for i, p := range a.Passages {
			if p.N != i+1 || p.Text == "" || strings.TrimSpace(p.Text) != p.Text || !utf8.ValidString(p.Text) {
				t.Fatalf("bad passage %d: %+v", i, p)
			}
		}
	})
}

// analysisTexts are texts whose words take every path of the tokeniser:
// plain ASCII, capitals, digits, periods and apostrophes inside and at the
// end of words, hyphens and dashes, curly quotes, diacritics, combining
// marks, other scripts, and bytes that are not UTF-8.
var analysisTexts = []string{
	"When will Trump and Putin meet? The U.S. and Russia said so.",
	"US officials, IT staff and NATO's chief met in Riyadh; the us-pronoun is not the USA.",
	"Putin's, Putin’s, Putins' and 'quoted' words; rock'n'roll, O'Brien, don't, '' and ’’ and it’s.",
	"U.S.-Russia talks, well-known, Trump–Putin — a dash—joined, e.g. i.e. a.b.c. U.S.A. end.",
	"2.5 billion, 1,000 troops, 3.14.15, v2.0, COVID-19, 10x, 20% and 2025-02-18, 18.02.2025.",
	"Café, CAFÉ, cafe\u0301, naïve, Zelenskyy’s, Zelenskiy, İstanbul, ǅemal, Straße, ﬁnal.",
	"Ελληνικά κείμενα, русский текст, 中文文本, العربية, emoji 🎉 and α-helix, β2-adrenergic.",
	"Trailing period.Next sentence.Again 2.x and x.2 and .5 and 5. and a.' and b'. and c'’.",
	"\u0301\u0301 combining at start, x\u0301y inside, and \xff\xfe bad bytes \xc3 in the middle.",
	"ALL CAPS SENTENCE WITH US AND IT. Mixed CaSe WoRdS, iPhone, eBay, McDonald's, NASA's.",
	"generously communities agreed hopping skies dying news proceedings negotiations negotiators",
	"Kiev Kyiv Zelensky Zelenskyy Feb. 18 February 18 feb 18 sept. Sept 9 a.m. p.m. 9am",
	"x", "", "...", "'", "’", "a'", "'a", ".a", "a.", "a.b", "1.", ".1", "1.a", "a.1", "U.S", "u.s.",
}

// randomText strings together pieces that stress word boundaries.
func randomText(r *rand.Rand) string {
	pieces := []string{"a", "B", "us", "US", "Z", "é", "É", "\u0301", "ß", "İ", "Σ", "中", "1", "9", ".", ".", "'", "’",
		"-", "–", " ", " ", " ", "\n", ",", "\xff", "s", "'s", "’s", "ing", "ed", "the", "Putin", "U.S.", "2.5"}
	var b strings.Builder
	for range 1 + r.IntN(40) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// buildTerms is what an index build's analysis gives for text, as terms.
func buildTerms(v *vocab, text string) []string {
	var out []string
	for _, id := range v.analyze(text, nil) {
		out = append(out, v.terms[id])
	}
	return out
}

// TestBuildAnalysisMatchesAnalyze checks that the analysis of an index
// build (its ASCII fast path, folding while scanning, and its word maps)
// gives exactly the terms of Analyze, in order, for varied text.
func TestBuildAnalysisMatchesAnalyze(t *testing.T) {
	texts := slices.Clone(analysisTexts)
	r := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		texts = append(texts, randomText(r))
	}
	for _, cache := range []*TermCache{{perBuild: true}, {}} {
		v := newVocab(cache.forAliases(nil), 0)
		for range 2 { // the second time every word is in the vocab's maps
			for _, text := range texts {
				if got, want := buildTerms(v, text), Analyze(text); !slices.Equal(got, want) {
					t.Fatalf("build analysis of %q = %q, Analyze %q", text, got, want)
				}
			}
		}
	}
}

func FuzzBuildAnalysis(f *testing.F) {
	for _, s := range analysisTexts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := newVocab((&TermCache{perBuild: true}).forAliases(nil), 0)
		if got, want := buildTerms(v, s), Analyze(s); !slices.Equal(got, want) {
			t.Fatalf("build analysis of %q = %q, Analyze %q", s, got, want)
		}
	})
}

// TestBuildIndependentOfWorkers checks that an index does not depend on how
// many workers built it, nor on which worker took which documents.
func TestBuildIndependentOfWorkers(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	vocab := strings.Fields("talks summit envoy Riyadh ceasefire Kyiv Moscow U.S. sanctions meeting met meets Putin's " +
		"Zelenskyy’s café 2.5 billion troops frontline negotiators negotiated energy grain port deal minerals")
	c := &Corpus{}
	for a := range 800 {
		art := &Article{ID: fmt.Sprintf("a%d.txt", a), Headline: randomWords(r, vocab, 6)}
		for p := range 4 {
			art.Passages = append(art.Passages, Passage{ID: fmt.Sprintf("a%d.txt#%d", a, p+1), N: p + 1, Text: randomWords(r, vocab, 40)})
		}
		c.Articles = append(c.Articles, art)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var want *Index
	for _, procs := range []int{1, 2, 7, 2} {
		runtime.GOMAXPROCS(procs)
		ix := NewIndex(c, DefaultParams())
		if want == nil {
			want = ix
			continue
		}
		if ix.terms != want.terms || !slices.Equal(ix.termEnd, want.termEnd) ||
			!reflect.DeepEqual(ix.body, want.body) || !reflect.DeepEqual(ix.title, want.title) {
			t.Fatalf("the index built on %d cores differs from the one built on 1", procs)
		}
	}
}

func randomWords(r *rand.Rand, vocab []string, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = vocab[r.IntN(len(vocab))]
	}
	return strings.Join(w, " ")
}

// TestVocabSort checks the order of a vocab's terms where comparing their
// first 8 bytes as integers could go wrong: prefixes of each other, equal
// first 8 bytes, bytes above 0x7f.
func TestVocabSort(t *testing.T) {
	v := &vocab{terms: []string{"negotiator", "negotiat", "negotia", "negotiations", "a", "ab", "b",
		"zelenskyy", "zelensky", "café", "cafe", "caf", "caféé", "中文", "2.5", "20", "2", "usa", "us", "u"}}
	v.sort()
	var got []string
	for _, id := range v.sorted {
		got = append(got, v.terms[id])
	}
	if !slices.IsSorted(got) || len(got) != len(v.terms) {
		t.Errorf("sorted terms: %q", got)
	}
}
