package bot

import (
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/bot/internal/wordlist"
	"github.com/talkbot/talkbot/bot/internal/wordvec"
	"github.com/talkbot/talkbot/retrieval"
)

// The judge decides, after retrieval and before any answer is composed,
// whether the articles can answer a question and, in LLM mode, whether the
// model sees it. It is the one place abstention is decided up front; the
// extractive composer may still abstain when no sentence covers the
// question, and the model may refuse.
//
// In LLM mode the model reads the passages and understands paraphrase, so
// the judge holds back only what no passage can answer: a question without
// content words, and one naming a person, place, organisation or number the
// articles never mention (not an acronym, a common English word used as a
// name such as "the Pentagon", or a day next to a month: the articles may
// say those otherwise). Extractive mode has no model to tell a paraphrase
// from a question the articles do not cover, so it weighs signals (see
// signals) in which an ordinary word the articles happen not to use counts
// for little and a name they never mention counts for everything, and it
// asks that the answer hold what the question asks for (a count of the
// thing counted, a person for "who", the speaker's own words for "what did
// X say", the month asked about), and abstains on prompt injections.

// tuning holds the judge's parameters. defaultTuning's values were chosen
// on the development splits of testdata (tune, test, fresh, blind,
// heldout); TestJudgeEval reports the held-out set, sealed.jsonl, too.
type tuning struct {
	// minKnown is the least share of a question's weight the articles
	// must hold, unknown ordinary words discounted (see unknown).
	minKnown float64
	// minSentence is the least share of the known weight one sentence
	// (with its headline) must cover.
	minSentence float64
	// headlineCredit is the share of a question term's weight a sentence
	// earns when the term is in its article's headline but not in the
	// sentence: the headline says what the whole article is about.
	headlineCredit float64
	// unknown discounts a question word the articles never use by how
	// common it is in English (its SCOWL class, 0 for a word outside the
	// list): "mood" or "job" is a way of asking, "borscht" a subject.
	unknown map[int]float64
	// pool is how many passages the extractive answer draws sentences
	// from: the retrieved ones, then BM25's next best.
	pool int
	// nearMin is the least closeness (wordvec.Neighbor: GloVe cosine
	// less the words' hubness) at which a word of the articles stands in
	// for a question word the articles never use: "spokesman" for
	// "spokesperson", "nuclear" for "atomic". wordvec keeps neighbours
	// from 0.1: a lower value needs its files made again (gen.go).
	nearMin float64
	// softMin is the least closeness at which a word of a retrieved
	// sentence counts, in part, for a question word it does not contain.
	softMin float64
	// softCredit is the share of a term's weight a stand-in earns, times
	// its similarity.
	softCredit float64
	// kindBonus is what a sentence's rank gains for holding what the
	// question asks for (a new date for "when", a person for "who").
	kindBonus float64
	// articles is how many of the best passages' articles lend all their
	// passages to the pool: the answer is often in the same article as the
	// best passage, a paragraph away.
	articles int
	// passageCredit is what a question word earns a sentence's rank when
	// only another sentence of its passage holds it: the sentence with the
	// fact often follows the one that sets the scene in the question's
	// words ("The talks were attended by ..."). It counts for ranking
	// only, not for deciding to answer.
	passageCredit float64
}

func defaultTuning() tuning {
	return tuning{
		minKnown: 0.85, minSentence: 0.35, headlineCredit: 1.0, pool: 10,
		unknown: map[int]float64{10: 0.125, 20: 0.175, 35: 0.25, 40: 0.3, 50: 0.35, 0: 0.5},
		nearMin: 0.1, softMin: 0.1, softCredit: 0.8, articles: 2, kindBonus: 0.4, passageCredit: 0.5,
	}
}

// maxCandidates bounds the sentences considered per question.
const maxCandidates = 200

// judgement is the judge's decision on one question.
type judgement struct {
	answerable bool               // false: abstain without composing
	missing    []string           // the words an abstention names, when not answerable
	useModel   bool               // compose with the model (LLM mode only)
	search     string             // the text searched: the question, widened for a follow-up
	terms      []qterm            // the question's content terms, weighed
	cands      []candidate        // the sentences that may be quoted, best first
	pool       []retrieval.Result // the passages cands index
	sig        signals
}

// judge decides on a question from the retrieved passages res. search is
// the text that was searched (it carries a follow-up's context); more, when
// not nil, is that search's longer list (res its first passages), from
// which the extractive answer's pool widens without searching again.
func (e *Engine) judge(ix *retrieval.Index, facts *articleFacts, search string, res, more []retrieval.Result) judgement {
	tn := e.tuning
	kind := questionKind(search)
	lx := facts.lex.get(ix.Analyze, e.topic)
	terms := withoutShapeWords(questionTerms(ix, lx, tn, search), kind)
	j := judgement{search: search, terms: terms}
	datedTerms(terms, res)
	j.missing = missingNames(terms, e.model != nil)
	gate := len(terms) > 0 && len(j.missing) == 0 && len(res) > 0
	if !gate {
		if len(j.missing) == 0 {
			j.missing = unknownWords(terms)
		}
		return j
	}
	// The places of the subject ("the war in Ukraine") are where every
	// article is set: an answer to "where" must name another.
	setting := lx.setting
	if e.model != nil {
		// LLM mode: every question the passages might answer goes to the
		// model, which refuses with the fixed sentence when they do not.
		// The sentences are scored for the extractive answer, should the
		// model fail.
		j.answerable, j.useModel = true, true
		j.pool = res
		j.cands = candidates(ix.Analyze, facts, terms, kind, setting, tn, res)
		j.sig = measure(ix, facts, terms, kind, j.cands, res)
		return j
	}
	if looksLikeInjection(search) || asksForAdvice(search) {
		return j // not a question the articles answer: abstain without naming words
	}
	if m := missingMonths(terms); len(m) > 0 {
		// The articles never mention the month asked about: what they say
		// of the rest of the question is about another time.
		j.missing = m
		return j
	}
	j.pool = widen(ix, search, res, more, tn.pool)
	j.pool = widenWords(ix, search, terms, j.pool, tn.pool/2)
	j.pool = withArticles(j.pool, tn.articles)
	softMatches(ix.Analyze, facts, terms, j.pool, tn.softMin)
	j.cands = candidates(ix.Analyze, facts, terms, kind, setting, tn, j.pool)
	j.sig = measure(ix, facts, terms, kind, j.cands, res)
	j.answerable = j.sig.answerable(tn)
	if !j.answerable {
		j.missing = unknownWords(terms)
	}
	return j
}

// shapeWords are, for each kind of question, the words that name the kind
// of answer rather than the subject: "share" in "how big a share of ...",
// "date" in "on what date ...". The answer type is checked instead (see
// kindMatches); as terms they would ask the articles to use the word.
var shapeWords = map[string]map[string]bool{
	"share":    wordSet(`share percentage percent proportion fraction portion big large`),
	"how_many": wordSet(`tally count number total figure`),
	"day":      wordSet(`date day weekday`),
	"when":     wordSet(`date day month year`),
	"time":     wordSet(`time day hour`),
	"money":    wordSet(`money amount sum`),
	"place":    wordSet(`city town venue place location`),
}

// withoutShapeWords drops the words of terms that only say what kind of
// answer the question wants, when other terms remain.
func withoutShapeWords(terms []qterm, kind string) []qterm {
	shape := shapeWords[kind]
	if shape == nil {
		return terms
	}
	kept := slices.DeleteFunc(slices.Clone(terms), func(t qterm) bool { return shape[strings.ToLower(t.word)] })
	if len(kept) == 0 {
		return terms
	}
	return kept
}

