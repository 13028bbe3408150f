package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/internal/deadline"
	"github.com/talkbot/talkbot/bot/llm"
	"github.com/talkbot/talkbot/bot/metrics"
)

// reply is where an answer goes: an interaction's response or a reply to a
// message. The first message is edited as the answer streams; more messages
// follow when the answer is long.
type reply interface {
	update(ctx context.Context, m outMessage) error // edit the first message
	more(ctx context.Context, m outMessage) error   // send one more message
	fail(cause error, text string)                  // replace the first message with an error
	messageID() string                              // the first message's id, once known
	logger() *slog.Logger
}

// answer composes the answer to question and delivers it through r, which
// already shows a placeholder. It always ends with the answer or an error
// message in place of the placeholder.
// asker is the user who asked: in a thread, only they continue the
// conversation without addressing the bot.
//
// ctx's deadline (AnswerTimeout from arrival) covers the wait for a slot
// too. The model must end a reserve (bot.QuoteReserve) before it, and the
// wait for a slot another reserve earlier, so that a model that gets a
// slot has time to write. A question still waiting then is quoted
// (extractively, which needs no model and no slot) instead of waiting on;
// a model still writing at its end is dropped by the engine and the
// articles quoted, as when the model fails. Either way the answer says the
// model was unavailable.
func (b *Bot) answer(ctx context.Context, r reply, question string, history []bot.Turn, inThread bool, channelID, asker string) {
	log := r.logger()
	start := time.Now()
	source := sourceOf(ctx)
	reserve := bot.QuoteReserve(b.cfg.AnswerTimeout)
	waitCtx, cancelWait := deadline.Reserve(ctx, 2*reserve)
	defer cancelWait()
	queuedMetric := false
	release, err := b.gate.acquire(waitCtx, func(ahead int) {
		queuedMetric = true
		b.cfg.Metrics.Queued(1)
		log.Info("queued for a free slot", "ahead", ahead)
		if err := r.update(ctx, outMessage{Content: queueNotice(ahead)}); err != nil {
			log.Warn("queue notice failed", "err", err)
		}
	})
	if queuedMetric {
		b.cfg.Metrics.Queued(-1)
	}
	if err == nil {
		// The cap across processes, after this process's own queue.
		var releaseShared func()
		if releaseShared, err = b.acquireShared(waitCtx, r); err != nil {
			release()
		} else {
			defer releaseShared()
		}
	}
	var noModel error
	switch {
	case err == nil:
		defer release()
		b.cfg.Metrics.InFlight(1)
		defer b.cfg.Metrics.InFlight(-1)
	case deadline.RanOut(err, waitCtx, ctx):
		noModel = errNoSlotInTime
		log.Info("no slot came free before the deadline: quoting the articles", "waited_ms", time.Since(start).Milliseconds())
	default:
		b.cfg.Metrics.Question(source, metrics.OutcomeFailed)
		r.fail(err, failureText(err))
		return
	}
	queued := time.Since(start)

	// One call: a model still writing at the reserve is dropped by the
	// engine itself, which quotes the articles instead and counts the
	// tokens the model spent.
	q := bot.Query{Question: question, History: history, NoModel: noModel, Reserve: reserve, Surface: bot.SurfaceDiscord, QuoteOnFault: true}
	var s *streamer
	if noModel == nil {
		s = newStreamer(ctx, r, b.cfg.EditInterval)
		q.OnPartial = s.partial
	}
	ans, err := b.ans.Ask(ctx, q)
	if s != nil {
		s.stop()
	}
	// What the model spent counts however the answer ended: an answer
	// stopped by a shutdown mid-stream spent tokens too.
	usage, retries := bot.Spent(ans, err)
	if usage != nil {
		b.cfg.Metrics.Tokens(usage.PromptTokens, usage.CompletionTokens)
	}
	b.cfg.Metrics.Retries(retries)
	if ans != nil {
		if le, ok := operatorFault(ans.ModelFault); ok {
			// A rejected key or an unknown model is no user's to mend,
			// nor to read about in a public channel: they get the quoted
			// answer and its note (q.QuoteOnFault), the operator an
			// ERROR in the log.
			b.reportOperatorFault(log, le)
		}
	}
	if err != nil {
		b.cfg.Metrics.Question(source, metrics.OutcomeFailed)
		r.fail(err, failureText(err))
		return
	}
	msgs := renderAnswer(ans)
	turns := appendTurn(history, bot.Turn{Question: question, Answer: ans.Text}, b.cfg.HistoryTurns)
	remember := func() {
		now := time.Now()
		conv := conversation{turns: turns, asker: asker}
		if id := r.messageID(); id != "" {
			b.memory.put(msgKey(id), conv, now)
		}
		if inThread {
			b.memory.put(threadKey(channelID), conv, now)
		}
	}
	// Remember before posting when the message id is known, so a quick reply
	// to the answer already finds its conversation.
	remember()
	// The answer is made: posting it may run past the answer's deadline (a
	// rate-limit wait on Discord's side), as posting an error may.
	postCtx, cancelPost := postContext(ctx)
	defer cancelPost()
	if err := r.update(postCtx, msgs[0]); err != nil {
		b.cfg.Metrics.Question(source, metrics.OutcomeFailed)
		r.fail(err, "Sorry, I couldn't post the answer.")
		return
	}
	for _, m := range msgs[1:] {
		if err := r.more(postCtx, m); err != nil {
			log.Error("follow-up message failed", "err", err)
			break
		}
	}
	remember() // the id of an interaction's response is known only now
	b.cfg.Metrics.Question(source, outcome(ans))
	b.cfg.Metrics.Answered(source, time.Since(start))
	log.Info("answered", "mode", string(ans.Mode), "abstained", ans.Abstained, "citations", len(ans.Citations),
		"chars", runes(ans.Text), "messages", len(msgs), "follow_up", len(history) > 0,
		"queued_ms", queued.Milliseconds(), "total_ms", time.Since(start).Milliseconds(),
		"fallback", ans.FallbackReason())
}

