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

// table is built once, on first use, and never changed after.
var table = sync.OnceValue(func() map[string]uint8 {
	m := make(map[string]uint8, 64000)
	class := uint8(0)
	for line := range strings.Lines(data) {
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "" || line[0] == '#':
		case line[0] == '@':
			n, err := strconv.Atoi(line[1:])
			if err != nil {
				panic("wordlist: bad class line " + line) // the embedded file is fixed
			}
			class = uint8(n)
		default:
			if _, ok := m[line]; !ok {
				m[line] = class
			}
		}
	}
	return m
})

// Class returns the SCOWL size class of word (compared in lower case), or 0
// when the word is not in the list: a rare word, a name, a number or a
// misspelling.
func Class(word string) int {
	return int(table()[strings.ToLower(word)])
}

// Len is the number of words in the list.
func Len() int { return len(table()) }
