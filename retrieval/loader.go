package retrieval

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"
)

// Loader loads a corpus folder again and again, as a server following the
// folder does: a file whose size and modification time are unchanged since
// the last load is not read or parsed again. The result is what LoadDir
// would return. A Loader is not safe for concurrent use.
type Loader struct {
	dir   string
	files map[string]loadedFile
}

type loadedFile struct {
	size    int64
	modTime time.Time
	article *Article
	err     error
}

// NewLoader returns a Loader for the folder dir.
func NewLoader(dir string) *Loader { return &Loader{dir: dir, files: map[string]loadedFile{}} }

// Load loads the folder, parsing only the files that changed.
func (l *Loader) Load() (*Corpus, error) { return l.LoadContext(context.Background()) }

// LoadContext is Load that stops between files when ctx is done, returning
// ctx's error (and keeping what it had loaded before).
func (l *Loader) LoadContext(ctx context.Context) (*Corpus, error) {
	st, err := os.Stat(l.dir)
	if err != nil {
		return nil, fmt.Errorf("corpus folder %s: %w", l.dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("corpus folder %s: not a folder", l.dir)
	}
	fsys := os.DirFS(l.dir)
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("corpus folder %s: read corpus folder: %w", l.dir, err)
	}
	c := &Corpus{}
	seen := map[[32]byte]string{}
	next := make(map[string]loadedFile, len(entries))
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		name := e.Name()
		if e.IsDir() || !strings.EqualFold(path.Ext(name), ".txt") {
			continue
		}
		var a *Article
		fst, serr := fs.Stat(fsys, name)
		if prev, ok := l.files[name]; ok && serr == nil && fst.Mode().IsRegular() &&
			prev.size == fst.Size() && prev.modTime.Equal(fst.ModTime()) {
			a, err = prev.article, prev.err
		} else {
			a, err = loadFile(fsys, name)
		}
		if serr == nil {
			next[name] = loadedFile{size: fst.Size(), modTime: fst.ModTime(), article: a, err: err}
		}
		c.add(name, a, err, seen)
	}
	l.files = next
	if len(c.Articles) == 0 {
		return c, fmt.Errorf("corpus folder %s: %w", l.dir, ErrNoArticles)
	}
	return c, nil
}
