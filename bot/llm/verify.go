package llm

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/textclean"
)

// Citation check of a model's reply.
//
// Markers: "[2]", "[1][3]", "[1, 3]", "[1-3]", "[^2]", "[source 2]" and
// OpenAI's "【2†source】" are read as citations. A number that names no
// passage that was sent is removed, and so is every other short bracket
// ("[]", "[n]", "[?]", "[a]", "[-1]", "[1.5]", "[#2]", "[citation needed]"):
// nothing in brackets survives but a valid citation. A marker written as an
// example ("like [2]", "e.g. [1][3]") is no citation either, and a sentence
// that echoes the system prompt's rules is dropped whole, so the prompt's
// own example markers are never renumbered into real citations.
//
// Uncited sentences: a sentence left without any valid citation is kept only
// in two narrow shapes that make no claim about the world: a lead-in that
// ends with a colon and uses only the words of introductions ("Here is what
// the articles report:"; see leadInWords), or a note of what the articles
// do not cover that asks nothing new of them ("The articles don't say when
// they will meet again."; see isCoverageNote). Every other uncited sentence
// is removed (and counted in the log): the bot shows nothing that no
// passage supports.
//
// Links and mentions: one that no passage a sentence cites holds is
// removed, and the sentence's start before it with it when that shares no
// word with those passages (see guard.go).
//
// A source list the model adds despite the rules ("Sources:" and "[1] …"
// lines, or "Sources: [1] …" on one line or as a paragraph) is removed, and
// so is a lead-in left with nothing after it.
//
// Renumbering: sources are numbered per article, in order of first use, and
// the markers are rewritten to that numbering, merged and deduplicated per
// group and per run of adjacent markers ("[3][3]" → "[1]"; two passages of
// one article become one [n]). Which passages each [n] stands for is kept,
// so a reader can still see the exact text behind every citation.

var (
	// citeRe matches a citation marker; group 1 holds its numbers.
	citeRe = lazyRe(`(?i)[\[【]\s*\^?\s*(?:sources?|passages?|refs?)?\s*(\d+(?:\s*(?:,|;|&|and|-|–)\s*(?:sources?|passages?)?\s*\d+)*)\s*(?:†[^\]】]{0,20})?[\]】]`)
	// junkCiteRe matches markers that stand for a citation but name none.
	junkCiteRe = lazyRe(`(?i)\[\s*(?:\^|n|x|\?|\.\.\.|…|citation(?: needed)?|source|cite|ref)?\s*\]`)
	// citeAfterStop is a run of markers written after the sentence's full
	// stop (also a Chinese or Japanese one, "。[2]"); it is moved before it
	// so the sentence splitter keeps it with the sentence it belongs to.
	citeAfterStop = lazyRe(`([.!?。！？])((?:\s*[\[【][^\]】\n]{1,24}[\]】])+)`)
	numRe         = lazyRe(`\d+`)
	// sourcesHeading and sourceEntry match a source list the model wrote.
	sourcesHeading = lazyRe(`(?i)^[*_#\s]*(?:sources?|references?|citations?)[*_\s]*:?[*_\s]*$`)
	sourceEntry    = lazyRe(`^[\[【]\s*\^?\d+\s*(?:†[^\]】]*)?[\]】]\s*[:\-–]?\s*\S`)
	// inlineSources matches a source list written on one line or as a
	// paragraph, from its label on ("Sources: [1] Reuters, [2] AP").
	inlineSources = lazyRe(`(?i)(?:^|\s)[*_#]*(?:sources?|references?|citations?)[*_]*\s*:[*_\s]*[\[【]\s*\^?\d`)
	// citeRun matches adjacent markers after renumbering ("[1][1] [2]").
	citeRun      = lazyRe(`\[\d+\](?:[ \t]*\[\d+\])+`)
	spaceBeforeP = lazyRe(`[ \t]+([.,;:!?])`)
	multiSpace   = lazyRe(`[ \t]{2,}`)
	listPrefix   = lazyRe(`^\s*(?:[-*•]|\d+[.)])\s+`)
	// notCovered matches a note of what the articles do not say: the
	// articles, a negated verb of saying, and then nothing (group 1 empty)
	// or an embedded question (group 1: "when …", "whether …", "any …").
	// A "that" clause never matches: "don't mention that Y was arrested"
	// asserts the arrest.
	notCovered = lazyRe(`(?i)^(?:however,?\s+|but\s+|unfortunately,?\s+)?(?:the\s+)?(?:(?:provided|given|available)\s+)?(?:articles?|passages?|sources?|reports?)(?:\s+(?:provided|given))?\s+` +
		`(?:(?:do|does|did)(?:\s+not|n't)\s+(?:say|mention|report|state|specify|give|cover|include|provide|describe|explain|indicate|discuss|address|detail|name|identify|confirm)|never\s+(?:say|says|mention|mentions|report|reports|state|states)|(?:make|makes|give|gives|contain|contains|offer|offers|provide|provides)\s+no\s+(?:mention|information|details?|indication)(?:\s+(?:of|about|on|regarding))?)` +
		`((?:\s+(?:when|where|who|whom|whose|why|how|what|which|whether|if|anything|any)\b[^.!?]*)?)[.!]?$`)
	// exampleMarker matches a marker written as an example of the format.
	exampleMarker = lazyRe(`(?i)\b(?:like|e\.g\.,?|for example,?|such as|as in)\s*((?:[\[【][^\]】\n]{1,24}[\]】]\s*)+)`)
	// bracketRe matches any short bracketed text left after the citations
	// are read.
	bracketRe = lazyRe(`[\[【][^\[\]【】\n]{0,40}[\]】]`)
	// maskedLink matches a markdown link, "[words](https://…)".
	maskedLink = lazyRe(`\[([^\[\]\n]{1,80})\]\((https?://[^()\s]+)\)`)
)

