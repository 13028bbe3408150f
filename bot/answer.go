// Package bot turns retrieved passages into a short, cited answer: through an
// LLM when one is configured, extractively otherwise. It knows nothing of
// Discord or the command line; both transports share it.
package bot

import (
	"errors"
	"strings"
	"time"

	"github.com/talkbot/talkbot/retrieval"
)

// MaxQuestionChars is the longest question accepted, in characters.
const MaxQuestionChars = 2000

// Question errors: the user's input, not a fault of the bot.
var (
	ErrEmptyQuestion   = errors.New("the question is empty")
	ErrQuestionTooLong = errors.New("the question is longer than " + groupThousands(MaxQuestionChars) + " characters") // from the limit: they cannot drift
	ErrNoWords         = errors.New("the question has no words, only punctuation, symbols or emoji")
)

// IsQuestionError reports whether err is one of the question errors: the
// user's to mend by asking again, not the bot's or the operator's.
func IsQuestionError(err error) bool {
	return errors.Is(err, ErrEmptyQuestion) || errors.Is(err, ErrQuestionTooLong) || errors.Is(err, ErrNoWords)
}

// Surface is where a question is asked: each has its own commands.
type Surface int

const (
	SurfaceCLI     Surface = iota // talkbot's commands (the zero value)
	SurfaceDiscord                // slash commands only
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
	// NoModel, when not nil, answers without the language model even
	// when one is configured, and says why: where the model would have
	// written the answer, it is the extractive one with NoModel as its
	// Fallback (and its text as the FallbackReason). A transport sets it
	// when no time is left for the model, e.g. for a question that waited
	// too long for a free slot.
	NoModel error
	// QuoteOnFault answers from the articles when the model's server
	// refuses the bot's settings (a rejected key, an unknown model), with
	// the fault in Answer.ModelFault, instead of returning it as the
	// error: a Discord user gets an answer, the operator the log line.
	QuoteOnFault bool
	// Surface is where the question was asked, for the replies that name
	// the bot's commands (a question about the bot itself).
	Surface Surface
	// Reserve is the part of the context's deadline kept for the quoted
	// answer: a model that has not finished Reserve before the deadline
	// is dropped, and the answer quotes the articles instead, with the
	// tokens the model spent. 0 means QuoteReserve of the time left when
	// Ask starts; a negative Reserve lets the model use the whole
	// deadline. Without a deadline it does not apply.
	Reserve time.Duration
}

// Citation is one numbered source of an answer, one article: [N] in the
// text points at it. Passages holds the exact passages of the article the
// answer drew on, so every claim can be checked against its text: those
// it quotes, or in an LLM answer those the check found holding what the
// sentences citing it say (llm.Verified.Sources).
type Citation struct {
	N         int
	Article   string // article id (file name); not for display
	Headline  string
	Date      time.Time
	Publisher string // "" when the article does not say
	URL       string // "" when unknown
	Passages  []CitedPassage
	// PassageID and Text are the first of Passages, for callers that show
	// one passage.
	PassageID string
	Text      string
}

// CitedPassage is one passage an answer drew on.
type CitedPassage struct {
	ID   string
	Text string
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
	Retries   int    // LLM requests retried for this answer (429, 5xx, timeouts, cut streams)
	// Fallback is why an LLM answer fell back to the extractive one, nil
	// when it did not: an *llm.Error (test its kind with errors.Is), the
	// engine's own reason, or Query.NoModel. FallbackReason is its text.
	Fallback error
	// ModelFault, with Query.QuoteOnFault, is the settings fault the
	// model's server reported; the answer quotes the articles.
	ModelFault error
	// Corrections are the misspelt names of the question that were read
	// as names of the articles ("Zelenksy" as "Zelensky").
	Corrections []Correction
	// unused are the names (or speaker, or month) a refusal names as
	// ones the articles never mention: Abstained only, none for a refusal
	// "about that" or for ordinary words.
	unused []string
	// quotes are the sentences an extractive answer quotes, in order:
	// Text ends with them and their markers (a head may open it). The
	// answers to a question's two parts are joined by them (joinParts).
	quotes []quote
}

// FallbackReason is Fallback's text without "llm: ", for JSON and logs;
// "" when the answer did not fall back.
func (a *Answer) FallbackReason() string {
	if a.Fallback == nil {
		return ""
	}
	return strings.TrimPrefix(a.Fallback.Error(), "llm: ")
}

// citations numbers the articles of cited passages in order of first use:
// add returns the number of r's article, adding the passage to it.
type citations struct {
	list []Citation
	num  map[string]int // article id → N
	seen map[string]bool
}

func (c *citations) add(r retrieval.Result) int {
	if c.num == nil {
		c.num, c.seen = map[string]int{}, map[string]bool{}
	}
	a := r.Article
	n, ok := c.num[a.ID]
	if !ok {
		n = len(c.list) + 1
		c.num[a.ID] = n
		c.list = append(c.list, Citation{
			N: n, Article: a.ID, Headline: a.Headline, Date: a.Date, Publisher: a.Publisher, URL: a.URL,
			PassageID: r.Passage.ID, Text: r.Passage.Text,
		})
	}
	if !c.seen[r.Passage.ID] {
		c.seen[r.Passage.ID] = true
		c.list[n-1].Passages = append(c.list[n-1].Passages, CitedPassage{ID: r.Passage.ID, Text: r.Passage.Text})
	}
	return n
}
