package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/talkbot/talkbot/bot/embeddings"
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
	return c, embeddings.OpenCache(dir, cfg.Model, c, a.logger), nil
}
