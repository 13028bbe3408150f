package discord

import (
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

// hostileTopic is what a user test typed into /timeline's topic.
const hostileTopic = "**Zorb** ||x|| `y` @everyone [a](http://evil.example) https://evil.example/b <http://evil.example/c>"

// TestEchoesHoldNoLinks: what a user typed and the bot shows again (a
// timeline's topic, a misspelling read as a name, a refusal quoting the
// question) is words: no link, masked or bare, and no formatting.
func TestEchoesHoldNoLinks(t *testing.T) {
	day := time.Date(2025, 3, 20, 0, 0, 0, 0, time.UTC)
	art := &retrieval.Article{ID: "a.txt", Headline: "Envoys meet", URL: "https://news.example.com/a", Date: day}
	events := []timeline.Event{{Date: day, Text: "Envoys met in Riyadh.", Sources: []timeline.Source{{Article: art}}}}
	noEvents, _ := renderTimelinePage(nil, timelineQuery{Topic: hostileTopic}, 1)
	page, _ := renderTimelinePage(events, timelineQuery{Topic: hostileTopic}, 1)
	refusal := renderAnswer(&bot.Answer{Abstained: true, Mode: bot.ModeExtractive,
		Text: "The articles don't say anything about “" + hostileTopic + "”."})
	for _, c := range []struct{ name, got string }{
		{"no events", noEvents.Content},
		{"timeline header", page.Content},
		{"correction", correctionLine([]bot.Correction{{From: "http://evil.example/x", To: "Lavrov"}})},
		{"refusal", refusal[0].Content},
	} {
		t.Run(c.name, func(t *testing.T) {
			checkOnlyLink(t, c.name, c.got, "")
			for _, bad := range []string{"**Zorb**", "||x||", "`y`", "@everyone"} {
				if strings.Contains(c.got, bad) {
					t.Errorf("%q left as typed in %q", bad, c.got)
				}
			}
		})
	}
	if !strings.Contains(noEvents.Content, "Zorb") || !strings.Contains(noEvents.Content, "evil.example") {
		t.Errorf("the topic's words are gone: %q", noEvents.Content)
	}
}

// TestTimelineEchoOnDiscord: the no-events reply to a hostile topic, and
// the refusal of a date that is an address, as the fake Discord gets them.
func TestTimelineEchoOnDiscord(t *testing.T) {
	t.Parallel()
	h := start(t, setup{tl: &fakeTimeline{}})
	m := h.final(h.srv.Command(h.where, "timeline", discordtest.Option{Name: "topic", Value: hostileTopic}), "the reply", answered)
	if !strings.HasPrefix(m.Content, "I found no dated events about") {
		t.Fatalf("got %q, want no events", m.Content)
	}
	checkOnlyLink(t, "public no-events reply", m.Content, "")

	m = h.final(h.srv.Command(h.where, "timeline", discordtest.Option{Name: "from", Value: "http://a.b"}), "the refusal", answered)
	if !isError(m) || !strings.Contains(m.Content, "is not a date") {
		t.Fatalf("got %q, want a refusal of the date", m.Content)
	}
	checkOnlyLink(t, "date refusal", m.Content, "")
}
