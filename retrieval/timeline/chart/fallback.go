package chart

import (
	"bytes"
	"fmt"
	"image"
	"os"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/talkbot/talkbot/retrieval"
)

// FontEnv names the setting with the path of the fallback font: the font
// for the characters the Go fonts lack (Chinese, Japanese, Korean).
const FontEnv = "TALKBOT_FONT"

const (
	droidFallback = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
	nanumGothic   = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
)

// systemFonts are where Debian, Ubuntu, Alpine, Fedora and macOS keep fonts
// with Chinese, Japanese and Korean glyphs. Plain TrueType files come first:
// sfnt reads them whole, while it refuses some collections (WenQuanYi Micro
// Hei's tables are not four-byte aligned) and some CFF fonts.
var systemFonts = []string{
	droidFallback, // Debian, Ubuntu: fonts-droid-fallback (Chinese, Japanese, a little Korean)
	nanumGothic,   // Debian, Ubuntu: fonts-nanum (Korean)
	"/usr/share/fonts/droid/DroidSansFallbackFull.ttf",                   // Alpine: font-droid-nonlatin
	"/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf", // Fedora
	"/usr/share/fonts/nanum/NanumGothic.ttf",                             // Alpine, Fedora
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",                       // fonts-wqy-zenhei
	"/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",               // Alpine: font-wqy-zenhei
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",             // Debian, Ubuntu: fonts-noto-cjk
	"/usr/share/fonts/noto/NotoSansCJK-Regular.ttc",                      // Alpine: font-noto-cjk
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",                     // fonts-wqy-microhei
	"/System/Library/Fonts/Supplemental/Arial Unicode.ttf",               // macOS
	"/Library/Fonts/Arial Unicode.ttf",                                   // older macOS
	"/System/Library/Fonts/AppleSDGothicNeo.ttc",                         // macOS, Korean
	"/System/Library/Fonts/STHeiti Medium.ttc",                           // macOS, Chinese
}

// loadedFont is one font file, read and parsed at most once per process.
type loadedFont struct {
	once sync.Once
	f    *sfnt.Font
	err  error
}

// fontFiles caches parsed fallback fonts by path: a font of several
// megabytes is parsed once, not per picture. An sfnt.Font is safe for
// concurrent use.
var fontFiles sync.Map // path → *loadedFont

func loadFont(path string) (*sfnt.Font, error) {
	v, _ := fontFiles.LoadOrStore(path, &loadedFont{})
	lf := v.(*loadedFont)
	lf.once.Do(func() { lf.f, lf.err = parseFontFile(path) })
	return lf.f, lf.err
}

// parseFontFile parses a TrueType or OpenType file, or the first font of a
// collection (.ttc).
func parseFontFile(path string) (*sfnt.Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if bytes.HasPrefix(data, []byte("ttcf")) {
		c, err := opentype.ParseCollection(data)
		if err != nil {
			return nil, fmt.Errorf("%s is not a font collection sfnt can read: %w", path, err)
		}
		f, err := c.Font(0)
		if err != nil {
			return nil, fmt.Errorf("%s: first font of the collection: %w", path, err)
		}
		return f, nil
	}
	f, err := opentype.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s is not a TrueType or OpenType font: %w", path, err)
	}
	return f, nil
}

// fallback finds, only when a label needs it, the fonts for runes the Go
// fonts lack, and remembers what could not be drawn for the warning. Each
// rune takes the first font that has it: Droid Sans Fallback, for one,
// lacks most Korean syllables, which Nanum Gothic has.
type fallback struct {
	paths []string // the setting alone, or the system places

	fonts   []*sfnt.Font // loaded so far, in the order of paths; nil: unusable
	from    []string
	err     error // why the set path is unusable
	set     bool  // paths is the setting
	buf     sfnt.Buffer
	which   map[rune]int // rune → index into fonts; -1: none has it
	missing rune         // the first rune no font had; 0: none
}

func newFallback(path string, search []string) *fallback {
	fb := &fallback{which: map[rune]int{}}
	switch {
	case path != "":
		// The setting is what the user asked for: a broken one is
		// reported, not silently replaced by another font.
		fb.paths, fb.set = []string{path}, true
	case search != nil:
		fb.paths = search
	default:
		fb.paths = systemFonts
	}
	return fb
}

// font returns the i-th font of the chain, loading it on first use; nil
// when it is unusable or i is past the end.
func (fb *fallback) font(i int) *sfnt.Font {
	for len(fb.fonts) <= i && len(fb.fonts) < len(fb.paths) {
		p := fb.paths[len(fb.fonts)]
		f, err := loadFont(p)
		if err != nil && fb.set {
			fb.err = err
		}
		fb.fonts = append(fb.fonts, f)
		fb.from = append(fb.from, p)
	}
	if i < len(fb.fonts) {
		return fb.fonts[i]
	}
	return nil
}

