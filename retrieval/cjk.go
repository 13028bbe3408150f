package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Chinese and Japanese are written without spaces between words, and
// Korean glues particles to its words ("러시아는", Russia + topic marker), so
// a run of their characters is not one word. Such a run is indexed as
// overlapping character bigrams, as Lucene's CJKAnalyzer and Elasticsearch's
// cjk_bigram filter do: "停火建议" gives 停火 火建 建议, and a question's run
// gives the bigrams it shares with the passages that use its words, with no
// dictionary to keep. A character standing alone ("3月18日": 月, 日) is
// indexed by itself.

// IsCJK reports whether r is a letter of Chinese, Japanese or Korean
// writing: Han (with the iteration marks 々 and 〆), Hiragana, Katakana
// (with the prolonged sound mark ー, its half-width forms and voicing
// marks) and Hangul. The index cuts a run of them into bigrams, and the
// timeline reads an article mostly of them by its CJK rules. The one
// script test the packages share; IsCJKUnspaced and IsCJKNoSpace narrow
// it for callers that care how the text is spaced.
func IsCJK(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r == 0x30FC, r == 0xFF70, r == 0xFF9E, r == 0xFF9F, r == 0x3099, r == 0x309A:
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// IsCJKUnspaced reports whether r is a letter of Chinese or Japanese,
// which are written without spaces between words: IsCJK but Hangul, since
// Korean spaces its words as English does (a word count, a space before a
// citation marker treat it like English).
func IsCJKUnspaced(r rune) bool { return IsCJK(r) && !unicode.Is(unicode.Hangul, r) }

// IsCJKPunct reports whether r is a punctuation mark or symbol of CJK
// text: the CJK symbols and punctuation (U+3000–303F: 、。「」〜), the
// full-width forms of ASCII and brackets (U+FF01–FF60: ！？（）), the
// half-width CJK punctuation (U+FF61–FF65: ｡｢｣､･) and the full-width signs
// (U+FFE0–FFEE: ￥). Letters, such as the half-width kana and Hangul of
// the same block, are IsCJK's.
func IsCJKPunct(r rune) bool {
	return 0x3000 <= r && r <= 0x303F || 0xFF01 <= r && r <= 0xFF65 || 0xFFE0 <= r && r <= 0xFFEE
}

// IsCJKNoSpace reports whether r is a character that Chinese and Japanese
// text writes no space after or before: an IsCJKUnspaced letter or an
// IsCJKPunct mark. Hangul is not one: "러시아는 [1]" keeps its space.
func IsCJKNoSpace(r rune) bool { return IsCJKUnspaced(r) || IsCJKPunct(r) }

// hasCJK reports whether word holds a CJK character. Every CJK character
// takes three or four bytes in UTF-8, so a word of other scripts is passed
// over a byte at a time.
func hasCJK(word string) bool {
	for i := 0; i < len(word); i++ {
		if word[i] < 0xE1 {
			continue
		}
		r, size := utf8.DecodeRuneInString(word[i:])
		if IsCJK(r) {
			return true
		}
		i += size - 1
	}
	return false
}

// isCJKTerm reports whether term is a gram of cjkParts, which is its own
// index term: no stop list, alias or stemmer applies to it.
func isCJKTerm(term string) bool {
	if len(term) == 0 || term[0] < 0xE1 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(term)
	return IsCJK(r)
}

// cjkParts splits a word (as wordEnd delimits it) that holds CJK characters
// into its runs. Each run of other characters goes to other, without the
// periods and apostrophes wordEnd let join it to a CJK run; each CJK run is
// normalised to NFKC (half-width katakana to full width, a separate voicing
// mark joined to its kana, compatibility ideographs to unified ones: unlike
// the NFKD that folds Latin diacritics, this keeps が apart from か) and goes
// to gram as bigrams and each of its characters, or as one character when
// it has only one. gram must not keep its slice; buf is scratch space,
// returned for reuse.
func cjkParts(word string, buf []byte, other func(part string), gram func(g []byte)) []byte {
	for i := 0; i < len(word); {
		start := i
		r, size := utf8.DecodeRuneInString(word[i:])
		cjk := IsCJK(r)
		for i += size; i < len(word); i += size {
			r, size = utf8.DecodeRuneInString(word[i:])
			if IsCJK(r) != cjk {
				break
			}
		}
		run := word[start:i]
		if !cjk {
			if run = strings.Trim(run, ".'’"); run != "" {
				other(run)
			}
			continue
		}
		buf = norm.NFKC.AppendString(buf[:0], run)
		_, first := utf8.DecodeRune(buf)
		if first == len(buf) {
			gram(buf)
			continue
		}
		for j := 0; j+first < len(buf); {
			_, n := utf8.DecodeRune(buf[j+first:])
			gram(buf[j : j+first+n])
			j += first
			first = n
		}
		// Each character too, so that a question of one character ("俄")
		// finds the runs that hold it, as Elasticsearch's cjk_bigram does
		// with output_unigrams.
		for j := 0; j < len(buf); {
			_, n := utf8.DecodeRune(buf[j:])
			gram(buf[j : j+n])
			j += n
		}
	}
	return buf
}

// cjkWords calls fn, as words does, with each part of a word that holds CJK
// characters (see cjkParts): the other runs folded, and the grams as they
// are, in lower case as far as fn is concerned.
func cjkWords(word string, fn func(folded []byte, upper bool)) {
	var fold []byte
	cjkParts(word, nil, func(part string) {
		if fold = foldWord(fold[:0], part); len(fold) > 0 {
			fn(fold, !strings.ContainsFunc(part, unicode.IsLower))
		}
	}, func(g []byte) { fn(g, false) })
}

// cjk appends to ids the ids of the terms of a word that holds CJK
// characters, as cjkWords gives them.
func (v *vocab) cjk(word string, ids []int32) []int32 {
	if cap(v.gram) < wordTableMax {
		v.gram = make([]byte, 0, 64)
	}
	v.cjkBuf = cjkParts(word, v.cjkBuf, func(part string) {
		if v.gram = foldWord(v.gram[:0], part); len(v.gram) > 0 {
			if id := v.wordID(v.gram, !strings.ContainsFunc(part, unicode.IsLower)); id >= 0 {
				ids = append(ids, id)
			}
		}
	}, func(g []byte) {
		// wordID reads wordTableMax bytes of its slice's array: a copy
		// in v.gram has them, a gram inside v.cjkBuf may not.
		v.gram = append(v.gram[:0], g...)
		if id := v.wordID(v.gram, false); id >= 0 {
			ids = append(ids, id)
		}
	})
	return ids
}

// HasCJK reports whether s holds a character that Analyze reads as part of
// a Chinese, Japanese or Korean run, indexed as bigrams rather than words:
// for callers that treat words of a question differently from the grams of
// such a run.
func HasCJK(s string) bool { return hasCJK(s) }
