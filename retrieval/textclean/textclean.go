// Package textclean is the one sanitizer for untrusted text: article text,
// page titles, file names, questions and a language model's output all pass
// through it before they reach a terminal, a prompt or Discord.
//
// It removes what could change how text is shown rather than what it says:
// terminal escape sequences (CSI, OSC and the other ESC forms, as whole
// sequences, so no "[31m" is left behind), the other C0 and C1 control
// characters, bidirectional embeddings, overrides, isolates and marks
// (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), which can make a
// line read backwards, and the other invisible format characters (Unicode
// category Cf, such as zero-width spaces, the byte-order mark and the tag
// characters U+E0000–U+E007F, which can hide instructions from a reader
// while a model still reads them). The zero-width joiner and non-joiner
// stay: emoji sequences and several scripts need them. Invalid UTF-8
// becomes U+FFFD.
//
// Every function is linear in the length of its input.
package textclean

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text cleans multi-line text: newlines and tabs stay (CR LF and a lone CR
// become LF; the Unicode line and paragraph separators too), everything
// else listed in the package comment goes.
func Text(s string) string { return clean(s, false) }

// Line cleans text that must stay on one line, such as a headline, a page
// title or a file name: as Text, and every line break or tab becomes a
// space, runs of white space fold to one, and the ends are trimmed.
func Line(s string) string {
	return strings.Join(strings.Fields(clean(s, true)), " ")
}

// Clip is Line(s) cut to at most n characters, ending with "…" when cut:
// an excerpt of an untrusted message (a server's error body) for a one-line
// error.
func Clip(s string, n int) string { return Truncate(Line(s), n) }

// Truncate cuts s to at most n characters, ending with "…" when cut.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:max(n-1, 0)]), " ") + "…"
}

// WebPage reports whether an HTTP response's body (given trimmed) and
// Content-Type are a web page rather than an API's answer: a sign that
// another server (a proxy, a default site) has the address. Callers name
// that instead of quoting the page.
func WebPage(body, contentType string) bool {
	return strings.HasPrefix(body, "<") || strings.Contains(strings.ToLower(contentType), "html")
}

// Clean reports whether s is unchanged by Text, without allocating.
func Clean(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == '\r' || Dropped(r) {
			return false
		}
		i += size
	}
	return true
}

// Dropped reports whether r is a character Text removes: a control
// character other than newline and tab, or an invisible format character
// (not the joiners that scripts and emoji need). Output that must keep the
// text exact (--json) escapes these instead.
func Dropped(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || (r >= 0x7f && r <= 0x9f):
		return true
	case r == '\u200c' || r == '\u200d': // ZWNJ, ZWJ: scripts and emoji need them
		return false
	case r == '\u2028' || r == '\u2029':
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// clean does the work of Text and Line; oneLine turns breaks into spaces.
func clean(s string, oneLine bool) string {
	if Clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	brk := func() {
		if oneLine {
			b.WriteByte(' ')
		} else {
			b.WriteByte('\n')
		}
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\x1b':
			i += escLen(s[i:])
			continue
		case r == '\u009b': // the one-character CSI
			i += size + csiLen(s[i+size:])
			continue
		case r == '\r':
			brk()
			if i+1 < len(s) && s[i+1] == '\n' {
				size++
			}
		case r == '\u2028' || r == '\u2029':
			brk()
		case (r == '\n' || r == '\t') && oneLine:
			b.WriteByte(' ')
		case Dropped(r):
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Unfinished returns how many bytes at the end of s may be the start of an
// escape sequence or a character that the next piece of a stream will
// complete: a streamed text holds them back, or cleaning the pieces apart
// would leave the rest of a sequence ("31m") behind. It looks at most 64
// bytes back; a longer unfinished sequence is cleaned as it stands.
func Unfinished(s string) int {
	from := max(0, len(s)-64)
	for i := len(s) - 1; i >= from; i-- {
		switch c := s[i]; {
		case c == '\x1b':
			if !escComplete(s[i:]) {
				return len(s) - i
			}
			return 0
		case c == 0xc2 && i+1 < len(s) && s[i+1] == 0x9b: // the one-character CSI
			if n := 2 + csiLen(s[i+2:]); i+n >= len(s) && !csiFinal(s[i+n-1]) {
				return len(s) - i
			}
			return 0
		}
	}
	// A character cut in two.
	for i := len(s) - 1; i >= max(0, len(s)-utf8.UTFMax); i-- {
		if utf8.RuneStart(s[i]) {
			if !utf8.FullRuneInString(s[i:]) {
				return len(s) - i
			}
			break
		}
	}
	return 0
}

// escComplete reports whether the escape sequence at the start of s (s[0]
// is ESC) is whole: more text could not extend it.
func escComplete(s string) bool {
	n := escLen(s)
	switch {
	case n < len(s):
		return true
	case len(s) < 2:
		return false
	case s[1] == '[':
		return n > 2 && csiFinal(s[n-1])
	case s[1] == ']' || s[1] == 'P' || s[1] == 'X' || s[1] == '^' || s[1] == '_':
		return s[n-1] == '\a' || strings.HasSuffix(s[:n], "\x1b\\") || strings.HasSuffix(s[:n], "\u009c")
	}
	return s[n-1] >= 0x30 && s[n-1] <= 0x7e
}

// csiFinal reports whether c ends a control sequence.
func csiFinal(c byte) bool { return c >= 0x40 && c <= 0x7e }

// escLen is the length of the escape sequence at the start of s (s[0] is
// ESC): a CSI ("ESC [" parameters, intermediates, one final byte), a string
// sequence (OSC "ESC ]", DCS "ESC P", SOS "ESC X", PM "ESC ^", APC "ESC _")
// up to its terminator (BEL or ST) or the end of the line, or ESC with
// the intermediates and final byte of a short escape ("ESC c", "ESC ( B").
// A sequence cut short ends where the text does; an ESC before white space
// or a non-ASCII character goes alone.
func escLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		return 2 + csiLen(s[2:])
	case ']', 'P', 'X', '^', '_':
		return 2 + stringLen(s[2:])
	}
	if s[1] <= 0x20 || s[1] >= 0x7f { // ESC then white space, a control or non-ASCII: drop only the ESC
		return 1
	}
	i := 1
	for i < len(s) && s[i] >= 0x21 && s[i] <= 0x2f { // nF intermediates ("ESC ( B")
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e { // the final byte
		i++
	}
	return i
}

// csiLen is the length of a CSI's parameters, intermediates and final byte.
// Anything else ends it early: the byte is not part of the sequence.
func csiLen(s string) int {
	i := 0
	for i < len(s) && s[i] >= 0x30 && s[i] <= 0x3f { // parameters
		i++
	}
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f { // intermediates
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e { // the final byte
		i++
	}
	return i
}

// stringLen is the length of a string sequence's body and terminator: BEL,
// ESC \ or U+009C. Without one it stops before the next line break, so an
// unterminated sequence cannot swallow more than its own line.
func stringLen(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\a':
			return i + 1
		case '\n', '\r':
			return i
		case '\x1b':
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i
		case 0xc2:
			if i+1 < len(s) && s[i+1] == 0x9c {
				return i + 2
			}
		}
	}
	return len(s)
}
