package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/llm"
	"github.com/talkbot/talkbot/bot/openaitest"
)

const cliTestKey = "sk-cli-TOPSECRET-0123456789"

func llmEnv(s *openaitest.Server) map[string]string {
	return map[string]string{
		"OPENAI_API_KEY":     cliTestKey,
		"OPENAI_BASE_URL":    s.BaseURL(),
		"OPENAI_MODEL":       "gpt-test",
		"OPENAI_MAX_RETRIES": "0", // no backoff waits in CLI tests
	}
}

// citeFirst replies with one sentence citing the passage that contains sub.
func citeFirst(t *testing.T, sub, sentence string) func(openaitest.ChatRequest) openaitest.Reply {
	return func(req openaitest.ChatRequest) openaitest.Reply {
		user := req.Messages[len(req.Messages)-1].Content
		for n := 1; ; n++ {
			open := fmt.Sprintf(`<passage n="%d">`, n)
			i := strings.Index(user, open)
			if i < 0 {
				t.Errorf("no passage contains %q", sub)
				return openaitest.Text("The articles don't say.")
			}
			end := strings.Index(user[i:], "</passage>")
			if strings.Contains(user[i:i+end], sub) {
				return openaitest.Reply{Content: fmt.Sprintf("%s [%d].", sentence, n),
					Usage: &openaitest.Usage{PromptTokens: 1234, CompletionTokens: 21}}
			}
		}
	}
}

func TestAskLLMJSON(t *testing.T) {
	s := openaitest.NewServer(t)
	s.HandleChat(citeFirst(t, "Saudi Arabia on Feb. 18", "US and Russian officials met in Saudi Arabia on 18 February 2025"))
	code, out, errOut := talkbot(t, llmEnv(s), "ask", "--json", "Where did US and Russian officials meet on February 18?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "ask_llm.json", out)
	var got askJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Mode != "llm" || got.Model != "gpt-test" || got.Usage == nil || got.Usage.PromptTokens != 1234 ||
		got.Usage.CompletionTokens != 21 || got.Reason != "" || len(got.Citations) != 1 {
		t.Errorf("answer = %+v", got)
	}
	if strings.Contains(errOut+out, "TOPSECRET") {
		t.Error("the key was printed")
	}
}

func TestAskLLMText(t *testing.T) {
	s := openaitest.NewServer(t)
	s.HandleChat(citeFirst(t, "Saudi Arabia on Feb. 18", "They met in Saudi Arabia"))
	// stdout is not a terminal here: no live stream, only the final answer.
	code, out, errOut := talkbot(t, llmEnv(s), "ask", "Where did US and Russian officials meet on February 18?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "They met in Saudi Arabia [1].\n\nSources:\n[1] ") || strings.Contains(out, "\x1b") {
		t.Errorf("output:\n%q", out)
	}
}

func TestAskLLMFallback(t *testing.T) {
	s := openaitest.NewServer(t)
	s.QueueChat(openaitest.ServerError(503))
	code, out, errOut := talkbot(t, llmEnv(s), "ask", "--json", "Where did US and Russian officials meet on February 18?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got askJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Mode != "extractive" || got.Reason != "the language model server is failing — HTTP 503: The server had an error while processing your request." || len(got.Citations) == 0 {
		t.Errorf("answer = %+v", got)
	}
	// The same fields as any LLM-mode answer: the model, and no tokens
	// for a request the server refused.
	if got.Model != "gpt-test" || got.Usage == nil || *got.Usage != (usageJSON{}) {
		t.Errorf("model %q, usage %+v; want gpt-test with zero usage", got.Model, got.Usage)
	}
}

func TestAskLLMFailures(t *testing.T) {
	tests := []struct {
		name  string
		reply openaitest.Reply
		env   map[string]string
		code  int
		msg   string // the whole stderr line
	}{
		{name: "key rejected", reply: openaitest.InvalidKey(cliTestKey), code: 1,
			msg: "talkbot ask: llm: the API key was rejected — HTTP 401; check OPENAI_API_KEY, and OPENAI_BASE_URL if the key is for another server\n"},
		{name: "model not found", reply: openaitest.ModelNotFound("gpt-test"), code: 1,
			msg: "talkbot ask: llm: the model \"gpt-test\" was not found — HTTP 404; check OPENAI_MODEL, and OPENAI_BASE_URL if the model is on another server\n"},
		{name: "bad setting", env: map[string]string{"OPENAI_TEMPERATURE": "hot"}, code: 2,
			msg: "talkbot ask: OPENAI_TEMPERATURE: \"hot\" is not a number from 0 to 2\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t)
			if tt.env == nil {
				s.QueueChat(tt.reply)
			}
			env := llmEnv(s)
			for k, v := range tt.env {
				env[k] = v
			}
			code, out, errOut := talkbot(t, env, "ask", "Where did US and Russian officials meet?")
			if code != tt.code || errOut != tt.msg || out != "" {
				t.Errorf("exit %d, stderr %q, stdout %q; want %d, %q", code, errOut, out, tt.code, tt.msg)
			}
		})
	}
}

