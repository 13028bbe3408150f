package chart

import "testing"

// TestIsCJK: the characters the warning names as Chinese, Japanese or
// Korean text are those the CJK fonts draw, Bopomofo and full-width forms
// included.
func TestIsCJK(t *testing.T) {
	for _, tt := range []struct {
		r    rune
		want bool
	}{
		{'俄', true}, {'が', true}, {'ロ', true}, {'ー', true}, {'러', true}, {'ㄅ', true},
		{'。', true}, {'！', true}, {'ｼ', true}, {'a', false}, {'ж', false}, {'—', false},
	} {
		if got := isCJK(tt.r); got != tt.want {
			t.Errorf("isCJK(%q) = %v; want %v", tt.r, got, tt.want)
		}
	}
}
