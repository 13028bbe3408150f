package retrieval_test

import (
	"io/fs"
	"os"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/seeds"
)

// benchAnalyze analyses the article files of fsys, as questions and the
// judge's sentences are analysed (not through an index build's memo).
func benchAnalyze(b *testing.B, fsys fs.FS) {
	files, err := fs.Glob(fsys, "*.txt")
	if err != nil || len(files) == 0 {
		b.Fatal(files, err)
	}
	var texts []string
	var n int64
	for _, f := range files {
		t, err := fs.ReadFile(fsys, f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
		n += int64(len(t))
	}
	b.SetBytes(n)
	for b.Loop() {
		for _, t := range texts {
			retrieval.Analyze(t)
		}
	}
}

// BenchmarkAnalyzeEnglish guards English analysis against the cost of the
// CJK branch: every non-ASCII word is checked for CJK characters.
func BenchmarkAnalyzeEnglish(b *testing.B) { benchAnalyze(b, seeds.FS()) }

func BenchmarkAnalyzeCJK(b *testing.B) { benchAnalyze(b, os.DirFS(cjkSet)) }

// BenchmarkIndexCJK loads and indexes the CJK set with the seeds.
func BenchmarkIndexCJK(b *testing.B) {
	c := cjkCorpus(b)
	for b.Loop() {
		retrieval.NewIndex(c, retrieval.DefaultParams())
	}
}
