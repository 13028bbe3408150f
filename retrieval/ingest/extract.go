package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/talkbot/talkbot/retrieval"
)

// ErrNoDate means a page gave no publication date and none was supplied: a
// wrong date misplaces every event of the article on the timeline, so none is
// better than a guess. What to do about it depends on where it is shown
// (the CLI's --date, /add, a feed), so the message names no remedy.
var ErrNoDate = errors.New("no publication date found in the page")

// ErrNoArticleText means the extractor found no main text in a page.
var ErrNoArticleText = errors.New("no article text found in the page")

// Page is what extraction finds in an HTML page.
type Page struct {
	Headline  string
	Date      time.Time // zero when the page gives none
	DateFrom  string    // where the date came from, e.g. "article:published_time"
	Publisher string
	Byline    string
	Dateline  string   // the place that opened the first paragraph ("MOSCOW — …"), "" when none
	URL       string   // canonical URL, "" when unknown
	Fetched   string   // where the page was fetched from (normalized), "" for a local file
	Text      []string // paragraphs of the main text, each possibly several lines
}

// Extract finds the main text and the metadata of an HTML page. pageURL is
// where it was fetched from (after redirects), or nil for a local file.
func Extract(body []byte, pageURL *url.URL) (*Page, error) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("parse HTML: %w", err)
	}
	m := collectMeta(doc)
	p := &Page{}

	p.URL = canonicalURL(m, pageURL)
	if pageURL != nil {
		p.Fetched = NormalizeURL(pageURL)
	}
	var base *url.URL
	if p.URL != "" {
		base, _ = url.Parse(p.URL)
	} else {
		base = pageURL
	}

	dropNoProseBoxes(doc)
	dropOffStoryBoxes(doc)
	parser := readability.NewParser()
	parser.KeepClasses = true // for hasProse: the text rendered is the same
	art, err := parser.ParseDocument(doc, base)
	if err != nil || art.Node == nil {
		return nil, ErrNoArticleText
	}
	p.Text = paragraphs(render.InnerText(art.Node))
	if len(p.Text) == 0 || !hasProse(art.Node) {
		return nil, ErrNoArticleText
	}

	p.Publisher = firstNonEmpty(m.meta["og:site_name"], m.ld.publisher)
	if p.Publisher == "" && pageURL != nil {
		p.Publisher = strings.TrimPrefix(strings.ToLower(pageURL.Hostname()), "www.")
	}
	p.Headline = firstNonEmpty(m.meta["og:title"], m.meta["twitter:title"], m.ld.headline, first(m.h1s))
	if p.Headline != "" {
		p.Headline = stripSiteSuffix(p.Headline, p.Publisher)
	} else {
		p.Headline = stripSiteName(m.title, p.Publisher)
	}
	p.Text = dropHeadings(p.Text, append([]string{p.Headline}, m.h1s...))
	p.Byline = firstNonEmpty(m.ld.author, m.meta["author"], m.meta["article:author"], art.Byline())
	if strings.HasPrefix(p.Byline, "http") { // article:author is often a profile URL
		p.Byline = ""
	}
	// Cleaned before "By " is looked for: readability's byline is the
	// element's raw text, where "By&nbsp;Anna" hid the "By " and the file
	// said "By By Anna".
	p.Byline = trimBy(cleanLine(p.Byline))
	p.Text, p.Byline = dropBylines(p.Text, p.Byline)
	if len(p.Text) == 0 {
		return nil, ErrNoArticleText
	}
	p.Dateline, p.Text[0] = splitDateline(p.Text[0])
	p.Date, p.DateFrom = pageDate(m, p.URL, pageURL)
	return p, nil
}

// minProseWords is how many words a paragraph needs, besides a sentence's
// end, to count as article text.
const minProseWords = 8

// minUnpunctuatedRunes is how long a paragraph without a sentence's end
// (Thai, and prose that does not punctuate its last sentence) must be to
// count as article text, when it holds no link.
const minUnpunctuatedRunes = 80

