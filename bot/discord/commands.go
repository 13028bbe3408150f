package discord

import (
	"context"
	"errors"
	"fmt"
	"github.com/talkbot/talkbot/retrieval/textclean"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/metrics"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

func ptr[T any](v T) *T { return &v }

// ackTimeout bounds an interaction response; Discord drops the interaction
// after 3 s anyway, but a slow acknowledgement may still land.
const ackTimeout = 10 * time.Second

// commands are the slash commands, registered by bulk overwrite at start-up;
// topic is what the articles are about.
func commands(topic string) []*discordgo.ApplicationCommand {
	return []*discordgo.ApplicationCommand{
		{
			Name:        "ask",
			Description: textclean.Truncate("Ask about "+topic, 100), // Discord's limit
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question, e.g. when did US and Russian officials meet?",
					Required: true, MinLength: ptr(1), MaxLength: bot.MaxQuestionChars},
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "private", Description: "Only you see the answer"},
			},
		},
		{
			Name:        "timeline",
			Description: "What happened when, from the articles",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "topic", Description: "A person, place or subject, e.g. Riyadh",
					Autocomplete: true, MaxLength: maxTopicRunes},
				{Type: discordgo.ApplicationCommandOptionString, Name: "from", Description: "First day, YYYY-MM-DD", MinLength: ptr(10), MaxLength: 10},
				{Type: discordgo.ApplicationCommandOptionString, Name: "to", Description: "Last day, YYYY-MM-DD", MinLength: ptr(10), MaxLength: 10},
				formatOption(),
			},
		},
		{Name: "sources", Description: "The articles the bot answers from"},
		{Name: "help", Description: "What the bot does and how to ask"},
	}
}

// interaction answers one interaction: it knows whether it has been
// acknowledged, so any failure can end in a message in place of "thinking…".
type interaction struct {
	b         *Bot
	r         Responder
	i         *discordgo.Interaction
	log       *slog.Logger
	received  time.Time
	acked     bool
	ephemeral bool
	firstID   string // the original response's message id, once known
	userID    string
}

func userOf(i *discordgo.Interaction) *discordgo.User {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	return i.User
}

// onInteraction serves an interaction from the gateway: its responses go
// through REST.
func (b *Bot) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic.Interaction == nil {
		return
	}
	b.HandleInteraction(b.eventContext(), ic.Interaction, b.RESTResponder(ic.Interaction))
}

