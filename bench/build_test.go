package main

import (
	"cmp"
	"os"
	"sync"
	"testing"
)

// BenchmarkBuild times index builds of both engines on SciFact and the
// generated 10k corpus, the small corpora issue 12's 8× target is about.
// -count repeats each sub-benchmark back to back, so run the test binary in
// a loop instead: the engines' runs then interleave and a busy moment hits
// both; compare medians with benchstat. Both engines get the same
// GOMAXPROCS (set it with -cpu): talkbot analyses on one worker per core,
// bleve on its analysis queue.
//
//	go test -c -o build.test . && for i in 1 2 3 4 5 6; do
//	  ./build.test -test.run '^$' -test.bench Build -test.benchtime 3x -test.cpu 2,1; done > build.txt
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
