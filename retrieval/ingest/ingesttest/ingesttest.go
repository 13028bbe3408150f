// Package ingesttest holds test helpers for the code that adds articles:
// a feed site whose page fails until told otherwise, and a file that cannot
// be removed. It is imported by tests only.
package ingesttest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// TeaserFeed serves a feed of one item whose page fails (503) until ok is
// set; the page then names a canonical URL of its own, so it goes in under
// another file name than the item's teaser. The feed is at /feed.xml.
func TeaserFeed(t testing.TB, ok *atomic.Bool) *httptest.Server {
	t.Helper()
	var base string
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title><link>` + base + `/</link><description>x</description>
<item><title>Black Sea talks begin</title><link>` + base + `/story</link><pubDate>Mon, 24 Mar 2025 08:00:00 GMT</pubDate>
<description>Technical teams began talks in Riyadh on Monday about shipping in the Black Sea.</description></item></channel></rss>`))
	})
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		if !ok.Load() {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><head><title>Black Sea talks begin</title><link rel="canonical" href="/world/black-sea-talks"></head><body><article><h1>Black Sea talks begin</h1>` +
			`<p>Technical teams began talks in Riyadh on Monday about shipping in the Black Sea, with grain exports on the agenda.</p></article></body></html>`))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	base = srv.URL
	return srv
}

// JeddahPage is a news page of one story (Ukraine accepting the US
// ceasefire proposal in Jeddah, 2025-03-11), dated in its JSON-LD: the
// page the near-copy tests change a phrase of.
const JeddahPage = `<!doctype html><html><head><title>Ceasefire talks in Jeddah - Example News</title>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ukraine accepts US proposal for 30-day ceasefire in Jeddah talks","datePublished":"2025-03-11","publisher":{"@type":"Organization","name":"Example News"}}</script>
</head><body><article><h1>Ukraine accepts US proposal for 30-day ceasefire in Jeddah talks</h1>
<p>Ukraine said on Tuesday it was ready to accept a US proposal for an immediate 30-day ceasefire after talks in the Saudi city of Jeddah.</p>
<p>Washington said it would immediately lift its pause on intelligence sharing and resume security assistance to Kyiv.</p>
<p>Secretary of State Marco Rubio said the offer would now be taken to Russia, and that the ball was in Moscow's court.</p>
</article></body></html>`

// Item is one item of a feed RSS writes: description "" for none (it is
// written as CDATA, so it may hold HTML).
type Item struct{ Title, Link, PubDate, Description string }

// RSS serves, as an http.HandlerFunc, an RSS 2.0 feed named "Example News"
// of items, whose links are relative to the server's base URL (read when
// served, as the server's address is known only once it runs).
func RSS(base func() string, items ...Item) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		b := `<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title><link>` + base() + `/</link><description>x</description>`
		for _, it := range items {
			b += "\n<item><title>" + it.Title + "</title><link>" + base() + it.Link + "</link><pubDate>" + it.PubDate + "</pubDate>"
			if it.Description != "" {
				b += "\n<description><![CDATA[" + it.Description + "]]></description>"
			}
			b += "</item>"
		}
		w.Write([]byte(b + "\n</channel></rss>"))
	}
}

// BlockRemoval puts a folder holding a file where the file name is in dir,
// so that removing name fails (a folder that is not empty cannot be removed
// by os.Remove), also for root, who may write anywhere. It returns the file
// inside, whose removal lets the folder go.
func BlockRemoval(t testing.TB, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	inside := filepath.Join(path, "keep")
	if err := os.WriteFile(inside, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	return inside
}
