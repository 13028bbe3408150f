package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/talkbot/talkbot/retrieval"
)

// Status says what adding an input did.
type Status int

const (
	Added    Status = iota // a new article file was written
	Replaced               // the page changed: its file was rewritten
	Present                // the same article, or a near copy of it, is already in the corpus; nothing changed
)

// Result is the outcome of adding one input that did not fail.
type Result struct {
	Status Status
	File   string // the article's file name in the corpus folder
	// Replaced is the file whose article this one replaced (Status
	// Replaced): an earlier version of the same page, possibly under another
	// date, or the same name.
	Replaced string
	Article  *retrieval.Article // the article as the corpus will load it
	// Warn is a failure that did not stop the add: an earlier version of
	// the page could not be removed, so the corpus holds both until it is
	// removed by hand. Status is then Added (Replaced names only a version
	// that did go).
	Warn error
	// NearCopy, when not 0, says the article was not added (Status
	// Present) as a near copy of File, another article: the Jaccard
	// similarity of their word 4-shingles, from nearCopyMin to 1. Article
	// is then File's.
	NearCopy float64
}

// Warning is Warn as a user reads it, with what to do: every place that
// reports an add (the command line, its --json, the feed log, Discord's
// /add) shows this same text. "" when the add had no problem.
func (r Result) Warning() string {
	if r.Warn == nil {
		return ""
	}
	return r.Warn.Error() + "; remove it by hand so the corpus holds one version"
}

// Adder writes articles into one corpus folder. It is safe for concurrent
// use: /add in Discord and a feed poll may add at the same time.
type Adder struct {
	dir     string
	fetcher *Fetcher
	mu      sync.Mutex
	// The index of the corpus folder, read on first use and brought up to
	// date before each write (files added or removed since by others: the
	// command line beside serve, or by hand).
	known   map[[32]byte]string // article fingerprint → file
	files   map[string]indexed  // file name → what the index holds of it
	listing *dirListing         // the folder's names, listed once per hold of mu (dirNames)
	stateMu sync.Mutex          // the feed state file
}

// dirListing is one listing of the corpus folder.
type dirListing struct {
	names []string
	err   error
}

// lock takes ad.mu for one add or removal and returns its release. The
// folder is listed at most once while it is held (dirNames): the index and
// each lookup of a key's versions share that listing.
func (ad *Adder) lock() (unlock func()) {
	ad.mu.Lock()
	return func() {
		ad.listing = nil
		ad.mu.Unlock()
	}
}

// dirNames lists the corpus folder, unsorted, once per hold of ad.mu (see
// lock). The caller holds ad.mu.
func (ad *Adder) dirNames() ([]string, error) {
	if ad.listing == nil {
		names, err := readDirNames(ad.dir)
		ad.listing = &dirListing{names, err}
	}
	return ad.listing.names, ad.listing.err
}

// indexed is what the index keeps of one file of the folder, so that no
// article is read again to check a new one against it.
type indexed struct {
	ok  bool // an article (false: a file that does not parse)
	fp  [32]byte
	sig signature // nil when too short to tell a near copy
}

// addOpts are the settings of one add beyond its date.
type addOpts struct {
	// fallback says the date is only a feed item's, which an earlier
	// version's date outranks (see addPage).
	fallback bool
	// fileKey, when not "", is the local file's key (localKey), used when
	// the page names no URL.
	fileKey string
	// teaser is the feed teaser file the article is to replace: not a
	// near copy of it.
	teaser string
}

// NewAdder returns an Adder for the folder dir, creating it when missing.
func NewAdder(dir string, f *Fetcher) (*Adder, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("corpus folder %s: %w", dir, err)
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("corpus folder %s: %w", dir, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("corpus folder %s: not a folder", dir)
	}
	return &Adder{dir: dir, fetcher: f}, nil
}

// Dir is the corpus folder.
func (ad *Adder) Dir() string { return ad.dir }

// IsURL reports whether an input names a URL (any scheme) rather than a
// file.
func IsURL(input string) bool {
	i := strings.Index(input, "://")
	return i > 0 && !strings.ContainsAny(input[:i], `/\.`)
}

