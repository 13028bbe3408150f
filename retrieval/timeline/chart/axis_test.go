package chart

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/retrieval/timeline"
)

// TestAxisClampedToFilter: a picture of a filtered timeline has its axis
// within the filter's days (a lone day otherwise widens it to a week),
// cuts a range reaching past them with arrows, and never leaves out a
// day's event.
func TestAxisClampedToFilter(t *testing.T) {
	f, err := newFaces(Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := article(1, "Talks", "2025-03-20")
	one := []timeline.Event{event("2025-03-20", "", timeline.Past, "Envoys met.", a)}
	withRange := append([]timeline.Event{event("2025-03-10", "2025-03-25", timeline.Past, "Talks went on.", a)}, one...)
	for _, c := range []struct {
		name         string
		events       []timeline.Event
		from, to     string
		first, last  string
		clipL, clipR bool // of the first row
	}{
		{"no filter", one, "", "", "2025-03-17", "2025-03-23", false, false},
		{"19 to 21", one, "2025-03-19", "2025-03-21", "2025-03-19", "2025-03-21", false, false},
		{"one day", one, "2025-03-20", "2025-03-20", "2025-03-20", "2025-03-20", false, false},
		{"from only", one, "2025-03-19", "", "2025-03-19", "2025-03-23", false, false},
		{"to only", one, "", "2025-03-21", "2025-03-17", "2025-03-21", false, false},
		{"range past both ends", withRange, "2025-03-19", "2025-03-21", "2025-03-19", "2025-03-21", true, true},
		{"event outside the filter kept", one, "2025-03-22", "2025-03-25", "2025-03-20", "2025-03-23", false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := Options{}
			if c.from != "" {
				o.From = day(c.from)
			}
			if c.to != "" {
				o.To = day(c.to)
			}
			l := layout(c.events, o, f)
			if got := l.First.Format(time.DateOnly) + " " + l.Last.Format(time.DateOnly); got != c.first+" "+c.last {
				t.Errorf("axis %s, want %s %s", got, c.first, c.last)
			}
			if r := l.Rows[0]; r.ClipL != c.clipL || r.ClipR != c.clipR {
				t.Errorf("first row clipped left %v right %v, want %v %v", r.ClipL, r.ClipR, c.clipL, c.clipR)
			}
			for i, r := range l.Rows {
				if r.FX0 < l.X0-1 || r.FX1 > l.X1+1 {
					t.Errorf("row %d at x %.0f..%.0f, off the axis %.0f..%.0f", i, r.FX0, r.FX1, l.X0, l.X1)
				}
			}
		})
	}
}

// TestAxisLabels: on every axis the labels keep apart (at least
// axisLabelGap within a row, no overlap across rows), no month line runs
// through a label, every labelled tick's month is named by the last
// heading begun before its label ends, and the days are labelled as
// densely as that allows. The cases are those a user test found (weekly
// ticks from 5 Nov 2024 to 2 Jun 2025: lines through "4", "30", "31",
// "2", June unnamed; 44 daily ticks whose numbers touched) and edges of
// months and years; then a sweep of starts and lengths.
func TestAxisLabels(t *testing.T) {
	f, err := newFaces(Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := article(1, "Talks", "2025-03-20")
	days := func(ds ...string) []timeline.Event {
		var evs []timeline.Event
		for _, d := range ds {
			evs = append(evs, event(d, "", timeline.Past, "Envoys met.", a))
		}
		return evs
	}
	cases := []struct {
		name   string
		events []timeline.Event
		step   int // 0: any
	}{
		{"weekly, Nov to Jun", days("2024-11-05", "2025-06-02"), 7},
		{"weekly, to late June", append(days("2024-11-05", "2025-06-02"), event("2025-06-21", "2025-06-30", timeline.Planned, "A third round.", a)), 7},
		{"44 days", days("2025-02-12", "2025-03-26"), 2},
		{"a week", days("2025-03-20"), 1},
		{"a fortnight over a month's end", days("2025-02-24", "2025-03-05"), 1},
		{"over the new year", days("2024-12-20", "2025-01-15"), 0},
		{"a few days of the first month", days("2024-11-26", "2025-04-10"), 0},
		{"ending on the first", days("2025-03-03", "2025-05-30"), 0},
		{"two years", days("2023-01-10", "2025-01-10"), 0},
		{"with the foot axis", many(30), 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := layout(c.events, Options{}, f)
			// The axis at the top, and a second at the foot only for a
			// tall plot.
			if (len(l.Rows) > footAxisRows) != (len(l.Axes) == 2) || len(l.Axes) == 0 {
				t.Fatalf("%d axes for %d rows", len(l.Axes), len(l.Rows))
			}
			if l.Axes[0].Y != l.AxisY || !l.Axes[0].Top {
				t.Fatalf("first axis at %d (top %v), want the top one at %d", l.Axes[0].Y, l.Axes[0].Top, l.AxisY)
			}
			if len(l.Axes) == 2 && (l.Axes[1].Top || l.Axes[1].Y < l.PlotY1) {
				t.Fatalf("foot axis at %d (top %v), plot ends at %d", l.Axes[1].Y, l.Axes[1].Top, l.PlotY1)
			}
			for _, ax := range l.Axes {
				checkAxis(t, l, ax)
				if c.step != 0 && ax.Step != c.step {
					t.Errorf("step %d, want %d", ax.Step, c.step)
				}
			}
		})
	}
	// A sweep: axes of many lengths starting on every weekday and at both
	// ends of months.
	for _, start := range []string{"2024-12-29", "2025-01-27", "2025-02-26", "2025-03-30", "2025-06-28", "2025-07-01", "2025-11-24"} {
		for _, n := range []int{3, 9, 20, 30, 45, 60, 75, 100, 150, 200, 240, 300, 400, 700} {
			last := day(start).AddDate(0, 0, n).Format(time.DateOnly)
			l := layout(days(start, last), Options{}, f)
			t.Run(start+"+"+strconv.Itoa(n), func(t *testing.T) { checkAxis(t, l, l.Axes[0]) })
		}
	}
}

