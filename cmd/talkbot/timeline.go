package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/textclean"
	"github.com/talkbot/talkbot/retrieval/timeline"
	"github.com/talkbot/talkbot/retrieval/timeline/chart"
)

type timelineJSON struct {
	// Corrections are the misspelt names of --topic read as names of the
	// articles.
	Corrections []correctionJSON `json:"corrections,omitempty"`
	Events      []eventJSON      `json:"events"`
}

type eventJSON struct {
	Date        string              `json:"date"`
	EndDate     string              `json:"end_date"` // "" for a single day
	Granularity string              `json:"granularity"`
	Tense       string              `json:"tense"`
	Text        string              `json:"text"`
	Refers      string              `json:"refers,omitempty"` // who a pronoun Text opens with stands for
	Citations   []eventCitationJSON `json:"citations"`
}

type eventCitationJSON struct {
	Article   string `json:"article"`
	PassageID string `json:"passage_id"`
	Headline  string `json:"headline"`
	Publisher string `json:"publisher"`
	Date      string `json:"date"`
	URL       string `json:"url"` // "" when the article gives none, as ask's citations
}

func runTimeline(ctx context.Context, a *app, args []string) error {
	fs := a.flags("timeline")
	asJSON := fs.Bool("json", false, "print the events as JSON")
	topic := fs.String("topic", "", "keep events whose passages retrieval ranks relevant to this `TOPIC`")
	fromS := fs.String("from", "", "keep events on or after this day (`YYYY-MM-DD`)")
	toS := fs.String("to", "", "keep events on or before this day (`YYYY-MM-DD`)")
	pngFile := fs.String("png", "", "draw the events as a PNG picture into `FILE` (- for standard output)")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("timeline takes no arguments, got %q (use --topic to choose a subject)", pos[0])
	}
	if *pngFile == "" && flagSet(fs, "png") {
		// Otherwise the text would be printed as if --png were not there.
		return usagef("--png needs a file name, or - for standard output")
	}
	if *asJSON && *pngFile != "" {
		return usagef("--json and --png cannot be used together: choose one output")
	}
	if *pngFile == "-" && isTerminal(a.stdout) {
		return usagef("--png -: standard output is a terminal, which would show the picture's bytes: redirect it (--png - > timeline.png) or give a file name")
	}
	pngPath := *pngFile // where the picture goes: the file a link names
	if *pngFile != "" && *pngFile != "-" {
		// Before the work of drawing, and so that the error names the
		// file given, not the temporary file beside it.
		if pngPath, err = pngTarget(*pngFile); err != nil {
			return err
		}
	}
	var f timeline.Filter
	// Given at all, even as '' (an unset shell variable), a topic must
	// have words, as ask's question must; not given: every event.
	if flagSet(fs, "topic") {
		f.Topic = strings.TrimSpace(textclean.Text(*topic))
		if err := checkQuery("--topic", f.Topic, "give it", "talkbot timeline --topic "+quoteArg(a.examples().query)); err != nil {
			return err
		}
	}
	if f.From, err = parseDay("--from", *fromS); err != nil {
		return err
	}
	if f.To, err = parseDay("--to", *toS); err != nil {
		return err
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.From.After(f.To) {
		return usagef("--from %s is after --to %s", *fromS, *toS)
	}
	ix, err := a.loadIndex(ctx)
	if err != nil {
		return err
	}
	var fixes []bot.Correction
	if f.Topic != "" {
		f.Topic, fixes = bot.ReadNames(ix, f.Topic) // "Lavorv" is Lavrov, as in ask
	}
	tl, err := timeline.NewContext(ctx, ix)
	if err != nil {
		return err
	}
	events, err := tl.Events(ctx, f)
	if err != nil {
		return err
	}
	if *asJSON {
		out := toTimelineJSON(events)
		out.Corrections = correctionsJSON(fixes)
		return writeJSON(a.stdout, out)
	}
	if line := correctionLine(fixes); line != "" && *pngFile != "-" {
		if err := writeText(a.stdout, line); err != nil {
			return err
		}
	}
	if len(events) == 0 {
		if *pngFile != "" {
			// No empty picture: a picture of nothing looks like a failure.
			return writeText(a.stdout, fmt.Sprintf("No events%s, so no picture was written.\n", describeFilter(f)))
		}
		return writeText(a.stdout, fmt.Sprintf("No events%s.\n", describeFilter(f)))
	}
	if *pngFile != "" {
		return writePNG(a, *pngFile, pngPath, events, f)
	}
	return writeText(a.stdout, formatTimeline(events))
}

