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
// (with their articles' headlines and datelines):
//
//   - names: capitalised words that are no sentence's ordinary first word
//     ("Lavrov's", "Riyadh", "NATO"), compared as the index compares words
//     (folded, possessives gone, retrieval's aliases: Kiev/Kyiv,
//     Zelenskyy/Zelensky) and allowing one letter's difference in a long
//     one (another transliteration);
//   - numbers: digits and number words alike ("3" and "three", "30-day",
//     "20%", "$500 billion");
//   - dates: "Feb. 18", "February 18" and "18 February" alike, a weekday,
//     a month or a year, resolved against the article's date: "on Tuesday"
//     in an article of Wednesday, February 26 is February 25, and the
//     article's own day is a date it holds;
//   - speakers: a name that says something ("Lavrov said", "according to
//     Peskov") must be near a verb of saying in the passage, not just in
//     it, and a quotation's words must be the passage's;
//   - its words: most of the sentence's other words, or words close in
//     meaning, must occur in the passages; a paraphrase keeps enough of
//     them, a claim about something else keeps few.
//
// Ordinary words are compared loosely, so a paraphrase stays. A sentence
// that fails is re-cited to another passage sent that holds all its
// specifics, when one does; otherwise it is dropped like an uncited one.
// Text in Chinese, Japanese or Korean has no capitals to find names by and
// is not checked.

// supportFacts is what one passage sent holds, as the check compares it.
type supportFacts struct {
	terms    map[string]bool // analysed words of the passage, its headline and dateline
	numbers  map[string]bool // number values: "30", "3", "20", "billion"
	days     map[monthDay]bool
	weekdays map[time.Weekday]bool
	months   map[time.Month]bool
	years    map[int]bool
	speakers map[string]bool // analysed names near a verb of saying, and "he" for a pronoun
}

type monthDay struct {
	m time.Month
	d int
}

// claim is what one sentence says that can be checked.
type claim struct {
	names    []string // analysed name terms
	numbers  []string
	days     []monthDay
	weekdays []time.Weekday
	months   []time.Month
	years    []int
	speakers []string // analysed names said to speak
	quotes   [][]string
	words    []string // the other analysed words
}

func (c claim) empty() bool {
	return len(c.names)+len(c.numbers)+len(c.days)+len(c.weekdays)+len(c.months)+len(c.years)+len(c.quotes)+len(c.words) == 0
}

var (
	// dayMonthRe and monthDayRe find a day of a month ("Feb. 18",
	// "February 18th", "18 February", "the 18th of February").
	// A range ("Feb. 18/19", "Feb. 18-19") counts by its first day.
	monthDayRe = lazyRe(`\b(` + retrieval.MonthPattern() + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:\s*[-–/]\s*\d{1,2}\b)?\b`)
	dayMonthRe = lazyRe(`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + retrieval.MonthPattern() + `)\b`)
	monthRe    = lazyRe(`\b(` + retrieval.MonthPattern() + `)\b`)
	yearRe     = lazyRe(`\b(1[89]\d\d|20\d\d)\b`)
	weekdayRe  = lazyRe(`\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b`)
	// numberRe finds a number in digits: "30", "1,200", "2.5".
	numberRe = lazyRe(`\d+(?:[.,]\d+)*`)
	// idioms are numbers that count nothing.
	idioms = lazyRe(`\b24/7\b|\b9/11\b`)
	// quoteRe finds a quotation of three words or more.
	quoteRe = lazyRe(`["“]([^"“”]{12,})["”]`)
	// speechVerbs are the verbs that attribute words to someone.
	speechRe = lazyRe(`(?i)\b(?:said|says|say|told|tells|stressed|stresses|added|adds|hailed|hails|called|calls|warned|warns|noted|notes|reiterated|reiterates|declined|declines|insisted|insists|argued|argues|claimed|claims|announced|announces|stated|states|described|describes|urged|urges|asked|asks|suggested|suggests|confirmed|confirms|denied|denies|praised|praises|according to|speaking)\b`)
)

// numberWords are number words and their values; "one" is left out: it is
// as often a pronoun ("one of them").
var numberWords = map[string]string{
	"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
	"ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
	"sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30",
	"forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
	"hundred": "100", "dozen": "12", "thousand": "thousand", "million": "million", "billion": "billion",
	"trillion": "trillion", "half": "half", "twice": "2", "double": "2", "triple": "3", "percent": "",
}