// lazyRe returns a pattern compiled on first use, not at start-up: every
// command links this package, and most never read a model's reply.
func lazyRe(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}

// Verified is a reply after the citation check.
type Verified struct {
	Text string // with markers [1]..[len(Cited)]
	// Sources lists what each marker stands for: [n] cites the passages
	// sent[i] for i in Sources[n-1] (one article; its passages in order of
	// first use), those that hold what the sentences citing [n] say
	// (drawnOn), not every passage a marker named.
	Sources   [][]int
	Abstained bool
	Dropped   int // uncited sentences (and unrelated starts of cited ones, see guard) removed
	Invalid   int // citation numbers or markers removed
	Links     int // links no cited passage holds, removed
	Mentions  int // mentions no cited passage holds, removed
	// Unsupported counts cited sentences, or clauses of them, removed for
	// stating what their passages do not hold (a date, a number, a name;
	// see support.go and clauses.go), Recited those cited anew to the
	// passage that does hold it.
	Unsupported int
	Recited     int
	// UnsupportedSentences are those sentences and clauses, each with what
	// its passages lack, for a debug log: shortened, and anything like a
	// key removed.
	UnsupportedSentences []string
	// Repeated counts sentences removed for repeating one kept before
	// (a model caught in a loop writes the same sentence until the cap).
	Repeated int
}

