package embeddings_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/bot/embeddings"
	"github.com/talkbot/talkbot/bot/openaiapi"
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
		Endpoint: openaiapi.Endpoint{APIKey: "sk-test-secret-key-123456", BaseURL: srv.BaseURL()}, Model: model,
		Retry: openaiapi.Retry{Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }},
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
				if (*waits)[i] > openaiapi.DefaultMaxDelay {
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

	first, err := embeddings.OpenCache(dir, c.CacheKey(), c, logger).Embed(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(embeddingCalls(srv)); n != 1 {
		t.Fatalf("first run: %d requests, want 1", n)
	}

	// A restart with the same texts: no API call, the same vectors.
	again, err := embeddings.OpenCache(dir, c.CacheKey(), c, logger).Embed(ctx, texts)
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
	if _, err := embeddings.OpenCache(dir, c.CacheKey(), c, logger).Embed(ctx, changed); err != nil {
		t.Fatal(err)
	}
	if calls := embeddingCalls(srv); len(calls) != 2 || !slices.Equal(calls[1], []string{"another passage, edited"}) {
		t.Errorf("after an edit: requests %v, want one more with the edited passage only", calls)
	}

	// Another model does not reuse these vectors.
	other := embeddings.OpenCache(dir, embeddings.CacheKey{Model: "other-model", BaseURL: srv.BaseURL()}, c, logger)
	if other.Len() != 0 {
		t.Errorf("other model's cache holds %d vectors", other.Len())
	}
	if logs.Len() != 0 {
		t.Errorf("unexpected warnings: %s", logs.String())
	}
}

// TestCacheKeyedByDimensions: switching OPENAI_EMBEDDING_DIMENSIONS back and
// forth keeps each size's vectors instead of dropping the cache each time.
func TestCacheKeyedByDimensions(t *testing.T) {
	srv := openaitest.NewServer(t)
	dir := t.TempDir()
	ctx := context.Background()
	texts := []string{"one passage", "another passage"}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	paths := map[string]bool{}
	for i, dims := range []int{32, 16, 32, 16, 0} {
		c, _ := client(t, srv, func(cfg *embeddings.Config) { cfg.Dimensions = dims })
		cache := embeddings.OpenCache(dir, c.CacheKey(), c, logger)
		paths[cache.Path()] = true
		vecs, err := cache.Embed(ctx, texts)
		if err != nil {
			t.Fatal(err)
		}
		want := dims
		if want == 0 {
			want = openaitest.DefaultDim
		}
		if len(vecs[0]) != want {
			t.Errorf("run %d (dimensions %d): vectors of %d", i, dims, len(vecs[0]))
		}
	}
	// 32, 16 and the model's own are embedded once each; the repeats hit.
	if n := len(embeddingCalls(srv)); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	if len(paths) != 3 {
		t.Errorf("%d cache files, want 3: %v", len(paths), paths)
	}
	if logs.Len() != 0 {
		t.Errorf("unexpected warnings: %s", logs.String())
	}
}

// TestCacheKeyedByProvider: two providers serving the same model name, and
// model names that sanitise alike, never share a file or vectors.
func TestCacheKeyedByProvider(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	texts := []string{"one passage"}
	srvA, srvB := openaitest.NewServer(t), openaitest.NewServer(t)
	a, _ := client(t, srvA, nil)
	b, _ := client(t, srvB, nil)
	cacheA := embeddings.OpenCache(dir, a.CacheKey(), a, nil)
	if _, err := cacheA.Embed(ctx, texts); err != nil {
		t.Fatal(err)
	}
	cacheB := embeddings.OpenCache(dir, b.CacheKey(), b, nil)
	if cacheB.Path() == cacheA.Path() || cacheB.Len() != 0 {
		t.Errorf("provider B opens %s holding %d vectors; provider A's file is %s", cacheB.Path(), cacheB.Len(), cacheA.Path())
	}
	if _, err := cacheB.Embed(ctx, texts); err != nil {
		t.Fatal(err)
	}
	if len(embeddingCalls(srvB)) != 1 {
		t.Error("provider B was served provider A's vectors")
	}
	// A trailing slash is the same provider.
	slash := embeddings.CacheKey{Model: model, BaseURL: srvA.BaseURL() + "/"}
	if p := embeddings.OpenCache(dir, slash, a, nil).Path(); p != cacheA.Path() {
		t.Errorf("trailing slash: %s, want %s", p, cacheA.Path())
	}

	// "a/b" and "a_b" sanitise to the same name but are different models.
	slashed := embeddings.OpenCache(dir, embeddings.CacheKey{Model: "org/emb", BaseURL: srvA.BaseURL()}, a, nil)
	if _, err := slashed.Embed(ctx, texts); err != nil {
		t.Fatal(err)
	}
	under := embeddings.OpenCache(dir, embeddings.CacheKey{Model: "org_emb", BaseURL: srvA.BaseURL()}, a, nil)
	if under.Path() == slashed.Path() || under.Len() != 0 {
		t.Errorf("org_emb opens %s holding %d vectors; org/emb's file is %s", under.Path(), under.Len(), slashed.Path())
	}
	for _, p := range []string{cacheA.Path(), slashed.Path()} {
		if b, err := os.ReadFile(p); err != nil || bytes.Contains(b, []byte(srvA.URL)) {
			t.Errorf("%s holds the base URL in clear (err %v)", p, err)
		}
	}
}

// TestMixedDimensionsRejected: a response whose vectors differ in size is an
// error that says so, and nothing of it is cached.
func TestMixedDimensionsRejected(t *testing.T) {
	srv := openaitest.NewServer(t)
	c, _ := client(t, srv, func(cfg *embeddings.Config) { cfg.Retry.MaxRetries = -1 })
	srv.QueueEmbeddings(openaitest.Reply{Dimensions: []int{64, 32, 64}})
	cache := embeddings.OpenCache(t.TempDir(), c.CacheKey(), c, nil)
	_, err := cache.Embed(context.Background(), []string{"a", "b", "c"})
	if !errors.Is(err, embeddings.ErrMixedDimensions) {
		t.Fatalf("err = %v, want ErrMixedDimensions", err)
	}
	if !strings.Contains(err.Error(), "vector 1 has 32") {
		t.Errorf("err = %q does not say which vector", err)
	}
	if cache.Len() != 0 {
		t.Errorf("%d vectors cached from a bad response", cache.Len())
	}
	if _, err := os.Stat(cache.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a cache file was written: %v", err)
	}

	// Batches that each agree but differ from one another are rejected too.
	c2, _ := client(t, srv, func(cfg *embeddings.Config) { cfg.BatchSize = 2; cfg.Retry.MaxRetries = -1 })
	srv.QueueEmbeddings(openaitest.Reply{}, openaitest.Reply{Dimensions: []int{32}})
	if _, err := c2.Embed(context.Background(), []string{"a", "b", "c"}); !errors.Is(err, embeddings.ErrMixedDimensions) {
		t.Errorf("across batches: err = %v, want ErrMixedDimensions", err)
	}
}

// TestCacheDimensionChangeReembedsHits: when the provider changes a model's
// size under the same key, vectors looked up from the cache are embedded
// again rather than returned beside the new ones.
func TestCacheDimensionChangeReembedsHits(t *testing.T) {
	srv := openaitest.NewServer(t)
	c, _ := client(t, srv, nil)
	dir := t.TempDir()
	ctx := context.Background()
	if _, err := embeddings.OpenCache(dir, c.CacheKey(), c, nil).Embed(ctx, []string{"old"}); err != nil {
		t.Fatal(err)
	}
	srv.SetDim(16)
	vecs, err := embeddings.OpenCache(dir, c.CacheKey(), c, nil).Embed(ctx, []string{"old", "new"})
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs[0]) != 16 || len(vecs[1]) != 16 {
		t.Errorf("dimensions %d and %d, want 16 and 16", len(vecs[0]), len(vecs[1]))
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
			cache := embeddings.OpenCache(dir, c.CacheKey(), c, nil)
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
			rebuilt := embeddings.OpenCache(dir, c.CacheKey(), c, slog.New(slog.NewTextHandler(&logs, nil)))
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
			embeddings.OpenCache(dir, c.CacheKey(), c, slog.New(slog.NewTextHandler(&quiet, nil)))
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
	c, _ := client(t, srv, func(c *embeddings.Config) { c.Retry.MaxRetries = -1 })
	corpus, err := retrieval.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	ix := retrieval.NewIndex(corpus, retrieval.DefaultParams())
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	ctx := context.Background()
	h, err := retrieval.NewHybrid(ctx, ix, embeddings.OpenCache(t.TempDir(), c.CacheKey(), c, logger), retrieval.HybridOptions{Queries: c, Logger: logger})
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

// TestClientHonoursRetryAfter checks that the wait before a retry is the
// server's Retry-After when it sends one, and backoff otherwise.
func TestClientHonoursRetryAfter(t *testing.T) {
	slow := openaitest.ServerError(503)
	slow.Header = http.Header{"Retry-After-Ms": {"250"}}
	dated := openaitest.ServerError(503)
	dated.Header = http.Header{"Retry-After": {time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)}}
	tests := []struct {
		name    string
		replies []openaitest.Reply
		lo, hi  []time.Duration // bounds of each recorded wait
	}{
		{"429 with Retry-After in seconds", []openaitest.Reply{openaitest.RateLimited("2")},
			[]time.Duration{2 * time.Second}, []time.Duration{2 * time.Second}},
		{"longer than the backoff cap", []openaitest.Reply{openaitest.RateLimited("20")},
			[]time.Duration{20 * time.Second}, []time.Duration{20 * time.Second}},
		{"503 with retry-after-ms", []openaitest.Reply{slow},
			[]time.Duration{250 * time.Millisecond}, []time.Duration{250 * time.Millisecond}},
		{"HTTP date", []openaitest.Reply{dated},
			[]time.Duration{time.Hour - time.Minute}, []time.Duration{time.Hour}},
		{"each retry its own header", []openaitest.Reply{openaitest.RateLimited("1"), openaitest.RateLimited(""), openaitest.RateLimited("3")},
			[]time.Duration{time.Second, openaiapi.DefaultBaseDelay, 3 * time.Second},
			[]time.Duration{time.Second, 2 * openaiapi.DefaultBaseDelay, 3 * time.Second}},
		{"no header: backoff", []openaitest.Reply{openaitest.RateLimited("")},
			[]time.Duration{openaiapi.DefaultBaseDelay / 2}, []time.Duration{openaiapi.DefaultBaseDelay}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.NewServer(t)
			srv.QueueEmbeddings(tt.replies...)
			c, waits := client(t, srv, nil)
			if _, err := c.Embed(context.Background(), []string{"a text"}); err != nil {
				t.Fatal(err)
			}
			if n := len(embeddingCalls(srv)); n != len(tt.replies)+1 {
				t.Errorf("%d requests, want %d", n, len(tt.replies)+1)
			}
			if len(*waits) != len(tt.lo) {
				t.Fatalf("waits %v, want %d", *waits, len(tt.lo))
			}
			for i, d := range *waits {
				if d < tt.lo[i] || d > tt.hi[i] {
					t.Errorf("wait %d = %v, want %v..%v", i+1, d, tt.lo[i], tt.hi[i])
				}
			}
		})
	}
}