// noProseWords name boxes whose text is never the article's: cookie and
// consent banners, newsletter sign-ups. Readability keeps such a box when
// it stands beside the article (its paragraphs score like the story's), so
// Extract cuts the boxes out of the page before extracting.
//
// A class name or id names such a box when it is made of these words and of
// boxWords only, split at hyphens, underscores and camel case: "cookie",
// "cookie-consent", "newsletterSignup", "sign-up-box". A name that says
// something else besides ("cookies-and-cream", "newsletter-exclusive",
// "cookie-recipe") is not a box's. Paywall and subscriber boxes are not in
// the list: sites mark the article body itself so ("article-body paywall",
// "subscriber-content").
var noProseWords = map[string]bool{"cookie": true, "cookies": true, "consent": true, "gdpr": true, "newsletter": true, "newsletters": true, "signup": true}

// boxWords are the words that name a box's kind or part, not its content.
var boxWords = map[string]bool{
	"banner": true, "bar": true, "box": true, "notice": true, "notification": true, "popup": true, "pop": true, "modal": true,
	"overlay": true, "dialog": true, "message": true, "msg": true, "alert": true, "prompt": true, "panel": true, "module": true,
	"block": true, "widget": true, "container": true, "wrapper": true, "wrap": true, "inner": true, "outer": true, "content": true,
	"form": true, "cta": true, "promo": true, "subscribe": true, "subscription": true, "sign": true, "up": true,
	"inline": true, "footer": true, "bottom": true, "top": true, "layer": true, "manager": true, "policy": true, "accept": true,
	"settings": true, "preferences": true, "law": true, "eu": true, "page": true, "section": true, "area": true, "holder": true,
}

// isNoProseBox reports whether a class name or the id of n names a box of
// noProseWords.
func isNoProseBox(n *html.Node) bool {
	for _, name := range append(strings.Fields(attr(n, "class")), attr(n, "id")) {
		if isNoProseName(name) {
			return true
		}
	}
	return false
}

// isNoProseName reports whether one class name or id is made of
// noProseWords and boxWords, with at least one of the first.
func isNoProseName(name string) bool {
	box := false
	words := nameWords(name)
	for i, w := range words {
		switch {
		case noProseWords[w] || w == "sign" && i+1 < len(words) && words[i+1] == "up":
			box = true
		case boxWords[w] || len(w) == 1 || strings.ContainsFunc(w, unicode.IsDigit): // "v2", "b"
		default:
			return false
		}
	}
	return box
}

// nameWords splits a class name or id into lower-case words at anything
// but letters and digits, and where a lower-case letter meets an upper-case
// one ("cookieBanner").
func nameWords(name string) []string {
	var words []string
	var w []rune
	prev := rune(0)
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) || unicode.IsUpper(r) && unicode.IsLower(prev) {
			if len(w) > 0 {
				words = append(words, strings.ToLower(string(w)))
			}
			w = w[:0]
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			w = append(w, r)
		}
		prev = r
	}
	if len(w) > 0 {
		words = append(words, strings.ToLower(string(w)))
	}
	return words
}

// dropNoProseBoxes removes from the page the boxes named by noProseWords.
// A box that holds the story is kept, whatever its name: one holding an
// <article> (or the article's marked body), an <h1>, or storyParagraphs
// paragraphs of prose is a wrapper around the page ("gdpr-wrapper"), not a
// banner.
func dropNoProseBoxes(doc *html.Node) {
	dropElements(doc, func(n *html.Node) bool { return isNoProseBox(n) && !holdsStory(n) })
}

