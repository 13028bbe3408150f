package timeline

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Cues for the tense of the clause around a temporal expression. News
// English marks plans with modals and a few "be ... to" phrases, and reports
// the past in the simple past; the cue nearest to the expression within its
// clause wins.
var (
	plannedCues = map[string]bool{
		"will": true, "would": true, "'ll": true, "shall": true, "could": true, "can": true,
		"may": true, "might": true, "should": true, "must": true, "due": true, "expected": true,
		"scheduled": true, "slated": true, "planned": true, "plans": true, "planning": true,
		"set": true, "going": true, "intends": true, "upcoming": true, "hopes": true, "aims": true,
		"won't": true, "wouldn't": true, "couldn't": true,
	}
	// Irregular simple pasts common in news; regular ones end in -ed.
	pastCues = map[string]bool{
		"said": true, "told": true, "met": true, "spoke": true, "took": true, "held": true,
		"made": true, "gave": true, "went": true, "came": true, "saw": true, "began": true,
		"left": true, "sent": true, "wrote": true, "won": true, "lost": true, "became": true,
		"did": true, "had": true, "was": true, "were": true, "found": true, "brought": true,
		"thought": true, "stood": true, "fell": true, "paid": true, "led": true, "ran": true,
		"got": true, "flew": true, "struck": true, "hit": true, "sought": true, "broke": true,
		"kept": true, "knew": true, "meant": true, "rose": true, "drew": true, "chose": true,
		"ago": true, "didn't": true, "wasn't": true, "weren't": true,
	}
	beForms = map[string]bool{"is": true, "are": true, "was": true, "were": true, "am": true}
	// presentBe makes a following -ing form a plan: "the envoys are
	// meeting on Tuesday".
	presentBe = map[string]bool{"is": true, "are": true, "am": true, "'s": true, "'re": true}
	// scheduledVerbs in the simple present name a scheduled event when no
	// other cue says otherwise: "On Friday, the chancellor hosts a
	// conference". Verbs that are as often nouns ("visit", "head", "start")
	// are left out.
	scheduledVerbs = map[string]bool{
		"hosts": true, "host": true, "meets": true, "meet": true, "visits": true, "travels": true,
		"travel": true, "holds": true, "hold": true, "flies": true, "fly": true, "begins": true,
		"begin": true, "signs": true, "chairs": true, "convenes": true, "convene": true,
		"resumes": true, "resume": true, "arrives": true, "arrive": true, "attends": true,
		"attend": true, "gathers": true, "gather": true, "unveils": true, "addresses": true,
		"opens": true, "hosting": true,
	}
	// determiners before a word make it a noun: "his visits", "the meet".
	nounDeterminers = map[string]bool{
		"the": true, "a": true, "an": true, "his": true, "her": true, "their": true, "its": true,
		"this": true, "that": true, "these": true, "those": true, "our": true, "my": true, "your": true,
	}
	// Words that open a new clause: a cue beyond them governs another verb.
	clauseWords = map[string]bool{
		"that": true, "which": true, "who": true, "whom": true, "whose": true, "because": true,
		"but": true, "while": true, "whereas": true, "although": true, "though": true, "if": true,
		"unless": true, "where": true, "saying": true,
	}
)

// token is a word of a sentence and its byte offsets.
type token struct {
	word        string // lower case, trimmed of punctuation
	start, end  int
	punctBefore bool // clause punctuation opens it: a clause starts here
	punctAfter  bool // clause punctuation closes it: a clause ends here
	upper       bool // it opens with a capital letter: a name, or a sentence's first word
}

const clausePunct = ",;:—–()\"“”"

// tokenize splits a sentence into words at spaces.
func tokenize(s string) []token {
	var out []token
	for _, f := range fieldsIndex(s) {
		raw := s[f[0]:f[1]]
		trimmed := strings.TrimFunc(raw, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
		})
		w := strings.ReplaceAll(strings.ToLower(trimmed), "’", "'")
		lead := raw[:strings.Index(raw, trimmed)]
		if trimmed == "" {
			lead = raw
		}
		trail := raw[len(lead)+len(trimmed):]
		out = append(out, token{
			// A quote's apostrophe ('United) hides no capital.
			word: w, start: f[0], end: f[1], upper: startsUpper(strings.TrimLeft(trimmed, "'’")),
			punctBefore: strings.ContainsAny(lead, clausePunct),
			punctAfter:  strings.ContainsAny(trail, clausePunct) || trimmed == "" && strings.ContainsAny(raw, clausePunct),
		})
	}
	return out
}