// widen adds the search's next best passages to the retrieved ones, up to
// n: the sentence that answers a paraphrased question is often in a
// passage ranked just below the top few. more is the longer list the
// search already gave, if any; without it BM25 is asked.
func widen(ix *retrieval.Index, search string, res, more []retrieval.Result, n int) []retrieval.Result {
	if len(res) >= n {
		return res
	}
	if more == nil {
		more = ix.Search(search, n)
	}
	return addNew(res, more, n-len(res))
}

// widenWords adds up to n passages found when the question's unknown words
// are replaced by their stand-ins ("nuclear" for "atomic"): BM25 never
// finds a passage by a word it does not use.
func widenWords(ix *retrieval.Index, search string, terms []qterm, pool []retrieval.Result, n int) []retrieval.Result {
	var extra []string
	for _, t := range terms {
		extra = append(extra, t.nearWords...)
	}
	if len(extra) == 0 {
		return pool
	}
	return addNew(pool, ix.Search(search+" "+strings.Join(extra, " "), len(pool)+n), n)
}

// addNew appends to pool up to n results of more that it does not hold
// yet. It never writes into pool's array: that is the caller's.
func addNew(pool, more []retrieval.Result, n int) []retrieval.Result {
	seen := map[string]bool{}
	for _, r := range pool {
		seen[r.Passage.ID] = true
	}
	out := slices.Clip(pool)
	for _, r := range more {
		if n == 0 {
			break
		}
		if !seen[r.Passage.ID] {
			seen[r.Passage.ID] = true
			out = append(out, r)
			n--
		}
	}
	return out
}

// withArticles adds the other passages of the first n articles of pool
// (in pool order), so the sentence next to the one retrieval found can be
// quoted.
func withArticles(pool []retrieval.Result, n int) []retrieval.Result {
	var more []retrieval.Result
	arts := map[*retrieval.Article]bool{}
	for _, r := range pool {
		if len(arts) == n {
			break
		}
		if arts[r.Article] {
			continue
		}
		arts[r.Article] = true
		for _, p := range r.Article.Passages {
			more = append(more, retrieval.Result{Passage: p, Article: r.Article})
		}
	}
	return addNew(pool, more, len(more))
}

// fillerWords are words of a request ("tell me about ...") that carry no
// topic; they must not count as missing from the articles.
var fillerWords = []string{
	"tell", "know", "explain", "describe", "happen", "happened", "please", "article", "articles",
	"news", "question", "anything", "something", "thing", "things", "think", "give", "show",
	"summarize", "summarise", "summary", "latest", "update", "updates", "info", "information",
	"detail", "details", "me", "say", "says", "said", "talkbot", "bot",
	// Words that shape a question rather than name its subject.
	"much", "many", "according", "kind", "sort", "type", "exactly", "actually", "really",
	"must", "whatever", "whoever", "ok", "okay", "apart", "besides",
}

// weekdays and months are capitalised without being names of people or
// places, so their absence from the articles is not a missing topic.
var calendarWords = regexp.MustCompile(`(?i)^(?:` + weekdayPattern + `|january|february|march|april|may|june|july|august|september|october|november|december)$`)

// weekdayPattern and datePattern match a weekday and a date ("Feb. 18",
// "18 February"), in the patterns that read dates.
const (
	weekdayPattern = `(?:mon|tues|wednes|thurs|fri|satur|sun)day`
	datePattern    = `(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*`
)

// qterm is one content term of a question and the word it came from.
type qterm struct {
	term   string
	word   string
	name   bool // a name or a number: what the question is about
	proper bool // a name written in title case ("Lavrov", not "NATO" or "2024")
	class  int  // the word's SCOWL class; 0 when it is not a common English word
	idf    float64
	known  bool    // the corpus holds it
	weight float64 // idf when known, else discounted by how common the word is
	// nearby are the words nearest in meaning to an ordinary word.
	nearby []wordvec.Neighbor
	// near maps the article terms that stand in for an ordinary word to
	// their similarity to it.
	near      map[string]float64
	nearWords []string // the words of the stand-ins near holds at first
	// avail is how far the articles hold the term: 1 when they use it, a
	// stand-in's similarity when they use only a word like it, else 0.
	avail float64
	// counted marks the noun a "how many" question counts.
	counted bool
	// month is the month a month's name names, or the month named next to
	// a day of the month; day is that day ("Feb 24", "24 February"), 0 for
	// any other word. An article dated on them is about them (see
	// articleFacts).
	month time.Month
	day   int
	// commonName marks a capitalised word that is also a common English
	// word and stands alone ("the Pentagon chief", "the West"), not part of
	// a longer name ("World Cup"): the articles may say it in other words
	// ("defence secretary"), so its absence does not veto the question.
	commonName bool
	// speaker marks a name in the subject of "what did ... say": the
	// answer must be what that person said.
	speaker bool
	// government marks a name not written as a place: a capital so written
	// stands for its government ("did Moscow say", "Kyiv's reply"), and an
	// article that names the country mentions it (see capitals.txt).
	government bool
	// others are the terms of the other names of the country a name
	// names, or of a capital written as its government (see capitals.txt):
	// an article that writes one of them mentions it.
	others [][]string
	// elsewhere marks a name the articles never write but name otherwise
	// ("the Chinese" where they write "China"): the model reads the one as
	// the other, so it is no missing name in LLM mode.
	elsewhere bool
}

// otherwise marks a name the articles never write as named elsewhere when
// they hold another name of its country. A capital written as its
// government ("What did Beijing say?") then stands for the country, as a
// spelling alias would: its term becomes the first one-word name of the
// country the index holds ("china"). Other names stay unknown to the
// extractive judge: "France" is not "French" in "What is the capital of
// France?". It returns false when the capital's new term is the
// question's already ("Beijing and China").
func (t *qterm) otherwise(ix *retrieval.Index, seen map[string]bool, country [][]string) bool {
	for _, name := range country {
		if len(name) == 1 && ix.DocFreq(name[0]) > 0 {
			if seen[name[0]] {
				return false
			}
			seen[name[0]] = true
			t.term, t.idf, t.known = name[0], ix.IDF(name[0]), true
			return true
		}
	}
	for _, name := range t.others {
		all := true
		for _, w := range name {
			all = all && ix.DocFreq(w) > 0
		}
		t.elsewhere = t.elsewhere || all
	}
	return true
}

// match is how far a set of terms holds t: 1 for t itself, a stand-in's
// similarity (times credit) for a word like it, else 0.
func (t qterm) match(set map[string]bool, credit float64) float64 {
	if t.known && set[t.term] {
		return 1
	}
	var best float64
	for n, s := range t.near {
		if set[n] {
			best = max(best, credit*s)
		}
	}
	return best
}

