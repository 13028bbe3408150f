// Package chart draws a timeline as a picture: days on a horizontal axis,
// one row per day or span with its marker or bar and a label naming its
// events and their citations, and the numbered sources below.
//
// The layout is computed first (boxes in pixels, see Layout) and then
// painted, so tests can check the geometry (no label overlaps another)
// without reading pixels.
package chart

import (
	"errors"
	"fmt"
	"image"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

// ErrNoEvents is returned for an empty list of events: there is nothing to
// draw, and an empty picture would look like a failure.
var ErrNoEvents = errors.New("no events to draw")

// Options are what the caller says about the picture.
type Options struct {
	// Title heads the picture; "Timeline" when empty. Callers put the
	// filter here ("Timeline: Lavrov, 18 Feb – 2 Mar 2025").
	Title string
	// Font is the path of the font for the characters the Go fonts lack
	// (Chinese, Japanese, Korean: TALKBOT_FONT); empty looks for one in
	// the usual system places.
	Font string
	// Warn, when set, is told in one line of text no font could draw; the
	// picture is drawn all the same.
	Warn func(string)
	// From and To, when set, are the first and last day the events were
	// filtered to: the axis runs past neither (it would show days the
	// filter left out), though never so as to leave out a day's event; a
	// range reaching past them is cut with an arrow.
	From, To time.Time

	search []string // the system places; nil: systemFonts (tests set it)
}

// Geometry, in pixels of the picture on disk. Discord shows pictures about
// 550 px wide, so a 1,200 px picture is halved: text needs to be about twice
// the size it would be on screen.
const (
	Width        = 1200
	margin       = 36
	labelMaxW    = 560 // the widest label block
	labelGap     = 14  // between a marker or bar and its label
	rowGap       = 12  // between rows
	markerR      = 11  // marker radius
	barH         = 16  // range bar height
	maxLabelLn   = 3   // lines of one event's label
	padX, padY   = 6, 3
	shortWords   = 12  // words of an event's short description, at most
	shortChars   = 90  // and characters
	maxSpanDay   = 14  // longer ranges (a month, a year) do not stretch the axis
	footAxisRows = 12  // more rows than this repeat the axis at the foot
	minAxisDays  = 7   // the shortest axis: a week
	lineFactor   = 1.3 // line height over font size
)

// Font sizes, in pixels.
const (
	titleSize  = 38
	textSize   = 26
	axisSize   = 22
	sourceSize = 22
)

// Layout is the geometry of one picture.
type Layout struct {
	W, H int
	// The plot: axis days from First to Last, drawn between X0 and X1;
	// the axis line at AxisY, rows below it down to PlotY1.
	First, Last time.Time
	X0, X1      float64
	AxisY       int
	// Axes are the axis at AxisY and, for a tall plot, the same again at
	// its foot (Top false): ticks, labels and month lines placed.
	Axes    []Axis
	PlotY1  int
	Rows    []Row
	Sources []Source
	// Text blocks above and below the plot.
	Title, Subtitle string
	TitleLines      []string // the title wrapped to the width, at most two lines
	TitleY          int      // the first title line's baseline
	LegendY         int
	SourcesY        int
	RuleY           int    // the rule above the sources
	SourceLines     []Line // wrapped, with their baselines
}

// Row is one day or span of the timeline: its marker or bar and its label.
type Row struct {
	Y0, Y1     int     // the band the row occupies
	FeatureY   int     // centre line of the marker or bar
	FX0, FX1   float64 // the marker's centre (FX0 == FX1) or the bar's ends
	Bar        bool
	Planned    bool // every event planned: hollow marker, dashed bar
	ClipL      bool // the range starts before the axis
	ClipR      bool // the range ends after it
	Label      image.Rectangle
	Heading    Line
	EventLines []Line
}

// Line is one line of text placed in the picture.
type Line struct {
	Text     string
	X, Y     int  // the left end of the baseline
	Bold     bool // headings
	Bullet   bool // the first line of an event: a tense marker before it
	Planned  bool
	Size     float64
	Gray     bool
	Indented bool
}

// Source is a numbered article of the footer.
type Source struct {
	N                         int
	Headline, Publisher, Date string // Publisher is "" when unknown
}

// line is the footer's text for the source, in the shape of the Discord
// embed beside the picture: "[1] Headline — Publisher, 26 Feb 2025", the
// publisher left out when unknown.
func (s Source) line() string {
	meta := s.Date
	if s.Publisher != "" {
		meta = s.Publisher + ", " + meta
	}
	return fmt.Sprintf("[%d] %s — %s", s.N, s.Headline, meta)
}

// faces are the measuring and drawing faces of one render: font.Face is not
// safe for concurrent use, so each render opens its own.
type faces struct {
	regular, bold map[float64]font.Face
	fb            *fallback // shared by the faces of one render
}

func (f *faces) face(size float64, bold bool) font.Face {
	if bold {
		return f.bold[size]
	}
	return f.regular[size]
}

func (f *faces) width(s string, size float64, bold bool) int {
	return font.MeasureString(f.face(size, bold), s).Ceil()
}

func lineH(size float64) int { return int(size*lineFactor + 0.5) }

// layout places everything. events must not be empty.
func layout(events []timeline.Event, o Options, f *faces) *Layout {
	l := &Layout{W: Width}
	l.Title = o.Title
	if l.Title == "" {
		l.Title = "Timeline"
	}
	groups := timeline.Grouped(events)
	l.Subtitle = fmt.Sprintf("%d %s on %d %s · dates as reported by the articles",
		len(events), retrieval.Plural(len(events), "event", "events"), len(groups), retrieval.Plural(len(groups), "day or span", "days or spans"))

	// Sources, numbered per article in order of first use.
	var nums timeline.Numbers

	// The axis covers the days of the events, less long ranges ("earlier
	// this year"), which would squeeze every day into a pixel; those are
	// drawn clipped.
	l.First, l.Last = axisDays(events)
	l.First, l.Last = clampAxis(events, l.First, l.Last, o.From, o.To)
	l.X0, l.X1 = margin, float64(Width-margin)

	y := margin
	l.TitleY = y + titleSize
	// A long topic wraps the title rather than running off the picture.
	l.TitleLines = wrap(l.Title, Width-2*margin, 2, func(s string) int { return f.width(s, titleSize, true) })
	y += len(l.TitleLines)*lineH(titleSize) + lineH(axisSize) + 4 // title and subtitle
	l.LegendY = y + axisSize
	y += lineH(axisSize) + 18
	// Month, day and weekday rows above the axis line.
	y += lineH(axisSize)*3 + 4
	l.AxisY = y
	y += 18

	for _, g := range groups {
		r := Row{}
		first := g.Events[0]
		r.Planned = true
		for _, e := range g.Events {
			if e.Tense != timeline.Planned {
				r.Planned = false
			}
		}
		if first.End.IsZero() {
			r.FX0 = l.dayX(first.Date)
			r.FX1 = r.FX0
		} else {
			r.Bar = true
			start, end := first.Date, first.End
			// A range running past the axis is cut at its end and marked
			// with an arrow; one lying wholly outside it is a stub there.
			if start.Before(l.First) {
				start, r.ClipL = l.First, true
			}
			if end.After(l.Last) {
				end, r.ClipR = l.Last, true
			}
			if end.Before(start) {
				if r.ClipL {
					end = start
				} else {
					start = end
				}
			}
			half := l.dayW() / 2
			r.FX0, r.FX1 = l.dayX(start)-half+1, l.dayX(end)+half-1
		}
		// The label: the heading, then each event's short description and
		// citations, wrapped.
		hText := g.Heading
		lines := []Line{{Text: hText, Bold: true, Size: textSize}}
		bw := f.width(hText, textSize, true)
		bullet := textSize * 0.8 // room for the tense marker before a line
		for _, e := range g.Events {
			text := short(e.Line()) + " " + citeText(nums.Cite(e))
			wrapped := wrap(text, labelMaxW-2*padX-int(bullet), maxLabelLn, func(s string) int { return f.width(s, textSize, false) })
			for i, w := range wrapped {
				lines = append(lines, Line{Text: w, Size: textSize, Bullet: i == 0, Planned: e.Tense == timeline.Planned, Indented: true})
				bw = max(bw, int(bullet)+f.width(w, textSize, false))
			}
		}
		bw += 2 * padX
		bh := len(lines)*lineH(textSize) + 2*padY
		// Beside the marker or bar where there is room, right first; else
		// below it.
		fl, fr := int(r.FX0), int(r.FX1+0.5)
		if !r.Bar {
			fl, fr = fl-markerR, fr+markerR
		}
		var lx, ly int
		head := lineH(textSize)/2 + padY // the heading's middle, from the label top
		switch {
		case fr+labelGap+bw <= Width-margin/2:
			lx, ly = fr+labelGap, y
			r.FeatureY = y + head
		case fl-labelGap-bw >= margin/2:
			lx, ly = fl-labelGap-bw, y
			r.FeatureY = y + head
		default:
			r.FeatureY = y + markerR + 2
			lx = min(max(fl, margin/2), Width-margin/2-bw)
			ly = r.FeatureY + markerR + 6
		}
		r.Y0 = y
		r.Label = image.Rect(lx, ly, lx+bw, ly+bh)
		ty := ly + padY
		for i := range lines {
			lines[i].X = lx + padX
			if lines[i].Indented {
				lines[i].X += int(bullet)
			}
			lines[i].Y = ty + int(textSize*1.0)
			ty += lineH(textSize)
		}
		r.Heading, r.EventLines = lines[0], lines[1:]
		r.Y1 = max(r.Label.Max.Y, r.FeatureY+markerR)
		y = r.Y1 + rowGap
		l.Rows = append(l.Rows, r)
	}
	l.PlotY1 = y
	l.Axes = append(l.Axes, l.layoutAxis(f, l.AxisY, true))
	if len(l.Rows) > footAxisRows {
		l.Axes = append(l.Axes, l.layoutAxis(f, y+4, false))
		y += 3*lineH(axisSize) + 10
	}
	y += 24
	l.RuleY = y - 12

	// The sources: numbered, wrapped to the width. An unknown publisher
	// is left out, never replaced by the file name, which says nothing to
	// a reader.
	for i, a := range nums.Articles {
		l.Sources = append(l.Sources, Source{N: i + 1, Headline: a.Headline, Publisher: a.Publisher, Date: a.Date.Format("2 Jan 2006")})
	}
	l.SourcesY = y + sourceSize
	y += lineH(sourceSize) + 6
	for _, s := range l.Sources {
		text := s.line()
		for i, w := range wrap(text, Width-2*margin-24, 4, func(s string) int { return f.width(s, sourceSize, false) }) {
			x := margin
			if i > 0 {
				x += 24
			}
			l.SourceLines = append(l.SourceLines, Line{Text: w, X: x, Y: y + sourceSize, Size: sourceSize})
			y += lineH(sourceSize)
		}
	}
	l.H = y + margin
	return l
}

// axisDays returns the first and last day of the axis: the span of the
// events' days, less ranges longer than maxSpanDay (unless there are only
// such), with a day to spare on each side.
func axisDays(events []timeline.Event) (time.Time, time.Time) {
	var first, last time.Time
	take := func(long bool) {
		for _, e := range events {
			if !long && e.Last().Sub(e.Date) > maxSpanDay*24*time.Hour {
				continue
			}
			if first.IsZero() || e.Date.Before(first) {
				first = e.Date
			}
			if last.IsZero() || e.Last().After(last) {
				last = e.Last()
			}
		}
	}
	take(false)
	if first.IsZero() {
		take(true)
	}
	first, last = first.AddDate(0, 0, -1), last.AddDate(0, 0, 1)
	// At least a week, so a lone day reads as a day on a calendar.
	if short := minAxisDays - (int(last.Sub(first).Hours()/24) + 1); short > 0 {
		first, last = first.AddDate(0, 0, -short/2), last.AddDate(0, 0, short-short/2)
	}
	return first, last
}

// clampAxis narrows the axis first–last to from–to where they are set, but
// not past a single day's event, which would fall off the axis.
func clampAxis(events []timeline.Event, first, last, from, to time.Time) (time.Time, time.Time) {
	for _, e := range events {
		if !e.End.IsZero() {
			continue
		}
		if !from.IsZero() && e.Date.Before(from) {
			from = e.Date
		}
		if !to.IsZero() && e.Date.After(to) {
			to = e.Date
		}
	}
	if !from.IsZero() && first.Before(from) {
		first = from
	}
	if !to.IsZero() && last.After(to) {
		last = to
	}
	if last.Before(first) { // only ranges, wholly outside the filter
		last = first
	}
	return first, last
}

func (l *Layout) days() int { return int(l.Last.Sub(l.First).Hours()/24+0.5) + 1 }

func (l *Layout) dayW() float64 { return (l.X1 - l.X0) / float64(l.days()) }

// dayLeft is the left edge of the i-th day of the axis, in whole pixels.
func (l *Layout) dayLeft(i int) int { return int(l.X0 + float64(i)*l.dayW()) }

// dayX is the centre of day d on the axis.
func (l *Layout) dayX(d time.Time) float64 {
	i := d.Sub(l.First).Hours() / 24
	return l.X0 + (i+0.5)*l.dayW()
}

func citeText(ns []int) string {
	var b strings.Builder
	for _, n := range ns {
		b.WriteString("[" + strconv.Itoa(n) + "]")
	}
	return b.String()
}

// short is an event's description for a label: its first words, up to the
// end of the first clause when that comes after a few words, marked with an
// ellipsis when cut. It keeps what the text opens with: the ellipsis of a
// clause cut from its sentence and an opening quotation mark, so a quote
// stays a quote. A fronted phrase ("Speaking in the Oval Office later in
// the day, Trump said ...") is no clause: the label goes on to the event.
func short(text string) string {
	text = strings.TrimSpace(text)
	words := strings.Fields(text)
	var out []string
	n := 0
	cut := false
	fronted := len(words) > 1 && frontedOpener(words[0], words[1])
	limit := shortWords // words, not counting a fronted phrase's
	for i, w := range words {
		if i == limit || n+len(w) > shortChars {
			if i == 0 { // one overlong word: its start
				out = append(out, string([]rune(w)[:min(len([]rune(w)), shortChars/2)]))
			}
			cut = true
			break
		}
		out = append(out, w)
		n += len(w) + 1
		if fronted {
			limit++
		}
		if !strings.ContainsAny(w[len(w)-1:], ",;:") && !sentenceEnd(w) {
			continue
		}
		if fronted {
			fronted = false
			continue
		}
		// A clause ends here: stop if the label already says something.
		if i >= 5 && i < len(words)-1 {
			cut = true
			break
		}
	}
	s := strings.Join(out, " ")
	if cut {
		// Drop the clause's punctuation, not a number's ("2.5%") or an
		// abbreviation's ("U.S.").
		s = strings.TrimRight(s, ",;:—–- ")
		if sentenceEnd(out[len(out)-1]) {
			s = strings.TrimSuffix(s, ".")
		}
		// Nor end on a word that leads into what was cut ("Trump said a…").
		for {
			i := strings.LastIndexByte(s, ' ')
			if i < 0 || !danglingWords[strings.ToLower(s[i+1:])] {
				break
			}
			s = strings.TrimRight(s[:i], ",;:—–- ")
		}
		s += "…"
	}
	return s
}

// danglingWords lead into the words after them; a label does not end on one.
var danglingWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "to": true, "and": true, "or": true, "in": true,
	"on": true, "at": true, "for": true, "with": true, "by": true, "from": true, "that": true,
}

