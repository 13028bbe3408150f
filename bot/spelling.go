package bot

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/hbollon/go-edlib"

	"github.com/talkbot/talkbot/bot/internal/wordlist"
	"github.com/talkbot/talkbot/retrieval"
)

// A misspelt name ("Zelenksy", "Lavorv", "peskow") finds nothing: BM25 has
// no passage with it, and the judge takes it for a name the articles never
// mention, in LLM mode too. The question is therefore read with such a word
// replaced by the articles' name nearest to it, and the answer says so.
// Only a word that is no English word and that the articles never use is
// read so, and only as a name the articles write with a capital: "mood" is
// never read as "Modi".

// Correction is a word of a question read as a name of the articles.
type Correction struct {
	From string // as the question has it
	To   string // as the articles write it
}

// minCorrected is the shortest word read as another: in a shorter one a
// single edit makes a different name ("Xi", "Li").
const minCorrected = 4

// maxLookups bounds the words of one question compared with the names: a
// question of 2,000 characters of made-up words must not cost hundreds of
// scans of them. Few real questions misspell more than one or two.
const maxLookups = 6

// corpusName is a name the articles write, with how often.
type corpusName struct {
	lower, surface string
	single         string // lower with no letter doubled (undoubled)
	runes, count   int
}

// names are the capitalised words of a corpus that are no English words,
// by first letter: a misspelling rarely gets the first letter wrong, and
// that keeps the candidates few.
type names struct {
	byFirst map[rune][]corpusName
}

// snapshotNames builds a snapshot's names on first use: most questions
// have no misspelt word and never need them.
type snapshotNames struct {
	once  sync.Once
	names *names
	// acronyms are the names of institutions the articles write out in
	// full ("Associated Press"), by their initials ("AP"): a question
	// typed with the short form finds nothing otherwise. Read on the first
	// question with an acronym the articles never write.
	acrOnce  sync.Once
	acronyms map[string]string
}

// acronymsOf returns the snapshot's acronyms, reading them on first use.
func (s *snapshotNames) acronymsOf(c *retrieval.Corpus) map[string]string {
	s.acrOnce.Do(func() { s.acronyms = newAcronyms(c) })
	return s.acronyms
}

// newAcronyms reads the names of a corpus's passages an acronym may stand
// for (addAcronyms), keeping for each initials the name written most often.
func newAcronyms(c *retrieval.Corpus) map[string]string {
	spelt := map[string]map[string]int{} // initials → the names they stand for → how often
	if c != nil {
		for _, a := range c.Articles {
			for _, p := range a.Passages {
				addAcronyms(spelt, p.Text)
			}
		}
	}
	out := map[string]string{}
	for initials, full := range spelt {
		if name, ok := mostFrequent(full); ok {
			out[initials] = name
		}
	}
	return out
}

func (s *snapshotNames) get(c *retrieval.Corpus) *names {
	s.once.Do(func() { s.names = newNames(c) })
	return s.names
}

func newNames(c *retrieval.Corpus) *names {
	type seen struct {
		surface string
		count   int
	}
	counts := map[string]*seen{}
	add := func(text string) {
		for _, loc := range wordSpans(text) {
			w := text[loc[0]:loc[1]]
			if !capitalised(w) || utf8.RuneCountInString(w) < minCorrected {
				continue
			}
			lower := strings.ToLower(w)
			if s := counts[lower]; s != nil {
				s.count++
			} else if wordlist.Class(lower) == 0 || midSentence(text[:loc[0]]) {
				// No English word, or one written as a name: "Trump" in
				// "talks with Trump", not "However" opening a sentence.
				counts[lower] = &seen{w, 1}
			}
		}
	}
	if c != nil {
		for _, a := range c.Articles {
			add(a.Headline)
			for _, p := range a.Passages {
				add(p.Text)
			}
		}
	}
	n := &names{byFirst: map[rune][]corpusName{}}
	for lower, s := range counts {
		r, _ := utf8.DecodeRuneInString(lower)
		n.byFirst[r] = append(n.byFirst[r], corpusName{lower, s.surface, undoubled(lower), utf8.RuneCountInString(lower), s.count})
	}
	return n
}

