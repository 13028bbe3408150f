package wordlist

import "testing"

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
