package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/talkbot/talkbot/bot/openaiapi"
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
	DefaultMaxRetries         = openaiapi.DefaultMaxRetries
	DefaultRetryBaseDelay     = openaiapi.DefaultBaseDelay
	DefaultRetryMaxDelay      = openaiapi.DefaultMaxDelay
	DefaultAzureAPIVersion    = openaiapi.DefaultAzureAPIVersion
)

// API types of LLMConfig.APIType.
const (
	APITypeOpenAI = openaiapi.APITypeOpenAI
	APITypeAzure  = openaiapi.APITypeAzure
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
	// AfterFunc starts the idle-timeout timer: it calls f once d has passed
	// unless the timer is stopped first; each stream event resets it. nil
	// uses time.AfterFunc. Tests replace it with a fake clock so idle
	// timeouts are decided by the test, not by the wall clock.
	AfterFunc func(d time.Duration, f func()) Timer
}

// Timer is the part of *time.Timer the idle timeout uses.
type Timer interface {
	Reset(d time.Duration) bool
	Stop() bool
}

func realAfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

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
	return fmt.Sprintf("model=%s base_url=%s api_type=%s api_key=%s", c.Model, openaiapi.RedactURL(base), c.apiType(), key)
}

// GoString keeps %#v from printing the key.
func (c LLMConfig) GoString() string { return "bot.LLMConfig{" + c.String() + "}" }

// LogValue keeps slog from printing the key.
func (c LLMConfig) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("model", c.Model),
		slog.String("base_url", openaiapi.RedactURL(c.BaseURL)),
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

func (c LLMConfig) endpoint() openaiapi.Endpoint {
	return openaiapi.Endpoint{APIKey: c.APIKey, BaseURL: c.BaseURL, APIType: c.APIType, APIVersion: c.APIVersion}
}

func (c LLMConfig) retry() openaiapi.Retry {
	return openaiapi.Retry{MaxRetries: c.MaxRetries, BaseDelay: c.RetryBaseDelay, MaxDelay: c.RetryMaxDelay, Sleep: c.Sleep}
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
	if c.AfterFunc == nil {
		c.AfterFunc = realAfterFunc
	}
	r := c.retry().WithDefaults()
	c.MaxRetries, c.RetryBaseDelay, c.RetryMaxDelay, c.Sleep = r.MaxRetries, r.BaseDelay, r.MaxDelay, r.Sleep
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
	e := openaiapi.EndpointFromEnv(getenv)
	if e.APIKey == "" && e.BaseURL == "" {
		return nil, nil
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	c := LLMConfig{APIKey: e.APIKey, BaseURL: e.BaseURL, Model: get("OPENAI_MODEL"), APIType: e.APIType, APIVersion: e.APIVersion}
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
	if c.MaxRetries, err = openaiapi.MaxRetriesFromEnv(getenv); err != nil {
		return nil, err
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
