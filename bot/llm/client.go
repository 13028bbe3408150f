// Package llm composes answers with an OpenAI-compatible chat model: the
// prompt that carries the passages as data, the streaming client with its
// retries and timeouts, and the check of the reply's citations. Package bot
// drives it through a small interface of its own.
package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"

	"github.com/talkbot/talkbot/bot/openaiapi"
)

// Client streams chat completions from an OpenAI-compatible server, with
// bounded retries inside an overall deadline. It is safe for concurrent use.
type Client struct {
	cfg    Config // with defaults
	system string // the system prompt
	client *openai.Client
	logger *slog.Logger
}

// New returns a client for cfg; zero fields take the defaults. A nil logger
// discards logs.
func New(cfg Config, logger *slog.Logger) *Client {
	cfg = cfg.withDefaults()
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	c := &Client{cfg: cfg, system: SystemPrompt(cfg.Topic), client: openaiapi.NewClient(cfg.Endpoint), logger: logger}
	if cfg.Transport != nil {
		c.client = openaiapi.NewClientTransport(cfg.Endpoint, cfg.Transport)
	}
	return c
}

// Model is the configured model (the Azure deployment).
func (l *Client) Model() string { return l.cfg.Model }

// Usage is the token count of one reply.
type Usage struct {
	PromptTokens     int
	CompletionTokens int
	// Estimated is set when the server did not report usage and the
	// counts are talkbot's own estimate.
	Estimated bool
}

// completion is the model's raw reply.
type completion struct {
	text     string
	model    string
	finish   string
	usage    *Usage
	attempts int
	capped   bool // cut at maxReplyBytes
}

// maxReplyBytes is where a reply is cut: four times what MaxOutputTokens
// allows at about four bytes a token. An honest server stops long before.
func (l *Client) maxReplyBytes() int { return 16 * l.cfg.MaxOutputTokens }

