package retrieval

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/kljensen/snowball/english"
)

// sbPieces are word beginnings and endings that reach every branch of the
// Snowball English steps: the suffixes of each step, doubles, y after
// vowels and consonants, short syllables and the prefixes with a fixed R1.
var (
	sbStems = []string{
		"", "a", "e", "y", "ya", "ay", "by", "oy", "sky", "ski", "hop", "hope", "fil", "tap", "plan", "bat",
		"hot", "fix", "saw", "box", "play", "cry", "say", "tie", "die", "lie", "gas", "kiwi", "abe", "agree",
		"gener", "generat", "commun", "communi", "arsen", "arsenal", "relat", "condit", "rat", "sens", "nation",
		"profess", "decis", "adopt", "univers", "possib", "log", "analog", "geolog", "formal", "rival",
		"cand", "bas", "trum", "negoti", "ukrain", "russ", "zelensk", "yyy", "yay", "syzyg", "rhythm", "strength",
		"ab", "ob", "ex", "i", "o", "u", "bb", "eed", "ed", "ing", "bl", "iz", "at", "abl", "dull", "bell", "contr",
	}
	sbEnds = []string{
		"", "s", "es", "ss", "sses", "ies", "ied", "us", "'s", "y", "ly", "ily",
		"eed", "eedly", "ed", "edly", "ing", "ingly", "ated", "ating", "bled", "ized", "ping", "ned", "ted", "ring",
		"ational", "tional", "enci", "anci", "abli", "entli", "izer", "ization", "ation", "ator", "alism", "aliti",
		"alli", "fulness", "ousli", "ousness", "iveness", "iviti", "biliti", "bli", "ogi", "fulli", "lessli", "li",
		"cli", "dli", "eli", "gli", "hli", "kli", "mli", "nli", "rli", "tli", "sli",
		"alize", "icate", "iciti", "ical", "ful", "ness", "ative",
		"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti",
		"ous", "ive", "ize", "ion", "sion", "tion", "lion", "e", "le", "ll", "lle", "ye", "ey", "ay", "oy", "uy",
	}
)

// sbWords returns the words the stemmer tests compare on: every word of up
// to three letters, every pairing of sbStems and sbEnds with and without a
// trailing s, ed or ing, and random letter strings.
func sbWords() []string {
	var out []string
	letters := "abcdefghijklmnopqrstuvwxyz"
	var rec func(prefix string, n int)
	rec = func(prefix string, n int) {
		out = append(out, prefix)
		if n == 0 {
			return
		}
		for i := range letters {
			rec(prefix+letters[i:i+1], n-1)
		}
	}
	rec("", 3)
	for _, s := range sbStems {
		for _, e := range sbEnds {
			for _, more := range []string{"", "s", "ed", "ing", "ly", "y"} {
				out = append(out, strings.ReplaceAll(s+e+more, "'", ""))
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	common := "eeeeaaaiiooouuyysssttlllnnrrdgbpmcwxkhf"
	for range 20000 {
		b := make([]byte, 3+r.IntN(12))
		for i := range b {
			b[i] = common[r.IntN(len(common))]
		}
		out = append(out, string(b))
	}
	return out
}

func TestSnowballASCIIMatchesLibrary(t *testing.T) {
	words := sbWords()
	if testing.Short() {
		words = words[:len(words)/4]
	}
	for _, w := range words {
		got, ok := snowballASCII(w)
		if !ok {
			t.Fatalf("snowballASCII(%q) declined a lower-case ASCII word", w)
		}
		if want := english.Stem(w, true); got != want {
			t.Errorf("snowballASCII(%q) = %q, library %q", w, got, want)
		}
	}
}

func TestSnowballASCIIDeclines(t *testing.T) {
	for _, w := range []string{"Hello", "café", "u.s", "2025", "it's", "a-b", " x", strings.Repeat("a", maxFastStem+1)} {
		if s, ok := snowballASCII(w); ok {
			t.Errorf("snowballASCII(%q) = %q, want it left to the library", w, s)
		}
	}
}

func FuzzSnowballASCII(f *testing.F) {
	for _, w := range []string{"generously", "communities", "agreed", "hopping", "skies", "yyyy", "syzygy", "abed"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, in string) {
		// Any input, mapped onto lower-case letters: the inputs the fast
		// path takes.
		b := []byte(in)
		for i, c := range b {
			b[i] = 'a' + c%26
		}
		w := string(b)
		got, ok := snowballASCII(w)
		if !ok {
			if len(w) <= maxFastStem {
				t.Fatalf("snowballASCII(%q) declined", w)
			}
			return
		}
		if want := english.Stem(w, true); got != want {
			t.Fatalf("snowballASCII(%q) = %q, library %q", w, got, want)
		}
	})
}

// BenchmarkStem stems the words of the stemmer tests with the library and
// with snowballASCII; ns/op is per word.
func BenchmarkStem(b *testing.B) {
	words := sbWords()
	for _, bc := range []struct {
		name string
		stem func(string) string
	}{
		{"library", func(w string) string { return english.Stem(w, true) }},
		{"ascii", func(w string) string { s, _ := snowballASCII(w); return s }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				bc.stem(words[i%len(words)])
				i++
			}
		})
	}
}
