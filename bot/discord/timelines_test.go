package discord

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"

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
