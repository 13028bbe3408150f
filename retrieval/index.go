package retrieval

import (
	"container/heap"
	"math"
	"runtime"
	"slices"
	"sync"
)

// Params are the BM25 parameters (Lucene's formula). See DefaultParams.
type Params struct {
	K1 float64 // term-frequency saturation
	B  float64 // document-length normalisation, 0 (none) to 1 (full)
	// TitleWeight scales the headline field's BM25 score, which counts for
	// every passage of the article. 0 ignores headlines.
	TitleWeight float64
}

// DefaultParams returns the parameters the bot uses: Anserini's k1=0.9,
// b=0.4, which suit short passages, and a headline weight tuned on SciFact
// (see the README).
func DefaultParams() Params { return Params{K1: 0.9, B: 0.75, TitleWeight: 0.5} }

// Index is an in-memory BM25 index over the passages of a corpus. It is
// immutable once built and safe for concurrent searches.
type Index struct {
	corpus   *Corpus
	params   Params
	passages []passageRef // by doc number
	dict     map[string]int32
	body     []postings // by term id; doc = passage number
	title    []postings // by term id; doc = article number
	bodyNorm []float32  // per passage: k1*(1-b+b*len/avglen)
	titleNrm []float32  // per article
	first    []uint32   // per article: its first passage number; passages are contiguous
	scores   sync.Pool  // *scoreBuf, reused across searches
}

type passageRef struct{ article, passage uint32 }

type postings struct {
	docs []uint32
	tfs  []uint16
}

type scoreBuf struct {
	score   []float32
	touched []uint32
}

// Result is one passage found by a search, with its article.
type Result struct {
	Rank    int // 1-based
	Score   float64
	Passage Passage
	Article *Article
}

// NewIndex builds the index of every passage in c. The headline of each
// article is indexed as a second field shared by its passages.
func NewIndex(c *Corpus, p Params) *Index {
	ix := &Index{corpus: c, params: p, dict: map[string]int32{}}
	for ai, a := range c.Articles {
		ix.first = append(ix.first, uint32(len(ix.passages)))
		for pi := range a.Passages {
			ix.passages = append(ix.passages, passageRef{uint32(ai), uint32(pi)})
		}
	}
	texts := func(i int) string {
		r := ix.passages[i]
		return c.Articles[r.article].Passages[r.passage].Text
	}
	bodyTerms, bodyLen := analyzeAll(len(ix.passages), texts)
	titleTerms, titleLen := analyzeAll(len(c.Articles), func(i int) string { return c.Articles[i].Headline })

	ix.body = ix.fill(nil, bodyTerms)
	ix.title = ix.fill(ix.title, titleTerms)
	if len(ix.title) < len(ix.body) {
		ix.title = append(ix.title, make([]postings, len(ix.body)-len(ix.title))...)
	}
	if len(ix.body) < len(ix.title) {
		ix.body = append(ix.body, make([]postings, len(ix.title)-len(ix.body))...)
	}
	ix.bodyNorm = norms(bodyLen, p)
	ix.titleNrm = norms(titleLen, p)
	n := len(ix.passages)
	ix.scores.New = func() any { return &scoreBuf{score: make([]float32, n)} }
	return ix
}

// termCount is one term of a document and how often it occurs there.
type termCount struct {
	term string
	tf   uint16
}

// analyzeAll analyses n texts on all cores. It returns each document's
// distinct terms with their counts, and each document's length in terms.
func analyzeAll(n int, text func(int) string) ([][]termCount, []uint32) {
	terms := make([][]termCount, n)
	lens := make([]uint32, n)
	workers := min(runtime.GOMAXPROCS(0), max(1, n/256))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			cache := newStemCache()
			counts := map[string]uint16{}
			for i := w; i < n; i += workers {
				clear(counts)
				var l uint32
				analyze(text(i), cache, func(t string) {
					l++
					if counts[t] < math.MaxUint16 {
						counts[t]++
					}
				})
				tc := make([]termCount, 0, len(counts))
				for t, c := range counts {
					tc = append(tc, termCount{t, c})
				}
				// Map order leaks into term ids only: postings stay in
				// document order and scores are summed in query order, so
				// rankings do not depend on it.
				terms[i], lens[i] = tc, l
			}
		})
	}
	wg.Wait()
	return terms, lens
}

// fill appends each document's terms to the postings of field, adding new
// terms to the dictionary. Documents are visited in order, so each posting
// list is sorted by document.
func (ix *Index) fill(field []postings, docs [][]termCount) []postings {
	for d, tcs := range docs {
		for _, tc := range tcs {
			id, ok := ix.dict[tc.term]
			if !ok {
				id = int32(len(ix.dict))
				ix.dict[tc.term] = id
			}
			for int(id) >= len(field) {
				field = append(field, postings{})
			}
			field[id].docs = append(field[id].docs, uint32(d))
			field[id].tfs = append(field[id].tfs, tc.tf)
		}
	}
	// Trim the slack that append left, which would otherwise be a large share
	// of the index's memory.
	for i := range field {
		field[i].docs = slices.Clip(field[i].docs)
		field[i].tfs = slices.Clip(field[i].tfs)
	}
	return field
}

