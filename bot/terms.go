package bot

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/bot/internal/paraphrase"
	"github.com/talkbot/talkbot/bot/internal/wordlist"
	"github.com/talkbot/talkbot/bot/internal/wordvec"
	"github.com/talkbot/talkbot/retrieval"
)

// A question's content terms: their weights, the names among them, the
// words the articles never use and what stands in for them.

// fillerWords are words of a request ("tell me about ...") that carry no
// topic; they must not count as missing from the articles.
var fillerWords = []string{
	"tell", "know", "explain", "describe", "happen", "happened", "please", "article", "articles",
	"news", "question", "anything", "something", "thing", "things", "think", "give", "show",
	"summarize", "summarise", "summary", "recap", "latest", "update", "updates", "info", "information", "gist", "highlights", "rundown", "overview",
	"detail", "details", "me", "say", "says", "said", "talkbot", "bot",
	// Light verbs: "make his comments" is "comment", "make a deal" "deal".
	"make", "makes", "made", "making",
	// Motion without a place: "going to Washington" asks about Washington.
	"go", "goes", "going", "went", "gone",
	// Words that shape a question rather than name its subject.
	"much", "many", "according", "kind", "sort", "type", "exactly", "actually", "really",
	"must", "whatever", "whoever", "ok", "okay", "apart", "besides", "else",
	// Hedges, which say how sure the asker is, not what about.
	"basically", "literally", "supposedly", "apparently", "honestly", "seriously",
	// Chat shorthand for the words of a sentence ("w" for with, "r" for
	// are) and chat noise: typed in Discord, never in an article.
	"n", "w", "r", "u", "ur", "abt", "thru", "gonna", "wanna", "gotta", "whats", "wat",
	"lol", "lmao", "nah", "yeah", "yep", "pls", "plz", "rn", "tbh", "imo", "btw", "idk", "ppl", "bc", "cuz",
	"wtf", "tldr", "omg", "ngl", "smh", "fr", "rly", "srsly", "yo", "wha", "ya", "tho", "kinda", "sorta", "hey",
}