// sentenceEnd reports whether word w ends a sentence: a full stop after a
// word, not an abbreviation ("U.S.", "Mr.").
func sentenceEnd(w string) bool {
	return strings.HasSuffix(w, ".") && strings.Count(w, ".") == 1 && utf8.RuneCountInString(w) > 4
}

// frontedOpener reports whether a sentence's first word w, followed by
// next, opens a phrase set before its subject ("Speaking", "Addressing",
// "According", "After"). An -ing word counts only as a participle: not a
// noun ("Nothing", "Morning") nor a name ("Beijing", "Downing Street"), and
// one that is also a place ("Reading") only before a word of its phrase
// ("Reading from a statement").
func frontedOpener(w, next string) bool {
	w = strings.Trim(w, "…\"“'‘")
	lw := strings.ToLower(w)
	if len(w) > 4 && strings.HasSuffix(w, "ing") && strings.IndexFunc(w[1:], func(r rune) bool { return !unicode.IsLower(r) }) < 0 {
		switch {
		case ingWords[lw]:
			return false
		case ingPlaces[lw]:
			return participleNext[strings.ToLower(strings.Trim(next, ",;:"))]
		}
		return true
	}
	switch lw {
	case "after", "before", "according", "at", "in", "on", "during", "within", "under", "with", "without", "despite", "following", "amid":
		return true
	}
	return false
}

