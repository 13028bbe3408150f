package bot

import (
	"regexp"
	"slices"
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
	// ofEvent, when set, are the verbs for an event that the question
	// names before the phrasal verb: "when did the session wrap up" ended,
	// "what deal did they wrap up" concluded one.
	ofEvent []string
}

// phrasalVerbs is a short list of the phrasal verbs of questions about
// diplomacy and war, each with the verbs news agencies write for it. A
// general list (WordNet's collocations) maps many to senses news never
// means ("set up" as "frame"); these are the ones questions to talkbot
// were seen to use, and their news senses.
var phrasalVerbs = []phrasalVerb{
	{[]string{"push", "pushes", "pushed", "pushing"}, "back", []string{"postpone", "delay"}, nil},
	{[]string{"put", "puts", "putting"}, "off", []string{"postpone", "delay"}, nil},
	{[]string{"call", "calls", "called", "calling"}, "off", []string{"cancel", "postpone"}, nil},
	{[]string{"pull", "pulls", "pulled", "pulling"}, "out", []string{"withdraw"}, nil},
	{[]string{"back", "backs", "backed", "backing"}, "out", []string{"withdraw"}, nil},
	{[]string{"walk", "walks", "walked", "walking", "storm", "storms", "stormed", "storming"}, "out", []string{"leave"}, nil},
	{[]string{"set", "sets", "setting"}, "up", []string{"create", "establish"}, nil},
	{[]string{"sign", "signs", "signed", "signing"}, "up", []string{"agree", "join"}, nil},
	{[]string{"sit", "sits", "sat", "sitting"}, "down", []string{"meet"}, nil},
	{[]string{"show", "shows", "showed", "shown", "showing"}, "up", []string{"attend"}, nil},
	{[]string{"get", "gets", "got", "getting"}, "together", []string{"meet"}, nil},
	{[]string{"turn", "turns", "turned", "turning"}, "down", []string{"reject", "refuse"}, nil},
	{[]string{"step", "steps", "stepped", "stepping"}, "down", []string{"resign"}, nil},
	// Not "stop", "end", "give" or "exclude": common enough to match what
	// the question is not about ("talks with the Russians ended").
	{[]string{"cut", "cuts", "cutting"}, "off", []string{"suspend", "halt"}, nil},
	{[]string{"hold", "holds", "held", "holding"}, "back", []string{"withhold", "delay"}, nil},
	{[]string{"break", "breaks", "broke", "breaking"}, "off", []string{"suspend"}, nil},
	{[]string{"hand", "hands", "handed", "handing"}, "over", []string{"transfer"}, nil},
	{[]string{"carry", "carries", "carried", "carrying"}, "out", []string{"conduct"}, nil},
	{[]string{"rule", "rules", "ruled", "ruling"}, "out", []string{"reject"}, nil},
	{[]string{"put", "puts", "putting"}, "forward", []string{"propose"}, nil},
	{[]string{"sum", "sums", "summed", "summing"}, "up", []string{"describe", "call"}, nil},
	{[]string{"figure", "figures", "figured", "figuring"}, "out", []string{"find", "learn", "determine"}, nil},
	{[]string{"wrap", "wraps", "wrapped", "wrapping"}, "up", []string{"conclude", "finish"}, []string{"end", "finish"}},
	{[]string{"hand", "hands", "handed", "handing", "give", "gives", "gave", "given", "giving"}, "back", []string{"return"}, nil},
}

// phrasalPattern matches a phrasal verb: its verb (one of forms) in group
// 1, particle in group 2, and in group 3 a preposition after "back" that
// makes it resist ("pushed back against the plan", "pushed back on"),
// which does not postpone.
func phrasalPattern(forms []string, particle string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(` + strings.Join(forms, "|") + `)\s+(` + particle + `)\b(\s+(?:against|on|at)\b)?`)
}

// phrasalPatterns are phrasalPattern of each phrasal verb, and
// anyPhrasal of them all, compiled on first use.
var (
	phrasalPatterns = sync.OnceValue(func() []*regexp.Regexp {
		out := make([]*regexp.Regexp, len(phrasalVerbs))
		for i, e := range phrasalVerbs {
			out[i] = phrasalPattern(e.forms, e.particle)
		}
		return out
	})
	anyPhrasal = sync.OnceValue(func() *regexp.Regexp {
		var forms, particles []string
		for _, e := range phrasalVerbs {
			for _, f := range e.forms {
				if !slices.Contains(forms, f) {
					forms = append(forms, f)
				}
			}
			if !slices.Contains(particles, e.particle) {
				particles = append(particles, e.particle)
			}
		}
		return phrasalPattern(forms, strings.Join(particles, "|"))
	})
)

// resists reports whether a match of phrasalPattern (loc, as FindAll's
// Index methods give it, of s) is a verb of resisting: "back" followed by
// "against", "on" or "at".
func resists(s string, loc []int) bool {
	return loc[6] >= 0 && strings.EqualFold(s[loc[4]:loc[5]], "back")
}

// corpusPhrasal records which phrasal verbs a snapshot's articles write
// themselves, each read on first use (only the passages with its particle
// are searched for it): those stay as asked.
type corpusPhrasal struct {
	mu   sync.Mutex
	used map[int]bool // phrasalVerbs' indexes looked for: whether the articles write it
}

// uses reports whether corpus writes phrasal verb i itself.
func (c *corpusPhrasal) uses(corpus *retrieval.Corpus, i int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	used, read := c.used[i]
	if !read {
		used = writes(corpus, i)
		if c.used == nil {
			c.used = map[int]bool{}
		}
		c.used[i] = used
	}
	return used
}

// writes reports whether corpus writes phrasal verb i, not as resisting.
func writes(corpus *retrieval.Corpus, i int) bool {
	if corpus == nil {
		return false
	}
	re, particle := phrasalPatterns()[i], phrasalVerbs[i].particle
	for _, a := range corpus.Articles {
		for _, p := range a.Passages {
			if !strings.Contains(p.Text, particle) {
				continue // most passages: no regexp to run
			}
			for _, loc := range re.FindAllStringSubmatchIndex(p.Text, -1) {
				if !resists(p.Text, loc) {
					return true
				}
			}
		}
	}
	return false
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
// where the articles do not write the phrasal verb themselves (uses, see
// corpusPhrasal, asked only of the phrasal verbs q has). The verb is
// written in its base form: the analyser reads every form as one.
func withOneWordVerbs(ix *retrieval.Index, uses func(i int) bool, q string) string {
	if !hasParticle(q) {
		return q // most questions: no regexp of every verb's forms to run
	}
	locs := anyPhrasal().FindAllStringSubmatchIndex(q, -1)
	return replaceSpans(q, locs, func(loc []int) (int, string, bool) {
		if resists(q, loc) {
			return 0, "", false // "pushed back against": resisted
		}
		for i, e := range phrasalVerbs {
			if !strings.EqualFold(e.particle, q[loc[4]:loc[5]]) || !containsFold(e.forms, q[loc[2]:loc[3]]) || uses(i) {
				continue
			}
			verbs := e.verbs
			if e.ofEvent != nil && slices.ContainsFunc(ix.Analyze(q[:loc[0]]), eventNoun) {
				verbs = e.ofEvent
			}
			for _, v := range verbs {
				if known(ix, v) {
					if loc[6] >= 0 {
						v += q[loc[6]:loc[7]] // "called off on Monday": the "on" stays
					}
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
		return slices.ContainsFunc(phrasalVerbs, func(e phrasalVerb) bool { return strings.EqualFold(w, e.particle) })
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
