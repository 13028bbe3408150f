package bot

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
)

var (
	evalSplit   = flag.String("judge.split", "", "the one labelled split TestJudgeEval reports on: sealed, gtest, dtest, later, tune, test, fresh, blind, heldout, gtune or dtune (default: all)")
	evalGrid    = flag.Bool("judge.grid", false, "search the judge's parameters on the development splits (TestJudgeGrid)")
	evalTargets = flag.Bool("judge.targets", false, "assert issue #9's targets (95% answered, 90% abstained) instead of today's floors")
)

// confusion counts a judge's decisions against the labels.
type confusion struct {
	answeredOK     int // answerable, answered with a key fact quoted and cited
	answeredWrong  int // answerable, answered without a key fact (or its citation)
	abstainedWrong int // answerable, abstained
	abstainedOK    int // unanswerable, abstained
	answeredBad    int // unanswerable, answered

	// Of the answers to answerable questions: the sentences quoted, and
	// how many of them hold a key fact. An answer padded with sentences
	// that do not help is worse for the reader though it counts as
	// answered.
	quoted, quotedFact int
}

// developmentSplits are the labelled splits the judge was shaped on.
var developmentSplits = []string{"tune", "test", "fresh", "blind", "heldout", "gtune", "dtune"}

func (c confusion) add(o confusion) confusion {
	return confusion{c.answeredOK + o.answeredOK, c.answeredWrong + o.answeredWrong, c.abstainedWrong + o.abstainedWrong,
		c.abstainedOK + o.abstainedOK, c.answeredBad + o.answeredBad, c.quoted + o.quoted, c.quotedFact + o.quotedFact}
}

func (c confusion) answerable() int { return c.answeredOK + c.answeredWrong + c.abstainedWrong }
func (c confusion) unanswerable() int {
	return c.abstainedOK + c.answeredBad
}

func (c confusion) String() string {
	return fmt.Sprintf("| answerable (%d) | %d | %d | %d |\n| unanswerable (%d) | – | %d | %d |",
		c.answerable(), c.answeredOK, c.answeredWrong, c.abstainedWrong,
		c.unanswerable(), c.answeredBad, c.abstainedOK)
}

// quotesFact reports whether ans quotes one of q's key facts and the
// citation that follows it points at one of q's articles.
func quotesFact(ans *Answer, q labelled) bool {
	for _, f := range q.Facts {
		at := strings.Index(ans.Text, f)
		if at < 0 {
			continue
		}
		m := citationMarker.FindStringSubmatch(ans.Text[at+len(f):])
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if n < 1 || n > len(ans.Citations) {
			continue
		}
		if slices.Contains(q.Articles, ans.Citations[n-1].Article) {
			return true
		}
	}
	return false
}

var citationMarker = regexp.MustCompile(`\[(\d+)\]`)

// quotedSentences counts the sentences an extractive answer quotes (each
// ends with its marker) and those of them that hold one of q's key facts.
func quotedSentences(ans *Answer, q labelled) (n, withFact int) {
	rest := ans.Text
	for {
		loc := citationMarker.FindStringIndex(rest)
		if loc == nil {
			return n, withFact
		}
		n++
		if slices.ContainsFunc(q.Facts, func(f string) bool { return strings.Contains(rest[:loc[0]], f) }) {
			withFact++
		}
		rest = rest[loc[1]:]
	}
}

func indexes(t testing.TB) map[string]*retrieval.Index {
	out := map[string]*retrieval.Index{}
	for name, c := range testCorpora(t) {
		out[name] = retrieval.NewIndex(c, retrieval.DefaultParams())
	}
	return out
}

