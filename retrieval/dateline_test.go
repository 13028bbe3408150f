package retrieval

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestIsDatelineMatchesTheBoundedPattern: the dateline test with its
// length counted in code accepts exactly the lines the bounded pattern
// `{1,40}` did, which compiled to 1.2 MB at every start-up.
func TestIsDatelineMatchesTheBoundedPattern(t *testing.T) {
	bounded := regexp.MustCompile(`^\p{Lu}[\p{Lu}\s,.\-'’/]{1,40}$`)
	var lines []string
	for _, unit := range []string{"A", "É", "Ж", " ", "-", "'", ",", "/", "a", "1", "\xff"} {
		for n := 0; n <= 44; n++ {
			lines = append(lines, "K"+strings.Repeat(unit, n), strings.Repeat(unit, n))
		}
	}
	lines = append(lines, "MOSCOW", "KYIV, UKRAINE", "KYIV/MOSCOW", "WASHINGTON —", "ÉLYSÉE PALACE, PARIS", "U.S.", "")
	for _, line := range lines {
		// The capitals form: the length counted in code, as the pattern
		// bounded it. (Lines in title case, and tags, have their own test.)
		got := utf8.RuneCountInString(line) <= maxDatelineRunes && datelineRe.MatchString(line)
		if want := bounded.MatchString(line); got != want {
			t.Errorf("isDateline(%q) = %v; the bounded pattern says %v", line, got, want)
		}
	}
}

// TestDatelineWithCountry: "JEDDAH, Saudi Arabia" is the article's dateline,
// not a line of text dropped as noise, so the judge reads where the story
// is set; a sentence in title case is not one.
func TestDatelineWithCountry(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"JEDDAH, Saudi Arabia", "JEDDAH, Saudi Arabia"},
		{"NEW DELHI, India", "NEW DELHI, India"},
		{"KYIV, UKRAINE", "KYIV, UKRAINE"},
		{"Riyadh, Saudi Arabia", ""},
		{"NATO, and Russia", ""},
		{"KYIV/MOSCOW", "KYIV/MOSCOW"},
		{"EU, Ukraine Agree", ""},      // a headline: no country so named, and "EU" is two letters
		{"WASHINGTON, Trump Says", ""}, // no country
		{"EU, Russia", ""},             // a place of three letters or more
		{"UPDATE", ""},                 // an agency's tag
		{"BREAKING NEWS", ""},
		{"LONDON, United Kingdom", "LONDON, United Kingdom"},
		// A state, province or nation, as agencies write them.
		{"ANCHORAGE, Alaska", "ANCHORAGE, Alaska"},
		{"KANANASKIS, Alberta", "KANANASKIS, Alberta"},
		{"TURNBERRY, Scotland", "TURNBERRY, Scotland"},
		{"PALM BEACH, Fla.", "PALM BEACH, Fla."},
		{"WASHINGTON, D.C.", "WASHINGTON, D.C."},
		{"WASHINGTON, Virginia Says", ""}, // a headline
	} {
		a, err := ParseArticle("a.txt", []byte("date 2025-03-12 Ukraine backs ceasefire\n\n"+tc.line+"\n\nUkraine said on Tuesday that it was ready to accept a ceasefire.\n"))
		if err != nil {
			t.Fatal(err)
		}
		if a.Dateline != tc.want {
			t.Errorf("%q: dateline %q, want %q", tc.line, a.Dateline, tc.want)
		}
	}
}
