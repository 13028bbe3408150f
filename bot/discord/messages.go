package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/metrics"
)

// onMessage answers a message that mentions the bot, replies to one of its
// answers, continues a thread it answered in (from the person who asked
// there last: others must address the bot), or is a direct message.
func (b *Bot) onMessage(s *discordgo.Session, mc *discordgo.MessageCreate) {
	received := time.Now()
	m := mc.Message
	if m == nil || m.Author == nil || m.Author.Bot || m.WebhookID != "" {
		return // never answer bots, webhooks or ourselves: no loops
	}
	s.State.RLock()
	botID := ""
	if s.State.User != nil {
		botID = s.State.User.ID
	}
	s.State.RUnlock()
	if botID == "" || m.Author.ID == botID {
		return
	}
	now := time.Now()
	mentioned := false
	for _, u := range m.Mentions {
		if u != nil && u.ID == botID {
			mentioned = true
		}
	}
	// A mention of the bot's own managed role (the mention picker offers
	// it beside the bot) is a mention of the bot.
	if !mentioned {
		mentioned = b.mentionsBotRole(m, botID)
	}
	var conv conversation
	followUp := false
	if ref := m.MessageReference; ref != nil && ref.MessageID != "" {
		conv, followUp = b.memory.get(msgKey(ref.MessageID), now)
	}
	inThread := false
	// Only a DM or a thread holds a thread conversation: ordinary channel
	// chatter must not cost a shared-state lookup per message.
	if !followUp && (m.GuildID == "" || b.threadChannel(m.ChannelID)) {
		var tc conversation
		if tc, inThread = b.memory.get(threadKey(m.ChannelID), now); inThread && (mentioned || tc.asker == m.Author.ID) {
			// Chatter between people in the thread ("thanks!") is theirs;
			// someone else continues the conversation by addressing the bot.
			conv, followUp = tc, true
		}
	}
	history := conv.turns
	// In a direct message every message is for the bot, and the DM is one
	// conversation, like a thread.
	dm := m.GuildID == ""
	if !mentioned && !followUp && !dm {
		return
	}
	log := b.log.With("message", m.ID, "user", m.Author.ID, "guild", m.GuildID, "channel", m.ChannelID)
	r := &messageReply{s: s, m: m, log: log}
	work, end, ok := b.begin(b.eventContext())
	if !ok {
		r.send(context.Background(), errorMessage("I'm restarting. Please ask again in a minute."))
		return
	}
	defer end()
	defer func() {
		if p := recover(); p != nil {
			log.Error("panic in message handler", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			r.fail(errors.New("internal error"), "Sorry, something went wrong on my side.")
		}
	}()
	ctx, cancel := context.WithTimeout(withSource(work, metrics.SourceMention), b.cfg.AnswerTimeout)
	defer cancel()
	if !b.allowed(ctx, m.GuildID, m.ChannelID) {
		log.Info("ignored: not in an allowed guild or channel")
		return
	}
	// The limit comes before any reply, the help for a bare mention and the
	// refusal of an over-long question included: a flood gets one notice.
	if ok, wait, notify := b.allowUser(ctx, b.limiter, m.Author.ID, b.now()); !ok {
		log.Info("rate limited", "retry_in_s", int(wait.Seconds()+0.5), "notified", notify)
		b.cfg.Metrics.Question(metrics.SourceMention, metrics.OutcomeRateLimited)
		if notify {
			r.send(ctx, rateLimitMessage(b.cfg.RatePerMinute, wait))
		}
		return
	}
	question := plainQuestion(m.Content)
	if question == "" {
		r.send(ctx, outMessage{Content: "Ask me about " + escape(b.cfg.Topic) + ", e.g. `@talkbot when did the delegations meet?` See `/help`."})
		return
	}
	if err := bot.CheckQuestion(question); err != nil {
		r.send(ctx, errorMessage(questionProblem(err)))
		return
	}
	if !r.placeholder(ctx) {
		return
	}
	log.Info("acknowledged", "ack_ms", msSince(received), "follow_up", followUp)
	b.cfg.Metrics.Ack(metrics.SourceMention, time.Since(received))
	// Remember the thread when this is the first answer in it.
	thread := inThread || dm || b.isThread(ctx, m.ChannelID)
	b.answer(ctx, r, question, history, thread, m.ChannelID, m.Author.ID)
}

// markupRe matches Discord's markup for a user, role, channel or command
// mention, a custom emoji and a timestamp; group 1 is a timestamp's
// seconds.
var markupRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`<@[!&]?\d+>|<#\d+>|</[^<>:]+:\d+>|<a?:\w+:\d+>|<t:(-?\d+)(?::[tTdDfFR])?>`)
})

