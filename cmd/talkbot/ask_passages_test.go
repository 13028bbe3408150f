package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot/openaitest"
)

// TestAskLLMCitedPassages replays a user test: the model cites the first
// passage of the article that says the officials met in Saudi Arabia on
// Feb. 18 (that passage says Feb. 22), the check cites the sentence anew to
// the article's Feb. 18 passage, and --json lists that passage alone, with
// its exact text, as the one the answer drew on (it listed the Feb. 22
// sentence first). The terminal still shows the article once.
func TestAskLLMCitedPassages(t *testing.T) {
	const held = "Saudi Arabia on Feb. 18"
	s := openaitest.NewServer(t)
	s.HandleChat(func(req openaitest.ChatRequest) openaitest.Reply {
		user := req.Messages[len(req.Messages)-1].Content
		for _, art := range strings.Split(user, "<article ")[1:] {
			if !strings.Contains(art, held) {
				continue
			}
			var first int
			fmt.Sscanf(strings.SplitN(art, `<passage n="`, 2)[1], "%d", &first)
			return openaitest.Text(fmt.Sprintf("Russian and U.S. representatives met in Saudi Arabia on Feb. 18 [%d].", first))
		}
		t.Errorf("no article of the prompt holds %q", held)
		return openaitest.Text("The articles don't say.")
	})
	const q = "where did they meet on feb 18"
	code, out, errOut := talkbot(t, llmEnv(s), "ask", "--json", q)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got askJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if want := "Russian and U.S. representatives met in Saudi Arabia on Feb. 18 [1]."; got.Mode != "llm" || got.Answer != want {
		t.Fatalf("answer (%s, %s) %q, want %q", got.Mode, got.Reason, got.Answer, want)
	}
	if len(got.Citations) != 1 {
		t.Fatalf("citations %+v, want one", got.Citations)
	}
	c := got.Citations[0]
	if len(c.Passages) != 1 || !strings.Contains(c.Passages[0].Text, held) || !strings.HasPrefix(c.Passages[0].PassageID, c.Article+"#") {
		t.Errorf("passages %+v, want the one holding %q alone", c.Passages, held)
	}
	code, out, errOut = talkbot(t, llmEnv(s), "ask", q)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, sources, ok := strings.Cut(out, "\n\nSources:\n"); !ok || strings.Count(sources, "\n[") != 0 || !strings.HasPrefix(sources, "[1] ") {
		t.Errorf("output:\n%s\nwant one source, [1]", out)
	}
}
