package retrieval_test

import (
	"testing"

	"github.com/talkbot/talkbot/retrieval"
)

// TestCJKScript: the one script test and its narrow variants, on a rune of
// each kind their callers meet. IsCJK is the index's and the timeline's
// (letters of all three languages); IsCJKUnspaced leaves Korean out, which
// is written with spaces; IsCJKPunct is the punctuation and full-width
// forms; IsCJKNoSpace, the citation marker's rule, is the last two.
func TestCJKScript(t *testing.T) {
	tests := []struct {
		name                          string
		r                             rune
		cjk, unspaced, punct, noSpace bool
	}{
		{"Han", '俄', true, true, false, true},
		{"Han iteration mark", '々', true, true, true, true}, // U+3005 is both Han and in the punctuation block
		{"Hiragana", 'が', true, true, false, true},
		{"Katakana", 'ロ', true, true, false, true},
		{"prolonged sound mark", 'ー', true, true, false, true},
		{"half-width katakana", 'ｼ', true, true, false, true},
		{"combining voicing mark", '\u3099', true, true, false, true},
		{"Hangul syllable", '러', true, false, false, false},
		{"Hangul jamo", 'ᄀ', true, false, false, false},
		{"half-width Hangul", 'ﾡ', true, false, false, false},
		{"Bopomofo", 'ㄅ', false, false, false, false},
		{"ideographic full stop", '。', false, false, true, true},
		{"corner bracket", '「', false, false, true, true},
		{"ideographic space", '\u3000', false, false, true, true},
		{"full-width exclamation", '！', false, false, true, true},
		{"full-width digit", '７', false, false, true, true},
		{"half-width full stop", '｡', false, false, true, true},
		{"full-width yen", '￥', false, false, true, true},
		{"Latin", 'a', false, false, false, false},
		{"Cyrillic", 'ж', false, false, false, false},
		{"em dash", '—', false, false, false, false},
	}
	for _, tt := range tests {
		if got := retrieval.IsCJK(tt.r); got != tt.cjk {
			t.Errorf("%s %q: IsCJK = %v; want %v", tt.name, tt.r, got, tt.cjk)
		}
		if got := retrieval.IsCJKUnspaced(tt.r); got != tt.unspaced {
			t.Errorf("%s %q: IsCJKUnspaced = %v; want %v", tt.name, tt.r, got, tt.unspaced)
		}
		if got := retrieval.IsCJKPunct(tt.r); got != tt.punct {
			t.Errorf("%s %q: IsCJKPunct = %v; want %v", tt.name, tt.r, got, tt.punct)
		}
		if got := retrieval.IsCJKNoSpace(tt.r); got != tt.noSpace {
			t.Errorf("%s %q: IsCJKNoSpace = %v; want %v", tt.name, tt.r, got, tt.noSpace)
		}
	}
}
