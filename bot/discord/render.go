package discord

import (
	"errors"
	"fmt"
	"github.com/talkbot/talkbot/retrieval/textclean"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/llm"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

// Discord's message limits, in characters.
const (
	maxContent     = 2000
	maxDescription = 4096
	maxEmbedsChars = 6000 // over all embeds of one message
	maxEmbeds      = 10
)

// Our own budgets, below Discord's so that titles and footers always fit.
const (
	descBudget       = 4000
	pageContentLimit = 1900
	eventTextLimit   = 300
	headlineLimit    = 250
	eventsPerPage    = 12
	articlesPerPage  = 15
)

// outMessage is one message to send or one edit to make.
type outMessage struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Files      []*discordgo.File `json:",omitempty"` // attached (a timeline picture); they replace earlier ones
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// markdownEscaper neutralises Discord markdown in text we quote (headlines,
// article text), so it renders literally and cannot forge links. A "<"
// that would open a mention, channel, emoji, timestamp or command pill is
// escaped too.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, `~`, `\~`, "`", "\\`", `|`, `\|`,
	`[`, `\[`, `]`, `\]`, `>`, `\>`, `#`, `\#`,
	`<@`, `\<@`, `<#`, `\<#`, `</`, `\</`, `<:`, `\<:`, `<a:`, `\<a:`, `<t:`, `\<t:`,
)

func escape(s string) string { return markdownEscaper.Replace(massMention.Replace(s)) }

// massMention keeps "@everyone" and "@here" in quoted text from rendering
// as mentions (allowed_mentions already keeps them from pinging): a
// zero-width space after the "@" leaves the words as they read.
var massMention = strings.NewReplacer("@everyone", "@\u200beveryone", "@here", "@\u200bhere")

// linkBreaker makes text unable to form a link: square brackets become
// fullwidth ones, so the text can neither open a masked link nor close one
// it sits in (Discord ends a link's text at "\]" despite the backslash), and
// a zero-width space after every "://" stops Discord auto-linking or
// previewing an address of any scheme. The text reads the same; one pass
// is enough, since nothing it inserts can make a new "://".
var linkBreaker = strings.NewReplacer("[", "［", "]", "］", "://", ":\u200b//")

// inert is untrusted text (a headline, a publisher, what a user typed) as
// plain words: markdown escaped and no link in it, masked or bare.
func inert(s string) string { return escape(linkBreaker.Replace(s)) }

// safeURL returns u when it is an http(s) link fit for a markdown link
// target, else "". Past the host, what could end the target or start a
// title (brackets, quotes, spaces, a backslash escaping the closing
// parenthesis) is percent-encoded: the same address to a browser.
func safeURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	s := p.String()
	origin := (&url.URL{Scheme: p.Scheme, User: p.User, Host: p.Host}).String()
	if !strings.HasPrefix(s, origin) {
		return ""
	}
	return origin + urlTargetEscaper.Replace(s[len(origin):])
}

var urlTargetEscaper = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E",
	"[", "%5B", "]", "%5D", `"`, "%22", "'", "%27", `\`, "%5C", "`", "%60")

var (
	maskedLink = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\[([^\]\n]{0,300})\]\(\s*<?(https?://[^)\s>]+)>?\s*\)`)
	})
	// answerToken is what answer text keeps as written: citation markers
	// and links (optionally in <>).
	answerToken = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\[\d+(?:\s*,\s*\d+)*\]|<?https?://[^\s<>]+>?`)
	})
)

// answerMarkdown makes answer text (the model's, or quoted from articles)
// show in Discord as it was written: markdown in it is escaped (an
// article's "**", "||", backticks, "<@…>", "_", "~", a ">" that starts a
// line would otherwise render as formatting), while citation markers stay
// as they are. Links are words, not links: a masked link could dress a
// phishing URL as harmless words, and a bare one quoted from an article
// (which a feed may have brought in) would still be one click away; the
// real links, to the articles themselves, are in the sources embed. The
// same holds for a refusal, which may quote what the user asked.
func answerMarkdown(text string) string {
	text = maskedLink().ReplaceAllString(text, "$1 ($2)")
	var b strings.Builder
	last := 0
	for _, loc := range answerToken().FindAllStringIndex(text, -1) {
		b.WriteString(escape(text[last:loc[0]]))
		tok := text[loc[0]:loc[1]]
		if tok[0] == '[' {
			b.WriteString(tok)
		} else {
			b.WriteString(inert(strings.Trim(tok, "<>")))
		}
		last = loc[1]
	}
	b.WriteString(escape(text[last:]))
	return b.String()
}

