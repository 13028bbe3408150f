package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/ingest"
	"github.com/talkbot/talkbot/retrieval/ingest/ingesttest"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

// syncBuffer collects output written from several goroutines (a watcher,
// a server, the command under test).
type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	written chan struct{} // signalled after a write, once waitFor made it
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.written != nil {
		select {
		case s.written <- struct{}{}:
		default:
		}
	}
	return s.b.Write(p)
}

// waitFor waits until the output holds want; the deadline only turns a hang
// into a failure.
func (s *syncBuffer) waitFor(t *testing.T, want string) {
	t.Helper()
	s.mu.Lock()
	if s.written == nil {
		s.written = make(chan struct{}, 1)
	}
	written := s.written
	s.mu.Unlock()
	deadline := time.After(30 * time.Second)
	for !strings.Contains(s.String(), want) {
		select {
		case <-written:
		case <-deadline:
			t.Fatalf("no %q within 30 s in:\n%s", want, s.String())
		}
	}
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func writeArticle(t *testing.T, dir, name, text string) {
	t.Helper()
	tmp := filepath.Join(dir, "."+name+".tmp")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Error(err)
		return
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		t.Error(err)
	}
}

func extraArticle(i, version int) string {
	return fmt.Sprintf("date 2025-03-%02d Envoys hold round %d of talks\nSOURCE: Test Wire\n\n"+
		"Envoys from the United States and Russia held round %d of their talks in Riyadh, version %d, discussing a ceasefire zeta%d.\n\n"+
		"Officials said the next round would follow within weeks.\n", i%28+1, i, i, version, i)
}

// startLive serves a folder the way serve does, reporting every swap.
func startLive(t *testing.T, dir string) (*liveCorpus, *bot.Engine, <-chan *retrieval.Index, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	a := &app{getenv: func(string) string { return "" }, logger: slog.New(slog.NewTextHandler(logs, nil)), corpusDir: dir,
		stdout: logs, stderr: logs}
	ix, err := a.loadIndex(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	engine := bot.New(ix, bot.Options{Logger: a.logger})
	l := newLiveCorpus(t.Context(), a, dir, engine)
	swaps := make(chan *retrieval.Index, 100)
	l.reloaded = func(ix *retrieval.Index) { swaps <- ix }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := l.follow(ctx, 20*time.Millisecond); err != nil {
			t.Error(err)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return l, engine, swaps, logs
}

// waitFor waits for the swap after which cond holds; the deadline only
// turns a hang into a failure.
func waitFor(t *testing.T, swaps <-chan *retrieval.Index, what string, cond func(*retrieval.Index) bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	var last *retrieval.Index
	for {
		select {
		case ix := <-swaps:
			if cond(ix) {
				return
			}
			last = ix
		case <-deadline:
			var ids []string
			if last != nil {
				for _, a := range last.Corpus().Articles {
					ids = append(ids, a.ID)
				}
			}
			t.Fatalf("no reload brought %s within 10 s; the last one held %v", what, ids)
		}
	}
}

// TestLiveReloadUnderLoad asks 50 questions while 20 articles are added,
// changed and removed: every answer succeeds, and the final index holds
// exactly the final folder.
func TestLiveReloadUnderLoad(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"000_455d42bae2579fa5.txt", "003_de8c20d388a4a3c7.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "seeds", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), data, 0o644)
	}
	l, engine, swaps, logs := startLive(t, dir)

	questions := []string{"When will Trump and Putin meet?", "Where did the envoys meet?", "What did Peskov say?",
		"What is round 7 of the talks about?", "Who leads the Russian delegation?"}
	var failed atomic.Int32
	var wg sync.WaitGroup
	for w := 0; w < 5; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				ans, err := engine.Ask(context.Background(), bot.Query{Question: questions[(w+i)%len(questions)]})
				if err != nil || ans == nil || ans.Text == "" {
					failed.Add(1)
					t.Errorf("answer failed during reloads: %v", err)
				}
				// The timeline is read during reloads too.
				if _, err := l.Events(context.Background(), timeline.Filter{}); err != nil {
					t.Errorf("timeline: %v", err)
				}
			}
		}()
	}
	// 20 articles: 12 added, 4 of them changed, 4 removed.
	for i := 0; i < 12; i++ {
		writeArticle(t, dir, fmt.Sprintf("round%02d.txt", i), extraArticle(i, 1))
	}
	for i := 0; i < 4; i++ {
		writeArticle(t, dir, fmt.Sprintf("round%02d.txt", i), extraArticle(i, 2))
	}
	for i := 8; i < 12; i++ {
		os.Remove(filepath.Join(dir, fmt.Sprintf("round%02d.txt", i)))
	}
	wg.Wait()
	if n := failed.Load(); n != 0 {
		t.Fatalf("%d of 50 answers failed", n)
	}
	waitFor(t, swaps, "the final folder", func(ix *retrieval.Index) bool {
		c := ix.Corpus()
		return len(c.Articles) == 10 && c.Article("round11.txt") == nil && c.Article("round00.txt") != nil &&
			strings.Contains(c.Article("round00.txt").Passages[0].Text, "version 2")
	})
	if l.CorpusVersion() == 0 {
		t.Error("the corpus version did not change with the reloads: /timeline would serve a cached old timeline")
	}
	if res := engine.Index().Search("zeta5", 1); len(res) == 0 || res[0].Article.ID != "round05.txt" {
		t.Errorf("a new article is not searchable after the reload: %+v", res)
	}

	// A file that stops parsing is skipped with one warning; the rest serve.
	writeArticle(t, dir, "round01.txt", "no date header any more\n")
	waitFor(t, swaps, "the broken file skipped", func(ix *retrieval.Index) bool { return ix.Corpus().Article("round01.txt") == nil })
	writeArticle(t, dir, "round02.txt", extraArticle(2, 3)) // another change: no second warning for round01
	waitFor(t, swaps, "the next change", func(ix *retrieval.Index) bool {
		a := ix.Corpus().Article("round02.txt")
		return a != nil && strings.Contains(a.Passages[0].Text, "version 3")
	})
	if n := strings.Count(logs.String(), "file=round01.txt"); n != 1 {
		t.Errorf("the broken file was warned about %d times, want once:\n%s", n, logs.String())
	}
	if ans, err := engine.Ask(context.Background(), bot.Query{Question: "When will Trump and Putin meet?"}); err != nil || ans.Abstained {
		t.Errorf("after a broken file: %+v %v", ans, err)
	}
}

func TestFeedConfigFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := feedConfigFromEnv(env(map[string]string{"TALKBOT_FEEDS": " https://a.example/rss , https://b.example/atom.xml", "TALKBOT_FEED_INTERVAL": "2m"}))
	if err != nil || len(c.feeds) != 2 || c.interval != 2*time.Minute {
		t.Fatalf("%+v %v", c, err)
	}
	if c, _ := feedConfigFromEnv(env(nil)); c.interval != 15*time.Minute || len(c.feeds) != 0 {
		t.Errorf("defaults: %+v", c)
	}
	// Plain seconds, as every other duration setting takes them.
	if c, err := feedConfigFromEnv(env(map[string]string{"TALKBOT_FEED_INTERVAL": " 600 "})); err != nil || c.interval != 10*time.Minute {
		t.Errorf("TALKBOT_FEED_INTERVAL=600: %v, %v; want 10m", c.interval, err)
	}
	for _, bad := range []map[string]string{{"TALKBOT_FEED_INTERVAL": "30s"}, {"TALKBOT_FEED_INTERVAL": "often"}, {"TALKBOT_FEED_INTERVAL": "200h"}, {"TALKBOT_FEEDS": "ftp://x/feed"}} {
		if _, err := feedConfigFromEnv(env(bad)); err == nil || !strings.HasPrefix(err.Error(), "TALKBOT_FEED") {
			t.Errorf("%v: %v", bad, err)
		}
	}
}

func TestServeFeedsNeedACorpusFolder(t *testing.T) {
	code, _, errOut := talkbot(t, map[string]string{"DISCORD_TOKEN": "x", "TALKBOT_FEEDS": "https://news.example/rss.xml"}, "serve")
	if code != 2 || !strings.Contains(errOut, "CORPUS_DIR") {
		t.Errorf("exit %d %q", code, errOut)
	}
}

