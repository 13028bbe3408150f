package ingest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/talkbot/talkbot/retrieval/synth"
)

// writeSynthCorpus writes n generated articles (8 passages each) into a new folder,
// as the corpus holds them.
func writeSynthCorpus(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := synth.WriteFiles(dir, synth.New(1).Corpus(n*synth.PassagesPerArticle, 7)); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// BenchmarkFirstAdd1000 is a command-line run's first add into a
// 1,000-article folder: the adder reads and indexes every article once
// (exact fingerprints and near-copy signatures), then writes one page.
func BenchmarkFirstAdd1000(b *testing.B) {
	dir := writeSynthCorpus(b, 1000)
	page := &Page{Headline: "Envoys meet in Riyadh", Date: time.Date(2025, 2, 18, 0, 0, 0, 0, time.UTC),
		Text: []string{"Envoys from both countries met in Riyadh on Tuesday to discuss the war and the embassies."}}
	b.ReportAllocs()
	for b.Loop() {
		ad, err := NewAdder(dir, nil)
		if err != nil {
			b.Fatal(err)
		}
		r, err := ad.AddPage(page, time.Time{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.Remove(filepath.Join(dir, r.File))
		b.StartTimer()
	}
}

// BenchmarkNextAdd1000 is each later add of a long-running serve (a feed
// item, /add) into a 1,000-article folder whose index is loaded: the
// folder checked for changes, the new article checked against every
// article for a near copy, and written.
func BenchmarkNextAdd1000(b *testing.B) {
	dir := writeSynthCorpus(b, 1000)
	ad, err := NewAdder(dir, nil)
	if err != nil {
		b.Fatal(err)
	}
	// New stories: generated as the folder's, with another seed.
	fresh := synth.New(1).Corpus(2000*synth.PassagesPerArticle, 8).Articles
	page := func(i int) *Page {
		a := fresh[i%len(fresh)]
		p := &Page{Headline: a.Headline, Date: a.Date}
		for _, ps := range a.Passages {
			p.Text = append(p.Text, ps.Text)
		}
		return p
	}
	if _, err := ad.AddPage(page(0), time.Time{}); err != nil { // reads the folder
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if r, err := ad.AddPage(page(i), time.Time{}); err != nil || (r.Status != Added && i < len(fresh)) {
			b.Fatal(r, err)
		}
	}
}
