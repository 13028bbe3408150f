package llm

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hbollon/go-edlib"

	"github.com/talkbot/talkbot/bot/internal/wordlist"
	"github.com/talkbot/talkbot/retrieval"
)

// Claim support: a cited sentence must state only the specifics that the
// passages it cites hold.
//
// A marker that names a real passage is not enough: a model (or an
// injection it follows) can cite [2] while stating a date, a number, a
// name or a place that passage never mentions, and the citation would lend
// that claim the article's authority. So each cited sentence's checkable
// specifics are read and looked for in the passages its markers stand for
// (with their articles' headlines, datelines and publishers):
//
//   - names: capitalised words that are no sentence's ordinary first word
//     ("Lavrov's", "Riyadh", "NATO"), compared as the index compares words
//     (folded, possessives gone, retrieval's aliases: Kiev/Kyiv,
//     Zelenskyy/Zelensky), a demonym as its country (French/France), and
//     allowing one letter's difference in a long one (another
//     transliteration). A name of several words ("Donald Trump") needs one
//     of them in the passage and the rest in its article;
//   - numbers: digits and number words alike ("3" and "three", "30-day",
//     "20%", "$500 billion", "World War II");
//   - dates: "Feb. 18", "February 18" and "18 February" alike, a weekday,
//     a month or a year, resolved against the article's date: "on Tuesday"
//     in an article of Wednesday, February 26 is February 25, and the
//     article's own day is a date it holds;
//   - speakers: a name said to speak ("Lavrov said", "according to
//     Peskov") must be near a verb of saying in the passage or the subject
//     of its clause, not just in it ("he said" stands for a speaker of the
//     two passages before it), and a quotation's words must be the
//     passage's;
//   - its other words: one in seven of them (of three or more) must occur
//     in the passages. A paraphrase keeps more; a claim about something
//     else keeps none.
//
// Ordinary words are compared loosely, so a paraphrase stays. A sentence
// that fails is cited instead to another passage sent that holds all it
// says, when one does; otherwise it is dropped like an uncited one. Text in
// Chinese, Japanese or Korean has no capitals to find names by and is not
// checked.

// supportFacts is what one passage sent holds, as the check compares it.
type supportFacts struct {
	terms    map[string]bool // analysed words of the passage, its headline, dateline and publisher
	article  map[string]bool // analysed words of its whole article
	prev     map[string]bool // analysed speakers of the passages before it, whom its "he" may be
	numbers  map[string]bool // number values: "30", "3", "20", "billion"
	days     map[monthDay]bool
	weekdays map[time.Weekday]bool
	months   map[time.Month]bool
	years    map[int]bool
	speakers map[string]bool // analysed names near a verb of saying; "he" for a pronoun
}

type monthDay struct {
	m time.Month
	d int
}

// claim is what one sentence says that can be checked.
type claim struct {
	names    [][]string // analysed terms of each name (of one or more words)
	numbers  []string
	days     []monthDay
	weekdays []time.Weekday
	months   []time.Month
	years    []int
	speakers [][]string // the names said to speak
	quotes   [][]string
	words    []string // the other analysed words
}

func (c claim) empty() bool {
	return len(c.names)+len(c.numbers)+len(c.days)+len(c.weekdays)+len(c.months)+len(c.years)+len(c.quotes)+len(c.words) == 0
}

