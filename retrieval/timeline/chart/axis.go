package chart

import (
	"image"
	"slices"
	"strconv"
	"time"
)

// Axis is the geometry of one day axis: its line, the tick of every day,
// the labels of the ticks it labels (day number, weekday initial), the
// month headings and the month boundary lines. It is computed with the
// rest of the layout, so tests check that no label overlaps another, that
// no line runs through a label and that every labelled tick's month is
// named, without reading pixels.
type Axis struct {
	Y   int  // the top of the axis line (2 px thick)
	Top bool // labels above the line; at the foot of the plot, below it
	// Step is the days between labelled ticks: 1, 2, 7 or 14 (every
	// Monday, every other one); 0 when the days are too narrow for any
	// and only months are named.
	Step     int
	Ticks    []Tick
	Days     []Label // the labelled ticks' day numbers, in day order
	Weekdays []Label // their weekday initials, in the same order
	Months   []Label // the month headings, left to right
	// Rules are the month boundary lines, 2 px wide, cut where a label
	// stands in their way.
	Rules []image.Rectangle
}

// Tick is a day's mark on the axis line.
type Tick struct {
	Day      time.Time
	X        int  // its centre
	Labelled bool // a labelled tick is longer; set from Days once placed
}

// Label is a text of the axis.
type Label struct {
	Text string
	Day  time.Time // the tick's day; for a month heading, the month's first
	X, Y int       // the left end of the baseline
	Size float64
	Bold bool
	Box  image.Rectangle // the text's advance by its ascent and descent
}

const (
	axisLabelGap = 8  // the least room between two labels of a row
	ruleW        = 2  // a month boundary line's width
	ruleClear    = 2  // room a boundary line keeps from a label
	minRule      = 4  // a shorter piece of a cut boundary line is left out
	minMonthW    = 12 // narrower months get no boundary line, years do
)

// axisSteps are the steps tried, densest first.
var axisSteps = []int{1, 2, 7, 14}

// layoutAxis places the axis whose line is at y, its labels above it (top)
// or below it.
func (l *Layout) layoutAxis(f *faces, y int, top bool) Axis {
	a := Axis{Y: y, Top: top}
	dw, n := l.dayW(), l.days()
	lh := lineH(axisSize)
	monthY, dayY, wdY := y-2*lh-lh/2-4, y-lh-lh/3-2, y-11
	if !top {
		monthY, dayY, wdY = y+3*lh-4, y+lh+2, y+2*lh-2
	}
	small := float64(axisSize - 2)
	label := func(text string, d time.Time, x, base int, size float64, bold bool) Label {
		face := f.face(size, bold)
		m := face.Metrics()
		w := f.width(text, size, bold)
		return Label{Text: text, Day: d, X: x, Y: base, Size: size, Bold: bold,
			Box: image.Rect(x, base-m.Ascent.Ceil(), x+w, base+m.Descent.Ceil())}
	}

	// The densest step whose labels keep their distance: the widest day
	// number or weekday initial of the axis, and a gap. Each of the 31
	// numbers and 7 initials is measured once, however long the axis.
	widest := 0
	var seenDay [32]bool
	var seenWd [7]bool
	for i := range n {
		d := l.First.AddDate(0, 0, i)
		if !seenDay[d.Day()] {
			seenDay[d.Day()] = true
			widest = max(widest, f.width(strconv.Itoa(d.Day()), small, false))
		}
		if !seenWd[d.Weekday()] {
			seenWd[d.Weekday()] = true
			widest = max(widest, f.width(d.Weekday().String()[:1], small, false))
		}
	}
	for _, s := range axisSteps {
		if float64(s)*dw >= float64(widest+axisLabelGap) {
			a.Step = s
			break
		}
	}
	firstMonday := (int(time.Monday) - int(l.First.Weekday()) + 7) % 7
	labelled := func(i int) bool {
		switch a.Step {
		case 1:
			return true
		case 2:
			return i%2 == 0
		case 7, 14:
			return i >= firstMonday && (i-firstMonday)%a.Step == 0
		}
		return false
	}
	for i := range n {
		d := l.First.AddDate(0, 0, i)
		t := Tick{Day: d, X: int(l.dayX(d))}
		a.Ticks = append(a.Ticks, t)
		if !labelled(i) {
			continue
		}
		num, wd := strconv.Itoa(d.Day()), d.Weekday().String()[:1]
		a.Days = append(a.Days, label(num, d, t.X-f.width(num, small, false)/2, dayY, small, false))
		a.Weekdays = append(a.Weekdays, label(wd, d, t.X-f.width(wd, small, false)/2, wdY, small, false))
	}

	// placeMonths may take a month's labels off (unlabel); the ticks that
	// keep one are read from what is left.
	a.placeMonths(l, monthY, label)
	k := 0
	for i := range a.Ticks {
		if k < len(a.Days) && a.Days[k].Day.Equal(a.Ticks[i].Day) {
			a.Ticks[i].Labelled = true
			k++
		}
	}

	// Boundary lines at the start of each month, from below the headings
	// to the axis line (above them at the foot), cut around the day and
	// weekday labels they would run through.
	y0, y1 := monthY+f.face(axisSize, true).Metrics().Descent.Ceil()+ruleClear, y
	if !top {
		y0, y1 = y+2, monthY-f.face(axisSize, true).Metrics().Ascent.Ceil()-ruleClear
	}
	var boxes []image.Rectangle
	for _, ls := range [][]Label{a.Days, a.Weekdays, a.Months} {
		for _, lb := range ls {
			boxes = append(boxes, lb.Box.Inset(-ruleClear))
		}
	}
	// Where months are a few pixels wide (an axis of years), only years
	// get a line: one a month would be a comb.
	yearsOnly := dw*28 < minMonthW
	for i := range n {
		if d := l.First.AddDate(0, 0, i); d.Day() != 1 || yearsOnly && d.Month() != time.January {
			continue
		}
		x := l.dayLeft(i)
		a.Rules = append(a.Rules, cutRule(image.Rect(x, y0, x+ruleW, y1), boxes)...)
	}
	return a
}

