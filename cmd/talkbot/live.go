package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/term"
)

// livePrinter shows an LLM answer on a terminal while it streams, then
// erases it so the verified answer, which may differ (citations renumbered,
// uncited sentences dropped), is printed in its place.
type livePrinter struct {
	w     io.Writer
	width int    // terminal columns
	shown string // text on screen
}

// newLivePrinter returns a printer when w is a terminal, else nil: piped
// output gets only the final answer.
func newLivePrinter(w io.Writer) *livePrinter {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil || width <= 0 {
		width = 80
	}
	return &livePrinter{w: w, width: width}
}

// update shows text, the answer so far: appending when it extends what is
// shown, redrawing when the stream started over after a retry.
func (p *livePrinter) update(text string) {
	text = printable(text)
	if strings.HasPrefix(text, p.shown) {
		io.WriteString(p.w, text[len(p.shown):])
		p.shown = text
		return
	}
	p.clear()
	io.WriteString(p.w, text)
	p.shown = text
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
	p.shown = ""
}

// rows is how many terminal rows text takes at the given width.
func rows(text string, width int) int {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		n += max(1, (utf8.RuneCountInString(line)+width-1)/width)
	}
	return n
}

// printable drops control characters but newlines and tabs, so a model's
// output cannot move the cursor or change the terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}