func TestLivePrinter(t *testing.T) {
	var b bytes.Buffer
	p := &livePrinter{w: &b, width: 10}
	p.update("Trump ")
	p.update("Trump met\x07 Putin ")
	p.update("Trump met Putin in Alaska")
	if got := b.String(); got != "Trump met Putin in Alaska" {
		t.Fatalf("streamed %q", got)
	}
	b.Reset()
	p.update("Retry") // the stream started over: redraw
	if got := b.String(); got != "\r\x1b[2A\x1b[JRetry" {
		t.Errorf("redraw %q", got)
	}
	b.Reset()
	p.clear()
	p.clear()
	if got := b.String(); got != "\r\x1b[J" {
		t.Errorf("clear %q", got)
	}
	var nilPrinter *livePrinter
	nilPrinter.clear() // no live output: a no-op
	if newLivePrinter(&b) != nil {
		t.Error("a buffer is not a terminal")
	}
}

// TestAskMisspeltName: the answer says how a misspelt name was read, on
// the terminal and in --json, and the model gets the question as asked.
func TestAskMisspeltName(t *testing.T) {
	code, out, errOut := talkbot(t, nil, "ask", "What did Lavorv say after the talks?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "(Read “Lavorv” as “Lavrov”.)\n\n") || !strings.Contains(out, "very useful") {
		t.Errorf("output:\n%s", out)
	}
	s := openaitest.NewServer(t)
	s.HandleChat(citeFirst(t, "very useful", "Lavrov called the meeting very useful"))
	code, out, errOut = talkbot(t, llmEnv(s), "ask", "--json", "What did Lavorv say after the talks?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got askJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Corrections) != 1 || got.Corrections[0] != (correctionJSON{From: "Lavorv", To: "Lavrov"}) || got.Mode != "llm" {
		t.Errorf("answer = %+v", got)
	}
	if reqs := s.ChatRequests(); len(reqs) != 1 || !strings.Contains(reqs[0].Messages[1].Content, "What did Lavorv say") {
		t.Errorf("the model did not get the question as asked")
	}
}

// TestTimelineMisspeltTopic: --topic reads a misspelt name as ask does,
// and says so.
func TestTimelineMisspeltTopic(t *testing.T) {
	code, out, errOut := talkbot(t, nil, "timeline", "--topic", "Lavorv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "(Read “Lavorv” as “Lavrov”.)\n\n") || !strings.Contains(out, "Lavrov") {
		t.Errorf("output:\n%s", out)
	}
	code, out, errOut = talkbot(t, nil, "timeline", "--json", "--topic", "Lavorv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got timelineJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Corrections) != 1 || got.Corrections[0].To != "Lavrov" || len(got.Events) == 0 {
		t.Errorf("timeline = %+v", got)
	}
}

// TestAskInterruptedCountsTokens: Ctrl-C while the model holds the request
// exits 130 as any interruption does, and the log still says what the
// request cost (the prompt the server took), so no spent token goes
// unrecorded.
func TestAskInterruptedCountsTokens(t *testing.T) {
	s := openaitest.NewServer(t)
	started := make(chan struct{}, 1)
	s.QueueChat(openaitest.Reply{Hang: true, Started: started})
	env := llmEnv(s)
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	go func() { // once the server holds the request, the user presses Ctrl-C
		<-started
		cancel(signalled{os.Interrupt})
	}()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"ask", "--json", "Where did US and Russian officials meet on February 18?"}, &stdout, &stderr,
		func(k string) string { return env[k] })
	if code != 130 || stdout.Len() > 0 {
		t.Fatalf("exit %d, stdout %q; want 130 and nothing printed", code, stdout.String())
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(lines) != 2 || lines[1] != "talkbot ask: stopped by SIGINT (Ctrl-C)" {
		t.Fatalf("stderr %q: want the tokens' log line, then the interruption", stderr.String())
	}
	// In words: "context canceled" said nothing to the user (user test).
	m := regexp.MustCompile(`^talkbot: answer interrupted while the model was writing it; the tokens it spent still count; ` +
		`model=gpt-test prompt_tokens=(\d+) completion_tokens=0 estimated=true$`).FindStringSubmatch(lines[0])
	if m == nil {
		t.Fatalf("log line %q: want the model and the tokens spent", lines[0])
	}
	if n, _ := strconv.Atoi(m[1]); n < 100 {
		t.Errorf("prompt_tokens %d: want the prompt's estimate (the articles sent, hundreds of tokens)", n)
	}
}

