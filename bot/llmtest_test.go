package bot

import (
	"bytes"
	"log/slog"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/bot/openaitest"
	"github.com/talkbot/talkbot/retrieval"
)

// llmTestCorpus is a small corpus written for the tests of bot and bot/llm,
// including an article that carries a prompt injection.
var llmTestCorpus = os.DirFS("llm/testdata/corpus")

func llmTestIndex(t testing.TB) *retrieval.Index {
	t.Helper()
	return indexOf(t, llmTestCorpus)
}

const testKey = "sk-test-SECRET-0123456789abcdef"

type llmFixture struct {
	srv    *openaitest.Server
	engine *Engine
	logs   *syncBuffer
	cfg    LLMConfig
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waits returns the gaps between the chat requests, on the clock of the
// client: inside a synctest bubble, its backoff waits.
func (f *llmFixture) waits() []time.Duration {
	var out []time.Duration
	reqs := f.srv.Requests()
	for i := 1; i < len(reqs); i++ {
		out = append(out, reqs[i].Time.Sub(reqs[i-1].Time))
	}
	return out
}

// newLLMFixture starts a fake OpenAI server and an engine that uses it
// (outside any synctest bubble: the server is shared).
// edit, when not nil, changes the config first.
func newLLMFixture(t *testing.T, edit func(*LLMConfig)) *llmFixture {
	t.Helper()
	f := &llmFixture{srv: openaitest.NewServer(t), logs: &syncBuffer{}}
	f.cfg = LLMConfig{
		Endpoint: openaiapi.Endpoint{APIKey: testKey, BaseURL: f.srv.BaseURL()},
		Model:    "gpt-test",
		// In memory, so that a test running in a testing/synctest bubble
		// sees timeouts and backoff on fake time.
		Transport: f.srv.Transport(),
	}
	if edit != nil {
		edit(&f.cfg)
	}
	logger := slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.engine = New(llmTestIndex(t), Options{LLM: &f.cfg, Logger: logger})
	return f
}

var (
	articleOpenRe = regexp.MustCompile(`<article headline="([^"]*)" publisher="([^"]*)" date="([^"]*)">\n`)
	passageOpenRe = regexp.MustCompile(`<passage n="(\d+)">\n`)
)

// sentPassage is a passage as the model saw it, with its article's
// headline, publisher and date.
type sentPassage struct {
	n                         int
	headline, publisher, date string
	text                      string
}

// sentPassages parses the passages out of a recorded request.
func sentPassages(t *testing.T, req openaitest.ChatRequest) []sentPassage {
	t.Helper()
	user := req.Messages[len(req.Messages)-1].Content
	var out []sentPassage
	for _, al := range articleOpenRe.FindAllStringSubmatchIndex(user, -1) {
		body := user[al[1]:]
		end := strings.Index(body, "</article>\n")
		if end < 0 {
			t.Fatalf("article at %d is not closed", al[0])
		}
		body = body[:end]
		for _, l := range passageOpenRe.FindAllStringSubmatchIndex(body, -1) {
			n, _ := strconv.Atoi(body[l[2]:l[3]])
			rest := body[l[1]:]
			pend := strings.Index(rest, "\n</passage>")
			if pend < 0 {
				t.Fatalf("passage %d is not closed", n)
			}
			out = append(out, sentPassage{n: n, headline: user[al[2]:al[3]], publisher: user[al[4]:al[5]],
				date: user[al[6]:al[7]], text: rest[:pend]})
		}
	}
	return out
}

// numberOf returns the number under which the passage containing sub was
// sent, or 0.
func numberOf(t *testing.T, req openaitest.ChatRequest, sub string) int {
	t.Helper()
	for _, p := range sentPassages(t, req) {
		if strings.Contains(p.text, sub) {
			return p.n
		}
	}
	return 0
}

// refusingModel starts a local OpenAI-compatible server whose model always
// refuses, and the config that points an engine at it: for the tests that
// count which questions reach the model.
func refusingModel(t testing.TB) (*openaitest.Server, *LLMConfig) {
	t.Helper()
	srv := openaitest.NewServer(t)
	srv.HandleChat(func(openaitest.ChatRequest) openaitest.Reply { return openaitest.Text("The articles don't say.") })
	return srv, &LLMConfig{Endpoint: openaiapi.Endpoint{APIKey: "sk-test", BaseURL: srv.BaseURL()}, Model: "gpt-test"}
}
