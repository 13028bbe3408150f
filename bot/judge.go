package bot

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/retrieval"
)

// The judge decides, after retrieval and before any answer is composed,
// whether the articles can answer a question and, in LLM mode, whether the
// model sees it. It is the one place abstention is decided up front; the
// extractive composer may still abstain when no sentence covers the
// question, and the model may refuse.

// minCoverage is the share of the question's weight (idf) that the corpus
// must hold for the question to be answerable at all.
const minCoverage = 0.5

// judgement is the judge's decision on one question.
type judgement struct {
	answerable bool     // false: abstain without composing
	missing    []string // the words an abstention names, when not answerable
	useModel   bool     // compose with the model (LLM mode only)
	search     string   // the text searched: the question, widened for a follow-up
	terms      []qterm  // the question's content terms, weighed by idf
}

// judge decides on a question from the retrieved passages res. search is
// the text that was searched (it carries a follow-up's context). Today the
// decision is lexical: every name the question asks about must occur in
// the articles, and the terms they hold must carry at least minCoverage of
// the question's weight; in LLM mode every answerable question goes to the
// model.
func (e *Engine) judge(ix *retrieval.Index, search string, res []retrieval.Result) judgement {
	terms, missing, ok := answerable(ix, e.filler, search)
	j := judgement{search: search, terms: terms, missing: missing, answerable: ok && len(res) > 0}
	j.useModel = j.answerable && e.model != nil
	return j
}

// fillerWords are words of a request ("tell me about ...") that carry no
// topic; they must not count as missing from the articles.
var fillerWords = []string{
	"tell", "know", "explain", "describe", "happen", "happened", "please", "article", "articles",
	"news", "question", "anything", "something", "thing", "things", "think", "give", "show",
	"summarize", "summarise", "summary", "latest", "update", "updates", "info", "information",
	"detail", "details", "me", "say", "says", "said", "talkbot", "bot",
}

func analysedFiller() map[string]bool {
	m := map[string]bool{}
	for _, w := range fillerWords {
		for _, t := range retrieval.Analyze(w) {
			m[t] = true
		}
	}
	return m
}

// weekdays and months are capitalised without being names of people or
// places, so their absence from the articles is not a missing topic.
var calendarWords = regexp.MustCompile(`(?i)^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|august|september|october|november|december)$`)

// qterm is one content term of a question and the word it came from.
type qterm struct {
	term   string
	word   string
	entity bool // a capitalised word inside the question: a name
	idf    float64
	known  bool // the corpus holds it
}

// questionTerms analyses a question into its content terms, dropping filler.
func questionTerms(ix *retrieval.Index, filler map[string]bool, question string) []qterm {
	words := strings.FieldsFunc(question, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '\'' && r != '’'
	})
	var out []qterm
	seen := map[string]bool{}
	for i, w := range words {
		w = strings.Trim(w, ".'’")
		for _, t := range retrieval.Analyze(w) {
			if seen[t] || filler[t] {
				continue
			}
			seen[t] = true
			first, _ := utf8.DecodeRuneInString(w)
			df := ix.DocFreq(t)
			out = append(out, qterm{
				term: t, word: w, idf: ix.IDF(t), known: df > 0,
				entity: i > 0 && unicode.IsUpper(first) && !calendarWords.MatchString(w),
			})
		}
	}
	return out
}

// answerable decides whether the corpus covers the question at all: every
// name it asks about must occur in the articles, and the terms the articles
// hold must carry at least minCoverage of the question's weight. It returns
// the question's terms and, when not answerable, the words that are missing.
func answerable(ix *retrieval.Index, filler map[string]bool, question string) ([]qterm, []string, bool) {
	terms := questionTerms(ix, filler, question)
	var total, known float64
	var missing, missingNames []string
	for _, t := range terms {
		total += t.idf
		if t.known {
			known += t.idf
			continue
		}
		missing = append(missing, t.word)
		if t.entity {
			missingNames = append(missingNames, t.word)
		}
	}
	switch {
	case len(terms) == 0:
		return terms, nil, false
	case len(missingNames) > 0:
		return terms, missingNames, false
	case known/total < minCoverage:
		return terms, missing, false
	}
	return terms, nil, true
}
