package discord

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
)

// TestTimelinePictureFontWarning: a picture with Chinese text and an
// unusable font is still attached, and the warning is logged once.
func TestTimelinePictureFontWarning(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-font.ttf")
	events := testEvents(3)
	for i := range events {
		events[i].Text = "美国和俄罗斯高级官员在沙特阿拉伯首都利雅得会谈"
	}
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	m := timelineMessage(events, timelineQuery{}, 1, formatPicture, missing, log)
	if len(m.Files) != 1 {
		t.Fatalf("%d files attached, want the picture", len(m.Files))
	}
	got := logs.String()
	if strings.Count(got, "\n") != 1 || !strings.Contains(got, "level=WARN") || !strings.Contains(got, "TALKBOT_FONT") || !strings.Contains(got, missing) {
		t.Errorf("log %q, want one warning naming TALKBOT_FONT and %s", got, missing)
	}
}

// TestTimelinePictureFontFromConfig: the picture takes its font from the
// configuration read at start-up, not from the environment of the moment:
// a TALKBOT_FONT set later (here, to a file that does not exist) is not
// read. (The Go font has no Chinese, so the warning names it.)
func TestTimelinePictureFontFromConfig(t *testing.T) {
	font := filepath.Join(t.TempDir(), "go.ttf")
	if err := os.WriteFile(font, goregular.TTF, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := ConfigFromEnv(func(k string) string {
		return map[string]string{"DISCORD_TOKEN": "t", "TALKBOT_FONT": font}[k]
	})
	if err != nil || cfg.Font != font {
		t.Fatalf("ConfigFromEnv: Font %q, %v; want %s", cfg.Font, err, font)
	}
	t.Setenv("TALKBOT_FONT", filepath.Join(t.TempDir(), "gone.ttf"))
	events := testEvents(3)
	events[0].Text = "美俄官员在利雅得会谈"
	var logs bytes.Buffer
	m := timelineMessage(events, timelineQuery{}, 1, formatPicture, cfg.Font, slog.New(slog.NewTextHandler(&logs, nil)))
	if got := logs.String(); len(m.Files) != 1 || !strings.Contains(got, "fonts found lack ("+font+")") || strings.Contains(got, "gone.ttf") {
		t.Errorf("%d files, log %q; want the picture drawn with %s, not the environment's font", len(m.Files), got, font)
	}
}

// TestFontConfig: TALKBOT_FONT is checked once, at start-up: a file that is
// missing or not a font is one line naming the variable, the path and the
// reason; unset searches the system's fonts.
func TestFontConfig(t *testing.T) {
	dir := t.TempDir()
	notFont := filepath.Join(dir, "notes.ttf")
	if err := os.WriteFile(notFont, []byte("not a font"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, font string
		want       []string // in the error; nil: no error
	}{
		{"unset", "", nil},
		{"missing", filepath.Join(dir, "missing.ttf"), []string{"TALKBOT_FONT: ", filepath.Join(dir, "missing.ttf"), "no such file"}},
		{"not a font", notFont, []string{"TALKBOT_FONT: ", notFont, "not a TrueType or OpenType font"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ConfigFromEnv(func(k string) string {
				return map[string]string{"DISCORD_TOKEN": "t", "TALKBOT_FONT": tt.font}[k]
			})
			if tt.want == nil {
				if err != nil || cfg.Font != "" {
					t.Errorf("Font %q, %v; want none and no error", cfg.Font, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error for %s", tt.font)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q: want one line", err)
			}
		})
	}
}
