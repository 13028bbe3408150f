package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/retrieval/ingest/ingesttest"
)

// TestAddFeedEmpty: a feed without items gets its line, as every input
// does, and is not a failure.
func TestAddFeedEmpty(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>empty</title></channel></rss>`))
	}))
	defer srv.Close()
	env := map[string]string{"CORPUS_DIR": t.TempDir(), "TALKBOT_ALLOW_PRIVATE_URLS": "1"}
	code, out, errOut := talkbot(t, env, "add", "--feed", srv.URL+"/feed.xml")
	if want := "skipped " + srv.URL + "/feed.xml: the feed has no items\n"; code != 0 || out != want || errOut != "" {
		t.Errorf("exit %d %q %q, want 0 and %q", code, out, errOut, want)
	}
}

// TestAddFeedUndatedItemFailsOnce: an item dated neither by the feed nor
// by its page is skipped, and the first run that finds it fails (exit 1)
// saying how to add it; later runs, which try it again, say it is still
// undated without failing, so the README's cron line does not fail
// forever. A page given a date by hand then counts as in the corpus.
func TestAddFeedUndatedItemFailsOnce(t *testing.T) {
	var base string
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", ingesttest.RSS(func() string { return base },
		ingesttest.Item{Title: "Witkoff in Moscow", Link: "/nodate.html", Description: "Witkoff arrives in Moscow for talks."},
		ingesttest.Item{Title: "No text", Link: "/nodate2.html"}))
	page := func(h string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<html><head><title>` + h + `</title></head><body><article><h1>` + h + `</h1>
<p>US special envoy Steve Witkoff arrived in Moscow for a meeting with Russian President Vladimir Putin about the ceasefire.</p></article></body></html>`))
		}
	}
	mux.HandleFunc("/nodate.html", page("Witkoff travels to Moscow"))
	mux.HandleFunc("/nodate2.html", page("Witkoff meets Putin"))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL
	dir := t.TempDir()
	env := map[string]string{"CORPUS_DIR": dir, "TALKBOT_ALLOW_PRIVATE_URLS": "1"}

	code, out, _ := talkbot(t, env, "add", "--feed", srv.URL+"/feed.xml")
	if code != 1 || strings.Count(out, "give its link with --date YYYY-MM-DD") != 2 {
		t.Fatalf("first run: exit %d\n%s", code, out)
	}
	for run := range 2 {
		code, out, errOut := talkbot(t, env, "add", "--feed", srv.URL+"/feed.xml")
		want := "skipped " + srv.URL + "/nodate.html: " + "still no publication date, in the feed item or on its page, as on an earlier run; tried again on the next run" + "\nskipped " + srv.URL + "/nodate2.html: " + "still no publication date, in the feed item or on its page, as on an earlier run; tried again on the next run" + "\n"
		if code != 0 || out != want || errOut != "" {
			t.Errorf("run %d: exit %d %q %q, want 0 and %q", run+2, code, out, errOut, want)
		}
	}
	if code, out, _ := talkbot(t, env, "add", "--date", "2025-03-13", srv.URL+"/nodate.html"); code != 0 {
		t.Fatalf("add by hand: exit %d %s", code, out)
	}
	code, out, _ = talkbot(t, env, "add", "--feed", srv.URL+"/feed.xml")
	if code != 0 || !strings.Contains(out, "skipped 1 item of "+srv.URL+"/feed.xml: already in the corpus") || strings.Contains(out, "nodate.html:") {
		t.Errorf("after the add by hand: exit %d\n%s", code, out)
	}
}

// TestAddFeedInterruptSaidOnce: Ctrl-C while a feed's item is fetched is
// said once, by the interrupt line, not also as a skipped feed or item.
func TestAddFeedInterruptSaidOnce(t *testing.T) {
	var base string
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", ingesttest.RSS(func() string { return base },
		ingesttest.Item{Title: "Slow story", Link: "/slow", PubDate: "Mon, 24 Mar 2025 08:00:00 GMT", Description: "Talks in Riyadh."}))
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		cancel(signalled{os.Interrupt}) // Ctrl-C while the page is fetched
		<-r.Context().Done()
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base = srv.URL
	env := map[string]string{"CORPUS_DIR": t.TempDir(), "TALKBOT_ALLOW_PRIVATE_URLS": "1"}
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"add", "--feed", srv.URL + "/feed.xml"}, &stdout, &stderr, func(k string) string { return env[k] })
	if code != 130 || stdout.Len() != 0 || strings.Count(stderr.String(), "\n") != 1 || !strings.Contains(stderr.String(), "stopped by SIGINT") {
		t.Errorf("exit %d, stdout %q, stderr %q; want 130, nothing, and the interrupt line", code, stdout.String(), stderr.String())
	}
}
