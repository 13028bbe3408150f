package main

import (
	"context"
	"fmt"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

// pendingTimeline is a corpus's timeline built off to the side, so that
// serve connects to Discord as soon as questions can be answered instead
// of after the timeline has read every sentence (seconds on a big corpus).
// Until it is ready, /timeline waits for it (within the request's context)
// and autocomplete suggests nothing.
type pendingTimeline struct {
	done chan struct{}
	tl   *timeline.Timeline // set before done closes
	err  error
}

// buildTimeline starts building ix's timeline; ctx ends the build.
func buildTimeline(ctx context.Context, ix *retrieval.Index) *pendingTimeline {
	return startTimeline(ctx, func(ctx context.Context) (*timeline.Timeline, error) {
		return timeline.NewContext(ctx, ix)
	})
}

// engineTimeline starts building the timeline of the corpus engine
// answers from, and gives it to the engine too, which answers "what
// happened on Feb 18" from it.
func engineTimeline(ctx context.Context, engine *bot.Engine) *pendingTimeline {
	s := engine.Snapshot()
	tl := buildTimeline(ctx, s.Index)
	s.Timeline = tl
	engine.Swap(s)
	return tl
}

func startTimeline(ctx context.Context, build func(context.Context) (*timeline.Timeline, error)) *pendingTimeline {
	p := &pendingTimeline{done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.tl, p.err = build(ctx)
	}()
	return p
}

// wait returns when the timeline is built, with the build's error, or
// ctx's when it ends first.
func (p *pendingTimeline) wait(ctx context.Context) error {
	select {
	case <-p.done:
		return p.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *pendingTimeline) Events(ctx context.Context, f timeline.Filter) ([]timeline.Event, error) {
	select {
	case <-p.done:
	case <-ctx.Done():
		return nil, fmt.Errorf("the timeline is still being built: %w", ctx.Err())
	}
	if p.err != nil {
		return nil, fmt.Errorf("building the timeline: %w", p.err)
	}
	return p.tl.Events(ctx, f)
}

func (p *pendingTimeline) Topics(prefix string, limit int) []string {
	select {
	case <-p.done:
		if p.tl != nil {
			return p.tl.Topics(prefix, limit)
		}
	default:
	}
	return nil
}
