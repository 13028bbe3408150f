package ingest

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
)

var showText = flag.Bool("show", false, "print each test page's extracted article")

// testPage is one realistic page of the labelled set: where the test site
// serves it and what extraction must find.
type testPage struct {
	file, path                     string
	headline, date, publisher, url string // url: "" means the served URL; a leading "/" is relative to the site
	byline                         string
	ctype                          string // Content-Type; "" means text/html; charset=utf-8
	heldOut                        bool   // not looked at while tuning
}

var testPages = []testPage{
	{file: "og", path: "/world/envoys-riyadh?utm_source=x", headline: "Envoys agree to keep talking after Riyadh meeting",
		date: "2025-02-18", publisher: "The Meridian Post", url: "/world/envoys-riyadh"},
	{file: "jsonld", path: "/story/8812", headline: "Kremlin says summit needs careful preparation",
		date: "2025-02-26", publisher: "Northline News", url: "https://northline.example/2025/kremlin-summit-preparation", byline: "Maria Ivers"},
	{file: "time", path: "/news/istanbul-embassies", headline: "Istanbul talks focus on embassies",
		date: "2025-02-27", publisher: "127.0.0.1", byline: "Deniz Kaya"},
	{file: "metadate", path: "/ledger/ceasefire", headline: "Ukraine backs 30-day ceasefire plan after Jeddah talks",
		date: "2025-03-11", publisher: "127.0.0.1", heldOut: true},
	{file: "urldate", path: "/2025/03/18/putin-trump-call", headline: "Putin and Trump speak for two hours about the war",
		date: "2025-03-18", publisher: "127.0.0.1", heldOut: true},
	{file: "nodate", path: "/region/black-sea", headline: "Black Sea talks open in Riyadh",
		date: "", publisher: "Gulf Observer", heldOut: true},
	{file: "xhtml", path: "/shipping/black-sea-deal", headline: "Black Sea deal announced after Riyadh talks",
		date: "2025-03-25", publisher: "Harbor Herald", byline: "Tom Reyes", ctype: "application/xhtml+xml; charset=utf-8", heldOut: true},
	{file: "cp1251", path: "/politics/lavrov-riyadh", headline: "Лавров: встреча в Эр-Рияде была полезной",
		date: "2025-02-18", publisher: "Вестник Востока", ctype: "text/html; charset=windows-1251", heldOut: true},
}

// pageSite serves the test pages at their paths.
func pageSite(t testing.TB) *httptest.Server {
	mux := http.NewServeMux()
	for _, p := range testPages {
		body, err := os.ReadFile(filepath.Join("testdata", "pages", p.file+".html"))
		if err != nil {
			t.Fatal(err)
		}
		path, _, _ := strings.Cut(p.path, "?")
		ctype := p.ctype
		if ctype == "" {
			ctype = "text/html; charset=utf-8"
		}
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			w.Write(body)
		})
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func testFetcher() *Fetcher {
	return NewFetcher(FetchConfig{AllowPrivate: true, Timeout: 5 * time.Second})
}

func TestShowPages(t *testing.T) {
	if !*showText {
		t.Skip("-show not set")
	}
	srv := pageSite(t)
	for _, p := range testPages {
		resp, err := testFetcher().Fetch(context.Background(), srv.URL+p.path, KindPage, Conditional{})
		if err != nil {
			t.Fatal(err)
		}
		pg, err := Extract(resp.Body, resp.URL)
		if err != nil {
			t.Fatal(err)
		}
		if pg.Date.IsZero() {
			pg.Date = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		fmt.Printf("==== %s (date from %s)\n%s\n", p.file, pg.DateFrom, Format(pg))
	}
}

// TestPagesMetadataAndText adds every test page from the test site and
// checks the metadata and the citable text against the labels.
func TestPagesMetadataAndText(t *testing.T) {
	srv := pageSite(t)
	dir := t.TempDir()
	ad, err := NewAdder(dir, testFetcher())
	if err != nil {
		t.Fatal(err)
	}
	var tuned, held score
	for _, p := range testPages {
		t.Run(p.file, func(t *testing.T) {
			r, err := ad.AddURL(context.Background(), srv.URL+p.path, time.Time{})
			if p.date == "" {
				if !errors.Is(err, ErrNoDate) {
					t.Fatalf("a page without a date: got %v, want ErrNoDate", err)
				}
				// With a date given, it goes in.
				r, err = ad.AddURL(context.Background(), srv.URL+p.path, time.Date(2025, 3, 24, 0, 0, 0, 0, time.UTC))
				p.date = "2025-03-24"
			}
			if err != nil {
				t.Fatal(err)
			}
			a := r.Article
			wantURL := p.url
			switch {
			case wantURL == "":
				wantURL = srv.URL + p.path
			case strings.HasPrefix(wantURL, "/"):
				wantURL = srv.URL + wantURL
			}
			if a.Headline != p.headline || a.Date.Format(time.DateOnly) != p.date || a.Publisher != p.publisher ||
				a.URL != wantURL || a.Byline != p.byline {
				t.Errorf("got headline %q date %s publisher %q url %q byline %q\nwant headline %q date %s publisher %q url %q byline %q",
					a.Headline, a.Date.Format(time.DateOnly), a.Publisher, a.URL, a.Byline,
					p.headline, p.date, p.publisher, wantURL, p.byline)
			}
			if want := p.date + "_"; !strings.HasPrefix(r.File, want) || len(r.File) != len(want)+16+4 {
				t.Errorf("file name %q, want %s<16 hex>.txt", r.File, want)
			}
			gold, err := os.ReadFile(filepath.Join("testdata", "pages", p.file+".want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ps := range a.Passages {
				got = append(got, ps.Text)
			}
			sc := scoreText(string(gold), strings.Join(got, "\n"))
			if p.heldOut {
				held.add(sc)
			} else {
				tuned.add(sc)
			}
			if sc.recall() < 0.95 || sc.precision() < 0.95 {
				t.Errorf("recall %.3f precision %.3f\ngot:\n%s", sc.recall(), sc.precision(), strings.Join(got, "\n"))
			}
		})
	}
	all := tuned
	all.add(held)
	t.Logf("body text, tuned pages: recall %.3f precision %.3f; held-out pages: recall %.3f precision %.3f; all: recall %.3f precision %.3f",
		tuned.recall(), tuned.precision(), held.recall(), held.precision(), all.recall(), all.precision())
	if all.recall() < 0.97 || all.precision() < 0.95 {
		t.Errorf("all pages: recall %.3f precision %.3f, want at least 0.97 / 0.95", all.recall(), all.precision())
	}
}

// score counts words of the labelled body text found in the extracted
// text (a bag of words, so order and paragraph breaks do not matter).
type score struct{ overlap, gold, got int }

func (s *score) add(o score) { s.overlap += o.overlap; s.gold += o.gold; s.got += o.got }
func (s score) recall() float64 {
	return float64(s.overlap) / float64(max(s.gold, 1))
}
func (s score) precision() float64 {
	return float64(s.overlap) / float64(max(s.got, 1))
}

func scoreText(gold, got string) score {
	words := func(s string) map[string]int {
		m := map[string]int{}
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}) {
			m[w]++
		}
		return m
	}
	g, x := words(gold), words(got)
	var sc score
	for w, n := range g {
		sc.gold += n
		sc.overlap += min(n, x[w])
	}
	for _, n := range x {
		sc.got += n
	}
	return sc
}