// pngOptions are the picture's options for filter f: its axis keeps to
// f's days, as the list does.
func pngOptions(a *app, f timeline.Filter) chart.Options {
	return chart.Options{Title: "Timeline" + chartTitle(f), Font: a.getenv(chart.FontEnv), From: f.From, To: f.To,
		Warn: func(w string) { fmt.Fprintf(a.stderr, "talkbot: warning: %s\n", w) }}
}

// writePNG draws the events into file (at path, see pngTarget), or onto
// standard output for "-". The file appears whole or not at all: it is
// written beside its final name and renamed.
func writePNG(a *app, file, path string, events []timeline.Event, f timeline.Filter) error {
	o := pngOptions(a, f)
	if file == "-" {
		return chart.PNG(a.stdout, events, o)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".talkbot-*.png")
	if err != nil {
		return pngError(file, err)
	}
	defer os.Remove(tmp.Name()) // after a failure; a no-op once renamed
	if err := chart.PNG(tmp, events, o); err != nil {
		tmp.Close()
		return pngError(file, err)
	}
	if err := tmp.Close(); err != nil {
		return pngError(file, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return pngError(file, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return pngError(file, err)
	}
	return writeText(a.stdout, fmt.Sprintf("Wrote %s: %d %s%s.\n", file, len(events), retrieval.Plural(len(events), "event", "events"), describeFilter(f)))
}

// flagSet reports whether the flag name was given, even as "".
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// pngTarget says what keeps file from being written as --png's picture, a
// usage error (exit 2) before the work of drawing: a flag taken for its
// value, a folder, a device or pipe in its place (the rename would replace
// /dev/null itself), no folder to hold it, or one that cannot be written.
// It returns the path to write: for a symbolic link, the file it names, so
// the link stays.
func pngTarget(file string) (string, error) {
	if strings.HasPrefix(file, "-") {
		// "--png --json": the next flag was taken as the file's name.
		return "", usagef("--png %s: looks like a flag, not a file name: give the file name right after --png (./%s for a file so named)",
			textclean.Line(file), textclean.Line(file))
	}
	// /dev, /proc and /sys hold devices, processes' open files
	// (/dev/stdout links to one) and kernel settings, not pictures.
	if abs, err := filepath.Abs(file); err == nil {
		dir := filepath.Dir(abs)
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			dir = real
		}
		for _, special := range []string{"/dev", "/proc", "/sys"} {
			if dir == special || strings.HasPrefix(dir, special+"/") {
				return "", usagef("--png %s: %s holds devices or system files, not pictures: give a file name elsewhere, or - for standard output", file, special)
			}
		}
	}
	path := file
	if st, err := os.Lstat(file); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		if real, err := filepath.EvalSymlinks(file); err == nil {
			path = real
		}
	}
	if st, err := os.Stat(path); err == nil {
		switch {
		case st.IsDir():
			return "", usagef("--png %s: is a directory (give a file name, e.g. %s)", file, filepath.Join(file, "timeline.png"))
		case !st.Mode().IsRegular():
			return "", usagef("--png %s: not a regular file (a device, pipe or socket), which the picture would replace: give a file name, or - for standard output", file)
		}
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", usagef("--png %s: folder %s does not exist (create it, or give a file in another folder)", file, dir)
	case err != nil:
		return "", asUsage(pngError(file, err))
	case !st.IsDir():
		return "", usagef("--png %s: %s is not a folder", file, dir)
	}
	// Try the folder now, so that one that cannot be written (read-only,
	// another user's) is said before the drawing, not after.
	tmp, err := os.CreateTemp(dir, ".talkbot-*.png")
	if err != nil {
		return "", usagef("%w (give a file in a folder you can write to)", pngError(file, err))
	}
	tmp.Close()
	os.Remove(tmp.Name())
	return path, nil
}

