package llm

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/talkbot/talkbot/retrieval"
)

// testSystem is the system prompt of the default topic.
var testSystem = SystemPrompt("")

// llmTestCorpus is a small corpus written for the tests of bot and bot/llm,
// including an article that carries a prompt injection.
var llmTestCorpus = os.DirFS("testdata/corpus")

func llmTestIndex(t testing.TB) *retrieval.Index {
	t.Helper()
	c, err := retrieval.Load(llmTestCorpus)
	if err != nil {
		t.Fatal(err)
	}
	return retrieval.NewIndex(c, retrieval.DefaultParams())
}

// sleeps records backoff waits instead of sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}