// complete sends the prompt and returns the full reply. onPartial, when not
// nil, receives the text so far as it streams; after a retry it starts over
// from the new stream's text. Errors are *Error, or the context's error
// when the caller cancelled or its deadline passed; with an error, the
// completion holds no reply but the attempts made and the tokens they
// spent (usage, nil when nothing was spent).
func (l *Client) complete(ctx context.Context, p prompt, onPartial func(delta string, first bool)) (completion, error) {
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, l.cfg.Timeout)
	defer cancel()
	req := openai.ChatCompletionRequest{
		Model: l.cfg.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: p.system},
			{Role: openai.ChatMessageRoleUser, Content: p.user},
		},
		// go-openai omits a zero temperature (omitempty), which servers read
		// as their default of 1; the smallest float keeps the field.
		Temperature:   max(l.cfg.Temperature, math.SmallestNonzeroFloat32),
		Stream:        true,
		StreamOptions: &openai.StreamOptions{IncludeUsage: true},
	}
	reasoning := isReasoningModel(l.cfg.Model)
	if reasoning && l.cfg.Temperature == 0 {
		req.Temperature = 0 // omitted: reasoning models accept only their default
	}
	if l.cfg.BaseURL == "" || reasoning {
		// OpenAI's newer models refuse max_tokens; other servers may not
		// know max_completion_tokens.
		req.MaxCompletionTokens = l.cfg.MaxOutputTokens
	} else {
		req.MaxTokens = l.cfg.MaxOutputTokens
	}

	attempts := l.cfg.Retry.MaxRetries + 1
	// spent is what the failed attempts cost (see spentOn); a failure
	// returns it, and a success adds it to its own usage. served is the
	// model the server last named in a reply (the one configured until it
	// names one): the completion's model, failed or not. It is the one
	// place the configured model stands in for the server's word.
	var spent *Usage
	served := l.cfg.Model
	for attempt := 1; ; attempt++ {
		// failed is the result of a failure after attempt: no reply, but
		// the tokens spent so far.
		failed := completion{attempts: attempt, usage: spent, model: served}
		if perr := parent.Err(); perr != nil {
			failed.attempts = attempt - 1 // this one was never sent
			return failed, perr
		}
		info := &openaiapi.Response{}
		// wrote: the request reached the server (its last byte was written),
		// so a failure after it may have been billed; one before it was not.
		var wrote atomic.Bool
		actx, acancel := context.WithCancelCause(httptrace.WithClientTrace(openaiapi.WithResponse(ctx, info),
			&httptrace.ClientTrace{WroteRequest: func(w httptrace.WroteRequestInfo) { wrote.Store(w.Err == nil) }}))
		idle := time.AfterFunc(l.cfg.IdleTimeout, func() { acancel(errIdle) })
		c, err := l.stream(actx, req, onPartial, func() { idle.Reset(l.cfg.IdleTimeout) })
		idle.Stop()
		attemptTimedOut := errors.Is(context.Cause(actx), errIdle)
		acancel(nil)
		if c.model != "" {
			served, failed.model = c.model, c.model
		}
		if err == nil {
			c.model, c.attempts = served, attempt
			if c.usage == nil { // the server did not report usage: estimate it
				c.usage = spentOn(p, c.text)
			}
			c.usage = addUsage(c.usage, spent)
			return c, nil
		}
		// The server took the prompt: it was sent, and not refused with an
		// error status.
		took := (wrote.Load() || info.Received) && info.Status < http.StatusBadRequest
		if perr := parent.Err(); perr != nil {
			// The caller's deadline ended the attempt.
			if took {
				failed.usage = addUsage(spentOn(p, c.text), spent)
			}
			return failed, perr
		}
		le, retry := l.classify(err, info, attemptTimedOut || ctx.Err() != nil)
		le.Attempts, le.Model = attempt, l.cfg.Model
		if (errors.Is(le.Kind, ErrTimeout) || errors.Is(le.Kind, ErrStreamCut)) && took && le.Status < http.StatusBadRequest {
			spent = addUsage(spentOn(p, c.text), spent)
			failed.usage = spent
		}
		if le.Status == http.StatusBadRequest && req.StreamOptions != nil &&
			strings.Contains(strings.ToLower(le.Detail), "stream_options") {
			// An older server that does not know stream_options: go on
			// without usage from the server (it is estimated instead).
			// This is no fault, so it does not use up a retry.
			req.StreamOptions = nil
			attempts++
			continue
		}
		if !retry || attempt >= attempts || ctx.Err() != nil {
			return failed, le
		}
		wait := l.cfg.Retry.Wait(attempt, info.RetryAfter)
		if !openaiapi.DeadlineAllows(ctx, wait) {
			le.NoTimeToRetry = true
			return failed, le
		}
		l.logger.Warn("llm request failed, retrying", "kind", le.Kind.Error(), "status", le.Status,
			"attempt", attempt, "wait", wait)
		if err := l.cfg.Retry.Sleep(ctx, wait); err != nil {
			if perr := parent.Err(); perr != nil {
				return failed, perr
			}
			le.Kind = ErrTimeout
			return failed, le
		}
	}
}

// spentOn estimates what an attempt cost when the server did not say: one
// that finished without a usage chunk, or one that failed after the server
// took its prompt. A streamed reply reports its usage only in its last chunk,
// so the prompt counts as the prompt's estimate (p.tokens, what the budget
// was built with) and the text that streamed as its estimate. A failed
// attempt counts when it timed out, was cut, or was ended by the caller's
// deadline; one refused with an error status (a 429,
// a 5xx) or never sent (a connection that was never made) costs nothing.
func spentOn(p prompt, streamed string) *Usage {
	return &Usage{PromptTokens: p.tokens, CompletionTokens: estimateTokens(streamed), Estimated: true}
}

