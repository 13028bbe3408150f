package beir_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/beir"
)

func TestSweep(t *testing.T) {
	if os.Getenv("SWEEP") == "" {
		t.Skip()
	}
	s, _ := beir.Load(*scifact, "test")
	flat := *s
	flat.Corpus = nil
	for _, d := range s.Corpus {
		flat.Corpus = append(flat.Corpus, beir.Doc{ID: d.ID, Text: d.Title + " " + d.Text})
	}
	run := func(name string, set *beir.Set, p retrieval.Params) {
		ix := retrieval.NewIndex(set.Articles(), p)
		r, _ := beir.Retrieve(context.Background(), beir.Lexical{Index: ix}, set.Queries, 100)
		m := beir.Evaluate(set.Qrels, r)
		fmt.Printf("%-8s k1=%.2f b=%.2f tw=%.2f  ndcg=%.4f r100=%.4f\n", name, p.K1, p.B, p.TitleWeight, m.NDCG10, m.Recall100)
	}
	for _, k1 := range []float64{0.8, 1.0} {
		for _, b := range []float64{0.7, 0.8, 0.9} {
			for _, tw := range []float64{0.3, 0.4, 0.5, 0.6} {
				run("fields", s, retrieval.Params{K1: k1, B: b, TitleWeight: tw})
			}
		}
	}
}
