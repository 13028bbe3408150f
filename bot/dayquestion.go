package bot

import (
	"context"
	"errors"
	"regexp"
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

// calendarAsk is what a question that asks only what happened at a time
// names: a day ("what happened on feb 18", "events of 11 March 2025"), a
// weekday ("what happened on tuesday") or a day by today's date ("what
// happened yesterday", "any news this week").
type calendarAsk struct {
	day      askedDay // month and day set: a day
	until    askedDay // month and day set: the last day of a span from day ("between feb 18 and feb 24")
	weekday  time.Weekday
	weekdays bool // weekday is set
	relative bool // yesterday, today, this week
	latest   bool // "what's the latest", "any updates": the newest day the articles report
	next     bool // "what's next", "what happens next": the plans after it
}

// spanWords stand between the days of a span ("between feb 18 and feb
// 24", "from march 1 to march 3").
var spanWords = sync.OnceValue(func() map[string]bool { return wordSet(`between from to till until through and`) })

// weekOfMonth matches "the first week of march", "last week of feb": the
// groups are which week and the month.
var weekOfMonth = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(first|1st|second|2nd|third|3rd|fourth|4th|last|final)\s+week\s+(?:of|in)\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b`)
})

// weekSpan returns the first and last days of the week of a month that
// weekOfMonth read: days 1–7, 8–14, 15–21, 22–28, and the last seven.
func weekSpan(which, month string) (from, until askedDay) {
	m, _ := monthNamed(month)
	switch strings.ToLower(which) {
	case "first", "1st":
		return askedDay{month: m, day: 1}, askedDay{month: m, day: 7}
	case "second", "2nd":
		return askedDay{month: m, day: 8}, askedDay{month: m, day: 14}
	case "third", "3rd":
		return askedDay{month: m, day: 15}, askedDay{month: m, day: 21}
	case "fourth", "4th":
		return askedDay{month: m, day: 22}, askedDay{month: m, day: 28}
	}
	// The last seven days, in a year without one given: February's 22nd
	// to 28th (a leap year's 29th is left to "what happened on feb 29").
	last := monthDays(m)
	return askedDay{month: m, day: last - 6}, askedDay{month: m, day: last}
}

// nextWords ask for what is planned after the newest news ("what's next",
// "anything upcoming").
var nextWords = wordSet(`next upcoming planned scheduled ahead`)

// latestWords ask for the newest news the articles hold, whatever its day
// ("what's new", "any news?", "latest?"). Some are filler words, which the
// terms lack: calendarQuestion reads them in the question itself.
var latestWords = wordSet(`latest recent recently newest new news update updates developments tldr recap`)

// relativeWords name a day or week by today's date, which the articles
// cannot be asked by: they were written on days of their own.
var relativeWords = wordSet(`yesterday today tonight tomorrow week weekend`)

// calendarQuestion reads a question whose terms are only a time and words
// for happening, and the topic's words (setting: "what's the latest on the
// talks"). Two different days ("between feb 18 and feb 24") or weekdays
// are a span, not one time.
func calendarQuestion(question string, terms []qterm, setting map[string]bool) (calendarAsk, bool) {
	var c calendarAsk
	var month time.Month                               // a month asked about without a day
	week := weekOfMonth().FindStringSubmatch(question) // "the last week of feb"
	if week != nil {
		c.day, c.until = weekSpan(week[1], week[2])
	}
	for _, t := range terms {
		w := strings.ToLower(t.word)
		wd, isWeekday := weekdayOf(t.word)
		switch {
		case week != nil && (t.month != 0 && t.day == 0 || w == "week" || w == strings.ToLower(week[1])):
			// the words of the week asked about
		case t.day != 0 && week != nil:
			return calendarAsk{}, false // "march 3 in the first week of march": not one time
		case t.month != 0 && t.day == 0 && t.ofDay == 0:
			if month != 0 && month != t.month {
				return calendarAsk{}, false // two months
			}
			month = t.month // "what happened in february": the month's span, below
		case t.day != 0:
			if c.day.day != 0 && (c.day.month != t.month || c.day.day != t.day) {
				if c.until.day != 0 {
					return calendarAsk{}, false // a third day
				}
				// Two days: the span between them.
				c.until = askedDay{month: t.month, day: t.day}
				if c.until.month < c.day.month || c.until.month == c.day.month && c.until.day < c.day.day {
					c.day, c.until = c.until, c.day
				}
				continue
			}
			c.day.month, c.day.day = t.month, t.day
		case t.ofDay != 0:
		case isYear(t.word):
			c.day.year, _ = strconv.Atoi(t.word)
			c.until.year = c.day.year
		case isWeekday:
			if c.weekdays && wd != c.weekday {
				return calendarAsk{}, false
			}
			c.weekday, c.weekdays = wd, true
		case relativeWords[w]:
			c.relative = true
		case nextWords[w]:
			c.next = true
		case happenWords[w], spanWords()[w], w == "last", w == "this", w == "any", setting[t.term]:
		default:
			return calendarAsk{}, false
		}
	}
	if month != 0 {
		if c.day.day != 0 {
			return calendarAsk{}, false // "feb 18 in march"
		}
		year := c.day.year
		c.day = askedDay{month: month, day: 1, year: year}
		c.until = askedDay{month: month, day: monthDays(month), year: year}
	}
	// Most questions have a term of another kind and are gone by now: the
	// question's words are read only for the rest.
	for _, loc := range wordSpans(question) {
		if latestWords[strings.ToLower(question[loc[0]:loc[1]])] {
			c.latest = true
			break
		}
	}
	// "next tuesday", "next week" name a day; "what's next?" asks for plans.
	c.next = c.next && c.day.day == 0 && !c.weekdays && !c.relative
	return c, c.day.day != 0 || c.weekdays || c.relative || c.latest || c.next
}

func isYear(w string) bool {
	if len(w) != 4 || !allDigits(w) {
		return false // not Atoi's error, made for every word of a question
	}
	n, _ := strconv.Atoi(w)
	return n >= 1900 && n <= 2100
}

// allDigits reports whether s is all ASCII digits, and not empty.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
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
	done chan struct{} // closed once tl and err are set
	tl   *timeline.Timeline
	err  error
}

// get returns the timeline, building it on the first call. The build is
// not the asker's: a question that ends while it runs (Ctrl-C, its
// deadline) stops waiting, and the build goes on for the next question.
func (s *snapshotEvents) get(ctx context.Context, ix *retrieval.Index) (*timeline.Timeline, error) {
	s.once.Do(func() {
		s.done = make(chan struct{})
		go func() {
			defer close(s.done)
			s.tl, s.err = timeline.NewContext(context.WithoutCancel(ctx), ix)
		}()
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case <-s.done:
		return s.tl, s.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
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

// eventReader gives every event of a snapshot's timeline.
type eventReader func() ([]timeline.Event, error)

// questionEvents returns the reader of the snapshot's events for one
// question: they are read on its first call only, as a question may need
// them for the days it names and again for the day it asks about.
func (s *Snapshot) questionEvents(ctx context.Context) eventReader {
	return sync.OnceValues(func() ([]timeline.Event, error) { return s.events(ctx) })
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

// calendarAnswer answers a question that asks only what happened at a time
// from the timeline: the events of the day it names (sources are their
// passages, for the model to read first), or, without a model, which
// weekday or which days the articles cover when it names a weekday or a
// day by today's date (an abstention). nil when the timeline has nothing
// for it.
func (e *Engine) calendarAnswer(read eventReader, question string, c calendarAsk) (*Answer, []retrieval.Result, error) {
	switch {
	case c.until.day != 0:
		return e.spanAnswer(read, question, c.day, c.until, "")
	case c.day.day != 0:
		return e.dayAnswer(read, question, c.day)
	case c.next:
		return e.nextAnswer(read, question)
	case c.latest && !c.relative && !c.weekdays:
		// "Any news this week?" asks by today's date, which the
		// articles were not written on: that is said below.
		return e.latestAnswer(read, question)
	case e.model != nil:
		return nil, nil, nil // the model gets "what happened on tuesday" as asked
	case c.relative:
		ans, err := whichDay(read, question)
		return ans, nil, err
	default:
		days, err := weekdayDates(read, c.weekday)
		if err != nil || len(days) != 1 {
			return whichWeekday(question, c.weekday, days), nil, err
		}
		// One day of that name: it is the one asked about.
		d := days[0]
		ans, sources, err := e.dayAnswer(read, question, askedDay{month: d.Month(), day: d.Day(), year: d.Year()})
		if ans != nil {
			ans.Text = d.Format("Monday, January 2, 2006") + ", the only " + d.Weekday().String() + " the articles report on: " + ans.Text
		}
		return ans, sources, err
	}
}

// dayAnswer quotes up to maxSentences of the events of the asked day, each
// cited to the passage that reports it, or returns nil when the timeline
// has none. sources are the passages of all the day's events, for the
// model to read.
func (e *Engine) dayAnswer(read eventReader, question string, d askedDay) (ans *Answer, sources []retrieval.Result, err error) {
	all, err := read()
	if err != nil {
		return nil, nil, err
	}
	ans, sources = eventsAnswer(question, eventsOn(all, d))
	return ans, sources, nil
}

// maxSpanDays bounds the days a span's answer quotes, one event each.
const maxSpanDays = 5

// spanAnswer quotes the events from one day to another ("the last week of
// feb"): of the days with events done, up to maxSpanDays spread over the
// span, one event each, in date order;
// nil when the timeline has none. Each quote is the article's words and
// nothing else, as in every answer; the head says the span, after lead
// when there is one. sources are
// the passages of all the span's events, for the model to read.
func (e *Engine) spanAnswer(read eventReader, question string, from, until askedDay, lead string) (*Answer, []retrieval.Result, error) {
	all, err := read()
	if err != nil {
		return nil, nil, err
	}
	type dayEvents struct {
		day   time.Time
		quote dayQuote // the one quoted: one that says who it is about, if the day has one
	}
	// The span's events done, each on its first day (a range once), read
	// in one pass: a timeline of many years is not walked day by day.
	byDay := map[time.Time][]timeline.Event{}
	var dates []time.Time
	for _, ev := range all {
		if ev.Granularity != timeline.Day || ev.Tense == timeline.Planned || !inSpan(ev.Date, from, until) {
			continue
		}
		if _, ok := byDay[ev.Date]; !ok {
			dates = append(dates, ev.Date)
		}
		byDay[ev.Date] = append(byDay[ev.Date], ev)
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	var days []dayEvents
	var sources []retrieval.Result
	for _, d := range dates {
		done := byDay[d]
		picks := dayPicks(done)
		if len(picks) == 0 {
			continue
		}
		// One that says who it is about rather than "On Saturday he was
		// welcomed ..." or "The vote came ...", whose sentence before is
		// not quoted.
		i := max(0, slices.IndexFunc(picks, func(q dayQuote) bool { return !leansOnBefore(q.text) }))
		days = append(days, dayEvents{d, picks[i]})
		for _, ev := range done {
			for _, src := range ev.Sources {
				sources = append(sources, retrieval.Result{Article: src.Article, Passage: src.Passage})
			}
		}
	}
	if len(days) == 0 {
		return noEventsIn(all, question, from, until), nil, nil
	}
	first, last := days[0].day, days[len(days)-1].day // the span's days with events, quoted or not
	if clear := slices.DeleteFunc(slices.Clone(days), func(d dayEvents) bool { return leansOnBefore(d.quote.text) }); len(clear) > 0 {
		days = clear // the days whose events can be quoted alone
	}
	var qs []dayQuote
	for _, d := range spread(days, maxSpanDays) {
		if !slices.ContainsFunc(qs, func(q dayQuote) bool { return q.text == d.quote.text }) {
			qs = append(qs, d.quote)
		}
	}
	head := "From " + daysSpan(first, last) + ", the articles report: "
	switch {
	case from == until:
		head = "On " + first.Format("January 2, 2006") + ", the articles report: " // one day asked
	case first.Equal(last):
		head = "On " + first.Format("January 2, 2006") + ", the only day of that span the articles report on: "
	}
	if lead != "" {
		// "The Oval Office clash: February 28, 2025. In the week after
		// it, from March 1 ...": what the span follows comes first.
		head = lead + strings.ToLower(head[:1]) + head[1:]
	}
	ans := quotedAnswer(question, head, qs)
	if ans == nil {
		return nil, nil, nil
	}
	return ans, sources, nil
}

// noEventsIn is the refusal of a span the timeline has no events in,
// which says the days the articles do report ("what happened in march" of
// articles that end in February); nil when they report none.
func noEventsIn(all []timeline.Event, question string, from, until askedDay) *Answer {
	first, last := reportedDays(all)
	if first.IsZero() {
		return nil
	}
	asked := time.Date(2001, from.month, from.day, 0, 0, 0, 0, time.UTC).Format("January 2") + " to " +
		time.Date(2001, until.month, until.day, 0, 0, 0, 0, time.UTC).Format("January 2")
	if from.year != 0 {
		asked += ", " + strconv.Itoa(from.year)
	}
	return &Answer{Question: question, Mode: ModeExtractive, Abstained: true,
		Text: "The articles report no events from " + asked + ": the events they report run from " + daysSpan(first, last) + "."}
}

// leansOnBefore reports whether a sentence needs the one before it to be
// understood: it opens by referring back ("He said", "The two", "The vote
// came ..."), or has a pronoun for its subject among its first words ("On
// Saturday he was welcomed").
func leansOnBefore(s string) bool {
	return anaphor().MatchString(s) || definiteOpening().MatchString(s) || earlyPronoun().MatchString(s) || relativeOffset().MatchString(s)
}

// relativeOffset matches a span counted from a time the sentence does not
// say: "Israel began its strikes on Iran three days earlier." is dated by
// the sentence before it.
var relativeOffset = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|a few|several|\d+)\s+)?(?:hours?|days?|weeks?|months?|years?)\s+(?:earlier|later)\b`)
})

