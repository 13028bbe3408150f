package bot

import (
	"maps"
	"math"
	"math/bits"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/talkbot/talkbot/bot/internal/wordlist"
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
// X say", the month asked about) and more than the one name it shares with
// the question ("How old is Putin?"), and abstains on prompt injections.

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
	// cjkUnknown discounts a Chinese, Japanese or Korean character pair
	// the articles lack: most are the edges of two words ("了多" in
	// "持续了多长"), which a question has many of (tuned on the CJK set's
	// tune split: 0.125 answers 15 of 20, 0.05 18, 0.02 19 but refuses 2
	// of 6 unanswerable, not 4).
	cjkUnknown float64
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
	// contextOnly is what a sentence's rank loses when it says none of the
	// question's words itself, its coverage lent by its headline or the
	// sentence before: "France, Britain, Denmark, Greece and Slovenia
	// abstained." after the sentence on the UN vote is a list of
	// countries, but not of those "voted against", which the next one
	// names in the question's words.
	contextOnly float64
	// nameFloor is the least rank weight of a name, as a share of the mean
	// weight of the question's known terms (see rankWeights): 0.75 and 1
	// each answer three more development questions, 1.5 loses two.
	nameFloor float64
	// otherMonth is what a sentence's rank loses when neither it nor its
	// article's date is of the month the question asks about: "how long
	// did the talks in riyadh in february last" should not lead with the
	// March meeting's "lasted about 12 hours". 0.2 to 0.5 move no labelled
	// question; it orders the answer's sentences.
	otherMonth float64
	// ledeBonus is what the first sentence of an article gains when the
	// article's headline holds at least ledeHeadline of the question's
	// known weight: the article is about what was asked, and its lede
	// says what happened ("when was the oval office meeting": the clash's
	// "A meeting between Donald Trump and Volodymyr Zelensky at the White
	// House broke down on Friday", not the Jeddah preview's "since the
	// Oval Office argument"). 0.1 at 0.7 or 0.8 moves no labelled
	// question; at 0.65 or 0.5 it loses one or two.
	ledeBonus, ledeHeadline float64
	// outcomeBonus is kindBonus for a question for an outcome ("trump
	// putin energy call result?"): any sentence that says "agreed" holds
	// one, so at kindBonus's 0.4 two agreements of the Feb. 12 call came
	// right after the March call's own; at 0.1 "adopted by 93 votes to
	// 18" no longer leads "What was the result of the UN vote?". 0.1 to
	// 0.4 move no labelled question.
	outcomeBonus float64
	// monthRank is what a month asked about alone ("in August") earns a
	// sentence's rank when its article is dated in that month though the
	// sentence does not write it: "in August" says when, so "talked for
	// nearly three hours at a military base in Anchorage" of Aug. 16 ranks
	// with "announced the summit on August 8". 0, 0.5 and 1 move no
	// labelled question; 1 puts the Alaska summit second for "where did
	// trump and putin meet in august" on talks3, 0 leaves it out.
	monthRank float64
	// yesNoLede is ledeBonus for a yes/no question. 0.2 to 0.5 move no
	// labelled question; at 0.1 "did russia agree to a full ceasefire"
	// opened with the prisoner swap of the article headlined "rejects
	// full ceasefire".
	yesNoLede float64
	// placeCredit is headlineCredit for a term of the article's dateline
	// in a sentence after its first paragraph, which may report events
	// elsewhere. 0.5 and 1 move the same development questions (with
	// the dateline among the article's terms: one more answered, one
	// whose fact falls to fourth); 0.5 quotes fewer sentences (885, 888).
	placeCredit float64
}

func defaultTuning() tuning {
	return tuning{
		minKnown: 0.85, minSentence: 0.35, headlineCredit: 1.0, pool: 10,
		unknown: map[int]float64{10: 0.125, 20: 0.175, 35: 0.25, 40: 0.3, 50: 0.35, 0: 0.5}, cjkUnknown: 0.05,
		nearMin: 0.1, softMin: 0.1, softCredit: 0.8, articles: 2, kindBonus: 0.4, passageCredit: 0.5, contextOnly: 0.1, nameFloor: 0.75, otherMonth: 0.3, ledeBonus: 0.1, ledeHeadline: 0.8, outcomeBonus: 0.2, monthRank: 1, placeCredit: 0.5, yesNoLede: 0.3,
	}
}

// definiteNoun returns the term of the noun a sentence opens with after
// "The" ("The resolution, drafted by ..."), "" for none. Such a sentence
// is about what the one before says ("... voting against a resolution at
// the UN General Assembly"; "... called the attack brilliant. The
// preparations had lasted ..."), so it takes that one as its context, as
// one that opens with "It" does.
func definiteNoun(an analyzer, s string) string {
	m := definiteOpening().FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	if ts := an(m[1]); len(ts) == 1 {
		return ts[0]
	}
	return ""
}

// definiteInner matches "the" and a lower-case word after a sentence's
// first word: "described the address as ...".
var definiteInner = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\sthe (\p{Ll}+)\b`) })

// definiteTerms returns the terms of the things sentence s names with
// "the" after its first word (definiteInner).
func definiteTerms(an analyzer, s string) []string {
	var out []string
	for _, m := range definiteInner().FindAllStringSubmatch(s, -1) {
		if ts := an(m[1]); len(ts) == 1 {
			out = append(out, ts[0])
		}
	}
	return out
}

// eventNoun reports whether term names an event, as "meeting" does in "The
// meeting lasted about 12 hours": quoted alone, that does not say which of
// the story's meetings, so it is quoted with the sentence before it in its
// passage, which does.
func eventNoun(term string) bool {
	switch term {
	case "meet", "talk", "call", "visit", "summit", "session", "round":
		return true
	}
	return false
}

// everyMonth reports whether s names month only as a yearly time ("brings
// together ministers every February") and not otherwise.
func everyMonth(s string, month time.Month) bool {
	name := month.String()
	n := strings.Count(s, name)
	return n > 0 && n == strings.Count(s, "every "+name)+strings.Count(s, "each "+name)
}

// definiteOpening matches a sentence that opens with "The" and a noun,
// the noun in its group.
var definiteOpening = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^The (\p{Ll}+)\b`) })

