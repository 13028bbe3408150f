package retrieval

import (
	"cmp"
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
)

// Pruned search: MaxScore (Turtle and Flood, 1995) over windows of passages,
// as Lucene's MaxScoreBulkScorer does it, with block-max bounds (Ding and
// Suel, 2011) from the skip blocks. It is rank-safe: a passage is left out
// only when a bound proves it cannot enter the top k, and every passage that
// may is scored with the same float32 operations, added in the same order,
// as searchAll, so the top k, their order and their scores are exactly those
// of scoring every posting.
//
// Each query term gives up to two lists, its passages and its headlines (a
// headline posting counts for every passage of its article). For each window
// the lists are sorted by their bound within it; the lowest ones whose
// bounds sum to less than the kth best score so far are non-essential: a
// passage found only in them cannot make the top k. The essential lists are
// added up one after the other into the window (a tight loop); then the
// non-essential ones are probed, highest bound first, at the candidates
// whose bound still reaches the kth score, and the survivors are scored
// exactly and offered to the top k.

const noDoc = math.MaxUint32

// window is how many passages the pruned search takes at once. 4096, as in
// Lucene: small enough for the window's buffers to stay in cache.
const window = 4096

// firstWindow is the size of the first window; each next one doubles, up to
// window. Until the top k fill up, every list is essential, so the first
// windows are small to find a threshold early.
const firstWindow = 128

// minPruned is the smallest corpus searched with pruning: below a couple of
// windows the bookkeeping costs more than it saves (SciFact's 5,183
// abstracts and their long questions: 70 µs pruned, 50 µs not).
const minPruned = 2 * window

// maxPrunedLists is the most lists (two per distinct query term) a pruned
// search handles: a passage's contributions are tracked in a 64-bit mask.
// Longer queries score every posting.
const maxPrunedLists = 64

// cursor walks one posting list.
type cursor struct {
	list   []byte  // the encoded postings
	pos    int     // offset of the next posting in list
	blocks []block // the list's skip blocks; none for a short list
	blk    int     // no later than the block holding the current posting
	doc    uint32  // current posting's document (passage or article), noDoc past the end
	tf     uint32
	norm   []float32 // per document of the list's field
	f      float32   // the term's factor in this field
	ub     float64   // bound on a contribution of this list
	ord    int       // place in searchAll's order of addition
	scored int       // contributions computed, for statistics

	// A headline list's documents are articles, and a posting counts for
	// passages first[doc] to curEnd-1. cur is where in them the cursor
	// stands (or an earlier passage of the article).
	title       bool
	first       []uint32 // the index's first passage of each article
	cur, curEnd uint32
	score       float32 // the contribution of article scoreOf
	scoreOf     uint32
}

// nextPosting moves to the next posting of the list.
func (c *cursor) nextPosting() {
	b := c.list[c.pos:]
	if len(b) == 0 {
		c.doc = noDoc
		return
	}
	var gap, tf uint64
	var n int
	if b[0] < 0x80 {
		gap, n = uint64(b[0]), 1
	} else {
		gap, n = binary.Uvarint(b)
	}
	if b[n] < 0x80 {
		tf = uint64(b[n])
		n++
	} else {
		var m int
		tf, m = binary.Uvarint(b[n:])
		n += m
	}
	c.pos += n
	c.doc += uint32(gap)
	c.tf = uint32(tf)
}

// skipTo moves, through the skip blocks and without decoding, to the block
// that may hold target (a document of the list), leaving the cursor on the
// posting before it; it returns false when no posting reaches target. When
// it returns true with the cursor before target, blocks[blk] is the block
// that would hold target.
func (c *cursor) skipTo(target uint32) bool {
	bs := c.blocks
	if len(bs) == 0 || c.doc >= target {
		return c.doc != noDoc
	}
	b := c.blk
	if bs[b].last < target {
		// Gallop, then bisect: probes may be near each other or far apart.
		step := 1
		for b+step < len(bs) && bs[b+step].last < target {
			b += step
			step *= 2
		}
		lo, hi := b+1, min(b+step, len(bs))
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if bs[m].last < target {
				lo = m + 1
			} else {
				hi = m
			}
		}
		b = lo
		if b == len(bs) {
			c.doc, c.cur = noDoc, noDoc
			return false
		}
	}
	if b > c.blk && bs[b-1].last >= c.doc {
		c.pos, c.doc = int(bs[b-1].end), bs[b-1].last
	}
	c.blk = b
	return true
}

