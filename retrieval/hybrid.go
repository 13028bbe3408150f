package retrieval

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
)

// Embedder turns texts into vectors, one per text, in order. The caller
// supplies it (an embeddings API, a local model); retrieval only ranks.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// RRFK is the constant of reciprocal rank fusion, 60 as in Cormack et al.
// (2009): a document's fused score is the sum over rankings of 1/(RRFK+rank).
const RRFK = 60

// hybridDepth is how many candidates each ranking contributes to the fusion.
const hybridDepth = 100

// Hybrid searches an index both lexically (BM25) and by embedding
// similarity, and fuses the two rankings by reciprocal rank fusion. It is
// safe for concurrent searches.
type Hybrid struct {
	index  *Index
	embed  Embedder
	vecs   []float32 // passage vectors, unit length, Len()*dim
	dim    int
	logger *slog.Logger
}

// PassageText is what is embedded for a passage: its article's headline,
// which gives a short passage its context, then its text.
func PassageText(a *Article, p Passage) string {
	if a.Headline == "" {
		return p.Text
	}
	return a.Headline + "\n" + p.Text
}

// HybridOptions are the optional settings of NewHybrid.
type HybridOptions struct {
	// Queries embeds queries; nil uses the passage embedder. Passages
	// usually go through an on-disk cache, which questions should not.
	Queries Embedder
	// Logger gets a warning whenever a query cannot be embedded and a
	// search falls back to BM25; nil discards.
	Logger *slog.Logger
}

// NewHybrid embeds every passage of ix with passages (see PassageText). It
// fails when that does, so the caller can fall back to ix alone.
func NewHybrid(ctx context.Context, ix *Index, passages Embedder, opts HybridOptions) (*Hybrid, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	e := opts.Queries
	if e == nil {
		e = passages
	}
	texts := make([]string, 0, ix.Len())
	for _, a := range ix.corpus.Articles {
		for _, p := range a.Passages {
			texts = append(texts, PassageText(a, p))
		}
	}
	vecs, err := passages.Embed(ctx, texts)
	if err != nil {
		return nil, fmt.Errorf("embed passages: %w", err)
	}
	if len(vecs) != len(texts) {
		return nil, fmt.Errorf("embed passages: got %d vectors for %d passages", len(vecs), len(texts))
	}
	h := &Hybrid{index: ix, embed: e, logger: logger}
	for i, v := range vecs {
		if i == 0 {
			h.dim = len(v)
			h.vecs = make([]float32, 0, len(vecs)*h.dim)
		}
		if len(v) != h.dim || h.dim == 0 {
			return nil, fmt.Errorf("embed passages: vector %d has %d dimensions, want %d", i, len(v), h.dim)
		}
		h.vecs = append(h.vecs, unit(v)...)
	}
	return h, nil
}

// Index returns the lexical index.
func (h *Hybrid) Index() *Index { return h.index }

// ErrEmbedQuery wraps the failure to embed a query; Search then returns the
// BM25 results with it.
var ErrEmbedQuery = errors.New("cannot embed the query")

// Search returns the k best passages by the fused ranking. When the query
// cannot be embedded it logs a warning and returns the BM25 ranking, so an
// API outage costs quality, not answers; the error is nil unless ctx ended.
func (h *Hybrid) Search(ctx context.Context, query string, k int) ([]Result, error) {
	if k <= 0 || h.index.Len() == 0 {
		return nil, nil
	}
	lexical := h.index.Search(query, max(k, hybridDepth))
	qv, err := h.embed.Embed(ctx, []string{query})
	if err == nil && (len(qv) != 1 || len(qv[0]) != h.dim) {
		err = fmt.Errorf("got a vector of the wrong shape")
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		h.logger.Warn("hybrid search: falling back to BM25", "err", fmt.Errorf("%w: %w", ErrEmbedQuery, err))
		if len(lexical) > k {
			lexical = lexical[:k]
		}
		return lexical, nil
	}
	dense := h.dense(unit(qv[0]), max(k, hybridDepth))

	fused := map[uint32]float32{}
	for i, r := range lexical {
		fused[r.doc] += 1 / float32(RRFK+i+1)
	}
	for i, x := range dense {
		fused[x.doc] += 1 / float32(RRFK+i+1)
	}
	top := &topK{ix: h.index, k: k}
	for d, s := range fused {
		top.offer(hit{d, s})
	}
	return h.index.results(top.sorted()), nil
}

// dense ranks passages by cosine similarity to the unit query vector q,
// exhaustively: exact, and fast enough at the sizes a chat bot serves.
func (h *Hybrid) dense(q []float32, k int) []hit {
	top := &topK{ix: h.index, k: k}
	for d := 0; d < h.index.Len(); d++ {
		v := h.vecs[d*h.dim : (d+1)*h.dim]
		var s float32
		for i, x := range q {
			s += x * v[i]
		}
		// Shifted to be positive: the top-k skips scores below the kth,
		// and a hit of 0 must still rank.
		top.offer(hit{uint32(d), s + 2})
	}
	return top.sorted()
}

// unit returns v scaled to length 1 (a zero vector stays zero).
func unit(v []float32) []float32 {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	out := make([]float32, len(v))
	if n == 0 {
		return out
	}
	inv := float32(1 / math.Sqrt(n))
	for i, x := range v {
		out[i] = x * inv
	}
	return out
}