// maxCandidates bounds the sentences considered per question.
const maxCandidates = 200

// judgement is the judge's decision on one question.
type judgement struct {
	answerable bool     // false: abstain without composing
	missing    []string // the words an abstention names, when not answerable
	// missingNamed marks missing as names, a speaker or a month the
	// articles never mention, not ordinary words they may say otherwise.
	missingNamed bool
	useModel     bool               // compose with the model (LLM mode only)
	search       string             // the text searched: the question, widened for a follow-up
	setting      map[string]bool    // the topic's terms: where every article is set
	refused      bool               // an injection or a request for advice: no question of the articles
	terms        []qterm            // the question's content terms, weighed
	kind         string             // what the question asks for (questionKind)
	day          *Answer            // for a question about a day's events, the quoted ones (dayquestion.go)
	cands        []candidate        // the sentences that may be quoted, best first
	pool         []retrieval.Result // the passages cands index
	// dated are the best passages of the articles dated in a month the
	// question names that no retrieved one is (see monthPassages).
	dated []retrieval.Result
	sig   signals
}

// judge decides on a question from the retrieved passages res. search is
// the text that was searched (it carries a follow-up's context); more, when
// not nil, is that search's longer list (res its first passages), from
// which the extractive answer's pool widens without searching again.
func (e *Engine) judge(ix *retrieval.Index, facts *articleFacts, search string, res, more []retrieval.Result, days dayEvents) judgement {
	if e.model == nil && (looksLikeInjection(search) || asksForAdvice(search)) {
		// Not a question the articles answer: abstain without naming
		// words, as if "poem" were merely missing from them, and without
		// weighing its words first.
		return judgement{search: search, refused: true}
	}
	tn := e.tuning
	kind := questionKind(search)
	if first, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(search)), " "); kind == "" && auxiliaries[first] {
		// "did russia agree to a full ceasefire": the lede of the article
		// whose headline says it ("... but rejects full ceasefire")
		// answers, not its other sentences that the headline covers.
		tn.ledeBonus = tn.yesNoLede
	}
	lx := facts.lex.get(ix.Analyze, e.topic, ix.Corpus())
	terms := withoutShapeWords(questionTerms(ix, lx, tn, search), kind)
	j := judgement{search: search, terms: terms, kind: kind, setting: lx.setting}
	datedTerms(terms, res)
	switch kind {
	case "who", "person":
		markSides(search, terms, lx.countries)
		markTitle(search, terms)
	case "say":
		markReaction(search, terms)
		markCalled(search, terms)
		markSides(search, terms, lx.countries) // "what did ukraine's foreign minister say": Ukraine's
	case "topic":
		markHead(search, terms)
	}
	days.lend(terms)
	j.missing = missingNames(terms, e.model != nil)
	if kind == "say" && e.model == nil && len(j.missing) == 0 {
		j.missing = unknownSpeaker(terms)
	}
	j.missingNamed = len(j.missing) > 0
	gate := len(terms) > 0 && len(j.missing) == 0 && len(res) > 0
	if !gate {
		if len(j.missing) == 0 {
			j.missing = unknownWords(terms)
		}
		return j
	}
	// "Who did Trump meet in July?": the articles dated in July hold it
	// though none writes it, and search, which reads words, may rank none
	// of them first.
	j.dated = monthPassages(ix, search, terms, tn.pool/2)
	datedTerms(terms, j.dated)
	if e.model != nil {
		// LLM mode: every question the passages might answer goes to the
		// model, which refuses with the fixed sentence when they do not.
		// The sentences are scored for the extractive answer, should the
		// model fail.
		j.answerable, j.useModel = true, true
		j.pool = res
		j.cands = candidates(ix.Analyze, facts, terms, kind, lx, tn, res)
		j.sig = measure(ix, facts, terms, kind, j.cands, res)
		return j
	}
	if m := missingMonths(terms); len(m) > 0 {
		// The articles never mention the month asked about: what they say
		// of the rest of the question is about another time.
		j.missing, j.missingNamed = m, true
		return j
	}
	j.pool = widen(ix, search, res, more, tn.pool)
	j.pool = widenWords(ix, search, terms, j.pool, tn.pool/2)
	j.pool = addNew(j.pool, j.dated, len(j.dated))
	j.pool = withArticles(j.pool, tn.articles)
	j.pool = days.widen(j.pool)
	days.written(j.pool)
	softMatches(ix.Analyze, facts, terms, j.pool, tn.softMin)
	j.cands = candidates(ix.Analyze, facts, terms, kind, lx, tn, j.pool)
	j.sig = measure(ix, facts, terms, kind, j.cands, res)
	j.answerable = j.sig.answerable(tn)
	if !j.answerable && (j.sig.known < tn.minKnown || !holdsOrdinary(terms)) {
		// The unknown words are named when they are why: the articles
		// hold too little of the question, or nothing of it but names
		// ("What is the weather in Moscow?"). "Which European leaders
		// rushed to back Ukraine?" is refused for want of a sentence
		// that says which, not for "rushed".
		j.missing = unknownWords(terms)
	}
	return j
}

