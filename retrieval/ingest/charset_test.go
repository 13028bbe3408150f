package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// TestAddFileDecodesCharset: a saved page in another encoding is decoded
// as a fetched one is, by its <meta charset> (or, with none, as
// windows-1252 when it is not UTF-8), so its accented letters are stored,
// not U+FFFD; and two such pages are two articles, not one "already in the
// corpus".
func TestAddFileDecodesCharset(t *testing.T) {
	latin1 := func(s string) string {
		b, err := charmap.ISO8859_1.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cyr := func(s string) string {
		b, err := charmap.Windows1251.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	page := func(meta, headline, para string) string {
		return `<!doctype html><html><head>` + meta + `<title>` + headline + `</title></head><body><article><h1>` + headline + `</h1><p>` + para + `</p></article></body></html>`
	}
	tests := []struct {
		name, data, headline, text string
	}{
		{"meta charset", latin1(page(`<meta charset="iso-8859-1">`, "Lavrov meets counterpart in Genève café",
			"The foreign ministers met in a café in Genève on Friday to discuss the next round of talks.")),
			"Lavrov meets counterpart in Genève café", "café in Genève"},
		{"http-equiv", latin1(page(`<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">`, "Négociations à Genève",
			"Les ministres se sont rencontrés à Genève vendredi pour préparer la prochaine série de négociations.")),
			"Négociations à Genève", "rencontrés à Genève"},
		{"no declaration", latin1(page("", "Zürich talks end without a deal",
			"The delegations left Zürich on Saturday after two days of talks that ended without a déclaration.")),
			"Zürich talks end without a deal", "left Zürich"},
		{"windows-1251", cyr(page(`<meta charset="windows-1251">`, "Лавров прибыл в Женеву",
			"Министр иностранных дел России прибыл в Женеву в пятницу для переговоров с американской делегацией.")),
			"Лавров прибыл в Женеву", "прибыл в Женеву"},
		{"utf-8 without a declaration", page("", "Talks in Genève", "The talks in Genève went on late into the night, officials said on Saturday."),
			"Talks in Genève", "talks in Genève"},
	}
	dir := t.TempDir()
	ad, err := NewAdder(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(dir, tt.name+".html")
			if err := os.WriteFile(file, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			r, err := ad.AddFile(file, time.Date(2025, 3, 1+i, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != Added {
				t.Fatalf("status %v (%s), want added", r.Status, r.File)
			}
			if r.Article.Headline != tt.headline || len(r.Article.Passages) == 0 || !strings.Contains(r.Article.Passages[0].Text, tt.text) {
				t.Errorf("headline %q, passages %+v; want %q and %q", r.Article.Headline, r.Article.Passages, tt.headline, tt.text)
			}
		})
	}
}