var (
	// monthDayRe and dayMonthRe find a day of a month ("Feb. 18",
	// "February 18th", "18 February", "the 18th of February"). A range
	// ("Feb. 18/19", "Feb. 18-19") counts by its first day.
	monthDayRe = lazyRe(`\b(` + retrieval.MonthPattern() + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s*[-–/]\s*\d{1,2}\b)?\b`)
	dayMonthRe = lazyRe(`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + retrieval.MonthPattern() + `)\b`)
	monthRe    = lazyRe(`\b(` + retrieval.MonthPattern() + `)\b`)
	yearRe     = lazyRe(`\b(1[89]\d\d|20\d\d)\b`)
	weekdayRe  = lazyRe(`\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b`)
	// numberRe is a number in digits: "30", "1,200", "2.5".
	numberRe = lazyRe(`^\d+(?:[.,]\d+)*$`)
	// idioms are numbers that count nothing.
	idioms = lazyRe(`\b24/7\b|\b9/11\b`)
	// quoteRe finds a quotation.
	quoteRe = lazyRe(`["“]([^"“”]{12,})["”]`)
	// speechRe is a verb that attributes words to someone.
	speechRe = lazyRe(`(?i)^(?:said|says|say|told|tells|stressed|stresses|added|adds|hailed|hails|called|calls|warned|warns|noted|notes|reiterated|reiterates|declined|declines|insisted|insists|argued|argues|claimed|claims|announced|announces|stated|states|described|describes|urged|urges|asked|asks|suggested|suggests|confirmed|confirms|denied|denies|praised|praises|speaking|saying|telling)$`)
	// unitedStates is the one name of the parties that aliases, being of
	// single words, cannot unify with "U.S.".
	unitedStates = lazyRe(`\bUnited States\b`)
)

// numberWord returns the value of a number word ("three" → "3"), or "".
// "one" is left out: it is as often a pronoun ("one of them").
func numberWord(w string) string {
	switch w {
	case "two", "twice", "double", "ii":
		return "2"
	case "three", "triple", "iii":
		return "3"
	case "four", "iv":
		return "4"
	case "five":
		return "5"
	case "six":
		return "6"
	case "seven":
		return "7"
	case "eight":
		return "8"
	case "nine":
		return "9"
	case "ten":
		return "10"
	case "eleven":
		return "11"
	case "twelve", "dozen":
		return "12"
	case "fifteen":
		return "15"
	case "twenty":
		return "20"
	case "thirty":
		return "30"
	case "forty":
		return "40"
	case "fifty":
		return "50"
	case "sixty":
		return "60"
	case "hundred":
		return "100"
	case "thousand", "million", "billion", "trillion":
		return w
	}
	return ""
}

// demonyms are the demonyms of places news names often, as their place,
// for names only: "French President Macron" holds "France". The story's
// own parties are retrieval's aliases already.
var demonyms = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, p := range strings.Split(`french france,british britain,briton britain,uk britain,german germany,
		european europe,chinese china,turkish turkey,polish poland,saudi saudi,italian italy,
		japanese japan,indian india,israeli israel,iranian iran,belarusian belarus,hungarian hungary,
		canadian canada,swiss switzerland,qatari qatar,emirati emirates,western west`, ",") {
		f := strings.Fields(p)
		from, to := retrieval.Analyze(f[0]), retrieval.Analyze(f[1])
		if len(from) == 1 && len(to) == 1 {
			m[from[0]] = to[0]
		}
	}
	return m
})

// place returns a name term as compared: a demonym as its place.
func place(t string) string {
	if p, ok := demonyms()[t]; ok {
		return p
	}
	return t
}

// partyGroups are the story's parties as news names them: a country, its
// capital, the seat of its government. Any of them stands for the others
// ("the Russian spokesman" for "Kremlin spokesman"), and an article that
// names one anywhere holds the others: which country an article is about
// is no specific of one passage.
var partyGroups = sync.OnceValue(func() [][]string {
	var out [][]string
	for _, g := range []string{"Russia Moscow Kremlin", "America Washington", "Ukraine Kiev"} {
		out = append(out, retrieval.Analyze(g))
	}
	return out
})

// factsOf returns passage i's facts, read on first use.
func (o *numbering) factsOf(i int) *supportFacts {
	if o.facts == nil {
		o.facts = make([]*supportFacts, len(o.sent))
	}
	if o.facts[i] == nil {
		o.facts[i] = readFacts(o.sent[i])
	}
	return o.facts[i]
}

// pronounReach is how many passages back a pronoun may refer: "he said"
// two passages after the one that names him.
const pronounReach = 2