// holdsOrdinary reports whether the articles use one of the question's
// words that is no name.
func holdsOrdinary(terms []qterm) bool {
	return slices.ContainsFunc(terms, func(t qterm) bool { return t.known && !t.name && t.entity == 0 })
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

// monthPassages returns up to n of the passages search ranks best among
// those of the articles dated in a month the question names alone that the
// articles never write (and no retrieved article is dated in: see
// datedTerms). Nil when there is no such month.
func monthPassages(ix *retrieval.Index, search string, terms []qterm, n int) []retrieval.Result {
	var months []time.Month
	for _, t := range terms {
		if t.month != 0 && t.day == 0 && !t.known {
			months = append(months, t.month)
		}
	}
	if len(months) == 0 || n <= 0 {
		return nil
	}
	var out []retrieval.Result
	// The corpus's best passages for the question, as many as a few
	// articles hold: enough to reach a month's articles, bounded.
	for _, r := range ix.Search(search, monthSearch) {
		if slices.Contains(months, r.Article.Date.Month()) && !r.Article.Date.IsZero() {
			out = append(out, r)
			if len(out) == n {
				break
			}
		}
	}
	return out
}

// monthSearch is how many passages monthPassages looks through.
const monthSearch = 100

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
	if len(more) == 0 || n <= 0 {
		// Most questions: nothing to add. Clipped all the same (no
		// allocation), so a caller's append cannot write into pool's
		// array.
		return slices.Clip(pool)
	}
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

// candidate is a sentence that may be quoted.
type candidate struct {
	text  string
	res   int // index into the results
	terms map[string]bool
	// sentTerms are all the terms of the sentence as quoted (of the two
	// when it is quoted with the next), read once per article and shared
	// with its facts: read only.
	sentTerms map[string]bool
	score     float64 // for ranking sentences: coverage, retrieval rank, kind of answer
	covered   float64 // the share of the question's known weight the sentence covers
	names     float64 // the share of the question's names its article mentions (1 with none)
	kind      bool    // it holds what the question asks for (a date for "when" ...)
	month     bool    // it can be about the month the question names (true when it names none)
	ordinary  bool    // it (or its headline) says one of the question's words that are not names, or there are none
	entities  int     // how many of the question's names it says
	// anaphoric marks a sentence that opens by referring to the one before
	// ("He said ..."), before that sentence (as quoted with it; "" for the
	// first of a passage), si its place in its passage.
	anaphoric bool
	before    string
	si        int
	// lead is, for an anaphoric sentence that opens its passage, the last
	// sentence of the passage before, which says who "he" is; it is
	// quoted as its own sentence and cited with its own passage (leadRes),
	// so every citation still holds the words quoted under it.
	lead string
	// rebuttal is the sentence after it, when that one denies or corrects
	// it ("The Kremlin later said it had not agreed to any such thing."):
	// quoted after it, cited with its own passage, so a claim is not
	// quoted without its denial.
	rebuttal string
	// leadFrom and leadTo are the passages (indexes into the article's,
	// both included) the lead is quoted from, each cited.
	leadFrom, leadTo int32
	// acts marks a sentence that says the act the question asks about
	// ("cancel" of "who called off the talks"; see actTerm), or any
	// sentence of a question that names none.
	acts bool
	// rebuttalNext marks a rebuttal that opens the next passage, which
	// its citation then points at (see rebuttalRes); a field of its own
	// rather than that Result, which would make every candidate larger.
	rebuttalNext bool
}

// leadRes are the passages to cite for c's lead; r is c's own.
func (c candidate) leadRes(r retrieval.Result) []retrieval.Result {
	var out []retrieval.Result
	for i := c.leadFrom; i <= c.leadTo; i++ {
		out = append(out, retrieval.Result{Article: r.Article, Passage: r.Article.Passages[i]})
	}
	return out
}

// leadOf returns the lead for an anaphoric sentence that opens the passage
// after passages[i]: that passage's last sentence, and when it too only
// refers back (`"The question is ...," he said.`, a paragraph of its own
// in wire copy), the sentence before it, which says who, from the same
// passage or the one before (back). A lead that would still dangle is
// returned as it is, marked so.
func leadOf(passages []sentenceFacts, i int) (lead string, back, dangles bool) {
	pp := &passages[i]
	last := len(pp.text) - 1
	lead = pp.text[last]
	if !pp.anaphoric[last] {
		return lead, false, false
	}
	if last > 0 {
		if !pp.anaphoric[last-1] {
			return joinSentences(pp.text[last-1], lead), false, false
		}
		return lead, false, true
	}
	if i > 0 {
		if p := &passages[i-1]; len(p.text) > 0 && !p.anaphoric[len(p.text)-1] {
			return joinSentences(p.text[len(p.text)-1], lead), true, false
		}
	}
	return lead, false, true
}

// rebuttalRes is the passage to cite for c's rebuttal; r is c's own.
func (c candidate) rebuttalRes(r retrieval.Result) retrieval.Result {
	if c.rebuttalNext {
		return retrieval.Result{Article: r.Article, Passage: r.Article.Passages[r.Passage.N]}
	}
	return r
}

// candidates scores every sentence of the retrieved passages by the share
// of the question's known weight it covers (terms in the article's headline
// count in part, names count double), whether its article mentions the
// question's names, the rank of its passage, and whether it holds the kind
// of thing the question asks for (a date for "when", a number for "how
// many").
func candidates(an analyzer, facts *articleFacts, terms []qterm, kind string, lx *lexicon, tn tuning, res []retrieval.Result) []candidate {
	// The places of the subject ("the war in Ukraine") are where every
	// article is set: an answer to "where" must name another.
	setting := lx.setting
	// named: a name, and for a question whose answer must hold what it
	// asks (someone's words, a count: "what did von der leyen say at the
	// munich conference", "how many patriot systems at the hague summit")
	// a name typed in lower case that the articles write only
	// capitalised: the words or the count must be of there. For every
	// kind it cost two chat answers (JUDGE.md).
	act := actTerm(terms)
	lowerNames := gatedKinds[kind] || act >= 0
	named := make([]bool, len(terms)) // read once: every passage asks
	for i, t := range terms {
		named[i] = t.proper || lowerNames && t.known && t.entity > 0 && !t.speaker && lx.writesAsName(t.word)
	}
	var known, rank, names float64
	rankW := rankWeights(terms, lx, tn)
	for i, t := range terms {
		if t.avail == 0 {
			continue
		}
		known += t.weight * t.avail
		rank += rankW[i] * t.avail
		if named[i] {
			names += t.weight
		}
	}
	if known == 0 || len(res) == 0 {
		return nil
	}
	// "who met in riyadh": the people who took part, as a sentence that
	// says who led, sent or joined a side names them.
	meets := slices.ContainsFunc(terms, func(t qterm) bool { return meetTerms()[t.term] })
	calledTerm := slices.IndexFunc(terms, func(t qterm) bool { return t.called })
	months := askedMonths(terms)
	asked := askedTerms(terms, setting)
	hasOrdinary := slices.ContainsFunc(terms, func(t qterm) bool { return t.entity == 0 })
	// surnames are the last words of the question's names of people: an
	// article names "Volodymyr Zelensky" once, then "Zelensky".
	surnames := map[int]string{}
	for _, t := range terms {
		if t.entity > 0 && t.proper && isPersonWord(t.word) {
			surnames[t.entity] = t.term
		}
	}
	var places [][]string // for "what currency": every name of the places the question names
	if kind == "currency" {
		for _, t := range terms {
			if lx.countries.isPlace(t.term) {
				all, _ := lx.countries.namesOf(t.term, true)
				places = append(append(places, []string{t.term}), all...)
			}
		}
	}
	var capitals []string // for "what's the capital of X": X's capitals' terms
	var capitalTerm string
	if kind == "capital" {
		capitals = lx.countries.capitalsOf(terms)
		if ts := an("capital"); len(ts) == 1 {
			capitalTerm = ts[0]
		}
	}
	speaker := kind == "say" && slices.ContainsFunc(terms, func(t qterm) bool { return t.speaker })
	// "what did the german chancellor say": a speaker named by a title
	// alone (no name speaks) says only what someone with that title says.
	var titleSpeaker qterm
	if kind == "say" && !speaker {
		if i := slices.IndexFunc(terms, func(t qterm) bool { return t.subject && isRoleNoun(t.word) }); i >= 0 {
			titleSpeaker = terms[i]
		}
	}
	// whose are the countries a question for someone names ("Who was
	// Russia's top diplomat?"): a sentence that the headline sets in
	// Russia but that names another country's people ("The U.S.
	// delegation was led by ...") is about the other side. Only a question
	// for someone or someone's words has sides marked (judge: markSides).
	whose := lx.countries.sides(terms)
	var cands []candidate
	for ri, r := range res {
		f := facts.of(an, r.Article)
		head, art, titled := f.head, f.terms, f.titles
		var nameCov float64
		for i, t := range terms {
			if (t.known || t.region) && named[i] && t.mentionedIn(art) {
				nameCov += t.weight
			}
		}
		ps := f.passage(an, r.Passage)
		sents, sets := ps.text, ps.terms
		var headCov float64 // the share of the known weight the headline holds, for the lede
		if r.Passage.N == 1 {
			for _, t := range terms {
				if t.known && head[t.term] {
					headCov += t.weight / known
				}
			}
		}
		// The sentence before the passage, for a first sentence that
		// refers back to it.
		var prev map[string]bool
		// saidBefore: the sentence before names the person asked about
		// ("what did Medvedev say"), or refers back to one that does, so
		// a "He said ..." after it may be their words.
		saidBefore := false
		leadText, leadBack, dangles := "", false, false
		if n := r.Passage.N; n > 1 && n-2 < len(f.passages) && n-2 < len(r.Article.Passages) {
			if pp := &f.passages[n-2]; len(pp.terms) > 0 {
				prev = pp.terms[len(pp.terms)-1]
				leadText, leadBack, dangles = leadOf(f.passages, n-2)
				last := pp.text[len(pp.text)-1]
				saidBefore = speaker && (attributed(an, last, terms) && (!pp.anaphoric[len(pp.text)-1] || speaksFor(terms, prev)) ||
					speakerLeads(an, last, terms) || speaksFor(terms, titled.referents(last)))
			}
		}
		for si, s := range sents {
			// A denial that points back is quoted after the claim it
			// denies (sentenceFacts.denies); it ranks as itself.
			c := candidate{text: s, res: ri, terms: map[string]bool{}, names: 1, anaphoric: ps.anaphoric[si] || ps.denies[si] || si > 0 && eventNoun(ps.definite[si]), si: si}
			if c.anaphoric && si > 0 {
				c.before = ps.text[si-1]
			}
			// The sentence the quote opens with: the one before, for an
			// anaphoric second. Only a quote that opens the passage needs
			// the passage before: "Kirill Dmitriev ... He said ..." says
			// who "He" is.
			opener := si
			if si == 1 && ps.anaphoric[0] {
				opener = 0
			}
			if c.anaphoric && opener == 0 && leadText != "" && (ps.pronoun[opener] && !dangles || si == 0 && ps.denies[0]) {
				// "He said ..." opening the passage, or "He said ... He
				// described ...": whoever the passage before ends with.
				// Not "The two delegations ..." (they say who), nor a
				// lead that itself opens with "He" (see leadOf): it would
				// dangle in turn.
				c.lead, c.leadFrom, c.leadTo = leadText, int32(r.Passage.N-2), int32(r.Passage.N-2)
				if leadBack {
					c.leadFrom--
				}
			} else if si == 0 && r.Passage.N > 2 && ps.definite[0] != "" && f.head[ps.definite[0]] && len(f.passages[0].text) > 0 {
				// "The warning came a day after ..." opening a later
				// passage (after a subhead, or after "Trump echoed the
				// warning ..."): the warning of the headline, which the
				// article's first sentence tells. Quoted only when the
				// sentence is. Leaving it out where the passage before
				// names the noun was measured: it lost the warning's case
				// ("Trump echoed the warning" comes before) and gained
				// nothing. The second passage follows the first sentence
				// itself.
				c.lead, c.leadFrom, c.leadTo = f.passages[0].text[0], 0, 0
			}
			c.rebuttal, c.rebuttalNext = rebuttalOf(f, ps, r, si, c.text != s)
			if names > 0 {
				c.names = nameCov / names
			}
			st := sets[si]
			short := ps.short[si]
			if c.text = ps.quote(si); c.text != s {
				// "Moscow welcomed the decision." says little alone: quote
				// it with the sentence that says how.
				st = maps.Clone(st)
				maps.Copy(st, sets[si+1])
			}
			// The sentence's context: the sets of terms it is read with,
			// looked up in turn rather than copied into one map (this runs
			// for every sentence of the pool).
			var ctxSets [4]map[string]bool
			context := append(ctxSets[:0], head)
			// A sentence that opens with "The" and a noun ("The
			// preparations had lasted ...") is about what the one before
			// names (the attack), whether or not that one says the noun.
			if prev != nil && (short || ps.anaphoric[si] || ps.definite[si] != "") {
				context = append(context, prev)
			}
			if lent := ps.lent[si]; lent != nil {
				// "..., Russia's deputy foreign minister said": the person
				// a later sentence names.
				context = append(context, lent)
			}
			// "Peskov described the address as ..." after a sentence on
			// Macron's televised address is about it too: that answers,
			// but ranks as the passage's other sentences do, below the
			// sentence that says it.
			var echoed map[string]bool
			if prev != nil && slices.ContainsFunc(ps.the[si], func(t string) bool { return prev[t] }) {
				echoed = prev
			}
			ref := ps.referents(si, titled)
			if ref != nil {
				// "Ukraine's defence minister said ..." is about the
				// person the article gives that title to.
				context = append(context, ref)
			}
			prev = sets[si]
			c.sentTerms = st
			var ranked float64
			c.ordinary = !hasOrdinary
			for ti, t := range terms {
				m := t.match(st, tn.softCredit)
				if m == 0 && t.proper && placeOfDemonym(st, t.term) {
					m = tn.softCredit // "European" asked, "Europe" written
				}
				if sn := surnames[t.entity]; m < 1 && t.proper && sn != "" && sn != t.term && st[sn] && t.mentionedIn(art) {
					m = 1 // the first name of the person the sentence names by surname
				}
				if m > 0 && t.month != 0 && t.day == 0 && everyMonth(c.text, t.month) {
					m = 0 // "every February": a yearly event, not the February asked about
				}
				datedOnly := false
				if day := max(t.day, t.ofDay); day != 0 {
					// "feb 18" asks about a day: the 18 of "93 votes to
					// 18" is another number, and "on Tuesday" in the
					// story of Feb. 18 says it, as the timeline reads it.
					m = 0
					if writesDay(c.text, t.month, day) {
						m = 1
					} else if t.dated.holds(r.Passage.ID, s) {
						m, datedOnly = 1, true
					}
				}
				switch {
				case m == 1:
					c.terms[t.term] = true
				case t.known && anyHolds(context, t.term):
					m = tn.headlineCredit
				case t.known && f.place[t.term]:
					// The dateline ("THE HAGUE") says where the article's
					// events took place, its first paragraph's surely:
					// "NATO leaders agreed ..." answers "what did NATO
					// agree in The Hague".
					m = tn.placeCredit
					if r.Passage.N == 1 {
						m = tn.headlineCredit
					}
				case m > 0:
					c.terms[t.term] = true // said in other words
				default:
					for _, set := range context {
						m = max(m, t.match(set, tn.softCredit)*tn.headlineCredit)
					}
				}
				rm := m
				if m == 0 && ps.held[t.term] {
					rm = tn.passageCredit // another sentence of the passage says it
				}
				if m == 0 && t.known && echoed[t.term] {
					m, rm = tn.headlineCredit, tn.passageCredit
				}
				if datedOnly && t.dated.written {
					// Where a sentence of the pool writes the day, it
					// outranks those the timeline dates to it, which may
					// be about the same day's other doings.
					rm = tn.passageCredit
				}
				if m == 0 && t.month != 0 && t.day == 0 && t.ofDay == 0 && f.date[t.term] {
					rm = tn.monthRank
				}
				ranked += rm * rankW[ti] / rank
				if m == 0 && t.month != 0 && f.date[t.term] {
					// The article is dated on the day asked about: that
					// counts for answering, not for ranking, or every
					// sentence of the article would rank as if it said so.
					m = tn.headlineCredit
				}
				c.covered += m * t.weight / known
				if m > 0 && t.entity == 0 {
					c.ordinary = true
				}
			}
			var entSets [5]map[string]bool
			c.entities = entitiesIn(terms, append(append(entSets[:0], c.terms), context...)...)
			if kind == "capital" {
				// "What's the capital of Belarus?": a sentence that calls
				// its capital (the capitals table knows which) a capital,
				// not any city, nor one that only mentions it.
				c.kind = st[capitalTerm] && slices.ContainsFunc(capitals, func(t string) bool { return st[t] })
			} else {
				c.kind = kindMatches(an, kind, c.text, terms, asked)
			}
			if c.kind && kind == "how_many" && lx.countries.othersInstead(st, terms) {
				// "How many Patriot systems is Norway buying?": not
				// Germany's two.
				c.kind = false
			}
			if c.kind && kind == "duration" && withOther(an, c.text, terms, st) {
				// "How long was Trump's call with Zelensky?": not "Trump
				// spoke by phone with Putin for almost an hour".
				c.kind = false
			}
			// "who called off the jeddah talks": a sentence on the
			// Jeddah talks that says no one cancelled them does not
			// answer it.
			c.acts = act < 0 || c.terms[terms[act].term] // said, or in a word near it (see above)
			if c.kind && kind == "currency" && len(places) > 0 && !anyNamed(st, places) {
				// "What currency do they use in Hungary?": a sum in the
				// sentence is in Hungary's money only if it speaks of
				// Hungary, not any sum in euros.
				c.kind = false
			}
			qualified := ps.qualified[si]
			if c.text != s {
				qualified = slices.Concat(qualified, ps.qualified[si+1]) // quoted with the next sentence
			}
			if c.kind && whose != nil && lx.countries.namesOther(qualified, whose) && !lx.countries.namesOwn(st, whose) {
				c.kind = false // "Who leads the Russian delegation?": not "The U.S. delegation was led by"
			}
			if c.kind && titleSpeaker.term != "" && onlyLesser(c.text, titleSpeaker.word, terms) {
				c.kind = false // "Russia's deputy foreign minister said": not the minister asked about
			}
			if c.kind && titleSpeaker.term != "" && titleSpeaker.match(st, 1) == 0 && !namesTitled(st, titled, titleSpeaker) {
				c.kind = false // neither says "chancellor" (or "spokesman" for "spokesperson") nor names one the article calls so
			}
			if speaker && !c.kind {
				// (Only a question with a speaker: speaksFor is false
				// without one.)
				if titles := speakingTitles(c.text); len(titles) > 0 {
					// "..., Ukraine's defence minister said": the words
					// of the person the article gives that title to or,
					// when it gives it to no one, whom the next sentence
					// names.
					who := titled.referents(strings.Join(titles, " "))
					c.kind = speaksFor(terms, who) || len(who) == 0 && speaksFor(terms, ps.lent[si])
				}
			}
			if speaker {
				names := speaksFor(terms, sets[si], ref)
				if c.kind && ps.anaphoric[si] && !names && !saidBefore {
					// "He said the Vatican would host": he is whoever the
					// sentence before names, not the person asked about.
					c.kind = false
				}
				saidBefore = c.kind || speakerLeads(an, s, terms) || speaksFor(terms, ref)
			}
			c.month = aboutMonth(months, c.text, r.Article)
			if len(c.terms) == 0 && (!c.kind || c.covered == 0) {
				// Only the headline or the sentence before speaks of the
				// question: quote such a sentence only when it holds what
				// was asked ("at Lancaster House" for "where").
				continue
			}
			c.score = ranked + 0.15*(1-float64(ri)/float64(len(res))) - 0.3*(1-c.names)
			if c.kind {
				bonus := tn.kindBonus
				if kind == "outcome" {
					bonus = tn.outcomeBonus // an agreement is a weaker sign than a date or a count
				}
				if kind == "who" && meets && participants().MatchString(c.text) {
					bonus += participantBonus
				}
				if kind == "say" && calledTerm >= 0 && callsName(an, c.text, terms[calledTerm].term) {
					// "what did trump call zelensky": "called Volodymyr
					// Zelensky a dictator", not "called it a very good call".
					bonus += calledBonus
				}
				if kind == "who" && peopleNamed(c.text) >= 3 {
					// A list of people answers "who was there" ("Keir
					// Starmer, Emmanuel Macron, Giorgia Meloni ... also took
					// part"): 0.1 moves no labelled question, 0.2 loses one.
					bonus += listBonus
				}
				c.score += bonus
			}
			if len(c.terms) == 0 {
				c.score -= tn.contextOnly
			}
			if !c.month {
				c.score -= tn.otherMonth // about another month than the one asked about
			}
			if si == 0 && r.Passage.N == 1 && headCov >= tn.ledeHeadline {
				c.score += tn.ledeBonus // the lede of an article whose headline is the question's
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

// namesTitled reports whether a sentence's terms st name someone the
// article gives the title t (or a word that stands in for it): "Scholz
// said ..." after "German Chancellor Olaf Scholz".
func namesTitled(st map[string]bool, titled titles, t qterm) bool {
	for title, names := range titled {
		head := title[strings.LastIndexByte(title, ' ')+1:] // "spokesman" of "kremlin spokesman"
		if !strings.EqualFold(head, t.word) && !slices.ContainsFunc(t.nearWords, func(w string) bool { return strings.EqualFold(head, w) }) {
			continue
		}
		for n := range names {
			if st[n] {
				return true
			}
		}
	}
	return false
}

// rebuttal matches a sentence that denies or corrects the one before it:
// "Ukraine's military denied that its troops were encircled", "The
// Kremlin later said it had not agreed to any such thing", "Ukrainian
// polls put it far higher".
var rebuttal = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:denied|denies|deny|disputed|disputes|rejected the|rejects the|dismissed the|refused to (?:join|sign|endorse|back)|(?:had|has|did|have) not agreed|no such|wrongly|untrue|not true|far (?:higher|lower|fewer|more))\b`)
})

// pointsBack matches the words by which a denial points at the claim
// before it: "any such thing", "put it far higher", "the claim".
var pointsBack = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:any such|no such|such (?:a|an|claims?|reports?)|put it|the (?:claim|claims|report|reports|suggestion|account)|(?:this|that|these|those) (?:claim|claims|report|reports|account))\b`)
})

// rebuttalOf returns the sentence after sentence si of passage ps (of
// result r's article f), the one after the next when si is quoted with it
// (joined), if it is a rebuttal (read once per article: sentenceFacts),
// and whether it opens the next passage.
func rebuttalOf(f *articleFact, ps *sentenceFacts, r retrieval.Result, si int, joined bool) (string, bool) {
	next := si + 1
	if joined {
		next++
	}
	if next < len(ps.text) {
		if ps.rebuts[next] {
			return ps.text[next], false
		}
		return "", false
	}
	n := r.Passage.N // the next passage's index, from 0
	if n < 1 || n >= len(f.passages) || n >= len(r.Article.Passages) || len(f.passages[n].text) == 0 {
		return "", false
	}
	if ps := &f.passages[n]; ps.rebuts[0] {
		return ps.text[0], true
	}
	return "", false
}

// broadKinds are the answer types that many sentences hold whatever they
// are about: a date, a place, a person.
var broadKinds = map[string]bool{"": true, "when": true, "where": true, "who": true, "person": true, "place": true}

// anyHolds reports whether one of sets holds term.
func anyHolds(sets []map[string]bool, term string) bool {
	return slices.ContainsFunc(sets, func(set map[string]bool) bool { return set[term] })
}

// onlyLesser reports whether s writes the role noun only as part of a
// lesser title than the question's (lesserTitle): "deputy foreign
// minister" for "foreign minister".
func onlyLesser(s, noun string, terms []qterm) bool {
	l, noun := strings.ToLower(s), strings.ToLower(noun)
	seen := false
	for i := strings.Index(l, noun); i >= 0; {
		before := strings.Fields(s[:i])
		if n := len(before); n > 0 && slices.ContainsFunc(terms, func(t qterm) bool { return strings.EqualFold(t.word, before[n-1]) }) {
			before = before[:n-1] // the question's word of the title: "foreign" of "foreign minister"
		}
		if !lesserTitle(strings.Join(before, " "), terms) {
			return false
		}
		seen = true
		j := strings.Index(l[i+len(noun):], noun)
		if j < 0 {
			break
		}
		i += len(noun) + j
	}
	return seen
}

// partner matches "with" and a capitalised word, after a place's or a
// country's possessive ("with Britain's Starmer"): whom someone met or
// spoke with.
var partner = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\bwith (?:\p{Lu}\p{L}*['’]s )?(\p{Lu}[\p{L}'’-]+)`)
})

// withOther reports whether sentence s (its terms st) leaves out a person
// the question names and says its doer met or spoke with someone else:
// another meeting than the one asked about.
func withOther(an analyzer, s string, terms []qterm, st map[string]bool) bool {
	if !slices.ContainsFunc(terms, func(t qterm) bool { return t.proper && !st[t.term] && !retrieval.IsPlaceWord(t.word) }) {
		return false
	}
	for _, m := range partner().FindAllStringSubmatch(s, -1) {
		w := bare(trimWord(m[1]))
		if retrieval.IsPlaceWord(w) || wordlist.Class(strings.ToLower(w)) > 0 {
			continue // "with Ukraine", "with The ...": no person
		}
		if ts := an(w); len(ts) == 1 && !slices.ContainsFunc(terms, func(t qterm) bool { return t.term == ts[0] }) {
			return true
		}
	}
	return false
}

// entitiesIn counts the question's names (runs of name words: "Keir
// Starmer" is one) of which a set holds a word.
func entitiesIn(terms []qterm, sets ...map[string]bool) int {
	var seen uint64 // a bit per name: a question has few, and this runs per sentence
	for _, t := range terms {
		if t.entity > 0 && !t.demonym && slices.ContainsFunc(sets, func(set map[string]bool) bool { return set[t.term] }) {
			seen |= 1 << (t.entity % 64)
		}
	}
	return bits.OnesCount64(seen)
}

// rankWeights are the terms' weights when ranking sentences: a name's
// doubled, as is that of a name the articles write only as one ("Putin",
// "Lavrov", also typed in lower case), raised to at least tn.nameFloor
// times the mean weight of the question's known terms. Its idf is near zero when most articles name it,
// yet it says whose doings the question asks about: "did trump invite
// putin over" wants the sentence on Putin's invitation, not any
// invitation. An ordinary word the articles lack but say in other words
// weighs at least the same floor times its stand-in's similarity.
func rankWeights(terms []qterm, lx *lexicon, tn tuning) []float64 {
	out := make([]float64, len(terms))
	var sum float64
	var n int
	for i, t := range terms {
		out[i] = t.weight
		if t.name {
			out[i] = 2 * t.weight // what the question is about: a sentence about it ranks first
		}
		if t.known {
			sum += t.weight
			n++
		}
	}
	if n == 0 || tn.nameFloor == 0 {
		return out
	}
	floor := tn.nameFloor * sum / float64(n)
	for i, t := range terms {
		if lx.proper != nil && t.known && lx.writesAsName(t.word) {
			// A name typed in lower case ("did scholz back ...") is a
			// name all the same: it ranks as "Scholz" would.
			out[i] = max(out[i], 2*t.weight, floor)
		}
		if !t.known && !t.name && t.avail > 0 {
			// A common word the articles say only in other words
			// ("blowup" as "argument") weighs little for answerability,
			// so that it cannot veto; for ranking, the sentence that
			// says it is about what was asked.
			out[i] = max(out[i], floor*t.avail)
		}
	}
	return out
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
	gate := gated(kind, terms)
	for _, c := range cands {
		if c.names == 1 && (!gate || c.kind) && c.acts && c.month && (c.ordinary || c.entities >= 2 || (c.kind && !broadKinds[kind])) && c.covered > s.sentence {
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
// about, and a question of a gated kind (a count, a day, someone's words:
// gatedKinds) needs that sentence to hold what it asks for. measure counts
// only a sentence that says more than one of the question's names: one of
// its other words, a second name, or a narrow answer type it asks for.
func (s signals) answerable(tn tuning) bool {
	return s.known >= tn.minKnown && s.sentence >= tn.minSentence && s.names == 1 && s.kind
}

// placeOfDemonym reports whether a sentence's terms hold the place a
// demonym's term names ("europ" for "european"): the stemmer keeps them
// apart.
func placeOfDemonym(st map[string]bool, term string) bool {
	return slices.ContainsFunc(retrieval.DemonymPlaces(term), func(p string) bool { return st[p] })
}

// placeRun reports whether words[i..k], a run of capitalised words, is a
// place: a capital or country of the capitals table ("Abu Dhabi"), or
// after "in", "at" or "near".
func placeRun(words []string, i, k int) bool {
	if i > 0 {
		// "in", "at", "near" put a place after them; not "to" or "from"
		// ("spoke to Donald Trump").
		switch strings.ToLower(words[i-1]) {
		case "in", "at", "near":
			return true
		}
	}
	// Its head, the last word: "Abu Dhabi" is a place, "Israel Katz" a
	// person.
	return retrieval.IsPlaceWord(trimWord(words[k]))
}

// calledBonus is what a sentence that calls the name a "what did X call
// Y" question asks about gains on top of kindBonus.
const calledBonus = 0.3

// participantBonus is what a sentence that says who took part ("The U.S.
// delegation was led by ...", "Russia sent ...") gains for "who met ...":
// 0.1 and 0.2 move no labelled question; at 0.2 "who met in riyadh" opens
// with the delegations, not with Putin's word that the meeting went well.
const participantBonus = 0.2

// listBonus is what a sentence naming three people or more gains for a
// "who" question, on top of kindBonus.
const listBonus = 0.1

// peopleNamed counts the people sentence s names by first name and
// surname ("Keir Starmer, Emmanuel Macron and Giorgia Meloni": 3), not the
// places so written (placeRun).
func peopleNamed(s string) int {
	words := strings.Fields(s)
	n := 0
	for i, k := range personNames(words) {
		if !placeRun(words, i, k) {
			n++
		}
	}
	return n
}

// meetTerms are the terms of a question's verb of meeting ("who met",
// "who attended", "who took part").
var meetTerms = sync.OnceValue(func() map[string]bool {
	return analyzedSet("meet", "met", "meeting", "attend", "attended", "join", "joined", "participate", "participated")
})

// participants matches a sentence that says who took part: who led, sent
// or joined a side, who attended.
var participants = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:led by|headed by|was led|were led|will be led|led the|headed the|sent|joined|attended|took part|accompanied|alongside|delegation included|team included)\b`)
})

