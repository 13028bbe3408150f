package timeline

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"
)

// span is a resolved temporal expression.
type span struct {
	date, end time.Time // end is zero for a single day
	gran      Granularity
	tense     Tense
}

// inherentTense is the tense an expression carries by itself ("last week",
// "tomorrow"), or "" when it depends on its clause ("on Friday").
func inherentTense(e expr) Tense {
	switch e.kind {
	case kindDeictic:
		switch e.unit {
		case "yesterday":
			return Past
		case "tomorrow":
			return Planned
		}
	case kindPeriod, kindWeekend, kindWeekday:
		switch e.modifier {
		case "last", "earlier this", "this past", "the past", "the previous", "last week":
			return Past
		case "next", "later this", "the coming", "next week":
			return Planned
		}
	case kindSpan:
		if e.modifier == "past" || e.modifier == "last" {
			return Past
		}
		return Planned
	case kindOffset:
		if e.modifier == "ago" {
			return Past
		}
		return Planned
	}
	return ""
}

// resolve dates expression e of sentence s in an article published on day
// pub (UTC midnight). ok is false when the expression cannot be dated.
func resolve(e expr, s string, toks []token, pub time.Time) (span, bool) {
	tense := inherentTense(e)
	explicit := tense != ""
	if !explicit {
		if t, ok := clauseTense(toks, e.start, e.end); ok {
			tense, explicit = t, true
		}
	}
	var sp span
	var ok bool
	switch e.kind {
	case kindMonthDay, kindMonthYear, kindMonth, kindYear:
		sp, ok = resolveCalendar(e, tense, pub)
		if ok && e.kind == kindMonthDay && !hasYearSuffix(e.dateText) && strings.EqualFold(wordBefore(s, e.start), "the") &&
			absDays(sp.date, pub) > attributiveReach {
			// "the Sept. 11 attacks", "the Jan. 6 riot": a date named as an
			// attribute and far from the article is a historical reference
			// whose year is unknown, not a recent day.
			ok = false
		}
	case kindWeekday:
		if tense != Planned && startsAhead(s, e) && !pastFinite(toks, e) {
			// "called on Saturday for a ceasefire starting on Monday": the
			// day a thing is to start from is ahead, whatever the tense of
			// the demand.
			tense, explicit = Planned, true
		}
		sp, ok = resolveWeekday(e, tense, pub), true
	case kindDeictic:
		d := pub
		switch e.unit {
		case "yesterday":
			d = pub.AddDate(0, 0, -1)
		case "tomorrow":
			d = pub.AddDate(0, 0, 1)
		}
		sp, ok = span{date: d, gran: Day, tense: orPast(tense)}, true
	case kindPeriod:
		sp, ok = resolvePeriod(e, tense, pub), true
		if e.modifier == "this" && e.unit == "year" && sp.tense != Planned {
			// "the deadliest attack this year", "Easter fell on the same
			// day this year": the year so far measures or compares, it
			// does not date. "earlier this year" still does.
			ok = false
		}
	case kindWeekend:
		sp, ok = resolveWeekend(e, tense, pub), true
	case kindSpan:
		sp, ok = resolveSpan(e, tense, pub)
	case kindOffset:
		sp, ok = resolveOffset(e, tense, pub)
	case kindCounted:
		return span{}, false // needs the date it counts from: see dateCounted
	}
	if !ok {
		return span{}, false
	}
	// A date known from the calendar overrides a guessed tense: what lies
	// after the article was still planned, what lies before it had happened.
	switch {
	case sp.date.After(pub):
		sp.tense = Planned
	case !explicit && sp.date.Before(pub):
		sp.tense = Past
	case sp.tense == Planned && !sp.end.IsZero() && sp.end.Before(pub):
		sp.tense = Past
	}
	if sp.end.Equal(sp.date) {
		sp.end = time.Time{}
	}
	return sp, true
}

// aheadWords, just before a bare weekday, make it the day something is to
// start or last until: "a ceasefire starting on Monday", "a truce from
// Monday", "to begin on Monday".
var aheadWords = map[string]bool{"starting": true, "beginning": true, "from": true, "effective": true}

