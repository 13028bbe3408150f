package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/bot/internal/deadline"
	"github.com/talkbot/talkbot/bot/llm"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/textclean"
)

// DefaultK is how many passages an answer draws on by default.
const DefaultK = 5

// Model writes a draft answer from ranked passages. *llm.Client is the one
// in use; the engine verifies every draft itself (llm.Verify), whatever
// wrote it.
type Model interface {
	// Model names the model, for logs and the answer's metadata.
	Model() string
	// Compose returns the model's reply to req, unverified. On failure it
	// returns an *llm.Error (or the context's error); a non-nil Draft
	// with an error means tokens were spent on a reply that is unusable.
	Compose(ctx context.Context, req llm.Request) (*llm.Draft, error)
}

// Options configure an Engine.
type Options struct {
	K      int          // passages to retrieve per question; 0 means DefaultK
	Logger *slog.Logger // nil discards logs
	// LLM, when set, composes answers through an OpenAI-compatible chat
	// API (see LLMConfigFromEnv); nil answers extractively.
	LLM *LLMConfig
	// Model, when set, composes answers instead of a client built from
	// LLM.
	Model Model
	// Hybrid, when set, retrieves by BM25 and embeddings fused (see
	// retrieval.Hybrid); nil retrieves by BM25 alone.
	Hybrid *retrieval.Hybrid
	// Topic is what the articles are about, for the model's instructions
	// and refusals (see TopicFromEnv); "" means DefaultTopic.
	Topic string
}

// Snapshot is one version of the corpus an engine answers from: its index
// and, when configured, hybrid retrieval over that same index.
type Snapshot struct {
	Index  *retrieval.Index
	Hybrid *retrieval.Hybrid // nil: BM25 alone
	// Timeline gives the events of the corpus, for questions about a
	// day's events, when the caller builds the timeline anyway (serve, for
	// /timeline); nil: the engine builds it on the first such question.
	Timeline EventSource
	facts    *articleFacts // the judge's per-article analysis; set by New and Swap
}

// search retrieves the k best passages, hybrid when configured. Only a
// cancelled context fails it: hybrid search falls back to BM25 by itself.
func (s *Snapshot) search(ctx context.Context, q string, k int) ([]retrieval.Result, error) {
	if s.Hybrid != nil {
		return s.Hybrid.Search(ctx, q, k)
	}
	return s.Index.Search(q, k), nil
}

// Engine answers questions from a snapshot of the corpus, which Swap can
// replace while it runs. It is safe for concurrent use.
type Engine struct {
	snap   atomic.Pointer[Snapshot]
	k      int
	logger *slog.Logger
	model  Model // nil: extractive only
	topic  string
	tuning tuning // the judge's parameters (judge.go)
}

// New returns an engine over ix.
func New(ix *retrieval.Index, opts Options) *Engine {
	e := &Engine{k: opts.K, logger: opts.Logger, model: opts.Model, topic: cleanTopic(opts.Topic)}
	e.snap.Store(&Snapshot{Index: ix, Hybrid: opts.Hybrid, facts: &articleFacts{}})
	if e.k <= 0 {
		e.k = DefaultK
	}
	if e.logger == nil {
		e.logger = slog.New(slog.DiscardHandler)
	}
	if e.model == nil && opts.LLM != nil {
		cfg := *opts.LLM
		if cfg.Topic == "" {
			cfg.Topic = e.topic
		}
		e.model = llm.New(cfg, e.logger)
	}
	e.tuning = defaultTuning()
	return e
}

// Swap makes s the corpus later questions are answered from. Answers in
// flight finish on the snapshot they started with.
func (e *Engine) Swap(s Snapshot) {
	s.facts = &articleFacts{}
	e.snap.Store(&s)
}

// Snapshot returns the corpus questions are answered from now.
func (e *Engine) Snapshot() Snapshot { return *e.snap.Load() }

