package ingest

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/talkbot/talkbot/retrieval/ingest/ingesttest"
)

const rssFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test Wire</title><link>{{base}}/</link><description>News</description>
<item><title>Envoys meet in Riyadh</title><link>{{base}}/a</link><pubDate>Tue, 18 Feb 2025 19:00:00 GMT</pubDate></item>
<item><title>Kremlin on summit plans</title><link>/b</link><pubDate>Wed, 26 Feb 2025 09:00:00 GMT</pubDate></item>
<item><title>Black Sea talks begin</title><link>{{base}}/gone</link><pubDate>Mon, 24 Mar 2025 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Technical teams began talks in Riyadh on Monday about shipping in the Black Sea.&lt;/p&gt;&lt;p&gt;Grain exports were expected to be on the agenda.&lt;/p&gt;</description></item>
</channel></rss>`

const atomFeed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:x</id><updated>2025-03-12T00:00:00Z</updated>
<entry><title>Ceasefire plan backed in Jeddah</title><id>urn:1</id><link href="{{base}}/c"/><updated>2025-03-11T20:00:00Z</updated></entry>
</feed>`

type feedSite struct {
	srv        *httptest.Server
	pageHits   atomic.Int32
	feedHits   atomic.Int32
	notModifed atomic.Int32
	goneHits   atomic.Int32 // fetches of /gone
	goneBack   atomic.Bool  // /gone serves its page instead of 404
}

