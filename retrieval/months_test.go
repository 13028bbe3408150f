package retrieval

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestMonthNamed: every spelling the splitter, the article parser and the
// timeline accepted from their own tables before the one table, in any
// case, and nothing else.
func TestMonthNamed(t *testing.T) {
	tests := []struct {
		word string
		want time.Month
	}{
		{"jan", time.January}, {"January", time.January}, {"JAN", time.January},
		{"feb", time.February}, {"Feb", time.February}, {"february", time.February},
		{"mar", time.March}, {"March", time.March},
		{"apr", time.April}, {"april", time.April},
		{"may", time.May}, {"MAY", time.May},
		{"jun", time.June}, {"June", time.June},
		{"jul", time.July}, {"July", time.July},
		{"aug", time.August}, {"August", time.August},
		{"sep", time.September}, {"Sept", time.September}, {"September", time.September},
		{"oct", time.October}, {"October", time.October},
		{"nov", time.November}, {"November", time.November},
		{"dec", time.December}, {"December", time.December},
		// Not months: a period (callers strip it), other words, other scripts.
		{"Feb.", 0}, {"Septembre", 0}, {"ma", 0}, {"", 0}, {"Marc", 0}, {"Sept9", 0}, {"Mаy", 0}, // Cyrillic а
		{"Tue", 0}, {"Monday", 0},
	}
	for _, tt := range tests {
		got, ok := MonthNamed(tt.word)
		if ok != (tt.want != 0) || got != tt.want {
			t.Errorf("MonthNamed(%q) = %v, %v; want %v", tt.word, got, ok, tt.want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { MonthNamed("September") }); n != 0 {
		t.Errorf("MonthNamed allocates %v times; want 0 (the splitter asks it at every period)", n)
	}
}

// TestIsAbbreviationMonths: a month's abbreviation keeps its period inside
// the sentence, as the splitter's own list did ("Sept.", "Feb."); a month
// written in full ends one.
func TestIsAbbreviationMonths(t *testing.T) {
	for _, w := range []string{"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "on Sept", "(Feb"} {
		if !IsAbbreviation(w) {
			t.Errorf("IsAbbreviation(%q) = false; want true", w)
		}
	}
	for _, w := range []string{"May", "June", "July", "March", "in September"} {
		if IsAbbreviation(w) {
			t.Errorf("IsAbbreviation(%q) = true; want false", w)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"They meet on Sept. 12 in Riyadh.", "They meet on Sept. 12 in Riyadh."},
		{"The talks were held in May. Officials left.", "The talks were held in May."},
	} {
		if got := SplitSentences(tt.in); got[0] != tt.want {
			t.Errorf("SplitSentences(%q)[0] = %q; want %q", tt.in, got[0], tt.want)
		}
	}
}

// TestMonthPattern: the pattern the date regular expressions are built on
// accepts the table's spellings as running text writes them, an
// abbreviation with or without its period, and no lower-case month (the
// verb "march", the modal "may").
func TestMonthPattern(t *testing.T) {
	re := regexp.MustCompile(`^(?:` + MonthPattern() + `)$`)
	if re.NumSubexp() != 0 {
		t.Fatalf("MonthPattern has %d groups; want none", re.NumSubexp())
	}
	for _, m := range monthTable {
		w := strings.ToUpper(m.name[:1]) + m.name[1:]
		if !re.MatchString(w) {
			t.Errorf("MonthPattern does not match %q", w)
		}
		if got := re.MatchString(w + "."); got != IsMonthAbbreviation(w) {
			t.Errorf("MonthPattern matches %q: %v; want %v", w+".", got, !got)
		}
	}
	for _, w := range []string{"march", "may", "Marc", "Septe", "Jan..", "JANUARY"} {
		if re.MatchString(w) {
			t.Errorf("MonthPattern matches %q", w)
		}
	}
	// The article parser's form: any case, a period after any month.
	bare := regexp.MustCompile(`^(?i:(?:` + monthPattern(false) + `)\.?)$`)
	for _, m := range monthTable {
		for _, w := range []string{m.name, strings.ToUpper(m.name), m.name + "."} {
			if !bare.MatchString(w) {
				t.Errorf("monthPattern(false) does not match %q", w)
			}
		}
	}
	// Leftmost-first: the longest spelling wins where several start alike.
	if got := regexp.MustCompile(MonthPattern()).FindString("Sept. 11"); got != "Sept." {
		t.Errorf("MonthPattern finds %q in \"Sept. 11\"; want \"Sept.\"", got)
	}
}

// TestAliasesSpellMonthsInFull: the built-in aliases index each month's
// abbreviation as its full name, so the aliases file and the month table
// must list the same abbreviations.
func TestAliasesSpellMonthsInFull(t *testing.T) {
	for _, m := range monthTable {
		full := strings.ToLower(m.month.String())
		if m.name == full {
			continue
		}
		if got, ok := DefaultAliases().lookup(m.name); !ok || got != full {
			t.Errorf("aliases.txt: %q stands for %q; want %q", m.name, got, full)
		}
	}
}
