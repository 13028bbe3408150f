package bot

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/retrieval"
)

// A question that asks two ("how many drones took part in the attack and
// how long did it take to prepare?") cannot be answered by one set of
// quoted sentences: the judge wants a sentence to cover both, and refuses,
// or quotes what answers one part. An answer that quotes the articles
// answers it part by part instead (Engine.answerParts): the first part as
// a question of its own, the second with the passages retrieved for it and
// the first together ("how long did it take" is about the attack); then
// the two answers are joined into one, their citations numbered anew
// (joinParts). The model, which reads paraphrase, reads the whole
// question.

// parts are the two questions of a question that asks two.
type parts struct {
	first, second string
	// apart marks parts about two things ("how long was the Istanbul
	// round", "how long was the Riyadh round"): the second does not lean
	// on the first for its subject.
	apart bool
	// compared is, for a comparison of lengths, the two things as the
	// question names them and what it asks (lengthVerdict); nil for none.
	compared *lengthComparison
}

// twoParts is splitQuestion of asked, with snap's words, or the two
// questions a comparison asks (comparedParts).
func (e *Engine) twoParts(snap *Snapshot, asked string) (parts, bool) {
	if p, ok := comparedParts(asked); ok {
		return p, true
	}
	an := snap.Index.Analyze
	return splitQuestion(an, snap.facts.lex.get(an, e.topic, snap.Index.Corpus()).filler, asked)
}

