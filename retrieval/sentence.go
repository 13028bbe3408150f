package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end with a period that does not end a sentence ("Mr.
// Lavrov"), as do the months' (IsMonthAbbreviation: "Feb. 18"). Lower-case
// keys, without the period.
var abbreviations = map[string]bool{
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thurs": true, "fri": true, "sat": true, "sun": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sen": true, "rep": true, "gov": true,
	"gen": true, "lt": true, "col": true, "maj": true, "capt": true, "sgt": true, "adm": true, "pres": true,
	"st": true, "jr": true, "sr": true, "no": true, "vs": true, "etc": true, "inc": true, "corp": true,
	"ltd": true, "co": true, "approx": true, "dept": true, "est": true, "fig": true, "al": true, "e.g": true, "i.e": true,
}

// MaxSentenceBytes bounds a sentence. Text scraped without full stops would
// otherwise be one sentence of megabytes, and every step that works on
// sentences (passages, quotes, dating events) would pay for its whole length
// again and again. A longer run is cut at the last clause punctuation (, ; :
// or a dash) in the second half of the limit, else at the last space, else
// after the last Chinese or Japanese clause mark (，、；：) in the second half,
// else between two characters. News sentences stay far below it.
const MaxSentenceBytes = 600

// SplitSentences splits text into sentences. It cuts after ., ! or ? (and any
// closing quotes) when white space and an upper-case letter, digit or opening
// quote follow, except after known abbreviations and initials such as "U.S.";
// and after the Chinese and Japanese full stops 。！？, which no space
// follows.
// Rules rather than a trained model: news style is regular, and the rules are
// predictable on dates like "Feb. 22". No sentence is longer than
// MaxSentenceBytes.
func SplitSentences(text string) []string { return splitSentences(text, MaxSentenceBytes) }

// SplitWholeSentences is SplitSentences without the cap: a sentence of any
// length is one. It is for text already bounded in size whose sentences
// must stay whole, such as a model's reply, where a 600-byte piece would
// lose its citations to the piece after it and be dropped as uncited.
func SplitWholeSentences(text string) []string { return splitSentences(text, 0) }

// splitSentences is SplitSentences with sentences capped at limit bytes
// (none when limit is 0).
func splitSentences(text string, limit int) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		cjk := isCJKStop(r)
		if r != '.' && r != '!' && r != '?' && r != '…' && !cjk {
			continue
		}
		end := i
		for end < len(text) {
			q, qs := utf8.DecodeRuneInString(text[end:])
			if !strings.ContainsRune(closers, q) {
				break
			}
			end += qs
		}
		if cjk {
			// Chinese and Japanese put no space after a full stop. Cut
			// right after it, unless closing brackets follow and the
			// text goes on at once: 「合意した。」と述べた is one sentence.
			if end == len(text) {
				continue
			}
			if next, _ := utf8.DecodeRuneInString(text[end:]); end > i && !unicode.IsSpace(next) {
				continue
			}
			out = appendCapped(out, strings.TrimSpace(text[start:end]), limit)
			for end < len(text) {
				sp, ss := utf8.DecodeRuneInString(text[end:])
				if !unicode.IsSpace(sp) {
					break
				}
				end += ss
			}
			start, i = end, end
			continue
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
		if r == '.' {
			// A clock time is no abbreviation: "at 3 p.m. This time" is
			// two sentences, "at 3 p.m. Moscow time" one.
			if clockTime(text[start : i-1]) {
				if continuesClockTime(text[j:]) {
					continue
				}
			} else if IsAbbreviation(text[start : i-1]) {
				continue
			}
		}
		out = appendCapped(out, strings.TrimSpace(text[start:end]), limit)
		start = j
		i = j
	}
	if rest := strings.TrimSpace(text[start:]); rest != "" {
		out = appendCapped(out, rest, limit)
	}
	return out
}

// clockTime reports whether the word that ends s (just before a period)
// is "a.m" or "p.m", in either case: "3 p.m", "10 A.M", "10p.m".
func clockTime(s string) bool {
	n := len(s)
	if n < 3 || s[n-2] != '.' {
		return false
	}
	ap, m := s[n-3]|0x20, s[n-1]|0x20
	if (ap != 'a' && ap != 'p') || m != 'm' {
		return false
	}
	if n == 3 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:n-3])
	return !unicode.IsLetter(r)
}

// timeZones follow a clock time: "6 p.m. GMT".
var timeZones = map[string]bool{
	"GMT": true, "UTC": true, "BST": true, "CET": true, "CEST": true, "EET": true, "EEST": true,
	"MSK": true, "ET": true, "EST": true, "EDT": true, "PT": true, "PST": true, "PDT": true,
}

// zone reports whether word, the first after a clock time, is a time
// zone, with an offset or without, and perhaps the closing bracket of
// "(GMT+3)": "GMT", "GMT+3", "UTC+03:00", "UTC−5", "EST,". Not "GMTV".
func zone(word string) bool {
	word = strings.TrimRight(word, ",;:.)")
	n := 0
	for n < len(word) && 'A' <= word[n] && word[n] <= 'Z' {
		n++
	}
	if !timeZones[word[:n]] {
		return false
	}
	off := word[n:]
	if off == "" {
		return true
	}
	// An offset: a sign, one or two digits, and minutes with or without a
	// colon ("+3", "-05", "+03:00", "+0530"); the minus may be U+2212.
	if rest, ok := strings.CutPrefix(off, "+"); ok {
		off = rest
	} else if rest, ok := strings.CutPrefix(off, "-"); ok {
		off = rest
	} else if rest, ok := strings.CutPrefix(off, "−"); ok {
		off = rest
	} else {
		return false
	}
	hours, minutes, colon := strings.Cut(off, ":")
	if !colon && len(hours) == 4 {
		hours, minutes = hours[:2], hours[2:]
	}
	return digits(hours, 1, 2) && (minutes == "" && !colon || digits(minutes, 2, 2))
}