// readFacts reads what a passage sent holds.
func readFacts(r retrieval.Result) *supportFacts {
	f := &supportFacts{terms: map[string]bool{}, article: map[string]bool{}, prev: map[string]bool{},
		numbers: map[string]bool{}, days: map[monthDay]bool{}, weekdays: map[time.Weekday]bool{},
		months: map[time.Month]bool{}, years: map[int]bool{}, speakers: map[string]bool{}}
	text := r.Passage.Text
	var date time.Time
	if a := r.Article; a != nil {
		date = a.Date
		// The headline and the dateline are shown with a citation; the
		// publisher, its initials ("AP") and the site's name are whom
		// "according to …" names.
		text += "\n" + a.Headline + "\n" + a.Dateline + "\n" + a.Publisher + "\n" + initials(a.Publisher) + "\n" + siteName(a.URL)
		for _, p := range a.Passages {
			addTerms(f.article, p.Text)
		}
		addTerms(f.article, text)
		// A passage that speaks of someone as "he" takes the names of
		// the passages before it: the model names whom "he" is.
		if hasPronoun(r.Passage.Text) {
			for n := r.Passage.N - 2; n >= 0 && n >= r.Passage.N-1-pronounReach && n < len(a.Passages); n-- {
				for t := range speakersIn(a.Passages[n].Text) {
					f.prev[t] = true
				}
				for _, t := range tokens(a.Passages[n].Text) {
					if t.capital {
						addTerms(f.terms, t.word)
					}
				}
			}
		}
	}
	addTerms(f.terms, text)
	for _, run := range nameRuns(tokens(r.Passage.Text)) {
		addTerms(f.terms, initials(run)) // "Associated Press" is the AP
	}
	parties(f.terms, f.article)
	parties(f.article, f.article)
	f.speakers = speakersIn(r.Passage.Text)

	c := readClaim(text, false, nil)
	for _, n := range c.numbers {
		f.numbers[n] = true
	}
	for _, y := range c.years {
		f.years[y] = true
	}
	for _, m := range c.months {
		f.months[m] = true
	}
	for _, d := range c.days {
		f.days[d] = true
		f.months[d.m] = true
		if !date.IsZero() {
			f.weekdays[time.Date(date.Year(), d.m, d.d, 0, 0, 0, 0, time.UTC).Weekday()] = true
		}
	}
	if date.IsZero() {
		return f
	}
	for _, w := range c.weekdays {
		f.weekdays[w] = true
		// The weekday is the last one before the article or the next.
		for off := -6; off <= 6; off++ {
			if d := date.AddDate(0, 0, off); d.Weekday() == w {
				f.days[monthDay{d.Month(), d.Day()}] = true
				f.months[d.Month()] = true
			}
		}
	}
	// The article's own day.
	f.days[monthDay{date.Month(), date.Day()}] = true
	f.weekdays[date.Weekday()] = true
	f.months[date.Month()] = true
	f.years[date.Year()] = true
	return f
}

func addTerms(m map[string]bool, text string) {
	text = unitedStates().ReplaceAllString(text, "United States US")
	for _, t := range retrieval.Analyze(text) {
		m[place(t)] = true
	}
}

// parties adds to terms the party names that article implies (see
// partyGroups).
func parties(terms, article map[string]bool) {
	if article == nil {
		article = terms
	}
	for _, g := range partyGroups() {
		if slices.ContainsFunc(g, func(t string) bool { return terms[t] || article[t] }) {
			for _, t := range g {
				terms[t] = true
			}
		}
	}
}

// initials are the capitals of a name of two words or more: "AP" of
// "Associated Press".
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			b.WriteRune(r)
		}
	}
	if b.Len() < 2 {
		return ""
	}
	return b.String()
}

// siteName is the name of a site from its address: "apnews" of
// "https://apnews.com/article/x".
func siteName(url string) string {
	host, _, _ := strings.Cut(normLink(url), "/")
	if i := strings.LastIndexByte(host, '.'); i > 0 {
		host = host[:i]
	}
	return strings.ReplaceAll(host, ".", " ")
}