// addAcronyms counts in spelt the names of text that an acronym may stand
// for: two to six capitalised words in a row, "of" and "for" between them
// ("Associated Press", "Secretary of State"), under their initials. The
// last word must be an English word, as an institution's is ("Union",
// "Press"): a name that ends in no English word is a person's ("Vladimir
// Putin"), whose initials stand for no one in the news.
func addAcronyms(spelt map[string]map[string]int, text string) {
	spans := wordSpans(text)
	var run [][2]int // the capitalised words of the current name
	count := func(initials, name string) {
		if spelt[initials] == nil {
			spelt[initials] = map[string]int{}
		}
		spelt[initials][name]++
	}
	flush := func() {
		for i := range run {
			for j := i + 2; j <= min(len(run), i+6); j++ {
				last := text[run[j-1][0]:run[j-1][1]]
				if wordlist.Class(strings.ToLower(last)) == 0 {
					continue // "Vladimir Putin": a person, not an institution
				}
				name := text[run[i][0]:run[j-1][1]]
				// The initials of its capitalised words, and with those of
				// its "of"s: "Department of Defense" is "DD" and "DOD".
				var short, long strings.Builder
				for _, loc := range wordSpans(name) {
					r, _ := utf8.DecodeRuneInString(name[loc[0]:])
					long.WriteRune(unicode.ToUpper(r))
					if unicode.IsUpper(r) {
						short.WriteRune(r)
					}
				}
				count(short.String(), name)
				if long.Len() != short.Len() {
					count(long.String(), name)
				}
			}
		}
		run = run[:0]
	}
	for k, loc := range spans {
		w := text[loc[0]:loc[1]]
		gap := ""
		if k > 0 {
			gap = text[spans[k-1][1]:loc[0]]
		}
		joins := acronymJoins(text, spans, k)
		if len(run) > 0 && gap != " " && !joins {
			flush() // a name does not go on over punctuation
		}
		switch {
		case isTitleCase(w):
			run = append(run, loc)
		case joins:
			// "of" inside a name: it stays open
		default:
			flush()
		}
	}
	flush()
}

// acronymJoins reports whether the word at spans[k] is an "of" or "for"
// inside a name, between two capitalised words, spaces only around it.
func acronymJoins(text string, spans [][2]int, k int) bool {
	if k == 0 || k+1 >= len(spans) {
		return false
	}
	w := text[spans[k][0]:spans[k][1]]
	return (w == "of" || w == "for") && text[spans[k-1][1]:spans[k][0]] == " " &&
		text[spans[k][1]:spans[k+1][0]] == " " && isTitleCase(text[spans[k+1][0]:spans[k+1][1]])
}

// mostFrequent returns the name written most often, if no other is as
// often.
func mostFrequent(full map[string]int) (string, bool) {
	best, n, tied := "", 0, false
	for name, c := range full {
		switch {
		case c > n:
			best, n, tied = name, c, false
		case c == n:
			tied = true
		}
	}
	return best, !tied
}

// midSentence reports whether a word that follows before stands inside a
// sentence, not at its start.
func midSentence(before string) bool {
	before = strings.TrimRight(before, " \t\"“‘'(")
	r, _ := utf8.DecodeLastRuneInString(before)
	return before != "" && !strings.ContainsRune(".!?:\n", r)
}

