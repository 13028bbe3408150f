package chart

import (
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
