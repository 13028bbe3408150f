// Package bot turns retrieved passages into a short, cited answer: through an
// LLM when one is configured, extractively otherwise. It knows nothing of
// Discord or the command line; both transports share it.
package bot

import (
	"errors"
	"time"

	"github.com/talkbot/talkbot/retrieval"
)

// MaxQuestionChars is the longest question accepted, in characters.
const MaxQuestionChars = 2000

// Question errors: the user's input, not a fault of the bot.
var (
	ErrEmptyQuestion   = errors.New("the question is empty")
	ErrQuestionTooLong = errors.New("the question is longer than 2,000 characters")
)

// Mode says how an answer was composed.
type Mode string

const (
	ModeExtractive Mode = "extractive" // sentences quoted from the articles
	ModeLLM        Mode = "llm"        // written by the language model from the passages
)

// Turn is an earlier question and answer of the same conversation, used to
// understand follow-ups such as "and where was that?".
type Turn struct {
	Question string
	Answer   string
}

// Query is one question to answer.
type Query struct {
	Question string
	K        int    // passages to retrieve; 0 means the engine's default
	History  []Turn // earlier turns, oldest first; may be empty
	// OnPartial, when set, receives the answer text so far while an LLM
	// streams it (unverified; the final Answer replaces it). It is called
	// on the goroutine that called Ask, once per streamed chunk (throttle
	// edits in the transport), and after a retried request it starts over
	// from a shorter text.
	OnPartial func(text string)
}

// Citation is one numbered source of an answer: [N] in the text points at it.
type Citation struct {
	N         int
	Article   string // article id (file name)
	PassageID string
	Headline  string
	Date      time.Time
	Publisher string
	URL       string
	Text      string // the passage text
}

// Source names the citation's article for a reader: its publisher when
// known, else its file name (as retrieval.Article.Source does).
func (c Citation) Source() string {
	if c.Publisher != "" {
		return c.Publisher
	}
	return c.Article
}

// Usage is the token count of an LLM answer.
type Usage struct {
	PromptTokens     int
	CompletionTokens int
	// Estimated is set when the server did not report usage and the
	// counts are talkbot's own estimate.
	Estimated bool
}

// Answer is a finished, verified answer.
type Answer struct {
	Question  string
	Text      string     // the answer with [n] markers; no source list
	Citations []Citation // numbered 1..len in order of first use
	Abstained bool       // the articles do not answer the question
	Mode      Mode
	Model     string // the LLM model, in ModeLLM
	Usage     *Usage // token usage, in ModeLLM
	// FallbackReason says why an LLM answer fell back to the extractive one,
	// or is empty.
	FallbackReason string
}

// citationFor makes the citation numbered n for a retrieved passage.
func citationFor(n int, p retrieval.Passage, a *retrieval.Article) Citation {
	return Citation{
		N: n, Article: a.ID, PassageID: p.ID, Headline: a.Headline, Date: a.Date,
		Publisher: a.Publisher, URL: a.URL, Text: p.Text,
	}
}