// HandleInteraction serves one interaction (a command, an autocomplete or a
// button) through r, whichever transport delivered it, and returns when the
// work is done: for /ask, after the answer is posted. ctx is the caller's
// and owns the work (its values are kept; cancelling it cancels the
// answer): an HTTP endpoint passes its server's context, not the request's,
// since the answer outlives the HTTP response. Limits, the queue, the
// allowlists and Shutdown apply as to gateway interactions.
func (b *Bot) HandleInteraction(ctx context.Context, i *discordgo.Interaction, r Responder) {
	received := time.Now()
	userID := ""
	if u := userOf(i); u != nil {
		userID = u.ID
	}
	log := b.log.With("interaction", i.ID, "user", userID, "guild", i.GuildID, "channel", i.ChannelID)
	it := &interaction{b: b, r: r, i: i, log: log, received: received, userID: userID}
	work, end, ok := b.begin(ctx)
	if !ok {
		if i.Type != discordgo.InteractionApplicationCommandAutocomplete {
			it.respond(context.WithoutCancel(ctx), discordgo.InteractionResponseChannelMessageWithSource,
				errorMessage("I'm restarting. Please ask again in a minute."), true)
		}
		return
	}
	defer end()
	defer func() {
		if p := recover(); p != nil {
			log.Error("panic in interaction handler", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			it.fail(errors.New("internal error"), "Sorry, something went wrong on my side.")
		}
	}()
	ctx, cancel := context.WithTimeout(work, b.cfg.AnswerTimeout)
	defer cancel()

	// The allowlist may need one channel lookup; keep it well inside the
	// 3 s Discord gives for the acknowledgement.
	lookup, cancelLookup := context.WithTimeout(ctx, 1500*time.Millisecond)
	ok = b.allowed(lookup, i.GuildID, i.ChannelID)
	cancelLookup()
	if !ok {
		if i.Type != discordgo.InteractionApplicationCommandAutocomplete {
			log.Info("refused: not in an allowed guild or channel")
			it.respond(ctx, discordgo.InteractionResponseChannelMessageWithSource,
				errorMessage("I'm not enabled in this channel."), true)
		}
		return
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		data := i.ApplicationCommandData()
		log = log.With("command", data.Name)
		it.log = log
		switch data.Name {
		case "ask":
			b.ask(ctx, it, data)
		case "timeline":
			b.timelineCommand(ctx, it, data)
		case "add":
			b.addCommand(ctx, it, data)
		case "sources":
			it.respond(ctx, discordgo.InteractionResponseChannelMessageWithSource, renderSources(b.currentArticles(), 1), true)
		case "help":
			it.respond(ctx, discordgo.InteractionResponseChannelMessageWithSource, helpMessage(b.cfg.Topic, len(b.currentArticles())), true)
		default:
			log.Warn("unknown command")
			it.respond(ctx, discordgo.InteractionResponseChannelMessageWithSource,
				errorMessage("I don't know that command any more. Try /help."), true)
		}
	case discordgo.InteractionApplicationCommandAutocomplete:
		b.autocomplete(ctx, it)
	case discordgo.InteractionMessageComponent:
		b.page(ctx, it)
	case discordgo.InteractionModalSubmit:
		// The bot opens no forms: one submitted is from an older version or
		// forged. Answered as an unknown command is, so it does not fail.
		log.Warn("interaction not supported", "type", int(i.Type), "custom_id", i.ModalSubmitData().CustomID)
		it.respond(ctx, discordgo.InteractionResponseChannelMessageWithSource,
			errorMessage("That isn't supported. Try /help."), true)
	default:
		// A type Discord added since: no response type is known to fit.
		log.Warn("interaction of an unknown type not answered", "type", int(i.Type))
	}
}

// options returns a command's options by name.
func options(data discordgo.ApplicationCommandInteractionData) map[string]*discordgo.ApplicationCommandInteractionDataOption {
	m := map[string]*discordgo.ApplicationCommandInteractionDataOption{}
	for _, o := range data.Options {
		m[o.Name] = o
	}
	return m
}

func (b *Bot) ask(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData) {
	opts := options(data)
	question := ""
	if o := opts["question"]; o != nil && o.Type == discordgo.ApplicationCommandOptionString {
		question = plainQuestion(o.StringValue())
	}
	private := false
	if o := opts["private"]; o != nil && o.Type == discordgo.ApplicationCommandOptionBoolean {
		private = o.BoolValue()
	}
	if !it.withinLimit(ctx) {
		b.cfg.Metrics.Question(sourceOf(ctx), metrics.OutcomeRateLimited)
		return
	}
	if err := bot.CheckQuestion(question); err != nil {
		it.respond(ctx, discordgo.InteractionResponseChannelMessageWithSource, errorMessage(questionProblem(err)), true)
		return
	}
	if !it.deferReply(ctx, private) {
		return
	}
	var history []bot.Turn
	thread := b.isThread(ctx, it.i.ChannelID)
	if thread {
		conv, _ := b.memory.get(threadKey(it.i.ChannelID), time.Now())
		history = conv.turns
	}
	b.answer(ctx, it, question, history, thread, it.i.ChannelID, it.userID)
}

// withinLimit takes one question from the user's allowance; when it is
// spent, it tells the user (privately: an interaction always gets an
// answer) and returns false.
func (it *interaction) withinLimit(ctx context.Context) bool {
	ok, wait, _ := it.b.allowUser(ctx, it.b.limiter, it.userID, it.b.now())
	if !ok {
		it.log.Info("rate limited", "retry_in_s", int(wait.Seconds()+0.5))
		it.respond(ctx, discordgo.InteractionResponseChannelMessageWithSource, rateLimitMessage(it.b.cfg.RatePerMinute, wait), true)
	}
	return ok
}

func questionProblem(err error) string {
	switch {
	case errors.Is(err, bot.ErrEmptyQuestion):
		return "Please ask a question, e.g. `/ask question: When did the delegations meet?`"
	case errors.Is(err, bot.ErrQuestionTooLong):
		// The limit's text comes from the error, which is built from it.
		return "That question is too long: " + bot.ErrQuestionTooLong.Error() + "; please shorten it."
	case errors.Is(err, bot.ErrNoWords):
		return "Please ask a question in words, e.g. `/ask question: When did the delegations meet?`"
	}
	return "I can't answer that question: " + err.Error() + "."
}

func rateLimitMessage(perMinute int, wait time.Duration) outMessage {
	s := int(wait.Seconds() + 0.999)
	questions := "questions"
	if perMinute == 1 {
		questions = "question"
	}
	return outMessage{Content: fmt.Sprintf("⏳ You're asking faster than I can keep up with (%d %s a minute). Please try again in %d s.", perMinute, questions, max(s, 1))}
}

func (b *Bot) isThread(ctx context.Context, channelID string) bool {
	c := b.chans.get(ctx, channelID)
	return c != nil && c.IsThread()
}

// respond answers the interaction with a message (or an update of the
// message a button belongs to) in one step.
func (it *interaction) respond(ctx context.Context, typ discordgo.InteractionResponseType, m outMessage, ephemeral bool) bool {
	// The response must not die with the answer's deadline: a cancelled
	// request could still reach Discord and leave us unsure it was sent.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ackTimeout)
	defer cancel()
	data := &discordgo.InteractionResponseData{
		Content: m.Content, Embeds: m.Embeds, Components: m.Components, AllowedMentions: noMentions(),
	}
	if ephemeral && typ == discordgo.InteractionResponseChannelMessageWithSource {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	if data.Embeds == nil {
		data.Embeds = []*discordgo.MessageEmbed{}
	}
	if data.Components == nil {
		data.Components = []discordgo.MessageComponent{}
	}
	err := it.r.Respond(ctx, &discordgo.InteractionResponse{Type: typ, Data: data})
	if err != nil {
		it.log.Error("responding to the interaction failed", "err", describeREST(err))
		return false
	}
	it.acked = true
	it.log.Info("responded", "ack_ms", msSince(it.received))
	return true
}

func msSince(t time.Time) float64 { return float64(time.Since(t).Microseconds()) / 1000 }

// deferReply acknowledges at once with "thinking…"; the answer follows as
// edits.
func (it *interaction) deferReply(ctx context.Context, ephemeral bool) bool {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ackTimeout)
	defer cancel()
	data := &discordgo.InteractionResponseData{AllowedMentions: noMentions()}
	if ephemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	it.ephemeral = ephemeral
	err := it.r.Respond(ctx, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: data,
	})
	if err != nil {
		it.log.Error("acknowledging the interaction failed", "err", describeREST(err))
		return false
	}
	it.acked = true
	it.log.Info("acknowledged", "ack_ms", msSince(it.received))
	it.b.cfg.Metrics.Ack(sourceOf(ctx), time.Since(it.received))
	return true
}

