package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/textclean"
)

type sourcesJSON struct {
	Articles []articleJSON `json:"articles"`
	Skipped  []skippedJSON `json:"skipped"`
}

type articleJSON struct {
	Article   string `json:"article"`
	Headline  string `json:"headline"`
	Date      string `json:"date"`
	Publisher string `json:"publisher"`
	URL       string `json:"url"`
	Passages  int    `json:"passages"`
}

// toArticleJSON is an article as the --json outputs list it, under the
// file name id.
func toArticleJSON(id string, art *retrieval.Article) articleJSON {
	return articleJSON{
		Article: id, Headline: art.Headline, Date: art.Date.Format(time.DateOnly),
		Publisher: art.Publisher, URL: art.URL, Passages: len(art.Passages),
	}
}

type skippedJSON struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

func runSources(ctx context.Context, a *app, args []string) error {
	fs := a.flags("sources")
	asJSON := fs.Bool("json", false, "print the list as JSON")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("sources takes no arguments, got %q", pos[0])
	}
	a.listsSkipped = true // said once, in the listing (or the JSON)
	ix, noArticle, err := a.loadCorpus(ctx)
	if err != nil {
		if noArticle == nil {
			return err
		}
		// No article loaded: still list the files and why each was
		// skipped, then fail as before. With no file at all the error
		// alone says it: a text listing would be "0 articles:" and nothing.
		if len(noArticle.Skipped) == 0 && !*asJSON {
			return err
		}
		if werr := writeSources(a, noArticle, *asJSON); werr != nil {
			return werr
		}
		return err
	}
	return writeSources(a, ix.Corpus(), *asJSON)
}

// writeSources lists the articles of c and the files it skipped.
func writeSources(a *app, c *retrieval.Corpus, asJSON bool) error {
	out := sourcesJSON{Articles: []articleJSON{}, Skipped: []skippedJSON{}}
	for _, art := range retrieval.NewestFirst(c.Articles) { // as /sources lists them
		out.Articles = append(out.Articles, toArticleJSON(art.ID, art))
	}
	for _, s := range c.Skipped {
		out.Skipped = append(out.Skipped, skippedJSON{File: s.File, Reason: s.Reason})
	}
	if asJSON {
		return writeJSON(a.stdout, out)
	}
	// File names and reasons are untrusted (a file may be named with
	// escape sequences or bidirectional overrides): clean them for the
	// terminal. The text goes out in one write so a failed one is seen.
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s:\n", len(out.Articles), retrieval.Plural(len(out.Articles), "article", "articles"))
	for _, art := range out.Articles {
		pub := art.Publisher
		if pub == "" {
			pub = "publisher unknown"
		}
		fmt.Fprintf(&b, "  %s  %s (%s; %d %s) [%s]\n", art.Date, textclean.Line(art.Headline), textclean.Line(pub), art.Passages,
			retrieval.Plural(art.Passages, "passage", "passages"), textclean.Line(art.Article))
	}
	if len(out.Skipped) > 0 {
		fmt.Fprintf(&b, "%d %s skipped:\n", len(out.Skipped), retrieval.Plural(len(out.Skipped), "file", "files"))
		for _, s := range out.Skipped {
			fmt.Fprintf(&b, "  %s: %s\n", textclean.Line(s.File), textclean.Line(s.Reason))
		}
	}
	return writeText(a.stdout, b.String())
}

// writeText writes a command's plain-text output, reporting a failed write
// (a full disk, a closed pipe) as an error so the exit status shows it.
func writeText(w io.Writer, s string) error {
	if _, err := io.WriteString(w, s); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

// writeJSON writes v as indented JSON: every command's --json. Strings
// keep their data exactly, but what could disguise or reorder the text on
// a terminal is escaped (escapeInvisible).
func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeInvisible(b.Bytes()))
	return err
}

// escapeInvisible writes as \uXXXX, in JSON text, every character that
// encoding/json leaves raw but that the text output drops
// (textclean.Dropped: the one reading of untrusted text): bidirectional
// overrides, isolates and marks such as U+202E, zero-width characters,
// the byte-order mark, tag characters, and the control characters above
// ASCII's (DEL, C1). Outside strings JSON holds none (its new lines are
// kept), so the text stays valid JSON with the same values; a character
// outside the BMP is written as its surrogate pair.
func escapeInvisible(js []byte) []byte {
	if !bytes.ContainsFunc(js, textclean.Dropped) {
		return js
	}
	out := make([]byte, 0, len(js)+64)
	for len(js) > 0 {
		r, n := utf8.DecodeRune(js)
		if !textclean.Dropped(r) {
			out = append(out, js[:n]...)
		} else if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
		} else {
			out = fmt.Appendf(out, `\u%04x`, r)
		}
		js = js[n:]
	}
	return out
}