func TestPollFeedsAddsEachNewItemOnce(t *testing.T) {
	var srvURL string
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>
<item><title>Envoys meet in Riyadh</title><link>%[1]s/a</link><pubDate>Tue, 18 Feb 2025 19:00:00 GMT</pubDate></item>
<item><title>Talks move to Istanbul</title><link>%[1]s/b</link><pubDate>Thu, 27 Feb 2025 19:00:00 GMT</pubDate></item>
</channel></rss>`, srvURL)
	})
	page := func(h string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><head><title>%s</title></head><body><article><h1>%s</h1><p>Delegations from the United States and Russia met again for several hours, officials said on the day.</p></article></body></html>`, h, h)
		}
	}
	mux.HandleFunc("/a", page("Envoys meet in Riyadh"))
	mux.HandleFunc("/b", page("Talks move to Istanbul"))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	srvURL = srv.URL

	dir := t.TempDir()
	logs := &syncBuffer{}
	a := &app{getenv: func(string) string { return "" }, logger: slog.New(slog.NewTextHandler(logs, nil))}
	adder, err := ingest.NewAdder(dir, ingest.NewFetcher(ingest.FetchConfig{AllowPrivate: true}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var added []string
	a.pollFeeds(ctx, adder, feedConfig{feeds: []string{srv.URL + "/feed.xml"}, interval: time.Minute}, func(r ingest.Result) {
		added = append(added, r.Article.Headline)
		if len(added) == 2 {
			cancel() // one round is enough: the next would wait a minute
		}
	})
	if strings.Join(added, "|") != "Envoys meet in Riyadh|Talks move to Istanbul" {
		t.Fatalf("added %q\n%s", added, logs.String())
	}
	c, err := retrieval.LoadDir(dir)
	if err != nil || len(c.Articles) != 2 {
		t.Fatalf("corpus after the poll: %v %+v", err, c)
	}
}

// TestReloadEmbedsOnlyNewPassages: a reload with hybrid retrieval sends only
// the passages of the new article to the embeddings API.
func TestReloadEmbedsOnlyNewPassages(t *testing.T) {
	srv, env := hybridEnv(t)
	dir := t.TempDir()
	for _, f := range []string{"000_455d42bae2579fa5.txt", "003_de8c20d388a4a3c7.txt"} {
		data, _ := os.ReadFile(filepath.Join("..", "..", "seeds", f))
		os.WriteFile(filepath.Join(dir, f), data, 0o644)
	}
	a := &app{getenv: func(k string) string { return env[k] }, logger: slog.New(slog.DiscardHandler), corpusDir: dir}
	ix, err := a.loadIndex(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	h, err := a.hybrid(ctx, ix)
	if err != nil || h == nil {
		t.Fatalf("hybrid: %v", err)
	}
	engine := bot.New(ix, bot.Options{Logger: a.logger, Hybrid: h})
	l := newLiveCorpus(ctx, a, dir, engine)
	embedded := func(from int) (n int) {
		for _, r := range srv.Requests()[from:] {
			if r.Embedding != nil {
				n += len(r.Embedding.Input)
			}
		}
		return n
	}
	if n := embedded(0); n != 28 {
		t.Fatalf("the start embedded %d passages, want 28", n)
	}
	before := len(srv.Requests())
	writeArticle(t, dir, "new.txt", "date 2025-03-11 Ceasefire plan backed\n\nUkraine backed a 30-day ceasefire plan in Jeddah.\n\nThe offer now goes to Moscow, officials said.\n")
	if err := l.reload(ctx); err != nil {
		t.Fatal(err)
	}
	if n := embedded(before); n != 2 {
		t.Errorf("the reload embedded %d passages, want only the new article's 2", n)
	}
	if engine.Snapshot().Hybrid == nil || len(engine.Index().Corpus().Articles) != 3 {
		t.Errorf("the swapped snapshot: hybrid %v, %d articles", engine.Snapshot().Hybrid != nil, len(engine.Index().Corpus().Articles))
	}
}

// TestLiveFollowsAReplacedFolder: serve keeps following CORPUS_DIR when the
// folder itself is replaced (mv live live.old; mkdir live; cp ...), warns
// and is not ready while it is gone, and answers from the new folder.
func TestLiveFollowsAReplacedFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "live")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	seedFiles := []string{"000_455d42bae2579fa5.txt", "003_de8c20d388a4a3c7.txt"}
	copySeeds := func() {
		for _, f := range seedFiles {
			data, err := os.ReadFile(filepath.Join("..", "..", "seeds", f))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, f), data, 0o644)
		}
	}
	copySeeds()
	engine, swaps, logs, failures, ready := startFollowing(t, dir)

	for i, replace := range []struct {
		name string
		gone func() // nil: the folder is swapped in one step
		back func()
	}{
		{"moved away, a new folder made", func() { os.Rename(dir, dir+".old") }, func() { os.Mkdir(dir, 0o755) }},
		{"removed, made again", func() { os.RemoveAll(dir) }, func() { os.Mkdir(dir, 0o755) }},
		{"a sibling renamed onto it", nil, func() {
			os.Mkdir(dir+".new", 0o755)
			os.RemoveAll(dir + ".old")
			os.Rename(dir, dir+".old")
			os.Rename(dir+".new", dir)
		}},
	} {
		if replace.gone != nil {
			replace.gone()
			if err := ready(t.Context()); err == nil || !strings.Contains(err.Error(), "gone") {
				t.Errorf("%s: ready while the folder is gone: %v", replace.name, err)
			}
			select {
			case <-failures: // the reload after the folder went kept the articles
			case <-time.After(10 * time.Second):
				t.Fatalf("%s: the folder going was not noticed", replace.name)
			}
			if ans, err := engine.Ask(t.Context(), bot.Query{Question: "When will Trump and Putin meet?"}); err != nil || ans.Abstained {
				t.Errorf("%s: no answer from the articles loaded before: %+v %v", replace.name, ans, err)
			}
		}
		replace.back()
		copySeeds()
		name := fmt.Sprintf("round%02d.txt", i)
		writeArticle(t, dir, name, extraArticle(i, 1))
		waitFor(t, swaps, name+" after the folder was "+replace.name, func(ix *retrieval.Index) bool {
			return ix.Corpus().Article(name) != nil && len(ix.Corpus().Articles) == 3
		})
		if res := engine.Index().Search(fmt.Sprintf("zeta%d", i), 1); len(res) == 0 || res[0].Article.ID != name {
			t.Errorf("%s: the new article is not searchable: %+v", replace.name, res)
		}
		if err := ready(t.Context()); err != nil {
			t.Errorf("%s: not ready with the folder back: %v", replace.name, err)
		}
	}
	if !strings.Contains(logs.String(), "the corpus folder is gone") {
		t.Errorf("no warning that the folder was gone:\n%s", logs.String())
	}
}

