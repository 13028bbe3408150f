package llm

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/publicsuffix"

	"github.com/talkbot/talkbot/retrieval"
)

// Links and mentions in a model's reply.
//
// An answer shows only what its articles hold, so a link or a Discord
// mention the model writes is text like any other claim: it stays only when
// a passage the sentence cites holds it. A link (bare "https://…" or
// "www.…", a host with a path such as "discord.gg/x", a host alone that
// ends in a known top-level domain, "evil.example", "<https://…>", or a
// markdown link, which rewriteCitations has already turned into
// "words (https://…)") survives only when it is one of the links in the
// text of a passage the sentence cites, or the address of a cited article
// (a host alone: the site of one of these);
// otherwise it is removed, and a markdown link keeps its words. Mentions
// ("@everyone", "@here", "<@123>", "<@!123>", "<@&123>", "<#123>", a slash
// command's "</name:123>") are removed unless a cited passage holds them
// word for word. Discord's allowed_mentions already stops every ping; this
// keeps the text of one, and the phishing link beside it, off the screen.
//
// An injection tends to ride in front of a real claim within one sentence
// ("Visit http://evil.example @everyone The officials met in Riyadh [1].",
// with no full stop before the cited clause). Where something was removed,
// the sentence is cut there: text before a cut that shares no word with the
// passages the sentence cites (or their headlines and publishers) is
// dropped like an uncited sentence, and a sentence whose rest shares none
// either goes whole. What the removal leaves is mended (see tidy): the
// clause around it goes when it shares no word with those passages, and
// words left dangling ("per", "see", "and") go. The rules apply only at a
// removed link or mention, so an answer without any keeps every word it
// had. The streamed preview has a check of its own (see previewer.strip
// below).

var (
	// guardRe matches a mention (group 1), a link (group 2), the link
	// with the "<…>" or "(…)" around it when there is one, or what may be
	// a bare host (group 3; see hits).
	guardRe = lazyRe(`(?i)(` + MentionPattern + `)|([<(]?` + linkPattern + `[>)]?)|(` + bareHostPattern + `)`)
	// linkInText finds the links of a passage, including a bare host
	// ("kremlin.ru"), which a model may write with its scheme.
	linkInText = lazyRe(`(?i)` + linkPattern + `|\b(?:[a-z0-9\-]+\.)+[a-z]{2,}\b(?:/[^\s<>()\[\]]*)?`)
	mentionRe  = lazyRe(`(?i)` + MentionPattern)
	shownRe    = lazyRe(`\[(\d+)\]`)
	// emptyParens and spaceInParens tidy what a removed "(see https://…)"
	// can leave.
	emptyParens   = lazyRe(`\s*\(\s*\)`)
	spaceInParens = lazyRe(`[ \t]+(\))`)
)

// MentionPattern is a Discord mention: everyone, here, a user, a role, a
// channel or a slash command. Package bot reads questions without them.
const MentionPattern = `@(?:everyone|here)\b|<(?:@[!&]?|#)\d+>|</[\w\- ]{1,64}:\d+>`

// linkPattern is a link as Discord or a markdown reader shows one: a scheme
// and "//", "www.", or a host with a path; it ends before closing
// punctuation.
const linkPattern = `(?:\b[a-z][a-z0-9+.\-]*://|\bwww\.|\b(?:[a-z0-9\-]+\.)+[a-z]{2,}/)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"”’*_~]`

// bareHostPattern is a host written without a scheme or a path
// ("evil.example"); hits keeps it only when it ends in a known top-level
// domain (see bareHost).
const bareHostPattern = `\b(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\b`

// reservedTLDs are the names reserved for examples, tests and local
// networks (RFC 2606, 6761, 6762, 7686): no registry lists them, but a
// link to one is a link all the same.
var reservedTLDs = map[string]bool{"example": true, "test": true, "invalid": true, "localhost": true,
	"local": true, "onion": true, "internal": true, "lan": true, "home": true, "corp": true}

