package ingest

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/ingest/ingesttest"
)

func pageHTML(headline, date, body string) string {
	return `<html><head><meta property="og:title" content="` + headline + `">
<meta property="article:published_time" content="` + date + `"><meta property="og:site_name" content="Test Wire"></head>
<body><nav><a href="/">Home</a></nav><article><h1>` + headline + `</h1><p>` + body + `</p>
<p>Officials from both sides said further meetings would follow in the coming weeks.</p></article></body></html>`
}

func listTxt(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestAddIsIdempotentAndReplacesChangedPages: the same page twice changes
// nothing; a changed page (even with a corrected date) replaces its file.
func TestAddIsIdempotentAndReplacesChangedPages(t *testing.T) {
	var version atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		switch version.Load() {
		case 0:
			w.Write([]byte(pageHTML("Envoys meet in Riyadh", "2025-02-18", "Envoys from both countries met in Riyadh on Tuesday.")))
		default:
			w.Write([]byte(pageHTML("Envoys meet in Riyadh", "2025-02-19", "Envoys from both countries met in Riyadh on Tuesday for four hours.")))
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	ad, _ := NewAdder(dir, testFetcher())
	ctx := context.Background()

	r1, err := ad.AddURL(ctx, srv.URL+"/story#comments", time.Time{})
	if err != nil || r1.Status != Added {
		t.Fatalf("first add: %+v %v", r1, err)
	}
	first, _ := os.ReadFile(filepath.Join(dir, r1.File))
	if !strings.HasPrefix(string(first), "date 2025-02-18 Envoys meet in Riyadh\nSOURCE: Test Wire\nURL: "+srv.URL+"/story\n") {
		t.Errorf("file:\n%s", first)
	}
	// Another adder (a second run) sees it too.
	ad2, _ := NewAdder(dir, testFetcher())
	r2, err := ad2.AddURL(ctx, srv.URL+"/story", time.Time{})
	if err != nil || r2.Status != Present || r2.File != r1.File {
		t.Fatalf("second add: %+v %v", r2, err)
	}
	if names := listTxt(t, dir); len(names) != 1 {
		t.Fatalf("files after re-adding: %v", names)
	}
	version.Store(1)
	r3, err := ad2.AddURL(ctx, srv.URL+"/story", time.Time{})
	if err != nil || r3.Status != Replaced || !strings.HasPrefix(r3.File, "2025-02-19_") {
		t.Fatalf("changed page: %+v %v", r3, err)
	}
	if names := listTxt(t, dir); len(names) != 1 || names[0] != r3.File {
		t.Fatalf("files after the change: %v (the old version must go, no temporary file may stay)", names)
	}
	if r1.File[10:] != r3.File[10:] {
		t.Errorf("the hash part changed: %s vs %s (it names the URL)", r1.File, r3.File)
	}
	c, err := retrieval.LoadDir(dir)
	if err != nil || len(c.Articles) != 1 || len(c.Skipped) != 0 {
		t.Fatalf("the corpus does not load the file: %v %+v", err, c)
	}
}

func TestAddFiles(t *testing.T) {
	dir := t.TempDir()
	src := t.TempDir()
	ad, _ := NewAdder(dir, nil)

	// A seed-format article keeps its text; a copy of one already present
	// under another name is found by its content.
	seed, err := os.ReadFile("../../seeds/003_de8c20d388a4a3c7.txt")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "003_de8c20d388a4a3c7.txt"), seed, 0o644)
	os.WriteFile(filepath.Join(src, "copy.txt"), seed, 0o644)
	r, err := ad.AddFile(filepath.Join(src, "copy.txt"), time.Time{})
	if err != nil || r.Status != Present || r.File != "003_de8c20d388a4a3c7.txt" {
		t.Fatalf("copy of a present article: %+v %v", r, err)
	}

	art := "date 2025-03-01 Envoys meet again\n\nEnvoys met again in Istanbul on Thursday.\n"
	os.WriteFile(filepath.Join(src, "new.txt"), []byte(art), 0o644)
	r, err = ad.AddFile(filepath.Join(src, "new.txt"), time.Time{})
	if err != nil || r.Status != Added || !strings.HasPrefix(r.File, "2025-03-01_") {
		t.Fatalf("new article: %+v %v", r, err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, r.File)); string(got) != art {
		t.Errorf("a .txt article must be copied as is, got %q", got)
	}
	if r2, err := ad.AddFile(filepath.Join(src, "new.txt"), time.Time{}); err != nil || r2.Status != Present || r2.File != r.File {
		t.Errorf("again: %+v %v", r2, err)
	}

	page, _ := os.ReadFile("testdata/pages/og.html")
	os.WriteFile(filepath.Join(src, "page.html"), page, 0o644)
	r, err = ad.AddFile(filepath.Join(src, "page.html"), time.Time{})
	if err != nil || r.Article.Headline != "Envoys agree to keep talking after Riyadh meeting" ||
		r.Article.URL != "https://meridianpost.example/world/envoys-riyadh" {
		// A local page's relative canonical link cannot be resolved; og:url
		// is absolute and loses its tracking parameter.
		t.Fatalf("html file: %+v %v", r, err)
	}

	for _, tt := range []struct{ name, data, want string }{
		{"bad.txt", "no header here\n", "not an article file"},
		{"old.txt", "date 0001-01-01 Old\n\nText here.\n", "1900"},
		{"notes.md", "# notes\n", "not an .html page or a .txt article"},
	} {
		os.WriteFile(filepath.Join(src, tt.name), []byte(tt.data), 0o644)
		if _, err := ad.AddFile(filepath.Join(src, tt.name), time.Time{}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.want)
		}
	}
	// A folder is named as one, not as a pipe or device, with its files suggested.
	if _, err := ad.AddFile(src, time.Time{}); !errors.Is(err, ErrIsDir) || !strings.Contains(err.Error(), filepath.Join(src, "*.html")) {
		t.Errorf("a folder: got %v, want %v naming %s", err, ErrIsDir, filepath.Join(src, "*.html"))
	}
	if _, err := ad.AddFile(filepath.Join(src, "missing.txt"), time.Time{}); err == nil {
		t.Error("a missing file was added")
	}
	for _, n := range listTxt(t, dir) {
		if strings.HasSuffix(n, ".tmp") {
			t.Errorf("temporary file left: %s", n)
		}
	}
}

