package ingest

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMissingSchemeHint: an input that names no file but reads as a URL
// without its scheme says to put http:// or https:// in front, rather than
// only "no such file or directory"; a missing file's path does not.
func TestMissingSchemeHint(t *testing.T) {
	ad, err := NewAdder(t.TempDir(), testFetcher())
	if err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "gone.html")
	tests := []struct {
		input string
		hint  bool
	}{
		{"127.0.0.1:8765/article2.html", true},
		{"example.com/2025/03/11/story", true},
		{"www.example.com", true},
		{"localhost:8080/a", true},
		{"notes/article.txt", false},
		{"page.html", false},
		{"saved.page.html", false},
		{missing, false},
	}
	for _, tt := range tests {
		_, err := ad.Add(context.Background(), tt.input, time.Time{})
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: error %v, want fs.ErrNotExist", tt.input, err)
			continue
		}
		if got := strings.Contains(err.Error(), "https://"+tt.input); got != tt.hint {
			t.Errorf("%s: %v; want a hint to add https://: %v", tt.input, err, tt.hint)
		}
	}
}
