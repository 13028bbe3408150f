package bot

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// A comparison of two things' lengths ("which lasted longer, the riyadh
// talks or the istanbul talks") is answered by each thing's length, quoted
// (twopart.go), and a line that says which was longer by the quoted
// figures.

// lengthComparison is what a comparison of lengths asks.
type lengthComparison struct {
	a, b    string // the two things, as the question names them
	shorter bool   // which was shorter, not longer
	howMuch bool   // by how much
}

// spanReading holds what span reads a span of time with, built on first
// use (one table, not one a pattern: start-up allocates for each).
type spanReading struct {
	// span matches a span of time as news writes it: "about four and a
	// half hours", "more than 12 hours", "an hour and a half",
	// "forty-five minutes", "half a day"; group "half" is "half an hour"
	// or "half a day", "n" the number, "h1"/"h2" an "and a half" before
	// or after the unit.
	span *regexp.Regexp
	// numbers are the numbers span reads in words; a compound
	// ("forty-five") is its tens plus its units.
	numbers map[string]float64
	// lastedBefore and lastedAfter are the words around a span that make
	// it the length of the thing the sentence reports ("lasted about 12
	// hours", "three hours of talks"), not another span it mentions
	// ("which followed a 90-minute call"); forBefore ("for 20 minutes")
	// says so less surely ("Trump spoke for 20 minutes at talks that
	// lasted three hours"); whenBefore ("within two days", "in three
	// weeks") says when, not how long.
	lastedBefore, lastedAfter, forBefore, whenBefore *regexp.Regexp
}

var spanReader = sync.OnceValue(func() *spanReading {
	return &spanReading{
		span: regexp.MustCompile(`(?i)(?:\b(?:about|around|some|nearly|almost|roughly|just over|just under|a little over|more than|less than|over|under)\s+)?\b(?:(?P<half>half an? (?:hour|day))|` +
			`(?:(?P<n>\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|` +
			`an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)` +
			`(?P<h1>\s+and\s+a\s+half)?[\s-]+(?P<unit>hours?|minutes?|days?)(?P<h2>\s+and\s+a\s+half)?))\b`),
		numbers: map[string]float64{
			"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
			"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
			"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
			"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
		},
		lastedBefore: regexp.MustCompile(`(?i)\b(?:lasted|last|lasting|took|take|taking|ran|run|running|went on|go on)\s+(?:only\s+|just\s+)?$`),
		lastedAfter:  regexp.MustCompile(`(?i)^(?:\s+of\s+(?:talks|negotiations|discussions|meetings|conversation)|-long|\s+long)\b`),
		forBefore:    regexp.MustCompile(`(?i)\bfor\s+(?:only\s+|just\s+)?$`),
		whenBefore:   regexp.MustCompile(`(?i)\b(?:within|in)\s+(?:the\s+next\s+)?$`),
	}
})

// span returns the span of time s gives as the length of what it reports,
// in minutes, and its words: the first one said to last ("lasted", "of
// talks"), else the first after "for", else the first one; lasted reports
// whether it was said to last (either way). False when s writes none. A
// span that dates something ("two days after ...", "within two days") is no
// length, as the "duration" kind reads it.
func span(s string) (m float64, words string, lasted, ok bool) {
	sr := spanReader()
	re := sr.span
	var first, weak, strong []int
	for _, loc := range re.FindAllStringSubmatchIndex(s, -1) {
		if next, _, _ := strings.Cut(strings.TrimSpace(s[loc[1]:]), " "); offsetWords[strings.ToLower(strings.Trim(next, ",.;"))] {
			continue
		}
		before := s[:loc[0]]
		if sr.whenBefore.MatchString(before) {
			continue
		}
		if first == nil {
			first = loc
		}
		if sr.lastedBefore.MatchString(before) || sr.lastedAfter.MatchString(s[loc[1]:]) {
			strong = loc
			break
		}
		if weak == nil && sr.forBefore.MatchString(before) {
			weak = loc
		}
	}
	loc := strong
	if loc == nil {
		loc = weak
	}
	lasted = loc != nil
	if loc == nil {
		loc = first
	}
	if loc == nil {
		return 0, "", false, false
	}
	group := func(name string) string {
		i := re.SubexpIndex(name)
		if loc[2*i] < 0 {
			return ""
		}
		return strings.ToLower(s[loc[2*i]:loc[2*i+1]])
	}
	words = s[loc[0]:loc[1]]
	switch group("half") {
	case "":
	case "half a day":
		return 12 * 60, words, lasted, true
	default:
		return 30, words, lasted, true
	}
	var n float64
	if tens, units, ok := strings.Cut(group("n"), "-"); ok {
		n = sr.numbers[tens] + sr.numbers[units]
	} else if v, ok := sr.numbers[tens]; ok {
		n = v
	} else if f, err := strconv.ParseFloat(tens, 64); err == nil {
		n = f
	} else {
		return 0, "", false, false
	}
	if group("h1") != "" || group("h2") != "" {
		n += 0.5
	}
	switch unit := group("unit"); {
	case strings.HasPrefix(unit, "minute"):
	case strings.HasPrefix(unit, "hour"):
		n *= 60
	default:
		n *= 24 * 60
	}
	return n, words, lasted, true
}

