package retrieval

// snowballASCII is english.Stem(word, true) of github.com/kljensen/snowball
// for a word of lower-case ASCII letters, which is nearly every word of
// English text, on a byte array on the stack instead of a rune slice with a
// dozen allocations: about ten times faster, and stemming was a fifth of an
// index build. It follows the library step by step (its quirks included:
// the first listed suffix that matches wins even when it is not the
// longest, and R1/R2 are clamped after every change), so the terms are the
// same; TestSnowballASCIIMatchesLibrary and FuzzSnowballASCII check that
// against the library. ok is false for any other word, which the caller
// stems with the library.
func snowballASCII(word string) (stem string, ok bool) {
	if len(word) > maxFastStem {
		return "", false
	}
	for i := 0; i < len(word); i++ {
		if c := word[i]; c < 'a' || c > 'z' {
			return "", false
		}
	}
	if len(word) <= 2 {
		return word, true
	}
	if s := specialStem(word); s != "" {
		return s, true
	}
	var buf [maxFastStem]byte
	w := sbWord{b: buf[:copy(buf[:], word)]}
	w.preprocess()
	w.step1a()
	w.step1b()
	w.step1c()
	w.step2()
	w.step3()
	w.step4()
	w.step5()
	for i, c := range w.b {
		if c == 'Y' {
			w.b[i] = 'y'
		}
	}
	// The stem is usually a prefix of the word: share its bytes.
	if len(w.b) <= len(word) && string(w.b) == word[:len(w.b)] {
		return word[:len(w.b)], true
	}
	return string(w.b), true
}

// maxFastStem is the longest word snowballASCII stems itself; longer ones
// (no English word) go to the library.
const maxFastStem = 48

// sbWord is a word being stemmed: its letters ('Y' marks a y that acts as
// a consonant) and the starts of its regions R1 and R2.
type sbWord struct {
	b      []byte
	r1, r2 int
}

func sbVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

func (w *sbWord) hasSuffix(s string) bool {
	return len(w.b) >= len(s) && string(w.b[len(w.b)-len(s):]) == s
}

// clamp keeps R1 and R2 within the word, as the library does after every
// change.
func (w *sbWord) clamp() {
	w.r1 = min(w.r1, len(w.b))
	w.r2 = min(w.r2, len(w.b))
}

func (w *sbWord) trim(n int) {
	w.b = w.b[:len(w.b)-n]
	w.clamp()
}

// replace replaces the last n bytes with repl. No replacement makes a word
// longer than it came in, so it stays in its array; append would have
// moved that array to the heap.
func (w *sbWord) replace(n int, repl string) {
	k := len(w.b) - n
	w.b = w.b[:k+len(repl)]
	copy(w.b[k:], repl)
	w.clamp()
}

// addE appends an e (the word is shorter than it came in).
func (w *sbWord) addE() {
	w.b = w.b[:len(w.b)+1]
	w.b[len(w.b)-1] = 'e'
}

// vnv returns the position after the first non-vowel following a vowel
// from start on, or the word's length.
func (w *sbWord) vnv(start int) int {
	for j := start + 1; j < len(w.b); j++ {
		if sbVowel(w.b[j-1]) && !sbVowel(w.b[j]) {
			return j + 1
		}
	}
	return len(w.b)
}

func (w *sbWord) preprocess() {
	for i, c := range w.b {
		if c == 'y' && (i == 0 || sbVowel(w.b[i-1])) {
			w.b[i] = 'Y'
		}
	}
	switch b := w.b; {
	case len(b) >= 5 && (string(b[:5]) == "gener" || string(b[:5]) == "arsen"):
		w.r1 = 5
	case len(b) >= 6 && string(b[:6]) == "commun":
		w.r1 = 6
	default:
		w.r1 = w.vnv(0)
	}
	w.r2 = w.vnv(w.r1)
}

func (w *sbWord) step1a() {
	switch {
	case w.hasSuffix("sses"):
		w.replace(4, "ss")
	case w.hasSuffix("ied"), w.hasSuffix("ies"):
		if len(w.b) > 4 {
			w.replace(3, "i")
		} else {
			w.replace(3, "ie")
		}
	case w.hasSuffix("us"), w.hasSuffix("ss"):
	case w.hasSuffix("s"):
		for i := 0; i < len(w.b)-2; i++ {
			if sbVowel(w.b[i]) {
				w.trim(1)
				return
			}
		}
	}
}

func (w *sbWord) step1b() {
	var n int
	eed := false
	switch {
	case w.hasSuffix("eedly"):
		n, eed = 5, true
	case w.hasSuffix("ingly"):
		n = 5
	case w.hasSuffix("edly"):
		n = 4
	case w.hasSuffix("ing"):
		n = 3
	case w.hasSuffix("eed"):
		n, eed = 3, true
	case w.hasSuffix("ed"):
		n = 2
	default:
		return
	}
	if eed {
		if n <= len(w.b)-w.r1 {
			w.replace(n, "ee")
		}
		return
	}
	vowel := false
	for _, c := range w.b[:len(w.b)-n] {
		if sbVowel(c) {
			vowel = true
			break
		}
	}
	if !vowel {
		return
	}
	r1, r2 := w.r1, w.r2
	w.trim(n)
	switch {
	case w.hasSuffix("at"), w.hasSuffix("bl"), w.hasSuffix("iz"):
		w.addE()
	case len(w.b) >= 2 && w.b[len(w.b)-1] == w.b[len(w.b)-2] && isSBDouble(w.b[len(w.b)-1]):
		w.trim(1)
	default:
		if w.r1 >= len(w.b) && w.endsShortSyllable(len(w.b)) {
			// A short word: R1 and R2 are empty.
			w.addE()
			w.r1, w.r2 = len(w.b), len(w.b)
			return
		}
	}
	w.r1, w.r2 = min(r1, len(w.b)), min(r2, len(w.b))
}

