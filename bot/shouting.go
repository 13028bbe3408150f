package bot

import (
	"strings"
	"unicode"
)

// unshouted returns a question typed all in capitals ("WHERE DID THEY
// MEET?") in lower case, so that it reads as the chat question it is: in
// capitals every word looks like a name or an acronym, and "DID" would veto
// it as a name the articles never mention. A question with any lower-case
// letter, or with fewer than two words in capitals, is returned as it is:
// "NATO?" and "What did NATO say?" keep their acronym.
func unshouted(q string) string {
	words := 0
	for _, w := range strings.Fields(q) {
		upper := false
		for _, r := range w {
			if unicode.IsLower(r) {
				return q
			}
			upper = upper || unicode.IsUpper(r)
		}
		if upper {
			words++
		}
	}
	if words < 2 {
		return q
	}
	return strings.ToLower(q)
}
