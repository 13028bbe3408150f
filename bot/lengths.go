package bot

import (
	"fmt"
	"math"
	"regexp"
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

// citeAfter matches the citation marker right after a quote.
var citeAfter = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*(\[\d+\])`) })

// spanPattern matches a span of time as news writes it: "about four and a
// half hours", "more than 12 hours", "an hour and a half", "40 minutes",
// "half an hour"; group 1 is the number, 2 "and a half" after it, 3 the
// unit; "half an hour" and "an hour and a half" have their own groups.
var spanPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:\b(?:about|around|some|nearly|almost|roughly|just over|just under|more than|less than|over|under)\s+)?\b(?:(half an hour)|(?:(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety)(\s+and\s+a\s+half)?[\s-]+(hours?|minutes?|days?)(\s+and\s+a\s+half)?))\b`)
})

var spanNumbers = map[string]float64{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "ninety": 90,
}

// span returns the first span of time s writes, in minutes, and its words;
// false when it writes none.
func span(s string) (float64, string, bool) {
	var m []string
	for _, loc := range spanPattern().FindAllStringSubmatchIndex(s, -1) {
		// "two days after Witkoff held talks" dates something; it is no
		// length (as the "duration" kind reads it).
		if next, _, _ := strings.Cut(strings.TrimSpace(s[loc[1]:]), " "); offsetWords[strings.ToLower(strings.Trim(next, ",.;"))] {
			continue
		}
		m = make([]string, len(loc)/2)
		for i := range m {
			if loc[2*i] >= 0 {
				m[i] = s[loc[2*i]:loc[2*i+1]]
			}
		}
		break
	}
	if m == nil {
		return 0, "", false
	}
	if m[1] != "" {
		return 30, m[1], true
	}
	n, ok := spanNumbers[strings.ToLower(m[2])]
	if !ok {
		f, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			return 0, "", false
		}
		n = f
	}
	if m[3] != "" || m[5] != "" {
		n += 0.5
	}
	unit := strings.ToLower(m[4])
	switch {
	case strings.HasPrefix(unit, "minute"):
	case strings.HasPrefix(unit, "hour"):
		n *= 60
	default:
		n *= 24 * 60
	}
	return n, m[0], true
}

// verdict returns the line that says which of c's things was longer (or
// shorter), by the spans that the two parts' first quotes write, each
// cited as ans numbers it; "" when either writes none.
func (c *lengthComparison) verdict(ans, a1, a2 *Answer) string {
	if len(a1.quotes) == 0 || len(a2.quotes) == 0 {
		return ""
	}
	m1, w1, ok1 := span(a1.quotes[0].text)
	m2, w2, ok2 := span(a2.quotes[0].text)
	if !ok1 || !ok2 {
		return ""
	}
	cite := func(q quote) string {
		at := strings.Index(ans.Text, q.text)
		if at < 0 {
			return ""
		}
		if m := citeAfter().FindStringSubmatch(ans.Text[at+len(q.text):]); m != nil {
			return m[1]
		}
		return ""
	}
	ca, cb := cite(a1.quotes[0]), cite(a2.quotes[0])
	if ca == "" || cb == "" {
		return ""
	}
	first, second := withThe(c.a), withThe(c.b)
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

// minutes writes a span of minutes as news would, to the half hour: "7 and
// a half hours", "an hour and a half", "40 minutes".
func minutes(m float64) string {
	if m < 60 {
		return fmt.Sprintf("%d minutes", int(math.Round(m)))
	}
	h := math.Round(m/30) / 2 // to the half hour
	if h == math.Trunc(h) {
		if h == 1 {
			return "an hour"
		}
		return fmt.Sprintf("%d hours", int(h))
	}
	if h < 1 {
		return "half an hour"
	}
	if h < 2 {
		return "an hour and a half"
	}
	return fmt.Sprintf("%d and a half hours", int(h))
}
