package bot

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/retrieval"
)

// Tuning of the extractive answerer. The values were chosen on the seed
// question set and the off-topic cases in extractive_test.go.
const (
	// minSentenceCoverage is the share a quoted sentence must hold.
	minSentenceCoverage = 0.3
	// maxSentences bounds an extractive answer.
	maxSentences = 3
	// maxQuoteChars bounds one quoted sentence: an article scraped without
	// full stops can make a "sentence" of megabytes, and an answer quotes
	// at most maxSentences of them.
	maxQuoteChars = 400
	// keepRatio: a further sentence is quoted only if it scores at least
	// this share of the best one.
	keepRatio = 0.6
)

// temporal matches the words of a sentence that date something, which answer
// a "when" question.
var temporal = regexp.MustCompile(`(?i)\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:last|this|next)\s+(?:week|month|year)|yesterday|tomorrow|today|within\s+the\s+next|soon|\d{4})\b`)

// placeWord matches "in/at <Capitalised>", which answers a "where" question.
var placeWord = regexp.MustCompile(`\b(?:in|at|to)\s+(?:the\s+)?\p{Lu}`)

// abstain is the answer when the articles do not cover a question.
func (e *Engine) abstain(question string, missing []string) *Answer {
	about := "that"
	if len(missing) > 0 {
		if len(missing) > 3 {
			missing = missing[:3]
		}
		about = quoteList(missing)
	}
	return &Answer{
		Question:  question,
		Mode:      ModeExtractive,
		Abstained: true,
		Text: "The articles don't say anything about " + about + ". I answer only from the loaded " +
			"news articles on " + e.topic + ".",
	}
}

func quoteList(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "\u201c" + w + "\u201d"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// candidate is a sentence that may be quoted.
type candidate struct {
	text    string
	res     int // index into the results
	terms   map[string]bool
	score   float64
	covered float64
}

// extractive answers question by quoting one to three sentences of the
// retrieved passages, each followed by its citation, or abstains when no
// sentence covers enough of the question. The judge's terms carry the
// question's words and their weights.
func (e *Engine) extractive(question string, j judgement, res []retrieval.Result) *Answer {
	if len(res) == 0 {
		return e.abstain(question, nil)
	}
	weight := map[string]float64{}
	var total float64
	for _, t := range j.terms {
		if t.known {
			weight[t.term] = t.idf
			total += t.idf
		}
	}
	kind := questionKind(j.search)
	var cands []candidate
	for ri, r := range res {
		for _, s := range retrieval.SplitSentences(r.Passage.Text) {
			c := candidate{text: s, res: ri, terms: map[string]bool{}}
			for _, t := range retrieval.Analyze(s) {
				if w, ok := weight[t]; ok && !c.terms[t] {
					c.terms[t] = true
					c.covered += w / total
				}
			}
			if c.covered == 0 {
				continue
			}
			c.score = c.covered + 0.15*r.Score/res[0].Score
			switch {
			case kind == "when" && temporal.MatchString(s),
				kind == "where" && placeWord.MatchString(s):
				c.score += 0.2
			}
			if n := len(strings.Fields(s)); n < 6 {
				c.score -= 0.1 // fragments quote badly
			}
			cands = append(cands, c)
		}
	}
	// Stable sort: equal scores keep retrieval order, which is deterministic.
	slices.SortStableFunc(cands, func(a, b candidate) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	if len(cands) == 0 || cands[0].covered < minSentenceCoverage {
		return e.abstain(question, nil)
	}
	picked := []candidate{cands[0]}
	for _, c := range cands[1:] {
		if len(picked) == maxSentences || c.score < keepRatio*cands[0].score {
			break
		}
		if !redundant(c, picked) {
			picked = append(picked, c)
		}
	}

	ans := &Answer{Question: question, Mode: ModeExtractive}
	var cites citations
	var b strings.Builder
	for _, c := range picked {
		n := cites.add(res[c.res])
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(clipQuote(c.text, maxQuoteChars))
		b.WriteString(" [")
		b.WriteString(strconv.Itoa(n))
		b.WriteString("]")
	}
	ans.Citations = cites.list
	ans.Text = b.String()
	return ans
}

// redundant reports whether c repeats what a picked sentence already says: it
// brings no question term that the picked ones lack and shares most of its
// words with one of them.
func redundant(c candidate, picked []candidate) bool {
	newTerm := false
	for t := range c.terms {
		found := false
		for _, p := range picked {
			if p.terms[t] {
				found = true
				break
			}
		}
		if !found {
			newTerm = true
		}
	}
	if newTerm {
		return false
	}
	cw := wordSet(c.text)
	for _, p := range picked {
		if p.text == c.text || jaccard(cw, wordSet(p.text)) > 0.5 {
			return true
		}
	}
	return false
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, t := range retrieval.Analyze(s) {
		m[t] = true
	}
	return m
}

func jaccard(a, b map[string]bool) float64 {
	inter := 0
	for t := range a {
		if b[t] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// questionKind returns "when", "where", "who" or "" from the question's
// wording.
func questionKind(q string) string {
	l := strings.ToLower(q)
	for _, k := range []string{"when", "where", "who"} {
		if strings.HasPrefix(l, k) || strings.Contains(l, " "+k+" ") {
			return k
		}
	}
	if strings.Contains(l, "what date") || strings.Contains(l, "what day") || strings.Contains(l, "how soon") {
		return "when"
	}
	return ""
}

// clipQuote cuts s to at most n characters at a word boundary, marking the
// cut with "…".
func clipQuote(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s { // i is the byte offset of the (k+1)-th rune
		if cut++; cut > n {
			s = s[:i]
			break
		}
	}
	if i := strings.LastIndexFunc(s, unicode.IsSpace); i > len(s)/2 {
		s = s[:i]
	}
	return strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}
