// Package timeline turns a corpus into a chronology: dated events found in the
// articles, with relative dates ("on Tuesday", "next week") resolved against
// each article's publication date, every event cited.
package timeline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/talkbot/talkbot/retrieval"
)

// Granularity is how precise an event's date is.
type Granularity string

const (
	Day   Granularity = "day"
	Week  Granularity = "week"
	Month Granularity = "month"
	Year  Granularity = "year"
)

// Tense says whether an event had happened or was planned when reported.
type Tense string

const (
	Past    Tense = "past"
	Planned Tense = "planned"
)

// Source is one passage that reports an event.
type Source struct {
	Article *retrieval.Article
	Passage retrieval.Passage
}

// Event is a dated statement of the corpus.
type Event struct {
	Date        time.Time // start day, UTC midnight
	End         time.Time // last day of a range; zero for a single day
	Granularity Granularity
	Tense       Tense
	Text        string   // the statement, quoted from the passage
	Sources     []Source // at least one; several when articles agree
	// Phrase is the temporal expression the date was read from ("on
	// Tuesday", "last week"); empty when the date comes from the article's
	// framing of an undated statement ("Peskov said").
	Phrase string
}

// Last returns the last day the event covers: End, or Date for a single day.
func (e Event) Last() time.Time {
	if e.End.IsZero() {
		return e.Date
	}
	return e.End
}

// Filter selects events. Zero fields select everything.
type Filter struct {
	Topic    string    // keep events whose passages retrieval ranks relevant
	From, To time.Time // inclusive calendar days; ranges overlapping [From, To] are kept
}

// Errors in a filter, for the transports to show users. Test with
// errors.Is.
var (
	ErrBadDate = errors.New("want a date as YYYY-MM-DD")
	ErrRange   = errors.New("the start date is after the end date")
	// ErrNoSuchDay is a date of the right form that does not exist
	// (2025-02-30); it is ErrBadDate too.
	ErrNoSuchDay = errors.New("no such day")
)

// ParseDate reads a day as users give it in filters: YYYY-MM-DD. An empty
// string is the zero time, no bound.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		if why := noSuchDay(s); why != "" {
			return time.Time{}, noDayError{s, why}
		}
		return time.Time{}, fmt.Errorf("%q: %w", s, ErrBadDate)
	}
	return t, nil
}

// noSuchDay says why s, written as YYYY-MM-DD, names no day of the
// calendar ("February 2025 has 28 days"); "" when s is not of that form,
// or names a day that exists and fails for another reason.
func noSuchDay(s string) string {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return ""
	}
	y, m, d := digitsOf(s[:4]), digitsOf(s[5:7]), digitsOf(s[8:])
	if y < 0 || m < 0 || d < 0 {
		return "" // not all digits: "2025-02-3a", "-001-02-03"
	}
	if m < 1 || m > 12 {
		return fmt.Sprintf("there is no month %d", m)
	}
	last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d >= 1 && d <= last {
		return ""
	}
	return fmt.Sprintf("%s %d has %d days", time.Month(m), y, last)
}