// nameRuns returns the runs of two capitalised words or more of toks, as
// text ("Associated Press").
func nameRuns(toks []token) []string {
	var out []string
	for i := 0; i < len(toks); {
		j := i
		for j < len(toks) && toks[j].capital && (j == i || !toks[j].first) {
			j++
		}
		if j-i >= 2 {
			var words []string
			for _, t := range toks[i:j] {
				words = append(words, t.word)
			}
			out = append(out, strings.Join(words, " "))
		}
		i = max(j, i+1)
	}
	return out
}

// hasPronoun reports whether text speaks of someone as he, she or they.
func hasPronoun(text string) bool {
	for _, t := range tokens(text) {
		switch strings.ToLower(t.word) {
		case "he", "she", "his", "her", "they", "their":
			return true
		}
	}
	return false
}

// speakerWindow is how many words from a verb of saying its speaker may
// stand: "Lavrov, for his part, hailed".
const speakerWindow = 6

// speakersIn returns the analysed names within speakerWindow words of a
// verb of saying in text, and "he" when a subject pronoun is.
func speakersIn(text string) map[string]bool {
	out := map[string]bool{}
	toks := tokens(text)
	for i, t := range toks {
		if !speechRe().MatchString(t.word) && !isAccordingTo(toks, i) {
			continue
		}
		// The subject of its clause: the first name from the clause's
		// start ("Putin this week tempered expectations ..., saying").
		start := i
		for start > 0 && !toks[start].first {
			start--
		}
		for k := start; k < i; k++ {
			if lower := strings.ToLower(toks[k].word); toks[k].capital && !nameStopWords()[lower] {
				for ; k < i && toks[k].capital; k++ {
					addTerms(out, toks[k].word)
				}
				break
			}
		}
		for _, w := range toks[max(0, i-speakerWindow):i] {
			switch strings.ToLower(w.word) {
			case "he", "she", "they":
				out["he"] = true
			default:
				if w.capital {
					addTerms(out, w.word)
				}
			}
		}
		// After the verb, a name with its title: "said Kremlin
		// spokesman Dmitry Peskov".
		for _, w := range toks[i+1 : min(len(toks), i+speakerWindow)] {
			if lower := strings.ToLower(w.word); lower == "he" || lower == "she" {
				out["he"] = true
			} else if !w.capital && !nameStopWords()[lower] {
				break
			}
			if w.capital {
				addTerms(out, w.word)
			}
		}
	}
	parties(out, nil)
	return out
}

func isAccordingTo(toks []token, i int) bool {
	return strings.EqualFold(toks[i].word, "according") && i+1 < len(toks) && strings.EqualFold(toks[i+1].word, "to")
}

// token is a word of a text and whether it is written with a capital.
type token struct {
	word    string
	capital bool
	first   bool // the first word of its sentence, clause or quotation
	stop    bool // punctuation follows it
}

// tokens splits text into words. A word holds letters and digits, and an
// apostrophe or period between them ("Lavrov's", "U.S", "2.5", "1,200");
// a hyphen splits ("30-day").
func tokens(text string) []token {
	var out []token
	first := true
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			switch r {
			case '.', '!', '?', ':', '"', '“', '”', '(', '\n', '—', '–', ';':
				first = true
			}
			i += size
			continue
		}
		j := i + size
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if isWordRune(r2) {
				j += s2
				continue
			}
			next, _ := utf8.DecodeRuneInString(text[min(j+s2, len(text)):])
			if j+s2 < len(text) && ((r2 == '\'' || r2 == '’') && unicode.IsLetter(next) ||
				r2 == '.' && (unicode.IsUpper(next) || unicode.IsDigit(next)) ||
				r2 == ',' && unicode.IsDigit(next) && isAlnum(text[j-1])) {
				j += s2
				continue
			}
			break
		}
		w := text[i:j]
		fr, _ := utf8.DecodeRuneInString(w)
		next := strings.TrimLeft(text[j:], " \t")
		stop := next == "" || strings.IndexByte(".,;:!?)", next[0]) >= 0
		out = append(out, token{word: w, capital: unicode.IsUpper(fr), first: first, stop: stop})
		first = false
		i = j
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// nameStopWords are capitalised words that are no names even inside a
// sentence: titles, which paraphrase freely, and words of address.
var nameStopWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`i mr mrs ms dr president presidents prime minister ministers secretary
		foreign spokesman spokeswoman spokesperson chancellor deputy state general senior official
		officials envoy envoys leader leaders a an the this that these those it its he she they we but
		and or however meanwhile also both according in on at as after before while when since there
		then so yet still`) {
		m[w] = true
	}
	return m
})

