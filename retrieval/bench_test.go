package retrieval_test

import (
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/synth"
	"github.com/talkbot/talkbot/seeds"
)

// Issue 2's targets, checked by these benchmarks (see the README for figures):
// seeds load+index < 5 ms, seed search p50 < 50 µs; 100k passages: build
// < 3 s, search p50 < 2 ms on one core (-cpu 1), index heap < 2x the text.

func BenchmarkLoadIndexSeeds(b *testing.B) {
	for b.Loop() {
		c, err := retrieval.Load(seeds.FS())
		if err != nil {
			b.Fatal(err)
		}
		retrieval.NewIndex(c, retrieval.DefaultParams())
	}
}

func BenchmarkSearchSeeds(b *testing.B) {
	c, err := retrieval.Load(seeds.FS())
	if err != nil {
		b.Fatal(err)
	}
	ix := retrieval.NewIndex(c, retrieval.DefaultParams())
	qs := seedQuestions(b)
	texts := make([]string, len(qs))
	for i, q := range qs {
		texts[i] = q.Text
	}
	searchLatency(b, ix, texts)
}

const synthPassages = 100_000

func BenchmarkIndex100k(b *testing.B) {
	c := synth.New(1).Corpus(synthPassages, 1)
	var ix *retrieval.Index
	for b.Loop() {
		ix = retrieval.NewIndex(c, retrieval.DefaultParams())
	}
	b.StopTimer()
	// Heap of the index alone: the corpus is live before and after.
	ix = nil
	before := heapInUse()
	ix = retrieval.NewIndex(c, retrieval.DefaultParams())
	after := heapInUse()
	runtime.KeepAlive(ix)
	text := textBytes(c)
	b.ReportMetric(float64(after-before)/(1<<20), "index-MiB")
	b.ReportMetric(float64(text)/(1<<20), "text-MiB")
	b.ReportMetric(float64(after-before)/float64(text), "index/text")
}

func BenchmarkSearch100k(b *testing.B) {
	g := synth.New(1)
	c := g.Corpus(synthPassages, 1)
	ix := retrieval.NewIndex(c, retrieval.DefaultParams())
	var texts []string
	for _, q := range g.Queries(c, 1000, 2) {
		texts = append(texts, q.Text)
	}
	searchLatency(b, ix, texts)
}

// searchLatency runs the queries round-robin, timing each search, and reports
// the p50 and p99 latency alongside the mean that ns/op gives.
func searchLatency(b *testing.B, ix *retrieval.Index, queries []string) {
	b.Helper()
	lat := make([]time.Duration, 0, 1<<16)
	i := 0
	for b.Loop() {
		t := time.Now()
		ix.Search(queries[i%len(queries)], 10)
		if len(lat) < cap(lat) {
			lat = append(lat, time.Since(t))
		}
		i++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*50/100].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
}

func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func textBytes(c *retrieval.Corpus) int {
	n := 0
	for _, a := range c.Articles {
		n += len(a.Headline)
		for _, p := range a.Passages {
			n += len(p.Text)
		}
	}
	return n
}
