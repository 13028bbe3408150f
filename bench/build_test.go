package main

import (
	"cmp"
	"os"
	"sync"
	"testing"
)

// BenchmarkBuild times index builds of both engines on SciFact and the
// generated 10k corpus, the small corpora issue 12's 8× target is about.
// Sub-benchmarks alternate engines, so with -count each engine's runs are
// interleaved with the other's and a busy moment hits both; compare medians
// with benchstat. Both engines get the same GOMAXPROCS (set it with -cpu):
// talkbot analyses on one worker per core, bleve on its analysis queue.
//
//	go test -run '^$' -bench Build -count 6 -cpu 2,1
//
// SciFact is read from TALKBOT_SCIFACT, else ../../shared/datasets/scifact;
// without it that corpus is skipped.
func BenchmarkBuild(b *testing.B) {
	for _, name := range []string{"scifact", "10k"} {
		d, err := cachedDataset(name)
		if err != nil {
			b.Logf("%s skipped: %v", name, err)
			continue
		}
		for _, e := range []func() engine{func() engine { return &talkbot{} }, func() engine { return &bleveEngine{} }} {
			b.Run(name+"/"+e().name(), func(b *testing.B) {
				for b.Loop() {
					x := e()
					if err := x.build(d); err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					x.close()
					b.StartTimer()
				}
			})
		}
	}
}

// datasets are loaded once per process: -count runs the benchmark again.
var datasets sync.Map // name → func() (*dataset, error)

func cachedDataset(name string) (*dataset, error) {
	f, _ := datasets.LoadOrStore(name, sync.OnceValues(func() (*dataset, error) {
		return load(name, cmp.Or(os.Getenv("TALKBOT_SCIFACT"), "../../shared/datasets/scifact"), 1000)
	}))
	return f.(func() (*dataset, error))()
}