// placeMonths names the months of the axis in a row at baseline monthY.
// A month with a labelled tick is always named, and its heading stands so
// that reading left to right, the last heading begun before a tick's
// label ends is its month: after the labels of the month before, and
// begun by the end of the month's first label. The year is written on the
// first heading and where it changes ("Dec 2024", "Jan 2025", "Feb"), and
// left out where there is no room for it. A month that has no labelled
// tick is named where it has room. Where a heading still cannot be placed,
// the heading before it drops its year, else the axis's first month (a
// few days before the first of the next) gives up its tick labels, else
// the month itself does: a tick label is never read as the month's before.
func (a *Axis) placeMonths(l *Layout, monthY int, label func(string, time.Time, int, int, float64, bool) Label) {
	type month struct {
		first      time.Time
		seg0, seg1 int // the month's stretch of the axis
	}
	if a.Step == 0 {
		a.placeMonthsOnly(l, monthY, label)
		return
	}
	var months []month
	for i := range l.days() {
		d := l.First.AddDate(0, 0, i)
		if i == 0 || d.Day() == 1 {
			months = append(months, month{first: time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC), seg0: l.dayLeft(i)})
		}
		months[len(months)-1].seg1 = l.dayLeft(i + 1)
	}
	limit := Width - margin/2
	// firstLabel returns the right end of month m's first day label, and
	// false when it has none; lastBefore the right end of the last label
	// of an earlier month.
	firstLabel := func(m int) (int, bool) {
		for _, lb := range a.Days {
			if sameMonth(lb.Day, months[m].first) {
				return lb.Box.Max.X, true
			}
		}
		return 0, false
	}
	lastBefore := func(m int) int {
		end := -1 << 20
		for _, lb := range a.Days {
			if lb.Day.Before(months[m].first) {
				end = max(end, lb.Box.Max.X)
			}
		}
		return end
	}
	type head struct {
		m    int
		full bool // with the year
		lb   Label
	}
	has := func(m int) bool { _, ok := firstLabel(m); return ok }
	var heads []head
	// place returns month m's heading after the headings placed, with its
	// year if full.
	// form is how a heading is written: the month, with its year, or the
	// year alone (for a month too narrow to name, the year must still be
	// read somewhere).
	type form int
	const (
		short form = iota
		full
		yearOnly
	)
	place := func(m int, fm form) (Label, bool) {
		mo := months[m]
		prevEnd := -1 << 20
		if len(heads) > 0 {
			prevEnd = heads[len(heads)-1].lb.Box.Max.X
		}
		text := mo.first.Format([...]string{"Jan", "Jan 2006", "2006"}[fm])
		w := label(text, mo.first, 0, monthY, axisSize, true).Box.Dx()
		after := lastBefore(m)
		x := max(mo.seg0+ruleW+2, prevEnd+axisLabelGap, after+axisLabelGap)
		if m == 0 {
			x = int(l.X0)
		}
		x = min(x, limit-w) // the last month may reach back over its boundary
		ok := x >= prevEnd+axisLabelGap && x > after && x >= margin/2
		if end, has := firstLabel(m); has {
			ok = ok && x <= end
		} else {
			next := limit
			if m+1 < len(months) {
				next = months[m+1].seg0 - axisLabelGap
			}
			ok = ok && x+w <= next // named only where it has room
		}
		return label(text, mo.first, x, monthY, axisSize, true), ok
	}
	// yearShown is the year the headings placed have written last.
	yearShown := func() int {
		for k := len(heads) - 1; k >= 0; k-- {
			if heads[k].full {
				return heads[k].lb.Day.Year()
			}
		}
		return 0
	}
	// tryPlace places month m's heading in the first form that fits:
	// with its year where no heading has written it yet, else without; a
	// month with no tick label, the year alone; lastly, a month with one,
	// without its year (only when lax).
	tryPlace := func(m int, lax bool) bool {
		forms := []form{short}
		if months[m].first.Year() != yearShown() {
			forms = []form{full, yearOnly}
			if has(m) {
				forms = []form{full}
				if lax {
					forms = append(forms, short)
				}
			}
		}
		for _, fm := range forms {
			if lb, ok := place(m, fm); ok {
				heads = append(heads, head{m, fm != short, lb})
				return true
			}
		}
		return false
	}
	for m := range months {
		if tryPlace(m, false) {
			continue
		}
		if !has(m) {
			continue // no tick to name: the month goes unnamed
		}
		// The heading before gives its year to this one.
		if k := len(heads) - 1; k >= 0 && heads[k].full && heads[k].m == m-1 && heads[k].lb.Day.Year() == months[m].first.Year() {
			last := heads[k]
			heads = heads[:k]
			if lb, ok := place(last.m, short); ok {
				heads = append(heads, head{last.m, false, lb})
				if tryPlace(m, false) {
					continue
				}
				heads = heads[:k]
			}
			heads = append(heads, last)
		}
		if m == 1 && len(heads) == 1 && heads[0].m == 0 {
			saved, days, wds := heads, a.Days, a.Weekdays
			heads = nil
			a.unlabel(months[0].first)
			if tryPlace(m, false) {
				continue
			}
			heads, a.Days, a.Weekdays = saved, days, wds
		}
		if tryPlace(m, true) {
			continue
		}
		a.unlabel(months[m].first)
	}
	for _, h := range heads {
		a.Months = append(a.Months, h.lb)
	}
}