// bareHost reports whether the bare host at s[i:j] is a link: not part of
// an e-mail address or a longer word, and ending in a top-level domain
// written in lower case that is either in the public suffix list's ICANN
// part or reserved. So "evil.example" and "discord.gg" are links, and a
// missing space after a full stop ("Riyadh.The", "talks.so far" aside)
// or a file name ("report.pdf") is none.
func bareHost(s string, i, j int) bool {
	if i > 0 && strings.IndexByte("@.-_/\\", s[i-1]) >= 0 || j < len(s) && (s[j] == '@' || s[j] == '-') {
		return false
	}
	tld := s[strings.LastIndexByte(s[i:j], '.')+i+1 : j]
	if strings.ToLower(tld) != tld {
		return false
	}
	if reservedTLDs[tld] {
		return true
	}
	suffix, icann := publicsuffix.PublicSuffix(tld)
	return icann && suffix == tld
}

// hit is a link or a mention that guard may remove: its span in s, the
// brackets that go with a link included, and the link ("" for a
// mention).
type hit struct {
	start, end int
	link       string
}

// hits returns the links and mentions of s.
func hits(s string) []hit {
	locs := guardRe().FindAllStringSubmatchIndex(s, -1)
	out := make([]hit, 0, len(locs))
	for _, m := range locs {
		switch {
		case m[2] >= 0: // a mention
			out = append(out, hit{start: m[0], end: m[1]})
		case m[4] >= 0:
			start, end := m[0], m[1]
			link := s[start:end]
			// "<url>" and "(url)" go with their brackets; a bracket
			// that closes something else stays.
			open, closing := link[0] == '<' || link[0] == '(', link[len(link)-1] == '>' || link[len(link)-1] == ')'
			switch {
			case open && closing:
				link = link[1 : len(link)-1]
			case open:
				link, start = link[1:], start+1
			case closing:
				link, end = link[:len(link)-1], end-1
			}
			out = append(out, hit{start: start, end: end, link: link})
		case bareHost(s, m[0], m[1]):
			out = append(out, hit{start: m[0], end: m[1], link: s[m[0]:m[1]]})
		}
	}
	return out
}

// guard removes the links and mentions of a sentence (its markers already
// renumbered) that the passages it cites do not hold, drops the text before
// such a removal when it shares no word with those passages, and mends
// what the removal left (see tidy). It returns the sentence, how many links
// and mentions it removed and whether it dropped the sentence's start.
func (o *numbering) guard(s string) (out string, links, mentions int, cut bool) {
	if !mayHold(s) || !guardRe().MatchString(s) {
		return s, 0, 0, false
	}
	cited := o.citedBy(s)
	out, links, mentions = o.stripAll(s, 0, cited, true)
	if links+mentions == 0 {
		return s, 0, 0, false
	}
	// The longest text before a removal that shares nothing with the cited
	// passages is no part of the claim they support.
	have := o.termsOf(cited)
	for i := strings.LastIndexByte(out, removed); i >= 0 && len(cited) > 0; i = strings.LastIndexByte(out[:i], removed) {
		if unrelated(have, out[:i]) {
			out = withoutMarkupLead(strings.TrimLeft(out[i:], " \t,;:-–—"+string(removed)))
			cut = true
			if !related(have, out) {
				// What is left is no claim about the passages either
				// ("For more [1]."): the sentence goes whole.
				return "", links, mentions, true
			}
			out = string(removed) + out // where the start went, for tidy
			break
		}
	}
	out = strings.ReplaceAll(tidy(out, have, len(cited) > 0), string(removed), "")
	// Without the marks, what was around a removal joins: "<@1" and "23>"
	// of "<@1<@2>23>" are a mention again.
	// So can tidying the brackets and spaces a removal left: "A (
	// http://x).ac" becomes "A.ac", a host. Each round that changes the
	// text shortens it, so it ends.
	for {
		var l, m int
		out, l, m = o.stripAll(out, 0, cited, false)
		links, mentions = links+l, mentions+m
		tidied := emptyParens().ReplaceAllString(spaceInParens().ReplaceAllString(out, "$1"), "")
		tidied = multiSpace().ReplaceAllString(spaceBeforeP().ReplaceAllString(tidied, "$1"), " ")
		if tidied == out {
			break
		}
		out = tidied
	}
	out = strings.TrimSpace(mergeRuns(out)) // a clause gone from between two markers
	if first, _, _ := strings.Cut(out, " "); cut || !strings.HasPrefix(strings.TrimSpace(s), first) {
		out = capitalise(out) // the sentence lost its start
	}
	return out, links, mentions, cut
}

