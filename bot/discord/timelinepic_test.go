package discord

import (
	"bytes"
	"encoding/json"
	"image/png"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
	"github.com/talkbot/talkbot/retrieval/timeline/chart"
)

// TestTimelinePicture: /timeline attaches a picture of the page's events
// from three events on, or when asked; the text view and the sources embed
// stay as its fallback; text only below three events or when asked.
func TestTimelinePicture(t *testing.T) {
	t.Parallel()
	h := start(t, setup{tl: &fakeTimeline{events: testEvents(5)}})
	pictureOf := func(m *discordtest.Message) []byte {
		t.Helper()
		if len(m.Attachments) != 1 {
			t.Fatalf("%d attachments, want the picture: %q", len(m.Attachments), m.Content)
		}
		a := m.Attachments[0]
		if a.Name != pictureName || a.ContentType != "image/png" {
			t.Errorf("attachment %q (%s), want %s (image/png)", a.Name, a.ContentType, pictureName)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(a.Data))
		if err != nil || cfg.Width < 1200 || cfg.Height <= 0 {
			t.Errorf("attachment is not a PNG at least 1200 px wide: %v %+v", err, cfg)
		}
		return a.Data
	}
	textOnly := func(m *discordtest.Message, what string) {
		t.Helper()
		if len(m.Attachments) != 0 {
			t.Errorf("%s: %d attachments, want text only", what, len(m.Attachments))
		}
		if !strings.Contains(m.Content, "**Tue 18 Feb**\n• Event 0:") {
			t.Errorf("%s: no text view:\n%s", what, m.Content)
		}
	}

	// Five events: a picture by default, uploaded as a file with the edit.
	m := h.final(h.srv.Command(h.where, "timeline"), "the timeline", hasSources)
	pic := pictureOf(m)
	if !strings.Contains(m.Content, "**Tue 18 Feb**\n• Event 0:") || !strings.Contains(embedText(m), "Headline 0") {
		t.Errorf("the picture's fallback (text view and sources) is missing:\n%s\n%s", m.Content, embedText(m))
	}
	uploaded := slices.ContainsFunc(h.srv.Calls(), func(c discordtest.Call) bool {
		return c.Method == "PATCH" && len(c.Files) == 1 && bytes.Equal(c.Files[0].Data, pic)
	})
	if !uploaded {
		t.Error("no multipart edit carried the picture")
	}
	// The edit lists the new file as Discord documents a partial
	// attachment (id, filename), without discordgo's empty fields.
	for _, c := range h.srv.Calls() {
		if c.Method != "PATCH" || len(c.Files) == 0 {
			continue
		}
		var body struct {
			Attachments json.RawMessage `json:"attachments"`
		}
		if err := json.Unmarshal(c.Body, &body); err != nil {
			t.Fatal(err)
		}
		if got, want := string(body.Attachments), `[{"id":"0","filename":"timeline.png"}]`; got != want {
			t.Errorf("the picture's edit lists attachments %s, want %s", got, want)
		}
	}

	// The same query asked again draws the same bytes.
	again := h.final(h.srv.Command(h.where, "timeline", discordtest.Option{Name: "format", Value: "picture"}), "again", hasSources)
	if !bytes.Equal(pictureOf(again), pic) {
		t.Error("the same events drew a different picture")
	}

	textOnly(h.final(h.srv.Command(h.where, "timeline", discordtest.Option{Name: "format", Value: "text"}), "text", hasSources), "format text")

	// Two events: text by default, a picture when asked.
	two := start(t, setup{tl: &fakeTimeline{events: testEvents(2)}})
	textOnly(two.final(two.srv.Command(two.where, "timeline"), "two events", hasSources), "two events")
	pictureOf(two.final(two.srv.Command(two.where, "timeline", discordtest.Option{Name: "format", Value: "picture"}), "two as a picture", hasSources))

	// Text pages turn as before: one update, no picture.
	many := start(t, setup{tl: &fakeTimeline{events: testEvents(30)}})
	tm := many.final(many.srv.Command(many.where, "timeline", discordtest.Option{Name: "format", Value: "text"}), "text pages", hasSources)
	textOnly(tm, "text pages")
	next := buttons(tm)["Next ▶"]
	if !strings.HasPrefix(next.CustomID, "tl:2:") {
		t.Fatalf("text page buttons: %+v", buttons(tm))
	}
	click := many.srv.Click(many.where, tm.ID, next.CustomID)
	many.srv.Wait(wait, "page 2", func() bool { in := many.srv.Interaction(click); return in != nil && !in.AckedAt.IsZero() })
	if in := many.srv.Interaction(click); in.AckType != discordgo.InteractionResponseUpdateMessage {
		t.Errorf("a text page turned with type %d, want 7 (update)", in.AckType)
	}
	if p2 := many.srv.Message(tm.ID); len(p2.Attachments) != 0 || strings.Contains(p2.Content, "Event 0:") {
		t.Errorf("text page 2: %d attachments\n%s", len(p2.Attachments), p2.Content)
	}

	// No events: a message, no empty picture.
	none := h.final(h.srv.Command(h.where, "timeline", discordtest.Option{Name: "from", Value: "2026-01-01"},
		discordtest.Option{Name: "format", Value: "picture"}), "no events", func(*discordtest.Message) bool { return true })
	h.srv.Wait(wait, "the empty answer", func() bool { return strings.Contains(h.srv.Message(none.ID).Content, "no dated events") })
	if got := h.srv.Message(none.ID); len(got.Attachments) != 0 {
		t.Errorf("an empty timeline attached %d files", len(got.Attachments))
	}
}

