package bot

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/talkbot/talkbot/bot/llm"
	"github.com/talkbot/talkbot/retrieval"
)

// scriptedModel is a Model for tests of the route: it cites passage [1] of
// what it was given, after waiting for release when that is set.
type scriptedModel struct {
	started chan struct{} // receives once per Compose, when set
	release chan struct{} // Compose waits for it, when set
}

func (m *scriptedModel) Model() string { return "scripted" }

func (m *scriptedModel) Compose(ctx context.Context, req llm.Request) (*llm.Draft, error) {
	if m.started != nil {
		m.started <- struct{}{}
	}
	if m.release != nil {
		<-m.release
	}
	return &llm.Draft{Text: "They met [1].", Sent: req.Passages, Model: "scripted", Finish: "stop"}, nil
}

// indexOf loads and indexes the articles of files (a fixture, the seeds).
func indexOf(t testing.TB, files fs.FS) *retrieval.Index {
	t.Helper()
	return indexWith(t, files, retrieval.DefaultParams())
}

// indexWithAliases indexes files with the alias list aliases (in
// TALKBOT_ALIASES' format) in place of the built-in one.
func indexWithAliases(t testing.TB, aliases string, files fs.FS) *retrieval.Index {
	t.Helper()
	al, err := retrieval.ParseAliases(strings.NewReader(aliases))
	if err != nil {
		t.Fatal(err)
	}
	p := retrieval.DefaultParams()
	p.Aliases = al
	return indexWith(t, files, p)
}

func indexWith(t testing.TB, files fs.FS, p retrieval.Params) *retrieval.Index {
	t.Helper()
	c, err := retrieval.Load(files)
	if err != nil {
		t.Fatal(err)
	}
	return retrieval.NewIndex(c, p)
}

// TestSwapKeepsAnswersInFlight: a corpus swapped while an answer is being
// composed does not change that answer's citations; the next question
// reads the new corpus.
func TestSwapKeepsAnswersInFlight(t *testing.T) {
	old := indexOf(t, fstest.MapFS{"old.txt": {Data: []byte("date 2025-02-18 Envoys meet in Riyadh\n\nThe envoys met in Riyadh on Tuesday to discuss the war.\n")}})
	next := indexOf(t, fstest.MapFS{"new.txt": {Data: []byte("date 2025-03-11 Envoys meet in Jeddah\n\nThe envoys met in Jeddah on Tuesday to discuss the war.\n")}})
	m := &scriptedModel{started: make(chan struct{}, 1), release: make(chan struct{})}
	e := New(old, Options{Model: m})
	done := make(chan *Answer, 1)
	go func() {
		ans, err := e.Ask(context.Background(), Query{Question: "Where did the envoys meet?"})
		if err != nil {
			t.Error(err)
		}
		done <- ans
	}()
	<-m.started
	e.Swap(Snapshot{Index: next})
	close(m.release)
	ans := <-done
	if ans == nil || len(ans.Citations) != 1 || ans.Citations[0].Article != "old.txt" {
		t.Fatalf("answer in flight cites %+v, want old.txt", ans)
	}
	m.started = nil
	ans, err := e.Ask(context.Background(), Query{Question: "Where did the envoys meet?"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Citations) != 1 || ans.Citations[0].Article != "new.txt" || e.Index() != next {
		t.Errorf("after the swap the answer cites %+v, want new.txt", ans.Citations)
	}
}

// TestRouteModelDraftIsVerified: whatever Model wrote goes through the
// verify step: a draft citing a passage that was not sent falls back.
func TestRouteModelDraftIsVerified(t *testing.T) {
	ix := indexOf(t, fstest.MapFS{"a.txt": {Data: []byte("date 2025-02-18 Envoys meet in Riyadh\n\nThe envoys met in Riyadh on Tuesday to discuss the war.\n")}})
	e := New(ix, Options{Model: modelFunc(func(req llm.Request) *llm.Draft {
		return &llm.Draft{Text: "They met in Paris [7].", Sent: req.Passages, Model: "m", Finish: "stop"}
	})})
	ans, err := e.Ask(context.Background(), Query{Question: "Where did the envoys meet?"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != ModeExtractive || !strings.Contains(ans.FallbackReason(), llm.ErrNoCitedAnswer.Error()) ||
		strings.Contains(ans.Text, "Paris") || ans.Model != "m" {
		t.Errorf("mode %s reason %q model %q text %q", ans.Mode, ans.FallbackReason(), ans.Model, ans.Text)
	}
}

type modelFunc func(llm.Request) *llm.Draft

func (f modelFunc) Model() string { return "func" }

func (f modelFunc) Compose(_ context.Context, req llm.Request) (*llm.Draft, error) {
	return f(req), nil
}