// dropElements removes from doc every element below <body> that drop
// picks, with what it holds; an element dropped is not looked into.
func dropElements(doc *html.Node, drop func(*html.Node) bool) {
	var picked []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom != atom.Body && n.DataAtom != atom.Html && drop(n) {
			picked = append(picked, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, n := range picked {
		n.Parent.RemoveChild(n)
	}
}

// storyParagraphs is how many paragraphs of minProseWords words make a box
// a story's rather than a banner's: a cookie or sign-up text is one or two.
const storyParagraphs = 3

// holdsStory reports whether the box n holds the article: an article
// element, an <h1>, or storyParagraphs paragraphs of prose.
func holdsStory(n *html.Node) bool {
	paras := 0
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			if isArticleElement(n) || n.DataAtom == atom.H1 {
				return true
			}
			if n.DataAtom == atom.P && len(strings.Fields(textOf(n))) >= minProseWords {
				paras++
				return paras >= storyParagraphs
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	return walk(n)
}

// endsSentence reports whether t holds a sentence's end in any script:
// . ! ? … 。 ？ । ። and the like.
func endsSentence(t string) bool {
	return strings.ContainsFunc(t, func(r rune) bool { return r == '…' || unicode.Is(unicode.Sentence_Terminal, r) })
}

// hasProse reports whether the extracted text holds at least one
// sentence-like paragraph: minProseWords words (or, for scripts written
// without spaces, 40 letters) and a sentence's end, or minUnpunctuatedRunes
// letters and no link, outside links, lists, headings, navigation, footers
// and buttons (cookie banners and sign-ups are gone by then:
// dropNoProseBoxes). A homepage or a section front (headings and lists of
// links) has none, and is not an article.
func hasProse(root *html.Node) bool {
	var block strings.Builder
	links := 0
	found := false
	flush := func() {
		t := strings.TrimSpace(block.String())
		block.Reset()
		n := links
		links = 0
		if t == "" || found {
			return
		}
		words := len(strings.Fields(t))
		runes := utf8.RuneCountInString(t)
		long := words >= minProseWords || (runes >= 40 && runes >= 10*words) // Chinese, Japanese, Thai: few spaces
		if long && (endsSentence(t) || (runes >= minUnpunctuatedRunes && n == 0)) {
			found = true
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			block.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.A, atom.Ul, atom.Ol, atom.Li, atom.Nav, atom.Footer, atom.Header, atom.Aside, atom.Button,
				atom.Form, atom.Select, atom.Figcaption, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
				atom.Script, atom.Style, atom.Noscript:
				if n.DataAtom == atom.A {
					links++
				}
				block.WriteString(" ")
				return
			}
			if isBlock(n) {
				flush()
				defer flush()
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	flush()
	return found
}

func isBlock(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Blockquote, atom.Pre, atom.Td, atom.Th,
		atom.Dd, atom.Dt, atom.Table, atom.Tr, atom.Br, atom.Body:
		return true
	}
	return false
}

// sameLine reports whether two lines are the same text, whatever their
// case and spacing.
func sameLine(a, b string) bool { return strings.EqualFold(cleanLine(a), cleanLine(b)) }

// first is the first of ss, or "".
func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

// dropHeadings removes the headline, and any <h1> of the page, from the
// first paragraphs of the text: the extractor keeps an <h1> that differs
// from the <title> (a shortened or reworded one), and the headline would
// then be passage 1 as well as the headline.
func dropHeadings(text []string, headings []string) []string {
	same := func(a, b string) bool { return a != "" && sameLine(a, b) }
	var out []string
	for i, para := range text {
		if i < 3 && slices.ContainsFunc(headings, func(h string) bool { return same(h, para) }) {
			continue
		}
		out = append(out, para)
	}
	return out
}

// trimBy drops the "By " of a byline.
func trimBy(s string) string {
	if len(s) > 3 && strings.EqualFold(s[:3], "by ") {
		return strings.TrimSpace(s[3:])
	}
	return s
}

// dropBylines removes the byline from the first paragraphs of the text,
// where readability keeps it when its own byline came from elsewhere (the
// page's JSON-LD): the article file has a line of its own for it, and the
// name would be there twice. A byline paragraph is the byline when the page
// named none. byline comes cleaned and without its "By ".
func dropBylines(text []string, byline string) ([]string, string) {
	var out []string
	for i, para := range text {
		if i < 3 && !strings.Contains(para, "\n") && (byline != "" && sameLine(trimBy(para), byline) || retrieval.IsByline(para)) {
			if byline == "" {
				byline = trimBy(cleanLine(para))
			}
			continue
		}
		out = append(out, para)
	}
	return out, byline
}

// inlineDatelineRe is a dateline opening a paragraph (compiled on first
// use: its letter classes cost 200 KB, and only add reads pages): a place in capitals
// ("ISTANBUL", "KYIV/MOSCOW"), maybe a country, state or day after commas,
// maybe the agency in brackets, then a dash and the sentence, which starts
// as one does: "MOSCOW, March 20 (Reuters) - The Kremlin …", "KYIV,
// Ukraine (AP) — Ukrainian …". A capitalised word and a dash inside a
// sentence ("NATO — which …") is not one.
var inlineDatelineRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(\p{Lu}[\p{Lu}'’./\-]+(?: \p{Lu}[\p{Lu}'’./\-]*){0,3})((?:, ?[\p{L}\p{N}.'’\-]+(?: [\p{L}\p{N}.'’\-]+){0,3}){0,2}) ?(?:\([^()\n]{1,30}\))? ?[—–-]{1,2} +([\p{Lu}\p{N}"“‘'«](?s:.*))$`)
})

// splitDateline takes the dateline off the start of the first paragraph:
// quoted, "ISTANBUL — American and Russian diplomats …" reads as though
// the place were part of what was said. The place is kept as the
// article's dateline. A paragraph without one is returned as it is.
func splitDateline(para string) (dateline, rest string) {
	m := inlineDatelineRe().FindStringSubmatch(para)
	// The place is a dateline as the article file reads one back
	// (retrieval.IsDateline: three letters or more, no agency's tag such
	// as "UPDATE - …"), or the place taken off would be lost.
	if m == nil || len(strings.Fields(m[3])) < 3 || !retrieval.IsDateline(m[1]) {
		return "", para
	}
	return m[1], m[3]
}

// paragraphs splits rendered text at blank lines and drops empty ones.
func paragraphs(text string) []string {
	var out []string
	for _, block := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n\n") {
		var lines []string
		for _, l := range strings.Split(block, "\n") {
			if l = cleanLine(l); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			out = append(out, strings.Join(lines, "\n"))
		}
	}
	return out
}

type pageMeta struct {
	meta      map[string]string // first value of each <meta> property/name/itemprop, lower-cased key
	canonical string
	title     string
	h1s       []string   // every non-empty <h1>, for the headline and for telling headings from body text
	headline  *html.Node // the first <h1> outside the site's chrome
	times     []pageTime // <time datetime> values in document order
	ld        ldArticle
}

// pageTime is one <time datetime> and where it stands: a date in the
// article (or marked as the publication date) is the article's; one in the
// masthead, a sidebar or a footer is usually today's date or another story's.
type pageTime struct {
	v       string
	node    *html.Node
	article bool // inside the article, or marked pubdate / itemprop=datePublished
	chrome  bool // in a header, nav, aside, footer or a sidebar-like box outside the article
}

type ldArticle struct {
	headline, published, publisher, author, url string
}

func collectMeta(doc *html.Node) *pageMeta {
	m := &pageMeta{meta: map[string]string{}}
	var walk func(n *html.Node, inArticle, inChrome bool)
	walk = func(n *html.Node, inArticle, inChrome bool) {
		if n.Type == html.ElementNode {
			switch {
			case isChrome(n):
				inChrome = true
			case isArticleElement(n) && !inChrome:
				// An <article> in a sidebar or a "most read" box is a
				// teaser for another story: it stays chrome.
				inArticle = true
			}
			switch n.DataAtom {
			case atom.Meta:
				val := attr(n, "content")
				for _, k := range []string{"property", "name", "itemprop"} {
					if key := strings.ToLower(strings.TrimSpace(attr(n, k))); key != "" && val != "" {
						if _, ok := m.meta[key]; !ok {
							m.meta[key] = strings.TrimSpace(val)
						}
					}
				}
			case atom.Link:
				if m.canonical == "" && hasToken(attr(n, "rel"), "canonical") {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Title:
				if m.title == "" {
					m.title = cleanLine(textOf(n))
				}
			case atom.H1:
				if h := cleanLine(textOf(n)); h != "" {
					m.h1s = append(m.h1s, h)
					if m.headline == nil && !inChrome {
						m.headline = n
					}
				}
			case atom.Time:
				if v := strings.TrimSpace(attr(n, "datetime")); v != "" {
					marked := hasAttr(n, "pubdate") || strings.EqualFold(strings.TrimSpace(attr(n, "itemprop")), "datePublished")
					m.times = append(m.times, pageTime{v: v, node: n, article: (inArticle || marked) && !inChrome, chrome: inChrome})
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
					parseLD(textOf(n), &m.ld)
				}
				return
			case atom.Svg, atom.Style, atom.Noscript:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inArticle, inChrome)
		}
	}
	walk(doc, false, false)
	// A <time> beside the headline is the article's, wherever the page
	// puts the two: <main><header class="story-header"><h1>…<time>.
	for i, t := range m.times {
		if besideHeadline(t.node, m.headline) {
			m.times[i].article, m.times[i].chrome = true, false
		}
	}
	for k, v := range m.meta {
		m.meta[k] = cleanLine(v)
	}
	return m
}

// isArticleElement reports whether n holds the article itself: <article>,
// or an element marked up as its body or as a news article.
func isArticleElement(n *html.Node) bool {
	if n.DataAtom == atom.Article || strings.EqualFold(attr(n, "role"), "article") {
		return true
	}
	if strings.EqualFold(strings.TrimSpace(attr(n, "itemprop")), "articleBody") {
		return true
	}
	return strings.Contains(strings.ToLower(attr(n, "itemtype")), "article")
}

// chromeClasses are the class names and ids of the site's furniture. They
// match a whole class name only: "article-masthead" or
// "related-coverage-wrapper" wrap the article itself.
var chromeClasses = map[string]bool{
	"masthead": true, "sidebar": true, "most-read": true, "mostread": true, "most-popular": true, "mostpopular": true,
	"trending": true, "related": true, "widget": true, "more-news": true,
	"site-header": true, "site-footer": true, "site-nav": true, "nav": true, "navbar": true, "menu": true, "ticker": true,
}

// isChrome reports whether n is the site's furniture around an article:
// the masthead, navigation, sidebars, "most read" boxes, footers. A
// <header> or <footer> is the site's only at the top level of the body or
// when marked as the site's banner or footer (role=banner, contentinfo);
// one inside <main> or a story's box is the article's own.
func isChrome(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Aside:
		return true
	case atom.Header, atom.Footer:
		if hasAncestor(n, atom.Article) {
			return false
		}
		if n.Parent != nil && n.Parent.DataAtom == atom.Body {
			return true
		}
		switch strings.ToLower(strings.TrimSpace(attr(n, "role"))) {
		case "banner", "contentinfo", "navigation":
			return true
		}
	}
	for _, c := range append(strings.Fields(attr(n, "class")), strings.TrimSpace(attr(n, "id"))) {
		if chromeClasses[strings.ToLower(c)] {
			return true
		}
	}
	return false
}

// besideHeadline reports whether the <time> t stands next to the page's
// headline h1: in the same <header>, or else under the same parent.
func besideHeadline(t, h1 *html.Node) bool {
	if h1 == nil {
		return false
	}
	box := t.Parent
	for p := t.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Header {
			box = p
			break
		}
	}
	for p := h1.Parent; p != nil; p = p.Parent {
		if p == box {
			return true
		}
	}
	return false
}

