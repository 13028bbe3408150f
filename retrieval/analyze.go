package retrieval

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"golang.org/x/text/unicode/norm"
)

// Analyze turns text into index terms: words are split on anything but
// letters and digits, folded to lower case without diacritics or curly
// quotes, stop words and contractions ("won't") dropped, spellings unified
// by the default aliases (see DefaultAliases), lower-case irregular past
// forms mapped to their base ("met" → meet, irregular.txt) and the rest
// stemmed with the Snowball English stemmer.
// Questions and passages go through the same function, so "negotiations"
// finds "negotiators". An index built with other aliases analyses with
// Index.Analyze.
func Analyze(text string) []string { return analyze(text, nil) }

// Analyze is the package's Analyze with the index's aliases: the terms to
// look up in this index.
func (ix *Index) Analyze(text string) []string { return analyze(text, ix.params.Aliases) }

func analyze(text string, al *Aliases) []string {
	var out []string
	words(text, func(w []byte, upper bool) {
		if t := termOf(string(w), upper, al); t != "" {
			out = append(out, t)
		}
	})
	return out
}

// words calls fn with each word of text, folded (see foldWord), and whether
// it was written in capitals. fn must not keep the slice.
func words(text string, fn func(folded []byte, upper bool)) {
	var buf []byte
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && !isASCIIWord(c) {
			i++ // fast path: ASCII space and punctuation
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		var upper bool
		i, upper = wordEnd(text, i)
		if w := text[start:i]; hasCJK(w) {
			cjkWords(w, fn) // Chinese, Japanese, Korean: bigrams, see cjk.go
			continue
		}
		buf = foldWord(buf[:0], text[start:i])
		if len(buf) == 0 {
			continue // only combining marks or apostrophes, or a contraction
		}
		fn(buf, upper)
	}
}

// wordEnd returns the end of the word that starts at text[start], a word
// rune, and whether it is written in capitals (no lower-case letter). A word
// runs over letters and digits, keeps inner apostrophes, and keeps inner
// periods of acronyms and decimals ("U.S.", "2.5").
func wordEnd(text string, start int) (end int, upper bool) {
	i := start
	upper = true
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf && c != '.' && c != '\'' {
			// Fast path for ASCII, most of any English text.
			if !isASCIIWord(c) {
				break
			}
			if 'a' <= c && c <= 'z' {
				upper = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			if unicode.IsLower(r) {
				upper = false
			}
			i += size
			continue
		}
		if (r == '.' || r == '\'' || r == '’') && i+size < len(text) {
			n, _ := utf8.DecodeRuneInString(text[i+size:])
			if isWordRune(n) && (r != '.' || innerPeriod(text[start:i], n)) {
				i += size
				continue
			}
		}
		break
	}
	return i, upper
}

// vocab numbers the terms of the texts one goroutine analyses during an
// index build. It memoises the term of each folded word, since the same
// words recur millions of times and stemming is the costliest step; words
// written in capitals are kept apart (see termOf).
type vocab struct {
	words        *wordTable       // folded word of up to 16 bytes → term id, -1 for a stop word
	lower, upper map[string]int32 // longer folded words → term id, -1 for a stop word
	ids          map[string]int32 // term → term id
	terms        []string         // term id → term
	sorted       []int32          // term ids in term order, once sort ran
	shared       *TermCache
	buf          []byte // the word being folded
	cjkBuf, gram []byte // a CJK run and the word or gram looked up (see cjk.go)
}

// sort fills v.sorted. Terms are compared by their first 8 bytes as one
// integer, and as strings only where those are equal: half the time of
// comparing strings throughout (3.8 against 7 ms for 35,000 terms).
func (v *vocab) sort() {
	type ref struct {
		prefix uint64 // the term's first 8 bytes, big endian, zero-padded
		id     int32
	}
	refs := make([]ref, len(v.terms))
	for i, t := range v.terms {
		var p uint64
		for j := range 8 {
			p <<= 8
			if j < len(t) {
				p |= uint64(t[j])
			}
		}
		refs[i] = ref{p, int32(i)}
	}
	// Zero padding keeps the integers' order the strings' order: where they
	// differ, either both bytes are real, or the shorter term is a prefix
	// of the other.
	slices.SortFunc(refs, func(a, b ref) int {
		if c := cmp.Compare(a.prefix, b.prefix); c != 0 {
			return c
		}
		return strings.Compare(v.terms[a.id], v.terms[b.id])
	})
	v.sorted = make([]int32, len(refs))
	for i, r := range refs {
		v.sorted[i] = r.id
	}
}

