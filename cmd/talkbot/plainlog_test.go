package main

import (
	"bytes"
	"errors"
	"log/slog"
	"testing"
)

// TestPlainHandler: a one-shot command's log record is one plain line,
// the message, its error and its other fields, without time or level;
// records below the level are dropped.
func TestPlainHandler(t *testing.T) {
	tests := []struct {
		name string
		log  func(*slog.Logger)
		want string
	}{
		{"message alone", func(l *slog.Logger) { l.Warn("embeddings unavailable") }, "talkbot: embeddings unavailable\n"},
		{"error ends the sentence", func(l *slog.Logger) {
			l.Warn("hybrid search: falling back to BM25", "err", errors.New("embed query: HTTP 500"))
		}, "talkbot: hybrid search: falling back to BM25: embed query: HTTP 500\n"},
		{"fields after it, quoted when they must be", func(l *slog.Logger) {
			l.Warn("llm request failed, retrying", "kind", "server error", "status", 500, "err", errors.New("busy"), "empty", "")
		}, `talkbot: llm request failed, retrying: busy; kind="server error" status=500 empty=""` + "\n"},
		{"With and groups", func(l *slog.Logger) {
			l.With("feed", "f.xml").WithGroup("item").With("n", 2).Warn("item failed", "reason", "404", slog.Group("g", "x", 1))
		}, "talkbot: item failed; feed=f.xml item.n=2 item.reason=404 item.g.x=1\n"},
		{"below the level", func(l *slog.Logger) { l.Info("loaded") }, ""},
		{"control characters cleaned", func(l *slog.Logger) { l.Warn("skipped", "file", "a\x1b[31m.txt") }, "talkbot: skipped; file=a.txt\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			tt.log(slog.New(newPlainHandler(&b, slog.LevelWarn)))
			if b.String() != tt.want {
				t.Errorf("got  %q\nwant %q", b.String(), tt.want)
			}
		})
	}
}