func hasAncestor(n *html.Node, a atom.Atom) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == a {
			return true
		}
	}
	return false
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}

var articleTypes = map[string]bool{
	"newsarticle": true, "article": true, "reportagenewsarticle": true, "analysisnewsarticle": true,
	"blogposting": true, "backgroundnewsarticle": true, "opinionnewsarticle": true, "reviewnewsarticle": true,
	"livebloggosting": true, "liveblogposting": true, "webpage": true,
}

// parseLD reads the first article object of a JSON-LD script: a single
// object, an array, or an @graph.
func parseLD(src string, out *ldArticle) {
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return
	}
	var objs []map[string]any
	var collect func(v any)
	collect = func(v any) {
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				collect(e)
			}
		case map[string]any:
			if g, ok := t["@graph"]; ok {
				collect(g)
			}
			objs = append(objs, t)
		}
	}
	collect(v)
	// WordPress (Yoast) and others name the publisher and the authors by
	// reference: "publisher": {"@id": "…#organization"}, with the
	// Organization a separate node of the @graph.
	byID := map[string]map[string]any{}
	for _, o := range objs {
		if id := ldString(o["@id"]); id != "" {
			if _, dup := byID[id]; !dup {
				byID[id] = o
			}
		}
	}
	ldName := func(v any) string { return ldName(resolveLD(v, byID)) }
	// Prefer a news article over a generic web page.
	for pass := 0; pass < 2; pass++ {
		for _, o := range objs {
			typ := ldTypes(o["@type"])
			isNews := false
			ok := false
			for _, t := range typ {
				if articleTypes[t] {
					ok = true
				}
				if strings.Contains(t, "article") || strings.Contains(t, "posting") {
					isNews = true
				}
			}
			if !ok || (pass == 0 && !isNews) {
				continue
			}
			if out.headline == "" {
				out.headline = cleanLine(ldString(o["headline"]))
			}
			if out.published == "" {
				out.published = ldString(o["datePublished"])
			}
			if out.publisher == "" {
				out.publisher = cleanLine(ldName(o["publisher"]))
			}
			if out.author == "" {
				out.author = cleanLine(ldName(o["author"]))
			}
			if out.url == "" {
				out.url = ldString(o["url"])
			}
		}
	}
}

