package bot

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

// A question for which of two people came first ("who met zelensky first,
// vance or kellogg") asks for an order no one sentence states: searched as
// a question it quoted whichever sentences held most of its words, one
// person or the other. The timeline has dated the articles' events, so each
// one's earliest event is found there and the two are quoted in date order.

// comparison is the two alternatives of a question for which came first,
// as the question writes them: two people, or two events.
type comparison struct {
	alts   [2]string
	events bool // "the aid pause or the intel pause": each found by its article's headline
	// gap marks a question for the days between the two ("how many days
	// between the trump putin call and the riyadh meeting"), in "days" or
	// "weeks".
	gap string
}

// firstQuestion matches a question for which of two came first, the
// alternatives after a comma or colon at its end; the groups are the two.
var firstQuestion = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:first|earlier|sooner)\b[^,:?]*[,:]\s*(?:the\s+)?([^,:?]+?)\s+or\s+(?:the\s+)?([^,:?]+?)[\s?.!]*$`)
})

// gapQuestion matches a question for the time between two: "how many days
// between the trump putin call and the riyadh meeting", "how long was it
// between X and Y", not "how long was the meeting between trump and
// zelensky"; the groups are the unit, if any, and the two.
var gapQuestion = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\bhow\s+(?:many\s+(days|weeks)|long)\s+(?:(?:was|is|were|has)\s+(?:it|there|been)\s+|(?:passed|went\s+by|elapsed)\s+)?between\s+(?:the\s+)?([^,:?]+?)\s+and\s+(?:the\s+)?([^,:?]+?)[\s?.!]*$`)
})

// comparisonOf reads a question for which of two came first, or for the
// days between them. When both
// alternatives are people's names, as the articles write names only
// (lx.proper), not a country or its capital, each is found by the events
// whose sentence names them; otherwise both are events ("the aid pause or
// the intel pause"), each found by the headline of the article about it:
// a sentence that names "the aid pause" may only mention it ("an idea
// Zelensky first put forward after the aid pause", dated days after the
// pause), while an article whose headline names it reports it.
func comparisonOf(question string, an analyzer, lx *lexicon) (comparison, bool) {
	if lx.proper == nil {
		return comparison{}, false
	}
	var cmp comparison
	if m := firstQuestion().FindStringSubmatch(question); m != nil {
		cmp.alts = [2]string{strings.TrimSpace(m[1]), strings.TrimSpace(m[2])}
	} else if m := gapQuestion().FindStringSubmatch(question); m != nil {
		// Two events (compareEvents tries each "and" of the pair as the
		// cut): "how many days between trump and putin" names no event.
		cmp.alts = [2]string{strings.TrimSpace(m[2]), strings.TrimSpace(m[3])}
		cmp.gap, cmp.events = strings.ToLower(m[1]), true
		if cmp.gap == "" {
			cmp.gap = "days"
		}
		return cmp, isThing(an, lx, m[2]+" and "+m[3])
	} else {
		return comparison{}, false
	}
	var thing [2]bool // the alternative has a word that is no name: "meeting" of "the paris meeting"
	for i, alt := range cmp.alts {
		words := strings.Fields(alt)
		if len(words) == 0 || len(words) > 4 {
			return comparison{}, false
		}
		thing[i] = isThing(an, lx, alt)
		cmp.events = cmp.events || thing[i] || slices.ContainsFunc(words, func(w string) bool {
			ts := an(strings.ToLower(bare(strings.Trim(w, ".,'’"))))
			return len(ts) == 1 && lx.countries != nil && lx.countries.isPlace(ts[0]) // a place's name
		})
	}
	if cmp.events && (!thing[0] || !thing[1]) {
		return comparison{}, false // "russia or ukraine": places, neither people nor events
	}
	return cmp, true
}

// isThing reports whether alt has a word that is no name the articles
// write ("call" of "the trump putin call"): an event, not a person or a
// place.
func isThing(an analyzer, lx *lexicon, alt string) bool {
	for _, w := range strings.Fields(alt) {
		w = strings.ToLower(bare(strings.Trim(w, ".,'’")))
		if ts := an(w); len(ts) > 0 && !lx.filler[ts[0]] && (!lx.writesAsName(w) || len(ts) != 1) && w != "and" {
			return true
		}
	}
	return false
}