// Add adds one input: an http(s) URL, an .html page or a .txt article in the
// corpus format. date is used when the page gives no publication date (zero:
// such a page is refused).
func (ad *Adder) Add(ctx context.Context, input string, date time.Time) (Result, error) {
	if IsURL(input) {
		return ad.AddURL(ctx, input, date)
	}
	return ad.AddFile(input, date)
}

// AddURL fetches a page and adds its article.
func (ad *Adder) AddURL(ctx context.Context, rawURL string, date time.Time) (Result, error) {
	return ad.addURL(ctx, rawURL, date, addOpts{})
}

// addURL is AddURL with options.
func (ad *Adder) addURL(ctx context.Context, rawURL string, date time.Time, o addOpts) (Result, error) {
	if ad.fetcher == nil {
		return Result{}, errors.New("fetching is not configured")
	}
	resp, err := ad.fetcher.Fetch(ctx, rawURL, KindPage, Conditional{})
	if err != nil {
		return Result{}, err
	}
	p, err := Extract(resp.Body, resp.URL)
	if err != nil {
		return Result{}, err
	}
	return ad.addPage(p, date, o)
}

// ErrIsDir is AddFile given a folder.
var ErrIsDir = errors.New("a directory, not a file")

// AddFile adds an .html page or a .txt article from the local file system.
func (ad *Adder) AddFile(path string, date time.Time) (Result, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && looksLikeHost(path) {
			return Result{}, fmt.Errorf("%w; a web page's URL needs http:// or https:// in front: https://%s", unwrapPath(err), path)
		}
		return Result{}, unwrapPath(err)
	}
	if st.IsDir() {
		// Most likely its files were meant: say how to give them.
		return Result{}, fmt.Errorf("%w: give the files in it instead, e.g. %s", ErrIsDir, filepath.Join(path, "*.html"))
	}
	if !st.Mode().IsRegular() {
		return Result{}, retrieval.ErrNotRegular
	}
	if st.Size() > retrieval.MaxArticleBytes {
		return Result{}, retrieval.ErrTooLarge
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Result{}, unwrapPath(err)
	}
	if err := checkText(data); err != nil {
		return Result{}, err
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm", ".xhtml":
		// Decoded as a fetched page is: a saved page keeps its declared
		// charset, and read as UTF-8 every accented letter became U+FFFD.
		p, err := Extract(decodeHTML(data, ""), nil)
		if err != nil {
			return Result{}, err
		}
		return ad.addPage(p, date, addOpts{fileKey: localKey(path)})
	case ".txt":
		a, err := retrieval.ParseArticle(filepath.Base(path), data)
		if err != nil {
			return Result{}, fmt.Errorf("not an article file: %w", err)
		}
		if a.URL == "" {
			return ad.writeLocal(a, data, localKey(path))
		}
		key := a.URL
		if u, err := url.Parse(a.URL); err == nil {
			key = NormalizeURL(u)
		}
		return ad.write(fileName(a.Date, key), data)
	default:
		return Result{}, errors.New("not an .html page or a .txt article")
	}
}

// looksLikeHost reports whether a path that names no file reads as a URL
// without its scheme: "127.0.0.1:8765/story.html", "example.com/news/1",
// "www.example.com". A path such as "notes/a.html" or "page.html" does not.
func looksLikeHost(path string) bool {
	host, rest, slash := strings.Cut(path, "/")
	if host == "" || strings.ContainsAny(host, `\ `) {
		return false
	}
	if h, port, err := net.SplitHostPort(host); err == nil && h != "" {
		if _, err := strconv.Atoi(port); err == nil {
			return true
		}
	}
	if strings.HasPrefix(strings.ToLower(host), "www.") {
		return true
	}
	switch strings.ToLower(filepath.Ext(host)) {
	case "", ".html", ".htm", ".xhtml", ".txt", ".md":
		return false
	}
	return slash && rest != "" && !strings.HasPrefix(host, ".") // the host has a dot: its extension was read above
}