// resolveLD replaces references ({"@id": …} without a name) by the nodes
// they name, also inside lists.
func resolveLD(v any, byID map[string]map[string]any) any {
	switch t := v.(type) {
	case map[string]any:
		if _, named := t["name"]; !named {
			if o, ok := byID[ldString(t["@id"])]; ok {
				return o
			}
		}
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = resolveLD(e, byID)
		}
		return out
	}
	return v
}

func ldTypes(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{strings.ToLower(t)}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, strings.ToLower(s))
			}
		}
		return out
	}
	return nil
}

func ldString(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case []any:
		if len(t) > 0 {
			return ldString(t[0])
		}
	}
	return ""
}

// ldName reads a name from a string, an object with "name", or a list of
// them (several authors are joined with "and").
func ldName(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case map[string]any:
		return ldString(t["name"])
	case []any:
		var names []string
		for _, e := range t {
			if n := ldName(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, " and ")
	}
	return ""
}

// canonicalURL is the page's own idea of its address (link rel=canonical,
// og:url, JSON-LD url), resolved against where it was fetched, else where it
// was fetched. A site's root is never an article's address: sites that set
// every page's canonical link to their homepage would otherwise give all
// their articles one identity, each replacing the last.
func canonicalURL(m *pageMeta, pageURL *url.URL) string {
	for _, c := range []string{m.canonical, m.meta["og:url"], m.ld.url} {
		if c == "" {
			continue
		}
		u, err := url.Parse(c)
		if err != nil {
			continue
		}
		if pageURL != nil {
			u = pageURL.ResolveReference(u)
		}
		if u.Scheme == "http" || u.Scheme == "https" {
			if u.Host != "" && !isSiteRoot(u) {
				return NormalizeURL(u)
			}
		}
	}
	if pageURL != nil {
		return NormalizeURL(pageURL)
	}
	return ""
}