// firstSpan returns the first quote of an answer that gives its length
// (see span), with the span: its first quote, or a later one that says
// what lasted (the fact, when the answer opens with the sentence that
// says who or when).
func firstSpan(a *Answer) (quote, float64, string, bool) {
	for i, q := range a.quotes {
		// After the first quote, only a span said to last: a later
		// sentence's "within two days" or "a 30-day ceasefire" is not
		// the length asked about.
		if m, w, lasted, ok := span(q.text); ok && (i == 0 || lasted) {
			return q, m, w, true
		}
	}
	return quote{}, 0, "", false
}

// verdict returns the line that says which of c's things was longer (or
// shorter), by the spans the two parts' first quotes with one write (see
// span), each cited as ans numbers it; "" when either part's quotes write
// none, or both figures would come from one sentence.
func (c *lengthComparison) verdict(ans, a1, a2 *Answer) string {
	q1, m1, w1, ok1 := firstSpan(a1)
	q2, m2, w2, ok2 := firstSpan(a2)
	if !ok1 || !ok2 || strings.Contains(q1.text, q2.text) || strings.Contains(q2.text, q1.text) {
		// Both parts' figures from one sentence would compare a thing
		// with itself, or with whatever else that sentence measures.
		return ""
	}
	// A quote's marker is the number the joined answer gives its article
	// (the last of its sources, as quoteWriter writes it).
	cite := func(q quote) string {
		if len(q.src) == 0 {
			return ""
		}
		i := slices.IndexFunc(ans.Citations, func(c Citation) bool { return c.Article == q.src[len(q.src)-1].Article.ID })
		if i < 0 {
			return ""
		}
		return "[" + strconv.Itoa(ans.Citations[i].N) + "]"
	}
	ca, cb := cite(q1), cite(q2)
	if ca == "" || cb == "" {
		return ""
	}
	// The things as the question names them, in the articles' capitals
	// where they write its words ("the Istanbul round").
	first, second := withThe(writtenAs(ans.Text, c.a)), withThe(writtenAs(ans.Text, c.b))
	// The figures in the order the line names them, then their markers
	// in the same order, after the sentence as a quote's are.
	line := func(s string, fa, fb, ca, cb string) string {
		marks := " " + ca
		if cb != ca {
			marks += " " + cb
		}
		return fmt.Sprintf("So, by the articles' figures, %s: %s, against %s.%s", s, fa, fb, marks)
	}
	if math.Abs(m1-m2) <= 0.1*max(m1, m2) {
		return line(fmt.Sprintf("%s and %s lasted about as long", first, second), w1, w2, ca, cb)
	}
	// The one the question asks for first: the longer, or the shorter.
	if m1 < m2 != c.shorter {
		first, second, w1, w2, ca, cb = second, first, w2, w1, cb, ca
	}
	switch {
	case c.howMuch && c.shorter:
		return line(fmt.Sprintf("%s lasted about %s less than %s", first, minutes(math.Abs(m1-m2)), second), w1, w2, ca, cb)
	case c.howMuch:
		return line(fmt.Sprintf("%s lasted about %s longer than %s", first, minutes(math.Abs(m1-m2)), second), w1, w2, ca, cb)
	case c.shorter:
		return line(fmt.Sprintf("%s lasted less time than %s", first, second), w1, w2, ca, cb)
	}
	return line(fmt.Sprintf("%s lasted longer than %s", first, second), w1, w2, ca, cb)
}

// writtenAs writes each word of phrase as text writes it inside a
// sentence ("istanbul round" as "Istanbul round"): a whole word, and not
// one that opens a sentence, whose capital says nothing ("Talks in Riyadh
// lasted ..." leaves "talks" alone).
func writtenAs(text, phrase string) string {
	words := strings.Fields(phrase)
	for i, w := range words {
		if as, ok := writtenWord(text, w, true); ok {
			words[i] = as
		}
	}
	return strings.Join(words, " ")
}

// withThe puts "the" before a thing a question names without it ("the
// riyadh talks"), not before one it names as someone's ("trump's march
// call").
func withThe(s string) string {
	switch w, _, _ := strings.Cut(strings.ToLower(s), " "); {
	case w == "the", w == "his", w == "her", w == "their", w == "its", w == "this", w == "that",
		strings.HasSuffix(w, "'s"), strings.HasSuffix(w, "’s"):
		return s
	}
	return "the " + s
}

// minutes writes a span of minutes as news would: "40 minutes", "an hour
// and a half", "7 and a half hours" (to the half hour), "2 days" (from two
// days, to the half day).
func minutes(m float64) string {
	half := func(n float64, one, unit string) string {
		switch {
		case n == 1:
			return one
		case n == 1.5:
			return one + " and a half"
		case n == math.Trunc(n):
			return fmt.Sprintf("%d %ss", int(n), unit)
		}
		return fmt.Sprintf("%d and a half %ss", int(n), unit)
	}
	switch n := math.Round(m); {
	case n == 1:
		return "a minute"
	case n < 60:
		return fmt.Sprintf("%d minutes", int(n))
	case m >= 2*24*60:
		return half(math.Round(m/720)/2, "a day", "day")
	}
	return half(math.Round(m/30)/2, "an hour", "hour")
}