// TestClientRetryAfterPastDeadline checks that a Retry-After the caller's
// deadline cannot wait for ends the call at once with the API's error,
// rather than a sleep that ends in a timeout.
func TestClientRetryAfterPastDeadline(t *testing.T) {
	srv := openaitest.NewServer(t)
	srv.QueueEmbeddings(openaitest.RateLimited("60"))
	c, waits := client(t, srv, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := c.Embed(ctx, []string{"a text"})
	var ae *embeddings.APIError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "no time left to retry") {
		t.Errorf("err = %v, want an *APIError saying there is no time to retry", err)
	}
	if len(*waits) != 0 || len(embeddingCalls(srv)) != 1 {
		t.Errorf("waits %v, %d requests; want none and 1", *waits, len(embeddingCalls(srv)))
	}
}

// TestClientQuotaNotRetried: a used-up quota is a 429 that waiting does not
// fix.
func TestClientQuotaNotRetried(t *testing.T) {
	srv := openaitest.NewServer(t)
	srv.QueueEmbeddings(openaitest.Error(429, "insufficient_quota", "insufficient_quota", "You exceeded your current quota"))
	c, waits := client(t, srv, nil)
	if _, err := c.Embed(context.Background(), []string{"a text"}); err == nil || !strings.Contains(err.Error(), "quota") {
		t.Errorf("err = %v, want the quota error", err)
	}
	if len(*waits) != 0 || len(embeddingCalls(srv)) != 1 {
		t.Errorf("waits %v, %d requests; want none and 1", *waits, len(embeddingCalls(srv)))
	}
}

