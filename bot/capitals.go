package bot

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/retrieval"
)

// countries is the capitals table of package retrieval analysed as one
// index analyses text: per country, the terms of each of its names, and
// the country of each capital and of each one-word name.
type countries struct {
	names     [][][]string
	byCapital map[string]int
	byName    map[string][]int // the countries of a one-word name's term, each once
	capitals  map[int][]string // the terms of each country's capitals: byCapital the other way
	unions    map[int]bool     // the entries that are a seat's union ("EU"), not a country
}

// parseCapitals reads the table with an's analysis. A capital the analysis
// does not keep as one term ("Abu Dhabi", or one an operator's alias list
// folds away) is left out, as the judge then cannot tell it in a question.
// A capital written for its government stands for the union it is the
// seat of, if any ("Brussels said" is the EU), else for its country; the
// seat's names and the country's are entries of their own, each standing
// for the others of its entry.
func parseCapitals(an analyzer, table []retrieval.Capital) *countries {
	c := &countries{byCapital: map[string]int{}, byName: map[string][]int{}, capitals: map[int][]string{}, unions: map[int]bool{}}
	add := func(names []string) int {
		var terms [][]string
		for _, name := range names {
			if t := an(name); len(t) > 0 {
				terms = append(terms, t)
			}
		}
		if len(terms) == 0 {
			return -1
		}
		n := len(c.names)
		for _, t := range terms {
			// "Ukraine" and "Ukrainian" analyse alike: one entry.
			if ids := c.byName[t[0]]; len(t) == 1 && (len(ids) == 0 || ids[len(ids)-1] != n) {
				c.byName[t[0]] = append(ids, n)
			}
		}
		c.names = append(c.names, terms)
		return n
	}
	for _, k := range table {
		city := an(k.City)
		if len(city) != 1 {
			continue
		}
		government := add(k.Country)
		if len(k.Seat) > 0 {
			government = add(k.Seat)
			c.unions[government] = true
		}
		if government >= 0 {
			c.byCapital[city[0]] = government
			c.capitals[government] = append(c.capitals[government], city[0])
		}
	}
	return c
}

// namesOf returns the terms of the names a question's name term may stand
// for: every name of the countries it is a name of ("british" → Britain,
// British, UK, United Kingdom) and, when it is written as a government,
// the names of the country it is the capital of ("moscow" → Russia,
// Russian, Kremlin), which country holds alone.
func (c *countries) namesOf(term string, government bool) (all, country [][]string) {
	for _, n := range c.byName[term] {
		all = append(all, c.names[n]...)
	}
	if n, ok := c.byCapital[term]; ok && government {
		country = c.names[n]
		all = append(all, country...)
	}
	return all, country
}

// voices returns the terms of every name that speaks for the country a
// question's speaker term names: the country's names and demonym, its
// capital and, for a capital written as its government, its country's
// ("what did Ukraine say": Kyiv, Ukrainian, Ukraine). Nil for a term that
// names no country.
func (c *countries) voices(term string) [][]string {
	entries := c.byName[term]
	if n, ok := c.byCapital[term]; ok {
		entries = append(entries, n)
	}
	var out [][]string
	for _, n := range entries {
		out = append(out, c.names[n]...)
		for _, city := range c.capitals[n] {
			out = append(out, []string{city})
		}
	}
	return out
}

// anyNamed reports whether an article's terms hold all the words of one of
// names: a name of several words counts only whole.
func anyNamed(art map[string]bool, names [][]string) bool {
	for _, name := range names {
		all := true
		for _, t := range name {
			all = all && art[t]
		}
		if all {
			return true
		}
	}
	return false
}

// cityCues are the words before a capital that make it the city ("a visit
// to Moscow", "the Paris meeting"), not its government.
var cityCues = wordSet(`in to at from into near the of via outside around across inside`)

// markSides marks the question's country words that name the side of
// the person it asks for (see whoseWords).
func markSides(question string, terms []qterm, c *countries) {
	if whoObject().MatchString(question) {
		return // "Who did the Russian officials meet?": someone they met
	}
	fields := strings.Fields(question)
	for i, t := range terms {
		if !t.name && (c == nil || len(c.byName[t.term]) == 0) {
			continue // a name, or a country's typed in lower case ("russias team")
		}
		at := slices.IndexFunc(fields, func(f string) bool { return strings.Trim(f, "?,.!\"") == t.word })
		terms[i].side = at >= 0 && (qualifies(fields, at) || leads(fields, at))
	}
}

// sides returns the countries the question's terms name as the side of
// the person it asks for, nil for none. A union is none: "Which EU leader"
// may be Hungary's.
func (c *countries) sides(terms []qterm) map[int]bool {
	var out map[int]bool
	for _, t := range terms {
		if !t.side {
			continue
		}
		for _, n := range c.byName[t.term] {
			if c.unions[n] {
				continue
			}
			if out == nil {
				out = map[int]bool{}
			}
			out[n] = true
		}
	}
	return out
}

// capitalsOf returns the terms of the capitals of the countries the
// question's terms name.
func (c *countries) capitalsOf(terms []qterm) []string {
	var out []string
	for _, t := range terms {
		for _, n := range c.byName[t.term] {
			out = append(out, c.capitals[n]...)
		}
	}
	return out
}