// readClaim reads the specifics of text: a sentence, whose first word is a
// name only when it is no English word or known holds it (the words the
// passages write as names), or with sentence false a passage, whose names
// are not needed.
func readClaim(text string, sentence bool, known map[string]bool) claim {
	var c claim
	text = idioms().ReplaceAllString(shownRe().ReplaceAllString(text, " "), " ")
	if sentence {
		text = unitedStates().ReplaceAllString(text, "U.S.")
	}
	// Dates first: their numbers are no counts.
	mask := func(s string, lo, hi int) string { return s[:lo] + strings.Repeat(" ", hi-lo) + s[hi:] }
	for _, loc := range monthDayRe().FindAllStringSubmatchIndex(text, -1) {
		m, ok := retrieval.MonthNamed(strings.TrimSuffix(text[loc[2]:loc[3]], "."))
		d, _ := strconv.Atoi(text[loc[4]:loc[5]])
		if ok && d >= 1 && d <= 31 {
			c.days = append(c.days, monthDay{m, d})
			text = mask(text, loc[0], loc[1])
		}
	}
	for _, loc := range dayMonthRe().FindAllStringSubmatchIndex(text, -1) {
		m, ok := retrieval.MonthNamed(strings.TrimSuffix(text[loc[4]:loc[5]], "."))
		d, _ := strconv.Atoi(text[loc[2]:loc[3]])
		if ok && d >= 1 && d <= 31 {
			c.days = append(c.days, monthDay{m, d})
			text = mask(text, loc[0], loc[1])
		}
	}
	for _, loc := range monthRe().FindAllStringSubmatchIndex(text, -1) {
		w := text[loc[2]:loc[3]]
		// "May" opening a sentence is as often the verb.
		if m, ok := retrieval.MonthNamed(strings.TrimSuffix(w, ".")); ok && (w != "May" || loc[0] > 0) {
			c.months = append(c.months, m)
			text = mask(text, loc[0], loc[1])
		}
	}
	for _, loc := range yearRe().FindAllStringIndex(text, -1) {
		y, _ := strconv.Atoi(text[loc[0]:loc[1]])
		c.years = append(c.years, y)
		text = mask(text, loc[0], loc[1])
	}
	for _, loc := range weekdayRe().FindAllStringSubmatchIndex(text, -1) {
		for d := time.Sunday; d <= time.Saturday; d++ {
			if d.String() == text[loc[2]:loc[3]] {
				c.weekdays = append(c.weekdays, d)
			}
		}
		text = mask(text, loc[0], loc[1])
	}
	for _, m := range quoteRe().FindAllStringSubmatch(text, -1) {
		if q := retrieval.Analyze(m[1]); len(q) >= 2 {
			c.quotes = append(c.quotes, q)
		}
	}
	toks := tokens(text)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		lower := strings.ToLower(t.word)
		if numberRe().MatchString(t.word) {
			c.numbers = append(c.numbers, numberValue(t.word))
			continue
		}
		if v := numberWord(lower); v != "" && (lower != "ii" && lower != "iii" && lower != "iv" || t.word == strings.ToUpper(t.word)) {
			if lower == "two" && i > 0 && definite[strings.ToLower(toks[i-1].word)] {
				continue // "the two sides": the parties named, not a count
			}
			c.numbers = append(c.numbers, v)
			continue
		}
		if !sentence {
			continue
		}
		if !isName(t, lower, known) {
			c.words = append(c.words, retrieval.Analyze(t.word)...)
			continue
		}
		// The name and the capitalised words after it: "Marco Rubio".
		j := i + 1
		for j < len(toks) && toks[j].capital && !toks[j].first && !nameStopWords()[strings.ToLower(toks[j].word)] &&
			numberWord(strings.ToLower(toks[j].word)) == "" {
			j++
		}
		var name []string
		for _, w := range toks[i:j] {
			for _, a := range retrieval.Analyze(w.word) {
				name = append(name, place(a))
			}
		}
		if len(name) > 0 {
			c.names = append(c.names, name)
			if speaks(toks, i, j) {
				c.speakers = append(c.speakers, name)
			}
		}
		i = j - 1
	}
	return c
}

