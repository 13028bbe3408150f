package openaitest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/talkbot/talkbot/bot/openaitest"
)

func client(s *openaitest.Server, key string) *openai.Client {
	cfg := openai.DefaultConfig(key)
	cfg.BaseURL = s.BaseURL()
	return openai.NewClientWithConfig(cfg)
}

func chatReq(stream bool) openai.ChatCompletionRequest {
	return openai.ChatCompletionRequest{
		Model:         "gpt-test",
		Messages:      []openai.ChatCompletionMessage{{Role: "user", Content: "hello there"}},
		Stream:        stream,
		StreamOptions: &openai.StreamOptions{IncludeUsage: stream},
	}
}

func TestChatJSON(t *testing.T) {
	s := openaitest.NewServer(t)
	s.QueueChat(openaitest.Reply{Content: "Hi [1].", Usage: &openaitest.Usage{PromptTokens: 7, CompletionTokens: 3}})
	resp, err := client(s, "k").CreateChatCompletion(context.Background(), chatReq(false))
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Choices[0].Message.Content; got != "Hi [1]." {
		t.Errorf("content = %q", got)
	}
	if resp.Usage.PromptTokens != 7 || resp.Usage.CompletionTokens != 3 || resp.Model != "gpt-test" {
		t.Errorf("usage/model = %+v %q", resp.Usage, resp.Model)
	}
	reqs := s.ChatRequests()
	if len(reqs) != 1 || reqs[0].Messages[0].Content != "hello there" || reqs[0].Stream {
		t.Errorf("recorded %+v", reqs)
	}
	if h := s.Requests()[0].Header.Get("Authorization"); h != "Bearer k" {
		t.Errorf("Authorization = %q", h)
	}
}

func TestChatStream(t *testing.T) {
	s := openaitest.NewServer(t)
	s.HandleChat(func(r openaitest.ChatRequest) openaitest.Reply {
		return openaitest.Reply{Content: "echo: " + r.Messages[0].Content, FinishReason: "length"}
	})
	st, err := client(s, "k").CreateChatCompletionStream(context.Background(), chatReq(true))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var text strings.Builder
	var finish openai.FinishReason
	var usage *openai.Usage
	chunks := 0
	for {
		c, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if c.Usage != nil {
			usage = c.Usage
		}
		for _, ch := range c.Choices {
			if ch.Delta.Content != "" {
				chunks++
			}
			text.WriteString(ch.Delta.Content)
			if ch.FinishReason != "" {
				finish = ch.FinishReason
			}
		}
	}
	if text.String() != "echo: hello there" || chunks != 3 || finish != "length" {
		t.Errorf("text %q in %d chunks, finish %q", text.String(), chunks, finish)
	}
	if usage == nil || usage.PromptTokens != 2 || usage.CompletionTokens != 3 {
		t.Errorf("usage = %+v", usage)
	}
}

func TestStreamCut(t *testing.T) {
	s := openaitest.NewServer(t)
	s.QueueChat(openaitest.Reply{Content: "one two three four", CutAfter: 2})
	st, err := client(s, "k").CreateChatCompletionStream(context.Background(), chatReq(true))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var got string
	for {
		c, err := st.Recv()
		if err != nil {
			if errors.Is(err, io.EOF) {
				t.Fatalf("clean EOF after %q; want a transport error", got)
			}
			break
		}
		for _, ch := range c.Choices {
			got += ch.Delta.Content
		}
	}
	if got != "one two " {
		t.Errorf("got %q before the cut", got)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name   string
		reply  openaitest.Reply
		status int
		code   string
	}{
		{"rate limit", openaitest.RateLimited("2"), 429, "rate_limit_exceeded"},
		{"server", openaitest.ServerError(503), 503, ""},
		{"model", openaitest.ModelNotFound("gpt-x"), 404, "model_not_found"},
		{"context", openaitest.ContextTooLong(), 400, "context_length_exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t)
			s.QueueChat(tt.reply)
			_, err := client(s, "k").CreateChatCompletion(context.Background(), chatReq(false))
			var apiErr *openai.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want *openai.APIError", err)
			}
			code, _ := apiErr.Code.(string)
			if apiErr.HTTPStatusCode != tt.status || code != tt.code {
				t.Errorf("status %d code %q, want %d %q", apiErr.HTTPStatusCode, code, tt.status, tt.code)
			}
		})
	}
}

func TestRequireKey(t *testing.T) {
	s := openaitest.NewServer(t)
	s.RequireKey("sk-right-0123456789")
	s.QueueChat(openaitest.Text("ok"))
	_, err := client(s, "sk-wrong-0123456789").CreateChatCompletion(context.Background(), chatReq(false))
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != http.StatusUnauthorized {
		t.Fatalf("err = %v, want a 401", err)
	}
	if _, err := client(s, "sk-right-0123456789").CreateChatCompletion(context.Background(), chatReq(false)); err != nil {
		t.Fatalf("right key: %v", err)
	}
}

