package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/talkbot/talkbot/retrieval/timeline"
)

type timelineJSON struct {
	Events []eventJSON `json:"events"`
}

type eventJSON struct {
	Date        string              `json:"date"`
	EndDate     string              `json:"end_date"` // "" for a single day
	Granularity string              `json:"granularity"`
	Tense       string              `json:"tense"`
	Text        string              `json:"text"`
	Citations   []eventCitationJSON `json:"citations"`
}

type eventCitationJSON struct {
	Article   string `json:"article"`
	PassageID string `json:"passage_id"`
	Headline  string `json:"headline"`
	Publisher string `json:"publisher"`
	Date      string `json:"date"`
}

func runTimeline(ctx context.Context, a *app, args []string) error {
	fs := a.flags("timeline")
	asJSON := fs.Bool("json", false, "print the events as JSON")
	topic := fs.String("topic", "", "keep events whose passages retrieval ranks relevant to this topic")
	fromS := fs.String("from", "", "keep events on or after this day (YYYY-MM-DD)")
	toS := fs.String("to", "", "keep events on or before this day (YYYY-MM-DD)")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("timeline takes no arguments, got %q (use --topic to choose a subject)", pos[0])
	}
	var f timeline.Filter
	f.Topic = strings.TrimSpace(*topic)
	if f.From, err = parseDay("--from", *fromS); err != nil {
		return err
	}
	if f.To, err = parseDay("--to", *toS); err != nil {
		return err
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.From.After(f.To) {
		return usagef("--from %s is after --to %s", *fromS, *toS)
	}
	ix, err := a.loadIndex()
	if err != nil {
		return err
	}
	events, err := timeline.New(ix).Events(ctx, f)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(a.stdout, toTimelineJSON(events))
	}
	if len(events) == 0 {
		fmt.Fprintf(a.stdout, "No events%s.\n", describeFilter(f))
		return nil
	}
	writeTimeline(a, events)
	return nil
}

// parseDay reads a YYYY-MM-DD flag value; empty means no bound.
func parseDay(flag, v string) (time.Time, error) {
	t, err := timeline.ParseDate(v)
	if err != nil {
		return time.Time{}, usagef("%s %v", flag, err)
	}
	return t, nil
}

// describeFilter says which events were asked for: ` about "X" from D to D`.
func describeFilter(f timeline.Filter) string {
	var b strings.Builder
	if f.Topic != "" {
		fmt.Fprintf(&b, " about %q", f.Topic)
	}
	if !f.From.IsZero() {
		fmt.Fprintf(&b, " from %s", f.From.Format(time.DateOnly))
	}
	if !f.To.IsZero() {
		fmt.Fprintf(&b, " to %s", f.To.Format(time.DateOnly))
	}
	if b.Len() == 0 {
		return " in the articles"
	}
	return b.String()
}

func toTimelineJSON(events []timeline.Event) timelineJSON {
	out := timelineJSON{Events: []eventJSON{}}
	for _, e := range events {
		ej := eventJSON{
			Date: e.Date.Format(time.DateOnly), Granularity: string(e.Granularity), Tense: string(e.Tense),
			Text: e.Text, Citations: []eventCitationJSON{},
		}
		if !e.End.IsZero() {
			ej.EndDate = e.End.Format(time.DateOnly)
		}
		for _, s := range e.Sources {
			ej.Citations = append(ej.Citations, eventCitationJSON{
				Article: s.Article.ID, PassageID: s.Passage.ID, Headline: s.Article.Headline,
				Publisher: s.Article.Publisher, Date: s.Article.Date.Format(time.DateOnly),
			})
		}
		out.Events = append(out.Events, ej)
	}
	return out
}

// writeTimeline prints the events under one heading per day, one line
// each with numbered citations, then the numbered sources: each passage is
// numbered once, in order of first use.
func writeTimeline(a *app, events []timeline.Event) {
	num := map[string]int{}
	var sources []timeline.Source
	for i, g := range timeline.Grouped(events) {
		if i > 0 {
			fmt.Fprintln(a.stdout)
		}
		fmt.Fprintln(a.stdout, g.Heading)
		for _, e := range g.Events {
			var marks []string
			for _, s := range e.Sources {
				n, ok := num[s.Passage.ID]
				if !ok {
					sources = append(sources, s)
					n = len(sources)
					num[s.Passage.ID] = n
				}
				marks = append(marks, fmt.Sprintf("[%d]", n))
			}
			planned := ""
			if e.Tense == timeline.Planned {
				planned = "(planned) "
			}
			fmt.Fprintf(a.stdout, "  • %s%s %s\n", planned, e.Text, strings.Join(marks, ""))
		}
	}
	fmt.Fprintln(a.stdout, "\nSources:")
	// The same shape as ask's sources, with the passage, since a timeline
	// cites several passages of one article.
	for i, s := range sources {
		fmt.Fprintf(a.stdout, "[%d] %s, %s, %s, passage %d", i+1, s.Article.Headline, s.Article.Source(), s.Article.Date.Format(time.DateOnly), s.Passage.N)
		if s.Article.URL != "" {
			fmt.Fprintf(a.stdout, " <%s>", s.Article.URL)
		}
		fmt.Fprintln(a.stdout)
	}
}
