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

// binaryAdvice is what to do with a file of a kind BinaryKind names that
// was given as an article, the one place both the corpus loader and add
// (ingest) take it from. A kind missing here has no advice: give another
// file.
var binaryAdvice = map[string]struct {
	fix  string // what to do with the file
	page string // fix for add, which takes a web page too; "": fix
	then string // what add is given afterwards
}{
	KindUTF16: {fix: "save it as UTF-8", then: "it again"},
	KindGzip:  {fix: "decompress it (gunzip)", then: "the file in it"},
	KindZip:   {fix: "unpack it", then: "the files in it"},
	KindPDF:   {fix: "save the article as text (.txt)", page: "save the article as a web page (.html) or text (.txt)", then: "that file"},
}

// BinaryError is ErrBinary for data, a file given as an article that is
// not text, saying what the file is (BinaryKind) and, when there is one,
// what to do (binaryAdvice), in one line: "file is binary, not text
// (UTF-16 text): save it as UTF-8". adding is true for a file given to
// add, whose advice allows a web page where one will do and ends with
// what to add then ("... and add it again").
func BinaryError(data []byte, adding bool) error {
	kind := BinaryKind(data)
	if kind == "" {
		return ErrBinary
	}
	adv, ok := binaryAdvice[kind]
	switch {
	case !ok:
		return fmt.Errorf("%w (%s)", ErrBinary, kind)
	case !adding:
		return fmt.Errorf("%w (%s): %s", ErrBinary, kind, adv.fix)
	case adv.page != "":
		adv.fix = adv.page
	}
	return fmt.Errorf("%w (%s): %s and add %s", ErrBinary, kind, adv.fix, adv.then)
}
