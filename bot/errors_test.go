package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot/llm"
)

func TestUserMessage(t *testing.T) {
	tests := []struct {
		err  error
		want string // a phrase the message must hold
	}{
		// The operator's to fix, said without the names of settings (the
		// log has them: llm.SettingHint).
		{&llm.Error{Kind: llm.ErrKeyRejected, Status: 401}, "settings need fixing by the bot's operator"},
		{&llm.Error{Kind: llm.ErrModelNotFound, Model: "gpt-x"}, "settings need fixing by the bot's operator"},
		{&llm.Error{Kind: llm.ErrRequest, Status: 404}, "settings need fixing by the bot's operator"},
		{fmt.Errorf("compose: %w", &llm.Error{Kind: llm.ErrEndpointNotFound, Status: 404}), "settings need fixing by the bot's operator"},
		{fmt.Errorf("ask: %w", context.DeadlineExceeded), "took too long"},
		{context.Canceled, "cancelled"},
		{ErrEmptyQuestion, "the question is empty"},
		{errors.New("boom: sk-secret"), "something went wrong"},
	}
	for _, tt := range tests {
		got := UserMessage(tt.err)
		if !strings.Contains(got, tt.want) || strings.Contains(got, "sk-") || strings.Contains(got, "OPENAI_") || strings.Contains(got, "gpt-x") || strings.Contains(got, "\n") {
			t.Errorf("UserMessage(%v) = %q, want it to say %q", tt.err, got, tt.want)
		}
	}
	if UserMessage(nil) != "" {
		t.Error("UserMessage(nil) is not empty")
	}
}