// addUsage is the sum of a and b, either of which may be nil (nothing
// spent); it is estimated when either part is.
func addUsage(a, b *Usage) *Usage {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return &Usage{
		PromptTokens:     a.PromptTokens + b.PromptTokens,
		CompletionTokens: a.CompletionTokens + b.CompletionTokens,
		Estimated:        a.Estimated || b.Estimated,
	}
}

// stream runs one streamed request to its end. The completion's model is
// the one the server named, "" when it named none (complete knows which to
// say then). alive is called whenever the server shows progress.
func (l *Client) stream(ctx context.Context, req openai.ChatCompletionRequest, onPartial func(delta string, first bool), alive func()) (completion, error) {
	st, err := l.client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return completion{}, err
	}
	defer st.Close()
	alive()
	var c completion
	var text strings.Builder
	events := 0
read:
	for {
		chunk, err := st.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if c.finish != "" && errors.Is(context.Cause(ctx), errIdle) {
				// The choice is complete; only [DONE] (or the usage
				// chunk) never came. Keep the answer.
				break
			}
			return completion{text: text.String(), model: c.model}, err // what streamed was spent
		}
		alive()
		events++
		if chunk.Model != "" {
			c.model = chunk.Model
		}
		if chunk.Usage != nil {
			c.usage = &Usage{PromptTokens: chunk.Usage.PromptTokens, CompletionTokens: chunk.Usage.CompletionTokens}
		}
		for _, ch := range chunk.Choices {
			if ch.Index != 0 {
				continue
			}
			if d := ch.Delta.Content; d != "" {
				if room := l.maxReplyBytes() - text.Len(); len(d) > room {
					// A reply far past the token cap (a server that ignores
					// it, or a runaway stream): stop reading and verify what
					// arrived rather than buffer and re-render without end.
					room = max(room, 0)
					for room > 0 && !utf8.RuneStart(d[room]) {
						room--
					}
					text.WriteString(d[:room])
					c.finish, c.capped = "length", true
					l.logger.Warn("llm reply cut: far longer than OPENAI_MAX_TOKENS allows",
						"bytes", text.Len(), "max_tokens", l.cfg.MaxOutputTokens)
					break read
				}
				text.WriteString(d)
				if onPartial != nil {
					onPartial(d, text.Len() == len(d))
				}
			}
			if ch.FinishReason != "" {
				c.finish = string(ch.FinishReason)
			}
		}
	}
	switch {
	case events == 0:
		// Neither a stream nor a plain chat completion (which openaiapi
		// reads as one): say what came instead.
		ct := st.Header().Get("Content-Type")
		if ct == "" {
			ct = "none"
		}
		return completion{}, fmt.Errorf("%w (Content-Type %s): it must support streaming, answering \"stream\": true with text/event-stream", errNoEvents, ct)
	case c.finish == "":
		// The body ended without the chunk that closes a choice: the
		// stream was cut (or [DONE] never came); the text may be partial.
		return completion{text: text.String(), model: c.model}, errNoFinish
	}
	c.text = text.String()
	return c, nil
}

var (
	errIdle     = errors.New("no response or stream event within the idle timeout")
	errNoEvents = errors.New("the server sent no stream events nor a chat completion")
	errNoFinish = errors.New("the stream ended without a finish reason")
)

