// Package embeddings embeds text through an OpenAI-compatible embeddings API
// for hybrid retrieval: batched requests with retries, and an on-disk cache
// so an unchanged corpus is embedded once.
package embeddings

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	openai "github.com/sashabaranov/go-openai"

	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/retrieval/envvar"
)

// Defaults of Config.
const (
	DefaultBatchSize = 128
	// maxDimensions bounds OPENAI_EMBEDDING_DIMENSIONS, far above any
	// model's vector size (OpenAI's largest is 3072).
	maxDimensions = 65536
	// maxBatchChars keeps one request well under the API's per-request token
	// limit (300k tokens) whatever the batch size.
	maxBatchChars = 400_000
)

// Config configures a Client. Zero values mean the defaults.
type Config struct {
	openaiapi.Endpoint        // where requests go and how they authenticate
	Model              string // required: the model, or the Azure deployment
	Dimensions         int    // 0 keeps the model's own
	BatchSize          int    // texts per request
	// Retry is the policy for failed requests; tests replace its Sleep so
	// backoff costs no wall time.
	Retry openaiapi.Retry
}

// String describes the configuration without its key.
func (c Config) String() string { return "model=" + c.Model + " " + c.Endpoint.String() }

// GoString keeps %#v from printing the key.
func (c Config) GoString() string { return "embeddings.Config{" + c.String() + "}" }

// LogValue keeps slog from printing the key.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(append([]slog.Attr{slog.String("model", c.Model)}, c.Endpoint.LogValue().Group()...)...)
}

// ConfigFromEnv reads OPENAI_EMBEDDING_MODEL (which turns embeddings on; on
// Azure it is the deployment), OPENAI_EMBEDDING_DIMENSIONS, and the
// connection settings shared with the chat model: OPENAI_API_KEY,
// OPENAI_BASE_URL, OPENAI_API_TYPE, OPENAI_API_VERSION and
// OPENAI_MAX_RETRIES. ok is false when no model is set. An invalid value is
// a one-line error that names the variable.
func ConfigFromEnv(getenv func(string) string) (c Config, ok bool, err error) {
	c.Model = strings.TrimSpace(getenv("OPENAI_EMBEDDING_MODEL"))
	if c.Model == "" {
		return c, false, nil
	}
	c.Endpoint = openaiapi.EndpointFromEnv(getenv)
	if err := c.Endpoint.Validate(); err != nil {
		return c, false, err
	}
	if c.Dimensions, err = envvar.Int(getenv, "OPENAI_EMBEDDING_DIMENSIONS", 1, maxDimensions); err != nil {
		return c, false, err
	}
	if c.Retry.MaxRetries, err = openaiapi.MaxRetriesFromEnv(getenv); err != nil {
		return c, false, err
	}
	return c, true, nil
}

// Client embeds texts through the API. It implements retrieval.Embedder.
type Client struct {
	cfg    Config // with the defaults of Retry and BatchSize
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
	cfg.Retry = cfg.Retry.WithDefaults()
	return &Client{cfg: cfg, client: openaiapi.NewClient(cfg.Endpoint)}, nil
}

// Model returns the model the vectors come from.
func (c *Client) Model() string { return c.cfg.Model }

// CacheKey is the key of this client's vectors in a Cache.
func (c *Client) CacheKey() CacheKey {
	return CacheKey{Model: c.cfg.Model, Dimensions: c.cfg.Dimensions, BaseURL: c.cfg.BaseURL}
}

// Embed returns one vector per text, in order, in as few requests as the
// batch size allows. Rate limits, server errors and network failures are
// retried after the server's Retry-After, else with exponential backoff and
// jitter.
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
	// Batches are checked one by one; they must agree with each other too.
	if err := sameDimension(out); err != nil {
		return nil, err
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
	for attempt := 1; ; attempt++ {
		var resp openaiapi.Response
		res, err := c.client.CreateEmbeddings(openaiapi.WithResponse(ctx, &resp), req)
		if err == nil {
			return vectors(res, len(in))
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		apiErr := &APIError{Model: c.cfg.Model, Attempts: attempt, Msg: openaiapi.Scrub(err.Error(), c.cfg.APIKey), Err: err}
		if !openaiapi.Retryable(err) || attempt > c.cfg.Retry.MaxRetries {
			return nil, apiErr
		}
		wait := c.cfg.Retry.Wait(attempt, resp.RetryAfter)
		if !openaiapi.DeadlineAllows(ctx, wait) {
			apiErr.Msg += " (no time left to retry)"
			return nil, apiErr
		}
		if err := c.cfg.Retry.Sleep(ctx, wait); err != nil {
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
	if err := sameDimension(out); err != nil {
		return nil, fmt.Errorf("embeddings API: %w", err)
	}
	return out, nil
}

// APIError is a failed embeddings request. Its message has the key and
// anything key-like removed, so it can be logged.
type APIError struct {
	Model    string
	Attempts int // requests made
	Msg      string
	Err      error // the client's error, unscrubbed: do not log it
}

func (e *APIError) Error() string {
	s := "embeddings API (model " + e.Model + ")"
	if e.Attempts > 1 {
		s += fmt.Sprintf(" after %d attempts", e.Attempts)
	}
	return s + ": " + e.Msg
}