// Index returns the index the engine searches now.
func (e *Engine) Index() *retrieval.Index { return e.snap.Load().Index }

// Topic is what the engine's articles are about.
func (e *Engine) Topic() string { return e.topic }

// LLM returns the model answers are composed with, or "" when the engine
// answers extractively.
func (e *Engine) LLM() string {
	if e.model == nil {
		return ""
	}
	return e.model.Model()
}

// CheckQuestion returns an error wrapping ErrEmptyQuestion,
// ErrQuestionTooLong or ErrNoWords when q cannot be asked. It judges q as
// Ask does, cleaned by textclean.Text, so invisible characters neither
// count towards the length nor pass for words.
func CheckQuestion(q string) error { return checkClean(textclean.Text(q)) }

// checkClean is CheckQuestion of a question already cleaned.
func checkClean(q string) error {
	if strings.TrimSpace(q) == "" {
		return ErrEmptyQuestion
	}
	if n := utf8.RuneCountInString(q); n > MaxQuestionChars {
		// "2,000 characters (it has 10,000)": both numbers written alike.
		return fmt.Errorf("%w (it has %s)", ErrQuestionTooLong, groupThousands(n))
	}
	// "?!" or "👍" asks nothing that could be looked up: say so, rather
	// than that the articles don't cover it.
	if !strings.ContainsFunc(q, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return ErrNoWords
	}
	return nil
}

// groupThousands writes n, which is not negative, with a comma between
// each group of three digits: 10000 is "10,000".
func groupThousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Ask answers one question along one path:
//
//  1. retrieve the passages for the question (widened by the previous
//     question when it is a follow-up, see RetrievalQuery);
//  2. judge whether they can answer it (judge.go): abstain if not;
//  3. compose the answer, with the model when the judge sends it there,
//     else extractively by quoting sentences;
//  4. verify a model's draft: every sentence cited, every citation a
//     passage that was sent.
//
// A question that asks two ("how many drones took part, and how long did
// it take to prepare?") goes that path once for each part when its answer
// quotes the articles (without a model, or when the model fails), and the
// two answers are joined into one (twopart.go).
//
// When the model fails in a way another question could survive (rate
// limits, outages, timeouts, a cut stream, a reply without valid
// citations) the answer is the extractive one and Fallback says why.
// So it is when the model has not finished a reserve before ctx's deadline
// (Query.Reserve): the quoted answer comes within the deadline, in the
// same call. Either way Usage counts the tokens the model spent.
// Ask returns an error for a question that cannot be asked (see
// CheckQuestion), a cancelled context (an *InterruptedError, with the
// tokens spent, when the model had been sent the question), or an
// *llm.Error that needs the operator (a rejected key, an unknown model or
// endpoint).
func (e *Engine) Ask(ctx context.Context, q Query) (*Answer, error) {
	q.Question = textclean.Text(q.Question) // untrusted: it is echoed and prompted
	if err := checkClean(q.Question); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// One snapshot for the whole answer, even if the corpus is swapped
	// meanwhile: citations must point at what was searched.
	snap := e.snap.Load()
	if reply := fixedReply(withoutMentions(q.Question), e.topic, snap.Index.Corpus(), q.Surface); reply != "" {
		// A greeting, a request for the timeline, a question about the
		// bot: nothing to look up, for the model either.
		return &Answer{Question: q.Question, Text: reply, Abstained: true, Mode: ModeExtractive}, nil
	}
	if reply := otherLanguage(q.Question, snap.Index.Corpus(), &snap.facts.scripts); reply != "" {
		// Search matches words: a question in another language than the
		// articles' finds nothing, for the model either.
		return &Answer{Question: q.Question, Text: reply, Abstained: true, Mode: ModeExtractive}, nil
	}
	k := q.K
	if k <= 0 {
		k = e.k
	}
	// The question as the articles would word it (chat.go, and
	// phrasal.go: "pushed back" as "postpone"); a misspelt name is read as
	// the articles' name nearest to it (spelling.go), and the answer says
	// so.
	written := asWritten(snap.Index, q.Question)
	written = withOneWordVerbs(snap.Index, func(i int) bool { return snap.facts.phrasal.uses(snap.Index.Corpus(), i) }, written)
	asked, fixes := snap.facts.names.correct(snap.Index, written)
	var ans *Answer
	var err error
	if p, ok := e.twoParts(snap, asked); ok {
		// "How many drones took part, and how long did it take to
		// prepare?": an answer that quotes the articles answers each
		// part (twopart.go).
		ans, err = e.answerTwo(ctx, q, snap, k, asked, p)
	} else {
		ans, err = e.answer(ctx, q, snap, k, RetrievalQuery(asked, q.History), "")
	}
	if ans != nil {
		ans.Corrections = fixes
	}
	return ans, err
}

