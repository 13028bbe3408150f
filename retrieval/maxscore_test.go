package retrieval

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"
)

// randomCorpus makes a corpus whose words come from a small skewed
// vocabulary, so lists are long enough to have skip blocks and scores tie
// often: repeated passages, shared headlines and shared dates. With long,
// an article now and then has hundreds or thousands of passages, so that
// articles span several of the pruned search's windows.
func randomCorpus(r *rand.Rand, passages, vocab int, long bool) (*Corpus, []string) {
	words := make([]string, vocab)
	for i := range words {
		words[i] = fmt.Sprintf("w%dx", i) // digits keep the stemmer out
	}
	word := func() string {
		// Roughly Zipf: low ranks are frequent.
		return words[int(float64(vocab)*math.Pow(r.Float64(), 2.5))]
	}
	text := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(word())
		}
		return b.String()
	}
	c := &Corpus{}
	var prev string
	for made := 0; made < passages; {
		id := fmt.Sprintf("a%05d.txt", len(c.Articles))
		a := &Article{ID: id, Headline: text(1 + r.IntN(6)), Date: time.Date(2025, 1, 1+r.IntN(5), 0, 0, 0, 0, time.UTC)}
		if r.IntN(10) == 0 {
			a.Headline = ""
		}
		size := 1 + r.IntN(8)
		if long && r.IntN(40) == 0 {
			size = 100 + r.IntN([]int{400, 6000}[r.IntN(2)])
		}
		for p := 1; p <= size && made < passages; p++ {
			t := text(1 + r.IntN(40))
			if r.IntN(50) == 0 {
				t = text(240 + r.IntN(40)) // past the 254 words whose norm a byte codes
			}
			if prev != "" && r.IntN(8) == 0 {
				t = prev // a repeat: equal scores, decided by the tie-breaks
			}
			prev = t
			a.Passages = append(a.Passages, Passage{ID: fmt.Sprintf("%s#%d", id, p), Article: id, N: p, Text: t})
			made++
		}
		c.Articles = append(c.Articles, a)
	}
	return c, words
}

// TestPrunedSearchIsExact checks the pruned search against scoring every
// posting, over random corpora, parameters and queries: the same passages in
// the same order with the same scores, for k = 1, 10, 100 and 1000. Queries
// repeat words (a repeat weighs a term more), and headline lists are both
// added up per article and probed at candidates.
func TestPrunedSearchIsExact(t *testing.T) {
	params := []Params{DefaultParams(), {K1: 1.2, B: 0.4}, {K1: 0.5, B: 1, TitleWeight: 2}, {K1: 0, B: 0.75, TitleWeight: 0.5}}
	// The rounds are independent (each its own random corpus and queries),
	// so they run in parallel; their statistics are summed after.
	var mu sync.Mutex
	queries, pruned, scored, total := 0, 0, 0, 0
	var resolved, probed, swept, seeked int
	t.Run("rounds", func(t *testing.T) {
		for round := range 16 {
			t.Run(fmt.Sprint(round), func(t *testing.T) {
				t.Parallel()
				r := rand.New(rand.NewPCG(7, 11+uint64(round)))
				var rq, rp, rs, rt, rr, rpr, rsw, rse int
				n := []int{300, 1500, 4000, 12000}[round%4]
				c, words := randomCorpus(r, n, []int{30, 200, 2000, 500}[round%4], round%2 == 1)
				ix := NewIndex(c, params[round%len(params)])
				for range 40 {
					var q []string
					for range 1 + r.IntN(8) {
						if r.IntN(12) == 0 {
							q = append(q, "unknownword")
							continue
						}
						q = append(q, words[int(float64(len(words))*math.Pow(r.Float64(), 1.5))])
					}
					query := strings.Join(q, " ") // repeats weigh a term more
					terms := ix.queryTerms(query)
					if len(terms) == 0 {
						continue
					}
					rq++
					for _, k := range []int{1, 10, 100, 1000} {
						want := ix.searchAll(terms, k, nil)
						var st searchStats
						pub := ix.search(query, k, nil)
						if len(pub) != len(want) || len(pub) > 0 && pub[0] != want[0] {
							t.Fatalf("round %d %q k=%d: Search differs from exhaustive scoring", round, query, k)
						}
						got := pub
						if k < ix.Len() {
							// The pruned path itself, whatever size search
							// starts using it at; every other query probes the
							// headline lists it would rather add up.
							st.probe = rq%2 == 0
							got = ix.searchMaxScore(terms, k, &st)
							rp++
							rs += st.scored
							rt += st.total
							rr += st.resolved
							rpr += st.probed
							rsw += st.swept
							rse += st.seeked
						}
						if len(got) != len(want) {
							t.Fatalf("round %d %q k=%d: %d results, exhaustive %d", round, query, k, len(got), len(want))
						}
						for i := range want {
							if got[i].doc != want[i].doc || math.Float32bits(got[i].score) != math.Float32bits(want[i].score) {
								t.Fatalf("round %d %q k=%d: rank %d is doc %d score %.9g, exhaustive doc %d score %.9g",
									round, query, k, i+1, got[i].doc, got[i].score, want[i].doc, want[i].score)
							}
						}
					}
				}
				mu.Lock()
				defer mu.Unlock()
				queries, pruned, scored, total = queries+rq, pruned+rp, scored+rs, total+rt
				resolved, probed, swept, seeked = resolved+rr, probed+rpr, swept+rsw, seeked+rse
			})
		}
	})
	if t.Failed() {
		return
	}
	if pruned < 1000 {
		t.Fatalf("only %d pruned searches checked", pruned)
	}
	// The pruning must actually prune, or the test proves nothing about it.
	if scored*10 > total*9 {
		t.Errorf("pruned searches scored %d of %d postings; want well under all", scored, total)
	}
	if resolved == 0 || probed == 0 || swept == 0 || seeked == 0 {
		t.Errorf("headline lists resolved in %d windows and probed in %d, passage lists swept in %d and probed in %d; want every way tested",
			resolved, probed, swept, seeked)
	}
	t.Logf("%d queries, %d pruned searches, %.1f%% of postings scored; headline lists resolved in %d windows, probed in %d; passage lists swept in %d, probed in %d",
		queries, pruned, 100*float64(scored)/float64(total), resolved, probed, swept, seeked)
}

// TestUvarintAt reads back what binary.PutUvarint wrote, one to ten bytes.
func TestUvarintAt(t *testing.T) {
	var buf []byte
	vals := []uint64{0, 1, 127, 128, 255, 16383, 16384, 1 << 32, math.MaxUint64}
	for _, v := range vals {
		buf = binary.AppendUvarint(buf, v)
	}
	pos := 0
	for _, want := range vals {
		var got uint64
		got, pos = uvarintAt(buf, pos)
		if got != want {
			t.Fatalf("uvarintAt = %d, want %d", got, want)
		}
	}
	if pos != len(buf) {
		t.Errorf("ended at %d of %d bytes", pos, len(buf))
	}
}