// scales are number words that multiply rather than count.
var scales = map[string]bool{"thousand": true, "million": true, "billion": true, "trillion": true}

// factsOf returns passage i's facts, read on first use.
func (o *numbering) factsOf(i int) *supportFacts {
	if o.facts == nil {
		o.facts = make([]*supportFacts, len(o.sent))
	}
	if o.facts[i] == nil {
		o.facts[i] = readFacts(o.sent, i)
	}
	return o.facts[i]
}

// readFacts reads what passage i of sent holds. A passage that refers to
// its speaker by a pronoun ("he said") takes the names of the passage
// before it in its article too: the model names whom "he" is.
func readFacts(sent []retrieval.Result, i int) *supportFacts {
	r := sent[i]
	f := &supportFacts{terms: map[string]bool{}, numbers: map[string]bool{}, days: map[monthDay]bool{},
		weekdays: map[time.Weekday]bool{}, months: map[time.Month]bool{}, years: map[int]bool{}, speakers: map[string]bool{}}
	text := r.Passage.Text
	var date time.Time
	if a := r.Article; a != nil {
		date = a.Date
		// The headline and the dateline are shown with a citation; the
		// publisher, its initials ("AP") and the site's name are whom
		// "according to …" names.
		text += "\n" + a.Headline + "\n" + a.Dateline + "\n" + a.Publisher + "\n" + initials(a.Publisher) + "\n" + siteName(a.URL)
		if prev := r.Passage.N - 2; hasPronoun(r.Passage.Text) && prev >= 0 && prev < len(a.Passages) {
			for _, t := range retrieval.Analyze(a.Passages[prev].Text) {
				f.terms[t] = true
			}
			for s := range speakersIn(a.Passages[prev].Text) {
				f.speakers[s] = true
			}
		}
	}
	for _, t := range retrieval.Analyze(text) {
		f.terms[t] = true
	}
	parties(f.terms, r.Article)
	for s := range speakersIn(r.Passage.Text) {
		f.speakers[s] = true
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
	for _, w := range c.weekdays {
		f.weekdays[w] = true
		// The weekday is a day of the week before the article or after it.
		for off := -7; off <= 7; off++ {
			if d := date.AddDate(0, 0, off); !date.IsZero() && d.Weekday() == w {
				f.days[monthDay{d.Month(), d.Day()}] = true
				f.months[d.Month()] = true
			}
		}
	}
	if !date.IsZero() { // the article's own day
		f.days[monthDay{date.Month(), date.Day()}] = true
		f.weekdays[date.Weekday()] = true
		f.months[date.Month()] = true
		f.years[date.Year()] = true
	}
	return f
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

// parties adds to terms the party names that the passage's article
// implies (see partyGroups).
func parties(terms map[string]bool, a *retrieval.Article) {
	var all map[string]bool
	for _, g := range partyGroups() {
		if !slices.ContainsFunc(g, func(t string) bool { return terms[t] }) {
			if a == nil {
				continue
			}
			if all == nil {
				all = map[string]bool{}
				for _, p := range a.Passages {
					for _, t := range retrieval.Analyze(p.Text) {
						all[t] = true
					}
				}
			}
			if !slices.ContainsFunc(g, func(t string) bool { return all[t] }) {
				continue
			}
		}
		for _, t := range g {
			terms[t] = true
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
	host := normLink(url)
	host, _, _ = strings.Cut(host, "/")
	if i := strings.LastIndexByte(host, '.'); i > 0 {
		host = host[:i]
	}
	return strings.ReplaceAll(host, ".", " ")
}

// hasPronoun reports whether text speaks of someone as he, she or they.
func hasPronoun(text string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch w {
		case "he", "she", "his", "her", "they", "their":
			return true
		}
	}
	return false
}

// speakersIn returns the analysed names within a few words of a verb of
// saying in text, and "he" when a pronoun is.
func speakersIn(text string) map[string]bool {
	out := map[string]bool{}
	toks := tokens(text)
	for i, t := range toks {
		if !speechRe().MatchString(t.word) && !(t.word == "according" && i+1 < len(toks) && toks[i+1].word == "to") {
			continue
		}
		for j := max(0, i-speakerWindow); j < min(len(toks), i+speakerWindow+1); j++ {
			w := toks[j]
			switch strings.ToLower(w.word) {
			case "he", "she", "they", "his", "her":
				out["he"] = true
				continue
			}
			if w.capital {
				for _, a := range retrieval.Analyze(w.word) {
					out[a] = true
				}
			}
		}
	}
	return out
}

// speakerWindow is how many words from a verb of saying its speaker may
// stand: "Lavrov, for his part, hailed".
const speakerWindow = 6

// token is a word of a sentence and whether it is written with a capital
// where a name would be.
type token struct {
	word    string
	capital bool
	first   bool // the first word of its sentence, clause or quotation
}

// tokens splits text into words, marking which may be names. A word
// holds letters and digits, and an apostrophe or period between them
// ("Lavrov's", "U.S", "2.5", "1,200"); a hyphen splits ("30-day").
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
			if j+s2 < len(text) && (r2 == '\'' || r2 == '’') && unicode.IsLetter(next) ||
				r2 == '.' && (unicode.IsUpper(next) || unicode.IsDigit(next)) ||
				r2 == ',' && unicode.IsDigit(next) && unicode.IsDigit(rune(text[j-1])) {
				j += s2
				continue
			}
			break
		}
		w := text[i:j]
		fr, _ := utf8.DecodeRuneInString(w)
		out = append(out, token{word: w, capital: unicode.IsUpper(fr), first: first})
		first = false
		i = j
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// nameStopWords are capitalised words that are no names even inside a
// sentence: titles and words of address that paraphrase freely.
var nameStopWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`i mr mrs ms dr president prime minister secretary foreign minister
		spokesman spokeswoman spokesperson chancellor deputy state general senior official officials
		envoy envoys leader leaders a an the this that these those it its he she they we but and or
		however meanwhile also both according in on at as after before while when since`) {
		m[w] = true
	}
	return m
})

