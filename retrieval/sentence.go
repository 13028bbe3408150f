package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end with a period that does not end a sentence ("Feb. 18",
// "Mr. Lavrov"). Lower-case keys, without the period.
var abbreviations = map[string]bool{
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thurs": true, "fri": true, "sat": true, "sun": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sen": true, "rep": true, "gov": true,
	"gen": true, "lt": true, "col": true, "maj": true, "capt": true, "sgt": true, "adm": true, "pres": true,
	"st": true, "jr": true, "sr": true, "no": true, "vs": true, "etc": true, "inc": true, "corp": true,
	"ltd": true, "co": true, "approx": true, "dept": true, "est": true, "fig": true, "al": true, "e.g": true, "i.e": true,
}

// SplitSentences splits text into sentences. It cuts after ., ! or ? (and any
// closing quotes) when white space and an upper-case letter, digit or opening
// quote follow, except after known abbreviations and initials such as "U.S.".
// Rules rather than a trained model: news style is regular, and the rules are
// predictable on dates like "Feb. 22".
func SplitSentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		end := i
		for end < len(text) {
			q, qs := utf8.DecodeRuneInString(text[end:])
			if !strings.ContainsRune(`"'”’»)]`, q) {
				break
			}
			end += qs
		}
		j := end
		for j < len(text) {
			sp, ss := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsSpace(sp) {
				break
			}
			j += ss
		}
		if j == end || j >= len(text) {
			continue // no space after, or end of text
		}
		next, _ := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune(`"'“‘«(`, next) {
			continue
		}
		if r == '.' && isAbbreviation(text[start:i-1]) {
			continue
		}
		out = append(out, strings.TrimSpace(text[start:end]))
		start = j
		i = j
	}
	if rest := strings.TrimSpace(text[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// isAbbreviation reports whether the word that ends s (just before a period)
// is an abbreviation or an initial.
func isAbbreviation(s string) bool {
	k := strings.LastIndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '"' || r == '“' })
	word := s[k+1:]
	if k >= 0 {
		_, size := utf8.DecodeRuneInString(s[k:])
		word = s[k+size:]
	}
	if word == "" {
		return false
	}
	if abbreviations[strings.ToLower(word)] {
		return true
	}
	// Initials and dotted acronyms: "J", "U.S", "U.N".
	for _, part := range strings.Split(word, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
		if r, _ := utf8.DecodeRuneInString(part); !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}