// hyphenPrefix matches a prefix joined to its word by a hyphen (not
// "un-", which is also the UN of "UN-brokered").
var hyphenPrefix = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:pre|post|anti|non|ex|mid|pro|semi|multi|inter|sub|co)-`)
})

// idioms are two-word phrases whose word (the second's index, 0 or 1) says
// nothing of the subject: "right" of "right now", "far" of "so far".
var idioms = sync.OnceValue(func() map[[2]string]int {
	return map[[2]string]int{
		{"right", "now"}: 0, {"so", "far"}: 1, {"at", "all"}: 1, {"as", "well"}: 1, {"just", "now"}: 0,
		// "what does russia want to talk about": what it would talk about.
		{"want", "to"}: 0, {"wants", "to"}: 0, {"wanted", "to"}: 0,
	}
})

// idiomFiller reports whether words[i] is the empty word of an idiom.
func idiomFiller(words []string, i int) bool {
	w := strings.ToLower(words[i])
	if i+1 < len(words) {
		if k, ok := idioms()[[2]string{w, strings.ToLower(words[i+1])}]; ok && k == 0 {
			return true
		}
	}
	if i > 0 {
		if k, ok := idioms()[[2]string{strings.ToLower(words[i-1]), w}]; ok && k == 1 {
			return true
		}
	}
	return false
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
	// counted marks the noun a "how many" question counts, or the thing
	// whose name a "what is the name of the hotel" question asks.
	counted bool
	// month is the month a month's name names, or the month named next to
	// a day of the month; day is that day ("Feb 24", "24 February"), 0 for
	// any other word. An article dated on them is about them (see
	// articleFacts).
	month time.Month
	day   int
	ofDay int // for a month's own term, the day it is written with ("feb" of "feb 18")
	// dated are the sentences the timeline dates to that day, for the
	// terms of a day asked about (see dayEvents).
	dated *daySentences
	// commonName marks a capitalised word that is also a common English
	// word and stands alone ("the Pentagon chief", "the West"), not part of
	// a longer name ("World Cup"): the articles may say it in other words
	// ("defence secretary"), so its absence does not veto the question.
	commonName bool
	// speaker marks a name in the subject of "what did ... say": the
	// answer must be what that person said.
	speaker bool
	// voices, for a speaker that is a country, are the terms of the names
	// that speak for it: its officials, titled by them ("Ukrainian
	// President Volodymyr Zelensky said"), say what it said.
	voices [][]string
	// whole is the hyphenated word with a number or a letter for a part the
	// word is part of ("F-16s" for "16s" and "F"), which a refusal names
	// whole; "" for any other.
	whole string
	// subject marks a word of the subject of "what did ... say" ("pope" of
	// "what did the pope say"), speaker or not.
	subject bool
	// reacts marks a speaker whose reaction a question asks for ("How did
	// Europe respond?"): what they did answers as well as what they said.
	reacts bool
	// called marks the name a "what did X call Y" question asks what Y
	// was called ("zelensky").
	called bool
	// demonym marks a place the question names that the articles write
	// only as its people's word ("Europe" as "European"): it counts as
	// said, but no sentence is about it for saying "European".
	demonym bool
	// head marks the thing a "what were the three goals they talked
	// about" question asks for ("goals"): a sentence that names them
	// answers it as one that says "discussed" does.
	head bool
	// title marks the title a "who is the ..." question asks who holds
	// ("spokesman" of "Who is the Kremlin spokesman?").
	title bool
	// side marks a country's name that says whose the person a question
	// asks for is ("Russia's top diplomat", "which US official").
	side bool
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
	// region marks a name of a region the articles never write whose
	// countries they name ("Gulf": Qatar, the United Arab Emirates): near
	// holds those names' terms.
	region bool
	// entity numbers the run of adjacent name words the term is in, from
	// 1: "Keir Starmer" is one name, "Macron and Starmer" two. In a
	// question written all in lower case, a word that is no English word
	// counts as a name ("how tall is zelensky"); 0 marks any other word.
	entity int
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

// mayBeTypo reports whether a word of a question, analysed into ts, is
// looked up as a misspelt English word: lower case, no English word (class
// 0), a term the articles never use and no filler ("lol", "idk"), and of a
// length wordlist.Near searches.
func mayBeTypo(ix *retrieval.Index, lx *lexicon, w string, ts []string, class int) bool {
	r, _ := utf8.DecodeRuneInString(w)
	n := len(bare(w))
	return class == 0 && unicode.IsLower(r) && n >= wordlist.MinNear && n <= wordlist.MaxNear &&
		!slices.ContainsFunc(ts, func(t string) bool { return lx.filler[t] || ix.DocFreq(t) > 0 })
}

// maxTypoLookups bounds the words of a question searched for in the word
// list: each is a few hundred lookups, and a hostile question has hundreds
// of made-up words.
const maxTypoLookups = 8

// questionTerms analyses a question into its content terms, dropping filler.
func questionTerms(ix *retrieval.Index, lx *lexicon, tn tuning, question string) []qterm {
	// A combining mark stays in its word, as the analyser keeps it: a
	// question typed decomposed ("カ" + "゙" for "ガ", "e" + "́") is not cut
	// at the mark into pieces the index never made.
	// "pre-2014", "post-war": the prefix is no word of its own, which
	// the articles would have to use.
	words, whole := questionWords(hyphenPrefix().ReplaceAllString(question, " "))
	var out []qterm
	seen := map[string]bool{}
	entity, inName, lookups := 0, false, 0
	// Written in lower case, but for acronyms ("the US", "NATO"), which
	// people who type in lower case still write in capitals.
	lower := !slices.ContainsFunc(words[min(1, len(words)):], isTitleCase)
	// The subject of "what did vance say" is a name, typed in lower case:
	// not "vane" misspelt.
	speech := answerTypes().speechQuestion.FindStringSubmatch(question) // "what did <subject> say"
	if speech != nil && speech[1] == "" {
		speech[1] = speech[2] // "what was <subject>'s reaction"
	}
	var speakers map[string]bool
	if m := speech; m != nil {
		speakers = map[string]bool{}
		for _, w := range strings.Fields(m[1]) {
			speakers[strings.Trim(w, ".'’")] = true
		}
	}
	for i, w := range words {
		w = strings.Trim(w, ".'’")
		if idiomFiller(words, i) {
			continue // "right now", "so far", "at all"
		}
		if monthBound(words, i) {
			continue // "a meeting before september": no time the articles must report on
		}
		ts := ix.Analyze(w) // the index's spelling aliases, as its terms were made
		class := wordlist.Class(bare(w))
		// A lower-case word that is no English word and that the articles
		// never use is a misspelt ordinary word ("nervus", "wich") when an
		// English word is one edit away: it counts as that word. Otherwise,
		// in a question written all in lower case, it is a name ("kuleba"),
		// as it would be capitalised.
		english := bare(w)
		if lookups < maxTypoLookups && !speakers[w] && mayBeTypo(ix, lx, w, ts, class) {
			lookups++
			// Of the words as common, one the articles use: "contries" is
			// their "countries", not "contrives".
			if near, c := wordlist.Near(english, func(c string) bool { return known(ix, c) }); near != "" {
				english, class = near, c
				nt := ix.Analyze(near)
				if slices.ContainsFunc(nt, func(t string) bool { return lx.filler[t] }) {
					continue // "happend": "happened", which asks nothing of the articles
				}
				if slices.ContainsFunc(nt, func(t string) bool { return ix.DocFreq(t) > 0 }) {
					ts = nt // "contries": the articles' "countries", which the stemmer keeps apart
				}
			}
		}
		asName := isName(w, i == 0, class)
		// Typed in lower case, a country's name or its people's is a name
		// all the same, though "china" and "finland" are English words.
		countryWord := lower && lx.countries != nil && slices.ContainsFunc(ts, func(t string) bool { return len(lx.countries.byName[t]) > 0 })
		name := asName || lower && (class == 0 || countryWord)
		cjk := retrieval.HasCJK(w)
		if cjk {
			// Chinese, Japanese and Korean have no capitals to tell a
			// name by, and are indexed as character pairs, some of
			// which straddle two words ("了多" in "持续了多长"): a pair
			// the articles lack is an unknown ordinary word, not a name.
			asName, name = false, false
		}
		if name != inName {
			inName = name
			if name {
				entity++
			}
		}
		// The analyser gives a CJK run's characters as well as its pairs,
		// for search; the pairs say what the question asks, and its
		// characters would count each common one as a word the articles
		// use. A run of one character keeps it.
		pairs := cjk && slices.ContainsFunc(ts, func(t string) bool {
			return utf8.RuneCountInString(t) > 1 && retrieval.HasCJK(t)
		})
		for _, t := range ts {
			if seen[t] || lx.filler[t] {
				continue
			}
			if pairs && utf8.RuneCountInString(t) == 1 && retrieval.HasCJK(t) {
				continue
			}
			seen[t] = true
			q := qterm{term: t, word: w, idf: ix.IDF(t), known: ix.DocFreq(t) > 0, class: class}
			if whole != nil {
				q.whole = whole[i]
			}
			if !q.known && name {
				// "Europe" asked, "European" written: the articles name the
				// place by its people's word, which the stemmer keeps apart.
				if d := ix.Demonym(t); d != "" && !seen[d] {
					seen[d] = true
					q.term, q.idf, q.known, q.demonym = d, ix.IDF(d), true, true
				}
			}
			if !q.known && name && !q.demonym {
				// "Which Gulf country ...": an article that names one of
				// the region's countries speaks of it.
				q.near, q.nearWords = regionStandIns(ix, w)
				q.region = len(q.near) > 0
			}
			// A lower-case name the articles use stays an ordinary word, so
			// its stand-ins still count; one they never use vetoes like
			// the capitalised name.
			q.name = asName || name && !q.known
			if inName {
				q.entity = entity
			}
			if m, ok := monthOf(w); ok {
				q.month = m
			} else if m, ok := lowerMonth(words, i, lower, lx.writesAsName(w)); ok {
				q.month = m
			} else if d, ok := dayOf(w); ok {
				// Next to a day, a month typed in lower case ("feb 18",
				// "march 11") is a month all the same.
				if i > 0 {
					q.month, _ = monthNamed(words[i-1])
				}
				if i+1 < len(words) && q.month == 0 {
					q.month, _ = monthNamed(words[i+1])
				}
				if q.month != 0 {
					q.day = d
				}
			}
			q.commonName = q.name && q.class > 0 && q.class <= 35 && !isNumber(w) && standsAlone(words, i)
			// "G7", "g20": a name however typed, which the article of an
			// answer must mention ("what did putin say at the g7 summit").
			q.proper = q.name && isTitleCase(w) || codeName(w)
			q.government = q.proper && (i == 0 || !cityCues[strings.ToLower(words[i-1])])
			var country [][]string // the country of a capital written as its government
			if q.name || countryWord {
				// Typed in lower case, a country's name the articles use
				// is an ordinary word to the judge, but an article names
				// the country as well by its other names ("Canadian").
				q.others, country = lx.countries.namesOf(t, q.government)
			}
			if !q.known && len(q.others) > 0 && !q.otherwise(ix, seen, country) {
				continue // "Beijing" said again as "China", which the question names too
			}
			q.weight = q.idf
			if q.known || q.region {
				q.avail = 1
			}
			// A place is no other place: "riyadh" typed in lower case
			// is an ordinary word to the judge, but Jeddah, near it in
			// meaning, does not stand in for it.
			if !q.name && (lx.countries == nil || !lx.countries.isPlace(t)) {
				q.nearby = nearbyOf(english, min(tn.nearMin, tn.softMin))
				if lower && q.known && q.entity > 0 && lx.writesAsName(w) {
					// Nor, typed in lower case, is a name the articles
					// write (Riyadh for "jeddah"), only its own forms
					// ("european" for "europe").
					q.nearby = slices.DeleteFunc(q.nearby, func(n wordvec.Neighbor) bool { return !sameStem(n.Word, bare(w)) })
				}
			}
			if actStems()[t] {
				// "wounded" is near "killed" among the vectors, but how
				// many were killed does not say how many were wounded:
				// another act stands in only when the list says it is
				// this one.
				same := analyzedSet(paraphrase.Of(bare(w))...)
				q.nearby = slices.DeleteFunc(q.nearby, func(n wordvec.Neighbor) bool {
					return slices.ContainsFunc(ix.Analyze(n.Word), func(a string) bool { return actStems()[a] && a != t && !same[a] })
				})
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
	if m := speech; m != nil {
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
		// In a question typed in lower case ("what did lavrov say") the
		// speaker is the name words the subject ends with.
		named := map[string]bool{}
		if lower {
			var proper map[string]bool
			if lx.proper != nil {
				proper = lx.proper()
			}
			for _, q := range out {
				w := bare(q.word)
				if strings.ToLower(q.word) == q.word && !isRoleNoun(w) && (q.entity > 0 && !isNumber(q.word) || proper[w] || lx.countries != nil && len(lx.countries.byName[q.term]) > 0) {
					// "lavrov", "trump", which the articles write only as a
					// name, and "china", a country's name however often
					// the articles write it; not "chancellor", a title
					// they write capitalised before a name.
					named[w] = true
				}
			}
		}
		said := map[string]bool{}
		for _, w := range ws {
			said[bare(strings.Trim(w, ".,'’"))] = true
		}
		for i := range out {
			out[i].subject = said[bare(out[i].word)]
		}
		// Only the surname speaks: "Vladimir" of "Vladimir Putin" is also
		// the first name of Vladimir Medinsky, whose words are not Putin's.
		if len(ws) > 0 {
			if w := bare(strings.Trim(ws[len(ws)-1], ".,'’")); isTitleCase(w) || named[w] || dotted(w) {
				subject[w] = true
			}
		}
		for i := range out {
			w := bare(out[i].word)
			if !subject[w] {
				continue
			}
			voices := lx.countries.voices(out[i].term)
			// An acronym speaks when it names a country or union ("what
			// did the US say"); others ("NATO") are not checked.
			out[i].speaker = out[i].proper && isTitleCase(w) || named[w] || dotted(w) && voices != nil
			if out[i].speaker {
				out[i].voices = voices
			}
		}
	}
	// The month of a date ("feb 18") is part of the date: "every February"
	// does not say what happened on the 18th.
	for _, t := range out {
		if t.day == 0 {
			continue
		}
		for i, u := range out {
			if m, ok := monthNamed(u.word); ok && m == t.month && u.day == 0 {
				out[i].ofDay = t.day
			}
		}
	}
	w := countedWord(words)
	if w == "" {
		w = namedNoun(question)
	}
	if w != "" {
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
		if retrieval.HasCJK(q.word) {
			// A character pair the articles lack is as often two words'
			// edges ("了多") as a word: weigh it less than any English word.
			out[i].weight = base * tn.cjkUnknown
			continue
		}
		out[i].weight = base * tn.unknown[q.class]
	}
	return out
}

// subjectEnd are the prepositions that end the head of a speech
// question's subject.
var subjectEnd = wordSet(`to of from with at in on for about`)

// reflexive are the words that may close a speech question's subject.
var reflexive = wordSet(`himself herself themselves itself personally`)

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
		for j, w := range rest {
			if phraseEnd[strings.ToLower(w)] {
				break
			}
			w = strings.Trim(w, ".'’")
			if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") || irregularPlural(w) {
				return w
			}
			if last != "" && strings.HasSuffix(strings.ToLower(w), "ed") && (j+1 == len(rest) || phraseEnd[strings.ToLower(rest[j+1])]) {
				// "how many civilian died (in ...)": a verb ends the
				// phrase; "injured" before a noun is no verb.
				break
			}
			last = w
		}
		return last
	}
	return ""
}

// irregularPlural reports whether w is a plural without an "s" that "how
// many" counts.
func irregularPlural(w string) bool {
	switch strings.ToLower(w) {
	case "people", "men", "women", "children", "police", "personnel", "staff":
		return true
	}
	return false
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

// regionStandIns returns, for a word that names a region (see
// retrieval.RegionMembers), the terms of its countries' names the articles
// use, each standing in fully: the head of a name of several words
// ("emir" of "United Arab Emirates", "arabia" of "Saudi Arabia"), which
// the name's other words ("united", "arab") would not tell apart.
func regionStandIns(ix *retrieval.Index, w string) (map[string]float64, []string) {
	var out map[string]float64
	var words []string
	for _, names := range retrieval.RegionMembers(bare(w)) {
		for _, name := range names {
			ts := ix.Analyze(name)
			if len(ts) == 0 || ix.DocFreq(ts[len(ts)-1]) == 0 {
				continue
			}
			if out == nil {
				out = map[string]float64{}
			}
			out[ts[len(ts)-1]] = 1
			words = append(words, name)
		}
	}
	return out, words
}

// nearbyOf returns the words nearest in meaning to the English word w. An
// inflected word whose own list is empty takes its base form's:
// "journalists", a hub among the vectors, has no close neighbour, while
// "journalist" has "reporter".
func nearbyOf(w string, min float64) []wordvec.Neighbor {
	// The list's words first, closest: news writes them for one another.
	var out []wordvec.Neighbor
	for _, p := range paraphrase.Of(w) {
		out = append(out, wordvec.Neighbor{Word: p, Similarity: 0.8, Closeness: 1})
	}
	if n := wordvec.Nearest(w, min, 16); len(n) > 0 {
		return append(out, n...)
	}
	if len(out) > 0 {
		return out
	}
	var stem []string
	for _, b := range baseForms(w) {
		if stem == nil {
			stem = retrieval.Analyze(w) // only for a word the vectors leave alone
		}
		// The analyser's own reading of the word ("writing" is "write",
		// not "writ"; "hoping" "hope", not "hop") keeps a base that is
		// another word out.
		if wordlist.Class(b) == 0 || !slices.Equal(retrieval.Analyze(b), stem) {
			continue
		}
		if n := wordvec.Nearest(b, min, 16); len(n) > 0 {
			return n
		}
	}
	return nil
}

// baseForms returns the forms an inflected English word may come from,
// likeliest first: "hopes" → "hope", "briefed" → "brief", "stopped" →
// "stop". Callers keep those the word list holds.
func baseForms(w string) []string {
	var out []string
	add := func(b string) {
		if len(b) >= 3 && !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	doubled := func(b string) {
		if n := len(b); n >= 2 && b[n-1] == b[n-2] {
			add(b[:n-1])
		}
	}
	switch {
	case strings.HasSuffix(w, "ies"):
		add(w[:len(w)-3] + "y")
	case strings.HasSuffix(w, "es"):
		add(w[:len(w)-1])
		add(w[:len(w)-2])
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		add(w[:len(w)-1])
	case strings.HasSuffix(w, "ied"):
		add(w[:len(w)-3] + "y")
	case strings.HasSuffix(w, "ed"):
		add(w[:len(w)-2])
		add(w[:len(w)-1])
		doubled(w[:len(w)-2])
	case strings.HasSuffix(w, "ing"):
		add(w[:len(w)-3])
		add(w[:len(w)-3] + "e")
		doubled(w[:len(w)-3])
	}
	return out
}

// softMatches adds to each ordinary question term the words of the passages
// that are near it in meaning ("pause" for "halt"), so that a sentence
// saying it in other words counts in part.
func softMatches(an analyzer, facts *articleFacts, terms []qterm, pool []retrieval.Result, min float64) {
	like := make([]map[string]float64, len(terms)) // per term: near word → similarity
	any := false
	family(an, facts, terms, pool)
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

// familySimilarity is what a word of a question term's family ("argument"
// for "argue") counts for, as a near word's similarity does.
const familySimilarity = 0.8

// family adds to each ordinary question term the words of the pool's
// passages that the stemmer keeps apart though one is the other with
// "-ment" ("argue" and "argument", "agree" and "agreement"): the fact is
// often written as the noun of the question's verb.
func family(an analyzer, facts *articleFacts, terms []qterm, pool []retrieval.Result) {
	var verbs, nouns []int // the terms looked for: "argue" (its noun), "agreement" (its verb)
	for i, q := range terms {
		if q.name || utf8.RuneCountInString(q.term) < 4 || retrieval.HasCJK(q.term) {
			continue
		}
		if strings.Contains(strings.ToLower(q.word), "ment") {
			nouns = append(nouns, i)
		} else {
			verbs = append(verbs, i)
		}
	}
	if verbs == nil && nouns == nil {
		return
	}
	add := func(i int, w string) {
		q := &terms[i]
		if !strings.HasPrefix(w, q.term[:4]) {
			return
		}
		for _, t := range an(w) {
			if t != q.term && (ofMent(t, q.term) || ofMent(q.term, t)) && q.near[t] < familySimilarity {
				if q.near == nil {
					q.near = map[string]float64{}
				}
				q.near[t] = familySimilarity
			}
		}
	}
	for _, r := range pool {
		ps := facts.of(an, r.Article).passage(an, r.Passage)
		for _, i := range verbs {
			for _, w := range ps.ment {
				add(i, w)
			}
		}
		for _, i := range nouns {
			for w := range ps.words { // its verb, in any form
				add(i, w)
			}
		}
	}
}

// ofMent reports whether term a is term b's noun in "-ment": b followed by
// "ment" or "ement" ("argument" of "argu", "agreement" of "agre").
func ofMent(a, b string) bool {
	rest, ok := strings.CutPrefix(a, b)
	return ok && (rest == "ment" || rest == "ement")
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
		if t.name && !t.known && (t.commonName || t.region || llm && t.elsewhere) {
			continue // "Pentagon", "Gulf", "West": an English word that names a thing
		}
		if llm && t.day > 0 {
			continue // "on Feb 24": the articles may date it "Monday"; the model reads both
		}
		if llm && codeName(t.word) {
			// "ww2", "G20", "F-16": a name by its digits, but of an
			// event, a group or a weapon as often as of anything the
			// articles name, and one they may write in words ("the war,
			// which ended in Europe in May 1945"): the model reads them.
			continue
		}
		if t.name && !t.known && (!llm || t.proper || isNumber(t.word)) {
			if t.day > 0 && t.month != 0 {
				// "11" of "march 11": the day is what is missing.
				out = append(out, t.month.String()+" "+strconv.Itoa(t.day))
				continue
			}
			if w := t.shown(); !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// shown is the word a refusal names for t: the whole of a hyphenated word
// such as "F-16s".
func (t qterm) shown() string {
	if t.whole != "" {
		return t.whole
	}
	return t.word
}

// questionWords splits a question into its words, and gives for each the
// hyphenated word it is part of when that word holds a part no word alone,
// a number or a letter ("F-16s", "MiG-29s": a name of a thing, which a
// refusal names whole), else "" (whole is nil when the question has no
// hyphen). "Trump-Xi" is two words of their own, and "day" standing alone
// is not part of "2-day".
func questionWords(q string) (words, whole []string) {
	cut := func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.In(r, unicode.Mn, unicode.Mc) && r != '.' && r != '\'' && r != '’'
	}
	if !strings.Contains(q, "-") {
		return strings.FieldsFunc(q, cut), nil // most questions: one pass
	}
	for _, f := range strings.Fields(q) {
		parts := strings.FieldsFunc(f, cut)
		w := ""
		if trimmed := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }); strings.Contains(trimmed, "-") &&
			slices.ContainsFunc(parts, func(p string) bool {
				r, _ := utf8.DecodeRuneInString(p)
				return unicode.IsDigit(r) || utf8.RuneCountInString(p) == 1
			}) {
			w = trimmed
		}
		for _, p := range parts {
			words = append(words, p)
			whole = append(whole, w)
		}
	}
	return words, whole
}

// unknownSpeaker returns the words of the subject of "what did ... say"
// when the articles use none of them nor a word like them ("what did the
// pope say"): whoever it is, the articles quote no one so called, and any
// sentence on the rest of the question would be someone else's words. Nil
// when the subject holds a word they use ("the Kremlin spokesperson").
func unknownSpeaker(terms []qterm) []string {
	var out []string
	for _, t := range terms {
		switch {
		case !t.subject:
		case t.avail > 0:
			return nil
		default:
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
	d := strings.TrimRight(w, "stndrh")
	if len(d) > 2 || !allDigits(d) {
		return 0, false
	}
	n, _ := strconv.Atoi(d)
	return n, n >= 1 && n <= 31
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
	if !capitalised(w) {
		return 0, false // "may", "march": words before they are months
	}
	return monthNamed(w)
}

// lowerMonth reads words[i] of a question typed in lower case as a month
// ("talks in february", "in feb"): people who type so write months so too.
// "may" and "march" are months only after a word that dates ("in march",
// "since may"), not "may have" or "troops march".
func lowerMonth(words []string, i int, lower, onlyMonth bool) (time.Month, bool) {
	w := words[i]
	if !lower || w != strings.ToLower(w) {
		return 0, false
	}
	m, ok := monthNamed(w)
	if !ok {
		return 0, false
	}
	// Unless the articles write the word only as the month, capitalised
	// ("kremlin negotiators march?"), "may" and "march" are months only
	// after a cue.
	if (w == "may" || w == "march" || w == "mar") && !onlyMonth {
		if i == 0 || !monthCues()[strings.ToLower(words[i-1])] {
			return 0, false
		}
	}
	return m, true
}

// monthCues are the words after which "may" and "march" are months.
var monthCues = sync.OnceValue(func() map[string]bool {
	return wordSet(`in of since until till by early late mid last next this during before after from through throughout`)
})

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
		// A Chinese, Japanese or Korean clause is one word of the
		// question but many terms, some of them two words' edges: naming
		// it would quote the question back, once per term.
		if !t.known && !retrieval.HasCJK(t.word) && !slices.Contains(out, t.shown()) {
			out = append(out, t.shown())
		}
	}
	return out
}

// writesDay reports whether s writes the day of the month next to its
// month ("Feb. 18", "18 February", "February 18th").
func writesDay(s string, month time.Month, day int) bool {
	return anyMatch(dayOfMonth(), s, 0, func(d string) bool {
		m, v, ok := readDay(d)
		return ok && m == month && v == day
	})
}

// readDay reads a date matched by dayOfMonth, month first or day first:
// "Feb. 18", "18 February", "march 11th".
func readDay(d string) (time.Month, int, bool) {
	f := strings.Fields(d)
	first, last := f[0], f[len(f)-1]
	if _, ok := dayOf(first); ok {
		first, last = last, first // "18 February"
	}
	m, ok := monthNamed(first)
	v, isDay := dayOf(last)
	return m, v, ok && isDay
}

// monthNamed reads a month's name in any case, with or without its period
// ("feb", "Sept."): beside a day, "march" is the month, not the verb.
func monthNamed(w string) (time.Month, bool) {
	return retrieval.MonthNamed(strings.TrimSuffix(w, "."))
}

// dayOfMonth matches a date written as month and day or day and month.
var dayOfMonth = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:` + datePattern + `)(?:st|nd|rd|th)?\b`)
})

