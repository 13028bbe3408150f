package timeline

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/talkbot/talkbot/retrieval"
)

// kind is the shape of a temporal expression, which decides how it is
// resolved.
type kind int

const (
	kindMonthDay  kind = iota // Feb. 18, 18 February, February 26, 2025, Feb. 18-19
	kindMonthYear             // February 2022
	kindMonth                 // in March
	kindYear                  // in 2022
	kindWeekday               // on Tuesday, last Friday, Tuesday's
	kindDeictic               // yesterday, today, tomorrow
	kindPeriod                // last week, this month, earlier this week, next year, the end of the month
	kindWeekend               // last weekend, this weekend
	kindSpan                  // within the next two weeks, in the coming days
	kindOffset                // two days ago, in two weeks
	kindCounted               // two days after, a week before, three days later: counted from another date
)

// expr is a temporal expression found in a sentence.
type expr struct {
	kind       kind
	start, end int    // byte offsets in the sentence
	text       string // as written
	// Parts, by kind: the date text handed to the date parser (month-day,
	// month-year, offset), the day after a dash in a range, the modifier
	// (last, next, this, earlier this, later this, past) and the unit or
	// weekday.
	dateText string
	rangeEnd string
	modifier string
	unit     string
	count    int
	// part narrows a month, week or year to its first, middle or last
	// third: "early", "mid" or "late" ("late June", "at the end of the
	// month"); "" for the whole of it.
	part string
}

const numberWords = `a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}`

// exprPatterns are the timeline's patterns for English dates, compiled on
// first use, as cjkRe's are: every command pays the package's start-up,
// and only the timeline reads dates.
type exprPatterns struct {
	monthDay, dayMonth, monthYr, month, dayAfter, year, weekday  *regexp.Regexp
	deictic, period, partPeriod, weekend, span, ago, counted, in *regexp.Regexp
}

// partWords open a part of a month, week or year: "early", "mid-", "the
// end of". The month pattern takes the two halves apart: it wants "at the"
// or nothing before an edge word.
const (
	thirdWords = `early|late|mid-?`
	edgeWords  = `(?:start|end|beginning|middle)\s+of`
	partWords  = thirdWords + `|(?:the\s+)?` + edgeWords
)

