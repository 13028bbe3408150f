package retrieval

import (
	"cmp"
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
//
// Headline lists are handled per article, not per passage: a headline
// posting's contribution is the same for the eight or so passages of its
// article. In each window, a headline list with fewer postings there than
// the candidates it would be probed at (in the previous window) is added up
// first into the window's articles ("resolved"), so that every candidate
// gets its exact headline score at the cost of one lookup; it then takes no
// part in choosing the essential lists, and a passage outside them is a
// candidate only when its article's headline score plus the non-essential
// bounds reaches the kth score. The other headline lists are probed once
// per article.

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

// minResolved: a headline list is resolved in a window only when its bound
// there is at least 1/minResolved of theta (1M passages, k=10: p99 -16%).
const minResolved = 8

// sweepRatio: a passage list is swept through a window rather than probed
// at each candidate when it holds at most sweepRatio times as many postings
// there as there are candidates (1M passages, k=10: p99 -5 to -12% for
// ratios 1 to 8).
const sweepRatio = 4

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
	code   []uint8   // the field's lenCode
	tab    *[255]float32
	f      float32 // the term's factor in this field
	ub     float64 // bound on a contribution of this list
	ord    int     // place in searchAll's order of addition
	df     int     // postings in the list
	scored int     // contributions computed, for statistics

	// A headline list's documents are articles; a posting counts for every
	// passage of its article.
	title    bool
	resolved bool    // added up per article in the current window
	score    float32 // the contribution of article scoreOf
	scoreOf  uint32
}

// nextPosting moves to the next posting of the list.
func (c *cursor) nextPosting() {
	b := c.list[c.pos:]
	if len(b) == 0 {
		c.doc = noDoc
		return
	}
	gap, n := uvarintAt(b, 0)
	tf, n := uvarintAt(b, n)
	c.pos += n
	c.doc += uint32(gap)
	c.tf = uint32(tf)
}

// uvarintAt decodes the varint at list[pos] (the postings are written with
// binary.PutUvarint) and returns it with the position after it. A plain
// loop rather than binary.Uvarint keeps it cheap enough for the compiler
// to inline into the scoring loops, which spend their time decoding.
func uvarintAt(list []byte, pos int) (uint64, int) {
	b := list[pos]
	if b < 0x80 { // most gaps and frequencies
		return uint64(b), pos + 1
	}
	v := uint64(b & 0x7f)
	for shift := uint(7); ; shift += 7 {
		pos++
		b = list[pos]
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return v, pos + 1
		}
	}
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
			c.doc = noDoc
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
		gap, pos = uvarintAt(list, pos)
		t, pos = uvarintAt(list, pos)
		d += uint32(gap)
		tf = uint32(t)
	}
	c.pos, c.doc, c.tf = pos, d, tf
}

