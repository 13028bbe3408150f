package main

import (
	"context"
	"errors"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
	"github.com/talkbot/talkbot/seeds"
)

// TestPendingTimeline: while the timeline is being built, autocomplete
// suggests nothing and /timeline waits within its own context; once built,
// both serve it; a failed build says so.
func TestPendingTimeline(t *testing.T) {
	c, err := retrieval.LoadContext(context.Background(), seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	ix := retrieval.NewIndex(c, retrieval.DefaultParams())
	release := make(chan struct{})
	p := startTimeline(context.Background(), func(ctx context.Context) (*timeline.Timeline, error) {
		<-release
		return timeline.NewContext(ctx, ix)
	})
	if got := p.Topics("", 5); got != nil {
		t.Errorf("Topics while building = %q, want none", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Events(ctx, timeline.Filter{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Events with an ended context while building: %v, want context.Canceled", err)
	}
	close(release)
	evs, err := p.Events(context.Background(), timeline.Filter{})
	if err != nil || len(evs) == 0 {
		t.Fatalf("Events once built: %d events, %v; want the seeds' events", len(evs), err)
	}
	if got := p.Topics("", 5); len(got) == 0 {
		t.Errorf("Topics once built: none, want the seeds' topics")
	}

	boom := errors.New("disk on fire")
	failed := startTimeline(context.Background(), func(context.Context) (*timeline.Timeline, error) { return nil, boom })
	if _, err := failed.Events(context.Background(), timeline.Filter{}); !errors.Is(err, boom) {
		t.Errorf("Events of a failed build: %v, want it to carry the build's error", err)
	}
	if got := failed.Topics("", 5); got != nil {
		t.Errorf("Topics of a failed build = %q, want none", got)
	}
}
