package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/talkbot/talkbot/bot/embeddings"
	"github.com/talkbot/talkbot/retrieval"
)

// embedder returns the embeddings client and the on-disk cache in front of
// it when OPENAI_EMBEDDING_MODEL is set; nil, nil when it is not.
func (a *app) embedder() (*embeddings.Client, *embeddings.Cache, error) {
	cfg, ok, err := embeddings.ConfigFromEnv(a.getenv)
	if err != nil || !ok {
		return nil, nil, err
	}
	c, err := embeddings.New(cfg)
	if err != nil {
		return nil, nil, err
	}
	dir := a.getenv("EMBEDDING_CACHE_DIR")
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil, nil, fmt.Errorf("EMBEDDING_CACHE_DIR is not set and there is no user cache folder: %w", err)
		}
		dir = filepath.Join(base, "talkbot", "embeddings")
	}
	return c, embeddings.OpenCache(dir, c.CacheKey(), c, a.logger), nil
}

// hybrid returns hybrid retrieval over ix when OPENAI_EMBEDDING_MODEL is
// set, nil when it is not. Passages are embedded through the on-disk cache;
// questions go straight to the API, so they are never written to disk. When
// the passages cannot be embedded it warns and returns nil: BM25 still
// answers.
func (a *app) hybrid(ctx context.Context, ix *retrieval.Index) (*retrieval.Hybrid, error) {
	client, cache, err := a.embedder()
	if err != nil {
		return nil, asUsage(err)
	}
	if client == nil {
		return nil, nil
	}
	h, err := retrieval.NewHybrid(ctx, ix, cache, retrieval.HybridOptions{Queries: client, Logger: a.logger})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if a.serving {
			a.logger.Warn("embeddings unavailable; searching by BM25 alone", "err", err)
		} else {
			a.warn(ctx, "embeddings unavailable, searching by BM25 alone: "+withSettingHint(err).Error())
		}
		return nil, nil
	}
	return h, nil
}

// search runs a query through hybrid retrieval when configured, else BM25.
func (a *app) search(ctx context.Context, ix *retrieval.Index, query string, k int) ([]retrieval.Result, error) {
	h, err := a.hybrid(ctx, ix)
	if err != nil || h == nil {
		return ix.Search(query, k), err
	}
	return h.Search(ctx, query, k)
}
