package discord

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
	"github.com/talkbot/talkbot/seeds"
)

// wait is the generous bound on every wait: tests run under -race on a
// loaded 2-core machine, and a pass never waits this long.
const wait = 30 * time.Second

var loadIndex = sync.OnceValues(func() (*retrieval.Index, error) {
	c, err := retrieval.Load(seeds.FS())
	if err != nil {
		return nil, err
	}
	return retrieval.NewIndex(c, retrieval.DefaultParams()), nil
})

var loadTimeline = sync.OnceValues(func() (*timeline.Timeline, error) {
	ix, err := loadIndex()
	if err != nil {
		return nil, err
	}
	return timeline.New(ix), nil
})

// testTimeline is the real timeline of the seed articles, shared: it is
// immutable.
func testTimeline(tb testing.TB) *timeline.Timeline {
	tb.Helper()
	tl, err := loadTimeline()
	if err != nil {
		tb.Fatal(err)
	}
	return tl
}

func testIndex(tb testing.TB) *retrieval.Index {
	tb.Helper()
	ix, err := loadIndex()
	if err != nil {
		tb.Fatal(err)
	}
	return ix
}

// engine is the real answering core over the seed articles (extractive).
func engine(tb testing.TB) *bot.Engine {
	return bot.New(testIndex(tb), bot.Options{})
}

// answerFunc adapts a function to Answerer, for answers the test controls.
type answerFunc func(ctx context.Context, q bot.Query) (*bot.Answer, error)

func (f answerFunc) Ask(ctx context.Context, q bot.Query) (*bot.Answer, error) { return f(ctx, q) }

// syncBuffer collects logs from many goroutines, and lets a test wait for
// a line.
type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	changed chan struct{}
}

func newSyncBuffer() *syncBuffer { return &syncBuffer{changed: make(chan struct{})} }

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.changed)
	s.changed = make(chan struct{})
	return s.b.Write(p)
}

// waitFor waits until the logs hold n lines that contain every one of subs.
func (s *syncBuffer) waitFor(tb testing.TB, n int, subs ...string) {
	tb.Helper()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		text := s.b.String()
		s.mu.Unlock()
		count := 0
		for _, line := range strings.Split(text, "\n") {
			all := true
			for _, sub := range subs {
				all = all && strings.Contains(line, sub)
			}
			if all {
				count++
			}
		}
		if count >= n {
			return
		}
		select {
		case <-ch:
		case <-timer.C:
			tb.Fatalf("timed out waiting for %d log lines with %q", n, subs)
		}
	}
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type harness struct {
	t      testing.TB
	srv    *discordtest.Server
	bot    *Bot
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error
	where  discordtest.Where
	clock  *fakeClock // the rate limits' clock: it moves only when a test moves it
}

type setup struct {
	cfg      Config
	ans      Answerer
	tl       Timeline
	articles []*retrieval.Article
	srvOpts  discordtest.Options
	prepare  func(*Bot)      // called after New, before Run
	ctx      context.Context // Run's context; nil means context.Background()
}

// start runs a bot against a fresh local Discord and waits until its
// commands are registered. The bot is stopped, and must stop cleanly, when
// the test ends.
func start(tb testing.TB, st setup) *harness {
	tb.Helper()
	srv := discordtest.New(tb, st.srvOpts)
	logs := newSyncBuffer()
	cfg := st.cfg
	cfg.Token = srv.Token
	cfg.APIURL = srv.URL
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if cfg.EditInterval == 0 {
		cfg.EditInterval = 20 * time.Millisecond
	}
	if st.ans == nil {
		st.ans = engine(tb)
	}
	if st.tl == nil {
		st.tl = testTimeline(tb)
	}
	if st.articles == nil {
		st.articles = testIndex(tb).Corpus().Articles
	}
	b, err := New(cfg, st.ans, st.tl, st.articles)
	if err != nil {
		tb.Fatal(err)
	}
	// Rate limits count in fake time: on a loaded machine a burst can take
	// long enough in real time for an allowance to refill mid-test.
	clock := &fakeClock{t: time.Date(2025, 2, 18, 12, 0, 0, 0, time.UTC)}
	b.now = clock.now
	if st.prepare != nil {
		st.prepare(b)
	}
	parent := st.ctx
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	h := &harness{t: tb, srv: srv, bot: b, logs: logs, cancel: cancel, done: make(chan error, 1), clock: clock,
		where: discordtest.Where{GuildID: "500000000000000001", ChannelID: "400000000000000001", UserID: "300000000000000001"}}
	go func() { h.done <- b.Run(ctx) }()
	scope := cfg.GuildID
	srv.Wait(wait, "command registration", func() bool {
		_, ok := srv.Commands(scope)
		return ok
	})
	tb.Cleanup(func() {
		if tb.Failed() && testing.Verbose() {
			tb.Logf("bot logs:\n%s", logs.String())
		}
		if err := h.stop(); err != nil {
			tb.Errorf("Run returned %v after shutdown, want nil", err)
		}
		if strings.Contains(logs.String(), srv.Token) {
			tb.Errorf("the bot token appears in the logs")
		}
		if strings.Contains(logs.String(), "itoken-") {
			tb.Errorf("an interaction token (a secret) appears in the logs")
		}
	})
	return h
}

