// Package embeddings embeds text through an OpenAI-compatible embeddings API
// for hybrid retrieval: batched requests with retries, and an on-disk cache
// so an unchanged corpus is embedded once.
package embeddings

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Defaults of Config.
const (
	DefaultBatchSize  = 128
	DefaultMaxRetries = 3
	DefaultBaseDelay  = 500 * time.Millisecond
	DefaultMaxDelay   = 8 * time.Second
	// maxBatchChars keeps one request well under the API's per-request token
	// limit (300k tokens) whatever the batch size.
	maxBatchChars = 400_000
)

// Config configures a Client. Zero values mean the defaults.
type Config struct {
	Model      string // required, e.g. text-embedding-3-small
	APIKey     string // may be empty for a local server
	BaseURL    string // "" means https://api.openai.com/v1
	Dimensions int    // 0 keeps the model's own
	BatchSize  int    // texts per request
	MaxRetries int    // retries after the first attempt; -1 means none
	BaseDelay  time.Duration
	MaxDelay   time.Duration
	// Sleep waits d or until ctx ends; nil uses a timer. Tests replace it
	// so backoff costs no wall time.
	Sleep func(ctx context.Context, d time.Duration) error
}

// String describes the configuration without its key.
func (c Config) String() string {
	base := c.BaseURL
	if base == "" {
		base = "https://api.openai.com/v1"
	}
	return fmt.Sprintf("model=%s base_url=%s api_key_set=%t", c.Model, base, c.APIKey != "")
}

// GoString keeps %#v from printing the key.
func (c Config) GoString() string { return "embeddings.Config{" + c.String() + "}" }

// ConfigFromEnv reads OPENAI_EMBEDDING_MODEL (which turns embeddings on),
// OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_EMBEDDING_DIMENSIONS and
// OPENAI_MAX_RETRIES (shared with the chat model). ok is false when no
// model is set.
func ConfigFromEnv(getenv func(string) string) (c Config, ok bool, err error) {
	c = Config{
		Model:   strings.TrimSpace(getenv("OPENAI_EMBEDDING_MODEL")),
		APIKey:  getenv("OPENAI_API_KEY"),
		BaseURL: getenv("OPENAI_BASE_URL"),
	}
	if c.Model == "" {
		return c, false, nil
	}
	if v := getenv("OPENAI_EMBEDDING_DIMENSIONS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return c, false, fmt.Errorf("OPENAI_EMBEDDING_DIMENSIONS %q: want a positive number", v)
		}
		c.Dimensions = n
	}
	if v := strings.TrimSpace(getenv("OPENAI_MAX_RETRIES")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 10 {
			return c, false, fmt.Errorf("OPENAI_MAX_RETRIES: %q is not a whole number from 0 to 10", v)
		}
		c.MaxRetries = n
		if n == 0 {
			c.MaxRetries = -1
		}
	}
	return c, true, nil
}

// Client embeds texts through the API. It implements retrieval.Embedder.
type Client struct {
	cfg    Config
	client *openai.Client
}

// New returns a client for cfg.
func New(cfg Config) (*Client, error) {
	if cfg.Model == "" {
		return nil, errors.New("embeddings: no model set (OPENAI_EMBEDDING_MODEL)")
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	switch {
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.BaseDelay <= 0 {
		cfg.BaseDelay = DefaultBaseDelay
	}
	if cfg.MaxDelay <= 0 {
		cfg.MaxDelay = DefaultMaxDelay
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	}
	return &Client{cfg: cfg, client: openai.NewClientWithConfig(oc)}, nil
}

// Model returns the model the vectors come from.
func (c *Client) Model() string { return c.cfg.Model }

// Embed returns one vector per text, in order, in as few requests as the
// batch size allows. Rate limits, server errors and network failures are
// retried with exponential backoff and jitter.
func (c *Client) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); {
		end, chars := start, 0
		for end < len(texts) && end-start < c.cfg.BatchSize && (end == start || chars+len(texts[end]) <= maxBatchChars) {
			chars += len(texts[end])
			end++
		}
		vecs, err := c.batch(ctx, texts[start:end])
		if err != nil {
			return nil, err
		}
		out = append(out, vecs...)
		start = end
	}
	return out, nil
}

func (c *Client) batch(ctx context.Context, texts []string) ([][]float32, error) {
	// The API rejects empty strings; a blank text embeds as a single space.
	in := make([]string, len(texts))
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			t = " "
		}
		in[i] = t
	}
	req := openai.EmbeddingRequestStrings{Input: in, Model: openai.EmbeddingModel(c.cfg.Model), Dimensions: c.cfg.Dimensions}
	for attempt := 0; ; attempt++ {
		res, err := c.client.CreateEmbeddings(ctx, req)
		if err == nil {
			return vectors(res, len(in))
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !retryable(err) || attempt >= c.cfg.MaxRetries {
			return nil, &APIError{Model: c.cfg.Model, Msg: scrub(err.Error(), c.cfg.APIKey), Err: err}
		}
		d := min(c.cfg.MaxDelay, c.cfg.BaseDelay<<attempt)
		d = d/2 + rand.N(d/2+1) // jitter, so clients do not retry in step
		if err := c.cfg.Sleep(ctx, d); err != nil {
			return nil, err
		}
	}
}

// vectors orders the response's vectors by their index and checks that
// there is exactly one per input.
func vectors(res openai.EmbeddingResponse, n int) ([][]float32, error) {
	out := make([][]float32, n)
	for _, e := range res.Data {
		if e.Index < 0 || e.Index >= n || out[e.Index] != nil {
			return nil, fmt.Errorf("embeddings API: response has a bad or repeated index %d", e.Index)
		}
		if len(e.Embedding) == 0 {
			return nil, fmt.Errorf("embeddings API: empty vector at index %d", e.Index)
		}
		out[e.Index] = e.Embedding
	}
	for i, v := range out {
		if v == nil {
			return nil, fmt.Errorf("embeddings API: response lacks the vector of input %d", i)
		}
	}
	return out, nil
}

// APIError is a failed embeddings request. Its message has the key and
// anything key-like removed, so it can be logged.
type APIError struct {
	Model string
	Msg   string
	Err   error // the client's error, unscrubbed: do not log it
}

func (e *APIError) Error() string { return "embeddings API (model " + e.Model + "): " + e.Msg }

// keyLike matches things that look like API keys, which servers sometimes
// echo (OpenAI's 401 shows a masked key).
var keyLike = regexp.MustCompile(`\b(?:sk|rk|pk)-[A-Za-z0-9_*\-]{6,}|\bBearer\s+\S+`)

func scrub(msg, key string) string {
	if key != "" {
		msg = strings.ReplaceAll(msg, key, "[redacted]")
	}
	msg = keyLike.ReplaceAllString(msg, "[redacted]")
	msg = strings.Join(strings.Fields(msg), " ")
	if r := []rune(msg); len(r) > 300 {
		msg = string(r[:300]) + "…"
	}
	return msg
}

// retryable reports whether a failure may pass: rate limits, server
// errors, and failures with no HTTP status (network).
func retryable(err error) bool {
	status := 0
	var ae *openai.APIError
	var re *openai.RequestError
	switch {
	case errors.As(err, &ae):
		status = ae.HTTPStatusCode
	case errors.As(err, &re):
		status = re.HTTPStatusCode
	}
	return status == 0 || status == http.StatusTooManyRequests || status == http.StatusRequestTimeout || status >= 500
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
