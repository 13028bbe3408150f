package llm

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/textclean"
)

// Citation check of a model's reply.
//
// Markers: "[2]", "[1][3]", "[1, 3]", "[1-3]", "[^2]", "[source 2]" and
// OpenAI's "【2†source】" are read as citations. A number that names no
// passage that was sent is removed, and so are empty or placeholder markers
// ("[]", "[n]", "[?]", "[citation needed]").
//
// Uncited sentences: a sentence left without any valid citation is kept only
// when it makes no claim about the world: a lead-in that ends with a colon
// ("Here is what the articles report:"), or a statement of what the articles
// do not cover ("The articles don't say when they will meet again."). Every
// other uncited sentence is removed (and counted in the log): the bot shows
// nothing that no passage supports.
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
	citeRe = regexp.MustCompile(`(?i)[\[【]\s*\^?\s*(?:sources?|passages?|refs?)?\s*(\d+(?:\s*(?:,|;|&|and|-|–)\s*(?:sources?|passages?)?\s*\d+)*)\s*(?:†[^\]】]{0,20})?[\]】]`)
	// junkCiteRe matches markers that stand for a citation but name none.
	junkCiteRe = regexp.MustCompile(`(?i)\[\s*(?:\^|n|x|\?|\.\.\.|…|citation(?: needed)?|source|cite|ref)?\s*\]`)
	// citeAfterStop is a run of markers written after the sentence's full
	// stop; it is moved before it so the sentence splitter keeps it with
	// the sentence it belongs to.
	citeAfterStop = regexp.MustCompile(`([.!?])((?:\s*[\[【][^\]】\n]{1,24}[\]】])+)`)
	numRe         = regexp.MustCompile(`\d+`)
	// sourcesHeading and sourceEntry match a source list the model wrote.
	sourcesHeading = regexp.MustCompile(`(?i)^[*_#\s]*(?:sources?|references?|citations?)[*_\s]*:?[*_\s]*$`)
	sourceEntry    = regexp.MustCompile(`^[\[【]\s*\^?\d+\s*(?:†[^\]】]*)?[\]】]\s*[:\-–]?\s*\S`)
	// inlineSources matches a source list written on one line or as a
	// paragraph, from its label on ("Sources: [1] Reuters, [2] AP").
	inlineSources = regexp.MustCompile(`(?i)(?:^|\s)[*_#]*(?:sources?|references?|citations?)[*_]*\s*:[*_\s]*[\[【]\s*\^?\d`)
	// citeRun matches adjacent markers after renumbering ("[1][1] [2]").
	citeRun      = regexp.MustCompile(`\[\d+\](?:[ \t]*\[\d+\])+`)
	spaceBeforeP = regexp.MustCompile(`[ \t]+([.,;:!?])`)
	multiSpace   = regexp.MustCompile(`[ \t]{2,}`)
	listPrefix   = regexp.MustCompile(`^\s*(?:[-*•]|\d+[.)])\s+`)
	// notCovered matches a sentence about what the articles do not say.
	notCovered = regexp.MustCompile(`(?i)^(?:however,?\s+|but\s+)?(?:the\s+)?(?:articles?|passages?|sources?|reports?)\s+(?:provided\s+|given\s+)?(?:do(?:es)?\s*n[o']t|do(?:es)?\s+not|did\s*n[o']t|did\s+not|don't|doesn't|never|make\s+no|give\s+no|contain\s+no|offer\s+no)\b`)
)

// Verified is a reply after the citation check.
type Verified struct {
	Text string // with markers [1]..[len(Cited)]
	// Sources lists what each marker stands for: [n] cites the passages
	// sent[i] for i in Sources[n-1] (one article; its passages in order of
	// first use).
	Sources   [][]int
	Abstained bool
	Dropped   int // uncited sentences removed
	Invalid   int // citation numbers or markers removed
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
	raw = citeAfterStop.ReplaceAllString(raw, "$2$1")

	order := newNumbering(sent)
	var lines []string
	cited, notes := 0, 0
	inSources := false
	for _, line := range strings.Split(raw, "\n") {
		prefix := listPrefix.FindString(line)
		body := strings.TrimSpace(line[len(prefix):])
		if body == "" {
			if len(lines) > 0 && lines[len(lines)-1] != "" {
				lines = append(lines, "") // keep one paragraph break
			}
			continue
		}
		// A source list of the model's own, despite the rules: the
		// transports print the real one.
		if sourcesHeading.MatchString(body) {
			inSources = true
			continue
		}
		if sourceEntry.MatchString(body) || (inSources && citeRe.MatchString(body)) {
			continue
		}
		inSources = false
		if loc := inlineSources.FindStringIndex(body); loc != nil {
			// "Sources: [1] …" from here on; what comes before it stays.
			body = strings.TrimSpace(body[:loc[0]])
			inSources = true
			if body == "" {
				continue
			}
		}
		var kept []string
		for _, s := range retrieval.SplitSentences(body) {
			text, nums, bad := rewriteCitations(s, order)
			v.Invalid += bad
			switch {
			case nums > 0:
				cited++
			case isLeadIn(text):
			case notCovered.MatchString(normApostrophes(text)):
				notes++
			default:
				v.Dropped++
				continue
			}
			kept = append(kept, text)
		}
		if len(kept) > 0 {
			lines = append(lines, strings.TrimLeft(prefix, " \t")+strings.Join(kept, " "))
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
			return Verified{Text: strings.TrimSpace(strings.Join(lines, "\n")), Abstained: true,
				Dropped: v.Dropped, Invalid: v.Invalid}, nil
		}
		return v, ErrNoCitedAnswer
	}
	v.Text = strings.TrimSpace(strings.Join(lines, "\n"))
	v.Sources = order.sources
	return v, nil
}

