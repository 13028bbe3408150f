package discord

import (
	"bytes"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

// TestTimelinePictureFontWarning: a picture with Chinese text and an
// unusable TALKBOT_FONT is still attached, and the warning is logged once.
func TestTimelinePictureFontWarning(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-font.ttf")
	t.Setenv("TALKBOT_FONT", missing)
	events := testEvents(3)
	for i := range events {
		events[i].Text = "美国和俄罗斯高级官员在沙特阿拉伯首都利雅得会谈"
	}
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	m := timelineMessage(events, timelineQuery{}, 1, formatPicture, log)
	if len(m.Files) != 1 {
		t.Fatalf("%d files attached, want the picture", len(m.Files))
	}
	got := logs.String()
	if strings.Count(got, "\n") != 1 || !strings.Contains(got, "level=WARN") || !strings.Contains(got, "TALKBOT_FONT") || !strings.Contains(got, missing) {
		t.Errorf("log %q, want one warning naming TALKBOT_FONT and %s", got, missing)
	}
}
