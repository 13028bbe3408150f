package llm

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot/internal/labelled"
	"github.com/talkbot/talkbot/retrieval"
)

func labelledQuestions(t testing.TB) []labelled.Question {
	t.Helper()
	qs, err := labelled.Load(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

func labelledIndexes(t testing.TB) map[string]*retrieval.Index {
	t.Helper()
	cs, err := labelled.Corpora(filepath.Join("..", "..", "retrieval", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*retrieval.Index{}
	for name, c := range cs {
		out[name] = retrieval.NewIndex(c, retrieval.DefaultParams())
	}
	return out
}

// promptStats is answer-in-prompt over a set of answerable questions.
type promptStats struct {
	n, in    int
	tokens   []int
	missed   []string
	passages []int
}

func (s *promptStats) String() string {
	slices.Sort(s.tokens)
	slices.Sort(s.passages)
	pct := func(p float64) int { return s.tokens[min(len(s.tokens)-1, int(p*float64(len(s.tokens))))] }
	return fmt.Sprintf("%d/%d = %.1f%% answer in prompt; prompt tokens p50 %d, p95 %d; passages p50 %d",
		s.in, s.n, 100*float64(s.in)/float64(s.n), pct(0.5), pct(0.95), s.passages[len(s.passages)/2])
}

// measurePrompts builds the prompt of every answerable question of split
// ("" for all) from the k best passages (BM25) and budget tokens.
func measurePrompts(t testing.TB, qs []labelled.Question, ix map[string]*retrieval.Index, split string, k, budget int) *promptStats {
	s := &promptStats{}
	for _, q := range qs {
		if !q.Answerable || (split != "" && q.Split != split) {
			continue
		}
		res := ix[q.Corpus].Search(q.Question, k)
		p := buildPrompt(testSystem, q.Question, nil, res, budget)
		s.n++
		s.tokens = append(s.tokens, p.tokens)
		s.passages = append(s.passages, len(p.sent))
		found := false
		for _, f := range q.Facts {
			found = found || strings.Contains(p.user, escapeData(f))
		}
		if found {
			s.in++
		} else {
			s.missed = append(s.missed, q.ID)
		}
	}
	return s
}

// TestAnswerInPrompt measures how often the prompt holds the fact that
// answers a labelled question (every file of bot/testdata), with prompt
// sizes: go test ./bot/llm -run AnswerInPrompt -v prints the figures the
// README reports. The target is 97% of answerable questions at the default
// budget.
func TestAnswerInPrompt(t *testing.T) {
	qs := labelledQuestions(t)
	ix := labelledIndexes(t)
	for _, split := range []string{"tune", "test", "fresh", "blind", "heldout", "gtune", "dtune", "sealed", "gtest", "dtest", "later", ""} {
		s := measurePrompts(t, qs, ix, split, ContextK, DefaultContextBudget)
		name := split
		if name == "" {
			name = "all"
		}
		t.Logf("k %d budget %d, %s: %s; missed %v", ContextK, DefaultContextBudget, name, s, s.missed)
		if split == "" && float64(s.in) < 0.97*float64(s.n) {
			t.Errorf("answer in prompt for %d of %d answerable questions, want at least 97%%", s.in, s.n)
		}
	}
	if testing.Verbose() {
		for _, k := range []int{5, 10, 15} {
			for _, budget := range []int{1000, 2000, 3000, 4000, 6000} {
				t.Logf("k %2d budget %5d, all: %s", k, budget, measurePrompts(t, qs, ix, "", k, budget))
			}
		}
	}
}
