package ingest

import (
	"context"
	"os"
	"path/filepath"
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
