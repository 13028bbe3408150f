package retrieval_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/synth"
)

// countdownCtx is a context that is done after its Err has been asked n
// times: a cancellation that lands in the middle of the work, at a point
// that does not depend on timing.
type countdownCtx struct {
	context.Context
	left, after atomic.Int64 // calls left before it is done; calls once done
}

func newCountdown(n int64) *countdownCtx {
	c := &countdownCtx{Context: context.Background()}
	c.left.Store(n)
	return c
}

func (c *countdownCtx) Err() error {
	if c.left.Add(-1) >= 0 {
		return nil
	}
	c.after.Add(1)
	return context.Canceled
}

func TestNewIndexStopsWhenCancelled(t *testing.T) {
	c := synth.New(1).Corpus(20_000, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if ix, err := retrieval.NewIndexContext(ctx, c, retrieval.DefaultParams()); !errors.Is(err, context.Canceled) || ix != nil {
		t.Fatalf("cancelled before the build: %v, %v", ix, err)
	}
	// Cancelled part way: the build notices at its next look, so it does
	// not analyse the rest of the corpus.
	for _, n := range []int64{1, 5, 20} {
		ctx := newCountdown(n)
		ix, err := retrieval.NewIndexContext(ctx, c, retrieval.DefaultParams())
		if !errors.Is(err, context.Canceled) || ix != nil {
			t.Fatalf("countdown %d: %v, %v", n, ix, err)
		}
		// Each worker looks once more at most, then the build returns.
		if after := ctx.after.Load(); after > int64(runtime.GOMAXPROCS(0))+2 {
			t.Errorf("countdown %d: the build went on for %d more looks at its context", n, after)
		}
	}
	// And an uncancelled build still works.
	ctx2 := newCountdown(1 << 30)
	if ix, err := retrieval.NewIndexContext(ctx2, c, retrieval.DefaultParams()); err != nil || ix.Len() != 20_000 {
		t.Fatalf("uncancelled build: %v", err)
	}
	if calls := (1 << 30) - ctx2.left.Load(); calls < 10 {
		t.Errorf("a 20k build looked at its context only %d times", calls)
	}
}

func TestLoadStopsWhenCancelled(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 2000 {
		fsys[fmt.Sprintf("a%04d.txt", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "date 2025-02-%02d Talks %d\n\nThe envoys met again, round %d.\n", 1+i%28, i, i)}
	}
	ctx := newCountdown(10)
	c, err := retrieval.LoadContext(ctx, fsys)
	if !errors.Is(err, context.Canceled) || c != nil {
		t.Fatalf("got %v, %v; want context.Canceled", c, err)
	}
	if ctx.after.Load() != 1 {
		t.Errorf("loading went on after the cancellation (%d more looks)", ctx.after.Load()-1)
	}
	if c, err := retrieval.LoadContext(context.Background(), fsys); err != nil || len(c.Articles) != 2000 {
		t.Fatalf("uncancelled: %v", err)
	}
}
