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
	"unicode"
	"unicode/utf8"

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
	// Refers is who the pronoun Text opens with stands for ("Trump" of "He
	// added ..."), from the sentence before in its article; empty when
	// Text opens with none or the sentence before names no one it can be.
	// Line shows it.
	Refers string
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
	// ErrYearRange is a day of a year no news article is dated in
	// (retrieval.MinYear to MaxYear): "0000-01-01" parses, but is a
	// slip; it is ErrBadDate too.
	ErrYearRange = errors.New("want a year from 1900 to 2100") // retrieval.MinYear, MaxYear
)

// ParseDate reads a day as users give it in filters: YYYY-MM-DD, of a year
// from retrieval.MinYear to MaxYear (ErrYearRange). An empty string is the
// zero time, no bound.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		if why := noSuchDay(s); why != "" {
			return time.Time{}, dateError{s, ErrNoSuchDay, why}
		}
		return time.Time{}, fmt.Errorf("%q: %w", s, ErrBadDate)
	}
	if t.Year() < retrieval.MinYear || t.Year() > retrieval.MaxYear {
		return time.Time{}, dateError{s, ErrYearRange, ""}
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

// dateError is a date of the right form that ParseDate refuses for a
// reason more precise than ErrBadDate, which it still is: a day that does
// not exist (ErrNoSuchDay, 2025-02-30), where "want YYYY-MM-DD" would blame
// the form, or a year out of range (ErrYearRange).
type dateError struct {
	s   string
	err error  // ErrNoSuchDay or ErrYearRange
	why string // "February 2025 has 28 days"; "" for none
}

func (e dateError) Error() string {
	if e.why != "" {
		return fmt.Sprintf("%q: %v (%s)", e.s, e.err, e.why)
	}
	return fmt.Sprintf("%q: %v", e.s, e.err)
}

func (e dateError) Unwrap() []error { return []error{e.err, ErrBadDate} }

// topicCutoff keeps, of the passages a topic search finds, those scoring at
// least this share of the best, so a passage that only shares a word of its
// headline with the topic does not count as being about it.
const topicCutoff = 0.3

// Timeline holds the events of a corpus, in date order. It is immutable
// and safe for concurrent use.
type Timeline struct {
	index  *retrieval.Index
	events []Event
	// refers is each event's Refers analysed, once at build time rather
	// than on every topic query.
	refers [][]string
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
	events := merge(raws)
	refers := make([][]string, len(events))
	for i, e := range events {
		if e.Refers != "" {
			refers[i] = retrieval.Analyze(e.Refers)
		}
	}
	return &Timeline{index: ix, events: events, refers: refers, topics: findTopics(ix.Corpus())}, nil
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
	var relevant, own map[string]bool
	var dates []span
	var refs []referral
	if strings.TrimSpace(f.Topic) != "" {
		var best map[string]bool
		var tm topicMatch
		relevant, best, tm = t.relevant(f.Topic)
		refs = tm.referrals(t.refers)
		dates = t.spansOf(best, refs)
		own = articlesOf(t.index, best)
	}
	out := []Event{}
	for i, e := range t.events {
		if !f.From.IsZero() && e.Last().Before(f.From) {
			continue
		}
		if !f.To.IsZero() && e.Date.After(f.To) {
			continue
		}
		// "He (Rubio) stressed ..." is about Rubio, though its passage
		// names him only in the sentence before.
		var ref referral
		if refs != nil {
			ref = refs[i]
		}
		if relevant != nil && !ref.named && !slices.ContainsFunc(e.Sources, func(s Source) bool { return relevant[s.Passage.ID] }) {
			continue
		}
		// An article with passages of the topic's own is about it: its
		// other passages that match the topic ("the draft agreement" by
		// "minerals agreement") are too, whatever their date. Elsewhere a
		// match ("a peace deal" by "minerals deal") must fall on a date
		// the topic's own passages point at.
		if len(dates) > 0 && !ref.own && !slices.ContainsFunc(e.Sources, func(s Source) bool { return own[s.Article.ID] }) &&
			!slices.ContainsFunc(dates, func(sp span) bool { return within(e, sp) }) {
			continue
		}
		out = append(out, e)
	}
	return out, nil
}

// Span is a day (To zero) or a range of days, UTC midnights.
type Span struct{ From, To time.Time }

// TopicDates returns the dates a topic's own passages point at, in date
// order: the days and ranges of the events its own passages report (those
// holding its key term, see topicKey), whether a passage names the date or
// its article's account dates it. A topic's timeline keeps the events of
// other articles only on these dates: a passage that matches "minerals
// deal" by "a peace deal" alone does not bring in its day. Empty when no
// passage is the topic's own.
func (t *Timeline) TopicDates(ctx context.Context, topic string) ([]Span, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if strings.TrimSpace(topic) == "" {
		return nil, nil
	}
	_, best, tm := t.relevant(topic)
	var out []Span
	for _, sp := range t.spansOf(best, tm.referrals(t.refers)) {
		out = append(out, Span{From: sp.date, To: sp.end})
	}
	return out, nil
}

// spansOf returns the distinct dates of the events that a passage of
// passages reports, or whose opening pronoun stands for the topic's key
// term (refs, see topicMatch.referrals), in date order.
func (t *Timeline) spansOf(passages map[string]bool, refs []referral) []span {
	var out []span
	for i, e := range t.events {
		if !slices.ContainsFunc(e.Sources, func(s Source) bool { return passages[s.Passage.ID] }) && !refs[i].own {
			continue
		}
		sp := span{date: e.Date, end: e.End, gran: e.Granularity}
		if !slices.ContainsFunc(out, func(o span) bool { return sameSpan(o, sp) }) {
			out = append(out, sp)
		}
	}
	return out
}

// articlesOf returns the ids of the articles that hold the passages.
func articlesOf(ix *retrieval.Index, passages map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, a := range ix.Corpus().Articles {
		if slices.ContainsFunc(a.Passages, func(p retrieval.Passage) bool { return passages[p.ID] }) {
			out[a.ID] = true
		}
	}
	return out
}

// within reports whether event e lies inside date sp: a day of a topic's
// range ("next week") is the topic's, a range wider than its day is not.
func within(e Event, sp span) bool {
	last := sp.date
	if !sp.end.IsZero() {
		last = sp.end
	}
	return !e.Date.Before(sp.date) && !e.Last().After(last)
}

// topicMatch is a topic's analysed terms and its key term (see topicKey),
// for what a passage's search score cannot see: who an event's opening
// pronoun stands for.
type topicMatch struct {
	terms map[string]bool
	key   string
}

// match reports whether analysed words share a term with the topic, and
// whether they hold its key term, which makes them the topic's own.
func (tm topicMatch) match(words []string) (named, own bool) {
	for _, w := range words {
		named = named || tm.terms[w]
		own = own || w == tm.key
		if named && own {
			break
		}
	}
	return named, own
}

// referral is what topicMatch.match says of who an event's opening pronoun
// stands for (its Refers): an event the topic's own as a passage is.
type referral struct{ named, own bool }

// referrals matches each event's analysed Refers (Timeline.refers)
// against the topic.
func (tm topicMatch) referrals(refers [][]string) []referral {
	out := make([]referral, len(refers))
	for i, words := range refers {
		if len(words) > 0 && len(tm.terms) > 0 {
			out[i].named, out[i].own = tm.match(words)
		}
	}
	return out
}

// relevant returns the ids of the passages retrieval ranks relevant to a
// topic: those whose own text shares a term with it and that score near the
// best match. best are the topic's own passages among them: those holding
// its key term (see topicKey).
func (t *Timeline) relevant(topic string) (out, best map[string]bool, tm topicMatch) {
	out, best = map[string]bool{}, map[string]bool{}
	terms := map[string]bool{}
	for _, w := range retrieval.Analyze(topic) {
		terms[w] = true
	}
	tm.terms = terms
	results := t.index.Search(topic, t.index.Len())
	if len(results) == 0 {
		return out, best, tm
	}
	key := topicKey(t.index, retrieval.Analyze(topic), results)
	tm.key = key
	top := results[0].Score
	known := topicCountries(terms)
	for _, r := range results {
		if r.Score >= topicCutoff*top {
			if named, own := tm.match(retrieval.Analyze(r.Passage.Text)); named {
				out[r.Passage.ID] = true
				if own {
					best[r.Passage.ID] = true
				}
				continue
			}
		} else if r.Score <= 0 {
			break
		}
		if capitalOf(r, terms, known) {
			out[r.Passage.ID], best[r.Passage.ID] = true, true
		}
	}
	// An article whose headline names the whole topic is about it, and its
	// first passage tells what happened, though it may not repeat the
	// headline's words: "Oval Office meeting collapses in shouting match"
	// opens "A meeting ... at the White House broke down on Friday".
	// Search scores the headline with each passage, so such an article is
	// among the results: only their headlines are read, each once.
	read := map[*retrieval.Article]bool{}
	for _, r := range results {
		if a := r.Article; r.Score > 0 && !read[a] {
			read[a] = true
			if len(a.Passages) > 0 && holdsAll(retrieval.Analyze(a.Headline), terms) {
				id := a.Passages[0].ID
				out[id], best[id] = true, true
			}
		}
	}
	return out, best, tm
}

// holdsAll reports whether words hold every term of terms (not empty).
func holdsAll(words []string, terms map[string]bool) bool {
	n := 0
	for w := range terms {
		if !slices.Contains(words, w) {
			return false
		}
		n++
	}
	return n > 0
}

// topicKey returns the term that makes a passage the topic's own: its
// rarest in the corpus ("minerals" of "minerals deal": "the minerals
// agreement", not "a peace deal"; "oval" of "Oval Office", not "his office
// said"), unless its last term is a name that passages write alone ("Putin"
// of "Vladimir Putin", whose first name is rarer: news writes it once).
// results are the topic's search results; "" when no passage holds a term.
func topicKey(ix *retrieval.Index, terms []string, results []retrieval.Result) string {
	key, n := "", 0
	for _, w := range terms {
		if df := ix.DocFreq(w); df > 0 && (key == "" || df < n) {
			key, n = w, df
		}
	}
	last := ""
	if len(terms) > 0 {
		last = terms[len(terms)-1]
	}
	if key == "" || last == key || ix.DocFreq(last) == 0 {
		return key
	}
	for _, r := range results {
		if r.Score <= 0 {
			break
		}
		if namedAlone(r.Passage.Text, last, key) {
			return last
		}
	}
	return key
}

// namedAlone reports whether text writes the word of term last as a name,
// capitalised, and holds no word of term other: "Putin said" for "putin"
// apart from "vladimir". A sentence's first word counts ("Rubio said the
// two sides ..."): a word a topic ends in is seldom a common one that
// opens sentences.
func namedAlone(text, last, other string) bool {
	if slices.Contains(retrieval.Analyze(text), other) {
		return false
	}
	for _, w := range wordRe().FindAllString(text, -1) {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			continue
		}
		if a := retrieval.Analyze(w); len(a) == 1 && a[0] == last {
			return true
		}
	}
	return false
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
