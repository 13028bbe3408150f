package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"golang.org/x/text/unicode/norm"
)

// aliases fold spellings that mean the same thing in this domain to one form
// before stemming: transliterations, month abbreviations and the "US" acronym
// (which would otherwise be lost as the stop word "us").
var aliases = map[string]string{
	"kyiv": "kiev", "zelenskyy": "zelensky", "zelenskiy": "zelensky", "zelenski": "zelensky",
	"sergey": "sergei", "dmitriy": "dmitry", "u.s": "usa", "u.s.a": "usa",
	"u.k": "uk", "u.n": "un", "e.u": "eu",
	"jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
	"jul": "july", "aug": "august", "sep": "september", "sept": "september", "oct": "october",
	"nov": "november", "dec": "december",
}

// Analyze turns text into index terms: words are split on anything but
// letters and digits, folded to lower case without diacritics or curly
// quotes, stop words dropped, a few domain spellings unified and the rest
// stemmed with the Snowball English stemmer. Questions and passages go
// through the same function, so "negotiations" finds "negotiators".
func Analyze(text string) []string {
	var out []string
	analyze(text, nil, func(t string) { out = append(out, t) })
	return out
}

// stemCache memoises stems during an index build, where the same words recur
// millions of times. It is owned by one goroutine.
type stemCache map[string]string

// analyze calls emit for each term of text. cache may be nil.
func analyze(text string, cache stemCache, emit func(string)) {
	var buf []byte
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		// A word runs over letters and digits, keeps inner apostrophes, and
		// keeps inner periods of acronyms and decimals ("U.S.", "2.5").
		start := i
		upper := true
		buf = buf[:0]
		for i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
			if isWordRune(r) {
				if unicode.IsLower(r) {
					upper = false
				}
				i += size
				continue
			}
			if (r == '.' || r == '\'' || r == '’') && i+size < len(text) {
				n, _ := utf8.DecodeRuneInString(text[i+size:])
				if isWordRune(n) && (r != '.' || innerPeriod(text[start:i], n)) {
					i += size
					continue
				}
			}
			break
		}
		word := text[start:i]
		buf = foldWord(buf, word)
		if len(buf) == 0 {
			continue // only combining marks or apostrophes
		}
		term := string(buf)
		if upper && term == "us" {
			term = "usa" // "US", the country, not the pronoun
		}
		if a, ok := aliases[term]; ok {
			term = a
		} else if !upper || len(term) < 2 {
			if english.IsStopWord(term) {
				continue
			}
		}
		if cache != nil {
			if s, ok := cache[term]; ok {
				emit(s)
				continue
			}
		}
		s := stem(term)
		if cache != nil {
			cache[term] = s
		}
		emit(s)
	}
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// innerPeriod reports whether a period inside a word joins it: between digits
// (2.5) or after a single letter of an acronym (U.S).
func innerPeriod(before string, next rune) bool {
	last, _ := utf8.DecodeLastRuneInString(before)
	if unicode.IsDigit(last) && unicode.IsDigit(next) {
		return true
	}
	seg := before
	if k := strings.LastIndexByte(before, '.'); k >= 0 {
		seg = before[k+1:]
	}
	return utf8.RuneCountInString(seg) == 1 && unicode.IsLetter(last) && unicode.IsLetter(next)
}

// foldWord appends word to buf in lower case, without diacritics and
// apostrophes, and with a possessive 's dropped.
func foldWord(buf []byte, word string) []byte {
	ascii := true
	for i := 0; i < len(word); i++ {
		if word[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if !ascii {
		word = norm.NFKD.String(word)
	}
	for _, r := range word {
		switch {
		case r == '\'' || r == '’' || unicode.Is(unicode.Mn, r):
			continue
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			buf = append(buf, byte(r))
		default:
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		}
	}
	// Possessive: "putin's" → "putin". The apostrophe is gone by now, so look
	// at the source word.
	if n := len(word); n > 2 && (strings.HasSuffix(word, "'s") || strings.HasSuffix(word, "’s") || strings.HasSuffix(word, "'S")) {
		buf = buf[:len(buf)-1]
	}
	return buf
}

// stem reduces a folded term to its Snowball stem. Variant transliterations
// ending in -iy/-yy are folded first; numbers and acronyms are left alone.
func stem(term string) string {
	if len(term) >= 5 && (strings.HasSuffix(term, "yy") || strings.HasSuffix(term, "iy")) {
		term = term[:len(term)-2] + "y"
	}
	for i := 0; i < len(term); i++ {
		if c := term[i]; c == '.' || ('0' <= c && c <= '9') {
			return term
		}
	}
	return english.Stem(term, true)
}