// classify maps a failed attempt to an *Error and whether to retry.
func (l *Client) classify(err error, info *openaiapi.Response, timedOut bool) (*Error, bool) {
	le := &Error{Status: info.Status}
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		if apiErr.HTTPStatusCode != 0 {
			le.Status = apiErr.HTTPStatusCode
		} else if le.Status == http.StatusOK {
			le.Status = 0 // an error event inside a 200 stream
		}
		code, _ := apiErr.Code.(string)
		return l.byStatus(le, code+" "+apiErr.Type, apiErr.Message)
	case errors.As(err, &reqErr):
		le.Status = reqErr.HTTPStatusCode
		return l.byStatus(le, "", http.StatusText(reqErr.HTTPStatusCode))
	case errors.Is(err, errNoEvents), errors.Is(err, openai.ErrTooManyEmptyStreamMessages):
		le.Kind, le.Detail = ErrBadResponse, openaiapi.Scrub(err.Error(), l.cfg.APIKey) // it quotes a header
		return le, false
	case errors.Is(err, errNoFinish):
		le.Kind, le.Detail = ErrStreamCut, err.Error()
		return le, true
	case timedOut || errors.Is(err, context.DeadlineExceeded) || isNetTimeout(err):
		le.Kind = ErrTimeout
		return le, true
	case !info.Received && !isURLError(err):
		// go-openai refused the request before sending it (its checks
		// of model parameters): nothing another try would change.
		le.Kind, le.Detail = ErrRequest, openaiapi.Scrub(err.Error(), l.cfg.APIKey)
		return le, false
	case isJSONError(err):
		le.Kind, le.Detail = ErrBadResponse, openaiapi.Scrub(err.Error(), l.cfg.APIKey)
		return le, false
	case info.Received && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF)):
		le.Kind = ErrStreamCut
		return le, true
	default:
		// Refused, reset or dropped before a response: the network or the
		// server's front door. The URL in net errors never holds the key.
		le.Kind, le.Detail = ErrConnection, openaiapi.Scrub(netCause(err), l.cfg.APIKey)
		return le, true
	}
}

// byStatus classifies an HTTP error response.
func (l *Client) byStatus(le *Error, code, msg string) (*Error, bool) {
	detail := openaiapi.Scrub(msg, l.cfg.APIKey)
	lower := strings.ToLower(code + " " + msg)
	switch s := le.Status; {
	case s == http.StatusUnauthorized || s == http.StatusForbidden || strings.Contains(lower, "invalid_api_key"):
		le.Kind = ErrKeyRejected // never the server's words: they echo the key
		return le, false
	case s == http.StatusNotFound && strings.Contains(lower, "model"):
		le.Kind = ErrModelNotFound
		return le, false
	case s == http.StatusNotFound:
		// The setting to check is the caller's to name (talkbot adds
		// it): saying it here too printed it twice.
		le.Kind, le.Detail = ErrEndpointNotFound, "no chat completions endpoint there"
		return le, false
	case strings.Contains(lower, "content_filter") || strings.Contains(lower, "content management policy") ||
		strings.Contains(lower, "invalid_prompt"):
		// The question or a passage tripped the provider's filter: this
		// question's problem, not the operator's.
		le.Kind, le.Detail = ErrContentFilter, detail
		return le, false
	case s == http.StatusRequestEntityTooLarge ||
		strings.Contains(lower, "context_length") || strings.Contains(lower, "context length") ||
		strings.Contains(lower, "maximum context") || strings.Contains(lower, "too many tokens"):
		le.Kind, le.Detail = ErrContextTooLong, detail
		return le, false
	case strings.Contains(lower, "insufficient_quota"):
		le.Kind, le.Detail = ErrRateLimited, "the account's quota is used up"
		return le, false
	case s == http.StatusTooManyRequests:
		le.Kind, le.Detail = ErrRateLimited, detail
		return le, true
	case s == http.StatusRequestTimeout:
		le.Kind = ErrTimeout
		return le, true
	case openaiapi.RetryableStatus(s): // 5xx, 409, or no status (429 and 408 are above)
		le.Kind, le.Detail = ErrUnavailable, detail
		return le, true
	default:
		le.Kind, le.Detail = ErrRequest, detail
		return le, false
	}
}

func isNetTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// isURLError reports whether err came from the HTTP client (every error of
// http.Client.Do is a *url.Error).
func isURLError(err error) bool {
	var ue *url.Error
	return errors.As(err, &ue)
}

func isJSONError(err error) bool {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	return errors.As(err, &se) || errors.As(err, &te)
}

// netCause is the message of a network error without the method and URL
// that url.Error adds.
func netCause(err error) string {
	var op *net.OpError
	if errors.As(err, &op) {
		return op.Error()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}
