package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord"
	"github.com/talkbot/talkbot/bot/metrics"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/envvar"
	"github.com/talkbot/talkbot/retrieval/ingest"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

// liveCorpus is the corpus serve answers from when it follows a folder: a
// change to the folder builds a new index, hybrid retrieval and timeline
// off to the side and swaps them in at once. Answers in flight finish on
// the snapshot they started with (the engine hands each question one
// snapshot). It serves /timeline through the Timeline interface the
// Discord bot declares.
type liveCorpus struct {
	a        *app
	dir      string
	engine   *bot.Engine
	tl       atomic.Pointer[pendingTimeline]
	version  atomic.Uint64              // bumped after each swap: the bot caches timelines per version
	articles func([]*retrieval.Article) // tells the bot what /sources lists; may be nil
	reloaded func(*retrieval.Index)     // tests: called after each swap; may be nil
	failed   func(error)                // tests: called after each reload that kept the corpus; may be nil
	// onAnswering, in benchmarks, marks when answers use the new corpus.
	onAnswering func()
	metrics     *metrics.Metrics // counts reloads and the corpus size; may be nil

	mu      sync.Mutex        // one reload at a time
	loader  *retrieval.Loader // parses only the files that changed
	skipped map[string]string // file → reason already warned about
	sig     string            // folderSignature as of the corpus being served
}

func newLiveCorpus(ctx context.Context, a *app, dir string, engine *bot.Engine) *liveCorpus {
	l := &liveCorpus{a: a, dir: dir, engine: engine, skipped: map[string]string{}, sig: a.loadedSig,
		loader: a.loader}
	if l.loader == nil {
		l.loader = retrieval.NewLoader(dir)
	}
	ix := engine.Index()
	for _, s := range ix.Corpus().Skipped {
		l.skipped[s.File] = s.Reason // loadIndex warned about these
	}
	l.tl.Store(engineTimeline(ctx, engine)) // serve connects meanwhile
	return l
}

// Events and Topics serve the timeline of the current corpus.
func (l *liveCorpus) Events(ctx context.Context, f timeline.Filter) ([]timeline.Event, error) {
	return l.tl.Load().Events(ctx, f)
}

func (l *liveCorpus) Topics(prefix string, limit int) []string {
	return l.tl.Load().Topics(prefix, limit)
}

// CorpusVersion changes whenever a reload swaps a new corpus in.
func (l *liveCorpus) CorpusVersion() uint64 { return l.version.Load() }

// reload loads the folder again and swaps the new corpus in. A file that
// no longer parses is skipped with one warning (once, until it changes
// reason) and the rest keep serving; a folder that cannot be read, or holds
// no article, keeps the previous corpus.
func (l *liveCorpus) reload(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	start := time.Now()
	sig := folderSignature(l.dir)
	if sig != "" && sig == l.sig {
		return nil // nothing changed since the corpus being served was loaded
	}
	c, err := l.loader.LoadContext(ctx)
	if c != nil {
		now := map[string]string{}
		for _, s := range c.Skipped {
			now[s.File] = s.Reason
			if l.skipped[s.File] != s.Reason {
				l.a.logger.Warn("skipped article file", "file", s.File, "reason", s.Reason)
			}
		}
		l.skipped = now
	}
	if err != nil {
		l.a.logger.Warn("corpus folder changed but cannot be loaded; keeping the articles loaded before", "err", err)
		l.metrics.Reload(err)
		if l.failed != nil {
			l.failed(err)
		}
		return err
	}
	ix, err := retrieval.NewIndexContext(ctx, c, l.a.indexParams()) // the term cache: only new words are stemmed
	if err != nil {
		return err
	}
	h, err := l.a.hybrid(ctx, ix) // the embedding cache keys by text: only new passages cost a call
	if err != nil {
		return err
	}
	// Answers first: the timeline takes longer to build (it reads every
	// sentence), and questions should not wait for it (but a question
	// about a day's events, which the engine reads from it).
	tl := buildTimeline(ctx, ix)
	l.engine.Swap(bot.Snapshot{Index: ix, Hybrid: h, Timeline: tl})
	if l.articles != nil {
		l.articles(c.Articles)
	}
	l.sig = sig
	answering := time.Since(start)
	if l.onAnswering != nil {
		l.onAnswering()
	}
	if err := tl.wait(ctx); err != nil {
		return err
	}
	l.tl.Store(tl)
	l.version.Add(1) // after the store, so a new version never pairs with the old timeline
	l.a.logger.Info("corpus reloaded", "articles", len(c.Articles), "skipped", len(c.Skipped),
		"answers_after", answering.Round(time.Millisecond), "timeline_after", time.Since(start).Round(time.Millisecond))
	l.metrics.Reload(nil)
	l.metrics.Corpus(corpusSize(c))
	if l.reloaded != nil {
		l.reloaded(ix)
	}
	return nil
}

