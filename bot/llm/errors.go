package llm

import (
	"errors"
	"fmt"
	"strings"
)

// Kinds of LLM failure. An *Error wraps exactly one of them, so callers
// test with errors.Is and show the sentence to the user (ErrEndpointNotFound
// is a kind of ErrRequest: errors.Is holds for both). The messages never
// hold the API key or the server's own wording of an auth failure (OpenAI's
// 401 message echoes part of the key). Each is a clause with its subject
// first, since talkbot ask puts it after "because" in its fallback line.
var (
	ErrKeyRejected    = errors.New("the API key was rejected")
	ErrModelNotFound  = errors.New("the model was not found")
	ErrContextTooLong = errors.New("the prompt is longer than the model's context window")
	ErrRateLimited    = errors.New("the language model is rate limiting requests")
	ErrUnavailable    = errors.New("the language model server is failing")
	ErrTimeout        = errors.New("the language model did not answer in time")
	ErrConnection     = errors.New("the language model server could not be reached")
	ErrBadResponse    = errors.New("the language model server sent a malformed response")
	ErrStreamCut      = errors.New("the answer stream was cut off before it finished")
	ErrRequest        = errors.New("the language model server refused the request")
	// ErrEndpointNotFound: an HTTP 404 that is not about the model (that
	// is ErrModelNotFound): no chat completions endpoint at the base URL.
	// It is a refused request, and reads as one: every caller of
	// ErrRequest (Fatal, the messages to users and operators) treats it so,
	// and one that knows the base URL is to blame tests for it first.
	ErrEndpointNotFound error = endpointNotFound{}
	ErrNoCitedAnswer          = errors.New("the model's reply held no sentence citing a passage it was given")
	// ErrUnsupportedAnswer: the reply cited passages, but every cited
	// sentence stated what the passages it cites do not (see support.go).
	ErrUnsupportedAnswer = errors.New("the sentences the model cited were not supported by the passages they cite")
	ErrContentFilter     = errors.New("the model's content filter stopped the answer")
)

// endpointNotFound is ErrEndpointNotFound: ErrRequest's text, and a kind
// of it (Unwrap), as fmt.Errorf("%w", ErrRequest) would be but made
// without work at init, being an empty struct.
type endpointNotFound struct{}

func (endpointNotFound) Error() string { return ErrRequest.Error() }
func (endpointNotFound) Unwrap() error { return ErrRequest }

// SettingHint is the "check …" clause for a failure only the operator can
// mend (see Fatal), naming the environment variables ConfigFromEnv reads
// that are to blame; "" for any other error. Error's text leaves it out: a
// caller adds it where its reader is the operator (talkbot's stderr, a
// server's log), not where it is a user.
func SettingHint(err error) string {
	switch {
	case errors.Is(err, ErrKeyRejected):
		return "check OPENAI_API_KEY, and OPENAI_BASE_URL if the key is for another server"
	case errors.Is(err, ErrModelNotFound):
		return "check OPENAI_MODEL, and OPENAI_BASE_URL if the model is on another server"
	case errors.Is(err, ErrEndpointNotFound): // before ErrRequest, which it is a kind of
		return "check OPENAI_BASE_URL"
	case errors.Is(err, ErrRequest):
		return "check OPENAI_BASE_URL and OPENAI_MODEL"
	}
	return ""
}

// Error is a failed LLM call: its Kind (one of the Err* values above),
// the model, the HTTP status when there was one, how many requests were
// made, and a short, key-free detail from the server.
type Error struct {
	Kind     error
	Model    string
	Status   int
	Attempts int
	// NoTimeToRetry is set when a retry was due but the deadline left no
	// time for its wait.
	NoTimeToRetry bool
	Detail        string
}

// Error reads as one line without brackets of its own, so that a caller
// may put it in a note of its own (talkbot ask's fallback line):
//
//	llm: the language model server is failing — HTTP 500, after 3 attempts: overloaded
//	llm: the model "gpt-x" was not found — HTTP 404
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("llm: ")
	if errors.Is(e.Kind, ErrModelNotFound) && e.Model != "" {
		fmt.Fprintf(&b, "the model %q was not found", e.Model)
	} else {
		b.WriteString(e.Kind.Error())
	}
	var notes []string
	if e.Status >= 400 {
		// An error status says why; a 200 whose stream then stalled or was
		// cut says nothing a reader needs ("did not answer in time — HTTP 200").
		notes = append(notes, fmt.Sprintf("HTTP %d", e.Status))
	}
	if e.Attempts > 1 {
		notes = append(notes, fmt.Sprintf("after %d attempts", e.Attempts))
	}
	if e.NoTimeToRetry {
		notes = append(notes, "no time left to retry")
	}
	if len(notes) > 0 {
		b.WriteString(" — " + strings.Join(notes, ", "))
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Kind }

// Fatal reports whether the error needs the operator (a wrong key, model,
// endpoint or request parameter) rather than another try: Ask returns these
// instead of falling back, so a misconfiguration shows at once.
func (e *Error) Fatal() bool {
	return errors.Is(e.Kind, ErrKeyRejected) || errors.Is(e.Kind, ErrModelNotFound) || errors.Is(e.Kind, ErrRequest)
}
