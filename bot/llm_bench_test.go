package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/bot/openaitest"
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
	res := seedResults(b, "When did Trump and Putin meet?", DefaultK)
	hist := []Turn{{Question: "What happened in Riyadh?", Answer: "Officials met [1]."}}
	b.ReportAllocs()
	for b.Loop() {
		buildPrompt("Where was that?", hist, res, DefaultContextBudget)
	}
}

// BenchmarkVerify: checking a typical four-sentence reply.
func BenchmarkVerify(b *testing.B) {
	sent := fakeSent(5)
	raw := "Trump and Putin met in Anchorage, Alaska, on 15 August 2025 [2]. They spoke for nearly three hours [2][4]. " +
		"No ceasefire was announced [1]. The articles don't say when they will meet again."
	b.ReportAllocs()
	for b.Loop() {
		if _, err := verify(raw, sent); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAskLLM: a whole LLM answer over loopback HTTP against the fake
// server (retrieval, prompt, streamed reply of ~40 chunks, verification):
// talkbot's own overhead per answer, the model's time excluded.
func BenchmarkAskLLM(b *testing.B) {
	srv := openaitest.NewServer(b)
	reply := strings.Repeat("Trump and Putin met in Alaska [1]. ", 5)
	srv.HandleChat(func(openaitest.ChatRequest) openaitest.Reply { return openaitest.Text(reply) })
	c, err := retrieval.Load(seeds.FS())
	if err != nil {
		b.Fatal(err)
	}
	cfg := LLMConfig{Endpoint: openaiapi.Endpoint{APIKey: "k", BaseURL: srv.BaseURL()}}
	e := New(retrieval.NewIndex(c, retrieval.DefaultParams()), Options{LLM: &cfg})
	q := Query{Question: "When did Trump and Putin meet?", OnPartial: func(string) {}}
	b.ReportAllocs()
	for b.Loop() {
		ans, err := e.Ask(context.Background(), q)
		if err != nil || ans.Mode != ModeLLM {
			b.Fatalf("%v %+v", err, ans)
		}
	}
}