// correct returns question with each misspelt name replaced by the name of
// the articles nearest to it, and the replacements; question itself when
// there are none. A word is misspelt when the index holds none of its terms,
// it is no English word, and exactly one name (the most frequent among
// equally near ones) is within one edit (a swap of two letters is one)
// without being its stem or an inflection of it ("Korean" is not "Korea"
// misspelt, nor "Zakharova" "Zakharov"). A word next to a capitalised word
// the articles never use is part of a name they do not know ("Sauli
// Niinisto" is no misspelt "Saudi") and is left as written.
func (s *snapshotNames) correct(ix *retrieval.Index, question string) (string, []Correction) {
	locs := wordSpans(question)
	var to []string // by word; nil while no word is misspelt, as in most questions
	looked := 0
	read := func(i int, as string) {
		if to == nil {
			to = make([]string, len(locs))
		}
		to[i] = as
	}
	for i, loc := range locs {
		w := question[loc[0]:loc[1]]
		if full, ok := s.spelledOut(ix, w); ok {
			read(i, full)
			continue
		}
		if !mayBeMisspelt(ix, w) {
			continue
		}
		if looked++; looked > maxLookups {
			break
		}
		if t, ok := s.nearest(ix, w); ok {
			read(i, t)
		}
	}
	if to == nil {
		return question, nil
	}
	// unknownNext reports whether word j is a name the articles never use
	// (and no misspelling) that stands next to word i, only spaces between.
	unknownNext := func(i, j int) bool {
		if j < 0 || j >= len(locs) || to[j] != "" ||
			strings.TrimSpace(question[locs[min(i, j)][1]:locs[max(i, j)][0]]) != "" {
			return false
		}
		w := question[locs[j][0]:locs[j][1]]
		return capitalised(w) && wordlist.Class(strings.ToLower(w)) == 0 && !known(ix, w) // not "Did"
	}
	var fixes []Correction
	var b strings.Builder
	last := 0
	for i, loc := range locs {
		if to[i] == "" || unknownNext(i, i-1) || unknownNext(i, i+1) {
			continue
		}
		b.WriteString(question[last:loc[0]])
		b.WriteString(to[i])
		last = loc[1]
		fixes = append(fixes, Correction{From: question[loc[0]:loc[1]], To: to[i]})
	}
	if fixes == nil {
		return question, nil
	}
	b.WriteString(question[last:])
	return b.String(), fixes
}

// wordSpans returns where the words of s (runs of letters) start and end.
func wordSpans(s string) [][2]int {
	var spans [][2]int
	start := -1
	for i, r := range s {
		switch {
		case isWordRune(r) && start < 0:
			start = i
		case !isWordRune(r) && start >= 0:
			spans = append(spans, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		spans = append(spans, [2]int{start, len(s)})
	}
	return spans
}

// isWordRune reports whether r belongs to a word: a letter, or a mark
// combined with one ("ó" typed as "o" and U+0301).
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.In(r, unicode.Mn, unicode.Mc) }

// inflected reports whether a is b with an ending that makes a people, a
// language or a plural of a name: "Korean", "Russians", "Chinese".
func inflected(a, b string) bool {
	rest, ok := strings.CutPrefix(a, b)
	return ok && nameEndings[rest]
}

var nameEndings = map[string]bool{"n": true, "an": true, "ian": true, "s": true, "es": true, "ese": true, "ish": true, "ic": true,
	"a": true} // "Zakharova" is a woman of the Zakharov family, not a misspelling

// known reports whether the index holds a term of w.
func known(ix *retrieval.Index, w string) bool {
	for _, t := range ix.Analyze(w) {
		if ix.DocFreq(t) > 0 {
			return true
		}
	}
	return false
}

// spelledOut returns the name an acronym the articles never write stands
// for in them: "AP", which they write out as "Associated Press"
// (acronymsOf), or "UK", whose country they call "Britain"
// (countryAcronyms).
func (s *snapshotNames) spelledOut(ix *retrieval.Index, w string) (string, bool) {
	// Every word of every question comes here: no copy of it is made
	// until it is an acronym ("uk" matched without changing case).
	country := ""
	for a, name := range countryAcronyms() { // a handful
		if strings.EqualFold(a, w) {
			country = name
		}
	}
	if !isAcronym(w) && country == "" || known(ix, w) {
		return "", false
	}
	if full, ok := s.acronymsOf(ix.Corpus())[strings.ToUpper(w)]; ok {
		return full, true
	}
	return country, country != "" && known(ix, country)
}

// countryAcronyms maps the acronyms of the capitals table's countries and
// unions to the name each is listed under first, when that is a word:
// "UK" → "Britain" (retrieval.Capitals). Typed in lower case too ("the
// uk"), as chat types it.
var countryAcronyms = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	for _, k := range retrieval.Capitals() {
		for _, names := range [][]string{k.Country, k.Seat} {
			if len(names) == 0 || strings.Contains(names[0], " ") || isAcronym(names[0]) {
				continue
			}
			for _, n := range names[1:] {
				if a := strings.ReplaceAll(n, ".", ""); isAcronym(a) {
					out[a] = names[0]
				}
			}
		}
	}
	return out
})

