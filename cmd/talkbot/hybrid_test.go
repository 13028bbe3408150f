package main

import (
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot/openaitest"
)

// hybridEnv turns on hybrid retrieval against a local embeddings server,
// with a fresh cache and no retries.
func hybridEnv(t *testing.T) (*openaitest.Server, map[string]string) {
	srv := openaitest.NewServer(t)
	return srv, map[string]string{
		"OPENAI_EMBEDDING_MODEL": "test-embedding",
		"OPENAI_BASE_URL":        srv.BaseURL(),
		"EMBEDDING_CACHE_DIR":    t.TempDir(),
		"OPENAI_MAX_RETRIES":     "0",
	}
}

func TestSearchAndAskHybrid(t *testing.T) {
	srv, env := hybridEnv(t)
	inputs := func(from int) (passages, queries int) {
		for _, r := range srv.Requests()[from:] {
			if r.Embedding == nil {
				continue
			}
			if len(r.Embedding.Input) > 1 {
				passages += len(r.Embedding.Input)
			} else {
				queries++
			}
		}
		return
	}

	_, want, _ := talkbot(t, nil, "search", "-k", "2", "minerals agreement security guarantees")
	code, out, errOut := talkbot(t, env, "search", "-k", "2", "minerals agreement security guarantees")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// Fused scores are reciprocal ranks, at most 2/61 ≈ 0.0328.
	if out == want || !strings.Contains(out, "003_de8c20d388a4a3c7.txt#12 (0.03") {
		t.Errorf("hybrid search:\n%s", out)
	}
	if p, q := inputs(0); p != 28 || q != 1 {
		t.Errorf("first run embedded %d passages and %d queries, want 28 and 1", p, q)
	}

	// The second process finds the passages in the cache: only the
	// question goes to the API.
	// (OPENAI_BASE_URL also turns the chat model on: give it a reply.)
	n := len(srv.Requests())
	srv.QueueChat(openaitest.Text("The draft does not specify US security guarantees [1]."))
	code, _, errOut = talkbot(t, env, "ask", "Does the minerals deal include security guarantees?")
	if code != 0 || strings.Contains(errOut, "embed") || strings.Contains(errOut, "BM25") {
		t.Fatalf("ask: exit %d: %s", code, errOut)
	}
	if p, q := inputs(n); p != 0 || q != 1 {
		t.Errorf("second run embedded %d passages and %d queries, want 0 and 1", p, q)
	}

	// The API fails on the question: BM25 answers, with a warning.
	srv.QueueEmbeddings(openaitest.ServerError(500))
	code, out, errOut = talkbot(t, env, "search", "-k", "2", "minerals agreement security guarantees")
	if code != 0 || out != want || !strings.Contains(errOut, "falling back to BM25") {
		t.Errorf("exit %d, stderr %q, output\n%s\nwant BM25's\n%s", code, errOut, out, want)
	}

	// No cache and the API down: BM25 alone, one warning.
	env["EMBEDDING_CACHE_DIR"] = t.TempDir()
	srv.QueueEmbeddings(openaitest.ServerError(503))
	code, out, errOut = talkbot(t, env, "search", "-k", "2", "minerals agreement security guarantees")
	if code != 0 || out != want || !strings.HasPrefix(errOut, "talkbot: embeddings unavailable, searching by BM25 alone: ") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("exit %d, stderr %q (want one plain line), output\n%s", code, errOut, out)
	}

	env["OPENAI_EMBEDDING_DIMENSIONS"] = "many"
	code, _, errOut = talkbot(t, env, "search", "x")
	if code != 2 || !strings.Contains(errOut, "OPENAI_EMBEDDING_DIMENSIONS") {
		t.Errorf("bad setting: exit %d, %q", code, errOut)
	}
}

// TestSearchHybridAzure runs hybrid search against Azure, configured by the
// same variables as the chat model: the embedding model names the
// deployment. A rejected key falls back to BM25 without showing the key.
func TestSearchHybridAzure(t *testing.T) {
	const key = "sk-azure-SECRET-0123456789abcdef"
	srv := openaitest.NewServer(t)
	srv.RequireKey(key)
	env := map[string]string{
		"OPENAI_API_TYPE":        "azure",
		"OPENAI_BASE_URL":        srv.URL,
		"OPENAI_API_KEY":         key,
		"OPENAI_API_VERSION":     "2024-06-01",
		"OPENAI_EMBEDDING_MODEL": "talkbot-embeddings",
		"EMBEDDING_CACHE_DIR":    t.TempDir(),
		"OPENAI_MAX_RETRIES":     "0",
	}
	openaiEnv := map[string]string{
		"OPENAI_EMBEDDING_MODEL": "talkbot-embeddings",
		"OPENAI_BASE_URL":        srv.BaseURL(),
		"OPENAI_API_KEY":         key,
		"EMBEDDING_CACHE_DIR":    t.TempDir(),
		"OPENAI_MAX_RETRIES":     "0",
	}
	const q = "minerals agreement security guarantees"
	code, out, errOut := talkbot(t, env, "search", "-k", "2", q)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2 (passages, question)", len(reqs))
	}
	for _, r := range reqs {
		if r.Deployment != "talkbot-embeddings" || r.Query != "api-version=2024-06-01" || r.Header.Get("api-key") != key {
			t.Errorf("request %s?%s, api-key set %t; want Azure's deployment route", r.Path, r.Query, r.Header.Get("api-key") == key)
		}
	}
	_, want, _ := talkbot(t, openaiEnv, "search", "-k", "2", q)
	if out != want {
		t.Errorf("Azure hybrid search:\n%s\nwant as through OpenAI:\n%s", out, want)
	}

	env["OPENAI_API_KEY"] = "sk-azure-WRONG-0123456789abcdef"
	env["EMBEDDING_CACHE_DIR"] = t.TempDir()
	_, bm25, _ := talkbot(t, nil, "search", "-k", "2", q)
	code, out, errOut = talkbot(t, env, "search", "-k", "2", q)
	if code != 0 || out != bm25 || !strings.Contains(errOut, "searching by BM25 alone") {
		t.Errorf("wrong key: exit %d, stderr %q, output\n%s", code, errOut, out)
	}
	if strings.Contains(errOut, "WRONG") || strings.Contains(errOut, "9abcdef") || strings.Contains(errOut, "*****cdef") {
		t.Errorf("stderr shows the key: %s", errOut)
	}

	delete(env, "OPENAI_BASE_URL")
	code, _, errOut = talkbot(t, env, "search", "x")
	if code != 2 || !strings.Contains(errOut, "OPENAI_BASE_URL") {
		t.Errorf("Azure without a base URL: exit %d, %q", code, errOut)
	}
}