// isSiteRoot reports whether u is a site's homepage: no path beyond "/"
// and no query.
func isSiteRoot(u *url.URL) bool {
	return (u.Path == "" || u.Path == "/") && u.RawQuery == ""
}

// NormalizeURL gives one spelling of a URL, so the same page reached two ways
// gets one file: lower-case scheme and host, no default port, no fragment, no
// tracking parameters.
func NormalizeURL(u *url.URL) string {
	c := *u
	c.Scheme = strings.ToLower(c.Scheme)
	c.Host = strings.ToLower(c.Host)
	if (c.Scheme == "http" && c.Port() == "80") || (c.Scheme == "https" && c.Port() == "443") {
		c.Host = c.Hostname()
	}
	c.Fragment, c.RawFragment = "", ""
	c.User = nil
	if c.RawQuery != "" {
		q := c.Query()
		for k := range q {
			lk := strings.ToLower(k)
			if strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" || lk == "ocid" || lk == "cmpid" {
				q.Del(k)
			}
		}
		c.RawQuery = q.Encode()
	}
	if c.Path == "" {
		c.Path = "/"
	}
	return c.String()
}

var urlDateRe = regexp.MustCompile(`/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:[/-]|$)`)

// pageDate finds the publication date in the order the metadata is most
// trustworthy: OpenGraph, JSON-LD, a <time datetime> in the article (or
// marked as the publication date), <meta name="date">, the URL path, and
// last any other <time datetime> that is not in the site's masthead,
// navigation, sidebars or footer (those carry today's date or other
// stories' dates, never this article's).
func pageDate(m *pageMeta, canonical string, pageURL *url.URL) (time.Time, string) {
	cands := []struct{ from, v string }{
		{"article:published_time", m.meta["article:published_time"]},
		{"JSON-LD datePublished", m.ld.published},
		{"itemprop datePublished", m.meta["datepublished"]},
	}
	for _, t := range m.times {
		if t.article {
			cands = append(cands, struct{ from, v string }{"<time datetime>", t.v})
		}
	}
	for _, k := range []string{"date", "pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date"} {
		cands = append(cands, struct{ from, v string }{`<meta name="` + k + `">`, m.meta[k]})
	}
	for _, c := range cands {
		if c.v == "" {
			continue
		}
		if d, ok := ParseDate(c.v); ok {
			return d, c.from
		}
	}
	for _, s := range []string{canonical, urlString(pageURL)} {
		if u, err := url.Parse(s); err == nil && s != "" {
			if mm := urlDateRe.FindStringSubmatch(u.Path); mm != nil {
				if d, ok := ParseDate(mm[1] + "-" + mm[2] + "-" + mm[3]); ok {
					return d, "the URL path"
				}
			}
		}
	}
	for _, t := range m.times {
		if !t.article && !t.chrome {
			if d, ok := ParseDate(t.v); ok {
				return d, "<time datetime> outside the article"
			}
		}
	}
	return time.Time{}, ""
}