// readClaim reads the specifics of a sentence (or, with sentence false, of
// a passage, whose every capitalised word counts).
func readClaim(text string, sentence bool, known map[string]bool) claim {
	var c claim
	text = idioms().ReplaceAllString(shownRe().ReplaceAllString(text, " "), " ")
	// Dates first: their numbers are no counts.
	mask := func(s string, loc []int) string {
		return s[:loc[0]] + strings.Repeat(" ", loc[1]-loc[0]) + s[loc[1]:]
	}
	for _, loc := range monthDayRe().FindAllStringSubmatchIndex(text, -1) {
		m, ok := retrieval.MonthNamed(strings.TrimSuffix(text[loc[2]:loc[3]], "."))
		d, _ := strconv.Atoi(text[loc[4]:loc[5]])
		if ok && d >= 1 && d <= 31 {
			c.days = append(c.days, monthDay{m, d})
			text = mask(text, loc[:2])
		}
	}
	for _, loc := range dayMonthRe().FindAllStringSubmatchIndex(text, -1) {
		m, ok := retrieval.MonthNamed(strings.TrimSuffix(text[loc[4]:loc[5]], "."))
		d, _ := strconv.Atoi(text[loc[2]:loc[3]])
		if ok && d >= 1 && d <= 31 {
			c.days = append(c.days, monthDay{m, d})
			text = mask(text, loc[:2])
		}
	}
	for _, loc := range monthRe().FindAllStringSubmatchIndex(text, -1) {
		w := text[loc[2]:loc[3]]
		if m, ok := retrieval.MonthNamed(strings.TrimSuffix(w, ".")); ok && (w != "May" || sentence && loc[0] > 0) {
			c.months = append(c.months, m)
			text = mask(text, loc[:2])
		}
	}
	for _, loc := range yearRe().FindAllStringIndex(text, -1) {
		y, _ := strconv.Atoi(text[loc[0]:loc[1]])
		c.years = append(c.years, y)
		text = mask(text, loc)
	}
	for _, loc := range weekdayRe().FindAllStringSubmatchIndex(text, -1) {
		for d := time.Sunday; d <= time.Saturday; d++ {
			if d.String() == text[loc[2]:loc[3]] {
				c.weekdays = append(c.weekdays, d)
			}
		}
		text = mask(text, loc[:2])
	}
	for _, m := range quoteRe().FindAllStringSubmatch(text, -1) {
		if q := retrieval.Analyze(m[1]); len(q) >= 3 {
			c.quotes = append(c.quotes, q)
		}
	}
	toks := tokens(text)
	for i, t := range toks {
		lower := strings.ToLower(t.word)
		if numberRe().MatchString(t.word) && numberRe().FindString(t.word) == t.word {
			c.numbers = append(c.numbers, numberValue(t.word))
			continue
		}
		if v, ok := numberWords[lower]; ok {
			if v != "" {
				c.numbers = append(c.numbers, v)
			}
			continue
		}
		if !sentence {
			continue
		}
		// A sentence's first word is a name when it is no English word,
		// or the passages write it as a name ("Trump").
		name := t.capital && !nameStopWords()[lower] && (!t.first || wordlist.Class(lower) == 0 || known[lower])
		if !name {
			c.words = append(c.words, retrieval.Analyze(t.word)...)
			continue
		}
		terms := retrieval.Analyze(t.word)
		c.names = append(c.names, terms...)
		if speaks(toks, i) {
			c.speakers = append(c.speakers, terms...)
		}
	}
	return c
}

