package bot

import (
	"strings"
	"sync"

	"github.com/talkbot/talkbot/bot/internal/wordlist"
	"github.com/talkbot/talkbot/retrieval"
)

// lexicon is the judge's word lists analysed as one index analyses text.
// An operator's alias list (TALKBOT_ALIASES) decides what a word's term
// is, so the lists are analysed per snapshot, not once for the package.
type lexicon struct {
	filler    map[string]bool // fillerWords
	setting   map[string]bool // the topic's terms: where every article is set
	countries *countries      // retrieval.Capitals()
	// proper gives the words the articles write only as names,
	// capitalised inside a sentence ("Trump", "White"), in lower case: in
	// a question typed in lower case they are names, though English words.
	// Read on first use: it scans every passage, and only a speech
	// question typed in lower case needs it.
	proper func() map[string]bool
}

// writesAsName reports whether the articles write w only as a name
// ("riyadh", "Zelensky's", "scholz"), read in lower case, without a
// possessive or the punctuation around it; false before proper is set.
func (lx *lexicon) writesAsName(w string) bool {
	return lx.proper != nil && lx.proper()[strings.ToLower(bare(strings.Trim(w, ".,;:?!'’\"“”")))]
}

func newLexicon(an analyzer, topic string) *lexicon {
	lx := &lexicon{filler: map[string]bool{}, setting: termSet(an, topic)}
	for _, w := range fillerWords {
		for _, t := range an(w) {
			lx.filler[t] = true
		}
	}
	lx.countries = parseCapitals(an, retrieval.Capitals())
	return lx
}

// snapshotLexicon builds a snapshot's lexicon on first use.
type snapshotLexicon struct {
	once sync.Once
	lx   *lexicon
}

func (s *snapshotLexicon) get(an analyzer, topic string, c *retrieval.Corpus) *lexicon {
	s.once.Do(func() {
		s.lx = newLexicon(an, topic)
		s.lx.proper = sync.OnceValue(func() map[string]bool { return properWords(c) })
	})
	return s.lx
}

// properWords returns the words a corpus writes inside a sentence only
// capitalised, at least twice, in lower case.
func properWords(c *retrieval.Corpus) map[string]bool {
	if c == nil {
		return nil
	}
	upper, lower := map[string]int{}, map[string]int{}
	for _, a := range c.Articles {
		for _, p := range a.Passages {
			for _, loc := range wordSpans(p.Text) {
				w := p.Text[loc[0]:loc[1]]
				if !midSentence(p.Text[:loc[0]]) || !letters(w) {
					continue
				}
				l := strings.ToLower(w)
				switch {
				case isTitleCase(w):
					upper[l]++
				case w == l:
					lower[l]++
				}
			}
		}
	}
	out := map[string]bool{}
	for w, n := range upper {
		// Once is enough for a word that is no English word ("Medvedev"):
		// only a common word needs a second capitalised use to tell a
		// name from a sentence's stray capital.
		if (n >= 2 || wordlist.Class(w) == 0) && lower[w] == 0 {
			out[w] = true
		}
	}
	return out
}