// earlyPronoun matches a person's pronoun among a sentence's first words.
var earlyPronoun = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:\S+\s+){0,3}(?:he|she|they)\b`)
})

// inSpan reports whether day d falls from one asked day to another, in
// the year asked or, when none is, in any year.
func inSpan(d time.Time, from, until askedDay) bool {
	if from.year != 0 && d.Year() != from.year {
		return false
	}
	md := int(d.Month())*100 + d.Day()
	return md >= int(from.month)*100+from.day && md <= int(until.month)*100+until.day
}

// eventsAnswer quotes up to maxSentences of events (see dayPicks), each
// cited to the passage that reports it; nil when none can be quoted.
// sources are the passages of all of them, for the model to read.
func eventsAnswer(question string, events []timeline.Event) (ans *Answer, sources []retrieval.Result) {
	if len(events) == 0 {
		return nil, nil
	}
	for _, ev := range events {
		for _, src := range ev.Sources {
			sources = append(sources, retrieval.Result{Article: src.Article, Passage: src.Passage})
		}
	}
	ans = quotedAnswer(question, "", dayPicks(events))
	if ans == nil {
		return nil, nil // no event's words stand in a passage to cite
	}
	return ans, sources
}

// quotedAnswer is the extractive answer that quotes qs in order, each cited
// to its passage, after head; nil when there is nothing to quote. Day,
// span, comparison and summary answers are all written so.
func quotedAnswer(question, head string, qs []dayQuote) *Answer {
	w := quoteWriter{quotes: make([]quote, 0, len(qs))}
	for _, q := range qs {
		if a, ok := antecedent(q); ok && !slices.ContainsFunc(qs, func(o dayQuote) bool { return o.text == a.text }) &&
			!strings.Contains(w.b.String(), a.text) {
			// "On Saturday he was welcomed by Starmer": after the
			// sentence that says who he is, as the judge's answers do.
			w.quote(clipQuote(a.text, maxQuoteChars), a.result())
		}
		w.quote(clipQuote(q.text, maxQuoteChars), q.result())
	}
	return w.answer(question, head)
}

// timeWords are the words that date a sentence by another ("earlier in
// the day", "later"), which temporal does not read as a date.
var timeWords = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:earlier|later|day|days|week|weeks|month|months|ago|afterwards|then)\b`)
})

