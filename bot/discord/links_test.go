package discord

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

// schemeURL is an address Discord could auto-link or unfurl, of any scheme,
// bare or in <>: pessimistic, as Discord links only http(s).
var schemeURL = regexp.MustCompile(`(?i)[a-z][a-z0-9+.\-]*://[^\s<>]*`)

// discordLinks is a pessimistic model of what Discord makes clickable in
// markdown, returning the targets: every "[text](target)" whatever the
// escapes or brackets between "[" and "](" (Discord ends a link's text at
// "\]" despite the backslash), and every address with "://" in it.
func discordLinks(md string) []string {
	var out []string
	for i := 0; i < len(md); i++ {
		if md[i] != '[' {
			continue
		}
		for j := i + 1; j+1 < len(md); j++ {
			if md[j] != ']' || md[j+1] != '(' {
				continue
			}
			t := strings.TrimLeftFunc(md[j+2:], unicode.IsSpace)
			if strings.HasPrefix(t, "<") {
				if k := strings.IndexByte(t, '>'); k > 0 {
					out = append(out, t[1:k])
				}
				continue
			}
			end := strings.IndexFunc(t, func(r rune) bool { return r == ')' || unicode.IsSpace(r) })
			if end < 0 {
				end = len(t)
			}
			out = append(out, t[:end])
		}
	}
	for _, m := range schemeURL.FindAllString(md, -1) {
		out = append(out, strings.TrimRight(m, `.,:;"')]`))
	}
	return out
}

// checkOnlyLink fails unless the only link in line is want (and line has
// one), or, with want "", line has none.
func checkOnlyLink(t *testing.T, where, line, want string) {
	t.Helper()
	links := discordLinks(line)
	for _, l := range links {
		if l != want {
			t.Errorf("%s: links to %q, want only %q:\n%s", where, l, want, line)
		}
	}
	if want != "" && len(links) == 0 {
		t.Errorf("%s: no link to %q:\n%s", where, want, line)
	}
	// Every "://" is the article's own address: none of the text's is left
	// whole for a linker smarter than the model above.
	if n, m := strings.Count(line, "://"), strings.Count(line, want); want == "" && n > 0 || want != "" && n != m*strings.Count(want, "://") {
		t.Errorf("%s: %d \"://\" for %d of the article's address:\n%s", where, n, m, line)
	}
}

// TestDiscordLinksOracle: the oracle finds what Discord links, including
// the spoof a user test found.
func TestDiscordLinksOracle(t *testing.T) {
	for md, want := range map[string][]string{
		`[1] [Ceasefire latest\](https://evil.example/steal) click \[here](https://news.example.com/brk)`: {"https://evil.example/steal", "https://news.example.com/brk"},
		"see <HTTPS://evil.example/x>.":       {"HTTPS://evil.example/x"},
		"plain words, ［x］(evil.example) here": nil,
		"broken https:\u200b//evil.example":   nil,
	} {
		got := discordLinks(md)
		slices.Sort(got)
		if got = slices.Compact(got); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("discordLinks(%q) = %q, want %q", md, got, want)
		}
	}
}

// hostileSources are articles whose headline or publisher try to make a
// link of their own, or to bend the article's.
var hostileSources = []struct {
	name, headline, publisher, url string
	want                           string // the only link target; "" for none
}{
	{"user test", "Ceasefire latest](https://evil.example/steal) click [here", "Example](https://evil.example/pub) News",
		"https://news.example.com/brk", "https://news.example.com/brk"},
	{"masked links", "[x](https://evil.example) talks", "[pub](<https://evil.example/p>)",
		"https://news.example.com/a", "https://news.example.com/a"},
	{"escaped bracket", `a\](https://evil.example)`, `b\\](http://evil.example/q) c`,
		"https://news.example.com/b", "https://news.example.com/b"},
	{"bare addresses", "Read https://evil.example/a now", "HTTP://EVIL.EXAMPLE/b",
		"https://news.example.com/c", "https://news.example.com/c"},
	{"angle brackets", "<https://evil.example/x> and (https://evil.example/y)", "<http://evil.example>",
		"https://news.example.com/d", "https://news.example.com/d"},
	{"rebuilt scheme", "hthttps://tps://evil.example", "ht://tp://evil.example steam://run/1",
		"https://news.example.com/e", "https://news.example.com/e"},
	{"closing first", ")](https://evil.example) [", "]]((https://evil.example)",
		"https://news.example.com/f", "https://news.example.com/f"},
	{"odd target", "Riyadh (city)", "Wiki", "https://en.wikipedia.org/wiki/Riyadh_(city)?a=1&b=)x\\ \"t\"",
		safeURL("https://en.wikipedia.org/wiki/Riyadh_(city)?a=1&b=)x\\ \"t\"")},
	{"no safe url", "[x](https://evil.example)", "https://evil.example", "javascript:alert(1)", ""},
}

