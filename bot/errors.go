package bot

import (
	"context"
	"errors"
	"fmt"

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
// fails with err: what went wrong and who can fix it, without internals or
// secrets. Operators find the details in the logs.
func UserMessage(err error) string {
	var le *llm.Error
	switch {
	case err == nil:
		return ""
	case IsQuestionError(err):
		return "Sorry, " + err.Error() + "."
	case errors.Is(err, llm.ErrKeyRejected):
		return "Sorry, I can't answer right now: the language model rejected the bot's API key. The operator needs to check OPENAI_API_KEY (and OPENAI_BASE_URL, if the key is for another server)."
	case errors.As(err, &le) && errors.Is(err, llm.ErrModelNotFound):
		return fmt.Sprintf("Sorry, I can't answer right now: the model %q was not found. The operator needs to check OPENAI_MODEL.", le.Model)
	case errors.Is(err, llm.ErrRequest):
		return "Sorry, I can't answer right now: the language model server refused the request. The operator needs to check OPENAI_BASE_URL and OPENAI_MODEL."
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, llm.ErrTimeout):
		return "Sorry, that took too long. Please try again."
	case errors.Is(err, context.Canceled):
		return "The question was cancelled."
	default:
		return "Sorry, something went wrong while answering. Please try again."
	}
}
