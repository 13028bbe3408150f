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
}

// Engine answers questions from an index. It is safe for concurrent use.
type Engine struct {
	index  *retrieval.Index
	k      int
	logger *slog.Logger
	filler map[string]bool // analysed fillerWords
}

// New returns an engine over ix.
func New(ix *retrieval.Index, opts Options) *Engine {
	e := &Engine{index: ix, k: opts.K, logger: opts.Logger}
	if e.k <= 0 {
		e.k = DefaultK
	}
	if e.logger == nil {
		e.logger = slog.New(slog.DiscardHandler)
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

// Ask answers one question. It returns an error only for a question that
// cannot be asked (see CheckQuestion) or a cancelled context; when the
// articles do not cover the question the answer abstains.
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
	return e.extractive(q, k), nil
}
