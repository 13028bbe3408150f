package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Kinds of LLM failure. An *LLMError wraps exactly one of them, so callers
// test with errors.Is and show the sentence to the user. The messages never
// hold the API key or the server's own wording of an auth failure (OpenAI's
// 401 message echoes part of the key).
var (
	ErrKeyRejected    = errors.New("the API key was rejected")
	ErrModelNotFound  = errors.New("the model was not found")
	ErrContextTooLong = errors.New("the prompt is longer than the model's context window")
	ErrRateLimited    = errors.New("the language model is rate limiting requests")
	ErrUnavailable    = errors.New("the language model server is failing")
	ErrTimeout        = errors.New("the language model did not answer in time")
	ErrConnection     = errors.New("could not reach the language model server")
	ErrBadResponse    = errors.New("the language model server sent a malformed response")
	ErrStreamCut      = errors.New("the answer stream was cut off before it finished")
	ErrRequest        = errors.New("the language model server refused the request")
	ErrNoCitedAnswer  = errors.New("the model's reply held no sentence citing a passage it was given")
	ErrContentFilter  = errors.New("the model's content filter stopped the answer")
)

// LLMError is a failed LLM call: its Kind (one of the Err* values above),
// the model, the HTTP status when there was one, how many requests were
// made, and a short, key-free detail from the server.
type LLMError struct {
	Kind     error
	Model    string
	Status   int
	Attempts int
	Detail   string
}

func (e *LLMError) Error() string {
	var b strings.Builder
	b.WriteString("llm: ")
	b.WriteString(e.Kind.Error())
	if errors.Is(e.Kind, ErrModelNotFound) && e.Model != "" {
		fmt.Fprintf(&b, " (%q)", e.Model)
	}
	var notes []string
	if e.Status != 0 {
		notes = append(notes, fmt.Sprintf("HTTP %d", e.Status))
	}
	if e.Attempts > 1 {
		notes = append(notes, fmt.Sprintf("after %d attempts", e.Attempts))
	}
	if len(notes) > 0 {
		b.WriteString(" (" + strings.Join(notes, ", ") + ")")
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	return b.String()
}

func (e *LLMError) Unwrap() error { return e.Kind }

// Fatal reports whether the error needs the operator (a wrong key, model,
// endpoint or request parameter) rather than another try: Ask returns these
// instead of falling back, so a misconfiguration shows at once.
func (e *LLMError) Fatal() bool {
	return errors.Is(e.Kind, ErrKeyRejected) || errors.Is(e.Kind, ErrModelNotFound) || errors.Is(e.Kind, ErrRequest)
}

// UserMessage is the sentence to show a user (on Discord, say) when Ask
// fails with err: what went wrong and who can fix it, without internals or
// secrets. Operators find the details in the logs.
func UserMessage(err error) string {
	var le *LLMError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrEmptyQuestion), errors.Is(err, ErrQuestionTooLong):
		return "Sorry, " + err.Error() + "."
	case errors.Is(err, ErrKeyRejected):
		return "Sorry, I can't answer right now: the language model rejected the bot's API key. The operator needs to check OPENAI_API_KEY."
	case errors.As(err, &le) && errors.Is(err, ErrModelNotFound):
		return fmt.Sprintf("Sorry, I can't answer right now: the model %q was not found. The operator needs to check OPENAI_MODEL.", le.Model)
	case errors.Is(err, ErrRequest):
		return "Sorry, I can't answer right now: the language model server refused the request. The operator needs to check OPENAI_BASE_URL and OPENAI_MODEL."
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, ErrTimeout):
		return "Sorry, that took too long. Please try again."
	case errors.Is(err, context.Canceled):
		return "The question was cancelled."
	default:
		return "Sorry, something went wrong while answering. Please try again."
	}
}
