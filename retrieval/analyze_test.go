package retrieval

import (
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
		{"meeting", "meetings", "meet"},
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