// checkText refuses a file that is not text, whatever its name says (a
// picture or an archive renamed .html): the page extractor would find a
// "headline" and "text" in its bytes and store them as an article. The
// error says what the file looks like, from its first bytes, and what to
// do (retrieval.BinaryError, as loading a corpus says it).
func checkText(data []byte) error {
	head := data[:min(len(data), 512)]
	ct := http.DetectContentType(head)
	mt, params, _ := mime.ParseMediaType(ct)
	if strings.HasPrefix(mt, "text/") {
		if cs := strings.ToLower(params["charset"]); !strings.HasPrefix(cs, "utf-16") {
			if bytes.IndexByte(data[:min(len(data), 4096)], 0) >= 0 {
				// "<html>" then binary: sniffed as HTML by its start alone
				// (a fetched page is refused for the same).
				return retrieval.ErrBinary
			}
			return nil
		}
	} else if mt != "application/pdf" && !bytes.ContainsFunc(head, isBinaryByte) {
		// A signature alone ("BM" opens a bitmap) may begin a text too:
		// binary means control bytes no text has, or a PDF's header.
		return nil
	}
	return retrieval.BinaryError(data, true)
}

// isBinaryByte reports a control byte that no text holds: the bytes
// http.DetectContentType counts as binary.
func isBinaryByte(r rune) bool {
	return r <= 0x08 || r == 0x0B || (r >= 0x0E && r <= 0x1A) || (r >= 0x1C && r <= 0x1F)
}

// AddHTML extracts the article of an HTML page and adds it. pageURL is where
// it came from, nil for a local file.
func (ad *Adder) AddHTML(body []byte, pageURL *url.URL, date time.Time) (Result, error) {
	p, err := Extract(body, pageURL)
	if err != nil {
		return Result{}, err
	}
	return ad.AddPage(p, date)
}

// AddPage writes an extracted page as an article. date is used when the
// page has none.
func (ad *Adder) AddPage(p *Page, date time.Time) (Result, error) {
	return ad.addPage(p, date, addOpts{})
}

// localKey is the identity of an article read from a local file without a
// URL: its absolute path (symbolic links resolved), as a URL is a page's, so
// the file edited and added again replaces its earlier version.
func localKey(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	return "file:" + path
}

// addPage is AddPage with options.
func (ad *Adder) addPage(p *Page, date time.Time, o addOpts) (Result, error) {
	// The choice of identity and the write are one step: two pages sharing
	// a canonical URL, added at once, must not both see it free.
	defer ad.lock()()
	if p.Date.IsZero() {
		// A page without a date that is already in the corpus (added with
		// --date, or from a feed that dated it) keeps the date it went in
		// with: otherwise every later add of it, each run of a feed without
		// dates above all, would fail for want of one. A date given now
		// corrects it; a feed item's own date does not, as one given by
		// hand is the better guess.
		earlier := ad.earlierDate(p, o.fileKey)
		switch {
		case !date.IsZero() && (!o.fallback || earlier.IsZero()):
			p.Date = date
		case !earlier.IsZero():
			p.Date = earlier
		default:
			return Result{}, ErrNoDate
		}
	}
	if p.Headline == "" {
		return Result{}, errors.New("no headline found in the page")
	}
	key := p.URL
	// The files named for the key, looked up once: both the check of the
	// canonical URL and the write need them.
	var olds *[]string
	if key != "" && p.Fetched != "" && key != p.Fetched {
		v := ad.versions(fileName(p.Date, key))
		if ad.holdsOtherArticle(v, p.Headline, p.Text) {
			// The canonical URL names a page already in the corpus with
			// another article: a site that points many pages at one
			// canonical address. It is not this page's identity; where it
			// was fetched is (another key: its files are another list).
			p.URL, key = p.Fetched, p.Fetched
		} else {
			olds = &v
		}
	}
	data := Format(p)
	if key == "" && o.fileKey != "" {
		name, v := ad.localVersions(p.Date, o.fileKey, p.Headline, p.Text, data)
		return ad.writeLocked(name, data, &v, o.teaser)
	}
	if key == "" {
		key = string(data)
	}
	return ad.writeLocked(fileName(p.Date, key), data, olds, o.teaser)
}