// numbering gives the sent passages their shown numbers: one per article,
// in order of first use.
type numbering struct {
	sent      []retrieval.Result
	byArticle map[string]int // article id → shown number
	cited     map[int]bool   // sent indexes already listed
	sources   [][]int        // shown number - 1 → sent indexes
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
	if !o.cited[n-1] {
		o.cited[n-1] = true
		o.sources[shown-1] = append(o.sources[shown-1], n-1)
	}
	return shown
}

// rewriteCitations replaces the markers of sentence s by their renumbered
// form, assigning new numbers in order of first use. It returns the new
// text, how many valid citations it holds and how many were removed.
func rewriteCitations(s string, order *numbering) (string, int, int) {
	k := len(order.sent)
	valid, bad := 0, 0
	s = junkCiteRe.ReplaceAllStringFunc(s, func(string) string { bad++; return "" })
	s = citeRe.ReplaceAllStringFunc(s, func(m string) string {
		inner := citeRe.FindStringSubmatch(m)[1]
		var nums []int
		ranged := strings.ContainsAny(inner, "-–")
		for _, f := range numRe.FindAllString(inner, -1) {
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
		var b strings.Builder
		seen := map[int]bool{}
		for _, n := range nums {
			if n < 1 || n > k {
				bad++
				continue
			}
			shown := order.number(n)
			if seen[shown] {
				continue
			}
			seen[shown] = true
			valid++
			b.WriteString("[" + strconv.Itoa(shown) + "]")
		}
		return b.String()
	})
	// Repeated markers ("[1][1][1]", or "[1][3]" written as "[1] [3][1]")
	// become one of each.
	s = citeRun.ReplaceAllStringFunc(s, func(run string) string {
		var b strings.Builder
		seen := map[string]bool{}
		for _, m := range numRe.FindAllString(run, -1) {
			if !seen[m] {
				seen[m] = true
				b.WriteString("[" + m + "]")
			}
		}
		return b.String()
	})
	// Markers written before the full stop keep one space before them;
	// removed ones must not leave "Putin ." behind.
	s = spaceBeforeP.ReplaceAllString(s, "$1")
	s = multiSpace.ReplaceAllString(s, " ")
	return addSpaceBeforeCites(strings.TrimSpace(s)), valid, bad
}

// addSpaceBeforeCites puts one space between a word and the marker after
// it ("Alaska[1]" → "Alaska [1]"), the house style of both answerers.
func addSpaceBeforeCites(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '[' && i > 0 && s[i-1] != ' ' && s[i-1] != ']' && s[i-1] != '\n' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			b.WriteByte(' ')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// isLeadIn reports whether an uncited sentence only introduces what
// follows ("Here is what the articles report:").
func isLeadIn(s string) bool {
	return strings.HasSuffix(strings.TrimRight(s, " *_"), ":")
}

func normApostrophes(s string) string { return apostrophes.Replace(s) }

var apostrophes = strings.NewReplacer("’", "'", "‘", "'")

// isRefusal reports whether the reply is the fixed refusal, allowing for
// case, quotes, curly apostrophes, "do not" and stray markers.
func isRefusal(raw string) bool {
	s := strings.ToLower(normApostrophes(citeRe.ReplaceAllString(raw, "")))
	s = strings.Trim(s, " \t\n\"'“”.!*_`")
	s = strings.ReplaceAll(s, "do not", "don't")
	want := strings.Trim(strings.ToLower(Refusal), ".")
	return s == want
}

// Preview is the streamed text as users see it before verification: cleaned
// (textclean.Text), citations renumbered in order of first use and
// invalid ones removed, as the final answer will have them, and a marker
// still being written held back. First-use numbering never changes as text
// is appended, so each preview extends the last one (or nearly).
func Preview(raw string, sent []retrieval.Result) string {
	raw = textclean.Text(raw)
	if i := strings.LastIndexAny(raw, "[【"); i >= 0 && !strings.ContainsAny(raw[i:], "]】") {
		raw = raw[:i]
	}
	text, _, _ := rewriteCitations(raw, newNumbering(sent))
	return text
}