// seek moves to the first posting at or after target.
func (c *cursor) seek(target uint32) {
	if c.doc >= target || !c.skipTo(target) {
		return
	}
	// The decoding of nextPosting, inlined: probes spend their time here.
	list, pos, d, tf := c.list, c.pos, c.doc, c.tf
	for d < target {
		if pos == len(list) {
			d = noDoc
			break
		}
		var gap, t uint64
		if b := list[pos]; b < 0x80 {
			gap = uint64(b)
			pos++
		} else {
			var m int
			gap, m = binary.Uvarint(list[pos:])
			pos += m
		}
		if b := list[pos]; b < 0x80 {
			t = uint64(b)
			pos++
		} else {
			var m int
			t, m = binary.Uvarint(list[pos:])
			pos += m
		}
		d += uint32(gap)
		tf = uint32(t)
	}
	c.pos, c.doc, c.tf = pos, d, tf
}

// passage is the passage the cursor stands at (for a headline list, at or
// before it).
func (c *cursor) passage() uint32 {
	if c.title {
		return c.cur
	}
	return c.doc
}

// enterArticle puts a headline cursor on the first passage of its current
// article.
func (c *cursor) enterArticle() {
	if c.doc == noDoc {
		c.cur = noDoc
		return
	}
	c.cur, c.curEnd = c.first[c.doc], c.first[c.doc+1]
}

// seekPassage moves the cursor to its first passage at or after p.
func (c *cursor) seekPassage(ix *Index, p uint32) {
	if c.passage() >= p {
		return
	}
	if !c.title {
		c.seek(p)
		return
	}
	a := ix.article[p]
	c.seek(a)
	c.enterArticle()
	if c.doc == a {
		c.cur = p
	}
}

// titleScore is a headline list's contribution for its current article,
// computed as searchAll does, once per article.
func (c *cursor) titleScore() float32 {
	if c.scoreOf != c.doc {
		x := float32(c.tf)
		c.score = c.f * x / (x + c.norm[c.doc])
		c.scoreOf = c.doc
		c.scored++
	}
	return c.score
}

// searchStats counts the postings of a search's lists and how many of them
// were scored (a headline posting once, however many passages it counts
// for).
type searchStats struct{ scored, total int }

func (s *searchStats) add(scored, total int) {
	if s != nil {
		s.scored += scored
		s.total += total
	}
}

// search returns the k best hits for query, best first.
func (ix *Index) search(query string, k int, st *searchStats) []hit {
	if k <= 0 || ix.Len() == 0 {
		return nil
	}
	terms := ix.queryTerms(query)
	if len(terms) == 0 {
		return nil
	}
	if k >= ix.Len() || ix.Len() < minPruned || 2*len(terms) > maxPrunedLists {
		return ix.searchAll(terms, k, st)
	}
	return ix.searchMaxScore(terms, k, st)
}

// cursors opens the lists of the query's terms, each on its first posting.
func (ix *Index) cursors(terms []queryTerm) []cursor {
	cs := make([]cursor, 0, 2*len(terms))
	for i, q := range terms {
		t := q.id
		if ix.body.df[t] > 0 {
			f := ix.bodyFactor(q)
			c := cursor{list: ix.body.list(t), blocks: ix.body.termBlocks(t), norm: ix.body.norm, f: f,
				ub: float64(f) * float64(ix.body.maxr[t]), ord: 2 * i}
			c.nextPosting()
			cs = append(cs, c)
		}
		if ix.title.df[t] > 0 && ix.params.TitleWeight > 0 {
			f := ix.titleFactor(q)
			c := cursor{list: ix.title.list(t), blocks: ix.title.termBlocks(t), norm: ix.title.norm, f: f,
				ub: float64(f) * float64(ix.title.maxr[t]), ord: 2*i + 1, title: true, first: ix.first, scoreOf: noDoc}
			c.nextPosting()
			c.enterArticle()
			cs = append(cs, c)
		}
	}
	return cs
}

// termBlocks returns the skip blocks of term t.
func (f *field) termBlocks(t int) []block {
	var start uint32
	if t > 0 {
		start = f.blocksEnd[t-1]
	}
	return f.blocks[start:f.blocksEnd[t]]
}

// windowBuf holds a window's candidates: for each passage of the window, its
// partial score (for bounds, in float64), and each list's contribution (for
// the exact score) with a mask of the lists that contributed.
type windowBuf struct {
	partial [window]float64
	mask    [window]uint64
	bits    [window / 64]uint64 // passages of the window with a contribution
	contrib []float32           // window × stride, by searchAll's order
	cands   []uint32            // window slots still candidates
}

