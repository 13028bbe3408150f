package timeline

import (
	"context"
	"errors"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/synth"
)

// doneAfter is a context that is done after its Err has been asked n times.
type doneAfter struct {
	context.Context
	n int
}

func (c *doneAfter) Err() error {
	if c.n--; c.n < 0 {
		return context.Canceled
	}
	return nil
}

func TestNewContextStopsWhenCancelled(t *testing.T) {
	// Twelve articles: the context is done at the eleventh, and one more
	// is left that extraction must not reach.
	ix := retrieval.NewIndex(synth.New(1).Corpus(12*synth.PassagesPerArticle, 1), retrieval.DefaultParams())
	ctx := &doneAfter{Context: context.Background(), n: 10}
	if tl, err := NewContext(ctx, ix); !errors.Is(err, context.Canceled) || tl != nil {
		t.Fatalf("got %v, %v; want context.Canceled", tl, err)
	}
	if ctx.n != -1 {
		t.Errorf("extraction went on after the cancellation")
	}
	if _, err := NewContext(context.Background(), ix); err != nil {
		t.Fatal(err)
	}
}