// fieldsIndex returns the byte ranges of the space-separated fields of s.
func fieldsIndex(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, [2]int{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// cue returns the tense the word at toks[i] signals, if any.
func cue(toks []token, i int) (Tense, bool) {
	w := toks[i].word
	switch {
	case w == "to" && i > 0 && beForms[toks[i-1].word]:
		return Planned, true // "teams are to meet"
	case len(w) > 4 && strings.HasSuffix(w, "ing") && i > 0 && presentBe[toks[i-1].word]:
		return Planned, true // "leaders are meeting on Friday"
	case plannedCues[w]:
		return Planned, true
	case pastCues[w], len(w) > 4 && strings.HasSuffix(w, "ed"):
		// A participle after a bare "be" is as planned as the modal or
		// "to" before it: "will be signed", "expected to be held".
		if i >= 2 && toks[i-1].word == "be" && (plannedCues[toks[i-2].word] || toks[i-2].word == "to") {
			return Planned, true
		}
		return Past, true
	}
	return "", false
}

// clauseTense returns the tense of the clause around bytes [start, end) of
// the sentence toks were read from, from the nearest cue, and false when
// there is none.
func clauseTense(toks []token, start, end int) (Tense, bool) {
	// The tokens the expression covers, found by binary search so that many
	// expressions in one sentence cost no more than the clauses they read.
	first, _ := slices.BinarySearchFunc(toks, start, func(t token, pos int) int { return cmp.Compare(t.end, pos+1) })
	last := first - 1
	for i := first; i < len(toks) && toks[i].start < end; i++ {
		last = i
	}
	if first >= len(toks) || last < first {
		return "", false
	}
	if first < 0 {
		return "", false
	}
	if tn, ok := walkClause(toks, first, last, false); ok {
		return tn, true
	}
	// A fronted time ("On Saturday, the prime minister hosts ...") belongs
	// to the clause after its comma.
	if toks[last].punctAfter && fronted(toks, first) && last+1 < len(toks) {
		return walkClause(toks, last+1, last+1, true)
	}
	// A time after an apposition ("where he is to hold talks with Iran's
	// foreign minister, Abbas Araghchi, on Saturday") belongs to the clause
	// before the commas: read back over them to the clause's first word.
	if toks[first].punctBefore || first > 0 && toks[first-1].punctAfter {
		for i := first - 1; i >= 0 && !clauseWords[toks[i].word]; i-- {
			if tn, ok := cue(toks, i); ok {
				return tn, true
			}
		}
	}
	return "", false
}

// fronted reports whether the expression starting at token first opens its
// sentence, after at most a preposition or two ("late on Sunday").
func fronted(toks []token, first int) bool {
	for _, t := range toks[:first] {
		switch t.word {
		case "on", "late", "early", "by", "from", "and", "then", "also":
		default:
			return false
		}
	}
	return true
}

// walkClause returns the tense of the clause holding tokens first..last
// from the nearest cue, reading those tokens too when self is set; with no
// cue, a verb of scheduling in the simple present ("hosts") makes it a plan.
func walkClause(toks []token, first, last int, self bool) (Tense, bool) {
	scheduled := false
	note := func(i int) {
		if scheduledVerbs[toks[i].word] && (i == 0 || !nounDeterminers[toks[i-1].word]) {
			scheduled = true
		}
	}
	if self {
		for i := first; i <= last; i++ {
			if tn, ok := cue(toks, i); ok {
				return tn, true
			}
			note(i)
		}
	}
	// Walk outwards, alternating one word back and one forward, and stop
	// each way at the edge of the clause.
	back, fwd := first-1, last+1
	backOpen := !toks[first].punctBefore
	fwdOpen := !toks[last].punctAfter
	for backOpen || fwdOpen {
		if backOpen {
			if back < 0 || toks[back].punctAfter || clauseWords[toks[back].word] {
				backOpen = false
			} else {
				if tn, ok := cue(toks, back); ok {
					return tn, true
				}
				note(back)
				backOpen = !toks[back].punctBefore
				back--
			}
		}
		if fwdOpen {
			if fwd >= len(toks) || toks[fwd].punctBefore || clauseWords[toks[fwd].word] {
				fwdOpen = false
			} else {
				if tn, ok := cue(toks, fwd); ok {
					return tn, true
				}
				note(fwd)
				fwdOpen = !toks[fwd].punctAfter
				fwd++
			}
		}
	}
	if scheduled {
		return Planned, true
	}
	return "", false
}

// startsUpper reports whether s begins with a capital letter.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
