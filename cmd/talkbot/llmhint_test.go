package main

import (
	"maps"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot/openaitest"
)

// TestSettingHints: a model or embeddings server that rejects the key or
// does not know the model is one line naming the settings to check, and
// the key is never shown, though OpenAI's 401 echoes part of it. Embeddings
// that fail leave search to BM25, which still answers.
func TestSettingHints(t *testing.T) {
	const keyHint = "; check OPENAI_API_KEY, and OPENAI_BASE_URL if the key is for another server\n"
	tests := []struct {
		name   string
		hybrid bool // OPENAI_EMBEDDING_MODEL set
		setup  func(*openaitest.Server)
		env    map[string]string // set after the server's; OPENAI_BASE_URL is appended to the server's URL
		args   []string
		code   int
		stderr string // the whole of it
		stdout string // a substring
	}{
		{name: "ask, wrong key", setup: func(s *openaitest.Server) { s.RequireKey("sk-the-right-one") },
			args: []string{"ask", "Where did US and Russian officials meet?"}, code: 1,
			stderr: "talkbot ask: llm: the API key was rejected — HTTP 401" + keyHint},
		{name: "ask --json, wrong key", setup: func(s *openaitest.Server) { s.RequireKey("sk-the-right-one") },
			args: []string{"ask", "--json", "Where did US and Russian officials meet?"}, code: 1,
			stderr: "talkbot ask: llm: the API key was rejected — HTTP 401" + keyHint},
		{name: "ask, request refused", setup: func(s *openaitest.Server) {
			s.QueueChat(openaitest.Error(400, "invalid_request_error", "", "Unsupported parameter: 'temperature'"))
		}, args: []string{"ask", "Where did US and Russian officials meet?"}, code: 1,
			stderr: "talkbot ask: llm: the language model server refused the request — HTTP 400: Unsupported parameter: 'temperature'; check OPENAI_BASE_URL and OPENAI_MODEL\n"},
		// User test: the hint was said twice, by the error and by talkbot.
		{name: "ask, no chat endpoint at the base URL", setup: func(s *openaitest.Server) {},
			env:  map[string]string{"OPENAI_BASE_URL": "/wrong"},
			args: []string{"ask", "Where did US and Russian officials meet?"}, code: 1,
			stderr: "talkbot ask: llm: the language model server refused the request — HTTP 404: no chat completions endpoint there; check OPENAI_BASE_URL\n"},
		{name: "ask, a 404 without an OpenAI error body", setup: func(s *openaitest.Server) {
			s.QueueChat(openaitest.Reply{Status: 404, Raw: "404 page not found"})
		}, args: []string{"ask", "Where did US and Russian officials meet?"}, code: 1,
			stderr: "talkbot ask: llm: the language model server refused the request — HTTP 404: no chat completions endpoint there; check OPENAI_BASE_URL\n"},
		{name: "search, embeddings with a wrong key", hybrid: true, setup: func(s *openaitest.Server) { s.RequireKey("sk-the-right-one") },
			args: []string{"search", "-k", "1", "Saudi meeting"}, code: 0, stdout: "1. ",
			stderr: "talkbot: embeddings unavailable, searching by BM25 alone: embed passages: embeddings API (model test-embedding): error, status code: 401, status: 401 Unauthorized, message: Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys" + keyHint},
		{name: "search, embeddings model not found", hybrid: true, setup: func(s *openaitest.Server) { s.QueueEmbeddings(openaitest.ModelNotFound("test-embedding")) },
			args: []string{"search", "-k", "1", "Saudi meeting"}, code: 0, stdout: "1. ",
			stderr: "talkbot: embeddings unavailable, searching by BM25 alone: embed passages: embeddings API (model test-embedding): error, status code: 404, status: 404 Not Found, message: The model `test-embedding` does not exist or you do not have access to it" +
				"; check OPENAI_EMBEDDING_MODEL, and OPENAI_BASE_URL if the model is on another server\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t)
			tt.setup(s)
			env := llmEnv(s)
			if tt.hybrid {
				_, henv := hybridEnv(t)
				maps.Copy(env, henv)
				env["OPENAI_BASE_URL"] = s.BaseURL()
			}
			for k, v := range tt.env {
				if k == "OPENAI_BASE_URL" {
					v = s.URL + v
				}
				env[k] = v
			}
			code, out, errOut := talkbot(t, env, tt.args...)
			if code != tt.code || errOut != tt.stderr || !strings.Contains(out, tt.stdout) {
				t.Errorf("exit %d (want %d), stdout %q\nstderr %q\nwant   %q", code, tt.code, out, errOut, tt.stderr)
			}
			if strings.Contains(out+errOut, "TOPSECRET") || strings.Contains(out+errOut, "0123456789") {
				t.Error("the key was shown")
			}
		})
	}
}

// TestAskFallbackSaidOnce: an answer that fell back to quoting the
// articles says why once, in the answer (or --json's "reason"), not also
// in a warning on stderr.
func TestAskFallbackSaidOnce(t *testing.T) {
	const q = "Where did US and Russian officials meet on February 18?"
	tests := []struct {
		name   string
		reply  openaitest.Reply
		json   bool
		reason string
	}{
		{"server failing", openaitest.ServerError(503), false, "the language model server is failing — HTTP 503"},
		{"server failing, --json", openaitest.ServerError(503), true, "the language model server is failing — HTTP 503"},
		{"reply citing nothing", openaitest.Text("They met somewhere."), false, "the model's reply held no sentence citing a passage it was given"},
		{"reply citing nothing, --json", openaitest.Text("They met somewhere."), true, "the model's reply held no sentence citing a passage it was given"},
		// User test: a reply whose every cited sentence was unsupported
		// was said to cite nothing.
		{"reply citing what no passage says", openaitest.Text("Elvis Presley attended the meeting [1]. Bananas are yellow [2]."), false,
			"the sentences the model cited were not supported by the passages they cite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t)
			s.QueueChat(tt.reply)
			args := []string{"ask", q}
			if tt.json {
				args = []string{"ask", "--json", q}
			}
			code, out, errOut := talkbot(t, llmEnv(s), args...)
			if code != 0 || errOut != "" {
				t.Errorf("exit %d, stderr %q; want 0 and nothing", code, errOut)
			}
			if n := strings.Count(out, tt.reason); n != 1 {
				t.Errorf("the reason is in the output %d times, want once:\n%s", n, out)
			}
		})
	}
}