// digits reports whether s is between lo and hi ASCII digits.
func digits(s string, lo, hi int) bool {
	return len(s) >= lo && len(s) <= hi && strings.Trim(s, "0123456789") == ""
}

// zoneWords name a time by region rather than by zone ("Eastern time").
var zoneWords = map[string]bool{"local": true, "eastern": true, "central": true, "pacific": true, "mountain": true, "greenwich": true, "kiev": true}

// dayWords, like a month (MonthNamed), open a date that a clock time may
// run into: "5 p.m. Feb. 28", "3 p.m. Tuesday".
var dayWords = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true,
}

// continuesClockTime reports whether text, which follows a clock time and
// opens with a capital or a bracket, goes on with the time's sentence: a
// time zone ("GMT", "Moscow time", "Eastern time"), the time elsewhere in
// brackets ("(0700 GMT)") or a date ("Tuesday", "Feb. 28", "March 3").
// A name or any other word ("This time", "Lavrov arrived") starts a
// sentence.
func continuesClockTime(text string) bool {
	// The time elsewhere in brackets, as wire copy adds it: "10 a.m.
	// (0700 GMT)", "(Moscow time)".
	if rest, ok := strings.CutPrefix(text, "("); ok {
		if r, _ := utf8.DecodeRuneInString(rest); unicode.IsDigit(r) {
			return true
		}
		text = rest
	}
	// Only the next two words and a capital's name are read, never the
	// rest of the text: a text of many clock times is read once.
	f0, rest := nextField(text)
	f1, _ := nextField(rest)
	if f0 == "" {
		return false
	}
	first := strings.TrimRight(f0, ",;:.")
	if zone(f0) || dayWords[strings.ToLower(first)] {
		return true
	}
	// A month, then a day: "May 8", not "May said".
	if _, ok := MonthNamed(first); ok && f1 != "" {
		if d := strings.TrimRight(f1, ",;:."); d != "" && strings.Trim(d, "0123456789") == "" {
			return true
		}
	}
	if f1 != "" && strings.EqualFold(strings.TrimRight(f1, ",;:."), "time") && zoneWords[strings.ToLower(first)] {
		return true
	}
	// A capital's time, of one word or more: "Moscow time", "Abu Dhabi time".
	for _, c := range capitals() {
		n := len(c.City)
		if len(text) < n+len(" time") || !strings.EqualFold(text[:n], c.City) || !strings.EqualFold(text[n:n+len(" time")], " time") {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(text[n+len(" time"):]); len(text) == n+len(" time") || !unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// nextField returns the first word of text as strings.Fields cuts it, and
// the text after it, reading no further.
func nextField(text string) (field, rest string) {
	text = strings.TrimLeftFunc(text, unicode.IsSpace)
	end := strings.IndexFunc(text, unicode.IsSpace)
	if end < 0 {
		return text, ""
	}
	return text[:end], text[end:]
}

// closers are the closing quotes and brackets that may follow a full stop
// and belong to its sentence.
const closers = `"'”’»)]」』）】〕〉》"`

// cjkStops end a sentence in Chinese and Japanese: the ideographic full
// stop, its halfwidth form, and the fullwidth ! and ?.
const cjkStops = "。｡！？"

func isCJKStop(r rune) bool { return strings.ContainsRune(cjkStops, r) }

// appendCapped appends s to out as pieces of at most limit bytes (whole
// when limit is 0). Each cut looks back at most limit bytes and moves
// forward at least a quarter of it, so cutting is linear in len(s).
func appendCapped(out []string, s string, limit int) []string {
	for limit > 0 && len(s) > limit {
		cut := cutPoint(s[:limit+1])
		if piece := strings.TrimSpace(s[:cut]); piece != "" {
			out = append(out, piece)
		}
		s = strings.TrimSpace(s[cut:])
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// cutPoint returns where to cut a window of text that is one byte longer
// than the limit: after the last clause punctuation that a space follows in
// its second half, else at its last space past the first quarter, else at the
// last character boundary.
func cutPoint(w string) int {
	limit := len(w) - 1
	space := -1
	for i := limit; i > limit/4; i-- {
		if w[i] != ' ' {
			continue
		}
		if space < 0 {
			space = i
		}
		if i <= limit/2 {
			break
		}
		if r, _ := utf8.DecodeLastRuneInString(w[:i]); strings.ContainsRune(",;:—–", r) {
			return i
		}
	}
	if space > 0 {
		return space
	}
	// No space (Chinese, Japanese): after the last clause punctuation in
	// the second half.
	for i := limit; i > limit/2; {
		r, size := utf8.DecodeLastRuneInString(w[:i])
		if strings.ContainsRune("，、；：", r) {
			return i
		}
		i -= size
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(w[cut]) {
		cut--
	}
	return cut
}

// IsAbbreviation reports whether the word that ends s (just before a
// period) is an abbreviation or an initial: "Feb", "U.S", "J". Whoever cuts
// text at full stops asks it, so that all cut alike.
func IsAbbreviation(s string) bool {
	k := strings.LastIndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '"' || r == '“' })
	word := s[k+1:]
	if k >= 0 {
		_, size := utf8.DecodeRuneInString(s[k:])
		word = s[k+size:]
	}
	if word == "" {
		return false
	}
	if abbreviations[strings.ToLower(word)] || IsMonthAbbreviation(word) {
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