// TestPollFeedsWarnsWhenATeaserStays: serve's feed poll logs a warning
// naming the teaser whose file could not be removed once the item's page
// is in, and still counts the page as added.
func TestPollFeedsWarnsWhenATeaserStays(t *testing.T) {
	var ok atomic.Bool
	srv := ingesttest.TeaserFeed(t, &ok)
	dir := t.TempDir()
	logs := &syncBuffer{}
	a := &app{getenv: func(string) string { return "" }, logger: slog.New(slog.NewTextHandler(logs, nil))}
	adder, err := ingest.NewAdder(dir, ingest.NewFetcher(ingest.FetchConfig{AllowPrivate: true}))
	if err != nil {
		t.Fatal(err)
	}
	cfg := feedConfig{feeds: []string{srv.URL + "/feed.xml"}, interval: time.Minute}
	// One round each: the next would wait a minute.
	round := func() []ingest.Result {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var added []ingest.Result
		a.pollFeeds(ctx, adder, cfg, func(r ingest.Result) { added = append(added, r); cancel() })
		return added
	}
	first := round()
	if len(first) != 1 {
		t.Fatalf("first round added %+v\n%s", first, logs.String())
	}
	teaser := first[0].File
	ingesttest.BlockRemoval(t, dir, teaser)
	ok.Store(true)
	second := round()
	if len(second) != 1 || second[0].File == teaser {
		t.Fatalf("second round added %+v, want the page\n%s", second, logs.String())
	}
	if l := logs.String(); !strings.Contains(l, `level=WARN msg="feed item added, with a problem"`) ||
		!strings.Contains(l, "the item's earlier text "+teaser+" could not be removed") {
		t.Errorf("no warning about the teaser %s left in place:\n%s", teaser, l)
	}
}