const azureKey = "sk-test-SECRET-0123456789abcdef"

// leaksAzureKey reports whether s holds the key, a part of it, or the
// masked form OpenAI's 401 echoes.
func leaksAzureKey(s string) bool {
	return strings.Contains(s, "SECRET") || strings.Contains(s, "9abcdef") || strings.Contains(s, "*****cdef")
}

// TestClientAzure configures the client from the environment as the bot
// does and checks that requests take Azure's deployment route, version and
// key header.
func TestClientAzure(t *testing.T) {
	tests := []struct {
		name       string
		version    string // OPENAI_API_VERSION
		deployment string
		wantQuery  string
	}{
		{"default version", "", "my-embedding", "api-version=" + openaiapi.DefaultAzureAPIVersion},
		{"version set, dotted deployment kept", "2024-06-01", "emb-3.5.small", "api-version=2024-06-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.NewServer(t)
			srv.RequireKey(azureKey)
			env := map[string]string{
				"OPENAI_API_TYPE": "azure", "OPENAI_BASE_URL": srv.URL + "/", "OPENAI_API_KEY": azureKey,
				"OPENAI_API_VERSION": tt.version, "OPENAI_EMBEDDING_MODEL": tt.deployment, "OPENAI_EMBEDDING_DIMENSIONS": "32",
			}
			cfg, ok, err := embeddings.ConfigFromEnv(func(k string) string { return env[k] })
			if !ok || err != nil {
				t.Fatalf("ConfigFromEnv: %v %v", ok, err)
			}
			if s := fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg); leaksAzureKey(s) || !strings.Contains(s, "api_type=azure") {
				t.Errorf("config formatting: %s", s)
			}
			var logs bytes.Buffer
			slog.New(slog.NewTextHandler(&logs, nil)).Info("embeddings", "config", cfg)
			if leaksAzureKey(logs.String()) || !strings.Contains(logs.String(), "config.api_type=azure") {
				t.Errorf("config logged as: %s", logs.String())
			}
			c, err := embeddings.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			vecs, err := c.Embed(context.Background(), []string{"ceasefire talks", "minerals deal"})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(vecs[1], openaitest.Embed("minerals deal", 32)) {
				t.Errorf("vector 1 = %v, want the server's for its text", vecs[1])
			}
			reqs := srv.Requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Deployment != tt.deployment || r.Query != tt.wantQuery || r.Header.Get("api-key") != azureKey ||
				r.Header.Get("Authorization") != "" {
				t.Errorf("request %s?%s deployment %q, api-key %q, authorization %q", r.Path, r.Query, r.Deployment,
					r.Header.Get("api-key"), r.Header.Get("Authorization"))
			}
		})
	}
}