// passage is the first passage the cursor's posting counts for.
func (c *cursor) passage(ix *Index) uint32 {
	if c.title && c.doc != noDoc {
		return ix.first[c.doc]
	}
	return c.doc
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
// for). resolved and probed count the windows in which a headline list was
// added up per article and in which it was probed at candidates, swept and
// seeked those in which a passage list was swept or probed, so tests can
// check that every way is taken; with probe set, a test makes the search
// probe every headline list it can (those that would be essential are
// still resolved).
type searchStats struct {
	scored, total, resolved, probed, swept, seeked int
	probe                                          bool
}

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
			c := cursor{list: ix.body.list(t), blocks: ix.body.termBlocks(t), norm: ix.body.norm, code: ix.body.lenCode, tab: &ix.body.lenNorm, f: f,
				ub: float64(f) * float64(ix.body.maxr[t]), ord: 2 * i, df: int(ix.body.df[t])}
			c.nextPosting()
			cs = append(cs, c)
		}
		if ix.title.df[t] > 0 && ix.params.TitleWeight > 0 {
			f := ix.titleFactor(q)
			c := cursor{list: ix.title.list(t), blocks: ix.title.termBlocks(t), norm: ix.title.norm, f: f,
				ub: float64(f) * float64(ix.title.maxr[t]), ord: 2*i + 1, df: int(ix.title.df[t]), title: true, scoreOf: noDoc}
			c.nextPosting()
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
// partial score (for bounds, in float64), and each passage list's
// contribution (for the exact score) with a mask of the lists that
// contributed; the same per article of the window for the headline lists.
type windowBuf struct {
	partial [window]float64
	mask    [window]uint64
	bits    [window / 64]uint64 // passages of the window that are candidates
	contrib []float32           // per query term, a column of window slots
	cands   []uint32            // candidates: slot | article slot<<16

	// Per article slot (article minus the window's first article).
	tsum     [window]float64
	tmask    [window]uint64
	tcontrib []float32 // per query term, a column of window article slots
	touched  []uint32  // article slots with a headline contribution
}

// A candidate packs its passage's slot and its article's slot.
const slotBits = 16

func (w *windowBuf) add(slot uint32, ord int, v float32) {
	w.partial[slot] += float64(v)
	w.contrib[(ord>>1)*window+int(slot)] = v
	w.mask[slot] |= 1 << ord
}

func (w *windowBuf) addTitle(aslot uint32, ord int, v float32) {
	if w.tmask[aslot] == 0 {
		w.touched = append(w.touched, aslot)
	}
	w.tsum[aslot] += float64(v)
	w.tcontrib[(ord>>1)*window+int(aslot)] = v
	w.tmask[aslot] |= 1 << ord
}

// setRange marks passages from..to-1 of the window as candidates.
func (w *windowBuf) setRange(from, to uint32) {
	for from < to {
		n := min(64-from%64, to-from)
		w.bits[from/64] |= (1<<n - 1) << (from % 64)
		from += n
	}
}

// exact is a passage's score as searchAll computes it: the contributions
// added in float32, in searchAll's order (a term's passage list, ord 2i,
// then its headline list, 2i+1).
func (w *windowBuf) exact(slot, aslot uint32) float32 {
	var s float32
	for m := w.mask[slot] | w.tmask[aslot]; m != 0; m &= m - 1 {
		o := bits.TrailingZeros64(m)
		if o&1 == 0 {
			s += w.contrib[(o>>1)*window+int(slot)]
		} else {
			s += w.tcontrib[(o>>1)*window+int(aslot)]
		}
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
	w, _ := ix.windows.Get().(*windowBuf)
	if w == nil {
		w = &windowBuf{}
	}
	// A column per term, not a row per passage: adding up a list then
	// writes one column in order, where rows spread its writes over the
	// whole table (several hundred KB, past the L2 cache).
	if len(w.contrib) < window*len(terms) {
		w.contrib = make([]float32, window*len(terms))
		w.tcontrib = make([]float32, window*len(terms))
	}
	defer ix.windows.Put(w)
	// Bounds are computed in float64 from float32 parts, and scores are
	// float32 sums: a relative margin covers the rounding, so a passage
	// whose score equals the kth (and may win the tie-break) is never left
	// out.
	slack := 1 + 1e-6*float64(n+8)
	h := &topK{ix: ix, k: k, hits: make([]hit, 0, k)}
	theta := math.Inf(-1)                              // the kth best score so far, once there are k
	wub := make([]float64, n)                          // per list: its bound within the window
	order := make([]int, 0, n)                         // lists not resolved, by ascending window bound
	prefix := make([]float64, n)                       // prefix[j]: the bounds of order[:j+1] summed
	arts := len(ix.first) - 1                          // articles in the index
	probed := window                                   // candidates of the previous window
	resolved, probedTitle, swept, seeked := 0, 0, 0, 0 // for searchStats
	last := uint32(ix.Len())
	lo := uint32(noDoc)
	for i := range cs {
		lo = min(lo, cs[i].passage(ix))
	}
	size := uint32(firstWindow)
	for lo < last {
		hi := min(lo+size, last)
		size = min(2*size, window)
		abase, alast := ix.article[lo], ix.article[hi-1]
		var total float64
		for i := range cs {
			wub[i] = cs[i].windowBound(ix, lo, hi)
			total += wub[i]
		}
		if total*slack < theta {
			lo = hi // nothing in this window can reach the top k
			continue
		}
		// Resolve the headline lists that are cheaper to add up here than
		// to probe at the candidates. A list whose bound is a small part of
		// theta is probed last, at the few candidates still left, and is
		// better left to that (the very common words' headline lists).
		order = order[:0]
		for i := range cs {
			c := &cs[i]
			c.resolved = false
			if wub[i] == 0 {
				continue // no posting in the window
			}
			if c.title && c.df*int(alast-abase+1) <= probed*arts && wub[i]*minResolved >= theta && (st == nil || !st.probe) {
				c.resolve(ix, w, abase, alast, hi)
				resolved++
				continue
			}
			order = append(order, i)
		}
		// The lowest lists whose bounds sum under theta are non-essential;
		// a headline list that would be essential is resolved instead.
		var ess int
		for {
			slices.SortFunc(order, func(a, b int) int { return cmp.Compare(wub[a], wub[b]) })
			var sum float64
			ess = len(order)
			for j, i := range order {
				sum += wub[i]
				prefix[j] = sum
				if ess == len(order) && sum*slack >= theta {
					ess = j
				}
			}
			j := slices.IndexFunc(order[ess:], func(i int) bool { return cs[i].title })
			if j < 0 {
				break
			}
			i := order[ess+j]
			cs[i].resolve(ix, w, abase, alast, hi)
			resolved++
			order = slices.Delete(order, ess+j, ess+j+1)
		}
		for _, i := range order[ess:] {
			c := &cs[i]
			c.seek(lo)
			c.accumulate(w, lo, hi)
		}
		rest := 0.0 // the bounds of the non-essential lists
		if ess > 0 {
			rest = prefix[ess-1]
		}
		// A passage in no essential list is a candidate when its article's
		// headline score can lift it to theta.
		for _, a := range w.touched {
			if (w.tsum[a]+rest)*slack >= theta {
				art := abase + a
				w.setRange(max(ix.first[art], lo)-lo, min(ix.first[art+1], hi)-lo)
			}
		}
		// The candidates in passage order, while their bound (partial score
		// plus the bounds of the lists not yet added) reaches the kth score.
		cands := w.cands[:0]
		for wi, word := range w.bits {
			for word != 0 {
				slot := uint32(wi*64 + bits.TrailingZeros64(word))
				word &= word - 1
				a := ix.article[lo+slot] - abase
				if (w.partial[slot]+w.tsum[a]+rest)*slack >= theta {
					cands = append(cands, slot|a<<slotBits)
				} else {
					w.drop(slot)
				}
			}
		}
		clear(w.bits[:])
		probed = len(cands)
		for j := ess - 1; j >= 0 && len(cands) > 0; j-- {
			rest := 0.0 // the bounds of the lists below this one
			if j > 0 {
				rest = prefix[j-1]
			}
			c := &cs[order[j]]
			if c.title {
				probedTitle++
				cands = w.probeTitle(c, cands, abase, wub[order[j]], rest, theta, slack)
			} else {
				if c.df*int(hi-lo) <= sweepRatio*len(cands)*ix.Len() {
					swept++
					cands = w.sweepBody(c, cands, lo, hi, wub[order[j]], rest, theta, slack)
				} else {
					seeked++
					cands = w.probeBody(c, cands, lo, wub[order[j]], rest, theta, slack)
				}
			}
		}
		for _, x := range cands {
			slot, a := x&(1<<slotBits-1), x>>slotBits
			if (w.partial[slot]+w.tsum[a])*slack >= theta {
				h.offer(hit{lo + slot, w.exact(slot, a)})
				if len(h.hits) == k {
					theta = float64(h.hits[0].score)
				}
			}
			w.drop(slot)
		}
		for _, a := range w.touched {
			w.tsum[a], w.tmask[a] = 0, 0
		}
		w.touched = w.touched[:0]
		w.cands = cands
		lo = hi
	}
	if st != nil {
		for i := range cs {
			st.add(cs[i].scored, cs[i].df)
		}
		st.resolved += resolved
		st.probed += probedTitle
		st.swept += swept
		st.seeked += seeked
	}
	return h.sorted()
}

// windowBound bounds the list's contribution to passages lo..hi-1: by the
// blocks that cover them, or by the whole list's bound.
func (c *cursor) windowBound(ix *Index, lo, hi uint32) float64 {
	if c.passage(ix) >= hi {
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

// resolve adds a headline list's contributions to the window's articles
// abase..alast, leaving the cursor on the first article that reaches past
// the window (hi), which the next window needs too.
func (c *cursor) resolve(ix *Index, w *windowBuf, abase, alast, hi uint32) {
	c.resolved = true
	c.seek(abase)
	for c.doc <= alast {
		w.addTitle(c.doc-abase, c.ord, c.titleScore())
		if ix.first[c.doc+1] > hi {
			break
		}
		c.nextPosting()
	}
}

// accumulate adds a passage list's contributions to passages lo..hi-1 into
// the window, leaving the cursor at its first passage from hi on.
func (c *cursor) accumulate(w *windowBuf, lo, hi uint32) {
	// The decoding of nextPosting, inlined: this is the hot loop.
	list, pos, d, tf := c.list, c.pos, c.doc, c.tf
	norm, code, tab, f := c.norm, c.code, c.tab, c.f
	scored := 0
	for d < hi {
		x := float32(tf)
		v := f * x / (x + normAt(code, tab, norm, d))
		scored++
		slot := d - lo
		w.add(slot, c.ord, v)
		w.bits[slot/64] |= 1 << (slot % 64)
		if pos == len(list) {
			d = noDoc
			break
		}
		var gap, t uint64
		gap, pos = uvarintAt(list, pos)
		t, pos = uvarintAt(list, pos)
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
func (w *windowBuf) probeBody(c *cursor, cands []uint32, lo uint32, ub, rest, theta, slack float64) []uint32 {
	kept := cands[:0]
	f, norm, code, tab, bs := c.f, c.norm, c.code, c.tab, c.blocks
	for _, x := range cands {
		slot, a := x&(1<<slotBits-1), x>>slotBits
		p := w.partial[slot] + w.tsum[a]
		if (p+ub+rest)*slack < theta {
			w.drop(slot)
			continue
		}
		target := lo + slot
		if c.doc < target {
			if len(bs) > 0 {
				if !c.skipTo(target) {
					kept = append(kept, x)
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
			w.add(slot, c.ord, f*x/(x+normAt(code, tab, norm, target)))
		}
		kept = append(kept, x)
	}
	return kept
}

// probeTitle is probeBody for a headline list: once per article (abase is
// the window's first article), its contribution counting for every passage
// of the article.
func (w *windowBuf) probeTitle(c *cursor, cands []uint32, abase uint32, ub, rest, theta, slack float64) []uint32 {
	kept := cands[:0]
	bit := uint64(1) << c.ord
	for _, x := range cands {
		slot, a := x&(1<<slotBits-1), x>>slotBits
		p := w.partial[slot] + w.tsum[a]
		if (p+ub+rest)*slack < theta {
			w.drop(slot)
			continue
		}
		if w.tmask[a]&bit != 0 {
			kept = append(kept, x) // added for an earlier passage of the article
			continue
		}
		target := abase + a
		if c.doc < target {
			if len(c.blocks) > 0 {
				if !c.skipTo(target) {
					kept = append(kept, x)
					continue
				}
				if c.doc < target && (p+float64(c.f)*float64(c.blocks[c.blk].maxr)+rest)*slack < theta {
					w.drop(slot)
					continue
				}
			}
			c.seek(target)
		}
		if c.doc == target {
			w.addTitle(a, c.ord, c.titleScore())
		}
		kept = append(kept, x)
	}
	return kept
}

// sweepBody is probeBody for candidates as dense as the list's postings in
// the window: it decodes the list through the window once, adding the
// postings that fall on a candidate, instead of seeking each candidate.
func (w *windowBuf) sweepBody(c *cursor, cands []uint32, lo, hi uint32, ub, rest, theta, slack float64) []uint32 {
	kept := cands[:0]
	for _, x := range cands {
		slot, a := x&(1<<slotBits-1), x>>slotBits
		if (w.partial[slot]+w.tsum[a]+ub+rest)*slack < theta {
			w.drop(slot)
			continue
		}
		w.bits[slot/64] |= 1 << (slot % 64)
		kept = append(kept, x)
	}
	if len(kept) == 0 {
		return kept
	}
	c.seek(lo)
	// The decoding of nextPosting, inlined, as in accumulate. One loop
	// for both, with a flag, measured slower (1M k=10 median +11%,
	// geomean +4%, p≈0.2 with n=8): the hot loop stays a copy.
	list, pos, d, tf := c.list, c.pos, c.doc, c.tf
	norm, code, tab, f := c.norm, c.code, c.tab, c.f
	scored := 0
	for d < hi {
		if slot := d - lo; w.bits[slot/64]&(1<<(slot%64)) != 0 {
			x := float32(tf)
			scored++
			w.add(slot, c.ord, f*x/(x+normAt(code, tab, norm, d)))
		}
		if pos == len(list) {
			d = noDoc
			break
		}
		var gap, t uint64
		gap, pos = uvarintAt(list, pos)
		t, pos = uvarintAt(list, pos)
		d += uint32(gap)
		tf = uint32(t)
	}
	c.pos, c.doc, c.tf = pos, d, tf
	c.scored += scored
	clear(w.bits[:])
	return kept
}

// normAt is document d's norm, through its length code (see lengthCodes).
func normAt(code []uint8, tab *[255]float32, norm []float32, d uint32) float32 {
	if l := code[d]; l < 255 {
		return tab[l]
	}
	return norm[d]
}

// lengthCodes codes each document's length in a byte, with the norm of each
// length under 255. A norm depends on the length only, so tab[code[d]] is
// norm[d], bit for bit; pruned search reads a byte where norm takes four.
// Its lists touch documents all over a million-passage corpus, and reading
// norm was a 4 MB stream from memory per query.
func lengthCodes(lens []uint32, norm []float32) (code []uint8, tab [255]float32) {
	code = make([]uint8, len(lens))
	for d, l := range lens {
		if l < 255 {
			code[d] = uint8(l)
			tab[l] = norm[d]
		} else {
			code[d] = 255
		}
	}
	return code, tab
}
