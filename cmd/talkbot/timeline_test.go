package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
	"github.com/talkbot/talkbot/retrieval/timeline/chart"
)

// TestTimelineJSON pins the --json shape and checks what it says: date
// order, ranges, tenses and citations that name real passages.
func TestTimelineJSON(t *testing.T) {
	code, out, errOut := talkbot(t, nil, "timeline", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var raw struct {
		Events []map[string]json.RawMessage `json:"events"`
	}
	if err := json.Unmarshal([]byte(out), &raw); err != nil || len(raw.Events) == 0 {
		t.Fatalf("%v: %s", err, out)
	}
	for _, k := range []string{"date", "end_date", "granularity", "tense", "text", "citations"} {
		if _, ok := raw.Events[0][k]; !ok {
			t.Errorf("event lacks %q", k)
		}
	}
	var got timelineJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	var cits []map[string]json.RawMessage
	if err := json.Unmarshal(raw.Events[0]["citations"], &cits); err != nil || len(cits) == 0 {
		t.Fatalf("citations: %v %s", err, raw.Events[0]["citations"])
	}
	for _, k := range []string{"article", "passage_id", "headline", "publisher", "date"} {
		if _, ok := cits[0][k]; !ok {
			t.Errorf("citation lacks %q", k)
		}
	}
	prev := ""
	sawRange, sawPlanned := false, false
	for _, e := range got.Events {
		if e.Date < prev {
			t.Errorf("event %s after %s: not in date order", e.Date, prev)
		}
		prev = e.Date
		if e.EndDate != "" {
			sawRange = true
			if e.EndDate <= e.Date {
				t.Errorf("range %s..%s ends before it starts", e.Date, e.EndDate)
			}
		}
		sawPlanned = sawPlanned || e.Tense == "planned"
		if len(e.Citations) == 0 || !strings.HasPrefix(e.Citations[0].PassageID, e.Citations[0].Article+"#") {
			t.Errorf("event %q: citations %v", e.Text, e.Citations)
		}
	}
	if !sawRange || !sawPlanned {
		t.Errorf("the seed timeline should hold ranges (%v) and planned events (%v)", sawRange, sawPlanned)
	}
}

func TestTimelineErrors(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("date 2025-03-05 Kremlin\n\nPeskov said the talks were useful.\n"), 0o644)
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"bad --from", nil, []string{"timeline", "--from", "2025-02-30"}, 2, "", `--from "2025-02-30": no such day (February 2025 has 28 days)`},
		{"bad --to", nil, []string{"timeline", "--to", "26/02/2025"}, 2, "", `--to "26/02/2025": want a date as YYYY-MM-DD`},
		{"from after to", nil, []string{"timeline", "--from", "2025-03-01", "--to", "2025-02-01"}, 2, "", "--from 2025-03-01 is after --to 2025-02-01"},
		{"stray argument", nil, []string{"timeline", "Lavrov"}, 2, "", `got "Lavrov"`},
		{"unknown flag", nil, []string{"timeline", "--since", "2025-01-01"}, 2, "", "flag provided but not defined"},
		{"no events in range", nil, []string{"timeline", "--from", "2026-01-01"}, 0, "No events from 2026-01-01.", ""},
		{"empty --topic", nil, []string{"timeline", "--topic", ""}, 2, "", "--topic is empty"},
		{"blank --topic", nil, []string{"timeline", "--topic=  \u200b "}, 2, "", "--topic is empty"},
		{"no events about a topic", nil, []string{"timeline", "--topic", "zzzzqqq"}, 0, `No events about "zzzzqqq".`, ""},
		{"a corpus with no dated statement", map[string]string{"CORPUS_DIR": dir}, []string{"timeline"}, 0, "No events in the articles.", ""},
		{"same day for from and to", nil, []string{"timeline", "--from", "2025-02-28", "--to", "2025-02-28"}, 0, "\nFri 28 Feb\n  • (planned) The Kremlin spokesman", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := talkbot(t, tt.env, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if tt.code == 2 && strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("error is not one line: %q", errOut)
			}
		})
	}
}