// Verify checks raw against the passages that were sent (passage [n] is
// sent[n-1]). It fails with ErrNoCitedAnswer when no cited sentence remains
// and the reply is not an abstention.
func Verify(raw string, sent []retrieval.Result) (Verified, error) {
	var v Verified
	raw = strings.TrimSpace(textclean.Text(raw))
	if isRefusal(raw) {
		return Verified{Text: Refusal, Abstained: true}, nil
	}
	raw = citeAfterStop().ReplaceAllString(raw, "$2$1")
	raw = joinWrapped(raw)

	order := newNumbering(sent)
	order.settling = true
	var passageTerms map[string]bool // the sent passages' terms, analysed when first needed
	var lines []string
	cited, notes := 0, 0
	inSources := false
	shown := map[string]bool{} // the sentences kept, spaces normalised
	for _, line := range strings.Split(raw, "\n") {
		prefix := listPrefix().FindString(line)
		body := strings.TrimSpace(line[len(prefix):])
		if body == "" {
			if len(lines) > 0 && lines[len(lines)-1] != "" {
				lines = append(lines, "") // keep one paragraph break
			}
			continue
		}
		// A source list of the model's own, despite the rules: the
		// transports print the real one.
		if sourcesHeading().MatchString(body) {
			inSources = true
			continue
		}
		if sourceEntry().MatchString(body) || (inSources && citeRe().MatchString(body)) {
			continue
		}
		inSources = false
		if loc := inlineSources().FindStringIndex(body); loc != nil {
			// "Sources: [1] …" from here on; what comes before it stays.
			body = strings.TrimSpace(body[:loc[0]])
			inSources = true
			if body == "" {
				continue
			}
		}
		var kept []string
		for _, s := range retrieval.SplitWholeSentences(body) {
			order.named = order.named[:0]
			var r verdict // the support check's, for a cited sentence
			if echoesRules(s) {
				v.Dropped++ // the prompt's rules, not an answer
				continue
			}
			text, nums, bad := rewriteCitations(s, order)
			v.Invalid += bad
			text, links, mentions, cut := order.guard(text) // see guard.go
			v.Links += links
			v.Mentions += mentions
			if cut && text != "" {
				v.Dropped++ // the sentence's unrelated start
			}
			if nums > 0 {
				// The markers guard left (a dropped start may have held some).
				nums = len(shownRe().FindAllStringIndex(text, -1))
			}
			switch {
			case nums > 0 && !saysSomething(text):
				v.Dropped++ // "[1]" alone cites nothing said
				order.settle("")
				continue
			case nums > 0:
				// The specifics it states must be its passages', whole or
				// clause by clause (support.go, clauses.go).
				r = order.checkCited(text, s)
				v.Recited += r.recited
				v.Unsupported += len(r.dropped)
				v.UnsupportedSentences = append(v.UnsupportedSentences, r.dropped...)
				if r.text == "" {
					order.settle("")
					continue
				}
				text = r.text
				cited++
			case isLeadIn(text):
			case isCoverageNote(text, sent, &passageTerms):
				notes++
			default:
				v.Dropped++
				order.settle("")
				continue
			}
			if shown[spaced(text)] {
				// Said already, citing the same: kept sentences hold only
				// settled numbers, so a repeat holds no new one, and
				// settling it as dropped takes back only passages that
				// nothing kept cites.
				v.Repeated++
				order.settle("")
				continue
			}
			text = order.settle(text)
			order.drawnOn(text, r)
			shown[spaced(text)] = true
			kept = append(kept, text)
		}
		if len(kept) > 0 {
			lines = append(lines, strings.TrimLeft(prefix, " \t")+joinSentences(kept))
		}
	}
	// A lead-in with nothing after it introduces nothing.
	for len(lines) > 0 && (lines[len(lines)-1] == "" || isLeadIn(lines[len(lines)-1])) {
		lines = lines[:len(lines)-1]
	}
	if cited == 0 {
		if notes > 0 {
			// Only statements of what the articles lack: an abstention in
			// the model's own words.
			v.Text, v.Abstained = strings.TrimSpace(strings.Join(lines, "\n")), true
			return v, nil
		}
		if v.Unsupported > 0 {
			// The model did cite: what it cited does not say it.
			return v, ErrUnsupportedAnswer
		}
		return v, ErrNoCitedAnswer
	}
	v.Text = strings.TrimSpace(strings.Join(lines, "\n"))
	v.Sources = order.drawnSources()
	return v, nil
}

// unsupportedNote is a dropped sentence as the model wrote it (its markers
// the numbers of the passages sent) and what those passages lack, for the
// log: "Elvis Presley attended the meeting [7]." lacks name elvi presley
// (analysed terms). The sentence is the model's, so it is scrubbed as a
// server's message is.
func unsupportedNote(text string, lacks []string) string {
	return strconv.Quote(openaiapi.Scrub(text, "")) + " lacks " + strings.Join(lacks, ", ")
}

// spaced is s with its runs of white space made one space, to compare
// sentences by.
func spaced(s string) string { return strings.Join(strings.Fields(s), " ") }

