package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRows(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width int
		want  int
	}{
		{"empty", "", 10, 1},
		{"ascii within a row", "Trump met", 10, 1},
		{"ascii filling a row exactly", "0123456789", 10, 1},
		{"ascii one over", "0123456789x", 10, 2},
		{"lines", "a\nb\n\nc", 10, 4},
		{"CJK counts two columns", "普京和特朗普会面", 10, 2},                      // 8 runes, 16 columns
		{"CJK filling rows exactly", "普京和特朗普会面在阿", 10, 2},                  // 20 columns
		{"CJK one over", "普京和特朗普会面在阿拉", 10, 3},                             // 22 columns
		{"wide character does not split at the edge", "abcdefghi普", 10, 2}, // 9 + 2 wraps whole
		{"fullwidth forms", "ＡＢＣＤＥＦ", 10, 2},                               // 12 columns
		{"Hangul", "트럼프와푸틴", 10, 2},                                        // 12 columns
		{"emoji", "🙂🙂🙂🙂🙂🙂", 10, 2},                                         // 12 columns
		{"ZWJ sequence is one emoji", "👩\u200d👩\u200d👧abcdef", 10, 1},
		{"combining marks take no column", strings.Repeat("e\u0301", 10), 10, 1},
		{"variation selector takes no column", "✔\ufe0f" + strings.Repeat("x", 9), 10, 1},
		{"tab to the next stop", "\tab", 10, 1},
		{"tab then text that wraps", "\tabc", 10, 2},
		{"mixed", "Putin 普京 met Trump 特朗普 [1].", 12, 3}, // 32 columns
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rows(tt.text, tt.width); got != tt.want {
				t.Errorf("rows(%q, %d) = %d, want %d", tt.text, tt.width, got, tt.want)
			}
		})
	}
}

func TestRuneWidth(t *testing.T) {
	for r, want := range map[rune]int{'a': 1, 'é': 1, '普': 2, 'Ａ': 2, '한': 2, '🙂': 2, '\u0301': 0, '\u200d': 0, '\ufe0f': 0, 'ｱ': 1, '—': 1} {
		if got := runeWidth(r); got != want {
			t.Errorf("runeWidth(%q) = %d, want %d", r, got, want)
		}
	}
}

// TestLivePrinterErasesWideText: replacing streamed CJK text moves up over
// every row it took, not the rows its rune count would take.
func TestLivePrinterErasesWideText(t *testing.T) {
	var b bytes.Buffer
	p := &livePrinter{w: &b, width: 10}
	p.update("普京和特朗普会面在阿拉斯加") // 13 runes, 26 columns: 3 rows
	b.Reset()
	p.clear()
	if got := b.String(); got != "\r\x1b[2A\x1b[J" {
		t.Errorf("clear %q, want to move up 2 rows", got)
	}
}
