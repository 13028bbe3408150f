package retrieval

import (
	"slices"
	"strings"
	"testing"
)

// TestCapitals: the embedded table parses whole, Brussels reads both as
// Belgium's capital and as the EU's seat, callers get copies, and a
// malformed line is an error naming it.
func TestCapitals(t *testing.T) {
	cs := Capitals()
	lines := 0
	for _, l := range strings.Split(capitalsText, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines++
		}
	}
	if len(cs) != lines || lines < 50 {
		t.Fatalf("%d capitals read of %d lines, want all and 50 or more", len(cs), lines)
	}
	byCity := map[string]Capital{}
	for _, c := range cs {
		if _, dup := byCity[c.City]; dup {
			t.Errorf("%s listed twice", c.City)
		}
		byCity[c.City] = c
	}
	if b := byCity["Brussels"]; !slices.Contains(b.Country, "Belgium") || !slices.Contains(b.Country, "Belgian") || !slices.Equal(b.Seat, []string{"EU", "European Union"}) {
		t.Errorf("Brussels: %+v, want Belgium's capital and the EU's seat", b)
	}
	if m := byCity["Moscow"]; !slices.Equal(m.Country, []string{"Russia", "Russian", "Kremlin"}) || m.Seat != nil {
		t.Errorf("Moscow: %+v", m)
	}
	if d := byCity["Abu Dhabi"]; !slices.Contains(d.Country, "Emirati") {
		t.Errorf("Abu Dhabi, a capital of two words: %+v", d)
	}
	cs[0].Country[0] = "changed"
	if Capitals()[0].Country[0] == "changed" {
		t.Error("a caller's change reached the table")
	}

	for _, bad := range []string{"Paris France", ": France", "Oslo: ,", "Oslo: Norway,", "Brussels: Belgium; EU", "Brussels: Belgium; seat of:"} {
		if _, err := ParseCapitals("# comment\n" + bad); err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("ParseCapitals(%q) = %v, want an error naming line 2", bad, err)
		}
	}
	got, err := ParseCapitals("New  Delhi :  India ,Indian\n")
	if err != nil || len(got) != 1 || got[0].City != "New Delhi" || !slices.Equal(got[0].Country, []string{"India", "Indian"}) {
		t.Errorf("spacing: %+v, %v", got, err)
	}
}