// questionTerms analyses a question into its content terms, dropping filler.
func questionTerms(ix *retrieval.Index, lx *lexicon, tn tuning, question string) []qterm {
	words := strings.FieldsFunc(question, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != '\'' && r != '’'
	})
	var out []qterm
	seen := map[string]bool{}
	for i, w := range words {
		w = strings.Trim(w, ".'’")
		for _, t := range ix.Analyze(w) { // the index's spelling aliases, as its terms were made
			if seen[t] || lx.filler[t] {
				continue
			}
			seen[t] = true
			q := qterm{term: t, word: w, idf: ix.IDF(t), known: ix.DocFreq(t) > 0, class: wordlist.Class(bare(w))}
			q.name = isName(w, i == 0, q.class)
			if m, ok := monthOf(w); ok {
				q.month = m
			} else if d, ok := dayOf(w); ok {
				if i > 0 {
					q.month, _ = monthOf(words[i-1])
				}
				if i+1 < len(words) && q.month == 0 {
					q.month, _ = monthOf(words[i+1])
				}
				if q.month != 0 {
					q.day = d
				}
			}
			q.commonName = q.name && q.class > 0 && q.class <= 35 && !isNumber(w) && standsAlone(words, i)
			q.proper = q.name && isTitleCase(w)
			q.government = q.proper && (i == 0 || !cityCues[strings.ToLower(words[i-1])])
			var country [][]string // the country of a capital written as its government
			if q.name {
				q.others, country = lx.countries.namesOf(t, q.government)
			}
			if !q.known && len(q.others) > 0 && !q.otherwise(ix, seen, country) {
				continue // "Beijing" said again as "China", which the question names too
			}
			q.weight = q.idf
			if q.known {
				q.avail = 1
			}
			if !q.name {
				q.nearby = wordvec.Nearest(bare(w), min(tn.nearMin, tn.softMin), 16)
			}
			if !q.known && len(q.nearby) > 0 {
				q.near, q.nearWords = standIns(ix, q, tn.nearMin)
				for _, s := range q.near {
					q.avail = max(q.avail, s)
				}
			}
			out = append(out, q)
		}
	}
	if m := answerTypes().speechQuestion.FindStringSubmatch(question); m != nil {
		// The speaker is the name the subject ends with ("Giorgia
		// Meloni"); in "the Kremlin spokesperson" the name only says whose
		// spokesperson, and any name the article gives that role may
		// answer.
		subject := map[string]bool{}
		ws := strings.Fields(m[1])
		for i, w := range ws {
			if subjectEnd[strings.ToLower(w)] { // "Zelensky's letter to Trump": the letter
				ws = ws[:i]
				break
			}
		}
		for len(ws) > 0 && reflexive[strings.ToLower(ws[len(ws)-1])] {
			ws = ws[:len(ws)-1] // "Darchiev himself": the name before it speaks
		}
		for i := len(ws) - 1; i >= 0; i-- {
			w := bare(strings.Trim(ws[i], ".,'’"))
			if !isTitleCase(w) {
				break
			}
			subject[w] = true
		}
		for i := range out {
			w := bare(out[i].word)
			out[i].speaker = out[i].proper && isTitleCase(w) && subject[w]
		}
	}
	if w := countedWord(words); w != "" {
		for i := range out {
			if out[i].word == w {
				out[i].counted = true
				break
			}
		}
	}
	// An unknown word has the largest idf there is, which on a small corpus
	// outweighs the rest of the question. Weigh it instead like the known
	// words of the question, discounted by how common it is in English.
	var sum float64
	var n int
	for _, q := range out {
		if q.known {
			sum += q.idf
			n++
		}
	}
	for i, q := range out {
		if q.known || q.name {
			continue
		}
		base := q.idf
		if n > 0 {
			base = sum / float64(n)
		}
		out[i].weight = base * tn.unknown[q.class]
	}
	return out
}

// countedWord returns the noun a "how many" question counts: in the phrase
// after "how many", which ends at a verb or preposition, the first plural
// ("foreign officials came ...", "EU leaders endorsed ..."), else the last
// word ("people were hurt").
func countedWord(words []string) string {
	for i := 0; i+1 < len(words); i++ {
		if !strings.EqualFold(words[i], "how") || !strings.EqualFold(words[i+1], "many") {
			continue
		}
		last := ""
		rest := words[i+2:]
		if len(rest) > 1 && strings.EqualFold(rest[0], "of") && determiners[strings.ToLower(rest[1])] {
			rest = rest[2:] // "how many of the 5,000 missiles": the missiles
		}
		for _, w := range rest {
			if phraseEnd[strings.ToLower(w)] {
				break
			}
			w = strings.Trim(w, ".'’")
			if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
				return w
			}
			last = w
		}
		return last
	}
	return ""
}

// determiners open the phrase of "how many of the ...".
var determiners = wordSet(`the its their`)

// phraseEnd are the words that end the noun phrase after "how many".
var phraseEnd = wordSet(`did does do were was is are have has had will would can could should may might of in at
	on for to from by with that who which between during per each there`)

// standIns returns the article terms whose words are nearest in meaning to
// an ordinary question word the articles never use, with their similarity.
func standIns(ix *retrieval.Index, q qterm, min float64) (map[string]float64, []string) {
	out := map[string]float64{}
	var words []string
	for _, n := range q.nearby {
		if n.Closeness < min {
			break // nearby falls in closeness
		}
		for _, t := range ix.Analyze(n.Word) {
			if t != q.term && ix.DocFreq(t) > 0 && n.Similarity > out[t] {
				out[t] = n.Similarity
				words = append(words, n.Word)
			}
		}
		if len(out) >= 5 {
			break
		}
	}
	return out, words
}

// softMatches adds to each ordinary question term the words of the passages
// that are near it in meaning ("pause" for "halt"), so that a sentence
// saying it in other words counts in part.
func softMatches(an analyzer, facts *articleFacts, terms []qterm, pool []retrieval.Result, min float64) {
	like := make([]map[string]float64, len(terms)) // per term: near word → similarity
	any := false
	for i, q := range terms {
		for _, n := range q.nearby {
			if n.Closeness < min {
				break
			}
			if like[i] == nil {
				like[i] = map[string]float64{}
			}
			like[i][n.Word] = n.Similarity
			any = true
		}
	}
	if !any {
		return
	}
	// The pool's words are read once per article (articleFacts); a near
	// word is looked up in them, not every word of the pool in the near
	// words.
	words := make([]map[string]bool, len(pool))
	for k, r := range pool {
		words[k] = facts.of(an, r.Article).passage(an, r.Passage).words
	}
	for i, m := range like {
		for w, s := range m {
			if !slices.ContainsFunc(words, func(set map[string]bool) bool { return set[w] }) {
				continue
			}
			for _, t := range an(w) {
				if t != terms[i].term && s > terms[i].near[t] {
					if terms[i].near == nil {
						terms[i].near = map[string]float64{}
					}
					terms[i].near[t] = s
				}
			}
		}
	}
}

// bare strips a possessive: "Lavrov's" → "Lavrov".
func bare(w string) string {
	for _, s := range []string{"'s", "’s", "'", "’"} {
		if strings.HasSuffix(w, s) {
			return strings.TrimSuffix(w, s)
		}
	}
	return w
}

// isName reports whether a question word names something: a number, or a
// capitalised word that is not a weekday or month, where a capital at the
// start of the question counts only for a word that is not common English
// ("Zelensky said ...", not "Write ...").
func isName(w string, first bool, class int) bool {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case unicode.IsDigit(r):
		return true
	case !unicode.IsUpper(r) || calendarWords.MatchString(w):
		return false
	case first:
		return class == 0
	}
	return true
}

// standsAlone reports whether the capitalised words[i] is a name of one
// word: neither neighbour is capitalised, the question's first word
// counting only when it is not an English word ("What did the Pentagon
// ..." but not "World Cup").
func standsAlone(words []string, i int) bool {
	before := i > 0 && capitalised(words[i-1]) && (i > 1 || wordlist.Class(words[0]) == 0)
	after := i+1 < len(words) && capitalised(words[i+1])
	return !before && !after
}

