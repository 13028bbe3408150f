// Package synth generates large deterministic corpora of English-like news
// passages, with queries whose answering passage is known, for benchmarks of
// retrieval at sizes the seed articles cannot reach.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/talkbot/talkbot/retrieval"
)

// PassagesPerArticle is how many passages each generated article holds.
const PassagesPerArticle = 8

// vocabSize is large enough that rare words stay rare at a million passages,
// like names and places in real news.
const vocabSize = 60000

// Generator makes passages from a fixed vocabulary whose word frequencies
// follow Zipf's law, as natural language does; that skew is what makes
// posting lists of common words long and rare words selective.
type Generator struct {
	words []string
	cdf   []float64 // cumulative Zipf probability by rank
}

// New returns a generator whose vocabulary depends only on seed.
func New(seed uint64) *Generator {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	g := &Generator{}
	seen := map[string]bool{}
	syll := []string{"ka", "ro", "mi", "ten", "sa", "lo", "ver", "an", "de", "pol", "ri", "ston", "ma", "el", "gor", "tu", "ne", "bar", "si", "ol", "dan", "pre", "li", "com", "ta", "vi", "nor", "es", "mon", "ur"}
	ends := []string{"", "", "s", "ed", "ing", "ion", "er", "ly", "al", "ment"}
	for len(g.words) < vocabSize {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			b.WriteString(syll[r.IntN(len(syll))])
		}
		b.WriteString(ends[r.IntN(len(ends))])
		if w := b.String(); !seen[w] {
			seen[w] = true
			g.words = append(g.words, w)
		}
	}
	g.cdf = make([]float64, vocabSize)
	var sum float64
	for i := range g.cdf {
		sum += 1 / math.Pow(float64(i+1), 1.05)
		g.cdf[i] = sum
	}
	for i := range g.cdf {
		g.cdf[i] /= sum
	}
	return g
}

func (g *Generator) word(r *rand.Rand) string {
	u := r.Float64()
	lo, hi := 0, len(g.cdf)-1
	for lo < hi {
		m := (lo + hi) / 2
		if g.cdf[m] < u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return g.words[lo]
}

func (g *Generator) sentence(r *rand.Rand, b *strings.Builder, n int) {
	for i := range n {
		w := g.word(r)
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	b.WriteByte('.')
}

// Corpus returns n passages grouped into articles of PassagesPerArticle
// passages, each passage two to six sentences (about 500 bytes on average,
// like a news paragraph). The same n and seed give the same corpus.
func (g *Generator) Corpus(n int, seed uint64) *retrieval.Corpus {
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	c := &retrieval.Corpus{}
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var b strings.Builder
	for made := 0; made < n; {
		id := fmt.Sprintf("synth_%07d.txt", len(c.Articles))
		b.Reset()
		g.sentence(r, &b, 5+r.IntN(6))
		a := &retrieval.Article{ID: id, Headline: strings.TrimSuffix(b.String(), "."), Date: base.AddDate(0, 0, r.IntN(365))}
		for p := 1; p <= PassagesPerArticle && made < n; p++ {
			b.Reset()
			for s := range 2 + r.IntN(5) {
				if s > 0 {
					b.WriteByte(' ')
				}
				g.sentence(r, &b, 8+r.IntN(13))
			}
			a.Passages = append(a.Passages, retrieval.Passage{ID: id + "#" + strconv.Itoa(p), Article: id, N: p, Text: b.String()})
			made++
		}
		c.Articles = append(c.Articles, a)
	}
	return c
}

// WriteFiles writes c's articles into dir, one file each as a corpus
// folder holds them (retrieval.FormatArticle: a "date" line with the
// headline, then a paragraph per passage): for benchmarks of loading and
// adding.
func WriteFiles(dir string, c *retrieval.Corpus) error {
	var f retrieval.ArticleFile
	for _, a := range c.Articles {
		f = retrieval.ArticleFile{Date: a.Date, Headline: a.Headline, Text: f.Text[:0]}
		for _, p := range a.Passages {
			f.Text = append(f.Text, p.Text)
		}
		if err := os.WriteFile(filepath.Join(dir, a.ID), retrieval.FormatArticle(f), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Query is a generated question and the passage it was drawn from.
type Query struct {
	ID      string
	Text    string
	Passage string // id of the passage the words came from: the relevant one
}

// Queries draws n queries from c: each takes three to six distinct words of a
// random passage, as a user paraphrasing what they remember would, plus
// sometimes a common word found anywhere, so some query terms have long
// posting lists.
func (g *Generator) Queries(c *retrieval.Corpus, n int, seed uint64) []Query {
	r := rand.New(rand.NewPCG(seed, 0x9e37))
	out := make([]Query, 0, n)
	for i := range n {
		a := c.Articles[r.IntN(len(c.Articles))]
		p := a.Passages[r.IntN(len(a.Passages))]
		words := strings.Fields(strings.ToLower(strings.ReplaceAll(p.Text, ".", "")))
		want := 3 + r.IntN(4)
		var q []string
		seen := map[string]bool{}
		for tries := 0; len(q) < want && tries < 50; tries++ {
			w := words[r.IntN(len(words))]
			if !seen[w] {
				seen[w] = true
				q = append(q, w)
			}
		}
		if r.IntN(3) == 0 {
			q = append(q, g.word(r))
		}
		out = append(out, Query{ID: "q" + strconv.Itoa(i+1), Text: strings.Join(q, " "), Passage: p.ID})
	}
	return out
}