// tidy mends what each removal (the byte removed) left in s. Its clause,
// the text between the punctuation or markers around it, goes when it
// shares no word with the cited passages (have; only when the sentence
// cites any): "The officials met in Riyadh, details at evil.example [1]"
// keeps "The officials met in Riyadh [1]". A clause that does share a word
// loses the words left dangling where it now ends ("The talks ended per
// evil.example [1]" → "The talks ended [1]"; "cc @here and @everyone and
// [1]" → "[1]"), and a sentence that now starts with a conjunction loses
// it. Where a link or mention sat between words ("Rubio and @everyone
// Witkoff"), nothing more goes.
func tidy(s string, have map[string]bool, cites bool) string {
	for p := strings.LastIndexByte(s, removed); p >= 0; p = strings.LastIndexByte(s[:min(p, len(s))], removed) {
		lo, hi := clauseAround(s, p)
		switch {
		case cites && !related(have, s[lo:hi]):
			s = dropClause(s, lo, hi)
		case onlyDangling(s[p+1 : hi]):
			// The clause ends at the removal: what led up to it dangles.
			from := p
			for {
				w := lastWord(s[lo:from])
				if w < 0 || !danglingWords()[strings.ToLower(strings.Trim(s[lo+w:from], " \t\x02"))] {
					break
				}
				from = lo + w
			}
			gap := ""
			if hi < len(s) && s[hi] == '[' {
				gap = " " // before a marker
			}
			s = s[:from] + string(removed) + gap + s[hi:]
			p = from
		case strings.TrimLeft(s[:p], " \t\x02") == "":
			// The sentence starts at the removal: "and both sides …".
			rest := strings.TrimLeft(s[p+1:], " \t")
			if w, after, ok := strings.Cut(rest, " "); ok && startWords[strings.ToLower(w)] {
				s = s[:p+1] + after
			}
		}
	}
	return s
}

// clauseAround returns the clause of s around p: from just after the
// punctuation mark or marker before p to the one after it.
func clauseAround(s string, p int) (lo, hi int) {
	if i := strings.LastIndexAny(s[:p], ",;:()]—–"); i >= 0 {
		_, size := utf8.DecodeRuneInString(s[i:])
		lo = i + size
	}
	hi = len(s)
	if i := strings.IndexAny(s[p:], ",;:()[—–"); i >= 0 {
		hi = p + i
	}
	// A full stop, question or exclamation mark ends it too.
	if i := sentenceEnd().FindStringIndex(s[p:hi]); i != nil {
		hi = p + i[0]
	}
	return lo, hi
}

// dropClause removes s[lo:hi] and the comma, semicolon, colon or dash
// before it; a comma after it goes too when that leaves one pair of them
// ("The talks, per evil.example, ended" → "The talks ended"), or when the
// clause began the sentence.
func dropClause(s string, lo, hi int) string {
	before, after := strings.TrimRight(s[:lo], " \t"), s[hi:]
	switch {
	case strings.HasSuffix(before, ",") || strings.HasSuffix(before, ";") || strings.HasSuffix(before, ":"):
		comma := strings.HasSuffix(before, ",")
		before = before[:len(before)-1]
		if comma && strings.HasPrefix(after, ",") {
			after = after[1:]
		}
	case strings.HasSuffix(before, "—") || strings.HasSuffix(before, "–"):
		_, size := utf8.DecodeLastRuneInString(before)
		before = before[:len(before)-size]
	case before == "" && strings.HasPrefix(after, ","):
		after = after[1:]
	}
	if before == "" {
		return string(removed) + strings.TrimLeft(after, " \t")
	}
	return before + string(removed) + " " + strings.TrimLeft(after, " \t")
}

