package bot

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/bot/openaitest"
)

// TestLLMAnswersCJKQuestion checks that in LLM mode a Chinese question
// reaches the model with the Chinese passage that answers it (search reads
// CJK text as bigrams), and that the model's answer, cited after the
// Chinese full stop as a model writing Chinese does, comes back cited.
func TestLLMAnswersCJKQuestion(t *testing.T) {
	srv := openaitest.NewServer(t)
	srv.HandleChat(func(req openaitest.ChatRequest) openaitest.Reply {
		n := numberOf(t, req, "175名战俘")
		return openaitest.Text(fmt.Sprintf("俄乌双方各交换了175名战俘。[%d]", n))
	})
	cfg := LLMConfig{Endpoint: openaiapi.Endpoint{APIKey: "sk-test", BaseURL: srv.BaseURL()}, Model: "gpt-test"}
	e := New(indexOf(t, os.DirFS("../retrieval/testdata/cjk")), Options{LLM: &cfg})
	ans, err := e.Ask(context.Background(), Query{Question: "俄乌交换了多少名战俘？"})
	if err != nil {
		t.Fatal(err)
	}
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].Chat == nil || numberOf(t, *reqs[0].Chat, "175名战俘") == 0 {
		t.Fatalf("the model got %d requests, want one holding the passage on the prisoners", len(reqs))
	}
	if ans.Mode != ModeLLM || ans.Abstained || ans.Text != "俄乌双方各交换了175名战俘[1]。" {
		t.Fatalf("answer %+v", ans)
	}
	if len(ans.Citations) != 1 || ans.Citations[0].PassageID != "zh_03_energy_call.txt#5" {
		t.Errorf("citations %+v, want zh_03_energy_call.txt#5", ans.Citations)
	}
}
