// Package openaiapi is what talkbot's two OpenAI clients share, the chat
// model's (package bot) and the embeddings' (bot/embeddings): the go-openai
// client for OpenAI, Azure and OpenAI-compatible servers, with a transport
// that captures Retry-After and reads a plain reply to a streamed request
// as its stream; the connection settings read from the
// environment; the retry policy (backoff with jitter that defers to
// Retry-After, classification by HTTP status); and the scrubbing of keys
// out of error messages.
package openaiapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/talkbot/talkbot/retrieval/envvar"
)

// API types of Endpoint.APIType.
const (
	APITypeOpenAI = "openai"
	APITypeAzure  = "azure"
	// DefaultAzureAPIVersion is the api-version of Azure requests when
	// Endpoint.APIVersion is empty.
	DefaultAzureAPIVersion = "2024-10-21"
)

// Endpoint is where requests go and how they authenticate.
type Endpoint struct {
	APIKey     string // may be empty for a local server
	BaseURL    string // "" means OpenAI's https://api.openai.com/v1
	APIType    string // APITypeOpenAI ("" too) or APITypeAzure
	APIVersion string // Azure only; "" means DefaultAzureAPIVersion
}

// openAIBaseURL is OpenAI's own API, where requests go when
// Endpoint.BaseURL is empty.
const openAIBaseURL = "https://api.openai.com/v1"

// String describes the endpoint without its key, so a configuration that
// ends up in a log or an error message does not leak it: the base URL
// (OpenAI's when empty) with any password redacted, the API type, and
// whether a key is set.
func (e Endpoint) String() string {
	key := "unset"
	if e.APIKey != "" {
		key = "set"
	}
	base := e.BaseURL
	if base == "" {
		base = openAIBaseURL
	}
	return fmt.Sprintf("base_url=%s api_type=%s api_key=%s", RedactURL(base), e.apiType(), key)
}

// GoString keeps %#v from printing the key.
func (e Endpoint) GoString() string { return "openaiapi.Endpoint{" + e.String() + "}" }

// LogValue keeps slog from printing the key: the base URL as configured
// (redacted), the API type and whether a key is set.
func (e Endpoint) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", RedactURL(e.BaseURL)),
		slog.String("api_type", e.apiType()),
		slog.Bool("api_key_set", e.APIKey != ""),
	)
}

// apiType is e.APIType with "" read as APITypeOpenAI.
func (e Endpoint) apiType() string {
	if e.APIType == "" {
		return APITypeOpenAI
	}
	return e.APIType
}

// EndpointFromEnv reads OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_API_TYPE
// and OPENAI_API_VERSION through getenv, trimmed, with the type in lower
// case and "" read as openai. It does not check them: see Validate.
func EndpointFromEnv(getenv func(string) string) Endpoint {
	get := func(k string) string { return strings.TrimSpace(getenv(k)) }
	e := Endpoint{
		APIKey:     get("OPENAI_API_KEY"),
		BaseURL:    get("OPENAI_BASE_URL"),
		APIType:    strings.ToLower(get("OPENAI_API_TYPE")),
		APIVersion: get("OPENAI_API_VERSION"),
	}
	if e.APIType == "" {
		e.APIType = APITypeOpenAI
	}
	return e
}

// Validate returns a one-line error that names the variable at fault.
func (e Endpoint) Validate() error {
	if e.BaseURL != "" {
		u, err := url.Parse(e.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("OPENAI_BASE_URL: %q is not an http(s) URL", RedactURL(e.BaseURL))
		}
	}
	switch e.APIType {
	case "", APITypeOpenAI:
	case APITypeAzure:
		if e.BaseURL == "" {
			return fmt.Errorf("OPENAI_BASE_URL: required when OPENAI_API_TYPE is azure (https://<resource>.openai.azure.com)")
		}
		if e.APIKey == "" {
			return fmt.Errorf("OPENAI_API_KEY: required when OPENAI_API_TYPE is azure")
		}
	default:
		return fmt.Errorf("OPENAI_API_TYPE: %q is not openai or azure", e.APIType)
	}
	return nil
}

// MaxRetriesFromEnv reads OPENAI_MAX_RETRIES (0 to 10) as a
// Retry.MaxRetries: 0 (the default) when unset, -1 (none) for "0".
func MaxRetriesFromEnv(getenv func(string) string) (int, error) {
	return envvar.IntOff(getenv, "OPENAI_MAX_RETRIES", 0, 10)
}