// earlierDate is the date of the version of the page already in the
// corpus, found by the page's keys (its URL, the URL it was fetched from,
// or its local file's key), zero when there is none. A version holding
// another story (a URL reused by the site) does not count: its date is not
// this article's. The caller holds ad.mu.
func (ad *Adder) earlierDate(p *Page, fileKey string) time.Time {
	var keys []string
	switch {
	case p.URL != "":
		keys = append(keys, p.URL)
		if p.Fetched != "" && p.Fetched != p.URL {
			keys = append(keys, p.Fetched)
		}
	case fileKey != "":
		keys = localKeys(fileKey, p.Headline)
	}
	for _, key := range keys {
		if _, a := ad.newestVersion(key, func(a *retrieval.Article) bool { return sameStory(a, p.Headline, p.Text) }); a != nil {
			return a.Date
		}
	}
	return time.Time{}
}

// newestVersion is the newest version in the corpus of the article known
// by key that parses and that ok accepts: its file name and article, or
// "" and nil. The caller holds ad.mu.
func (ad *Adder) newestVersion(key string, ok func(*retrieval.Article) bool) (string, *retrieval.Article) {
	// The newest first: names begin with the date.
	for _, o := range slices.Backward(ad.versions(fileName(time.Time{}, key))) {
		name := filepath.Base(o)
		if a, err := ad.parseFile(name); err == nil && ok(a) {
			return name, a
		}
	}
	return "", nil
}

// writeLocal writes a .txt article read from a local file without a URL,
// known by its file's key (localKey).
func (ad *Adder) writeLocal(a *retrieval.Article, data []byte, fileKey string) (Result, error) {
	text := make([]string, len(a.Passages))
	for i, ps := range a.Passages {
		text[i] = ps.Text
	}
	defer ad.lock()()
	name, v := ad.localVersions(a.Date, fileKey, a.Headline, text, data)
	return ad.writeLocked(name, data, &v, "")
}

// localVersions chooses the file name of an article from a local file
// known by fileKey and lists its earlier versions. The file is its
// article's identity only while it holds the same story: a path reused for
// another article (notes/article.txt overwritten with the next story) must
// not remove the one added from it before, so that article is known by
// the path and its headline, and failing that by its text. The caller
// holds ad.mu.
func (ad *Adder) localVersions(date time.Time, fileKey, headline string, text []string, data []byte) (string, []string) {
	for _, key := range localKeys(fileKey, headline) {
		name := fileName(date, key)
		if v := ad.versions(name); !ad.holdsOtherArticle(v, headline, text) {
			return name, v
		}
	}
	name := fileName(date, string(data))
	return name, ad.versions(name)
}

// localKeys are the keys an article from a local file may be known by, in
// the order tried: the file's key, then the file's key with its headline.
func localKeys(fileKey, headline string) []string {
	return []string{fileKey, fileKey + "\n" + strings.ToLower(strings.Join(strings.Fields(headline), " "))}
}

// versions lists the files of the corpus named for the same key as name
// (its hash suffix), of any date: the earlier versions of its article.
func (ad *Adder) versions(name string) []string {
	// The names are matched, not a pattern of the whole path: a folder
	// such as /srv/talkbot[prod]/corpus would be read as a pattern by
	// filepath.Glob and match nothing. An unreadable folder has no
	// versions; the write that follows reports it. The caller holds ad.mu.
	names, _ := ad.dirNames()
	suffix := name[strings.IndexByte(name, '_'):]
	var olds []string
	for _, n := range names {
		if strings.HasSuffix(n, suffix) {
			olds = append(olds, filepath.Join(ad.dir, n))
		}
	}
	slices.Sort(olds) // by date, the oldest first
	return olds
}

