package llm

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/retrieval"
)

// Links and mentions in a model's reply.
//
// An answer shows only what its articles hold, so a link or a Discord
// mention the model writes is text like any other claim: it stays only when
// a passage the sentence cites holds it. A link (bare "https://…" or
// "www.…", a host with a path such as "discord.gg/x", "<https://…>", or a
// markdown link, which rewriteCitations has already turned into
// "words (https://…)") survives only when it is one of the links in the
// text of a passage the sentence cites, or the address of a cited article;
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
// either goes whole. The rule applies only at a removed link or mention, so
// an answer without any keeps every word it had. The streamed preview has
// a check of its own (see previewer.strip below).

var (
	// guardRe matches a mention (group 1) or a link (group 2), the link
	// with the "<…>" or "(…)" around it when there is one.
	guardRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(` + mentionPattern + `)|([<(]?` + linkPattern + `[>)]?)`)
	})
	// linkInText finds the links of a passage, including a bare host
	// ("kremlin.ru"), which a model may write with its scheme.
	linkInText = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)` + linkPattern + `|\b(?:[a-z0-9\-]+\.)+[a-z]{2,}\b(?:/[^\s<>()\[\]]*)?`)
	})
	mentionRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)` + mentionPattern) })
	shownRe   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[(\d+)\]`) })
	// emptyParens and spaceInParens tidy what a removed "(see https://…)"
	// can leave.
	emptyParens   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\s*\(\s*\)`) })
	spaceInParens = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[ \t]+(\))`) })
)

// mentionPattern is a Discord mention: everyone, here, a user, a role, a
// channel or a slash command.
const mentionPattern = `@(?:everyone|here)\b|<(?:@[!&]?|#)\d+>|</[\w\- ]{1,64}:\d+>`

// linkPattern is a link as Discord or a markdown reader shows one: a scheme
// and "//", "www.", or a host with a path; it ends before closing
// punctuation.
const linkPattern = `(?:\b[a-z][a-z0-9+.\-]*://|\bwww\.|\b(?:[a-z0-9\-]+\.)+[a-z]{2,}/)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'"”’*_~]`

// guard removes the links and mentions of a sentence (its markers already
// renumbered) that the passages it cites do not hold, and drops the text
// before such a removal when it shares no word with those passages. It
// returns the sentence, how many links and mentions it removed and whether
// it dropped the sentence's start.
func (o *numbering) guard(s string) (out string, links, mentions int, cut bool) {
	if !mayHold(s) || !guardRe().MatchString(s) {
		return s, 0, 0, false
	}
	cited := o.citedBy(s)
	out, cuts, links, mentions := o.strip(s, 0, cited)
	if len(cuts) == 0 {
		return s, 0, 0, false
	}
	// The longest text before a cut that shares nothing with the cited
	// passages is no part of the claim they support.
	have := o.termsOf(cited)
	for i := len(cuts) - 1; i >= 0 && len(cited) > 0; i-- {
		if unrelated(have, out[:cuts[i]]) {
			out = capitalise(strings.TrimLeft(out[cuts[i]:], " \t,;:-–—"))
			cut = true
			if !related(have, out) {
				// What is left is no claim about the passages either
				// ("For more [1]."): the sentence goes whole.
				return "", links, mentions, true
			}
			break
		}
	}
	out, l, m := o.stripAll(out, 0, cited)
	out = emptyParens().ReplaceAllString(spaceInParens().ReplaceAllString(out, "$1"), "")
	out = multiSpace().ReplaceAllString(spaceBeforeP().ReplaceAllString(out, "$1"), " ")
	return strings.TrimSpace(out), links + l, mentions + m, cut
}

// stripAll strips s until nothing is left to remove: removing text can
// join what was around it into a new link or mention ("<@1<@2>23>").
// Each round shortens s, so it ends.
func (o *numbering) stripAll(s string, keep int, cited []int) (out string, links, mentions int) {
	for {
		next, cuts, l, m := o.strip(s, keep, cited)
		if len(cuts) == 0 {
			return s, links, mentions
		}
		s, links, mentions = next, links+l, mentions+m
	}
}

