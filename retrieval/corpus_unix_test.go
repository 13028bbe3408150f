//go:build unix

package retrieval

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestLoadSkipsPipes(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "good.txt"), []byte("date 2025-03-01 Envoys meet\n\nThey met.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Opening the pipe would block until a writer comes: Load must not open it.
	c, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Articles) != 1 || len(c.Skipped) != 1 || c.Skipped[0].File != "pipe.txt" || c.Skipped[0].Reason != ErrNotRegular.Error() {
		t.Errorf("articles %d, skipped %+v", len(c.Articles), c.Skipped)
	}
}