func isSBDouble(c byte) bool {
	switch c {
	case 'b', 'd', 'f', 'g', 'm', 'n', 'p', 'r', 't':
		return true
	}
	return false
}

// endsShortSyllable reports whether w.b[:i] ends in a short syllable.
func (w *sbWord) endsShortSyllable(i int) bool {
	switch {
	case i == 2:
		return sbVowel(w.b[0]) && !sbVowel(w.b[1])
	case i >= 3:
		s1, s2, s3 := w.b[i-1], w.b[i-2], w.b[i-3]
		return !sbVowel(s1) && s1 != 'w' && s1 != 'x' && s1 != 'Y' && sbVowel(s2) && !sbVowel(s3)
	}
	return false
}

func (w *sbWord) step1c() {
	n := len(w.b)
	if n > 2 && (w.b[n-1] == 'y' || w.b[n-1] == 'Y') && !sbVowel(w.b[n-2]) {
		w.b[n-1] = 'i'
	}
}

// sbRule is a suffix and its replacement; the library's lists are in the
// order it tries them.
type sbRule struct{ suffix, repl string }

var step2Rules = [...]sbRule{
	{"ational", "ate"}, {"fulness", "ful"}, {"iveness", "ive"}, {"ization", "ize"}, {"ousness", "ous"},
	{"biliti", "ble"}, {"lessli", "less"}, {"tional", "tion"}, {"alism", "al"}, {"aliti", "al"}, {"ation", "ate"},
	{"entli", "ent"}, {"fulli", "ful"}, {"iviti", "ive"}, {"ousli", "ous"}, {"anci", "ance"}, {"abli", "able"},
	{"alli", "al"}, {"ator", "ate"}, {"enci", "ence"}, {"izer", "ize"}, {"bli", "ble"}, {"ogi", ""}, {"li", ""},
}

var step3Rules = [...]sbRule{
	{"ational", "ate"}, {"tional", "tion"}, {"alize", "al"}, {"icate", "ic"}, {"ative", ""},
	{"iciti", "ic"}, {"ical", "ic"}, {"ful", ""}, {"ness", ""},
}

var step4Suffixes = [...]string{
	"ement", "ance", "ence", "able", "ible", "ment",
	"ent", "ant", "ism", "ate", "iti", "ous", "ive",
	"ize", "ion", "al", "er", "ic",
}

// firstRule returns the first rule whose suffix ends the word. Comparing
// last letters first skips most rules at the cost of a byte each.
func (w *sbWord) firstRule(rules []sbRule) (sbRule, bool) {
	last := w.b[len(w.b)-1]
	for _, r := range rules {
		if r.suffix[len(r.suffix)-1] == last && w.hasSuffix(r.suffix) {
			return r, true
		}
	}
	return sbRule{}, false
}

func (w *sbWord) step2() {
	r, ok := w.firstRule(step2Rules[:])
	if !ok || len(r.suffix) > len(w.b)-w.r1 {
		return
	}
	n := len(w.b)
	switch r.suffix {
	case "li":
		if n >= 3 {
			switch w.b[n-3] {
			case 'c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't':
				w.trim(2)
			}
		}
	case "ogi":
		if n >= 4 && w.b[n-4] == 'l' {
			w.replace(3, "og")
		}
	default:
		w.replace(len(r.suffix), r.repl)
	}
}

func (w *sbWord) step3() {
	r, ok := w.firstRule(step3Rules[:])
	if !ok || len(r.suffix) > len(w.b)-w.r1 {
		return
	}
	if r.suffix == "ative" {
		if len(w.b)-w.r2 >= 5 {
			w.trim(5)
		}
		return
	}
	w.replace(len(r.suffix), r.repl)
}

func (w *sbWord) step4() {
	last := w.b[len(w.b)-1]
	for _, s := range step4Suffixes {
		if s[len(s)-1] != last || !w.hasSuffix(s) {
			continue
		}
		n := len(w.b)
		if len(s) > n-w.r2 {
			return
		}
		if s != "ion" {
			w.trim(len(s))
		} else if n >= 4 && (w.b[n-4] == 's' || w.b[n-4] == 't') {
			w.trim(3)
		}
		return
	}
}

func (w *sbWord) step5() {
	last := len(w.b) - 1
	if w.r1 > last {
		return
	}
	switch {
	case w.b[last] == 'e':
		if w.r2 <= last || !w.endsShortSyllable(last) {
			w.trim(1)
		}
	case w.r2 <= last && w.b[last] == 'l' && last >= 1 && w.b[last-1] == 'l':
		w.trim(1)
	}
}

// specialStem is the library's list of words with a stem of their own, or
// "" for any other word.
func specialStem(word string) string {
	switch word {
	case "skis":
		return "ski"
	case "skies":
		return "sky"
	case "dying":
		return "die"
	case "lying":
		return "lie"
	case "tying":
		return "tie"
	case "idly":
		return "idl"
	case "gently":
		return "gentl"
	case "ugly":
		return "ugli"
	case "early":
		return "earli"
	case "only":
		return "onli"
	case "singly":
		return "singl"
	case "sky", "news", "howe", "atlas", "cosmos", "bias", "andes", "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed":
		return word
	case "innings":
		return "inning"
	case "outings":
		return "outing"
	case "cannings":
		return "canning"
	case "herrings":
		return "herring"
	case "earrings":
		return "earring"
	case "proceeds", "proceeded", "proceeding":
		return "proceed"
	case "exceeds", "exceeded", "exceeding":
		return "exceed"
	case "succeeds", "succeeded", "succeeding":
		return "succeed"
	}
	return ""
}
