package bot

import (
	"maps"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/talkbot/talkbot/retrieval"
)

// What the judge reads once per article and corpus snapshot: each
// passage's sentences with their terms, and the names an article gives in
// full.

// articleFacts holds what the judge reads from whole articles (their
// terms, their title–name pairs, their passages' sentences and their
// terms and words), each article analysed once per snapshot on first use
// rather than on every question that retrieves it, and the judge's word
// lists analysed with the snapshot's aliases. It grows with the articles
// that questions reach (a few tens of KB each) until a reload replaces the
// snapshot. Safe for concurrent use; the zero value is empty.
type articleFacts struct {
	m     sync.Map // *retrieval.Article → *articleFact
	lex   snapshotLexicon
	names snapshotNames // spelling.go
	// events is the corpus's timeline, for questions about a day
	// (dayquestion.go).
	events snapshotEvents
	// scripts are the writing systems of the articles (language.go).
	scripts corpusScripts
	// phrasal are the phrasal verbs the articles write (phrasal.go).
	phrasal corpusPhrasal
}

type articleFact struct {
	head map[string]bool // the headline's terms
	// place is the dateline's terms ("THE HAGUE, Netherlands"): where the
	// event its first paragraph reports took place.
	place    map[string]bool
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
	// pronoun marks a sentence whose speaker or subject is a person's
	// pronoun only ("He said ...", `"...," he said.`): whom the sentence
	// before names.
	pronoun []bool
	// rebuts marks a sentence that denies or corrects the one before it
	// (rebuttal).
	rebuts []bool
	// denies marks a denial that points back at the claim before it
	// ("... had not agreed to any such thing", "Ukrainian polls put it far
	// higher"): quoted alone it denies nothing the reader can see.
	denies []bool
	// definite is, for a sentence that opens with "The" and a noun ("The
	// resolution, drafted by ..."), the noun's term, else "": when the
	// sentence before says it, the sentence is about what that one says
	// (see definiteNoun).
	definite []string
	// the are, per sentence, the terms of the things it names with "the"
	// after its first word: when the sentence before says one ("Peskov
	// described the address as highly confrontational" after "Macron said
	// in a televised address ..."), the sentence is about what that one
	// says, as with a definite opening (definite).
	the [][]string
	// lent are, for a sentence that refers to someone by title alone
	// (leadsToName), the names of the sentence after it that names them;
	// nil for any other sentence.
	lent []map[string]bool
	// ref are, per sentence as quoted (quote), the terms of the people it
	// refers to by a title the article gives one person (titles); nil when
	// the passage was read outside its article.
	ref []map[string]bool
	// held is the terms of all the passage's sentences.
	held map[string]bool
	// words are its words as written, lower-cased (letters only): the
	// words a question word's nearest words are looked up in (softMatches).
	words map[string]bool
	// qualified are, per sentence, the terms of its words that say whose
	// someone is ("Russia's deputy foreign minister"; qualifiedNames).
	qualified [][]string
	// ment are those of its words that hold "ment" ("argument"), the
	// nouns a question's verb may be written as (family).
	ment []string
}

func newSentenceFacts(an analyzer, text string) sentenceFacts {
	sents := withinQuotes(retrieval.SplitSentences(text))
	sf := sentenceFacts{source: text, text: sents, terms: make([]map[string]bool, len(sents)), short: make([]bool, len(sents)),
		anaphoric: make([]bool, len(sents)), pronoun: make([]bool, len(sents)), rebuts: make([]bool, len(sents)), denies: make([]bool, len(sents)), definite: make([]string, len(sents)), the: make([][]string, len(sents)), lent: make([]map[string]bool, len(sents)), qualified: make([][]string, len(sents)), held: map[string]bool{}, words: map[string]bool{}}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		l := strings.ToLower(w)
		if !sf.words[l] && strings.Contains(l, "ment") {
			sf.ment = append(sf.ment, l)
		}
		sf.words[l] = true
	}
	for i, s := range sents {
		sf.terms[i] = termSet(an, s)
		maps.Copy(sf.held, sf.terms[i])
		sf.short[i] = len(strings.Fields(s)) < shortSentence
		sf.anaphoric[i], sf.pronoun[i] = refersBack(s)
		sf.rebuts[i] = rebuttal().MatchString(s)
		sf.denies[i] = sf.rebuts[i] && pointsBack().MatchString(s)
		sf.definite[i] = definiteNoun(an, s)
		sf.the[i] = definiteTerms(an, s)
		sf.qualified[i] = qualifiedNames(an, s)
	}
	return sf
}

