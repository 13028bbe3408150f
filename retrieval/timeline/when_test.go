package timeline

import (
	"strings"
	"testing"
)

func TestWhen(t *testing.T) {
	tests := []struct {
		date, end string
		gran      Granularity
		want      string
	}{
		{"2025-02-18", "", Day, "Tue 18 Feb 2025"},
		{"2025-02-17", "2025-02-23", Week, "17–23 Feb 2025"},
		{"2025-02-24", "2025-03-02", Week, "24 Feb – 2 Mar 2025"},
		{"2024-12-30", "2025-01-05", Week, "30 Dec 2024 – 5 Jan 2025"},
		{"2025-03-01", "2025-03-02", Day, "Sat 1 – Sun 2 Mar 2025"},
		{"2025-02-01", "2025-02-28", Month, "Feb 2025"},
		{"2025-02-01", "2025-02-25", Month, "1–25 Feb 2025"},
		{"2024-01-01", "2024-12-31", Year, "2024"},
		{"2025-01-01", "2025-02-26", Year, "1 Jan – 26 Feb 2025"},
		{"2025-03-12", "", Week, "about 12 Mar 2025"},
		{"2025-06-01", "2025-06-10", Month, "early Jun 2025"},
		{"2025-06-11", "2025-06-20", Month, "mid Jun 2025"},
		{"2025-06-21", "2025-06-30", Month, "late Jun 2025"},
		{"2025-02-21", "2025-02-28", Month, "late Feb 2025"},
		{"2025-06-25", "2025-06-30", Month, "25–30 Jun 2025"}, // cut at its article's day
		{"2026-01-01", "2026-04-30", Year, "early 2026"},
		{"2024-09-01", "2024-12-31", Year, "late 2024"},
		{"2024-05-01", "2024-08-31", Year, "mid 2024"},
		{"2024-05-01", "2024-12-31", Year, "1 May – 31 Dec 2024"}, // two thirds: no name
		{"2025-03-11", "2025-03-25", Month, "11–25 Mar 2025"},
		{"2025-01-21", "2025-01-31", Month, "late Jan 2025"},
	}
	for _, tt := range tests {
		e := Event{Date: day0(tt.date), Granularity: tt.gran}
		if tt.end != "" {
			e.End = day0(tt.end)
		}
		if got := e.When(); got != tt.want {
			t.Errorf("%s..%s %s: When() = %q, want %q", tt.date, tt.end, tt.gran, got, tt.want)
		}
	}
}

func TestGrouped(t *testing.T) {
	ev := func(date, end string, gran Granularity, text string) Event {
		e := Event{Date: day0(date), Granularity: gran, Text: text}
		if end != "" {
			e.End = day0(end)
		}
		return e
	}
	show := func(days []Group) string {
		var b strings.Builder
		for _, d := range days {
			b.WriteString(d.Heading + ":")
			for _, e := range d.Events {
				b.WriteString(" " + e.Text)
			}
			b.WriteString("\n")
		}
		return b.String()
	}
	tests := []struct {
		name   string
		events []Event
		want   string
	}{
		{"none", nil, ""},
		{"one year: headings without it", []Event{
			ev("2025-02-18", "", Day, "a"), ev("2025-02-18", "", Day, "b"),
			ev("2025-02-17", "2025-02-23", Week, "c"), ev("2025-02-18", "", Day, "d"),
			ev("2025-02-22", "", Day, "e"), ev("2025-02-01", "2025-02-28", Month, "f"),
			ev("2025-01-01", "2025-12-31", Year, "g"),
		}, "Tue 18 Feb: a b d\n17–23 Feb: c\nSat 22 Feb: e\nFeb 2025: f\n2025: g\n"},
		{"several years: headings with them", []Event{
			ev("2024-12-30", "2025-01-05", Week, "a"), ev("2025-01-02", "", Day, "b"),
		}, "30 Dec 2024 – 5 Jan 2025: a\nThu 2 Jan 2025: b\n"},
	}
	for _, tt := range tests {
		if got := show(Grouped(tt.events)); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}
