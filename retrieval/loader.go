package retrieval

import (
	"context"
	"io/fs"
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
	next := make(map[string]loadedFile, len(l.files))
	c, err := loadDir(ctx, l.dir, func(fsys fs.FS, name string) (*Article, error) {
		fst, serr := fs.Stat(fsys, name)
		if serr != nil {
			return loadFile(fsys, name)
		}
		prev, ok := l.files[name]
		var a *Article
		var err error
		if ok && fst.Mode().IsRegular() && prev.size == fst.Size() && prev.modTime.Equal(fst.ModTime()) {
			a, err = prev.article, prev.err
		} else {
			a, err = loadFile(fsys, name)
		}
		next[name] = loadedFile{size: fst.Size(), modTime: fst.ModTime(), article: a, err: err}
		return a, err
	})
	if c != nil {
		l.files = next // kept when the load was stopped or the folder unreadable
	}
	return c, err
}
