package ingest

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/retrieval"
)

// A near copy is an article that is another one with a few words changed,
// found at another address (a republished wire story, a page reached by two
// URLs that name no canonical one). It is measured by the Jaccard
// similarity of the two articles' sets of word 4-shingles (runs of four
// consecutive words, headline included).
//
// nearCopyMin is the similarity from which an article is a near copy. A
// changed word removes at most four runs of a text: an article of the test
// corpus scores 0.97 with a word changed, 0.86 with a phrase changed in
// three paragraphs, 0.93 with a paragraph added; the three-paragraph story
// of the user test with one phrase changed, 0.87. Different reports of one
// event share words ("Riyadh", "ceasefire") but few runs of four: the most
// alike of the 56 distinct articles in retrieval/testdata (English,
// Chinese, Japanese, Korean) score 0.06 (TestNearCopyMeasure).
const nearCopyMin = 0.7

// minNearShingles: below this many runs (about 25 words of content, two
// or three sentences) a text is too short to tell a near copy from another
// short text on the same template; only an exact copy counts then.
const minNearShingles = 20

// sigSize is the number of hashes kept per article (a bottom-k sketch:
// the sigSize least of its shingles' hashes, 256 bytes). From two sketches
// the similarity of the two articles is estimated within about ±0.06 (one
// standard error at 0.7), then measured exactly from the candidate's file,
// so the estimate only has to keep every near copy in: nearCandidateMin
// lies more than three standard errors below nearCopyMin.
const (
	sigSize          = 64
	nearCandidateMin = 0.5
)

// signature is an article's bottom-k sketch: the sigSize least of its
// shingles' hashes (their high 32 bits), in order. The shingles are hashed
// at random, so the least of two articles' shingles together are a fair
// sample of both, and the share of the sample in both estimates their
// Jaccard similarity.
type signature []uint32

// articleShingles is the sorted set of hashes of an article's 4-shingles,
// its headline included.
func articleShingles(a *retrieval.Article) []uint64 {
	var out []uint64
	var win [4]uint64 // the hashes of the last four words
	n := 0
	add := func(w uint64) {
		win[0], win[1], win[2], win[3] = win[1], win[2], win[3], w
		if n++; n >= 4 {
			// Mixed so that the order of the hashes is random (see
			// signature).
			out = append(out, mix64(win[0]^mix64(win[1]^mix64(win[2]^mix64(win[3])))))
		}
	}
	eachWord(a.Headline, add)
	for _, p := range a.Passages {
		eachWord(p.Text, add)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// eachWord calls fn with the hash of each word of s, lower-cased; a
// Chinese, Japanese or Korean character, written without spaces, is a word
// of its own. Neither stemmed nor stop words left out, as a near copy has
// the same words: the index's analysis (retrieval.Analyze) costs 25 times
// as much, and scores different stories no further apart.
func eachWord(s string, fn func(uint64)) {
	const offset, prime = 14695981039346656037, 1099511628211
	h, in := uint64(offset), false
	for _, r := range s {
		if r < utf8.RuneSelf {
			// Most of any English text: no table lookups.
			switch {
			case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
				h, in = (h^uint64(r))*prime, true
			case 'A' <= r && r <= 'Z':
				h, in = (h^uint64(r+'a'-'A'))*prime, true
			case r == '\'' && in:
			default:
				if in {
					fn(h)
				}
				h, in = offset, false
			}
			continue
		}
		switch {
		case retrieval.IsCJK(r):
			if in {
				fn(h)
			}
			fn((offset ^ uint64(r)) * prime)
			h, in = offset, false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			h, in = (h^uint64(unicode.ToLower(r)))*prime, true
		case in && r == '’':
			// "Moscow's" is one word
		default:
			if in {
				fn(h)
			}
			h, in = offset, false
		}
	}
	if in {
		fn(h)
	}
}

// jaccard is the Jaccard similarity of two sorted sets.
func jaccard(x, y []uint64) float64 {
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	shared := 0
	for i, j := 0, 0; i < len(x) && j < len(y); {
		switch {
		case x[i] < y[j]:
			i++
		case x[i] > y[j]:
			j++
		default:
			shared++
			i++
			j++
		}
	}
	return float64(shared) / float64(len(x)+len(y)-shared)
}

// mix64 is SplitMix64's finaliser: every input bit changes about half the
// output bits.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// signatureOf is the sketch of a sorted shingle set, nil when the set is
// too small for a near copy to be told (minNearShingles).
func signatureOf(shingles []uint64) signature {
	if len(shingles) < minNearShingles {
		return nil
	}
	s := make(signature, 0, sigSize)
	for _, h := range shingles[:min(len(shingles), sigSize)] {
		s = append(s, uint32(h>>32))
	}
	return slices.Compact(s)
}

// estimate is the share, among the sigSize least hashes of the two
// sketches together, of those in both: about the Jaccard similarity of the
// two shingle sets. (A hash among the least of the union that is in a set
// is among the least of that set, so in its sketch.)
func (s signature) estimate(o signature) float64 {
	i, j, n, shared := 0, 0, 0, 0
	for ; n < sigSize && (i < len(s) || j < len(o)); n++ {
		switch {
		case j == len(o) || (i < len(s) && s[i] < o[j]):
			i++
		case i == len(s) || o[j] < s[i]:
			j++
		default:
			shared++
			i++
			j++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(shared) / float64(n)
}

// nearCopyOf finds the article in the corpus of which the article with
// these shingles, and their signature sig, is a near copy: the index's
// signatures pick the candidates, and each is measured exactly from its
// file, the most alike first. notName is a file that does not count (the
// feed teaser the article is to replace). The caller holds ad.mu.
func (ad *Adder) nearCopyOf(shingles []uint64, sig signature, notName string) (Result, bool) {
	if sig == nil {
		return Result{}, false
	}
	type candidate struct {
		name string
		est  float64
	}
	var cands []candidate
	for name, e := range ad.files {
		if e.sig != nil && name != notName {
			if est := sig.estimate(e.sig); est >= nearCandidateMin {
				cands = append(cands, candidate{name, est})
			}
		}
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(b.est, a.est), strings.Compare(a.name, b.name))
	})
	for _, c := range cands {
		a, err := ad.parseFile(c.name)
		if err != nil {
			continue
		}
		if j := jaccard(shingles, articleShingles(a)); j >= nearCopyMin {
			return Result{Status: Present, File: c.name, Article: a, NearCopy: j}, true
		}
	}
	return Result{}, false
}
