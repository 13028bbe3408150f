package embeddings

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/talkbot/talkbot/retrieval"
)

// cacheMagic opens a cache file; the version changes with the layout.
const cacheMagic = "talkbot-embeddings-v2\n"

// defaultBaseURL is the provider an empty base URL means.
const defaultBaseURL = "https://api.openai.com/v1"

// ErrMixedDimensions is returned when one call yields vectors of different
// sizes: they cannot be compared, so none of them is used or cached.
var ErrMixedDimensions = errors.New("embeddings: vectors of different dimensions in one response")

// CacheKey says which vectors a cache file holds. The same model name at
// another provider, or at another requested dimension, gives other vectors,
// so each combination has a file of its own.
type CacheKey struct {
	Model      string
	Dimensions int    // as requested; 0 means the model's own
	BaseURL    string // the provider; "" means OpenAI
}

// id is the identity written into the file and hashed into its name. The
// base URL enters only as a hash, so a URL carrying credentials is never
// written to disk.
func (k CacheKey) id() string {
	base := strings.TrimRight(strings.TrimSpace(k.BaseURL), "/")
	if base == "" {
		base = defaultBaseURL
	}
	bh := sha256.Sum256([]byte(base))
	return fmt.Sprintf("model=%s\x00dimensions=%d\x00base=%x", k.Model, k.Dimensions, bh)
}

// fileName is readable (model and dimensions) and unique: the hash covers
// the exact model name and the provider, so "a/b" and "a_b", or one model
// name at two providers, never share a file.
func (k CacheKey) fileName() string {
	dims := "native"
	if k.Dimensions > 0 {
		dims = strconv.Itoa(k.Dimensions)
	}
	h := sha256.Sum256([]byte(k.id()))
	return fmt.Sprintf("%s-%s-%x.vec", unsafeName.ReplaceAllString(k.Model, "_"), dims, h[:6])
}

// Cache is an Embedder that keeps the vectors of texts it has embedded in a
// file, one per CacheKey (model, dimensions and provider), keyed by the
// SHA-256 of the text: a restart or an unchanged corpus costs no API call,
// and a changed passage has a new key, so it is embedded again. A missing
// or corrupt file starts an empty cache (with a warning for a corrupt one);
// a file that cannot be written costs a warning, never the vectors.
//
// Layout: cacheMagic, uvarint identity length and identity (CacheKey.id),
// uvarint dimension, uvarint count, then count records of a 32-byte key
// and dimension little-endian float32s.
type Cache struct {
	inner  retrieval.Embedder
	path   string
	id     string
	logger *slog.Logger

	mu   sync.Mutex
	dim  int
	vecs map[[32]byte][]float32
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// OpenCache returns a cache of key's vectors in dir (created when missing)
// in front of inner.
func OpenCache(dir string, key CacheKey, inner retrieval.Embedder, logger *slog.Logger) *Cache {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	c := &Cache{
		inner: inner, id: key.id(), logger: logger,
		path: filepath.Join(dir, key.fileName()),
		vecs: map[[32]byte][]float32{},
	}
	if err := c.load(); err != nil && !errors.Is(err, os.ErrNotExist) {
		logger.Warn("embedding cache unreadable; rebuilding it", "file", c.path, "err", err)
		c.vecs, c.dim = map[[32]byte][]float32{}, 0
	}
	return c
}

// Path returns the cache file.
func (c *Cache) Path() string { return c.path }

// Len returns how many vectors the cache holds.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.vecs)
}

func key(text string) [32]byte { return sha256.Sum256([]byte(text)) }

