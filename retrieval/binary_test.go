package retrieval

import "testing"

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
