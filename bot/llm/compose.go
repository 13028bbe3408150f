package llm

import (
	"context"
	"errors"

	"github.com/talkbot/talkbot/retrieval"
)

// Turn is an earlier question and answer of the same conversation.
type Turn struct {
	Question string
	Answer   string
}

// Request is one question for the model.
type Request struct {
	Question string
	History  []Turn             // earlier turns, oldest first; may be empty
	Passages []retrieval.Result // ranked, best first; the prompt takes what fits
	// OnPartial, when set, receives the reply so far while it streams, as
	// Preview shows it (unverified). It is called on the goroutine that
	// called Compose, and after a retried request it starts over.
	OnPartial func(text string)
}

// Draft is the model's reply before Verify has checked it.
type Draft struct {
	Text     string
	Sent     []retrieval.Result // passage [n] of the prompt is Sent[n-1]
	Model    string             // as the server reported it, else as configured
	Usage    Usage
	Attempts int    // requests made for the prompt sent last (a smaller prompt after a too-long refusal counts anew)
	Finish   string // the finish reason
}

// Compose builds the prompt for req, streams the model's reply and returns
// it unverified. When the server says the prompt is too long for the
// model, it tries once more with half the budget. Errors are *Error, or the
// context's error when the caller cancelled or its deadline passed. An
// error comes with a Draft when tokens were spent all the same: its Usage
// counts them (estimated for a reply that did not finish, see spentOn) and
// its Text is empty, or for a reply the provider's content filter stopped,
// that reply (an *Error of kind ErrContentFilter).
func (l *Client) Compose(ctx context.Context, req Request) (*Draft, error) {
	budget := l.cfg.ContextBudget
	p := buildPrompt(l.system, req.Question, req.History, req.Passages, budget)
	var onPartial func(delta string, first bool)
	if req.OnPartial != nil {
		var pv *previewer
		onPartial = func(delta string, first bool) {
			if first || pv == nil { // a new attempt starts over
				pv = newPreviewer(p.sent)
			}
			req.OnPartial(pv.add(delta))
		}
	}
	c, err := l.complete(ctx, p, onPartial)
	if errors.Is(err, ErrContextTooLong) && len(p.sent) > 1 {
		// The server's window is smaller than the budget assumes: retry
		// once with half the passages' room.
		l.logger.Warn("llm prompt too long for the model, retrying with a smaller budget",
			"budget", budget, "passages", len(p.sent))
		p = buildPrompt(l.system, req.Question, req.History, req.Passages, budget/2)
		spent := c.usage // a request that timed out before the refusal
		c, err = l.complete(ctx, p, onPartial)
		c.usage = addUsage(c.usage, spent)
	}
	if err != nil {
		if c.usage == nil {
			return nil, err
		}
		// Tokens were spent on a reply that never finished (a timeout, a
		// cut stream, the caller's deadline): the Draft carries them, and
		// the model the server named when it named one (complete's served).
		return &Draft{Sent: p.sent, Model: c.model, Usage: *c.usage, Attempts: c.attempts}, err
	}
	d := &Draft{Text: c.text, Sent: p.sent, Model: c.model, Usage: *c.usage, Attempts: c.attempts, Finish: c.finish}
	if c.finish == "content_filter" {
		return d, &Error{Kind: ErrContentFilter, Model: c.model}
	}
	return d, nil
}
