package bot

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/bot/openaitest"
)

// talksClauses are six clauses a model may join into one sentence, each
// stating what one passage of the talks corpus says (the passage is found
// by the text after "|"), as a user test's scripted model did.
var talksClauses = []struct{ clause, passage string }{
	{"Senior American and Russian officials met for about four and a half hours in Riyadh on February 18, the first such meeting since the full-scale invasion of Ukraine",
		"four and a half hours in Riyadh"},
	{"Russian and American diplomats met in Istanbul on February 27 for more than six hours of talks on restoring the work of their embassies",
		"met in Istanbul on Thursday"},
	{"the Kremlin named Grigory Karasin and Sergei Beseda as its negotiators for the talks in Riyadh",
		"Grigory Karasin"},
	{"Russian and American negotiators began their own talks at a hotel in the Saudi capital on March 24, a meeting that lasted about 12 hours",
		"lasted about 12 hours"},
	{"Putin said the meeting between Russian and American officials in Saudi Arabia had gone well and that he would be glad to meet Trump",
		"had gone well"},
	{"Peskov said the call between Trump and Putin lasted almost an hour and a half",
		"almost an hour and a half"},
}

// longSentenceAnswer asks the talks corpus a question whose answer the
// model writes as reply(n), n(passage text) being the number of the passage
// holding it as sent. It fails the test when a passage was not sent.
func longSentenceAnswer(t *testing.T, reply func(n func(string) int) string) (*Answer, *syncBuffer) {
	t.Helper()
	srv := openaitest.NewServer(t)
	var mu sync.Mutex
	var missing []string
	srv.HandleChat(func(req openaitest.ChatRequest) openaitest.Reply {
		return openaitest.Text(reply(func(sub string) int {
			n := numberOf(t, req, sub)
			if n == 0 {
				mu.Lock()
				missing = append(missing, sub)
				mu.Unlock()
			}
			return n
		}))
	})
	cfg := LLMConfig{Endpoint: openaiapi.Endpoint{APIKey: "sk-test", BaseURL: srv.BaseURL()}, Model: "gpt-test", Transport: srv.Transport()}
	logs := &syncBuffer{}
	e := New(indexOf(t, os.DirFS("../retrieval/testdata/talks")), Options{LLM: &cfg, Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	ans, err := e.Ask(context.Background(), Query{Question: "How long did the US-Russia meetings and the Trump-Putin call last, and where were the talks held: Riyadh, Istanbul, Jeddah?"})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(missing) > 0 {
		t.Fatalf("passages not sent to the model: %q", missing)
	}
	return ans, logs
}

// citedArticles are the article ids of an answer's sources, in order.
func citedArticles(a *Answer) []string {
	var out []string
	for _, c := range a.Citations {
		id, _, _ := strings.Cut(c.PassageID, "#")
		out = append(out, id)
	}
	return out
}

// TestLLMLongSentenceKeptWhole: one long sentence of six clauses joined by
// "; ", its six citations written at its end (a user test: 853 characters
// came out from its fifth clause on, the first four gone, yet their
// articles still listed as sources). Each clause is verified against the
// sentence's passages and all are kept, word for word.
func TestLLMLongSentenceKeptWhole(t *testing.T) {
	var sentence string
	ans, logs := longSentenceAnswer(t, func(n func(string) int) string {
		var clauses []string
		var marks strings.Builder
		for _, c := range talksClauses {
			clauses = append(clauses, c.clause)
			fmt.Fprintf(&marks, "[%d]", n(c.passage))
		}
		sentence = strings.Join(clauses, "; ")
		return sentence + " " + marks.String() + "."
	})
	if len(sentence) < 700 {
		t.Fatalf("the sentence is %d bytes; the test needs a long one", len(sentence))
	}
	if want := sentence + " [1][2][3][4][5][6]."; ans.Mode != ModeLLM || ans.Text != want {
		t.Errorf("answer (%s, %s):\n got %q\nwant %q", ans.Mode, ans.FallbackReason(), ans.Text, want)
	}
	want := []string{"06_riyadh_meeting.txt", "15_istanbul_embassy_talks.txt", "27_riyadh_preview.txt",
		"28_riyadh_technical_talks.txt", "10_putin_praises_riyadh.txt", "01_trump_putin_call.txt"}
	if got := citedArticles(ans); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sources %v, want %v", got, want)
	}
	if !strings.Contains(logs.String(), `"dropped_sentences":0,`) {
		t.Errorf("log:\n%s", logs)
	}
}

// TestLLMLongSentenceDropsUnsupportedClause: in the same sentence the
// Istanbul clause gets its number and date wrong, and the last clause
// cites its own passage in the middle of the run: the Istanbul clause goes
// whole, the others stay whole with the citations of the passages that
// hold them, and the sources are those cited by what stayed, numbered in
// order of first use.
func TestLLMLongSentenceDropsUnsupportedClause(t *testing.T) {
	ans, logs := longSentenceAnswer(t, func(n func(string) int) string {
		var clauses []string
		var marks strings.Builder
		for i, c := range talksClauses {
			if i == 1 {
				c.clause = "Russian and American diplomats met in Istanbul on March 3 for more than nine hours of talks on restoring the work of their embassies"
			}
			clauses = append(clauses, c.clause)
			fmt.Fprintf(&marks, "[%d]", n(c.passage))
		}
		return strings.Join(clauses, "; ") + " " + marks.String() + "."
	})
	want := talksClauses[0].clause + " [1]; " + talksClauses[2].clause + " [2]; " + talksClauses[3].clause + " [3]; " +
		talksClauses[4].clause + " [4]; " + talksClauses[5].clause + " [5]."
	if ans.Mode != ModeLLM || ans.Text != want {
		t.Errorf("answer (%s, %s):\n got %q\nwant %q", ans.Mode, ans.FallbackReason(), ans.Text, want)
	}
	wantSources := []string{"06_riyadh_meeting.txt", "27_riyadh_preview.txt",
		"28_riyadh_technical_talks.txt", "10_putin_praises_riyadh.txt", "01_trump_putin_call.txt"}
	if got := citedArticles(ans); fmt.Sprint(got) != fmt.Sprint(wantSources) {
		t.Errorf("sources %v, want %v", got, wantSources)
	}
	l := logs.String()
	if !strings.Contains(l, `"unsupported_sentences":1,`) || !strings.Contains(l, `met in Istanbul on March 3`) ||
		!strings.Contains(l, `lacks number 9, date March 3`) {
		t.Errorf("the log does not name the dropped clause and what its passages lack:\n%s", l)
	}
}

// TestLLMRunOnSentenceKeptWhole: a run-on sentence of 2,500 bytes and more
// that repeats one cited clause (a user test's; it came out starting in
// the middle, its first 2,000 bytes cut off in 600-byte pieces) is kept
// from its first word to its last. (That test's reply itself ended
// "officials sai [1].": its clause repeated and cut at 2,550 characters,
// then " [1]." added, 2,555 in all; the check cuts no word.)
func TestLLMRunOnSentenceKeptWhole(t *testing.T) {
	const clause = "Senior American and Russian officials met for about four and a half hours in Riyadh on Tuesday, officials said"
	var sentence string
	ans, _ := longSentenceAnswer(t, func(n func(string) int) string {
		sentence = strings.Repeat(clause+" and ", 22) + clause
		return fmt.Sprintf("%s [%d].", sentence, n("four and a half hours in Riyadh"))
	})
	if len(sentence) < 2500 {
		t.Fatalf("the sentence is %d bytes", len(sentence))
	}
	if want := sentence + " [1]."; ans.Mode != ModeLLM || ans.Text != want {
		t.Errorf("answer (%s, %s):\n got %q\nwant %q", ans.Mode, ans.FallbackReason(), ans.Text, want)
	}
}
