package retrieval_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/beir"
	"github.com/talkbot/talkbot/seeds"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// seedQA is the question set about the seed articles, in BEIR layout so
// `talkbot eval --beir` runs on it too. Its document ids are passage ids.
const seedQA = "testdata/seedqa"

func seedQuestions(tb testing.TB) []beir.Query {
	tb.Helper()
	s, err := beir.Load(seedQA, "test")
	if err != nil {
		tb.Fatal(err)
	}
	return s.Queries
}

// TestSeedQuestions checks that for every question a Discord user might ask
// about the seeds, a passage that answers it ranks in the top 3.
func TestSeedQuestions(t *testing.T) {
	c, err := retrieval.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	ix := retrieval.NewIndex(c, retrieval.DefaultParams())
	s, err := beir.Load(seedQA, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Queries) < 20 {
		t.Fatalf("only %d seed questions", len(s.Queries))
	}
	for _, q := range s.Queries {
		t.Run(q.ID, func(t *testing.T) {
			res := ix.Search(q.Text, 3)
			var got []string
			for _, r := range res {
				got = append(got, r.Passage.ID)
				if s.Qrels[q.ID][r.Passage.ID] > 0 {
					return
				}
			}
			var want []string
			for id := range s.Qrels[q.ID] {
				want = append(want, id)
			}
			slices.Sort(want)
			t.Errorf("%q: top 3 = %v, want one of %v", q.Text, got, want)
		})
	}
}

// TestSeedQACorpus keeps testdata/seedqa/corpus.jsonl equal to the seed
// passages, so the qrels cannot point at passages that no longer exist.
// Regenerate with -update after the article parser changes.
func TestSeedQACorpus(t *testing.T) {
	c, err := retrieval.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	ids := map[string]bool{}
	for _, a := range c.Articles {
		for _, p := range a.Passages {
			ids[p.ID] = true
			if err := enc.Encode(map[string]string{"_id": p.ID, "title": a.Headline, "text": p.Text}); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(seedQA, "corpus.jsonl")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("%s is out of date with the seed passages; rerun with -update and check the qrels", path)
	}
	qrels, err := beir.LoadQrels(filepath.Join(seedQA, "qrels", "test.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for q, docs := range qrels {
		for d := range docs {
			if !ids[d] {
				t.Errorf("qrels: %s names passage %s, which the seeds do not have", q, d)
			}
		}
	}
}