// ingWords end in -ing and are no participle: nouns, pronouns and names.
var ingWords = map[string]bool{
	"nothing": true, "something": true, "anything": true, "everything": true, "morning": true,
	"evening": true, "king": true, "thing": true, "spring": true, "string": true, "wing": true,
	"ring": true, "sling": true, "ceiling": true, "sibling": true, "darling": true, "sterling": true,
	"beijing": true, "nanjing": true, "chongqing": true, "kunming": true, "nanning": true,
	"xining": true, "downing": true, "stirling": true, "ealing": true, "woking": true,
	"kettering": true, "worthing": true, "epping": true, "fleming": true, "kipling": true,
	"pershing": true, "irving": true, "manning": true, "keating": true, "golding": true,
	"ming": true, "qing": true, "jing": true, "viking": true, "boeing": true, "harding": true,
}

// ingPlaces are names that are also participles.
var ingPlaces = map[string]bool{"reading": true, "barking": true, "browning": true}

// participleNext are words that follow a participle opening a phrase
// ("Reading from a statement", "Reading the statement").
var participleNext = map[string]bool{
	"from": true, "the": true, "a": true, "an": true, "out": true, "aloud": true, "his": true,
	"her": true, "their": true, "its": true, "to": true, "through": true, "between": true,
}

