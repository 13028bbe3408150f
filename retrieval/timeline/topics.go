package timeline

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"

	"github.com/talkbot/talkbot/retrieval"
)

// topic is a name or subject of the corpus and how many passages mention it.
type topic struct {
	name  string
	lower string
	count int
}

var (
	// A run of capitalised words, which may hold "of" ("Ministry of
	// Defence"), initials ("U.S.") and hyphens ("Putin-Trump").
	nameRunRe = lazyRe(`\p{Lu}[\p{L}\p{Mn}.'’\-]*(?:\s+(?:of\s+(?:the\s+)?)?\p{Lu}[\p{L}\p{Mn}.'’\-]*|\s+(?:I|II|III|IV)\b)*`)
	wordRe    = lazyRe(`\p{L}[\p{L}\p{Mn}'’\-]*`)
	// initialsRe matches "U.S." and "U.N.", whose periods belong to them.
	initialsRe = lazyRe(`^(?:\p{Lu}\.)+$`)
)

// calendarWord reports whether a capitalised word is a date, not a topic:
// a month's name or abbreviation as running text writes it ("March",
// "Sept"; not "MARCH") or a weekday.
func calendarWord(w string) bool {
	if _, ok := weekdays[w]; ok {
		return true
	}
	if w == "" || w[0] < 'A' || w[0] > 'Z' || strings.ToLower(w[1:]) != w[1:] {
		return false
	}
	_, ok := retrieval.MonthNamed(w)
	return ok
}

// titles are words of office that precede a name but are not one.
var titles = map[string]bool{
	"President": true, "Prime": true, "Minister": true, "Secretary": true, "Chancellor": true,
	"Spokesman": true, "Spokeswoman": true, "Deputy": true, "Foreign": true, "Senator": true,
	"Sen.": true, "Rep.": true, "Gov.": true, "Gen.": true, "General": true, "Mr.": true,
	"Mrs.": true, "Ms.": true, "Dr.": true, "Envoy": true, "Special": true, "Ambassador": true,
	"of": true,
}

// isCommonWord reports a word capitalised only because it opens a sentence
// or a quote ("The", "But"), or too short to name anything.
func isCommonWord(w string) bool {
	lw := strings.ToLower(w)
	return english.IsStopWord(lw) || len(w) < 3
}

// minSubjectPassages is how many passages must mention a common word for it
// to be a subject of the corpus. Names of people, places and organisations
// are topics from their first mention; a common word met once or twice
// ("details", "goals") is what one story says in passing, not what the
// corpus is about.
const minSubjectPassages = 3

// findTopics collects the people, places and organisations (runs of
// capitalised words, less publishers and news agencies) and the subjects
// (nouns found in several passages, less generic news words) of a corpus,
// most mentioned first.
func findTopics(c *retrieval.Corpus) []topic {
	type sentence struct{ pid, text string }
	var sents []sentence
	for _, a := range c.Articles {
		for _, p := range a.Passages {
			for _, s := range retrieval.SplitSentences(p.Text) {
				sents = append(sents, sentence{p.ID, s})
			}
		}
	}
	// Words capitalised inside a sentence are names wherever they stand;
	// others are capitalised only because they open one ("Fears", "Senior").
	inner := map[string]bool{}
	for _, s := range sents {
		for _, m := range wordRe().FindAllStringIndex(s.text, -1) {
			w := s.text[m[0]:m[1]]
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) && m[0] > 0 && !isQuoteStart(s.text, m[0]) {
				inner[strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")] = true
			}
		}
	}
	// Words recur: classify each once.
	subjects := map[string]bool{}
	subject := func(w string) bool {
		ok, seen := subjects[w]
		if !seen {
			ok = isSubjectWord(w)
			subjects[w] = ok
		}
		return ok
	}
	names := map[string]map[string]bool{} // name → passages
	cited := map[string]bool{}            // names seen other than as a source ("told Reuters")
	words := map[string]map[string]bool{}
	nounish := map[string]bool{} // words that head a noun phrase somewhere
	note := func(m map[string]map[string]bool, k, pid string) {
		if m[k] == nil {
			m[k] = map[string]bool{}
		}
		m[k][pid] = true
	}
	for _, s := range sents {
		for _, m := range nameRunRe().FindAllStringIndex(s.text, -1) {
			first := m[0] == 0 || isQuoteStart(s.text, m[0])
			source := isAttribution(s.text[:m[0]], s.text[m[1]:])
			for _, n := range splitName(s.text[m[0]:m[1]], first, inner) {
				note(names, n, s.pid)
				if !source {
					cited[n] = true
				}
			}
		}
		for _, w := range phraseHeads(s.text, subject) {
			nounish[w] = true
		}
		for _, w := range wordRe().FindAllString(s.text, -1) {
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) && subject(w) && !genericWords()[w] {
				note(words, strings.ToLower(w), s.pid)
			}
		}
	}
	// Publishers and agencies are where the news comes from, not what it is
	// about: the articles' own publishers, and names seen only as a source.
	publishers := map[string]bool{}
	for _, a := range c.Articles {
		if p := strings.TrimSpace(a.Publisher); p != "" {
			publishers[strings.ToLower(p)] = true
		}
	}
	for n := range names {
		if !cited[n] || publishers[strings.ToLower(n)] {
			delete(names, n)
		}
	}
	// A single word that starts or ends a longer name ("Saudi", "Putin") is
	// left to it; spellings that analyse alike ("Zelenskyy", "Zelensky")
	// are one topic under the most mentioned.
	part := map[string]bool{}
	for n := range names {
		if f := strings.Fields(n); len(f) > 1 {
			part[f[0]], part[f[len(f)-1]] = true, true
		}
	}
	byKey := map[string]*topic{}
	for n, ps := range names {
		if !strings.Contains(n, " ") && part[n] {
			continue
		}
		key := strings.Join(retrieval.Analyze(n), " ")
		if key == "" {
			key = strings.ToLower(n)
		}
		t := topic{name: n, lower: strings.ToLower(n), count: len(ps)}
		if old, ok := byKey[key]; ok {
			if old.count > t.count || old.count == t.count && old.name < t.name {
				continue
			}
		}
		byKey[key] = &t
	}
	var out []topic
	for _, t := range byKey {
		out = append(out, *t)
	}
	for w, ps := range words {
		if len(ps) >= minSubjectPassages && nounish[w] && byKey[strings.Join(retrieval.Analyze(w), " ")] == nil {
			out = append(out, topic{name: w, lower: w, count: len(ps)})
		}
	}
	slices.SortFunc(out, func(a, b topic) int {
		return cmp.Or(cmp.Compare(b.count, a.count), cmp.Compare(a.lower, b.lower))
	})
	return out
}