// checkAxis fails t where axis ax of l breaks a rule of TestAxisLabels.
func checkAxis(t *testing.T, l *Layout, ax Axis) {
	t.Helper()
	type row struct {
		name   string
		labels []Label
	}
	rows := []row{{"day", ax.Days}, {"weekday", ax.Weekdays}, {"month", ax.Months}}
	var all []Label
	for _, r := range rows {
		for i, lb := range r.labels {
			if lb.Box.Min.X < 0 || lb.Box.Max.X > l.W {
				t.Errorf("%s label %q at x %d..%d, off the picture", r.name, lb.Text, lb.Box.Min.X, lb.Box.Max.X)
			}
			if i > 0 {
				prev := r.labels[i-1]
				if gap := lb.Box.Min.X - prev.Box.Max.X; gap < axisLabelGap {
					t.Errorf("%s labels %q and %q %d px apart, want at least %d", r.name, prev.Text, lb.Text, gap, axisLabelGap)
				}
			}
		}
		all = append(all, r.labels...)
	}
	for i, x := range all {
		for _, y := range all[i+1:] {
			if x.Box.Overlaps(y.Box) {
				t.Errorf("labels %q (%v) and %q (%v) overlap", x.Text, x.Box, y.Text, y.Box)
			}
		}
		for _, r := range ax.Rules {
			if r.Overlaps(x.Box) {
				t.Errorf("a month line %v runs through label %q %v", r, x.Text, x.Box)
			}
		}
	}
	if len(ax.Days) != len(ax.Weekdays) {
		t.Fatalf("%d day labels, %d weekday labels", len(ax.Days), len(ax.Weekdays))
	}
	labelled := 0
	for _, tk := range ax.Ticks {
		if tk.Labelled {
			labelled++
		}
	}
	if labelled != len(ax.Days) {
		t.Errorf("%d labelled ticks, %d day labels", labelled, len(ax.Days))
	}
	for _, d := range ax.Days {
		var head *Label
		for k := range ax.Months {
			if ax.Months[k].Box.Min.X <= d.Box.Max.X {
				head = &ax.Months[k]
			}
		}
		switch {
		case head == nil:
			t.Errorf("day %s (%q) has no month heading before it", d.Day.Format(time.DateOnly), d.Text)
		case head.Day.Year() != d.Day.Year() || head.Day.Month() != d.Day.Month():
			t.Errorf("day %s (%q) reads as of %q", d.Day.Format(time.DateOnly), d.Text, head.Text)
		}
	}
	// No thinner than needed: the next denser step would crowd.
	if i := slices.Index(axisSteps, ax.Step); i > 0 || ax.Step == 0 && len(ax.Ticks) > 0 {
		denser := axisSteps[len(axisSteps)-1]
		if i > 0 {
			denser = axisSteps[i-1]
		}
		if float64(denser)*l.dayW() >= 40 {
			t.Errorf("step %d where %d days are %.0f px wide", ax.Step, denser, float64(denser)*l.dayW())
		}
	}
	// Every year a labelled tick falls in is written on a heading, the
	// first of them early on: on the first heading, or where the first
	// months have room only for their names ("Jan", "Feb", "Mar 2025"),
	// within three.
	for _, d := range ax.Days {
		y := strconv.Itoa(d.Day.Year())
		if !slices.ContainsFunc(ax.Months, func(lb Label) bool { return strings.Contains(lb.Text, y) }) {
			t.Errorf("no heading writes the year %s of day %s", y, d.Day.Format(time.DateOnly))
		}
	}
	if n := min(len(ax.Months), 3); n > 0 && !slices.ContainsFunc(ax.Months[:n], func(lb Label) bool { return strings.ContainsAny(lb.Text, "0123456789") }) {
		t.Errorf("no year in the first headings, %q first", ax.Months[0].Text)
	}
}