// evalExtractive answers every question of split extractively.
func evalExtractive(t *testing.T, split string, ixs map[string]*retrieval.Index, tn tuning) (confusion, []string) {
	var c confusion
	var misses []string
	engines := map[string]*Engine{}
	for name, ix := range ixs {
		engines[name] = New(ix, Options{})
		engines[name].tuning = tn
	}
	for _, q := range loadQuestions(t) {
		if q.Split != split {
			continue
		}
		ans, err := engines[q.Corpus].Ask(context.Background(), Query{Question: q.Question})
		if err != nil {
			t.Fatalf("%s: %v", q.ID, err)
		}
		if !ans.Abstained {
			checkCitations(t, ans)
			if q.Answerable {
				n, f := quotedSentences(ans, q)
				c.quoted += n
				c.quotedFact += f
			}
		}
		switch {
		case q.Answerable && ans.Abstained:
			c.abstainedWrong++
			misses = append(misses, fmt.Sprintf("%s abstained: %q → %s", q.ID, q.Question, ans.Text))
		case q.Answerable && quotesFact(ans, q):
			c.answeredOK++
		case q.Answerable:
			c.answeredWrong++
			misses = append(misses, fmt.Sprintf("%s answered without %q: %q → %s", q.ID, q.Facts, q.Question, ans.Text))
		case ans.Abstained:
			c.abstainedOK++
		default:
			c.answeredBad++
			misses = append(misses, fmt.Sprintf("%s [%s] answered: %q → %s", q.ID, q.Category, q.Question, ans.Text))
		}
	}
	return c, misses
}

// gate counts, in LLM mode, which questions reach the model.
type gate struct {
	answerableSent, answerableSkipped     int
	unanswerableSent, unanswerableSkipped int
}

func (g gate) String() string {
	return fmt.Sprintf("| answerable (%d) | %d | %d |\n| unanswerable (%d) | %d | %d |",
		g.answerableSent+g.answerableSkipped, g.answerableSent, g.answerableSkipped,
		g.unanswerableSent+g.unanswerableSkipped, g.unanswerableSent, g.unanswerableSkipped)
}

// evalGate asks every question of split in LLM mode against a local
// OpenAI-compatible server that always refuses, and counts the questions
// that reached it.
func evalGate(t *testing.T, split string) (gate, []string) {
	srv, cfg := refusingModel(t)
	engines := map[string]*Engine{}
	for name, ix := range indexes(t) {
		engines[name] = New(ix, Options{LLM: cfg})
	}
	var g gate
	var misses []string
	for _, q := range loadQuestions(t) {
		if q.Split != split {
			continue
		}
		before := len(srv.ChatRequests())
		if _, err := engines[q.Corpus].Ask(context.Background(), Query{Question: q.Question}); err != nil {
			t.Fatalf("%s: %v", q.ID, err)
		}
		sent := len(srv.ChatRequests()) > before
		switch {
		case q.Answerable && sent:
			g.answerableSent++
		case q.Answerable:
			g.answerableSkipped++
			misses = append(misses, fmt.Sprintf("%s never reached the model: %q", q.ID, q.Question))
		case sent:
			g.unanswerableSent++
		default:
			g.unanswerableSkipped++
		}
	}
	return g, misses
}

// TestJudgeEval measures the judge on every labelled split: the held-out
// ones, sealed (sealed.jsonl: written blind and measured with the judge as
// it stands, its misses not read), gtest (general.jsonl's third) and dtest
// (chat.jsonl's), and the development splits the judge was shaped on (tune
// and test of questions.jsonl, fresh.jsonl, blind.jsonl, heldout.jsonl,
// gtune, dtune; see
// testdata/README.md). -judge.split=NAME reports one; -v prints the
// confusion matrices and every miss of the development splits (never a
// held-out split's, which must stay unread). In LLM mode
// every answerable question must reach the model (issue #9's target, met).
// Extractive answers must stay at or above today's floors; -judge.targets
// asserts the targets, at least 95% of answerable questions
// answered with a key fact quoted and cited and 90% of unanswerable ones
// abstained, which the lexical judge does not reach.
func TestJudgeEval(t *testing.T) {
	splits := append([]string{"sealed", "gtest", "dtest", "later"}, developmentSplits...)
	if *evalSplit != "" {
		splits = []string{*evalSplit}
	}
	for _, split := range splits {
		t.Run(split, func(t *testing.T) {
			t.Parallel()
			judgeEval(t, split)
		})
	}
}

// floors are each split's figures today (answered, abstained), so a change
// that answers or abstains worse fails.
var floors = map[string][2]float64{
	"sealed":  {80.0 / 102, 33.0 / 38},
	"gtest":   {6.0 / 8, 13.0 / 13},
	"dtest":   {19.0 / 20, 6.0 / 9},
	"later":   {65.0 / 83, 20.0 / 26},
	"tune":    {72.0 / 75, 33.0 / 37},
	"test":    {31.0 / 37, 17.0 / 18},
	"fresh":   {57.0 / 64, 25.0 / 30},
	"blind":   {80.0 / 92, 36.0 / 45},
	"heldout": {87.0 / 97, 37.0 / 45},
	"gtune":   {15.0 / 22, 32.0 / 32},
	"dtune":   {34.0 / 40, 18.0 / 21},
}

