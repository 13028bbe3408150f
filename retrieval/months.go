package retrieval

import (
	"strings"
	"time"
)

// monthTable is the one table of month spellings that dates are read in:
// the sentence splitter (an abbreviation's period ends no sentence, a
// clock time runs into a date), the article parser's bare date lines and
// the timeline's date recogniser all read it. Full names and the
// abbreviations news style writes ("Feb.", "Sept."), lower-case, without
// the period, each month's longest spelling first. An array of constants:
// nothing is built at start-up.
var monthTable = [...]struct {
	name  string
	month time.Month
}{
	{"january", time.January}, {"jan", time.January},
	{"february", time.February}, {"feb", time.February},
	{"march", time.March}, {"mar", time.March},
	{"april", time.April}, {"apr", time.April},
	{"may", time.May},
	{"june", time.June}, {"jun", time.June},
	{"july", time.July}, {"jul", time.July},
	{"august", time.August}, {"aug", time.August},
	{"september", time.September}, {"sept", time.September}, {"sep", time.September},
	{"october", time.October}, {"oct", time.October},
	{"november", time.November}, {"nov", time.November},
	{"december", time.December}, {"dec", time.December},
}

// MonthNamed returns the month that word names, in any case and without a
// trailing period: "February", "feb", "Sept", "MAY". Only ASCII letters
// spell a month.
func MonthNamed(word string) (time.Month, bool) {
	if len(word) < 3 || len(word) > len("september") {
		return 0, false
	}
	var buf [len("september")]byte
	for i := 0; i < len(word); i++ {
		c := word[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	lower := string(buf[:len(word)]) // does not escape: no allocation
	for _, m := range monthTable {
		if m.name == lower {
			return m.month, true
		}
	}
	return 0, false
}

// IsMonthAbbreviation reports whether word (without its period, in any
// case) shortens a month's name: "Feb", "sept", but not "May" or "June",
// which are written in full.
func IsMonthAbbreviation(word string) bool {
	m, ok := MonthNamed(word)
	return ok && len(word) < len(m.String())
}

// MonthPattern returns a regular expression, with no groups, that matches
// a month as running text writes it: a name or an abbreviation,
// capitalised, an abbreviation with or without its period ("March",
// "Feb.", "Sept"). Callers that read dates with regular expressions build
// them on it, so that they accept what MonthNamed does.
func MonthPattern() string { return monthPattern(true) }

// monthPattern is MonthPattern, with the abbreviations' periods or
// without them for a caller that allows a period after any month (the
// article parser's bare date lines): the smaller pattern compiles to half
// the memory under (?i).
func monthPattern(periods bool) string {
	// One group per month, its shortest spelling first and the rest as
	// suffixes, longest first ("Sep(?:tember|t\.|t|\.)?"): a match
	// prefers the earlier alternative, so "Sept." wins over "Sep", and the
	// compiled program stays as small as a hand-factored pattern's.
	var b strings.Builder
	for i := 0; i < len(monthTable); {
		m := monthTable[i].month
		j := i
		for j < len(monthTable) && monthTable[j].month == m {
			j++
		}
		short := monthTable[j-1].name // each month's spellings are longest first
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(strings.ToUpper(short[:1]) + short[1:])
		var alts []string
		for _, e := range monthTable[i : j-1] {
			suffix := e.name[len(short):]
			if periods && len(e.name) < len(m.String()) {
				alts = append(alts, suffix+`\.`)
			}
			alts = append(alts, suffix)
		}
		if periods && len(short) < len(m.String()) {
			alts = append(alts, `\.`)
		}
		if len(alts) > 0 {
			b.WriteString(`(?:` + strings.Join(alts, "|") + `)?`)
		}
		i = j
	}
	return b.String()
}
