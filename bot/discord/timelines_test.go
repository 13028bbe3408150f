package discord

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

type staticTimeline struct{ events []timeline.Event }

func (s staticTimeline) Events(ctx context.Context, _ timeline.Filter) ([]timeline.Event, error) {
	return s.events, ctx.Err()
}

func (staticTimeline) Topics(string, int) []string { return nil }

// TestTimelineWaiterOutlivesCancelledLeader: identical /timeline requests
// share one computation, which runs under the first request's context; when
// that request is cancelled, the one still waiting must get its timeline,
// not the other's cancellation.
func TestTimelineWaiterOutlivesCancelledLeader(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		want := []timeline.Event{{Text: "The envoys met in Riyadh."}}
		b := &Bot{tl: staticTimeline{want}, gate: newGate(1, 10), timelines: newTimelineCache(8)}
		hold, err := b.gate.acquire(context.Background(), nil) // an answer holds the only slot
		if err != nil {
			t.Fatal(err)
		}
		leaderCtx, cancel := context.WithCancel(context.Background())
		leaderErr := make(chan error, 1)
		go func() {
			_, err := b.timelineEvents(leaderCtx, timelineQuery{}, nil)
			leaderErr <- err
		}()
		synctest.Wait() // the first request waits for the slot
		type result struct {
			events []timeline.Event
			err    error
		}
		waiter := make(chan result, 1)
		go func() {
			ev, err := b.timelineEvents(context.Background(), timelineQuery{}, nil)
			waiter <- result{ev, err}
		}()
		synctest.Wait() // the second waits on the first's computation
		cancel()
		if err := <-leaderErr; !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled request: %v, want context.Canceled", err)
		}
		synctest.Wait()
		hold()
		r := <-waiter
		if r.err != nil || len(r.events) != 1 || r.events[0].Text != want[0].Text {
			t.Fatalf("waiting request got %v, %v; want its timeline", r.events, r.err)
		}
	})
}

// TestTimelinePageCitesArticleOnce: an event drawn from two passages of one
// article cites it once, as the text view and the picture do.
func TestTimelinePageCitesArticleOnce(t *testing.T) {
	a := &retrieval.Article{ID: "a.txt", Headline: "Envoys meet", Date: time.Date(2025, 2, 18, 0, 0, 0, 0, time.UTC)}
	b := &retrieval.Article{ID: "b.txt", Headline: "Talks end", Date: a.Date}
	ev := []timeline.Event{{
		Date: a.Date, Text: "The envoys met in Riyadh.",
		Sources: []timeline.Source{{Article: a, Passage: retrieval.Passage{ID: "a.txt#1"}}, {Article: a, Passage: retrieval.Passage{ID: "a.txt#2"}}, {Article: b, Passage: retrieval.Passage{ID: "b.txt#1"}}},
	}}
	m, _ := renderTimelinePage(ev, timelineQuery{}, 1)
	if !strings.Contains(m.Content, "Riyadh. [1][2]") || strings.Contains(m.Content, "[1][1]") {
		t.Errorf("event line cites %q; want [1][2]", m.Content)
	}
	if d := m.Embeds[0].Description; strings.Count(d, "Envoys meet") != 1 || !strings.Contains(d, "Talks end") {
		t.Errorf("sources %q; want each article once", d)
	}
}

// TestArticleLineLinks: an announcement links only http(s) addresses, in a
// form that cannot close its angle brackets early.
func TestArticleLineLinks(t *testing.T) {
	for link, want := range map[string]string{
		"https://news.example/a":     " <https://news.example/a>",
		"javascript:alert(1)":        "",
		"https://news.example/a b>c": " <https://news.example/a%20b%3Ec>",
		"":                           "",
	} {
		a := &retrieval.Article{Headline: "Envoys meet", Date: time.Date(2025, 2, 18, 0, 0, 0, 0, time.UTC), URL: link}
		if got, base := articleLine(a), "**Envoys meet** — 2025-02-18"; got != base+want {
			t.Errorf("articleLine with URL %q = %q, want %q", link, got, base+want)
		}
	}
}

// TestTimelineHeader: the header says the filter in words, a single day as
// "on", and without one ends at "Timeline", no space left over.
func TestTimelineHeader(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2025, 2, day, 0, 0, 0, 0, time.UTC) }
	art := &retrieval.Article{ID: "a.txt", Headline: "Envoys meet", Date: d(20)}
	ev := []timeline.Event{{Date: d(20), Text: "Envoys met in Riyadh.", Sources: []timeline.Source{{Article: art}}}}
	for _, c := range []struct {
		q    timelineQuery
		want string
	}{
		{timelineQuery{}, "📅 **Timeline**\n\n"},
		{timelineQuery{From: d(20), To: d(20)}, "📅 **Timeline** on 20 Feb 2025\n\n"},
		{timelineQuery{From: d(19), To: d(21)}, "📅 **Timeline** from 19 Feb 2025 to 21 Feb 2025\n\n"},
		{timelineQuery{From: d(19)}, "📅 **Timeline** from 19 Feb 2025\n\n"},
		{timelineQuery{To: d(21)}, "📅 **Timeline** until 21 Feb 2025\n\n"},
		{timelineQuery{Topic: "Riyadh", From: d(20), To: d(20)}, "📅 **Timeline** about “Riyadh” on 20 Feb 2025\n\n"},
	} {
		m, _ := renderTimelinePage(ev, c.q, 1)
		if !strings.HasPrefix(m.Content, c.want) {
			t.Errorf("%+v: header %q, want %q", c.q, m.Content, c.want)
		}
	}
	if got := (timelineQuery{From: d(20), To: d(20)}).describePlain(); got != "on 20 Feb 2025" {
		t.Errorf("the picture's title for one day: %q", got)
	}
}