// update edits the original response.
func (it *interaction) update(ctx context.Context, m outMessage) error {
	content := m.Content
	embeds := m.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	components := m.Components
	if components == nil {
		components = []discordgo.MessageComponent{}
	}
	edit := &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, Components: &components, AllowedMentions: noMentions()}
	if len(m.Files) > 0 {
		edit.Files, edit.Attachments = m.Files, attachments(m.Files)
	}
	msg, err := it.r.EditOriginal(ctx, edit)
	if err != nil {
		return fmt.Errorf("edit the response: %w", describeREST(err))
	}
	if it.firstID == "" {
		it.firstID = msg.ID
	}
	return nil
}

func (it *interaction) more(ctx context.Context, m outMessage) error {
	p := &discordgo.WebhookParams{Content: m.Content, Embeds: m.Embeds, Components: m.Components, AllowedMentions: noMentions()}
	if it.ephemeral {
		p.Flags = discordgo.MessageFlagsEphemeral
	}
	if _, err := it.r.Followup(ctx, p); err != nil {
		return fmt.Errorf("send a follow-up: %w", describeREST(err))
	}
	return nil
}

func (it *interaction) messageID() string    { return it.firstID }
func (it *interaction) logger() *slog.Logger { return it.log }

// fail puts a short error where the answer should be: an edit when the
// interaction is acknowledged, else an ephemeral reply. It uses its own
// short deadline: the answer's context may be what failed.
func (it *interaction) fail(cause error, text string) {
	ctx, cancel := postContext(context.Background())
	defer cancel()
	it.log.Warn("answer failed", "err", cause)
	if it.i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		return // suggestions have no message to put an error in
	}
	if !it.acked {
		it.respond(ctx, discordgo.InteractionResponseChannelMessageWithSource, errorMessage(text), true)
		return
	}
	if err := it.update(ctx, errorMessage(text)); err != nil {
		it.log.Error("could not replace the pending response with the error", "err", err)
	}
}