func urlString(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.String()
}

var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
}

// ParseDate reads a machine-readable publication date and returns the day as
// written (in the publisher's own offset), at UTC midnight. Dates outside
// 1900–2100 are refused as broken metadata.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		t, err := time.Parse(l, s)
		if err != nil {
			continue
		}
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		if d.Year() < retrieval.MinYear || d.Year() > retrieval.MaxYear {
			return time.Time{}, false
		}
		return d, true
	}
	return time.Time{}, false
}

// stripSiteSuffix removes the publisher's name where a headline carries it:
// "Talks resume | Reuters".
func stripSiteSuffix(h, site string) string {
	if site == "" {
		return h
	}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · "} {
		if len(h) > len(sep+site) && strings.EqualFold(h[len(h)-len(site):], site) && strings.HasSuffix(h[:len(h)-len(site)], sep) {
			return strings.TrimSpace(h[:len(h)-len(site)-len(sep)])
		}
	}
	return h
}

// stripSiteName removes the site name from a <title>: "Talks resume |
// Reuters" → "Talks resume".
func stripSiteName(title, site string) string {
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · "} {
		parts := strings.Split(title, sep)
		if len(parts) < 2 {
			continue
		}
		last, first := strings.TrimSpace(parts[len(parts)-1]), strings.TrimSpace(parts[0])
		switch {
		case site != "" && strings.EqualFold(last, site):
			return strings.TrimSpace(strings.Join(parts[:len(parts)-1], sep))
		case site != "" && strings.EqualFold(first, site):
			return strings.TrimSpace(strings.Join(parts[1:], sep))
		case len(strings.Fields(last)) <= 3 && len(parts[0]) > len(last):
			// "Headline | Site": a short last part is the site's name.
			return strings.TrimSpace(strings.Join(parts[:len(parts)-1], sep))
		}
	}
	return title
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// offStoryWords name boxes beside a story that are never its text: reader
// comments (and the comment form) and boxes of links to other stories.
// Readability leaves them out of a long story, but a short one (two
// paragraphs) is too short for its first try, and its later tries, made
// without its filters, kept them: a reader's comment was then quoted as the
// outlet's reporting. So Extract cuts them out before extracting.
var offStoryWords = map[string]bool{
	"comment": true, "comments": true, "commentlist": true, "disqus": true,
	"related": true, "recommended": true, "recommendation": true, "recommendations": true,
	"recirc": true, "recirculation": true, "outbrain": true, "taboola": true,
}

