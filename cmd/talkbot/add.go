package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/talkbot/talkbot/retrieval/ingest"
	"github.com/talkbot/talkbot/retrieval/textclean"
)

type addJSON struct {
	Added    []articleJSON     `json:"added"`
	Skipped  []addSkipJSON     `json:"skipped"`
	Replaced []addReplacedJSON `json:"replaced"`
	// Warnings are problems that did not stop an add: an earlier version
	// of a page that could not be removed.
	Warnings []addWarnJSON `json:"warnings,omitempty"`
}

type addWarnJSON struct {
	Input   string `json:"input"`
	File    string `json:"file"` // the added article's file
	Warning string `json:"warning"`
}

// addReplacedJSON is a file an added article replaced: an earlier version
// of the same page.
type addReplacedJSON struct {
	File string `json:"file"` // the file replaced (removed, or rewritten when the name is the same)
	By   string `json:"by"`   // the added article's file
}

type addSkipJSON struct {
	Input  string `json:"input"`
	Reason string `json:"reason"`
	// Failed: the input could not be added, and makes the exit status 1;
	// false for one that needs nothing done (already in the corpus, a
	// feed unchanged since the last run).
	Failed bool `json:"failed"`
}

// errAddFailed marks a run where some input could not be added: exit 1,
// after every line has been printed.
var errAddFailed = errors.New("not every input was added")

