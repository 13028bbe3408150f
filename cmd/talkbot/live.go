package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"golang.org/x/term"
	"golang.org/x/text/width"

	"github.com/talkbot/talkbot/retrieval/textclean"
)

// livePrinter shows an LLM answer on a terminal while it streams, then
// erases it so the verified answer, which may differ (citations renumbered,
// uncited sentences dropped), is printed in its place.
type livePrinter struct {
	w     io.Writer
	width int    // terminal columns
	shown string // text on screen
	raw   string // the text last given, before cleaning
}

// newLivePrinter returns a printer when w is a terminal, else nil: piped
// output gets only the final answer.
func newLivePrinter(w io.Writer) *livePrinter {
	if !isTerminal(w) {
		return nil
	}
	width, _, err := term.GetSize(int(w.(*os.File).Fd()))
	if err != nil || width <= 0 {
		width = 80
	}
	return &livePrinter{w: w, width: width}
}

// isTerminal reports whether w is a terminal, not a file, a pipe or a
// buffer.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// update shows text, the answer so far: appending when it extends what is
// shown, redrawing when the stream started over after a retry.
func (p *livePrinter) update(text string) {
	// The preview only grows while a stream lasts, so the usual case
	// cleans and writes just what is new: linear in the reply, not in its
	// square. Otherwise compare the cleaned whole.
	if strings.HasPrefix(text, p.raw) {
		add := textclean.Text(text[len(p.raw):])
		io.WriteString(p.w, add)
		p.shown += add
		p.raw = text
		return
	}
	clean := textclean.Text(text) // model output: nothing that could drive the terminal
	p.raw = text
	if strings.HasPrefix(clean, p.shown) {
		io.WriteString(p.w, clean[len(p.shown):])
		p.shown = clean
		return
	}
	p.clear()
	p.raw = text
	io.WriteString(p.w, clean)
	p.shown = clean
}

// clear erases what update showed: back to the first row it used, then
// clear to the end of the screen. Relative moves keep working when the
// terminal scrolled while streaming.
func (p *livePrinter) clear() {
	if p == nil || p.shown == "" {
		return
	}
	io.WriteString(p.w, "\r")
	if n := rows(p.shown, p.width); n > 1 {
		fmt.Fprintf(p.w, "\x1b[%dA", n-1)
	}
	io.WriteString(p.w, "\x1b[J")
	p.shown, p.raw = "", ""
}

// rows is how many terminal rows text takes at the given width, counting
// terminal columns, not runes: a wide character (CJK, most emoji) takes
// two, and one that does not fit in the last column of a row moves whole
// to the next. A row filled exactly does not open the next one until more
// text comes, as terminals defer the wrap. Tabs advance to the next
// multiple of 8.
func rows(text string, width int) int {
	width = max(width, 2) // a wide character needs two columns
	n := 0
	for _, line := range strings.Split(text, "\n") {
		n++
		col := 0
		joined := false // the rune after a zero-width joiner joins its cluster
		for _, r := range line {
			w := runeWidth(r)
			if r == '\t' {
				w = 8 - col%8
				if col+w > width { // a tab does not wrap: it stops at the edge
					w = max(0, width-col)
				}
			}
			if joined {
				w, joined = 0, false
			}
			if r == '\u200d' {
				joined = true
			}
			if w == 0 {
				continue
			}
			if col+w > width {
				n++
				col = 0
			}
			col += w
		}
	}
	return n
}

// runeWidth is how many terminal columns r takes, after Unicode's East Asian
// Width property (golang.org/x/text/width): 2 for wide and fullwidth
// characters (CJK, Hangul, fullwidth forms, emoji shown as emoji), 0 for
// combining marks, format characters such as the zero-width joiner,
// variation selectors and Hangul medial and final jamo, which draw on the
// character before them, and 1 for the rest; ambiguous characters count 1,
// as terminals outside East Asian locales draw them.
func runeWidth(r rune) int {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Variation_Selector),
		r >= 0x1160 && r <= 0x11FF: // Hangul jungseong and jongseong
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}
