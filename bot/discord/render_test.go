package discord

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestSplitText(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		text string
		max  int
		want []string
	}{
		{"fits", "Short [1].", 20, []string{"Short [1]."}},
		{"paragraph first", "One two three [1].\n\nFour five [2].", 30, []string{"One two three [1].", "Four five [2]."}},
		{"sentence boundary", "Alpha beta gamma [1]. Delta epsilon [2].", 30, []string{"Alpha beta gamma [1].", "Delta epsilon [2]."}},
		{"marker stays with its sentence", "Alpha beta gamma delta. [1] Epsilon zeta eta.", 28, []string{"Alpha beta gamma delta. [1]", "Epsilon zeta eta."}},
		{"marker pulls its word along", "Alpha beta gamma delta. [1] Epsilon zeta eta.", 26, []string{"Alpha beta gamma", "delta. [1] Epsilon zeta", "eta."}},
		{"never inside a marker", "Word word word word [1, 2, 3] end.", 24, []string{"Word word word", "word [1, 2, 3] end."}},
		{"one long word", strings.Repeat("x", 25), 10, []string{"xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"}},
		{"not after an abbreviation", "They met on Feb. 18 in Riyadh and talked [1].", 25,
			[]string{"They met on Feb. 18 in", "Riyadh and talked [1]."}},
		{"not inside U.S.", "Then the U.S. officials left Riyadh [1].", 25,
			[]string{"Then the U.S. officials", "left Riyadh [1]."}},
		{"not after an initial", "Envoy Steve C. Witkoff and Gen. Keith Kellogg came [1].", 30,
			[]string{"Envoy Steve C. Witkoff and", "Gen. Keith Kellogg came [1]."}},
		{"runes not bytes", "Ääää ööö üü [1]. Ääää ööö üü [2].", 17, []string{"Ääää ööö üü [1].", "Ääää ööö üü [2]."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := splitText(c.text, c.max)
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("splitText(%q, %d) =\n%q\nwant\n%q", c.text, c.max, got, c.want)
			}
			for _, p := range got {
				if runes(p) > c.max {
					t.Errorf("piece %q longer than %d", p, c.max)
				}
			}
		})
	}
}

// FuzzSplitText: pieces fit, nothing is lost, and no marker is cut.
func FuzzSplitText(f *testing.F) {
	f.Add("Alpha [1]. Beta [2, 3].\n\nGamma [4].", 12)
	f.Add(strings.Repeat("word [12] ", 50), 40)
	f.Fuzz(func(t *testing.T, text string, max int) {
		if max < 12 || max > 3000 || !utf8Valid(text) {
			return
		}
		got := splitText(text, max)
		for _, p := range got {
			if runes(p) > max {
				t.Fatalf("piece of %d runes > %d", runes(p), max)
			}
		}
		if strings.Join(strings.Fields(strings.Join(got, " ")), "") != strings.Join(strings.Fields(text), "") {
			t.Fatalf("text changed: %q -> %q", text, got)
		}
	})
}

// TestAnswerMarkdown: answer text shows as written: markdown escaped,
// citation markers kept, links shown as words that do not link.
func TestAnswerMarkdown(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"Met in Riyadh [1].", "Met in Riyadh [1]."},
		{"See [the report](https://evil.example/x) [2].", "See the report (https:\u200b//evil.example/x) [2]."},
		{"Read https://example.com/a.", "Read https:\u200b//example.com/a."},
		{"(source: https://example.com/b)", "(source: https:\u200b//example.com/b)"},
		{"Already <https://example.com/c> quiet.", "Already https:\u200b//example.com/c quiet."},
		{"Link https://example.com/a_b_c*d works [3].", "Link https:\u200b//example.com/a\\_b\\_c\\*d works [3]."},
		{"**BREAKING** ||spoiler|| `code` [1, 2]", "\\*\\*BREAKING\\*\\* \\|\\|spoiler\\|\\| \\`code\\` [1, 2]"},
		{"snake_case and ~~gone~~ [4][5]", `snake\_case and \~\~gone\~\~ [4][5]`},
		{"> not a quote\n# not a heading", "\\> not a quote\n\\# not a heading"},
		{"ping <@123> <@&42> <#7> <:e:1> <t:1700000000>", `ping \<@123\> \<@&42\> \<#7\> \<:e:1\> \<t:1700000000\>`},
		{"[citation needed] and [a]", `\[citation needed\] and \[a\]`},
		{`a \* b`, `a \\\* b`},
		{"[**bold**](https://x.example/) [1]", "\\*\\*bold\\*\\* (https:\u200b//x.example/) [1]"},
	}
	for _, c := range cases {
		if got := answerMarkdown(c.in); got != c.want {
			t.Errorf("answerMarkdown(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func golden(t *testing.T, name string, got any) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != string(b) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", path, b)
	}
}

