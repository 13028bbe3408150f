package wordvec

import (
	"slices"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	if n := Len(); n != 40000 {
		t.Errorf("Len() = %d, want the 40,000 words gen.go keeps", n)
	}
	for i := 1; i < Len(); i++ {
		if word(i-1) >= word(i) {
			t.Fatalf("words %d and %d out of order: %q, %q (the lookup needs them sorted)", i-1, i, word(i-1), word(i))
		}
	}
	// Nearest looks words up in lower case.
	has := func(w string) bool {
		_, ok := index(strings.ToLower(w))
		return ok
	}
	for _, w := range []string{"nuclear", "Atomic", "spokesman", "the", "weather"} {
		if !has(w) {
			t.Errorf("%q is not embedded, want it among the words", w)
		}
	}
	for _, w := range []string{"", "borscht", "zelensky2", "Peskov-", "a b"} {
		if has(w) {
			t.Errorf("%q is embedded, want it left out (rare, a name or not a word)", w)
		}
	}
}

// TestNeighboursFile: the lists are well formed: the counts add up to the
// size of the file, every entry names another embedded word, and each
// list falls in closeness from at least gen.go's minimum.
func TestNeighboursFile(t *testing.T) {
	n := Len()
	if len(neighbours) < 2*n {
		t.Fatalf("neighbors.bin has %d bytes, too few for %d words", len(neighbours), n)
	}
	if want := 2*n + 4*int(entries()[n]); len(neighbours) != want {
		t.Fatalf("neighbors.bin has %d bytes, its counts say %d", len(neighbours), want)
	}
	for i := range n {
		if h := hubness(i); h <= 0 || h > 1 {
			t.Fatalf("%s: hubness %.3f out of (0, 1]", word(i), h)
		}
		ns := Nearest(word(i), -2, 100)
		if len(ns) > 16 {
			t.Fatalf("%s: %d neighbours, gen.go keeps 16", word(i), len(ns))
		}
		for k, x := range ns {
			if x.Word == word(i) || x.Closeness < 0.1-1e-3 || x.Similarity <= 0 || x.Similarity > 1 ||
				k > 0 && x.Closeness > ns[k-1].Closeness+1e-3 {
				t.Fatalf("%s: neighbour %d is %+v in %v", word(i), k, x, ns)
			}
		}
	}
}

// TestNearest: synonyms are near, common words that merely co-occur are
// not, and the limits hold.
func TestNearest(t *testing.T) {
	has := func(w, near string) bool {
		return slices.ContainsFunc(Nearest(w, 0.1, 16), func(n Neighbor) bool { return n.Word == near })
	}
	for _, p := range [][2]string{{"Atomic", "nuclear"}, {"spokesperson", "spokesman"}, {"ambassador", "envoy"},
		{"react", "respond"}} {
		if !has(p[0], p[1]) {
			t.Errorf("Nearest(%s) = %v, want %s among them", p[0], Nearest(p[0], 0.1, 16), p[1])
		}
	}
	// "previous" and "three" have a cosine of 0.74 only because both are
	// common; "weather" has nothing close enough to stand in for it.
	for _, p := range [][2]string{{"previous", "three"}, {"weather", "conditions"}} {
		if has(p[0], p[1]) {
			t.Errorf("Nearest(%s) holds %s: closeness must discount common words", p[0], p[1])
		}
	}
	if n := len(Nearest("zucchini", 0.1, 3)); n != 3 {
		t.Errorf("Nearest with n 3 returned %d", n)
	}
	for _, n := range Nearest("zucchini", 0.25, 16) {
		if n.Closeness < 0.25 {
			t.Errorf("Nearest(zucchini, 0.25) returned %+v", n)
		}
	}
	if got := Nearest("borscht", 0, 5); got != nil {
		t.Errorf("Nearest of a word not embedded = %v, want none", got)
	}
}

func BenchmarkNearest(b *testing.B) {
	for b.Loop() {
		Nearest("spokesperson", 0.1, 16)
	}
}

// TestLineStarts: every line, the last one too, is cut without its
// newline, whether or not the text ends with one.
func TestLineStarts(t *testing.T) {
	for _, text := range []string{"ab\ncde\n", "ab\ncde", "ab\n\ncde\n"} {
		s := lineStarts(text)
		var got []string
		for i := 0; i+1 < len(s); i++ {
			got = append(got, text[s[i]:s[i+1]-1])
		}
		if want := strings.Split(strings.TrimSuffix(text, "\n"), "\n"); !slices.Equal(got, want) {
			t.Errorf("%q: lines %q, want %q", text, got, want)
		}
	}
}