// TermCache remembers the index term of every word it has seen (stemming
// is the costliest step of a build). One kept across builds (Params.Terms)
// lets a rebuild after new articles arrive stem only their new words; a
// build without one stems each distinct word once per worker. It is safe for concurrent use,
// and its zero value is ready to use. It grows with the vocabulary of every
// corpus it has seen.
type TermCache struct {
	mu           sync.Mutex // guards aliases
	aliases      *Aliases   // those the terms were made with
	lower, upper sync.Map   // folded word → term ("" for a stop word)
	used         atomic.Bool
	// perBuild marks the cache of a build without Params.Terms: it
	// remembers nothing, since each worker's vocab already maps every word
	// it has seen to its term, and the next build will not ask again.
	// Sharing terms between the workers through the sync.Map cost more
	// than stemming a word twice (a third of SciFact's build).
	perBuild bool
}

// forAliases returns c if its terms were made with al (or it is new), else
// a new cache: terms depend on the aliases.
func (c *TermCache) forAliases(al *Aliases) *TermCache {
	al = al.orDefault()
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.used.Load() {
		c.aliases = al
	}
	if c.aliases != al {
		return &TermCache{aliases: al}
	}
	return c
}

// newVocab returns a vocab sized for about size distinct words: growing a
// map rehashes it, which cost a tenth of a small build.
func newVocab(shared *TermCache, size int) *vocab {
	return &vocab{words: newWordTable(size), lower: map[string]int32{}, upper: map[string]int32{},
		ids: make(map[string]int32, size), shared: shared, buf: make([]byte, 0, 64)}
}

// term returns termOf(w, upper) through the cache. A sync.Map, not a
// locked map: the workers of a build miss on new words all the time, and a
// lock made them wait for each other (SciFact's build took 60% longer).
func (c *TermCache) term(w string, upper bool) string {
	if c.perBuild {
		return termOf(w, upper, c.aliases)
	}
	m := &c.lower
	if upper {
		m = &c.upper
	}
	if t, ok := m.Load(w); ok {
		return t.(string)
	}
	c.used.Store(true)
	t := termOf(w, upper, c.aliases)
	m.Store(w, t)
	return t
}

// analyze appends to ids the id of each term of text: what Analyze gives,
// as vocab ids (TestBuildAnalysisMatchesAnalyze). A word of ASCII letters
// and digits, most words of English text, is scanned, folded and looked up
// in one pass; any other goes through wordEnd and foldWord as in words.
func (v *vocab) analyze(text string, ids []int32) []int32 {
	buf := v.buf[:0]
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if !isASCIIWord(c) {
				i++
				continue
			}
			// Fold while scanning. The word ends at the first other byte
			// unless that byte may continue it: a non-ASCII rune, or a
			// period or apostrophe before anything but ASCII punctuation
			// or space.
			buf = buf[:0]
			upper := true
			j := i
		scan:
			for ; j < len(text); j++ {
				c := text[j]
				switch {
				case 'a' <= c && c <= 'z':
					upper = false
				case 'A' <= c && c <= 'Z':
					c += 'a' - 'A'
				case '0' <= c && c <= '9':
				default:
					break scan
				}
				buf = append(buf, c)
			}
			if j == len(text) || text[j] < utf8.RuneSelf && (text[j] != '.' && text[j] != '\'' ||
				j+1 == len(text) || text[j+1] < utf8.RuneSelf && !isASCIIWord(text[j+1])) {
				i = j
				if id := v.wordID(buf, upper); id >= 0 {
					ids = append(ids, id)
				}
				continue
			}
		} else if r, size := utf8.DecodeRuneInString(text[i:]); !isWordRune(r) {
			i += size
			continue
		}
		start := i
		var upper bool
		i, upper = wordEnd(text, i)
		if w := text[start:i]; hasCJK(w) {
			ids = v.cjk(w, ids) // see cjk.go
			continue
		}
		if buf = foldWord(buf[:0], text[start:i]); len(buf) > 0 {
			if id := v.wordID(buf, upper); id >= 0 {
				ids = append(ids, id)
			}
		}
	}
	v.buf = buf
	return ids
}

// wordID returns the id of the term of the folded word w, -1 for a stop
// word. w's backing array must have wordTableMax bytes of capacity (v.buf
// has).
func (v *vocab) wordID(w []byte, upper bool) int32 {
	var id int32
	if len(w) <= wordTableMax {
		k0, k1, meta := wordKey(w, upper)
		var ok bool
		if id, ok = v.words.get(k0, k1, meta); !ok {
			id = v.newWord(string(w), upper)
			v.words.put(k0, k1, meta, id)
		}
	} else {
		m := v.lower
		if upper {
			m = v.upper
		}
		var ok bool
		if id, ok = m[string(w)]; !ok { // does not allocate
			word := string(w)
			id = v.newWord(word, upper)
			m[word] = id
		}
	}
	return id
}