// answer is Ask's path from retrieval on, for the text search. lean, when
// not "", is the question search leans on for its subject (the first of a
// question's two parts, twopart.go): the passages are retrieved for both,
// and judged for search alone.
func (e *Engine) answer(ctx context.Context, q Query, snap *Snapshot, k int, search, lean string) (*Answer, error) {
	// 1. retrieve. The model reads the articles around twice as many
	// passages as an extractive answer quotes from (llm.ContextK); the
	// extractive judge draws sentences from a pool of the best tuning.pool.
	n := max(k, e.tuning.pool)
	if e.model != nil {
		n = 2 * k
	}
	// The model gets ctx's time less a reserve for quoting the articles
	// should it not finish: then the answer is the quoted one, within the
	// same deadline, and still counts what the model spent.
	reserve := reserveOf(ctx, q.Reserve)
	mctx, cancel := e.modelContext(ctx, reserve)
	defer cancel()
	noModel := q.NoModel
	retrieve := search
	if lean != "" {
		retrieve += " " + lean
	}
	var all []retrieval.Result
	if noModel == nil {
		var err error
		if all, err = snap.search(mctx, retrieve, n); err != nil {
			if !deadline.RanOut(err, mctx, ctx) {
				return nil, err
			}
			noModel = errNoTimeForModel // the embeddings were what was slow
		}
	}
	if noModel != nil {
		// Out of time: BM25 alone, which needs no embeddings service that
		// may be what is slow.
		all = snap.Index.Search(retrieve, n)
	}
	res := all[:min(k, len(all))]
	events := snap.questionEvents(mctx)                          // the timeline's, read when first needed
	days := e.daysOf(events, search)                             // the sentences the timeline dates to a day the question names
	j := e.judge(snap.Index, snap.facts, search, res, all, days) // 2. judge
	if e.model == nil && !j.refused {
		// "summarise the talks": the opening sentences of the story's
		// articles, over its days; the model reads the passages as for
		// any question.
		if about, subject, ok := summaryOf(snap.Index.Analyze, search, j.setting); ok {
			if ans := e.summaryAnswer(snap, q.Question, about, subject, all); ans != nil {
				return ans, nil
			}
		}
	}
	if c, ok := calendarQuestion(search, j.terms, j.setting); ok && !j.refused {
		// "What happened on Feb 18?": the day's events, from the
		// timeline, which has read the dates the articles imply. The
		// model reads their passages first; without it, or when it
		// fails, they are quoted. "What happened on Tuesday?" or
		// "yesterday?": which day, without a model.
		ans, sources, err := e.calendarAnswer(events, q.Question, c)
		if ans, err := e.fromTimeline(ctx, &j, &all, k, "a question about a day", ans, sources, err); ans != nil || err != nil {
			return ans, err
		}
	}
	if cmp, ok := comparisonOf(search, snap.Index.Analyze, snap.facts.lex.get(snap.Index.Analyze, e.topic, snap.Index.Corpus())); ok && !j.refused && j.day == nil {
		// "who met zelensky first, vance or kellogg": each one's earliest
		// event, from the timeline, in date order. The model reads their
		// passages first; without it, or when it fails, they are quoted.
		ans, sources, err := e.compareAnswer(snap, events, q.Question, cmp, j.terms)
		if ans, err := e.fromTimeline(ctx, &j, &all, k, "a question of which came first", ans, sources, err); ans != nil || err != nil {
			return ans, err
		}
	}
	if m := afterQuestion().FindStringSubmatch(search); m != nil && !j.refused && j.day == nil {
		// "what happened after the oval office blowup", "the day before
		// the vatican meeting": the week or day after or before that
		// event's day, from the timeline. The model reads their
		// passages first; without it, or when it fails, they are quoted.
		ans, sources, err := e.afterAnswer(snap, events, q.Question, m[1], strings.EqualFold(m[2], "before"), m[3])
		if ans, err := e.fromTimeline(ctx, &j, &all, k, "a question of what happened after or before an event", ans, sources, err); ans != nil || err != nil {
			return ans, err
		}
	}
	if !j.answerable {
		ans := e.abstain(q.Question, j.missing)
		if !j.missingNamed {
			ans.unused = nil // ordinary words, which the articles may say otherwise
		}
		if hint := capitalHint(snap.Index, j.missing); hint != "" {
			ans.Text += " " + hint
		}
		return ans, nil
	}
	if !j.useModel { // 3. compose, extractively
		return e.extractive(q.Question, j, res), nil
	}
	if noModel == nil && mctx.Err() != nil && ctx.Err() == nil {
		noModel = errNoTimeForModel
	}
	if noModel != nil { // no time for the model: quote, as when it fails
		return e.fallback(q.Question, j, res, noModel, nil), nil
	}
	// The model reads the passages of the named day's events, and of the
	// articles of a month asked about, too, after the retrieved ones; the
	// prompt's budget keeps what fits.
	all = days.widen(all)
	all = addNew(all, j.dated, len(j.dated))
	draft, err := e.model.Compose(mctx, llm.Request{ // 3. compose, with the model
		Question: q.Question, History: llmHistory(q.History), Passages: all, OnPartial: q.OnPartial,
	})
	if err != nil {
		if deadline.RanOut(err, mctx, ctx) {
			e.logger.Info("the model did not finish before the deadline: quoting the articles",
				"reserve", reserve)
			return e.fallback(q.Question, j, res, errModelLate, draft), nil
		}
		return e.modelFailed(ctx, q, j, res, draft, err)
	}
	return e.verify(q.Question, j, res, draft) // 4. verify
}