// sameStem reports whether two words open alike, as a name and its forms
// do ("europe", "european"; "ukraine", "ukrainian").
func sameStem(a, b string) bool {
	const n = 5
	return len(a) >= n && len(b) >= n && a[:n] == b[:n] || a == b
}

// codeName reports whether w is a name made of a few letters and a number:
// "G7", "G20", "g7".
func codeName(w string) bool {
	i := 0
	for i < len(w) && i < 3 && (w[i] >= 'a' && w[i] <= 'z' || w[i] >= 'A' && w[i] <= 'Z') {
		i++
	}
	if i == 0 || i == len(w) || len(w)-i > 3 {
		return false
	}
	for _, r := range w[i:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// namedNoun returns the noun whose name a question asks ("hotel" of "what
// is the name of the hotel in riyadh where they met", "operation" of "what
// was the operation called"), "" for none.
func namedNoun(question string) string {
	if l := strings.ToLower(question); !strings.Contains(l, "name") && !strings.Contains(l, "called") {
		return "" // most questions: no pattern to run
	}
	m := answerTypes().nameQuestion.FindStringSubmatch(question)
	if m == nil {
		return ""
	}
	phrase := cmp.Or(m[1], m[2])
	f := strings.Fields(phrase)
	return f[len(f)-1]
}

// monthBound reports whether words[i] is a month that bounds what the
// question asks about rather than naming its time ("a zelensky putin
// meeting before september", "a deal by june"): the articles need not
// report on that month.
func monthBound(words []string, i int) bool {
	if i == 0 {
		return false
	}
	switch strings.ToLower(words[i-1]) {
	case "before", "by", "until", "till":
	default:
		return false
	}
	_, ok := monthNamed(strings.ToLower(strings.Trim(words[i], ".,'’")))
	return ok && strings.ToLower(words[i]) != "may" && strings.ToLower(words[i]) != "march"
}