// postTimeout bounds posting what is finished, an answer or an error,
// which the answer's deadline (or its failure) must not cut short.
const postTimeout = 15 * time.Second

// postContext is ctx's values without its deadline or cancellation, for
// postTimeout: posting a result may run past the answer's deadline (a
// rate-limit wait on Discord's side), or follow its failure.
func postContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), postTimeout)
}

// failureText is the user-facing text for a failed answer: short, never the
// raw error, and saying whether to try again. Only what is Discord's own
// (a full queue, a question's problem, a restart) is decided here; the rest
// is bot.UserMessage's, which tells a fault worth retrying from one the
// operator must mend, a fault of the bot's configuration without the
// variables that set it.
func failureText(err error) string {
	switch {
	case errors.Is(err, errBusy):
		return "I'm answering a lot of questions right now. Please try again in a minute."
	case bot.IsQuestionError(err):
		return questionProblem(err)
	case errors.Is(err, context.Canceled):
		// Answers are cancelled only when the shutdown grace runs out.
		return "I'm restarting and couldn't finish this answer. Please ask again in a minute."
	}
	return bot.UserMessage(err)
}

// streamer edits the placeholder with the partial answer at most once per
// interval; stop waits for an edit in flight so the final answer is never
// overwritten by a late partial one.
type streamer struct {
	r        reply
	mu       sync.Mutex
	text     string
	version  int
	wake     chan struct{}
	done     chan struct{}
	finished chan struct{}
}

func newStreamer(ctx context.Context, r reply, interval time.Duration) *streamer {
	s := &streamer{r: r, wake: make(chan struct{}, 1), done: make(chan struct{}), finished: make(chan struct{})}
	go s.run(ctx, interval)
	return s
}

// partial is Query.OnPartial: it only records the text, never blocks.
func (s *streamer) partial(text string) {
	s.mu.Lock()
	s.text = text
	s.version++
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *streamer) run(ctx context.Context, interval time.Duration) {
	defer close(s.finished)
	defer func() {
		if p := recover(); p != nil {
			s.r.logger().Error("panic while streaming", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
	}()
	sent := 0
	var last time.Time
	for {
		select {
		case <-s.done:
			return
		case <-ctx.Done():
			return
		case <-s.wake:
		}
		// Pace the edits: at most one per interval.
		if wait := interval - time.Since(last); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-s.done:
				t.Stop()
				return
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
		}
		s.mu.Lock()
		text, v := s.text, s.version
		s.mu.Unlock()
		if v == sent || text == "" {
			continue
		}
		if err := s.r.update(ctx, partialMessage(text)); err != nil {
			s.r.logger().Warn("streaming edit failed", "err", err)
		}
		// Pace from the end of the edit, so Discord sees them at least an
		// interval apart however long each one took.
		last = time.Now()
		sent = v
	}
}

func (s *streamer) stop() {
	close(s.done)
	<-s.finished
}

// errNoSlotInTime is the Fallback (bot.Query.NoModel) of an answer quoted
// because its question waited for a free slot until no time was left for
// the model.
var errNoSlotInTime = errors.New("no answer slot came free in time")

// operatorFault returns the error as an *llm.Error when only the operator
// can mend it (a rejected key, an unknown model or endpoint): the engine
// returns these instead of quoting the articles.
func operatorFault(err error) (*llm.Error, bool) {
	var le *llm.Error
	return le, errors.As(err, &le) && le.Fatal()
}

// reportOperatorFault logs le at ERROR once per kind and model: every
// question repeats it until the operator acts, and one line says it.
func (b *Bot) reportOperatorFault(log *slog.Logger, le *llm.Error) {
	key := le.Kind.Error() + "\x00" + le.Model
	if _, seen := b.faults.LoadOrStore(key, struct{}{}); seen {
		log.Debug("the language model still refuses the bot's configuration: quoting the articles", "err", le)
		return
	}
	log.Error("the language model refuses the bot's configuration: answers quote the articles until the operator fixes it",
		"err", le, "fix", llm.SettingHint(le))
}