// isName reports whether token t (lower in lower case) is a name.
func isName(t token, lower string, known map[string]bool) bool {
	if !t.capital || nameStopWords()[lower] {
		return false
	}
	return !t.first || wordlist.Class(lower) == 0 || known[lower]
}

// speaks reports whether the name toks[i:j] is said to speak: a verb of
// saying right after it or right before it ("said Peskov", "according to
// Lavrov", "Lavrov, for his part, hailed" is the passage's way, not the
// model's).
func speaks(toks []token, i, j int) bool {
	if j < len(toks) && speechRe().MatchString(toks[j].word) {
		return true
	}
	// After the verb the name ends its clause: "said Peskov." is the
	// speaker, "said Trump and Putin should meet" what was said.
	if !toks[j-1].stop {
		return false
	}
	if i >= 1 && speechRe().MatchString(toks[i-1].word) {
		return true
	}
	return i >= 2 && isAccordingTo(toks, i-2)
}

// definite are the words after which "two" refers to what was named.
var definite = map[string]bool{"the": true, "these": true, "those": true, "both": true, "their": true}

// numberValue is a number in digits as compared: without thousands
// separators or a fraction of zero.
func numberValue(s string) string {
	if strings.Contains(s, ",") && !strings.Contains(s, ".") {
		s = strings.ReplaceAll(s, ",", "")
	}
	s = strings.TrimSuffix(s, ".00")
	return strings.TrimSuffix(s, ".0")
}

// Tuned on the tune part of the labelled set (support_eval_test.go).
const (
	// quoteShare: a quotation may miss one word in quoteShare.
	quoteShare = 5
	// wordShare is the least share of a sentence's other words the
	// passages must hold, when it has minWords of them or more.
	wordShare = 0.15
	minWords  = 3
)