// holdsOtherArticle reports whether one of the files olds holds an article
// that is not a version of the one with this headline and text. The caller
// holds ad.mu.
func (ad *Adder) holdsOtherArticle(olds []string, headline string, text []string) bool {
	for _, o := range olds {
		if a, err := ad.parseFile(filepath.Base(o)); err == nil && !sameStory(a, headline, text) {
			return true
		}
	}
	return false
}

// minSameStory is the share of the shorter text's word 4-shingles (stop
// words left out) that the other text must hold for two texts to be
// versions of one story. Reports of one event by one wire share many words
// ("Zelensky", "talks", "Kyiv") but few runs of four of them; an updated
// version of one report keeps most of its runs.
const minSameStory = 0.6

// sameStory reports whether an article and a page's headline and text are
// versions of one story: the same headline, or most of the word 4-shingles
// of the shorter text in the other.
func sameStory(a *retrieval.Article, headline string, text []string) bool {
	if sameLine(a.Headline, headline) {
		return true
	}
	var old []string
	for _, ps := range a.Passages {
		old = append(old, ps.Text)
	}
	x, y := shingles(strings.Join(old, " ")), shingles(strings.Join(text, " "))
	if len(x) == 0 || len(y) == 0 {
		return false
	}
	if len(x) > len(y) {
		x, y = y, x
	}
	shared := 0
	for sh := range x {
		if y[sh] {
			shared++
		}
	}
	return float64(shared) >= minSameStory*float64(len(x))
}

// shingles is the set of runs of four consecutive terms of s, as the index
// analyses them (stop words out, spellings and word forms joined, so
// "Zelensky's" and "Zelensky" match); a text of fewer terms is one run.
func shingles(s string) map[string]bool {
	words := retrieval.Analyze(s)
	m := map[string]bool{}
	if len(words) == 0 {
		return m
	}
	if len(words) < 4 {
		m[strings.Join(words, " ")] = true
		return m
	}
	for i := 0; i+4 <= len(words); i++ {
		m[strings.Join(words[i:i+4], " ")] = true
	}
	return m
}

// Format renders a page as an article file (retrieval.FormatArticle).
func Format(p *Page) []byte {
	return retrieval.FormatArticle(retrieval.ArticleFile{
		Date: p.Date, Headline: p.Headline, Publisher: p.Publisher, URL: p.URL, Byline: p.Byline, Dateline: p.Dateline, Text: p.Text,
	})
}

// fileName is "<date>_<16 hex of the key's SHA-256>.txt".
func fileName(date time.Time, key string) string {
	sum := sha256.Sum256([]byte(key))
	return date.Format(time.DateOnly) + "_" + hex.EncodeToString(sum[:8]) + ".txt"
}

// write validates data as an article and writes it as name, atomically. The
// same article already present (under any name), or a near copy of
// another, changes nothing; another version of the same key (the same URL)
// is replaced.
func (ad *Adder) write(name string, data []byte) (Result, error) {
	defer ad.lock()()
	return ad.writeLocked(name, data, nil, "")
}

