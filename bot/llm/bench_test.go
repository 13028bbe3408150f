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

// BenchmarkVerifyClauses: a sentence of six clauses citing three sources
// at its end, one clause wrong, checked clause by clause.
func BenchmarkVerifyClauses(b *testing.B) {
	sent := clauseSent()
	raw := "Marco Rubio met Sergei Lavrov in Riyadh on February 18; Russian and American diplomats met in Istanbul on March 3 " +
		"for more than nine hours; Peskov said the call between Trump and Putin lasted almost an hour and a half; " +
		"Rubio and Lavrov met in Riyadh, and diplomats met in Istanbul on February 27 for more than six hours; " +
		"Trump and Putin spoke for almost an hour and a half, Peskov said [1][2][3]."
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Verify(raw, sent); err != nil {
			b.Fatal(err)
		}
	}
}
