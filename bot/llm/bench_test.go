package llm

import (
	"testing"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/seeds"
)

func seedResults(b *testing.B, q string, k int) []retrieval.Result {
	b.Helper()
	c, err := retrieval.Load(seeds.FS())
	if err != nil {
		b.Fatal(err)
	}
	return retrieval.NewIndex(c, retrieval.DefaultParams()).Search(q, k)
}

// BenchmarkBuildPrompt: packing the prompt for one question (5 passages).
func BenchmarkBuildPrompt(b *testing.B) {
	res := seedResults(b, "When did Trump and Putin meet?", 5)
	hist := []Turn{{Question: "What happened in Riyadh?", Answer: "Officials met [1]."}}
	b.ReportAllocs()
	for b.Loop() {
		buildPrompt(testSystem, "Where was that?", hist, res, DefaultContextBudget)
	}
}

// BenchmarkVerify: checking a typical four-sentence reply.
func BenchmarkVerify(b *testing.B) {
	sent := fakeSent(5)
	raw := "Trump and Putin met in Anchorage, Alaska, on 15 August 2025 [2]. They spoke for nearly three hours [2][4]. " +
		"No ceasefire was announced [1]. The articles don't say when they will meet again."
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Verify(raw, sent); err != nil {
			b.Fatal(err)
		}
	}
}
