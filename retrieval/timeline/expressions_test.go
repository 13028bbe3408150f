package timeline

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
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

// TestCountedDates checks dates counted from another: from a date of the
// same sentence, from the day the article's account has reached (base), or
// from the previous sentence's date (prev).
func TestCountedDates(t *testing.T) {
	tests := []struct {
		name            string
		pub, base, prev string
		text            string
		want            []string // every date of the sentence, "date tense"
	}{
		{"after: the clause after it is earlier", "2025-02-25", "2025-02-24", "2025-02-22",
			"The vote came two days after the minister announced that the work had begun.", []string{"2025-02-22 past"}},
		{"after a date of the same sentence", "2025-02-21", "", "",
			"Kellogg met Zelensky in Kyiv on Thursday and a day after Trump attacked him in public.", []string{"2025-02-20 past", "2025-02-19 past"}},
		// An aside after a comma sets the scene of the sentence's event; cut
		// from it ("…a day after Trump attacked him") it says nothing.
		{"an aside after a comma is no date", "2025-02-21", "", "",
			"Kellogg met Zelensky in Kyiv on Thursday, a day after Trump attacked him in public.", []string{"2025-02-20 past"}},
		{"before: the clause after it is later", "2025-03-10", "2025-03-10", "",
			"The talks resumed a week before the summit opens.", []string{"2025-03-17 planned"}},
		{"later: from the previous sentence", "2025-03-01", "2025-02-27", "2025-02-18",
			"Three days later, the two sides met again.", []string{"2025-02-21 past"}},
		{"earlier: from the previous sentence", "2025-03-01", "", "2025-02-26",
			"Two days earlier, the envoys had spoken by phone.", []string{"2025-02-24 past"}},
		{"later, told as done, cannot fall after the article", "2025-03-12", "2025-03-11", "2025-03-10",
			"Three days later, the envoys met again in Riyadh.", nil},
		{"later, planned, may fall after the article", "2025-03-12", "2025-03-11", "2025-03-10",
			"The 30-day ceasefire would begin three days later.", []string{"2025-03-13 planned"}},
		{"a counted length is no date", "2025-03-12", "2025-03-11", "2025-03-10",
			"The leaders demanded a 30-day ceasefire starting on Monday.", []string{"2025-03-17 planned"}},
		{"later, without a date to count from", "2025-03-01", "", "",
			"Three days later, the two sides met again.", nil},
		{"fronted after: the event counted from is undated", "2025-02-25", "2025-02-24", "",
			"Two days after the vote, the minister resigned.", nil},
		{"a duration, not a date", "2025-03-19", "2025-03-18", "",
			"Putin agreed on Tuesday to stop attacks for 30 days after the call.", []string{"2025-03-18 past"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parse := func(s string) time.Time {
				if s == "" {
					return time.Time{}
				}
				d, err := time.Parse(time.DateOnly, s)
				if err != nil {
					t.Fatal(err)
				}
				return d
			}
			pub := parse(tt.pub)
			ds, counted := datesOf(tt.text, pub)
			var got []string
			for _, d := range dateCounted(tt.text, ds, counted, pub, parse(tt.base), parse(tt.prev)) {
				got = append(got, fmtDate(d.date)+" "+string(d.tense))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestWeekdayStartingAhead: a weekday a thing is to start from is ahead of
// the article even when the sentence reports in the past; a range keeps the
// tense of its clause.
func TestWeekdayStartingAhead(t *testing.T) {
	tests := []struct {
		name, pub, text, phrase, want string
	}{
		{"starting on", "2025-05-10", "The leaders called on Russia on Saturday to accept a 30-day ceasefire starting on Monday.", "on Monday", "2025-05-12 planned"},
		{"from", "2025-05-11", "He did not respond to the demand for a 30-day ceasefire from Monday.", "Monday", "2025-05-12 planned"},
		{"to begin on", "2025-05-11", "They said the truce was to begin on Monday.", "on Monday", "2025-05-12 planned"},
		{"beginning", "2025-05-11", "Zelensky said the first step had to be a ceasefire beginning Monday.", "Monday", "2025-05-12 planned"},
		{"a range in the past", "2025-05-11", "The talks ran from Monday to Wednesday.", "Monday", "2025-05-05 past"},
		{"a past start", "2025-05-11", "The truce began on Thursday.", "on Thursday", "2025-05-08 past"},
		{"resumed from", "2025-03-12", "Strikes on the grid resumed from Monday, officials said.", "Monday", "2025-03-10 past"},
		{"ran from, reported", "2025-03-07", "The strike ran from Monday, officials said on Thursday.", "Monday", "2025-03-03 past"},
		{"starting, then lifted", "2025-03-07", "The ban, starting on Monday, was lifted on Thursday.", "on Monday", "2025-03-03 past"},
		{"announced a truce from", "2025-05-11", "Moscow announced a truce from Monday.", "Monday", "2025-05-12 planned"},
		{"a proposed truce starting", "2025-05-11", "Kyiv backed a proposed truce starting on Monday.", "on Monday", "2025-05-12 planned"},
		{"was agreed", "2025-05-10", "A ceasefire starting on Monday was agreed on Saturday.", "on Monday", "2025-05-12 planned"},
		// A second predicate after ", and" is its own clause: "warned" does
		// not make the start of the ceasefire past.
		{"and warned", "2025-05-10", "The leaders called on Russia on Saturday to accept a 30-day ceasefire starting on Monday, and warned of tougher sanctions if Moscow refused.", "on Monday", "2025-05-12 planned"},
		{"and then lifted", "2025-03-07", "The ban, starting on Monday, was lifted on Thursday, and traffic resumed.", "on Monday", "2025-03-03 past"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub, _ := time.Parse(time.DateOnly, tt.pub)
			var got string
			for _, d := range dateSentence(tt.text, pub) {
				if strings.HasPrefix(d.text, tt.phrase) {
					got = fmtDate(d.date) + " " + string(d.tense)
				}
			}
			if got != tt.want {
				t.Errorf("%q: %q → %q, want %q", tt.text, tt.phrase, got, tt.want)
			}
		})
	}
}

// TestRangesWithTimesOfDay: "the start of May 8" is a day, not the month,
// and a range may name where in its days it starts and ends.
func TestRangesWithTimesOfDay(t *testing.T) {
	tests := []struct {
		name, pub, text, want string // want: "date..end tense" of every date
	}{
		{"start of a day", "2025-04-29", "The truce will run from midnight at the start of May 8 until midnight at the end of May 10.",
			"2025-05-08..2025-05-10 planned"},
		{"until the end of a day", "2025-04-21", "Putin ordered a halt from Saturday until the end of Sunday.",
			"2025-04-19..2025-04-20 past"},
		{"the start of a month", "2025-04-29", "Talks could resume at the start of June.",
			"2025-06-01..2025-06-10 planned"},
		{"two days are no range", "2025-04-21", "Kyiv said on Saturday that the end of the truce came on Sunday.",
			"2025-04-19.. past; 2025-04-20.. past"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub, _ := time.Parse(time.DateOnly, tt.pub)
			var got []string
			for _, d := range dateSentence(tt.text, pub) {
				got = append(got, fmtDate(d.date)+".."+fmtDate(d.span.end)+" "+string(d.tense))
			}
			if g := strings.Join(got, "; "); g != tt.want {
				t.Errorf("%q: %s, want %s", tt.text, g, tt.want)
			}
		})
	}
}

// TestHasPartWord checks the cheap guard before partPeriod: whole part
// words only, so "weekend", "attend" and "later" do not run the pattern.
func TestHasPartWord(t *testing.T) {
	for s, want := range map[string]bool{
		"at the end of the week":           true,
		"mid-march":                        true,
		"in the middle of next month":      true,
		"late last year":                   true,
		"early":                            true,
		"over the weekend":                 false,
		"they will attend later this week": false,
		"the early-warning calendar":       true,
		"a midweek summit":                 false,
		"restarted":                        false,
	} {
		if got := hasPartWord(s); got != want {
			t.Errorf("hasPartWord(%q) = %v, want %v", s, got, want)
		}
	}
}
