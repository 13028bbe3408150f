package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot/openaitest"
)

// TestAskLLMUnsupportedClaim replays a reply whose citations are real but
// one of whose sentences states what its passage does not hold (a share of
// territory no article gives), and one of whose sentences cites the wrong
// passage for what it says. The first is dropped, the second cited to the
// passage that holds it; the text and --json show and list only those.
func TestAskLLMUnsupportedClaim(t *testing.T) {
	const question = "Where did US and Russian officials meet on February 18?"
	s := openaitest.NewServer(t)
	s.HandleChat(func(req openaitest.ChatRequest) openaitest.Reply {
		user := req.Messages[len(req.Messages)-1].Content
		meeting, goals := 0, 0
		for _, p := range strings.Split(user, `<passage n="`)[1:] {
			var n int
			fmt.Sscanf(p, "%d", &n)
			p, _, _ = strings.Cut(p, "</passage>")
			switch {
			case strings.Contains(p, "Saudi Arabia on Feb. 18"):
				meeting = n
			case strings.Contains(p, "three goals"):
				goals = n
			}
		}
		if meeting == 0 || goals == 0 {
			t.Errorf("passages %d and %d in the prompt", meeting, goals)
		}
		return openaitest.Text(fmt.Sprintf("Russian and American envoys met in Saudi Arabia on February 18 [%d]. "+
			"There, Ukraine agreed to give up 30 percent of its land [%d]. "+
			"Rubio said both sides would pursue three goals [%d].", meeting, meeting, meeting))
	})
	code, out, errOut := talkbot(t, llmEnv(s), "ask", question)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	answer, sources, ok := strings.Cut(out, "\n\nSources:\n")
	want := "Russian and American envoys met in Saudi Arabia on February 18 [1]. Rubio said both sides would pursue three goals [1]."
	if !ok || answer != want {
		t.Errorf("answer %q, want %q", answer, want)
	}
	if lines := strings.Split(strings.TrimSpace(sources), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "[1] ") {
		t.Errorf("sources:\n%s\nwant [1] alone", sources)
	}

	code, out, errOut = talkbot(t, llmEnv(s), "ask", "--json", question)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got askJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Answer != want {
		t.Errorf("--json answer %q, want %q", got.Answer, want)
	}
	if len(got.Citations) != 1 {
		t.Fatalf("citations %+v, want one", got.Citations)
	}
	var texts []string
	for _, p := range got.Citations[0].Passages {
		if !strings.HasPrefix(p.PassageID, got.Citations[0].Article+"#") {
			t.Errorf("passage id %q of article %q", p.PassageID, got.Citations[0].Article)
		}
		texts = append(texts, p.Text)
	}
	if len(texts) != 2 || !strings.Contains(texts[0], "Saudi Arabia on Feb. 18") || !strings.Contains(texts[1], "three goals") {
		t.Errorf("cited passages %q, want the meeting's and the goals'", texts)
	}
}