// Embed returns the cached vector of each text, embedding the others with
// the inner embedder in one call and saving them.
func (c *Cache) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	var missing []string
	var at []int
	c.mu.Lock()
	for i, t := range texts {
		if v, ok := c.vecs[key(t)]; ok {
			out[i] = v
			continue
		}
		missing = append(missing, t)
		at = append(at, i)
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	vecs, err := c.embed(ctx, missing)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dim == 0 {
		c.dim = len(vecs[0])
	}
	if len(vecs[0]) != c.dim {
		// The provider changed the model's dimension under the same key:
		// the old vectors cannot be mixed with the new, and neither can
		// the ones just looked up.
		c.logger.Warn("embedding dimension changed; dropping the cached vectors", "file", c.path, "was", c.dim, "now", len(vecs[0]))
		c.vecs, c.dim = map[[32]byte][]float32{}, len(vecs[0])
		if len(missing) < len(texts) {
			c.mu.Unlock()
			vecs, err = c.embed(ctx, texts)
			c.mu.Lock()
			if err != nil {
				return nil, err
			}
			if len(vecs[0]) != c.dim {
				return nil, fmt.Errorf("%w: %d, then %d", ErrMixedDimensions, c.dim, len(vecs[0]))
			}
			missing = texts
			at = make([]int, len(texts))
			for i := range at {
				at[i] = i
			}
		}
	}
	for j, v := range vecs {
		out[at[j]] = v
		c.vecs[key(missing[j])] = v
	}
	if err := c.save(); err != nil {
		c.logger.Warn("cannot save the embedding cache", "file", c.path, "err", err)
	}
	return out, nil
}

// embed calls the inner embedder and checks that it returned one vector per
// text, all of one dimension.
func (c *Cache) embed(ctx context.Context, texts []string) ([][]float32, error) {
	vecs, err := c.inner.Embed(ctx, texts)
	if err != nil {
		return nil, err
	}
	if len(vecs) != len(texts) {
		return nil, fmt.Errorf("embeddings: got %d vectors for %d texts", len(vecs), len(texts))
	}
	if err := sameDimension(vecs); err != nil {
		return nil, err
	}
	return vecs, nil
}

// sameDimension returns an ErrMixedDimensions error naming the first vector
// whose size differs from the first one's.
func sameDimension(vecs [][]float32) error {
	for i, v := range vecs {
		if len(v) != len(vecs[0]) {
			return fmt.Errorf("%w: vector 0 has %d, vector %d has %d", ErrMixedDimensions, len(vecs[0]), i, len(v))
		}
	}
	return nil
}

// load reads the cache file.
func (c *Cache) load() error {
	f, err := os.Open(c.path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	magic := make([]byte, len(cacheMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != cacheMagic {
		return errors.New("not a talkbot embedding cache")
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 2048 {
		return errors.New("bad header")
	}
	id := make([]byte, n)
	if _, err := io.ReadFull(r, id); err != nil {
		return errors.New("bad header")
	}
	if string(id) != c.id {
		return errors.New("holds the vectors of another model, dimension or provider")
	}
	dim, err1 := binary.ReadUvarint(r)
	count, err2 := binary.ReadUvarint(r)
	if err1 != nil || err2 != nil || dim == 0 || dim > 1<<16 || count > 1<<28 {
		return errors.New("bad header")
	}
	buf := make([]byte, 4*dim)
	vecs := make(map[[32]byte][]float32, count)
	for i := uint64(0); i < count; i++ {
		var k [32]byte
		if _, err := io.ReadFull(r, k[:]); err != nil {
			return fmt.Errorf("truncated at record %d", i)
		}
		if _, err := io.ReadFull(r, buf); err != nil {
			return fmt.Errorf("truncated at record %d", i)
		}
		v := make([]float32, dim)
		for j := range v {
			v[j] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*j:]))
			if f := v[j]; math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
				return fmt.Errorf("record %d holds a non-finite number", i)
			}
		}
		vecs[k] = v
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return errors.New("trailing bytes after the last record")
	}
	c.vecs, c.dim = vecs, int(dim)
	return nil
}

// save writes the vectors to a temporary file and renames it over the
// cache, so a crash never leaves half a file. Vectors of passages since
// changed stay (they may come back, and a corpus folder and an eval set can
// share the file); delete the file to reclaim the space.
func (c *Cache) save() error {
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), ".tmp-*.vec")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	w := bufio.NewWriter(tmp)
	var count uint64
	for _, v := range c.vecs {
		if len(v) == c.dim {
			count++
		}
	}
	w.WriteString(cacheMagic)
	w.Write(binary.AppendUvarint(nil, uint64(len(c.id))))
	w.WriteString(c.id)
	w.Write(binary.AppendUvarint(nil, uint64(c.dim)))
	w.Write(binary.AppendUvarint(nil, count))
	buf := make([]byte, 4*c.dim)
	for k, v := range c.vecs {
		if len(v) != c.dim {
			continue
		}
		w.Write(k[:])
		for j, f := range v {
			binary.LittleEndian.PutUint32(buf[4*j:], math.Float32bits(f))
		}
		w.Write(buf)
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), c.path)
}
