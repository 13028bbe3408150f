package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord"
	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/textclean"
)

// runServe runs the Discord bot until SIGINT or SIGTERM, then shuts down
// gracefully and exits 0.
func runServe(ctx context.Context, a *app, args []string) error {
	fs := a.flags("serve")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments, got %q", pos[0])
	}
	cfg, err := discord.ConfigFromEnv(a.getenv)
	if err != nil {
		return asUsage(err)
	}
	llm, err := bot.LLMConfigFromEnv(a.getenv)
	if err != nil {
		return asUsage(err)
	}
	if cfg.Topic, err = bot.TopicFromEnv(a.getenv); err != nil {
		return asUsage(err)
	}
	sc, err := scaleConfigFromEnv(a.getenv)
	if err != nil {
		return asUsage(err)
	}
	if cfg.NoGateway && sc.HTTPAddr == "" {
		return usagef("DISCORD_GATEWAY=false serves interactions over HTTP only: set TALKBOT_HTTP_ADDR (e.g. :8080)")
	}
	fc, err := feedConfigFromEnv(a.getenv)
	if err != nil {
		return asUsage(err)
	}
	ix, err := a.loadServeIndex(ctx, len(fc.feeds) > 0)
	if err != nil {
		return err
	}
	cfg.Logger = a.logger
	h, err := a.hybrid(ctx, ix)
	if err != nil {
		return err
	}
	engine := bot.New(ix, bot.Options{Logger: a.logger, LLM: llm, Hybrid: h, Topic: cfg.Topic})
	follow, err := a.prepareFollow(ctx, engine)
	if err != nil {
		return err
	}
	corpus := corpusCheck(len(ix.Corpus().Articles))
	if follow != nil {
		corpus = follow.live.readyCheck()
	}
	ops, err := newOps(ctx, a, sc, ix, corpus)
	if err != nil {
		return err
	}
	defer ops.close()
	cfg.Metrics = ops.metrics
	if ops.store != nil {
		cfg.Shared = ops.store
	}
	var tl discord.Timeline
	if follow != nil {
		tl = follow.live
		follow.live.metrics = ops.metrics
	} else {
		tl = engineTimeline(ctx, engine) // serve connects meanwhile
	}
	b, err := discord.New(cfg, engine, tl, ix.Corpus().Articles)
	if err != nil {
		return asUsage(err)
	}
	// A signal while the articles loaded ends serve here, before anything
	// listens or dials the gateway.
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := ops.listen(ctx, sc, cfg, b); err != nil {
		return err
	}
	if follow != nil {
		addCfg, err := discord.AddConfigFromEnv(a.getenv)
		if err != nil {
			return asUsage(err)
		}
		b.EnableAdd(discordAdder{follow.adder}, addCfg)
		follow.live.articles = b.SetArticles
		follow.announce = b.Announce
		stopFollow := follow.start(ctx)
		defer stopFollow()
	} else if a.getenv("DISCORD_ANNOUNCE_CHANNEL") != "" || a.getenv("DISCORD_ADD_ROLE") != "" {
		a.logger.Warn("/add and announcements need a corpus folder to add to: set CORPUS_DIR (the built-in articles are read-only)")
	}
	mode := "extractive (no LLM configured)"
	if m := engine.LLM(); m != "" {
		mode = "llm " + m
	}
	a.logger.Info("starting the Discord bot", "articles", len(ix.Corpus().Articles), "answers", mode, "hybrid_retrieval", h != nil,
		"api_url", openaiapi.RedactURL(b.APIURL()), "guild", cfg.GuildID, "gateway", !cfg.NoGateway,
		"interactions_endpoint", sc.HTTPAddr != "" && cfg.PublicKey != nil, "shared_limits", ops.store != nil)
	if cfg.NoGateway {
		return b.RunHTTP(ctx)
	}
	return b.Run(ctx)
}

// loadServeIndex loads the corpus serve starts with. With feeds and a
// corpus folder, an empty or missing folder is not an error: the folder is
// made (as add does) and serve starts without articles, answering once the
// feeds bring some (/readyz says so meanwhile). Without feeds such a folder
// stops serve with one line saying how to fill it.
func (a *app) loadServeIndex(ctx context.Context, feeds bool) (*retrieval.Index, error) {
	if err := a.checkCorpusFolder(false); err != nil {
		return nil, err
	}
	if a.corpusDir != "" && feeds {
		if err := os.MkdirAll(a.corpusDir, 0o755); err != nil {
			return nil, fmt.Errorf("%w: corpus folder %s: %w", errCorpus, a.corpusDir, err)
		}
	}
	ix, noArticle, err := a.loadCorpus(ctx)
	if err == nil || ctx.Err() != nil || a.corpusDir == "" {
		return ix, err
	}
	empty := errors.Is(err, retrieval.ErrNoArticles)
	if empty && feeds {
		c := &retrieval.Corpus{}
		if noArticle != nil {
			c.Skipped = noArticle.Skipped // warned about, and known to the reloads
		}
		if a.index, err = retrieval.NewIndexContext(ctx, c, a.indexParams()); err != nil {
			return nil, err
		}
		a.logger.Warn("no articles in the corpus folder yet: answering once the feeds bring some", "dir", a.corpusDir)
		return a.index, nil
	}
	builtIn := a.builtInHint()
	if errors.Is(err, fs.ErrNotExist) {
		return nil, reworded{fmt.Sprintf("corpus folder %s (%s) does not exist: create it and add articles with %s, set TALKBOT_FEEDS for serve to fetch them%s",
			textclean.Line(a.corpusDir), a.corpusSetting(), a.addHint(), builtIn), err}
	}
	if empty {
		return nil, fmt.Errorf("%w: add articles with %s, or set TALKBOT_FEEDS for serve to fetch them%s", err, a.addHint(), builtIn)
	}
	return nil, err
}