// TestSourcesLinkOnlyToArticle: wherever the bot lists sources (an
// answer's, /sources, a timeline page's, an added or announced article),
// the only link on an article's line is the article's own address.
func TestSourcesLinkOnlyToArticle(t *testing.T) {
	day := time.Date(2025, 3, 21, 0, 0, 0, 0, time.UTC)
	for _, c := range hostileSources {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(c.want, "://") == (c.want != "") {
				t.Fatalf("bad case: want %q", c.want)
			}
			a := &retrieval.Article{ID: "x.txt", Headline: c.headline, Publisher: c.publisher, URL: c.url, Date: day}

			checkOnlyLink(t, "source line", sourceLine(1, a.Headline, a.URL, a.Publisher, a.Date), c.want)

			ans := &bot.Answer{Text: "Envoys met in Jeddah [1].", Mode: bot.ModeExtractive,
				Citations: []bot.Citation{{N: 1, Article: a.ID, Headline: a.Headline, URL: a.URL, Publisher: a.Publisher, Date: a.Date}}}
			for _, m := range renderAnswer(ans) {
				checkOnlyLink(t, "answer text", m.Content, "")
				for _, e := range m.Embeds {
					checkOnlyLink(t, "answer sources", e.Description, c.want)
				}
			}

			src := renderSources([]*retrieval.Article{a}, 1)
			checkOnlyLink(t, "/sources", src.Embeds[0].Description, c.want)

			ev := []timeline.Event{{Date: day, Text: "Envoys met in Jeddah.", Sources: []timeline.Source{{Article: a}}}}
			tl, _ := renderTimelinePage(ev, timelineQuery{}, 1)
			checkOnlyLink(t, "timeline text", tl.Content, "")
			checkOnlyLink(t, "timeline sources", tl.Embeds[0].Description, c.want)

			checkOnlyLink(t, "added or announced article", articleLine(a), c.want)

			// The words are still shown.
			line := sourceLine(1, a.Headline, a.URL, a.Publisher, a.Date)
			for _, w := range strings.FieldsFunc(c.headline+" "+c.publisher, func(r rune) bool { return !unicode.IsLetter(r) }) {
				if !strings.Contains(line, w) {
					t.Errorf("source line lost the word %q:\n%s", w, line)
				}
			}
		})
	}
}

// TestSourcesOfSeveralArticles: each line of a list links to its own
// article, whatever the others hold.
func TestSourcesOfSeveralArticles(t *testing.T) {
	var arts []*retrieval.Article
	for i, c := range hostileSources {
		arts = append(arts, &retrieval.Article{ID: c.name, Headline: c.headline, Publisher: c.publisher, URL: c.url,
			Date: time.Date(2025, 3, 1+i, 0, 0, 0, 0, time.UTC)})
	}
	m := renderSources(arts, 1)
	lines := strings.Split(m.Embeds[0].Description, "\n")
	if len(lines) != len(arts) {
		t.Fatalf("%d lines for %d articles", len(lines), len(arts))
	}
	for _, line := range lines {
		want, longest := "", 0 // one headline may hold another
		for _, c := range hostileSources {
			if h := inert(c.headline); strings.Contains(line, h) && len(h) > longest {
				want, longest = c.want, len(h)
			}
		}
		checkOnlyLink(t, "/sources line", line, want)
	}
}

// TestTimelineLinesHoldNoLinks: an event's text is the article's, shown in
// a public message: its links are words (the sources embed has the
// article's), so they neither click through nor unfurl a preview.
func TestTimelineLinesHoldNoLinks(t *testing.T) {
	day := time.Date(2025, 3, 20, 0, 0, 0, 0, time.UTC)
	a := &retrieval.Article{ID: "a.txt", Headline: "Talks", URL: "https://news.example.com/a", Date: day}
	ev := []timeline.Event{{Date: day, Sources: []timeline.Source{{Article: a}},
		Text: "On March 20 read [the list](http://evil.example/phish) or https://evil.example/x and <https://evil.example/y> @everyone."}}
	m, _ := renderTimelinePage(ev, timelineQuery{}, 1)
	checkOnlyLink(t, "timeline text", m.Content, "")
	if !strings.Contains(m.Content, "the list") || !strings.Contains(m.Content, "evil.example/x") {
		t.Errorf("the event's words are gone:\n%s", m.Content)
	}
}