// orderWords are the words of a question for which came first, or for the
// days between two, that say nothing of either: "came", "first",
// "happened", "how many days".
var orderWords = sync.OnceValue(func() map[string]bool {
	return wordSet(`first earlier sooner came come happened happen happens occurred which who what
		how many days weeks long passed elapsed went between`)
})

// compareAnswer answers a comparison from the timeline: each alternative's
// earliest event done whose sentence holds the alternative's words and the
// rest of the question's (terms: "met" and "zelensky" of "who met zelensky
// first"), quoted in date order under a line that says which came first.
// nil when either has no such event, or both fall on one day: the question
// is then answered as any other. sources are the two events' passages.
func (e *Engine) compareAnswer(snap *Snapshot, read eventReader, question string, cmp comparison, terms []qterm) (*Answer, []retrieval.Result, error) {
	all, err := read()
	if err != nil {
		return nil, nil, err
	}
	an := snap.Index.Analyze
	if cmp.events {
		ans, sources := compareEvents(snap, snap.facts.lex.get(an, e.topic, snap.Index.Corpus()), all, question, cmp)
		return ans, sources, nil
	}
	altTerms := [2]map[string]bool{termSet(an, cmp.alts[0]), termSet(an, cmp.alts[1])}
	var rest []string
	for _, t := range terms {
		if !altTerms[0][t.term] && !altTerms[1][t.term] && !orderWords()[strings.ToLower(t.word)] {
			rest = append(rest, t.term)
		}
	}
	type found struct {
		ev   timeline.Event
		q    dayQuote
		name string
	}
	var first [2]*found
	for _, ev := range all {
		if ev.Tense == timeline.Planned {
			continue
		}
		src, ok := quotedIn(ev)
		if !ok {
			continue
		}
		text := sentenceOf(ev, src)
		st := termSet(an, text)
		if slices.ContainsFunc(rest, func(t string) bool { return !st[t] }) {
			continue
		}
		for i := range first {
			if len(altTerms[i]) == 0 || !holdsAll(st, altTerms[i]) || holdsAll(st, altTerms[1-i]) {
				continue // not this one's, or both's
			}
			if first[i] == nil || ev.Date.Before(first[i].ev.Date) {
				first[i] = &found{ev: ev, q: dayQuote{src: src, text: text}, name: casedAs(text, cmp.alts[i], true)}
			}
		}
	}
	if first[0] == nil || first[1] == nil || first[0].ev.Date.Equal(first[1].ev.Date) {
		return nil, nil, nil
	}
	ans, sources := inOrder(question, [2]ordered{
		{first[0].ev.Date, first[0].name, first[0].q},
		{first[1].ev.Date, first[1].name, first[1].q},
	}, cmp.gap)
	return ans, sources, nil
}

// ordered is one alternative of a comparison as its answer quotes it: the
// day it came, its name, and the sentence that reports it.
type ordered struct {
	day  time.Time
	name string
	q    dayQuote
}

// inOrder writes a comparison's answer: the earlier first, under a line
// that says which came first, each quote cited to its passage. sources are
// the two passages, for the model to read.
func inOrder(question string, alts [2]ordered, gap string) (*Answer, []retrieval.Result) {
	if alts[1].day.Before(alts[0].day) {
		alts[0], alts[1] = alts[1], alts[0]
	}
	then := " (" + alts[0].day.Format("January 2, 2006") + "), then " + alts[1].name + " (" + alts[1].day.Format("January 2, 2006") + "): "
	head := upperFirst(alts[0].name) + " came first" + then
	if gap != "" {
		head = daysApart(alts[0].day, alts[1].day, gap) + ": " + alts[0].name + then
	}
	return quotedAnswer(question, head, []dayQuote{alts[0].q, alts[1].q}), []retrieval.Result{alts[0].q.result(), alts[1].q.result()}
}

