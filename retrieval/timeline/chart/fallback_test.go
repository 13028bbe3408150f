package chart

import (
	"bytes"
	"image"
	"image/draw"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"

	"github.com/talkbot/talkbot/retrieval/timeline"
)

// needFont skips the test when the font file is absent (.ci/run installs it).
func needFont(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s is not installed (apt-get install fonts-droid-fallback fonts-nanum)", path)
	}
}

// render draws s with face on a white ground and returns the pixels.
func render(face font.Face, s string) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 120, 40))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.Black, Face: face, Dot: fixedPt(4, 30)}
	d.DrawString(s)
	return img.Pix
}

func blank(pix []byte) bool {
	for _, b := range pix {
		if b != 255 {
			return false
		}
	}
	return true
}

// TestFallbackDrawsCJK: a character the Go font lacks is drawn with the
// fallback font's own glyph, so two different characters give different
// pixels; the Go font alone draws the same "missing glyph" box for both.
func TestFallbackDrawsCJK(t *testing.T) {
	cases := []struct {
		name, font, a, b string
	}{
		{"Chinese", droidFallback, "中", "国"},
		{"Japanese", droidFallback, "ア", "の"},
		{"Korean", nanumGothic, "영", "국"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			needFont(t, c.font)
			f, err := newFaces(Options{search: []string{droidFallback, nanumGothic}})
			if err != nil {
				t.Fatal(err)
			}
			mixed := f.face(textSize, false)
			plain := mixed.(*mixedFace).primary
			if !bytes.Equal(render(plain, c.a), render(plain, c.b)) {
				t.Fatalf("the Go font draws %s and %s differently: they are no longer boxes, the test needs other characters", c.a, c.b)
			}
			ga, gb := render(mixed, c.a), render(mixed, c.b)
			if blank(ga) || bytes.Equal(ga, gb) {
				t.Fatalf("%s and %s draw the same pixels (blank: %v): boxes, not glyphs", c.a, c.b, blank(ga))
			}
			if bytes.Equal(ga, render(plain, c.a)) {
				t.Fatalf("%s is drawn as the Go font's box", c.a)
			}
			// Exactly the fallback font's own glyph.
			own, err := loadFont(c.font)
			if err != nil {
				t.Fatal(err)
			}
			face, err := opentype.NewFace(own, &opentype.FaceOptions{Size: textSize, DPI: 72, Hinting: font.HintingFull})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ga, render(face, c.a)) {
				t.Errorf("%s differs from the glyph of %s", c.a, c.font)
			}
			// Measuring makes the same choice as drawing.
			if got, want := font.MeasureString(mixed, c.a+c.b), font.MeasureString(face, c.a+c.b); got != want {
				t.Errorf("width of %s%s = %v, the fallback font says %v", c.a, c.b, got, want)
			}
			if w := f.fb.warning(); w != "" {
				t.Errorf("warning %q with every character drawn", w)
			}
		})
	}
}

// TestLatinUnchanged: text the Go font covers is measured and drawn as by
// the Go font alone, and no fallback font is even opened (the golden
// pictures of TestGoldenPNG check whole charts byte for byte).
func TestLatinUnchanged(t *testing.T) {
	f, err := newFaces(Options{search: []string{droidFallback}})
	if err != nil {
		t.Fatal(err)
	}
	const s = "Witkoff, Lavrov — “talks” in Riyadh, 18 Feb… AV To"
	for _, bold := range []bool{false, true} {
		mixed := f.face(textSize, bold)
		plain := mixed.(*mixedFace).primary
		if !bytes.Equal(render(mixed, s), render(plain, s)) {
			t.Errorf("bold %v: drawing differs from the Go font's", bold)
		}
		if a, b := font.MeasureString(mixed, s), font.MeasureString(plain, s); a != b {
			t.Errorf("bold %v: width %v, the Go font's %v", bold, a, b)
		}
	}
	if len(f.fb.fonts) != 0 {
		t.Errorf("a fallback font was opened for Latin text: %v", f.fb.from)
	}
}

func cjkEvents() []timeline.Event {
	a := article(1, "美俄在利雅得举行高级别会谈", "2025-02-19")
	return []timeline.Event{event("2025-02-18", "", timeline.Past, "美国和俄罗斯高级官员在沙特阿拉伯首都利雅得会谈", a)}
}

// TestFontWarnings: a picture with text no font can draw is still drawn,
// and Warn is told once, in one line, what to install or set.
func TestFontWarnings(t *testing.T) {
	dir := t.TempDir()
	notFont := filepath.Join(dir, "notes.ttf")
	if err := os.WriteFile(notFont, []byte("not a font at all\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.ttf")
	cases := []struct {
		name string
		o    Options
		want []string // in the warning; nil: no warning
	}{
		{"missing TALKBOT_FONT", Options{Font: missing}, []string{"TALKBOT_FONT", missing, "no such file"}},
		{"TALKBOT_FONT not a font", Options{Font: notFont}, []string{"TALKBOT_FONT", notFont, "not a TrueType or OpenType font"}},
		{"no font found", Options{search: []string{missing}}, []string{"Chinese, Japanese or Korean", "no font for it", "install fonts-droid-fallback", "TALKBOT_FONT"}},
		{"Latin only needs no font", Options{search: []string{}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var warnings []string
			c.o.Warn = func(w string) { warnings = append(warnings, w) }
			evs := cjkEvents()
			if c.want == nil {
				evs = []timeline.Event{event("2025-02-18", "", timeline.Past, "Rubio and Lavrov met in Riyadh", article(1, "Talks", "2025-02-19"))}
			}
			var buf bytes.Buffer
			if err := PNG(&buf, evs, c.o); err != nil || buf.Len() == 0 {
				t.Fatalf("no picture: %v", err)
			}
			if c.want == nil {
				if len(warnings) != 0 {
					t.Errorf("warnings %q", warnings)
				}
				return
			}
			if len(warnings) != 1 {
				t.Fatalf("%d warnings %q, want one", len(warnings), warnings)
			}
			w := warnings[0]
			if strings.Contains(w, "\n") {
				t.Errorf("warning is more than one line: %q", w)
			}
			for _, s := range c.want {
				if !strings.Contains(w, s) {
					t.Errorf("warning %q does not say %q", w, s)
				}
			}
		})
	}
}

// TestFallbackChart: a whole chart of Chinese text draws without a
// warning when the font is there, and its labels are laid out with the
// fallback font's widths.
func TestFallbackChart(t *testing.T) {
	needFont(t, droidFallback)
	var warnings []string
	o := Options{search: []string{droidFallback}, Warn: func(w string) { warnings = append(warnings, w) }}
	if _, err := Draw(cjkEvents(), o); err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings %q", warnings)
	}
	with, err := Plan(cjkEvents(), o)
	if err != nil {
		t.Fatal(err)
	}
	without, err := Plan(cjkEvents(), Options{search: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if with.Rows[0].Label == without.Rows[0].Label {
		t.Errorf("the label box %v is the same with and without the fallback font: widths are not measured with it", with.Rows[0].Label)
	}
}