func newFeedSite(t *testing.T) *feedSite {
	fs := &feedSite{}
	mux := http.NewServeMux()
	serveFeed := func(body, ctype string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			fs.feedHits.Add(1)
			if r.Header.Get("If-None-Match") == `"v1"` {
				fs.notModifed.Add(1)
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Content-Type", ctype)
			w.Write([]byte(strings.ReplaceAll(body, "{{base}}", fs.srv.URL)))
		}
	}
	mux.HandleFunc("/rss.xml", serveFeed(rssFeed, "application/rss+xml"))
	mux.HandleFunc("/atom.xml", serveFeed(atomFeed, "application/atom+xml; charset=utf-8"))
	page := func(h, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			fs.pageHits.Add(1)
			w.Header().Set("Content-Type", "text/html")
			// No date in the pages: the item's date is used.
			w.Write([]byte(`<html><head><title>` + h + `</title></head><body><article><h1>` + h + `</h1><p>` + body +
				`</p><p>Further meetings were expected in the coming weeks, officials said.</p></article></body></html>`))
		}
	}
	mux.HandleFunc("/a", page("Envoys meet in Riyadh", "Envoys met in Riyadh on Tuesday for more than four hours."))
	mux.HandleFunc("/b", page("Kremlin on summit plans", "The Kremlin said a summit needed careful preparation."))
	mux.HandleFunc("/c", page("Ceasefire plan backed in Jeddah", "Ukraine backed a 30-day ceasefire plan after talks in Jeddah."))
	back := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><head><title>Black Sea talks begin</title></head><body><article><h1>Black Sea talks begin</h1>` +
			`<p>Technical teams began talks in Riyadh on Monday about shipping in the Black Sea, with grain exports on the agenda.</p></article></body></html>`))
	}
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) {
		fs.goneHits.Add(1)
		if !fs.goneBack.Load() {
			http.NotFound(w, r)
			return
		}
		back(w, r)
	})
	fs.srv = httptest.NewServer(mux)
	t.Cleanup(fs.srv.Close)
	return fs
}

func TestAddFeedRSSAndAtom(t *testing.T) {
	site := newFeedSite(t)
	dir := t.TempDir()
	ad, _ := NewAdder(dir, testFetcher())
	ctx := context.Background()

	var items []FeedItem
	rep, err := ad.AddFeed(ctx, site.srv.URL+"/rss.xml", time.Time{}, func(fi FeedItem) { items = append(items, fi) })
	if err != nil || rep.NotModified || rep.Items != 3 || len(items) != 3 {
		t.Fatalf("rss: %+v %v %d items", rep, err, len(items))
	}
	for i, want := range []struct{ headline, date string }{
		{"Envoys meet in Riyadh", "2025-02-18"}, {"Kremlin on summit plans", "2025-02-26"}, {"Black Sea talks begin", "2025-03-24"},
	} {
		fi := items[i]
		if fi.Err != nil || fi.Result.Status != Added || fi.Result.Article.Headline != want.headline ||
			fi.Result.Article.Date.Format(time.DateOnly) != want.date {
			t.Errorf("item %d: %+v, want %s %s", i, fi, want.headline, want.date)
		}
	}
	// The 404 item fell back to its own text, with the feed as publisher.
	if a := items[2].Result.Article; a == nil || a.Publisher != "Test Wire" || !strings.Contains(a.Passages[0].Text, "shipping in the Black Sea") {
		t.Errorf("fallback article: %+v", a)
	}
	if items[1].Input != site.srv.URL+"/b" {
		t.Errorf("a relative item link resolves against the feed: %q", items[1].Input)
	}

	if items[2].PageErr == nil || !strings.Contains(items[2].PageErr.Error(), "404") {
		t.Errorf("the teaser item does not say why its page was not used: %+v", items[2])
	}

	// The teaser is not the article: the next run fetches the feed in full
	// (the validators were not kept) and tries the page again, without
	// fetching the pages already added.
	pages := site.pageHits.Load()
	for run, back := range []bool{false, true} {
		site.goneBack.Store(back)
		gone := site.goneHits.Load()
		items = nil
		rep, err = ad.AddFeed(ctx, site.srv.URL+"/rss.xml", time.Time{}, func(fi FeedItem) { items = append(items, fi) })
		if err != nil || rep.NotModified || len(items) != 3 || site.pageHits.Load() != pages || site.goneHits.Load() != gone+1 {
			t.Fatalf("retry %d: %+v %v, page fetches %d → %d, /gone fetches %d → %d", run, rep, err, pages, site.pageHits.Load(), gone, site.goneHits.Load())
		}
		fi := items[2]
		switch {
		case !back && (fi.Err != nil || fi.PageErr == nil || fi.Result.Status != Present):
			t.Errorf("retry %d, the page still gone: %+v", run, fi)
		case back && (fi.Err != nil || fi.PageErr != nil || fi.Result.Status != Replaced ||
			!strings.Contains(fi.Result.Article.Passages[0].Text, "with grain exports on the agenda")):
			t.Errorf("retry %d, the page back: %+v, want it to replace the teaser", run, fi)
		}
	}
	if n := len(listTxt(t, dir)); n != 4 { // 3 articles and the state file
		t.Errorf("%d files in the corpus folder, want 3 articles and the state file: %v", n, listTxt(t, dir))
	}

	// Every item is in with its page: the next run asks conditionally, and
	// a 304 costs nothing.
	pages, gone := site.pageHits.Load(), site.goneHits.Load()
	rep, err = ad.AddFeed(ctx, site.srv.URL+"/rss.xml", time.Time{}, func(fi FeedItem) { t.Errorf("item on a 304: %+v", fi) })
	if err != nil || !rep.NotModified || site.notModifed.Load() != 1 || site.pageHits.Load() != pages || site.goneHits.Load() != gone {
		t.Fatalf("second run: %+v %v, 304s %d, page fetches %d → %d", rep, err, site.notModifed.Load(), pages, site.pageHits.Load())
	}
	state, err := os.ReadFile(filepath.Join(dir, FeedStateFile))
	if err != nil || !strings.Contains(string(state), `"etag": "\"v1\""`) {
		t.Errorf("state file: %s %v", state, err)
	}

	// A lost state file means a full fetch, but items already added are not
	// fetched again, and nothing is duplicated.
	os.Remove(filepath.Join(dir, FeedStateFile))
	ad2, _ := NewAdder(dir, testFetcher())
	items = nil
	if _, err := ad2.AddFeed(ctx, site.srv.URL+"/rss.xml", time.Time{}, func(fi FeedItem) { items = append(items, fi) }); err != nil {
		t.Fatal(err)
	}
	for _, fi := range items {
		if fi.Err != nil || fi.Result.Status != Present {
			t.Errorf("re-run item: %+v", fi)
		}
	}

	items = nil
	rep, err = ad.AddFeed(ctx, site.srv.URL+"/atom.xml", time.Time{}, func(fi FeedItem) { items = append(items, fi) })
	if err != nil || len(items) != 1 || items[0].Err != nil || items[0].Result.Article.Date.Format(time.DateOnly) != "2025-03-11" {
		t.Fatalf("atom: %+v %v %+v", rep, err, items)
	}
	if n := len(listTxt(t, dir)); n != 5 { // 4 articles and the state file
		t.Errorf("%d files in the corpus folder, want 4 articles and the state file: %v", n, listTxt(t, dir))
	}
}

func TestAddFeedFailures(t *testing.T) {
	site := newFeedSite(t)
	ad, _ := NewAdder(t.TempDir(), testFetcher())
	ctx := context.Background()
	for _, tt := range []struct{ url, want string }{
		{site.srv.URL + "/a", "content type"},  // an HTML page is not a feed
		{site.srv.URL + "/missing.xml", "404"}, // no feed there
		{"gopher://example.org/feed", "http and https"},
	} {
		if _, err := ad.AddFeed(ctx, tt.url, time.Time{}, nil); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.url, err, tt.want)
		}
	}
}

// TestNoDateMessages: the error of an undated page names no command-line
// flag (the CLI adds its own); an undated feed item says it is skipped
// until a date appears.
func TestNoDateMessages(t *testing.T) {
	var base string
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title><link>` + base + `/</link><description>x</description>
<item><title>Undated story</title><link>` + base + `/undated</link><description>Technical teams began talks in Riyadh about shipping in the Black Sea.</description></item>
</channel></rss>`))
	})
	mux.HandleFunc("/undated", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><head><title>Undated story</title></head><body><article><h1>Undated story</h1>
<p>Technical teams began talks in Riyadh about shipping in the Black Sea, officials said.</p></article></body></html>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL
	ad, _ := NewAdder(t.TempDir(), testFetcher())
	ctx := context.Background()

	_, err := ad.AddURL(ctx, srv.URL+"/undated", time.Time{})
	if !errors.Is(err, ErrNoDate) || strings.Contains(err.Error(), "--date") {
		t.Errorf("page: %v, want ErrNoDate naming no flag", err)
	}
	var items []FeedItem
	if _, err := ad.AddFeed(ctx, srv.URL+"/feed.xml", time.Time{}, func(fi FeedItem) { items = append(items, fi) }); err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || !errors.Is(items[0].Err, ErrNoDate) || strings.Contains(items[0].Err.Error(), "--date") ||
		!strings.Contains(items[0].Err.Error(), "skipped until") || strings.Count(items[0].Err.Error(), "no publication date") != 1 {
		t.Errorf("feed item: %+v", items)
	}
}

