package retrieval

import (
	"errors"
	"testing"
)

// TestBinaryKind: the kinds of file named from their first bytes, for the
// loader's and add's reasons alike.
func TestBinaryKind(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"UTF-16 little-endian", "\xff\xfed\x00a\x00", KindUTF16},
		{"UTF-16 big-endian", "\xfe\xff\x00d\x00a", KindUTF16},
		{"PDF", "%PDF-1.7\n", KindPDF},
		{"gzip", "\x1f\x8b\x08\x00", KindGzip},
		{"zip", "PK\x03\x04\x14\x00", KindZip},
		{"PNG", "\x89PNG\r\n\x1a\n\x00\x00", "a PNG image"},
		{"JPEG", "\xff\xd8\xff\xe0", "a JPEG image"},
		{"GIF", "GIF89a\x01\x00", "a GIF image"},
		{"WEBP", "RIFF\x24\x00\x00\x00WEBPVP8 ", "a WEBP image"},
		{"BMP", "BM\x36\x00", "a BMP image"},
		{"ICO", "\x00\x00\x01\x00\x01\x00", "an ICO image"},
		{"an article", "date 2025-03-01 Envoys meet\n", ""},
		{"a RIFF that is no picture", "RIFF\x24\x00\x00\x00WAVEfmt ", ""},
		{"nothing", "", ""},
	}
	for _, tt := range tests {
		if got := BinaryKind([]byte(tt.data)); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestBinaryError: the loader's and add's reasons for a file that is not
// text come from one table, name the kind and what to do, in one line;
// add's also say what to add then.
func TestBinaryError(t *testing.T) {
	tests := []struct {
		name, data, load, add string
	}{
		{"UTF-16", "\xff\xfed\x00a\x00", "(UTF-16 text): save it as UTF-8", "(UTF-16 text): save it as UTF-8 and add it again"},
		{"gzip", "\x1f\x8b\x08\x00", "(gzip-compressed): decompress it (gunzip)", "(gzip-compressed): decompress it (gunzip) and add the file in it"},
		{"zip", "PK\x03\x04\x14\x00", "(a zip archive): unpack it", "(a zip archive): unpack it and add the files in it"},
		{"PDF", "%PDF-1.7\n", "(a PDF document): save the article as text (.txt)",
			"(a PDF document): save the article as a web page (.html) or text (.txt) and add that file"},
		{"PNG: no advice", "\x89PNG\r\n\x1a\n\x00\x00", "(a PNG image)", "(a PNG image)"},
		{"unknown: no kind", "\x00\x01\x02", "", ""},
	}
	for _, tt := range tests {
		for _, adding := range []bool{false, true} {
			want := tt.load
			if adding {
				want = tt.add
			}
			if want != "" {
				want = " " + want
			}
			err := BinaryError([]byte(tt.data), adding)
			if !errors.Is(err, ErrBinary) || err.Error() != ErrBinary.Error()+want {
				t.Errorf("%s, adding %v: %v, want %q", tt.name, adding, err, ErrBinary.Error()+want)
			}
		}
	}
}