// fromTimeline takes an answer read from the timeline (a day's events,
// which of two came first) for the question j judged: without a model, or
// when it abstains, it is the answer, returned; with one, the model reads
// its sources first (all, whose first k the prompt's budget keeps with
// them) and it is the fallback (j.day). A timeline that failed to build,
// or is still being built when the model's time is out, leaves the
// question to be answered as any other: (nil, nil), as when ans is nil.
func (e *Engine) fromTimeline(ctx context.Context, j *judgement, all *[]retrieval.Result, k int, what string, ans *Answer, sources []retrieval.Result, err error) (*Answer, error) {
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, ctx.Err()
	case err != nil:
		e.logger.Warn("no timeline for "+what, "err", err)
	case ans == nil:
	case ans.Abstained || e.model == nil:
		return ans, nil
	default:
		j.day, j.answerable, j.useModel = ans, true, true
		*all = withFirst(sources, *all, len(sources)+2*k)
	}
	return nil, nil
}

// Why a model that had no time gave way to the quoted answer: its
// Fallback.
var (
	errModelLate      = errors.New("the model did not finish before the deadline")
	errNoTimeForModel = errors.New("no time was left for the model")
	// errModelRefused is the reason of an answer quoted because the
	// model's server refused the bot's settings (Query.QuoteOnFault): the
	// fault itself, which names settings, is in Answer.ModelFault.
	errModelRefused = errors.New("the language model refused the bot's configuration")
)