// isAcronym reports whether w is written as an acronym: two to six
// capital letters, or an "o" among them for an "of" ("DoD", "MoD").
func isAcronym(w string) bool {
	n := utf8.RuneCountInString(w)
	r, _ := utf8.DecodeRuneInString(w)
	l, _ := utf8.DecodeLastRuneInString(w)
	return n >= 2 && n <= 6 && unicode.IsUpper(r) && unicode.IsUpper(l) &&
		!strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsUpper(r) && r != 'o' })
}

// mayBeMisspelt reports whether w is a word correct looks up: long enough,
// no English word, and no term of the articles (nor a spelling alias of
// one).
func mayBeMisspelt(ix *retrieval.Index, w string) bool {
	return utf8.RuneCountInString(w) >= minCorrected && wordlist.Class(strings.ToLower(w)) == 0 && !known(ix, w)
}

// nearest returns the name of the articles w misspells, if any; w is a
// word mayBeMisspelt.
func (s *snapshotNames) nearest(ix *retrieval.Index, w string) (string, bool) {
	size := utf8.RuneCountInString(w)
	lower := strings.ToLower(w)
	n := s.get(ix.Corpus()) // only now: most questions never need the names
	// One edit only: two turn "Johansson" into "Johnson", another person.
	const maxEdits = 1
	first, _ := utf8.DecodeRuneInString(lower)
	var best corpusName
	bestEdits, tied := maxEdits+1, false
	single := undoubled(lower)
	for _, c := range n.byFirst[first] {
		if inflected(lower, c.lower) || inflected(c.lower, lower) {
			continue
		}
		d := maxEdits + 1
		if c.runes >= size-maxEdits && c.runes <= size+maxEdits {
			d = edlib.OSADamerauLevenshteinDistance(lower, c.lower)
		}
		if d > maxEdits && single == c.single {
			// "Kelog" for "Kellogg": a letter written once that the name
			// doubles (or twice where it has one) is the commonest slip in
			// a name, and changes no other letter; it counts as one edit.
			d = maxEdits
		}
		switch {
		case d > bestEdits:
		case d < bestEdits || c.count > best.count:
			best, bestEdits, tied = c, d, false
		case c.count == best.count:
			tied = true
		}
	}
	if bestEdits > maxEdits || tied {
		return "", false
	}
	return best.surface, true
}

// undoubled returns s with each run of one letter written once: "kellogg"
// is "kelog".
func undoubled(s string) string {
	var b strings.Builder
	var last rune = -1
	for _, r := range s {
		if r != last {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

// CorrectionNote is the line that tells the user how text was read
// (`Read “Zelenksy” as “Zelensky”.`), or "" when there are no corrections.
func CorrectionNote(fixes []Correction) string {
	if len(fixes) == 0 {
		return ""
	}
	parts := make([]string, len(fixes))
	for i, c := range fixes {
		parts[i] = "“" + c.From + "” as “" + c.To + "”"
	}
	return "Read " + strings.Join(parts, ", ") + "."
}

// ReadNames returns text (a timeline's topic, say) with its misspelt names
// read as the articles' names the engine answers from, as Ask reads a
// question's.
func (e *Engine) ReadNames(text string) (string, []Correction) {
	snap := e.snap.Load()
	return snap.facts.names.correct(snap.Index, text)
}

// ReadNames is Engine.ReadNames for one use, without an engine: it reads
// the names of ix's articles afresh.
func ReadNames(ix *retrieval.Index, text string) (string, []Correction) {
	var s snapshotNames
	return s.correct(ix, text)
}
