package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"sync"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/vector"

	"github.com/talkbot/talkbot/retrieval/timeline"
)

var (
	white    = color.RGBA{255, 255, 255, 255}
	ink      = color.RGBA{0x22, 0x22, 0x22, 255}
	gray     = color.RGBA{0x66, 0x66, 0x66, 255}
	rule     = color.RGBA{0xcc, 0xcc, 0xcc, 255}
	weekend  = color.RGBA{0xf1, 0xf1, 0xf1, 255}
	reported = color.RGBA{0x1f, 0x4e, 0x9c, 255} // blue
	planned  = color.RGBA{0xc2, 0x5a, 0x00, 255} // orange
	planFill = color.RGBA{0xfb, 0xe9, 0xd9, 255}
)

// fonts are the Go fonts, parsed once; an opentype.Font is safe for
// concurrent use, its faces are not.
var fonts = sync.OnceValues(func() ([2]*opentype.Font, error) {
	reg, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return [2]*opentype.Font{}, err
	}
	bold, err := opentype.Parse(gobold.TTF)
	return [2]*opentype.Font{reg, bold}, err
})

func newFaces(o Options) (*faces, error) {
	fs, err := fonts()
	if err != nil {
		return nil, fmt.Errorf("chart: fonts: %w", err)
	}
	fb := newFallback(o.Font, o.search)
	f := &faces{regular: map[float64]font.Face{}, bold: map[float64]font.Face{}, fb: fb}
	for _, size := range []float64{titleSize, textSize, axisSize, sourceSize, axisSize - 2} {
		for i, m := range []map[float64]font.Face{f.regular, f.bold} {
			if m[size] != nil {
				continue
			}
			face, err := opentype.NewFace(fs[i], &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
			if err != nil {
				return nil, fmt.Errorf("chart: font face: %w", err)
			}
			m[size] = newMixedFace(face, fs[i], size, fb)
		}
	}
	return f, nil
}

// Plan lays out the picture of events without drawing it.
func Plan(events []timeline.Event, o Options) (*Layout, error) {
	if len(events) == 0 {
		return nil, ErrNoEvents
	}
	f, err := newFaces(o)
	if err != nil {
		return nil, err
	}
	return layout(events, o, f), nil
}

// PNG draws the events and writes the picture as PNG. The same events and
// options give the same bytes. It fails with ErrNoEvents when there are
// none.
func PNG(w io.Writer, events []timeline.Event, o Options) error {
	img, err := Draw(events, o)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	// A paletted picture is a third of the bytes to filter and compress:
	// encoding is most of the time of a tall chart.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, paletted(img)); err != nil {
		return fmt.Errorf("chart: encode: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// Draw draws the events. Text the Go fonts lack is drawn with the fallback
// font (Options.Font, else a system font); what no font has is drawn as
// boxes and reported once through Options.Warn.
func Draw(events []timeline.Event, o Options) (*image.RGBA, error) {
	if len(events) == 0 {
		return nil, ErrNoEvents
	}
	f, err := newFaces(o)
	if err != nil {
		return nil, err
	}
	l := layout(events, o, f)
	p := &painter{img: image.NewRGBA(image.Rect(0, 0, l.W, l.H)), f: f}
	draw.Draw(p.img, p.img.Bounds(), image.NewUniform(white), image.Point{}, draw.Src)
	p.header(l)
	for _, a := range l.Axes {
		p.axis(l, a)
	}
	// Leader lines first, so labels drawn later stay on top.
	for _, r := range l.Rows {
		if !r.Bar {
			p.vline(int(r.FX0), l.AxisY+2, r.FeatureY, rule)
		} else {
			p.vline(int(r.FX0), l.AxisY+2, r.FeatureY, rule)
			p.vline(int(r.FX1), l.AxisY+2, r.FeatureY, rule)
		}
	}
	for _, r := range l.Rows {
		p.row(r)
	}
	p.sources(l)
	if w := f.fb.warning(); w != "" && o.Warn != nil {
		o.Warn(w)
	}
	return p.img, nil
}

type painter struct {
	img *image.RGBA
	f   *faces
}

func (p *painter) rect(r image.Rectangle, c color.Color) {
	draw.Draw(p.img, r, image.NewUniform(c), image.Point{}, draw.Over)
}

func (p *painter) vline(x, y0, y1 int, c color.Color) {
	if y1 < y0 {
		y0, y1 = y1, y0
	}
	p.rect(image.Rect(x, y0, x+1, y1), c)
}

func (p *painter) text(s string, x, y int, size float64, bold bool, c color.Color) {
	d := font.Drawer{Dst: p.img, Src: image.NewUniform(c), Face: p.f.face(size, bold), Dot: fixedPt(x, y)}
	d.DrawString(s)
}

// circle fills a disc, anti-aliased.
func (p *painter) circle(cx, cy, r float64, c color.Color) {
	x0, y0 := int(math.Floor(cx-r))-1, int(math.Floor(cy-r))-1
	x1, y1 := int(math.Ceil(cx+r))+1, int(math.Ceil(cy+r))+1
	z := vector.NewRasterizer(x1-x0, y1-y0)
	lx, ly := float32(cx-float64(x0)), float32(cy-float64(y0))
	rr := float32(r)
	const k = 0.5522847 // cubic Bézier approximation of a quarter circle
	z.MoveTo(lx+rr, ly)
	z.CubeTo(lx+rr, ly+k*rr, lx+k*rr, ly+rr, lx, ly+rr)
	z.CubeTo(lx-k*rr, ly+rr, lx-rr, ly+k*rr, lx-rr, ly)
	z.CubeTo(lx-rr, ly-k*rr, lx-k*rr, ly-rr, lx, ly-rr)
	z.CubeTo(lx+k*rr, ly-rr, lx+rr, ly-k*rr, lx+rr, ly)
	z.ClosePath()
	z.Draw(p.img, image.Rect(x0, y0, x1, y1), image.NewUniform(c), image.Point{})
}

// marker draws the tense marker: a filled disc for reported events, a ring
// for planned ones.
func (p *painter) marker(cx, cy, r float64, isPlanned bool) {
	if isPlanned {
		p.circle(cx, cy, r, planned)
		p.circle(cx, cy, r-math.Max(2.5, r/3.5), white)
		return
	}
	p.circle(cx, cy, r, reported)
}

// bar draws a range: solid for reported, a dashed outline for planned.
func (p *painter) bar(x0, x1, cy int, isPlanned bool) {
	r := image.Rect(x0, cy-barH/2, max(x1, x0+4), cy+barH/2)
	if !isPlanned {
		p.rect(r, reported)
		return
	}
	p.rect(r, planFill)
	const dash, gap, t = 10, 6, 2
	for x := r.Min.X; x < r.Max.X; x += dash + gap {
		e := min(x+dash, r.Max.X)
		p.rect(image.Rect(x, r.Min.Y, e, r.Min.Y+t), planned)
		p.rect(image.Rect(x, r.Max.Y-t, e, r.Max.Y), planned)
	}
	p.rect(image.Rect(r.Min.X, r.Min.Y, r.Min.X+t, r.Max.Y), planned)
	p.rect(image.Rect(r.Max.X-t, r.Min.Y, r.Max.X, r.Max.Y), planned)
}

// arrow marks a range that runs past the end of the axis.
func (p *painter) arrow(x, cy int, left bool, c color.Color) {
	for i := 0; i < 9; i++ {
		h := 9 - i
		xi := x + i
		if left {
			xi = x - i
		}
		p.rect(image.Rect(xi, cy-h, xi+1, cy+h), c)
	}
}

func (p *painter) header(l *Layout) {
	for i, line := range l.TitleLines {
		p.text(line, margin, l.TitleY+i*lineH(titleSize), titleSize, true, ink)
	}
	p.text(l.Subtitle, margin, l.TitleY+(len(l.TitleLines)-1)*lineH(titleSize)+lineH(axisSize)+8, axisSize, false, gray)
	// Legend: marker or bar, then its meaning.
	x, y := margin, l.LegendY
	cy := float64(y - axisSize/3)
	item := func(drawIt func(x int), w int, label string) {
		drawIt(x)
		x += w + 8
		p.text(label, x, y, axisSize, false, ink)
		x += p.f.width(label, axisSize, false) + 28
	}
	item(func(x int) { p.marker(float64(x+9), cy, 9, false) }, 18, "reported")
	item(func(x int) { p.marker(float64(x+9), cy, 9, true) }, 18, "planned")
	item(func(x int) { p.bar(x, x+44, int(cy), false) }, 44, "range, reported")
	item(func(x int) { p.bar(x, x+44, int(cy), true) }, 44, "range, planned")
	item(func(x int) { p.text("[n]", x, y, axisSize, true, ink) }, p.f.width("[n]", axisSize, true), "source, listed below")
}

// axis draws a day axis as the layout placed it (see Axis): weekends
// shaded where each day is wide enough to see it, the line and its ticks,
// the month lines, the day numbers and weekday initials, the months.
func (p *painter) axis(l *Layout, a Axis) {
	dw, y := l.dayW(), a.Y
	lh := lineH(axisSize)
	if dw >= 6 {
		for i, t := range a.Ticks {
			if t.Day.Weekday() == time.Saturday || t.Day.Weekday() == time.Sunday {
				x0, x1 := l.dayLeft(i), l.dayLeft(i+1)
				r := image.Rect(x0, y-lh-lh/2, x1, y)
				if !a.Top {
					r = image.Rect(x0, y, x1, y+2*lh+6)
				}
				p.rect(r, weekend)
			}
		}
	}
	p.rect(image.Rect(int(l.X0), y, int(l.X1), y+2), ink)
	for _, t := range a.Ticks {
		th := 3
		if t.Labelled {
			th = 6
		}
		if a.Top {
			p.rect(image.Rect(t.X, y-th, t.X+1, y), ink)
		} else {
			p.rect(image.Rect(t.X, y+2, t.X+1, y+2+th), ink)
		}
	}
	for _, r := range a.Rules {
		p.rect(r, ink)
	}
	for _, lb := range a.Days {
		p.text(lb.Text, lb.X, lb.Y, lb.Size, lb.Bold, ink)
	}
	for _, lb := range a.Weekdays {
		p.text(lb.Text, lb.X, lb.Y, lb.Size, lb.Bold, gray)
	}
	for _, lb := range a.Months {
		p.text(lb.Text, lb.X, lb.Y, lb.Size, lb.Bold, ink)
	}
}

func (p *painter) row(r Row) {
	color := reported
	if r.Planned {
		color = planned
	}
	if r.Bar {
		p.bar(int(r.FX0), int(r.FX1), r.FeatureY, r.Planned)
		if r.ClipL {
			p.arrow(int(r.FX0)-2, r.FeatureY, true, color)
		}
		if r.ClipR {
			p.arrow(int(r.FX1)+2, r.FeatureY, false, color)
		}
	} else {
		p.marker(r.FX0, float64(r.FeatureY), markerR, r.Planned)
	}
	// The label on a white ground, so leader lines pass behind it.
	p.rect(r.Label, white)
	h := r.Heading
	p.text(h.Text, h.X, h.Y, h.Size, true, ink)
	for _, ln := range r.EventLines {
		if ln.Bullet {
			rad := h.Size * 0.22
			p.marker(float64(ln.X)-h.Size*0.45, float64(ln.Y)-h.Size*0.33, rad, ln.Planned)
		}
		p.text(ln.Text, ln.X, ln.Y, ln.Size, false, ink)
	}
}

func (p *painter) sources(l *Layout) {
	p.rect(image.Rect(margin, l.RuleY, Width-margin, l.RuleY+1), rule)
	p.text("Sources", margin, l.SourcesY, sourceSize, true, ink)
	for _, ln := range l.SourceLines {
		p.text(ln.Text, ln.X, ln.Y, ln.Size, false, ink)
	}
}

// palette holds the chart's colours and the blends anti-aliasing makes of
// each ink over each ground, in a fixed order so the bytes are
// deterministic.
func palette() color.Palette {
	p := color.Palette{white}
	grounds := []color.RGBA{white, weekend, planFill}
	inks := []color.RGBA{ink, gray, rule, reported, planned, weekend, planFill}
	const levels = 11
	for _, g := range grounds {
		for _, c := range inks {
			if c == g {
				continue
			}
			for k := 1; k <= levels; k++ {
				a := float64(k) / levels
				mix := func(x, y uint8) uint8 { return uint8(float64(x)*a + float64(y)*(1-a) + 0.5) }
				p = append(p, color.RGBA{mix(c.R, g.R), mix(c.G, g.G), mix(c.B, g.B), 255})
			}
		}
	}
	return p[:min(len(p), 256)]
}

// paletted maps the picture onto the palette, each colour to its nearest
// entry. White, most of the picture, is index 0 without a lookup.
func paletted(img *image.RGBA) *image.Paletted {
	pal := palette()
	out := image.NewPaletted(img.Bounds(), pal)
	cache := map[uint32]uint8{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		src := img.Pix[img.PixOffset(b.Min.X, y):]
		dst := out.Pix[out.PixOffset(b.Min.X, y):]
		for x := 0; x < b.Dx(); x++ {
			r, g, bl := src[4*x], src[4*x+1], src[4*x+2]
			if r == 255 && g == 255 && bl == 255 {
				dst[x] = 0
				continue
			}
			key := uint32(r)<<16 | uint32(g)<<8 | uint32(bl)
			i, ok := cache[key]
			if !ok {
				i = uint8(pal.Index(color.RGBA{r, g, bl, 255}))
				cache[key] = i
			}
			dst[x] = i
		}
	}
	return out
}
