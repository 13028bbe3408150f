package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/retrieval/synth"
)

// writeSynthFolder writes n generated articles (8 passages each) into a new folder,
// as the corpus holds them.
func writeSynthFolder(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := synth.WriteFiles(dir, synth.New(1).Corpus(n*synth.PassagesPerArticle, 7)); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// BenchmarkReload1000 measures serve's reload of a 1,000-article folder
// after one file changed: load (changed files only), index, swap, then the
// timeline. p50/p99 are until answers use the new corpus; tl-p50/tl-p99
// until the timeline does too; heap-MiB is the live heap after the last reload and
// heap-growth-MiB its change since the tenth (run with -benchtime 1000x to
// see that 1,000 reloads do not grow it).
func BenchmarkReload1000(b *testing.B) { benchReload(b, 1000) }

// BenchmarkReload50 is the same on a 50-article folder, cheap enough to run
// 1,000 reloads (-benchtime 1000x) and watch heap-growth-MiB.
func BenchmarkReload50(b *testing.B) { benchReload(b, 50) }

func benchReload(b *testing.B, articles int) {
	dir := writeSynthFolder(b, articles)
	a := &app{getenv: func(string) string { return "" }, logger: slog.New(slog.NewTextHandler(io.Discard, nil)), corpusDir: dir}
	ix, err := a.loadIndex(b.Context())
	if err != nil {
		b.Fatal(err)
	}
	engine := bot.New(ix, bot.Options{Logger: a.logger})
	l := newLiveCorpus(b.Context(), a, dir, engine)
	ctx := context.Background()
	changed := filepath.Join(dir, "changed.txt")
	var times, tlTimes []time.Duration
	var swapped time.Time
	l.onAnswering = func() { swapped = time.Now() }
	var heapStart uint64
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		os.WriteFile(changed, fmt.Appendf(nil, "date 2025-03-11 Change %d\n\nEnvoys met again, round %d of the talks.\n", i, i), 0o644)
		b.StartTimer()
		start := time.Now()
		if err := l.reload(ctx); err != nil {
			b.Fatal(err)
		}
		tlTimes = append(tlTimes, time.Since(start))
		times = append(times, swapped.Sub(start))
		if i == 9 {
			b.StopTimer()
			heapStart = liveHeap()
			b.StartTimer()
		}
	}
	b.StopTimer()
	if n := len(l.engine.Index().Corpus().Articles); n != articles+1 {
		b.Fatalf("%d articles after the reloads, want %d", n, articles+1)
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "p99-ms")
	slices.Sort(tlTimes)
	b.ReportMetric(float64(tlTimes[len(tlTimes)/2].Microseconds())/1000, "tl-p50-ms")
	b.ReportMetric(float64(tlTimes[len(tlTimes)*99/100].Microseconds())/1000, "tl-p99-ms")
	heap := liveHeap()
	runtime.KeepAlive(l) // the served corpus is part of the heap measured
	b.ReportMetric(float64(heap)/(1<<20), "heap-MiB")
	if heapStart > 0 {
		b.ReportMetric((float64(heap)-float64(heapStart))/(1<<20), "heap-growth-MiB")
	}
}

func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