// RedactURL hides what in a URL may be a secret before the URL is shown:
// the user info (a password, or a token as the user name) becomes "xxxxx",
// and so does every query value (Azure and many proxies take the key as
// ?api-key=…) and the fragment. A URL that does not parse keeps only what
// comes before any "@", "?" or "#".
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		// Unparsed, the userinfo still ends at the last "@" before the
		// host: hide it first (a password may hold "?" or "#"), then the
		// query and fragment.
		if at := strings.LastIndex(s, "@"); at >= 0 {
			scheme, _, ok := strings.Cut(s[:at], "://")
			if ok {
				s = scheme + "://xxxxx@" + s[at+1:]
			} else {
				s = "xxxxx@" + s[at+1:]
			}
		}
		if i := strings.IndexAny(s, "?#"); i >= 0 {
			return s[:i] + "xxxxx"
		}
		return s
	}
	if u.User != nil {
		u.User = url.User("xxxxx")
	}
	if u.RawQuery != "" {
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			u.RawQuery = "xxxxx"
		} else {
			for _, vs := range q {
				for i := range vs {
					vs[i] = "xxxxx"
				}
			}
			u.RawQuery = q.Encode()
		}
	}
	if u.Fragment != "" || u.RawFragment != "" {
		u.Fragment, u.RawFragment = "xxxxx", ""
	}
	return u.String()
}

// NewClient returns a go-openai client for e whose requests record their
// response in the Response of their context (see WithResponse).
func NewClient(e Endpoint) *openai.Client {
	return NewClientTransport(e, http.DefaultTransport.(*http.Transport).Clone())
}

// NewClientTransport is NewClient sending its requests through rt, for a
// proxy or a server that lives in memory.
func NewClientTransport(e Endpoint, rt http.RoundTripper) *openai.Client {
	var oc openai.ClientConfig
	if e.APIType == APITypeAzure {
		oc = openai.DefaultAzureConfig(e.APIKey, e.BaseURL)
		oc.APIVersion = e.APIVersion
		if oc.APIVersion == "" {
			oc.APIVersion = DefaultAzureAPIVersion
		}
		// The model name is the deployment name, as operators configure
		// it; go-openai's default mapper would strip dots and colons.
		oc.AzureModelMapperFunc = func(model string) string { return model }
	} else {
		oc = openai.DefaultConfig(e.APIKey)
		if e.BaseURL != "" {
			oc.BaseURL = strings.TrimRight(e.BaseURL, "/")
		}
	}
	// No client-wide timeout: callers bound each attempt with its context,
	// and a streamed answer may legitimately take longer than a fixed cap.
	oc.HTTPClient = &http.Client{Transport: responseTransport{rt}}
	return openai.NewClientWithConfig(oc)
}

// Response is what the transport saw of one request's response: go-openai's
// errors do not carry response headers, and Retry-After lives there.
type Response struct {
	Status     int
	RetryAfter time.Duration // 0 when the server sent none
	Received   bool          // headers arrived: a later failure cut the body
}

type responseKey struct{}

// WithResponse returns a context under which a request of a NewClient
// client records its response in r. Use one r per attempt.
func WithResponse(ctx context.Context, r *Response) context.Context {
	return context.WithValue(ctx, responseKey{}, r)
}

// responseTransport records the status and Retry-After of each response
// into the Response of the request's context.
type responseTransport struct{ base http.RoundTripper }

func (t responseTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if r, ok := req.Context().Value(responseKey{}).(*Response); ok && resp != nil {
		r.Status = resp.StatusCode
		r.Received = true
		r.RetryAfter = ParseRetryAfter(resp.Header, time.Now())
	}
	if err != nil {
		return resp, err
	}
	return asStream(req, resp) // a server that ignored "stream": true (plain.go)
}

// ParseRetryAfter reads OpenAI's retry-after-ms, or the standard
// Retry-After in seconds or as an HTTP date; 0 when absent or invalid.
func ParseRetryAfter(h http.Header, now time.Time) time.Duration {
	if ms, err := strconv.ParseFloat(h.Get("Retry-After-Ms"), 64); err == nil && ms >= 0 {
		return time.Duration(ms * float64(time.Millisecond))
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