// plainQuestion is the question a message or option asks, in words: the
// bot's mention (or its managed role's) is how it was addressed, and any
// other mention, channel, command or custom emoji is Discord markup whose
// snowflake ids would be searched for as words and quoted back in a
// refusal. A timestamp becomes its day.
func plainQuestion(content string) string {
	q := markupRe().ReplaceAllStringFunc(content, func(s string) string {
		m := markupRe().FindStringSubmatch(s)
		if m[1] != "" {
			if sec, err := strconv.ParseInt(m[1], 10, 64); err == nil {
				return " " + time.Unix(sec, 0).UTC().Format("2 January 2006") + " "
			}
		}
		return " "
	})
	return beforePunct.Replace(strings.Join(strings.Fields(q), " "))
}

// beforePunct closes the gap dropped markup leaves before punctuation.
var beforePunct = strings.NewReplacer(" ?", "?", " !", "!", " .", ".", " ,", ",", " ;", ";", " :", ":")

// messageReply answers a message with a reply that is edited as the answer
// streams; long answers continue in further replies.
type messageReply struct {
	s     *discordgo.Session
	m     *discordgo.Message
	log   *slog.Logger
	first *discordgo.Message
}

func (r *messageReply) reference() *discordgo.MessageReference {
	f := false
	return &discordgo.MessageReference{MessageID: r.m.ID, ChannelID: r.m.ChannelID, GuildID: r.m.GuildID, FailIfNotExists: &f}
}

func (r *messageReply) sendMsg(ctx context.Context, m outMessage) (*discordgo.Message, error) {
	msg, err := r.s.ChannelMessageSendComplex(r.m.ChannelID, &discordgo.MessageSend{
		Content: m.Content, Embeds: m.Embeds, Components: m.Components,
		AllowedMentions: noMentions(), Reference: r.reference(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("send a reply: %w", describeREST(err))
	}
	return msg, nil
}

// send replies with a one-off message (notices, help).
func (r *messageReply) send(ctx context.Context, m outMessage) {
	if _, err := r.sendMsg(ctx, m); err != nil {
		r.log.Error("reply failed", "err", err)
	}
}

func (r *messageReply) placeholder(ctx context.Context) bool {
	msg, err := r.sendMsg(ctx, outMessage{Content: "🔎 Looking through the articles…"})
	if err != nil {
		r.log.Error("reply failed", "err", err)
		return false
	}
	r.first = msg
	return true
}

func (r *messageReply) update(ctx context.Context, m outMessage) error {
	if r.first == nil {
		msg, err := r.sendMsg(ctx, m)
		r.first = msg
		return err
	}
	content := m.Content
	embeds := m.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	_, err := r.s.ChannelMessageEditComplex(&discordgo.MessageEdit{
		ID: r.first.ID, Channel: r.first.ChannelID,
		Content: &content, Embeds: &embeds, AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("edit the reply: %w", describeREST(err))
	}
	return nil
}

func (r *messageReply) more(ctx context.Context, m outMessage) error {
	_, err := r.sendMsg(ctx, m)
	return err
}

func (r *messageReply) fail(cause error, text string) {
	ctx, cancel := postContext(context.Background())
	defer cancel()
	r.log.Warn("answer failed", "err", cause)
	if err := r.update(ctx, errorMessage(text)); err != nil {
		r.log.Error("could not replace the pending reply with the error", "err", err)
	}
}

func (r *messageReply) messageID() string {
	if r.first == nil {
		return ""
	}
	return r.first.ID
}

func (r *messageReply) logger() *slog.Logger { return r.log }

// threadChannel reports whether a guild channel is a thread, from the
// channel cache (which asks the gateway's state first).
func (b *Bot) threadChannel(channelID string) bool {
	ctx, cancel := context.WithTimeout(b.eventContext(), 2*time.Second)
	defer cancel()
	return b.isThread(ctx, channelID)
}