// capitalised reports whether w starts with a capital letter.
func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// isTitleCase reports whether w is written like a name: a capital, then
// at least one lower-case letter.
func isTitleCase(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	for _, r := range w[n:] {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// missingNames returns the names of the question the articles never
// mention. For the model (llm) an acronym does not count: one the articles
// do not use is as often a way of asking ("Which TV network ...") as a
// subject, and the model tells which; a written-out name or a number does.
func missingNames(terms []qterm, llm bool) []string {
	var out []string
	for _, t := range terms {
		if t.name && !t.known && (t.commonName || llm && t.elsewhere) {
			continue // "Pentagon", "Gulf", "West": an English word that names a thing
		}
		if llm && t.day > 0 {
			continue // "on Feb 24": the articles may date it "Monday"; the model reads both
		}
		if t.name && !t.known && (!llm || t.proper || isNumber(t.word)) {
			out = append(out, t.word)
		}
	}
	return out
}

// datedTerms marks as held by the articles a month, or a day next to a
// month, that the articles never write but a retrieved article is dated
// on; the article's date then covers it for its sentences (see candidates).
func datedTerms(terms []qterm, res []retrieval.Result) {
	for i, t := range terms {
		if t.known || t.month == 0 {
			continue
		}
		for _, r := range res {
			if d := r.Article.Date; d.Month() == t.month && (t.day == 0 || d.Day() == t.day) {
				terms[i].known, terms[i].avail = true, 1
				break
			}
		}
	}
}

func isNumber(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsDigit(r)
}

// missingMonths returns the months the question names (capitalised, so not
// the verb "may") that the articles never mention (see datedTerms).
func missingMonths(terms []qterm) []string {
	var out []string
	for _, t := range terms {
		if t.month != 0 && t.day == 0 && !t.known {
			out = append(out, t.word)
		}
	}
	return out
}

// dayOf reads a day of a month: 1 to 31, "24th".
func dayOf(w string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimRight(w, "stndrh"))
	return n, err == nil && n >= 1 && n <= 31
}

// askedMonths returns the months a question names ("in February", "the
// March 18 call").
func askedMonths(terms []qterm) []time.Month {
	var out []time.Month
	for _, t := range terms {
		if t.month != 0 && t.day == 0 {
			out = append(out, t.month)
		}
	}
	return out
}

// monthOf reads a capitalised month name or its short form ("Feb").
func monthOf(w string) (time.Month, bool) {
	if !capitalised(w) || len(w) < 3 {
		return 0, false
	}
	l := strings.ToLower(strings.TrimSuffix(w, "."))
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if l == name || (len(l) >= 3 && len(l) <= 4 && strings.HasPrefix(name, l) && m != time.May) {
			return m, true
		}
	}
	return 0, false
}

// aboutMonth reports whether sentence s, of article a, can be about one of
// the months asked about: it names the month, or the article is from that
// month. "How many prisoners were exchanged in February?" is not answered
// by a March article's "exchanged 175 prisoners on Wednesday".
func aboutMonth(months []time.Month, s string, a *retrieval.Article) bool {
	if len(months) == 0 {
		return true
	}
	if !a.Date.IsZero() && slices.Contains(months, a.Date.Month()) {
		return true
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if m, ok := monthOf(w); ok && slices.Contains(months, m) {
			return true
		}
	}
	return false
}

// unknownWords returns the question's words the articles never use.
func unknownWords(terms []qterm) []string {
	var out []string
	for _, t := range terms {
		if !t.known {
			out = append(out, t.word)
		}
	}
	return out
}

// candidate is a sentence that may be quoted.
type candidate struct {
	text    string
	res     int // index into the results
	terms   map[string]bool
	score   float64 // for ranking sentences: coverage, retrieval rank, kind of answer
	covered float64 // the share of the question's known weight the sentence covers
	names   float64 // the share of the question's names its article mentions (1 with none)
	kind    bool    // it holds what the question asks for (a date for "when" ...)
	month   bool    // it can be about the month the question names (true when it names none)
}

