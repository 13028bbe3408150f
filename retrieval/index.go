package retrieval

import (
	"container/heap"
	"context"
	"encoding/binary"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Params are the BM25 parameters (Lucene's formula). See DefaultParams.
type Params struct {
	K1 float64 // term-frequency saturation
	B  float64 // document-length normalisation, 0 (none) to 1 (full)
	// TitleWeight scales the headline field's BM25 score, which counts for
	// every passage of the article. 0 ignores headlines.
	TitleWeight float64
	// Aliases are the spellings unified before stemming; nil means
	// DefaultAliases. Search analyses queries with them (Index.Analyze).
	Aliases *Aliases
	// Terms, when set, is a cache of the terms of the words analysed, kept
	// across builds: a rebuild then stems only the words it has not seen.
	// It does not change scores.
	Terms *TermCache
}

// DefaultParams returns the parameters the bot uses: k1=0.9 (Anserini's),
// b=0.75 (Lucene's) and a headline weight of 0.5, the best of a sweep on
// BEIR SciFact (see the README).
func DefaultParams() Params { return Params{K1: 0.9, B: 0.75, TitleWeight: 0.5} }

// Index is an in-memory BM25 index over the passages of a corpus. It is
// immutable once built and safe for concurrent searches.
//
// It is laid out for size: the dictionary is one sorted string searched by
// bisection, and each posting list is a run of varint (document gap, term
// frequency) pairs in one byte slice, so a posting usually costs two bytes.
type Index struct {
	corpus  *Corpus
	params  Params
	article []uint32  // per passage (doc number): its article number
	first   []uint32  // per article: its first passage; passages are contiguous; one past the end last
	terms   string    // all terms, sorted, concatenated
	termEnd []uint32  // per term: end of the term in terms
	body    field     // docs are passages
	title   field     // docs are articles
	scores  sync.Pool // *scoreBuf
	windows sync.Pool // *windowBuf
}

// field is the postings of one field over all terms.
type field struct {
	post []byte    // per term, varint (doc gap, tf) pairs in doc order
	end  []uint32  // per term: end of its postings in post
	df   []uint32  // per term: documents holding it
	norm []float32 // per doc: k1*(1-b+b*len/avglen)
	// Score bounds and skips for pruned search (see maxscore.go).
	maxr      []float32    // per term: the largest tf/(tf+norm) of its postings
	blocks    []block      // per term with more than blockSize postings, its blocks in order
	blocksEnd []uint32     // per term: end of its blocks in blocks
	lenCode   []uint8      // per doc: its length, 255 for 255 and over (see lengthCodes)
	lenNorm   [255]float32 // per length under 255: its norm
}

// blockSize is how many postings a skip block covers. Smaller blocks skip
// more precisely and bound more tightly, and cost more memory (12 bytes a
// block).
const blockSize = 64

// block describes blockSize consecutive postings of a list: where they end,
// their last document and their largest tf/(tf+norm), so a search can skip
// a block it does not need and bound the scores it holds.
type block struct {
	last uint32  // last document of the block
	end  uint32  // end of the block's postings, relative to the list's start
	maxr float32 // largest tf/(tf+norm) in the block
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
	doc     uint32 // the passage's number in the index
}

// NewIndex builds the index of every passage in c. The headline of each
// article is indexed as a second field shared by its passages.
func NewIndex(c *Corpus, p Params) *Index {
	ix, _ := NewIndexContext(context.Background(), c, p)
	return ix
}

// NewIndexContext is NewIndex that stops soon after ctx is done, returning
// ctx's error: building a large corpus takes seconds, and Ctrl-C must not
// wait for it.
func NewIndexContext(ctx context.Context, c *Corpus, p Params) (*Index, error) {
	ix := &Index{corpus: c, params: p}
	var texts []string
	for ai, a := range c.Articles {
		ix.first = append(ix.first, uint32(len(texts)))
		for _, ps := range a.Passages {
			texts = append(texts, ps.Text)
			ix.article = append(ix.article, uint32(ai))
		}
	}
	ix.first = append(ix.first, uint32(len(texts)))
	heads := make([]string, len(c.Articles))
	for i, a := range c.Articles {
		heads[i] = a.Headline
	}
	cache := p.Terms
	if cache == nil {
		cache = &TermCache{perBuild: true}
	}
	cache = cache.forAliases(p.Aliases)
	// Headlines go through the vocabs of the passages: their words are
	// mostly known by then, so they are looked up, not stemmed again.
	vocabs := newVocabs(cache, texts)
	body, err := analyzeAll(ctx, texts, vocabs)
	if err != nil {
		return nil, err
	}
	title, err := analyzeAll(ctx, heads, vocabs)
	if err != nil {
		return nil, err
	}

	// One dictionary for both fields, sorted so that term ids, and the
	// index with them, do not depend on how work was split.
	all, remap := dictionary(vocabs)
	var sb strings.Builder
	sb.Grow(len(all) * 8)
	ix.termEnd = make([]uint32, len(all))
	for i, t := range all {
		sb.WriteString(t)
		ix.termEnd[i] = uint32(sb.Len())
	}
	ix.terms = sb.String()
	if ix.body, err = body.field(ctx, remap, len(all), p); err != nil {
		return nil, err
	}
	if ix.title, err = title.field(ctx, remap, len(all), p); err != nil {
		return nil, err
	}
	n := len(texts)
	ix.scores.New = func() any { return &scoreBuf{score: make([]float32, n)} }
	return ix, nil
}

// checkEvery is how many documents a build handles between looks at its
// context: often enough to stop within milliseconds.
const checkEvery = 1024

// posting is one term of a document during a build: a vocab id and its count.
type posting struct {
	id int32
	tf uint32
}

// analyzed is the output of analyzeAll: documents as postings in the ids of
// the vocab of the worker that analysed them (doc i: worker i%len(vocabs)).
type analyzed struct {
	docs [][]posting
	lens []uint32
}

// vocabSize guesses how many distinct words texts hold, to size maps: Heaps'
// law with the constants of English news text, from a sample of the bytes.
func vocabSize(texts []string) int {
	var n int
	for i, t := range texts {
		if i == 1000 {
			n = n / 1000 * len(texts)
			break
		}
		n += len(t)
	}
	words := float64(n) / 6 // about six bytes a word, with its space
	v := int(min(44*math.Pow(words, 0.49), 1<<20))
	if v < 1<<13 {
		return 0 // small maps grow cheaply; allocating large ones does not pay
	}
	return v
}

// newVocabs returns the vocabs of the workers of a build over texts: one
// per core, but no more than one per 256 texts.
func newVocabs(cache *TermCache, texts []string) []*vocab {
	vocabs := make([]*vocab, min(runtime.GOMAXPROCS(0), max(1, len(texts)/256)))
	// Each worker sees 1/len(vocabs) of the text, so by Heaps' law that
	// share of the vocabulary to the power 0.49.
	size := int(float64(vocabSize(texts)) * math.Pow(float64(len(vocabs)), -0.49))
	for w := range vocabs {
		vocabs[w] = newVocab(cache, size)
	}
	return vocabs
}

// analyzeAll analyses texts, one worker per vocab.
func analyzeAll(ctx context.Context, texts []string, vocabs []*vocab) (analyzed, error) {
	n := len(texts)
	workers := len(vocabs)
	out := analyzed{docs: make([][]posting, n), lens: make([]uint32, n)}
	var wg sync.WaitGroup
	var stopped atomic.Bool
	for w, v := range vocabs {
		wg.Go(func() {
			var counts []uint32 // by vocab id; zeroed again after each doc
			var ids, seen []int32
			var block []posting
			for i := w; i < n; i += workers {
				if (i/workers)%checkEvery == 0 && (stopped.Load() || ctx.Err() != nil) {
					stopped.Store(true)
					return
				}
				ids = v.analyze(texts[i], ids[:0])
				if len(v.terms) > len(counts) {
					counts = append(counts, make([]uint32, len(v.terms)-len(counts)+1024)...)
				}
				for _, id := range ids {
					if counts[id] == 0 {
						seen = append(seen, id)
					}
					counts[id]++
				}
				l := uint32(len(ids))
				// Documents' postings are cut from large blocks: one
				// allocation per document would keep the GC busy.
				if cap(block)-len(block) < len(seen) {
					block = make([]posting, 0, max(1<<14, len(seen)))
				}
				start := len(block)
				for _, id := range seen {
					block = append(block, posting{id, counts[id]})
					counts[id] = 0
				}
				seen = seen[:0]
				out.docs[i], out.lens[i] = block[start:len(block):len(block)], l
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return analyzed{}, err
	}
	return out, nil
}

// dictionary merges the terms of the vocabs (each sorted on its own core)
// into one sorted list, and maps each vocab's term ids to their place in it.
func dictionary(vocabs []*vocab) (all []string, remap [][]uint32) {
	var wg sync.WaitGroup
	for _, v := range vocabs {
		wg.Go(v.sort)
	}
	wg.Wait()
	remap = make([][]uint32, len(vocabs))
	// A heap of the vocabs by their next term: a k-way merge.
	type head struct{ v, i int }
	var h []head
	less := func(a, b head) bool {
		ta, tb := vocabs[a.v].terms[vocabs[a.v].sorted[a.i]], vocabs[b.v].terms[vocabs[b.v].sorted[b.i]]
		return ta < tb || ta == tb && a.v < b.v
	}
	down := func(i int) {
		for {
			m := i
			for _, c := range []int{2*i + 1, 2*i + 2} {
				if c < len(h) && less(h[c], h[m]) {
					m = c
				}
			}
			if m == i {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	total := 0
	for v, x := range vocabs {
		remap[v] = make([]uint32, len(x.terms))
		total += len(x.terms)
		if len(x.terms) > 0 {
			h = append(h, head{v, 0})
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(i)
	}
	all = make([]string, 0, total/max(1, len(vocabs)/2))
	for len(h) > 0 {
		x := h[0]
		v := vocabs[x.v]
		id := v.sorted[x.i]
		if t := v.terms[id]; len(all) == 0 || all[len(all)-1] != t {
			all = append(all, t)
		}
		remap[x.v][id] = uint32(len(all) - 1)
		if x.i+1 < len(v.sorted) {
			h[0].i++
		} else {
			h[0] = h[len(h)-1]
			h = h[:len(h)-1]
		}
		down(0)
	}
	return all, remap
}

// field encodes the postings of the analysed documents in the global term
// ids (remap: per vocab, its term ids' global ones). Documents are visited in order, so every list is sorted by document.
func (a analyzed) field(ctx context.Context, remap [][]uint32, nterms int, p Params) (field, error) {
	f := field{end: make([]uint32, nterms), df: make([]uint32, nterms), norm: norms(a.lens, p)}
	f.lenCode, f.lenNorm = lengthCodes(a.lens, f.norm)
	size := make([]uint32, nterms)
	last := make([]uint32, nterms)
	for d, ps := range a.docs {
		if d%(16*checkEvery) == 0 && ctx.Err() != nil {
			return field{}, ctx.Err()
		}
		r := remap[d%len(remap)]
		for _, x := range ps {
			t := r[x.id]
			size[t] += uint32(uvarintLen(uint64(uint32(d)-last[t])) + uvarintLen(uint64(x.tf)))
			last[t] = uint32(d)
			f.df[t]++
		}
	}
	var total uint32
	f.blocksEnd = make([]uint32, nterms)
	var nblocks uint32
	for t, s := range size {
		size[t] = total // now the write position
		total += s
		f.end[t] = total
		if f.df[t] > blockSize {
			nblocks += (f.df[t] + blockSize - 1) / blockSize
		}
		f.blocksEnd[t] = nblocks
	}
	f.post = make([]byte, total)
	f.blocks = make([]block, nblocks)
	f.maxr = make([]float32, nterms)
	count := make([]uint32, nterms) // postings written per term
	var blockMax []float32          // per term: of its current block
	if nblocks > 0 {
		blockMax = make([]float32, nterms)
	}
	clear(last)
	for d, ps := range a.docs {
		if d%(16*checkEvery) == 0 && ctx.Err() != nil {
			return field{}, ctx.Err()
		}
		r := remap[d%len(remap)]
		for _, x := range ps {
			t := r[x.id]
			w := binary.PutUvarint(f.post[size[t]:], uint64(uint32(d)-last[t]))
			w += binary.PutUvarint(f.post[size[t]+uint32(w):], uint64(x.tf))
			size[t] += uint32(w)
			last[t] = uint32(d)
			// The same expression as scoring, so bounds hold exactly.
			tf := float32(x.tf)
			ratio := tf / (tf + f.norm[d])
			f.maxr[t] = max(f.maxr[t], ratio)
			count[t]++
			if f.df[t] <= blockSize {
				continue
			}
			blockMax[t] = max(blockMax[t], ratio)
			if count[t]%blockSize == 0 || count[t] == f.df[t] {
				first := f.blocksEnd[t] - (f.df[t]+blockSize-1)/blockSize
				var start uint32
				if t > 0 {
					start = f.end[t-1]
				}
				f.blocks[first+(count[t]-1)/blockSize] = block{last: uint32(d), end: size[t] - start, maxr: blockMax[t]}
				blockMax[t] = 0
			}
		}
	}
	return f, nil
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
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

// lookup returns the id of an analysed term.
func (ix *Index) lookup(term string) (int, bool) {
	start := func(i int) uint32 {
		if i == 0 {
			return 0
		}
		return ix.termEnd[i-1]
	}
	lo, hi := 0, len(ix.termEnd)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ix.terms[start(m):ix.termEnd[m]] < term {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(ix.termEnd) && ix.terms[start(lo):ix.termEnd[lo]] == term {
		return lo, true
	}
	return 0, false
}

// list returns the encoded postings of term t.
func (f *field) list(t int) []byte {
	var off uint32
	if t > 0 {
		off = f.end[t-1]
	}
	return f.post[off:f.end[t]]
}

// postings calls fn with each document and term frequency of term t in f.
// It decodes with the cursor's nextPosting; the hot loops (searchAll's
// passage lists, cursor.seek, cursor.accumulate and sweepBody) write only
// the loop out, each posting still read with uvarintAt.
func (f *field) postings(t int, fn func(doc, tf uint32)) {
	c := cursor{list: f.list(t)}
	for c.nextPosting(); c.doc != noDoc; c.nextPosting() {
		fn(c.doc, c.tf)
	}
}

// Corpus returns the corpus the index was built from.
func (ix *Index) Corpus() *Corpus { return ix.corpus }

// Params returns the scoring parameters.
func (ix *Index) Params() Params { return ix.params }

// Len returns the number of passages indexed.
func (ix *Index) Len() int { return len(ix.article) }

// DocFreq returns how many passages contain an analysed term (as produced by
// Analyze), counting a headline match for all of its article's passages.
func (ix *Index) DocFreq(term string) int {
	t, ok := ix.lookup(term)
	if !ok {
		return 0
	}
	n := int(ix.body.df[t])
	ix.title.postings(t, func(a, _ uint32) { n += int(ix.first[a+1] - ix.first[a]) })
	return min(n, ix.Len())
}

// IDF returns the BM25 idf of an analysed term over the passages; a term not
// in the corpus gets the largest idf possible.
func (ix *Index) IDF(term string) float64 { return idf(ix.DocFreq(term), ix.Len()) }

// Search returns the k passages that best match the query, best first. Ties
// are broken by article date (newer first), then article id, then position,
// so equal input always gives equal output.
//
// It prunes (see maxscore.go): documents that cannot reach the top k are not
// scored, and the result is exactly what scoring every posting gives.
func (ix *Index) Search(query string, k int) []Result {
	return ix.results(ix.search(query, k, nil))
}

// queryTerm is a distinct term of a query, in order of first occurrence,
// with its count in the query.
type queryTerm struct {
	id int
	w  float32
}

// queryTerms analyses a query into the distinct terms the index knows.
func (ix *Index) queryTerms(query string) []queryTerm {
	var out []queryTerm
	var seen []string
	for _, t := range ix.Analyze(query) {
		if i := slices.Index(seen, t); i >= 0 {
			if out[i].id >= 0 {
				out[i].w++
			}
			continue
		}
		seen = append(seen, t)
		id, ok := ix.lookup(t)
		if !ok {
			// "Europe" asked, "European" written: the place by its
			// people's word.
			if d := ix.Demonym(t); d != "" {
				id, ok = ix.lookup(d)
			}
		}
		if !ok {
			id = -1
		}
		out = append(out, queryTerm{id, 1})
	}
	return slices.DeleteFunc(out, func(q queryTerm) bool { return q.id < 0 })
}

// bodyFactor and titleFactor are a term's weight in each field: query count
// times idf times (k1+1), so a posting scores factor*tf/(tf+norm).
func (ix *Index) bodyFactor(q queryTerm) float32 {
	k1 := float32(ix.params.K1)
	return q.w * float32(idf(int(ix.body.df[q.id]), ix.Len())) * (k1 + 1)
}

func (ix *Index) titleFactor(q queryTerm) float32 {
	k1 := float32(ix.params.K1)
	return q.w * float32(ix.params.TitleWeight*idf(int(ix.title.df[q.id]), len(ix.corpus.Articles))) * (k1 + 1)
}

// searchAll scores every posting of every query term, term at a time. It is
// the reference the pruned search must equal, and the faster way when every
// match is wanted.
func (ix *Index) searchAll(terms []queryTerm, k int, st *searchStats) []hit {
	buf := ix.scores.Get().(*scoreBuf)
	defer func() {
		for _, d := range buf.touched {
			buf.score[d] = 0
		}
		buf.touched = buf.touched[:0]
		ix.scores.Put(buf)
	}()
	score, touched := buf.score, buf.touched
	for _, q := range terms {
		t := q.id
		if df := ix.body.df[t]; df > 0 {
			f := ix.bodyFactor(q)
			norm := ix.body.norm
			// The decoding loop of field.postings, written out again on
			// purpose: this is the hot loop of a search. Through the
			// callback Search100k was 34% slower; uvarintAt is inlined.
			b := ix.body.list(t)
			var d uint32
			for pos := 0; pos < len(b); {
				var gap, tf uint64
				gap, pos = uvarintAt(b, pos)
				tf, pos = uvarintAt(b, pos)
				d += uint32(gap)
				if score[d] == 0 {
					touched = append(touched, d)
				}
				x := float32(tf)
				score[d] += f * x / (x + norm[d])
			}
			st.add(int(df), int(df))
		}
		if df := ix.title.df[t]; df > 0 && ix.params.TitleWeight > 0 {
			f := ix.titleFactor(q)
			ix.title.postings(t, func(a, tf uint32) {
				x := float32(tf)
				s := f * x / (x + ix.title.norm[a])
				for d := ix.first[a]; d < ix.first[a+1]; d++ {
					if score[d] == 0 {
						touched = append(touched, d)
					}
					score[d] += s
				}
			})
			st.add(int(df), int(df))
		}
	}
	buf.touched = touched
	h := &topK{ix: ix, k: k}
	for _, d := range touched {
		h.offer(hit{d, score[d]})
	}
	return h.sorted()
}

func (ix *Index) results(hits []hit) []Result {
	out := make([]Result, len(hits))
	for i, x := range hits {
		a := ix.corpus.Articles[ix.article[x.doc]]
		out[i] = Result{Rank: i + 1, Score: float64(x.score), Passage: a.Passages[x.doc-ix.first[ix.article[x.doc]]], Article: a, doc: x.doc}
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
	da := h.ix.corpus.Articles[h.ix.article[a.doc]].Date
	db := h.ix.corpus.Articles[h.ix.article[b.doc]].Date
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
	if len(h.hits) == h.k && x.score < h.hits[0].score {
		return // the common case, decided without the tie-breaks
	}
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