// stop cancels Run and waits for it to return.
func (h *harness) stop() error {
	h.cancel()
	select {
	case err := <-h.done:
		h.done <- err // later calls see it too
		return err
	case <-time.After(wait):
		h.t.Fatalf("Run did not return within %v of shutdown", wait)
		return nil
	}
}

// thread returns a public thread (id) under the harness's channel, not
// yet known to the server, and where the harness's user posts in it.
func (h *harness) thread(id string) (*discordgo.Channel, discordtest.Where) {
	c := &discordgo.Channel{ID: id, GuildID: h.where.GuildID, ParentID: h.where.ChannelID, Type: discordgo.ChannelTypeGuildPublicThread, Name: "talks"}
	in := h.where
	in.ChannelID = id
	return c, in
}

// ask sends /ask and returns the interaction token.
func (h *harness) ask(user, question string, opts ...discordtest.Option) string {
	w := h.where
	w.UserID = user
	return h.srv.Command(w, "ask", append([]discordtest.Option{{Name: "question", Value: question}}, opts...)...)
}

// waitAnswered waits until channel holds n bot messages, the last of them a
// finished answer.
func (h *harness) waitAnswered(channelID string, n int, what string) {
	h.t.Helper()
	h.srv.Wait(wait, what, func() bool {
		ms := h.srv.ChannelMessages(channelID)
		return len(ms) == n && answered(ms[n-1])
	})
}

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

// final waits until the interaction's original response satisfies done and
// returns it.
func (h *harness) final(token string, what string, done func(m *discordtest.Message) bool) *discordtest.Message {
	h.t.Helper()
	var m *discordtest.Message
	h.srv.Wait(wait, what, func() bool {
		m = h.srv.Original(token)
		return m != nil && done(m)
	})
	return m
}

// hasSources reports whether a message carries the sources embed, which only
// the final answer has.
func hasSources(m *discordtest.Message) bool {
	for _, e := range m.Embeds {
		if e.Title == "Sources" {
			return true
		}
	}
	return false
}

func isError(m *discordtest.Message) bool { return strings.HasPrefix(m.Content, "⚠️") }

// answered reports a final answer or an error: anything but a placeholder.
func answered(m *discordtest.Message) bool {
	return hasSources(m) || isError(m) || (m.Edits > 0 && !strings.Contains(m.Content, "writing…") && !strings.HasPrefix(m.Content, "⏳"))
}

func embedText(m *discordtest.Message) string {
	var b strings.Builder
	for _, e := range m.Embeds {
		b.WriteString(e.Title + "\n" + e.Description + "\n")
		if e.Footer != nil {
			b.WriteString(e.Footer.Text + "\n")
		}
	}
	return b.String()
}

func buttons(m *discordtest.Message) map[string]discordgo.Button {
	out := map[string]discordgo.Button{}
	var rows []struct {
		Components []discordgo.Button `json:"components"`
	}
	if err := discordgo.Unmarshal(m.Components, &rows); err != nil {
		return out
	}
	for _, r := range rows {
		for _, b := range r.Components {
			out[b.Label] = b
		}
	}
	return out
}
