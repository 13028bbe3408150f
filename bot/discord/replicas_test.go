package discord

import (
	"context"
	"crypto/ed25519"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/bot/metrics"
	"github.com/talkbot/talkbot/bot/shared"
	"github.com/talkbot/talkbot/bot/shared/redistest"
)

// replicas are HTTP endpoint replicas of one bot that share a real
// redis-server, answering for one local Discord.
type replicas struct {
	srv   *discordtest.Server
	redis *redistest.Server
	key   ed25519.PrivateKey
	urls  []string
	logs  []*syncBuffer
	where discordtest.Where
}

func startReplicas(t *testing.T, n int, cfg Config, ans Answerer) *replicas {
	t.Helper()
	shared.RedisLogsTo(slog.New(slog.DiscardHandler))
	rs := redistest.Start(t)
	srv := discordtest.New(t, discordtest.Options{})
	pub, priv, _ := ed25519.GenerateKey(nil)
	r := &replicas{srv: srv, redis: rs, key: priv,
		where: discordtest.Where{GuildID: "500000000000000001", ChannelID: "400000000000000001", UserID: "300000000000000001"}}
	if ans == nil {
		ans = engine(t)
	}
	for range n {
		logs := newSyncBuffer()
		log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		// A generous timeout: under -race on a loaded machine a slow answer
		// from Redis would count as an outage and the limits fall back.
		store, err := shared.Open(rs.URL, shared.Options{Logger: log, Timeout: 10 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		c := cfg
		c.Token, c.APIURL, c.Logger, c.PublicKey, c.Shared, c.Metrics = srv.Token, srv.URL, log, pub, store, metrics.New()
		c.EditInterval = 20 * time.Millisecond
		c.httpAckDeadline = wait
		b, err := New(c, ans, testTimeline(t), testIndex(t).Corpus().Articles)
		if err != nil {
			t.Fatal(err)
		}
		// The per-process limits, used while Redis is down, count in fake
		// time: a slow run must not refill them mid-test.
		b.now = (&fakeClock{t: time.Date(2025, 2, 18, 12, 0, 0, 0, time.UTC)}).now
		ctx, cancel := context.WithCancel(context.Background())
		hs := httptest.NewServer(b.InteractionsHandler(ctx))
		t.Cleanup(func() {
			sctx, scancel := context.WithTimeout(context.Background(), wait)
			defer scancel()
			b.Shutdown(sctx)
			cancel()
			hs.Close()
			store.Close()
		})
		r.urls = append(r.urls, hs.URL+"/interactions")
		r.logs = append(r.logs, logs)
	}
	return r
}

func (r *replicas) ask(t *testing.T, replica int, question string) (discordtest.HTTPInteraction, discordtest.Delivery) {
	t.Helper()
	in := r.srv.HTTPCommand(r.where, "ask", discordtest.Option{Name: "question", Value: question})
	d, err := r.srv.Deliver(http.DefaultClient, r.urls[replica], r.key, in)
	if err != nil || d.Response == nil {
		t.Fatalf("deliver to replica %d: %v (status %d, body %s)", replica, err, d.Status, d.Raw)
	}
	return in, d
}

func (r *replicas) waitAnswer(t *testing.T, in discordtest.HTTPInteraction) *discordtest.Message {
	t.Helper()
	return (&harness{t: t, srv: r.srv}).final(in.Token, "the answer", hasSources)
}

// TestReplicasShareRateLimit: with DISCORD_RATE_LIMIT=3, a user's 4th
// question in a minute is refused whichever replica receives it.
func TestReplicasShareRateLimit(t *testing.T) {
	t.Parallel()
	r := startReplicas(t, 2, Config{RatePerMinute: 3}, nil)
	for i, replica := range []int{0, 1, 0, 1} {
		in, d := r.ask(t, replica, "Where did US and Russian officials meet on February 18?")
		if i < 3 {
			if d.Response.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
				t.Fatalf("question %d (replica %d): %s, want a deferred acknowledgement", i+1, replica, d.Raw)
			}
			r.waitAnswer(t, in)
			continue
		}
		if d.Response.Type != discordgo.InteractionResponseChannelMessageWithSource || !strings.Contains(d.Response.Data.Content, "3 questions a minute") {
			t.Fatalf("4th question (replica %d): %s, want the rate-limit notice", replica, d.Raw)
		}
	}
	// Another user is not affected.
	r.where.UserID = "300000000000000002"
	if _, d := r.ask(t, 0, "When will Trump and Putin meet?"); d.Response.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Errorf("another user: %s, want a deferred acknowledgement", d.Raw)
	}
}

