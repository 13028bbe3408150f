package bot

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults of LLMConfig; see LLMConfigFromEnv for the variables that change
// them.
const (
	DefaultModel           = "gpt-4o-mini"
	DefaultLLMTimeout      = 60 * time.Second
	DefaultIdleTimeout     = 30 * time.Second
	DefaultMaxOutputTokens = 400
	// DefaultReasoningMaxTokens is the cap for reasoning models (o1, o3,
	// o4, gpt-5 …), whose reasoning tokens count as output.
	DefaultReasoningMaxTokens = 2000
	DefaultContextBudget      = 2000
	DefaultMaxRetries         = 3
	DefaultRetryBaseDelay     = 500 * time.Millisecond
	DefaultRetryMaxDelay      = 8 * time.Second
	DefaultAzureAPIVersion    = "2024-10-21"
)

// API types of LLMConfig.APIType.
const (
	APITypeOpenAI = "openai"
	APITypeAzure  = "azure"
)

// LLMConfig configures answering through an OpenAI-compatible chat API.
// Zero durations and counts mean the defaults above.
type LLMConfig struct {
	APIKey     string // may be empty for a local server
	BaseURL    string // "" means OpenAI's https://api.openai.com/v1
	Model      string // the model, or the Azure deployment
	APIType    string // APITypeOpenAI (default) or APITypeAzure
	APIVersion string // Azure only

	Timeout time.Duration // for a whole answer, retries included
	// IdleTimeout is the longest wait for the response to start or for the
	// next stream event; a request silent that long is abandoned and
	// retried. A slow but steady stream is not cut. Default: the larger of
	// 30s and half of Timeout, so slow local models get room too.
	IdleTimeout     time.Duration
	Temperature     float32 // 0 (the default) for the steadiest answers
	MaxOutputTokens int
	ContextBudget   int // prompt tokens: rules, history, question and passages

	MaxRetries     int           // retries after the first attempt; -1 means none
	RetryBaseDelay time.Duration // first backoff; doubles per retry, with jitter
	RetryMaxDelay  time.Duration // cap of one backoff wait

	// Sleep waits d or until ctx ends; nil uses a timer. Tests replace it
	// so backoff costs no wall time.
	Sleep func(ctx context.Context, d time.Duration) error
}

// String describes the configuration without its key, so a config that
// ends up in a log or an error message does not leak it.
func (c LLMConfig) String() string {
	key := "unset"
	if c.APIKey != "" {
		key = "set"
	}
	base := c.BaseURL
	if base == "" {
		base = "https://api.openai.com/v1"
	}
	return fmt.Sprintf("model=%s base_url=%s api_type=%s api_key=%s", c.Model, redactURL(base), c.apiType(), key)
}

// GoString keeps %#v from printing the key.
func (c LLMConfig) GoString() string { return "bot.LLMConfig{" + c.String() + "}" }

// LogValue keeps slog from printing the key.
func (c LLMConfig) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("model", c.Model),
		slog.String("base_url", redactURL(c.BaseURL)),
		slog.String("api_type", c.apiType()),
		slog.Bool("api_key_set", c.APIKey != ""),
	)
}

func (c LLMConfig) apiType() string {
	if c.APIType == "" {
		return APITypeOpenAI
	}
	return c.APIType
}

// redactURL drops user info from a URL, which may hold a password.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	return u.Redacted()
}

// withDefaults fills the zero fields.
func (c LLMConfig) withDefaults() LLMConfig {
	if c.Model == "" {
		c.Model = DefaultModel
	}
	if c.APIType == "" {
		c.APIType = APITypeOpenAI
	}
	if c.APIType == APITypeAzure && c.APIVersion == "" {
		c.APIVersion = DefaultAzureAPIVersion
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultLLMTimeout
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = max(DefaultIdleTimeout, c.Timeout/2)
	}
	if c.MaxOutputTokens <= 0 {
		c.MaxOutputTokens = DefaultMaxOutputTokens
		if isReasoningModel(c.Model) {
			// Their hidden reasoning counts against the cap too.
			c.MaxOutputTokens = DefaultReasoningMaxTokens
		}
	}
	if c.ContextBudget <= 0 {
		c.ContextBudget = DefaultContextBudget
	}
	switch {
	case c.MaxRetries < 0:
		c.MaxRetries = 0
	case c.MaxRetries == 0:
		c.MaxRetries = DefaultMaxRetries
	}
	if c.RetryBaseDelay <= 0 {
		c.RetryBaseDelay = DefaultRetryBaseDelay
	}
	if c.RetryMaxDelay <= 0 {
		c.RetryMaxDelay = DefaultRetryMaxDelay
	}
	if c.Sleep == nil {
		c.Sleep = sleepCtx
	}
	return c
}

