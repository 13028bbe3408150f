package retrieval

import (
	"bytes"
	"fmt"
)

// What BinaryKind names: a file's kind when its first bytes say it.
const (
	KindUTF16 = "UTF-16 text"
	KindGzip  = "gzip-compressed"
	KindZip   = "a zip archive"
	KindPDF   = "a PDF document"
)

// binarySignatures are the first bytes of the kinds of file most often
// given by mistake, and their names (as net/http's sniffing knows them,
// which the loader does without).
var binarySignatures = []struct {
	prefix, kind string
}{
	{"\xFE\xFF", KindUTF16},
	{"\xFF\xFE", KindUTF16},
	{"%PDF-", KindPDF},
	{"\x1F\x8B\x08", KindGzip},
	{"PK\x03\x04", KindZip},
	{"\x89PNG\r\n\x1A\n", "a PNG image"},
	{"\xFF\xD8\xFF", "a JPEG image"},
	{"GIF87a", "a GIF image"},
	{"GIF89a", "a GIF image"},
	{"BM", "a BMP image"},
	{"\x00\x00\x01\x00", "an ICO image"},
	{"\x00\x00\x02\x00", "an ICO image"}, // a cursor
}

// BinaryKind names what a file that is not text is, from its first bytes:
// KindUTF16, KindGzip, KindZip, KindPDF, or an image ("a PNG image");
// "" when they do not say. It does not judge whether the file is text:
// "BM" opens a bitmap, and a line of text too.
func BinaryKind(data []byte) string {
	if len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP" {
		return "a WEBP image"
	}
	for _, s := range binarySignatures {
		if bytes.HasPrefix(data, []byte(s.prefix)) {
			return s.kind
		}
	}
	return ""
}

// binaryError is ErrBinary for data, a file read as an article, saying
// what the file is (BinaryKind) and, when there is one, what to do:
// "file is binary, not text (UTF-16 text): save it as UTF-8".
func binaryError(data []byte) error {
	kind := BinaryKind(data)
	switch kind {
	case "":
		return ErrBinary
	case KindUTF16:
		return fmt.Errorf("%w (%s): save it as UTF-8", ErrBinary, kind)
	case KindGzip:
		return fmt.Errorf("%w (%s): decompress it (gunzip)", ErrBinary, kind)
	case KindZip:
		return fmt.Errorf("%w (%s): unpack it", ErrBinary, kind)
	case KindPDF:
		return fmt.Errorf("%w (%s): save the article as text", ErrBinary, kind)
	}
	return fmt.Errorf("%w (%s)", ErrBinary, kind)
}
