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
//     two passages before it, "the spokesman said" for the spokesman the
//     article names), and a quotation's words must be the passage's;
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

func (c claim) empty() bool { return !c.specific() && len(c.words) == 0 }

var (
	// numberRe is a number in digits: "30", "1,200", "2.5".
	numberRe = lazyRe(`^\d+(?:[.,]\d+)*$`)
	// idioms are numbers that count nothing.
	idioms = lazyRe(`\b24/7\b|\b9/11\b`)
	// quoteRe finds a quotation.
	quoteRe = lazyRe(`["“]([^"“”]{12,})["”]`)
	// unitedStates is the one name of the parties that aliases, being of
	// single words, cannot unify with "U.S.".
	unitedStates = lazyRe(`\bUnited States\b`)
)

// speechVerbs are the verbs that attribute words to someone.
var speechVerbs = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`said says say told tells stressed stresses added adds hailed hails
		called calls warned warns noted notes reiterated reiterates declined declines insisted insists
		argued argues claimed claims announced announces stated states described describes urged urges
		asked asks suggested suggests confirmed confirms denied denies praised praises speaking saying
		telling`) {
		m[w] = true
	}
	return m
})

// isSpeech reports whether w is a verb of saying.
func isSpeech(w string) bool { return speechVerbs()[strings.ToLower(w)] }

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
		a := o.sent[i].Article
		o.facts[i] = readFacts(o.sent[i], o.articleTerms(a), o.articleRoles(a))
	}
	return o.facts[i]
}

// pronounReach is how many passages back a pronoun may refer: "he said"
// two passages after the one that names him.
const pronounReach = 2

// articleTerms returns the analysed words of an article's passages,
// headline, dateline and publisher, read once per article.
func (o *numbering) articleTerms(a *retrieval.Article) map[string]bool {
	if a == nil {
		return map[string]bool{}
	}
	if o.articles == nil {
		o.articles = map[*retrieval.Article]map[string]bool{}
	}
	if m, ok := o.articles[a]; ok {
		return m
	}
	m := map[string]bool{}
	for _, p := range a.Passages {
		addTerms(m, p.Text)
	}
	addTerms(m, a.Headline+"\n"+a.Dateline+"\n"+a.Publisher+"\n"+initials(a.Publisher)+"\n"+siteName(a.URL))
	parties(m, m)
	o.articles[a] = m
	return m
}

// roleWord reports whether w is a title by which news refers to someone
// it names elsewhere ("the spokesman"). "President" is left out: an
// article names several.
func roleWord(w string) bool {
	switch w {
	case "spokesman", "spokeswoman", "spokesperson", "minister", "secretary", "envoy", "chancellor", "ambassador", "premier":
		return true
	}
	return false
}

// articleRoles returns the names an article gives after each title of
// roleWords ("spokesman" → dmitry, peskov), read once per article.
func (o *numbering) articleRoles(a *retrieval.Article) map[string][]string {
	if a == nil {
		return nil
	}
	if o.roles == nil {
		o.roles = map[*retrieval.Article]map[string][]string{}
	}
	if m, ok := o.roles[a]; ok {
		return m
	}
	m := map[string][]string{}
	for _, p := range a.Passages {
		toks := passageTokens(p.Text)
		for k, t := range toks {
			role := strings.ToLower(t.word)
			if !roleWord(role) {
				continue
			}
			for j := k + 1; j < len(toks) && toks[j].capital && !toks[j].first; j++ {
				m[role] = append(m[role], retrieval.Analyze(toks[j].word)...)
			}
		}
	}
	o.roles[a] = m
	return m
}

