package discord

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord/discordtest"
)

// replyTo waits until the bot's reply to the message post satisfies done
// and returns it.
func (h *harness) replyTo(post, what string, done func(*discordtest.Message) bool) *discordtest.Message {
	h.t.Helper()
	var got *discordtest.Message
	h.srv.Wait(wait, what, func() bool {
		for _, m := range h.srv.ChannelMessages(h.where.ChannelID) {
			if m.Reference != nil && m.Reference.MessageID == post && done(m) {
				got = m
				return true
			}
		}
		return false
	})
	return got
}

// TestQueueNotice: each question that waits for the one slot is told how
// many wait ahead of it, in words that read right for none, one and more,
// whether asked with /ask or a mention.
func TestQueueNotice(t *testing.T) {
	t.Parallel()
	hold := make(chan struct{})
	holding := make(chan struct{}, 1)
	ans := answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
		if q.Question == "hold?" {
			holding <- struct{}{}
			select {
			case <-hold:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		return cited(q, "Done [1]."), nil
	})
	h := start(t, setup{ans: ans, cfg: Config{MaxConcurrent: 1, RatePerMinute: -1}})
	h.ask("300000000000000009", "hold?")
	select {
	case <-holding:
	case <-time.After(wait):
		t.Fatal("the first answer never started")
	}
	queued := func(m *discordtest.Message) bool { return strings.HasPrefix(m.Content, "⏳") }
	var finals []func() *discordtest.Message
	for i, c := range []struct {
		mention bool
		want    string
	}{
		{false, "⏳ Many questions right now: yours is next…"},
		{true, "⏳ Many questions right now: yours is next after 1 more question…"},
		{false, "⏳ Many questions right now: yours is next after 2 more questions…"},
	} {
		var m *discordtest.Message
		if c.mention {
			w := h.where
			w.UserID = fmt.Sprintf("3000000000000000%02d", i)
			post := h.srv.Send(discordtest.Post{Where: w, Content: h.srv.Mention() + " when did they meet?", MentionBot: true})
			m = h.replyTo(post, "the mention's queue notice", queued)
			finals = append(finals, func() *discordtest.Message { return h.replyTo(post, "the mention's answer", hasSources) })
		} else {
			tok := h.ask(fmt.Sprintf("3000000000000000%02d", i), "When did they meet?")
			m = h.final(tok, "the queue notice", queued)
			finals = append(finals, func() *discordtest.Message { return h.final(tok, "the answer", hasSources) })
		}
		if m.Content != c.want {
			t.Errorf("waiting question %d was told %q, want %q", i, m.Content, c.want)
		}
	}
	close(hold)
	for _, final := range finals {
		final()
	}
}