func TestIsURL(t *testing.T) {
	for in, want := range map[string]bool{
		"https://example.org/a": true, "ftp://x/y": true, "file:///etc/passwd": true,
		"article.txt": false, "dir/a://b.txt": false, "./x.html": false,
	} {
		if IsURL(in) != want {
			t.Errorf("IsURL(%q) = %v", in, !want)
		}
	}
}

// TestCanonicalIdentity: a canonical URL that is the site's root, or that
// names another article already in the corpus, is not the page's identity;
// a replacement is always reported with the file it replaced.
func TestCanonicalIdentity(t *testing.T) {
	page := func(canonical, headline, body string) string {
		return `<html><head><title>` + headline + ` | Ledger</title><link rel="canonical" href="` + canonical + `">
<meta property="article:published_time" content="2025-03-18"><meta property="og:site_name" content="Ledger"></head>
<body><article><h1>` + headline + `</h1><p>` + body + `</p></article></body></html>`
	}
	var story atomic.Value
	story.Store(page("/story", "Envoys meet in Riyadh", "Envoys from both countries met in Riyadh on Tuesday for four hours."))
	srv := serveHTML(t, map[string]string{
		"/putin": page("https://ledger.example/", "Putin agrees to halt strikes on energy sites",
			"Putin agreed on Tuesday to stop attacks on Ukrainian energy infrastructure for 30 days."),
		"/storm": page("https://ledger.example", "Storm hits the coast",
			"A storm hit the coast on Wednesday, and thousands of people were evacuated from their homes."),
		"/markets": page("/putin", "Markets rally after the rate decision",
			"Markets rallied on Thursday after the central bank left its interest rate unchanged."),
		"/putin-amp": page("/putin", "Putin agrees to halt strikes on energy sites",
			"Putin agreed on Tuesday to stop attacks on Ukrainian energy infrastructure for 30 days, the Kremlin said."),
	})
	mux := http.NewServeMux()
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(story.Load().(string)))
	})
	changing := httptest.NewServer(mux)
	defer changing.Close()

	ad, _ := NewAdder(t.TempDir(), testFetcher())
	files := map[string]string{} // step → file
	for _, step := range []struct {
		name, url, change string
		status            Status
		replaced          string // the step whose file is replaced
		sameFileAs        string
	}{
		{name: "root canonical", url: srv.URL + "/putin", status: Added},
		{name: "another page, same root canonical", url: srv.URL + "/storm", status: Added},
		{name: "canonical naming another article", url: srv.URL + "/markets", status: Added},
		{name: "canonical naming a version of this article", url: srv.URL + "/putin-amp", status: Replaced, replaced: "root canonical", sameFileAs: "root canonical"},
		{name: "story", url: changing.URL + "/story", status: Added},
		{name: "the same URL, now another story", url: changing.URL + "/story", status: Replaced, replaced: "story", sameFileAs: "story",
			change: page("/story", "Markets fall", "Markets fell sharply on Friday after weak figures on jobs and on factory orders.")},
	} {
		if step.change != "" {
			story.Store(step.change)
		}
		r, err := ad.AddURL(context.Background(), step.url, time.Time{})
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		files[step.name] = r.File
		if r.Status != step.status || (step.replaced != "" && r.Replaced != files[step.replaced]) || (step.replaced == "" && r.Replaced != "") {
			t.Errorf("%s: status %v replaced %q, want %v %q", step.name, r.Status, r.Replaced, step.status, files[step.replaced])
		}
		if step.sameFileAs != "" && r.File != files[step.sameFileAs] {
			t.Errorf("%s: file %s, want %s", step.name, r.File, files[step.sameFileAs])
		}
	}
	if n := len(listTxt(t, ad.Dir())); n != 4 {
		t.Errorf("%d files, want 4 (putin, storm, markets, story): %v", n, listTxt(t, ad.Dir()))
	}
	seen := map[string]bool{}
	for _, f := range []string{files["root canonical"], files["another page, same root canonical"], files["canonical naming another article"]} {
		if seen[f] {
			t.Errorf("two different articles share %s: %v", f, files)
		}
		seen[f] = true
	}
}