// speaks reports whether the name at toks[i] is said to speak: a verb of
// saying right after it (after the rest of the name) or right before it
// ("said Peskov", "according to Lavrov").
func speaks(toks []token, i int) bool {
	j := i + 1
	for j < len(toks) && toks[j].capital && !toks[j].first {
		j++ // the rest of the name
	}
	if j < len(toks) && speechRe().MatchString(toks[j].word) && !isAccording(toks, j) {
		return true
	}
	k := i - 1
	for k >= 0 && toks[k].capital && !toks[k].first {
		k--
	}
	if k >= 0 && speechRe().MatchString(toks[k].word) {
		return true
	}
	return k >= 1 && strings.EqualFold(toks[k].word, "to") && strings.EqualFold(toks[k-1].word, "according")
}

func isAccording(toks []token, j int) bool { return strings.EqualFold(toks[j].word, "according") }

// numberValue is a number in digits as compared: without thousands
// separators or a fraction of zero.
func numberValue(s string) string {
	if strings.Count(s, ",") > 0 && !strings.Contains(s, ".") {
		s = strings.ReplaceAll(s, ",", "")
	}
	s = strings.TrimSuffix(s, ".0")
	s = strings.TrimSuffix(s, ".00")
	return s
}

// missing returns the specifics of c that the facts of the passages do not
// hold (empty when they support it).
func missing(c claim, facts []*supportFacts) []string {
	var out []string
	holds := func(f func(*supportFacts) bool) bool { return slices.ContainsFunc(facts, f) }
	for _, n := range c.names {
		if !holds(func(f *supportFacts) bool { return f.terms[n] || nearName(f.terms, n) }) {
			out = append(out, "name "+n)
		}
	}
	for _, n := range c.numbers {
		if !holds(func(f *supportFacts) bool { return f.numbers[n] || f.terms[n] }) {
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
	for _, s := range c.speakers {
		if !holds(func(f *supportFacts) bool { return f.speakers[s] || f.speakers["he"] && f.terms[s] }) {
			out = append(out, "speaker "+s)
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

// Tuned on the labelled set's tune part (support_eval_test.go).
const (
	// quoteShare: a quotation may miss one word in quoteShare.
	quoteShare = 5
	// wordShare is the least share of a sentence's ordinary words the
	// passages must hold, when it has minWords of them or more.
	wordShare = 0.25
	minWords  = 4
)

// nearName reports whether a name term is one letter away from a term of
// the passage, as another transliteration is ("ryabkov", "riabkov").
func nearName(terms map[string]bool, n string) bool {
	if len(n) < 6 {
		return false
	}
	for t := range terms {
		if len(t) >= 6 && t[0] == n[0] && abs(len(t)-len(n)) <= 1 && edlib.LevenshteinDistance(t, n) <= 1 {
			return true
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// knownNames returns the words the passages sent write with a capital
// within a sentence: the names of this corpus, read once.
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

// support checks the cited sentence text against the passages its markers
// stand for. A sentence they support comes back as it is. One they do not
// is re-cited to the first other passage sent that holds all it says, or
// comes back "" to be dropped.
func (o *numbering) support(text string) (string, bool) {
	if retrieval.HasCJK(text) {
		return text, true // no capitals to read names by
	}
	c := readClaim(text, true, o.knownNames())
	if c.empty() {
		return text, true
	}
	cited := o.citedBy(text)
	facts := make([]*supportFacts, 0, len(cited))
	for _, i := range cited {
		facts = append(facts, o.factsOf(i))
	}
	if len(missing(c, facts)) == 0 {
		return text, true
	}
	for i := range o.sent {
		if slices.Contains(cited, i) || len(missing(c, []*supportFacts{o.factsOf(i)})) > 0 {
			continue
		}
		return recite(text, o.number(i+1)), false
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