// gatedAnswerer answers only when released, counting the answers composed
// at once.
type gatedAnswerer struct {
	inner   Answerer
	release chan struct{}
	entered chan struct{}
	now     atomic.Int32
	peak    atomic.Int32
}

func (g *gatedAnswerer) Ask(ctx context.Context, q bot.Query) (*bot.Answer, error) {
	n := g.now.Add(1)
	defer g.now.Add(-1)
	for {
		p := g.peak.Load()
		if n <= p || g.peak.CompareAndSwap(p, n) {
			break
		}
	}
	g.entered <- struct{}{}
	select {
	case <-g.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return g.inner.Ask(ctx, q)
}

// TestReplicasShareConcurrencyCap: with DISCORD_MAX_CONCURRENT=1 on each of
// two replicas, one answer is composed at a time across both: the second
// replica's question waits for the first replica's answer.
func TestReplicasShareConcurrencyCap(t *testing.T) {
	t.Parallel()
	g := &gatedAnswerer{inner: engine(t), release: make(chan struct{}), entered: make(chan struct{}, 2)}
	r := startReplicas(t, 2, Config{MaxConcurrent: 1, RatePerMinute: -1}, g)
	first, _ := r.ask(t, 0, "Where did US and Russian officials meet on February 18?")
	<-g.entered
	second, _ := r.ask(t, 1, "When will Trump and Putin meet?")
	r.logs[1].waitFor(t, 1, "waiting for an answer slot: all are taken across processes")
	h := &harness{t: t, srv: r.srv}
	h.final(second.Token, "the queue notice", func(m *discordtest.Message) bool { return strings.HasPrefix(m.Content, "⏳") })
	if n := g.now.Load(); n != 1 {
		t.Fatalf("%d answers composed at once, want 1", n)
	}
	g.release <- struct{}{} // the first answer goes on and frees its slot
	r.waitAnswer(t, first)
	<-g.entered
	g.release <- struct{}{}
	r.waitAnswer(t, second)
	if p := g.peak.Load(); p != 1 {
		t.Errorf("peak of %d answers at once across replicas, want 1", p)
	}
}

// TestReplicasRedisKilled: with redis-server killed mid-test, both replicas
// go on answering with per-process limits, each warns once, and no user
// sees an error.
func TestReplicasRedisKilled(t *testing.T) {
	t.Parallel()
	r := startReplicas(t, 2, Config{RatePerMinute: 5}, nil)
	in, _ := r.ask(t, 0, "Where did US and Russian officials meet on February 18?")
	r.waitAnswer(t, in)
	r.redis.Kill()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			in, d := r.ask(t, i%2, "When will Trump and Putin meet?")
			if d.Response == nil || d.Response.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
				t.Errorf("question %d with Redis down: %s, want a deferred acknowledgement", i, d.Raw)
				return
			}
			if m := r.waitAnswer(t, in); isError(m) {
				t.Errorf("question %d with Redis down: %q", i, m.Content)
			}
		})
	}
	wg.Wait()
	for i, logs := range r.logs {
		if n := strings.Count(logs.String(), "Redis is unreachable"); n != 1 {
			t.Errorf("replica %d logged %d outage warnings, want 1", i, n)
		}
	}
	// Per-process limits hold meanwhile: replica 0 has had 3 of this
	// user's questions (one before the outage, which it does not count),
	// so of 4 more the last is one over its own limit of 5. Its clock is
	// fake, so a slow run cannot refill the allowance meanwhile.
	refused := 0
	for range 4 {
		if _, d := r.ask(t, 0, "Who led the Russian delegation?"); d.Response.Type == discordgo.InteractionResponseChannelMessageWithSource {
			refused++
		}
	}
	if refused != 1 {
		t.Errorf("%d of 4 more questions refused while Redis is down, want 1", refused)
	}
}