// pngError is err naming the file given to --png: the path inside a
// file-system error is the temporary file's, which the user never named.
func pngError(file string, err error) error {
	var le *os.LinkError
	var pe *fs.PathError
	switch {
	case errors.As(err, &le):
		err = le.Err
	case errors.As(err, &pe):
		err = pe.Err
	}
	return fmt.Errorf("--png %s: %w", file, err)
}

// chartTitle names the filter in a picture's title: ": Lavrov, 18 Feb 2025
// – 2 Mar 2025", or one date for one day (": 28 Feb 2025", not the same
// date twice).
func chartTitle(f timeline.Filter) string {
	var parts []string
	if f.Topic != "" {
		parts = append(parts, f.Topic)
	}
	switch {
	case !f.From.IsZero() && f.From.Equal(f.To):
		parts = append(parts, f.From.Format("2 Jan 2006"))
	case !f.From.IsZero() && !f.To.IsZero():
		parts = append(parts, f.From.Format("2 Jan 2006")+" – "+f.To.Format("2 Jan 2006"))
	case !f.From.IsZero():
		parts = append(parts, "from "+f.From.Format("2 Jan 2006"))
	case !f.To.IsZero():
		parts = append(parts, "until "+f.To.Format("2 Jan 2006"))
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ", ")
}

// parseDay reads a YYYY-MM-DD flag value; empty means no bound.
func parseDay(flag, v string) (time.Time, error) {
	t, err := timeline.ParseDate(v)
	if err != nil {
		return time.Time{}, usagef("%s %v", flag, err)
	}
	return t, nil
}

// describeFilter says which events were asked for: ` about "X" from D to D`.
func describeFilter(f timeline.Filter) string {
	var b strings.Builder
	if f.Topic != "" {
		fmt.Fprintf(&b, " about %q", f.Topic)
	}
	if !f.From.IsZero() {
		fmt.Fprintf(&b, " from %s", f.From.Format(time.DateOnly))
	}
	if !f.To.IsZero() {
		fmt.Fprintf(&b, " to %s", f.To.Format(time.DateOnly))
	}
	if b.Len() == 0 {
		return " in the articles"
	}
	return b.String()
}

func toTimelineJSON(events []timeline.Event) timelineJSON {
	out := timelineJSON{Events: []eventJSON{}}
	for _, e := range events {
		ej := eventJSON{
			Date: e.Date.Format(time.DateOnly), Granularity: string(e.Granularity), Tense: string(e.Tense),
			Text: e.Text, Refers: e.Refers, Citations: []eventCitationJSON{},
		}
		if !e.End.IsZero() {
			ej.EndDate = e.End.Format(time.DateOnly)
		}
		for _, s := range e.Sources {
			ej.Citations = append(ej.Citations, eventCitationJSON{
				Article: s.Article.ID, PassageID: s.Passage.ID, Headline: s.Article.Headline,
				Publisher: s.Article.Publisher, Date: s.Article.Date.Format(time.DateOnly), URL: s.Article.URL,
			})
		}
		out.Events = append(out.Events, ej)
	}
	return out
}

// formatTimeline renders the events under one heading per day, one line
// each with numbered citations, then the numbered sources: one number per
// article, in order of first use, as ask's answers and the picture number
// them (the JSON keeps each citation's passage).
func formatTimeline(events []timeline.Event) string {
	var b strings.Builder
	var nums timeline.Numbers
	for i, g := range timeline.Grouped(events) {
		if i > 0 {
			fmt.Fprintln(&b)
		}
		fmt.Fprintln(&b, g.Heading)
		for _, e := range g.Events {
			var marks strings.Builder
			for _, n := range nums.Cite(e) {
				fmt.Fprintf(&marks, "[%d]", n)
			}
			planned := ""
			if e.Tense == timeline.Planned {
				planned = "(planned) "
			}
			fmt.Fprintf(&b, "  • %s%s %s\n", planned, e.Line(), marks.String())
		}
	}
	fmt.Fprintln(&b, "\nSources:")
	for i, art := range nums.Articles {
		fmt.Fprintln(&b, sourceLine(bot.Citation{N: i + 1, Article: art.ID, Headline: art.Headline, Date: art.Date, Publisher: art.Publisher, URL: art.URL}))
	}
	return b.String()
}
