package bot

import (
	"context"
	"errors"
	"strings"

	"github.com/talkbot/talkbot/retrieval"
)

// askLLM composes the answer through the model, verifies it, and falls back
// to the extractive answer when nothing usable comes back.
func (e *Engine) askLLM(ctx context.Context, q Query, search string, res []retrieval.Result) (*Answer, error) {
	budget := e.llm.cfg.ContextBudget
	p := buildPrompt(q.Question, q.History, res, budget)
	var onPartial func(string)
	if q.OnPartial != nil {
		onPartial = func(raw string) { q.OnPartial(preview(raw, len(p.sent))) }
	}
	c, err := e.llm.complete(ctx, p, onPartial)
	if errors.Is(err, ErrContextTooLong) && len(p.sent) > 1 {
		// The server's window is smaller than the budget assumes: retry
		// once with half the passages' room.
		e.logger.Warn("llm prompt too long for the model, retrying with a smaller budget",
			"budget", budget, "passages", len(p.sent))
		p = buildPrompt(q.Question, q.History, res, budget/2)
		c, err = e.llm.complete(ctx, p, onPartial)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var le *LLMError
		if errors.As(err, &le) && le.Fatal() {
			e.logger.Debug("llm failed; the caller reports it", "err", err)
			return nil, err
		}
		e.logger.Warn("llm failed, answering extractively", "err", err)
		return e.fallback(q.Question, search, res, err, nil), nil
	}

	log := e.logger.With("model", c.model, "attempts", c.attempts, "passages", len(p.sent),
		"prompt_tokens", c.usage.PromptTokens, "completion_tokens", c.usage.CompletionTokens,
		"finish", c.finish)
	if c.finish == "content_filter" {
		log.Warn("llm answer filtered, answering extractively")
		return e.fallback(q.Question, search, res, &LLMError{Kind: ErrContentFilter, Model: c.model}, &c), nil
	}
	v, err := verify(c.text, p.sent)
	if err != nil {
		log.Warn("llm answer unusable, answering extractively", "err", err, "chars", len(c.text))
		return e.fallback(q.Question, search, res, &LLMError{Kind: err, Model: c.model}, &c), nil
	}
	log.Debug("llm answer", "citations", len(v.citations), "abstained", v.abstained,
		"dropped_sentences", v.dropped, "removed_citations", v.invalid)
	return &Answer{
		Question:  q.Question,
		Text:      v.text,
		Citations: v.citations,
		Abstained: v.abstained,
		Mode:      ModeLLM,
		Model:     c.model,
		Usage:     c.usage,
	}, nil
}

// fallback is the extractive answer after a failed LLM answer, with the
// reason. When the model did answer (c != nil), its model and token usage
// are kept: those tokens were spent.
func (e *Engine) fallback(question, search string, res []retrieval.Result, err error, c *completion) *Answer {
	ans := e.extractiveFor(question, search, res)
	ans.FallbackReason = strings.TrimPrefix(err.Error(), "llm: ")
	if c != nil {
		ans.Model, ans.Usage = c.model, c.usage
	}
	return ans
}
