package retrieval_test

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"log/slog"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/seeds"
)

// embedFunc adapts a function to retrieval.Embedder.
type embedFunc func(ctx context.Context, texts []string) ([][]float32, error)

func (f embedFunc) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	return f(ctx, texts)
}

// topicEmbedder points every text containing marker one way and the others
// another, tilted by their length so that no two passages tie: the dense
// ranking is then known to the test without the index's tie-breaks.
func topicEmbedder(marker string) embedFunc {
	return func(_ context.Context, texts []string) ([][]float32, error) {
		out := make([][]float32, len(texts))
		for i, t := range texts {
			x := float32(0.05)
			if strings.Contains(t, marker) {
				x = 3
			}
			out[i] = []float32{x, 1 + float32(len(t))/100}
		}
		return out, nil
	}
}

func seedIndex(t *testing.T) *retrieval.Index {
	t.Helper()
	c, err := retrieval.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	return retrieval.NewIndex(c, retrieval.DefaultParams())
}

func ids(rs []retrieval.Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Passage.ID)
	}
	return out
}

// rrf is the test's own reciprocal rank fusion of BM25 and cosine
// similarity, to check Hybrid against.
func rrf(t *testing.T, ix *retrieval.Index, emb embedFunc, query []float32, q string, k int) []string {
	t.Helper()
	fused := map[string]float64{}
	for i, r := range ix.Search(q, 100) {
		fused[r.Passage.ID] += 1 / float64(retrieval.RRFK+i+1)
	}
	type scored struct {
		id  string
		cos float64
	}
	var dense []scored
	for _, a := range ix.Corpus().Articles {
		for _, p := range a.Passages {
			v, _ := emb(context.Background(), []string{retrieval.PassageText(a, p)})
			var dot, n1, n2 float64
			for i := range v[0] {
				dot += float64(v[0][i]) * float64(query[i])
				n1 += float64(v[0][i]) * float64(v[0][i])
				n2 += float64(query[i]) * float64(query[i])
			}
			dense = append(dense, scored{p.ID, dot / math.Sqrt(n1*n2)})
		}
	}
	slices.SortFunc(dense, func(a, b scored) int { return cmp.Compare(b.cos, a.cos) })
	for i, d := range dense {
		fused[d.id] += 1 / float64(retrieval.RRFK+i+1)
	}
	var all []string
	for id := range fused {
		all = append(all, id)
	}
	slices.SortFunc(all, func(a, b string) int { return cmp.Compare(fused[b], fused[a]) })
	return all[:k]
}

func TestHybridFusesByReciprocalRank(t *testing.T) {
	ix := seedIndex(t)
	// The passage on the early stage of preparations shares no word with
	// the question (only its headline does): BM25 ranks it low, the dense
	// ranking first.
	const q = "How far along are preparations for the summit?"
	const want = "000_455d42bae2579fa5.txt#5"
	emb := topicEmbedder("early stage")
	qv := []float32{1, 0}
	query := embedFunc(func(context.Context, []string) ([][]float32, error) { return [][]float32{qv}, nil })
	h, err := retrieval.NewHybrid(context.Background(), ix, emb, retrieval.HybridOptions{Queries: query})
	if err != nil {
		t.Fatal(err)
	}
	res, err := h.Search(context.Background(), q, 5)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(res), rrf(t, ix, emb, qv, q, 5); !slices.Equal(got, want) {
		t.Errorf("hybrid top 5 = %v, want %v", got, want)
	}
	rank := func(rs []retrieval.Result) int {
		for _, r := range rs {
			if r.Passage.ID == want {
				return r.Rank
			}
		}
		return 1 << 30
	}
	lexical := rank(ix.Search(q, 100))
	if hybrid := rank(res); hybrid >= lexical {
		t.Errorf("%s: hybrid rank %d, BM25 rank %d; the dense ranking should lift it", want, hybrid, lexical)
	}
	for i := 1; i < len(res); i++ {
		if res[i].Score > res[i-1].Score || res[i].Rank != i+1 {
			t.Errorf("results out of order: %v", ids(res))
		}
	}
}

func TestHybridFallsBackToBM25(t *testing.T) {
	ix := seedIndex(t)
	var logs bytes.Buffer
	failing := embedFunc(func(context.Context, []string) ([][]float32, error) {
		return nil, errors.New("503 service unavailable")
	})
	h, err := retrieval.NewHybrid(context.Background(), ix, topicEmbedder("Saudi"), retrieval.HybridOptions{
		Queries: failing, Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	const q = "Where did the US and Russian officials meet?"
	res, err := h.Search(context.Background(), q, 4)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(res), ids(ix.Search(q, 4)); !slices.Equal(got, want) {
		t.Errorf("fallback = %v, want the BM25 ranking %v", got, want)
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "falling back to BM25") ||
		!strings.Contains(logs.String(), "503 service unavailable") {
		t.Errorf("no warning naming the cause: %q", logs.String())
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cancelled := embedFunc(func(ctx context.Context, _ []string) ([][]float32, error) { return nil, ctx.Err() })
	h2, err := retrieval.NewHybrid(context.Background(), ix, topicEmbedder("x"), retrieval.HybridOptions{Queries: cancelled})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h2.Search(ctx, q, 4); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled search: err = %v, want context.Canceled", err)
	}
}

func TestNewHybridRejectsBadVectors(t *testing.T) {
	ix := seedIndex(t)
	tests := []struct {
		name string
		emb  embedFunc
		want string
	}{
		{"API error", func(context.Context, []string) ([][]float32, error) { return nil, errors.New("boom") }, "embed passages: boom"},
		{"too few", func(_ context.Context, texts []string) ([][]float32, error) {
			return make([][]float32, len(texts)-1), nil
		}, "vectors for"},
		{"ragged", func(_ context.Context, texts []string) ([][]float32, error) {
			out := make([][]float32, len(texts))
			for i := range out {
				out[i] = make([]float32, 2+i%2)
			}
			return out, nil
		}, "dimensions"},
		{"empty", func(_ context.Context, texts []string) ([][]float32, error) {
			return make([][]float32, len(texts)), nil
		}, "dimensions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := retrieval.NewHybrid(context.Background(), ix, tt.emb, retrieval.HybridOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
