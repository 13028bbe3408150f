package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/talkbot/talkbot/retrieval"
)

// DefaultK is how many passages an answer draws on by default.
const DefaultK = 5

// Options configure an Engine.
type Options struct {
	K      int          // passages to retrieve per question; 0 means DefaultK
	Logger *slog.Logger // nil discards logs
	// LLM, when set, composes answers through an OpenAI-compatible chat
	// API (see LLMConfigFromEnv); nil answers extractively.
	LLM *LLMConfig
	// Hybrid, when set, retrieves by BM25 and embeddings fused (see
	// retrieval.Hybrid); nil retrieves by BM25 alone.
	Hybrid *retrieval.Hybrid
}

// Engine answers questions from an index. It is safe for concurrent use.
type Engine struct {
	index  *retrieval.Index
	k      int
	logger *slog.Logger
	filler map[string]bool // analysed fillerWords
	llm    *llm            // nil: extractive only
	hybrid *retrieval.Hybrid
}

// New returns an engine over ix.
func New(ix *retrieval.Index, opts Options) *Engine {
	e := &Engine{index: ix, k: opts.K, logger: opts.Logger, hybrid: opts.Hybrid}
	if e.k <= 0 {
		e.k = DefaultK
	}
	if e.logger == nil {
		e.logger = slog.New(slog.DiscardHandler)
	}
	if opts.LLM != nil {
		e.llm = newLLM(*opts.LLM, e.logger)
	}
	e.filler = map[string]bool{}
	for _, w := range fillerWords {
		for _, t := range retrieval.Analyze(w) {
			e.filler[t] = true
		}
	}
	return e
}

// Index returns the index the engine searches.
func (e *Engine) Index() *retrieval.Index { return e.index }

// CheckQuestion returns an error wrapping ErrEmptyQuestion or
// ErrQuestionTooLong when q cannot be asked.
func CheckQuestion(q string) error {
	if strings.TrimSpace(q) == "" {
		return ErrEmptyQuestion
	}
	if n := utf8.RuneCountInString(q); n > MaxQuestionChars {
		return fmt.Errorf("%w (it has %d)", ErrQuestionTooLong, n)
	}
	return nil
}

// LLM returns the model answers are composed with, or "" when the engine
// answers extractively.
func (e *Engine) LLM() string {
	if e.llm == nil {
		return ""
	}
	return e.llm.cfg.Model
}

// Ask answers one question. Retrieval searches the question, widened by
// the previous question when it is a follow-up (see RetrievalQuery).
//
// With an LLM configured, the answer is composed by the model and verified
// (see verify); when the model fails in a way another question could
// survive (rate limits, outages, timeouts, a cut stream, a reply without
// valid citations) the answer falls back to the extractive one and
// FallbackReason says why. Ask returns an error for a question that cannot
// be asked (see CheckQuestion), a cancelled context, or an *LLMError that
// needs the operator (a rejected key, an unknown model or endpoint); when
// the articles do not cover the question the answer abstains.
func (e *Engine) Ask(ctx context.Context, q Query) (*Answer, error) {
	if err := CheckQuestion(q.Question); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	k := q.K
	if k <= 0 {
		k = e.k
	}
	search := RetrievalQuery(q.Question, q.History)
	res, err := e.search(ctx, search, k)
	if err != nil {
		return nil, err
	}
	if e.llm == nil || len(res) == 0 {
		return e.extractiveFor(q.Question, search, res), nil
	}
	if _, _, ok := e.answerable(search); !ok {
		// The articles do not cover the question (a name they never
		// mention, most of its words unknown): abstain without spending
		// tokens, as the extractive answerer does.
		return e.extractiveFor(q.Question, search, res), nil
	}
	return e.askLLM(ctx, q, search, res)
}

// search retrieves the k best passages, hybrid when configured. Only a
// cancelled context fails it: hybrid search falls back to BM25 by itself.
func (e *Engine) search(ctx context.Context, q string, k int) ([]retrieval.Result, error) {
	if e.hybrid != nil {
		return e.hybrid.Search(ctx, q, k)
	}
	return e.index.Search(q, k), nil
}

// extractiveFor answers extractively from res, judging coverage by the
// search text (which carries a follow-up's context) but reporting the
// user's question.
func (e *Engine) extractiveFor(question, search string, res []retrieval.Result) *Answer {
	ans := e.extractiveFrom(search, res)
	ans.Question = question
	return ans
}