// strip removes from s the links and mentions that the passages cited (sent
// indexes) do not hold, but for the first keep bytes, which stay as they
// are (a preview already shows them). It returns the text, where in it
// something was removed, and how many links and mentions it removed.
func (o *numbering) strip(s string, keep int, cited []int) (out string, cuts []int, links, mentions int) {
	locs := guardRe().FindAllStringSubmatchIndex(s, -1)
	if locs == nil {
		return s, nil, 0, 0
	}
	var b strings.Builder
	last := 0
	for _, m := range locs {
		if m[1] <= keep {
			continue // shown already
		}
		tok := s[m[0]:m[1]]
		if m[2] >= 0 { // a mention
			if o.holdsMention(cited, tok) {
				continue
			}
			mentions++
		} else {
			start, end := m[0], m[1]
			link := tok
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
			if o.holdsLink(cited, link) {
				continue
			}
			links++
			m = []int{start, end}
		}
		m = []int{max(m[0], keep, last), m[1]}
		b.WriteString(s[last:m[0]])
		cuts = append(cuts, b.Len())
		last = m[1]
		// At the start, after a space, an opening quote or a bracket, the
		// space that followed the removed text goes with it: "wrote
		// \"@everyone peace" → "wrote \"peace".
		if prev := b.String(); prev == "" || strings.HasSuffix(prev, " ") || strings.ContainsAny(prev[len(prev)-1:], "\"'(") || strings.HasSuffix(prev, "“") {
			for last < len(s) && (s[last] == ' ' || s[last] == '\t') {
				last++
			}
		}
	}
	if len(cuts) == 0 {
		return s, nil, 0, 0
	}
	b.WriteString(s[last:])
	return b.String(), cuts, links, mentions
}

// citedBy returns the sent indexes of the passages that the shown markers
// of s stand for.
func (o *numbering) citedBy(s string) []int {
	var out []int
	for _, m := range shownRe().FindAllStringSubmatch(s, -1) {
		n, err := strconv.Atoi(m[1])
		if err != nil || n < 1 || n > len(o.sources) {
			continue
		}
		out = append(out, o.sources[n-1]...)
	}
	return out
}

// holdsLink reports whether link is the address of a cited article or one
// of the links in the text of a cited passage.
func (o *numbering) holdsLink(cited []int, link string) bool {
	want := normLink(link)
	for _, i := range cited {
		r := o.sent[i]
		if r.Article != nil && r.Article.URL != "" && normLink(r.Article.URL) == want {
			return true
		}
		for _, l := range linkInText().FindAllString(r.Passage.Text, -1) {
			if normLink(l) == want {
				return true
			}
		}
	}
	return false
}

// holdsMention reports whether a cited passage writes the mention itself.
func (o *numbering) holdsMention(cited []int, tok string) bool {
	for _, i := range cited {
		for _, m := range mentionRe().FindAllString(o.sent[i].Passage.Text, -1) {
			if strings.EqualFold(m, tok) {
				return true
			}
		}
	}
	return false
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
		r := o.sent[i]
		for _, t := range retrieval.Analyze(r.Passage.Text) {
			have[t] = true
		}
		if r.Article != nil { // "According to Reuters, …" attributes, it claims nothing
			for _, t := range retrieval.Analyze(r.Article.Headline + " " + r.Article.Publisher) {
				have[t] = true
			}
		}
	}
	return have
}

// unrelated reports whether text has words and none of them is in have.
func unrelated(have map[string]bool, text string) bool {
	terms := retrieval.Analyze(text)
	return len(terms) > 0 && !slices.ContainsFunc(terms, func(t string) bool { return have[t] })
}

// related reports whether a word of text is in have.
func related(have map[string]bool, text string) bool {
	return slices.ContainsFunc(retrieval.Analyze(text), func(t string) bool { return have[t] })
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
	for i := strings.IndexByte(w, '.'); i >= 0; {
		if i > 0 && i+1 < len(w) && isAlnum(w[i-1]) && isLetter(w[i+1]) {
			return true
		}
		j := strings.IndexByte(w[i+1:], '.')
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
// mention at all: each form has "@", "<" or "/" in it, but for "www.".
func mayHold(s string) bool {
	if strings.ContainsAny(s, "@</") {
		return true
	}
	for i := strings.IndexByte(s, '.'); i >= 0; {
		if i >= 3 && strings.EqualFold(s[i-3:i], "www") {
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
	out, _, _ := p.order.stripAll(word+piece, len(word), all)
	return out[len(word):]
}