// TestAddFeedInterruptedKeepsItemsDone: a run stopped part way (Ctrl-C)
// remembers the items it added, so the next run does not fetch their pages
// again; the validators are not kept, so it does not get a 304 either.
func TestAddFeedInterruptedKeepsItemsDone(t *testing.T) {
	site := newFeedSite(t)
	dir := t.TempDir()
	ad, _ := NewAdder(dir, testFetcher())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	_, err := ad.AddFeed(ctx, site.srv.URL+"/rss.xml", time.Time{}, func(fi FeedItem) {
		n++
		cancel() // Ctrl-C after the first item
	})
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Fatalf("interrupted run: %v after %d items", err, n)
	}
	pages := site.pageHits.Load()
	var items []FeedItem
	rep, err := ad.AddFeed(context.Background(), site.srv.URL+"/rss.xml", time.Time{}, func(fi FeedItem) { items = append(items, fi) })
	if err != nil || rep.NotModified || len(items) != 3 || items[0].Result.Status != Present || items[1].Result.Status != Added {
		t.Fatalf("next run: %+v %v %+v", rep, err, items)
	}
	if got := site.pageHits.Load() - pages; got != 1 {
		t.Errorf("the next run fetched %d pages, want 1 (the first item's was added before the interruption)", got)
	}
}