// TestPollFeedsWarnsWhenAPageFails: serve's feed poll logs the page of an
// item that failed, and that its feed text stands in, on the poll that adds
// the teaser and on each that finds the page failing again.
func TestPollFeedsWarnsWhenAPageFails(t *testing.T) {
	var ok atomic.Bool
	srv := ingesttest.TeaserFeed(t, &ok)
	adder, err := ingest.NewAdder(t.TempDir(), ingest.NewFetcher(ingest.FetchConfig{AllowPrivate: true}))
	if err != nil {
		t.Fatal(err)
	}
	round := func() string { return pollRound(adder, srv.URL+"/feed.xml", "feed read", nil) }
	want := `level=WARN msg="feed item's page failed; its feed text stands in until it loads" feed=` + srv.URL + `/feed.xml item=` + srv.URL +
		`/story reason="server answered with an error status 503 Service Unavailable" again=`
	if l := round(); !strings.Contains(l, want+"false file=2025-03-24_") {
		t.Errorf("first poll:\n%s\nwant %s", l, want+"false")
	}
	if l := round(); !strings.Contains(l, want+"true file=2025-03-24_") {
		t.Errorf("second poll:\n%s\nwant %s", l, want+"true")
	}
}

// pollRound runs one round of serve's poll of feed, ended by the first log
// line saying stopAt ("feed read", its summary; the next round would wait a
// minute), and returns what it logged.
func pollRound(adder *ingest.Adder, feed, stopAt string, added func(ingest.Result)) string {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &syncBuffer{}
	a := &app{getenv: func(string) string { return "" }, logger: slog.New(cancelOn{slog.NewTextHandler(logs, nil), stopAt, cancel})}
	a.pollFeeds(ctx, adder, feedConfig{feeds: []string{feed}, interval: time.Minute}, added)
	return logs.String()
}

// cancelOn is a slog handler that calls cancel once a record with the
// message msg is logged.
type cancelOn struct {
	slog.Handler
	msg    string
	cancel func()
}

func (c cancelOn) Handle(ctx context.Context, r slog.Record) error {
	err := c.Handler.Handle(ctx, r)
	if r.Message == c.msg {
		c.cancel()
	}
	return err
}