// isPlace reports whether term is a country's name or a capital's in the
// table.
func (c *countries) isPlace(term string) bool {
	_, capital := c.byCapital[term]
	return capital || len(c.byName[term]) > 0
}

// namesOther reports whether a sentence names someone of a country other
// than those of own, by the country's one-word name before a title or a
// side ("The U.S. delegation was led by", "Saudi Foreign Minister"): a
// sentence that only mentions another country may still be about one of
// own's people ("Peskov said the U.S. ..."). qualified are the terms of
// the sentence's words so placed (qualifiedNames).
func (c *countries) namesOther(qualified []string, own map[int]bool) bool {
	return slices.ContainsFunc(qualified, func(term string) bool {
		return slices.ContainsFunc(c.byName[term], func(n int) bool { return !own[n] && !c.unions[n] })
	})
}

// qualifiedNames returns the terms of the capitalised words of sentence s
// that say whose someone is (qualifies): "Russia's" of "Russia's deputy
// foreign minister", "U.S." of "The U.S. delegation". Read once per
// article (sentenceFacts), not for every candidate sentence of a question.
func qualifiedNames(an analyzer, s string) []string {
	fields := strings.Fields(s)
	var out []string
	for i, f := range fields {
		// Articles capitalise a country's name: lower-case words are
		// skipped, and the words after them never matched.
		if r, _ := utf8.DecodeRuneInString(f); unicode.IsUpper(r) && qualifies(fields, i) {
			out = append(out, an(f)...)
		}
	}
	return out
}

// namesOwn reports whether a sentence's terms name one of the countries of
// own, by name or by capital.
func (c *countries) namesOwn(st map[string]bool, own map[int]bool) bool {
	for term := range st {
		if n, ok := c.byCapital[term]; ok && own[n] || slices.ContainsFunc(c.byName[term], func(n int) bool { return own[n] }) {
			return true
		}
	}
	return false
}

// othersInstead reports whether a sentence's terms st leave out a country
// the question's names (terms) name and name another country instead:
// "Germany had offered to pay for two Patriot systems" does not count
// Norway's. Unions count for neither.
func (c *countries) othersInstead(st map[string]bool, terms []qterm) bool {
	asked := map[int]bool{}
	for _, t := range terms {
		if !t.name {
			continue
		}
		for _, n := range c.byName[t.term] {
			if !c.unions[n] {
				asked[n] = true
			}
		}
	}
	missing := false
	for n := range asked {
		missing = missing || !c.namesOwn(st, map[int]bool{n: true})
	}
	if !missing {
		return false
	}
	for term := range st {
		if slices.ContainsFunc(c.byName[term], func(n int) bool { return !asked[n] && !c.unions[n] }) {
			return true
		}
	}
	return false
}

// whoseWords are the words after a country's name that make it say whose
// someone is: "Russia's top diplomat", "the Russian delegation", "which US
// official" (not "the Saudi meeting" or "talks with Russia").
var whoseWords = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:[\p{L}-]+\s+){0,2}?(?:` + roleNouns + `|minister|leader|official|diplomat|envoy|delegation|team|side|negotiators|officials|leaders|diplomats)\b`)
})

// whoObject matches a question that asks whom someone did something to:
// "who" then an auxiliary then its subject, not a verb ("who will lead").
var whoObject = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i:\bwhom?\s+(?:did|does|do|will|would|should|could|can|has|have|had)\s+(?:the|a|an|his|her|their|its|this|that|these|those)\s)|(?i:\bwhom?\s+(?:did|does|do|will|would|should|could|can|has|have|had)\s+)\p{Lu}`)
})

// qualifies reports whether the question's word at its i-th field says
// whose the person asked for is.
func qualifies(fields []string, i int) bool {
	return i+1 < len(fields) && whoseWords().MatchString(strings.Join(fields[i+1:min(len(fields), i+4)], " "))
}

// leads reports whether the question's word at its i-th field is the side
// someone led: "who led the russians in istanbul", "who headed the
// ukrainian side" asks for one of that side's people.
func leads(fields []string, i int) bool {
	return i >= 2 && strings.EqualFold(fields[i-1], "the") && leadVerbs()[strings.ToLower(fields[i-2])]
}

var leadVerbs = sync.OnceValue(func() map[string]bool {
	return wordSet(`led lead leads leading headed head heads heading represented represent represents`)
})

// capitalHint returns, for a refusal that names a capital the articles
// never write, a sentence that names its country where they do: "When was
// the Riyadh meeting?" over articles that say "the meeting in Saudi
// Arabia" is refused (the city is not the country: another city of it may
// be meant), and the asker learns what to ask about instead. "" for none.
func capitalHint(ix *retrieval.Index, missing []string) string {
	if len(missing) != 1 {
		// "what did olaf scholz say about the riyadh meeting": asking
		// about Saudi Arabia would not find Scholz either.
		return ""
	}
	for _, w := range missing {
		for _, c := range retrieval.Capitals() {
			if !strings.EqualFold(c.City, w) || len(c.Country) == 0 {
				continue
			}
			for _, name := range c.Country {
				terms := ix.Analyze(name)
				if len(terms) > 0 && !slices.ContainsFunc(terms, func(t string) bool { return ix.DocFreq(t) == 0 }) {
					return "They do mention " + c.Country[0] + " (" + c.City + " is its capital): ask about " + c.Country[0] + " instead."
				}
			}
		}
	}
	return ""
}
