package bot

import (
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/talkbot/talkbot/retrieval"
)

// People ask in phrasal verbs ("why did zelensky push back his trip",
// "who called off the talks"); news writes the one-word verb ("postponed a
// visit", "cancelled"). Neither word of a phrasal verb says what it means,
// and both are common enough that the articles use them in other senses, so
// without this the sentence that answers holds none of the question's verb.

// phrasalVerb is one phrasal verb: its forms (each with the particle
// after it) and the one-word verbs news writes for it, the first the
// articles use standing in.
type phrasalVerb struct {
	forms    []string // "push", "pushes", "pushed", "pushing"
	particle string
	verbs    []string
}

// phrasalVerbs is a short list of the phrasal verbs of questions about
// diplomacy and war, each with the verbs news agencies write for it. A
// general list (WordNet's collocations) maps many to senses news never
// means ("set up" as "frame"); these are the ones questions to talkbot
// were seen to use, and their news senses.
var phrasalVerbs = []phrasalVerb{
	{[]string{"push", "pushes", "pushed", "pushing"}, "back", []string{"postpone", "delay"}},
	{[]string{"put", "puts", "putting"}, "off", []string{"postpone", "delay"}},
	{[]string{"call", "calls", "called", "calling"}, "off", []string{"cancel", "postpone"}},
	{[]string{"pull", "pulls", "pulled", "pulling"}, "out", []string{"withdraw", "leave"}},
	{[]string{"back", "backs", "backed", "backing"}, "out", []string{"withdraw"}},
	{[]string{"walk", "walks", "walked", "walking", "storm", "storms", "stormed", "storming"}, "out", []string{"leave"}},
	{[]string{"set", "sets", "setting"}, "up", []string{"create", "establish"}},
	{[]string{"sign", "signs", "signed", "signing"}, "up", []string{"agree", "join"}},
	{[]string{"sit", "sits", "sat", "sitting"}, "down", []string{"meet"}},
	{[]string{"get", "gets", "got", "getting"}, "together", []string{"meet"}},
	{[]string{"turn", "turns", "turned", "turning"}, "down", []string{"reject", "refuse"}},
	{[]string{"step", "steps", "stepped", "stepping"}, "down", []string{"resign"}},
	{[]string{"cut", "cuts", "cutting"}, "off", []string{"suspend", "halt", "stop"}},
	{[]string{"hold", "holds", "held", "holding"}, "back", []string{"withhold", "delay"}},
	{[]string{"break", "breaks", "broke", "breaking"}, "off", []string{"end", "suspend"}},
	{[]string{"hand", "hands", "handed", "handing"}, "over", []string{"transfer", "give"}},
	{[]string{"carry", "carries", "carried", "carrying"}, "out", []string{"conduct"}},
	{[]string{"rule", "rules", "ruled", "ruling"}, "out", []string{"exclude", "reject"}},
}

// phrasalPattern matches any phrasal verb of phrasalVerbs, its verb in
// group 1 and its particle in group 2, and what follows it in group 3:
// "pushed back against" resists, it does not postpone.
var phrasalPattern = sync.OnceValue(func() *regexp.Regexp {
	var verbs []string
	particles := map[string]bool{}
	for _, p := range phrasalVerbs {
		verbs = append(verbs, p.forms...)
		particles[p.particle] = true
	}
	var ps []string
	for p := range particles {
		ps = append(ps, p)
	}
	return regexp.MustCompile(`(?i)\b(` + strings.Join(verbs, "|") + `)\s+(` + strings.Join(ps, "|") + `)\b(\s+(?:against|on|at)\b)?`)
})

// corpusPhrasal records which phrasal verbs a snapshot's articles write
// themselves, read on first use: those stay as asked.
type corpusPhrasal struct {
	once sync.Once
	used map[int]bool
}

func (c *corpusPhrasal) get(corpus *retrieval.Corpus) map[int]bool {
	c.once.Do(func() {
		c.used = map[int]bool{}
		if corpus == nil {
			return
		}
		re := phrasalPattern()
		for _, a := range corpus.Articles {
			for _, p := range a.Passages {
				for _, m := range re.FindAllStringSubmatch(p.Text, -1) {
					for i, e := range phrasalVerbs {
						if e.particle == strings.ToLower(m[2]) && containsFold(e.forms, m[1]) {
							c.used[i] = true
						}
					}
				}
			}
		}
	})
	return c.used
}

func containsFold(ws []string, w string) bool {
	for _, x := range ws {
		if strings.EqualFold(x, w) {
			return true
		}
	}
	return false
}

// withOneWordVerbs returns q with its phrasal verbs written as the verb the
// articles use for them ("pushed back his trip" as "postpone his trip"),
// where the articles do not write the phrasal verb themselves. The verb
// is written in its base form: the analyser reads every form as one.
// used gives the phrasal verbs the articles write (corpusPhrasal), asked
// for only when q has one: reading them takes a pass over the articles.
func withOneWordVerbs(ix *retrieval.Index, used func() map[int]bool, q string) string {
	if !hasParticle(q) {
		return q // most questions: no regexp of every verb's forms to run
	}
	locs := phrasalPattern().FindAllStringSubmatchIndex(q, -1)
	if locs == nil {
		return q
	}
	inArticles := used()
	return replaceSpans(q, locs, func(loc []int) (int, string, bool) {
		if loc[6] >= 0 {
			return 0, "", false // "pushed back against": resisted
		}
		for i, e := range phrasalVerbs {
			if e.particle != strings.ToLower(q[loc[4]:loc[5]]) || !containsFold(e.forms, q[loc[2]:loc[3]]) || inArticles[i] {
				continue
			}
			for _, v := range e.verbs {
				if known(ix, v) {
					return loc[0], v, true
				}
			}
		}
		return 0, "", false
	})
}

// hasParticle reports whether q has a word that is the particle of a
// phrasal verb of phrasalVerbs.
func hasParticle(q string) bool {
	isParticle := func(w string) bool {
		for _, p := range [...]string{"back", "off", "out", "up", "down", "together", "over"} {
			if strings.EqualFold(w, p) {
				return true
			}
		}
		return false
	}
	start := -1
	for i, r := range q {
		switch {
		case unicode.IsLetter(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			if isParticle(q[start:i]) {
				return true
			}
			start = -1
		}
	}
	return start >= 0 && isParticle(q[start:])
}