// calledQuestion matches "what did trump call zelensky"; its group is the
// one called.
var calledQuestion = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*what\s+(?:did|does|do|has|have|had|would|will)\s+.+?\s+call\s+(?:the\s+|his\s+|her\s+|their\s+)?([\p{L}'’-]+)`)
})

// markCalled marks the one a "what did X call Y" question asks about.
func markCalled(question string, terms []qterm) {
	m := calledQuestion().FindStringSubmatch(question)
	if m == nil {
		return
	}
	for i := range terms {
		if strings.EqualFold(bare(terms[i].word), bare(m[1])) && !terms[i].speaker {
			terms[i].called = true
		}
	}
}

// headQuestion matches "what were the three goals ..." and "what issues
// did they discuss"; its group is the thing asked for.
var headQuestion = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*what\s+(?:(?:were|are|was|is)\s+)?(?:(?:the|their|his|her|its)\s+)?(?:(?:\d+|two|three|four|five|six|main|key|other|specific)\s+)*((?:[\p{L}-]+\s*){1,3})`)
})

// notHead are the words after "what", besides auxiliaries, that end the
// thing asked for.
var notHead = sync.OnceValue(func() map[string]bool {
	return wordSet(`they he she it you we that which else exactly kind sort sorts type types`)
})

// markHead marks the thing a topic question asks for (see qterm.head): the
// last word of the run after "what" that ends before a verb, a pronoun or a
// name ("goals" of "what were the three goals Rubio talked about", not
// "new" of "what new sanctions did they discuss").
func markHead(question string, terms []qterm) {
	m := headQuestion().FindStringSubmatch(question)
	if m == nil {
		return
	}
	head := ""
	for _, w := range strings.Fields(m[1]) {
		if lw := strings.ToLower(w); auxiliaries[lw] || notHead()[lw] || slices.ContainsFunc(terms, func(t qterm) bool {
			return (t.name || t.entity > 0) && strings.EqualFold(bare(t.word), bare(w))
		}) {
			break
		}
		head = w
	}
	if head == "" {
		return
	}
	for i := range terms {
		if strings.EqualFold(bare(terms[i].word), bare(head)) && !terms[i].name {
			terms[i].head = true
		}
	}
}

// callsName reports whether s calls the one whose term is name something:
// "called Volodymyr Zelensky a dictator", the name within three words
// after "called" or "calling".
func callsName(an analyzer, s, name string) bool {
	words := strings.Fields(s)
	for i, w := range words {
		// Not "call" or "calls", which are as often the noun ("a call
		// with Zelensky").
		if lw := strings.ToLower(w); lw != "called" && lw != "calling" {
			continue
		}
		for _, next := range words[i+1 : min(len(words), i+4)] {
			if slices.Contains(an(bare(trimWord(next))), name) {
				return true
			}
		}
	}
	return false
}
