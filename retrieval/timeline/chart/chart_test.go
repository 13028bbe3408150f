package chart

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
	"github.com/talkbot/talkbot/seeds"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func article(n int, headline, date string) *retrieval.Article {
	id := fmt.Sprintf("a%03d.txt", n)
	return &retrieval.Article{ID: id, Headline: headline, Date: day(date), Publisher: "Wire"}
}

// event is a synthetic event; end is "" for a single day.
func event(date, end string, tense timeline.Tense, text string, arts ...*retrieval.Article) timeline.Event {
	e := timeline.Event{Date: day(date), Granularity: timeline.Day, Tense: tense, Text: text}
	if end != "" {
		e.End = day(end)
		e.Granularity = timeline.Week
	}
	for _, a := range arts {
		e.Sources = append(e.Sources, timeline.Source{Article: a, Passage: retrieval.Passage{ID: a.ID + "#1", Article: a.ID, N: 1}})
	}
	return e
}

func corpusEvents(t testing.TB, c *retrieval.Corpus) []timeline.Event {
	t.Helper()
	evs, err := timeline.New(retrieval.NewIndex(c, retrieval.DefaultParams())).Events(context.Background(), timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// many returns n events over about two months: single days, several a day,
// ranges, planned ones and a range far outside the others.
func many(n int) []timeline.Event {
	var evs []timeline.Event
	arts := make([]*retrieval.Article, 12)
	for i := range arts {
		arts[i] = article(i, fmt.Sprintf("Envoys meet again as talks enter round %d", i+1), "2025-03-01")
	}
	words := strings.Fields("envoys from both sides met in the Saudi capital to discuss a ceasefire, prisoner exchanges and the reopening of embassies")
	for i := range n {
		d := day("2025-02-01").AddDate(0, 0, (i*7)%60)
		text := strings.Join(words[:6+i%len(words[6:])], " ")
		tense := timeline.Past
		if i%5 == 0 {
			tense = timeline.Planned
		}
		e := event(d.Format(time.DateOnly), "", tense, fmt.Sprintf("%d: %s", i, text), arts[i%len(arts)], arts[(i+3)%len(arts)])
		if i%9 == 0 {
			e.End = d.AddDate(0, 0, 1+i%6)
			e.Granularity = timeline.Week
		}
		evs = append(evs, e)
	}
	evs = append(evs, event("2022-02-24", "2022-12-31", timeline.Past, "the war began", arts[0]))
	slices.SortStableFunc(evs, func(a, b timeline.Event) int { return a.Date.Compare(b.Date) })
	return evs
}

func cases(t testing.TB) map[string][]timeline.Event {
	s, err := retrieval.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	talks, err := retrieval.LoadDir(filepath.Join("..", "..", "testdata", "talks"))
	if err != nil {
		t.Fatal(err)
	}
	a := article(1, "A very long headline "+strings.Repeat("about the negotiations ", 30), "2025-02-20")
	b := article(2, "Short", "2025-02-21")
	return map[string][]timeline.Event{
		"seeds":     corpusEvents(t, s),
		"talks":     corpusEvents(t, talks),
		"one event": {event("2025-02-18", "", timeline.Past, "Russian and US officials met in Riyadh.", a)},
		"long labels": {
			event("2025-02-18", "", timeline.Past, strings.Repeat("Unbreakable", 40)+" and then some words", a, b),
			event("2025-02-18", "", timeline.Planned, strings.Repeat("many words of a statement that never ends ", 20), b),
			event("2025-02-19", "", timeline.Past, "Lavrov, Rubio, Waltz, Witkoff, Ushakov, Dmitriev, Umerov, Yermak, Kellogg, Starmer, Macron, Scholz, Tusk, Meloni met", a),
			event("2025-02-20", "", timeline.Past, "A", a),
		},
		"200 events": many(200),
		"ranges only": {
			event("2025-02-17", "2025-02-23", timeline.Past, "Talks were held this week.", a),
			event("2025-02-24", "2025-03-09", timeline.Planned, "Envoys could meet within the next two weeks.", b),
			event("2025-03-01", "2025-03-02", timeline.Planned, "Leaders meet this weekend in London.", a),
		},
	}
}

// TestLayout checks the geometry: label boxes inside the picture, none
// overlapping another or any marker or bar, and every line of text inside
// its box.
func TestLayout(t *testing.T) {
	f, err := newFaces(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, evs := range cases(t) {
		t.Run(name, func(t *testing.T) {
			l := layout(evs, Options{Title: "Timeline about “" + strings.Repeat("Zelensky ", 8) + "” from 10 Mar 2025 to 15 Mar 2025"}, f)
			if l.W < 1200 {
				t.Errorf("width %d, want at least 1200", l.W)
			}
			pic := image.Rect(0, 0, l.W, l.H)
			features := make([]image.Rectangle, len(l.Rows))
			for i, r := range l.Rows {
				if r.Bar {
					features[i] = image.Rect(int(r.FX0), r.FeatureY-barH/2, int(r.FX1)+1, r.FeatureY+barH/2)
				} else {
					features[i] = image.Rect(int(r.FX0)-markerR, r.FeatureY-markerR, int(r.FX0)+markerR, r.FeatureY+markerR)
				}
				if !features[i].In(pic) {
					t.Errorf("row %d (%s): marker or bar %v outside the picture %v", i, r.Heading.Text, features[i], pic)
				}
			}
			events := 0
			for i, r := range l.Rows {
				if !r.Label.In(pic) {
					t.Errorf("row %d (%s): label %v outside the picture %v", i, r.Heading.Text, r.Label, pic)
				}
				for j, s := range l.Rows[:i] {
					if r.Label.Overlaps(s.Label) {
						t.Errorf("labels of rows %d (%s) and %d (%s) overlap: %v %v", j, s.Heading.Text, i, r.Heading.Text, s.Label, r.Label)
					}
				}
				for j, fr := range features {
					if r.Label.Overlaps(fr) {
						t.Errorf("label of row %d (%s) covers the marker or bar of row %d: %v %v", i, r.Heading.Text, j, r.Label, fr)
					}
				}
				for _, ln := range append([]Line{r.Heading}, r.EventLines...) {
					w := f.width(ln.Text, ln.Size, ln.Bold)
					if ln.X < r.Label.Min.X || ln.X+w > r.Label.Max.X || ln.Y > r.Label.Max.Y || ln.Y-int(ln.Size) < r.Label.Min.Y {
						t.Errorf("row %d: line %q (x %d..%d, baseline %d) outside its box %v", i, ln.Text, ln.X, ln.X+w, ln.Y, r.Label)
					}
					if ln.Bullet {
						events++
					}
				}
			}
			if events != len(evs) {
				t.Errorf("%d events labelled, want %d", events, len(evs))
			}
			for _, tl := range l.TitleLines {
				if w := f.width(tl, titleSize, true); margin+w > l.W-margin/2 {
					t.Errorf("title line %q is %d px wide: past the edge", tl, w)
				}
			}
			for _, ln := range l.SourceLines {
				if w := f.width(ln.Text, ln.Size, false); ln.X+w > l.W-margin/2 {
					t.Errorf("source line %q is %d px wide at x %d: past the edge", ln.Text, w, ln.X)
				}
			}
		})
	}
}

// TestGoldenPNG compares the pictures with the hashes recorded in
// testdata/hashes.txt (go test -update rewrites them, and the pictures
// beside them for a look), and checks that drawing twice gives the same
// bytes.
func TestGoldenPNG(t *testing.T) {
	cs := cases(t)
	names := make([]string, 0, len(cs))
	for name := range cs {
		names = append(names, name)
	}
	slices.Sort(names)
	heavy := map[string]bool{"200 events": true, "talks": true}
	var got strings.Builder
	for _, name := range names {
		if raceEnabled && heavy[name] && !*update {
			t.Logf("%s: not drawn under the race detector (too slow); go test without -race checks it", name)
			continue
		}
		var a bytes.Buffer
		if err := PNG(&a, cs[name], Options{Title: "Timeline: " + name}); err != nil {
			t.Fatal(err)
		}
		if name == "long labels" { // drawing again gives the same bytes
			var b bytes.Buffer
			if err := PNG(&b, cs[name], Options{Title: "Timeline: " + name}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("%s: two drawings differ", name)
			}
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(a.Bytes()))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", name, err)
		}
		fmt.Fprintf(&got, "%x %dx%d %s\n", sha256.Sum256(a.Bytes()), cfg.Width, cfg.Height, name)
		if *update {
			file := strings.ReplaceAll(name, " ", "_") + ".png"
			if err := os.WriteFile(filepath.Join("testdata", file), a.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join("testdata", "hashes.txt")
	if *update {
		if err := os.WriteFile(path, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantAll, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	var want strings.Builder
	for _, line := range strings.SplitAfter(string(wantAll), "\n") {
		name := strings.TrimSpace(strings.Join(strings.Fields(line)[min(2, len(strings.Fields(line))):], " "))
		if line != "" && !(raceEnabled && heavy[name]) {
			want.WriteString(line)
		}
	}
	if got.String() != want.String() {
		t.Errorf("pictures differ from the golden hashes (go test -update rewrites them; look at testdata/*.png)\n--- got\n%s--- want\n%s", got.String(), want.String())
	}
}

func TestNoEvents(t *testing.T) {
	var buf bytes.Buffer
	if err := PNG(&buf, nil, Options{}); !errors.Is(err, ErrNoEvents) {
		t.Errorf("PNG of no events: %v, want ErrNoEvents", err)
	}
	if buf.Len() != 0 {
		t.Errorf("PNG of no events wrote %d bytes", buf.Len())
	}
	if _, err := Plan([]timeline.Event{}, Options{}); !errors.Is(err, ErrNoEvents) {
		t.Errorf("Plan of no events: %v, want ErrNoEvents", err)
	}
}

// TestTallGrowsWithEvents checks that the picture grows in height, not
// width, as events are added.
func TestTallGrowsWithEvents(t *testing.T) {
	prev := 0
	for _, n := range []int{1, 10, 50, 200} {
		l, err := Plan(many(n), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if l.W != Width || l.H <= prev {
			t.Errorf("%d events: %dx%d, want %d wide and taller than %d", n, l.W, l.H, Width, prev)
		}
		prev = l.H
	}
}

func TestShort(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Lavrov hailed the meeting.", "Lavrov hailed the meeting."},
		{"“The question is about starting to move toward normalizing relations between our countries,” he said.", "“The question is about starting to move toward normalizing relations between our…"},
		{"\"The ball is now in their court,\" Rubio told reporters, referring to Moscow.", "\"The ball is now in their court,\" Rubio told reporters…"},
		{"Days earlier Starmer announced that Britain would raise defence spending to 2.5% of GDP by 2027.", "Days earlier Starmer announced that Britain would raise defence spending to 2.5%…"},
		{"Speaking in the Oval Office later in the day, Trump said a first meeting would be in Saudi Arabia.", "Speaking in the Oval Office later in the day, Trump said a first meeting would be in Saudi…"},
		{"Trump phoned Zelensky after hanging up with Putin. Zelensky described the call as meaningful.", "Trump phoned Zelensky after hanging up with Putin…"},
		{"The U.S. delegation was led by the U.S. Secretary of State Marco Rubio with Waltz.", "The U.S. delegation was led by the U.S. Secretary of State Marco…"},
		{"After the meeting, U.S. Secretary of State Marco Rubio told the Associated Press the two sides agreed", "After the meeting, U.S. Secretary of State Marco Rubio told the Associated Press the two…"},
		{"He stressed, however, that the talks, which were attended by his Russian counterpart, marked", "He stressed, however, that the talks…"},
		{"…expert-level talks between Russia and the United States…", "…expert-level talks between Russia and the United States…"},
		{strings.Repeat("x", 200) + " more", strings.Repeat("x", shortChars/2) + "…"},
	}
	for _, tt := range tests {
		if got := short(tt.in); got != tt.want {
			t.Errorf("short(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestFrontedOpener: an -ing word opens a fronted phrase only as a
// participle, not as a noun or a name.
func TestFrontedOpener(t *testing.T) {
	tests := []struct {
		w, next string
		want    bool
	}{
		{"Speaking", "in", true},
		{"Addressing", "reporters", true},
		{"According", "to", true},
		{"After", "the", true},
		{"Reading", "from", true},
		{"Beijing", "said", false},
		{"Nothing", "was", false},
		{"Reading", "council", false},
		{"Downing", "Street", false},
		{"BRIEFING", "on", false},
		{"Trump", "said", false},
	}
	for _, tt := range tests {
		if got := frontedOpener(tt.w, tt.next); got != tt.want {
			t.Errorf("frontedOpener(%q, %q) = %v, want %v", tt.w, tt.next, got, tt.want)
		}
	}
}

// BenchmarkPNG200 draws and encodes 200 events; the target is under 1 s.
func BenchmarkPNG200(b *testing.B) {
	evs := many(200)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := PNG(&buf, evs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1e6, "MB")
}
