package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTimelinePNGFontWarning: with TALKBOT_FONT naming a file that is not
// there, a picture of Chinese, Japanese and Korean text is still written,
// and stderr has one warning line naming the setting.
func TestTimelinePNGFontWarning(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "cjk.png")
	missing := filepath.Join(dir, "no-such-font.ttf")
	code, out, errOut := talkbot(t, map[string]string{"TALKBOT_FONT": missing},
		"timeline", "--corpus", filepath.Join("..", "..", "retrieval", "testdata", "cjk"), "--png", file)
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	if fi, err := os.Stat(file); err != nil || fi.Size() == 0 {
		t.Fatalf("no picture: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "talkbot: warning: ") ||
		!strings.Contains(lines[0], "TALKBOT_FONT") || !strings.Contains(lines[0], missing) {
		t.Errorf("stderr %q, want one warning line naming TALKBOT_FONT and %s", errOut, missing)
	}
	if !strings.HasPrefix(out, "Wrote "+file) {
		t.Errorf("stdout %q", out)
	}
}
