package retrieval

import (
	"fmt"
	"testing"
)

// TestWordTable checks look-ups through growth, for words of every length
// a slot holds, with and without the capitals flag, against a map.
func TestWordTable(t *testing.T) {
	tab := newWordTable(0)
	type word struct {
		w     string
		upper bool
	}
	want := map[word]int32{}
	key := func(w string, upper bool) (uint64, uint64, uint32) {
		buf := append(make([]byte, 0, 64), w...)
		return wordKey(buf, upper)
	}
	for i := range 5000 {
		w := fmt.Sprintf("%x", i*2654435761)
		w = (w + "abcdefghijklmnop")[:1+i%wordTableMax]
		upper := i%3 == 0
		name := word{w, upper}
		if _, ok := want[name]; ok {
			continue
		}
		if _, ok := tab.get(key(w, upper)); ok {
			t.Fatalf("%q (capitals %v) found before it was added", w, upper)
		}
		k0, k1, meta := key(w, upper)
		tab.put(k0, k1, meta, int32(i))
		want[name] = int32(i)
		if id, ok := tab.get(key(w, !upper)); ok && want[word{w, !upper}] != id {
			t.Fatalf("%q with capitals %v found as the other", w, !upper)
		}
	}
	if 5*len(tab.slots) < 8*len(want) {
		t.Fatalf("%d words in %d slots: the table did not grow", len(want), len(tab.slots))
	}
	for x, id := range want {
		if got, ok := tab.get(key(x.w, x.upper)); !ok || got != id {
			t.Fatalf("get(%q, %v) = %d, %v; want %d", x.w, x.upper, got, ok, id)
		}
	}
	// Bytes past the word in its buffer do not count.
	buf := append(make([]byte, 0, 64), "talksXYZ"...)
	if a, b := fmt.Sprint(wordKey(buf[:5], false)), fmt.Sprint(key("talks", false)); a != b {
		t.Errorf("wordKey reads past the word: %s vs %s", a, b)
	}
}