// TestSameStory: versions of one report are one story; different reports
// of the same events, which share many words, are not.
func TestSameStory(t *testing.T) {
	read := func(path string) *retrieval.Article {
		t.Helper()
		return readTestArticle(t, filepath.Join("..", "testdata", path))
	}
	text := func(a *retrieval.Article) []string {
		var out []string
		for _, p := range a.Passages {
			out = append(out, p.Text)
		}
		return out
	}
	kellogg := read("talks/09_kellogg_kyiv.txt")
	edited := append(text(kellogg), "The envoy is due to travel to Brussels on Friday for talks with European officials.")
	edited[0] = strings.Replace(edited[0], "Thursday", "Thursday afternoon", 1)
	tests := []struct {
		name     string
		old      *retrieval.Article
		headline string
		text     []string
		want     bool
	}{
		{"another report of the talks (talks2/02)", kellogg, read("talks2/02_paris_talks_rubio_warning.txt").Headline, text(read("talks2/02_paris_talks_rubio_warning.txt")), false},
		{"another report of the talks (talks2/04)", kellogg, read("talks2/04_vatican_meeting.txt").Headline, text(read("talks2/04_vatican_meeting.txt")), false},
		{"an updated version under a new headline", kellogg, "Kellogg and Zelensky meet in Kyiv", edited, true},
		{"the same headline", kellogg, kellogg.Headline, []string{"Zelensky met Kellogg."}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sameStory(tt.old, tt.headline, tt.text); got != tt.want {
				t.Errorf("sameStory = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestConcurrentAddsSharingACanonical: two different articles pointing at
// one canonical URL, added at once, both stay: the choice of identity and
// the write happen under one lock.
func TestConcurrentAddsSharingACanonical(t *testing.T) {
	page := func(headline, body string) []byte {
		return []byte(`<html><head><title>` + headline + `</title><link rel="canonical" href="https://ledger.example/news">
<meta property="article:published_time" content="2025-03-18"></head>
<body><article><h1>` + headline + `</h1><p>` + body + `</p></article></body></html>`)
	}
	pages := []struct {
		url  string
		body []byte
	}{
		{"https://ledger.example/putin", page("Putin agrees to halt strikes on energy sites", "Putin agreed on Tuesday to stop attacks on Ukrainian energy infrastructure for 30 days.")},
		{"https://ledger.example/storm", page("Storm hits the coast", "A storm hit the coast on Wednesday, and thousands of people were evacuated from their homes.")},
	}
	for range 20 {
		ad, _ := NewAdder(t.TempDir(), nil)
		errs := make(chan error, len(pages))
		for _, p := range pages {
			go func() {
				u, _ := url.Parse(p.url)
				_, err := ad.AddHTML(p.body, u, time.Time{})
				errs <- err
			}()
		}
		for range pages {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if n := len(listTxt(t, ad.Dir())); n != 2 {
			t.Fatalf("%d files, want 2: %v", n, listTxt(t, ad.Dir()))
		}
	}
}

// TestAddVersionRemovalFails: when a changed page's earlier version (under
// another date, so another file) cannot be removed, the add still writes
// the new version but says so (Warn, naming the file and the reason) rather
// than claim a replacement and leave two versions unnoticed; once the
// earlier file can go, a later version replaces it as usual.
func TestAddVersionRemovalFails(t *testing.T) {
	var version atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		bodies := []string{
			pageHTML("Envoys meet in Riyadh", "2025-02-18", "Envoys from both countries met in Riyadh on Tuesday."),
			pageHTML("Envoys meet in Riyadh", "2025-02-19", "Envoys from both countries met in Riyadh on Tuesday for four hours."),
			pageHTML("Envoys meet in Riyadh", "2025-02-20", "Envoys from both countries met in Riyadh on Tuesday for four and a half hours."),
		}
		w.Write([]byte(bodies[version.Load()]))
	}))
	defer srv.Close()
	dir := t.TempDir()
	ad, _ := NewAdder(dir, testFetcher())
	ctx := context.Background()

	r1, err := ad.AddURL(ctx, srv.URL+"/story", time.Time{})
	if err != nil || r1.Status != Added || r1.Warn != nil {
		t.Fatalf("first add: %+v %v", r1, err)
	}
	inside := ingesttest.BlockRemoval(t, dir, r1.File)

	version.Store(1)
	r2, err := ad.AddURL(ctx, srv.URL+"/story", time.Time{})
	if err != nil || r2.Status != Added || r2.Replaced != "" || r2.File == r1.File {
		t.Fatalf("changed page: %+v %v, want it added in a new file, replacing nothing", r2, err)
	}
	var pe *fs.PathError
	if r2.Warn == nil || !strings.Contains(r2.Warn.Error(), "the page's earlier version "+r1.File+" could not be removed: ") ||
		!errors.As(r2.Warn, &pe) || pe.Op != "remove" || pe.Path != filepath.Join(dir, r1.File) {
		t.Errorf("changed page: warning %v, want the failed removal of %s", r2.Warn, r1.File)
	}
	if _, err := os.Stat(filepath.Join(dir, r2.File)); err != nil {
		t.Errorf("the new version's file: %v", err)
	}

	// Unblocked: the next version replaces both earlier files, quietly.
	if err := os.Remove(inside); err != nil {
		t.Fatal(err)
	}
	version.Store(2)
	r3, err := ad.AddURL(ctx, srv.URL+"/story", time.Time{})
	if err != nil || r3.Status != Replaced || r3.Warn != nil {
		t.Fatalf("third version: %+v %v, want a quiet replacement", r3, err)
	}
	if names := listTxt(t, dir); len(names) != 1 || names[0] != r3.File {
		t.Errorf("files after the third version: %v, want only %s", names, r3.File)
	}
}

// TestAddInFolderWithPatternCharacters: a corpus folder whose path holds
// glob metacharacters ([, *, ?) still finds a page's earlier version, so a
// changed page replaces its file instead of adding a second one, and the
// folder loads.
func TestAddInFolderWithPatternCharacters(t *testing.T) {
	for _, folder := range []string{"talkbot[x]", "talk*bot", "talkbot?", `talk\bot[`} {
		t.Run(folder, func(t *testing.T) {
			var version atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				if version.Load() == 0 {
					w.Write([]byte(pageHTML("Envoys meet in Riyadh", "2025-02-18", "Envoys from both countries met in Riyadh on Tuesday.")))
					return
				}
				w.Write([]byte(pageHTML("Envoys meet in Riyadh", "2025-02-19", "Envoys from both countries met in Riyadh on Tuesday for four hours.")))
			}))
			defer srv.Close()
			dir := filepath.Join(t.TempDir(), folder, "corpus")
			ad, err := NewAdder(dir, testFetcher())
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			r1, err := ad.AddURL(ctx, srv.URL+"/story", time.Time{})
			if err != nil || r1.Status != Added {
				t.Fatalf("first add: %+v %v", r1, err)
			}
			version.Store(1)
			// A second adder (a second run) looks the versions up afresh.
			ad2, _ := NewAdder(dir, testFetcher())
			r2, err := ad2.AddURL(ctx, srv.URL+"/story", time.Time{})
			if err != nil || r2.Status != Replaced || r2.Replaced != r1.File || r2.Warn != nil {
				t.Fatalf("changed page: %+v %v, want it to replace %s", r2, err, r1.File)
			}
			if names := listTxt(t, dir); len(names) != 1 || names[0] != r2.File {
				t.Errorf("files: %v, want only %s", names, r2.File)
			}
			if c, err := retrieval.LoadDir(dir); err != nil || len(c.Articles) != 1 {
				t.Errorf("the folder does not load: %v", err)
			}
		})
	}
}