// antecedent returns the sentence before q in its article, when q's
// subject is a person's pronoun only that sentence names ("On Saturday he
// was welcomed ...", "He said ..."), and that sentence does not itself
// lean on the one before it.
func antecedent(q dayQuote) (dayQuote, bool) {
	if _, pronoun := refersBack(q.text); !pronoun {
		return dayQuote{}, false
	}
	p := q.src.Passage
	sents := withinQuotes(retrieval.SplitSentences(p.Text))
	i := slices.IndexFunc(sents, func(s string) bool { return strings.Contains(s, q.text) })
	var before dayQuote
	switch {
	case i > 0:
		before = dayQuote{src: q.src, text: sents[i-1]}
	case i == 0 && p.N > 1 && p.N-2 < len(q.src.Article.Passages):
		prev := q.src.Article.Passages[p.N-2]
		ps := withinQuotes(retrieval.SplitSentences(prev.Text))
		if len(ps) == 0 {
			return dayQuote{}, false
		}
		before = dayQuote{src: timeline.Source{Article: q.src.Article, Passage: prev}, text: ps[len(ps)-1]}
	default:
		return dayQuote{}, false
	}
	if anaphoric, _ := refersBack(before.text); anaphoric {
		return dayQuote{}, false // it would dangle in turn
	}
	if temporal.MatchString(before.text) || timeWords().MatchString(before.text) {
		// "Zelensky had met King Charles earlier in the day": under the
		// answer's day it would read as that day's, which it may not be.
		return dayQuote{}, false
	}
	return before, true
}