// startsAhead reports whether weekday expression e of sentence s names the
// day a thing is to start from ("a 30-day ceasefire starting on Monday",
// "for a ceasefire from Monday"), and so a day ahead even in a sentence in
// the past. "from Monday to Wednesday" is a range, whose tense its clause
// gives.
func startsAhead(s string, e expr) bool {
	if e.modifier != "" && e.modifier != "on" {
		return false
	}
	w, at := lastWord(s, e.start)
	w = strings.ToLower(w)
	if w == "begin" || w == "start" {
		prev, _ := lastWord(s, at)
		return strings.EqualFold(prev, "to")
	}
	if !aheadWords[w] {
		return false
	}
	if w == "from" {
		// "a truce from Monday" names a start; "resumed from Monday" a
		// past one: only a noun phrase may stand before it.
		prev, _ := lastWord(s, at)
		if t := tokenize(prev); len(t) == 1 && (pastCues[t[0].word] || len(t[0].word) > 4 && strings.HasSuffix(t[0].word, "ed")) {
			return false
		}
		next := strings.Fields(strings.ToLower(s[e.end:]))
		if len(next) > 0 && rangeWords[strings.Trim(next[0], ",;")] {
			return false
		}
	}
	return true
}

// pastFinite reports whether the clause of weekday expression e holds a
// past finite verb that tells of the thing itself ("resumed from Monday",
// "The ban, starting on Monday, was lifted"), so that the day it started
// from is behind the article. A verb of demand or report, or one whose
// object is a plan ("called ... to accept", "the demand for"), does not.
func pastFinite(toks []token, e expr) bool {
	first, last := -1, -1
	for i, t := range toks {
		if t.end > e.start && t.start < e.end {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return false
	}
	framed := func(i int) bool {
		lo, hi := min(i, first), max(i, last)
		for j := lo + 1; j < hi; j++ {
			if j >= first && j <= last {
				continue
			}
			switch toks[j].word {
			case "to", "for", "demand", "demands", "call", "calls", "proposal", "plan", "offer", "deal", "agreement":
				return true
			}
		}
		return false
	}
	past := func(i int) bool {
		t := toks[i]
		if t.word == "ago" || isVerb(t.word, frameVerb) {
			return false
		}
		if (t.word == "was" || t.word == "were") && i+1 < len(toks) && (isVerb(toks[i+1].word, frameVerb) || toks[i+1].word == "to") {
			return false // "was agreed", "was to"
		}
		if tn, ok := cue(toks, i); !ok || tn != Past {
			return false
		}
		if !pastCues[t.word] && (t.upper && i > 0 || i > 0 && nounDeterminers[toks[i-1].word] || strings.Contains(t.word, "-")) {
			return false // "the United States", "a proposed truce", "so-called"
		}
		return true
	}
	for i := first - 1; i >= 0 && !clauseWords[toks[i].word]; i-- {
		if past(i) && !framed(i) {
			return true
		}
	}
	for i := last + 1; i < len(toks) && !clauseWords[toks[i].word]; i++ {
		if coordinated(toks, i) {
			break // ", and warned ...": a predicate of its own
		}
		if past(i) && !framed(i) {
			return true
		}
	}
	return false
}

// coordinated reports whether token i opens a coordinated clause: "and",
// "or" or "but" after clause punctuation (", and warned of sanctions").
func coordinated(toks []token, i int) bool {
	switch toks[i].word {
	case "and", "or", "but", "then":
		return i > 0 && (toks[i-1].punctAfter || toks[i].punctBefore)
	}
	return false
}

func orPast(t Tense) Tense {
	if t == "" {
		return Past
	}
	return t
}

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

// resolveCalendar dates absolute expressions (see parseCalendar); the choice of year for "Feb. 18" follows the
// clause: the last one before the article for the past, the next one for a
// plan, the nearest one when the clause does not say.
func resolveCalendar(e expr, tense Tense, pub time.Time) (span, bool) {
	if e.kind == kindYear {
		y := 0
		for _, r := range e.dateText {
			y = y*10 + int(r-'0')
		}
		start, end := narrow(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), Year, e.part)
		return span{date: start, end: end, gran: Year, tense: orPast(tense)}, true
	}
	t, month, ok := parseCalendar(e.dateText, pub)
	if !ok {
		return span{}, false
	}
	month = month || e.kind == kindMonth || e.kind == kindMonthYear
	if e.kind != kindMonthYear && !hasYearSuffix(e.dateText) {
		t = chooseYear(t, tense, pub, month)
	}
	if month {
		start, end := narrow(time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC), Month, e.part)
		return span{date: start, end: end, gran: Month, tense: orPast(tense)}, true
	}
	sp := span{date: t, gran: Day, tense: orPast(tense)}
	if e.rangeEnd != "" {
		n := countWord(e.rangeEnd)
		if n > t.Day() && n <= daysIn(t) {
			sp.end = time.Date(t.Year(), t.Month(), n, 0, 0, 0, 0, time.UTC)
		}
	}
	return sp, true
}

