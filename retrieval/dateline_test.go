package retrieval

import (
	"regexp"
	"strings"
	"testing"
)

// TestIsDatelineMatchesTheBoundedPattern: the dateline test with its
// length counted in code accepts exactly the lines the bounded pattern
// `{1,40}` did, which compiled to 1.2 MB at every start-up.
func TestIsDatelineMatchesTheBoundedPattern(t *testing.T) {
	bounded := regexp.MustCompile(`^\p{Lu}[\p{Lu}\s,.\-']{1,40}$`)
	var lines []string
	for _, unit := range []string{"A", "É", "Ж", " ", "-", "'", ",", "a", "1", "\xff"} {
		for n := 0; n <= 44; n++ {
			lines = append(lines, "K"+strings.Repeat(unit, n), strings.Repeat(unit, n))
		}
	}
	lines = append(lines, "MOSCOW", "KYIV, UKRAINE", "WASHINGTON —", "RIYADH, Saudi Arabia", "ÉLYSÉE PALACE, PARIS", "U.S.", "")
	for _, line := range lines {
		if got, want := isDateline(line), bounded.MatchString(line); got != want {
			t.Errorf("isDateline(%q) = %v; the bounded pattern says %v", line, got, want)
		}
	}
}
