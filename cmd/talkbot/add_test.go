package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/retrieval/ingest"
	"github.com/talkbot/talkbot/retrieval/ingest/ingesttest"
	"github.com/talkbot/talkbot/seeds"
)

func newsSite(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html><head><title>Envoys meet in Riyadh | Test Wire</title>
<meta property="og:site_name" content="Test Wire"><meta property="article:published_time" content="2025-02-18T19:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Envoys meet in Riyadh</h1>
<p>Envoys from the United States and Russia met in Riyadh on Tuesday for more than four hours.</p>
<p>Both sides agreed to appoint teams to work toward ending the war.</p></article>
<footer>© Test Wire</footer></body></html>`))
	})
	mux.HandleFunc("/undated", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><head><title>Undated story</title></head><body><article><h1>Undated story</h1>
<p>Technical teams began talks in Riyadh about shipping in the Black Sea.</p></article></body></html>`))
	})
	mux.HandleFunc("/missing", http.NotFound)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestAddCommand(t *testing.T) {
	srv := newsSite(t)
	dir := t.TempDir()
	env := map[string]string{"CORPUS_DIR": dir, "TALKBOT_ALLOW_PRIVATE_URLS": "1", "TALKBOT_FETCH_TIMEOUT": "5s"}

	code, out, errOut := talkbot(t, env, "add", srv.URL+"/story")
	if code != 0 || !strings.HasPrefix(out, "added 2025-02-18_") || !strings.HasSuffix(out, ".txt 2025-02-18 Envoys meet in Riyadh\n") {
		t.Fatalf("add: exit %d\n%s%s", code, out, errOut)
	}
	file := strings.Fields(out)[1]

	// Again: skipped as present, exit 0.
	code, out, _ = talkbot(t, env, "add", srv.URL+"/story")
	if code != 0 || out != "skipped "+srv.URL+"/story: already in the corpus as "+file+"\n" {
		t.Fatalf("re-add: exit %d %q", code, out)
	}

	// One failure among good inputs: every line printed, exit 1.
	code, out, errOut = talkbot(t, env, "add", "--json", srv.URL+"/missing", srv.URL+"/undated", "--date", "2025-03-24", "ftp://example.org/x")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	var res struct {
		Added   []map[string]any `json:"added"`
		Skipped []struct {
			Input, Reason string
			Failed        *bool
		} `json:"skipped"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	// Which skipped entries made the exit 1: "failed", said on stderr in
	// JSON's terms rather than as "see the skipped lines", which --json
	// does not print.
	for _, sk := range res.Skipped {
		if sk.Failed == nil || !*sk.Failed {
			t.Errorf("skipped %s (%s): failed %v, want true", sk.Input, sk.Reason, sk.Failed)
		}
	}
	if want := "talkbot add: not every input was added: 2 could not be added (their \"skipped\" entries have \"failed\": true)\n"; errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	code, out, _ = talkbot(t, env, "add", "--json", srv.URL+"/story")
	if code != 0 || !strings.Contains(out, `"reason": "already in the corpus as `+file+`",
      "failed": false`) {
		t.Errorf("re-add --json: exit %d\n%s", code, out)
	}
	if len(res.Added) != 1 || res.Added[0]["date"] != "2025-03-24" || res.Added[0]["headline"] != "Undated story" {
		t.Errorf("added: %+v", res.Added)
	}
	for _, k := range []string{"article", "headline", "date", "publisher", "url", "passages"} {
		if _, ok := res.Added[0][k]; !ok || len(res.Added[0]) != 6 {
			t.Errorf("added entry %v: want exactly article, headline, date, publisher, url, passages", res.Added[0])
		}
	}
	if len(res.Skipped) != 2 || !strings.Contains(res.Skipped[0].Reason, "404") || !strings.Contains(res.Skipped[1].Reason, "http and https") {
		t.Errorf("skipped: %+v", res.Skipped)
	}

	// Without --date an undated page is refused, with the way out named.
	if code, out, _ := talkbot(t, map[string]string{"CORPUS_DIR": t.TempDir(), "TALKBOT_ALLOW_PRIVATE_URLS": "1"}, "add", srv.URL+"/undated"); code != 1 || !strings.Contains(out, "--date") {
		t.Errorf("undated: exit %d %q", code, out)
	}

	// The folder loads: sources lists both articles.
	if code, out, _ := talkbot(t, env, "sources"); code != 0 || !strings.Contains(out, "2 articles:") || !strings.Contains(out, "Test Wire") {
		t.Errorf("sources after add: %d %s", code, out)
	}
}

func TestAddCommandRefusesPrivateByDefault(t *testing.T) {
	srv := newsSite(t)
	code, out, _ := talkbot(t, map[string]string{"CORPUS_DIR": t.TempDir()}, "add", srv.URL+"/story")
	if code != 1 || !strings.Contains(out, "private") || !strings.Contains(out, "TALKBOT_ALLOW_PRIVATE_URLS") {
		t.Errorf("exit %d %q", code, out)
	}
}

func TestAddUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no corpus folder", nil, []string{"add", "https://example.org/a"}, "read-only"},
		{"no inputs", map[string]string{"CORPUS_DIR": t.TempDir()}, []string{"add"}, "at least one"},
		{"bad date", map[string]string{"CORPUS_DIR": t.TempDir()}, []string{"add", "--date", "0001-01-01", "x.html"}, "--date"},
		{"bad timeout", map[string]string{"CORPUS_DIR": t.TempDir(), "TALKBOT_FETCH_TIMEOUT": "soon"}, []string{"add", "x.html"}, "TALKBOT_FETCH_TIMEOUT"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := talkbot(t, tt.env, tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.want) || strings.Count(errOut, "\n") != 1 {
				t.Errorf("exit %d %q, want 2 and one line naming %q", code, errOut, tt.want)
			}
		})
	}
}

func TestAddFeedCommand(t *testing.T) {
	var base string
	etag := `"feed-v1"`
	var fixed atomic.Bool // the gone story's page comes back
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/atom+xml")
		w.Write([]byte(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:w</id><updated>2025-03-12T00:00:00Z</updated>
<entry><title>Ceasefire plan backed in Jeddah</title><id>urn:1</id><link href="` + base + `/story"/><updated>2025-03-11T20:00:00Z</updated></entry>
<entry><title>Gone story</title><id>urn:2</id><link href="` + base + `/missing"/><updated>2025-03-12T08:00:00Z</updated></entry></feed>`))
	})
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><head><title>Ceasefire plan backed in Jeddah</title></head><body><article><h1>Ceasefire plan backed in Jeddah</h1>
<p>Ukraine backed a 30-day ceasefire plan after talks with a US delegation in Jeddah.</p></article></body></html>`))
	})
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) {
		if !fixed.Load() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><head><title>Gone story</title></head><body><article><h1>Gone story</h1>
<p>The story is back online with its text about the talks in Riyadh.</p></article></body></html>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL
	env := map[string]string{"CORPUS_DIR": t.TempDir(), "TALKBOT_ALLOW_PRIVATE_URLS": "1"}

	// The item whose page is gone has no text of its own: it fails, the
	// other goes in, exit 1.
	code, out, _ := talkbot(t, env, "add", "--feed", srv.URL+"/feed.xml")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 1 || len(lines) != 2 || !strings.HasPrefix(lines[0], "added 2025-03-11_") ||
		lines[1] != "skipped "+srv.URL+"/missing: server answered with an error status 404 Not Found" {
		t.Fatalf("first run: exit %d\n%s", code, out)
	}
	// A failed item means the validators were not kept: the next run
	// fetches the feed again and retries it, without refetching the
	// article already added.
	code, out, _ = talkbot(t, env, "add", "--feed", "--json", srv.URL+"/feed.xml")
	if code != 1 || !strings.Contains(out, "already in the corpus as 2025-03-11_") {
		t.Fatalf("second run: exit %d\n%s", code, out)
	}
	fixed.Store(true)
	// The item already in is counted in one line, not said one by one: a
	// cron line would log every item on each poll.
	if code, out, _ = talkbot(t, env, "add", "--feed", srv.URL+"/feed.xml"); code != 0 || !strings.Contains(out, "added 2025-03-12_") ||
		!strings.HasSuffix(out, "\nskipped 1 item of "+srv.URL+"/feed.xml: already in the corpus\n") {
		t.Fatalf("third run: exit %d\n%s", code, out)
	}
	// Everything went in: the validators were kept, and the feed answers 304.
	code, out, _ = talkbot(t, env, "add", "--feed", srv.URL+"/feed.xml")
	if code != 0 || out != "skipped "+srv.URL+"/feed.xml: feed unchanged since the last run (304 Not Modified)\n" {
		t.Fatalf("fourth run: exit %d %q", code, out)
	}
}

// TestAddCommandReportsReplacements: a page that replaces an article
// already in the corpus says which file it replaced, on the line and in
// the JSON.
func TestAddCommandReportsReplacements(t *testing.T) {
	var second atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		date, headline, body := "2025-03-18", "Envoys meet in Riyadh", "Envoys from both countries met in Riyadh on Tuesday for four hours."
		if second.Load() {
			date, headline, body = "2025-03-19", "Markets fall", "Markets fell sharply on Wednesday after weak figures on jobs and orders."
		}
		w.Write([]byte(`<html><head><meta property="article:published_time" content="` + date + `"><title>` + headline +
			`</title></head><body><article><h1>` + headline + `</h1><p>` + body + `</p></article></body></html>`))
	}))
	defer srv.Close()
	env := map[string]string{"CORPUS_DIR": t.TempDir(), "TALKBOT_ALLOW_PRIVATE_URLS": "1"}
	code, out, _ := talkbot(t, env, "add", srv.URL+"/story")
	if code != 0 || strings.Contains(out, "replaced") {
		t.Fatalf("first: exit %d %q", code, out)
	}
	old := strings.Fields(out)[1]
	second.Store(true)
	code, out, _ = talkbot(t, env, "add", srv.URL+"/story")
	if code != 0 || !strings.HasPrefix(out, "added 2025-03-19_") || !strings.HasSuffix(out, " Markets fall (replaced "+old+")\n") {
		t.Fatalf("second: exit %d %q, want the replaced %s named", code, out, old)
	}
	second.Store(false)
	code, out, _ = talkbot(t, env, "add", "--json", srv.URL+"/story")
	var res struct {
		Replaced []struct{ File, By string } `json:"replaced"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 || len(res.Replaced) != 1 || res.Replaced[0].File == "" || res.Replaced[0].By != old {
		t.Fatalf("json: exit %d %v %s", code, err, out)
	}
}

