package retrieval

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
)

// wordTable maps the folded words of up to 16 bytes that a build worker has
// seen to their term ids. It replaces a map[string]int32 on the hottest
// path of a build (one look-up per word of the corpus, half of the build's
// CPU): a word lives in its slot, so a look-up is one hash of two machine
// words and usually one cache line, where the map read its group's
// control word, the slot's string header and the string's bytes.
// Longer words, a few in a hundred, stay in the vocab's maps.
type wordTable struct {
	slots []wordSlot // open addressing, linear probing; len is a power of 2
	used  int
	seed  [2]uint64 // random per table, so crafted text cannot make words collide
}

// wordSlot is a word of up to 16 bytes, zero-padded into k0 and k1 (little
// endian), with its length and whether it was written in capitals in meta
// (0 for an empty slot), and its term id.
type wordSlot struct {
	k0, k1 uint64
	meta   uint32 // length | 1<<8 if written in capitals
	id     int32
}

const wordTableMax = 16 // longest word a slot holds

// newWordTable returns a table for about size words. It is sized to be at
// most 5/8 full, not half: SciFact's then fits a 2 MiB L2 cache.
func newWordTable(size int) *wordTable {
	n := 1 << 10
	for 5*n < 8*size {
		n <<= 1
	}
	return &wordTable{slots: make([]wordSlot, n), seed: [2]uint64{rand.Uint64(), rand.Uint64()}}
}

// wordKey packs w (at most wordTableMax bytes) into a slot's key. w's
// backing array must have at least wordTableMax bytes of capacity: the
// bytes past len(w) are read and masked off.
func wordKey(w []byte, upper bool) (k0, k1 uint64, meta uint32) {
	full := w[:wordTableMax]
	k0 = binary.LittleEndian.Uint64(full)
	k1 = binary.LittleEndian.Uint64(full[8:])
	switch n := len(w); {
	case n < 8:
		k0 &= 1<<(8*n) - 1
		k1 = 0
	case n < 16:
		k1 &= 1<<(8*(n-8)) - 1
	}
	meta = uint32(len(w))
	if upper {
		meta |= 1 << 8
	}
	return k0, k1, meta
}

func (t *wordTable) hash(k0, k1 uint64, meta uint32) uint64 {
	// wyhash's mixing: a 128-bit product of the seeded halves, folded.
	hi, lo := bits.Mul64(k0^t.seed[0], k1^t.seed[1]^uint64(meta)<<32)
	return hi ^ lo
}

// get returns the id of the word with key (k0, k1, meta).
func (t *wordTable) get(k0, k1 uint64, meta uint32) (int32, bool) {
	mask := uint64(len(t.slots) - 1)
	for i := t.hash(k0, k1, meta) & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.meta == meta && s.k0 == k0 && s.k1 == k1 {
			return s.id, true
		}
		if s.meta == 0 {
			return 0, false
		}
	}
}

// put adds a word that is not in the table.
func (t *wordTable) put(k0, k1 uint64, meta uint32, id int32) {
	if 8*(t.used+1) > 5*len(t.slots) {
		old := t.slots
		t.slots = make([]wordSlot, 2*len(old))
		for _, s := range old {
			if s.meta != 0 {
				t.insert(s)
			}
		}
	}
	t.insert(wordSlot{k0, k1, meta, id})
	t.used++
}

func (t *wordTable) insert(s wordSlot) {
	mask := uint64(len(t.slots) - 1)
	i := t.hash(s.k0, s.k1, s.meta) & mask
	for t.slots[i].meta != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
}