// TestAddFeedTeaserGoesWhenThePageIsIn: an item that went in as the feed's
// teaser loses it once its page is in, whether the next feed run adds the
// page or it was added another way in between (and is then Present).
func TestAddFeedTeaserGoesWhenThePageIsIn(t *testing.T) {
	for _, tt := range []struct {
		name        string
		addedByHand bool
		status      Status
	}{
		{"the feed adds the page", false, Replaced},
		{"the page was added another way", true, Present},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var ok atomic.Bool
			srv := ingesttest.TeaserFeed(t, &ok)
			dir := t.TempDir()
			ad, _ := NewAdder(dir, testFetcher())
			ctx := context.Background()
			feed := srv.URL + "/feed.xml"
			var teaser string
			if _, err := ad.AddFeed(ctx, feed, time.Time{}, func(fi FeedItem) { teaser = fi.Result.File }); err != nil || teaser == "" {
				t.Fatalf("first run: %v, teaser %q", err, teaser)
			}
			ok.Store(true)
			if tt.addedByHand {
				if _, err := ad.AddURL(ctx, srv.URL+"/story", time.Date(2025, 3, 24, 0, 0, 0, 0, time.UTC)); err != nil {
					t.Fatal(err)
				}
			}
			var gone FeedItem
			if _, err := ad.AddFeed(ctx, feed, time.Time{}, func(fi FeedItem) { gone = fi }); err != nil {
				t.Fatal(err)
			}
			if gone.Err != nil || gone.PageErr != nil || gone.Result.Status != tt.status || gone.Result.File == teaser {
				t.Errorf("item: %+v, want status %v in a file other than the teaser %s", gone, tt.status, teaser)
			}
			if _, err := os.Stat(filepath.Join(dir, teaser)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the teaser %s is still there: %v", teaser, err)
			}
			if n := len(listTxt(t, dir)); n != 2 {
				t.Errorf("%d files, want the page and the state file: %v", n, listTxt(t, dir))
			}
		})
	}
}

// TestAddFeedTeaserRemovalFails: when the page of a teaser item is in but
// the teaser's file cannot be removed, the item says so (Warn, naming the
// file and the reason), stays not done so the next run fetches the feed in
// full and tries again, and that run removes it once it can.
func TestAddFeedTeaserRemovalFails(t *testing.T) {
	var ok atomic.Bool
	srv := ingesttest.TeaserFeed(t, &ok)
	dir := t.TempDir()
	ad, _ := NewAdder(dir, testFetcher())
	ctx := context.Background()
	feed := srv.URL + "/feed.xml"
	var first FeedItem
	if _, err := ad.AddFeed(ctx, feed, time.Time{}, func(fi FeedItem) { first = fi }); err != nil || first.PageErr == nil || first.Result.File == "" {
		t.Fatalf("first run: %v, item %+v, want the teaser in", err, first)
	}
	teaser := first.Result.File
	inside := ingesttest.BlockRemoval(t, dir, teaser)

	ok.Store(true)
	var second FeedItem
	if _, err := ad.AddFeed(ctx, feed, time.Time{}, func(fi FeedItem) { second = fi }); err != nil {
		t.Fatal(err)
	}
	if second.Err != nil || second.Result.Status != Added || second.Result.File == teaser || second.Result.Replaced != "" {
		t.Errorf("second run: item %+v, want the page added, replacing nothing", second)
	}
	var pe *fs.PathError
	if second.Warn == nil || !strings.Contains(second.Warn.Error(), "the item's earlier text "+teaser+" could not be removed: ") ||
		!errors.As(second.Warn, &pe) || pe.Op != "remove" || pe.Path != filepath.Join(dir, teaser) {
		t.Errorf("second run: warning %v, want the failed removal of %s", second.Warn, teaser)
	}
	if _, err := os.Stat(filepath.Join(dir, second.Result.File)); err != nil {
		t.Errorf("the page's file: %v", err)
	}

	// Still blocked: the feed is read in full again (no validators were
	// kept) and the removal is tried, and fails, again.
	var third FeedItem
	rep, err := ad.AddFeed(ctx, feed, time.Time{}, func(fi FeedItem) { third = fi })
	if err != nil || rep.NotModified || third.Result.Status != Present || third.Warn == nil {
		t.Errorf("third run: %+v %v, item %+v, want the page present and the warning again", rep, err, third)
	}

	// Unblocked: the next run removes it, quietly, and the item is done.
	if err := os.Remove(inside); err != nil {
		t.Fatal(err)
	}
	var fourth FeedItem
	if _, err := ad.AddFeed(ctx, feed, time.Time{}, func(fi FeedItem) { fourth = fi }); err != nil {
		t.Fatal(err)
	}
	if fourth.Err != nil || fourth.Warn != nil || fourth.Result.Status != Present || fourth.Result.File != second.Result.File {
		t.Errorf("fourth run: item %+v, want the page present and no warning", fourth)
	}
	if _, err := os.Stat(filepath.Join(dir, teaser)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the teaser %s is still there: %v", teaser, err)
	}
}

