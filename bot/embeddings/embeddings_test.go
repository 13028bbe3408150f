package embeddings_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/bot/embeddings"
	"github.com/talkbot/talkbot/bot/openaitest"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/seeds"
)

const model = "test-embedding"

// client returns a client of srv whose backoff waits are recorded, not slept.
func client(t *testing.T, srv *openaitest.Server, mod func(*embeddings.Config)) (*embeddings.Client, *[]time.Duration) {
	t.Helper()
	var waits []time.Duration
	cfg := embeddings.Config{
		Model: model, APIKey: "sk-test-secret-key-123456", BaseURL: srv.BaseURL(),
		Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil },
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := embeddings.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, &waits
}

func embeddingCalls(srv *openaitest.Server) [][]string {
	var out [][]string
	for _, r := range srv.Requests() {
		if r.Embedding != nil {
			out = append(out, r.Embedding.Input)
		}
	}
	return out
}

func TestClientBatchesInOrder(t *testing.T) {
	srv := openaitest.NewServer(t)
	c, _ := client(t, srv, func(c *embeddings.Config) { c.BatchSize = 2 })
	texts := []string{"ceasefire talks", "minerals deal", "Riyadh meeting", "", "summit"}
	vecs, err := c.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	calls := embeddingCalls(srv)
	if len(calls) != 3 || len(calls[0]) != 2 || len(calls[2]) != 1 {
		t.Errorf("requests = %v, want batches of 2, 2 and 1", calls)
	}
	if calls[1][1] != " " {
		t.Errorf("empty text sent as %q, want a single space (the API rejects empty input)", calls[1][1])
	}
	for i, tx := range texts {
		if want := openaitest.Embed(tx, openaitest.DefaultDim); !slices.Equal(vecs[i], want) && tx != "" {
			t.Errorf("vector %d does not belong to %q", i, tx)
		}
	}
	if r := srv.Requests()[0]; r.Embedding.Model != model || r.Header.Get("Authorization") != "Bearer sk-test-secret-key-123456" {
		t.Errorf("request model %q, auth %q", r.Embedding.Model, r.Header.Get("Authorization"))
	}
}

func TestClientRetries(t *testing.T) {
	tests := []struct {
		name     string
		replies  []openaitest.Reply
		wantErr  string
		requests int
	}{
		{"rate limit then server error then success", []openaitest.Reply{openaitest.RateLimited("1"), openaitest.ServerError(502)}, "", 3},
		{"gives up after the retries", []openaitest.Reply{openaitest.ServerError(500), openaitest.ServerError(500), openaitest.ServerError(500), openaitest.ServerError(503)}, "embeddings API (model test-embedding)", 4},
		{"no retry on a bad key", []openaitest.Reply{openaitest.InvalidKey("sk-test-secret-key-123456")}, "Incorrect API key", 1},
		{"no retry on an unknown model", []openaitest.Reply{openaitest.ModelNotFound(model)}, "does not exist", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.NewServer(t)
			srv.QueueEmbeddings(tt.replies...)
			c, waits := client(t, srv, nil)
			_, err := c.Embed(context.Background(), []string{"a text"})
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if err != nil && (strings.Contains(err.Error(), "secret-key") || strings.Contains(err.Error(), "3456")) {
				t.Errorf("error leaks the key: %v", err)
			}
			if n := len(embeddingCalls(srv)); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
			if len(*waits) != tt.requests-1 {
				t.Errorf("waited %d times, want %d", len(*waits), tt.requests-1)
			}
			for i := 1; i < len(*waits); i++ {
				if (*waits)[i] > embeddings.DefaultMaxDelay {
					t.Errorf("wait %v over the cap", (*waits)[i])
				}
			}
		})
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if _, ok, err := embeddings.ConfigFromEnv(env(nil)); ok || err != nil {
		t.Errorf("no model: ok=%v err=%v, want off", ok, err)
	}
	c, ok, err := embeddings.ConfigFromEnv(env(map[string]string{"OPENAI_EMBEDDING_MODEL": "m", "OPENAI_API_KEY": "sk-abcdefghij", "OPENAI_EMBEDDING_DIMENSIONS": "256"}))
	if !ok || err != nil || c.Model != "m" || c.Dimensions != 256 {
		t.Errorf("got %v %v %v", c, ok, err)
	}
	if s := c.String() + c.GoString(); strings.Contains(s, "sk-abcdefghij") {
		t.Errorf("config string leaks the key: %s", s)
	}
	for k, v := range map[string]string{"OPENAI_EMBEDDING_DIMENSIONS": "-1", "OPENAI_MAX_RETRIES": "eleven"} {
		_, _, err := embeddings.ConfigFromEnv(env(map[string]string{"OPENAI_EMBEDDING_MODEL": "m", k: v}))
		if err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: err = %v, want it named", k, v, err)
		}
	}
}