var day = func(d int) time.Time { return time.Date(2025, 2, d, 0, 0, 0, 0, time.UTC) }

func TestRenderAnswerGolden(t *testing.T) {
	t.Parallel()
	ans := &bot.Answer{
		Text: "US and Russian officials met in Riyadh on Tuesday [1]. They agreed to restore embassy staff [1][2].",
		Mode: bot.ModeLLM, Model: "gpt-test",
		Citations: []bot.Citation{
			{N: 1, Headline: "US and Russian officials hold *talks* in Riyadh", Publisher: "Associated Press", Date: day(18), URL: "https://apnews.com/article/x(y)"},
			{N: 2, Headline: "Embassies [to] reopen", Publisher: "", Date: day(19)},
		},
	}
	golden(t, "answer", renderAnswer(ans))
	abst := &bot.Answer{Text: "The articles don't say.", Abstained: true, Mode: bot.ModeExtractive}
	golden(t, "abstained", renderAnswer(abst))
	// How a misspelt name was read comes first, in small print.
	fixed := &bot.Answer{Text: "Lavrov called the talks useful [1].", Mode: bot.ModeExtractive,
		Corrections: []bot.Correction{{From: "Lavorv", To: "Lavrov"}, {From: "Rubbio", To: "Rubio"}},
		Citations:   []bot.Citation{{N: 1, Headline: "Talks", Date: day(18)}},
	}
	golden(t, "corrected", renderAnswer(fixed))
}

func TestRenderTimelineGolden(t *testing.T) {
	t.Parallel()
	a := &retrieval.Article{ID: "a.txt", Headline: "Talks in Riyadh", Publisher: "Reuters", Date: day(18), URL: "https://example.com/a"}
	b := &retrieval.Article{ID: "b.txt", Headline: "Summit planned", Publisher: "AP", Date: day(23)}
	events := []timeline.Event{
		{Date: day(18), Granularity: timeline.Day, Tense: timeline.Past, Text: "Rubio and Lavrov met in Riyadh.", Sources: []timeline.Source{{Article: a}, {Article: b}}},
		{Date: day(17), End: day(23), Granularity: timeline.Week, Tense: timeline.Past, Text: "Envoys talked all week.", Sources: []timeline.Source{{Article: b}}},
		{Date: day(23), End: march(9), Granularity: timeline.Week, Tense: timeline.Planned, Text: "Envoys could meet within the next two weeks.", Sources: []timeline.Source{{Article: b}}},
		{Date: day(24), End: day(26), Granularity: timeline.Day, Tense: timeline.Past, Text: "Three days of talks.", Sources: []timeline.Source{{Article: a}}},
		{Date: march(1), End: march(31), Granularity: timeline.Month, Tense: timeline.Planned, Text: "A summit is planned.", Sources: []timeline.Source{{Article: b}}},
	}
	golden(t, "timeline", renderTimeline(events, timelineQuery{Topic: "Riyadh", From: day(1)}, 1))
}

func march(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }

// TestTimelineEventDates: every event's heading shows its whole span, as
// the CLI does, whatever its granularity; the year only where needed.
func TestTimelineEventDates(t *testing.T) {
	t.Parallel()
	a := &retrieval.Article{ID: "a.txt", Headline: "H", Date: day(23)}
	for _, c := range []struct {
		e    timeline.Event
		want string
	}{
		{timeline.Event{Date: day(18), Granularity: timeline.Day}, "Tue 18 Feb"},
		{timeline.Event{Date: day(17), End: day(23), Granularity: timeline.Week}, "17–23 Feb"},
		{timeline.Event{Date: day(23), End: march(9), Granularity: timeline.Week}, "23 Feb – 9 Mar"},
		{timeline.Event{Date: day(24), End: day(26), Granularity: timeline.Day}, "Mon 24 – Wed 26 Feb"},
		{timeline.Event{Date: march(1), End: march(31), Granularity: timeline.Month}, "Mar 2025"},
		{timeline.Event{Date: time.Date(2024, 12, 30, 0, 0, 0, 0, time.UTC), End: day(2), Granularity: timeline.Week}, "30 Dec 2024 – 2 Feb 2025"},
	} {
		c.e.Text, c.e.Sources = "Something happened.", []timeline.Source{{Article: a}}
		m := renderTimeline([]timeline.Event{c.e}, timelineQuery{}, 1)
		if want := "**" + c.want + "**\n• Something happened."; !strings.Contains(m.Content, want) {
			t.Errorf("%s..%s (%s): got\n%s\nwant a line starting %q", c.e.Date.Format(time.DateOnly), c.e.End.Format(time.DateOnly), c.e.Granularity, m.Content, want)
		}
	}
}

func TestRenderLimits(t *testing.T) {
	t.Parallel()
	// 60 long-headlined sources, all cited: embeds must split and group
	// within Discord's limits, and the answer stay within 3 messages.
	var cites []bot.Citation
	var text strings.Builder
	for n := 1; n <= 60; n++ {
		cites = append(cites, bot.Citation{N: n, Headline: strings.Repeat("Headline ", 30), Publisher: "P", URL: "https://example.com/" + strings.Repeat("p", 100)})
		fmt.Fprintf(&text, "Claim [%d]. ", n)
	}
	msgs := renderAnswer(&bot.Answer{Text: text.String(), Citations: cites})
	if len(msgs) > maxAnswerMessages {
		t.Errorf("%d messages, want at most %d", len(msgs), maxAnswerMessages)
	}
	seen := 0
	for i, m := range msgs {
		if runes(m.Content) > maxContent || len(m.Embeds) > maxEmbeds {
			t.Errorf("message %d: %d characters, %d embeds", i, runes(m.Content), len(m.Embeds))
		}
		total := 0
		for _, e := range m.Embeds {
			if runes(e.Description) > maxDescription {
				t.Errorf("message %d: description of %d", i, runes(e.Description))
			}
			total += embedChars(e)
			seen += strings.Count(e.Description, "`[")
		}
		if total > maxEmbedsChars {
			t.Errorf("message %d: embeds hold %d characters", i, total)
		}
		if m.Content == "" && len(m.Embeds) == 0 {
			t.Errorf("message %d is empty", i)
		}
	}
	last := msgs[len(msgs)-1].Embeds
	if seen == 0 || seen == 60 || !strings.Contains(last[len(last)-1].Footer.Text, "narrower question") {
		t.Errorf("%d of 60 sources shown; want as many as fit in 3 messages and a footer saying there are more", seen)
	}
}

// TestAnswerCut: a huge answer is at most 3 messages, the last ending with
// the cut note, listing only the sources the kept text cites.
func TestAnswerCut(t *testing.T) {
	t.Parallel()
	var text strings.Builder
	var cites []bot.Citation
	for i := 1; text.Len() < 1<<20; i++ {
		fmt.Fprintf(&text, "Sentence %d of a very long answer [%d]. ", i, min(i/10+1, 100))
	}
	for n := 1; n <= 100; n++ {
		cites = append(cites, bot.Citation{N: n, Headline: fmt.Sprintf("H%d", n), Publisher: "P"})
	}
	msgs := renderAnswer(&bot.Answer{Text: text.String(), Citations: cites})
	if len(msgs) != maxAnswerMessages {
		t.Fatalf("a 1 MB answer in %d messages, want %d", len(msgs), maxAnswerMessages)
	}
	last := msgs[len(msgs)-1]
	if !strings.HasSuffix(last.Content, "\n\n"+cutNote) {
		t.Errorf("the last message ends %q, want the cut note", last.Content[max(0, len(last.Content)-60):])
	}
	var kept strings.Builder
	for i, m := range msgs {
		if runes(m.Content) > maxContent {
			t.Errorf("message %d has %d characters", i, runes(m.Content))
		}
		kept.WriteString(m.Content)
	}
	cited := citedNumbers(kept.String())
	listed := strings.Count(embedDescriptions(last.Embeds), "`[")
	if listed != len(cited) || listed == 0 || listed == 100 {
		t.Errorf("%d sources listed, want the %d the kept text cites", listed, len(cited))
	}
}

