package llm

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/retrieval/envvar"
)

// Defaults of Config; see ConfigFromEnv for the variables that change
// them.
const (
	DefaultModel           = "gpt-4o-mini"
	DefaultTimeout         = 60 * time.Second
	DefaultIdleTimeout     = 30 * time.Second
	DefaultMaxOutputTokens = 400
	// DefaultReasoningMaxTokens is the cap for reasoning models (o1, o3,
	// o4, gpt-5 …), whose reasoning tokens count as output.
	DefaultReasoningMaxTokens = 2000
	// DefaultContextBudget is the prompt budget in tokens. On the labelled
	// questions the whole articles of the best ContextK passages take
	// about 2,400 tokens (p50; p95 3,500), so 4,000 sends them whole and
	// leaves room for history and longer articles, at about $0.0006 a
	// question on gpt-4o-mini and inside an 8k window of a small local
	// model.
	DefaultContextBudget = 4000
	// ContextK is how many passages the prompt's context is built around
	// by default: the model reads the articles of twice the passages an
	// extractive answer quotes from, which puts the answer in the prompt
	// for 97.3% of the labelled questions against 95.5% for 5.
	ContextK = 10
)

// Config configures answering through an OpenAI-compatible chat API.
// Zero durations and counts mean the defaults above (and openaiapi's for
// the endpoint and Retry).
type Config struct {
	openaiapi.Endpoint        // where requests go and how they authenticate
	Model              string // the model, or the Azure deployment
	// Topic is what the articles are about, for the system prompt;
	// "" means DefaultTopic.
	Topic string

	Timeout time.Duration // for a whole answer, retries included
	// IdleTimeout is the longest wait for the response to start or for the
	// next stream event; a request silent that long is abandoned and
	// retried. A slow but steady stream is not cut. Default: the larger of
	// 30s and half of Timeout, so slow local models get room too.
	IdleTimeout     time.Duration
	Temperature     float32 // 0 (the default) for the steadiest answers
	MaxOutputTokens int
	ContextBudget   int // prompt tokens: rules, history, question and passages

	// Retry is the policy for failed requests.
	Retry openaiapi.Retry
	// Transport, when set, carries the requests (a proxy, or a server in
	// memory); nil uses a clone of http.DefaultTransport.
	Transport http.RoundTripper
}

// String describes the configuration without its key, so a config that
// ends up in a log or an error message does not leak it.
func (c Config) String() string { return "model=" + c.Model + " " + c.Endpoint.String() }

// GoString keeps %#v from printing the key.
func (c Config) GoString() string { return "llm.Config{" + c.String() + "}" }

// LogValue keeps slog from printing the key.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(append([]slog.Attr{slog.String("model", c.Model)}, c.Endpoint.LogValue().Group()...)...)
}

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	if c.Model == "" {
		c.Model = DefaultModel
	}
	if c.APIType == "" {
		c.APIType = openaiapi.APITypeOpenAI
	}
	if c.APIType == openaiapi.APITypeAzure && c.APIVersion == "" {
		c.APIVersion = openaiapi.DefaultAzureAPIVersion
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
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
	c.Retry = c.Retry.WithDefaults()
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

// ConfigFromEnv reads the LLM configuration from environment variables
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
//	TALKBOT_CONTEXT_TOKENS   prompt budget, default 4000
//
// An invalid value is a one-line error that names the variable.
func ConfigFromEnv(getenv func(string) string) (*Config, error) {
	e := openaiapi.EndpointFromEnv(getenv)
	if e.APIKey == "" && e.BaseURL == "" {
		return nil, nil
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	c := Config{Endpoint: e, Model: strings.TrimSpace(getenv("OPENAI_MODEL"))}
	var err error
	if c.Timeout, err = envvar.Duration(getenv, "OPENAI_TIMEOUT", time.Second, 10*time.Minute); err != nil {
		return nil, err
	}
	t, err := envvar.Float(getenv, "OPENAI_TEMPERATURE", 0, 2)
	if err != nil {
		return nil, err
	}
	c.Temperature = float32(t)
	if c.MaxOutputTokens, err = envvar.Int(getenv, "OPENAI_MAX_TOKENS", 16, 32000); err != nil {
		return nil, err
	}
	if c.ContextBudget, err = envvar.Int(getenv, "TALKBOT_CONTEXT_TOKENS", 200, 200000); err != nil {
		return nil, err
	}
	if c.Retry.MaxRetries, err = openaiapi.MaxRetriesFromEnv(getenv); err != nil {
		return nil, err
	}
	return &c, nil
}
