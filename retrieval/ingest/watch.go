package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultDebounce is how long a folder must be quiet after a change before
// Watch reports it: a feed run writing twenty articles causes one reload,
// not twenty.
const DefaultDebounce = 500 * time.Millisecond

// Watch reports changes to the article files (*.txt) of dir: after a file is
// created, written, removed or renamed, and the folder has then been quiet
// for debounce, it calls changed once. Temporary files are
// ignored (they do not end in .txt), so an atomic write (temporary file, then rename) is one change.
// It also reports once when the watch has started, so a change made before
// it started is not lost. It returns when ctx ends, or with an error when dir cannot be watched.
// Errors of the watcher itself go to warn.
func Watch(ctx context.Context, dir string, debounce time.Duration, changed func(), warn func(error)) error {
	if debounce <= 0 {
		debounce = DefaultDebounce
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch corpus folder: %w", err)
	}
	defer w.Close()
	if err := w.Add(dir); err != nil {
		return fmt.Errorf("watch corpus folder %s: %w", dir, err)
	}
	// One report right after the watch starts: a change between the
	// caller's load and now sent no event.
	timer := time.NewTimer(debounce)
	pending := true
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if !isArticleEvent(ev) {
				continue
			}
			timer.Reset(debounce)
			pending = true
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			if warn != nil {
				warn(err)
			}
			// An overflow loses events: reload to be sure.
			timer.Reset(debounce)
			pending = true
		case <-timer.C:
			if pending {
				pending = false
				changed()
			}
		}
	}
}

func isArticleEvent(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	base := filepath.Base(ev.Name)
	return strings.EqualFold(filepath.Ext(base), ".txt")
}
