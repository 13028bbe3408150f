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
	txt, files, dirs := 0, 0, 0 // other files and folders, not hidden ones (.DS_Store, .git)
	for _, e := range entries { // ReadDir sorts by name, so the order is stable
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		name := e.Name()
		if e.IsDir() || !strings.EqualFold(path.Ext(name), ".txt") {
			switch {
			case strings.HasPrefix(name, "."):
			case e.IsDir():
				dirs++
			default:
				files++
			}
			continue
		}
		txt++
		a, err := load(fsys, name)
		c.add(name, a, err, seen)
	}
	if len(c.Articles) == 0 {
		if txt == 0 && files+dirs > 0 {
			// Articles saved as .md, or in folders below: say what is read.
			return c, fmt.Errorf("%w: only *.txt files directly in the folder are read, and it holds none (%s)", ErrNoArticles, holds(files, dirs))
		}
		return c, ErrNoArticles
	}
	return c, nil
}

// holds counts what a folder holds besides articles: "2 other files and
// 1 folder".
func holds(files, dirs int) string {
	var parts []string
	if files > 0 {
		parts = append(parts, fmt.Sprintf("%d other %s", files, Plural(files, "file", "files")))
	}
	if dirs > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", dirs, Plural(dirs, "folder", "folders")))
	}
	return strings.Join(parts, " and ")
}

// Plural is one when n is 1, else many: "1 file", "2 files". Every
// count the loader, the command line and the timeline's picture write
// takes its noun from it.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
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
		return nil, readError(fsys, name, err)
	}
	if !st.Mode().IsRegular() {
		return nil, ErrNotRegular
	}
	if st.Size() > MaxArticleBytes {
		return nil, ErrTooLarge
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, readError(fsys, name, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxArticleBytes+1))
	if err != nil {
		return nil, readError(fsys, name, err)
	}
	return ParseArticle(name, data)
}

// readError is why the file name of fsys could not be read, said as a
// skipped file's reason, which names the file already: a symbolic link
// to no file is ErrBrokenLink with where it points, and an error of the
// file system is its cause alone ("cannot read it: permission denied",
// not "open x.txt: permission denied").
func readError(fsys fs.FS, name string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		if li, lerr := fs.Lstat(fsys, name); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
			if target, rerr := fs.ReadLink(fsys, name); rerr == nil {
				return fmt.Errorf("%w: %s does not exist", ErrBrokenLink, target)
			}
			return ErrBrokenLink
		}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("cannot read it: %w", pe.Err)
	}
	return err
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
