// Command dateparsers scores date parsers on the timeline's expression cases
// (retrieval/timeline/testdata/expressions.json): sentences from news
// articles, each with the article's date and the date it should yield, or
// none. It is a separate module so the losing parser stays out of talkbot's
// go.mod.
//
//	cd bench/dateparsers && go run . [-v]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	dps "github.com/markusmobius/go-dateparser"
	"github.com/markusmobius/go-dateparser/date"
	"github.com/olebedev/when"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

type exprCase struct {
	Name        string `json:"name"`
	Article     string `json:"article"`
	Text        string `json:"text"`
	Date        string `json:"date"`
	End         string `json:"end"`
	Granularity string `json:"granularity"`
	Tense       string `json:"tense"`
}

// guess is what a parser made of a sentence: the first date it found, the
// end of a range if it gives one, and whether it knew the date only to the
// month.
type guess struct {
	date, end string
	month     bool
}

type parser struct {
	name  string
	parse func(c exprCase, pub time.Time) (guess, error)
}

func main() {
	path := flag.String("cases", "../../retrieval/timeline/testdata/expressions.json", "the expression cases")
	verbose := flag.Bool("v", false, "show every case")
	flag.Parse()
	b, err := os.ReadFile(*path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dateparsers:", err)
		os.Exit(1)
	}
	var cases []exprCase
	if err := json.Unmarshal(b, &cases); err != nil {
		fmt.Fprintf(os.Stderr, "dateparsers: %s: %v\n", *path, err)
		os.Exit(1)
	}
	parsers := []parser{
		{"olebedev/when (EN)", parseWhen},
		{"go-dateparser (Search, default)", func(c exprCase, pub time.Time) (guess, error) { return parseDPS(c, pub, "", false) }},
		{"go-dateparser (ngram search, tense given)", func(c exprCase, pub time.Time) (guess, error) { return parseDPS(c, pub, "ngram", true) }},
		{"talkbot timeline (on go-dateparser)", parseTimeline},
	}
	fmt.Printf("%d cases (%d with a date, %d without)\n\n", len(cases), countDated(cases), len(cases)-countDated(cases))
	fmt.Printf("%-44s %8s %8s\n", "parser", "start", "exact")
	for _, p := range parsers {
		start, exact := 0, 0
		for _, c := range cases {
			pub, _ := time.Parse(time.DateOnly, c.Article)
			g, err := p.parse(c, pub)
			if err != nil {
				g = guess{}
			}
			s, e := score(c, g)
			if s {
				start++
			}
			if e {
				exact++
			}
			if *verbose {
				fmt.Printf("  %-5v %-5v %-36s want %s..%s got %s..%s\n", s, e, c.Name, c.Date, c.End, g.date, g.end)
			}
		}
		fmt.Printf("%-44s %5d/%d %5d/%d\n", p.name, start, len(cases), exact, len(cases))
	}
	fmt.Println("\nstart: the first date found is the expected start (a month-precise guess counts for a month)," +
		"\n       or nothing is found where nothing should be; exact: start and end of range both right.")
}

func countDated(cs []exprCase) int {
	n := 0
	for _, c := range cs {
		if c.Date != "" {
			n++
		}
	}
	return n
}

func score(c exprCase, g guess) (start, exact bool) {
	if c.Date == "" {
		ok := g.date == ""
		return ok, ok
	}
	start = g.date == c.Date || (g.month && c.Granularity == "month" && len(g.date) >= 7 && g.date[:7] == c.Date[:7])
	return start, start && g.end == c.End
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func parseWhen(c exprCase, pub time.Time) (guess, error) {
	r, err := when.EN.Parse(c.Text, pub.Add(12*time.Hour))
	if err != nil || r == nil {
		return guess{}, err
	}
	return guess{date: day(r.Time)}, nil
}

func parseDPS(c exprCase, pub time.Time, strategy string, tense bool) (guess, error) {
	cfg := &dps.Configuration{
		Languages: []string{"en"}, CurrentTime: pub.Add(12 * time.Hour), ReturnTimeSpan: true,
		SearchStrategy: strategy, PreferredDayOfMonth: dps.First,
	}
	if tense {
		switch c.Tense {
		case "past":
			cfg.PreferredDateSource = dps.Past
		case "planned":
			cfg.PreferredDateSource = dps.Future
		}
	}
	_, res, err := dps.Search(cfg, c.Text)
	if err != nil {
		return guess{}, err
	}
	var g guess
	var spanStart string
	for _, r := range res {
		switch {
		case strings.HasSuffix(r.Text, "(start)"):
			spanStart = day(r.Date.Time)
		case strings.HasSuffix(r.Text, "(end)"):
			g.end = day(r.Date.Time)
		case g.date == "":
			g.date = day(r.Date.Time)
			g.month = r.Date.Period == date.Month
		}
	}
	if spanStart != "" {
		g.date, g.month = spanStart, false
	}
	return g, nil
}

// parseTimeline runs talkbot's extraction on a one-sentence article.
func parseTimeline(c exprCase, pub time.Time) (guess, error) {
	a, err := retrieval.ParseArticle("case.txt", []byte("date "+c.Article+" Case\n\n"+c.Text+"\n"))
	if err != nil {
		return guess{}, err
	}
	ix := retrieval.NewIndex(&retrieval.Corpus{Articles: []*retrieval.Article{a}}, retrieval.DefaultParams())
	evs, err := timeline.New(ix).Events(context.Background(), timeline.Filter{})
	if err != nil || len(evs) == 0 {
		return guess{}, err
	}
	g := guess{date: day(evs[0].Date), end: day(evs[0].End), month: evs[0].Granularity == timeline.Month}
	return g, nil
}