// isReasoningModel reports whether OpenAI's reasoning-model rules apply:
// temperature fixed at 1 and max_completion_tokens instead of max_tokens.
func isReasoningModel(model string) bool {
	m := strings.ToLower(model)
	for _, p := range []string{"o1", "o3", "o4", "gpt-5"} {
		if strings.HasPrefix(m, p) {
			return true
		}
	}
	return false
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// LLMConfigFromEnv reads the LLM configuration from environment variables
// through getenv (os.Getenv, or a map in tests). It returns nil and no error
// when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set: no LLM, answers
// stay extractive. A base URL alone is enough, for local servers that need
// no key.
//
//	OPENAI_API_KEY           the key (never logged)
//	OPENAI_BASE_URL          an OpenAI-compatible endpoint, e.g. http://localhost:11434/v1
//	OPENAI_MODEL             default gpt-4o-mini (for Azure: the deployment)
//	OPENAI_API_TYPE          openai (default) or azure
//	OPENAI_API_VERSION       Azure API version, default 2024-10-21
//	OPENAI_TIMEOUT           whole answer, retries included: 60s
//	OPENAI_TEMPERATURE       0 to 2, default 0
//	OPENAI_MAX_TOKENS        answer length cap, default 400
//	OPENAI_MAX_RETRIES       0 to 10, default 3
//	TALKBOT_CONTEXT_TOKENS   prompt budget, default 2000
//
// An invalid value is a one-line error that names the variable.
func LLMConfigFromEnv(getenv func(string) string) (*LLMConfig, error) {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	c := LLMConfig{
		APIKey:     get("OPENAI_API_KEY"),
		BaseURL:    get("OPENAI_BASE_URL"),
		Model:      get("OPENAI_MODEL"),
		APIType:    strings.ToLower(get("OPENAI_API_TYPE")),
		APIVersion: get("OPENAI_API_VERSION"),
	}
	if c.APIKey == "" && c.BaseURL == "" {
		return nil, nil
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("OPENAI_BASE_URL: %q is not an http(s) URL", redactURL(c.BaseURL))
		}
	}
	switch c.APIType {
	case "", APITypeOpenAI:
		c.APIType = APITypeOpenAI
	case APITypeAzure:
		if c.BaseURL == "" {
			return nil, fmt.Errorf("OPENAI_BASE_URL: required when OPENAI_API_TYPE is azure (https://<resource>.openai.azure.com)")
		}
		if c.APIKey == "" {
			return nil, fmt.Errorf("OPENAI_API_KEY: required when OPENAI_API_TYPE is azure")
		}
	default:
		return nil, fmt.Errorf("OPENAI_API_TYPE: %q is not openai or azure", c.APIType)
	}
	var err error
	if c.Timeout, err = envDuration(get, "OPENAI_TIMEOUT", time.Second, 10*time.Minute); err != nil {
		return nil, err
	}
	if s := get("OPENAI_TEMPERATURE"); s != "" {
		t, err := strconv.ParseFloat(s, 32)
		if err != nil || t < 0 || t > 2 {
			return nil, fmt.Errorf("OPENAI_TEMPERATURE: %q is not a number from 0 to 2", s)
		}
		c.Temperature = float32(t)
	}
	if c.MaxOutputTokens, err = envInt(get, "OPENAI_MAX_TOKENS", 16, 32000); err != nil {
		return nil, err
	}
	if c.ContextBudget, err = envInt(get, "TALKBOT_CONTEXT_TOKENS", 200, 200000); err != nil {
		return nil, err
	}
	if s := get("OPENAI_MAX_RETRIES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 10 {
			return nil, fmt.Errorf("OPENAI_MAX_RETRIES: %q is not a whole number from 0 to 10", s)
		}
		c.MaxRetries = n
		if n == 0 {
			c.MaxRetries = -1
		}
	}
	return &c, nil
}

func envInt(get func(string) string, name string, lo, hi int) (int, error) {
	s := get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s: %q is not a whole number from %d to %d", name, s, lo, hi)
	}
	return n, nil
}

// envDuration accepts a Go duration ("90s", "2m") or plain seconds ("90").
func envDuration(get func(string) string, name string, lo, hi time.Duration) (time.Duration, error) {
	s := get(name)
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		n, nerr := strconv.ParseFloat(s, 64)
		if nerr != nil {
			return 0, fmt.Errorf("%s: %q is not a duration (e.g. 60s or 2m)", name, s)
		}
		d = time.Duration(n * float64(time.Second))
	}
	if d < lo || d > hi {
		return 0, fmt.Errorf("%s: %s is outside %s to %s", name, d, lo, hi)
	}
	return d, nil
}
