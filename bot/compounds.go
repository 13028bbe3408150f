package bot

import (
	"strings"
	"unicode"

	"github.com/talkbot/talkbot/bot/internal/wordlist"
	"github.com/talkbot/talkbot/retrieval"
)

// joinCompounds writes as one word the pairs of a question's words that the
// articles write as one: "cease fire" is "ceasefire", "peace keeping"
// "peacekeeping". Apart, the first word is one the articles never use, and
// the question would be refused for it. A pair is joined only when one of
// its words is unknown to the articles, the joined word is an English word
// (SCOWL's) that they use, and neither part is a short form ("ru n" is not
// "run"): two words the articles use apart ("white house") stay apart.
func joinCompounds(ix *retrieval.Index, q string) string {
	words := strings.Fields(q)
	if len(words) < 2 {
		return q
	}
	df := func(w string) (int, bool) {
		ts := ix.Analyze(w)
		if len(ts) != 1 {
			return 0, false
		}
		return ix.DocFreq(ts[0]), true
	}
	joined := false
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); i++ {
		if i+1 < len(words) && letters(words[i]) && letters(strings.TrimRight(words[i+1], ".,;:!?")) {
			a, b := words[i], strings.TrimRight(words[i+1], ".,;:!?")
			if dj, ok := df(a + b); ok && dj > 0 {
				da, oka := df(a)
				db, okb := df(b)
				if oka && okb && (da == 0 || db == 0) && len(a) > 2 && len(b) > 2 &&
					wordlist.Class(strings.ToLower(a+b)) > 0 {
					out = append(out, a+words[i+1]) // keeps the second word's "?"
					joined = true
					i++
					continue
				}
			}
		}
		out = append(out, words[i])
	}
	if !joined {
		return q
	}
	return strings.Join(out, " ")
}

// letters reports whether w is a word of letters only.
func letters(w string) bool {
	return w != "" && !strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
}
