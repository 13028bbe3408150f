package synth_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/synth"
)

func TestCorpus(t *testing.T) {
	g := synth.New(7)
	c := g.Corpus(1001, 3)
	n, bytes := 0, 0
	for _, a := range c.Articles {
		if a.Headline == "" || len(a.Passages) == 0 || len(a.Passages) > synth.PassagesPerArticle {
			t.Fatalf("article %s: headline %q, %d passages", a.ID, a.Headline, len(a.Passages))
		}
		for i, p := range a.Passages {
			if p.N != i+1 || p.Article != a.ID || !strings.HasPrefix(p.ID, a.ID+"#") || !strings.HasSuffix(p.Text, ".") {
				t.Fatalf("bad passage %+v", p)
			}
			n++
			bytes += len(p.Text)
		}
	}
	if n != 1001 {
		t.Errorf("%d passages, want 1001", n)
	}
	if avg := bytes / n; avg < 300 || avg > 900 {
		t.Errorf("average passage %d bytes, want news-paragraph sized", avg)
	}
	if !reflect.DeepEqual(c, synth.New(7).Corpus(1001, 3)) {
		t.Error("same seeds, different corpus")
	}
	if reflect.DeepEqual(c.Articles[0].Passages, g.Corpus(1001, 4).Articles[0].Passages) {
		t.Error("another seed gave the same corpus")
	}
}

// TestQueriesFindTheirPassage checks the generated queries are answerable:
// BM25 ranks the source passage near the top for most of them.
func TestQueriesFindTheirPassage(t *testing.T) {
	g := synth.New(1)
	c := g.Corpus(2000, 1)
	ix := retrieval.NewIndex(c, retrieval.DefaultParams())
	qs := g.Queries(c, 200, 2)
	if len(qs) != 200 || !reflect.DeepEqual(qs, g.Queries(c, 200, 2)) {
		t.Fatal("queries are not deterministic")
	}
	found := 0
	for _, q := range qs {
		if _, _, ok := c.Passage(q.Passage); !ok {
			t.Fatalf("query %s names a missing passage %s", q.ID, q.Passage)
		}
		for _, r := range ix.Search(q.Text, 10) {
			if r.Passage.ID == q.Passage {
				found++
				break
			}
		}
	}
	if found < 120 {
		t.Errorf("source passage in the top 10 for %d of 200 queries, want most", found)
	}
}
