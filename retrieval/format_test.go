package retrieval

import (
	"reflect"
	"testing"
	"time"
)

// TestFormatArticleReadsBack checks FormatArticle writes what ParseArticle
// reads: the headline, metadata and paragraphs come back as given, cleaned.
func TestFormatArticleReadsBack(t *testing.T) {
	day := time.Date(2025, 3, 11, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		in   ArticleFile
		want Article
		text []string
	}{
		{
			name: "every part",
			in: ArticleFile{Date: day, Headline: " Talks\tresume in  Jeddah ", Publisher: "Gulf Observer", URL: "https://gulf.example/a",
				Byline: "Anna Smith", Text: []string{"Delegations met on Tuesday.", "The talks lasted\nnine hours."}},
			want: Article{Headline: "Talks resume in Jeddah", Publisher: "Gulf Observer", URL: "https://gulf.example/a", Byline: "Anna Smith"},
			text: []string{"Delegations met on Tuesday.", "The talks lasted nine hours."},
		},
		{
			name: "an all-capitals headline stays the headline",
			in:   ArticleFile{Date: day, Headline: "CEASEFIRE AGREED", Text: []string{"Both sides agreed."}},
			want: Article{Headline: "Ceasefire agreed"},
			text: []string{"Both sides agreed."},
		},
		{
			name: "an all-capitals headline in another alphabet keeps its first letter whole",
			in:   ArticleFile{Date: day, Headline: "ЛАВРОВ", Text: []string{"Он сказал."}},
			want: Article{Headline: "Лавров"},
			text: []string{"Он сказал."},
		},
		{
			name: "an accented first letter too",
			in:   ArticleFile{Date: day, Headline: "ÉTÉ CHAUD", Text: []string{"Il fait chaud."}},
			want: Article{Headline: "Été chaud"},
			text: []string{"Il fait chaud."},
		},
		{
			name: "an all-capitals headline that is no section label is kept as written",
			in:   ArticleFile{Date: day, Headline: "G7 SUMMIT", Text: []string{"Leaders met."}},
			want: Article{Headline: "G7 SUMMIT"},
			text: []string{"Leaders met."},
		},
		{
			name: "a URL with white space and a non-byline are left out",
			in:   ArticleFile{Date: day, Headline: "Talks end", URL: "https://x.example/a b", Byline: "staff reporter", Text: []string{"They ended.", "\x1b[31mRed\x1b[0m text."}},
			want: Article{Headline: "Talks end"},
			text: []string{"They ended.", "Red text."},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseArticle("a.txt", FormatArticle(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			var text []string
			for _, p := range a.Passages {
				text = append(text, p.Text)
			}
			got := Article{Headline: a.Headline, Publisher: a.Publisher, URL: a.URL, Byline: a.Byline}
			if !reflect.DeepEqual(got, tc.want) || !a.Date.Equal(day) || !reflect.DeepEqual(text, tc.text) {
				t.Errorf("read back %+v dated %v, text %q; want %+v, text %q", got, a.Date, text, tc.want, tc.text)
			}
		})
	}
}

// TestPlural: the noun of a count, for the loader, the command line and
// the timeline's picture alike.
func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "files"}, {1, "file"}, {2, "files"}, {-1, "files"}} {
		if got := Plural(tt.n, "file", "files"); got != tt.want {
			t.Errorf("Plural(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