// folderSignature sums up the article files of dir (names, sizes,
// modification times), taken before a load: if it still matches, the
// corpus loaded then is current. "" when the folder cannot be read.
func folderSignature(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	h := sha256.New()
	for _, e := range entries {
		if !strings.EqualFold(filepath.Ext(e.Name()), ".txt") {
			continue
		}
		st, err := os.Stat(filepath.Join(dir, e.Name())) // follows links, as loading does
		if err != nil {
			fmt.Fprintf(h, "%s\x00missing\x00", e.Name())
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00%v\x00", e.Name(), st.Size(), st.ModTime().UnixNano(), st.Mode())
	}
	return hex.EncodeToString(h.Sum(nil))
}

// follow watches the folder until ctx ends, reloading after each change,
// and once at the start: what changed between loading and watching is not
// lost (the signature makes that check free when nothing did).
func (l *liveCorpus) follow(ctx context.Context, debounce time.Duration) error {
	return ingest.Watch(ctx, l.dir, debounce, func() {
		if err := l.reload(ctx); err != nil && ctx.Err() == nil {
			l.a.logger.Debug("reload failed", "err", err)
		}
	}, func(err error) {
		if errors.Is(err, ingest.ErrFolderGone) {
			l.a.logger.Warn("the corpus folder is gone (removed or renamed): answering from the articles loaded before until a folder is back at its path",
				"dir", l.dir, "articles", len(l.engine.Index().Corpus().Articles))
			return
		}
		l.a.logger.Warn("watching the corpus folder", "err", err)
	})
}

// readyCheck is the readiness check of the corpus of a followed folder: the
// folder is there and articles are loaded from it. While the folder is gone
// the articles loaded before still answer, but the process is not ready: a
// replica whose volume lost its folder should not take new traffic.
func (l *liveCorpus) readyCheck() metrics.Check {
	return metrics.Check{Name: "corpus", Probe: func(context.Context) error {
		n := len(l.engine.Index().Corpus().Articles)
		if st, err := os.Stat(l.dir); err != nil || !st.IsDir() {
			return fmt.Errorf("corpus folder %s is gone (answering from the %d articles loaded before)", l.dir, n)
		}
		if n == 0 {
			return errors.New("no articles loaded")
		}
		return nil
	}}
}

// feedConfig is TALKBOT_FEEDS and TALKBOT_FEED_INTERVAL.
type feedConfig struct {
	feeds    []string
	interval time.Duration
}

const defaultFeedInterval = 15 * time.Minute

func feedConfigFromEnv(getenv func(string) string) (feedConfig, error) {
	c := feedConfig{interval: defaultFeedInterval}
	for _, f := range strings.Split(getenv("TALKBOT_FEEDS"), ",") {
		if f = strings.TrimSpace(f); f != "" {
			if _, err := ingest.ParseURL(f); err != nil {
				return c, fmt.Errorf("TALKBOT_FEEDS: %q: %w", f, err)
			}
			c.feeds = append(c.feeds, f)
		}
	}
	// A week at most: a longer interval is a typo for a feed that is
	// never read again.
	d, err := envvar.Duration(getenv, "TALKBOT_FEED_INTERVAL", time.Minute, 7*24*time.Hour)
	if err != nil {
		return c, err
	}
	if d > 0 {
		c.interval = d
	}
	return c, nil
}

// pollFeeds adds the items of every feed now and then every interval, until
// ctx ends. New files reach the index through the folder watch.
func (a *app) pollFeeds(ctx context.Context, adder *ingest.Adder, cfg feedConfig, added func(ingest.Result)) {
	t := time.NewTicker(cfg.interval)
	defer t.Stop()
	for {
		for _, f := range cfg.feeds {
			if ctx.Err() != nil {
				return
			}
			n := 0
			rep, err := adder.AddFeed(ctx, f, time.Time{}, func(fi ingest.FeedItem) {
				if fi.UndatedAgain { // Err is the missing date, said before
					// Warned about on an earlier poll: a warning on every
					// poll for one undated item would bury the others.
					a.logger.Info("feed item still not added: no publication date", "feed", f, "item", fi.Input)
					return
				}
				if fi.Err != nil {
					a.logger.Warn("feed item not added", "feed", f, "item", fi.Input, "reason", fi.Err)
					return
				}
				if fi.Warn != nil {
					a.logger.Warn("feed item added, with a problem", "feed", f, "item", fi.Input, "reason", fi.Warn)
				}
				if fi.PageErr != nil {
					// The item is in as its feed text (kept, when the page
					// failed again) and the page is tried on the next poll.
					a.logger.Warn("feed item's page failed; its feed text stands in until it loads", "feed", f, "item", fi.Input,
						"reason", fi.PageErr, "again", fi.Again, "file", fi.Result.File)
				}
				if fi.Result.Warn != nil {
					a.logger.Warn("feed item added, with a problem", "feed", f, "item", fi.Input, "reason", fi.Result.Warning())
				}
				if fi.Result.NearCopy > 0 {
					// Once: the next poll finds the item done.
					a.logger.Info("feed item not added: a near copy of an article already in the corpus", "feed", f, "item", fi.Input,
						"file", fi.Result.File, "similarity", fmt.Sprintf("%.2f", fi.Result.NearCopy))
				}
				if fi.Result.Status != ingest.Present {
					n++
					if added != nil {
						added(fi.Result)
					}
				}
			})
			switch {
			case errors.Is(err, context.Canceled):
				return
			case err != nil:
				var page *ingest.NotAFeedError
				if errors.As(err, &page) && len(page.Feeds) > 0 {
					err = fmt.Errorf("%w: put that in TALKBOT_FEEDS", err)
				}
				a.logger.Warn("feed not read", "feed", f, "reason", err)
			case rep.NotModified:
				a.logger.Debug("feed unchanged", "feed", f)
			default:
				a.logger.Info("feed read", "feed", f, "items", rep.Items, "added", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// following is what serve runs beside the bot when it answers from a
// folder: the folder watch and the feed poll.
type following struct {
	a     *app
	live  *liveCorpus
	adder *ingest.Adder // feeds and /add write through it
	feeds feedConfig
	// announce, when set, is told about each article a feed adds.
	announce func(context.Context, *retrieval.Article) error
}

// discordAdder lets /add write through the same Adder as the feeds.
type discordAdder struct{ ad *ingest.Adder }

func (d discordAdder) AddURL(ctx context.Context, u string) (discord.AddResult, error) {
	r, err := d.ad.AddURL(ctx, u, time.Time{})
	if errors.Is(err, ingest.ErrNoDate) {
		// /add takes no date: the command line does.
		err = fmt.Errorf("%w; add it from the command line with its date: talkbot add --date YYYY-MM-DD <url>", err)
	}
	if err != nil {
		return discord.AddResult{}, err
	}
	out := discord.AddResult{Article: r.Article, Present: r.Status == ingest.Present}
	out.Warn = r.Warning()
	if r.Status == ingest.Replaced {
		out.Replaced = r.Replaced
	}
	return out, nil
}

// prepareFollow reads the settings for following the corpus folder; nil
// when serve answers from the built-in articles (nothing to follow).
func (a *app) prepareFollow(ctx context.Context, engine *bot.Engine) (*following, error) {
	fc, err := feedConfigFromEnv(a.getenv)
	if err != nil {
		return nil, asUsage(err)
	}
	if a.corpusDir == "" {
		if len(fc.feeds) > 0 {
			return nil, usagef("TALKBOT_FEEDS needs a corpus folder to add to: set CORPUS_DIR (the built-in articles are read-only)")
		}
		return nil, nil
	}
	live := newLiveCorpus(ctx, a, a.corpusDir, engine)
	f := &following{a: a, live: live, feeds: fc}
	fetch, err := ingest.FetchConfigFromEnv(a.getenv)
	if err != nil {
		return nil, asUsage(err)
	}
	if f.adder, err = ingest.NewAdder(a.corpusDir, ingest.NewFetcher(fetch)); err != nil {
		return nil, asUsage(err)
	}
	return f, nil
}

// start runs the watch and the poll until ctx ends or the returned stop is
// called; stop waits for them.
func (f *following) start(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := f.live.follow(ctx, ingest.DefaultDebounce); err != nil {
			f.a.logger.Warn("not following the corpus folder: changes need a restart", "err", err)
		}
	}()
	if len(f.feeds.feeds) > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.a.pollFeeds(ctx, f.adder, f.feeds, func(r ingest.Result) {
				// An earlier version left in place was announced already.
				if f.announce != nil && r.Status == ingest.Added && r.Warn == nil {
					if err := f.announce(ctx, r.Article); err != nil {
						f.a.logger.Warn("announcing a new article failed", "article", r.File, "err", err)
					}
				}
			})
		}()
	}
	f.a.logger.Info("following the corpus folder", "dir", f.a.corpusDir, "feeds", len(f.feeds.feeds), "feed_interval", f.feeds.interval)
	return func() {
		cancel()
		wg.Wait()
	}
}
