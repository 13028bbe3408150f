package timeline

import (
	"fmt"
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
