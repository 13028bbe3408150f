package retrieval

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
)

// ErrNoArticles means a corpus folder held no loadable article.
var ErrNoArticles = errors.New("no article could be loaded")

// Corpus is the set of articles loaded from one folder, and the files that
// were skipped with their reasons.
type Corpus struct {
	Articles []*Article // sorted by id
	Skipped  []Skipped  // sorted by file name
}

// Skipped is a file that was not loaded, and why.
type Skipped struct {
	File   string
	Reason string
}

// Article returns the article with the given id, or nil.
func (c *Corpus) Article(id string) *Article {
	i := sort.Search(len(c.Articles), func(i int) bool { return c.Articles[i].ID >= id })
	if i < len(c.Articles) && c.Articles[i].ID == id {
		return c.Articles[i]
	}
	return nil
}

// NewestFirst returns the articles newest first, those of one day by
// headline, then by id: how the article lists people read (sources,
// /sources) show them. in is not changed.
func NewestFirst(in []*Article) []*Article {
	out := slices.Clone(in)
	slices.SortFunc(out, func(a, b *Article) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return cmp.Or(strings.Compare(a.Headline, b.Headline), strings.Compare(a.ID, b.ID))
	})
	return out
}

// Passage returns the passage with the given id ("<article>#<n>") and its
// article, or ok false.
func (c *Corpus) Passage(id string) (Passage, *Article, bool) {
	k := strings.LastIndexByte(id, '#')
	if k < 0 {
		return Passage{}, nil, false
	}
	a := c.Article(id[:k])
	if a == nil {
		return Passage{}, nil, false
	}
	for _, p := range a.Passages {
		if p.ID == id {
			return p, a, true
		}
	}
	return Passage{}, nil, false
}

// Load reads every .txt file at the top of fsys as an article. A file that is
// not a valid article is skipped and reported in Corpus.Skipped; the rest
// load. Other files and folders are ignored. It fails only when the folder
// cannot be read or no article loads (ErrNoArticles).
func Load(fsys fs.FS) (*Corpus, error) { return LoadContext(context.Background(), fsys) }

// LoadContext is Load that stops between files when ctx is done, returning
// ctx's error: a large folder must not hold up Ctrl-C.
func LoadContext(ctx context.Context, fsys fs.FS) (*Corpus, error) {
	return loadFolder(ctx, fsys, loadFile)
}

// loadFolder is LoadContext reading each article with load (the Loader
// passes one that reuses unchanged files).
func loadFolder(ctx context.Context, fsys fs.FS, load func(fs.FS, string) (*Article, error)) (*Corpus, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("read corpus folder: %w", err)
	}
	c := &Corpus{}
	seen := map[[32]byte]string{}
	for _, e := range entries { // ReadDir sorts by name, so the order is stable
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		name := e.Name()
		if e.IsDir() || !strings.EqualFold(path.Ext(name), ".txt") {
			continue
		}
		a, err := load(fsys, name)
		c.add(name, a, err, seen)
	}
	if len(c.Articles) == 0 {
		return c, ErrNoArticles
	}
	return c, nil
}

// LoadDir loads the articles in a folder of the OS file system, with a clear
// error when the folder does not exist or is not a folder.
func LoadDir(dir string) (*Corpus, error) { return LoadDirContext(context.Background(), dir) }

// LoadDirContext is LoadDir that stops when ctx is done (see LoadContext).
func LoadDirContext(ctx context.Context, dir string) (*Corpus, error) {
	return loadDir(ctx, dir, loadFile)
}

// loadDir is LoadDirContext reading each article with load.
func loadDir(ctx context.Context, dir string, load func(fs.FS, string) (*Article, error)) (*Corpus, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("corpus folder %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("corpus folder %s: not a folder", dir)
	}
	c, err := loadFolder(ctx, os.DirFS(dir), load)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return c, fmt.Errorf("corpus folder %s: %w", dir, err)
	}
	return c, nil
}

func loadFile(fsys fs.FS, name string) (*Article, error) {
	// Stat before Open: opening a named pipe or a device would block or read
	// forever. fs.Stat follows symbolic links, so a link to a file loads.
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	if st.Size() > MaxArticleBytes {
		return nil, ErrTooLarge
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxArticleBytes+1))
	if err != nil {
		return nil, err
	}
	return ParseArticle(name, data)
}

// add puts the article loaded from file name into c, or lists the file as
// skipped: when it failed to load (err), or when it repeats an article
// already in c, so the same story saved under two names loads once (seen
// maps fingerprints to the first file).
func (c *Corpus) add(name string, a *Article, err error, seen map[[32]byte]string) {
	if err == nil {
		fp := a.Fingerprint()
		if first, dup := seen[fp]; dup {
			err = fmt.Errorf("%w %s", ErrDuplicate, first)
		} else {
			seen[fp] = name
		}
	}
	if err != nil {
		c.Skipped = append(c.Skipped, Skipped{File: name, Reason: err.Error()})
		return
	}
	c.Articles = append(c.Articles, a)
}
