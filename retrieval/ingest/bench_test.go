package ingest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// BenchmarkAddFeed100 adds 100 articles from a feed on loopback, each page
// fetched, extracted and written: one op is the whole feed into an empty
// corpus folder. The pages are the og.html test page with 100 different
// headlines and paragraphs.
func BenchmarkAddFeed100(b *testing.B) {
	var srvURL string
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		var sb strings.Builder
		sb.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Bench Wire</title>`)
		for i := range 100 {
			fmt.Fprintf(&sb, `<item><title>Story %d</title><link>%s/story/%d</link><pubDate>Tue, 18 Feb 2025 19:00:00 GMT</pubDate></item>`, i, srvURL, i)
		}
		sb.WriteString(`</channel></rss>`)
		w.Write([]byte(sb.String()))
	})
	page := pageHTML("Envoys meet in Riyadh", "2025-02-18", "Envoys from both countries met in Riyadh on Tuesday.")
	mux.HandleFunc("/story/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		n := strings.TrimPrefix(r.URL.Path, "/story/")
		w.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(page, "Envoys meet in Riyadh", "Round "+n+" of the talks"),
			"on Tuesday.", "on Tuesday for round "+n+".")))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	srvURL = srv.URL
	f := NewFetcher(FetchConfig{AllowPrivate: true, Timeout: 30 * time.Second})
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		ad, err := NewAdder(b.TempDir(), f)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		added := 0
		if _, err := ad.AddFeed(context.Background(), srv.URL+"/feed.xml", time.Time{}, func(fi FeedItem) {
			if fi.Err == nil && fi.Result.Status == Added {
				added++
			}
		}); err != nil {
			b.Fatal(err)
		}
		if added != 100 {
			b.Fatalf("added %d of 100", added)
		}
	}
}
