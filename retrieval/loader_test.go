package retrieval

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"
)

// TestLoaderMatchesLoadDir changes a folder step by step and checks that
// the reusing Loader always returns what a fresh LoadDir returns.
func TestLoaderMatchesLoadDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string, mod time.Time) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, mod, mod)
	}
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewLoader(dir)
	check := func(step string) {
		t.Helper()
		got, gerr := l.Load()
		want, werr := LoadDir(dir)
		if (gerr == nil) != (werr == nil) || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: Loader gave %+v %v, LoadDir %+v %v", step, got, gerr, want, werr)
		}
	}
	if _, err := l.Load(); !errors.Is(err, ErrNoArticles) {
		t.Fatalf("empty folder: %v", err)
	}
	write("a.txt", "date 2025-03-01 Envoys meet\n\nEnvoys met in Riyadh.\n", t0)
	write("b.txt", "date 2025-03-02 Talks go on\n\nTalks went on in Istanbul.\n", t0)
	write("bad.txt", "no header\n", t0)
	check("first load")
	write("a.txt", "date 2025-03-01 Envoys meet\n\nEnvoys met in Jeddah.\n", t0.Add(time.Second))
	check("a changed")
	write("c.txt", "date 2025-03-02 Talks go on\n\nTalks went on in Istanbul.\n", t0) // a duplicate of b
	check("a duplicate added")
	os.Remove(filepath.Join(dir, "b.txt"))
	check("b removed: c is no longer a duplicate")
	write("bad.txt", "date 2025-03-03 Fixed\n\nNow it parses.\n", t0.Add(2*time.Second))
	check("bad fixed")
}

// TestNewestFirst: articles newest first, one day's by headline then id;
// the list given is left as it was.
func TestNewestFirst(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 2, d, 0, 0, 0, 0, time.UTC) }
	in := []*Article{
		{ID: "c", Headline: "B", Date: day(18)},
		{ID: "a", Headline: "A", Date: day(12)},
		{ID: "d", Headline: "B", Date: day(18)},
		{ID: "b", Headline: "A", Date: day(18)},
	}
	var got []string
	for _, a := range NewestFirst(in) {
		got = append(got, a.ID)
	}
	if want := []string{"b", "c", "d", "a"}; !slices.Equal(got, want) {
		t.Errorf("NewestFirst: %v, want %v", got, want)
	}
	if in[0].ID != "c" {
		t.Error("NewestFirst changed the list it was given")
	}
}
