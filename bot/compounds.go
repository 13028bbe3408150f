package bot

import (
	"strings"
	"unicode"

	"github.com/talkbot/talkbot/bot/internal/wordlist"
	"github.com/talkbot/talkbot/retrieval"
)

// joinCompounds writes as one word the pairs of a question's words that the
// articles write as one: "cease fire" and "cease-fire" are "ceasefire",
// "peace keeping" "peacekeeping". Apart, "cease" is a word the articles
// never use, and the question would be refused for it. A pair is joined
// only when the joined word is an English word (SCOWL's) that the articles
// use and neither part is a short form ("ru n" is not "run"); two words
// whose joined form is no English word ("white house") stay apart.
func joinCompounds(ix *retrieval.Index, q string) string {
	known := func(w string) bool {
		// The word list first: most pairs make no English word, and a
		// lookup there costs less than analysing the pair.
		if wordlist.Class(strings.ToLower(w)) == 0 {
			return false
		}
		ts := ix.Analyze(w)
		return len(ts) == 1 && ix.DocFreq(ts[0]) > 0
	}
	compound := func(a, b string) bool {
		return len(a) > 2 && len(b) > 2 && letters(a) && letters(b) && known(a+b)
	}
	words := strings.Fields(q)
	joined := false
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); i++ {
		w := words[i]
		if a, b, ok := strings.Cut(strings.TrimRight(w, ".,;:!?"), "-"); ok && compound(a, b) {
			out = append(out, a+w[len(a)+1:]) // "cease-fire?" is "ceasefire?"
			joined = true
			continue
		}
		if i+1 < len(words) {
			if b := strings.TrimRight(words[i+1], ".,;:!?"); compound(w, b) {
				out = append(out, w+words[i+1]) // keeps the second word's "?"
				joined = true
				i++
				continue
			}
		}
		out = append(out, w)
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