// TestLiveFollowsAReplacedParent: serve keeps following CORPUS_DIR when the
// folder holding it is replaced (a deploy swapping /srv/talkbot that holds
// corpus/), warns and is not ready while no corpus folder is at the path,
// and answers from the new one, as when the folder itself is replaced.
func TestLiveFollowsAReplacedParent(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	dir := filepath.Join(site, "corpus")
	seedFiles := []string{"000_455d42bae2579fa5.txt", "003_de8c20d388a4a3c7.txt"}
	fill := func(corpus string) {
		t.Helper()
		if err := os.MkdirAll(corpus, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range seedFiles {
			data, err := os.ReadFile(filepath.Join("..", "..", "seeds", f))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(corpus, f), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	fill(dir)
	engine, swaps, logs, failures, ready := startFollowing(t, dir)

	for i, replace := range []struct {
		name string
		gone func() // nil: the parent is swapped in one step
		back func(round, text string)
	}{
		{"swapped for a new release holding its corpus", nil, func(round, text string) {
			fill(filepath.Join(site+".new", "corpus"))
			writeArticle(t, filepath.Join(site+".new", "corpus"), round, text)
			os.RemoveAll(site + ".old")
			os.Rename(site, site+".old")
			os.Rename(site+".new", site)
		}},
		{"removed, then made again", func() { os.RemoveAll(site) }, func(round, text string) {
			fill(dir)
			writeArticle(t, dir, round, text)
		}},
		{"moved away, a new one without the corpus folder at first", func() {
			os.RemoveAll(site + ".old")
			os.Rename(site, site+".old")
			os.Mkdir(site, 0o755)
		}, func(round, text string) {
			fill(dir)
			writeArticle(t, dir, round, text)
		}},
	} {
		name := fmt.Sprintf("parent%02d.txt", i)
		if replace.gone != nil {
			replace.gone()
			select {
			case <-failures: // the reload after the folder went kept the articles
			case <-time.After(10 * time.Second):
				t.Fatalf("%s: the folder going was not noticed", replace.name)
			}
			if err := ready(t.Context()); err == nil || !strings.Contains(err.Error(), "corpus folder "+dir+" is gone") {
				t.Errorf("%s: ready while the folder is gone: %v", replace.name, err)
			}
			if ans, err := engine.Ask(t.Context(), bot.Query{Question: "When will Trump and Putin meet?"}); err != nil || ans.Abstained {
				t.Errorf("%s: no answer from the articles loaded before: %+v %v", replace.name, ans, err)
			}
		}
		replace.back(name, extraArticle(30+i, 1))
		waitFor(t, swaps, name+" after the parent was "+replace.name, func(ix *retrieval.Index) bool {
			return ix.Corpus().Article(name) != nil && len(ix.Corpus().Articles) == 3
		})
		// The new folder is followed, not only loaded once.
		later := fmt.Sprintf("later%02d.txt", i)
		writeArticle(t, dir, later, extraArticle(40+i, 1))
		waitFor(t, swaps, later+" in the new folder after the parent was "+replace.name, func(ix *retrieval.Index) bool {
			return ix.Corpus().Article(later) != nil
		})
		if err := ready(t.Context()); err != nil {
			t.Errorf("%s: not ready with the folder back: %v", replace.name, err)
		}
	}
	if !strings.Contains(logs.String(), "the corpus folder is gone") {
		t.Errorf("no warning that the folder was gone:\n%s", logs.String())
	}
}

// TestLiveFollowsAFolderWithPatternCharacters: serve's load, watch and
// reload work on a corpus folder whose path holds glob metacharacters
// (/srv/talkbot[prod]/corpus): nothing treats the path as a pattern.
func TestLiveFollowsAFolderWithPatternCharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "talkbot[prod]", "corpus*?")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeArticle(t, dir, "round01.txt", extraArticle(1, 1))
	_, engine, swaps, _ := startLive(t, dir)
	if engine.Index().Corpus().Article("round01.txt") == nil {
		t.Fatal("the first load missed the article")
	}
	writeArticle(t, dir, "round02.txt", extraArticle(2, 1))
	waitFor(t, swaps, "the added article", func(ix *retrieval.Index) bool { return ix.Corpus().Article("round02.txt") != nil })
	if err := os.Remove(filepath.Join(dir, "round01.txt")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, swaps, "the removal", func(ix *retrieval.Index) bool {
		c := ix.Corpus()
		return c.Article("round01.txt") == nil && len(c.Articles) == 1
	})
}

// startFollowing starts live reload of dir and waits until it follows the
// folder: a file written after the start is loaded (the watch's first
// report comes after it watches the folder and the folders above it) and
// the readiness probe passes. failures receives the reload failures.
func startFollowing(t *testing.T, dir string) (engine *bot.Engine, swaps <-chan *retrieval.Index, logs *syncBuffer, failures <-chan error, ready func(context.Context) error) {
	t.Helper()
	l, engine, swaps, logs := startLive(t, dir)
	failed := make(chan error, 100)
	l.mu.Lock()
	l.failed = func(err error) { failed <- err }
	l.mu.Unlock()
	writeArticle(t, dir, "first.txt", extraArticle(20, 1))
	waitFor(t, swaps, "first.txt", func(ix *retrieval.Index) bool { return ix.Corpus().Article("first.txt") != nil })
	ready = l.readyCheck().Probe
	if err := ready(t.Context()); err != nil {
		t.Fatalf("not ready at the start: %v", err)
	}
	return engine, swaps, logs, failed, ready
}
