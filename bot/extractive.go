package bot

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/retrieval"
)

// Tuning of the extractive answerer. The values were chosen on the seed
// question set and the off-topic cases in extractive_test.go.
const (
	// maxSentences bounds an extractive answer.
	maxSentences = 3
	// maxQuoteChars bounds one quoted sentence: an article scraped without
	// full stops can make a "sentence" of megabytes, and an answer quotes
	// at most maxSentences of them.
	maxQuoteChars = 400
	// keepRatio: a further sentence is quoted only if it scores at least
	// this share of the best one.
	keepRatio = 0.6
	// maxEchoChars bounds a question word named in an abstention.
	maxEchoChars = 40
)

// abstain is the answer when the articles do not cover a question.
func (e *Engine) abstain(question string, missing []string) *Answer {
	about := "that"
	missing = namedOnce(question, missing)
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
		Text:      saysNothingAbout(about) + " I answer only from the loaded news articles on " + e.topic + ".",
		unused:    missing,
	}
}

// saysNothingAbout is a refusal's first sentence: "The articles don't say
// anything about “pope”."
func saysNothingAbout(about string) string {
	return "The articles don't say anything about " + about + "."
}

// namedOnce is the words a refusal names: each once (the terms of one
// word, "example.com", all carry it), and not a URL's scheme ("https" of
// "https://example.com"), which no one asks about.
func namedOnce(question string, words []string) []string {
	lower := strings.ToLower(question)
	var out []string
	for _, w := range words {
		if slices.Contains(out, w) || strings.Contains(lower, strings.ToLower(w)+"://") {
			continue
		}
		out = append(out, w)
	}
	return out
}

