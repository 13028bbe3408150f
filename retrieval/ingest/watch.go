package ingest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultDebounce is how long a folder must be quiet after a change before
// Watch reports it: a feed run writing twenty articles causes one reload,
// not twenty.
const DefaultDebounce = 500 * time.Millisecond

// ErrFolderGone is what Watch warns with when the folder it follows was
// removed or renamed away.
var ErrFolderGone = errors.New("corpus folder is gone (removed or renamed); waiting for it to come back")

// Watch reports changes to the article files (*.txt) of dir: after a file is
// created, written, removed or renamed, and the folder has then been quiet
// for debounce, it calls changed once. Temporary files are
// ignored (they do not end in .txt), so an atomic write (temporary file, then rename) is one change.
// It also reports once when the watch has started, so a change made before
// it started is not lost. It returns when ctx ends, or with an error when dir cannot be watched.
// Errors of the watcher itself go to warn.
//
// The folder itself may be replaced: moved away or removed and made again,
// a sibling folder (or a symbolic link) renamed onto its path, as deploy
// tools do. fsnotify watches the folder's inode, not its path, so Watch also
// watches the parent folder for dir's name: when dir goes, it warns once
// (ErrFolderGone) and reports a change (the caller's load then fails and it
// keeps what it had); when a folder is at the path again, it watches that one
// and reports a change. The same holds when a folder above it is replaced (a
// deploy swapping /srv/talkbot that holds corpus/): every folder up the path
// is watched for the name of the next one down, so the corpus folder that
// comes with a new parent is followed too.
func Watch(ctx context.Context, dir string, debounce time.Duration, changed func(), warn func(error)) error {
	return watch(ctx, dir, debounce, changed, warn, nil)
}

// watch is Watch; added, when not nil, is called after each folder above
// dir is added to the watch (pathWatch.added), for tests.
func watch(ctx context.Context, dir string, debounce time.Duration, changed func(), warn func(error), added func(string)) error {
	if debounce <= 0 {
		debounce = DefaultDebounce
	}
	if warn == nil {
		warn = func(error) {}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("watch corpus folder %s: %w", dir, err)
	}
	f := &folderWatch{path: abs}
	if err := f.rewatch(); err != nil {
		return fmt.Errorf("watch corpus folder %s: %w", dir, err)
	}
	defer f.close()
	// The folders above, for the names down to the folder. Without them the
	// folder is still followed, only not once replaced.
	up := newPathWatch(abs)
	up.added = added
	up.rewatch(warn)
	defer up.close()
	// Then look at the path again, as after an event of the path: a folder
	// above replaced before it was watched sent no event, and the folder
	// watched is the one it held (the report below covers a change).
	f.check(warn)
	// One report right after the watch starts: a change between the
	// caller's load and now sent no event.
	timer := time.NewTimer(debounce)
	pending := true
	report := func() {
		timer.Reset(debounce)
		pending = true
	}
	for {
		var events, upEvents chan fsnotify.Event
		var errs, upErrs chan error
		if f.w != nil {
			events, errs = f.w.Events, f.w.Errors
		}
		if up.w != nil {
			upEvents, upErrs = up.w.Events, up.w.Errors
		}
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case ev, ok := <-events:
			if !ok {
				return nil
			}
			if ev.Name == abs { // the folder itself was removed or moved
				if f.check(warn) {
					report()
				}
				continue
			}
			if !isArticleEvent(ev) {
				continue
			}
			report()
		case ev, ok := <-upEvents:
			if !ok {
				up.close()
				continue
			}
			if !up.onPath(ev) {
				continue
			}
			// A folder on the path went or came: watch the folders now
			// there first, then look at the path, so a swap in between is
			// seen by one or the other.
			up.rewatch(warn)
			if f.check(warn) {
				report()
			}
		case err, ok := <-errs:
			if !ok {
				return nil
			}
			warn(err)
			// An overflow loses events: reload to be sure.
			report()
		case err, ok := <-upErrs:
			if !ok {
				up.close()
				continue
			}
			warn(err)
			// A lost event may have been one of the path's: look again.
			up.rewatch(warn)
			f.check(warn)
			report()
		case <-timer.C:
			if pending {
				pending = false
				changed()
			}
		}
	}
}