func isQuoteStart(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return strings.ContainsRune(`"“‘'(`, r)
}

// splitName cuts a run of capitalised words into names: at titles
// ("U.S. President Donald Trump" → "U.S.", "Donald Trump"), at hyphens
// between names and at possessives, dropping a sentence's first word when it
// is a common one ("The Kremlin" → "Kremlin").
func splitName(run string, sentenceStart bool, inner map[string]bool) []string {
	var out []string
	var cur []string
	flush := func() {
		for len(cur) > 0 && cur[len(cur)-1] == "of" {
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			n := strings.Join(cur, " ")
			if len(cur) > 1 || !isCommonWord(n) {
				out = append(out, n)
			}
		}
		cur = nil
	}
	run = strings.ReplaceAll(run, "Secretary of State", "Secretary")
	fields := strings.Fields(run)
	for i, w := range fields {
		if strings.HasSuffix(w, ".") && !initialsRe().MatchString(w) && !titles[w] {
			w = strings.TrimRight(w, ".")
		}
		if calendarWord(w) {
			flush()
			continue
		}
		if i == 0 && sentenceStart && (isCommonWord(w) || !inner[strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")]) {
			continue
		}
		possessive := strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s")
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		if titles[w] || (w == "the" || w == "of") && len(cur) == 0 {
			flush()
			continue
		}
		if parts := strings.Split(w, "-"); len(parts) > 1 && allCapitalised(parts) {
			flush()
			for _, p := range parts {
				cur = []string{p}
				flush()
			}
			continue
		}
		cur = append(cur, w)
		if possessive {
			flush()
		}
	}
	flush()
	return out
}

func allCapitalised(parts []string) bool {
	for _, p := range parts {
		r, _ := utf8.DecodeRuneInString(p)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// genericWords are nouns and adjectives every news story uses, whatever it
// is about: not subjects to offer.
var genericWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("details detail part parts official officials possible statement statements " +
		"report reports source sources comment comments matter matters time times way ways people thing things " +
		"lot number level course side sides issue issues question questions situation situations fact facts " +
		"case cases point points kind sort end start beginning country countries news media reporters journalists " +
		"interview spokesman spokeswoman spokesperson effort efforts work move moves step steps order sense " +
		"account contents information view views others other further current previous latest possibility") {
		m[w] = true
	}
	return m
})

// attributionBefore and attributionAfter are the words around a name that
// make it the source of a report rather than a subject: "told Reuters",
// "according to the Associated Press", "Axios reported".
var (
	attributionBefore = []string{"told", "according to", "quoted by", "cited by", "reported by", "interview with",
		"speaking to", "spoke to", "statement to", "confirmed to", "said to", "wrote in", "writing in", "published by"}
	attributionAfter = []string{"reported", "reports", "news agency", "quoted", "cited", "said in a report", "newspaper reported", "wire service"}
)

// isAttribution reports whether a name between before and after is cited
// as the source of what is reported.
func isAttribution(before, after string) bool {
	b := strings.TrimRightFunc(before, unicode.IsSpace)
	if len(b) > 4 && strings.EqualFold(b[len(b)-4:], " the") {
		b = strings.TrimRightFunc(b[:len(b)-4], unicode.IsSpace)
	}
	for _, p := range attributionBefore {
		if n := len(b) - len(p); n >= 0 && strings.EqualFold(b[n:], p) && (n == 0 || !isLetterByte(b[n-1])) {
			return true
		}
	}
	a := strings.TrimLeftFunc(after, unicode.IsSpace)
	if len(a) == len(after) {
		return false // the name runs on ("Russia’s news agency"), or punctuation follows
	}
	for _, p := range attributionAfter {
		if len(a) >= len(p) && strings.EqualFold(a[:len(p)], p) && (len(a) == len(p) || !isLetterByte(a[len(p)])) {
			return true
		}
	}
	return false
}

// isLetterByte reports an ASCII letter or the byte of a multi-byte rune,
// for word boundaries next to the ASCII attribution phrases.
func isLetterByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// phraseHeads returns the lower-case words of s that head a noun phrase
// opened by a determiner: the last word of the phrase, after its modifiers
// ("the draft agreement", "a reported minerals agreement", "the talks").
// A modifier is never a head where it stands before its noun ("a
// high-level meeting", "a possible summit"). subject is isSubjectWord.
func phraseHeads(s string, subject func(string) bool) []string {
	var out []string
	ms := wordRe().FindAllStringIndex(s, -1)
	for i := 0; i < len(ms); i++ {
		if !determiners[strings.ToLower(s[ms[i][0]:ms[i][1]])] {
			continue
		}
		head := ""
		j := i + 1
		for ; j < len(ms); j++ {
			if strings.TrimSpace(s[ms[j-1][1]:ms[j][0]]) != "" {
				break // punctuation ends the phrase
			}
			w := s[ms[j][0]:ms[j][1]]
			lw := strings.ToLower(w)
			if english.IsStopWord(lw) || determiners[lw] || modals[lw] || calendarWord(w) || isDateWord(lw) || pastCues[lw] || lw == "says" {
				break
			}
			// A verb-like word after a noun ends the phrase: "the two sides agreed".
			if head != "" && subject(head) && (strings.HasSuffix(lw, "ed") || strings.HasSuffix(lw, "ly")) {
				break
			}
			head = w
		}
		if r, _ := utf8.DecodeRuneInString(head); head != "" && unicode.IsLower(r) && subject(head) {
			out = append(out, head)
		}
		i = j - 1
	}
	return out
}

// isDateWord reports the lower-case words of dates and periods that end a
// noun phrase ("a meeting last week"): the words dateTerms is made of, in
// their plain and plural forms.
func isDateWord(w string) bool {
	switch strings.TrimSuffix(w, "s") {
	case "today", "yesterday", "tomorrow", "week", "weekend", "month", "year", "day", "last", "next", "earlier", "later", "ago":
		return true
	}
	return false
}

// modals end a noun phrase: "the talks could affect".
var modals = map[string]bool{"would": true, "could": true, "should": true, "might": true, "may": true, "must": true, "shall": true}

// determiners open noun phrases: a subject word must head one somewhere.
var determiners = map[string]bool{
	"the": true, "a": true, "an": true, "its": true, "their": true, "his": true, "her": true,
	"our": true, "this": true, "these": true, "such": true, "any": true, "no": true,
}

// isSubjectWord keeps lower-case content words that can name a subject:
// not stop words, modals or verb forms.
func isSubjectWord(w string) bool {
	if len(w) < 3 || english.IsStopWord(w) || strings.ContainsAny(w, "'’") {
		return false
	}
	switch {
	case strings.HasSuffix(w, "ed"), strings.HasSuffix(w, "ly"), countWord(w) >= 0, dateTerms()[strings.Join(retrieval.Analyze(w), "")]:
		return false
	case modals[w]:
		return false
	}
	return true
}

// Topics returns up to limit people, places and subjects of the corpus that
// start with prefix (case-insensitive), for autocomplete. A name also
// matches by any of its words ("put" finds "Vladimir Putin"); whole-name
// matches come first, then the most mentioned.
func (t *Timeline) Topics(prefix string, limit int) []string {
	if limit <= 0 {
		return nil
	}
	p := strings.ToLower(strings.TrimSpace(prefix))
	var first, rest []string
	for _, tp := range t.topics {
		switch {
		case strings.HasPrefix(tp.lower, p):
			first = append(first, tp.name)
		case wordPrefix(tp.lower, p):
			rest = append(rest, tp.name)
		}
	}
	out := append(first, rest...)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

func wordPrefix(s, p string) bool {
	for _, w := range strings.Fields(s) {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}