// newWord returns the term id of a word the vocab has not seen, -1 for a
// stop word.
func (v *vocab) newWord(word string, upper bool) int32 {
	t := v.shared.term(word, upper)
	if t == "" {
		return -1
	}
	id, ok := v.ids[t]
	if !ok {
		id = int32(len(v.terms))
		v.ids[t] = id
		v.terms = append(v.terms, t)
	}
	return id
}

// termOf maps a folded word to its index term, or "" for a stop word. upper
// says the word was written in capitals, which makes it an acronym rather
// than a stop word ("US", "IT").
func termOf(term string, upper bool, al *Aliases) string {
	if isCJKTerm(term) {
		return term // a CJK gram is its own term (see cjk.go)
	}
	if upper && term == "us" {
		return "usa" // "US", the country, not the pronoun
	}
	if a, ok := al.lookup(term); ok {
		return stem(a)
	}
	if (!upper || len(term) < 2) && english.IsStopWord(term) {
		return ""
	}
	if !upper {
		// "met" is indexed as "meet", so a question about a meeting finds
		// "X met Y". An all-capital word is an acronym ("LED"), not a verb.
		term = baseForm(term)
	}
	return stem(term)
}

func isASCIIWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIIWord(byte(r))
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// innerPeriod reports whether a period inside a word joins it: between digits
// (2.5) or after a single letter of an acronym (U.S).
func innerPeriod(before string, next rune) bool {
	last, _ := utf8.DecodeLastRuneInString(before)
	if unicode.IsDigit(last) && unicode.IsDigit(next) {
		return true
	}
	seg := before
	if k := strings.LastIndexByte(before, '.'); k >= 0 {
		seg = before[k+1:]
	}
	return utf8.RuneCountInString(seg) == 1 && unicode.IsLetter(last) && unicode.IsLetter(next)
}

// foldWord appends word to buf in lower case, without diacritics and
// apostrophes, and with a possessive 's dropped. A contraction ("won't",
// "they'd") appends nothing: it is made of stop words, which the stop list
// would not know once the apostrophe is gone ("wont", and "we'll" would be
// "well").
func foldWord(buf []byte, word string) []byte {
	ascii := true
	for i := 0; i < len(word); i++ {
		if word[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		start := len(buf)
		for i := 0; i < len(word); i++ {
			c := word[i]
			if c == '\'' {
				if isContraction(word[i:]) {
					return buf[:start]
				}
				continue
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
		}
		if n := len(word); n > 2 && (word[n-2:] == "'s" || word[n-2:] == "'S") {
			buf = buf[:len(buf)-1]
		}
		return buf
	}
	if i := strings.IndexAny(word, "'’"); i >= 0 && isContraction(word[i:]) {
		return buf
	}
	word = norm.NFKD.String(word)
	for _, r := range word {
		switch {
		// A compatibility form may decompose to a space and a mark
		// ("ͺ", Arabic "ﹰ"): neither belongs in a term.
		case r == '\'' || r == '’' || unicode.Is(unicode.Mn, r) || unicode.IsSpace(r):
			continue
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			buf = append(buf, byte(r))
		default:
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		}
	}
	// Possessive: "putin's" → "putin". The apostrophe is gone by now, so look
	// at the source word.
	if n := len(word); n > 2 && (strings.HasSuffix(word, "'s") || strings.HasSuffix(word, "’s") || strings.HasSuffix(word, "'S")) {
		buf = buf[:len(buf)-1]
	}
	return buf
}

// isContraction reports whether tail, the end of a word from an
// apostrophe on, ends an English contraction: "n't", "'d", "'ll", "'re",
// "'ve" or "'m" ("won't", "they'd", "we've"), written with either
// apostrophe.
func isContraction(tail string) bool {
	tail = strings.Replace(tail, "’", "'", 1)
	switch strings.ToLower(tail) {
	case "'t", "'d", "'ll", "'re", "'ve", "'m":
		return true
	}
	return false
}

// stem reduces a folded term to its Snowball stem. Variant transliterations
// ending in -iy/-yy are folded first; numbers and acronyms are left alone.
func stem(term string) string {
	if len(term) >= 5 && (strings.HasSuffix(term, "yy") || strings.HasSuffix(term, "iy")) {
		term = term[:len(term)-2] + "y"
	}
	for i := 0; i < len(term); i++ {
		if c := term[i]; c == '.' || ('0' <= c && c <= '9') {
			return term
		}
	}
	if s, ok := snowballASCII(term); ok {
		return s
	}
	return english.Stem(term, true)
}
