package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot/openaitest"
)

func TestEvalGolden(t *testing.T) {
	for _, tt := range []struct {
		golden string
		args   []string
	}{
		{"eval.txt", []string{"eval", "--beir", "testdata/beir"}},
		{"eval.json", []string{"eval", "--beir", "testdata/beir", "--json"}},
		{"eval_params.txt", []string{"eval", "--beir", "testdata/beir", "--k1", "1.2", "--b", "0.4", "--title-weight", "0"}},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, errOut := talkbot(t, nil, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			golden(t, tt.golden, out)
		})
	}
}

func TestEvalJSONShape(t *testing.T) {
	_, out, _ := talkbot(t, nil, "eval", "--beir", "testdata/beir", "--json")
	var got struct {
		Documents, Queries int
		Results            []map[string]any
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Documents != 4 || got.Queries != 4 || len(got.Results) != 1 {
		t.Fatalf("got %+v", got)
	}
	for _, k := range []string{"retriever", "ndcg@10", "recall@10", "recall@100", "mrr@10", "queries"} {
		if _, ok := got.Results[0][k]; !ok {
			t.Errorf("result lacks %q: %v", k, got.Results[0])
		}
	}
}

func TestEvalErrors(t *testing.T) {
	bad := t.TempDir()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(bad, "qrels"), 0o755))
	must(os.WriteFile(filepath.Join(bad, "corpus.jsonl"), []byte("{\"_id\": \"d1\", \"text\": \"x\"}\nnot json\n"), 0o644))
	must(os.WriteFile(filepath.Join(bad, "queries.jsonl"), []byte(`{"_id": "q1", "text": "x"}`+"\n"), 0o644))
	must(os.WriteFile(filepath.Join(bad, "qrels", "test.tsv"), []byte("q1\td1\t1\n"), 0o644))
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no folder flag", []string{"eval"}, 2, "--beir DIR is required"},
		{"missing folder", []string{"eval", "--beir", "testdata/nope"}, 2, "--beir testdata/nope: no such folder"},
		{"a file, not a folder", []string{"eval", "--beir", "eval_test.go"}, 2, "not a folder"},
		{"stray argument", []string{"eval", "--beir", "testdata/beir", "extra"}, 2, `eval takes no arguments, got "extra"`},
		{"b out of range", []string{"eval", "--beir", "testdata/beir", "--b", "1.5"}, 2, "BM25 parameters out of range"},
		{"unknown flag", []string{"eval", "--bier", "x"}, 2, "flag provided but not defined"},
		{"split without qrels", []string{"eval", "--beir", "testdata/beir", "--split", "dev"}, 2, "dev.tsv: no such file"},
		{"split outside the qrels folder", []string{"eval", "--beir", "testdata/beir", "--split", "../../x"}, 2, `--split "../../x"`},
		{"malformed corpus names the line", []string{"eval", "--beir", bad}, 2, "corpus.jsonl:2: invalid character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := talkbot(t, nil, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, tt.code, tt.want)
			}
			if strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
				t.Errorf("error is not one line: %q", errOut)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
		})
	}
}

func TestEvalHybrid(t *testing.T) {
	srv := openaitest.NewServer(t)
	env := map[string]string{
		"OPENAI_EMBEDDING_MODEL": "test-embedding",
		"OPENAI_BASE_URL":        srv.BaseURL(),
		"OPENAI_API_KEY":         "sk-eval-secret-0000",
		"EMBEDDING_CACHE_DIR":    t.TempDir(),
	}
	code, out, errOut := talkbot(t, env, "eval", "--beir", "testdata/beir")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "eval_hybrid.txt", out)
	calls := len(srv.Requests())
	if calls == 0 {
		t.Fatal("no embeddings request")
	}

	// A rerun finds passages and queries in the cache.
	code, again, _ := talkbot(t, env, "eval", "--beir", "testdata/beir")
	if code != 0 || again != out {
		t.Errorf("rerun: exit %d, output differs:\n%s", code, again)
	}
	if n := len(srv.Requests()); n != calls {
		t.Errorf("rerun made %d API calls, want none", n-calls)
	}

	// With the API down and no cache, the lexical figures still come, with
	// a warning that names the cause and not the key.
	env["EMBEDDING_CACHE_DIR"] = t.TempDir()
	env["OPENAI_MAX_RETRIES"] = "0" // no backoff to sleep through
	srv.QueueEmbeddings(openaitest.ServerError(503))
	code, js, errOut := talkbot(t, env, "eval", "--beir", "testdata/beir", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got evalJSON
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Results) != 1 || got.Results[0].Retriever != "lexical" || !strings.Contains(got.HybridError, "503") {
		t.Errorf("results %+v, hybrid_error %q", got.Results, got.HybridError)
	}
	if !strings.Contains(errOut, "hybrid evaluation skipped") || strings.Contains(errOut+js, "eval-secret") {
		t.Errorf("stderr %q: want a warning without the key", errOut)
	}
}
