package bot

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

// A question for which of two people came first ("who met zelensky first,
// vance or kellogg") asks for an order no one sentence states: searched as
// a question it quoted whichever sentences held most of its words, one
// person or the other. The timeline has dated the articles' events, so each
// one's earliest event is found there and the two are quoted in date order.

// comparison is the two alternatives of a question for which came first,
// as the question writes them.
type comparison struct {
	alts [2]string
}

// firstQuestion matches a question for which of two came first, the
// alternatives after a comma or colon at its end; the groups are the two.
var firstQuestion = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:first|earlier|sooner)\b[^,:?]*[,:]\s*(?:the\s+)?([^,:?]+?)\s+or\s+(?:the\s+)?([^,:?]+?)[\s?.!]*$`)
})

// comparisonOf reads a question for which of two people came first. Each
// alternative must be a person's name, as the articles write names only
// (lx.proper) and not a country or its capital: an event's sentence is
// about what its subject did, while one that names "the aid pause" may
// only mention it ("an idea Zelensky first put forward after the aid
// pause", dated days after the pause), so the order of two things cannot
// be read from the dates of sentences that name them.
func comparisonOf(question string, an analyzer, lx *lexicon) (comparison, bool) {
	m := firstQuestion().FindStringSubmatch(question)
	if m == nil || lx.proper == nil {
		return comparison{}, false
	}
	cmp := comparison{alts: [2]string{strings.TrimSpace(m[1]), strings.TrimSpace(m[2])}}
	proper := lx.proper()
	for _, alt := range cmp.alts {
		words := strings.Fields(alt)
		if len(words) == 0 || len(words) > 3 {
			return comparison{}, false
		}
		for _, w := range words {
			w = strings.ToLower(bare(strings.Trim(w, ".,'’")))
			ts := an(w)
			if !proper[w] || len(ts) != 1 || lx.countries != nil && (len(lx.countries.byName[ts[0]]) > 0 || isCapital(lx.countries, ts[0])) {
				return comparison{}, false
			}
		}
	}
	return cmp, true
}

// isCapital reports whether term is a capital's in the capitals table.
func isCapital(c *countries, term string) bool {
	_, ok := c.byCapital[term]
	return ok
}

// orderWords are the words of a question for which came first that say
// nothing of either: "came", "first", "happened".
var orderWords = sync.OnceValue(func() map[string]bool {
	return wordSet(`first earlier sooner came come happened happen happens occurred which who what`)
})

// compareAnswer answers a comparison from the timeline: each alternative's
// earliest event done whose sentence holds the alternative's words and the
// rest of the question's (terms: "met" and "zelensky" of "who met zelensky
// first"), quoted in date order under a line that says which came first.
// nil when either has no such event, or both fall on one day: the question
// is then answered as any other. sources are the two events' passages.
func (e *Engine) compareAnswer(an analyzer, read eventReader, question string, cmp comparison, terms []qterm) (*Answer, []retrieval.Result, error) {
	all, err := read()
	if err != nil {
		return nil, nil, err
	}
	altTerms := [2]map[string]bool{termSet(an, cmp.alts[0]), termSet(an, cmp.alts[1])}
	var rest []string
	for _, t := range terms {
		if !altTerms[0][t.term] && !altTerms[1][t.term] && !orderWords()[strings.ToLower(t.word)] {
			rest = append(rest, t.term)
		}
	}
	type found struct {
		ev   timeline.Event
		q    dayQuote
		name string
	}
	var first [2]*found
	for _, ev := range all {
		if ev.Tense == timeline.Planned {
			continue
		}
		src, ok := quotedIn(ev)
		if !ok {
			continue
		}
		text := sentenceOf(ev, src)
		st := termSet(an, text)
		if slices.ContainsFunc(rest, func(t string) bool { return !st[t] }) {
			continue
		}
		for i := range first {
			if len(altTerms[i]) == 0 || !holdsAll(st, altTerms[i]) || holdsAll(st, altTerms[1-i]) {
				continue // not this one's, or both's
			}
			if first[i] == nil || ev.Date.Before(first[i].ev.Date) {
				first[i] = &found{ev: ev, q: dayQuote{src: src, text: text}, name: writtenAs(text, cmp.alts[i])}
			}
		}
	}
	if first[0] == nil || first[1] == nil || first[0].ev.Date.Equal(first[1].ev.Date) {
		return nil, nil, nil
	}
	if first[1].ev.Date.Before(first[0].ev.Date) {
		first[0], first[1] = first[1], first[0]
	}
	ans := &Answer{Question: question, Mode: ModeExtractive}
	var cites citations
	var b strings.Builder
	var sources []retrieval.Result
	for _, f := range first {
		r := retrieval.Result{Article: f.q.src.Article, Passage: f.q.src.Passage}
		writeQuote(&b, clipQuote(f.q.text, maxQuoteChars), cites.add(r))
		sources = append(sources, r)
	}
	ans.Citations = cites.list
	ans.Text = upperFirst(first[0].name) + " came first (" + first[0].ev.Date.Format("January 2, 2006") + "), then " +
		first[1].name + " (" + first[1].ev.Date.Format("January 2, 2006") + "): " + b.String()
	return ans, sources, nil
}

// holdsAll reports whether set holds every term of terms.
func holdsAll(set, terms map[string]bool) bool {
	for t := range terms {
		if !set[t] {
			return false
		}
	}
	return true
}

// writtenAs returns a name as the sentence writes it ("Vance" for
// "vance"), or as the question does, capitalised, when the sentence spells
// it otherwise ("Zelenskyy" for "Zelensky").
func writtenAs(sentence, alt string) string {
	if i := strings.Index(strings.ToLower(sentence), strings.ToLower(alt)); i >= 0 && len(strings.ToLower(alt)) == len(alt) {
		return sentence[i : i+len(alt)]
	}
	words := strings.Fields(alt)
	for i, w := range words {
		words[i] = upperFirst(w)
	}
	return strings.Join(words, " ")
}

// upperFirst upper-cases s's first letter, for the head of an answer.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