// TestAddCommandReplacesItsOwnFile: a changed page of the same day keeps
// its file name; the line says it replaced the earlier version, not that
// the file replaced itself.
func TestAddCommandReplacesItsOwnFile(t *testing.T) {
	var second atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		hours := "four"
		if second.Load() {
			hours = "five"
		}
		w.Write([]byte(`<html><head><meta property="article:published_time" content="2025-03-18"><title>Envoys meet</title></head>` +
			`<body><article><h1>Envoys meet</h1><p>Envoys from both countries met in Riyadh on Tuesday for ` + hours + ` hours.</p></article></body></html>`))
	}))
	defer srv.Close()
	env := map[string]string{"CORPUS_DIR": t.TempDir(), "TALKBOT_ALLOW_PRIVATE_URLS": "1"}
	if code, out, errOut := talkbot(t, env, "add", srv.URL+"/story"); code != 0 {
		t.Fatalf("first: exit %d %q %q", code, out, errOut)
	}
	second.Store(true)
	code, out, _ := talkbot(t, env, "add", srv.URL+"/story")
	if code != 0 || !strings.HasSuffix(out, " Envoys meet (replaced its earlier version)\n") {
		t.Fatalf("second: exit %d %q, want the earlier version said replaced", code, out)
	}
}

// TestAddCommandReplacesEditedFile: a local article file edited and added
// again replaces its earlier version, said as for a page, on the line and
// in the JSON; the corpus answers from one version.
func TestAddCommandReplacesEditedFile(t *testing.T) {
	dir, src := t.TempDir(), t.TempDir()
	art := filepath.Join(src, "art.txt")
	text := "date 2025-04-11 Envoys meet in Riyadh\n\nEnvoys from both countries met in Riyadh on Tuesday for four hours.\n"
	os.WriteFile(art, []byte(text), 0o644)
	env := map[string]string{"CORPUS_DIR": dir}
	code, out, errOut := talkbot(t, env, "add", art)
	if code != 0 || !strings.HasPrefix(out, "added 2025-04-11_") {
		t.Fatalf("first: exit %d %q %q", code, out, errOut)
	}
	first := strings.Fields(out)[1]
	os.WriteFile(art, []byte(strings.Replace(text, "four hours", "five hours", 1)), 0o644)
	code, out, _ = talkbot(t, env, "add", art)
	if code != 0 || !strings.HasSuffix(out, " Envoys meet in Riyadh (replaced its earlier version)\n") {
		t.Fatalf("second: exit %d %q, want the earlier version said replaced", code, out)
	}
	os.WriteFile(art, []byte(strings.Replace(text, "four hours", "six hours", 1)), 0o644)
	code, out, _ = talkbot(t, env, "add", "--json", art)
	var res struct {
		Replaced []struct{ File, By string } `json:"replaced"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 || len(res.Replaced) != 1 || res.Replaced[0].File != first || res.Replaced[0].By != first {
		t.Fatalf("json: exit %d %v %s, want %s replaced", code, err, out, first)
	}
	code, out, _ = talkbot(t, env, "sources", "--json")
	if code != 0 || strings.Count(out, `"article"`) != 1 {
		t.Errorf("sources: exit %d %s, want one article", code, out)
	}
}

// TestAddFeedCommandTeaserIsRetried: an item whose page fails goes in with
// the feed's own text, says so, and its page is tried again on the next run
// (no 304 until it is in).
func TestAddFeedCommandTeaserIsRetried(t *testing.T) {
	var base string
	var pageHits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title><link>` + base + `/</link><description>x</description>
<item><title>Black Sea talks begin</title><link>` + base + `/slow</link><pubDate>Mon, 24 Mar 2025 08:00:00 GMT</pubDate>
<description>Technical teams began talks in Riyadh on Monday about shipping in the Black Sea.</description></item></channel></rss>`))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		pageHits.Add(1)
		http.Error(w, "busy", http.StatusServiceUnavailable)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL
	env := map[string]string{"CORPUS_DIR": t.TempDir(), "TALKBOT_ALLOW_PRIVATE_URLS": "1"}
	code, out, _ := talkbot(t, env, "add", "--feed", srv.URL+"/feed.xml")
	if code != 0 || !strings.HasPrefix(out, "added 2025-03-24_") ||
		!strings.HasSuffix(out, " Black Sea talks begin (the feed's own text, as the page failed: server answered with an error status 503 Service Unavailable; the page is tried again on the next run)\n") {
		t.Fatalf("first run: exit %d %q", code, out)
	}
	teaser := strings.Fields(out)[1]
	code, out, _ = talkbot(t, env, "add", "--feed", srv.URL+"/feed.xml")
	// "304" as a word: a port (43049) or a file's hash may hold the digits.
	if code != 0 || regexp.MustCompile(`\b304\b`).MatchString(out) || pageHits.Load() != 2 {
		t.Fatalf("second run: exit %d %q, %d page fetches, want the page tried again", code, out, pageHits.Load())
	}
	// The page failed again: said so, with why, and that the teaser
	// stays; not "already in the corpus", as if the page were in.
	want := "skipped " + srv.URL + "/slow: the page failed again: server answered with an error status 503 Service Unavailable; " +
		"the feed's own text stays as " + teaser + ", and the page is tried again on the next run\n"
	if out != want {
		t.Errorf("second run:\n got %q\nwant %q", out, want)
	}
	code, out, _ = talkbot(t, env, "add", "--json", "--feed", srv.URL+"/feed.xml")
	var res addJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 || len(res.Added) != 0 || len(res.Skipped) != 1 ||
		!strings.HasPrefix(res.Skipped[0].Reason, "the page failed again: ") || !strings.Contains(res.Skipped[0].Reason, teaser) {
		t.Errorf("third run, --json: exit %d %v %s", code, err, out)
	}
}

