package bot

import (
	"regexp"
	"strings"
	"sync"
)

// usWord matches "us" as a word, in any case; countryUS reads the words
// around each match.
var usWord = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\bus\b`)
})

// parties are the words that sit beside the United States in this story:
// "us russia talks", "russia and us", "us-ukraine".
var parties = map[string]bool{
	"russia": true, "russian": true, "russians": true, "ukraine": true, "ukrainian": true,
	"ukrainians": true, "europe": true, "european": true, "europeans": true, "eu": true,
	"china": true, "chinese": true, "nato": true, "kyiv": true, "kiev": true, "moscow": true,
	"uk": true, "britain": true, "british": true, "ru": true, "ukr": true,
}

// usModifies are nouns a country's name modifies and the pronoun does not
// ("us officials", "us aid freeze").
var usModifies = map[string]bool{
	"official": true, "officials": true, "envoy": true, "envoys": true, "delegation": true,
	"delegates": true, "side": true, "team": true, "president": true, "pres": true,
	"government": true, "govt": true, "gov": true, "administration": true, "admin": true,
	"aid": true, "troops": true, "military": true, "army": true, "forces": true,
	"negotiators": true, "negotiator": true, "secretary": true, "senator": true,
	"senators": true, "congress": true, "sanctions": true, "intelligence": true, "intel": true,
	"weapons": true, "embassy": true, "ambassador": true, "diplomats": true, "diplomat": true,
	"proposal": true, "plan": true, "position": true, "demands": true, "election": true,
	"support": true, "vote": true, "voted": true, "votes": true, "backing": true,
	"economy": true, "companies": true, "firms": true, "taxpayer": true, "taxpayers": true,
	"allies": true, "policy": true, "stance": true, "role": true, "guarantees": true,
}

// pronounAfter are words after which "us" is the pronoun ("tell us", "for us"),
// whatever follows it.
var pronounAfter = map[string]bool{
	"tell": true, "told": true, "give": true, "gave": true, "show": true, "showed": true,
	"let": true, "for": true, "to": true, "with": true, "help": true, "helps": true,
	"send": true, "ask": true, "asked": true, "remind": true, "teach": true, "brief": true,
	"update": true, "about": true, "of": true, "from": true, "among": true, "like": true,
	"between": true, "by": true, "against": true, "make": true, "makes": true, "take": true,
	"keep": true, "get": true, "got": true, "all": true, "both": true, "made": true,
	"explain": true, "walk": true, "bring": true, "leave": true, "lets": true,
	// verbs whose object may come before a party's name: "did Putin call
	// us Russia's enemies"
	"call": true, "called": true, "calls": true, "consider": true, "considers": true,
	"considered": true, "see": true, "sees": true, "saw": true, "treat": true, "treats": true,
	"treated": true, "name": true, "named": true, "label": true, "labelled": true,
	"brand": true, "branded": true, "invite": true, "invited": true, "join": true,
	"joined": true, "want": true, "wants": true, "wanted": true, "need": true, "needs": true,
	"blame": true, "blamed": true, "accuse": true, "accused": true, "warn": true,
	"warned": true, "urge": true, "urged": true, "trust": true,
}

// countryUS writes "us" as "US" where it names the United States: the
// analyser reads "US" as the country and "us" as the pronoun, a stop word,
// and people in a chat write the country in lower case ("did the us and
// russia agree on anything"). Elsewhere "us" stays as it is.
func countryUS(q string) string {
	return replaceSpans(q, usWord().FindAllStringIndex(q, -1), func(l []int) (int, string, bool) {
		w := q[l[0]:l[1]]
		return l[0], "US", w != "US" && namesCountry(q[:l[0]], q[l[1]:])
	})
}

// namesCountry says whether an "us" between before and after is the country.
func namesCountry(before, after string) bool {
	prev := lastWords(before, 3)
	var p1, p2, p3 string
	if len(prev) > 0 {
		p1 = prev[len(prev)-1]
	}
	if len(prev) > 1 {
		p2 = prev[len(prev)-2]
	}
	if len(prev) > 2 {
		p3 = prev[len(prev)-3]
	}
	hyphenBefore := strings.HasSuffix(before, "-") && len(before) > 1 && isLetter(before[len(before)-2])
	hyphenAfter := strings.HasPrefix(after, "-") && len(after) > 1 && isLetter(after[1])
	switch {
	case p1 == "the", hyphenBefore, hyphenAfter:
		return true // "the us", "russia-us", "us-russia"
	case (p1 == "and" || p1 == "or" || p1 == "vs" || p1 == "&") && parties[p2]:
		return !pronounAfter[p3] // "russia and us", not "tell russia and us"
	}
	if pronounAfter[p1] {
		return false // "tell us", "with us"
	}
	next := firstWords(after, 2)
	if len(next) == 0 {
		return false
	}
	switch {
	case parties[next[0]], usModifies[next[0]]:
		return true // "us russia contacts", "us officials"
	case (next[0] == "and" || next[0] == "or" || next[0] == "vs" || next[0] == "&") && len(next) > 1 && parties[next[1]]:
		return true // "us and russia"
	}
	return false
}

// lastWords returns up to n lower-case words at the end of s.
func lastWords(s string, n int) []string {
	f := strings.FieldsFunc(strings.ToLower(s), notWordRune)
	return f[max(0, len(f)-n):]
}

// firstWords returns up to n lower-case words at the start of s, stopping
// at the end of the clause.
func firstWords(s string, n int) []string {
	if i := strings.IndexAny(s, ",.;:!?()"); i >= 0 {
		s = s[:i]
	}
	f := strings.FieldsFunc(strings.ToLower(s), notWordRune)
	return f[:min(n, len(f))]
}

func notWordRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '&' || r >= 0x80)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