// heldOut are the splits no one tunes on.
var heldOut = map[string]bool{"sealed": true, "gtest": true, "dtest": true, "later": true}

// logMisses logs the misses of a development split. A held-out split's are
// only counted: a -v run must not show them to whoever tunes the judge.
func logMisses(t *testing.T, split string, misses []string) {
	if heldOut[split] {
		if len(misses) > 0 {
			t.Logf("%d misses of the held-out %s split not shown", len(misses), split)
		}
		return
	}
	for _, m := range misses {
		t.Log(m)
	}
}

func judgeEval(t *testing.T, split string) {
	c, misses := evalExtractive(t, split, indexes(t), defaultTuning())
	logMisses(t, split, misses)
	t.Logf("extractive, %s split:\n| | answered, fact quoted and cited | answered, fact missing | abstained |\n|---|---|---|---|\n%v", split, c)
	t.Logf("extractive, %s split: %d sentences quoted in %d answers to answerable questions, %d of them with a key fact",
		split, c.quoted, c.answeredOK+c.answeredWrong, c.quotedFact)
	g, gmisses := evalGate(t, split)
	logMisses(t, split, gmisses)
	t.Logf("LLM-mode gate, %s split:\n| | sent to the model | skipped |\n|---|---|---|\n%v", split, g)
	if g.answerableSkipped > 0 {
		t.Errorf("LLM mode: %d answerable questions never reached the model, want none", g.answerableSkipped)
	}
	floor, ok := floors[split]
	if !ok {
		t.Fatalf("no floor for split %q", split)
	}
	wantAnswered, wantAbstained := floor[0], floor[1]
	if *evalTargets {
		wantAnswered, wantAbstained = 0.95, 0.90
	}
	const eps = 1e-9 // the floors are exact fractions
	if got := float64(c.answeredOK) / float64(c.answerable()); got < wantAnswered-eps {
		t.Errorf("extractive: %.1f%% of answerable questions answered with the fact quoted and cited, want at least %.1f%%", 100*got, 100*wantAnswered)
	}
	if got := float64(c.abstainedOK) / float64(c.unanswerable()); got < wantAbstained-eps {
		t.Errorf("extractive: %.1f%% of unanswerable questions abstained, want at least %.1f%%", 100*got, 100*wantAbstained)
	}
}

// TestJudgeGrid searches the judge's parameters on the development splits
// (-judge.grid), never the held-out one, and prints the best settings.
func TestJudgeGrid(t *testing.T) {
	if !*evalGrid {
		t.Skip("run with -judge.grid")
	}
	ixs := indexes(t)
	type result struct {
		tn       tuning
		ans, abs float64
	}
	var best []result
	for _, articles := range []int{0, 2, 4} {
		for _, nearMin := range []float64{0.1, 0.2} {
			for _, softMin := range []float64{0.1, 0.2} {
				for _, minKnown := range []float64{0.75, 0.85} {
					for _, minSentence := range []float64{0.3, 0.35, 0.45} {
						tn := defaultTuning()
						tn.articles, tn.nearMin, tn.softMin, tn.minKnown, tn.minSentence = articles, nearMin, softMin, minKnown, minSentence
						var c confusion
						for _, split := range developmentSplits {
							s, _ := evalExtractive(t, split, ixs, tn)
							c = c.add(s)
						}
						best = append(best, result{tn, float64(c.answeredOK) / float64(c.answerable()), float64(c.abstainedOK) / float64(c.unanswerable())})
					}
				}
			}
		}
	}
	slices.SortFunc(best, func(a, b result) int {
		return cmp.Compare(min(b.ans/0.95, b.abs/0.9)+0.1*(b.ans+b.abs), min(a.ans/0.95, a.abs/0.9)+0.1*(a.ans+a.abs))
	})
	for _, r := range best[:min(15, len(best))] {
		t.Logf("answered %.3f abstained %.3f articles %d near %.2f soft %.2f known %.2f sentence %.2f",
			r.ans, r.abs, r.tn.articles, r.tn.nearMin, r.tn.softMin, r.tn.minKnown, r.tn.minSentence)
	}
}