// TestAddLocalFileVersions: a local article file without a URL is known by
// its path, as a page is by its URL: edited and added again (also by
// another spelling of the path), it replaces its earlier version instead of
// leaving two contradicting ones. A path reused for another story adds that
// story beside the first, and editing the second replaces only it.
func TestAddLocalFileVersions(t *testing.T) {
	dir := t.TempDir()
	src := t.TempDir()
	ad, _ := NewAdder(dir, nil)
	path := filepath.Join(src, "art.txt")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files := func() []string {
		var txt []string
		for _, n := range listTxt(t, dir) {
			if strings.HasSuffix(n, ".txt") {
				txt = append(txt, n)
			}
		}
		return txt
	}

	write("date 2025-04-11 Envoys meet in Riyadh\n\nEnvoys from both countries met in Riyadh on Tuesday for four hours.\n")
	r1, err := ad.AddFile(path, time.Time{})
	if err != nil || r1.Status != Added {
		t.Fatalf("first add: %+v %v", r1, err)
	}
	write("date 2025-04-11 Envoys meet in Riyadh\n\nEnvoys from both countries met in Riyadh on Tuesday for five hours.\n")
	// A second run, and the path given relative to the working folder.
	t.Chdir(src)
	ad2, _ := NewAdder(dir, nil)
	r2, err := ad2.AddFile("art.txt", time.Time{})
	if err != nil || r2.Status != Replaced || r2.Replaced != r1.File || r2.Warn != nil {
		t.Fatalf("edited file: %+v %v, want it to replace %s", r2, err, r1.File)
	}
	// A corrected date renames the file; the earlier one still goes.
	write("date 2025-04-12 Envoys meet in Riyadh\n\nEnvoys from both countries met in Riyadh on Tuesday for five hours.\n")
	r3, err := ad2.AddFile(path, time.Time{})
	if err != nil || r3.Status != Replaced || r3.Replaced != r2.File || r3.File == r2.File {
		t.Fatalf("redated file: %+v %v, want it to replace %s", r3, err, r2.File)
	}
	if got := files(); len(got) != 1 || got[0] != r3.File {
		t.Fatalf("files after the edits: %v, want only %s", got, r3.File)
	}
	got, _ := os.ReadFile(filepath.Join(dir, r3.File))
	if !strings.Contains(string(got), "five hours") {
		t.Errorf("the corpus holds %q, want the edited text", got)
	}

	// The same path now holding another story: added beside the first.
	write("date 2025-04-20 Markets fall\n\nMarkets fell sharply on Wednesday after weak figures on jobs and orders.\n")
	r4, err := ad2.AddFile(path, time.Time{})
	if err != nil || r4.Status != Added || r4.Replaced != "" {
		t.Fatalf("another story at the same path: %+v %v, want it added beside %s", r4, err, r3.File)
	}
	write("date 2025-04-20 Markets fall\n\nMarkets fell sharply on Wednesday after weak figures on jobs, orders and prices.\n")
	r5, err := ad2.AddFile(path, time.Time{})
	if err != nil || r5.Status != Replaced || r5.Replaced != r4.File {
		t.Fatalf("the second story edited: %+v %v, want it to replace %s", r5, err, r4.File)
	}
	if got := files(); len(got) != 2 || !slices.Contains(got, r3.File) || !slices.Contains(got, r5.File) {
		t.Fatalf("files: %v, want %s and %s", got, r3.File, r5.File)
	}

	// Another file with the same text as one present is still found by
	// its content, whatever its path.
	other := filepath.Join(src, "copy.txt")
	data, _ := os.ReadFile(path)
	os.WriteFile(other, data, 0o644)
	if r, err := ad2.AddFile(other, time.Time{}); err != nil || r.Status != Present || r.File != r5.File {
		t.Errorf("a copy under another path: %+v %v, want present as %s", r, err, r5.File)
	}

	// A saved page without a canonical URL is known by its path too.
	page := filepath.Join(src, "page.html")
	html := func(hours string) string {
		return `<html><head><meta property="article:published_time" content="2025-04-15"><title>Talks resume</title></head>` +
			`<body><article><h1>Talks resume</h1><p>Negotiators from both sides talked in Istanbul on Tuesday for ` + hours + ` hours.</p></article></body></html>`
	}
	os.WriteFile(page, []byte(html("four")), 0o644)
	p1, err := ad2.AddFile(page, time.Time{})
	if err != nil || p1.Status != Added {
		t.Fatalf("saved page: %+v %v", p1, err)
	}
	os.WriteFile(page, []byte(html("five")), 0o644)
	if p2, err := ad2.AddFile(page, time.Time{}); err != nil || p2.Status != Replaced || p2.Replaced != p1.File {
		t.Fatalf("saved page edited: %+v %v, want it to replace %s", p2, err, p1.File)
	}
	if got := files(); len(got) != 3 {
		t.Errorf("files: %v, want 3", got)
	}
}

// TestResultWarning: a kept earlier version reads as its error and what to
// do, the one text every report of an add shows; no problem, no text.
func TestResultWarning(t *testing.T) {
	if got := (Result{Status: Added}).Warning(); got != "" {
		t.Errorf("no Warn: Warning() = %q, want \"\"", got)
	}
	r := Result{Status: Added, Warn: errors.New("the page's earlier version a.txt could not be removed: busy")}
	if got, want := r.Warning(), "the page's earlier version a.txt could not be removed: busy; remove it by hand so the corpus holds one version"; got != want {
		t.Errorf("Warning() = %q, want %q", got, want)
	}
}
