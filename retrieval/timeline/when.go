package timeline

import (
	"fmt"
	"strings"
	"time"
)

// When renders the event's date for readers, as precise as it is known:
// "Tue 18 Feb 2025", "17–23 Feb 2025" for a week, "Feb 2025" for a month,
// "24 Feb – 2 Mar 2025" for a range across months, "about 12 Mar 2025" for a
// single date only known to the week or month.
func (e Event) When() string {
	d, end := e.Date, e.End
	if end.IsZero() {
		if e.Granularity == Day || e.Granularity == "" {
			return d.Format("Mon 2 Jan 2006")
		}
		return "about " + d.Format("2 Jan 2006")
	}
	switch {
	case e.Granularity == Year && d.YearDay() == 1 && end.Month() == time.December && end.Day() == 31 && d.Year() == end.Year():
		return d.Format("2006")
	case e.Granularity == Month && d.Day() == 1 && end.Equal(d.AddDate(0, 1, -1)):
		return d.Format("Jan 2006")
	}
	if part := partName(e.Granularity, d, end); part != "" {
		return part
	}
	weekday := e.Granularity == Day // a weekend: "Sat 1 – Sun 2 Mar 2025"
	day := func(t time.Time) string {
		if weekday {
			return t.Format("Mon 2")
		}
		return t.Format("2")
	}
	switch {
	case d.Year() != end.Year():
		return fmt.Sprintf("%s %s – %s %s", day(d), d.Format("Jan 2006"), day(end), end.Format("Jan 2006"))
	case d.Month() != end.Month():
		return fmt.Sprintf("%s %s – %s %s", day(d), d.Format("Jan"), day(end), end.Format("Jan 2006"))
	case weekday:
		return fmt.Sprintf("%s – %s %s", day(d), day(end), end.Format("Jan 2006"))
	}
	return fmt.Sprintf("%s–%s %s", day(d), day(end), end.Format("Jan 2006"))
}

// Group is one heading of the compact view and the events under it: the
// events of one calendar day, or of one span of days ("17–23 Feb").
type Group struct {
	Heading string // "Tue 18 Feb"; with the year when the events span several
	Events  []Event
}

// Grouped groups events (in date order, as Events returns them) under one
// heading per day or span, so a reader sees each date once. Headings leave
// out the year when every event lies in the same one.
func Grouped(events []Event) []Group {
	var out []Group
	at := map[string]int{}
	for i, h := range Headings(events) {
		g, ok := at[h]
		if !ok {
			g = len(out)
			at[h] = g
			out = append(out, Group{Heading: h})
		}
		out[g].Events = append(out[g].Events, events[i])
	}
	return out
}

// Headings returns the heading of the compact view for each event: its
// day or span as When gives it, without the year when every event lies in
// the same one (a month or year alone keeps it).
func Headings(events []Event) []string {
	oneYear := true
	for _, e := range events {
		if e.Date.Year() != events[0].Date.Year() || e.Last().Year() != events[0].Date.Year() {
			oneYear = false
			break
		}
	}
	out := make([]string, len(events))
	for i, e := range events {
		h := e.When()
		// Without its year a heading still needs a day: "Mar 2025" stays.
		if short := strings.TrimSuffix(h, e.Date.Format(" 2006")); oneYear && strings.ContainsAny(short, "0123456789") {
			h = short
		}
		out[i] = h
	}
	return out
}

// partName names a third of a month or year as news does ("late Jun
// 2025", "early next year": see narrow), or "" when d–end is no such third.
func partName(g Granularity, d, end time.Time) string {
	// Only the third that d opens can be meant: it starts on the 1st, 11th
	// or 21st of a month, or on 1 January, May or September.
	var layout string
	var unit time.Time
	third := -1
	switch g {
	case Month:
		if d.Day()%10 == 1 && d.Day() < 30 {
			third = d.Day() / 10
		}
		unit, layout = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC), "Jan 2006"
	case Year:
		if d.Day() == 1 && d.Month()%4 == 1 {
			third = int(d.Month()) / 4
		}
		unit, layout = time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC), "2006"
	}
	if third < 0 {
		return ""
	}
	part := [3]string{"early", "mid", "late"}[third]
	if s, e := narrow(unit, g, part); !s.Equal(d) || !e.Equal(end) {
		return ""
	}
	return part + " " + d.Format(layout)
}