// candidates scores every sentence of the retrieved passages by the share
// of the question's known weight it covers (terms in the article's headline
// count in part, names count double), whether its article mentions the
// question's names, the rank of its passage, and whether it holds the kind
// of thing the question asks for (a date for "when", a number for "how
// many").
func candidates(an analyzer, facts *articleFacts, terms []qterm, kind string, setting map[string]bool, tn tuning, res []retrieval.Result) []candidate {
	var known, rank, names float64
	for _, t := range terms {
		if t.avail == 0 {
			continue
		}
		known += t.weight * t.avail
		rank += rankWeight(t) * t.avail
		if t.proper {
			names += t.weight
		}
	}
	if known == 0 || len(res) == 0 {
		return nil
	}
	months := askedMonths(terms)
	asked := askedTerms(terms, setting)
	var cands []candidate
	for ri, r := range res {
		f := facts.of(an, r.Article)
		head, art, titled := f.head, f.terms, f.titles
		var nameCov float64
		for _, t := range terms {
			if t.known && t.proper && t.mentionedIn(art) {
				nameCov += t.weight
			}
		}
		ps := f.passage(an, r.Passage)
		sents, sets := ps.text, ps.terms
		// The sentence before the passage, for a first sentence that
		// refers back to it.
		var prev map[string]bool
		if n := r.Passage.N; n > 1 && n-2 < len(f.passages) {
			if before := f.passages[n-2].terms; len(before) > 0 {
				prev = before[len(before)-1]
			}
		}
		for si, s := range sents {
			c := candidate{text: s, res: ri, terms: map[string]bool{}, names: 1}
			if names > 0 {
				c.names = nameCov / names
			}
			st := sets[si]
			short := ps.short[si]
			if short && si+1 < len(sents) {
				// "Moscow welcomed the decision." says little alone: quote
				// it with the sentence that says how.
				c.text = s + " " + sents[si+1]
				st = maps.Clone(st)
				maps.Copy(st, sets[si+1])
			}
			context := head
			if prev != nil && (short || ps.anaphoric[si]) {
				context = maps.Clone(head)
				maps.Copy(context, prev)
			}
			if ps.leads[si] {
				// The person is named in the next sentence, or, when that
				// one names nobody in full ("It marked a departure ..."), in
				// the one after it.
				context = maps.Clone(context)
				for k, next := range f.following(r.Passage.N, si, 2) {
					full := namesInFull(next)
					if k == 0 || full {
						maps.Copy(context, nameTerms(an, next))
					}
					if full {
						break
					}
				}
			}
			if ref := titled.referents(c.text); ref != nil {
				// "Ukraine's defence minister said ..." is about the
				// person the article gives that title to.
				context = maps.Clone(context)
				maps.Copy(context, ref)
			}
			prev = sets[si]
			var ranked float64
			for _, t := range terms {
				m := t.match(st, tn.softCredit)
				switch {
				case m == 1:
					c.terms[t.term] = true
				case t.known && context[t.term]:
					m = tn.headlineCredit
				case m > 0:
					c.terms[t.term] = true // said in other words
				default:
					m = t.match(context, tn.softCredit) * tn.headlineCredit
				}
				rm := m
				if m == 0 && ps.held[t.term] {
					rm = tn.passageCredit // another sentence of the passage says it
				}
				ranked += rm * rankWeight(t) / rank
				if m == 0 && t.month != 0 && f.date[t.term] {
					// The article is dated on the day asked about: that
					// counts for answering, not for ranking, or every
					// sentence of the article would rank as if it said so.
					m = tn.headlineCredit
				}
				c.covered += m * t.weight / known
			}
			c.kind = kindMatches(an, kind, c.text, terms, asked)
			c.month = aboutMonth(months, c.text, r.Article)
			if len(c.terms) == 0 && (!c.kind || c.covered == 0) {
				// Only the headline or the sentence before speaks of the
				// question: quote such a sentence only when it holds what
				// was asked ("at Lancaster House" for "where").
				continue
			}
			c.score = ranked + 0.15*(1-float64(ri)/float64(len(res))) - 0.3*(1-c.names)
			if c.kind {
				c.score += tn.kindBonus
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
	if len(cands) > maxCandidates {
		cands = cands[:maxCandidates]
	}
	return cands
}

// articleFacts holds what the judge reads from whole articles (their
// terms, their title–name pairs, their passages' sentences and their
// terms and words), each article analysed once per snapshot on first use
// rather than on every question that retrieves it, and the judge's word
// lists analysed with the snapshot's aliases. It grows with the articles
// that questions reach (a few tens of KB each) until a reload replaces the
// snapshot. Safe for concurrent use; the zero value is empty.
type articleFacts struct {
	m   sync.Map // *retrieval.Article → *articleFact
	lex snapshotLexicon
}

type articleFact struct {
	head     map[string]bool // the headline's terms
	date     map[string]bool // the terms of its date: month and day
	terms    map[string]bool // the terms of the headline and every passage
	titles   titles
	passages []sentenceFacts // per passage, in order
}

// sentenceFacts is what the judge reads from the sentences of a passage
// whatever the question: read once per article, not once per question that
// retrieves it (a question's pool holds every passage of its best two
// articles). Read only: every question shares it.
type sentenceFacts struct {
	source    string // the passage's text
	text      []string
	terms     []map[string]bool
	short     []bool // fewer than shortSentence words
	anaphoric []bool // opens by referring to the sentence before (anaphor)
	leads     []bool // names its speaker in the next sentences (leadsToName)
	// held is the terms of all the passage's sentences.
	held map[string]bool
	// words are its words as written, lower-cased (letters only): the
	// words a question word's nearest words are looked up in (softMatches).
	words map[string]bool
}

func newSentenceFacts(an analyzer, text string) sentenceFacts {
	sents := retrieval.SplitSentences(text)
	sf := sentenceFacts{text: sents, terms: make([]map[string]bool, len(sents)), short: make([]bool, len(sents)),
		anaphoric: make([]bool, len(sents)), leads: make([]bool, len(sents)), held: map[string]bool{}, words: map[string]bool{}}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		sf.words[strings.ToLower(w)] = true
	}
	for i, s := range sents {
		sf.terms[i] = termSet(an, s)
		maps.Copy(sf.held, sf.terms[i])
		sf.short[i] = len(strings.Fields(s)) < shortSentence
		sf.anaphoric[i] = anaphor.MatchString(s)
		sf.leads[i] = leadsToName(s)
	}
	return sf
}

// passage returns the sentence facts of p, one of the article's passages;
// a passage it does not hold (none does, today) is read on the spot.
func (f *articleFact) passage(an analyzer, p retrieval.Passage) *sentenceFacts {
	if i := p.N - 1; i >= 0 && i < len(f.passages) && f.passages[i].source == p.Text {
		return &f.passages[i]
	}
	sf := newSentenceFacts(an, p.Text)
	return &sf
}

// of returns a's facts, analysed with an (the snapshot's index's analyzer).
func (f *articleFacts) of(an analyzer, a *retrieval.Article) *articleFact {
	if v, ok := f.m.Load(a); ok {
		return v.(*articleFact)
	}
	head := termSet(an, a.Headline)
	// The article's date is part of what it is about: a question "on Feb
	// 24" is asked of the article of that day, which may say "Monday".
	date := termSet(an, a.Date.Format("January 2"))
	art := maps.Clone(head)
	maps.Copy(art, date)
	passages := make([]sentenceFacts, len(a.Passages))
	for i, p := range a.Passages {
		passages[i] = newSentenceFacts(an, p.Text)
		passages[i].source = p.Text
		for _, set := range passages[i].terms {
			maps.Copy(art, set)
		}
	}
	v, _ := f.m.LoadOrStore(a, &articleFact{head: head, date: date, terms: art, titles: articleTitles(an, a), passages: passages})
	return v.(*articleFact)
}

// following returns up to n sentences of the article after sentence si of
// passage pn (1-based), across passage boundaries.
func (f *articleFact) following(pn, si, n int) []string {
	var out []string
	for p := pn - 1; p < len(f.passages) && len(out) < n; p++ {
		text := f.passages[p].text
		start := 0
		if p == pn-1 {
			start = si + 1
		}
		for i := start; i < len(text) && len(out) < n; i++ {
			out = append(out, text[i])
		}
	}
	return out
}

// namesInFull reports whether s names someone in two capitalised words
// ("Sergei Ryabkov"), as the "who" type reads a name (isNameWord).
func namesInFull(s string) bool {
	words := strings.Fields(s)
	for i := 0; i+1 < len(words); i++ {
		if isNameWord(words[i]) && isNameWord(strings.TrimRight(words[i+1], ".,;:'’\"”)")) {
			return true
		}
	}
	return false
}

// shortSentence is the length in words under which a sentence is quoted
// with the next one and lent the words of the one before.
const shortSentence = 8

// mentionedIn reports whether an article's terms name what the name t
// names: t itself or a longer term it begins (see mentions), another name
// of the same country ("European Union" for "EU"), or, for a capital
// written as its government, its country ("Russia" for "did Moscow say").
func (t qterm) mentionedIn(art map[string]bool) bool {
	return art[t.term] || anyNamed(art, t.others) || mentions(art, t.term)
}

// mentions reports whether an article's terms hold a name's term, or a
// longer term it begins ("europ" for "european", "korea" for "korean").
func mentions(art map[string]bool, term string) bool {
	if art[term] {
		return true
	}
	if len(term) < 4 {
		return false
	}
	for t := range art {
		if strings.HasPrefix(t, term) {
			return true
		}
	}
	return false
}

// rankWeight is a known term's weight when ranking sentences: a name is
// what the question is about, so a sentence about it ranks first.
func rankWeight(t qterm) float64 {
	if t.name {
		return 2 * t.weight
	}
	return t.weight
}

// analyzer turns text into index terms: the index's Analyze, so that the
// judge's terms are spelled as the question's (custom aliases included).
type analyzer func(string) []string

// wordSet is the set of the space-separated words of s.
func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func termSet(an analyzer, s string) map[string]bool {
	m := map[string]bool{}
	for _, t := range an(s) {
		m[t] = true
	}
	return m
}

var (
	// temporal matches the words of a sentence that date something, which
	// answer a "when" question, or that say no date is known yet.
	temporal = regexp.MustCompile(`(?i)\b(?:` + datePattern + `|` + weekdayPattern + `|(?:last|this|next)\s+(?:week|month|year)|yesterday|tomorrow|today|within\s+(?:the\s+next|weeks|days)|soon|evening|morning|night|\d{4})\b|\bno (?:date|details yet on when)\b`)
	// placeWord matches "in/at/to <Capitalised>", which answers a "where"
	// question; the group is the place's first word.
	placeWord = regexp.MustCompile(`\b(?:in|at|to)\s+(?:the\s+)?(\p{Lu}[\p{L}'’.-]*)`)
	// anaphor matches a sentence that opens by referring to the one
	// before ("In it, Zelensky said ...", "He added ..."), which lends it
	// that sentence's words in part.
	anaphor = regexp.MustCompile(`^(?:In it|In (?:his|her|their) |He |She |It |They |This |That |The two |Both )`)
	// properName matches a capitalised word after the first of a sentence.
	properName = regexp.MustCompile(`\s\p{Lu}\p{Ll}+`)
)

// answerTypes holds the patterns of the answers a question for a day, a
// time of day, a duration, a sum, a reason, a topic or someone's words
// asks for, and of those questions. Compiled on first use, so commands
// that answer nothing do not pay for them at start.
var answerTypes = sync.OnceValue(func() *answerTypePatterns {
	return &answerTypePatterns{
		// placeQuestion matches a question for a place that does not say
		// "where": "in which city", "what venue".
		placeQuestion: regexp.MustCompile(`\b(?:which|what)\s+(?:[a-z]+\s+)?(?:city|town|capital|venue|palace|building|resort|location|place)\b|\bin which (?:country|region)\b`),
		// personQuestion matches a question for a person that does not say
		// "who": "which EU leader", "which German minister".
		personQuestion: regexp.MustCompile(`\b(?:which|what)\s+(?:[a-z]+\s+){0,3}?(?:leader|minister|official|president|envoy|diplomat|member|person|politician|negotiator|spokesperson|spokesman|adviser|advisor|commander|senator|lawmaker|chancellor|secretary)s?\b`),
		// listQuestion matches a question for several countries or members:
		// "which countries voted against".
		listQuestion: regexp.MustCompile(`\b(?:which|what)\s+(?:[a-z]+\s+){0,2}?(?:countries|nations|states|governments|members|allies|capitals)\b`),
		// dateQuestion matches a question for a time that does not say
		// "when": "which month", "how soon".
		dateQuestion: regexp.MustCompile(`\b(?:what|which|on what|on which)\s+(?:month|year)\b|\bhow soon\b`),
		// shareQuestion matches a question for a part of a whole: "what share",
		// "what percentage", "how big a share".
		shareQuestion: regexp.MustCompile(`\b(?:what|which|how big a|how large a)\s+(?:share|percentage|percent|proportion|fraction|portion)\b`),
		// share matches a part of a whole: "20 percent", "a third", "half".
		share: regexp.MustCompile(`(?i)\d\s?(?:%|percent\b|per cent\b)|\b(?:half|a third|two thirds|a quarter|three quarters|most|majority)\b`),
		// speechQuestion matches "what did <subject> say ...", the subject in the
		// group.
		speechQuestion: regexp.MustCompile(`(?i)^\s*(?:what|how)\s+(?:did|does|do|has|have|had|will|would|is|was)\s+((?:\S+\s+){0,3}?\S+)\s+(?:say|said|tell|told|think|thought|write|announce|claim|argue|warn|reply|respond|describe|characteri[sz]e|call|react|rate|view)\b`),
		// wordsQuestion matches a question for someone's exact words: "what
		// insult", "which phrase".
		wordsQuestion: regexp.MustCompile(`^\s*(?:what|which)\s+(?:insults?|phrases?|words?|expressions?|terms?|slogans?|nicknames?|labels?)\b`),
		// quotation matches a sentence that quotes words: a quoted run of
		// at least two words.
		quotation: regexp.MustCompile(`["“][^"”]{3,}?\s[^"”]+?["”]`),
		// topicQuestion matches a question for what a meeting was about:
		// "what did they discuss", "what topics", "what was on the agenda".
		topicQuestion: regexp.MustCompile(`^\s*what\b.*\b(?:discuss|discussed|talk about|talked about|chat about|chatted about|go over|went over|topics?|agenda)\b`),
		// topic matches a sentence that says what was discussed.
		topic: regexp.MustCompile(`(?i)\b(?:discuss\w*|talk(?:s|ed)? (?:on|about)|focus\w* on|agenda|topics?|cover(?:ed|ing)|centred on|centered on|dealt with)\b`),
		// reason matches the words that give a reason, which answer "why".
		reason: regexp.MustCompile(`(?i)\b(?:because|since|due to|as a result|in order to|so that|to make sure|to ensure|aimed at|in response to|citing|amid|after|over)\b`),
		// dayQuestion matches a question for a day: "what date", "which day".
		dayQuestion: regexp.MustCompile(`\b(?:what|which)\s+(?:date|day|weekday)\b`),
		// day matches a day: a weekday, a date, "yesterday".
		day: regexp.MustCompile(`(?i)\b(?:` + weekdayPattern + `|` + datePattern + `|yesterday|today|tomorrow|tonight)\b`),
		// timeQuestion matches a question for the time of day.
		timeQuestion: regexp.MustCompile(`\b(?:what|which)\s+time\b|\bat what hour\b`),
		// clockTime matches a time of day: "late on Monday", "in the evening",
		// "10 a.m.".
		clockTime: regexp.MustCompile(`(?i)\b(?:morning|afternoon|evening|night|noon|midday|midnight|dawn|overnight|o'clock|late on|early on)\b|\b\d{1,2}(?:[:.]\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d{2}\b`),
		// duration matches a length of time or distance, which answers "how
		// long": "four and a half hours", "30-day", "some 2,000 kilometres".
		duration: regexp.MustCompile(`(?i)(?:\b(?:\d[\d,.]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|several|few|many)(?:\s+and\s+a\s+half)?[\s-]+(?:hours?|minutes?|days?|weeks?|months?|years?|decades?|kilometres?|kilometers?|km|miles?|metres?|meters?)\b|\ball (?:day|night)\b|\bovernight\b)` +
			// The word after the span, when it makes the span date
			// something (see offsetWords).
			`(?:\s+(?:after|before|later|earlier|ago)\b)?`),
		// moneyQuestion matches the words of a "how much" question about money.
		moneyQuestion: regexp.MustCompile(`\b(?:money|cost|costs|worth|dollars?|euros?|pounds?|spend|spent|spending|lend|lent|loans?|fund|funds|funding|finance|financing|pay|paid|price|budget|invest|investment|aid|assistance)\b`),
		// money matches a sum or a share of one: "$300 billion", "3.5 billion
		// euros", "2.5% of GDP".
		money: regexp.MustCompile(`(?i)[$€£]\s?\d|\b\d[\d,.]*\s?(?:%|percent\b|per cent\b)|\b\d[\d,.]*\s*(?:bn\s+|billion\s+|million\s+|trillion\s+|thousand\s+)?(?:dollars|euros|pounds|roubles|rubles|hryvnias?)\b|\b\d[\d,.]*\s+(?:billion|million|trillion)\b`),
	}
})

type answerTypePatterns struct {
	dayQuestion, day, timeQuestion, clockTime, duration, moneyQuestion, money, reason, topicQuestion, topic *regexp.Regexp
	wordsQuestion, quotation                                                                                *regexp.Regexp
	placeQuestion, personQuestion, listQuestion, dateQuestion, shareQuestion, share, speechQuestion         *regexp.Regexp
}

// askedTerms is what a question and its setting (the topic's terms)
// already say: an answer's date, place or name must bring something else.
func askedTerms(terms []qterm, setting map[string]bool) map[string]bool {
	asked := maps.Clone(setting)
	if asked == nil {
		asked = map[string]bool{}
	}
	for _, t := range terms {
		asked[t.term] = true
	}
	return asked
}

// kindMatches reports whether sentence s holds what a question of this kind
// asks for, and something the question and its setting (asked, see
// askedTerms) do not already say: a date other than the one asked about
// for "when", a place not named in the question for "where", a count of
// the thing counted for "how many", a person the question does not give
// for "who".
func kindMatches(an analyzer, kind, s string, terms []qterm, asked map[string]bool) bool {
	// fresh reports whether text brings a term the question lacks.
	fresh := func(text string) bool {
		ts := an(text)
		if len(ts) == 0 {
			return true // "soon", "today": a date in itself
		}
		for _, t := range ts {
			if !asked[t] {
				return true
			}
		}
		return false
	}
	switch kind {
	case "when":
		return anyMatch(temporal, s, 0, fresh)
	case "where", "place":
		return anyMatch(placeWord, s, 1, fresh)
	case "why":
		return answerTypes().reason.MatchString(s)
	case "topic":
		return answerTypes().topic.MatchString(s)
	case "words":
		return answerTypes().quotation.MatchString(s)
	case "share":
		return answerTypes().share.MatchString(s)
	case "day":
		return anyMatch(answerTypes().day, s, 0, fresh)
	case "time":
		return answerTypes().clockTime.MatchString(s)
	case "duration":
		// A span followed by "after", "later", "ago" dates something ("a
		// day after Trump attacked him"); it does not say how long it
		// lasted.
		return anyMatch(answerTypes().duration, s, 0, func(span string) bool {
			w := strings.Fields(span)
			return !offsetWords[strings.ToLower(w[len(w)-1])]
		})
	case "money":
		return answerTypes().money.MatchString(s)
	case "how_many":
		// The number must be new: "How many of the 5,000 missiles were
		// delivered?" is not answered by "5,000 missiles".
		newNumber := func(w string) bool { return isQuantityWord(w) && fresh(w) }
		for _, t := range terms {
			if t.counted {
				return counts(an, s, t, newNumber)
			}
		}
		return slices.ContainsFunc(numberTokens(s), newNumber)
	case "role":
		return roleWord.MatchString(s)
	case "list":
		return anyMatch(nameList(), s, 0, fresh)
	case "say":
		return attributed(an, s, terms)
	case "who", "person":
		// A person: a first name and a surname, one of them new ("the
		// delegation was led by Grigory Karasin"), not "Saudi Arabia".
		words := strings.Fields(s)
		for i := 0; i+1 < len(words); i++ {
			j := i + 1
			for j+1 < len(words) && j < i+3 && nameParticle[words[j]] {
				j++ // "Ursula von der Leyen"; at most two particles
			}
			a, b := words[i], strings.TrimRight(words[j], ".,;:'’\"”)")
			if strings.ContainsAny(a, ",;:") || !isPersonWord(a) || !isPersonWord(b) {
				continue
			}
			if i == 0 && wordlist.Class(strings.ToLower(a)) > 0 {
				continue // "Both Russia ...": a capital for the sentence, not a name
			}
			if fresh(a) || fresh(b) {
				return true
			}
		}
	}
	return false
}

// anyMatch reports whether group of some match of re in s satisfies ok. It
// stops at the first that does: a sentence can be megabytes long, and
// finding every match first made a "when" question over one 25% slower.
func anyMatch(re *regexp.Regexp, s string, group int, ok func(string) bool) bool {
	for {
		loc := re.FindStringSubmatchIndex(s)
		if loc == nil {
			return false
		}
		if a := loc[2*group]; a >= 0 && ok(s[a:loc[2*group+1]]) {
			return true
		}
		next := loc[1]
		if next == loc[0] {
			_, n := utf8.DecodeRuneInString(s[next:])
			next += max(n, 1)
		}
		if next >= len(s) {
			return false
		}
		s = s[next:]
	}
}

// counts reports whether s gives a number of the thing t counts: a quantity
// word a few words before t's word or one like it ("25 leaders" for "how many
// heads of government"), not just any number.
func counts(an analyzer, s string, t qterm, quantity func(string) bool) bool {
	words := numberTokens(s)
	for i, w := range words {
		if !quantity(w) {
			continue
		}
		for _, v := range words[i+1 : min(len(words), i+1+countWindow)] {
			set := termSet(an, v)
			if set[t.term] || t.match(set, 1) > 0 {
				return true
			}
		}
	}
	return false
}

// attributed reports whether s gives the words of a speaker the question
// names ("what did Meloni say"): a verb of saying whose subject, the
// nearest name before it or the one just after ("said Lavrov"), is the
// speaker, or a pronoun standing for one. A sentence that only names
// the speaker among others does not say what they said. A question
// without a named speaker ("what did the EU's top diplomat say") is not
// checked.
func attributed(an analyzer, s string, terms []qterm) bool {
	speakers := map[string]bool{}
	for _, t := range terms {
		if t.speaker {
			speakers[t.term] = true
		}
	}
	if len(speakers) == 0 {
		return true
	}
	words := strings.Fields(s)
	isSpeaker := func(w string) bool {
		for _, t := range an(bare(strings.Trim(w, ".,;:'’\"“”"))) {
			if speakers[t] {
				return true
			}
		}
		return false
	}
	first := -1 // the index of the speaker's first mention, once looked up
	findFirst := func() int {
		if first < 0 {
			first = slices.IndexFunc(words, isSpeaker)
			if first < 0 {
				first = len(words)
			}
		}
		return first
	}
	for i, w := range words {
		verb := strings.Trim(w, ".,;:")
		if !speechVerbs[strings.ToLower(verb)] {
			continue
		}
		participle := strings.HasSuffix(verb, "ing") && verb != "according"
		if participle && i > 0 && strings.HasSuffix(words[i-1], ",") {
			// "Vance lectured Europe, saying ...": the sentence's subject
			// speaks. Where the speaker is first named is looked up once,
			// so a sentence of many ", saying" stays linear.
			if findFirst() < i {
				return true
			}
			continue
		}
		for j := i - 1; j >= 0 && j >= i-8; j-- { // the subject before the verb
			u := strings.Trim(words[j], ".,;:'’\"“”")
			if isSpeaker(u) {
				return true
			}
			if pronoun[strings.ToLower(u)] {
				// "He stressed that the talks, attended by Lavrov, ...":
				// a pronoun stands for the speaker only in a sentence that
				// does not name them in another role.
				if findFirst() == len(words) {
					return true
				}
				break
			}
			if isTitleCase(u) {
				break // another name is the subject
			}
		}
		if participle {
			continue // "Speaking with Lukashenko, Putin asked": not Lukashenko's words
		}
		if slices.ContainsFunc(words[i+1:min(len(words), i+4)], isSpeaker) { // "said Lavrov", "according to Peskov"
			return true
		}
	}
	return false
}

// speechVerbs are the words that report what someone said (lower case).
var speechVerbs = wordSet(`say says said tell tells told add adds added warn warns warned state states stated
	argue argues argued write writes wrote ask asks asked call calls called describe
	describes described insist insists insisted announce announces announced urge urges
	urged claim claims claimed declare declares declared stress stresses stressed note
	notes noted reply replies replied respond responds responded suggest suggests suggested
	accuse accuses accused promise promises promised pledge pledges pledged acknowledge
	acknowledges acknowledged complain complains complained according declined dismissed
	rejected welcomed praised criticised criticized signalled signaled posted saying
	telling calling speaking hail hails hailed condemn condemns condemned labelled labeled branded
	react reacts reacted`)

// subjectEnd are the prepositions that end the head of a speech
// question's subject.
var subjectEnd = wordSet(`to of from with at in on for about`)

// pronoun are the subjects that stand for a speaker named before.
var pronoun = wordSet(`he she they`)

// reflexive are the words that may close a speech question's subject.
var reflexive = wordSet(`himself herself themselves itself personally`)

// offsetWords make the span before them date something rather than say
// how long it lasted: "a day after", "two days later", "three years ago".
var offsetWords = wordSet(`after before later earlier ago`)

// countWindow is how many words after a number may come before the noun
// it counts: "23 badly wounded Ukrainian soldiers".
const countWindow = 5

// questionKind returns the kind of answer a question asks for, from its
// wording: "when", "day", "time", "where", "place", "who", "why", "how_many",
// "person", "duration", "money", "share", "say", "topic", "words", "role", "list", or ""
// for any other.
func questionKind(q string) string {
	l := strings.ToLower(q)
	p := answerTypes()
	if p.shareQuestion.MatchString(l) {
		return "share"
	}
	if strings.Contains(l, "how long") {
		return "duration"
	}
	if strings.Contains(l, "how much") && !strings.Contains(l, "how much of") && p.moneyQuestion.MatchString(l) {
		return "money"
	}
	for _, w := range []string{"how many", "how much", "how large", "how big",
		"tally", "what number", "what amount", "vote count", "what count"} {
		if strings.Contains(l, w) {
			return "how_many"
		}
	}
	if p.speechQuestion.MatchString(q) {
		return "say"
	}
	if p.topicQuestion.MatchString(l) {
		return "topic"
	}
	if p.wordsQuestion.MatchString(l) {
		return "words"
	}
	if k := whWord(l); k != "" {
		return k
	}
	for _, w := range []string{"what job", "what role", "what position", "what post", "what title",
		"profession", "occupation", "what office", "job title", "what does he do", "what does she do"} {
		if strings.Contains(l, w) {
			return "role"
		}
	}
	for _, shape := range []struct {
		re   *regexp.Regexp
		kind string
	}{{p.timeQuestion, "time"}, {p.dayQuestion, "day"}, {p.dateQuestion, "when"}, {p.placeQuestion, "place"},
		{p.listQuestion, "list"}, {p.personQuestion, "person"}} {
		for _, m := range shape.re.FindAllString(l, -1) {
			// "what are European leaders worried about" asks what, not
			// which leaders: a verb between the two words ends the phrase.
			if !slices.ContainsFunc(strings.Fields(m), func(w string) bool { return auxiliaries[w] }) {
				return shape.kind
			}
		}
	}
	return ""
}

// auxiliaries are the verbs that follow "what" or "which" in a question
// whose noun is the subject, not the thing asked for.
var auxiliaries = wordSet(`is are was were be been do does did has have had will would can could should may might must`)

// whWord returns the kind a question's wh-word asks for: "when", "where",
// "who" or "why", or "" for none, from the first wh-word in l (lower
// case): a later one opens a clause. "Who was Putin with when he spoke?"
// asks who, not when; "And what did Macron do when he cut in?" asks what,
// which the other shapes of questionKind read.
func whWord(l string) string {
	words := strings.FieldsFunc(l, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' })
	for _, w := range words {
		// "who's heading", "where'd they meet"
		if j := strings.IndexAny(w, "'’"); j > 0 {
			w = w[:j]
		}
		switch w {
		case "when", "where", "who", "why":
			return w
		case "whom":
			return "who"
		case "what", "which", "how", "whose":
			return ""
		}
	}
	return ""
}

// placeHead are the words that make two capitalised words a place, an
// institution or a title rather than a person: "Saudi Arabia", "White
// House", "Foreign Minister".
var placeHead = wordSet(`Arabia House Sea Kingdom States Nations Union Council Assembly Palace Ministry
	Department Office Conference Group Court Bank Forces Airport Square Street Hall
	Minister President Secretary Prime Foreign Defence Defense State Vice General Security
	National European United Black White North South East West New The Russian American
	Ukrainian British French German`)

// nameParticle are the lower-case words inside a person's name.
var nameParticle = wordSet(`von van der den de da di du la le al bin ibn`)

// nameList matches a list of three or more capitalised names: "North
// Korea, Belarus and Hungary". Compiled on first use, as only "which
// countries" questions need it.
var nameList = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\p{Lu}\p{L}+(?:\s\p{Lu}\p{L}+)?(?:,\s(?:the\s)?\p{Lu}\p{L}+(?:\s\p{Lu}\p{L}+)?)+,?\s(?:and|or)\s(?:the\s)?\p{Lu}\p{L}+`)
})

// isQuantityWord reports whether w is a number: "175", "5,000", "2.5%",
// "30-day", "three", "twenty-six", "dozens".
func isQuantityWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.IsDigit(r) {
		return true
	}
	head, _, _ := strings.Cut(strings.ToLower(w), "-")
	return numberWords[head]
}

// numberWords are the numbers written in words, which answer "how many"
// as well as digits do.
var numberWords = wordSet(`one two three four five six seven eight nine ten eleven twelve fifteen
	twenty thirty forty fifty hundred hundreds thousand thousands million millions billion
	billions half dozen dozens`)

// numberTokens splits s into the words a number may be: "$300" and "(175)"
// give "300" and "175"; "5,000", "2.5%" and "30-day" stay whole.
func numberTokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(",.%-", r)
	})
}

// isNameWord reports whether w is written like one word of a name:
// "Rubio", "Al-Thani".
func isNameWord(w string) bool {
	for _, part := range strings.Split(w, "-") {
		r, n := utf8.DecodeRuneInString(part)
		if !unicode.IsUpper(r) || n == len(part) {
			return false
		}
		for _, r := range part[n:] {
			if !unicode.IsLower(r) {
				return false
			}
		}
	}
	return true
}

// isPersonWord reports whether w may be a first name or a surname: a
// capitalised word that is not a month or weekday and not a word that
// makes two capitalised words a place, institution or title.
func isPersonWord(w string) bool {
	return isNameWord(w) && !calendarWords.MatchString(w) && !placeHead[w]
}

// gatedKinds are the kinds of question whose answer must hold what they
// ask for: a sentence on the subject without it does not answer.
var gatedKinds = map[string]bool{"how_many": true, "share": true, "say": true, "day": true, "time": true,
	"duration": true, "money": true, "place": true, "topic": true, "person": true}

// signals are the measurements the extractive judge decides from.
type signals struct {
	known    float64 // share of the question's weight the articles hold (unknown words discounted)
	sentence float64 // share of the known weight the best sentence covers (headline terms in part)
	names    float64 // share of the question's names the best sentence's article mentions
	kind     bool    // a well-covering sentence holds what the question asks for
	passage  float64 // share of the known weight the best passage and its headline cover
	relScore float64 // the top BM25 score over the question's largest possible score
	gap      float64 // how far the top score stands above the last retrieved: 1 - sk/s1
}

// measure computes the signals of a question from its terms, its scored
// sentences and the retrieved passages.
func measure(ix *retrieval.Index, facts *articleFacts, terms []qterm, kind string, cands []candidate, res []retrieval.Result) signals {
	var s signals
	var total, known, maxScore float64
	k1 := ix.Params().K1
	for _, t := range terms {
		total += t.weight
		known += t.weight * t.avail
		if t.known {
			maxScore += t.weight * (k1 + 1) * (1 + ix.Params().TitleWeight)
		}
	}
	if known == 0 {
		return s
	}
	s.known = known / total
	if len(cands) > 0 {
		s.names = cands[0].names
	}
	for _, c := range cands {
		if c.names == 1 && (!gatedKinds[kind] || c.kind) && c.month && c.covered > s.sentence {
			s.sentence, s.names, s.kind = c.covered, 1, true
		}
	}
	for _, r := range res {
		// The passage with its headline, from the terms read once per
		// article.
		f := facts.of(ix.Analyze, r.Article)
		held := f.passage(ix.Analyze, r.Passage).held
		var cov float64
		for _, t := range terms {
			cov += t.weight * max(t.match(f.head, 1), t.match(held, 1))
		}
		s.passage = math.Max(s.passage, cov/known)
	}
	if len(res) > 0 && maxScore > 0 {
		s.relScore = res[0].Score / maxScore
		s.gap = 1 - res[len(res)-1].Score/res[0].Score
	}
	return s
}

// answerable decides from the signals: the articles must hold most of the
// question (unknown ordinary words count for little), one sentence must
// cover most of what they hold, its article must mention every name asked
// about, and a "how many" question needs a number to quote.
func (s signals) answerable(tn tuning) bool {
	return s.known >= tn.minKnown && s.sentence >= tn.minSentence && s.names == 1 && s.kind
}
