package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

func TestWatchReportsArticleChanges(t *testing.T) {
	dir := t.TempDir()
	calls := make(chan struct{}, 10)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- Watch(ctx, dir, 10*time.Millisecond, func() { calls <- struct{}{} }, nil) }()
	wait := func(what string) {
		t.Helper()
		select {
		case <-calls:
		case <-time.After(10 * time.Second):
			t.Fatalf("no report after %s", what)
		}
	}
	wait("the start") // the start is reported once: changes before it are not lost
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("x"), 0o644)
	wait("a new file")
	os.Remove(filepath.Join(dir, "a.txt"))
	wait("a removed file")
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := Watch(context.Background(), filepath.Join(dir, "missing"), 0, func() {}, nil); err == nil {
		t.Error("watching a missing folder did not fail")
	}
}

func TestIsArticleEvent(t *testing.T) {
	for _, tt := range []struct {
		ev   fsnotify.Event
		want bool
	}{
		{fsnotify.Event{Name: "/c/a.txt", Op: fsnotify.Create}, true},
		{fsnotify.Event{Name: "/c/a.TXT", Op: fsnotify.Write}, true},
		{fsnotify.Event{Name: "/c/a.txt", Op: fsnotify.Remove}, true},
		{fsnotify.Event{Name: "/c/a.txt", Op: fsnotify.Rename}, true},
		{fsnotify.Event{Name: "/c/a.txt", Op: fsnotify.Chmod}, false},
		{fsnotify.Event{Name: "/c/.add-123.tmp", Op: fsnotify.Create}, false},
		{fsnotify.Event{Name: "/c/" + FeedStateFile, Op: fsnotify.Write}, false},
	} {
		if got := isArticleEvent(tt.ev); got != tt.want {
			t.Errorf("%v: %v, want %v", tt.ev, got, tt.want)
		}
	}
}