// joinWrapped joins the lines of a reply that a line break cuts inside a
// sentence ("Lavrov hailed the meeting\nas very useful [1]."): each line is
// checked alone, so the uncited first half would be dropped and the second
// shown without its subject. A break stays where it marks a paragraph or a
// list item, and wherever the line after it does not read as the sentence
// going on (see continues).
func joinWrapped(raw string) string {
	if !strings.Contains(raw, "\n") {
		return raw
	}
	lines := strings.Split(raw, "\n")
	out := lines[:1]
	for _, l := range lines[1:] {
		if prev := out[len(out)-1]; continues(prev, l) {
			out[len(out)-1] = strings.TrimRight(prev, " \t") + " " + strings.TrimLeft(l, " \t")
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// continues reports whether line next goes on with the sentence that line
// prev leaves open: prev does not end one (nor a heading or a lead-in), and
// next is no list item and starts in lower case, or prev ends on a comma,
// a dash or a word no sentence ends with ("met with\nSergei Lavrov").
// "Summary\nThe envoys met" keeps its break: a heading is followed by a
// capital.
func continues(prev, next string) bool {
	p := strings.TrimSpace(prev)
	n := strings.TrimSpace(next)
	if p == "" || n == "" || strings.HasPrefix(p, "#") || listPrefix().MatchString(next) ||
		sourcesHeading().MatchString(p) || sourceEntry().MatchString(n) {
		return false
	}
	end := strings.TrimRight(p, `"'”’»)*_`+"`")
	last, _ := utf8.DecodeLastRuneInString(end)
	if strings.ContainsRune(".!?…:。！？", last) || last == utf8.RuneError {
		return false
	}
	if first, _ := utf8.DecodeRuneInString(n); unicode.IsLower(first) {
		return true
	}
	if strings.ContainsRune(",;–—", last) {
		return true
	}
	words := strings.Fields(end)
	return openWords()[strings.ToLower(words[len(words)-1])]
}

// openWords are words a sentence does not end with: what follows them on the
// next line is the same sentence.
var openWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but nor of to in on at by for with from as
		than that which who whom whose between among about into onto over under after before
		during since until while said says told called described`) {
		m[w] = true
	}
	return m
})

// numbering gives the sent passages their shown numbers: one per article,
// in order of first use.
type numbering struct {
	sent      []retrieval.Result
	byArticle map[string]int // article id → shown number
	cited     map[int]bool   // sent indexes already listed
	sources   [][]int        // shown number - 1 → sent indexes
	// With settling set (Verify), the numbers given since the last
	// settle are pending until it: a sentence that is dropped, or loses
	// markers to guard, must not leave a source that nothing cites.
	settling bool
	pending  []given
	settled  int // len(sources) at the last settle
	// named are the sent indexes the sentence being checked has named
	// (its markers, the passages it was cited anew to), and drawn those
	// that hold what the kept sentences say (drawnOn): the sources list
	// only these, not every passage a marker named.
	named    []int
	drawn    map[int]bool
	marks    []*passageMarks                            // by sent index, read on first use (guard.go)
	facts    []*supportFacts                            // by sent index, read on first use (support.go)
	names    map[string]bool                            // the words the passages write as names (support.go)
	articles map[*retrieval.Article]map[string]bool     // their articles' words (support.go)
	roles    map[*retrieval.Article]map[string][]string // the names after their titles (support.go)
}

// given is one passage listed under a shown number by number.
type given struct {
	sent, shown int
	article     string // the article's id, when the number was new
}

func newNumbering(sent []retrieval.Result) *numbering {
	return &numbering{sent: sent, byArticle: map[string]int{}, cited: map[int]bool{}}
}

// number returns the shown number of passage n (1-based) of those sent.
func (o *numbering) number(n int) int {
	id := o.sent[n-1].Passage.Article
	if o.sent[n-1].Article != nil {
		id = o.sent[n-1].Article.ID
	}
	shown, ok := o.byArticle[id]
	if !ok {
		o.sources = append(o.sources, nil)
		shown = len(o.sources)
		o.byArticle[id] = shown
	}
	if o.settling {
		o.named = append(o.named, n-1)
	}
	if !o.cited[n-1] {
		o.cited[n-1] = true
		o.sources[shown-1] = append(o.sources[shown-1], n-1)
		if o.settling {
			g := given{sent: n - 1, shown: shown}
			if !ok {
				g.article = id
			}
			o.pending = append(o.pending, g)
		}
	}
	return shown
}

// settle ends a sentence, text being what is kept of it ("" when it is
// dropped): the passages its markers listed that text no longer cites are
// taken back, and the numbers new in it are closed up in order of first
// use, so the sources stay 1..n, each cited by the answer. It returns text
// with its markers so renumbered.
func (o *numbering) settle(text string) string {
	if len(o.pending) == 0 {
		return text
	}
	keep := map[int]bool{}
	var used []int // the numbers new in this sentence, in order of first use
	for _, n := range shownNumbers(text) {
		keep[n] = true
		if n > o.settled {
			used = append(used, n)
		}
	}
	// Each shown number's pending passages are the last ones listed under
	// it, and all of them go or stay together: take them back from the end.
	for i := len(o.pending) - 1; i >= 0; i-- {
		g := o.pending[i]
		if keep[g.shown] {
			continue
		}
		delete(o.cited, g.sent)
		src := o.sources[g.shown-1]
		o.sources[g.shown-1] = src[:len(src)-1]
		if g.article != "" {
			delete(o.byArticle, g.article)
		}
	}
	// Numbers past the settled ones are new in this sentence: those still
	// cited take the next numbers in the order the text now uses them
	// (clauses cited anew may use them in another order than the markers
	// were written in), over those that went.
	moved := map[int]int{}
	next := o.settled
	sources := slices.Clone(o.sources[o.settled:])
	for _, n := range used {
		next++
		o.sources[next-1] = sources[n-o.settled-1]
		if n != next {
			moved[n] = next
		}
	}
	o.sources = o.sources[:next]
	for _, g := range o.pending {
		if to, ok := moved[g.shown]; ok && g.article != "" {
			o.byArticle[g.article] = to
		}
	}
	o.settled, o.pending = next, o.pending[:0]
	if len(moved) == 0 {
		return text
	}
	return shownRe().ReplaceAllStringFunc(text, func(m string) string {
		n, _ := strconv.Atoi(m[1 : len(m)-1])
		if to, ok := moved[n]; ok {
			return "[" + strconv.Itoa(to) + "]"
		}
		return m
	})
}

// rewriteCitations replaces the markers of sentence s by their renumbered
// form, assigning new numbers in order of first use. It returns the new
// text, how many valid citations it holds and how many were removed.
func rewriteCitations(s string, order *numbering) (string, int, int) {
	k := len(order.sent)
	valid, bad := 0, 0
	s = junkCiteRe().ReplaceAllStringFunc(s, func(string) string { bad++; return "" })
	// "like [2]": an example of the format, not a citation.
	s = exampleMarker().ReplaceAllStringFunc(s, func(m string) string {
		sub := exampleMarker().FindStringSubmatchIndex(m)
		bad++
		return strings.TrimRight(m[:sub[2]], " ")
	})
	// Valid markers become \x00n\x01 while the rest of the brackets go;
	// textclean removed every control character, so these cannot clash.
	s = citeRe().ReplaceAllStringFunc(s, func(m string) string {
		inner := citeRe().FindStringSubmatch(m)[1]
		var nums []int
		ranged := strings.ContainsAny(inner, "-–")
		for _, f := range numRe().FindAllString(inner, -1) {
			n, err := strconv.Atoi(f)
			if err != nil {
				bad++
				continue
			}
			nums = append(nums, n)
		}
		if ranged && len(nums) == 2 && nums[0] >= 1 && nums[0] < nums[1] && nums[1] <= k {
			lo, hi := nums[0], nums[1]
			nums = nums[:0]
			for n := lo; n <= hi; n++ {
				nums = append(nums, n)
			}
		}
		// One number out of range makes the whole marker a guess ("[1, 2,
		// …, 12]" of ten passages): none of its numbers is a citation.
		if slices.ContainsFunc(nums, func(n int) bool { return n < 1 || n > k }) {
			bad += len(nums)
			return ""
		}
		var b strings.Builder
		seen := map[int]bool{}
		for _, n := range nums {
			shown := order.number(n)
			if seen[shown] {
				continue
			}
			seen[shown] = true
			valid++
			b.WriteString("\x00" + strconv.Itoa(shown) + "\x01")
		}
		return b.String()
	})
	// A masked link keeps its words, its address shown after them: the
	// transports never render a link whose address is hidden.
	s = maskedLink().ReplaceAllString(s, "$1 ($2)")
	s = bracketRe().ReplaceAllStringFunc(s, func(string) string { bad++; return "" })
	s = strings.NewReplacer("\x00", "[", "\x01", "]").Replace(s)
	s = mergeRuns(s)
	// Markers written before the full stop keep one space before them;
	// removed ones must not leave "Putin ." behind.
	s = spaceBeforeP().ReplaceAllString(s, "$1")
	s = multiSpace().ReplaceAllString(s, " ")
	return dropCJKCiteSpace(addSpaceBeforeCites(strings.TrimSpace(s))), valid, bad
}

// mergeRuns makes of repeated markers ("[1][1][1]", or "[1][3]" written
// as "[1] [3][1]") one of each.
func mergeRuns(s string) string {
	return citeRun().ReplaceAllStringFunc(s, func(run string) string {
		var b strings.Builder
		seen := map[string]bool{}
		for _, m := range numRe().FindAllString(run, -1) {
			if !seen[m] {
				seen[m] = true
				b.WriteString("[" + m + "]")
			}
		}
		return b.String()
	})
}

// dropCJKCiteSpace removes the spaces between a Chinese or Japanese
// character and the marker after it ("战俘 [1]。", a marker moved from
// after the 。), which such text is written without.
func dropCJKCiteSpace(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' && endsCJK(s[:i]) {
			j := i
			for j < len(s) && s[j] == ' ' {
				j++
			}
			if j < len(s) && s[j] == '[' {
				i = j - 1
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// joinSentences joins a line's sentences with a space, but for Chinese or
// Japanese ones, which are written without one ("…战俘[1]。普京…").
func joinSentences(ss []string) string {
	var b strings.Builder
	for i, s := range ss {
		if i > 0 && !(endsCJK(ss[i-1]) && startsCJK(s)) {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	return b.String()
}

func endsCJK(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return wide(r)
}

func startsCJK(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return wide(r)
}

// wide reports whether r is a Chinese or Japanese character or a CJK
// punctuation mark, after which no space is written (Korean keeps its).
func wide(r rune) bool { return retrieval.IsCJKNoSpace(r) }

// addSpaceBeforeCites puts one space between a word and the marker after
// it ("Alaska[1]" → "Alaska [1]"), the house style of both answerers; not
// after a Chinese or Japanese character ("战俘[1]。"), which no space follows.
func addSpaceBeforeCites(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '[' && i > 0 && s[i-1] != ' ' && s[i-1] != ']' && s[i-1] != '\n' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' && !endsCJK(s[:i]) {
			b.WriteByte(' ')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// isLeadIn reports whether an uncited sentence only introduces what
// follows ("Here is what the articles report:"): it ends with a colon, is
// short, and every word is one of leadInWords. "BREAKING: X has
// resigned:" is a claim, not a lead-in.
func isLeadIn(s string) bool {
	s = strings.TrimRight(s, " *_")
	if !strings.HasSuffix(s, ":") {
		return false
	}
	words := strings.FieldsFunc(strings.ToLower(normApostrophes(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	})
	if len(words) == 0 || len(words) > 14 {
		return false
	}
	for _, w := range words {
		if !leadInWords()[w] {
			return false
		}
	}
	return true
}

// leadInWords are the words an introduction is made of.
var leadInWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`here here's is are what's what the a an this these that it
		articles article passages passage sources source reports report say says said state states
		mention mentions note notes show shows describe describes according to in short summary brief
		briefly sum up summarize summarise key main points facts details highlights following
		we know known so far about on regarding answer your question some few things include
		includes there of and as for from with them they information available latest news update
		updates overview quick breakdown happened i found find could can me my other more also
		additional further`) {
		m[w] = true
	}
	return m
})

// isCoverageNote reports whether an uncited sentence only says what the
// articles do not cover, in the shape notCovered allows, without bringing
// in anything the passages sent do not mention: every term of its embedded
// question must occur in them ("don't say why Putin resigned" assumes a
// resignation they may never report). terms caches the passages' terms.
func isCoverageNote(s string, sent []retrieval.Result, terms *map[string]bool) bool {
	m := notCovered().FindStringSubmatch(normApostrophes(s))
	if m == nil {
		return false
	}
	if *terms == nil {
		*terms = map[string]bool{}
		for _, r := range sent {
			for _, t := range retrieval.Analyze(r.Passage.Text) {
				(*terms)[t] = true
			}
		}
	}
	for _, t := range retrieval.Analyze(m[1]) {
		if !(*terms)[t] && !noteTerms()[t] {
			return false
		}
	}
	return true
}

// noteTerms are the analysed words of an embedded question that assume
// nothing ("whether", "any", "details", "again", …).
var noteTerms = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`when where who whom whose why how what which whether if anything any
		details detail information exact date time place location reason again next yet future plans
		happen happened will would could`) {
		for _, t := range retrieval.Analyze(w) {
			m[t] = true
		}
	}
	return m
})

// echoesRules reports whether a sentence repeats the system prompt's rules
// (six words or more in a row), as a model does when an injection asks it
// to reveal its prompt: its example markers must not become citations.
func echoesRules(s string) bool {
	w := ruleWords(s)
	for i := 0; i+echoRun <= len(w); i++ {
		if ruleShingles()[strings.Join(w[i:i+echoRun], " ")] {
			return true
		}
	}
	return false
}

const echoRun = 6

func ruleWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(citeRe().ReplaceAllString(normApostrophes(s), " ")), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

// ruleShingles are the runs of echoRun words of the rules.
var ruleShingles = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	w := ruleWords(rules)
	for i := 0; i+echoRun <= len(w); i++ {
		m[strings.Join(w[i:i+echoRun], " ")] = true
	}
	return m
})

func normApostrophes(s string) string { return apostrophes.Replace(s) }

var apostrophes = strings.NewReplacer("’", "'", "‘", "'")

// isRefusal reports whether the reply is the fixed refusal, allowing for
// case, quotes, curly apostrophes, "do not" and stray markers.
func isRefusal(raw string) bool {
	s := strings.ToLower(normApostrophes(citeRe().ReplaceAllString(raw, "")))
	s = strings.Trim(s, " \t\n\"'“”.!*_`")
	s = strings.ReplaceAll(s, "do not", "don't")
	want := strings.Trim(strings.ToLower(Refusal), ".")
	return s == want
}

// Preview is the streamed text raw as users see it before verification
// (see previewer); tests and one-off callers use it, the stream feeds a
// previewer chunk by chunk.
func Preview(raw string, sent []retrieval.Result) string {
	return newPreviewer(sent).add(raw)
}

// previewer turns a streamed reply into the text users see before
// verification, chunk by chunk: cleaned (textclean.Text), citations
// renumbered per article in order of first use and other brackets
// removed, as the final answer will have them, links and mentions no
// passage sent holds removed, and a marker, link or mention still being
// written held back. Each chunk is processed once and the text so far is
// only ever appended to, so a whole reply costs time linear in its length,
// and every preview extends the last.
type previewer struct {
	order   *numbering
	out     strings.Builder
	pending string // raw text held back: an unfinished marker or escape sequence
}

func newPreviewer(sent []retrieval.Result) *previewer {
	return &previewer{order: newNumbering(sent)}
}

// maxHeld bounds what is held back for an open bracket: a longer bracket
// is no marker.
const maxHeld = 48

// add takes the next chunk of the reply and returns the preview so far.
func (p *previewer) add(chunk string) string {
	raw := p.pending + chunk
	unfinished := len(raw) - textclean.Unfinished(raw) // an escape sequence still arriving
	clean := textclean.Text(raw[:unfinished])
	cut := len(clean)
	if i := strings.LastIndexAny(clean, "[【"); i >= 0 && cut-i <= maxHeld && !strings.ContainsAny(clean[i:], "]】") {
		cut = i // a marker still being written
	}
	cut -= heldLink(clean[:cut]) // a link or mention still being written (guard.go)
	p.pending = clean[cut:] + raw[unfinished:]
	switch piece := clean[:cut]; {
	case cut == 0:
	case !strings.ContainsAny(piece, "[]【】") && p.out.Len() > 0:
		p.out.WriteString(p.strip(piece)) // plain words: nothing to renumber
	default:
		p.out.WriteString(p.strip(rewritePiece(piece, p.order, p.out.Len() == 0)))
	}
	return p.out.String()
}

// rewritePiece is rewriteCitations for a piece of a longer text: the white
// space around it stays, so pieces join as the whole text would (leading
// space only once something precedes it).
func rewritePiece(s string, order *numbering, first bool) string {
	core := strings.TrimSpace(s)
	lead := s[:strings.Index(s, core)]
	trail := s[len(lead)+len(core):]
	if core == "" {
		lead, trail = "", s
	}
	if first {
		lead = ""
	}
	text, _, _ := rewriteCitations(core, order)
	if text == "" && core != "" { // a piece that was all removed markers
		return lead
	}
	return lead + text + trail
}

// saysSomething reports whether a cited sentence has words besides its
// markers: a marker alone ("[1]", on a line of its own) is no claim.
func saysSomething(s string) bool {
	return strings.ContainsFunc(citeRe().ReplaceAllString(s, ""), func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	})
}

// drawnOn marks the passages that kept sentence text (its markers settled)
// draws on: for each source it cites, those of its passages that hold all
// the sentence says, else those that hold a part of it, the passages the
// sentence itself named first; when none does (a claim the check cannot
// read, or one the source holds only with another's help), those it named,
// else all of them, so every source listed keeps a passage. The claim is
// the support check's (r) when it read text as it stays, not read again.
// A marker stands for an article, so without this a passage the model
// cited but the check found wanting ("Feb. 18 [1]" where [1] says Feb. 22,
// cited anew to the article's passage that says Feb. 18) stayed listed.
func (o *numbering) drawnOn(text string, r verdict) {
	shown := shownNumbers(text)
	if len(shown) == 0 {
		return // a lead-in or a note: it cites nothing
	}
	if o.drawn == nil {
		o.drawn = map[int]bool{}
	}
	c := r.claim
	if !r.read && checked(text) { // a claim is read only where the check reads one
		c = readClaim(text, true, o.known)
	}
	read := !c.empty()
	named := func(i int) bool { return slices.Contains(o.named, i) }
	for _, n := range shown {
		all := o.passagesOf([]int{n})
		if read && (o.drawWhere(all, named, func(i int) bool { return len(o.unsupported(c, []int{i})) == 0 }) ||
			o.drawWhere(all, named, func(i int) bool { return holdsPart(c, o.factsOf(i)) })) {
			continue
		}
		o.drawWhere(all, named, func(int) bool { return true }) // those named, else all
	}
}

// drawWhere marks those of passages that pass test, only the named ones
// when any of those passes, testing each passage once. It reports whether
// any passed.
func (o *numbering) drawWhere(passages []int, named, test func(int) bool) bool {
	var buf [8]int
	hits, anyNamed := buf[:0], false
	for _, i := range passages {
		if test(i) {
			hits = append(hits, i)
			anyNamed = anyNamed || named(i)
		}
	}
	for _, i := range hits {
		if !anyNamed || named(i) {
			o.drawn[i] = true
		}
	}
	return len(hits) > 0
}

// drawnSources are the sources with only the passages drawn on, in order
// of first use. Each keeps one at least: every source is cited by a kept
// sentence, and drawnOn marks a passage of each source such a sentence
// cites.
func (o *numbering) drawnSources() [][]int {
	out := make([][]int, len(o.sources))
	for n, src := range o.sources {
		out[n] = slices.DeleteFunc(slices.Clone(src), func(i int) bool { return !o.drawn[i] })
	}
	return out
}
