package ingest

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/talkbot/talkbot/retrieval"
)

// pngWithText is a PNG picture whose comment chunk holds text, as a
// real one may: the page extractor, given it as HTML, found a headline and
// paragraphs in it and stored them as an article.
func pngWithText(text string) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(kind)
		b.Write(data)
		b.Write([]byte{0, 0, 0, 0}) // CRC: not checked by anyone here
	}
	chunk("IHDR", []byte{0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0})
	chunk("tEXt", append([]byte("Comment\x00"), text...))
	chunk("IEND", nil)
	return b.Bytes()
}

func TestAddFileRefusesBinary(t *testing.T) {
	page := pageHTML("Envoys meet in Riyadh", "2025-03-01",
		strings.Repeat("US and Russian envoys met in Riyadh on Tuesday to discuss ending the war, officials said. ", 5))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(page))
	zw.Close()
	var zipped bytes.Buffer
	zpw := zip.NewWriter(&zipped)
	w, _ := zpw.Create("page.html")
	w.Write([]byte(page))
	zpw.Close()
	var utf16le bytes.Buffer
	utf16le.WriteString("\xff\xfe")
	for _, u := range utf16.Encode([]rune(page)) {
		binary.Write(&utf16le, binary.LittleEndian, u)
	}

	tests := []struct {
		name string
		data []byte
		want string // the whole error; "" when the file is added
	}{
		{"png.html", pngWithText(page), "file is binary, not text (a PNG image)"},
		{"png.txt", pngWithText("date 2025-03-01 Envoys meet\n\nText.\n"), "file is binary, not text (a PNG image)"},
		{"page.html.gz.html", gz.Bytes(), "file is binary, not text (gzip-compressed): decompress it (gunzip) and add the file in it"},
		{"zip.html", zipped.Bytes(), "file is binary, not text (a zip archive): unpack it and add the files in it"},
		{"doc.html", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + page), "file is binary, not text (a PDF document): save the article as a web page (.html) or text (.txt) and add that file"},
		{"utf16.html", utf16le.Bytes(), "file is binary, not text (UTF-16 text): save it as UTF-8 and add it again"},
		{"nul.html", []byte("<html>\x00\x01\x02" + page), "file is binary, not text"},
		// Text stays text: a page, and one whose first bytes are a
		// bitmap's signature ("BM") but which holds no control bytes.
		{"page.html", []byte(page), ""},
		{"bm.txt", []byte("BM date 2025-03-01 x\n"), `not an article file: first line is not "date YYYY-MM-DD <headline>"`},
	}
	src := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			ad, err := NewAdder(dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(src, tt.name)
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = ad.AddFile(path, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("error %q, want %q", got, tt.want)
			}
			if strings.Contains(tt.want, "binary") {
				if !errors.Is(err, retrieval.ErrBinary) {
					t.Errorf("%v is not retrieval.ErrBinary", err)
				}
				if files := listTxt(t, dir); len(files) != 0 {
					t.Errorf("stored %v", files)
				}
			}
		})
	}
}