func norms(lens []uint32, p Params) []float32 {
	var total float64
	for _, l := range lens {
		total += float64(l)
	}
	avg := total / float64(max(1, len(lens)))
	if avg == 0 {
		avg = 1
	}
	out := make([]float32, len(lens))
	for i, l := range lens {
		out[i] = float32(p.K1 * (1 - p.B + p.B*float64(l)/avg))
	}
	return out
}

// idf is Lucene's BM25 idf, always positive.
func idf(df, n int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// Corpus returns the corpus the index was built from.
func (ix *Index) Corpus() *Corpus { return ix.corpus }

// Params returns the scoring parameters.
func (ix *Index) Params() Params { return ix.params }

// Len returns the number of passages indexed.
func (ix *Index) Len() int { return len(ix.passages) }

// DocFreq returns how many passages contain an analysed term (as produced by
// Analyze), counting a headline match for all of its article's passages.
func (ix *Index) DocFreq(term string) int {
	id, ok := ix.dict[term]
	if !ok {
		return 0
	}
	n := len(ix.body[id].docs)
	for _, a := range ix.title[id].docs {
		n += len(ix.corpus.Articles[a].Passages)
	}
	return min(n, len(ix.passages))
}

// IDF returns the BM25 idf of an analysed term over the passages; a term not
// in the corpus gets the largest idf possible.
func (ix *Index) IDF(term string) float64 { return idf(ix.DocFreq(term), len(ix.passages)) }

// Search returns the k passages that best match the query, best first. Ties
// are broken by article date (newer first), then article id, then position,
// so equal input always gives equal output.
func (ix *Index) Search(query string, k int) []Result {
	if k <= 0 || len(ix.passages) == 0 {
		return nil
	}
	qtf := map[string]int{}
	var order []string
	for _, t := range Analyze(query) {
		if qtf[t] == 0 {
			order = append(order, t)
		}
		qtf[t]++
	}
	buf := ix.scores.Get().(*scoreBuf)
	defer func() {
		for _, d := range buf.touched {
			buf.score[d] = 0
		}
		buf.touched = buf.touched[:0]
		ix.scores.Put(buf)
	}()
	add := func(d uint32, s float32) {
		if buf.score[d] == 0 {
			buf.touched = append(buf.touched, d)
		}
		buf.score[d] += s
	}
	k1 := float32(ix.params.K1)
	for _, t := range order {
		id, ok := ix.dict[t]
		if !ok {
			continue
		}
		w := float32(qtf[t])
		if pl := ix.body[id]; len(pl.docs) > 0 {
			f := w * float32(idf(len(pl.docs), len(ix.passages))) * (k1 + 1)
			for j, d := range pl.docs {
				tf := float32(pl.tfs[j])
				add(d, f*tf/(tf+ix.bodyNorm[d]))
			}
		}
		if pl := ix.title[id]; len(pl.docs) > 0 && ix.params.TitleWeight > 0 {
			f := w * float32(ix.params.TitleWeight*idf(len(pl.docs), len(ix.corpus.Articles))) * (k1 + 1)
			for j, a := range pl.docs {
				tf := float32(pl.tfs[j])
				s := f * tf / (tf + ix.titleNrm[a])
				end := uint32(len(ix.passages))
				if int(a)+1 < len(ix.first) {
					end = ix.first[a+1]
				}
				for d := ix.first[a]; d < end; d++ {
					add(d, s)
				}
			}
		}
	}
	h := &topK{ix: ix, k: k}
	for _, d := range buf.touched {
		h.offer(hit{d, buf.score[d]})
	}
	hits := h.sorted()
	out := make([]Result, len(hits))
	for i, x := range hits {
		r := ix.passages[x.doc]
		a := ix.corpus.Articles[r.article]
		out[i] = Result{Rank: i + 1, Score: float64(x.score), Passage: a.Passages[r.passage], Article: a}
	}
	return out
}

type hit struct {
	doc   uint32
	score float32
}

// topK keeps the k best hits in a min-heap whose root is the worst kept.
type topK struct {
	ix   *Index
	k    int
	hits []hit
}

// better orders hits: higher score, then newer article, then article id, then
// passage position (doc numbers follow article id and position).
func (h *topK) better(a, b hit) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	da := h.ix.corpus.Articles[h.ix.passages[a.doc].article].Date
	db := h.ix.corpus.Articles[h.ix.passages[b.doc].article].Date
	if !da.Equal(db) {
		return da.After(db)
	}
	return a.doc < b.doc
}

func (h *topK) Len() int           { return len(h.hits) }
func (h *topK) Less(i, j int) bool { return h.better(h.hits[j], h.hits[i]) }
func (h *topK) Swap(i, j int)      { h.hits[i], h.hits[j] = h.hits[j], h.hits[i] }
func (h *topK) Push(x any)         { h.hits = append(h.hits, x.(hit)) }
func (h *topK) Pop() any {
	x := h.hits[len(h.hits)-1]
	h.hits = h.hits[:len(h.hits)-1]
	return x
}

func (h *topK) offer(x hit) {
	if len(h.hits) < h.k {
		heap.Push(h, x)
		return
	}
	if h.better(x, h.hits[0]) {
		h.hits[0] = x
		heap.Fix(h, 0)
	}
}

func (h *topK) sorted() []hit {
	slices.SortFunc(h.hits, func(a, b hit) int {
		if h.better(a, b) {
			return -1
		}
		if h.better(b, a) {
			return 1
		}
		return 0
	})
	return h.hits
}
