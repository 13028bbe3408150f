package retrieval

import (
	"slices"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two.", []string{"One.", "Two."}},
		{"Russia's deputy foreign minister said on Feb. 22. It marked a departure.",
			[]string{"Russia's deputy foreign minister said on Feb. 22.", "It marked a departure."}},
		{"U.S. President Donald Trump met envoys. They agreed.", []string{"U.S. President Donald Trump met envoys.", "They agreed."}},
		{"Mr. Lavrov spoke. Dr. Smith listened.", []string{"Mr. Lavrov spoke.", "Dr. Smith listened."}},
		{`“It is useful,” he said. "We'll see." Then he left.`, []string{`“It is useful,” he said.`, `"We'll see."`, "Then he left."}},
		{"Is it over? No! 2025 will tell.", []string{"Is it over?", "No!", "2025 will tell."}},
		{"He paid 2.5 million. done", []string{"He paid 2.5 million. done"}},
		{"J. D. Vance spoke.", []string{"J. D. Vance spoke."}},
		{"The Kremlin said so… Peskov added more.", []string{"The Kremlin said so…", "Peskov added more."}},
		{"", nil},
		{"No stop at the end", []string{"No stop at the end"}},
	}
	for _, tt := range tests {
		if got := SplitSentences(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("SplitSentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}
