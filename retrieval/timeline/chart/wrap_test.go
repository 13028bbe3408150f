package chart

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWrapCJKLineStart: CJK text is cut where it fills the line, but a
// line never opens with a mark that may not ("、", "。"); English is cut
// at spaces as before.
func TestWrapCJKLineStart(t *testing.T) {
	runes := func(s string) int { return utf8.RuneCountInString(s) } // one unit a character
	tests := []struct {
		in    string
		w     int
		lines []string
	}{
		{"ウクライナのゼレンスキー大統領は2月28日、ワシントンを訪れた", 20,
			[]string{"ウクライナのゼレンスキー大統領は2月28", "日、ワシントンを訪れた"}},
		// The 、 would open the second line: the 日 before it moves down.
		{"ウクライナのゼレンスキー大統領は2月28日、ワシントンを訪れた", 21,
			[]string{"ウクライナのゼレンスキー大統領は2月28", "日、ワシントンを訪れた"}},
		{"美国和俄罗斯高级官员会谈约四个半小时。这是首次会晤", 19,
			[]string{"美国和俄罗斯高级官员会谈约四个半小时。", "这是首次会晤"}},
		{"美国和俄罗斯高级官员会谈约四个半小时。这是首次会晤", 18,
			[]string{"美国和俄罗斯高级官员会谈约四个半小", "时。这是首次会晤"}},
		{"Envoys met in Riyadh on Tuesday", 14, []string{"Envoys met in", "Riyadh on", "Tuesday"}},
	}
	for _, tt := range tests {
		got := wrap(tt.in, tt.w, 5, runes)
		if strings.Join(got, "|") != strings.Join(tt.lines, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.in, tt.w, got, tt.lines)
		}
		for _, l := range got[1:] {
			if r, _ := utf8.DecodeRuneInString(l); noLineStart(r) {
				t.Errorf("wrap(%q, %d): line %q opens with %q", tt.in, tt.w, l, r)
			}
		}
	}
}
