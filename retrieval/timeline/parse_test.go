package timeline

import (
	"testing"
	"time"
)

func TestParseCalendar(t *testing.T) {
	for _, c := range []struct {
		text, pub, want string
		month, ok       bool
	}{
		{"Feb. 18", "2025-02-26", "2025-02-18", false, true},
		{"February 26, 2025", "2025-03-01", "2025-02-26", false, true},
		{"18 Feb. 2024", "2025-02-26", "2024-02-18", false, true},
		{"5 September 2014", "2025-02-26", "2014-09-05", false, true},
		{"Sept. 11", "2025-02-26", "2025-09-11", false, true},
		{"Sep 1", "2025-02-26", "2025-09-01", false, true},
		{"May 09", "2025-02-26", "2025-05-09", false, true},
		{"February 2022", "2025-02-26", "2022-02-01", true, true},
		{"March", "2025-02-26", "2025-03-01", true, true},
		{"Dec.", "2025-02-26", "2025-12-01", true, true},
		// Feb. 29 without a year: a leap year's (chooseYear picks which).
		{"Feb. 29", "2025-02-26", "2024-02-29", false, true},
		{"Feb. 29, 2025", "2025-02-26", "", false, false},
		{"Feb. 30", "2024-02-26", "", false, false},
		{"Jan. 0", "2025-02-26", "", false, false},
		{"32 January", "2025-02-26", "", false, false},
		{"Jan. 99, 2025", "2025-02-26", "", false, false},
		{"18", "2025-02-26", "", false, false},
		{"Smarch 3", "2025-02-26", "", false, false},
	} {
		pub, _ := time.Parse(time.DateOnly, c.pub)
		got, month, ok := parseCalendar(c.text, pub)
		if ok != c.ok || month != c.month || (ok && fmtDate(got) != c.want) {
			t.Errorf("parseCalendar(%q, %s) = %s, month %v, ok %v; want %s, %v, %v", c.text, c.pub, fmtDate(got), month, ok, c.want, c.month, c.ok)
		}
	}
}

func TestParseOffset(t *testing.T) {
	for _, c := range []struct{ text, pub, want string }{
		{"two days ago", "2025-02-26", "2025-02-24"},
		{"a week ago", "2025-02-26", "2025-02-19"},
		{"Three Weeks Ago", "2025-02-26", "2025-02-05"},
		{"12 months ago", "2025-02-26", "2024-02-26"},
		{"in two weeks", "2025-02-26", "2025-03-12"},
		{"in two weeks' time", "2025-02-26", "2025-03-12"},
		{"in a year’s time", "2025-02-26", "2026-02-26"},
		{"in 3\ndays", "2025-02-26", "2025-03-01"},
		{"0 days ago", "2025-02-26", "2025-02-26"},
		// Months and years keep the day where it exists, else the month's
		// last day.
		{"in a month", "2025-01-31", "2025-02-28"},
		{"a month ago", "2024-03-31", "2024-02-29"},
		{"a year ago", "2024-02-29", "2023-02-28"},
		{"in one month", "2025-12-15", "2026-01-15"},
		{"two days", "2025-02-26", ""},
		{"in two fortnights", "2025-02-26", ""},
		{"several days ago", "2025-02-26", ""},
	} {
		pub, _ := time.Parse(time.DateOnly, c.pub)
		got, ok := parseOffset(c.text, pub)
		if ok != (c.want != "") || (ok && fmtDate(got) != c.want) {
			t.Errorf("parseOffset(%q, %s) = %s, %v; want %q", c.text, c.pub, fmtDate(got), ok, c.want)
		}
	}
}

// TestCalendarWord: a capitalised month or weekday is a date, not a topic,
// as the month table spells it; a word that only starts like one, or is
// written in capitals, is not.
func TestCalendarWord(t *testing.T) {
	for _, tt := range []struct {
		w    string
		want bool
	}{
		{"March", true}, {"Sept", true}, {"Feb", true}, {"May", true}, {"Tuesday", true},
		{"MARCH", false}, {"march", false}, {"Marching", false}, {"Maybe", false}, {"Tue", false}, {"", false},
	} {
		if got := calendarWord(tt.w); got != tt.want {
			t.Errorf("calendarWord(%q) = %v; want %v", tt.w, got, tt.want)
		}
	}
}
