package llm

import "testing"

// TestErrorText: the note after the reason names an error status and the
// attempts, not the 200 of a stream that then stalled.
func TestErrorText(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Kind: ErrTimeout, Status: 200}, "llm: the language model did not answer in time"},
		{&Error{Kind: ErrTimeout, Status: 200, Attempts: 2}, "llm: the language model did not answer in time (after 2 attempts)"},
		{&Error{Kind: ErrRateLimited, Status: 429, Attempts: 3}, "llm: " + ErrRateLimited.Error() + " (HTTP 429, after 3 attempts)"},
		{&Error{Kind: ErrModelNotFound, Model: "gpt-x", Status: 404}, "llm: " + ErrModelNotFound.Error() + ` ("gpt-x") (HTTP 404)`},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}
