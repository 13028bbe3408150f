package openaiapi_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/bot/openaitest"
)

const testKey = "sk-test-SECRET-0123456789abcdef"

func TestScrub(t *testing.T) {
	tests := []struct {
		name, msg, key string
		gone           []string // must not be in the result
		want           string   // the whole result, when not ""
	}{
		{name: "configured, echoed and bearer keys",
			msg: "Incorrect API key provided: sk-abc*****wxyz. Also Bearer abc.def and my-own-key", key: "my-own-key",
			gone: []string{"sk-abc", "wxyz", "abc.def", "my-own-key"}},
		{name: "key-like without a configured key", msg: "bad key rk-0123456789 and pk-abcdefgh", gone: []string{"0123456789", "abcdefgh"}},
		{name: "one line", msg: "line one\n\tline   two\n", want: "line one line two"},
		{name: "short words are kept", msg: "sk-abc is too short to be a key", want: "sk-abc is too short to be a key"},
		{name: "long message cut", msg: strings.Repeat("é", 250), want: strings.Repeat("é", 200) + "…"},
		{name: "key cut in half by the limit is still removed", msg: strings.Repeat("x ", 98) + testKey, key: testKey,
			gone: []string{"SECRET", "sk-test"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := openaiapi.Scrub(tt.msg, tt.key)
			for _, bad := range tt.gone {
				if strings.Contains(got, bad) {
					t.Errorf("Scrub left %q in %q", bad, got)
				}
			}
			if tt.want != "" && got != tt.want {
				t.Errorf("Scrub = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header http.Header
		want   time.Duration
	}{
		{"none", http.Header{}, 0},
		{"seconds", http.Header{"Retry-After": {"2"}}, 2 * time.Second},
		{"fractional seconds", http.Header{"Retry-After": {" 1.5 "}}, 1500 * time.Millisecond},
		{"milliseconds", http.Header{"Retry-After-Ms": {"250"}}, 250 * time.Millisecond},
		{"milliseconds win", http.Header{"Retry-After-Ms": {"250"}, "Retry-After": {"3"}}, 250 * time.Millisecond},
		{"bad milliseconds fall back to seconds", http.Header{"Retry-After-Ms": {"soon"}, "Retry-After": {"3"}}, 3 * time.Second},
		{"HTTP date", http.Header{"Retry-After": {now.Add(90 * time.Second).Format(http.TimeFormat)}}, 90 * time.Second},
		{"HTTP date in the past", http.Header{"Retry-After": {now.Add(-time.Minute).Format(http.TimeFormat)}}, 0},
		{"negative", http.Header{"Retry-After": {"-1"}}, 0},
		{"garbage", http.Header{"Retry-After": {"later"}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := openaiapi.ParseRetryAfter(tt.header, now); got != tt.want {
				t.Errorf("ParseRetryAfter(%v) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

func TestRetryWithDefaults(t *testing.T) {
	tests := []struct {
		in        openaiapi.Retry
		retries   int
		base, max time.Duration
	}{
		{in: openaiapi.Retry{}, retries: openaiapi.DefaultMaxRetries, base: openaiapi.DefaultBaseDelay, max: openaiapi.DefaultMaxDelay},
		{in: openaiapi.Retry{MaxRetries: -1}, retries: 0, base: openaiapi.DefaultBaseDelay, max: openaiapi.DefaultMaxDelay},
		{in: openaiapi.Retry{MaxRetries: 7, BaseDelay: time.Second, MaxDelay: time.Minute}, retries: 7, base: time.Second, max: time.Minute},
		{in: openaiapi.Retry{BaseDelay: -time.Second, MaxDelay: -1}, retries: 3, base: openaiapi.DefaultBaseDelay, max: openaiapi.DefaultMaxDelay},
	}
	for _, tt := range tests {
		got := tt.in.WithDefaults()
		if got.MaxRetries != tt.retries || got.BaseDelay != tt.base || got.MaxDelay != tt.max || got.Sleep == nil {
			t.Errorf("%+v.WithDefaults() = %+v, want retries %d base %v max %v and a Sleep", tt.in, got, tt.retries, tt.base, tt.max)
		}
	}
	called := false
	r := openaiapi.Retry{Sleep: func(context.Context, time.Duration) error { called = true; return nil }}.WithDefaults()
	if r.Sleep(context.Background(), time.Hour); !called {
		t.Error("WithDefaults replaced the given Sleep")
	}
}

func TestBackoff(t *testing.T) {
	r := openaiapi.Retry{BaseDelay: 100 * time.Millisecond, MaxDelay: 500 * time.Millisecond}.WithDefaults()
	tests := []struct {
		n       int
		ceiling time.Duration // the wait before jitter
	}{
		{1, 100 * time.Millisecond},
		{2, 200 * time.Millisecond},
		{3, 400 * time.Millisecond},
		{4, 500 * time.Millisecond},
		{10, 500 * time.Millisecond},
		{100, 500 * time.Millisecond}, // the shift overflows
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			seen := map[time.Duration]bool{}
			for range 200 {
				d := r.Backoff(tt.n)
				if d < tt.ceiling/2 || d > tt.ceiling {
					t.Fatalf("Backoff(%d) = %v, want %v..%v", tt.n, d, tt.ceiling/2, tt.ceiling)
				}
				seen[d] = true
			}
			if len(seen) < 2 {
				t.Errorf("Backoff(%d) is always %v: no jitter", tt.n, seen)
			}
		})
	}
}

func TestWait(t *testing.T) {
	r := openaiapi.Retry{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}.WithDefaults()
	tests := []struct {
		n          int
		retryAfter time.Duration
		lo, hi     time.Duration
	}{
		{1, 2 * time.Second, 2 * time.Second, 2 * time.Second}, // longer than MaxDelay: the server knows best
		{3, 10 * time.Millisecond, 10 * time.Millisecond, 10 * time.Millisecond},
		{1, 0, 50 * time.Millisecond, 100 * time.Millisecond},
		{3, 0, 200 * time.Millisecond, 400 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := r.Wait(tt.n, tt.retryAfter); got < tt.lo || got > tt.hi {
			t.Errorf("Wait(%d, %v) = %v, want %v..%v", tt.n, tt.retryAfter, got, tt.lo, tt.hi)
		}
	}
}

func TestSleep(t *testing.T) {
	if err := openaiapi.Sleep(context.Background(), 0); err != nil {
		t.Errorf("Sleep(0) = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if err := openaiapi.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep on a cancelled context = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Sleep on a cancelled context took %v", d)
	}
}

func TestDeadlineAllows(t *testing.T) {
	soon, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tests := []struct {
		name string
		ctx  context.Context
		d    time.Duration
		want bool
	}{
		{"no deadline", context.Background(), time.Hour, true},
		{"within the deadline", soon, time.Second, true},
		{"past the deadline", soon, time.Hour, false},
	}
	for _, tt := range tests {
		if got := openaiapi.DeadlineAllows(tt.ctx, tt.d); got != tt.want {
			t.Errorf("%s: DeadlineAllows(%v) = %v, want %v", tt.name, tt.d, got, tt.want)
		}
	}
}

func TestRetryable(t *testing.T) {
	apiErr := func(status int, code string) error {
		return &openai.APIError{HTTPStatusCode: status, Code: code, Type: "x", Message: "m"}
	}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"429", apiErr(429, "rate_limit_exceeded"), true},
		{"429 quota used up", &openai.APIError{HTTPStatusCode: 429, Code: "insufficient_quota", Type: "insufficient_quota"}, false},
		{"500", apiErr(500, ""), true},
		{"503 wrapped", fmt.Errorf("embed: %w", apiErr(503, "")), true},
		{"408", apiErr(408, ""), true},
		{"409", apiErr(409, ""), true},
		{"400", apiErr(400, "invalid_request_error"), false},
		{"401", apiErr(401, "invalid_api_key"), false},
		{"404", apiErr(404, "model_not_found"), false},
		{"502 without a JSON body", &openai.RequestError{HTTPStatusCode: 502, Err: errors.New("bad gateway")}, true},
		{"404 without a JSON body", &openai.RequestError{HTTPStatusCode: 404, Err: errors.New("not found")}, false},
		{"network", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, true},
		{"body cut", io.ErrUnexpectedEOF, true},
		{"cancelled", context.Canceled, false},
		{"deadline", fmt.Errorf("post: %w", context.DeadlineExceeded), false},
	}
	for _, tt := range tests {
		if got := openaiapi.Retryable(tt.err); got != tt.want {
			t.Errorf("%s: Retryable(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestRetryableStatus(t *testing.T) {
	for s, want := range map[int]bool{0: true, 200: false, 400: false, 401: false, 403: false, 404: false,
		408: true, 409: true, 413: false, 422: false, 429: true, 500: true, 502: true, 503: true, 504: true} {
		if got := openaiapi.RetryableStatus(s); got != want {
			t.Errorf("RetryableStatus(%d) = %v, want %v", s, got, want)
		}
	}
}

func TestEndpointFromEnv(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want openaiapi.Endpoint
		err  string // the variable the error must name
	}{
		{name: "nothing", want: openaiapi.Endpoint{APIType: openaiapi.APITypeOpenAI}},
		{name: "trimmed", env: map[string]string{"OPENAI_API_KEY": " k\n", "OPENAI_BASE_URL": " http://localhost:11434/v1 "},
			want: openaiapi.Endpoint{APIKey: "k", BaseURL: "http://localhost:11434/v1", APIType: openaiapi.APITypeOpenAI}},
		{name: "azure", env: map[string]string{"OPENAI_API_KEY": "k", "OPENAI_API_TYPE": "Azure", "OPENAI_BASE_URL": "https://r.openai.azure.com", "OPENAI_API_VERSION": "2024-06-01"},
			want: openaiapi.Endpoint{APIKey: "k", BaseURL: "https://r.openai.azure.com", APIType: openaiapi.APITypeAzure, APIVersion: "2024-06-01"}},
		{name: "azure without base URL", env: map[string]string{"OPENAI_API_KEY": "k", "OPENAI_API_TYPE": "azure"}, err: "OPENAI_BASE_URL"},
		{name: "azure without key", env: map[string]string{"OPENAI_BASE_URL": "https://r.openai.azure.com", "OPENAI_API_TYPE": "azure"}, err: "OPENAI_API_KEY"},
		{name: "unknown type", env: map[string]string{"OPENAI_API_TYPE": "anthropic"}, err: "OPENAI_API_TYPE"},
		{name: "not a URL", env: map[string]string{"OPENAI_BASE_URL": "localhost:8080"}, err: "OPENAI_BASE_URL"},
		{name: "password not shown", env: map[string]string{"OPENAI_BASE_URL": "ftp://user:hunter2@example.com"}, err: "OPENAI_BASE_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := openaiapi.EndpointFromEnv(func(k string) string { return tt.env[k] })
			err := e.Validate()
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err+": ") || strings.Contains(err.Error(), "hunter2") {
					t.Fatalf("err = %v, want a key-free error naming %s", err, tt.err)
				}
				return
			}
			if err != nil || e != tt.want {
				t.Errorf("got %+v, %v; want %+v", e, err, tt.want)
			}
		})
	}
}

// TestEndpointHidesKey: however an Endpoint is printed or logged, it shows
// neither its key nor the password of its base URL, but does say where it
// points and whether a key is set.
func TestEndpointHidesKey(t *testing.T) {
	e := openaiapi.Endpoint{APIKey: testKey, BaseURL: "https://user:hunter2@r.openai.azure.com", APIType: openaiapi.APITypeAzure}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("endpoint", "endpoint", e)
	for _, s := range []string{fmt.Sprint(e), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e), e.String(), logs.String()} {
		if strings.Contains(s, "SECRET") || strings.Contains(s, "9abcdef") || strings.Contains(s, "hunter2") {
			t.Errorf("key or password shown: %s", s)
		}
		if !strings.Contains(s, "r.openai.azure.com") || !strings.Contains(s, "azure") || !strings.Contains(s, "api_key") {
			t.Errorf("endpoint not described: %s", s)
		}
	}
	if s := fmt.Sprint(openaiapi.Endpoint{}); !strings.Contains(s, "api.openai.com") || !strings.Contains(s, "api_key=unset") {
		t.Errorf("empty endpoint: %s, want OpenAI's URL and no key", s)
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:hunter2@example.com/v1": "https://xxxxx@example.com/v1",
		"https://TOKEN123@proxy.example/api":  "https://xxxxx@proxy.example/api", // a token as the user name
		"http://localhost:11434/v1":           "http://localhost:11434/v1",
		"":                                    "",
		// Keys in the query string: every value, whatever its name.
		"https://proxy.example/v1?api-key=sk-secret123":             "https://proxy.example/v1?api-key=xxxxx",
		"https://proxy.example/v1?key=s1&key=s2&token=t3":           "https://proxy.example/v1?key=xxxxx&key=xxxxx&token=xxxxx",
		"https://u:p@proxy.example/v1?sig=s3cr3t#access_token=tok9": "https://xxxxx@proxy.example/v1?sig=xxxxx#xxxxx",
		"https://proxy.example/v1?%zz=bad":                          "https://proxy.example/v1?xxxxx",
		"http://[::1:bad?api-key=sk-secret":                         "http://[::1:badxxxxx",
		// Unparsable (a bad port): the password must not survive either.
		"redis://u:hunter2@host:notaport/0":      "redis://xxxxx@host:notaport/0",
		"https://u:pa?ss#w@host:bad/v1?key=sk-1": "https://xxxxx@host:bad/v1xxxxx",
	} {
		if got := openaiapi.RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
	// What start-up logs and warnings print of an endpoint.
	e := openaiapi.Endpoint{BaseURL: "https://proxy.example/openai?api-key=sk-query-secret"}
	if s := fmt.Sprint(e); strings.Contains(s, "sk-query-secret") || !strings.Contains(s, "api-key=xxxxx") {
		t.Errorf("endpoint printed as %s: the key in the query string must be redacted", s)
	}
}

func TestMaxRetriesFromEnv(t *testing.T) {
	tests := []struct {
		val  string
		want int
		err  bool
	}{
		{"", 0, false}, {"0", -1, false}, {" 2 ", 2, false}, {"10", 10, false},
		{"11", 0, true}, {"-1", 0, true}, {"many", 0, true},
	}
	for _, tt := range tests {
		got, err := openaiapi.MaxRetriesFromEnv(func(string) string { return tt.val })
		if got != tt.want || (err != nil) != tt.err || err != nil && !strings.HasPrefix(err.Error(), "OPENAI_MAX_RETRIES: ") {
			t.Errorf("OPENAI_MAX_RETRIES=%q: %d, %v; want %d, error %v", tt.val, got, err, tt.want, tt.err)
		}
	}
}

// TestNewClient sends a request through each kind of endpoint to the fake
// server and checks the route, the authentication and what the transport
// recorded of the response.
func TestNewClient(t *testing.T) {
	tests := []struct {
		name       string
		endpoint   func(srv *openaitest.Server) openaiapi.Endpoint
		model      string
		reply      *openaitest.Reply
		path       string
		query      string
		header     string // the header that carries the key
		wantStatus int
		wantWait   time.Duration
	}{
		{name: "openai", endpoint: func(s *openaitest.Server) openaiapi.Endpoint {
			return openaiapi.Endpoint{APIKey: testKey, BaseURL: s.BaseURL() + "/"}
		}, model: "text-embedding-3-small", path: "/v1/embeddings", header: "Authorization", wantStatus: 200},
		{name: "azure", endpoint: func(s *openaitest.Server) openaiapi.Endpoint {
			return openaiapi.Endpoint{APIKey: testKey, BaseURL: s.URL, APIType: openaiapi.APITypeAzure}
		}, model: "emb-3.5:small", path: "/openai/deployments/emb-3.5:small/embeddings",
			query: "api-version=" + openaiapi.DefaultAzureAPIVersion, header: "api-key", wantStatus: 200},
		{name: "azure with a version", endpoint: func(s *openaitest.Server) openaiapi.Endpoint {
			return openaiapi.Endpoint{APIKey: testKey, BaseURL: s.URL, APIType: openaiapi.APITypeAzure, APIVersion: "2024-06-01"}
		}, model: "emb", path: "/openai/deployments/emb/embeddings", query: "api-version=2024-06-01", header: "api-key", wantStatus: 200},
		{name: "retry-after recorded", endpoint: func(s *openaitest.Server) openaiapi.Endpoint {
			return openaiapi.Endpoint{APIKey: testKey, BaseURL: s.BaseURL()}
		}, model: "m", reply: ptr(openaitest.RateLimited("3")), path: "/v1/embeddings", header: "Authorization",
			wantStatus: 429, wantWait: 3 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := openaitest.NewServer(t)
			srv.RequireKey(testKey)
			if tt.reply != nil {
				srv.QueueEmbeddings(*tt.reply)
			}
			var resp openaiapi.Response
			ctx := openaiapi.WithResponse(context.Background(), &resp)
			_, err := openaiapi.NewClient(tt.endpoint(srv)).CreateEmbeddings(ctx,
				openai.EmbeddingRequestStrings{Input: []string{"hello"}, Model: openai.EmbeddingModel(tt.model)})
			if (err != nil) != (tt.wantStatus != 200) {
				t.Fatalf("err = %v", err)
			}
			reqs := srv.Requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests", len(reqs))
			}
			r := reqs[0]
			if r.Path != tt.path || r.Query != tt.query || !strings.Contains(r.Header.Get(tt.header), testKey) {
				t.Errorf("request %s?%s with %s %q; want %s?%s", r.Path, r.Query, tt.header, r.Header.Get(tt.header), tt.path, tt.query)
			}
			if want := (openaiapi.Response{Status: tt.wantStatus, RetryAfter: tt.wantWait, Received: true}); resp != want {
				t.Errorf("recorded %+v, want %+v", resp, want)
			}
		})
	}
}

func TestNewClientNoResponse(t *testing.T) {
	srv := openaitest.NewServer(t)
	e := openaiapi.Endpoint{BaseURL: srv.BaseURL()}
	srv.Close()
	var resp openaiapi.Response
	_, err := openaiapi.NewClient(e).CreateEmbeddings(openaiapi.WithResponse(context.Background(), &resp),
		openai.EmbeddingRequestStrings{Input: []string{"x"}, Model: "m"})
	if err == nil || !openaiapi.Retryable(err) {
		t.Errorf("err = %v, want a retryable network error", err)
	}
	if resp != (openaiapi.Response{}) {
		t.Errorf("recorded %+v with no response", resp)
	}
}

func ptr[T any](v T) *T { return &v }

// TestPlainReplyAsStream: a plain JSON chat completion sent to a streamed
// request is read as its stream; a plain reply to a plain request, and a
// JSON body that is no chat completion (an error), reach go-openai as they
// came.
func TestPlainReplyAsStream(t *testing.T) {
	const completion = `{"id":"c1","object":"chat.completion","model":"m","choices":[{"index":0,` +
		`"message":{"role":"assistant","content":"Hello [1]."},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}`
	srv := openaitest.NewServer(t)
	client := openaiapi.NewClient(openaiapi.Endpoint{BaseURL: srv.BaseURL()})
	req := openai.ChatCompletionRequest{Model: "m", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "hi"}}}
	ctx := context.Background()

	srv.QueueChat(openaitest.Reply{Raw: completion})
	st, err := client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		c, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range c.Choices {
			got = append(got, fmt.Sprintf("%q %s", ch.Delta.Content, ch.FinishReason))
		}
		if c.Usage != nil {
			got = append(got, fmt.Sprintf("usage %d+%d", c.Usage.PromptTokens, c.Usage.CompletionTokens))
		}
	}
	st.Close()
	if want := []string{`"Hello [1]." stop`, "usage 3+2"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("stream %q, want %q", got, want)
	}

	srv.QueueChat(openaitest.Reply{Raw: completion})
	plain, err := client.CreateChatCompletion(ctx, req)
	if err != nil || len(plain.Choices) != 1 || plain.Choices[0].Message.Content != "Hello [1]." {
		t.Errorf("plain request: %+v, %v", plain, err)
	}

	srv.QueueChat(openaitest.Reply{Raw: `{"error":{"message":"overloaded","type":"server_error"}}`})
	st, err = client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Recv(); err == nil || !strings.Contains(err.Error(), "overloaded") {
		t.Errorf("an error body in a 200: %v, want go-openai's error with its message", err)
	}
}
