package retrieval_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/seeds"
)

// cjkSet is the labelled set of Chinese, Japanese and Korean articles on the
// talks (written for tests) and questions with the passages that answer
// them, split into a tuning part and a held-out part.
const cjkSet = "testdata/cjk"

type cjkQuestion struct {
	ID       string   `json:"id"`
	Split    string   `json:"split"` // "tune" or "test"
	Q        string   `json:"q"`
	Passages []string `json:"passages"` // any of them answers
}

func cjkQuestions(tb testing.TB) []cjkQuestion {
	tb.Helper()
	f, err := os.Open(cjkSet + "/questions.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var qs []cjkQuestion
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q cjkQuestion
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			tb.Fatalf("questions.jsonl: %v", err)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return qs
}

// cjkCorpus loads the CJK articles together with the English seeds, as a
// corpus in more than one language would be: the English passages compete
// for every question.
func cjkCorpus(tb testing.TB) *retrieval.Corpus {
	tb.Helper()
	m := fstest.MapFS{}
	for name, fsys := range map[string]fs.FS{"cjk": os.DirFS(cjkSet), "seeds": seeds.FS()} {
		files, err := fs.Glob(fsys, "*.txt")
		if err != nil {
			tb.Fatal(err)
		}
		for _, f := range files {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				tb.Fatal(err)
			}
			if _, dup := m[f]; dup {
				tb.Fatalf("%s: %s is in both folders", name, f)
			}
			m[f] = &fstest.MapFile{Data: b}
		}
	}
	c, err := retrieval.Load(m)
	if err != nil {
		tb.Fatal(err)
	}
	if len(c.Skipped) > 0 {
		tb.Fatalf("skipped: %v", c.Skipped)
	}
	return c
}

type cjkScore struct {
	n                  int
	at1, at3, at5, mrr float64
}

func (s cjkScore) String() string {
	n := float64(s.n)
	return fmt.Sprintf("n=%d Recall@1 %.3f Recall@3 %.3f Recall@5 %.3f MRR@10 %.3f", s.n, s.at1/n, s.at3/n, s.at5/n, s.mrr/n)
}

// TestCJKRetrieval measures passage retrieval on the CJK set and holds it to
// what the bigram analysis reaches. Run with -v for the figures the README
// quotes.
func TestCJKRetrieval(t *testing.T) {
	c := cjkCorpus(t)
	ix := retrieval.NewIndex(c, retrieval.DefaultParams())
	scores := map[string]*cjkScore{"tune": {}, "test": {}}
	qs := cjkQuestions(t)
	if len(qs) < 30 {
		t.Fatalf("only %d questions", len(qs))
	}
	for _, q := range qs {
		s := scores[q.Split]
		if s == nil {
			t.Fatalf("%s: split %q, want tune or test", q.ID, q.Split)
		}
		want := map[string]bool{}
		for _, id := range q.Passages {
			if _, _, ok := c.Passage(id); !ok {
				t.Fatalf("%s: no passage %s", q.ID, id)
			}
			want[id] = true
		}
		s.n++
		rank := 0
		var got []string
		for _, r := range ix.Search(q.Q, 10) {
			got = append(got, r.Passage.ID)
			if rank == 0 && want[r.Passage.ID] {
				rank = r.Rank
			}
		}
		if rank > 0 {
			s.mrr += 1 / float64(rank)
		}
		for k, at := range map[int]*float64{1: &s.at1, 3: &s.at3, 5: &s.at5} {
			if rank > 0 && rank <= k {
				*at++
			}
		}
		if rank == 0 || rank > 5 {
			t.Logf("%s (%s) %s: rank %d, top %v", q.ID, q.Split, q.Q, rank, got)
		}
	}
	for _, split := range []string{"tune", "test"} {
		s := scores[split]
		t.Logf("%s: %v", split, s)
		// Floors a little under what the bigram analysis reaches, so a
		// change that breaks CJK search fails here.
		if r5 := s.at5 / float64(s.n); r5 < 0.9 {
			t.Errorf("%s: Recall@5 %.3f, want at least 0.9", split, r5)
		}
	}
}

// TestCJKOneCharacter: a query of one character ("俄", Russia) finds the
// passages whose runs hold it, though they index it inside pairs.
func TestCJKOneCharacter(t *testing.T) {
	ix := retrieval.NewIndex(cjkCorpus(t), retrieval.DefaultParams())
	for _, q := range []string{"俄", "美", "ロ"} {
		res := ix.Search(q, 5)
		if len(res) == 0 {
			t.Errorf("Search(%q) found nothing", q)
			continue
		}
		for _, r := range res {
			if !strings.Contains(r.Passage.Text, q) {
				t.Errorf("Search(%q) ranked %s, which does not hold it", q, r.Passage.ID)
			}
		}
	}
}