// missing returns the specifics of c that facts (of the passages a
// sentence cites) do not hold; none when they support it.
func missing(c claim, facts []*supportFacts) []string {
	var out []string
	holds := func(f func(*supportFacts) bool) bool { return slices.ContainsFunc(facts, f) }
	hasTerm := func(t string) bool {
		return holds(func(f *supportFacts) bool { return f.terms[t] || nearName(f.terms, t) })
	}
	for _, name := range c.names {
		// One word of it in the passage, the rest in the article: "Donald
		// Trump" for "Trump", "Saudi Arabia" for "the Saudi meeting".
		if !slices.ContainsFunc(name, hasTerm) || !holds(func(f *supportFacts) bool {
			return !slices.ContainsFunc(name, func(t string) bool { return !f.article[t] && !f.terms[t] })
		}) {
			out = append(out, "name "+strings.Join(name, " "))
		}
	}
	for _, n := range c.numbers {
		if !holds(func(f *supportFacts) bool { return f.numbers[n] }) {
			out = append(out, "number "+n)
		}
	}
	for _, d := range c.days {
		if !holds(func(f *supportFacts) bool { return f.days[d] }) {
			out = append(out, "date "+d.m.String()+" "+strconv.Itoa(d.d))
		}
	}
	for _, w := range c.weekdays {
		if !holds(func(f *supportFacts) bool { return f.weekdays[w] }) {
			out = append(out, "day "+w.String())
		}
	}
	for _, m := range c.months {
		if !holds(func(f *supportFacts) bool { return f.months[m] }) {
			out = append(out, "month "+m.String())
		}
	}
	for _, y := range c.years {
		if !holds(func(f *supportFacts) bool { return f.years[y] }) {
			out = append(out, "year "+strconv.Itoa(y))
		}
	}
	for _, name := range c.speakers {
		if !holds(func(f *supportFacts) bool {
			return slices.ContainsFunc(name, func(t string) bool { return f.speakers[t] || f.speakers["he"] && f.prev[t] })
		}) {
			out = append(out, "speaker "+strings.Join(name, " "))
		}
	}
	for _, q := range c.quotes {
		n := 0
		for _, t := range q {
			if holds(func(f *supportFacts) bool { return f.terms[t] }) {
				n++
			}
		}
		if n*quoteShare < len(q)*(quoteShare-1) {
			out = append(out, "quotation")
		}
	}
	if len(c.words) >= minWords {
		n := 0
		for _, t := range c.words {
			if holds(func(f *supportFacts) bool { return f.terms[t] }) {
				n++
			}
		}
		if float64(n) < wordShare*float64(len(c.words)) {
			out = append(out, "words")
		}
	}
	return out
}

// nearName reports whether a name term is one letter away from a term of
// the passage, as another transliteration is ("ryabkov", "riabkov").
func nearName(terms map[string]bool, n string) bool {
	if len(n) < 6 {
		return false
	}
	for t := range terms {
		if len(t) >= 6 && t[0] == n[0] && len(t)-len(n) <= 1 && len(n)-len(t) <= 1 && edlib.LevenshteinDistance(t, n) <= 1 {
			return true
		}
	}
	return false
}

// knownNames returns the words the passages sent write with a capital
// within a sentence: the names of this corpus ("Trump"), read once.
func (o *numbering) knownNames() map[string]bool {
	if o.names == nil {
		o.names = map[string]bool{}
		for _, r := range o.sent {
			for _, t := range tokens(r.Passage.Text) {
				if t.capital && !t.first {
					o.names[strings.ToLower(t.word)] = true
				}
			}
		}
	}
	return o.names
}

// unsupported returns what the cited sentence text states that the
// passages its markers stand for do not hold.
func (o *numbering) unsupported(c claim, cited []int) []string {
	facts := make([]*supportFacts, 0, len(cited))
	for _, i := range cited {
		facts = append(facts, o.factsOf(i))
	}
	return missing(c, facts)
}

// support checks the cited sentence text against the passages its markers
// stand for. A sentence they support comes back as it is (ok). One they do
// not is cited instead to the first other passage sent that holds all it
// says, or comes back "" to be dropped.
func (o *numbering) support(text string) (out string, ok bool) {
	if retrieval.HasCJK(text) {
		return text, true // no capitals to read names by
	}
	c := readClaim(text, true, o.knownNames())
	if c.empty() {
		return text, true
	}
	cited := o.citedBy(text)
	if len(o.unsupported(c, cited)) == 0 {
		return text, true
	}
	for i := range o.sent {
		if !slices.Contains(cited, i) && len(o.unsupported(c, []int{i})) == 0 {
			return recite(text, o.number(i+1)), false
		}
	}
	return "", false
}

// citeMarks matches the markers of a sentence with the space before them.
var citeMarks = lazyRe(`\s*(?:\[\d+\])+`)

// recite replaces the markers of text by one marker, shown, where the
// first of them stood.
func recite(text string, shown int) string {
	first := true
	return citeMarks().ReplaceAllStringFunc(text, func(string) string {
		if first {
			first = false
			return " [" + strconv.Itoa(shown) + "]"
		}
		return ""
	})
}