func (b *Bot) timelineCommand(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData) {
	if !it.withinLimit(ctx) {
		return
	}
	opts := options(data)
	var q timelineQuery
	var fixes []bot.Correction
	if o := opts["topic"]; o != nil {
		q.Topic = plainQuestion(o.StringValue())
		if nr, ok := b.ans.(nameReader); ok && q.Topic != "" {
			q.Topic, fixes = nr.ReadNames(q.Topic) // "Lavorv" is Lavrov, as in /ask
		}
	}
	for _, f := range []struct {
		name string
		t    *time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		o := opts[f.name]
		if o == nil {
			continue
		}
		s := strings.TrimSpace(o.StringValue())
		t, err := timeline.ParseDate(s)
		if err != nil {
			msg := fmt.Sprintf("`%s`: “%s” is not a date; use YYYY-MM-DD, e.g. 2025-02-18.", f.name, inert(textclean.Truncate(s, 20)))
			switch {
			case errors.Is(err, timeline.ErrNoSuchDay): // of the right form: say what is wrong with it
				msg = fmt.Sprintf("`%s`: %s.", f.name, err)
			case errors.Is(err, timeline.ErrYearRange):
				// "0000-01-01" parses, but no news article is dated then:
				// a slip, which "from 1 Jan 0000" would only echo.
				msg = fmt.Sprintf("`%s`: %s is out of range; use a year from %d to %d.", f.name, s, retrieval.MinYear, retrieval.MaxYear)
			}
			it.respond(ctx, discordgo.InteractionResponseChannelMessageWithSource, errorMessage(msg), true)
			return
		}
		*f.t = t
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		it.respond(ctx, discordgo.InteractionResponseChannelMessageWithSource,
			errorMessage(timelineProblem(timeline.ErrRange)), true)
		return
	}
	if !it.deferReply(ctx, false) {
		return
	}
	format := formatAuto
	if o := opts["format"]; o != nil && (o.StringValue() == formatPicture || o.StringValue() == formatText) {
		format = o.StringValue()
	}
	events, err := b.timelineEvents(ctx, q, it.queued(ctx))
	if err != nil {
		it.fail(err, timelineProblem(err))
		return
	}
	m := timelineMessage(events, q, 1, format, b.cfg.Font, it.log)
	if line := correctionLine(fixes); runes(m.Content)+runes(line) <= maxContent {
		m.Content = line + m.Content
	}
	postCtx, cancelPost := postContext(ctx) // the picture's upload may outlast the deadline
	defer cancelPost()
	if err := it.update(postCtx, m); err != nil {
		it.fail(err, "Sorry, I couldn't show the timeline.")
	}
}

// nameReader reads misspelt names as the articles' names; *bot.Engine is
// one. An Answerer without it leaves topics as typed.
type nameReader interface {
	ReadNames(text string) (string, []bot.Correction)
}

// timelineProblem is the user-facing text for a failed timeline query.
func timelineProblem(err error) string {
	switch {
	case errors.Is(err, timeline.ErrRange):
		return "`to` is before `from`: swap them?"
	case errors.Is(err, context.DeadlineExceeded):
		return "Sorry, that took too long. Please try again."
	case errors.Is(err, context.Canceled):
		return "I'm restarting and couldn't finish this. Please ask again in a minute."
	}
	return "Sorry, I couldn't build the timeline."
}

// queued tells the user their place in the queue by editing the deferred
// response.
func (it *interaction) queued(ctx context.Context) func(ahead int) {
	return func(ahead int) {
		it.log.Info("queued for a free slot", "ahead", ahead)
		if err := it.update(ctx, outMessage{Content: queueNotice(ahead)}); err != nil {
			it.log.Warn("queue notice failed", "err", err)
		}
	}
}