// sentenceEnd is a full stop, question or exclamation mark that ends a
// sentence (not the dot of "U.S." or "Feb. 18" inside one; only the end
// of the text or a marker after it counts).
var sentenceEnd = lazyRe(`[.!?…]+["'”’]*\s*$`)

// lastWord returns where the last word of s starts, -1 when s has none.
func lastWord(s string) int {
	s2 := strings.TrimRight(s, " \t\x02")
	if s2 == "" {
		return -1
	}
	return strings.LastIndexAny(s2, " \t\x02") + 1
}

// onlyDangling reports whether s holds no word but those that dangle
// without what was removed after them.
func onlyDangling(s string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == removed }) {
		if !danglingWords()[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

// danglingWords lead up to a link or a mention and mean nothing without
// it: prepositions, conjunctions, articles and the verbs that point to one
// ("see", "visit", "cc", "join").
var danglingWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but nor plus at per via on in into onto to from by for of
		with as about over see visit cc bcc attn check follow join contact here there this link`) {
		m[w] = true
	}
	return m
})

// startWords are the conjunctions a sentence that lost its start may begin
// with.
var startWords = map[string]bool{"and": true, "or": true, "but": true, "nor": true, "plus": true, "so": true}

// removed marks in guard's text where a link or a mention was removed
// (textclean has removed every control character from a reply, so none
// clashes with it).
const removed = '\x02'

// stripAll strips s until nothing is left to remove: removing text can
// join what was around it into a new link or mention ("<@1<@2>23>").
// Each round shortens s, so it ends. With mark, each removal leaves the
// byte removed in its place.
func (o *numbering) stripAll(s string, keep int, cited []int, mark bool) (out string, links, mentions int) {
	for {
		next, l, m := o.strip(s, keep, cited, mark)
		if l+m == 0 {
			return s, links, mentions
		}
		s, links, mentions = next, links+l, mentions+m
	}
}

// strip removes from s the links and mentions that the passages cited (sent
// indexes) do not hold, but for the first keep bytes, which stay as they
// are (a preview already shows them). It returns the text and how many
// links and mentions it removed; with mark, each removal leaves the byte
// removed in its place.
func (o *numbering) strip(s string, keep int, cited []int, mark bool) (out string, links, mentions int) {
	var b strings.Builder
	last := 0
	for _, h := range hits(s) {
		if h.end <= keep {
			continue // shown already
		}
		switch {
		case h.link == "" && o.holdsMention(cited, s[h.start:h.end]):
			continue
		case h.link == "":
			mentions++
		case o.holdsLink(cited, h.link):
			continue
		default:
			links++
		}
		start := max(h.start, keep, last)
		b.WriteString(s[last:start])
		last = h.end
		// At the start, after a space, an opening quote or a bracket, the
		// space that followed the removed text goes with it: "wrote
		// \"@everyone peace" → "wrote \"peace".
		if prev := b.String(); prev == "" || strings.HasSuffix(prev, " ") || strings.ContainsAny(prev[len(prev)-1:], "\"'(") || strings.HasSuffix(prev, "“") ||
			prev[len(prev)-1] == removed {
			for last < len(s) && (s[last] == ' ' || s[last] == '\t') {
				last++
			}
		}
		if mark {
			b.WriteByte(removed)
		}
	}
	if links+mentions == 0 {
		return s, 0, 0
	}
	b.WriteString(s[last:])
	return b.String(), links, mentions
}

// citedBy returns the sent indexes of the passages that the shown markers
// of s stand for.
func (o *numbering) citedBy(s string) []int { return o.passagesOf(shownNumbers(s)) }

// holdsLink reports whether link is the address of a cited article or one
// of the links in the text of a cited passage.
func (o *numbering) holdsLink(cited []int, link string) bool {
	want := normLink(link)
	// A link without a path is a site: that of a cited article ("per
	// apnews.com" names its publisher) or of a link a cited passage holds.
	site := !strings.Contains(want, "/")
	same := func(l string) bool { return l == want || site && strings.HasPrefix(l, want+"/") }
	for _, i := range cited {
		m := o.marksOf(i)
		if m.url != "" && same(m.url) || slices.ContainsFunc(m.links, same) {
			return true
		}
	}
	return false
}

// holdsMention reports whether a cited passage writes the mention itself.
func (o *numbering) holdsMention(cited []int, tok string) bool {
	for _, i := range cited {
		if slices.ContainsFunc(o.marksOf(i).mentions, func(m string) bool { return strings.EqualFold(m, tok) }) {
			return true
		}
	}
	return false
}

// passageMarks are what of one passage sent a link or a mention of the
// reply is checked against, as normLink gives links: its article's
// address, the links and the mentions of its text; and its words and
// its article's headline's and publisher's, once termsOf has read them.
type passageMarks struct {
	url             string
	links, mentions []string
	terms           []string
	termsRead       bool
}

// marksOf returns passage i's marks, read from its text on first use: a
// reply full of links asks for them once per link, and scanning the text
// each time made a long one cost seconds.
func (o *numbering) marksOf(i int) *passageMarks {
	if o.marks == nil {
		o.marks = make([]*passageMarks, len(o.sent))
	}
	if o.marks[i] == nil {
		r := o.sent[i]
		m := &passageMarks{mentions: mentionRe().FindAllString(r.Passage.Text, -1)}
		if r.Article != nil && r.Article.URL != "" {
			m.url = normLink(r.Article.URL)
		}
		for _, l := range linkInText().FindAllString(r.Passage.Text, -1) {
			m.links = append(m.links, normLink(l))
		}
		o.marks[i] = m
	}
	return o.marks[i]
}

// normLink is a link as compared: lower case, without its scheme, "www."
// or a final slash, so "https://www.kremlin.ru/" is "kremlin.ru".
func normLink(s string) string {
	s = strings.ToLower(s)
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	s = strings.TrimPrefix(s, "www.")
	return strings.TrimRight(s, "/")
}

// termsOf returns the words of the cited passages and their articles'
// headlines and publishers.
func (o *numbering) termsOf(cited []int) map[string]bool {
	have := map[string]bool{}
	for _, i := range cited {
		m := o.marksOf(i)
		if !m.termsRead {
			r := o.sent[i]
			m.terms = retrieval.Analyze(r.Passage.Text)
			if r.Article != nil { // "According to Reuters, …" attributes, it claims nothing
				m.terms = append(m.terms, retrieval.Analyze(r.Article.Headline+" "+r.Article.Publisher)...)
			}
			m.termsRead = true
		}
		for _, t := range m.terms {
			have[t] = true
		}
	}
	return have
}

// unrelated reports whether text has words and none of them is in have.
func unrelated(have map[string]bool, text string) bool {
	terms := wordsOf(text)
	return len(terms) > 0 && !slices.ContainsFunc(terms, func(t string) bool { return have[t] })
}

// related reports whether a word of text is in have.
func related(have map[string]bool, text string) bool {
	return slices.ContainsFunc(wordsOf(text), func(t string) bool { return have[t] })
}

// wordsOf returns the analysed words of a sentence's text, without its
// markers: the "1" of "[1]" is no word a passage shares.
func wordsOf(text string) []string {
	if strings.IndexByte(text, '[') >= 0 {
		text = shownRe().ReplaceAllString(text, " ")
	}
	return retrieval.Analyze(strings.ReplaceAll(text, string(removed), " "))
}

// capitalise upper-cases the first letter of a sentence that lost its
// start.
func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// The streamed preview (previewer) shows the reply before it is verified,
// so before anyone knows what each sentence will cite: it removes every link
// and mention that no passage sent holds, and holds back a word that may
// still grow into one ("htt", "<@12", "[here]", "[here](https://ev") until the space
// after it arrives. The final answer replaces the preview with guard's
// stricter check.

// maxLinkHeld bounds the word held back: a longer run without a space (a
// Chinese or Japanese sentence) is shown as it stands.
const maxLinkHeld = 512

// heldLink returns how many bytes at the end of s are a word that may still
// become a link or a mention.
func heldLink(s string) int {
	w := s[strings.LastIndexFunc(s, unicode.IsSpace)+1:]
	if w == "" || len(w) > maxLinkHeld {
		return 0
	}
	if strings.ContainsAny(w, "@<") || strings.Contains(w, "://") || hostLike(w) {
		return len(w)
	}
	// "[here]" may become a masked link, "(" or "[here](" the start of
	// its address.
	if strings.HasSuffix(w, "]") && strings.Contains(w, "[") {
		return len(w)
	}
	tail := w[strings.LastIndexAny(w, "([\"'“*_")+1:]
	for _, start := range []string{"https://", "http://", "www."} {
		if len(tail) <= len(start) && strings.EqualFold(start[:len(tail)], tail) {
			return len(w)
		}
	}
	return 0
}

// hostLike reports whether w may be a host being written ("discord.gg",
// "www.x"): a letter or digit, a dot, a letter.
func hostLike(w string) bool {
	return anyDot(w, func(i int) bool {
		return i > 0 && i+1 < len(w) && isAlnum(w[i-1]) && isLetter(w[i+1])
	})
}

// anyDot reports whether f holds at the index of a dot of s.
func anyDot(s string, f func(i int) bool) bool {
	for i := strings.IndexByte(s, '.'); i >= 0; {
		if f(i) {
			return true
		}
		j := strings.IndexByte(s[i+1:], '.')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isAlnum(c byte) bool  { return isLetter(c) || c >= '0' && c <= '9' }

// mayHold reports, much faster than guardRe, whether s can hold a link or a
// mention at all: each form has "@", "<" or "/" in it, but for "www." and
// a bare host, whose last dot has a letter or digit before it and a
// lower-case letter after it.
func mayHold(s string) bool {
	return strings.ContainsAny(s, "@</") || anyDot(s, func(i int) bool {
		return i >= 3 && strings.EqualFold(s[i-3:i], "www") || i > 0 && i+1 < len(s) && isAlnum(s[i-1]) && s[i+1] >= 'a' && s[i+1] <= 'z'
	})
}

// strip removes from a piece of the preview the links and mentions that no
// passage sent holds. The piece may go on with the word the preview ends
// with ("discord" shown, ".gg/x" arriving): what of such a link has not
// been shown goes.
func (p *previewer) strip(piece string) string {
	shown := p.out.String()
	word := shown[max(0, len(shown)-maxLinkHeld):]
	word = word[strings.LastIndexFunc(word, unicode.IsSpace)+1:]
	if !mayHold(word+piece) || !guardRe().MatchString(word+piece) {
		return piece
	}
	all := make([]int, len(p.order.sent))
	for i := range all {
		all[i] = i
	}
	out, _, _ := p.order.stripAll(word+piece, len(word), all, false)
	return out[len(word):]
}

// withoutMarkupLead drops the words a cut left at the start of a sentence
// that are pieces of markup, not words: of "<@1<@1<@12>3>3> Rubio met
// Lavrov", the inner mention goes, the cut takes "<@1<@1", and "3>3>"
// would stay.
func withoutMarkupLead(s string) string {
	for {
		f, rest, ok := strings.Cut(s, " ")
		if !ok || !strings.ContainsAny(f, "<>@") {
			return s
		}
		s = strings.TrimLeft(rest, " ")
	}
}