// withinQuotes joins the sentences of one quotation: in `"We'll see.
// There have been no statements yet," he said.` the first sentence alone
// would be a quote left open without its speaker, the second words
// without their start. A quotation too long to join stays cut.
func withinQuotes(sents []string) []string {
	out := sents[:0:0]
	open := false
	for _, s := range sents {
		if n := len(out); open && n > 0 && len(out[n-1])+1+len(s) <= retrieval.MaxSentenceBytes {
			out[n-1] = joinSentences(out[n-1], s)
		} else {
			out = append(out, s)
		}
		open = quoteOpen(open, s)
	}
	return out
}

// quoteOpen reports whether a quotation is open after s, given whether one
// was before it: straight quotes toggle, curly ones open and close.
func quoteOpen(open bool, s string) bool {
	if strings.Count(s, `"`)%2 == 1 {
		open = !open
	}
	switch opens, closes := strings.Count(s, "“"), strings.Count(s, "”"); {
	case opens > closes:
		open = true
	case closes > opens:
		open = false
	}
	return open
}

// passage returns the sentence facts of p, one of the article's passages;
// a passage it does not hold (none does, today) is read on the spot,
// without names lent from the sentences after it.
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
	var place map[string]bool
	if a.Dateline != "" {
		place = termSet(an, a.Dateline)
		maps.Copy(art, place) // the article names where it is set
	}
	passages := make([]sentenceFacts, len(a.Passages))
	for i, p := range a.Passages {
		passages[i] = newSentenceFacts(an, p.Text)
		for _, set := range passages[i].terms {
			maps.Copy(art, set)
		}
	}
	for i := range passages {
		for si, s := range passages[i].text {
			if leadsToName(s) {
				passages[i].lent[si] = lentNames(an, passages, i, si)
			}
		}
	}
	titled := articleTitles(an, a)
	for i := range passages {
		ps := &passages[i]
		ps.ref = make([]map[string]bool, len(ps.text))
		for si := range ps.text {
			ps.ref[si] = titled.referents(ps.quote(si))
		}
	}
	v, _ := f.m.LoadOrStore(a, &articleFact{head: head, place: place, date: date, terms: art, titles: titled, passages: passages})
	return v.(*articleFact)
}

// quote returns sentence si as the answer quotes it: a short one with the
// sentence after it ("Moscow welcomed the decision." says little alone).
func (sf *sentenceFacts) quote(si int) string {
	if sf.short[si] && si+1 < len(sf.text) {
		return joinSentences(sf.text[si], sf.text[si+1])
	}
	return sf.text[si]
}

// joinSentences writes two sentences of a passage one after the other, as
// the passage does: with a space, or none after a CJK full stop.
func joinSentences(a, b string) string {
	if closesCJK(a) {
		return a + b
	}
	return a + " " + b
}

// referents returns the terms of the people sentence si, as quoted, refers
// to by title alone ("Ukraine's defence minister said ..."): read with the
// article, or here from t for a passage read outside it.
func (sf *sentenceFacts) referents(si int, t titles) map[string]bool {
	if sf.ref != nil {
		return sf.ref[si]
	}
	return t.referents(sf.quote(si))
}

// lentNames returns the names lent to sentence si of passage pi, which
// refers to someone by title alone: those of the next sentence (news names
// the person next), or, when that one names nobody in full ("It marked a
// departure ..."), of the one after it.
func lentNames(an analyzer, passages []sentenceFacts, pi, si int) map[string]bool {
	out := map[string]bool{}
	for k, next := range following(passages, pi, si, 2) {
		full := namesInFull(next)
		if k == 0 || full {
			maps.Copy(out, nameTerms(an, next))
		}
		if full {
			break
		}
	}
	return out
}