// TestAddFeedInterruptedDuringAPageAddsNoTeaser: Ctrl-C while an item's
// page is being fetched stops the item; its own text does not go in as
// though the page had failed.
func TestAddFeedInterruptedDuringAPageAddsNoTeaser(t *testing.T) {
	for _, tt := range []struct{ name, description string }{
		{"an item with its own text", "<description>Technical teams began talks in Riyadh on Monday about shipping in the Black Sea.</description>"},
		{"an item without text", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var base string
			mux := http.NewServeMux()
			mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/rss+xml")
				w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title><link>` + base + `/</link><description>x</description>
<item><title>Black Sea talks begin</title><link>` + base + `/story</link><pubDate>Mon, 24 Mar 2025 08:00:00 GMT</pubDate>` + tt.description + `</item>
</channel></rss>`))
			})
			mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
				cancel() // Ctrl-C while the page is on its way
				<-r.Context().Done()
			})
			srv := httptest.NewServer(mux)
			defer srv.Close()
			base = srv.URL
			dir := t.TempDir()
			ad, _ := NewAdder(dir, testFetcher())
			var items []FeedItem
			_, err := ad.AddFeed(ctx, srv.URL+"/feed.xml", time.Time{}, func(fi FeedItem) { items = append(items, fi) })
			if !errors.Is(err, context.Canceled) {
				t.Errorf("AddFeed: %v, want context.Canceled", err)
			}
			if len(items) != 1 || !errors.Is(items[0].Err, context.Canceled) || items[0].Result.File != "" {
				t.Errorf("items: %+v, want one failed with context.Canceled", items)
			}
			for _, f := range listTxt(t, dir) {
				if strings.HasSuffix(f, ".txt") {
					t.Errorf("%s written after the interruption", f)
				}
			}
		})
	}
}

// TestUndatedPageAlreadyInCorpus: a page without a date, added by hand with
// one, is known by its URL from then on: its feed item (undated, with
// tracking parameters, dated otherwise, or with its page failing) is
// already in the corpus, on every run, and the date given by hand stays.
// Only a page that now holds another story still needs a date.
func TestUndatedPageAlreadyInCorpus(t *testing.T) {
	const story = `<html><head><title>Undated story</title></head><body><article><h1>Witkoff travels to Moscow for meeting with Putin</h1>
<p>US special envoy Steve Witkoff arrived in Moscow for a meeting with Russian President Vladimir Putin to discuss the ceasefire proposal.</p>
<p>The Kremlin said Putin would receive the envoy behind closed doors later in the evening.</p></article></body></html>`
	const other = `<html><head><title>Another story</title></head><body><article><h1>Grain corridor reopens in the Black Sea</h1>
<p>Ships carrying grain left Odesa on Thursday under a new arrangement agreed by technical teams in Riyadh.</p></article></body></html>`
	handDate := time.Date(2025, 3, 13, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name    string
		pubDate string // the item's; "32 Foo 2025" does not parse
		query   string // added to the item's link
		page    string // what the page serves on the feed runs: "story", "other" or "503"
		noDate  bool   // want the item skipped for want of a date
	}{
		{name: "undated item", pubDate: "32 Foo 2025", page: "story"},
		{name: "tracking parameters", query: "?utm_source=rss&utm_medium=feed", page: "story"},
		{name: "the item dated otherwise", pubDate: "Fri, 14 Mar 2025 08:00:00 GMT", page: "story"},
		{name: "the page fails", pubDate: "32 Foo 2025", page: "503"},
		{name: "the page fails, the item dated", pubDate: "Fri, 14 Mar 2025 08:00:00 GMT", page: "503"},
		{name: "the URL now holds another story", pubDate: "32 Foo 2025", page: "other", noDate: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var base string
			var serving atomic.Value
			serving.Store("story")
			var pageHits atomic.Int32
			mux := http.NewServeMux()
			mux.HandleFunc("/feed.xml", ingesttest.RSS(func() string { return base }, ingesttest.Item{Title: "Witkoff in Moscow",
				Link: "/nodate.html" + strings.ReplaceAll(tt.query, "&", "&amp;"), PubDate: tt.pubDate, Description: "Witkoff arrives in Moscow."}))
			mux.HandleFunc("/nodate.html", func(w http.ResponseWriter, r *http.Request) {
				pageHits.Add(1)
				switch serving.Load() {
				case "503":
					http.Error(w, "busy", http.StatusServiceUnavailable)
				case "other":
					w.Header().Set("Content-Type", "text/html")
					w.Write([]byte(other))
				default:
					w.Header().Set("Content-Type", "text/html")
					w.Write([]byte(story))
				}
			})
			srv := httptest.NewServer(mux)
			defer srv.Close()
			base = srv.URL
			dir := t.TempDir()
			ctx := context.Background()

			ad, _ := NewAdder(dir, testFetcher())
			hand, err := ad.AddURL(ctx, srv.URL+"/nodate.html", handDate)
			if err != nil || hand.Status != Added {
				t.Fatalf("add by hand: %+v %v", hand, err)
			}
			before, _ := os.ReadFile(filepath.Join(dir, hand.File))
			serving.Store(tt.page)
			for run := range 2 {
				hits := pageHits.Load()
				var items []FeedItem
				// A new adder each run, as each cron run of talkbot add is.
				ad, _ := NewAdder(dir, testFetcher())
				if _, err := ad.AddFeed(ctx, srv.URL+"/feed.xml", time.Time{}, func(fi FeedItem) { items = append(items, fi) }); err != nil {
					t.Fatal(err)
				}
				if len(items) != 1 {
					t.Fatalf("run %d: %d items", run, len(items))
				}
				fi := items[0]
				if tt.noDate {
					if !errors.Is(fi.Err, ErrNoDate) {
						t.Errorf("run %d: %+v, want it skipped for want of a date", run, fi)
					}
					continue
				}
				if fi.Err != nil || fi.PageErr != nil || fi.Warn != nil || fi.Result.Status != Present || fi.Result.File != hand.File {
					t.Errorf("run %d: %+v (err %v), want already in the corpus as %s", run, fi.Result, fi.Err, hand.File)
				}
				if run == 1 && pageHits.Load() != hits {
					t.Errorf("run %d fetched the page again: an item already in is done", run)
				}
			}
			if names := listTxt(t, dir); len(names) != 2 { // the article and the feed state
				t.Errorf("files: %v, want the article added by hand and the feed state", names)
			}
			if after, _ := os.ReadFile(filepath.Join(dir, hand.File)); string(after) != string(before) {
				t.Errorf("the article added by hand changed:\n%s\nwas\n%s", after, before)
			}
		})
	}
}

// TestUndatedPageAddedAgain: adding an undated page that is in the corpus
// needs no date again; a date given now corrects the one it went in with.
func TestUndatedPageAddedAgain(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><head><title>Undated</title></head><body><article><h1>Witkoff travels to Moscow</h1>
<p>US special envoy Steve Witkoff arrived in Moscow for a meeting with Russian President Vladimir Putin.</p></article></body></html>`))
	}))
	defer srv.Close()
	dir := t.TempDir()
	ad, _ := NewAdder(dir, testFetcher())
	ctx := context.Background()
	day := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
	first, err := ad.AddURL(ctx, srv.URL+"/nodate.html", day(13))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		date     time.Time
		status   Status
		wantFile string // the date part of the file name
	}{
		{"no date", time.Time{}, Present, "2025-03-13"},
		{"the same date", day(13), Present, "2025-03-13"},
		{"a corrected date", day(12), Replaced, "2025-03-12"},
		{"no date after the correction", time.Time{}, Present, "2025-03-12"},
	} {
		r, err := ad.AddURL(ctx, srv.URL+"/nodate.html?utm_source=x", tt.date)
		if err != nil || r.Status != tt.status || !strings.HasPrefix(r.File, tt.wantFile+"_") || r.File[10:] != first.File[10:] {
			t.Errorf("%s: %+v %v, want status %d as %s_…", tt.name, r, err, tt.status, tt.wantFile)
		}
	}
}