// QuoteReserve is the part of an answer's time (timeout) that Ask keeps
// for quoting the articles, and the transport for posting that, should the
// model not finish in the rest: a tenth of it, at most 5 s (quoting takes
// milliseconds; posting is one request).
func QuoteReserve(timeout time.Duration) time.Duration {
	return min(timeout/10, 5*time.Second)
}

// reserveOf is the reserve the model leaves before ctx's deadline: q's
// Reserve, else QuoteReserve of the time left; 0 without a deadline.
func reserveOf(ctx context.Context, reserve time.Duration) time.Duration {
	end, ok := ctx.Deadline()
	switch {
	case !ok || reserve < 0:
		return 0
	case reserve == 0:
		return QuoteReserve(time.Until(end))
	}
	return reserve
}

// modelContext is ctx for the model's part of an answer: its deadline
// moved reserve earlier (see reserveOf). An engine without a model has
// nothing to keep time for; without a reserve the model's deadline is
// ctx's own, not a timer of its own that could fire first.
func (e *Engine) modelContext(ctx context.Context, reserve time.Duration) (context.Context, context.CancelFunc) {
	if e.model == nil || reserve <= 0 {
		return context.WithCancel(ctx)
	}
	return deadline.Reserve(ctx, reserve)
}

// verify checks the model's draft and makes it the answer, or falls back to
// the extractive answer when no cited sentence survives.
func (e *Engine) verify(question string, j judgement, res []retrieval.Result, d *llm.Draft) (*Answer, error) {
	log := e.logger.With("model", d.Model, "attempts", d.Attempts, "passages", len(d.Sent),
		"prompt_tokens", d.Usage.PromptTokens, "completion_tokens", d.Usage.CompletionTokens,
		"finish", d.Finish)
	v, err := llm.Verify(d.Text, d.Sent)
	if len(v.UnsupportedSentences) > 0 {
		// Which claims the check refused, and why: the answer or its
		// fallback reason says only how many went.
		log.Debug("llm sentences dropped: not supported by the passages they cite",
			"sentences", v.UnsupportedSentences)
	}
	if err != nil {
		log.Warn("llm answer unusable, answering extractively", "err", err, "chars", len(d.Text),
			"dropped_sentences", v.Dropped, "unsupported_sentences", v.Unsupported)
		return e.fallback(question, j, res, &llm.Error{Kind: err, Model: d.Model}, d), nil
	}
	log.Debug("llm answer", "citations", len(v.Sources), "abstained", v.Abstained,
		"dropped_sentences", v.Dropped, "removed_citations", v.Invalid,
		"unsupported_sentences", v.Unsupported, "recited_sentences", v.Recited, "repeated_sentences", v.Repeated)
	if v.Links+v.Mentions > 0 { // a model that follows injected instructions writes these
		log.Warn("llm answer held links or mentions no cited passage holds; removed",
			"removed_links", v.Links, "removed_mentions", v.Mentions)
	}
	ans := &Answer{
		Question:  question,
		Text:      v.Text,
		Abstained: v.Abstained,
		Mode:      ModeLLM,
		Model:     d.Model,
		Usage:     usageOf(d),
		Retries:   max(d.Attempts-1, 0),
	}
	var cites citations
	for _, src := range v.Sources { // Verify numbered them per article already
		for _, si := range src {
			cites.add(d.Sent[si])
		}
	}
	ans.Citations = cites.list
	return ans, nil
}