func TestMalformedAndUnknownPath(t *testing.T) {
	s := openaitest.NewServer(t)
	s.QueueChat(openaitest.Reply{Raw: `{"choices": [`})
	if _, err := client(s, "k").CreateChatCompletion(context.Background(), chatReq(false)); err == nil {
		t.Error("malformed JSON: no error")
	}
	resp, err := http.Post(s.URL+"/v1/nothing", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown path: status %d", resp.StatusCode)
	}
}

func TestHangUntilCancelled(t *testing.T) {
	s := openaitest.NewServer(t)
	started := make(chan struct{}, 1)
	s.QueueChat(openaitest.Reply{Hang: true, Started: started})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := client(s, "k").CreateChatCompletion(ctx, chatReq(false))
		done <- err
	}()
	// Started says the request reached the server: the cancellation below
	// ends a hanging reply, not a request that was never sent.
	select {
	case <-started:
	case err := <-done:
		t.Fatalf("returned before the server saw the request: %v", err)
	}
	if n := len(s.ChatRequests()); n != 1 {
		t.Errorf("%d requests recorded when Started fired, want 1", n)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	return dot / math.Sqrt(na*nb)
}

func TestEmbeddings(t *testing.T) {
	for _, format := range []openai.EmbeddingEncodingFormat{"", openai.EmbeddingEncodingFormatBase64} {
		t.Run(string(format)+"format", func(t *testing.T) {
			s := openaitest.NewServer(t)
			s.SetDim(32)
			in := []string{"Trump and Putin met in Alaska", "Putin met Trump in Alaska", "grain exports from Odesa"}
			resp, err := client(s, "k").CreateEmbeddings(context.Background(), openai.EmbeddingRequestStrings{
				Input: in, Model: "text-embedding-3-small", EncodingFormat: format,
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Data) != 3 {
				t.Fatalf("%d vectors", len(resp.Data))
			}
			for i, d := range resp.Data {
				want := openaitest.Embed(in[i], 32)
				if d.Index != i || len(d.Embedding) != 32 {
					t.Fatalf("vector %d: index %d, dim %d", i, d.Index, len(d.Embedding))
				}
				for j := range want {
					if d.Embedding[j] != want[j] {
						t.Fatalf("vector %d differs from Embed at %d", i, j)
					}
				}
			}
			same, other := cosine(resp.Data[0].Embedding, resp.Data[1].Embedding), cosine(resp.Data[0].Embedding, resp.Data[2].Embedding)
			if same < 0.85 || other > 0.5 {
				t.Errorf("cosine(same words) = %.2f, cosine(other words) = %.2f", same, other)
			}
			if got := s.Requests()[0].Embedding; got == nil || len(got.Input) != 3 || got.Model != "text-embedding-3-small" {
				t.Errorf("recorded %+v", got)
			}
		})
	}
}

func TestEmbeddingsDimensionsAndFaults(t *testing.T) {
	s := openaitest.NewServer(t)
	s.QueueEmbeddings(openaitest.RateLimited("1"))
	c := client(s, "k")
	req := openai.EmbeddingRequest{Input: "one text", Model: "m", Dimensions: 8}
	if _, err := c.CreateEmbeddings(context.Background(), req); err == nil {
		t.Fatal("scripted 429: no error")
	}
	resp, err := c.CreateEmbeddings(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Data) != 1 || len(resp.Data[0].Embedding) != 8 {
		t.Errorf("got %d vectors of dim %d, want 1 of 8", len(resp.Data), len(resp.Data[0].Embedding))
	}
	if v := openaitest.Embed("", 4); v[0] != 0 || v[3] != 0 {
		t.Errorf("empty text: %v", v)
	}
}

func TestAzurePaths(t *testing.T) {
	s := openaitest.NewServer(t)
	s.RequireKey("azkey")
	s.QueueChat(openaitest.Text("ok"))
	cfg := openai.DefaultAzureConfig("azkey", s.URL)
	cfg.APIVersion = "2024-02-01"
	resp, err := openai.NewClientWithConfig(cfg).CreateChatCompletion(context.Background(), chatReq(false))
	if err != nil {
		t.Fatal(err)
	}
	r := s.Requests()[0]
	if resp.Choices[0].Message.Content != "ok" || r.Deployment != "gpt-test" || r.Query != "api-version=2024-02-01" {
		t.Errorf("content %q, deployment %q, query %q", resp.Choices[0].Message.Content, r.Deployment, r.Query)
	}
}

func TestSplitWords(t *testing.T) {
	for _, s := range []string{"", "one", "one two  three\n", "  lead"} {
		if got := strings.Join(openaitest.SplitWords(s), ""); got != s {
			t.Errorf("SplitWords(%q) joins to %q", s, got)
		}
	}
}

func TestConcurrentRequestsRecorded(t *testing.T) {
	s := openaitest.NewServer(t)
	c := client(s, "k")
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			if _, err := c.CreateEmbeddings(context.Background(), openai.EmbeddingRequest{Input: fmt.Sprint("text ", i), Model: "m"}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, r := range s.Requests() {
		if r.Embedding == nil || len(r.Embedding.Input) != 1 {
			t.Fatalf("request without its decoded body: %+v", r)
		}
		seen[r.Embedding.Input[0]] = true
	}
	if len(seen) != 16 {
		t.Errorf("%d distinct inputs recorded, want 16", len(seen))
	}
}
