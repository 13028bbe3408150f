// Package wordlist tells how common an English word is, from the size classes
// of SCOWL (Spell Checker Oriented Word Lists, Kevin Atkinson; the Debian
// package scowl 2020.12.07). Class 10 holds the most common words ("job",
// "city"), 20 and 35 everyday ones ("mood", "spokesperson"), 40 and 50 less
// common ones ("borscht"). Only lower-case words of classes 10 to 50 are
// embedded (about 64,000, with their inflections): capitalised entries are
// names, and a name is something a question asks about, not a way of saying
// it. LICENSE.SCOWL carries the licence (permissive; its notice must travel
// with the list).
package wordlist

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
)

//go:embed scowl.txt
var data string

// Classes are SCOWL's size classes in the embedded list, most common first.
var Classes = []int{10, 20, 35, 40, 50}

// section is one size class: its words, one a line, sorted, so a lookup is
// a binary search in the embedded text itself. Building a map of the 64,000
// words instead cost every command that answers a question about 3.5 ms at
// start.
type section struct {
	class int
	words string // "word\n" lines in byte order
}

// sections splits the embedded list by class once; it copies nothing.
var sections = sync.OnceValue(func() []section {
	var out []section
	rest := data
	for rest != "" {
		line, after, _ := strings.Cut(rest, "\n")
		if !strings.HasPrefix(line, "@") {
			rest = after // a comment before the first class
			continue
		}
		n, err := strconv.Atoi(line[1:])
		if err != nil {
			panic("wordlist: bad class line " + line) // the embedded file is fixed
		}
		end := strings.Index(after, "\n@")
		if end < 0 {
			end = len(after)
		} else {
			end++ // keep the last word's newline
		}
		out = append(out, section{class: n, words: after[:end]})
		rest = after[end:]
	}
	return out
})

// has reports whether word is a line of s.words. lo and hi are always the
// starts of lines (or the end).
func (s section) has(word string) bool {
	lo, hi := 0, len(s.words)
	for lo < hi {
		mid := lo + (hi-lo)/2
		start := lo + strings.LastIndexByte(s.words[lo:mid], '\n') + 1
		line, _, _ := strings.Cut(s.words[start:], "\n")
		switch strings.Compare(line, word) {
		case 0:
			return true
		case -1:
			lo = start + len(line) + 1
		default:
			hi = start
		}
	}
	return false
}

// Class returns the SCOWL size class of word (compared in lower case), or 0
// when the word is not in the list: a rare word, a name, a number or a
// misspelling.
func Class(word string) int {
	w := strings.ToLower(word)
	if w == "" {
		return 0
	}
	for _, s := range sections() {
		if s.has(w) {
			return s.class
		}
	}
	return 0
}

// Len is the number of words in the list.
func Len() int {
	n := 0
	for _, s := range sections() {
		n += strings.Count(s.words, "\n")
	}
	return n
}

// MinNear and MaxNear are the shortest and longest words Near looks up.
const (
	MinNear = 4
	MaxNear = 24
)

// Near returns the most common word of the list one edit away from word (a
// letter left out, added, changed, or two neighbours swapped), and its
// class; "" and 0 when there is none, or word is shorter than four letters
// (one edit turns "wat" into too many words). Ties of class go first to
// the words prefer reports (nil: none; a reader's corpus knows which of
// "countries" and "contrives" a "contries" meant), then to the word first
// in byte order. It is how a misspelling of an ordinary word ("nervus",
// "wich") is told from a name: it looks up the few hundred words one edit
// away, not the whole list.
func Near(word string, prefer func(string) bool) (string, int) {
	w := strings.ToLower(word)
	// The longest words of the list have about 20 letters; the work grows
	// with the square of the length, so a made-up word of hundreds of
	// letters is not looked up at all.
	if len(w) < MinNear || len(w) > MaxNear || strings.ContainsFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) {
		return "", 0
	}
	best, bestClass, bestPreferred := "", 0, false
	try := func(c string) {
		if c == w {
			return
		}
		n := Class(c)
		if n == 0 {
			return
		}
		p := prefer != nil && (bestClass == 0 || n <= bestClass) && prefer(c)
		if bestClass == 0 || n < bestClass || n == bestClass && (p && !bestPreferred || p == bestPreferred && c < best) {
			best, bestClass, bestPreferred = c, n, p
		}
	}
	b := []byte(w)
	for i := range len(b) + 1 {
		if i < len(b) {
			try(w[:i] + w[i+1:]) // left out
			if i+1 < len(b) {
				b[i], b[i+1] = b[i+1], b[i]
				try(string(b)) // swapped
				b[i], b[i+1] = b[i+1], b[i]
			}
		}
		for l := byte('a'); l <= 'z'; l++ {
			try(w[:i] + string(l) + w[i:]) // added
			if i < len(b) && l != b[i] {
				try(w[:i] + string(l) + w[i+1:]) // changed
			}
		}
	}
	return best, bestClass
}
