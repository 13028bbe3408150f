package bot

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZDebug(t *testing.T) {
	qs := os.Getenv("ZZQ")
	if qs == "" {
		t.Skip()
	}
	c := os.Getenv("ZZC")
	if c == "" {
		c = "seeds"
	}
	ix := indexes(t)[c]
	e := New(ix, Options{})
	ctx := context.Background()
	for _, q := range strings.Split(qs, "|") {
		snap := e.Snapshot()
		all, _ := snap.search(ctx, q, 10)
		j := e.judge(ix, snap.facts, q, all[:min(5, len(all))], all, e.daysOf(snap.questionEvents(ctx), q))
		fmt.Printf("Q: %s\n kind=%s answerable=%v sig=%+v missing=%v\n", q, j.kind, j.answerable, j.sig, j.missing)
		for _, tm := range j.terms {
			fmt.Printf("   term %+v\n", tm)
		}
		for i, cd := range j.cands {
			if i >= 8 {
				break
			}
			fmt.Printf("  %d %.3f cov=%.2f kind=%v ent=%d ord=%v | %.160s\n", i, cd.score, cd.covered, cd.kind, cd.entities, cd.ordinary, cd.text)
		}
		ans, _ := e.Ask(ctx, Query{Question: q})
		fmt.Printf(" ANSWER: %.400s\n\n", ans.Text)
	}
}
