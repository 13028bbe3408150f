package bot

import (
	"context"
	"errors"

	"github.com/talkbot/talkbot/bot/llm"
)

// The LLM's configuration lives in package llm; these names keep the
// callers of package bot (the CLI, the Discord transport) on one import.

// LLMConfig configures answering through an OpenAI-compatible chat API.
type LLMConfig = llm.Config

// LLMConfigFromEnv reads the LLM configuration from the environment; nil
// and no error when no LLM is configured (see llm.ConfigFromEnv).
func LLMConfigFromEnv(getenv func(string) string) (*LLMConfig, error) {
	return llm.ConfigFromEnv(getenv)
}

// UserMessage is the sentence to show a user (on Discord, say) when Ask
// fails with err: what went wrong and who can fix it, without internals,
// secrets or the names of settings (a rejected key, an unknown model or a
// refused request is the operator's to fix; llm.SettingHint says how, for
// the log). Operators find the details in the logs.
func UserMessage(err error) string {
	var le *llm.Error
	switch {
	case err == nil:
		return ""
	case IsQuestionError(err):
		return "Sorry, " + err.Error() + "."
	case errors.As(err, &le) && le.Fatal():
		return "Sorry, I can't answer right now: my language model settings need fixing by the bot's operator."
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, llm.ErrTimeout):
		return "Sorry, that took too long. Please try again."
	case errors.Is(err, context.Canceled):
		return "The question was cancelled."
	default:
		return "Sorry, something went wrong while answering. Please try again."
	}
}