// following returns up to n sentences of an article after sentence si of
// passage pi (0-based), across passage boundaries.
func following(passages []sentenceFacts, pi, si, n int) []string {
	var out []string
	for p := pi; p < len(passages) && len(out) < n; p++ {
		text := passages[p].text
		start := 0
		if p == pi {
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
// written as its government, its country ("Russia" for "did Moscow say"),
// or for a region one of its countries (qterm.region).
func (t qterm) mentionedIn(art map[string]bool) bool {
	return mentions(art, t.term) || anyNamed(art, t.others) || t.region && t.match(art, 1) > 0
}

// mentions reports whether an article's terms hold a name's term, or a
// longer term it begins ("europ" for "european", "korea" for "korean"), or
// the place a demonym names.
func mentions(art map[string]bool, term string) bool {
	if art[term] {
		return true
	}
	if len(term) < 4 {
		return false
	}
	if placeOfDemonym(art, term) {
		return true // "European" for an article on Europe
	}
	for t := range art {
		if strings.HasPrefix(t, term) {
			return true
		}
	}
	return false
}

var (
	// These compile on first use, as the judge's other patterns do: the
	// commands that answer nothing never need them.
	// anaphor matches a sentence that opens by referring to the one
	// before ("In it, Zelensky said ...", "He added ..."), which lends it
	// that sentence's words in part.
	anaphor = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:(?:But|And) (?:he|she|they|it) |In it|In (?:his|her|their) |(?:His|Her|Their) |He |She |It |They |This |That |The two |Both )`)
	})
	// pronounOpening matches a sentence that opens with a person's
	// pronoun, whom only the sentence before names ("His comments
	// alarmed ...": whose, the sentence before says).
	pronounOpening = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:(?:But|And) (?:he|she|they) |He |She |They |His |Her |Their )`)
	})
	// properName matches a capitalised word after the first of a sentence.
	properName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s\p{Lu}\p{Ll}+`) })
)

// refersBack reads sentence s as leaning on the one before: anaphoric when
// it opens by referring to it ("He said ...", "The two ...", "... that
// same day"), pronoun when only that one names its subject or speaker
// ("On Saturday he ...", "The service said ...").
func refersBack(s string) (anaphoric, pronoun bool) {
	said := saidByPronoun().MatchString(s) || saidByNoun().MatchString(s) || pronounSubject().MatchString(s) && !namesItself(s)
	return said || anaphor().MatchString(s) || sameDay().MatchString(s), said || pronounOpening().MatchString(s)
}

// saidByNoun matches a sentence whose speaker only the sentence before
// names: "The service said ...", "The ministry added ...".
var saidByNoun = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^The (?:service|ministry|office|agency|spokesman|spokeswoman|spokesperson|official|officials|minister|diplomat|envoy|source|sources|aide|adviser|advisor)\s+(?:said|says|added|told|reported|wrote|noted|stressed)\b`)
})

// pronounSubject matches a sentence whose subject is a pronoun after an
// opening phrase: "On Saturday he was welcomed ...", "Speaking to
// reporters on Air Force One ..., he settled on 10 days".
var pronounSubject = sync.OnceValue(func() *regexp.Regexp {
	// The words before the pronoun are an opening phrase of time or place
	// ("On Saturday", "Later that day"), not a name the pronoun may stand
	// for ("Trump said he hoped ...").
	const between = `(?:\s+(?:[\p{Ll}\d]\S*|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)){0,3}?`
	return regexp.MustCompile(`^(?:On|In|At|After|Before|Later|Earlier|Then|There|Afterwards|Last|This|Next|Hours|Days|Moments|Minutes|Weeks|Since|During)\b` + between + `,?\s+(?:he|she|they)\s+\p{Ll}|` +
		`^(?:Speaking|Asked|Writing|Talking|Addressing|Answering|Responding|Interviewed)\b[^.;]*?,\s+(?:he|she|they)\s+\p{Ll}`)
})

// cataphor matches a sentence whose opening clause's pronoun may stand for
// the name the main clause opens with (group "name"): "Before he left,
// Trump told reporters ..." names its subject itself (see namesItself).
var cataphor = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:Before|After|When|While|As|Once|Since|Until|Although|Though|If)\s+(?:he|she|they)\s[^,;.]*,\s+(?P<name>(?:\p{Lu}[\p{L}'’.-]*\s+)*?\p{Lu}[\p{L}'’-]+)\s+\p{Ll}`)
})

// namesItself reports whether s opens with a clause whose pronoun the
// main clause's subject names (cataphor): a person's name, not a place or
// a people ("After he spoke, Russian drones struck Kyiv": he is whom the
// sentence before names).
func namesItself(s string) bool {
	m := cataphor().FindStringSubmatch(s)
	if m == nil {
		return false
	}
	// The name's head, its last word: "U.S. President Donald Trump",
	// "Israel Katz" are people; "Russian drones", "Kyiv" are not.
	ws := strings.Fields(m[cataphor().SubexpIndex("name")])
	w := ws[len(ws)-1]
	return isPersonWord(w) && !retrieval.IsPlaceWord(strings.Trim(w, ".'’"))
}

// sameDay matches a sentence that dates itself by the sentence before:
// "... passed that same day without new penalties".
var sameDay = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(?:that|the) same (?:day|evening|night|morning|week)\b`)
})

// saidByPronoun matches a quotation whose speaker is a pronoun: `"We'll
// see," he said.` is the words of whom the sentence before names, as "He
// said ..." is. Compiled on first use, as the package's other patterns.
var saidByPronoun = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^["“][^"“”]*["”],?\s+(?:he|she|they)\s+(?:said|says|added|adds|told|wrote|noted|stressed|warned|insisted|argued|explained|replied|continued)\b`)
})
