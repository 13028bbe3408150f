package retrieval

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ArticleFile is an article as a writer gives it, for FormatArticle: the
// parts of an article file ParseArticle reads back.
type ArticleFile struct {
	Date      time.Time
	Headline  string
	Publisher string   // written as a "SOURCE:" line when not ""
	URL       string   // written as a "URL:" line when not "" and without white space
	Byline    string   // written as a "By" line when it reads as a byline
	Dateline  string   // written as a line of its own before the text when it reads as a dateline ("MOSCOW")
	Text      []string // paragraphs, each possibly several lines
}

// FormatArticle renders f as an article file, the format ParseArticle
// reads: the one writer of it, for the files an add writes and the
// generated corpora of benchmarks alike. Lines are cleaned as ParseArticle
// cleans them (cleanSpace); empty lines inside a paragraph are dropped.
func FormatArticle(f ArticleFile) []byte {
	var b bytes.Buffer
	headline := cleanSpace(f.Headline)
	if sectionLabel.MatchString(headline) {
		// A short all-capitals headline would read as a section label, with
		// the first line of text taken for the headline (ParseArticle).
		// By rune, not byte: "ЛАВРОВ" is "Лавров", not a cut letter.
		_, n := utf8.DecodeRuneInString(headline)
		headline = headline[:n] + strings.ToLower(headline[n:])
	}
	fmt.Fprintf(&b, "date %s %s\n", f.Date.Format(time.DateOnly), headline)
	if pub := cleanSpace(f.Publisher); pub != "" {
		fmt.Fprintf(&b, "SOURCE: %s\n", pub)
	}
	if f.URL != "" && !strings.ContainsAny(f.URL, " \t\n") {
		fmt.Fprintf(&b, "URL: %s\n", f.URL)
	}
	if by := cleanSpace(f.Byline); by != "" && IsByline("By "+by) {
		fmt.Fprintf(&b, "\nBy %s\n", by)
	}
	if dl := cleanSpace(f.Dateline); isDateline(dl) {
		// Read back as the article's Dateline: the first line of text.
		fmt.Fprintf(&b, "\n%s\n", dl)
	}
	for _, para := range f.Text {
		b.WriteString("\n")
		for _, line := range strings.Split(para, "\n") {
			if line = cleanSpace(line); line != "" {
				b.WriteString(line)
				b.WriteString("\n")
			}
		}
	}
	return b.Bytes()
}