// sourceLine is one numbered source: headline (linked when it has a URL),
// publisher and date.
// Headline and publisher come from the article file, so they are inert:
// the link's target is only ever the article's own http(s) URL.
func sourceLine(n int, headline, link, publisher string, date time.Time) string {
	h := inert(textclean.Truncate(headline, headlineLimit))
	if u := safeURL(link); u != "" {
		h = "[" + h + "](" + u + ")"
	} else {
		h = "**" + h + "**"
	}
	var meta []string
	if publisher != "" {
		meta = append(meta, inert(publisher))
	}
	if !date.IsZero() {
		meta = append(meta, date.Format("2 Jan 2006"))
	}
	line := fmt.Sprintf("`[%d]` %s", n, h)
	if len(meta) > 0 {
		line += " — " + strings.Join(meta, ", ")
	}
	return line
}

// pack joins lines into descriptions of at most limit characters, never
// splitting a line (a line longer than limit is truncated).
func pack(lines []string, limit int) []string {
	var out []string
	var cur strings.Builder
	n := 0
	for _, l := range lines {
		l = textclean.Truncate(l, limit)
		k := runes(l)
		if n > 0 && n+1+k > limit {
			out = append(out, cur.String())
			cur.Reset()
			n = 0
		}
		if n > 0 {
			cur.WriteByte('\n')
			n++
		}
		cur.WriteString(l)
		n += k
	}
	if n > 0 {
		out = append(out, cur.String())
	}
	return out
}

func embedChars(e *discordgo.MessageEmbed) int {
	n := runes(e.Title) + runes(e.Description)
	if e.Footer != nil {
		n += runes(e.Footer.Text)
	}
	for _, f := range e.Fields {
		n += runes(f.Name) + runes(f.Value)
	}
	return n
}