func embedDescriptions(es []*discordgo.MessageEmbed) string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString(e.Description + "\n")
	}
	return b.String()
}

// TestSplitTextSpaces: long runs of spaces and brackets, hostile to a
// quadratic look-ahead, split within bounds and lose nothing.
func TestSplitTextSpaces(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"a" + strings.Repeat(" ", 100000) + "[1] b",
		strings.Repeat("[", 50000),
		strings.Repeat("word ", 20000) + strings.Repeat(" ", 5000),
	} {
		pieces := splitText(text, 2000)
		for _, p := range pieces {
			if runes(p) > 2000 {
				t.Errorf("a piece of %d characters", runes(p))
			}
		}
		if got, want := strings.Join(strings.Fields(strings.Join(pieces, " ")), ""), strings.Join(strings.Fields(text), ""); got != want {
			t.Errorf("the split changed the text (%d pieces)", len(pieces))
		}
	}
}

func TestTimelineIDRoundTrip(t *testing.T) {
	t.Parallel()
	q := timelineQuery{Topic: "Трамп: Riyadh", From: day(1), To: day(28)}
	id := "tl:3" + q.encode()
	if len(id) > 100 {
		t.Errorf("custom id %q longer than Discord's 100", id)
	}
	page, got, err := decodeTimelineID(id)
	if err != nil || page != 3 || got.Topic != q.Topic || !got.From.Equal(q.From) || !got.To.Equal(q.To) {
		t.Errorf("decode(%q) = %d %+v %v", id, page, got, err)
	}
	for _, bad := range []string{"tl:x::", "src:1", "tl:1:2025:", "tl:1:20250230::x"} {
		if _, _, err := decodeTimelineID(bad); err == nil {
			t.Errorf("decode(%q) accepted", bad)
		}
	}
}

func TestRewriteTransportUnit(t *testing.T) {
	t.Parallel()
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Host+" "+r.URL.RequestURI())
	}))
	defer srv.Close()
	base, _ := url.Parse(srv.URL + "/proxy/")
	c := &http.Client{Transport: newRewriteTransport(base, http.DefaultTransport)}
	for _, u := range []string{"https://discord.com/api/v9/gateway", "https://discord.com/api/v9/webhooks/1/tok/messages/@original?wait=true"} {
		resp, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	want := []string{host + " /proxy/api/v9/gateway", host + " /proxy/api/v9/webhooks/1/tok/messages/@original?wait=true"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests arrived as\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	def, _ := url.Parse(DefaultAPIURL)
	if _, ok := newRewriteTransport(def, http.DefaultTransport).(*rewriteTransport); ok {
		t.Errorf("the default URL should not wrap the transport")
	}
}

// TestRewriteTransportErrors: a failed request's error names the URL it
// was sent to, with any interaction token redacted.
func TestRewriteTransportErrors(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // nothing listens there now
	base, _ := url.Parse(srv.URL)
	c := &http.Client{Transport: newRewriteTransport(base, http.DefaultTransport)}
	_, err := c.Get("https://discord.com/api/v9/webhooks/1/SECRET-TOKEN/messages/@original")
	if err == nil {
		t.Fatal("a request to a closed server succeeded")
	}
	msg := describeREST(err).Error()
	want := "Get " + srv.URL + "/api/v9/webhooks/1/<token>/messages/@original: "
	if !strings.HasPrefix(msg, want) || strings.Contains(msg, "discord.com") || strings.Contains(msg, "SECRET") {
		t.Errorf("error = %q, want it to start %q, without discord.com or the token", msg, want)
	}
	if !errors.Is(describeREST(err), syscall.ECONNREFUSED) {
		t.Errorf("error %v does not wrap ECONNREFUSED", err)
	}
}

func TestRedactURL(t *testing.T) {
	t.Parallel()
	in := "https://discord.com/api/v9/webhooks/123/SECRET/messages/@original"
	if got := redactURL(in); strings.Contains(got, "SECRET") {
		t.Errorf("redactURL kept the token: %s", got)
	}
	in = "https://discord.com/api/v9/interactions/456/SECRET/callback"
	if got := redactURL(in); strings.Contains(got, "SECRET") || !strings.Contains(got, "456") {
		t.Errorf("redactURL(%s) = %s", in, got)
	}
}

func TestUserLimiter(t *testing.T) {
	t.Parallel()
	l := newUserLimiter("", 3)
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		if ok, _, _ := l.allow("u", now); !ok {
			t.Fatalf("question %d refused", i+1)
		}
	}
	ok, wait, notify := l.allow("u", now)
	if ok || wait <= 0 || wait > 20*time.Second || !notify {
		t.Errorf("4th question: ok=%v wait=%v notify=%v, want refused, wait ≤ 20s, notified", ok, wait, notify)
	}
	if _, _, notify := l.allow("u", now.Add(time.Second)); notify {
		t.Errorf("notified twice within one wait")
	}
	if ok, _, _ := l.allow("other", now); !ok {
		t.Errorf("another user was limited")
	}
	if ok, _, _ := l.allow("u", now.Add(20*time.Second)); !ok {
		t.Errorf("refused after the wait")
	}
	if ok, _, _ := newUserLimiter("", -1).allow("u", now); !ok {
		t.Errorf("a negative limit should not limit")
	}
}

