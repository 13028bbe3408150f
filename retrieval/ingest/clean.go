package ingest

import (
	"strings"
	"unicode"
)

// cleanLine trims a line of untrusted text, folds runs of white space to one
// space, and drops control and bidirectional-override characters, which
// could disguise text on a terminal, in a prompt or in Discord.
func cleanLine(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r), r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069',
			r == '\u200B', r == '\uFEFF', r == '\u00AD':
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
