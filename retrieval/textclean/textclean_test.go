package textclean

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text is kept", "Trump and Putin met [1].\n\tNext line.", "Trump and Putin met [1].\n\tNext line."},
		{"CSI colour sequence goes whole", "red \x1b[31mALERT\x1b[0m done", "red ALERT done"},
		{"CSI with private parameters", "a\x1b[?1049hb\x1b[2Jc", "abc"},
		{"one-character CSI", "a\u009b2Jb", "ab"},
		{"OSC window title ended by BEL", "a\x1b]0;pwned\ab", "ab"},
		{"OSC hyperlink ended by ST", "a\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\b", "alinkb"},
		{"unterminated OSC stops at the line end", "a\x1b]0;title\nnext", "a\nnext"},
		{"two-character escape", "a\x1bcb\x1b7c", "abc"},
		{"lone ESC at the end", "abc\x1b", "abc"},
		{"BEL, backspace, NUL, DEL and C1", "a\ab\bc\x00d\x7fe\u0085f", "abcdef"},
		{"CR LF and lone CR become LF", "a\r\nb\rc", "a\nb\nc"},
		{"line and paragraph separators", "a\u2028b\u2029c", "a\nb\nc"},
		{"bidi override and isolates", "abc\u202Egnp.exe\u202C \u2066x\u2069", "abcgnp.exe x"},
		{"bidi marks", "a\u200Eb\u200Fc\u061Cd", "abcd"},
		{"zero-width space and BOM", "ig\u200Bnore\uFEFF", "ignore"},
		{"tag characters hide text", "hi\U000E0049\U000E0067\U000E006E", "hi"},
		{"soft hyphen and word joiner", "co\u00ADop\u2060x", "coopx"},
		{"ZWJ emoji and ZWNJ stay", "👩\u200d💻 می\u200cخواهم", "👩\u200d💻 می\u200cخواهم"},
		{"combining marks stay", "cafe\u0301", "cafe\u0301"},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb"},
		{"ESC then a control drops only ESC", "a\x1b\nb", "a\nb"},
		{"ESC then a space drops only ESC", "in\x1b Alaska", "in Alaska"},
		{"character set designation", "a\x1b(Bb", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if Clean(tt.in) != (tt.in == tt.want) {
				t.Errorf("Clean(%q) = %v", tt.in, Clean(tt.in))
			}
		})
	}
}

func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"000_\x1b[2Jreport\a.txt", "000_report.txt"},
		{"  Headline\nwith\tbreaks\r\n ", "Headline with breaks"},
		{"evil\u202Etxt.exe", "eviltxt.exe"},
		{"a\u2028b", "a b"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestClip: an excerpt is one clean line of at most n characters, "…"
// marking a cut, with no space left before it.
func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"upstream\ntimed out", 40, "upstream timed out"},
		{"upstream timed out", 10, "upstream…"},
		{"\x1b[31mrédigé à la main", 7, "rédigé…"},
		{"short", 5, "short"},
	}
	for _, tt := range tests {
		if got := Clip(tt.in, tt.n); got != tt.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// TestWebPage: a body that opens with a tag, or is served as HTML, is a
// web page; plain text and JSON are not.
func TestWebPage(t *testing.T) {
	tests := []struct {
		body, ctype string
		want        bool
	}{
		{"<!DOCTYPE html><html>", "", true},
		{"Bad gateway", "Text/HTML; charset=utf-8", true},
		{"not ready: gateway", "text/plain; charset=utf-8", false},
		{`{"message": "401: Unauthorized"}`, "application/json", false},
	}
	for _, tt := range tests {
		if got := WebPage(tt.body, tt.ctype); got != tt.want {
			t.Errorf("WebPage(%q, %q) = %v, want %v", tt.body, tt.ctype, got, tt.want)
		}
	}
}

func TestUnfinished(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"plain", 0},
		{"red \x1b", 1},
		{"red \x1b[3", 3},
		{"red \x1b[31m", 0},
		{"red \x1b[31mdone", 0},
		{"title \x1b]0;my ti", 9},
		{"title \x1b]0;t\a after", 0},
		{"a \u009b1", 3},
		{"cut \xe2\x80", 2},
		{"whole \u2014", 0},
	}
	for _, tt := range tests {
		if got := Unfinished(tt.in); got != tt.want {
			t.Errorf("Unfinished(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// FuzzText checks the invariants on any input: valid UTF-8 out, nothing a
// terminal would act on left, idempotent, and Line never breaks a line.
func FuzzText(f *testing.F) {
	for _, s := range []string{"a\x1b[31mb", "\x1b]0;t\a", "\u202Ex", "\r\n", "\x1b", "\u009b1m", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Text(in)
		if !utf8.ValidString(out) {
			t.Fatalf("Text(%q) = %q is not valid UTF-8", in, out)
		}
		for _, r := range out {
			if r == '\x1b' || r == '\r' || (r != '\n' && r != '\t' && unicode.IsControl(r)) ||
				(r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') {
				t.Fatalf("Text(%q) = %q keeps %U", in, out, r)
			}
		}
		if again := Text(out); again != out {
			t.Fatalf("Text is not idempotent: %q then %q", out, again)
		}
		if !Clean(out) {
			t.Fatalf("Clean(Text(%q)) is false", in)
		}
		if l := Line(in); strings.ContainsAny(l, "\n\t") {
			t.Fatalf("Line(%q) = %q breaks the line", in, l)
		}
	})
}

// BenchmarkText: cost per byte stays flat from 10 KB to 1 MB of hostile
// text (escape sequences that never end, one per line).
func BenchmarkText(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"10KB", 10_000}, {"1MB", 1_000_000}} {
		in := strings.Repeat("word \x1b]0;x \u202E\x1b[", size.n/16)
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				Text(in)
			}
		})
	}
}