// placeMonthsOnly names the months of an axis too long to label any day,
// where they have room: first each January with its year ("Jan 2025", else
// "2025"), then the axis's first month with its year if it ends before the
// first January's heading, then the other months by name where they fit
// between those.
func (a *Axis) placeMonthsOnly(l *Layout, monthY int, label func(string, time.Time, int, int, float64, bool) Label) {
	limit := Width - margin/2
	type month struct {
		first time.Time
		x     int // where its heading would start
	}
	var months []month
	for i := range l.days() {
		d := l.First.AddDate(0, 0, i)
		if i == 0 {
			months = append(months, month{first: time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC), x: int(l.X0)})
		} else if d.Day() == 1 {
			months = append(months, month{first: d, x: l.dayLeft(i) + ruleW + 2})
		}
	}
	var placed []Label // kept in x order
	fits := func(lb Label) bool {
		if lb.Box.Max.X > limit {
			return false
		}
		for _, p := range placed {
			if lb.Box.Min.X < p.Box.Max.X+axisLabelGap && p.Box.Min.X < lb.Box.Max.X+axisLabelGap {
				return false
			}
		}
		return true
	}
	put := func(mo month, layouts ...string) {
		for _, lay := range layouts {
			lb := label(mo.first.Format(lay), mo.first, mo.x, monthY, axisSize, true)
			if fits(lb) {
				placed = append(placed, lb)
				slices.SortFunc(placed, func(a, b Label) int { return a.Box.Min.X - b.Box.Min.X })
				return
			}
		}
	}
	for m, mo := range months {
		if m > 0 && mo.first.Month() == time.January {
			put(mo, "Jan 2006", "2006")
		}
	}
	put(months[0], "Jan 2006", "2006")
	for m, mo := range months {
		if m > 0 && mo.first.Month() != time.January {
			put(mo, "Jan")
		}
	}
	a.Months = placed
}

// unlabel takes the tick labels of month m off the axis, keeping its ticks.
func (a *Axis) unlabel(m time.Time) {
	var days, wds []Label
	for k := range a.Days {
		if !sameMonth(a.Days[k].Day, m) {
			days, wds = append(days, a.Days[k]), append(wds, a.Weekdays[k])
		}
	}
	a.Days, a.Weekdays = days, wds
}

func sameMonth(a, b time.Time) bool { return a.Year() == b.Year() && a.Month() == b.Month() }

// cutRule returns the pieces of the vertical line r that cross none of
// boxes, leaving out pieces shorter than minRule.
func cutRule(r image.Rectangle, boxes []image.Rectangle) []image.Rectangle {
	pieces := []image.Rectangle{r}
	for _, b := range boxes {
		var next []image.Rectangle
		for _, p := range pieces {
			if !p.Overlaps(b) {
				next = append(next, p)
				continue
			}
			if b.Min.Y > p.Min.Y {
				next = append(next, image.Rect(p.Min.X, p.Min.Y, p.Max.X, b.Min.Y))
			}
			if b.Max.Y < p.Max.Y {
				next = append(next, image.Rect(p.Min.X, b.Max.Y, p.Max.X, p.Max.Y))
			}
		}
		pieces = next
	}
	var out []image.Rectangle
	for _, p := range pieces {
		if p.Dy() >= minRule {
			out = append(out, p)
		}
	}
	return out
}
