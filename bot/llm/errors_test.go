package llm

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/talkbot/talkbot/bot/openaitest"
)

// TestErrorText: the note after the reason names an error status and the
// attempts, not the 200 of a stream that then stalled, after a dash and
// without brackets, so that a caller's note around it reads as one line.
func TestErrorText(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Kind: ErrTimeout, Status: 200}, "llm: the language model did not answer in time"},
		{&Error{Kind: ErrTimeout, Status: 200, Attempts: 2}, "llm: the language model did not answer in time — after 2 attempts"},
		{&Error{Kind: ErrRateLimited, Status: 429, Attempts: 3}, "llm: " + ErrRateLimited.Error() + " — HTTP 429, after 3 attempts"},
		{&Error{Kind: ErrModelNotFound, Model: "gpt-x", Status: 404}, `llm: the model "gpt-x" was not found — HTTP 404`},
		{&Error{Kind: ErrUnavailable, Status: 500, Attempts: 3, NoTimeToRetry: true, Detail: "overloaded"},
			"llm: " + ErrUnavailable.Error() + " — HTTP 500, after 3 attempts, no time left to retry: overloaded"},
		{&Error{Kind: ErrNoCitedAnswer, Model: "gpt-x"}, "llm: " + ErrNoCitedAnswer.Error()},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

// TestNotFoundKinds: a 404 that names the model is an unknown model; any
// other 404 is no chat endpoint at the base URL (ErrEndpointNotFound),
// which is a refused request as every caller of ErrRequest knows it, reads
// as one, and needs the operator. Other refusals are not it.
func TestNotFoundKinds(t *testing.T) {
	tests := []struct {
		name     string
		reply    openaitest.Reply
		kind     error
		endpoint bool // errors.Is(err, ErrEndpointNotFound)
		text     string
	}{
		{"unknown model", openaitest.ModelNotFound("gpt-test"), ErrModelNotFound, false,
			`llm: the model "gpt-test" was not found — HTTP 404`},
		{"no such path, plain body", openaitest.Reply{Status: 404, Raw: "404 page not found"}, ErrRequest, true,
			"llm: the language model server refused the request — HTTP 404: no chat completions endpoint there"},
		{"no such path, OpenAI error body", openaitest.Error(404, "invalid_request_error", "", "Not found"), ErrRequest, true,
			"llm: the language model server refused the request — HTTP 404: no chat completions endpoint there"},
		{"a refused parameter", openaitest.Error(400, "invalid_request_error", "", "Unsupported parameter: 'temperature'"), ErrRequest, false,
			"llm: the language model server refused the request — HTTP 400: Unsupported parameter: 'temperature'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newClientFixture(t, func(c *Config) { c.Retry.MaxRetries = -1 })
			f.srv.QueueChat(tt.reply)
			_, err := f.client.Compose(context.Background(), Request{Question: "When did Trump and Putin meet in Alaska?", Passages: f.res})
			var le *Error
			if !errors.As(err, &le) || !errors.Is(err, tt.kind) || errors.Is(err, ErrEndpointNotFound) != tt.endpoint || !le.Fatal() {
				t.Fatalf("err = %v; want fatal %v, ErrEndpointNotFound %v", err, tt.kind, tt.endpoint)
			}
			if err.Error() != tt.text {
				t.Errorf("text %q\nwant %q", err, tt.text)
			}
		})
	}
}

// TestSettingHint: the hint follows the error's kind, wrapped or
// not: no chat endpoint (ErrEndpointNotFound) is the base URL's fault
// alone, though it is a refused request too; another refused request names
// the model as well, whatever its status.
func TestSettingHint(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"key rejected", &Error{Kind: ErrKeyRejected, Status: 401}, "check OPENAI_API_KEY, and OPENAI_BASE_URL if the key is for another server"},
		{"unknown model", &Error{Kind: ErrModelNotFound, Model: "gpt-x", Status: 404},
			"check OPENAI_MODEL, and OPENAI_BASE_URL if the model is on another server"},
		{"no chat endpoint", &Error{Kind: ErrEndpointNotFound, Status: 404}, "check OPENAI_BASE_URL"},
		{"no chat endpoint, wrapped", fmt.Errorf("ask: %w", &Error{Kind: ErrEndpointNotFound, Status: 404}), "check OPENAI_BASE_URL"},
		{"refused parameter", &Error{Kind: ErrRequest, Status: 400}, "check OPENAI_BASE_URL and OPENAI_MODEL"},
		// The status is not read: a refusal is an endpoint's only by kind.
		{"refused, a 404 of another kind", &Error{Kind: ErrRequest, Status: 404}, "check OPENAI_BASE_URL and OPENAI_MODEL"},
		{"server failing", &Error{Kind: ErrUnavailable, Status: 500}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SettingHint(tt.err); got != tt.want {
				t.Errorf("SettingHint(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}
