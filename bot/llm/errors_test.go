package llm

import "testing"

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