// wrap breaks s into at most maxLines lines no wider than w as measured;
// what does not fit ends the last line with an ellipsis. A word wider than
// a line is cut.
func wrap(s string, w, maxLines int, measure func(string) int) []string {
	words := strings.Fields(s)
	var lines []string
	cur := ""
	for i := 0; i < len(words); i++ {
		word := words[i]
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if measure(try) <= w {
			cur = try
			continue
		}
		if cur == "" { // one word wider than the line: cut it
			cut := fitPrefix(word, w, measure)
			lines = append(lines, cut)
			words[i] = word[len(cut):]
			i--
		} else {
			lines = append(lines, cur)
			cur = ""
			i--
		}
		if len(lines) == maxLines {
			last := lines[maxLines-1]
			for last != "" && measure(last+"…") > w {
				_, size := lastRune(last)
				last = last[:len(last)-size]
			}
			lines[maxLines-1] = strings.TrimRight(last, " ") + "…"
			return lines
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// fitPrefix returns the longest prefix of word (at least one character)
// that fits w. Chinese and Japanese text, which has no spaces, is cut
// where it fills the line, but not before a mark that may not open a line
// ("、", "。", "」"): the character before it moves down with it, as CJK
// typesetting does.
func fitPrefix(word string, w int, measure func(string) int) string {
	end, prev := 0, 0
	for i, r := range word {
		next := i + len(string(r))
		if end > 0 && measure(word[:next]) > w {
			if noLineStart(r) && prev > 0 {
				end = prev
			}
			break
		}
		prev, end = end, next
	}
	return word[:end]
}

// noLineStart reports whether r may not open a line of CJK text: closing
// marks, stops and commas, and the small kana and prolonged sound mark.
func noLineStart(r rune) bool {
	return strings.ContainsRune("、。，．！？：；）」』】〉》〕・ーぁぃぅぇぉっゃゅょァィゥェォッャュョ", r)
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i]&0xC0 != 0x80 {
			r := []rune(s[i:])
			return r[0], len(s) - i
		}
	}
	return 0, 0
}

// fixedPt is a point for font drawing.
func fixedPt(x, y int) fixed.Point26_6 { return fixed.P(x, y) }
