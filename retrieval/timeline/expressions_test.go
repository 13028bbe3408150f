package timeline

import (
	"encoding/json"
	"os"
	"testing"
	"time"
)

// exprCase is one row of testdata/expressions.json: a sentence of an
// article published on Article and the first date it should yield; no Date
// means the sentence must yield none.
type exprCase struct {
	Name        string `json:"name"`
	Article     string `json:"article"`
	Text        string `json:"text"`
	Date        string `json:"date"`
	End         string `json:"end"`
	Granularity string `json:"granularity"`
	Tense       string `json:"tense"`
}

func loadExprCases(t *testing.T) []exprCase {
	t.Helper()
	b, err := os.ReadFile("testdata/expressions.json")
	if err != nil {
		t.Fatal(err)
	}
	var cs []exprCase
	if err := json.Unmarshal(b, &cs); err != nil {
		t.Fatal(err)
	}
	if len(cs) < 40 {
		t.Fatalf("only %d expression cases; want at least 40", len(cs))
	}
	return cs
}

func TestResolveExpressions(t *testing.T) {
	for _, c := range loadExprCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			pub, err := time.Parse(time.DateOnly, c.Article)
			if err != nil {
				t.Fatal(err)
			}
			got := dateSentence(c.Text, pub)
			if c.Date == "" {
				if len(got) > 0 {
					t.Fatalf("%q: got %q → %s, want no date", c.Text, got[0].text, fmtDate(got[0].date))
				}
				return
			}
			if len(got) == 0 {
				t.Fatalf("%q: no date found, want %s", c.Text, c.Date)
			}
			g := got[0]
			if fmtDate(g.date) != c.Date || fmtDate(g.span.end) != c.End || string(g.gran) != c.Granularity || string(g.tense) != c.Tense {
				t.Errorf("%q (%q, article %s):\n got %s..%s %s %s\nwant %s..%s %s %s", c.Text, g.text, c.Article,
					fmtDate(g.date), fmtDate(g.span.end), g.gran, g.tense, c.Date, c.End, c.Granularity, c.Tense)
			}
		})
	}
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