// TestTimelinePNG checks --png: a picture of the filtered events written
// whole, the same bytes as drawn directly, and no file for an empty result.
func TestTimelinePNG(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "zelensky.png")
	code, out, errOut := talkbot(t, nil, "timeline", "--png", file, "--topic", "Zelensky")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "Wrote " + file + ": 2 events about \"Zelensky\".\n"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width < 1200 {
		t.Fatalf("not a PNG at least 1200 px wide: %v %+v", err, cfg)
	}
	// Standard output gets the same bytes.
	code, out, _ = talkbot(t, nil, "timeline", "--topic", "Zelensky", "--png", "-")
	if code != 0 || out != string(data) {
		t.Errorf("--png - gave exit %d and %d bytes, want the %d bytes of the file", code, len(out), len(data))
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files, want just the picture (no temporary left)", len(entries))
	}

	notFolder := filepath.Join(dir, "file")
	if err := os.WriteFile(notFolder, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	x := filepath.Join(dir, "x.png")
	tests := []struct {
		name   string
		target string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"empty result", x, []string{"--topic", "zzzzqqq"}, 0, `No events about "zzzzqqq", so no picture was written.`, ""},
		{"with --json", x, []string{"--json"}, 2, "", "--json and --png cannot be used together"},
		{"no file name", "", nil, 2, "", "talkbot timeline: --png needs a file name, or - for standard output\n"},
		{"no file name, with =", "", []string{"--png="}, 2, "", "--png needs a file name"},
		{"folder missing", filepath.Join(dir, "missing", "x.png"), nil, 2, "",
			"--png " + filepath.Join(dir, "missing", "x.png") + ": folder " + filepath.Join(dir, "missing") + " does not exist (create it, or give a file in another folder)\n"},
		{"a folder", dir, nil, 2, "", "--png " + dir + ": is a directory"},
		{"a folder, with a slash", dir + "/", nil, 2, "", "--png " + dir + "/: is a directory"},
		{"in a file", filepath.Join(notFolder, "x.png"), nil, 2, "", notFolder + " is not a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := talkbot(t, nil, append([]string{"timeline", "--png", tt.target}, tt.args...)...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if strings.Count(strings.TrimSpace(errOut), "\n") > 0 || strings.Contains(errOut, ".talkbot-") {
				t.Errorf("error is not one line naming the file given: %q", errOut)
			}
			if st, err := os.Stat(tt.target); err == nil && !st.IsDir() {
				t.Errorf("%s was written", tt.target)
			}
			for _, d := range []string{dir, filepath.Dir(dir)} {
				if tmp, _ := filepath.Glob(filepath.Join(d, ".talkbot-*")); len(tmp) > 0 {
					t.Errorf("temporary files left: %v", tmp)
				}
			}
		})
	}
}

// TestPNGErrorNamesTheFileGiven: a failure writing the temporary file or
// renaming it names the file given to --png, not the temporary one.
func TestPNGErrorNamesTheFileGiven(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"create", &fs.PathError{Op: "open", Path: "/d/.talkbot-1.png", Err: fs.ErrPermission}, "--png /d/x.png: permission denied"},
		{"rename", &os.LinkError{Op: "rename", Old: "/d/.talkbot-1.png", New: "/d/x.png", Err: fs.ErrExist}, "--png /d/x.png: file already exists"},
		{"other", errors.New("png: invalid format"), "--png /d/x.png: png: invalid format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := pngError("/d/x.png", tt.err)
			if err.Error() != tt.want {
				t.Errorf("got %q, want %q", err, tt.want)
			}
		})
	}
}

// TestTimelinePNGAxis: the picture's axis keeps to --from and --to, as
// the listed events do.
func TestTimelinePNGAxis(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2025, 3, day, 0, 0, 0, 0, time.UTC) }
	ev := []timeline.Event{{Date: d(20), Text: "Envoys met in Riyadh.", Sources: []timeline.Source{{Article: &retrieval.Article{ID: "a", Headline: "H", Date: d(20)}}}}}
	a := &app{getenv: func(string) string { return "" }, stderr: io.Discard}
	for _, c := range []struct {
		f           timeline.Filter
		first, last time.Time
	}{
		{timeline.Filter{}, d(17), d(23)},
		{timeline.Filter{From: d(19), To: d(21)}, d(19), d(21)},
	} {
		l, err := chart.Plan(ev, pngOptions(a, c.f))
		if err != nil {
			t.Fatal(err)
		}
		if !l.First.Equal(c.first) || !l.Last.Equal(c.last) {
			t.Errorf("filter %v..%v: axis %s..%s, want %s..%s", c.f.From, c.f.To, l.First.Format(time.DateOnly), l.Last.Format(time.DateOnly), c.first.Format(time.DateOnly), c.last.Format(time.DateOnly))
		}
	}
}

// TestChartTitle: the picture's title names the filter, one date for a
// one-day filter rather than "28 Feb 2025 – 28 Feb 2025".
func TestChartTitle(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2025, 2, day, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		f    timeline.Filter
		want string
	}{
		{timeline.Filter{}, ""},
		{timeline.Filter{From: d(28), To: d(28)}, ": 28 Feb 2025"},
		{timeline.Filter{Topic: "Rubio", From: d(28), To: d(28)}, ": Rubio, 28 Feb 2025"},
		{timeline.Filter{From: d(18), To: d(28)}, ": 18 Feb 2025 – 28 Feb 2025"},
		{timeline.Filter{From: d(18)}, ": from 18 Feb 2025"},
		{timeline.Filter{To: d(18)}, ": until 18 Feb 2025"},
	} {
		if got := chartTitle(c.f); got != c.want {
			t.Errorf("chartTitle(%v..%v, %q) = %q, want %q", c.f.From, c.f.To, c.f.Topic, got, c.want)
		}
	}
}