// pathWatch watches the folders above the corpus folder (its parent up to
// the root), each for the name of the next folder down the path. One
// watcher holds them all, made anew whenever a name on the path changes, so
// no kernel watch lingers on a folder that was replaced (its events, named
// by the old path, would read as the new folder's).
type pathWatch struct {
	dirs   []string        // parent, grandparent, …, the root
	names  map[string]bool // the folder and every folder above it
	w      *fsnotify.Watcher
	warned map[string]bool  // folders that could not be watched, warned once each
	added  func(dir string) // when not nil, called after each folder's add: tests make changes there
}

func newPathWatch(abs string) *pathWatch {
	p := &pathWatch{names: map[string]bool{abs: true}, warned: map[string]bool{}}
	for d := abs; filepath.Dir(d) != d; {
		d = filepath.Dir(d)
		p.dirs = append(p.dirs, d)
		p.names[d] = true
	}
	return p
}

// rewatch watches the folders now on the path, replacing the earlier watch.
// A folder missing from the path is not watched (the one above it sees it
// come back); one that cannot be watched for another reason is warned about
// once. The folders are added from the root down, so a folder made on the
// path meanwhile is either there when it is added or made after the folder
// above it is watched, which then reports it. (Added from the parent up,
// one made after its own add found nothing but before the folder above was
// watched went unseen, and so did the corpus folder made in it later.)
func (p *pathWatch) rewatch(warn func(error)) {
	p.close()
	w, err := fsnotify.NewWatcher()
	if err != nil {
		if !p.warned[""] {
			p.warned[""] = true
			warn(fmt.Errorf("watch the folders above the corpus folder (a replaced folder will not be noticed): %w", err))
		}
		return
	}
	for _, d := range slices.Backward(p.dirs) {
		if err := w.Add(d); err != nil && !errors.Is(err, fs.ErrNotExist) && !p.warned[d] {
			p.warned[d] = true
			warn(fmt.Errorf("watch %s, above the corpus folder (its replacement will not be noticed): %w", d, err))
		}
		if p.added != nil {
			p.added(d)
		}
	}
	p.w = w
}

// onPath reports whether an event is about a folder of the path: one
// created, removed or renamed (a change of attributes is not, and a busy
// folder such as /tmp has many, as its link count follows its subfolders).
func (p *pathWatch) onPath(ev fsnotify.Event) bool {
	return ev.Has(fsnotify.Create|fsnotify.Remove|fsnotify.Rename) && p.names[filepath.Clean(ev.Name)]
}

func (p *pathWatch) close() {
	if p.w != nil {
		p.w.Close()
		p.w = nil
	}
}

// folderWatch is the watch on the folder at path: a watcher of its own, so
// that dropping it when the folder is replaced drops every kernel watch on
// the old folder.
type folderWatch struct {
	path string
	w    *fsnotify.Watcher // nil while the folder is gone
	id   os.FileInfo       // the folder being watched, to tell a new one at the same path
}

// rewatch watches the folder now at the path, replacing any earlier watch.
func (f *folderWatch) rewatch() error {
	f.close()
	// Stat before Add: a folder swapped in between is then watched but
	// recorded as the old one, and the next event for the name watches it
	// again (the other order could miss it).
	st, err := os.Stat(f.path)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("not a folder")
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	if err := w.Add(f.path); err != nil {
		w.Close()
		return err
	}
	f.w, f.id = w, st
	return nil
}

// check looks at what is at the path after an event for the folder's name:
// it warns when the folder went, and watches a new one. It reports whether
// anything changed.
func (f *folderWatch) check(warn func(error)) bool {
	st, err := os.Stat(f.path)
	if err == nil && st.IsDir() && f.w != nil && os.SameFile(st, f.id) {
		return false // still the folder being watched
	}
	wasWatching := f.w != nil
	if err == nil && st.IsDir() {
		if err = f.rewatch(); err == nil {
			return true
		}
	}
	f.close()
	if wasWatching {
		warn(fmt.Errorf("%w: %s", ErrFolderGone, f.path))
	}
	return wasWatching
}

func (f *folderWatch) close() {
	if f.w != nil {
		f.w.Close()
		f.w = nil
	}
}

func isArticleEvent(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	base := filepath.Base(ev.Name)
	return strings.EqualFold(filepath.Ext(base), ".txt")
}
