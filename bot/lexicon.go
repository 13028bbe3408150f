package bot

import (
	"sync"

	"github.com/talkbot/talkbot/retrieval"
)

// lexicon is the judge's word lists analysed as one index analyses text.
// An operator's alias list (TALKBOT_ALIASES) decides what a word's term
// is, so the lists are analysed per snapshot, not once for the package.
type lexicon struct {
	filler    map[string]bool // fillerWords
	setting   map[string]bool // the topic's terms: where every article is set
	countries *countries      // retrieval.Capitals()
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

func (s *snapshotLexicon) get(an analyzer, topic string) *lexicon {
	s.once.Do(func() { s.lx = newLexicon(an, topic) })
	return s.lx
}