// find returns the index of the first font that has r, or -1, noting the
// first rune no font has.
func (fb *fallback) find(r rune) int {
	if i, ok := fb.which[r]; ok {
		return i
	}
	found := -1
	for i := range fb.paths {
		f := fb.font(i)
		if f == nil {
			continue
		}
		if g, err := f.GlyphIndex(&fb.buf, r); err == nil && g != 0 {
			found = i
			break
		}
	}
	fb.which[r] = found
	if found < 0 && fb.missing == 0 {
		fb.missing = r
	}
	return found
}

// loaded lists the fallback fonts that could be read.
func (fb *fallback) loaded() []string {
	var out []string
	for i, f := range fb.fonts {
		if f != nil {
			out = append(out, fb.from[i])
		}
	}
	return out
}

// warning says what the picture lacks and what to do, in one line; ""
// when every character was drawn.
func (fb *fallback) warning() string {
	if fb.missing == 0 {
		return ""
	}
	what := fmt.Sprintf("characters no font here has (%q)", fb.missing)
	if isCJK(fb.missing) {
		what = fmt.Sprintf("Chinese, Japanese or Korean text (%q)", fb.missing)
	}
	switch have := fb.loaded(); {
	case fb.err != nil:
		return fmt.Sprintf("the picture has %s but %s is unusable (%v): it is drawn as boxes; set %s to a TrueType font that has it, e.g. %s", what, FontEnv, fb.err, FontEnv, droidFallback)
	case len(have) > 0:
		return fmt.Sprintf("the picture has %s that the fonts found lack (%s): it is drawn as boxes; install fonts-droid-fallback and fonts-nanum or set %s to a font that has it", what, strings.Join(have, ", "), FontEnv)
	}
	return fmt.Sprintf("the picture has %s but no font for it: install fonts-droid-fallback and fonts-nanum or set %s to a font that has it", what, FontEnv)
}

// isCJK reports whether r is text the CJK fonts draw: the letters and
// punctuation of retrieval's script test, and Bopomofo, which only a font
// needs to know (Chinese phonetic annotation, not words the index reads).
func isCJK(r rune) bool {
	return retrieval.IsCJK(r) || retrieval.IsCJKPunct(r) || unicode.Is(unicode.Bopomofo, r)
}

// mixedFace draws each rune with the Go font when it has the glyph and with
// the fallback font otherwise, so measuring and drawing make the same
// choice. Text the Go font covers is drawn exactly as by the Go face alone.
// Like the faces it wraps, it is not safe for concurrent use.
type mixedFace struct {
	primary font.Face
	pfont   *sfnt.Font
	buf     sfnt.Buffer
	size    float64
	fb      *fallback
	second  map[int]font.Face // fallback faces by font index, made on first use
	covered map[rune]bool
}

func newMixedFace(primary font.Face, pfont *sfnt.Font, size float64, fb *fallback) *mixedFace {
	return &mixedFace{primary: primary, pfont: pfont, size: size, fb: fb, covered: map[rune]bool{}, second: map[int]font.Face{}}
}

// pick returns the face to draw r with.
func (m *mixedFace) pick(r rune) font.Face {
	if m.inPrimary(r) {
		return m.primary
	}
	if f := m.fallbackFace(r); f != nil {
		return f
	}
	return m.primary // its "missing glyph" box
}

func (m *mixedFace) inPrimary(r rune) bool {
	if ok, seen := m.covered[r]; seen {
		return ok
	}
	i, err := m.pfont.GlyphIndex(&m.buf, r)
	ok := err == nil && i != 0
	m.covered[r] = ok
	return ok
}

func (m *mixedFace) fallbackFace(r rune) font.Face {
	i := m.fb.find(r)
	if i < 0 {
		return nil
	}
	if face, ok := m.second[i]; ok {
		return face
	}
	face, err := opentype.NewFace(m.fb.font(i), &opentype.FaceOptions{Size: m.size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		face = nil
	}
	m.second[i] = face
	return face
}

func (m *mixedFace) Close() error {
	for _, f := range m.second {
		if f != nil {
			f.Close()
		}
	}
	return m.primary.Close()
}

func (m *mixedFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	return m.pick(r).Glyph(dot, r)
}

func (m *mixedFace) GlyphBounds(r rune) (fixed.Rectangle26_6, fixed.Int26_6, bool) {
	return m.pick(r).GlyphBounds(r)
}

func (m *mixedFace) GlyphAdvance(r rune) (fixed.Int26_6, bool) {
	return m.pick(r).GlyphAdvance(r)
}

// Kern kerns pairs within the Go font only: there is no kerning across two
// fonts.
func (m *mixedFace) Kern(r0, r1 rune) fixed.Int26_6 {
	if m.inPrimary(r0) && m.inPrimary(r1) {
		return m.primary.Kern(r0, r1)
	}
	return 0
}

func (m *mixedFace) Metrics() font.Metrics { return m.primary.Metrics() }