// TestDiscordAddNoDateHint: /add has no --date; its reply for an undated
// page says to add it from the command line with its date.
func TestDiscordAddNoDateHint(t *testing.T) {
	srv := newsSite(t)
	ad, err := ingest.NewAdder(t.TempDir(), ingest.NewFetcher(ingest.FetchConfig{AllowPrivate: true, Timeout: 5 * time.Second}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = discordAdder{ad}.AddURL(context.Background(), srv.URL+"/undated")
	if !errors.Is(err, ingest.ErrNoDate) || !strings.Contains(err.Error(), "talkbot add --date YYYY-MM-DD") || strings.Contains(err.Error(), "(give one with --date") {
		t.Errorf("got %v", err)
	}
}

func TestFeedProgress(t *testing.T) {
	for _, tt := range []struct {
		done, of int
		want     string
	}{
		{1, 3000, "https://x.example/rss: 1 of 3000 items done"},
		{715, 3000, "https://x.example/rss: 715 of 3000 items done"},
		{1, 1, "https://x.example/rss: 1 of 1 item done"},
	} {
		if got := feedProgress("https://x.example/rss", tt.done, tt.of); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

// TestAddFeedWithoutFlagHint: a feed given without --feed is refused with
// the flag named.
func TestAddFeedWithoutFlagHint(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title></channel></rss>`))
	}))
	defer srv.Close()
	env := map[string]string{"CORPUS_DIR": t.TempDir(), "TALKBOT_ALLOW_PRIVATE_URLS": "1"}
	code, out, _ := talkbot(t, env, "add", srv.URL+"/rss.xml")
	if code != 1 || !strings.Contains(out, "application/xml") || !strings.Contains(out, "add it with --feed") {
		t.Errorf("exit %d %q", code, out)
	}
}

// TestServeAddSaysReplaced runs serve against a local Discord with a corpus
// folder: /add of a page adds it, and /add of the same page once it has
// changed replaces its file and says so with the file it replaced, in the
// command line's words, without announcing it as new.
func TestServeAddSaysReplaced(t *testing.T) {
	page := func(date, text string) string {
		return `<html><head><title>Envoys agree on a Black Sea truce | Test Wire</title>
<meta property="og:site_name" content="Test Wire"><meta property="article:published_time" content="` + date + `"></head>
<body><article><h1>Envoys agree on a Black Sea truce</h1><p>` + text + `</p></article></body></html>`
	}
	var current atomic.Value
	current.Store(page("2025-03-25", "Envoys from the United States and Russia agreed in Riyadh to a truce for shipping in the Black Sea."))
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(current.Load().(string)))
	}))
	defer site.Close()

	srv := discordtest.New(t, discordtest.Options{})
	dir := t.TempDir()
	if err := os.CopyFS(dir, seeds.FS()); err != nil {
		t.Fatal(err)
	}
	const announce = "400000000000000099"
	env := map[string]string{
		"DISCORD_TOKEN": srv.Token, "DISCORD_API_URL": srv.URL, "DISCORD_GUILD_ID": "500000000000000001",
		"LOG_FORMAT": "json", "CORPUS_DIR": dir, "DISCORD_ANNOUNCE_CHANNEL": announce,
		"TALKBOT_ALLOW_PRIVATE_URLS": "1", "TALKBOT_FETCH_TIMEOUT": "5s",
	}
	s := startServe(t, srv, env)
	editor := discordtest.Where{GuildID: "500000000000000001", ChannelID: "400000000000000001", UserID: "300000000000000001",
		Permissions: discordgo.PermissionManageGuild}
	add := func(step, want string) string {
		t.Helper()
		tok := srv.Command(editor, "add", discordtest.Option{Name: "url", Value: site.URL + "/truce"})
		srv.Wait(30*time.Second, step, func() bool {
			m := srv.Original(tok)
			return m != nil && (strings.Contains(m.Content, "Added") || strings.Contains(m.Content, "Not added") || strings.Contains(m.Content, "Already"))
		})
		got := srv.Original(tok).Content
		if !strings.Contains(got, want) {
			t.Errorf("%s: reply %q, want it to contain %q", step, got, want)
		}
		return got
	}
	if got := add("the first /add", "✅ Added: **Envoys agree on a Black Sea truce** — Test Wire, 2025-03-25"); strings.Contains(got, "replaced") {
		t.Errorf("a new article is said to replace one: %q", got)
	}
	first, _ := filepath.Glob(filepath.Join(dir, "2025-03-25_*.txt"))
	if len(first) != 1 {
		t.Fatalf("files after the first /add: %v", first)
	}
	old := filepath.Base(first[0])
	srv.Wait(30*time.Second, "the announcement of the new article", func() bool { return len(srv.ChannelMessages(announce)) == 1 })

	// The page is updated, with a new date: a new file replaces the old one.
	current.Store(page("2025-03-26", "Envoys from the United States and Russia agreed in Riyadh to a truce for shipping in the Black Sea, the White House said on Wednesday."))
	got := add("the /add of the changed page", "✅ Added: **Envoys agree on a Black Sea truce** — Test Wire, 2025-03-26")
	if want := "(replaced " + strings.ReplaceAll(old, "_", `\_`) + ")"; !strings.Contains(got, want) {
		t.Errorf("the reply %q does not say it replaced %s (want %q)", got, old, want)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "2025-03-2?_*.txt"))
	if len(files) != 1 || filepath.Base(files[0]) == old {
		t.Errorf("files after the replacement: %v, want one new file in place of %s", files, old)
	}
	// Stopping finishes the /add in flight, announcement included.
	s.stop(t)
	if msgs := srv.ChannelMessages(announce); len(msgs) != 1 {
		t.Errorf("the replacement was announced as a new article: %d announcements, want 1", len(msgs))
	}
}

// TestAddFeedCommandTeaserRemovalFails: when an item's page is in at last
// but its earlier teaser's file cannot be removed, the item's line says so
// and that it is tried again; the next run removes it once it can.
func TestAddFeedCommandTeaserRemovalFails(t *testing.T) {
	var ok atomic.Bool
	srv := ingesttest.TeaserFeed(t, &ok)
	dir := t.TempDir()
	env := map[string]string{"CORPUS_DIR": dir, "TALKBOT_ALLOW_PRIVATE_URLS": "1"}
	feed := srv.URL + "/feed.xml"
	code, out, _ := talkbot(t, env, "add", "--feed", feed)
	if code != 0 || !strings.Contains(out, "(the feed's own text, as the page failed: ") {
		t.Fatalf("first run: exit %d %q", code, out)
	}
	teaser := strings.Fields(out)[1]
	inside := ingesttest.BlockRemoval(t, dir, teaser)

	ok.Store(true)
	code, out, _ = talkbot(t, env, "add", "--feed", feed)
	want := " Black Sea talks begin (the item's earlier text " + teaser + " could not be removed: remove " + filepath.Join(dir, teaser) + ": "
	if code != 0 || !strings.HasPrefix(out, "added 2025-03-24_") || !strings.Contains(out, want) || !strings.HasSuffix(out, "; tried again on the next run)\n") ||
		strings.Fields(out)[1] == teaser {
		t.Fatalf("second run: exit %d %q, want the page added and a line containing %q", code, out, want)
	}
	page := strings.Fields(out)[1]

	if err := os.Remove(inside); err != nil {
		t.Fatal(err)
	}
	code, out, _ = talkbot(t, env, "add", "--feed", feed)
	if code != 0 || out != "skipped 1 item of "+feed+": already in the corpus\n" {
		t.Fatalf("third run: exit %d %q", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, page)); err != nil {
		t.Errorf("the page %s is gone: %v", page, err)
	}
	if _, err := os.Stat(filepath.Join(dir, teaser)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the teaser %s is still there: %v", teaser, err)
	}
}

// TestAddCommandVersionRemovalFails: when a changed page's earlier version
// cannot be removed, the added line says so (as a teaser left in place is
// reported) and what to do, --json lists it under warnings, and /add's
// result carries it.
func TestAddCommandVersionRemovalFails(t *testing.T) {
	var day atomic.Int32
	day.Store(18)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d := day.Load()
		if r.URL.Path == "/feed.xml" { // the same page, as serve's feed poll finds it
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>
<item><title>Envoys meet in Riyadh</title><link>%s/story</link><pubDate>Sat, %d Feb 2025 10:00:00 GMT</pubDate></item></channel></rss>`, srv.URL, d)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<html><head><title>Envoys meet in Riyadh</title><meta property="article:published_time" content="2025-02-%dT10:00:00Z"></head>
<body><article><h1>Envoys meet in Riyadh</h1><p>Envoys from both countries met in Riyadh on Tuesday, update %d.</p>
<p>Both sides agreed to appoint teams to work toward ending the war.</p></article></body></html>`, d, d)
	}))
	defer srv.Close()
	dir := t.TempDir()
	env := map[string]string{"CORPUS_DIR": dir, "TALKBOT_ALLOW_PRIVATE_URLS": "1"}
	code, out, _ := talkbot(t, env, "add", srv.URL+"/story")
	if code != 0 || !strings.HasPrefix(out, "added 2025-02-18_") {
		t.Fatalf("first add: exit %d %q", code, out)
	}
	first := strings.Fields(out)[1]
	ingesttest.BlockRemoval(t, dir, first)

	day.Store(19)
	code, out, _ = talkbot(t, env, "add", srv.URL+"/story")
	want := " Envoys meet in Riyadh (the page's earlier version " + first + " could not be removed: remove " + filepath.Join(dir, first) + ": "
	if code != 0 || !strings.HasPrefix(out, "added 2025-02-19_") || !strings.Contains(out, want) ||
		!strings.HasSuffix(out, "; remove it by hand so the corpus holds one version)\n") || strings.Contains(out, "(replaced") {
		t.Fatalf("second add: exit %d %q, want the page added and a line containing %q", code, out, want)
	}
	second := strings.Fields(out)[1]
	// The warning as the command line shows it: every other place shows
	// the same text (ingest.Result.Warning).
	warning := strings.TrimSuffix(out[strings.Index(out, " (the page's")+2:], ")\n")

	day.Store(20)
	code, out, _ = talkbot(t, env, "add", "--json", srv.URL+"/story")
	var got addJSON
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
		t.Fatalf("third add: exit %d %v %q", code, err, out)
	}
	if len(got.Added) != 1 || len(got.Replaced) != 1 || got.Replaced[0].File != second || len(got.Warnings) != 1 ||
		got.Warnings[0].File != got.Added[0].Article || got.Warnings[0].Warning != warning {
		t.Errorf("third add: %+v, want %s replaced and a warning about %s", got, second, first)
	}

	// /add reports it too.
	day.Store(21)
	ad, err := ingest.NewAdder(dir, ingest.NewFetcher(ingest.FetchConfig{AllowPrivate: true, Timeout: 5 * time.Second}))
	if err != nil {
		t.Fatal(err)
	}
	r, err := discordAdder{ad}.AddURL(context.Background(), srv.URL+"/story")
	if err != nil || r.Present || r.Warn != warning {
		t.Errorf("/add: %+v %v, want the warning %q", r, err, warning)
	}

	// serve's feed poll logs it.
	day.Store(22)
	logs := &syncBuffer{}
	a := &app{getenv: func(string) string { return "" }, logger: slog.New(slog.NewJSONHandler(logs, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a.pollFeeds(ctx, ad, feedConfig{feeds: []string{srv.URL + "/feed.xml"}, interval: time.Minute}, func(ingest.Result) { cancel() })
	var logged []string
	for line := range strings.Lines(logs.String()) {
		var rec struct{ Msg, Reason string }
		if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "feed item added, with a problem" {
			logged = append(logged, rec.Reason)
		}
	}
	if len(logged) != 1 || logged[0] != warning {
		t.Errorf("feed log: %q, want one warning %q\n%s", logged, warning, logs)
	}
}

// TestAddFeedKnowsAnUndatedPageAddedByHand: a page without a date added
// with --date is already in the corpus for its feed, whose item gives no
// date either: exit 0 on every run, and serve's poll warns of nothing.
func TestAddFeedKnowsAnUndatedPageAddedByHand(t *testing.T) {
	var base string
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", ingesttest.RSS(func() string { return base },
		ingesttest.Item{Title: "Witkoff in Moscow", Link: "/nodate.html?utm_source=rss", PubDate: "32 Foo 2025", Description: "Witkoff arrives in Moscow."}))
	mux.HandleFunc("/nodate.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><html><head><title>Undated story</title></head><body><article><h1>Witkoff travels to Moscow for meeting with Putin</h1>
<p>US special envoy Steve Witkoff arrived in Moscow for a meeting with Russian President Vladimir Putin to discuss the ceasefire proposal.</p>
<p>The Kremlin said Putin would receive the envoy behind closed doors later in the evening after a day of talks.</p></article></body></html>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL
	dir := t.TempDir()
	env := map[string]string{"TALKBOT_ALLOW_PRIVATE_URLS": "1", "TALKBOT_FETCH_TIMEOUT": "5s"}

	code, out, errOut := talkbot(t, env, "add", "--corpus", dir, "--date", "2025-03-13", srv.URL+"/nodate.html")
	if code != 0 || !strings.HasPrefix(out, "added 2025-03-13_") {
		t.Fatalf("add by hand: exit %d\n%s%s", code, out, errOut)
	}
	file := strings.Fields(out)[1]
	code, out, errOut = talkbot(t, env, "add", "--corpus", dir, "--json", "--feed", srv.URL+"/feed.xml")
	var got addJSON
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil || len(got.Added) != 0 || len(got.Skipped) != 1 ||
		got.Skipped[0].Reason != "already in the corpus as "+file {
		t.Fatalf("first feed run: exit %d %v\n%s%s", code, err, out, errOut)
	}
	for run := range 2 {
		code, out, errOut = talkbot(t, env, "add", "--corpus", dir, "--feed", srv.URL+"/feed.xml")
		if want := "skipped 1 item of " + srv.URL + "/feed.xml: already in the corpus\n"; code != 0 || out != want {
			t.Errorf("feed run %d: exit %d %q%s, want %q", run, code, out, errOut, want)
		}
	}

	// serve's poll, with a state of its own: nothing to warn about.
	os.Remove(filepath.Join(dir, ingest.FeedStateFile))
	adder, err := ingest.NewAdder(dir, ingest.NewFetcher(ingest.FetchConfig{AllowPrivate: true}))
	if err != nil {
		t.Fatal(err)
	}
	for poll := range 2 {
		if l := pollRound(adder, srv.URL+"/feed.xml", "feed read", nil); strings.Contains(l, "level=WARN") || !strings.Contains(l, `msg="feed read"`) || !strings.Contains(l, "added=0") {
			t.Errorf("poll %d logged:\n%s", poll, l)
		}
	}
}

// TestAddSkipsNearCopies: a page that is an article of the corpus with a
// phrase changed, at another address, is skipped with one line naming that
// article's file, exit 0, as an exact copy is; in a feed it is said on the
// run that finds it and counted as present after, and serve logs it once.
func TestAddSkipsNearCopies(t *testing.T) {
	const page = ingesttest.JeddahPage
	var base string
	mux := http.NewServeMux()
	for path, html := range map[string]string{
		"/good2.html":  page,
		"/dup.html":    page,
		"/good2b.html": strings.Replace(page, "<p>Washington said", "<p>The United States said", 1),
		"/good2c.html": strings.Replace(page, "in the Saudi city of Jeddah", "in Jeddah, Saudi Arabia", 1),
	} {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(html))
		})
	}
	mux.HandleFunc("/feed.xml", ingesttest.RSS(func() string { return base },
		ingesttest.Item{Title: "Ukraine accepts", Link: "/good2c.html", PubDate: "Tue, 11 Mar 2025 10:00:00 GMT"}))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL
	dir := t.TempDir()
	env := map[string]string{"CORPUS_DIR": dir, "TALKBOT_ALLOW_PRIVATE_URLS": "1", "TALKBOT_FETCH_TIMEOUT": "5s"}
	code, out, errOut := talkbot(t, env, "add", srv.URL+"/good2.html")
	if code != 0 || !strings.HasPrefix(out, "added 2025-03-11_") {
		t.Fatalf("add: exit %d\n%s%s", code, out, errOut)
	}
	file := strings.Fields(out)[1]
	for _, tt := range []struct{ args, want string }{
		{"/dup.html", "skipped {{srv}}/dup.html: already in the corpus as {{file}}\n"},
		{"/good2b.html", "skipped {{srv}}/good2b.html: a near copy of {{file}}, already in the corpus (87% the same text)\n"},
		{"--feed /feed.xml", "skipped {{srv}}/good2c.html: a near copy of {{file}}, already in the corpus (82% the same text)\n"},
		{"--feed /feed.xml", "skipped 1 item of {{srv}}/feed.xml: already in the corpus\n"},
	} {
		args := []string{"add"}
		for _, a := range strings.Fields(tt.args) {
			if strings.HasPrefix(a, "/") {
				a = srv.URL + a
			}
			args = append(args, a)
		}
		want := strings.NewReplacer("{{srv}}", srv.URL, "{{file}}", file).Replace(tt.want)
		if code, out, errOut := talkbot(t, env, args...); code != 0 || out != want {
			t.Errorf("talkbot %s: exit %d %q%s, want exit 0 %q", strings.Join(args, " "), code, out, errOut, want)
		}
	}
	if code, out, _ := talkbot(t, env, "sources"); code != 0 || !strings.Contains(out, "1 article:") {
		t.Errorf("sources: exit %d\n%s", code, out)
	}

	// serve's poll, with a state of its own: one line, at INFO.
	os.Remove(filepath.Join(dir, ingest.FeedStateFile))
	adder, err := ingest.NewAdder(dir, ingest.NewFetcher(ingest.FetchConfig{AllowPrivate: true}))
	if err != nil {
		t.Fatal(err)
	}
	for poll, want := range []int{1, 0} {
		l := pollRound(adder, srv.URL+"/feed.xml", "feed read", func(ingest.Result) { t.Errorf("poll %d added an article", poll) })
		line := `level=INFO msg="feed item not added: a near copy of an article already in the corpus" feed=` + srv.URL + `/feed.xml item=` + srv.URL + `/good2c.html file=` + file + ` similarity=0.82`
		if strings.Count(l, line) != want || strings.Contains(l, "level=WARN") {
			t.Errorf("poll %d logged:\n%s\nwant %d of %s", poll, l, want, line)
		}
	}
}

// TestAddFeedGivenAPage: --feed with a web page says what to do: give the
// feed the page names, or leave out --feed to add the page as an article.
func TestAddFeedGivenAPage(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/front.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><html><head><title>Example News - Home</title></head><body><h1>Top stories</h1></body></html>`))
	})
	mux.HandleFunc("/world/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="rss.xml"></head><body><h1>World</h1></body></html>`))
	})
	mux.HandleFunc("/both.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head><body></body></html>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	env := map[string]string{"CORPUS_DIR": t.TempDir(), "TALKBOT_ALLOW_PRIVATE_URLS": "1"}
	const refused = "feed: content type is not accepted: text/html (want RSS or Atom XML): a web page, not a feed"
	for _, tt := range []struct{ path, want string }{
		{"/front.html", refused + "; to add it as an article, leave out --feed"},
		{"/world/", refused + "; the page names its feed {{srv}}/world/rss.xml: give that to --feed"},
		{"/both.html", refused + "; the page names its feeds {{srv}}/rss.xml, {{srv}}/atom.xml: give one to --feed"},
	} {
		want := "skipped " + srv.URL + tt.path + ": " + strings.ReplaceAll(tt.want, "{{srv}}", srv.URL) + "\n"
		if code, out, errOut := talkbot(t, env, "add", "--feed", srv.URL+tt.path); code != 1 || out != want {
			t.Errorf("%s: exit %d %q%s\nwant exit 1 %q", tt.path, code, out, errOut, want)
		}
	}

	// serve, with the page in TALKBOT_FEEDS, says where the feed is.
	adder, err := ingest.NewAdder(t.TempDir(), ingest.NewFetcher(ingest.FetchConfig{AllowPrivate: true}))
	if err != nil {
		t.Fatal(err)
	}
	logs := pollRound(adder, srv.URL+"/world/", "feed not read", nil)
	if want := "the page names its feed " + srv.URL + "/world/rss.xml: put that in TALKBOT_FEEDS\""; !strings.Contains(logs, want) {
		t.Errorf("serve logged:\n%s\nwant %s", logs, want)
	}
}