// longerThan, howMuchLonger and whichLonger match a question that compares
// two things' lengths: "was the istanbul round longer than the riyadh
// one", "how much longer was the march call than the one with zelensky",
// "which lasted longer, the riyadh talks or the istanbul talks"; the
// unnamed groups are the two things, "cmp" the comparative.
var (
	longerThan = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^\s*(?:was|were|did|is)\s+(?:the\s+)?(.+?)\s+(?:last\s+|run\s+|take\s+)?(?P<cmp>longer|shorter)\s+than\s+(?:the\s+)?(.+?)[\s?.!]*$`)
	})
	howMuchLonger = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^\s*how\s+much\s+(?P<cmp>longer|shorter)\s+(?:was|were|did|is)\s+(?:the\s+)?(.+?)\s+(?:last\s+|run\s+|take\s+)?than\s+(?:the\s+)?(.+?)[\s?.!]*$`)
	})
	whichLonger = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^\s*which\s+(?:was|were|lasted|ran|took)\s+(?P<cmp>longer|shorter)\s*[,:]?\s+(?:the\s+)?(.+?)\s+or\s+(?:the\s+)?(.+?)[\s?.!]*$`)
	})
)

// thingCompared reports whether s, a side of a comparison, is a thing that
// lasted ("the riyadh talks"), not what was planned, a span or a pronoun
// ("planned", "expected", "a year", "it").
func thingCompared(s string) bool {
	w, _, _ := strings.Cut(strings.ToLower(s), " ")
	switch w {
	case "planned", "expected", "scheduled", "intended", "hoped", "promised", "usual", "usually", "before", "ever",
		"a", "an", "one", "it", "that", "this", "them", "those", "these", "they", "he", "she", "i", "we", "you":
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	return !unicode.IsDigit(r) && !numberWords[w]
}

// comparedParts returns the two questions a comparison of lengths asks
// ("was the istanbul round longer than the riyadh one": how long was each),
// whose answers, quoted side by side, compare them: each thing's length is
// in a sentence of its own, often of another article, which no one
// sentence holds. "the riyadh one" is asked as "the riyadh".
func comparedParts(q string) (parts, bool) {
	var c *lengthComparison
	for _, re := range [...]*regexp.Regexp{longerThan(), whichLonger(), howMuchLonger()} {
		if m := re.FindStringSubmatch(q); m != nil {
			// The two things are the groups other than the comparative.
			things := slices.Delete(slices.Clone(m[1:]), re.SubexpIndex("cmp")-1, re.SubexpIndex("cmp"))
			c = &lengthComparison{a: strings.TrimSpace(things[0]), b: strings.TrimSpace(things[1]),
				shorter: strings.EqualFold(m[re.SubexpIndex("cmp")], "shorter"), howMuch: re == howMuchLonger()}
			break
		}
	}
	if c == nil {
		return parts{}, false
	}
	a, b := c.a, c.b
	if rest, ok := strings.CutSuffix(b, " one"); ok {
		b = rest // "the riyadh one": Riyadh's, whatever the articles call it
	} else if rest, ok := strings.CutPrefix(b, "one "); ok {
		if f := strings.Fields(a); len(f) > 1 {
			b = f[0] + " " + rest // "the meeting in riyadh ... the one in istanbul": the meeting in istanbul
		}
	}
	if a == "" || b == "" || !thingCompared(a) || !thingCompared(b) {
		return parts{}, false // "shorter than planned", "longer than a year"
	}
	return parts{first: "how long was " + withThe(a), second: "how long was " + withThe(b), apart: true, compared: c}, true
}

// splitQuestion returns the two questions of q when it asks two: a second
// question opens with a wh-word or "how" (what, which, who, whom, whose,
// where, when, why, how) after "and", ", and", "; " or "? ", and each part
// has a content word (a term of an that is no filler). It is not split:
//
//   - at an "and" inside one question ("who met Trump and Putin", "how
//     many days between the call and the Riyadh meeting", "what did Rubio
//     and Lavrov agree");
//   - at a wh-word that opens a clause rather than a question: after
//     another ("when and where did they meet"), before "to" ("what to
//     do"), or before its subject with no verb between ("the call and
//     when they met", "and how it was split");
//   - when a part has no content word ("who met in Riyadh and why?"): the
//     second asks only about the first, which the whole question's answer
//     answers;
//   - when it would make more than two parts: such a question is answered
//     whole, as before, so no question costs more than two answers.
//
// The work is linear in q's length.
func splitQuestion(an analyzer, filler map[string]bool, q string) (parts, bool) {
	if !mayJoin(q) {
		return parts{}, false // most questions: not a word of them is looked at
	}
	ws := jointWords(q)
	cut := -1 // the index in ws of the wh-word the second part opens with
	for i := 1; i < len(ws); i++ {
		if !whWords()[ws[i].wh] || joint(q, ws, i) < 0 || !opensQuestion(ws, i) {
			continue
		}
		if cut >= 0 {
			return parts{}, false // a third part
		}
		cut = i
	}
	if cut < 0 {
		return parts{}, false
	}
	p := parts{
		first:  strings.TrimRightFunc(q[:joint(q, ws, cut)], func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' }),
		second: strings.TrimSpace(q[ws[cut].start:]),
	}
	if !hasContent(an, filler, p.first) || !hasContent(an, filler, p.second) {
		return parts{}, false
	}
	return p, true
}

// mayJoin reports whether q has a place two questions may be joined at:
// the word "and", a ";", or a "?" with a word after it.
func mayJoin(q string) bool {
	if strings.IndexByte(q, ';') >= 0 {
		return true
	}
	if i := strings.IndexByte(q, '?'); i >= 0 && strings.ContainsFunc(q[i+1:], unicode.IsLetter) {
		return true
	}
	for i := 0; i+3 <= len(q); i++ {
		if (q[i] == 'a' || q[i] == 'A') && strings.EqualFold(q[i:i+3], "and") &&
			(i == 0 || !wordBefore(q[:i])) && (i+3 == len(q) || !isWordByte(q[i+3])) {
			return true
		}
	}
	return false
}

// wordBefore reports whether s ends in a letter or digit: "Riyadh—and"
// has a dash before "and", which ends the word before it.
func wordBefore(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isWordByte reports whether b is an ASCII letter or digit, or a byte of
// a character beyond ASCII (which may be a letter).
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// joint returns where the first part ends when the second opens at ws[i]:
// before the "and" that precedes it (and any comma before that), or after
// the "?" or ";" that does; -1 when nothing joins two questions there.
func joint(q string, ws []word, i int) int {
	between := q[ws[i-1].end:ws[i].start]
	if strings.ContainsAny(between, "?;") {
		if whWords()[ws[i-1].wh] {
			return -1 // "who? what for?"
		}
		return ws[i-1].end
	}
	if ws[i-1].lower != "and" || strings.TrimSpace(between) != "" || i < 2 {
		return -1
	}
	if whWords()[ws[i-2].wh] {
		return -1 // "when and where did they meet": one question
	}
	return ws[i-2].end
}

// opensQuestion reports whether the wh-word ws[i] opens a question rather
// than a clause of the first part: "and where were the talks held", "and
// who led their side", "and how long did it take", not "and when they
// met", "and how it was split", "and what to do".
func opensQuestion(ws []word, i int) bool {
	if ws[i].wh != ws[i].lower {
		return true // "what's", "where's": its verb is in it
	}
	at := func(k int) string {
		if i+k < len(ws) {
			return ws[i+k].lower
		}
		return ""
	}
	k := 1
	for k < 3 && whAdverbs()[at(k)] {
		k++ // "where exactly were", "what else did"
	}
	switch w := at(k); {
	case w == "" || w == "to":
		return false // "and what to do"
	case auxiliaries[w]:
		return true // "and when did", "and how is it split"
	case ws[i].wh == "when" || ws[i].wh == "where" || ws[i].wh == "why":
		return false // "and when they met": no such question opens without its verb
	case ws[i].wh == "how":
		// "how long did it take", "how many drones took part", but not
		// "how long it took", "how it was split".
		for j := k; j < k+3; j++ {
			switch w := at(j); {
			case auxiliaries[w]:
				return true
			case clauseSubjects()[w]:
				return false
			}
		}
		return true
	default:
		// what, which, who, whom, whose: "who led", "which leaders are",
		// but not "what they agreed", "what the talks achieved".
		return !clauseSubjects()[w]
	}
}

// hasContent reports whether part has a word the articles could hold: a
// term of an that is no filler ("tell", "happen", "exactly": the judge's
// fillerWords, analysed).
func hasContent(an analyzer, filler map[string]bool, part string) bool {
	return slices.ContainsFunc(an(part), func(t string) bool { return !filler[t] })
}

// whWords open a question.
var whWords = sync.OnceValue(func() map[string]bool { return wordSet(`what which who whom whose where when why how`) })

// whAdverbs may stand between a wh-word and its verb.
var whAdverbs = sync.OnceValue(func() map[string]bool { return wordSet(`exactly else precisely then again also`) })

// clauseSubjects open the subject of a clause: a wh-word followed by one,
// with no verb between, opens a clause ("when they met"), not a question.
var clauseSubjects = sync.OnceValue(func() map[string]bool { return wordSet(`i you he she it we they this that these those the a an there`) })

// word is a word of a question: where it stands, in lower case with
// apostrophes as "'", and that without "'s" (wh: "what" of "what's").
type word struct {
	start, end int
	lower, wh  string
}

// jointWords returns the words of q in order: runs of letters, digits
// and apostrophes.
func jointWords(q string) []word {
	ws := make([]word, 0, strings.Count(q, " ")+1)
	start := -1
	add := func(end int) {
		lower := strings.ReplaceAll(strings.ToLower(q[start:end]), "\u2019", "'")
		ws = append(ws, word{start: start, end: end, lower: lower, wh: strings.TrimSuffix(lower, "'s")})
		start = -1
	}
	for i, r := range q {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '\u2019'
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			add(i)
		}
	}
	if start >= 0 {
		add(len(q))
	}
	return ws
}

// answerTwo answers a question that asks two (p) after Ask's checks. An
// answer that quotes the articles answers it part by part (answerParts):
// at once without a model; with one, the model reads the whole question,
// and only should it fail, the quoted answer that stands in for its own is
// written by parts. A question neither of whose parts the articles
// answer is answered whole, as any other: one refusal, not two.
func (e *Engine) answerTwo(ctx context.Context, q Query, snap *Snapshot, k int, asked string, p parts) (*Answer, error) {
	if e.model == nil {
		if ans, err := e.answerParts(ctx, q, snap, k, p); ans != nil || err != nil {
			return ans, err
		}
		return e.answer(ctx, q, snap, k, RetrievalQuery(asked, q.History), "")
	}
	ans, err := e.answer(ctx, q, snap, k, RetrievalQuery(asked, q.History), "")
	if err != nil || ans.Fallback == nil {
		return ans, err
	}
	q.NoModel = ans.Fallback // the parts are quoted, for the same reason
	byParts, err := e.answerParts(ctx, q, snap, k, p)
	if byParts == nil || err != nil {
		return ans, nil // the whole question's quoted answer stands
	}
	byParts.Fallback, byParts.ModelFault = ans.Fallback, ans.ModelFault
	byParts.Model, byParts.Usage, byParts.Retries = ans.Model, ans.Usage, ans.Retries
	return byParts, nil
}

// answerParts answers p's two parts and joins the answers (joinParts);
// nil when neither part is answered. The first part is asked as the whole
// would be, a follow-up of the conversation's history (RetrievalQuery).
// The second often leans on the first for its subject ("and how long did
// it take to prepare", "and who led their side"): its passages are
// retrieved for both, so they are about the first's subject, and judged
// for its own words, so a sentence that answers it need not also say
// what the first part asks.
func (e *Engine) answerParts(ctx context.Context, q Query, snap *Snapshot, k int, p parts) (*Answer, error) {
	q1, q2 := q, q
	q1.Question, q2.Question = p.first, p.second
	first := RetrievalQuery(p.first, q.History)
	a1, err := e.answer(ctx, q1, snap, k, first, "")
	if err != nil {
		return nil, err
	}
	lean, second := first, p.second
	if p.apart {
		lean = ""
	} else if names := e.namesIn(snap, p.first); names != "" && e.namesIn(snap, p.second) == "" {
		// "who met in riyadh and what did they agree": what was agreed in
		// Riyadh. The first part's names, not its other words, which
		// would ask the second's sentences to say them too.
		second += " " + names
	}
	a2, err := e.answer(ctx, q2, snap, k, second, lean)
	if err != nil {
		return nil, err
	}
	ans := joinParts(q.Question, a1, a2)
	if ans != nil && p.compared != nil && !a1.Abstained && !a2.Abstained {
		// After the quotes: its markers are then numbered in order of
		// first use, as every answer's are.
		if v := p.compared.verdict(ans, a1, a2); v != "" {
			ans.Text += " " + v
		}
	}
	return ans, nil
}

// namesIn returns the words of s that the articles write only as names
// ("riyadh", "Zelensky"), joined by spaces: "" for none.
func (e *Engine) namesIn(snap *Snapshot, s string) string {
	an := snap.Index.Analyze
	lx := snap.facts.lex.get(an, e.topic, snap.Index.Corpus())
	var names []string
	for _, w := range strings.Fields(s) {
		if lx.writesAsName(w) {
			names = append(names, bare(strings.Trim(w, ".,;:?!'’\"“”")))
		}
	}
	return strings.Join(names, " ")
}

// joinParts joins the answers a1 and a2 to the two parts of question
// into one: the first's quotes, then the second's that the first does not
// quote already, each article cited once, numbered in order of first use,
// with every passage either drew on. A part the articles do not answer
// is named in a sentence of its own, before the other's answer, so that
// is not taken for the whole answer (and the answer still ends with a
// citation). nil when neither part is answered, or when an answer's text
// does not end with its quotes as they are written (a head, such as a day
// answer's, may open it).
func joinParts(question string, a1, a2 *Answer) *Answer {
	if a1.Abstained && a2.Abstained {
		return nil
	}
	ans := &Answer{Question: question, Mode: ModeExtractive}
	switch {
	case a1.Abstained:
		ans.Text, ans.Citations = joinText(notAnswered(a1), a2.Text), a2.Citations
		return ans
	case a2.Abstained:
		ans.Text, ans.Citations = joinText(notAnswered(a2), a1.Text), a1.Citations
		return ans
	}
	var w quoteWriter
	for _, a := range []*Answer{a1, a2} {
		var fresh quoteWriter // a's quotes as a alone numbers them: a.Text must end so
		for _, qu := range a.quotes {
			fresh.quote(qu.text, qu.src...)
		}
		head, ok := strings.CutSuffix(a.Text, fresh.b.String())
		if !ok || len(a.quotes) == 0 {
			return nil
		}
		w.b.Reset()
		for _, qu := range a.quotes {
			if a == a2 && slices.ContainsFunc(a1.quotes, func(q1 quote) bool { return strings.Contains(q1.text, qu.text) }) {
				continue // the first part's answer quotes it already
			}
			w.quote(qu.text, qu.src...)
		}
		if w.b.Len() > 0 {
			ans.Text = joinText(ans.Text, head+w.b.String())
		}
	}
	ans.Citations = w.cites.list
	return ans
}

// notAnswered is the sentence that says the articles do not answer a part,
// whose refusal is a: only when it names a name the articles never mention
// ("The articles don't say anything about “pope”."), which is certain. A
// part refused for want of a sentence that covers it, or for an ordinary
// word, may be answered by the other part's sentences ("how is it split"
// by "at least 3.5% would go on core military spending"), so it is not
// said to be unanswered: "".
func notAnswered(a *Answer) string {
	if len(a.unused) == 0 {
		return ""
	}
	return saysNothingAbout(quoteList(a.unused))
}

// joinText joins two texts of an answer as writeQuote joins sentences:
// with a space, but none between Chinese or Japanese sentences.
func joinText(a, b string) string {
	if a == "" || closesCJK(a) && retrieval.HasCJK(b) {
		return a + b
	}
	return a + " " + b
}