func TestCache(t *testing.T) {
	srv := openaitest.NewServer(t)
	c, _ := client(t, srv, nil)
	dir := t.TempDir()
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	ctx := context.Background()
	texts := []string{"one passage", "another passage", "a third"}

	first, err := embeddings.OpenCache(dir, model, c, logger).Embed(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(embeddingCalls(srv)); n != 1 {
		t.Fatalf("first run: %d requests, want 1", n)
	}

	// A restart with the same texts: no API call, the same vectors.
	again, err := embeddings.OpenCache(dir, model, c, logger).Embed(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(embeddingCalls(srv)); n != 1 {
		t.Errorf("restart: %d requests, want still 1", n)
	}
	for i := range first {
		if !slices.Equal(first[i], again[i]) {
			t.Errorf("cached vector %d differs", i)
		}
	}

	// One passage changed: only it is embedded.
	changed := []string{"one passage", "another passage, edited", "a third"}
	if _, err := embeddings.OpenCache(dir, model, c, logger).Embed(ctx, changed); err != nil {
		t.Fatal(err)
	}
	if calls := embeddingCalls(srv); len(calls) != 2 || !slices.Equal(calls[1], []string{"another passage, edited"}) {
		t.Errorf("after an edit: requests %v, want one more with the edited passage only", calls)
	}

	// Another model does not reuse these vectors.
	other := embeddings.OpenCache(dir, "other-model", c, logger)
	if other.Len() != 0 {
		t.Errorf("other model's cache holds %d vectors", other.Len())
	}
	if logs.Len() != 0 {
		t.Errorf("unexpected warnings: %s", logs.String())
	}
}

func TestCorruptCacheIsRebuilt(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name    string
		corrupt func([]byte) []byte
	}{
		{"garbage", func([]byte) []byte { return []byte("not a cache at all") }},
		{"truncated", func(b []byte) []byte { return b[:len(b)-7] }},
		{"trailing bytes", func(b []byte) []byte { return append(b, 1, 2, 3) }},
		{"empty", func([]byte) []byte { return nil }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.NewServer(t)
			c, _ := client(t, srv, nil)
			dir := t.TempDir()
			cache := embeddings.OpenCache(dir, model, c, nil)
			if _, err := cache.Embed(ctx, []string{"x", "y"}); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(cache.Path())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(cache.Path(), tt.corrupt(b), 0o644); err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			rebuilt := embeddings.OpenCache(dir, model, c, slog.New(slog.NewTextHandler(&logs, nil)))
			if _, err := rebuilt.Embed(ctx, []string{"x", "y"}); err != nil {
				t.Fatalf("a corrupt cache must not be fatal: %v", err)
			}
			if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "rebuilding") {
				t.Errorf("no warning: %q", logs.String())
			}
			if n := len(embeddingCalls(srv)); n != 2 {
				t.Errorf("%d requests, want 2 (the rebuild embeds again)", n)
			}
			// The rewritten file is whole again.
			var quiet bytes.Buffer
			embeddings.OpenCache(dir, model, c, slog.New(slog.NewTextHandler(&quiet, nil)))
			if quiet.Len() != 0 {
				t.Errorf("rebuilt cache still unreadable: %s", quiet.String())
			}
		})
	}
}

// TestHybridOverTheAPI wires the pieces as the bot does: passages through
// the cache, queries straight to the API, and an API outage during a search
// falls back to BM25 with a warning.
func TestHybridOverTheAPI(t *testing.T) {
	srv := openaitest.NewServer(t)
	c, _ := client(t, srv, func(c *embeddings.Config) { c.MaxRetries = -1 })
	corpus, err := retrieval.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	ix := retrieval.NewIndex(corpus, retrieval.DefaultParams())
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	ctx := context.Background()
	h, err := retrieval.NewHybrid(ctx, ix, embeddings.OpenCache(t.TempDir(), model, c, logger), retrieval.HybridOptions{Queries: c, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	const q = "Does the minerals agreement include security guarantees?"
	res, err := h.Search(ctx, q, 3)
	if err != nil || len(res) != 3 {
		t.Fatalf("search: %v, %v", res, err)
	}
	if res[0].Passage.ID != "003_de8c20d388a4a3c7.txt#12" {
		t.Errorf("hybrid first = %s, want the passage on guarantees", res[0].Passage.ID)
	}
	if logs.Len() != 0 {
		t.Errorf("unexpected warnings: %s", logs.String())
	}

	srv.QueueEmbeddings(openaitest.ServerError(503))
	res, err = h.Search(ctx, q, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := ix.Search(q, 3)
	for i := range want {
		if res[i].Passage.ID != want[i].Passage.ID {
			t.Errorf("fallback result %d = %s, want BM25's %s", i, res[i].Passage.ID, want[i].Passage.ID)
		}
	}
	if !strings.Contains(logs.String(), "falling back to BM25") || strings.Contains(logs.String(), "secret-key") {
		t.Errorf("warning missing or leaking the key: %q", logs.String())
	}
}