func runAdd(ctx context.Context, a *app, args []string) error {
	fs := a.flags("add")
	asJSON := fs.Bool("json", false, "print what was added and skipped as JSON")
	isFeed := fs.Bool("feed", false, "each argument is an RSS or Atom feed: add every item")
	dateFlag := fs.String("date", "", "publication date `YYYY-MM-DD` for pages that give none")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if a.corpusDir == "" {
		return usagef("no corpus folder: give --corpus DIR or set CORPUS_DIR (the built-in articles are read-only)")
	}
	if len(pos) == 0 {
		return usagef("give at least one URL or file (see talkbot add -h)")
	}
	date, err := parseDay("--date", *dateFlag)
	if err != nil {
		return err
	}
	if err := a.checkCorpusFolder(true); err != nil {
		return err
	}
	fcfg, err := ingest.FetchConfigFromEnv(a.getenv)
	if err != nil {
		return asUsage(err)
	}
	adder, err := ingest.NewAdder(a.corpusDir, ingest.NewFetcher(fcfg))
	if err != nil {
		return asUsage(err)
	}

	out := addJSON{Added: []articleJSON{}, Skipped: []addSkipJSON{}, Replaced: []addReplacedJSON{}}
	failed := 0
	// note, when set, follows an "added" line in parentheses. A feed's
	// items already in the corpus are counted rather than said one by one
	// (quiet; see addFeed): a cron line would log every item on each poll.
	report := func(input string, r ingest.Result, err error, note string, quiet bool) error {
		switch {
		case errors.Is(err, errSkipped):
			out.Skipped = append(out.Skipped, addSkipJSON{Input: input, Reason: err.Error()})
		case err != nil:
			failed++
			out.Skipped = append(out.Skipped, addSkipJSON{Input: input, Reason: err.Error(), Failed: true})
		case r.Status == ingest.Present:
			out.Skipped = append(out.Skipped, addSkipJSON{Input: input, Reason: presentReason(r)})
		default:
			out.Added = append(out.Added, toArticleJSON(r.File, r.Article))
			if r.Status == ingest.Replaced && r.Replaced != "" {
				out.Replaced = append(out.Replaced, addReplacedJSON{File: r.Replaced, By: r.File})
			}
			if r.Warn != nil {
				out.Warnings = append(out.Warnings, addWarnJSON{Input: input, File: r.File, Warning: r.Warning()})
			}
		}
		if *asJSON || quiet {
			return nil
		}
		var werr error
		if err != nil || r.Status == ingest.Present {
			s := out.Skipped[len(out.Skipped)-1]
			_, werr = fmt.Fprintf(a.stdout, "skipped %s: %s\n", textclean.Line(s.Input), textclean.Line(s.Reason))
		} else {
			ad := out.Added[len(out.Added)-1]
			replaced := ""
			if r.Status == ingest.Replaced && r.Replaced != "" {
				replaced = " (replaced " + r.Replaced + ")"
				if r.Replaced == ad.Article {
					// The same name: the page's file was rewritten.
					replaced = " (replaced its earlier version)"
				}
			}
			if r.Warn != nil {
				replaced += " (" + textclean.Line(r.Warning()) + ")"
			}
			if note != "" {
				replaced += " (" + textclean.Line(note) + ")"
			}
			_, werr = fmt.Fprintf(a.stdout, "added %s %s %s%s\n", ad.Article, ad.Date, ad.Headline, replaced)
		}
		return werr
	}

	for _, in := range pos {
		if ctx.Err() != nil {
			break
		}
		if *isFeed {
			if err := a.addFeed(ctx, adder, in, date, !*asJSON, report, func(line string) error {
				if *asJSON {
					return nil
				}
				_, err := fmt.Fprintln(a.stdout, line)
				return err
			}); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			continue
		}
		r, err := adder.Add(ctx, in, date)
		switch {
		case errors.Is(err, ingest.ErrNoDate):
			err = fmt.Errorf("%w (give one with --date YYYY-MM-DD)", err)
		case errors.Is(err, ingest.ErrContentType) && strings.Contains(err.Error(), "xml"):
			// RSS and Atom are served as application/xml, rss+xml, atom+xml.
			err = fmt.Errorf("%w; if it is an RSS or Atom feed, add it with --feed", err)
		}
		if err := report(in, r, err, "", false); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	if *asJSON {
		if err := writeJSON(a.stdout, out); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if failed > 0 {
		see := "see the skipped lines"
		if *asJSON {
			see = `their "skipped" entries have "failed": true`
		}
		return fmt.Errorf("%w: %d could not be added (%s)", errAddFailed, failed, see)
	}
	return nil
}

// presentReason says why an input already present was skipped: the same
// article, or a near copy of one (at another address, a few words changed).
func presentReason(r ingest.Result) string {
	if r.NearCopy > 0 {
		return fmt.Sprintf("a near copy of %s, already in the corpus (%d%% the same text)", r.File, int(r.NearCopy*100))
	}
	return "already in the corpus as " + r.File
}

// skipped is an input's reason for being skipped that is not a failure of
// this run (report lists it, but does not count it as failed): each is a
// kind of errSkipped. Its values are constants.
type skipped string

func (e skipped) Error() string      { return string(e) }
func (skipped) Is(target error) bool { return target == errSkipped }

// errSkipped is what every skipped reason is (errors.Is).
var errSkipped = errors.New("skipped, not a failure")

const (
	// errPageFailedAgain: a feed item's page failed again, and its own
	// text, added by an earlier run, stays.
	errPageFailedAgain skipped = "the page failed again"
	// errNotModified: the feed has not changed since the last run.
	errNotModified skipped = "feed unchanged since the last run (304 Not Modified)"
	// errFeedEmpty: a feed with no items (yet) has nothing to add, but
	// says so, as every input gets its line.
	errFeedEmpty skipped = "the feed has no items"
	// errUndatedAgain is a feed item still without a date, as on an
	// earlier run that said so (and failed): said again, it is not a
	// failure, or a cron line would fail on every run for one undated item.
	errUndatedAgain skipped = "still no publication date, in the feed item or on its page, as on an earlier run; tried again on the next run"
)

// progressLine shows one line of progress on a terminal and nothing
// elsewhere; a nil *progressLine does nothing.
type progressLine struct {
	w     io.Writer
	shown bool
}

func newProgressLine(w io.Writer) *progressLine {
	if !isTerminal(w) {
		return nil
	}
	return &progressLine{w: w}
}

func (p *progressLine) show(s string) {
	if p == nil {
		return
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", s)
	p.shown = true
}

func (p *progressLine) clear() {
	if p == nil || !p.shown {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K")
	p.shown = false
}

// addFeed adds every item of one feed, reporting each; a feed that cannot
// be read is one skipped input. On a terminal a progress line counts the
// items on stderr.
func (a *app) addFeed(ctx context.Context, adder *ingest.Adder, feedURL string, date time.Time, progress bool,
	report func(string, ingest.Result, error, string, bool) error, say func(string) error) error {
	var prog *progressLine
	if progress {
		prog = newProgressLine(a.stderr)
	}
	n, present := 0, 0
	var werr error
	rep, err := adder.AddFeed(ctx, feedURL, date, func(fi ingest.FeedItem) {
		n++
		prog.clear()
		if fi.Err != nil && ctx.Err() != nil {
			// Interrupted: the interrupt is said once, by main.
			return
		}
		note := ""
		switch {
		case fi.UndatedAgain:
			fi.Err = errUndatedAgain
		case errors.Is(fi.Err, ingest.ErrNoDate):
			fi.Err = fmt.Errorf("%w; to add it now, give its link with --date YYYY-MM-DD (without --feed)", fi.Err)
		case fi.Err == nil && fi.PageErr != nil && fi.Again && fi.Result.Status == ingest.Present:
			// Nothing changed, but not because the page is in: say so
			// rather than "already in the corpus".
			fi.Err = fmt.Errorf("%w: %w; the feed's own text stays as %s, and the page is tried again on the next run",
				errPageFailedAgain, fi.PageErr, fi.Result.File)
		case fi.Err == nil && fi.PageErr != nil:
			note = "the feed's own text, as the page failed: " + fi.PageErr.Error() + "; the page is tried again on the next run"
		case fi.Err == nil && fi.Warn != nil:
			note = fi.Warn.Error() + "; tried again on the next run"
		}
		// A near copy is said, once: later runs find the item done.
		quiet := fi.Err == nil && fi.Result.Status == ingest.Present && fi.Result.NearCopy == 0
		if quiet {
			present++
		}
		if err := report(fi.Input, fi.Result, fi.Err, note, quiet); err != nil && werr == nil {
			werr = err
		}
		prog.show(feedProgress(feedURL, n, fi.Of))
	})
	prog.clear()
	if werr != nil {
		return werr
	}
	if present > 0 {
		noun := "items"
		if present == 1 {
			noun = "item"
		}
		if err := say(fmt.Sprintf("skipped %d %s of %s: already in the corpus", present, noun, textclean.Line(feedURL))); err != nil {
			return err
		}
	}
	var page *ingest.NotAFeedError
	switch {
	case err != nil && ctx.Err() != nil:
		// Interrupted: the interrupt is said once, by main; the items
		// added so far are remembered.
		return nil
	case errors.As(err, &page) && len(page.Feeds) == 1:
		return report(feedURL, ingest.Result{}, fmt.Errorf("feed: %w: give that to --feed", err), "", false)
	case errors.As(err, &page) && len(page.Feeds) > 1:
		return report(feedURL, ingest.Result{}, fmt.Errorf("feed: %w: give one to --feed", err), "", false)
	case errors.As(err, &page):
		return report(feedURL, ingest.Result{}, fmt.Errorf("feed: %w; to add it as an article, leave out --feed", err), "", false)
	case err != nil:
		return report(feedURL, ingest.Result{}, fmt.Errorf("feed: %w", err), "", false)
	case rep.NotModified:
		return report(feedURL, ingest.Result{}, errNotModified, "", false)
	case rep.Items == 0:
		return report(feedURL, ingest.Result{}, errFeedEmpty, "", false)
	}
	return nil
}

// feedProgress is the progress line of a feed: "<feed>: 1 of 3 items done".
func feedProgress(feedURL string, done, of int) string {
	noun := "items"
	if of == 1 {
		noun = "item"
	}
	return fmt.Sprintf("%s: %d of %d %s done", textclean.Line(feedURL), done, of, noun)
}