// TestClientAzureErrors: on Azure too, a rejected key is not retried and
// the error names no key; a Retry-After is honoured.
func TestClientAzureErrors(t *testing.T) {
	newAzure := func(t *testing.T, srv *openaitest.Server) (*embeddings.Client, *[]time.Duration) {
		return client(t, srv, func(c *embeddings.Config) {
			c.APIType, c.BaseURL, c.APIKey, c.Model = openaiapi.APITypeAzure, srv.URL, azureKey, "my-embedding"
		})
	}
	t.Run("wrong key", func(t *testing.T) {
		srv := openaitest.NewServer(t)
		srv.RequireKey("sk-another-key-altogether")
		c, waits := newAzure(t, srv)
		_, err := c.Embed(context.Background(), []string{"a text"})
		if err == nil || leaksAzureKey(err.Error()) || !strings.Contains(err.Error(), "401") {
			t.Errorf("err = %v, want a 401 without the key", err)
		}
		var logs bytes.Buffer
		slog.New(slog.NewTextHandler(&logs, nil)).Warn("embedding failed", "err", err)
		if leaksAzureKey(logs.String()) {
			t.Errorf("the log line leaks the key: %s", logs.String())
		}
		if len(*waits) != 0 || len(srv.Requests()) != 1 {
			t.Errorf("a rejected key was retried: waits %v, %d requests", *waits, len(srv.Requests()))
		}
	})
	t.Run("rate limited", func(t *testing.T) {
		srv := openaitest.NewServer(t)
		srv.QueueEmbeddings(openaitest.RateLimited("4"))
		c, waits := newAzure(t, srv)
		if _, err := c.Embed(context.Background(), []string{"a text"}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(*waits, []time.Duration{4 * time.Second}) {
			t.Errorf("waits %v, want [4s]", *waits)
		}
		for _, r := range srv.Requests() {
			if r.Deployment != "my-embedding" {
				t.Errorf("request to %s, want the deployment's route", r.Path)
			}
		}
	})
}

func TestConfigFromEnvAzure(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		err  string // the variable the error must name
	}{
		{"azure without base URL", map[string]string{"OPENAI_API_TYPE": "azure", "OPENAI_API_KEY": "k"}, "OPENAI_BASE_URL"},
		{"azure without key", map[string]string{"OPENAI_API_TYPE": "azure", "OPENAI_BASE_URL": "https://r.openai.azure.com"}, "OPENAI_API_KEY"},
		{"unknown type", map[string]string{"OPENAI_API_TYPE": "anthropic"}, "OPENAI_API_TYPE"},
		{"bad base URL", map[string]string{"OPENAI_BASE_URL": "localhost:8080"}, "OPENAI_BASE_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.env["OPENAI_EMBEDDING_MODEL"] = "m"
			_, ok, err := embeddings.ConfigFromEnv(func(k string) string { return tt.env[k] })
			if ok || err == nil || !strings.HasPrefix(err.Error(), tt.err+": ") {
				t.Errorf("ok=%v err=%v, want an error naming %s", ok, err, tt.err)
			}
			delete(tt.env, "OPENAI_EMBEDDING_MODEL")
			if _, ok, err := embeddings.ConfigFromEnv(func(k string) string { return tt.env[k] }); ok || err != nil {
				t.Errorf("without a model: ok=%v err=%v, want embeddings off and no error", ok, err)
			}
		})
	}
}
