package llm

import (
	"os"
	"testing"

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