// TestTimelineFormatOption: the registered command offers the format.
func TestTimelineFormatOption(t *testing.T) {
	t.Parallel()
	for _, c := range commands("the talks") {
		if c.Name != "timeline" {
			continue
		}
		for _, o := range c.Options {
			if o.Name != "format" {
				continue
			}
			var values []string
			for _, ch := range o.Choices {
				values = append(values, ch.Value.(string))
			}
			if !slices.Equal(values, []string{"picture", "text"}) || o.Required {
				t.Errorf("format choices %v (required %v), want optional picture and text", values, o.Required)
			}
			return
		}
	}
	t.Error("/timeline has no format option")
}

// TestHTTPTimelinePicture: through the HTTP interactions endpoint the
// deferred acknowledgement is the HTTP response and the picture goes up
// with the edit through the webhook.
func TestHTTPTimelinePicture(t *testing.T) {
	t.Parallel()
	e := startEndpoint(t, Config{})
	in := e.srv.HTTPCommand(e.where, "timeline")
	if d := e.deliver(t, in); d.Status != 200 || d.Response.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("HTTP response %d %s, want 200 and a deferred acknowledgement", d.Status, d.Raw)
	}
	m := (&harness{t: t, srv: e.srv}).final(in.Token, "the timeline", hasSources)
	if len(m.Attachments) != 1 || m.Attachments[0].Name != pictureName {
		t.Fatalf("the seeds' timeline over HTTP has %d attachments, want the picture", len(m.Attachments))
	}
	if _, err := png.DecodeConfig(bytes.NewReader(m.Attachments[0].Data)); err != nil {
		t.Errorf("not a PNG: %v", err)
	}
}

// TestPictureAxisFollowsFilter: the picture of a filtered timeline is laid
// out with its axis within the filter (chart's TestAxisClampedToFilter
// tests the clamping itself).
func TestPictureAxisFollowsFilter(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2025, 3, day, 0, 0, 0, 0, time.UTC) }
	ev := []timeline.Event{{Date: d(20), Text: "Envoys met in Riyadh.", Sources: []timeline.Source{{Article: &retrieval.Article{ID: "a", Headline: "H", Date: d(20)}}}}}
	for _, c := range []struct {
		q           timelineQuery
		first, last time.Time
	}{
		{timelineQuery{}, d(17), d(23)},
		{timelineQuery{From: d(19), To: d(21)}, d(19), d(21)},
	} {
		l, err := chart.Plan(ev, pictureOptions(c.q, "", slog.New(slog.DiscardHandler)))
		if err != nil {
			t.Fatal(err)
		}
		if !l.First.Equal(c.first) || !l.Last.Equal(c.last) {
			t.Errorf("%s: axis %s – %s, want %s – %s", c.q.describePlain(), l.First.Format(time.DateOnly), l.Last.Format(time.DateOnly),
				c.first.Format(time.DateOnly), c.last.Format(time.DateOnly))
		}
	}
}