// offStoryFiller are the words besides boxWords that may stand in the name
// of such a box: "comment-list", "disqus_thread", "related-stories",
// "Reader comments". A name with any other word ("related-coverage-wrapper",
// "comment-recipe") is not a box's.
var offStoryFiller = map[string]bool{
	"list": true, "lists": true, "thread": true, "threads": true, "reader": true, "readers": true, "user": true, "users": true,
	"your": true, "links": true, "link": true, "articles": true, "article": true, "stories": true, "story": true, "posts": true,
	"post": true, "news": true, "items": true, "item": true, "title": true, "heading": true, "header": true, "count": true,
	"body": true, "div": true, "respond": true, "reply": true, "replies": true, "more": true, "reading": true, "read": true,
	"also": true, "and": true, "for": true, "you": true, "on": true, "this": true, "the": true,
}

// isOffStoryName reports whether a class name, id or aria-label is made of
// offStoryWords and filler, with at least one of the first.
func isOffStoryName(name string) bool {
	box := false
	for _, w := range nameWords(name) {
		switch {
		case offStoryWords[w]:
			box = true
		case boxWords[w] || offStoryFiller[w] || len(w) == 1 || strings.ContainsFunc(w, unicode.IsDigit):
		default:
			return false
		}
	}
	return box
}

// storyWords name the story's own box: a class "story related" is the
// story, marked as related to something.
var storyWords = map[string]bool{"article": true, "story": true, "entry": true, "post": true, "body": true, "content": true, "text": true, "main": true}

// isOffStoryBox reports whether n is a comment section or a related-links
// box by its class names, id or aria-label. An element marked as an
// article is one only when named for related stories (a teaser): an
// opinion piece is often marked "comment".
func isOffStoryBox(n *html.Node) bool {
	names := append(strings.Fields(attr(n, "class")), attr(n, "id"), attr(n, "aria-label"))
	off := false
	for _, name := range names {
		switch {
		case isOffStoryName(name):
			off = true
		case slices.ContainsFunc(nameWords(name), func(w string) bool { return storyWords[w] }):
			return false // also named as the story: "story related"
		}
	}
	if !off || !isArticleElement(n) {
		return off
	}
	return slices.ContainsFunc(names, func(name string) bool {
		return slices.ContainsFunc(nameWords(name), func(w string) bool { return offStoryWords[w] && !strings.HasPrefix(w, "comment") })
	})
}

// dropOffStoryBoxes removes from the page its comment sections, its boxes
// of related stories (isOffStoryBox) and its navigation, which a short
// story's later tries kept too ("Home"). A box holding the story, named
// so all the same (a page wrapper "comments-wrapper"), stays: one holding
// an <h1>, a <main> or the article's marked body.
func dropOffStoryBoxes(doc *html.Node) {
	dropElements(doc, func(n *html.Node) bool {
		return isOffStoryBox(n) && !holdsStoryMark(n) || isNav(n) && !holdsArticle(n)
	})
}

// holdsStoryMark reports whether n holds what marks the story: an <h1>,
// <main> (or role=main), or an element marked as the article's body.
// Unlike holdsStory it does not count paragraphs: a comment section holds
// many.
func holdsStoryMark(n *html.Node) bool {
	return holds(n, func(n *html.Node) bool {
		return n.DataAtom == atom.H1 || isMain(n) || strings.EqualFold(strings.TrimSpace(attr(n, "itemprop")), "articleBody")
	})
}

// isNav reports whether n is a navigation menu.
func isNav(n *html.Node) bool {
	return n.DataAtom == atom.Nav || strings.EqualFold(strings.TrimSpace(attr(n, "role")), "navigation")
}

// holdsArticle reports whether n holds the article: an element marked as
// one, or <main>.
func holdsArticle(n *html.Node) bool {
	return holds(n, func(n *html.Node) bool { return isArticleElement(n) || isMain(n) })
}

// holds reports whether n, or an element inside it, is one that is picks.
func holds(n *html.Node, is func(*html.Node) bool) bool {
	if n.Type == html.ElementNode && is(n) {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if holds(c, is) {
			return true
		}
	}
	return false
}

// isMain reports whether n is the page's main content: <main> or
// role=main.
func isMain(n *html.Node) bool {
	return n.DataAtom == atom.Main || strings.EqualFold(attr(n, "role"), "main")
}