func TestGateQueues(t *testing.T) {
	t.Parallel()
	g := newGate(1, 1)
	rel, err := g.acquire(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	queued := make(chan int, 1)
	got := make(chan error, 1)
	go func() {
		r, err := g.acquire(context.Background(), func(ahead int) { queued <- ahead })
		if err == nil {
			r()
		}
		got <- err
	}()
	if ahead := <-queued; ahead != 0 {
		t.Errorf("first in the queue has %d ahead", ahead)
	}
	if _, err := g.acquire(context.Background(), nil); err != errBusy {
		t.Errorf("third caller with a full queue: %v, want errBusy", err)
	}
	rel()
	if err := <-got; err != nil {
		t.Errorf("queued caller: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	rel, _ = g.acquire(context.Background(), nil)
	cancel()
	if _, err := g.acquire(ctx, nil); err != context.Canceled {
		t.Errorf("cancelled wait: %v", err)
	}
	rel()
}

// TestQuotedArticleMarkdownEscaped: an extractive answer quoting an
// article full of Discord markdown shows the article's characters, not
// formatting, and its citation still works.
func TestQuotedArticleMarkdownEscaped(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{"md.txt": {Data: []byte(" date 2025-02-18 Envoys meet in Riyadh\n\nRIYADH\n\n" +
		"The envoys met in Riyadh on **Tuesday** to discuss ||a ceasefire|| with `officials`, <@123456789012345678> said.\n")}}
	c, err := retrieval.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	e := bot.New(retrieval.NewIndex(c, retrieval.DefaultParams()), bot.Options{})
	a, err := e.Ask(context.Background(), bot.Query{Question: "When did the envoys meet in Riyadh?"})
	if err != nil || len(a.Citations) == 0 || !strings.Contains(a.Text, "**Tuesday**") {
		t.Fatalf("the test needs a cited answer quoting the markdown: %v %+v", err, a)
	}
	got := renderAnswer(a)[0].Content
	for _, want := range []string{`\*\*Tuesday\*\*`, `\|\|a ceasefire\|\|`, "\\`officials\\`", `\<@123456789012345678\>`, "[1]"} {
		if !strings.Contains(got, want) {
			t.Errorf("rendered answer lacks %q:\n%s", want, got)
		}
	}
}

func TestRateLimitMessage(t *testing.T) {
	for _, c := range []struct {
		perMinute int
		wait      time.Duration
		want      string
	}{
		{1, 59500 * time.Millisecond, "(1 question a minute). Please try again in 60 s."},
		{3, 100 * time.Millisecond, "(3 questions a minute). Please try again in 1 s."},
	} {
		if got := rateLimitMessage(c.perMinute, c.wait).Content; !strings.HasSuffix(got, c.want) {
			t.Errorf("rateLimitMessage(%d, %v) = %q, want it to end %q", c.perMinute, c.wait, got, c.want)
		}
	}
}
