package timeline

import (
	"strings"
	"time"

	"github.com/talkbot/talkbot/retrieval"
)

// The recogniser (expr.go) finds and splits the written forms; these
// functions only read what it hands over, with the standard library. A
// general date parser is not needed for that, and the one used before
// (go-dateparser) cost every command 0.2 s and 60 MB at start-up.

// parseCalendar reads a calendar date as the recogniser hands it over:
// "Feb. 18", "February 18, 2025", "18 Feb. 2025", "February 2022" or
// "March". Without a year it takes pub's (chooseYear then picks the right
// one); without a day it gives the first of the month and month true. ok is
// false for a day the month does not have.
func parseCalendar(text string, pub time.Time) (t time.Time, month, ok bool) {
	var m time.Month
	d, y, yearGiven := -1, pub.Year(), false
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == ',' }) {
		if mm, isMonth := retrieval.MonthNamed(strings.TrimSuffix(f, ".")); isMonth && m == 0 {
			m = mm
			continue
		}
		n := countWord(f)
		switch {
		case n < 0:
			return time.Time{}, false, false
		case len(f) == 4:
			y, yearGiven = n, true
		case len(f) <= 2 && d < 0:
			d = n
		default:
			return time.Time{}, false, false
		}
	}
	if m == 0 {
		return time.Time{}, false, false
	}
	if d < 0 {
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), true, true
	}
	t, ok = calendarDay(y, m, d, yearGiven, pub)
	return t, false, ok
}

// calendarDay is day d of month m in year y, which is pub's when the text
// gave none. ok is false for a day the month does not have. The CJK dates
// (3月18日) are read by it too, so both scripts agree on the edge cases.
func calendarDay(y int, m time.Month, d int, yearGiven bool, pub time.Time) (time.Time, bool) {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for !yearGiven && t.Day() != d && y > pub.Year()-4 {
		// Feb. 29 without a year: the last leap year (chooseYear
		// then picks the one the clause means).
		y--
		t = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	if t.Month() != m || t.Day() != d { // Jan. 0, Feb. 30, or Feb. 29 in a common year
		return time.Time{}, false
	}
	return t, true
}

// parseOffset reads "two days ago", "a week ago", "in 3 months" or "in two
// weeks' time" relative to pub. Months and years keep the day of the month
// where it exists and take the month's last day otherwise, as calendars do:
// a month after Jan. 31 is Feb. 28.
func parseOffset(text string, pub time.Time) (time.Time, bool) {
	f := strings.Fields(strings.ToLower(text))
	sign := 1
	switch {
	case len(f) >= 3 && f[len(f)-1] == "ago":
		sign, f = -1, f[:len(f)-1]
	case len(f) >= 3 && f[0] == "in":
		f = f[1:]
		if f[len(f)-1] == "time" {
			f = f[:len(f)-1]
		}
	default:
		return time.Time{}, false
	}
	if len(f) != 2 {
		return time.Time{}, false
	}
	n := countWord(f[0])
	if n < 0 {
		return time.Time{}, false
	}
	n *= sign
	switch strings.TrimRight(f[1], "s'’") {
	case "day":
		return pub.AddDate(0, 0, n), true
	case "week":
		return pub.AddDate(0, 0, 7*n), true
	case "month":
		return addMonths(pub, n), true
	case "year":
		return addMonths(pub, 12*n), true
	}
	return time.Time{}, false
}

// addMonths adds n calendar months to t, keeping its day where the month
// has it and taking the month's last day where it does not.
func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	return time.Date(first.Year(), first.Month(), min(t.Day(), daysIn(first)), 0, 0, 0, 0, time.UTC)
}
