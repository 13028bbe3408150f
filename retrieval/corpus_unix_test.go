//go:build unix

package retrieval

import (
	"maps"
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

// TestLoadSaysWhyAFileCannotBeRead: a symbolic link to no file, and a file
// that cannot be read, are skipped with one short reason each, not the
// file system's "stat x.txt: no such file or directory".
func TestLoadSaysWhyAFileCannotBeRead(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "good.txt"), []byte("date 2025-03-01 Envoys meet\n\nThey met.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gone := filepath.Join(t.TempDir(), "gone.txt")
	if err := os.Symlink(gone, filepath.Join(dir, "dangling.txt")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := os.Symlink("loop.txt", filepath.Join(dir, "loop.txt")); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"dangling.txt": "broken symbolic link: " + gone + " does not exist",
		"loop.txt":     "cannot read it: too many levels of symbolic links",
	}
	if os.Geteuid() != 0 { // root reads it anyway
		if err := os.WriteFile(filepath.Join(dir, "locked.txt"), []byte("date 2025-03-01 X\n\nText.\n"), 0o000); err != nil {
			t.Fatal(err)
		}
		want["locked.txt"] = "cannot read it: permission denied"
	}
	for _, load := range []func() (*Corpus, error){
		func() (*Corpus, error) { return LoadDir(dir) },
		NewLoader(dir).Load,
	} {
		c, err := load()
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, s := range c.Skipped {
			got[s.File] = s.Reason
		}
		if len(c.Articles) != 1 || !maps.Equal(got, want) {
			t.Errorf("articles %d, skipped %q; want %q", len(c.Articles), got, want)
		}
	}
}