// modelFailed decides what a failed model call becomes: the caller's
// cancellation and errors that need the operator are returned; anything
// else falls back to the extractive answer.
func (e *Engine) modelFailed(ctx context.Context, q Query, j judgement, res []retrieval.Result, d *llm.Draft, err error) (*Answer, error) {
	question := q.Question
	if cerr := ctx.Err(); cerr != nil {
		if d == nil { // no request reached the server: nothing was spent
			return nil, cerr
		}
		// The asker left (Ctrl-C, a client gone, a shutdown) while the
		// model wrote: what the server took was spent all the same.
		ie := &InterruptedError{Err: cerr, Model: d.Model, Usage: *usageOf(d), Retries: max(d.Attempts-1, 0)}
		// Said in words, not as "context canceled"; the model is the one
		// the server named when it answered at all.
		msg := "answer interrupted while the model was writing it; the tokens it spent still count"
		if errors.Is(cerr, context.DeadlineExceeded) {
			msg = "answer out of time while the model was writing it; the tokens it spent still count"
		}
		e.logger.Info(msg, "model", d.Model, "prompt_tokens", ie.Usage.PromptTokens,
			"completion_tokens", ie.Usage.CompletionTokens, "estimated", ie.Usage.Estimated)
		return nil, ie
	}
	var le *llm.Error
	if errors.As(err, &le) && le.Fatal() {
		e.logger.Debug("llm failed; the caller reports it", "err", err)
		if !q.QuoteOnFault {
			return nil, err
		}
		ans := e.fallback(question, j, res, errModelRefused, d)
		ans.ModelFault = err
		return ans, nil
	}
	e.logger.Warn("llm failed, answering extractively", "err", err)
	return e.fallback(question, j, res, err, d), nil
}

// fallback is the extractive answer after a failed LLM answer, with the
// reason: err as its Fallback (its text is FallbackReason). When the
// model did answer (d != nil), its model and token usage are kept: those
// tokens were spent. Otherwise the answer still names the model (Usage
// stays nil: none were spent), so an LLM-mode answer says which model
// failed however it failed (a refused request, none sent).
func (e *Engine) fallback(question string, j judgement, res []retrieval.Result, err error, d *llm.Draft) *Answer {
	ans := e.extractive(question, j, res)
	ans.Fallback = err
	if d != nil {
		ans.Model, ans.Usage, ans.Retries = d.Model, usageOf(d), max(d.Attempts-1, 0)
	} else if e.model != nil {
		ans.Model = e.model.Model()
	}
	if le := (*llm.Error)(nil); errors.As(err, &le) && le.Attempts > 1 {
		ans.Retries = max(ans.Retries, le.Attempts-1)
	}
	return ans
}

// InterruptedError is Ask's error when the caller's context ended (it was
// cancelled, or its deadline passed with no reserve left for quoting) after
// the model's server had taken a request: Usage counts what it spent, as
// an answer's Usage would (the prompt's estimate for each request the
// server took, the estimate of what streamed), so the caller can still
// record it. errors.Is(err, context.Canceled) (or DeadlineExceeded) holds.
type InterruptedError struct {
	Err     error // the context's error
	Model   string
	Usage   Usage
	Retries int
}

func (e *InterruptedError) Error() string { return e.Err.Error() }
func (e *InterruptedError) Unwrap() error { return e.Err }

// Spent is what the model spent on one Ask, whatever it returned: the
// answer's usage and retries, or an interrupted answer's (InterruptedError).
// usage is nil when nothing was spent (no model, or no request the server
// took).
func Spent(ans *Answer, err error) (usage *Usage, retries int) {
	var ie *InterruptedError
	switch {
	case ans != nil:
		return ans.Usage, ans.Retries
	case errors.As(err, &ie):
		u := ie.Usage
		return &u, ie.Retries
	}
	return nil, 0
}

func usageOf(d *llm.Draft) *Usage {
	return &Usage{PromptTokens: d.Usage.PromptTokens, CompletionTokens: d.Usage.CompletionTokens, Estimated: d.Usage.Estimated}
}

func llmHistory(turns []Turn) []llm.Turn {
	out := make([]llm.Turn, len(turns))
	for i, t := range turns {
		out[i] = llm.Turn{Question: textclean.Text(t.Question), Answer: textclean.Text(t.Answer)}
	}
	return out
}