var exprRe = sync.OnceValue(func() *exprPatterns {
	// A month as retrieval's one table spells it. Month names are matched
	// with a capital letter only, so the verb "march" and the modal "may"
	// are not months.
	month := `(?:` + retrieval.MonthPattern() + `)`
	return &exprPatterns{
		monthDay: regexp.MustCompile(`\b(` + month + `)\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s*[-–]\s*(\d{1,2}))?(?:,?\s+((?:19|20)\d{2}))?\b`),
		dayMonth: regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)?(?:\s*[-–]\s*(\d{1,2}))?\s+(?:of\s+)?(` + month + `)(?:,?\s+((?:19|20)\d{2}))?\b`),
		monthYr:  regexp.MustCompile(`\b(?:(?i:` + partWords + `)\s*)?(` + month + `),?\s+((?:19|20)\d{2})\b`),
		// A month alone needs a preposition: "in March", not "March" the
		// verb or a name.
		month: regexp.MustCompile(`\b(?:(?i:in|during|` + thirdWords + `|(?:at\s+the\s+)?` + edgeWords + `)\s+|(?i:mid)-\s*)(` + month + `)\b`),
		// dayAfter finds a day number right after a month.
		dayAfter: regexp.MustCompile(`^\s+\d{1,2}(?:st|nd|rd|th)?\b`),
		// A part word narrows the year ("late 2024", "mid-2024"); "later
		// in 2024" does not.
		year: regexp.MustCompile(`\b(?:(?i:in|during|earlier in|later in)\s+|(?i:(` + partWords + `))\s*)((?:19|20)\d{2})\b`),
		// Weekdays are capitalised; names such as Black Friday are
		// excluded where they are matched.
		weekday: regexp.MustCompile(`\b(?:((?i:last|next|this|on))\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s|’s)?(?:\s+(?:morning|afternoon|evening|night))?(?:\s+((?i:last|next|this))\s+week)?\b`),
		deictic: regexp.MustCompile(`\b(?i:(yesterday|today|tomorrow|tonight))\b`),
		period:  regexp.MustCompile(`\b(?i:(last|next|this|earlier this|later this|this past|the past|the previous|the coming)\s+(week|month|year|weekend))\b`),
		// "at the end of the month", "early next week", "late last year":
		// a part of a period, which the plain period pattern finds whole.
		partPeriod: regexp.MustCompile(`\b(?i:(` + partWords + `)\s*(this|next|last|the)\s+(week|month|year))\b`),
		weekend:    regexp.MustCompile(`\b(?i:(?:over|at|during) the weekend)\b`),
		span:       regexp.MustCompile(`\b(?i:(?:within|in|over|during)\s+the\s+(next|coming|past|last)\s+(?:(` + numberWords + `|few|several)\s+)?(days|weeks|months))\b`),
		ago:        regexp.MustCompile(`\b(?i:(` + numberWords + `)\s+(day|week|month|year)s?\s+ago)\b`),
		// counted needs a date to count from: another event's, found by
		// the caller.
		counted: regexp.MustCompile(`\b(?i:(` + numberWords + `)\s+(day|week)s?\s+(after|before|later|earlier))\b`),
		in:      regexp.MustCompile(`\b(?i:in\s+(` + numberWords + `)\s+(day|week|month|year)s?(?:['’]?\s+time)?)\b`),
	}
})

// lazyRe returns a pattern compiled on first use, for the same reason.
func lazyRe(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}

// notWeekdays are words that make a weekday part of a name.
var notWeekdays = map[string]bool{
	"black": true, "good": true, "super": true, "cyber": true, "bloody": true, "ash": true,
	"palm": true, "holy": true, "easter": true, "shrove": true, "boxing": true, "maundy": true,
}

// findExprs returns the temporal expressions of a sentence in order, without
// overlaps (the longer match wins).
func findExprs(s string) []expr {
	var out []expr
	add := func(e expr) { out = append(out, e) }
	// Cheap tests first: most sentences hold no date, and the patterns are
	// the bulk of extraction time.
	lower := strings.ToLower(s)
	hasMonth := containsAny(s, "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
	hasUnit := containsAny(lower, "day", "week", "month", "year")
	if hasMonth {
		findMonths(s, add)
	}
	if strings.ContainsAny(s, "0123456789") {
		for _, m := range exprRe().year.FindAllStringSubmatchIndex(s, -1) {
			e := expr{kind: kindYear, start: m[0], end: m[1], dateText: s[m[4]:m[5]]}
			if m[2] >= 0 {
				e.part = partOf(s[m[2]:m[3]])
			}
			add(e)
		}
	}
	if strings.Contains(s, "day") {
		findWeekdays(s, add)
	}
	if containsAny(lower, "yesterday", "today", "tomorrow", "tonight") {
		for _, m := range exprRe().deictic.FindAllStringSubmatchIndex(s, -1) {
			add(expr{kind: kindDeictic, start: m[0], end: m[1], unit: strings.ToLower(s[m[2]:m[3]])})
		}
	}
	if hasUnit {
		findRelative(s, lower, add)
	}
	return dropOverlaps(s, out)
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

func findMonths(s string, add func(expr)) {
	for _, m := range exprRe().monthDay.FindAllStringSubmatchIndex(s, -1) {
		e := expr{kind: kindMonthDay, start: m[0], end: m[1]}
		e.dateText = s[m[2]:m[3]] + " " + s[m[4]:m[5]]
		if m[8] >= 0 {
			e.dateText += ", " + s[m[8]:m[9]]
		}
		if m[6] >= 0 {
			e.rangeEnd = s[m[6]:m[7]]
		}
		add(e)
	}
	for _, m := range exprRe().dayMonth.FindAllStringSubmatchIndex(s, -1) {
		e := expr{kind: kindMonthDay, start: m[0], end: m[1]}
		e.dateText = s[m[2]:m[3]] + " " + s[m[6]:m[7]]
		if m[8] >= 0 {
			e.dateText += " " + s[m[8]:m[9]]
		}
		if m[4] >= 0 {
			e.rangeEnd = s[m[4]:m[5]]
		}
		add(e)
	}
	for _, m := range exprRe().monthYr.FindAllStringSubmatchIndex(s, -1) {
		add(expr{kind: kindMonthYear, start: m[0], end: m[1], dateText: s[m[2]:m[3]] + " " + s[m[4]:m[5]], part: partOf(s[m[0]:m[2]])})
	}
	for _, m := range exprRe().month.FindAllStringSubmatchIndex(s, -1) {
		// "at the start of May 8" is the start of a day, not of a month.
		if exprRe().dayAfter.MatchString(s[m[1]:]) {
			continue
		}
		add(expr{kind: kindMonth, start: m[0], end: m[1], dateText: s[m[2]:m[3]], part: partOf(s[m[0]:m[2]])})
	}
}

func findWeekdays(s string, add func(expr)) {
	for _, m := range exprRe().weekday.FindAllStringSubmatchIndex(s, -1) {
		if w := wordBefore(s, m[0]); notWeekdays[strings.ToLower(w)] {
			continue
		}
		e := expr{kind: kindWeekday, start: m[0], end: m[1], unit: s[m[4]:m[5]]}
		if m[2] >= 0 {
			e.modifier = strings.ToLower(s[m[2]:m[3]])
		}
		if m[6] >= 0 { // "Tuesday last week": that day of that week
			e.modifier = strings.ToLower(s[m[6]:m[7]]) + " week"
		}
		add(e)
	}
}

func findRelative(s, lower string, add func(expr)) {
	for _, m := range exprRe().weekend.FindAllStringIndex(s, -1) {
		add(expr{kind: kindWeekend, start: m[0], end: m[1], modifier: "the"})
	}
	for _, m := range exprRe().period.FindAllStringSubmatchIndex(s, -1) {
		e := expr{kind: kindPeriod, start: m[0], end: m[1], modifier: strings.ToLower(s[m[2]:m[3]]), unit: strings.ToLower(s[m[4]:m[5]])}
		if e.unit == "weekend" {
			e.kind = kindWeekend
		}
		add(e)
	}
	if hasPartWord(lower) {
		for _, m := range exprRe().partPeriod.FindAllStringSubmatchIndex(s, -1) {
			mod := strings.ToLower(s[m[4]:m[5]])
			if mod == "the" {
				mod = "this"
			}
			add(expr{kind: kindPeriod, start: m[0], end: m[1], modifier: mod, unit: strings.ToLower(s[m[6]:m[7]]), part: partOf(s[m[2]:m[3]])})
		}
	}
	if containsAny(lower, "after", "before", "later", "earlier") {
		for _, m := range exprRe().counted.FindAllStringSubmatchIndex(s, -1) {
			add(expr{kind: kindCounted, start: m[0], end: m[1], count: countWord(strings.ToLower(s[m[2]:m[3]])),
				unit: strings.ToLower(s[m[4]:m[5]]), modifier: strings.ToLower(s[m[6]:m[7]])})
		}
	}
	if !containsAny(lower, "next", "coming", "past", "last", " ago", "in ") {
		return
	}
	for _, m := range exprRe().span.FindAllStringSubmatchIndex(s, -1) {
		e := expr{kind: kindSpan, start: m[0], end: m[1], modifier: strings.ToLower(s[m[2]:m[3]]), unit: strings.ToLower(s[m[6]:m[7]])}
		e.count = -1 // "the coming days": a few
		if m[4] >= 0 {
			e.count = countWord(strings.ToLower(s[m[4]:m[5]]))
		}
		add(e)
	}
	for _, m := range exprRe().ago.FindAllStringSubmatchIndex(s, -1) {
		add(expr{kind: kindOffset, start: m[0], end: m[1], dateText: s[m[0]:m[1]], unit: strings.ToLower(s[m[4]:m[5]]), modifier: "ago"})
	}
	for _, m := range exprRe().in.FindAllStringSubmatchIndex(s, -1) {
		add(expr{kind: kindOffset, start: m[0], end: m[1], dateText: s[m[0]:m[1]], unit: strings.ToLower(s[m[4]:m[5]]), modifier: "in"})
	}
}

// hasPartWord reports whether lower holds a part word as a whole word, as
// partPeriod needs: the "end" of "weekend" or "attend" and the "late" of
// "later" do not count.
func hasPartWord(lower string) bool {
	found := false
	forWords(lower, func(start, end int) bool {
		switch lower[start:end] {
		case "early", "late", "mid", "middle", "start", "end", "beginning":
			found = true
		}
		return !found
	})
	return found
}

// partOf reads which part of a period the words before it name: "early"
// for "early", "the start of" or "the beginning of", "mid" for "mid-" or
// "the middle of", "late" for "late" or "the end of"; "" for none ("in").
func partOf(words string) string {
	w := strings.ToLower(words)
	switch {
	case strings.Contains(w, "early"), strings.Contains(w, "start"), strings.Contains(w, "beginning"):
		return "early"
	case strings.Contains(w, "mid"):
		return "mid"
	case strings.Contains(w, "late"), strings.Contains(w, "end"):
		return "late"
	}
	return ""
}

// dropOverlaps keeps the longest of overlapping matches, in text order.
func dropOverlaps(s string, out []expr) []expr {
	// Keep the longest of overlapping matches, then sort by position.
	slices.SortStableFunc(out, func(a, b expr) int {
		return cmp.Or(cmp.Compare(b.end-b.start, a.end-a.start), cmp.Compare(a.start, b.start))
	})
	var kept []expr
	for _, e := range out {
		overlaps := false
		for _, k := range kept {
			if e.start < k.end && k.start < e.end {
				overlaps = true
				break
			}
		}
		if !overlaps {
			e.text = s[e.start:e.end]
			kept = append(kept, e)
		}
	}
	slices.SortFunc(kept, func(a, b expr) int { return cmp.Compare(a.start, b.start) })
	return kept
}

// wordBefore returns the word that ends just before offset i.
func wordBefore(s string, i int) string {
	w, _ := lastWord(s, i)
	return strings.Trim(w, `"'“‘(`)
}

// countWord turns "two" or "2" into 2; "a few" and "several" count as -1.
func countWord(w string) int {
	switch w {
	case "a", "an", "one":
		return 1
	case "few", "several":
		return -1
	}
	words := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
	for i, x := range words {
		if x == w {
			return i
		}
	}
	n := 0
	for _, r := range w {
		if r < '0' || r > '9' {
			return -1
		}
		n = n*10 + int(r-'0')
	}
	return n
}
