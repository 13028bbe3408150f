package discord

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/bot/openaitest"
)

// quotedNote ends the note of an answer that quotes the articles because
// the model had no time, whatever the reason.
const quotedNote = "so this answer quotes the articles directly."

// memLLMEngine is the real engine in LLM mode, reaching the local OpenAI
// in memory, so that in a testing/synctest bubble the model's pace and
// every deadline run on fake time.
func memLLMEngine(tb testing.TB, oai *openaitest.Server, timeout time.Duration) *bot.Engine {
	return bot.New(testIndex(tb), bot.Options{LLM: &bot.LLMConfig{
		Endpoint: openaiapi.Endpoint{APIKey: "sk-test-discord-0123456789", BaseURL: oai.BaseURL()}, Model: "test-model",
		Retry: openaiapi.Retry{MaxRetries: -1}, Timeout: timeout, Transport: oai.Transport(),
	}})
}

// TestQueuedPastDeadlineQuotes: with one slot and a model that takes
// 2.1 s an answer, questions whose deadline comes while they wait get
// the quoted answer, marked as such, instead of "took too long"; those
// that get a slot in time get the model's.
func TestQueuedPastDeadlineQuotes(t *testing.T) {
	t.Parallel()
	oai := openaitest.NewServer(t) // outside the bubble: it listens
	oai.HandleChat(func(openaitest.ChatRequest) openaitest.Reply {
		return openaitest.Reply{
			Chunks:  []string{"Russian and U.S. representatives ", "met in Saudi Arabia ", "[1]."},
			OnChunk: func(int) { time.Sleep(700 * time.Millisecond) },
		}
	})
	const question = "When did US and Russian officials meet in Saudi Arabia?"
	synctest.Test(t, func(t *testing.T) {
		b, logs := localBot(t, Config{MaxConcurrent: 1, AnswerTimeout: 5 * time.Second, RatePerMinute: -1},
			memLLMEngine(t, oai, 20*time.Second))
		start := time.Now()
		// The deadline is 5 s after each arrival; the model must end 0.5 s
		// before it, and the wait for a slot 0.5 s before that. 0 composes
		// 0–2.1 s, 1 waits and composes 2.1–4.2 s (within its 4.55 s), 2
		// and 3 wait until 4.1 s and 4.15 s and are quoted then, without a
		// slot.
		cases := []struct {
			model bool          // the model's answer, else the quoted one
			at    time.Duration // when the answer is final, from the first arrival
		}{
			{true, 2100 * time.Millisecond},
			{true, 4200 * time.Millisecond},
			{false, 4100 * time.Millisecond},
			{false, 4150 * time.Millisecond},
		}
		rs := make([]*discordtest.Responder, len(cases))
		ended := make([]time.Duration, len(cases))
		var wg sync.WaitGroup
		for i := range cases {
			w := here
			w.UserID = fmt.Sprintf("3000000000000000%02d", i)
			rs[i] = discordtest.NewResponder(t)
			wg.Go(func() {
				b.HandleInteraction(context.Background(), discordtest.AskInteraction(i, w, question), rs[i])
				ended[i] = time.Since(start)
			})
			time.Sleep(50 * time.Millisecond)
		}
		wg.Wait()
		// Without the fix, replies to clients that gave up still stream:
		// let them end, in fake time, so a failure is reported, not a
		// deadlock.
		time.Sleep(5 * time.Second)
		for i, c := range cases {
			got := rs[i].Content()
			if strings.HasPrefix(got, "⚠️") || !strings.Contains(got, "Saudi Arabia") {
				t.Errorf("question %d: %s, want an answer", i, rs[i])
				continue
			}
			if quoted := strings.Contains(got, quotedNote); quoted == c.model {
				t.Errorf("question %d: %s, want the model's answer: %v", i, rs[i], c.model)
			}
			if ended[i] != c.at {
				t.Errorf("question %d ended after %v, want %v", i, ended[i], c.at)
			}
		}
		if n := len(oai.ChatRequests()); n != 2 {
			t.Errorf("%d requests to the model, want 2: a question past its time must not take a slot", n)
		}
		if t.Failed() {
			t.Logf("logs:\n%s", logs)
		}
	})
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

// TestQueuedMentionQuoted: a mention whose deadline comes while it waits
// for a slot is answered by quoting the articles, marked as such (the
// cause, errNoSlotInTime, passed through the engine as the answer's
// Fallback), without asking the model (the local OpenAI fails the test if
// asked).
func TestQueuedMentionQuoted(t *testing.T) {
	t.Parallel()
	oai := openaitest.NewServer(t) // nothing scripted: any request fails the test
	llm := llmEngine(t, oai)
	hold := make(chan struct{})
	holding := make(chan struct{}, 1)
	ans := answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
		if q.Question == "hold?" {
			holding <- struct{}{}
			<-hold // past its own deadline: the slot stays taken
			return nil, ctx.Err()
		}
		return llm.Ask(ctx, q)
	})
	h := start(t, setup{ans: ans, cfg: Config{MaxConcurrent: 1, RatePerMinute: -1, AnswerTimeout: 2 * time.Second}})
	defer close(hold)
	h.ask("300000000000000009", "hold?")
	select {
	case <-holding:
	case <-time.After(wait):
		t.Fatal("the first answer never started")
	}
	post := h.srv.Send(discordtest.Post{Where: h.where, Content: h.srv.Mention() + " When did US and Russian officials meet in Saudi Arabia?", MentionBot: true})
	m := h.replyTo(post, "the mention's answer", answered)
	if !hasSources(m) || !strings.Contains(m.Content, "Too many questions were waiting for the language model, "+quotedNote) {
		t.Errorf("a mention past its deadline in the queue: %q, want a quoted answer that says the model was busy", m.Content)
	}
	h.logs.waitFor(t, 1, "no slot came free before the deadline", post)
}