// readFacts reads what a passage sent holds; article is the analysed
// words of its article (articleTerms).
func readFacts(r retrieval.Result, article map[string]bool, roles map[string][]string) *supportFacts {
	f := &supportFacts{terms: map[string]bool{}, article: article, prev: map[string]bool{},
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
		// A passage that speaks of someone as "he" takes the names of
		// the passages before it: the model names whom "he" is.
		if hasPronoun(r.Passage.Text) {
			for n := r.Passage.N - 2; n >= 0 && n >= r.Passage.N-1-pronounReach && n < len(a.Passages); n-- {
				toks := passageTokens(a.Passages[n].Text)
				for t := range speakersIn(toks) {
					f.prev[t] = true
				}
				for _, t := range toks {
					if t.capital {
						addTerms(f.terms, t.word)
					}
				}
			}
		}
	}
	addTerms(f.terms, text)
	toks := passageTokens(r.Passage.Text)
	for _, run := range nameRuns(toks) {
		addTerms(f.terms, initials(run)) // "Associated Press" is the AP
	}
	parties(f.terms, f.article)
	f.speakers = speakersIn(toks)
	// "The Kremlin spokesman noted" is the spokesman the article names
	// elsewhere: "Kremlin spokesman Dmitry Peskov".
	for k, t := range toks {
		names := roles[strings.ToLower(t.word)]
		if len(names) == 0 || k+1 < len(toks) && toks[k+1].capital && !toks[k+1].first {
			continue
		}
		speaks := slices.ContainsFunc(toks[k+1:min(len(toks), k+speakerWindow)], func(t token) bool { return isSpeech(t.word) })
		for _, n := range names {
			f.terms[n] = true
			if speaks {
				f.speakers[n] = true
			}
		}
	}

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
	if strings.Contains(text, "United States") {
		text = unitedStates().ReplaceAllString(text, "United States US")
	}
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

// passageTokens returns the tokens of a passage's text, "United States"
// one name as a sentence's "U.S." is.
func passageTokens(text string) []token {
	if strings.Contains(text, "United States") {
		text = unitedStates().ReplaceAllString(text, "U.S.")
	}
	return tokens(text)
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
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch strings.ToLower(w) {
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
// verb of saying in a text (its tokens), and "he" when a subject pronoun
// is.
func speakersIn(toks []token) map[string]bool {
	out := map[string]bool{}
	for i, t := range toks {
		if !isSpeech(t.word) && !isAccordingTo(toks, i) {
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
	// start and end are its place in the text.
	start, end int
}

// tokens splits text into words. A word holds letters and digits, and an
// apostrophe or period between them ("Lavrov's", "U.S", "2.5", "1,200");
// a hyphen splits ("30-day").
func tokens(text string) []token {
	out := make([]token, 0, len(text)/6+1)
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
		out = append(out, token{word: w, capital: unicode.IsUpper(fr), first: first, stop: stop, start: i, end: j})
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
func readClaim(text string, sentence bool, known func(string) bool) claim {
	var c claim
	text = idioms().ReplaceAllString(shownRe().ReplaceAllString(text, " "), " ")
	if sentence {
		text = unitedStates().ReplaceAllString(text, "U.S.")
	}
	toks := tokens(text)
	used := dates(text, toks, &c) // their numbers are no counts
	for _, m := range quoteRe().FindAllStringSubmatch(text, -1) {
		if q := retrieval.Analyze(m[1]); len(q) >= 2 {
			c.quotes = append(c.quotes, q)
		}
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if used[i] {
			continue
		}
		lower := strings.ToLower(t.word)
		if numberRe().MatchString(t.word) {
			c.numbers = append(c.numbers, numberValue(t.word))
			continue
		}
		if v := numberWord(lower); v != "" && (lower != "ii" && lower != "iii" && lower != "iv" || t.word == strings.ToUpper(t.word)) {
			if lower == "two" && i > 0 && definite(strings.ToLower(toks[i-1].word)) {
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
		for j < len(toks) && !used[j] && toks[j].capital && !toks[j].first && !nameStopWords()[strings.ToLower(toks[j].word)] &&
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

// dates reads the dates of text (its tokens toks) into c: a day of a
// month ("Feb. 18", "February 18th", "18 February", "the 18th of
// February"; a range, "Feb. 18/19" or "Feb. 18-19", by its first day), a
// month alone, a year and a weekday. It returns which tokens they took.
func dates(text string, toks []token, c *claim) []bool {
	used := make([]bool, len(toks))
	for i, t := range toks {
		switch {
		case used[i]:
		case t.capital && weekday(t.word) >= 0:
			c.weekdays = append(c.weekdays, time.Weekday(weekday(t.word)))
			used[i] = true
		case len(t.word) == 4 && !t.capital && year(t.word) > 0:
			c.years = append(c.years, year(t.word))
			used[i] = true
		case t.capital && (t.word != "May" || !t.first):
			m, ok := retrieval.MonthNamed(t.word)
			if !ok {
				continue
			}
			used[i] = true
			if i+1 < len(toks) && day(toks[i+1].word) > 0 {
				c.days = append(c.days, monthDay{m, day(toks[i+1].word)})
				used[i+1] = true
				if k := i + 2; k < len(toks) && day(toks[k].word) > 0 && rangeSign(text[toks[i+1].end:toks[k].start]) {
					used[k] = true
				}
				continue
			}
			k := i - 1
			if k >= 1 && toks[k].word == "of" {
				k--
			}
			if k >= 0 && !used[k] && day(toks[k].word) > 0 {
				c.days = append(c.days, monthDay{m, day(toks[k].word)})
				used[k] = true
				continue
			}
			c.months = append(c.months, m)
		}
	}
	return used
}

// day returns the day of the month w writes ("18", "18th"), or 0.
func day(w string) int {
	digits := strings.TrimRightFunc(w, unicode.IsLetter)
	switch w[len(digits):] {
	case "", "st", "nd", "rd", "th":
	default:
		return 0
	}
	if len(digits) == 0 || len(digits) > 2 {
		return 0
	}
	d, err := strconv.Atoi(digits)
	if err != nil || d < 1 || d > 31 {
		return 0
	}
	return d
}

// year returns the year w writes (1800 to 2099), or 0.
func year(w string) int {
	y, err := strconv.Atoi(w)
	if err != nil || y < 1800 || y > 2099 {
		return 0
	}
	return y
}

// weekday returns the weekday w names ("Tuesday", "Tuesdays"), or -1.
func weekday(w string) int {
	w = strings.TrimSuffix(w, "s")
	for d := time.Sunday; d <= time.Saturday; d++ {
		if w == d.String() {
			return int(d)
		}
	}
	return -1
}

// rangeSign reports whether the text between two days makes them a range.
func rangeSign(between string) bool {
	switch strings.TrimSpace(between) {
	case "-", "–", "/":
		return true
	}
	return false
}

// isName reports whether token t (lower in lower case) is a name.
func isName(t token, lower string, known func(string) bool) bool {
	if !t.capital || nameStopWords()[lower] {
		return false
	}
	return !t.first || wordlist.Class(lower) == 0 || known != nil && known(lower)
}

// speaks reports whether the name toks[i:j] is said to speak: a verb of
// saying right after it or right before it ("said Peskov", "according to
// Lavrov", "Lavrov, for his part, hailed" is the passage's way, not the
// model's).
func speaks(toks []token, i, j int) bool {
	if j < len(toks) && isSpeech(toks[j].word) {
		return true
	}
	// After the verb the name ends its clause: "said Peskov." is the
	// speaker, "said Trump and Putin should meet" what was said.
	if !toks[j-1].stop {
		return false
	}
	if i >= 1 && isSpeech(toks[i-1].word) {
		return true
	}
	return i >= 2 && isAccordingTo(toks, i-2)
}

// definite reports whether w is a word after which "two" refers to what was named.
func definite(w string) bool {
	switch w {
	case "the", "these", "those", "both", "their":
		return true
	}
	return false
}

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
			out = append(out, "the quotation's words")
		}
	}
	if len(c.words) > 0 {
		n := 0
		for _, t := range c.words {
			if holds(func(f *supportFacts) bool { return f.terms[t] }) {
				n++
			}
		}
		switch {
		case len(c.words) >= minWords && float64(n) < wordShare*float64(len(c.words)):
			out = append(out, "enough of its words")
		case n == 0 && !c.specific():
			// Too short for a share, and nothing else it says is the
			// passages': "Bananas are yellow [2]" shares nothing with
			// what it cites.
			out = append(out, "any of its words")
		}
	}
	return out
}

// specific reports whether c states a name, number, date or quotation,
// each of which the passages must hold: a sentence that has one shares
// something with them.
func (c claim) specific() bool {
	return len(c.names)+len(c.numbers)+len(c.days)+len(c.weekdays)+len(c.months)+len(c.years)+len(c.quotes) > 0
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

// known reports whether the passages sent write a word (given in lower
// case) with a capital within a sentence, as a name of this corpus
// ("Trump"). Answers are kept: a reply asks about few words.
func (o *numbering) known(word string) bool {
	if v, ok := o.names[word]; ok {
		return v
	}
	if o.names == nil {
		o.names = map[string]bool{}
	}
	r, size := utf8.DecodeRuneInString(word)
	title := string(unicode.ToUpper(r)) + word[size:]
	found := false
	for _, res := range o.sent {
		if withinSentence(res.Passage.Text, title) {
			found = true
			break
		}
	}
	o.names[word] = found
	return found
}

// withinSentence reports whether text has the word w after another word
// of its sentence.
func withinSentence(text, w string) bool {
	for i := strings.Index(text, w); i >= 0; {
		end := i + len(w)
		after, _ := utf8.DecodeRuneInString(text[end:])
		before := strings.TrimRight(text[:i], " ")
		last, _ := utf8.DecodeLastRuneInString(before)
		if i > 0 && text[i-1] == ' ' && !isWordRune(after) && before != "" && strings.IndexRune(".!?:;\"“(\n", last) < 0 {
			return true
		}
		next := strings.Index(text[end:], w)
		if next < 0 {
			break
		}
		i = end + next
	}
	return false
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

// support checks the cited sentence text, which states c, against the
// passages its markers stand for. A sentence they support comes back as it
// is (ok). One they do not is cited instead to the first other passage
// sent that holds all it says, or comes back "" to be dropped, with what
// its passages lack. The caller has found text checked.
func (o *numbering) support(text string, c claim) (out string, ok bool, lacks []string) {
	if c.empty() {
		return text, true, nil
	}
	cited := o.citedBy(text)
	lacks = o.unsupported(c, cited)
	if len(lacks) == 0 {
		return text, true, nil
	}
	if i, ok := o.holder(c, cited); ok {
		return recite(text, o.number(i+1)), false, nil
	}
	return "", false, lacks
}

// checked reports whether the claims of text are checked: not in Chinese,
// Japanese or Korean, which have no capitals to read names by, nor in
// another language, whose names and dates are spelled otherwise than in
// the articles.
func checked(text string) bool {
	return !retrieval.HasCJK(text) && english(tokens(text))
}

// holder returns the first passage sent, other than those cited, that
// holds all of c.
func (o *numbering) holder(c claim, cited []int) (int, bool) {
	for i := range o.sent {
		if !slices.Contains(cited, i) && len(o.unsupported(c, []int{i})) == 0 {
			return i, true
		}
	}
	return 0, false
}

// english reports whether a sentence (its tokens) is written in English:
// three in five of its words in lower case are English words (SCOWL's).
// "Rubio se reunió con Lavrov en Riad" has one in five.
func english(toks []token) bool {
	n, known := 0, 0
	for _, t := range toks {
		if t.capital || numberRe().MatchString(t.word) {
			continue
		}
		n++
		if wordlist.Class(strings.ToLower(t.word)) != 0 {
			known++
		}
	}
	return n < 3 || 5*known >= 3*n
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
