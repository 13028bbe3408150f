package wordlist

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestClass(t *testing.T) {
	tests := []struct {
		word string
		want int
	}{
		{"job", 10}, {"Job", 10}, {"mood", 20}, {"spokesperson", 35}, {"borscht", 50},
		{"negotiations", 20}, {"peskov", 0}, {"zelensky", 0}, {"", 0}, {"2024", 0},
		{"colour", 10}, {"color", 10}, // British and American spellings both
	}
	for _, tt := range tests {
		if got := Class(tt.word); got != tt.want {
			t.Errorf("Class(%q) = %d, want %d", tt.word, got, tt.want)
		}
	}
	if n := Len(); n < 60000 || n > 70000 {
		t.Errorf("Len() = %d, want the ~64,000 words of classes 10-50", n)
	}
}

// TestClassEveryWord reads the embedded file line by line, as plainly as
// possible, and checks that the binary search finds every word in its class
// and nothing between words.
func TestClassEveryWord(t *testing.T) {
	class, n := 0, 0
	for line := range strings.Lines(data) {
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "" || line[0] == '#':
		case line[0] == '@':
			class, _ = strconv.Atoi(line[1:])
		default:
			n++
			if got := Class(line); got != class {
				t.Fatalf("Class(%q) = %d, want %d", line, got, class)
			}
			for _, near := range []string{line + "zz", line[:len(line)-1] + "~"} {
				if got := Class(near); got != 0 && !strings.Contains(data, "\n"+near+"\n") {
					t.Fatalf("Class(%q) = %d, want 0", near, got)
				}
			}
		}
	}
	if Len() != n {
		t.Errorf("Len() = %d, want %d", Len(), n)
	}
}

func BenchmarkClass(b *testing.B) {
	for b.Loop() {
		Class("spokesperson")
	}
}

func TestNear(t *testing.T) {
	tests := []struct {
		word, want string
	}{
		{"nervus", "nervous"},  // a letter left out
		{"wich", "which"},      // the most common of "wick", "wish", "which" ...
		{"teh", ""},            // too short to tell
		{"recieve", "receive"}, // a swap
		{"kuleba", ""},         // a name: nothing near
		{"zelensky", ""},
		{"job", ""},           // short
		{"Nervus", "nervous"}, // compared in lower case
		{"café", ""},          // not a–z
	}
	for _, tt := range tests {
		if got, class := Near(tt.word, nil); got != tt.want || (got == "") != (class == 0) {
			t.Errorf("Near(%q) = %q, %d; want %q", tt.word, got, class, tt.want)
		}
	}
}

// TestNearPrefers: among the words of the best class, a preferred one
// wins ("countries" over "contrives", which comes first in byte order);
// a preferred word of a rarer class does not.
func TestNearPrefers(t *testing.T) {
	known := func(ws ...string) func(string) bool {
		return func(w string) bool { return slices.Contains(ws, w) }
	}
	for _, tt := range []struct {
		word   string
		prefer func(string) bool
		want   string
	}{
		{"contries", nil, "contrives"},
		{"contries", known("countries"), "countries"},
		{"wich", known("wick"), "which"}, // "which" is commoner
	} {
		if got, _ := Near(tt.word, tt.prefer); got != tt.want {
			t.Errorf("Near(%q, prefer) = %q, want %q", tt.word, got, tt.want)
		}
	}
}
