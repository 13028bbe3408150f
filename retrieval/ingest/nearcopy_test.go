package ingest

import (
	"context"
	"net/http"
	"net/http/httptest"
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

// The pair of the user test: the second page is the first with
// "Washington" changed to "The United States", at another URL.
const (
	jeddahPage      = ingesttest.JeddahPage
	otherJeddahPage = `<!doctype html><html><head><title>Russia weighs the ceasefire - Example News</title>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Kremlin says it will study the US ceasefire proposal","datePublished":"2025-03-12","publisher":{"@type":"Organization","name":"Example News"}}</script>
</head><body><article><h1>Kremlin says it will study the US ceasefire proposal</h1>
<p>The Kremlin said on Wednesday it was studying the US proposal for a 30-day ceasefire agreed by Ukraine in Jeddah and would wait for details.</p>
<p>Spokesman Dmitry Peskov said Moscow expected to be briefed by Washington on the talks in Saudi Arabia before giving its answer.</p>
<p>Russian officials gave no sign of whether President Vladimir Putin would accept the truce.</p>
</article></body></html>`
)

var nearCopyPage = strings.Replace(jeddahPage, "<p>Washington said", "<p>The United States said", 1)

func readTestArticle(t *testing.T, path string) *retrieval.Article {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a, err := retrieval.ParseArticle(filepath.Base(path), data)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func pageArticle(t *testing.T, html string) *retrieval.Article {
	t.Helper()
	p, err := Extract([]byte(html), nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := retrieval.ParseArticle("page.txt", Format(p))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// edited returns a copy of a with fn applied to its passages' texts.
func edited(a *retrieval.Article, fn func([]string) []string) *retrieval.Article {
	var texts []string
	for _, p := range a.Passages {
		texts = append(texts, p.Text)
	}
	b := *a
	b.Passages = nil
	for i, s := range fn(texts) {
		b.Passages = append(b.Passages, retrieval.Passage{N: i + 1, Text: s})
	}
	return &b
}

// replacing returns an edit replacing each old string (which must be in
// the text) by its new one.
func replacing(t *testing.T, oldNew ...string) func([]string) []string {
	return func(texts []string) []string {
		for i := 0; i < len(oldNew); i += 2 {
			found := false
			for k, s := range texts {
				if strings.Contains(s, oldNew[i]) {
					texts[k], found = strings.Replace(s, oldNew[i], oldNew[i+1], 1), true
					break
				}
			}
			if !found {
				t.Fatalf("%q is not in the text", oldNew[i])
			}
		}
		return texts
	}
}

func cjkArticle(t *testing.T, name string) *retrieval.Article {
	return readTestArticle(t, filepath.Join("../testdata/cjk", name))
}

// TestEachWord: words are lower-cased and keep inner apostrophes; a
// Chinese, Japanese or Korean character is a word.
func TestEachWord(t *testing.T) {
	hash := func(s string) []uint64 {
		var out []uint64
		eachWord(s, func(h uint64) { out = append(out, h) })
		return out
	}
	for _, tt := range []struct {
		a, b string
		same bool
	}{
		{"Moscow's envoy, RUBIO", "moscow’s Envoy rubio", true},
		{"Moscow's", "Moscows", true},
		{"Moscow's", "Moscow s", false},
		{"Zelensky's", "Zelenskyy's", false},
		{"会談した", "会 談 し た", true},
		{"Ушаков сказал", "УШАКОВ сказал", true},
	} {
		if got := slices.Equal(hash(tt.a), hash(tt.b)); got != tt.same {
			t.Errorf("%q and %q: the same words %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
	if n := len(hash("会談した Moscow")); n != 5 {
		t.Errorf("%d words in 会談した Moscow, want 5", n)
	}
}

// TestNearCopyMeasure justifies nearCopyMin: near copies (a word or a
// phrase changed, a paragraph added or dropped) score above it, different
// stories on the same topic and the same event far below, and so does
// every pair of distinct articles in retrieval/testdata. The MinHash
// estimate keeps every near copy a candidate.
func TestNearCopyMeasure(t *testing.T) {
	riyadh := readTestArticle(t, "../testdata/talks/06_riyadh_meeting.txt")
	for _, tt := range []struct {
		name string
		a, b *retrieval.Article
		near bool
	}{
		{"one word changed", riyadh, edited(riyadh, replacing(t, "Tuesday", "Monday")), true},
		{"one phrase changed in each of three paragraphs", riyadh, edited(riyadh, replacing(t,
			"about four and a half hours", "more than four hours",
			"The talks were held at", "The talks took place at",
			"Lavrov appeared satisfied", "Lavrov looked pleased")), true},
		{"a paragraph added", riyadh, edited(riyadh, func(s []string) []string {
			return append(s, "The State Department said a second meeting would be held within weeks, at a place not yet chosen.")
		}), true},
		{"the last paragraph dropped", riyadh, edited(riyadh, func(s []string) []string { return s[:len(s)-1] }), true},
		{"the user test's pair", pageArticle(t, jeddahPage), pageArticle(t, nearCopyPage), true},
		{"another story of the same talks", pageArticle(t, jeddahPage), pageArticle(t, otherJeddahPage), false},
		{"another story on the same topic", riyadh, readTestArticle(t, "../testdata/talks/22_jeddah_ceasefire_proposal.txt"), false},
		{"the same event, the next day", riyadh, readTestArticle(t, "../testdata/talks/10_putin_praises_riyadh.txt"), false},
		// Written without spaces: each character is a word.
		{"Japanese, a phrase changed", cjkArticle(t, "ja_01_phone_call.txt"), edited(cjkArticle(t, "ja_01_phone_call.txt"), replacing(t, "約1時間半にわたって", "長時間")), true},
		{"Chinese, a phrase changed", cjkArticle(t, "zh_01_riyadh.txt"), edited(cjkArticle(t, "zh_01_riyadh.txt"), replacing(t, "利雅得", "沙特首都")), true},
		{"Chinese, another story", cjkArticle(t, "zh_01_riyadh.txt"), cjkArticle(t, "zh_02_jeddah.txt"), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			x, y := articleShingles(tt.a), articleShingles(tt.b)
			j := jaccard(x, y)
			t.Logf("similarity %.3f", j)
			if near := j >= nearCopyMin; near != tt.near {
				t.Errorf("similarity %.3f: near copy %v, want %v (threshold %.2f)", j, near, tt.near, nearCopyMin)
			}
			sx, sy := signatureOf(x), signatureOf(y)
			if tt.near && (sx == nil || sy == nil || sx.estimate(sy) < nearCandidateMin) {
				t.Errorf("similarity %.3f, but not a candidate by its signature (%d and %d shingles)", j, len(x), len(y))
			}
		})
	}

	var all []*retrieval.Article
	for _, d := range []string{"talks", "talks2", "talks3", "cjk"} {
		files, _ := filepath.Glob(filepath.Join("../testdata", d, "*.txt"))
		for _, f := range files {
			all = append(all, readTestArticle(t, f))
		}
	}
	if len(all) < 50 {
		t.Fatalf("%d test articles", len(all))
	}
	most, pair := 0.0, ""
	for i := range all {
		for k := i + 1; k < len(all); k++ {
			if j := jaccard(articleShingles(all[i]), articleShingles(all[k])); j > most {
				most, pair = j, all[i].ID+" and "+all[k].ID
			}
		}
	}
	// Well below: a threshold half as high would not join two of them.
	if most >= nearCopyMin/2 {
		t.Errorf("%s score %.3f, near the threshold %.2f", pair, most, nearCopyMin)
	}
	t.Logf("the most alike of %d distinct articles: %s, %.3f", len(all), pair, most)
}

// TestAddSkipsNearCopies: a near copy of an article in the corpus at
// another URL is not added, however it comes (a page, a feed item, a
// local file), also when its original was put in the folder by another
// process after the adder read it; another story on the same topic is.
func TestAddSkipsNearCopies(t *testing.T) {
	var base string
	mux := htmlMux(map[string]string{"/good2.html": jeddahPage, "/good2b.html": nearCopyPage, "/other.html": otherJeddahPage})
	mux.HandleFunc("/feed.xml", ingesttest.RSS(func() string { return base },
		ingesttest.Item{Title: "Ukraine accepts", Link: "/good2b.html", PubDate: "Tue, 11 Mar 2025 10:00:00 GMT"}))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL
	ctx := context.Background()
	local := filepath.Join(t.TempDir(), "saved.html")
	os.WriteFile(local, []byte(nearCopyPage), 0o644)

	for _, tt := range []struct {
		name string
		add  func(ad *Adder) (Result, error)
	}{
		{"page", func(ad *Adder) (Result, error) { return ad.AddURL(ctx, srv.URL+"/good2b.html", time.Time{}) }},
		{"feed item", func(ad *Adder) (Result, error) {
			var fi FeedItem
			_, err := ad.AddFeed(ctx, srv.URL+"/feed.xml", time.Time{}, func(f FeedItem) { fi = f })
			if err == nil {
				err = fi.Err
			}
			return fi.Result, err
		}},
		{"local file", func(ad *Adder) (Result, error) { return ad.AddFile(local, time.Time{}) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			ad, _ := NewAdder(dir, testFetcher())
			// The adder reads the folder before the original is in.
			if r, err := ad.AddURL(ctx, srv.URL+"/other.html", time.Time{}); err != nil || r.Status != Added {
				t.Fatalf("another story on the same topic: %+v %v", r, err)
			}
			// The original, added by another process.
			orig, err := func() (Result, error) {
				other, _ := NewAdder(dir, testFetcher())
				return other.AddURL(ctx, srv.URL+"/good2.html", time.Time{})
			}()
			if err != nil || orig.Status != Added {
				t.Fatalf("original: %+v %v", orig, err)
			}
			r, err := tt.add(ad)
			if err != nil || r.Status != Present || r.File != orig.File || r.NearCopy < nearCopyMin || r.NearCopy >= 1 ||
				r.Article == nil || !strings.Contains(r.Article.Passages[1].Text, "Washington said") {
				t.Errorf("near copy: %+v %v, want already in the corpus as %s", r, err, orig.File)
			}
			if n := len(listArticles(t, dir)); n != 2 {
				t.Errorf("%d articles in the folder, want the two stories", n)
			}
		})
	}
}

func listArticles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	for _, n := range listTxt(t, dir) {
		if strings.HasSuffix(n, ".txt") {
			out = append(out, n)
		}
	}
	return out
}

// TestFeedPageIsNotANearCopyOfItsTeaser: a feed whose items carry the
// whole text adds it when the page fails; once the page loads (under its
// canonical URL, another file name) it replaces that text, which it is a
// near copy of, rather than being skipped as one.
func TestFeedPageIsNotANearCopyOfItsTeaser(t *testing.T) {
	var base string
	var pageUp atomic.Bool
	body := `<p>Ukraine said on Tuesday it was ready to accept a US proposal for an immediate 30-day ceasefire after talks in the Saudi city of Jeddah.</p>
<p>Washington said it would immediately lift its pause on intelligence sharing and resume security assistance to Kyiv.</p>
<p>Secretary of State Marco Rubio said the offer would now be taken to Russia, and that the ball was in Moscow's court.</p>`
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", ingesttest.RSS(func() string { return base },
		ingesttest.Item{Title: "Ukraine accepts US proposal for 30-day ceasefire in Jeddah talks", Link: "/story", PubDate: "Tue, 11 Mar 2025 10:00:00 GMT", Description: body}))
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		if !pageUp.Load() {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><head><link rel="canonical" href="/world/jeddah-ceasefire"><meta property="article:published_time" content="2025-03-11"></head><body><article>
<h1>Ukraine accepts US proposal for 30-day ceasefire in Jeddah talks</h1>` + strings.Replace(body, "on Tuesday", "on Tuesday evening", 1) + `</article></body></html>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL
	dir := t.TempDir()
	ad, _ := NewAdder(dir, testFetcher())
	run := func() FeedItem {
		var fi FeedItem
		if _, err := ad.AddFeed(context.Background(), srv.URL+"/feed.xml", time.Time{}, func(f FeedItem) { fi = f }); err != nil {
			t.Fatal(err)
		}
		return fi
	}
	teaser := run()
	if teaser.Err != nil || teaser.PageErr == nil || teaser.Result.Status != Added {
		t.Fatalf("the page failing: %+v", teaser)
	}
	pageUp.Store(true)
	fi := run()
	if fi.Err != nil || fi.PageErr != nil || fi.Result.Status != Replaced || fi.Result.Replaced != teaser.Result.File || fi.Result.NearCopy != 0 {
		t.Errorf("the page loading: %+v, want it to replace %s", fi.Result, teaser.Result.File)
	}
	if names := listArticles(t, dir); len(names) != 1 || names[0] != fi.Result.File {
		t.Errorf("articles: %v, want the page's alone", names)
	}
}

// TestFeedTextNearCopyIsNotATeaser: an item whose page fails and whose own
// text is a near copy of an article already in the corpus is that article,
// done; it is not kept as the item's teaser, which would be removed (the
// other article with it) once the page loads.
func TestFeedTextNearCopyIsNotATeaser(t *testing.T) {
	var base string
	var pageUp atomic.Bool
	mux := htmlMux(map[string]string{"/good2.html": jeddahPage})
	p, _ := Extract([]byte(nearCopyPage), nil)
	mux.HandleFunc("/feed.xml", ingesttest.RSS(func() string { return base },
		ingesttest.Item{Title: p.Headline, Link: "/story", PubDate: "Tue, 11 Mar 2025 10:00:00 GMT", Description: "<p>" + strings.Join(p.Text, "</p><p>") + "</p>"}))
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		if !pageUp.Load() {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(otherJeddahPage))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL
	dir := t.TempDir()
	ad, _ := NewAdder(dir, testFetcher())
	ctx := context.Background()
	orig, err := ad.AddURL(ctx, srv.URL+"/good2.html", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for run, up := range []bool{false, true} {
		pageUp.Store(up)
		var fi FeedItem
		if _, err := ad.AddFeed(ctx, srv.URL+"/feed.xml", time.Time{}, func(f FeedItem) { fi = f }); err != nil {
			t.Fatal(err)
		}
		if fi.Err != nil || fi.Result.Status != Present || fi.Result.File != orig.File {
			t.Errorf("run %d: %+v %v, want already in the corpus as %s", run, fi.Result, fi.Err, orig.File)
		}
		if _, err := os.Stat(filepath.Join(dir, orig.File)); err != nil {
			t.Fatalf("run %d: the article the item's text is a near copy of is gone: %v", run, err)
		}
	}
}
