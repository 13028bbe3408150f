package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/bot/openaitest"
	"github.com/talkbot/talkbot/seeds"
)

// BenchmarkAskLLM: a whole LLM answer over loopback HTTP against the fake
// server (retrieval, prompt, streamed reply of ~40 chunks, verification):
// talkbot's own overhead per answer, the model's time excluded.
func BenchmarkAskLLM(b *testing.B) {
	srv := openaitest.NewServer(b)
	reply := strings.Repeat("Trump and Putin met in Alaska [1]. ", 5)
	srv.HandleChat(func(openaitest.ChatRequest) openaitest.Reply { return openaitest.Text(reply) })
	cfg := LLMConfig{Endpoint: openaiapi.Endpoint{APIKey: "k", BaseURL: srv.BaseURL()}}
	e := New(indexOf(b, seeds.FS()), Options{LLM: &cfg})
	q := Query{Question: "When did Trump and Putin meet?", OnPartial: func(string) {}}
	b.ReportAllocs()
	for b.Loop() {
		ans, err := e.Ask(context.Background(), q)
		if err != nil || ans.Mode != ModeLLM {
			b.Fatalf("%v %+v", err, ans)
		}
	}
}

// BenchmarkAskExtractive: a whole extractive answer on the built-in
// articles (retrieval, judge, quoting): the work done per question
// without a model.
func BenchmarkAskExtractive(b *testing.B) {
	e := seedEngine(b)
	q := Query{Question: "What did Russia's deputy foreign minister say about the talks?"}
	b.ReportAllocs()
	for b.Loop() {
		ans, err := e.Ask(context.Background(), q)
		if err != nil || ans.Mode != ModeExtractive {
			b.Fatalf("%v %+v", err, ans)
		}
	}
}

// BenchmarkAskTwoParts is a question of two parts, each answered: about
// two one-part answers' cost, and the join.
func BenchmarkAskTwoParts(b *testing.B) {
	e := seedEngine(b)
	q := Query{Question: "When did Russian and US officials meet in Saudi Arabia, and what did Rubio say the two sides agreed?"}
	b.ReportAllocs()
	for b.Loop() {
		ans, err := e.Ask(context.Background(), q)
		if err != nil || ans.Abstained {
			b.Fatalf("%v %+v", err, ans)
		}
	}
}

// BenchmarkKindMatchesLongSentence checks answer types on sentences of
// 30,000 and 300,000 words full of the cues they look for: ns/op should
// grow ten times, not a hundred.
func BenchmarkKindMatchesLongSentence(b *testing.B) {
	ix := indexOf(b, seeds.FS())
	terms := questionTerms(ix, newLexicon(ix.Analyze, DefaultTopic), defaultTuning(), "What did Lukashenko say about the truce?")
	asked := askedTerms(terms, nil)
	for _, n := range []int{10_000, 100_000} {
		long := strings.Repeat("Europe de, saying ", n) + "Lukashenko spoke."
		for _, kind := range []string{"say", "who", "why", "day", "time", "duration", "money", "place", "words"} {
			b.Run(fmt.Sprintf("%s/%dk", kind, n/1000), func(b *testing.B) {
				for b.Loop() {
					kindMatches(ix.Analyze, kind, long, terms, asked)
				}
			})
		}
		// Every span dates something: each match is looked past.
		offsets := strings.Repeat("a day after ", n)
		b.Run(fmt.Sprintf("duration-offsets/%dk", n/1000), func(b *testing.B) {
			for b.Loop() {
				kindMatches(ix.Analyze, "duration", offsets, terms, asked)
			}
		})
	}
}
