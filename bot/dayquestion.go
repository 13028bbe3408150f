package bot

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

// A question that asks only what happened on a day ("what happened on feb
// 18", "March 11?") has no words for BM25 or the judge to weigh but the
// date, and the articles seldom write the date they report: the story of
// Feb. 18 says "on Tuesday". The timeline has read every article's dates,
// relative ones included, so such a question is answered from its events
// of that day.

// askedDay is the day a question asks about: a month and a day, and a
// year when it gives one.
type askedDay struct {
	month time.Month
	day   int
	year  int // 0: any year
}

// happenWords may stand beside the date in a question for the day's events
// ("what went on", "what took place", "the news of").
var happenWords = wordSet(`go went gone going occur occurred take took taken place event events news new on`)

// dayQuestion returns the day a question asks about when its terms are only
// a date (and words for happening): "what happened on feb 18", "events of 11
// March 2025".
func dayQuestion(terms []qterm) (askedDay, bool) {
	var d askedDay
	for _, t := range terms {
		switch {
		case t.day != 0:
			d.month, d.day = t.month, t.day
		case t.ofDay != 0:
		case isYear(t.word):
			d.year, _ = strconv.Atoi(t.word)
		case happenWords[strings.ToLower(t.word)]:
		default:
			return askedDay{}, false
		}
	}
	return d, d.day != 0
}

func isYear(w string) bool {
	n, err := strconv.Atoi(w)
	return err == nil && len(w) == 4 && n >= 1900 && n <= 2100
}

// EventSource gives the events of a corpus's timeline that match f: a
// *timeline.Timeline, or one still being built.
type EventSource interface {
	Events(ctx context.Context, f timeline.Filter) ([]timeline.Event, error)
}

// snapshotEvents is the timeline of a snapshot's corpus, read on the first
// question that needs it when the snapshot came without one.
type snapshotEvents struct {
	once sync.Once
	tl   *timeline.Timeline
	err  error
}

func (s *snapshotEvents) get(ctx context.Context, ix *retrieval.Index) (*timeline.Timeline, error) {
	s.once.Do(func() { s.tl, s.err = timeline.NewContext(context.WithoutCancel(ctx), ix) })
	return s.tl, s.err
}

// events returns every event of the snapshot's timeline.
func (s *Snapshot) events(ctx context.Context) ([]timeline.Event, error) {
	src := s.Timeline
	if src == nil {
		tl, err := s.facts.events.get(ctx, s.Index)
		if err != nil {
			return nil, err
		}
		src = tl
	}
	return src.Events(ctx, timeline.Filter{})
}

// eventsOn returns the events of the day d asks about that had happened
// when reported, then those planned for it, in the timeline's order.
func eventsOn(all []timeline.Event, d askedDay) []timeline.Event {
	var past, planned []timeline.Event
	for _, e := range all {
		if e.Granularity != timeline.Day || !covers(e, d) {
			continue
		}
		if e.Tense == timeline.Planned {
			planned = append(planned, e)
		} else {
			past = append(past, e)
		}
	}
	return append(past, planned...)
}

// covers reports whether event e, a day or a range of days, takes in the
// asked day, in its year or, when the question gives none, in any.
func covers(e timeline.Event, d askedDay) bool {
	for y := e.Date.Year(); y <= e.Last().Year(); y++ {
		if d.year != 0 && y != d.year {
			continue
		}
		day := time.Date(y, d.month, d.day, 0, 0, 0, 0, time.UTC)
		if day.Month() == d.month && !day.Before(e.Date) && !day.After(e.Last()) {
			return true
		}
	}
	return false
}

// dayAnswer quotes up to maxSentences of the events of the asked day, each
// cited to the passage that reports it, or returns nil when the timeline
// has none. sources are the passages of all the day's events, for the
// model to read.
func (e *Engine) dayAnswer(ctx context.Context, question string, snap *Snapshot, d askedDay) (ans *Answer, sources []retrieval.Result, err error) {
	all, err := snap.events(ctx)
	if err != nil {
		return nil, nil, err
	}
	events := eventsOn(all, d)
	if len(events) == 0 {
		return nil, nil, nil
	}
	ans = &Answer{Question: question, Mode: ModeExtractive}
	var cites citations
	var b strings.Builder
	var quoted []string
	for _, ev := range events {
		for _, src := range ev.Sources {
			sources = append(sources, retrieval.Result{Article: src.Article, Passage: src.Passage})
		}
		text := clipQuote(ev.Text, maxQuoteChars)
		if len(quoted) == maxSentences || slices.Contains(quoted, text) {
			continue
		}
		quoted = append(quoted, text)
		src := ev.Sources[0]
		writeQuote(&b, text, cites.add(retrieval.Result{Article: src.Article, Passage: src.Passage}))
	}
	ans.Citations = cites.list
	ans.Text = b.String()
	return ans, sources, nil
}

// withFirst returns first, then the results of rest it lacks, up to n in
// all (at least all of first's distinct passages, up to n).
func withFirst(first, rest []retrieval.Result, n int) []retrieval.Result {
	seen := map[string]bool{}
	var out []retrieval.Result
	for _, r := range append(slices.Clip(first), rest...) {
		if len(out) == n {
			break
		}
		if !seen[r.Passage.ID] {
			seen[r.Passage.ID] = true
			out = append(out, r)
		}
	}
	return out
}
