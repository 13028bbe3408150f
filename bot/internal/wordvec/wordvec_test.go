package wordvec

import (
	"cmp"
	"math"
	"slices"
	"testing"
)

func TestLookup(t *testing.T) {
	for _, w := range []string{"nuclear", "Atomic", "spokesman", "the", "weather"} {
		if _, ok := Lookup(w); !ok {
			t.Errorf("Lookup(%q): not found, want a vector", w)
		}
	}
	for _, w := range []string{"", "borscht", "zelensky2", "Peskov-", "a b"} {
		if _, ok := Lookup(w); ok {
			t.Errorf("Lookup(%q): found, want none (rare, a name or not a word)", w)
		}
	}
	if n := Len(); n != 40000 {
		t.Errorf("Len() = %d, want the 40,000 words gen.go keeps", n)
	}
	for i := 1; i < Len(); i++ {
		if word(i-1) >= word(i) {
			t.Fatalf("words %d and %d out of order: %q, %q (Lookup needs them sorted)", i-1, i, word(i-1), word(i))
		}
	}
}

func vec(t *testing.T, w string) Vector {
	t.Helper()
	v, ok := Lookup(w)
	if !ok {
		t.Fatalf("no vector for %q", w)
	}
	return v
}

// TestSimilarityAndCloseness: synonyms sit closer than unrelated words, a
// word is its own nearest, and closeness keeps true pairs apart from the
// merely common ones that raw cosines rank high.
func TestSimilarityAndCloseness(t *testing.T) {
	if s := Similarity(vec(t, "war"), vec(t, "war")); s < 0.98 || s > 1.02 {
		t.Errorf("Similarity(war, war) = %.3f, want about 1", s)
	}
	tests := []struct{ a, b, c string }{ // a is nearer b than c
		{"atomic", "nuclear", "weapons"},
		{"spokesperson", "spokesman", "minister"},
		{"ambassador", "envoy", "weather"},
		{"react", "respond", "price"},
	}
	for _, tt := range tests {
		a := vec(t, tt.a)
		if Similarity(a, vec(t, tt.b)) <= Similarity(a, vec(t, tt.c)) {
			t.Errorf("Similarity: %s is not nearer %s than %s", tt.a, tt.b, tt.c)
		}
		if Closeness(a, vec(t, tt.b)) <= Closeness(a, vec(t, tt.c)) {
			t.Errorf("Closeness: %s is not nearer %s than %s", tt.a, tt.b, tt.c)
		}
	}
	// "previous" and "three" have a high cosine only because both are common.
	if c := Closeness(vec(t, "previous"), vec(t, "three")); c >= Closeness(vec(t, "previous"), vec(t, "earlier")) {
		t.Errorf("Closeness(previous, three) = %.3f, want below Closeness(previous, earlier)", c)
	}
	if Similarity("", vec(t, "war")) != 0 || Closeness("", vec(t, "war")) > -1 {
		t.Error("an empty vector must be near nothing")
	}
}

func TestNearest(t *testing.T) {
	got := Nearest("Atomic", 0.1, 10)
	if !slices.ContainsFunc(got, func(n Neighbor) bool { return n.Word == "nuclear" }) {
		t.Errorf("Nearest(atomic) = %v, want nuclear among them", got)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Closeness > got[i-1].Closeness || got[i].Closeness < 0.1 {
			t.Errorf("Nearest: %v not in falling closeness above the minimum", got)
		}
	}
	if n := len(Nearest("war", -2, 3)); n != 3 {
		t.Errorf("Nearest with n 3 returned %d", n)
	}
	if got := Nearest("borscht", 0, 5); got != nil {
		t.Errorf("Nearest of a word without a vector = %v, want none", got)
	}
}

// TestNearestEqualsScan: the lists gen.go stored are what a scan of every
// vector finds, for a spread of words.
func TestNearestEqualsScan(t *testing.T) {
	const maxNear, minNear = 16, 0.05 // gen.go's
	for i := 0; i < Len(); i += Len() / 8 {
		v := vectorAt(i)
		type near struct {
			w string
			c float64
		}
		var scan []near
		for j := range Len() {
			if c := Closeness(v, vectorAt(j)); j != i && c >= minNear {
				scan = append(scan, near{word(j), c})
			}
		}
		slices.SortStableFunc(scan, func(a, b near) int { return cmp.Compare(b.c, a.c) })
		got := Nearest(word(i), minNear, maxNear)
		if len(scan) > maxNear {
			scan = scan[:maxNear]
		}
		if len(got) != len(scan) {
			t.Fatalf("Nearest(%s) has %d words, a scan %d", word(i), len(got), len(scan))
		}
		for k := range got {
			if math.Abs(got[k].Closeness-scan[k].c) > 1e-12 {
				t.Errorf("Nearest(%s)[%d] = %s %.4f, a scan finds %s %.4f", word(i), k, got[k].Word, got[k].Closeness, scan[k].w, scan[k].c)
			}
		}
	}
}

func BenchmarkNearest(b *testing.B) {
	for b.Loop() {
		Nearest("spokesperson", 0.1, 20)
	}
}