func quoteList(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		// The words are the question's: a 2,000-letter "word" is echoed
		// clipped, not whole.
		q[i] = "\u201c" + clipQuote(w, maxEchoChars) + "\u201d"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// extractive answers question by quoting one to three sentences of the
// retrieved passages, each followed by its citation, or abstains when no
// sentence covers enough of the question. The judge's terms carry the
// question's words and their weights.
func (e *Engine) extractive(question string, j judgement, res []retrieval.Result) *Answer {
	if j.day != nil {
		ans := *j.day // the events of the day asked about
		return &ans
	}
	if len(res) == 0 {
		return e.abstain(question, nil)
	}
	cands, res := j.cands, j.pool // scored by the judge (judge.go)
	if len(cands) == 0 || !j.sig.answerable(e.tuning) {
		return e.abstain(question, nil)
	}
	if !cands[0].acts {
		// "who called off the talks": only the sentences that say the act
		// (the judge answered because one does).
		cands = slices.DeleteFunc(slices.Clone(cands), func(c candidate) bool { return !c.acts })
		if len(cands) == 0 {
			return e.abstain(question, nil)
		}
	}
	gate := gated(j.kind, j.terms)
	if gate && !cands[0].kind {
		// The question asks for a count, a day, someone's words: the best
		// sentence that holds it leads, if one does (the judge answered
		// because one does).
		if i := slices.IndexFunc(cands, func(c candidate) bool { return c.kind }); i > 0 {
			cands = slices.Concat(cands[i:i+1], cands[:i], cands[i+1:])
		}
	}
	asksWhen := j.kind == "when" || j.kind == "year" || j.kind == "day" || slices.ContainsFunc(j.terms, func(t qterm) bool { return isYear(t.word) })
	picked := []candidate{withAntecedent(cands[0], nil)}
	for _, c := range cands[1:] {
		if len(picked) == maxSentences || c.score < keepRatio*cands[0].score {
			break
		}
		if gate && cands[0].kind && !c.kind {
			// The best sentence holds what was asked (a count, a day,
			// someone's words): one that does not only pads the answer.
			continue
		}
		if c.leadTo > c.leadFrom {
			// Three sentences for the one that scored: more than a
			// further sentence is worth.
			continue
		}
		if !asksWhen && background(c.text, res[c.res].Article.Date) {
			// "Russia annexed Crimea in 2014 ...": the story's history,
			// which pads an answer about the news.
			continue
		}
		if onlyNumbers(c.terms) {
			// "starmers 4 steps?": Trump's claim of "4%" shares only the
			// number with it, which does not make it about the same thing.
			continue
		}
		if !redundant(c, picked) {
			picked = append(picked, withAntecedent(c, picked))
		}
	}

	w := quoteWriter{quotes: make([]quote, 0, len(picked))}
	for _, c := range picked {
		if c.lead != "" {
			// The sentence that says who "he" is, whole: cut at its name,
			// it would read as a half quote, and it may hold the fact.
			w.quote(clipQuote(c.lead, maxQuoteChars), c.leadRes(res[c.res])...)
		}
		w.quote(clipQuote(c.text, maxQuoteChars), res[c.res])
		if c.rebuttal != "" && !slices.ContainsFunc(picked, func(p candidate) bool { return strings.Contains(p.text, c.rebuttal) }) &&
			!strings.Contains(w.b.String(), c.rebuttal) {
			// The denial beside a claim: the claim alone would mislead.
			w.quote(clipQuote(c.rebuttal, maxQuoteChars), c.rebuttalRes(res[c.res]))
		}
	}
	return w.answer(question, "")
}

// quoteWriter writes an extractive answer: each quoted sentence followed
// by the marker of its article's citation, numbered in order of first use.
// It keeps the quotes, so that the answers to the two parts of a question
// can be joined into one (joinParts).
type quoteWriter struct {
	b      strings.Builder
	cites  citations
	quotes []quote
}

// quote is a sentence an answer quotes, as quoted, and the passages cited
// for it: one, or for a lead of two sentences the passages of both (all of
// one article).
type quote struct {
	text string
	src  []retrieval.Result
}

// quote appends text, cited to src.
func (w *quoteWriter) quote(text string, src ...retrieval.Result) {
	n := 0
	for _, r := range src {
		n = w.cites.add(r) // one article: one number
	}
	writeQuote(&w.b, text, n)
	w.quotes = append(w.quotes, quote{text: text, src: src})
}

// answer is the answer to question that says head, then the quotes; nil
// when nothing was quoted.
func (w *quoteWriter) answer(question, head string) *Answer {
	if len(w.quotes) == 0 {
		return nil
	}
	return &Answer{Question: question, Mode: ModeExtractive, Text: head + w.b.String(), Citations: w.cites.list, quotes: w.quotes}
}

// withAntecedent returns c quoted with the sentence before it when it opens
// by referring to that one ("He said ...", "She added ...") and the answer
// does not quote that one just before it: alone it would read as the
// words of whoever the answer's last sentence names.
func withAntecedent(c candidate, picked []candidate) candidate {
	if c.lead != "" && slices.ContainsFunc(picked, func(p candidate) bool { return strings.Contains(p.text, c.lead) || p.lead == c.lead }) {
		c.lead = "" // the answer quotes it already
	}
	if !c.anaphoric || c.before == "" {
		return c
	}
	if slices.ContainsFunc(picked, func(p candidate) bool { return p.res == c.res && p.si == c.si-1 }) {
		return c // the answer quotes that sentence already
	}
	c.text = joinSentences(c.before, c.text)
	return c
}

// writeQuote appends a quoted sentence and its marker to an answer: "… [1]",
// or "…。[1]" after a CJK sentence, with no space between CJK sentences.
func writeQuote(b *strings.Builder, quote string, n int) {
	if b.Len() > 0 && !(closesCJK(b.String()) && retrieval.HasCJK(quote)) {
		b.WriteByte(' ')
	}
	b.WriteString(quote)
	if !closesCJK(quote) {
		b.WriteByte(' ')
	}
	b.WriteString("[")
	b.WriteString(strconv.Itoa(n))
	b.WriteString("]")
}

// redundant reports whether c repeats what a picked sentence already says: it
// brings no question term that the picked ones lack and shares most of its
// words with one of them.
func redundant(c candidate, picked []candidate) bool {
	for _, p := range picked {
		if strings.Contains(p.text, c.text) || p.lead != "" && strings.Contains(p.lead, c.text) || p.rebuttal != "" && strings.Contains(p.rebuttal, c.text) {
			return true // quoted already: alone, with the sentence after it, as the one that says who "he" is or as a denial
		}
	}
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
	for _, p := range picked {
		if p.lead != "" && strings.Contains(c.text, p.lead) {
			return true // quoted already, as the sentence before another
		}
		if jaccard(c.sentTerms, p.sentTerms) > 0.5 {
			return true
		}
	}
	return false
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

// closesCJK reports whether s ends in a Chinese or Japanese full stop or
// closing mark (or a marker after one), which no space follows: the
// marker and the next CJK sentence are written against it
// ("…战俘。[1]美国…").
func closesCJK(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool { return r == ']' || r >= '0' && r <= '9' || r == '[' })
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。！？」』）】", r)
}

// onlyNumbers reports whether the question terms a sentence holds are all
// numbers.
func onlyNumbers(ts map[string]bool) bool {
	for t := range ts {
		if !isNumber(t) {
			return false
		}
	}
	return len(ts) > 0
}

// historyReading holds the patterns background reads a sentence with,
// built on first use: year matches a year (group 1); countBefore the words
// that make such a number a count ("some 2000 soldiers", "a total of
// 2000", "rose by 1700"); now what dates a sentence in the story's days (a
// weekday, "this week", "yesterday"); since "since 2014", a state that
// lasts into them ("has controlled the region since 2014").
type historyReading struct{ year, countBefore, now, since *regexp.Regexp }

var historyReader = sync.OnceValue(func() *historyReading {
	return &historyReading{
		year:        regexp.MustCompile(`\b(1[6-9]\d\d|20\d\d)\b`),
		countBefore: regexp.MustCompile(`(?i)\b(?:some|about|around|approximately|roughly|nearly|almost|over|than|of|by|least|most)\s+$`),
		now:         regexp.MustCompile(`(?i)\b(?:` + weekdayPattern + `|(?:this|last|next)\s+(?:week|month)|yesterday|today|tomorrow|tonight|earlier|later)\b`),
		since:       regexp.MustCompile(`(?i)\bsince\s+(?:\w+\s+)?(?:1[6-9]\d\d|20\d\d)\b`),
	}
})

// countAfter reports whether the words after a number make it a count:
// a plural noun in lower case ("2000 soldiers", "1700 troops").
func countAfter(rest string) bool {
	w, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
	w = strings.Trim(w, ",.;:")
	return len(w) > 2 && strings.HasSuffix(w, "s") && strings.ToLower(w) == w && !strings.HasSuffix(w, "ss")
}

// background reports whether sentence s, of an article dated date, tells
// the story's history: it writes a year two or more before the article's
// (not a count: "some 2000 soldiers") and none closer, nothing that dates
// it in the story's days and no "since" (which reaches them).
func background(s string, date time.Time) bool {
	if date.IsZero() {
		return false
	}
	hr := historyReader()
	if hr.now.MatchString(s) || hr.since.MatchString(s) {
		return false // "met on Tuesday, the first such meeting since 2022": news
	}
	years := 0
	for _, loc := range hr.year.FindAllStringSubmatchIndex(s, -1) {
		if hr.countBefore.MatchString(s[:loc[0]]) || countAfter(s[loc[1]:]) {
			continue // "some 2000 soldiers": a count
		}
		if n, _ := strconv.Atoi(s[loc[2]:loc[3]]); n > date.Year()-2 {
			return false // "from 2022 to 2025": it reaches the story's days
		}
		years++
	}
	return years > 0
}