// TestFallbackLine: why the model gave way reads as one sentence without
// nested brackets, whatever the reason (the engine's FallbackReason is the
// llm error's text without its "llm: ").
func TestFallbackLine(t *testing.T) {
	reason := func(err error) string { return strings.TrimPrefix(err.Error(), "llm: ") }
	tests := []struct {
		name   string
		reason string
		want   string
	}{
		{"model not found", reason(&llm.Error{Kind: llm.ErrModelNotFound, Model: "gpt-x", Status: 404, Attempts: 3}),
			`Answered from the articles directly because the model "gpt-x" was not found — HTTP 404, after 3 attempts.`},
		{"HTTP 500 after retries", reason(&llm.Error{Kind: llm.ErrUnavailable, Status: 500, Attempts: 3,
			Detail: "The server had an error while processing your request."}),
			"Answered from the articles directly because the language model server is failing — HTTP 500, after 3 attempts: The server had an error while processing your request."},
		{"timeout", reason(&llm.Error{Kind: llm.ErrTimeout, Status: 200, Attempts: 2, NoTimeToRetry: true}),
			"Answered from the articles directly because the language model did not answer in time — after 2 attempts, no time left to retry."},
		{"no citations", reason(&llm.Error{Kind: llm.ErrNoCitedAnswer, Model: "gpt-x"}),
			"Answered from the articles directly because the model's reply held no sentence citing a passage it was given."},
		{"the model's share of the deadline", "the model did not finish before the deadline",
			"Answered from the articles directly because the model did not finish before the deadline."},
		// Every kind of llm failure reads as a clause after "because",
		// its subject first (user test: "because could not reach …").
		{"key rejected", reason(&llm.Error{Kind: llm.ErrKeyRejected, Status: 401}),
			"Answered from the articles directly because the API key was rejected — HTTP 401."},
		{"context too long", reason(&llm.Error{Kind: llm.ErrContextTooLong, Status: 400}),
			"Answered from the articles directly because the prompt is longer than the model's context window — HTTP 400."},
		{"rate limited", reason(&llm.Error{Kind: llm.ErrRateLimited, Status: 429, Attempts: 3}),
			"Answered from the articles directly because the language model is rate limiting requests — HTTP 429, after 3 attempts."},
		{"connection", reason(&llm.Error{Kind: llm.ErrConnection, Attempts: 3, Detail: "dial tcp 127.0.0.1:1: connect: connection refused"}),
			"Answered from the articles directly because the language model server could not be reached — after 3 attempts: dial tcp 127.0.0.1:1: connect: connection refused."},
		{"bad response", reason(&llm.Error{Kind: llm.ErrBadResponse, Status: 200}),
			"Answered from the articles directly because the language model server sent a malformed response."},
		{"stream cut", reason(&llm.Error{Kind: llm.ErrStreamCut, Status: 200, Attempts: 2}),
			"Answered from the articles directly because the answer stream was cut off before it finished — after 2 attempts."},
		{"request refused", reason(&llm.Error{Kind: llm.ErrRequest, Status: 400, Detail: "temperature is not supported"}),
			"Answered from the articles directly because the language model server refused the request — HTTP 400: temperature is not supported."},
		{"content filter", reason(&llm.Error{Kind: llm.ErrContentFilter, Status: 200}),
			"Answered from the articles directly because the model's content filter stopped the answer."},
		{"no time for the model", "no time was left for the model",
			"Answered from the articles directly because no time was left for the model."},
		{"no answer slot", "no answer slot came free in time",
			"Answered from the articles directly because no answer slot came free in time."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fallbackLine(tt.reason)
			if got != tt.want {
				t.Errorf("fallbackLine(%q) =\n%s\nwant\n%s", tt.reason, got, tt.want)
			}
			if strings.ContainsAny(got, "()\n") {
				t.Errorf("%q: want one line without brackets", got)
			}
			out := formatAnswer(&bot.Answer{Text: "Quoted [1].", Fallback: errors.New(tt.reason)})
			if !strings.Contains(out, "\n"+tt.want+"\n") {
				t.Errorf("formatAnswer:\n%s\nwant the line %q", out, tt.want)
			}
		})
	}
}