// TestWatchFollowsAReplacedFolder: when the folder itself is replaced (moved
// away, removed, or a sibling renamed onto its path) the watch warns while it
// is gone, reports the new folder, and then follows the new folder's files.
func TestWatchFollowsAReplacedFolder(t *testing.T) {
	write := func(t *testing.T, dir, name string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name string
		gone func(t *testing.T, dir string) // makes the folder disappear; nil: swapped in one step
		back func(t *testing.T, dir string) // puts a new folder at the path
	}{
		{"moved away, then a new folder made",
			func(t *testing.T, dir string) { must(t, os.Rename(dir, dir+".old")) },
			func(t *testing.T, dir string) { must(t, os.Mkdir(dir, 0o755)); write(t, dir, "a.txt") }},
		{"removed, then made again",
			func(t *testing.T, dir string) { must(t, os.RemoveAll(dir)) },
			func(t *testing.T, dir string) { must(t, os.Mkdir(dir, 0o755)) }},
		{"a sibling renamed onto the path",
			func(t *testing.T, dir string) { must(t, os.RemoveAll(dir)) },
			func(t *testing.T, dir string) {
				must(t, os.Mkdir(dir+".new", 0o755))
				write(t, dir+".new", "a.txt")
				must(t, os.Rename(dir+".new", dir))
			}},
		{"moved away and replaced at once",
			nil,
			func(t *testing.T, dir string) {
				must(t, os.Mkdir(dir+".new", 0o755))
				must(t, os.Rename(dir, dir+".old"))
				must(t, os.Rename(dir+".new", dir))
			}},
		{"a symbolic link swapped to another folder",
			nil,
			func(t *testing.T, dir string) {
				must(t, os.Mkdir(dir+".v2", 0o755))
				must(t, os.Symlink(dir+".v2", dir+".link"))
				must(t, os.Rename(dir+".link", dir))
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "live")
			if strings.Contains(tt.name, "symbolic") {
				must(t, os.Mkdir(dir+".v1", 0o755))
				must(t, os.Symlink(dir+".v1", dir))
			} else {
				must(t, os.Mkdir(dir, 0o755))
			}
			// Each report carries the article files the caller would
			// load then.
			warnings, waitFor := watchReports(t, dir, nil)
			waitFor("the start", "")
			if tt.gone != nil {
				tt.gone(t, dir)
				waitGone(t, warnings)
			}
			tt.back(t, dir)
			waitFor("the folder came back", "")
			// The new folder is followed: each new file is reported.
			for _, f := range []string{"b.txt", "c.txt"} {
				write(t, dir, f)
				waitFor("a new file in the new folder", f)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestWatchFollowsAReplacedParent: when a folder above the corpus folder is
// replaced (a deploy swapping the folder that holds corpus/, in one step or
// by removing it and making it again, or a symbolic link swapped), the watch
// warns while the corpus folder is gone, reports the new one and then
// follows its files, as when the corpus folder itself is replaced.
func TestWatchFollowsAReplacedParent(t *testing.T) {
	write := func(t *testing.T, dir, name string) {
		t.Helper()
		must(t, os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644))
	}
	// Each case works on root/<top>/…/corpus: top is the folder replaced,
	// corpus the folder followed.
	for _, tt := range []struct {
		name  string
		below string                         // the path from the replaced folder down to the corpus folder
		link  bool                           // the replaced folder is a symbolic link
		gone  func(t *testing.T, top string) // makes it disappear; nil: swapped in one step
		back  func(t *testing.T, top, below string)
		first string // a file the new corpus folder holds when it comes, "" none
	}{
		{name: "the parent swapped for a new one", below: "corpus", first: "a.txt",
			back: func(t *testing.T, top, below string) {
				must(t, os.MkdirAll(filepath.Join(top+".new", below), 0o755))
				write(t, filepath.Join(top+".new", below), "a.txt")
				must(t, os.Rename(top, top+".old"))
				must(t, os.Rename(top+".new", top))
			}},
		{name: "the parent removed, then made again", below: "corpus",
			gone: func(t *testing.T, top string) { must(t, os.RemoveAll(top)) },
			back: func(t *testing.T, top, below string) {
				must(t, os.Mkdir(top, 0o755))
				must(t, os.Mkdir(filepath.Join(top, below), 0o755))
			}},
		{name: "the parent moved away, then one without the folder, which comes later", below: "corpus",
			gone: func(t *testing.T, top string) { must(t, os.Rename(top, top+".old")); must(t, os.Mkdir(top, 0o755)) },
			back: func(t *testing.T, top, below string) { must(t, os.Mkdir(filepath.Join(top, below), 0o755)) }},
		{name: "the grandparent swapped for a new one", below: filepath.Join("data", "corpus"), first: "a.txt",
			back: func(t *testing.T, top, below string) {
				must(t, os.MkdirAll(filepath.Join(top+".new", below), 0o755))
				write(t, filepath.Join(top+".new", below), "a.txt")
				must(t, os.Rename(top, top+".old"))
				must(t, os.Rename(top+".new", top))
			}},
		{name: "the parent, a symbolic link, swapped to another release", below: "corpus", link: true, first: "a.txt",
			back: func(t *testing.T, top, below string) {
				must(t, os.MkdirAll(filepath.Join(top+".v2", below), 0o755))
				write(t, filepath.Join(top+".v2", below), "a.txt")
				must(t, os.Symlink(top+".v2", top+".link"))
				must(t, os.Rename(top+".link", top))
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			top := filepath.Join(t.TempDir(), "site")
			if tt.link {
				must(t, os.MkdirAll(filepath.Join(top+".v1", tt.below), 0o755))
				must(t, os.Symlink(top+".v1", top))
			} else {
				must(t, os.MkdirAll(filepath.Join(top, tt.below), 0o755))
			}
			dir := filepath.Join(top, tt.below)
			warnings, waitFor := watchReports(t, dir, nil)
			waitFor("the start", "")
			// The old folder is followed before the swap.
			write(t, dir, "old.txt")
			waitFor("a new file before the swap", "old.txt")
			if tt.gone != nil {
				tt.gone(t, top)
				waitGone(t, warnings)
			}
			tt.back(t, top, tt.below)
			waitFor("the folder came back", tt.first)
			// The new folder is followed: each new file is reported.
			for _, f := range []string{"b.txt", "c.txt"} {
				write(t, dir, f)
				waitFor("a new file in the new folder", f)
			}
			select {
			case err := <-warnings:
				if !errors.Is(err, ErrFolderGone) {
					t.Errorf("unexpected warning %v", err)
				}
			default:
			}
		})
	}
}

// TestWatchFollowsAParentReplacedAsItStarts: a parent of the corpus
// folder swapped while Watch starts, after the corpus folder is watched
// but before the folder holding the parent is, sends no event; Watch still
// follows the new corpus folder, not the one that went with the old parent.
func TestWatchFollowsAParentReplacedAsItStarts(t *testing.T) {
	root := t.TempDir()
	top := filepath.Join(root, "site")
	dir := filepath.Join(top, "corpus")
	must(t, os.MkdirAll(dir, 0o755))
	must(t, os.MkdirAll(filepath.Join(top+".new", "corpus"), 0o755))
	swapped := false
	warnings, waitFor := watchReports(t, dir, func(d string) {
		// The folders are added from the root down: this is the last one
		// before root, which holds the parent.
		if d == filepath.Dir(root) && !swapped {
			swapped = true
			if err := os.Rename(top, top+".old"); err != nil {
				t.Error(err)
			}
			if err := os.Rename(top+".new", top); err != nil {
				t.Error(err)
			}
		}
	})
	waitFor("the start", "")
	for _, f := range []string{"b.txt", "c.txt"} {
		must(t, os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644))
		waitFor("a new file in the new folder", f)
	}
	select {
	case err := <-warnings:
		t.Errorf("unexpected warning %v", err)
	default:
	}
}

// TestPathWatchSeesAFolderMadeMeanwhile: a folder of the path made while
// the watch of the path is being set up, after its own add found nothing,
// is still seen: the folder above it is watched by then. (When the folders
// were added from the parent up, a parent made in that moment went unseen,
// and so did the corpus folder made in it later: a watch that waited 10 s
// in vain, under load.)
func TestPathWatchSeesAFolderMadeMeanwhile(t *testing.T) {
	top := filepath.Join(t.TempDir(), "site")
	p := newPathWatch(filepath.Join(top, "corpus"))
	p.added = func(d string) {
		if d == top { // not there when added: made now, as a deploy would
			must(t, os.Mkdir(top, 0o755))
		}
	}
	p.rewatch(func(err error) { t.Errorf("warning %v", err) })
	defer p.close()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ev := <-p.w.Events:
			if p.onPath(ev) && ev.Name == top {
				return
			}
		case err := <-p.w.Errors:
			t.Fatal(err)
		case <-deadline:
			t.Fatal("the folder made during the watch's set-up was not seen")
		}
	}
}

// waitGone waits for Watch's warning that the folder is gone.
func waitGone(t *testing.T, warnings <-chan error) {
	t.Helper()
	select {
	case err := <-warnings:
		if !errors.Is(err, ErrFolderGone) {
			t.Errorf("warning %v, want one saying the folder is gone", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no warning that the folder is gone")
	}
}

// watchReports watches dir until the test ends. Each reload reports the
// article files the caller would load then; waitFor waits for a report
// (holding file, when not "") after what, and warnings receives what
// Watch warns of. added, when not nil, is called as each folder above dir
// is added to the watch.
func watchReports(t *testing.T, dir string, added func(string)) (warnings <-chan error, waitFor func(what, file string)) {
	t.Helper()
	reports := make(chan []string, 100)
	warned := make(chan error, 100)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		done <- watch(ctx, dir, 10*time.Millisecond, func() {
			names, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
			for i := range names {
				names[i] = filepath.Base(names[i])
			}
			reports <- names
		}, func(err error) { warned <- err }, added)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return warned, func(what, file string) {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case names := <-reports:
				if file == "" || slices.Contains(names, file) {
					return
				}
			case <-deadline:
				t.Fatalf("no report after %s", what)
			}
		}
	}
}
