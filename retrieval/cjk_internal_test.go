package retrieval

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestAnalyzeCJK(t *testing.T) {
	tests := []struct{ in, want string }{
		// Han: overlapping bigrams, then each character (for a question of
		// one); a lone character by itself.
		{"停火建议", "停火 火建 建议 停 火 建 议"},
		{"俄", "俄"},
		{"3月18日", "3 月 18 日"},
		{"175名战俘", "175 名战 战俘 名 战 俘"},
		// Punctuation ends a run; a bigram crosses from Han into kana.
		{"会談した。ロシア・ウクライナ", "会談 談し した 会 談 し た ロシ シア ロ シ ア ウク クラ ライ イナ ウ ク ラ イ ナ"},
		// Half-width katakana and a separate voicing mark are normalised
		// (NFKC), and voiced kana stay apart from plain ones.
		{"ﾛｼｱ", "ロシ シア ロ シ ア"},
		{"か\u3099", "が"},
		{"がか", "がか が か"},
		{"ウォルツ", "ウォ ォル ルツ ウ ォ ル ツ"},
		{"ルビオ国務長官", "ルビ ビオ オ国 国務 務長 長官 ル ビ オ 国 務 長 官"},
		// Hangul: bigrams, so a word with a particle still shares the
		// noun's bigrams.
		{"러시아는 러시아", "러시 시아 아는 러 시 아 는 러시 시아 러 시 아"},
		// Latin runs inside a CJK word are analysed as English words, and
		// English around CJK text is untouched.
		{"SNSに投稿", "sns に投 投稿 に 投 稿"},
		{"U.S.总统 Trump's meetings", "usa 总统 总 统 trump meet"},
		{"CIA長官", "cia 長官 長 官"},
		{"the Talks 会谈", "talk 会谈 会 谈"},
		{"ＣＩＡ長官", "cia 長官 長 官"},
	}
	for _, tt := range tests {
		if got := strings.Join(Analyze(tt.in), " "); got != tt.want {
			t.Errorf("Analyze(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCJKQuestionMeetsPassage checks that a question shares terms with the
// passage that answers it, though neither has spaces.
func TestCJKQuestionMeetsPassage(t *testing.T) {
	tests := []struct{ question, passage, shared string }{
		{"俄乌交换了多少名战俘？", "俄乌双方将于3月19日各交换175名战俘。", "战俘"},
		{"共同記者会見は開かれたのか", "予定されていた共同記者会見も中止になった。", "記者"},
		{"스타머 총리는 무엇을 만들겠다고 했나요?", "스타머 총리는 '의지의 연합'을 구성하겠다고 밝혔다.", "총리"},
	}
	for _, tt := range tests {
		if q, p := Analyze(tt.question), Analyze(tt.passage); !slices.Contains(q, tt.shared) || !slices.Contains(p, tt.shared) {
			t.Errorf("%q → %q and %q → %q: want both to hold %q", tt.question, q, tt.passage, p, tt.shared)
		}
	}
}

func TestHasCJK(t *testing.T) {
	for in, want := range map[string]bool{
		"": false, "talks": false, "café": false, "русский": false, "العربية": false, "🎉": false,
		"中": true, "ひらがな": true, "カタカナ": true, "ー": true, "ｶ": true, "한국어": true, "x中": true,
		"ㄅ": false, // Bopomofo is not cut into bigrams
	} {
		if got := hasCJK(in); got != want {
			t.Errorf("hasCJK(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestBuildAnalysisMatchesAnalyzeCJK is TestBuildAnalysisMatchesAnalyze on
// text mixing CJK runs with the pieces that stress English word boundaries.
func TestBuildAnalysisMatchesAnalyzeCJK(t *testing.T) {
	pieces := []string{"中", "文", "ひ", "が", "か\u3099", "カ", "ー", "ｶ", "ﾞ", "한", "국", "々", "a", "B", "US",
		"é", "\u0301", "1", ".", "'", "’", " ", "。", "、", "s", "'s", "U.S.", "2.5", "\xff"}
	texts := []string{"美国总统特朗普和俄罗斯总统普京3月18日进行了超过两个小时的电话交谈。",
		"アメリカのトランプ大統領は2月12日、ロシアのプーチン大統領と約1時間半にわたって電話で会談した。",
		"영국의 스타머 총리는 3월 2일 런던에서 정상회의를 열었다.", "SNSに投稿 U.S.总统 CIA長官 ＣＩＡ"}
	r := rand.New(rand.NewPCG(7, 8))
	for range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, cache := range []*TermCache{{perBuild: true}, {}} {
		v := newVocab(cache.forAliases(nil), 0)
		for range 2 {
			for _, text := range texts {
				if got, want := buildTerms(v, text), Analyze(text); !slices.Equal(got, want) {
					t.Fatalf("build analysis of %q = %q, Analyze %q", text, got, want)
				}
			}
		}
	}
}

func FuzzAnalyzeCJK(f *testing.F) {
	for _, s := range []string{"停火建议", "SNSに投稿", "か\u3099", "ﾛｼｱ", "러시아는", "U.S.总统", "\u3099", "中.a’文"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := newVocab((&TermCache{perBuild: true}).forAliases(nil), 0)
		if got, want := buildTerms(v, s), Analyze(s); !slices.Equal(got, want) {
			t.Fatalf("build analysis of %q = %q, Analyze %q", s, got, want)
		}
		for _, term := range Analyze(s) {
			if term == "" || strings.ContainsFunc(term, unicode.IsSpace) || !utf8.ValidString(term) {
				t.Fatalf("Analyze(%q) has term %q", s, term)
			}
		}
	})
}

// TestApproxWordsCJK: Chinese and Japanese count a word per two
// characters, the prolonged sound mark of a katakana word among them;
// Korean, written with spaces, counts its words as English does.
func TestApproxWordsCJK(t *testing.T) {
	for _, tt := range []struct {
		p    string
		want int
	}{
		{"停火建议", 2},
		{"ゼレンスキー", 3}, // six characters: ー is one of them
		{"러시아는 휴전에 합의했다", 3},
		{"The talks ended", 3},
	} {
		if got := approxWords(tt.p); got != tt.want {
			t.Errorf("approxWords(%q) = %d; want %d", tt.p, got, tt.want)
		}
	}
}