// TestFeedURLServesAPage: a web page given for a feed is refused as one,
// with the RSS and Atom feeds it names in <link rel="alternate">, absolute.
func TestFeedURLServesAPage(t *testing.T) {
	for _, tt := range []struct {
		name, ctype, head string
		feeds             []string // paths on the test server, or absolute
	}{
		{"a front page naming no feed", "text/html; charset=utf-8", `<title>Example News - Home</title>`, nil},
		{"an RSS feed, relative", "text/html", `<link rel="alternate" type="application/rss+xml" title="World" href="/world/rss.xml">`, []string{"/world/rss.xml"}},
		{"RSS and Atom, one twice, among other alternates", "application/xhtml+xml",
			`<link rel="alternate" hreflang="de" href="/de/"><link rel="stylesheet" type="text/css" href="/s.css">
<LINK REL="Alternate feed" TYPE="application/atom+xml; charset=utf-8" HREF="atom.xml"/>
<link rel="alternate" type="application/rss+xml" href="https://feeds.example.org/world.rss">
<link rel="alternate" type="application/atom+xml" href="/news/atom.xml"><link rel="alternate" type="application/rss+xml" href="javascript:x()">`,
			[]string{"/news/atom.xml", "https://feeds.example.org/world.rss"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.ctype)
				w.Write([]byte(`<!doctype html><html><head>` + tt.head + `</head><body><h1>Top stories</h1></body></html>`))
			}))
			defer srv.Close()
			ad, _ := NewAdder(t.TempDir(), testFetcher())
			_, err := ad.AddFeed(context.Background(), srv.URL+"/news/", time.Time{}, nil)
			var page *NotAFeedError
			if !errors.As(err, &page) || !errors.Is(err, ErrContentType) {
				t.Fatalf("got %v, want a NotAFeedError", err)
			}
			var want []string
			for _, f := range tt.feeds {
				if strings.HasPrefix(f, "/") {
					f = srv.URL + f
				}
				want = append(want, f)
			}
			if !slices.Equal(page.Feeds, want) {
				t.Errorf("feeds %q, want %q", page.Feeds, want)
			}
			msg := err.Error()
			named := strings.Contains(msg, "the page names its feed")
			if !strings.Contains(msg, "a web page, not a feed") || named != (len(want) > 0) || (named && !strings.Contains(msg, want[0])) {
				t.Errorf("message %q", msg)
			}
		})
	}
}