func (w *windowBuf) add(slot uint32, stride, ord int, v float32) {
	w.partial[slot] += float64(v)
	w.contrib[int(slot)*stride+ord] = v
	w.mask[slot] |= 1 << ord
}

// exact is a passage's score as searchAll computes it: the contributions
// added in float32, in searchAll's order.
func (w *windowBuf) exact(slot uint32, stride int) float32 {
	var s float32
	row := w.contrib[int(slot)*stride:]
	for m := w.mask[slot]; m != 0; m &= m - 1 {
		s += row[bits.TrailingZeros64(m)]
	}
	return s
}

func (w *windowBuf) drop(slot uint32) {
	w.partial[slot] = 0
	w.mask[slot] = 0
}

func (ix *Index) searchMaxScore(terms []queryTerm, k int, st *searchStats) []hit {
	cs := ix.cursors(terms)
	n := len(cs)
	stride := 2 * len(terms)
	w, _ := ix.windows.Get().(*windowBuf)
	if w == nil {
		w = &windowBuf{}
	}
	if len(w.contrib) < window*stride {
		w.contrib = make([]float32, window*stride)
	}
	defer ix.windows.Put(w)
	// Bounds are computed in float64 from float32 parts, and scores are
	// float32 sums: a relative margin covers the rounding, so a passage
	// whose score equals the kth (and may win the tie-break) is never left
	// out.
	slack := 1 + 1e-6*float64(n+8)
	h := &topK{ix: ix, k: k, hits: make([]hit, 0, k)}
	theta := math.Inf(-1)        // the kth best score so far, once there are k
	wub := make([]float64, n)    // per list: its bound within the window
	order := make([]int, n)      // lists by ascending window bound
	prefix := make([]float64, n) // prefix[j]: the bounds of order[:j+1] summed
	last := uint32(ix.Len())
	lo := uint32(noDoc)
	for i := range cs {
		lo = min(lo, cs[i].passage())
	}
	size := uint32(firstWindow)
	for lo < last {
		hi := min(lo+size, last)
		size = min(2*size, window)
		for i := range cs {
			wub[i] = cs[i].windowBound(ix, lo, hi)
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(wub[a], wub[b]) })
		var sum float64
		ess := n // order[ess:] are essential in this window
		for j, i := range order {
			sum += wub[i]
			prefix[j] = sum
			if ess == n && sum*slack >= theta {
				ess = j
			}
		}
		if ess == n {
			lo = hi // nothing in this window can reach the top k
			continue
		}
		for _, i := range order[ess:] {
			c := &cs[i]
			c.seekPassage(ix, lo)
			c.accumulate(w, lo, hi, stride)
		}
		// The candidates in passage order, while their bound (partial score
		// plus the bounds of the lists not yet added) reaches the kth score.
		cands := w.cands[:0]
		for wi, word := range w.bits {
			for word != 0 {
				slot := uint32(wi*64 + bits.TrailingZeros64(word))
				word &= word - 1
				if ess == 0 || (w.partial[slot]+prefix[ess-1])*slack >= theta {
					cands = append(cands, slot)
				} else {
					w.drop(slot)
				}
			}
		}
		clear(w.bits[:])
		for j := ess - 1; j >= 0 && len(cands) > 0; j-- {
			rest := 0.0 // the bounds of the lists below this one
			if j > 0 {
				rest = prefix[j-1]
			}
			c := &cs[order[j]]
			if c.title {
				cands = w.probeTitle(ix, c, cands, lo, wub[order[j]], rest, theta, slack, stride)
			} else {
				cands = w.probeBody(c, cands, lo, wub[order[j]], rest, theta, slack, stride)
			}
		}
		for _, slot := range cands {
			if w.partial[slot]*slack >= theta {
				h.offer(hit{lo + slot, w.exact(slot, stride)})
				if len(h.hits) == k {
					theta = float64(h.hits[0].score)
				}
			}
			w.drop(slot)
		}
		w.cands = cands
		lo = hi
	}
	if st != nil {
		for i := range cs {
			c := &cs[i]
			f := &ix.body
			if c.title {
				f = &ix.title
			}
			st.add(c.scored, int(f.df[terms[c.ord/2].id]))
		}
	}
	return h.sorted()
}