// writeLocked is write with ad.mu held. olds, when not nil, is
// ad.versions(name) already looked up under the same hold of ad.mu.
// notNear is a file the article is not a near copy of (see addOpts.teaser).
func (ad *Adder) writeLocked(name string, data []byte, olds *[]string, notNear string) (Result, error) {
	a, err := retrieval.ParseArticle(name, data)
	if err != nil {
		return Result{}, fmt.Errorf("the extracted article is not valid: %w", err)
	}
	if err := ad.refreshIndex(); err != nil {
		return Result{}, err
	}
	// Earlier versions: the same key (hash suffix), any date.
	if olds == nil {
		v := ad.versions(name)
		olds = &v
	}
	fp := a.Fingerprint()
	if old, ok := ad.known[fp]; ok {
		// The same text under the same key but another date is a
		// corrected date: it replaces the file, as the date places every
		// event of the article on the timeline.
		redated := old != name && slices.Contains(*olds, filepath.Join(ad.dir, old))
		if _, err := os.Stat(filepath.Join(ad.dir, old)); err == nil && !redated {
			return Result{Status: Present, File: old, Article: a}, nil
		}
		delete(ad.known, fp) // removed by hand since, or replaced below
	}
	shingles := articleShingles(a)
	sig := signatureOf(shingles)
	if len(*olds) == 0 {
		// A new article, not a version of one in the corpus: it must not
		// be another's near copy either, or answers cite both.
		if r, ok := ad.nearCopyOf(shingles, sig, notNear); ok {
			return r, nil
		}
	}
	status := Added
	if err := writeAtomic(ad.dir, name, data); err != nil {
		return Result{}, err
	}
	var replaced string
	var warns []error
	for _, o := range *olds {
		base := filepath.Base(o)
		if base != name {
			if err := os.Remove(o); err != nil && !errors.Is(err, fs.ErrNotExist) {
				// Still in the corpus (and still known): say so rather
				// than leave two versions unnoticed.
				warns = append(warns, fmt.Errorf("the page's earlier version %s could not be removed: %w", base, err))
				continue
			}
		}
		ad.forget(base)
		if base != name || replaced == "" {
			status, replaced = Replaced, base
		}
	}
	ad.known[fp] = name
	ad.files[name] = indexed{ok: true, fp: fp, sig: sig}
	return Result{Status: status, File: name, Replaced: replaced, Article: a, Warn: errors.Join(warns...)}, nil
}

// refreshIndex brings the index up to date with the folder: the articles
// of files new since are read (every file, the first time), those of files
// gone are dropped. A file rewritten in place by hand keeps its entry,
// until this adder replaces it. The caller holds ad.mu.
func (ad *Adder) refreshIndex() error {
	names, err := ad.dirNames()
	if err != nil {
		return fmt.Errorf("corpus folder %s: %w", ad.dir, err)
	}
	if ad.files == nil {
		ad.files = make(map[string]indexed, len(names))
		ad.known = make(map[[32]byte]string, len(names))
	}
	n := 0
	for _, name := range names {
		if !strings.EqualFold(filepath.Ext(name), ".txt") {
			continue
		}
		n++
		if _, ok := ad.files[name]; !ok {
			ad.files[name] = ad.indexFile(name)
		}
	}
	if n == len(ad.files) {
		return nil // every name of the index is in the folder: none went
	}
	there := make(map[string]bool, n)
	for _, name := range names {
		there[name] = true
	}
	for name := range ad.files {
		if !there[name] {
			ad.forget(name)
		}
	}
	return nil
}

// indexFile reads one file of the folder for the index. A file that is not
// a regular file, or cannot be read or parsed, has an entry too, so it is
// not looked at again on every add.
func (ad *Adder) indexFile(name string) indexed {
	// Lstat first: reading a pipe named .txt would block.
	if st, err := os.Lstat(filepath.Join(ad.dir, name)); err != nil || !st.Mode().IsRegular() || st.Size() > retrieval.MaxArticleBytes {
		return indexed{}
	}
	a, err := ad.parseFile(name)
	if err != nil {
		return indexed{}
	}
	x := indexed{ok: true, fp: a.Fingerprint(), sig: signatureOf(articleShingles(a))}
	if _, dup := ad.known[x.fp]; !dup {
		ad.known[x.fp] = name
	}
	return x
}

// readDirNames lists the names in a folder, unsorted: cheaper than
// os.ReadDir, which the index and the version lookups need on every add
// (dirNames).
func readDirNames(dir string) ([]string, error) {
	d, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.Readdirnames(-1)
}

// writeAtomic writes a temporary file in dir and renames it over name, so a
// reader (serve watching the folder) never sees half an article. The
// temporary name does not end in .txt, so the corpus ignores it.
func writeAtomic(dir, name string, data []byte) error {
	f, err := os.CreateTemp(dir, ".add-*.tmp")
	if err != nil {
		return fmt.Errorf("write article: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename this fails harmlessly
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write article: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write article: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write article: %w", err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("write article: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("write article: %w", err)
	}
	return nil
}

// unwrapPath turns *fs.PathError into "<path>: <reason>" without the "open"
// verb.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