// digitsOf returns the number that s writes in ASCII digits only, -1 when
// it holds anything else.
func digitsOf(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// noDayError is a date of the right form that does not exist, such as
// 2025-02-30: saying "want YYYY-MM-DD" would blame the form. It is still
// ErrBadDate.
type noDayError struct{ s, why string }

func (e noDayError) Error() string        { return fmt.Sprintf("%q: no such day (%s)", e.s, e.why) }
func (e noDayError) Is(target error) bool { return target == ErrBadDate || target == ErrNoSuchDay }

// topicCutoff keeps, of the passages a topic search finds, those scoring at
// least this share of the best, so a passage that only shares a word of its
// headline with the topic does not count as being about it.
const topicCutoff = 0.3

// Timeline holds the events of a corpus, in date order. It is immutable
// and safe for concurrent use.
type Timeline struct {
	index  *retrieval.Index
	events []Event
	topics []topic
}

// New extracts the events of the corpus behind ix.
func New(ix *retrieval.Index) *Timeline {
	t, _ := NewContext(context.Background(), ix)
	return t
}

// NewContext is New that stops between articles when ctx is done, returning
// ctx's error.
func NewContext(ctx context.Context, ix *retrieval.Index) (*Timeline, error) {
	var raws []rawEvent
	for _, a := range ix.Corpus().Articles {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		raws = append(raws, extractArticle(a)...)
	}
	return &Timeline{index: ix, events: merge(raws), topics: findTopics(ix.Corpus())}, nil
}

// Events returns the events that match f, in date order. It fails when ctx
// is done or f.From is after f.To (ErrRange).
func (t *Timeline) Events(ctx context.Context, f Filter) ([]Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Bounds count by calendar day, whatever their clock time or zone.
	if !f.From.IsZero() {
		f.From = day(f.From)
	}
	if !f.To.IsZero() {
		f.To = day(f.To)
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.From.After(f.To) {
		return nil, fmt.Errorf("%w: %s is after %s", ErrRange, f.From.Format(time.DateOnly), f.To.Format(time.DateOnly))
	}
	var relevant map[string]bool
	if strings.TrimSpace(f.Topic) != "" {
		relevant = t.relevant(f.Topic)
	}
	out := []Event{}
	for _, e := range t.events {
		if !f.From.IsZero() && e.Last().Before(f.From) {
			continue
		}
		if !f.To.IsZero() && e.Date.After(f.To) {
			continue
		}
		if relevant != nil && !slices.ContainsFunc(e.Sources, func(s Source) bool { return relevant[s.Passage.ID] }) {
			continue
		}
		out = append(out, e)
	}
	return out, nil
}

// relevant returns the ids of the passages retrieval ranks relevant to a
// topic: those whose own text shares a term with it and that score near the
// best match.
func (t *Timeline) relevant(topic string) map[string]bool {
	out := map[string]bool{}
	terms := map[string]bool{}
	for _, w := range retrieval.Analyze(topic) {
		terms[w] = true
	}
	results := t.index.Search(topic, t.index.Len())
	if len(results) == 0 {
		return out
	}
	best := results[0].Score
	known := topicCountries(terms)
	for _, r := range results {
		if r.Score >= topicCutoff*best {
			if slices.ContainsFunc(retrieval.Analyze(r.Passage.Text), func(w string) bool { return terms[w] }) {
				out[r.Passage.ID] = true
				continue
			}
		} else if r.Score <= 0 {
			break
		}
		// A passage naming the topic's place only as "the Saudi capital"
		// scores by its article's headline alone: below the cutoff, and
		// still about the topic.
		if capitalOf(r, terms, known) {
			out[r.Passage.ID] = true
		}
	}
	return out
}

// capitalByName maps each name of a country, or of a union a capital is
// the seat of, in lower case to its capital in lower case: "saudi" to
// "riyadh", "belgian" and "eu" to "brussels" (retrieval's table of
// capitals, read once).
var capitalByName = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, c := range retrieval.Capitals() {
		city := strings.ToLower(c.City)
		for _, name := range append(c.Country, c.Seat...) {
			m[strings.ToLower(name)] = city
		}
	}
	return m
})

// topicCountries returns the names of the countries whose capitals the
// topic's terms name ("Riyadh": "saudi", "saudi arabia"); none when the
// code knows no capital of the topic.
func topicCountries(terms map[string]bool) map[string]bool {
	out := map[string]bool{}
	for adj, words := range capitalTerms() {
		if len(words) > 0 && !slices.ContainsFunc(words, func(w string) bool { return !terms[w] }) {
			out[adj] = true
		}
	}
	return out
}

// capitalTerms are the analysed terms of each capital, by country name
// (see capitalByName): read once, not on every topic query.
var capitalTerms = sync.OnceValue(func() map[string][]string {
	m := make(map[string][]string, len(capitalByName()))
	for name, city := range capitalByName() {
		m[name] = retrieval.Analyze(city)
	}
	return m
})

var (
	// capitalRe finds a capital named by its country ("the Saudi capital").
	capitalRe = lazyRe(`\bthe \p{Lu}\S* capital\b`)
	// placeRe finds a place named after "in" ("officials in Riyadh").
	placeRe = lazyRe(`\bin (\p{Lu}[\p{L}-]+)`)
)

// capitalOf reports whether r's passage names the topic's place only as a
// capital ("talks at a hotel in the Saudi capital") in an article whose
// other passages name it ("officials in Riyadh"). known are the country
// names of the topic's place's country (see topicCountries): a capital of
// a country the code knows must be of one of them, so "the Russian
// capital" is not Riyadh, while "the Belgian capital" and "the EU capital"
// are both Brussels.
func capitalOf(r retrieval.Result, terms, known map[string]bool) bool {
	if r.Article == nil {
		return false
	}
	ok := false
	for _, m := range capitalRe().FindAllString(r.Passage.Text, -1) {
		adj := strings.ToLower(strings.Fields(m)[1])
		if _, isKnown := capitalByName()[adj]; known[adj] || !isKnown && len(known) == 0 {
			ok = true
			break
		}
	}
	if !ok {
		return false
	}
	for _, p := range r.Article.Passages {
		for _, m := range placeRe().FindAllStringSubmatch(p.Text, -1) {
			if slices.ContainsFunc(retrieval.Analyze(m[1]), func(w string) bool { return terms[w] }) {
				return true
			}
		}
	}
	return false
}