// windowBound bounds the list's contribution to passages lo..hi-1: by the
// blocks that cover them, or by the whole list's bound.
func (c *cursor) windowBound(ix *Index, lo, hi uint32) float64 {
	if c.passage() >= hi {
		return 0
	}
	if len(c.blocks) == 0 {
		return c.ub
	}
	from, to := lo, hi-1
	if c.title {
		from, to = ix.article[lo], ix.article[hi-1]
	}
	if !c.skipTo(from) {
		return 0
	}
	// skipTo leaves blk alone when the cursor is already at or past from,
	// and accumulate and seek decode past block ends without moving it:
	// catch up, or every window would rescan the list's blocks from where
	// it was last skipped (quadratic in the windows for a list that stays
	// essential).
	for c.blocks[c.blk].last < c.doc {
		c.blk++
	}
	var m float32
	for b := c.blk; b < len(c.blocks); b++ {
		m = max(m, c.blocks[b].maxr)
		if c.blocks[b].last >= to {
			break
		}
	}
	return float64(c.f) * float64(m)
}

// accumulate adds the list's contributions to passages lo..hi-1 into the
// window, leaving the cursor at its first passage from hi on.
func (c *cursor) accumulate(w *windowBuf, lo, hi uint32, stride int) {
	if c.title {
		for c.doc != noDoc && c.cur < hi {
			v := c.titleScore()
			end := min(c.curEnd, hi)
			for p := c.cur; p < end; p++ {
				slot := p - lo
				w.add(slot, stride, c.ord, v)
				w.bits[slot/64] |= 1 << (slot % 64)
			}
			if end < c.curEnd {
				c.cur = end
				break
			}
			c.nextPosting()
			c.enterArticle()
		}
		return
	}
	// The decoding of nextPosting, inlined: this is the hot loop.
	list, pos, d, tf := c.list, c.pos, c.doc, c.tf
	norm, f := c.norm, c.f
	scored := 0
	for d < hi {
		x := float32(tf)
		v := f * x / (x + norm[d])
		scored++
		slot := d - lo
		w.add(slot, stride, c.ord, v)
		w.bits[slot/64] |= 1 << (slot % 64)
		if pos == len(list) {
			d = noDoc
			break
		}
		var gap, t uint64
		if b := list[pos]; b < 0x80 {
			gap = uint64(b)
			pos++
		} else {
			var m int
			gap, m = binary.Uvarint(list[pos:])
			pos += m
		}
		if b := list[pos]; b < 0x80 {
			t = uint64(b)
			pos++
		} else {
			var m int
			t, m = binary.Uvarint(list[pos:])
			pos += m
		}
		d += uint32(gap)
		tf = uint32(t)
	}
	c.pos, c.doc, c.tf = pos, d, tf
	c.scored += scored
}

// probeBody adds passage list c's contributions to the candidates (window
// slots from lo) and returns those whose bound still reaches theta. ub is
// the list's bound in the window, rest the bounds of the lists still to
// probe.
func (w *windowBuf) probeBody(c *cursor, cands []uint32, lo uint32, ub, rest, theta, slack float64, stride int) []uint32 {
	kept := cands[:0]
	f, norm, bs := c.f, c.norm, c.blocks
	for _, slot := range cands {
		p := w.partial[slot]
		if (p+ub+rest)*slack < theta {
			w.drop(slot)
			continue
		}
		target := lo + slot
		if c.doc < target {
			if len(bs) > 0 {
				if !c.skipTo(target) {
					kept = append(kept, slot)
					continue
				}
				if c.doc < target && (p+float64(f)*float64(bs[c.blk].maxr)+rest)*slack < theta {
					w.drop(slot) // block-max: the block cannot lift it
					continue
				}
			}
			c.seek(target)
		}
		if c.doc == target {
			x := float32(c.tf)
			c.scored++
			w.add(slot, stride, c.ord, f*x/(x+norm[target]))
		}
		kept = append(kept, slot)
	}
	return kept
}

// probeTitle is probeBody for a headline list.
func (w *windowBuf) probeTitle(ix *Index, c *cursor, cands []uint32, lo uint32, ub, rest, theta, slack float64, stride int) []uint32 {
	kept := cands[:0]
	for _, slot := range cands {
		p := w.partial[slot]
		if (p+ub+rest)*slack < theta {
			w.drop(slot)
			continue
		}
		target := lo + slot
		if c.doc != noDoc && target >= c.curEnd {
			a := ix.article[target]
			if len(c.blocks) > 0 {
				if !c.skipTo(a) {
					kept = append(kept, slot)
					continue
				}
				if c.doc < a && (p+float64(c.f)*float64(c.blocks[c.blk].maxr)+rest)*slack < theta {
					w.drop(slot)
					continue
				}
			}
			c.seek(a)
			c.enterArticle()
		}
		if c.doc != noDoc && target >= c.first[c.doc] {
			w.add(slot, stride, c.ord, c.titleScore())
		}
		kept = append(kept, slot)
	}
	return kept
}