// result is the passage q cites.
func (q dayQuote) result() retrieval.Result {
	return retrieval.Result{Article: q.src.Article, Passage: q.src.Passage}
}

// spread returns n of xs spread over them, first and last included, in
// order; xs itself when it has no more than n.
func spread[T any](xs []T, n int) []T {
	if len(xs) <= n {
		return xs
	}
	out := make([]T, 0, n)
	for i := range n {
		out = append(out, xs[i*(len(xs)-1)/(n-1)])
	}
	return out
}

// monthDays is how many days month m has, in a year that is no leap year
// (the questions that need it give no year).
func monthDays(m time.Month) int {
	return time.Date(2001, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// latestAnswer answers "what's the latest?" with the events of the newest
// day the timeline reports as done (plans for a later day are not news
// yet), headed by that day, as the question gives none; nil when the
// timeline has no day.
func (e *Engine) latestAnswer(read eventReader, question string) (*Answer, []retrieval.Result, error) {
	all, last, err := newsDays(read)
	if err != nil || last.IsZero() {
		return nil, nil, err
	}
	// What was done that day: a plan for it, made days before ("will
	// meet ... on Tuesday"), is no news of it.
	done := slices.DeleteFunc(eventsOn(all, askedDay{month: last.Month(), day: last.Day(), year: last.Year()}),
		func(ev timeline.Event) bool { return ev.Tense == timeline.Planned })
	ans, sources := eventsAnswer(question, done)
	if ans != nil {
		ans.Text = "The latest the articles report, from " + last.Format("January 2, 2006") + ": " + ans.Text
	}
	return ans, sources, nil
}

// newsDays reads the timeline's events and the newest day it reports as
// done, zero for none: plans for a later day are not news yet.
func newsDays(read eventReader) (all []timeline.Event, last time.Time, err error) {
	if all, err = read(); err != nil {
		return nil, time.Time{}, err
	}
	for _, ev := range all {
		if ev.Granularity == timeline.Day && ev.Tense != timeline.Planned && ev.Date.After(last) {
			last = ev.Date
		}
	}
	return all, last, nil
}

// nextAnswer answers "what's next?" with the plans the articles report for
// after the newest day they report as done, soonest first; an abstention
// that says so when they report none.
func (e *Engine) nextAnswer(read eventReader, question string) (*Answer, []retrieval.Result, error) {
	all, last, err := newsDays(read)
	if err != nil || last.IsZero() {
		return nil, nil, err
	}
	var plans []timeline.Event
	for _, ev := range all {
		if ev.Tense == timeline.Planned && ev.Last().After(last) {
			plans = append(plans, ev)
		}
	}
	ans, sources := eventsAnswer(question, plans) // all is in date order: soonest first
	if ans == nil && e.model != nil {
		return nil, nil, nil // the model reads the question's passages: it may find a plan the timeline did not date
	}
	if ans == nil {
		return &Answer{Question: question, Mode: ModeExtractive, Abstained: true,
			Text: "The articles report no plans after " + last.Format("January 2, 2006") + ", the last day they report on."}, nil, nil
	}
	ans.Text = "Planned after " + last.Format("January 2, 2006") + ", the last day the articles report on: " + ans.Text
	return ans, sources, nil
}

// dayPicks chooses the events an answer about a day quotes: up to
// maxSentences, one from each article first (a day's story is told by
// several: the anniversary in Kyiv, the UN vote, a visit to Washington),
// then more from the same ones, in the timeline's order.
func dayPicks(events []timeline.Event) []dayQuote {
	quotes := make([]dayQuote, len(events)) // text "": its words stand in no passage it can cite
	for i, ev := range events {
		if src, ok := quotedIn(ev); ok {
			quotes[i] = dayQuote{src: src, text: sentenceOf(ev, src)}
		}
	}
	picked := map[int]bool{}
	used := map[string]bool{}   // articles quoted
	quoted := map[string]bool{} // sentences quoted
	for pass := 0; pass < 2 && len(picked) < maxSentences; pass++ {
		for i, q := range quotes {
			if len(picked) == maxSentences {
				break
			}
			art := q.src.Article.ID
			if q.text == "" || picked[i] || pass == 0 && used[art] || quoted[q.text] {
				continue
			}
			picked[i], used[art], quoted[q.text] = true, true, true
		}
	}
	var out []dayQuote // in the timeline's order
	for i, q := range quotes {
		if picked[i] {
			out = append(out, q)
		}
	}
	return out
}

// dayQuote is an event as a day's answer quotes it: the whole sentence
// that holds its words, and the passage to cite for it.
type dayQuote struct {
	src  timeline.Source
	text string
}

// sentenceOf returns the whole sentence of src's passage that holds the
// event's words. The timeline cuts a sentence of two dates into clauses
// ("The Kremlin said on Wednesday that ... United States…" and "…to follow
// up on a high-level meeting last week…"), each dated; an answer quotes
// the sentence, not half of it.
func sentenceOf(ev timeline.Event, src timeline.Source) string {
	text := strings.TrimSpace(strings.Trim(strings.TrimSpace(ev.Text), "…"))
	for _, s := range withinQuotes(retrieval.SplitSentences(src.Passage.Text)) { // as every extractive answer quotes
		if strings.Contains(s, text) {
			return s
		}
	}
	return ev.Text
}

// quotedIn returns the source of an event whose passage holds its words
// as quoted. An event several articles report is told in the words of one
// of them, and its quote must cite that one, not the first that reports it.
func quotedIn(ev timeline.Event) (timeline.Source, bool) {
	text := strings.TrimSpace(strings.Trim(strings.TrimSpace(ev.Text), "…"))
	for _, src := range ev.Sources {
		if strings.Contains(src.Passage.Text, text) {
			return src, true
		}
	}
	return timeline.Source{}, false
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

// daySentences are the statements the timeline dates to one day, by the
// passage that holds them.
type daySentences struct {
	by map[string]*datedPassage
	// written says that a passage of the judge's pool writes the day
	// itself ("on Feb. 18").
	written bool
}

type datedPassage struct {
	res   retrieval.Result
	texts []string
}

// holds reports whether sentence s of passage id is (part of) one of them.
func (d *daySentences) holds(id, s string) bool {
	if d == nil {
		return false
	}
	if p := d.by[id]; p != nil {
		for _, text := range p.texts {
			if strings.Contains(text, s) || strings.Contains(s, text) {
				return true
			}
		}
	}
	return false
}

// dayEvents are, for each day a question names, the sentences the timeline
// dates to it. The articles seldom write the day they report ("on Tuesday"
// in the story of Feb. 18): a sentence dated to the day asked about says
// it, for ranking and answering alike.
type dayEvents map[askedDay]*daySentences

// lend gives the terms of each day asked about its dated sentences, and
// makes the day's number known when the timeline has events on it: "how
// many votes on feb 24" is not refused for a "24" the articles never write
// beside "Feb.".
func (d dayEvents) lend(terms []qterm) {
	if len(d) == 0 {
		return
	}
	for i, t := range terms {
		day := max(t.day, t.ofDay)
		if day == 0 {
			continue
		}
		ds := d[askedDay{month: t.month, day: day}]
		if ds == nil || len(ds.by) == 0 {
			continue
		}
		terms[i].dated = ds
		if !t.known {
			terms[i].known, terms[i].avail = true, 1
		}
	}
}

// askedDays returns the days (month and day, any year) question names:
// "Feb 18", "18 February", "march 11th".
func askedDays(question string) []askedDay {
	var out []askedDay
	for _, m := range dayOfMonth().FindAllString(question, -1) {
		mo, n, ok := readDay(m)
		if ok && !slices.Contains(out, askedDay{month: mo, day: n}) {
			out = append(out, askedDay{month: mo, day: n})
		}
	}
	return out
}

// daysOf returns the dated sentences of each day question names, from the
// snapshot's timeline; nil when it names none or the timeline cannot be
// had.
func (e *Engine) daysOf(read eventReader, question string) dayEvents {
	asked := askedDays(question)
	if len(asked) == 0 {
		return nil
	}
	all, err := read()
	if err != nil {
		if !errors.Is(err, context.Canceled) { // the asker left: nothing went wrong
			e.logger.Warn("no timeline for the day a question names", "err", err)
		}
		return nil
	}
	out := dayEvents{}
	for _, d := range asked {
		ds := &daySentences{by: map[string]*datedPassage{}}
		for _, ev := range eventsOn(all, d) {
			for _, src := range ev.Sources {
				p := ds.by[src.Passage.ID]
				if p == nil {
					p = &datedPassage{res: retrieval.Result{Article: src.Article, Passage: src.Passage}}
					ds.by[src.Passage.ID] = p
				}
				p.texts = append(p.texts, ev.Text)
			}
		}
		out[d] = ds
	}
	return out
}

// widen adds to pool the passages that hold the asked days' events, which
// the question's words alone seldom retrieve ("what did they agree on feb
// 18": the story says "on Tuesday"), in the timeline's order.
func (d dayEvents) widen(pool []retrieval.Result) []retrieval.Result {
	if len(d) == 0 {
		return pool
	}
	in := map[string]bool{}
	for _, r := range pool {
		in[r.Passage.ID] = true
	}
	var ids []string
	for _, ds := range d {
		for id := range ds.by {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids) // map order is random; answers must not be
	for _, id := range ids {
		if in[id] {
			continue
		}
		in[id] = true
		for _, ds := range d {
			if p := ds.by[id]; p != nil {
				pool = append(pool, p.res)
				break
			}
		}
	}
	return pool
}

// written notes, for each day asked about, whether a passage of pool
// writes it.
func (d dayEvents) written(pool []retrieval.Result) {
	for day, ds := range d {
		ds.written = slices.ContainsFunc(pool, func(r retrieval.Result) bool {
			return writesDay(r.Passage.Text, day.month, day.day)
		})
	}
}

// weekdayOf reads a weekday's name ("tuesday", "Tuesday").
func weekdayOf(w string) (time.Weekday, bool) {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.EqualFold(w, d.String()) {
			return d, true
		}
	}
	return 0, false
}

// weekdayDates returns the days of the weekday wd the timeline has events
// on, latest first.
func weekdayDates(read eventReader, wd time.Weekday) ([]time.Time, error) {
	all, err := read()
	if err != nil {
		return nil, err
	}
	var days []time.Time
	seen := map[time.Time]bool{}
	for _, ev := range all {
		if ev.Granularity == timeline.Day && ev.Date.Weekday() == wd && !seen[ev.Date] {
			seen[ev.Date] = true
			days = append(days, ev.Date)
		}
	}
	slices.SortFunc(days, func(a, b time.Time) int { return b.Compare(a) })
	return days, nil
}

// whichWeekday answers "what happened on tuesday" with the question it
// leaves open: days, the days of that name the timeline has events on
// (latest first), to ask about by date. nil when there are none.
func whichWeekday(question string, wd time.Weekday, days []time.Time) *Answer {
	if len(days) == 0 {
		return nil
	}
	shown := days[:min(len(days), 5)]
	oneYear := !slices.ContainsFunc(shown, func(d time.Time) bool { return d.Year() != shown[0].Year() })
	var names []string
	for _, d := range shown {
		if oneYear {
			names = append(names, d.Format("January 2"))
		} else {
			names = append(names, d.Format("January 2 2006"))
		}
	}
	list := joinAnd(names)
	if oneYear {
		list += ", " + strconv.Itoa(shown[0].Year())
	}
	text := "Which " + wd.String() + "? The articles report events on " + list
	if len(days) > len(shown) {
		text += ", and on " + strconv.Itoa(len(days)-len(shown)) + " earlier " + wd.String() + "s"
	}
	return &Answer{Question: question, Mode: ModeExtractive, Abstained: true,
		Text: text + ". Ask about one by its date, as in \u201cwhat happened on " + days[0].Format("January 2") + "?\u201d"}
}

// joinAnd joins words as a list: "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// whichDay answers a question about "yesterday" or "this week" with the
// days the articles span, to ask about by date; nil when the timeline has
// no dated event.
func whichDay(read eventReader, question string) (*Answer, error) {
	all, err := read()
	if err != nil {
		return nil, err
	}
	first, last := reportedDays(all)
	if first.IsZero() {
		return nil, nil
	}
	return &Answer{Question: question, Mode: ModeExtractive, Abstained: true,
		Text: "The articles are not today's news: the events they report run from " + daysSpan(first, last) +
			". Ask about a day by its date, as in \u201cwhat happened on " + last.Format("January 2") + "?\u201d"}, nil
}

// reportedDays returns the first and last days of the timeline's dated
// events; zero when it has none.
func reportedDays(all []timeline.Event) (first, last time.Time) {
	for _, ev := range all {
		if ev.Granularity != timeline.Day {
			continue
		}
		if first.IsZero() || ev.Date.Before(first) {
			first = ev.Date
		}
		if ev.Last().After(last) {
			last = ev.Last()
		}
	}
	return first, last
}

// daysSpan writes two days as "February 12 to March 25, 2025", with both
// years when they differ.
func daysSpan(first, last time.Time) string {
	if first.Year() == last.Year() {
		return first.Format("January 2") + " to " + last.Format("January 2, 2006")
	}
	return first.Format("January 2, 2006") + " to " + last.Format("January 2, 2006")
}