func hasYearSuffix(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	last := f[len(f)-1]
	return len(last) == 4 && countWord(last) >= 1900
}

// attributiveReach is how far from its article "the <month> <day>
// <noun>" may lie and still be read as a recent day ("the Feb. 18 meeting").
const attributiveReach = 31

// maxReach is how far from its article a yearless date may be put by the
// clause's tense; beyond it the nearest year wins. "They would meet on
// Feb. 18", written on Feb. 23, is a plan reported after the fact, not one
// for next year.
const maxReach = 270

// chooseYear gives a yearless date (or month) the year its clause implies:
// the last one on or before the article for the past, the next one for a
// plan, the nearest one when the clause does not say.
func chooseYear(t time.Time, tense Tense, pub time.Time, month bool) time.Time {
	var cands []time.Time
	for dy := -1; dy <= 1; dy++ {
		c := time.Date(pub.Year()+dy, t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		if c.Month() == t.Month() { // Feb. 29 exists in leap years only
			cands = append(cands, c)
		}
	}
	last := func(c time.Time) time.Time {
		if month {
			return c.AddDate(0, 1, -1)
		}
		return c
	}
	dist := func(c time.Time) int {
		switch {
		case pub.Before(c):
			return absDays(c, pub)
		case last(c).Before(pub):
			return absDays(last(c), pub)
		}
		return 0
	}
	var pick, nearest time.Time
	for _, c := range cands {
		if nearest.IsZero() || dist(c) < dist(nearest) {
			nearest = c
		}
		switch {
		case tense == Past && !c.After(pub):
			pick = c // the latest, as cands ascend
		case tense == Planned && !last(c).Before(pub) && pick.IsZero():
			pick = c
		}
	}
	if pick.IsZero() || dist(pick) > maxReach {
		return nearest
	}
	return pick
}

func absDays(a, b time.Time) int {
	d := int(a.Sub(b).Hours() / 24)
	if d < 0 {
		return -d
	}
	return d
}

func daysIn(t time.Time) int {
	return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

var weekdays = map[string]time.Weekday{
	"Sunday": time.Sunday, "Monday": time.Monday, "Tuesday": time.Tuesday, "Wednesday": time.Wednesday,
	"Thursday": time.Thursday, "Friday": time.Friday, "Saturday": time.Saturday,
}

// resolveWeekday follows news usage: a weekday names a day within a week of
// the article, before it for the past and after it for a plan, and the
// article's own weekday is its day; "last"/"next" skip the article's day.
func resolveWeekday(e expr, tense Tense, pub time.Time) span {
	wd := weekdays[e.unit]
	back := (int(pub.Weekday()) - int(wd) + 7) % 7 // days since the last such day, 0 today
	fwd := (int(wd) - int(pub.Weekday()) + 7) % 7  // days until the next, 0 today
	var d time.Time
	switch {
	case strings.HasSuffix(e.modifier, " week"):
		start := weekStart(pub)
		switch e.modifier {
		case "last week":
			start = start.AddDate(0, 0, -7)
		case "next week":
			start = start.AddDate(0, 0, 7)
		}
		d = start.AddDate(0, 0, (int(wd)+6)%7)
	case e.modifier == "last":
		if back == 0 {
			back = 7
		}
		d = pub.AddDate(0, 0, -back)
	case e.modifier == "next":
		if fwd == 0 {
			fwd = 7
		}
		d = pub.AddDate(0, 0, fwd)
	case tense == Planned:
		d = pub.AddDate(0, 0, fwd)
	default:
		d = pub.AddDate(0, 0, -back)
	}
	return span{date: d, gran: Day, tense: orPast(tense)}
}

// weekStart returns the Monday of t's week.
func weekStart(t time.Time) time.Time {
	return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
}

// resolvePeriod dates "last week", "this month", "earlier this year" and
// the like. A period still running is cut at the article's date: before it
// for the past, after it for a plan. On a Sunday, a planned "this week" is
// the week ahead, as news written on Sundays means it.
func resolvePeriod(e expr, tense Tense, pub time.Time) span {
	n := 0 // periods forward from the article's
	switch e.modifier {
	case "last", "the previous":
		n = -1
	case "next":
		n = 1
	}
	var start time.Time
	var gran Granularity
	switch e.unit {
	case "week":
		gran = Week
		start = weekStart(pub)
		if pub.Weekday() == time.Sunday && tense == Planned && e.modifier != "earlier this" {
			start = start.AddDate(0, 0, 7)
		}
		start = start.AddDate(0, 0, 7*n)
	case "month":
		gran = Month
		start = time.Date(pub.Year(), pub.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	default:
		gran = Year
		start = time.Date(pub.Year()+n, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	// Only "this", "next" and "last" come with a part ("late last year").
	start, end := narrow(start, gran, e.part)
	switch e.modifier {
	case "the past", "this past":
		// The last seven days, month or year up to the article.
		end = pub.AddDate(0, 0, -1)
		switch gran {
		case Week:
			start = pub.AddDate(0, 0, -7)
		case Month:
			start = pub.AddDate(0, -1, 0)
		default:
			start = pub.AddDate(-1, 0, 0)
		}
	case "the coming":
		start = pub.AddDate(0, 0, 1)
		switch gran {
		case Week:
			end = pub.AddDate(0, 0, 7)
		case Month:
			end = pub.AddDate(0, 1, 0)
		default:
			end = pub.AddDate(1, 0, 0)
		}
	case "earlier this":
		end = maxTime(start, pub.AddDate(0, 0, -1))
	case "later this":
		if !start.After(pub) {
			start = minTime(end, pub.AddDate(0, 0, 1))
		}
	case "this":
		if !start.After(pub) && !end.Before(pub) {
			if tense == Planned {
				start = pub
			} else {
				end = pub
			}
		}
	}
	return span{date: start, end: end, gran: gran, tense: orPast(tense)}
}

// narrow returns the days of the part ("early", "mid", "late"; "" for all)
// of the month, week or year (gran) that starts on start: a month's thirds
// (1–10, 11–20, 21–end), a year's (January–April, May–August,
// September–December), a week's Monday–Tuesday, Wednesday–Thursday and
// Friday–Sunday. News means no more by "late June" or "the end of the
// month", and a third says more than the whole month.
func narrow(start time.Time, gran Granularity, part string) (time.Time, time.Time) {
	first, last := 0, 3 // the thirds kept, last exclusive
	switch part {
	case "early":
		last = 1
	case "mid":
		first, last = 1, 2
	case "late":
		first = 2
	}
	// at is the first day of third k; k == 3 is the day after the period.
	at := func(k int) time.Time {
		switch gran {
		case Week:
			return start.AddDate(0, 0, [4]int{0, 2, 4, 7}[k])
		case Month:
			if k == 3 {
				return start.AddDate(0, 1, 0)
			}
			return start.AddDate(0, 0, 10*k)
		}
		return start.AddDate(0, 4*k, 0)
	}
	return at(first), at(last).AddDate(0, 0, -1)
}

// resolveWeekend dates "last weekend" and "this weekend" (Saturday and
// Sunday).
func resolveWeekend(e expr, tense Tense, pub time.Time) span {
	wd := int(pub.Weekday())
	var sat time.Time
	switch {
	case wd == int(time.Saturday):
		sat = pub
	case wd == int(time.Sunday):
		sat = pub.AddDate(0, 0, -1)
	case (e.modifier == "this" || e.modifier == "the") && tense != Planned:
		sat = pub.AddDate(0, 0, -(wd + 1)) // the weekend just past
	default:
		sat = pub.AddDate(0, 0, 6-wd) // the coming one
	}
	switch e.modifier {
	case "last", "this past", "the past", "the previous":
		if wd == int(time.Saturday) || wd == int(time.Sunday) {
			sat = sat.AddDate(0, 0, -7)
		} else {
			sat = pub.AddDate(0, 0, -(wd + 1))
		}
	case "next", "the coming":
		if wd == int(time.Saturday) || wd == int(time.Sunday) {
			sat = sat.AddDate(0, 0, 7)
		}
	}
	return span{date: sat, end: sat.AddDate(0, 0, 1), gran: Day, tense: orPast(tense)}
}

// resolveSpan dates "within the next two weeks" as the stretch from the
// article's day to the end of the period, and "in the coming days" as the
// week ahead.
func resolveSpan(e expr, tense Tense, pub time.Time) (span, bool) {
	n := e.count
	if n == 0 {
		return span{}, false
	}
	gran := map[string]Granularity{"days": Day, "weeks": Week, "months": Month}[e.unit]
	few := n < 0 // "the coming days", "the next few weeks"
	if few {
		n = 3
	}
	add := func(t time.Time, k int) time.Time {
		switch gran {
		case Day:
			return t.AddDate(0, 0, k)
		case Week:
			return t.AddDate(0, 0, 7*k)
		}
		return t.AddDate(0, k, 0)
	}
	if few && gran == Day {
		// A few days: about a week, and known only to the week.
		add = func(t time.Time, k int) time.Time { return t.AddDate(0, 0, 7*k/3) }
		gran = Week
	}
	if tense == Past {
		return span{date: add(pub, -n), end: pub, gran: gran, tense: Past}, true
	}
	return span{date: pub, end: add(pub, n), gran: gran, tense: Planned}, true
}

// resolveOffset dates "two days ago" and "in two weeks" (see parseOffset),
// with the granularity of the unit.
func resolveOffset(e expr, tense Tense, pub time.Time) (span, bool) {
	d, ok := parseOffset(e.dateText, pub)
	if !ok {
		return span{}, false
	}
	gran := map[string]Granularity{"day": Day, "week": Week, "month": Month, "year": Year}[e.unit]
	return span{date: d, gran: gran, tense: tense}, true
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// dated is a temporal expression of a sentence with its resolved dates.
type dated struct {
	expr
	span
	void bool // the day of a plan that did not come about: no event
}

// dateSentence finds and resolves the temporal expressions of sentence s of
// an article published on pub.
func dateSentence(s string, pub time.Time) []dated {
	ds, _ := datesOf(s, pub)
	return ds
}

// datesOf resolves the expressions of sentence s that can be dated alone,
// and returns those counted from another date ("two days after") apart.
func datesOf(s string, pub time.Time) (ds []dated, counted []expr) {
	return newSentence(s).datesOf(pub)
}

func (st *sentence) datesOf(pub time.Time) (ds []dated, counted []expr) {
	s := st.text
	exprs := findExprs(s)
	if len(exprs) == 0 {
		return nil, nil
	}
	// One reading of the words serves every expression of the sentence,
	// and the rules after.
	toks := st.tokens()
	for _, e := range exprs {
		// "4 percent larger than last year's": the date a quantity is
		// measured against is no date of the sentence, and, dated, would
		// make an entry of its own and cut the sentence's event short.
		if baseline(s, toks, e, pub) {
			continue
		}
		if e.kind == kindCounted {
			counted = append(counted, e)
			continue
		}
		if sp, ok := resolve(e, s, toks, pub); ok {
			ds = append(ds, dated{expr: e, span: sp})
		}
	}
	return joinRanges(s, ds), counted
}

// baselineWords are the word tables baseline reads, built on first use
// (package-level maps are allocated at start-up).
type baselineWords struct {
	// comparers open the baseline a quantity is set against: "larger
	// than last year's", "versus 98 a month ago".
	comparers map[string]bool
	// compared compare, before "with" or "to", as "than" does: "compared
	// with 2023", "relative to a year ago", "in comparison with last year".
	compared map[string]bool
	// changePrepositions open a baseline only after words that measure a
	// change ("down from a year ago", "4 percent over last year", "up 3%
	// on last year"), and only before a period gone by (see pastPeriod);
	// elsewhere they start or place a thing ("a truce from Monday",
	// "follow up on last week's talks", "prices fell on March 12").
	changePrepositions map[string]bool
	// change measure a change or a difference.
	change map[string]bool
	// fill may stand between a comparer and its date: "than at the same
	// time last year", "compared with the same period in 2023", "than it
	// was last year".
	fill map[string]bool
	// quantity, with numbers, name the level a baseline had: "down from 4
	// percent a year ago", "versus $2 million in 2023".
	quantity map[string]bool
}

var baselineTables = sync.OnceValue(func() *baselineWords {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(s) {
			m[w] = true
		}
		return m
	}
	return &baselineWords{
		comparers:          set(`than versus vs`),
		compared:           set(`compared comparison relative`),
		changePrepositions: set(`from over on`),
		change: set(`percent percentage points up down higher lower more less fewer larger smaller bigger greater
			rise rises rose risen fall falls fell fallen increase increased increases decrease decreased drop dropped
			decline declined gain gained growth grew jump jumped climbed slipped slid unchanged`),
		fill: set(`the same period time point month quarter week season this that of in at during it they there
			was were is did had level levels`),
		quantity: set(`percent per cent points million billion thousand trillion`),
	}
})

// baseline reports whether expression e of sentence s (read into toks) is
// the point a quantity is compared with ("4 percent larger than last
// year's", "down from a year ago", "compared with 2023"), not a time
// something happened: a comparer, a change word and preposition, or
// "compared with" before it, with at most the words of a level or a
// "the same period" between. "More than 50 drones on Tuesday" bounds a
// number: a number after "than" is no baseline. After a change word and
// "on", "over" or "from" only a period gone by is one (pastPeriod): a day
// there is when the change happened ("fell on March 12", "rose to 20 on
// March 11") or began ("up 10 percent from March 3").
func baseline(s string, toks []token, e expr, pub time.Time) bool {
	i, _ := slices.BinarySearchFunc(toks, e.start, func(t token, p int) int { return cmp.Compare(t.start, p) })
	bw := baselineTables()
	quantity := false
	for i--; i >= 0; i-- {
		t := toks[i]
		if t.punctAfter {
			return false // a clause or aside ends before the date
		}
		switch w := t.word; {
		case bw.comparers[w]:
			return !quantity || w != "than"
		case (w == "with" || w == "to") && i > 0 && bw.compared[toks[i-1].word]:
			return true
		case bw.changePrepositions[w]:
			return pastPeriod(e, s, toks, pub) && measuresChange(s, toks, i)
		case isNumber(strings.ReplaceAll(w, ",", "")) || bw.quantity[w]:
			quantity = true
		case !bw.fill[w]:
			return false
		}
		if t.punctBefore {
			return false
		}
	}
	return false
}

// pastPeriod reports whether e, after "on", "over" or "from" and a change,
// names a period gone by that the change can be measured against: "last
// year", "the previous month", "a year ago", "a week earlier", "2023",
// "March 2023", "early March" (a past one). A day ("on March 12", "on
// Tuesday", "yesterday", "two days ago") is when the change happened or
// began, not its baseline; nor is a period still running or ahead: "over
// the past week" and "this year" hold the change, "from next year" starts
// it.
func pastPeriod(e expr, s string, toks []token, pub time.Time) bool {
	switch e.kind {
	case kindPeriod:
		return e.modifier == "last" || e.modifier == "the previous"
	case kindOffset:
		return e.modifier == "ago" && e.unit != "day"
	case kindCounted:
		return (e.modifier == "earlier" || e.modifier == "before") && e.unit != "day"
	case kindYear, kindMonthYear, kindMonth:
		sp, ok := resolve(e, s, toks, pub)
		return ok && sp.date.Before(pub)
	}
	return false
}

// measuresChange reports whether preposition toks[i] follows, within a few
// words of its clause, a change or a measure ("fell 2 percent on Tuesday
// from", "an increase of 4 percent over", "up 3% on"). "Up" or "down" just
// before "on" is a phrasal verb ("follow up on", "crack down on") unless a
// form of "be" stands before it ("sales were up on last year").
func measuresChange(s string, toks []token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		t := toks[k]
		if t.punctAfter {
			return false
		}
		if (t.word == "up" || t.word == "down") && k == i-1 && toks[i].word == "on" {
			if k == 0 || !beForms[toks[k-1].word] {
				return false
			}
		}
		if baselineTables().change[t.word] || strings.Contains(s[t.start:t.end], "%") {
			return true
		}
		if t.punctBefore {
			return false
		}
	}
	return false
}

// dateCounted dates the counted expressions of sentence s, which already
// holds the dates ds, and returns all of them in text order.
//
//   - "The vote came two days after the minister announced ...": the clause
//     after "after" happened n days before the event the sentence is about,
//     whose date is another of the sentence, else base (the day the
//     article's account has reached); "before" counts forward.
//   - "Three days later, ...": the sentence is n days after the last date
//     of the previous sentence (prev), else base; "earlier" counts back.
//
// A fronted "Two days after the vote, ..." counts from an event the
// sentence does not date, and an aside after a comma (", a day after ...")
// only sets the scene: both are left out.
func dateCounted(s string, ds []dated, counted []expr, pub, base, prev time.Time) []dated {
	out := ds
	for _, e := range counted {
		from := base
		switch e.modifier {
		case "later", "earlier":
			if !prev.IsZero() {
				from = prev
			}
		default:
			before := strings.TrimSpace(s[:e.start])
			if before == "" {
				continue
			}
			// "met Kellogg on Thursday, a day after Trump attacked him": an
			// aside that sets the scene of the sentence's event, not an
			// event of its own, and meaningless cut from it.
			if strings.HasSuffix(before, ",") {
				continue
			}
			for _, d := range ds {
				if d.gran == Day && d.span.end.IsZero() && d.expr.start < e.start {
					from = d.date
				}
			}
		}
		if from.IsZero() || e.count <= 0 {
			continue
		}
		// "for 30 days after the call" is a duration, not a date ("than a
		// week earlier", a baseline, is left out before: see baseline).
		if w := strings.ToLower(wordBefore(s, e.start)); w == "for" || w == "within" || w == "to" {
			continue
		}
		n := e.count
		if e.unit == "week" {
			n *= 7
		}
		if e.modifier == "after" || e.modifier == "earlier" {
			n = -n
		}
		sp := span{date: from.AddDate(0, 0, n), gran: Day, tense: Past}
		if e.unit == "week" {
			sp.gran = Week
		}
		if sp.date.After(pub) {
			// "Three days later, the envoys met again" told as done cannot
			// be after its article: the day counted from was the wrong one,
			// and no date beats a wrong one.
			if e.modifier == "later" && pastFinite(tokenize(s), e) {
				continue
			}
			sp.tense = Planned
		}
		e.text = s[e.start:e.end]
		out = append(out, dated{expr: e, span: sp})
	}
	slices.SortStableFunc(out, func(a, b dated) int { return cmp.Compare(a.expr.start, b.expr.start) })
	return out
}

// rangeWords join two dates into one range: "from Monday to Wednesday",
// "between Feb. 18 and Feb. 20", "on Monday and Tuesday".
var rangeWords = map[string]bool{"to": true, "through": true, "until": true, "till": true, "-": true, "–": true, "and": true}

// rangeBounds are the words that may stand between a range word and its
// end: "from Saturday until the end of Sunday", "from midnight at the start
// of May 8 until midnight at the end of May 10".
var rangeBounds = map[string]bool{
	"the": true, "end": true, "start": true, "beginning": true, "close": true, "of": true,
	"at": true, "midnight": true, "noon": true, "on": true,
}

// rangeGap reports whether the text between two dates joins them into a
// range: a range word, then at most words of where in the day it ends.
func rangeGap(gap string) bool {
	f := strings.Fields(gap)
	if len(f) == 0 || !rangeWords[f[0]] {
		return false
	}
	if len(f) == 1 {
		return true
	}
	if f[0] == "and" || f[0] == "-" || f[0] == "–" {
		return false
	}
	for _, w := range f[1:] {
		if !rangeBounds[w] {
			return false
		}
	}
	return true
}

// joinRanges turns two dates of the same kind joined by a range word into
// one dated range.
func joinRanges(s string, ds []dated) []dated {
	var out []dated
	for i := 0; i < len(ds); i++ {
		d := ds[i]
		if i+1 < len(ds) {
			n := ds[i+1]
			gap := strings.ToLower(strings.TrimSpace(s[d.expr.end:n.expr.start]))
			if rangeGap(gap) && d.kind == n.kind && d.gran == n.gran && n.date.After(d.date) {
				d.span.end = n.date
				if !n.span.end.IsZero() {
					d.span.end = n.span.end
				}
				if n.tense == Planned { // still running when reported
					d.tense = Planned
				}
				d.expr.text = s[d.expr.start:n.expr.end]
				d.expr.end = n.expr.end
				i++
			}
		}
		out = append(out, d)
	}
	return out
}
