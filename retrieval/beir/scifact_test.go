package beir_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/beir"
)

var scifact = flag.String("scifact", filepath.Join("..", "..", "..", "shared", "datasets", "scifact"), "BEIR SciFact folder")

// TestSciFact holds talkbot's lexical retrieval to Anserini's published BM25
// figure on SciFact (nDCG@10 0.679, flat index). It skips when the data set
// is not beside the repository (CI has it).
func TestSciFact(t *testing.T) {
	if _, err := os.Stat(*scifact); err != nil {
		t.Skipf("SciFact not found at %s", *scifact)
	}
	if testing.Short() {
		t.Skip("indexes 5,183 abstracts")
	}
	s, err := beir.Load(*scifact, "test")
	if err != nil {
		t.Fatal(err)
	}
	ix := retrieval.NewIndex(s.Articles(), retrieval.DefaultParams())
	run, err := beir.Retrieve(context.Background(), beir.Lexical{Index: ix}, s.Queries, 100)
	if err != nil {
		t.Fatal(err)
	}
	m := beir.Evaluate(s.Qrels, run)
	t.Logf("SciFact: nDCG@10 %.4f  R@10 %.4f  R@100 %.4f  MRR@10 %.4f  (%d queries)", m.NDCG10, m.Recall10, m.Recall100, m.MRR10, m.Queries)
	if m.Queries != 300 {
		t.Errorf("evaluated %d queries, want 300", m.Queries)
	}
	if m.NDCG10 < 0.679 {
		t.Errorf("nDCG@10 = %.4f, want ≥ 0.679 (Anserini BM25 flat)", m.NDCG10)
	}
}

func BenchmarkSciFactIndex(b *testing.B) {
	s, err := beir.Load(*scifact, "test")
	if err != nil {
		b.Skip(err)
	}
	c := s.Articles()
	for b.Loop() {
		retrieval.NewIndex(c, retrieval.DefaultParams())
	}
}
