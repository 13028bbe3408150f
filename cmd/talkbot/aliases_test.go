package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAliasesFile: TALKBOT_ALIASES replaces the built-in spelling aliases,
// and a bad file is a usage error naming the line.
func TestAliasesFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "aliases.txt")
	os.WriteFile(good, []byte("# none of the built-in ones\nmoskva moscow\n"), 0o644)
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("kyiv kiev\nMoskva moscow\n"), 0o644)

	_, out, _ := talkbot(t, map[string]string{}, "search", "-k", "1", "Kyiv")
	if !strings.Contains(out, "Kyiv") && !strings.Contains(out, "Kiev") {
		t.Fatalf("built-in aliases: searching Kyiv found %q", out)
	}
	code, out, errOut := talkbot(t, map[string]string{"TALKBOT_ALIASES": good}, "search", "-k", "1", "Moskva")
	if code != 0 || !strings.Contains(out, "Moscow") {
		t.Errorf("own aliases: Moskva should find Moscow; exit %d, %q, %q", code, out, errOut)
	}
	code, _, errOut = talkbot(t, map[string]string{"TALKBOT_ALIASES": bad}, "search", "Moskva")
	if code != 2 || !strings.Contains(errOut, "TALKBOT_ALIASES: "+bad+": line 2:") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("bad aliases file: exit %d, %q", code, errOut)
	}
	code, _, errOut = talkbot(t, map[string]string{"TALKBOT_ALIASES": filepath.Join(dir, "missing.txt")}, "ask", "Moskva?")
	if code != 2 || !strings.Contains(errOut, "TALKBOT_ALIASES") {
		t.Errorf("missing aliases file: exit %d, %q", code, errOut)
	}
}