func (b *Bot) autocomplete(ctx context.Context, it *interaction) {
	data := it.i.ApplicationCommandData()
	prefix := ""
	for _, o := range data.Options {
		if o.Focused && o.Type == discordgo.ApplicationCommandOptionString {
			prefix = strings.TrimSpace(o.StringValue())
		}
	}
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	// Suggestions come with every keystroke, so they have an allowance of
	// their own; past it, or with every slot busy, there are none (a late
	// suggestion is useless, so they never wait in the queue).
	release := func() {}
	allowed, _, _ := b.allowUser(ctx, b.suggest, it.userID, b.now())
	if allowed {
		if r, ok := b.gate.tryAcquire(); ok {
			release = r
		} else {
			allowed = false
		}
	}
	defer release()
	if !allowed {
		it.log.Info("autocomplete refused: over the limit or busy")
	}
	if data.Name == "timeline" && allowed {
		for _, t := range b.tl.Topics(prefix, 25) {
			t = truncateRunes(t, maxTopicRunes)
			if strings.TrimSpace(t) == "" {
				continue
			}
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: t, Value: t})
		}
	}
	err := it.r.Respond(ctx, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	})
	if err != nil {
		it.log.Warn("autocomplete failed", "err", describeREST(err))
	}
}

// page turns a /sources or /timeline page: the button's custom id holds the
// page and the query.
func (b *Bot) page(ctx context.Context, it *interaction) {
	id := it.i.MessageComponentData().CustomID
	update := discordgo.InteractionResponseUpdateMessage
	switch {
	case strings.HasPrefix(id, "src:"):
		var p int
		if _, err := fmt.Sscanf(id, "src:%d", &p); err != nil {
			it.log.Warn("bad button id", "custom_id", id)
			it.ackSilently(ctx)
			return
		}
		it.respond(ctx, update, renderSources(b.currentArticles(), p), false)
	case strings.HasPrefix(id, "tl:"), strings.HasPrefix(id, "tlp:"):
		p, q, err := decodeTimelineID(id)
		if err != nil {
			it.log.Warn("bad button id", "custom_id", id, "err", err)
			it.ackSilently(ctx)
			return
		}
		b.timelinePageTurn(ctx, it, q, p)
	default:
		it.log.Warn("unknown button", "custom_id", id)
		it.ackSilently(ctx)
	}
}

// timelinePageTurn shows another page of a timeline. A cached timeline
// (the usual case: the first page put it there) is shown at once; one that
// must be computed again (evicted, or the corpus changed) costs a question
// of the user's allowance and waits in the answer queue, like /timeline.
func (b *Bot) timelinePageTurn(ctx context.Context, it *interaction, q timelineQuery, page int) {
	if events, ok := b.cachedTimeline(q); ok {
		m := timelineMessage(events, q, page, formatKeep, b.cfg.Font, it.log)
		if len(m.Files) == 0 {
			it.respond(ctx, discordgo.InteractionResponseUpdateMessage, m, false)
			return
		}
		// A new picture goes up with an edit through the interaction
		// webhook, the same way on either transport: acknowledge first.
		it.ackSilently(ctx)
		it.acked = true
		if err := it.update(ctx, m); err != nil {
			it.log.Warn("turning the timeline page failed", "err", err)
		}
		return
	}
	if !it.withinLimit(ctx) {
		return
	}
	// Computing may take longer than the 3 s Discord waits for a response.
	if err := it.r.Respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}); err != nil {
		it.log.Warn("acknowledging the button failed", "err", describeREST(err))
		return
	}
	it.acked = true
	m := outMessage{}
	events, err := b.timelineEvents(ctx, q, nil)
	if err != nil {
		m = errorMessage(timelineProblem(err))
	} else {
		m = timelineMessage(events, q, page, formatKeep, b.cfg.Font, it.log)
	}
	if err := it.update(ctx, m); err != nil {
		it.log.Warn("turning the timeline page failed", "err", err)
	}
}

// ackSilently acknowledges a button press without changing anything, so
// Discord does not show "This interaction failed".
func (it *interaction) ackSilently(ctx context.Context) {
	if err := it.r.Respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}); err != nil {
		it.log.Warn("acknowledging the button failed", "err", describeREST(err))
	}
}