// groupEmbeds puts embeds into messages of at most ten embeds and 6,000
// characters.
func groupEmbeds(embeds []*discordgo.MessageEmbed) [][]*discordgo.MessageEmbed {
	var out [][]*discordgo.MessageEmbed
	var cur []*discordgo.MessageEmbed
	total := 0
	for _, e := range embeds {
		k := embedChars(e)
		if len(cur) > 0 && (len(cur) == maxEmbeds || total+k > maxEmbedsChars) {
			out = append(out, cur)
			cur, total = nil, 0
		}
		cur = append(cur, e)
		total += k
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

const embedColor = 0x5865F2

// maxAnswerMessages bounds the messages of one answer, sources included:
// a long answer is cut, with cutNote, rather than flood a channel.
const maxAnswerMessages = 3

const cutNote = "(answer cut: ask a narrower question)"

// renderAnswer lays an answer out as at most maxAnswerMessages messages: the
// text (split where it is too long, never inside a citation) and the
// numbered sources in embeds under it.
func renderAnswer(a *bot.Answer) []outMessage {
	raw := strings.TrimSpace(a.Text)
	// Only maxAnswerMessages messages of it can be shown: escaping and
	// splitting megabytes to keep 6,000 characters would be waste. What is
	// kept still needs more than that many messages, so it is cut with the
	// note.
	if i := runeOffset(raw, maxAnswerMessages*maxContent+500); i < len(raw) {
		raw = raw[:i]
	}
	text := answerMarkdown(raw) // a refusal too: it may quote what the user asked
	if text == "" {
		text = "The articles don't say."
	}
	text = correctionLine(a.Corrections) + text
	if a.Fallback != nil {
		text += "\n-# " + fallbackNote(a.Fallback)
	}
	pieces := splitText(text, maxContent)
	groups := sourceGroups(a, a.Citations)
	// Sources that need more than the last text message's embeds take
	// messages of their own, from the text's share.
	room := max(1, maxAnswerMessages-(len(groups)-1))
	if len(pieces) > room {
		pieces = cutText(pieces, room)
		// List only the sources the kept text still cites.
		cited := citedNumbers(strings.Join(pieces, "\n"))
		var keep []bot.Citation
		for _, c := range a.Citations {
			if cited[c.N] {
				keep = append(keep, c)
			}
		}
		groups = sourceGroups(a, keep)
	}
	if extra := len(pieces) + len(groups) - 1 - maxAnswerMessages; extra > 0 {
		// Sources alone would overflow: keep what fits and say so.
		groups = groups[:len(groups)-extra]
		last := groups[len(groups)-1][len(groups[len(groups)-1])-1]
		last.Footer = &discordgo.MessageEmbedFooter{Text: "More sources than fit here: ask a narrower question. " + modeNote(a)}
	}
	var msgs []outMessage
	for _, c := range pieces {
		msgs = append(msgs, outMessage{Content: c})
	}
	for i, g := range groups {
		if i == 0 {
			msgs[len(msgs)-1].Embeds = g
			continue
		}
		msgs = append(msgs, outMessage{Embeds: g})
	}
	return msgs
}

// fallbackNote says in users' words why an answer quotes the articles,
// from its Fallback: an *llm.Error, whose kind errors.Is tells, the
// engine's own reason, or this package's. The details (statuses, attempts,
// the server's words) are for the log, not the channel; a cause it does
// not know, or none, says the model was unavailable.
func fallbackNote(cause error) string {
	is := func(kinds ...error) bool {
		return slices.ContainsFunc(kinds, func(k error) bool { return errors.Is(cause, k) })
	}
	switch {
	case is(llm.ErrNoCitedAnswer, llm.ErrUnsupportedAnswer):
		// The model answered, but not so that its claims could be checked.
		return "The model's answer could not be checked against the articles, so this answer quotes them directly."
	case is(llm.ErrContentFilter):
		return "The model's content filter stopped its answer, so this answer quotes the articles directly."
	case is(llm.ErrTimeout):
		return "The language model did not answer in time, so this answer quotes the articles directly."
	case is(errNoSlotInTime):
		return "Too many questions were waiting for the language model, so this answer quotes the articles directly."
	}
	return "The language model was unavailable, so this answer quotes the articles directly."
}

// runeOffset returns the byte offset of s's n-th rune, or len(s).
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// cutText keeps the first n pieces of a split text and ends the last with
// cutNote, cutting it further when the note would not fit.
func cutText(pieces []string, n int) []string {
	out := slices.Clone(pieces[:n])
	last := out[n-1]
	if room := maxContent - runes(cutNote) - 2; runes(last) > room {
		last = splitText(last, room)[0]
	}
	out[n-1] = last + "\n\n" + cutNote
	return out
}

var markerRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\[(\d+(?:\s*,\s*\d+)*)\]`)
})

// citedNumbers returns the source numbers text cites.
func citedNumbers(text string) map[int]bool {
	out := map[int]bool{}
	for _, m := range markerRe().FindAllStringSubmatch(text, -1) {
		for _, f := range strings.Split(m[1], ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
				out[n] = true
			}
		}
	}
	return out
}

// sourceGroups lays the sources out as embeds, grouped into messages.
func sourceGroups(a *bot.Answer, cites []bot.Citation) [][]*discordgo.MessageEmbed {
	var lines []string
	for _, c := range cites {
		lines = append(lines, sourceLine(c.N, c.Headline, c.URL, c.Publisher, c.Date))
	}
	var embeds []*discordgo.MessageEmbed
	for i, d := range pack(lines, descBudget) {
		e := &discordgo.MessageEmbed{Description: d, Color: embedColor}
		if i == 0 {
			e.Title = "Sources"
		}
		embeds = append(embeds, e)
	}
	if len(embeds) > 0 {
		embeds[len(embeds)-1].Footer = &discordgo.MessageEmbedFooter{Text: modeNote(a)}
	}
	return groupEmbeds(embeds)
}

func modeNote(a *bot.Answer) string {
	if a.Mode == bot.ModeLLM {
		if a.Model != "" {
			return "Written by " + a.Model + " from these articles. Check the sources."
		}
		return "Written by a language model from these articles. Check the sources."
	}
	return "Quoted from these articles (no language model)."
}

// partialMessage shows the answer while it streams: the text so far, cut to
// fit, and a note that it is not finished.
func partialMessage(text string) outMessage {
	const note = "\n-# ✍️ writing…"
	return outMessage{Content: textclean.Truncate(answerMarkdown(strings.TrimSpace(text)), maxContent-runes(note)) + note}
}

// splitText cuts text into pieces of at most max characters, preferring
// paragraph, then line, then sentence, then word boundaries, never inside a
// citation marker such as [3] or [1, 2] and never between a sentence and the
// marker that follows it. It converts the text once and looks at most about
// max characters around each cut, so it runs in time linear in the text.
func splitText(text string, max int) []string {
	r := []rune(text)
	var out []string
	for len(r) > max {
		cut := bestCut(r, max)
		head := strings.TrimRight(string(r[:cut]), " \n")
		if head != "" {
			out = append(out, head)
		}
		r = r[cut:]
		for len(r) > 0 && (r[0] == ' ' || r[0] == '\n') {
			r = r[1:]
		}
	}
	if rest := string(r); strings.TrimSpace(rest) != "" || len(out) == 0 {
		out = append(out, rest)
	}
	return out
}

// bestCut returns the index at which to cut r (len(r) > max) so that
// r[:cut] has at most max runes.
func bestCut(r []rune, max int) int {
	// open[i] reports whether position i lies inside [...].
	inBracket := func(i int) bool {
		for j := i - 1; j >= 0 && i-j < 40; j-- {
			switch r[j] {
			case ']':
				return false
			case '[':
				return true
			}
		}
		return false
	}
	// markerNext[i] reports whether the first non-space at or after i opens
	// a marker; filled right to left, so a long run of spaces is read once.
	markerNext := make([]bool, max+1)
	k := max
	for k < len(r) && (r[k] == ' ' || r[k] == '\n') {
		k++
	}
	markerNext[max] = k < len(r) && r[k] == '['
	for i := max - 1; i >= 0; i-- {
		if r[i] == ' ' || r[i] == '\n' {
			markerNext[i] = markerNext[i+1]
		} else {
			markerNext[i] = r[i] == '['
		}
	}
	ok := func(i int) bool { // cutting before r[i]
		// Keep a following marker with its sentence.
		return i > 0 && i <= max && !inBracket(i) && !markerNext[i]
	}
	minCut := max / 2 // do not make tiny pieces when a better boundary is far back
	for _, pass := range []func(i int) bool{
		func(i int) bool { return r[i-1] == '\n' && i >= 2 && r[i-2] == '\n' },
		func(i int) bool { return r[i-1] == '\n' },
		func(i int) bool { return r[i-1] == ' ' && i >= 2 && sentenceEnd(r, i-2) },
		func(i int) bool { return r[i-1] == ' ' },
	} {
		for i := max; i >= minCut; i-- {
			if ok(i) && pass(i) {
				return i
			}
		}
	}
	for i := max; i > 0; i-- { // one enormous word: cut it, but not a marker
		if !inBracket(i) {
			return i
		}
	}
	return max
}

// sentenceEnd reports whether r[i] ends a sentence: a full stop that ends
// no abbreviation ("Feb. 18", "U.S. officials", "Gen. Kellogg") and comes
// before a capital, or "!", "?", a closing bracket or quote.
func sentenceEnd(r []rune, i int) bool {
	if r[i] != '.' {
		return strings.ContainsRune("!?)]\"”", r[i])
	}
	j := i + 1
	for j < len(r) && r[j] == ' ' {
		j++
	}
	if j < len(r) && !unicode.IsUpper(r[j]) && !strings.ContainsRune("\"“[*", r[j]) {
		return false // "Feb. 18", "U.S. officials"
	}
	// The splitter's own test, so an answer is cut where its sentences are.
	return !retrieval.IsAbbreviation(string(r[max(0, i-40):i]))
}

// correctionLine is how misspelt names were read, in small print on a line
// of its own; "" when none were.
func correctionLine(fixes []bot.Correction) string {
	if len(fixes) == 0 {
		return ""
	}
	return "-# " + inert(bot.CorrectionNote(fixes)) + "\n" // the misspellings are the user's
}

// errorMessage is what replaces "thinking…" when an answer fails.
func errorMessage(text string) outMessage {
	return outMessage{Content: "⚠️ " + text}
}

// helpMessage explains the bot.
func helpMessage(topic string, articles int) outMessage {
	text := strings.Join([]string{
		"**talkbot** answers questions about " + escape(topic) + ", from " +
			strconv.Itoa(articles) + " news articles. Every claim cites its source as `[n]`; the sources are listed under the answer.",
		"",
		"**Ask**",
		"• `/ask question:` — e.g. *When did US and Russian officials meet in Saudi Arabia?* Add `private:True` to see the answer alone.",
		"• Mention me: `@talkbot who led the Russian delegation?` — I reply to your message.",
		"• Follow up: reply to one of my answers, or keep talking in a thread I answered in — *and where was that?* works.",
		"",
		"**Browse**",
		"• `/timeline` — what happened when, from the articles, as a picture (from 3 events) and text; narrow it with `topic`, `from` and `to` (YYYY-MM-DD), choose `format: text` for text only.",
		"• `/sources` — the articles I know.",
		"",
		"I only know what the articles say; when they don't cover something, I say so.",
	}, "\n")
	return outMessage{Content: text}
}

// pager buttons; custom ids carry everything needed to render the page, so
// pages survive restarts.
func pagerRow(prefix string, page, pages int, suffix string) []discordgo.MessageComponent {
	if pages <= 1 {
		return nil
	}
	id := func(p int) string { return prefix + ":" + strconv.Itoa(p) + suffix }
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "◀ Previous", Style: discordgo.SecondaryButton, CustomID: id(page - 1), Disabled: page <= 1},
		discordgo.Button{Label: fmt.Sprintf("%d / %d", page, pages), Style: discordgo.SecondaryButton, CustomID: prefix + ":noop", Disabled: true},
		discordgo.Button{Label: "Next ▶", Style: discordgo.SecondaryButton, CustomID: id(page + 1), Disabled: page >= pages},
	}}}
}

// paginate splits items into pages of at most per items and limit
// characters (joined by newlines).
func paginate(lines []string, per, limit int) [][]string {
	var pages [][]string
	var cur []string
	n := 0
	for _, l := range lines {
		k := runes(l)
		if len(cur) > 0 && (len(cur) == per || n+1+k > limit) {
			pages = append(pages, cur)
			cur, n = nil, 0
		}
		cur = append(cur, l)
		n += k + 1
	}
	if len(cur) > 0 {
		pages = append(pages, cur)
	}
	return pages
}

// renderSources is page (1-based, clamped) of the article list.
func renderSources(articles []*retrieval.Article, page int) outMessage {
	if len(articles) == 0 {
		return outMessage{Content: "I have no articles loaded."}
	}
	lines := make([]string, len(articles))
	for i, a := range articles {
		lines[i] = sourceLine(i+1, a.Headline, a.URL, a.Publisher, a.Date)
	}
	pages := paginate(lines, articlesPerPage, descBudget)
	page = min(max(page, 1), len(pages))
	e := &discordgo.MessageEmbed{
		Title:       fmt.Sprintf("The %d articles I answer from", len(articles)),
		Description: strings.Join(pages[page-1], "\n"),
		Color:       embedColor,
		Footer:      &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Newest first · page %d of %d", page, len(pages))},
	}
	return outMessage{Embeds: []*discordgo.MessageEmbed{e}, Components: pagerRow("src", page, len(pages), "")}
}

// timelineQuery is what a /timeline page shows; it is encoded in the pager's
// custom ids.
type timelineQuery struct {
	Topic    string
	From, To time.Time
	Picture  bool // pages carry a picture of their events ("tlp:" ids)
}

const maxTopicRunes = 60

func (q timelineQuery) encode() string {
	d := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("20060102")
	}
	return ":" + d(q.From) + ":" + d(q.To) + ":" + truncateRunes(q.Topic, maxTopicRunes)
}

func truncateRunes(s string, n int) string {
	if runes(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// decodeTimelineID parses "tl:<page>:<from>:<to>:<topic>", or "tlp:..."
// for pages with a picture.
func decodeTimelineID(id string) (page int, q timelineQuery, err error) {
	parts := strings.SplitN(id, ":", 5)
	if len(parts) != 5 || parts[0] != "tl" && parts[0] != "tlp" {
		return 0, q, fmt.Errorf("bad timeline button id %q", id)
	}
	q.Picture = parts[0] == "tlp"
	if page, err = strconv.Atoi(parts[1]); err != nil {
		return 0, q, fmt.Errorf("bad timeline button page %q", parts[1])
	}
	for i, t := range []*time.Time{&q.From, &q.To} {
		if s := parts[2+i]; s != "" {
			if *t, err = time.Parse("20060102", s); err != nil {
				return 0, q, fmt.Errorf("bad timeline button date %q", s)
			}
		}
	}
	q.Topic = parts[4]
	return page, q, nil
}

// describePlain is describe without markdown, for the picture's title.
func (q timelineQuery) describePlain() string { return q.words(func(s string) string { return s }) }

// describe is the filter in words for a message: "about “Riyadh” from 18
// Feb 2025". The topic is what the user typed, shown in a public message:
// inert, so a link typed into it is not one there.
func (q timelineQuery) describe() string { return q.words(inert) }

func (q timelineQuery) words(esc func(string) string) string {
	var parts []string
	if q.Topic != "" {
		parts = append(parts, "about “"+esc(q.Topic)+"”")
	}
	switch {
	case !q.From.IsZero() && q.From.Equal(q.To):
		parts = append(parts, "on "+q.From.Format("2 Jan 2006"))
	case !q.From.IsZero() && !q.To.IsZero():
		parts = append(parts, "from "+q.From.Format("2 Jan 2006")+" to "+q.To.Format("2 Jan 2006"))
	case !q.From.IsZero():
		parts = append(parts, "from "+q.From.Format("2 Jan 2006"))
	case !q.To.IsZero():
		parts = append(parts, "until "+q.To.Format("2 Jan 2006"))
	}
	return strings.Join(parts, " ")
}

// renderTimeline is page (1-based, clamped) of the events: a compact list
// under one heading per day or span, with [n] markers, the sources of that
// page in an embed.
func renderTimeline(events []timeline.Event, q timelineQuery, page int) outMessage {
	m, _ := renderTimelinePage(events, q, page)
	return m
}

// renderTimelinePage is renderTimeline that also returns the events the
// page shows, for its picture.
func renderTimelinePage(events []timeline.Event, q timelineQuery, page int) (outMessage, []timeline.Event) {
	if len(events) == 0 {
		what := q.describe()
		if what == "" {
			return outMessage{Content: "I found no dated events in the articles."}, nil
		}
		return outMessage{Content: "I found no dated events " + what + " in the articles."}, nil
	}
	// Lay pages out first with provisional markers; numbering restarts on
	// every page, so a page's length does not depend on the others.
	type item struct {
		event   timeline.Event
		heading string
		line    string
		sources []timeline.Source
	}
	headings := timeline.Headings(events)
	items := make([]item, len(events))
	for i, e := range events {
		line := "• " + inert(textclean.Truncate(strings.TrimSpace(e.Line()), eventTextLimit)) // article text: no links, the sources have them
		if e.Tense == timeline.Planned {
			line += " *(planned)*"
		}
		items[i] = item{event: e, heading: "**" + headings[i] + "**", line: line, sources: e.Sources}
	}
	// Each line grows by its markers (at most " [nn]" per source, capped),
	// and by its heading when it opens a day.
	var pages [][]item
	var cur []item
	n, srcChars := 0, 0
	header := "📅 **Timeline**"
	if what := q.describe(); what != "" {
		header += " " + what
	}
	for i, it := range items {
		k := runes(it.line) + 6*min(len(it.sources), 3)
		if len(cur) == 0 || i > 0 && items[i-1].heading != it.heading {
			k += runes(it.heading) + 1
		}
		s := 0
		for _, src := range it.sources {
			s += 60 + runes(src.Article.Headline) + runes(src.Article.URL) + runes(src.Article.Publisher)
		}
		if len(cur) > 0 && (len(cur) == eventsPerPage || n+k+1 > pageContentLimit-runes(header)-2 || srcChars+s > descBudget) {
			pages = append(pages, cur)
			cur, n, srcChars = nil, 0, 0
			k += runes(it.heading) + 1 // a page repeats the heading it opens with
		}
		cur = append(cur, it)
		n += k + 1
		srcChars += s
	}
	pages = append(pages, cur)
	page = min(max(page, 1), len(pages))

	var lines, srcLines []string
	var shown []timeline.Event
	var nums timeline.Numbers // per page, as the page's picture numbers them
	for i, it := range pages[page-1] {
		if i == 0 || pages[page-1][i-1].heading != it.heading {
			lines = append(lines, it.heading)
		}
		var marks []string
		for _, k := range nums.Cite(it.event) {
			if len(marks) < 3 {
				marks = append(marks, "["+strconv.Itoa(k)+"]")
			}
		}
		lines = append(lines, it.line+" "+strings.Join(marks, ""))
		shown = append(shown, it.event)
	}
	for i, a := range nums.Articles {
		srcLines = append(srcLines, sourceLine(i+1, a.Headline, a.URL, a.Publisher, a.Date))
	}
	content := textclean.Truncate(header+"\n\n"+strings.Join(lines, "\n"), maxContent)
	e := &discordgo.MessageEmbed{
		Title:       "Sources",
		Description: textclean.Truncate(strings.Join(srcLines, "\n"), maxDescription),
		Color:       embedColor,
		Footer: &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("%d events · page %d of %d · dates as reported by the articles",
			len(events), page, len(pages))},
	}
	prefix := "tl"
	if q.Picture {
		prefix = "tlp"
	}
	return outMessage{Content: content, Embeds: []*discordgo.MessageEmbed{e}, Components: pagerRow(prefix, page, len(pages), q.encode())}, shown
}