// afterQuestion matches a question for what happened after an event, or
// before it: "what happened after the oval office blowup", "what came next
// after the riyadh meeting", "what happened the day before the vatican
// meeting"; group 1 is the span asked ("day", "week" or none: a week),
// group 2 "after" or "before", group 3 the event.
var afterQuestion = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*(?:so\s+|and\s+)?what\s+(?:happened|came|followed|went\s+on)\s+(?:next\s+)?` +
		`(?:(?:on\s+|in\s+)?the\s+(day|week)\s+|right\s+|just\s+|soon\s+|in\s+the\s+days\s+)?(after|before)\s+(?:the\s+)?([^,:;?]{1,80}?)[\s?.!]*$`)
})

// afterAnswer answers what happened after an event, or before it, from the
// timeline: the event is the one the earliest article whose headline names
// it reports first (as for "which came first"), or failing that the
// earliest event done that names it (eventSaying), dated by the timeline;
// the answer is the events of the day or the week (span) after or before
// that day, one a day (spanAnswer). nil when the event is not found or the
// span has no events: the question is then answered as any other.
func (e *Engine) afterAnswer(snap *Snapshot, read eventReader, question, span string, before bool, event string) (*Answer, []retrieval.Result, error) {
	if calendarPhrase(event) || asksAgain(event) {
		// "the day before august 15", "after monday": days, not events;
		// "after the talks and what came next": a second question.
		return nil, nil, nil
	}
	all, err := read()
	if err != nil {
		return nil, nil, err
	}
	an := snap.Index.Analyze
	ev, ok := eventAbout(snap, snap.facts.lex.get(an, e.topic, snap.Index.Corpus()), all, event)
	if !ok {
		return nil, nil, nil
	}
	asked := func(t time.Time) askedDay { return askedDay{month: t.Month(), day: t.Day(), year: t.Year()} }
	from, until, when := 1, 7, "in the week after it"
	switch {
	case strings.EqualFold(span, "day") && before:
		from, until, when = -1, -1, "the day before it"
	case strings.EqualFold(span, "day"):
		from, until, when = 1, 1, "the day after it"
	case before:
		from, until, when = -7, -1, "in the week before it"
	}
	lead := upperFirst(ev.name) + ": " + ev.day.Format("January 2, 2006") + ". " + upperFirst(when) + ", "
	ans, sources, err := e.spanAnswer(read, question, asked(ev.day.AddDate(0, 0, from)), asked(ev.day.AddDate(0, 0, until)), lead)
	if ans == nil || ans.Abstained {
		return nil, nil, err // no events then: answered as any question
	}
	return ans, sources, err
}

// daysApart says how far apart two days are, the earlier first, in days,
// and in weeks too when the question asks in weeks: "6 days apart", "20
// days apart (about 3 weeks)".
func daysApart(from, to time.Time, unit string) string {
	// The days of the calendar, as the timeline dates events: from 23:00
	// to 01:00 two days later is two days.
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	n := int(math.Round(day(to).Sub(day(from)).Hours() / 24))
	s := strconv.Itoa(n) + " days apart"
	if n == 1 {
		s = "1 day apart"
	}
	if unit == "weeks" && n >= 7 {
		switch w := int(math.Round(float64(n) / 7)); w {
		case 1:
			s += " (about a week)"
		default:
			s += " (about " + strconv.Itoa(w) + " weeks)"
		}
	}
	return upperFirst(s)
}

// compareEvents answers a comparison of two events: each is the event the
// earliest article whose headline names it reports in its first sentence,
// dated by the timeline (the clash of Friday, Feb. 28, is in an article of
// March 1). nil when either has no such article, both have the same, or
// they fall on one day.
func compareEvents(snap *Snapshot, lx *lexicon, all []timeline.Event, question string, cmp comparison) (*Answer, []retrieval.Result) {
	if cmp.gap != "" {
		// "between the trump and putin call and the riyadh meeting": the
		// pattern cut at the first "and"; each later one is tried too.
		const and = " and "
		pair := cmp.alts[0] + and + cmp.alts[1]
		for i := 0; ; i += len(and) {
			j := strings.Index(pair[i:], and)
			if j < 0 {
				return nil, nil
			}
			i += j
			c := cmp
			c.alts = [2]string{strings.TrimSpace(pair[:i]), strings.TrimPrefix(strings.TrimSpace(pair[i+len(and):]), "the ")}
			// "trump" of "between the trump and putin call and ...": no event.
			if isThing(snap.Index.Analyze, lx, c.alts[0]) && isThing(snap.Index.Analyze, lx, c.alts[1]) {
				if ans, sources := compareTwo(snap, lx, all, question, c); ans != nil {
					return ans, sources
				}
			}
		}
	}
	return compareTwo(snap, lx, all, question, cmp)
}

// compareTwo orders two events, each found by the headline that names it
// (compareEvents).
func compareTwo(snap *Snapshot, lx *lexicon, all []timeline.Event, question string, cmp comparison) (*Answer, []retrieval.Result) {
	var alts [2]ordered
	for i, alt := range cmp.alts {
		ev, ok := eventAbout(snap, lx, all, alt)
		if !ok {
			return nil, nil
		}
		alts[i] = ev
	}
	if alts[0].q.src.Article == alts[1].q.src.Article || alts[0].day.Equal(alts[1].day) {
		return nil, nil
	}
	return inOrder(question, alts, cmp.gap)
}

// eventAbout is the event alt names as a comparison quotes it: what the
// earliest article whose headline names it (articleAbout) reports in its
// first sentence, dated by the timeline (ledeDay). false when no headline
// names it.
func eventAbout(snap *Snapshot, lx *lexicon, all []timeline.Event, alt string) (ordered, bool) {
	a := articleAbout(snap.Index.Analyze, lx, snap.Index.Corpus().Articles, alt)
	if a == nil {
		return eventSaying(snap.Index.Analyze, lx, all, alt)
	}
	if len(a.Passages) == 0 {
		return ordered{}, false
	}
	sents := withinQuotes(retrieval.SplitSentences(a.Passages[0].Text))
	if len(sents) == 0 {
		return ordered{}, false
	}
	return ordered{day: ledeDay(all, a, sents[0]), name: "the " + casedAs(a.Headline, alt, false),
		q: dayQuote{src: timeline.Source{Article: a, Passage: a.Passages[0]}, text: sents[0]}}, true
}

// eventSaying returns, for an event no headline names ("jeddah": its
// articles' headlines say "Saudi Arabia" and "ceasefire"), the earliest
// event the timeline dates to a day that says it, done, not planned: the
// preview of the Jeddah talks is no Jeddah talks.
func eventSaying(an analyzer, lx *lexicon, all []timeline.Event, alt string) (ordered, bool) {
	terms, named := aboutTerms(an, lx, alt)
	if !named {
		// "the minerals deal": common words say many events; a name
		// ("Jeddah") says which.
		return ordered{}, false
	}
	var best *timeline.Event
	for i := range all {
		ev := &all[i]
		if ev.Tense != timeline.Past || ev.Granularity != timeline.Day || len(ev.Sources) == 0 || best != nil && !ev.Date.Before(best.Date) {
			continue
		}
		said := termSet(an, ev.Text)
		if !slices.ContainsFunc(terms, func(t string) bool { return !said[t] }) {
			best = ev
		}
	}
	if best == nil {
		return ordered{}, false
	}
	name := casedAs(best.Text, alt, false)
	if f := strings.Fields(name); len(f) > 0 && !isNameWord(f[len(f)-1]) {
		name = "the " + name // "the Jeddah talks", but "Jeddah"
	}
	return ordered{day: best.Date, name: name, q: dayQuote{src: best.Sources[0], text: best.Text}}, true
}

// aboutTerms are the terms an event is found by: the words of alt the
// articles write only as names ("Paris" of "the paris meeting") or, when
// it has none, all of its words ("aid" and "pause").
func aboutTerms(an analyzer, lx *lexicon, alt string) (terms []string, named bool) {
	var names, all []string
	for _, w := range strings.Fields(alt) {
		for _, t := range an(w) {
			if lx.filler[t] {
				continue
			}
			all = append(all, t)
			if lx.writesAsName(w) {
				names = append(names, t)
			}
		}
	}
	if len(names) > 0 {
		return names, true
	}
	return all, false
}

// articleAbout returns the earliest article whose headline names alt (see
// aboutTerms).
func articleAbout(an analyzer, lx *lexicon, arts []*retrieval.Article, alt string) *retrieval.Article {
	all, _ := aboutTerms(an, lx, alt)
	if len(all) == 0 {
		return nil
	}
	var best *retrieval.Article
	for _, a := range arts {
		head := termSet(an, a.Headline)
		if slices.ContainsFunc(all, func(t string) bool { return !head[t] }) {
			continue
		}
		if best == nil || a.Date.Before(best.Date) {
			best = a
		}
	}
	return best
}

// ledeDay is the day the timeline dates an article's first sentence to:
// the earliest event done that sentence holds, else the article's date.
func ledeDay(all []timeline.Event, a *retrieval.Article, lede string) time.Time {
	var day time.Time
	for _, ev := range all {
		if ev.Tense == timeline.Planned {
			continue
		}
		for _, src := range ev.Sources {
			if src.Article == a && src.Passage.N == 1 && sentenceOf(ev, src) == lede && (day.IsZero() || ev.Date.Before(day)) {
				day = ev.Date
			}
		}
	}
	if day.IsZero() {
		return a.Date
	}
	return day
}

// casedAs writes alt's words as text writes them where it does ("paris
// meeting" → "Paris meeting" after "European leaders meet in Paris"); a
// word it does not write stays as typed or, for a name (name), is
// capitalised ("zelenskyy" → "Zelenskyy" where it writes "Zelensky").
func casedAs(text, alt string, name bool) string {
	words := strings.Fields(alt)
	for i, w := range words {
		if as, ok := writtenWord(text, w, false); ok {
			words[i] = as
		} else if name {
			words[i] = upperFirst(w)
		}
	}
	return strings.Join(words, " ")
}

// writtenWord returns word w as text writes it, as a whole word (any case),
// and whether text has it; inside, only where no sentence opens, whose
// capital says nothing of the word ("Talks in Riyadh lasted ...").
func writtenWord(text, w string, inside bool) (string, bool) {
	lw := strings.ToLower(w)
	if len(lw) != len(w) || lw == "" {
		return "", false // a case change that alters the length: no byte offsets to copy
	}
	lower := strings.ToLower(text)
	if len(lower) != len(text) {
		return "", false
	}
	for at := 0; ; {
		j := strings.Index(lower[at:], lw)
		if j < 0 {
			return "", false
		}
		j += at
		at = j + len(lw)
		whole := (j == 0 || !isWordByte(text[j-1])) && (at == len(text) || !isWordByte(text[at]))
		before := strings.TrimRight(text[:j], " ")
		opens := before == "" || strings.HasSuffix(before, ".") || strings.HasSuffix(before, "]") || strings.HasSuffix(before, ":")
		if whole && !(inside && opens) {
			return text[j:at], true
		}
	}
}

// holdsAll reports whether set holds every term of terms.
func holdsAll(set, terms map[string]bool) bool {
	for t := range terms {
		if !set[t] {
			return false
		}
	}
	return true
}

// upperFirst upper-cases s's first letter, for the head of an answer.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// calendarPhrase reports whether s names only a day, a month or a weekday
// ("august 15", "the 15th of august", "monday"), not an event.
func calendarPhrase(s string) bool {
	words := strings.Fields(strings.ToLower(s))
	for _, w := range words {
		w = strings.Trim(w, ".,")
		if _, ok := monthNamed(w); ok || calendarWords.MatchString(w) {
			continue
		}
		switch w {
		case "the", "of", "this", "last", "next":
			continue
		}
		if strings.TrimRight(strings.TrimRight(w, "stndrh"), "0123456789") == "" {
			continue // "15", "15th", "2025"
		}
		return false
	}
	return len(words) > 0
}

// asksAgain reports whether an event's phrase holds a second question: a
// wh-word or "how" after its first word.
func asksAgain(s string) bool {
	for i, w := range strings.Fields(strings.ToLower(s)) {
		if whWords()[w] {
			return i > 0
		}
	}
	return false
}
