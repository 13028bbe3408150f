package discord

import (
	"context"
	"errors"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/bot/metrics"
	"github.com/talkbot/talkbot/bot/openaitest"
)

// localBot is a bot that is never connected: interactions are handed to
// HandleInteraction with a discordtest.Responder, so the test can run in a
// synctest bubble (no sockets) where timeouts and graces pass instantly.
func localBot(t *testing.T, cfg Config, ans Answerer) (*Bot, *syncBuffer) {
	t.Helper()
	logs := newSyncBuffer()
	cfg.Token = localToken
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	if cfg.EditInterval == 0 {
		cfg.EditInterval = 20 * time.Millisecond
	}
	b, err := New(cfg, ans, &fakeTimeline{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// No channel is a thread: the lookup would need the network.
	b.chans.fetch = func(context.Context, string) (*discordgo.Channel, error) {
		return nil, errors.New("no network in a bubble")
	}
	return b, logs
}

// localToken is localBot's token (a discordtest server it uses expects it).
const localToken = "local-token"

var here = discordtest.Where{GuildID: "500000000000000001", ChannelID: "400000000000000001", UserID: "300000000000000001"}

func cited(q bot.Query, text string) *bot.Answer {
	return &bot.Answer{Question: q.Question, Text: text, Mode: bot.ModeExtractive, Citations: []bot.Citation{{N: 1, Headline: "H", Publisher: "P"}}}
}

// TestShutdownGrace: Shutdown refuses new questions, lets answers in
// flight finish, and when its context ends cancels the rest, each of which
// still tells its user; calling it again is harmless.
func TestShutdownGrace(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		ans := answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
			if q.Question == "stuck?" {
				<-ctx.Done()
				return nil, ctx.Err()
			}
			select {
			case <-release:
				return cited(q, "Done [1]"), nil
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		})
		b, _ := localBot(t, Config{}, ans)
		ctx := context.Background()
		finishing, stuck, late := discordtest.NewResponder(t), discordtest.NewResponder(t), discordtest.NewResponder(t)
		go b.HandleInteraction(ctx, discordtest.AskInteraction(1, here, "finish me?"), finishing)
		go b.HandleInteraction(ctx, discordtest.AskInteraction(2, here, "stuck?"), stuck)
		synctest.Wait()

		start := time.Now()
		grace, cancel := context.WithTimeout(ctx, 25*time.Second)
		defer cancel()
		shut := make(chan error, 1)
		go func() { shut <- b.Shutdown(grace) }()
		synctest.Wait()
		b.HandleInteraction(ctx, discordtest.AskInteraction(3, here, "too late?"), late)
		if !strings.Contains(late.Content(), "restarting") {
			t.Errorf("a question during shutdown: %s, want a refusal saying the bot is restarting", late)
		}
		close(release)
		synctest.Wait()
		if !strings.Contains(finishing.Content(), "Done [1]") {
			t.Errorf("the answer in flight: %s, want it finished", finishing)
		}
		if err := <-shut; !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Shutdown = %v, want DeadlineExceeded (an answer outlasted the grace)", err)
		}
		if d := time.Since(start); d != 25*time.Second {
			t.Errorf("Shutdown took %v, want the 25 s grace", d)
		}
		if !strings.Contains(stuck.Content(), "restarting") {
			t.Errorf("the answer cancelled at the end of the grace: %s, want a message saying so", stuck)
		}
		if err := b.Shutdown(ctx); err != nil {
			t.Errorf("a second Shutdown = %v, want nil", err)
		}
		if err := b.Run(ctx); !errors.Is(err, ErrBotClosed) {
			t.Errorf("Run after Shutdown = %v, want ErrBotClosed", err)
		}
	})
}

// TestAnswerTimeout: a model that outlasts its part of AnswerTimeout (the
// real engine, a local model that streams a few words, then hangs) is
// dropped by the engine for the quoted answer 5 s before the deadline, in
// one request, and what it was sent and streamed counts in the token
// metrics; an answer that cannot even be quoted in time ends in a short
// message at the deadline (in fake time).
func TestAnswerTimeout(t *testing.T) {
	t.Parallel()
	oai := openaitest.NewServer(t) // outside the bubble: it listens
	oai.HandleChat(func(openaitest.ChatRequest) openaitest.Reply {
		return openaitest.Reply{Chunks: []string{"Russian and U.S. ", "officials met ", "in Riyadh [1]."}, HangAfter: 2}
	})
	const question = "When did US and Russian officials meet in Saudi Arabia?"
	for _, c := range []struct {
		name  string
		model bool // the real engine, else one that never answers
		after time.Duration
		want  string
	}{
		{"quoted", true, 2*time.Minute - 5*time.Second, "Saudi Arabia"},
		{"nothing in time", false, 2 * time.Minute, "took too long"},
	} {
		t.Run(c.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var ans Answerer = answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
					if q.OnPartial != nil {
						q.OnPartial("The delegations met in")
					}
					<-ctx.Done()
					return nil, ctx.Err()
				})
				if c.model {
					ans = memLLMEngine(t, oai, 10*time.Minute) // the client's own timeout is not what ends it
				}
				m := metrics.New()
				b, logs := localBot(t, Config{Metrics: m}, ans)
				r := discordtest.NewResponder(t)
				before := len(oai.ChatRequests())
				start := time.Now()
				b.HandleInteraction(context.Background(), discordtest.AskInteraction(1, here, question), r)
				if d := time.Since(start); d != c.after {
					t.Errorf("the answer ended after %v, want %v (of the default 2 min)", d, c.after)
				}
				if !strings.Contains(r.Content(), c.want) {
					t.Errorf("timed-out answer: %s, want %q", r, c.want)
				}
				if c.model != strings.Contains(r.Content(), quotedNote) {
					t.Errorf("timed-out answer: %s; should it say the model was unavailable: %v", r, c.model)
				}
				if !c.model {
					if !strings.HasPrefix(r.Content(), "⚠️") {
						t.Errorf("timed-out answer: %s, want a short error", r)
					}
					return
				}
				if n := len(oai.ChatRequests()) - before; n != 1 {
					t.Errorf("%d requests to the model, want 1", n)
				}
				rec := httptest.NewRecorder()
				m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
				prompt, completion := tokenMetric(t, rec.Body.String(), "prompt"), tokenMetric(t, rec.Body.String(), "completion")
				// The prompt holds the articles around the passages: far more
				// than 100 tokens; two chunks streamed, about 8 tokens at four
				// characters a token.
				if prompt < 100 || completion < 2 || completion > 20 {
					t.Errorf("tokens counted: prompt %v, completion %v; want the prompt sent and the two chunks streamed", prompt, completion)
				}
				if !strings.Contains(logs.String(), "the model did not finish before the deadline") {
					t.Errorf("no log line says why the articles were quoted:\n%s", logs)
				}
			})
		})
	}
}

// tokenMetric is the value of talkbot_llm_tokens_total of kind in a
// Prometheus text exposition.
func tokenMetric(t *testing.T, exposition, kind string) float64 {
	t.Helper()
	prefix := `talkbot_llm_tokens_total{kind="` + kind + `"} `
	for line := range strings.Lines(exposition) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), prefix); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			return f
		}
	}
	t.Fatalf("no %s in the metrics", prefix)
	return 0
}

type ctxKey struct{}

// TestWorkContextFromCaller: the work behind an interaction runs under the
// caller's context (its values reach the Answerer; cancelling it cancels
// the answer), not under one the bot made for itself.
func TestWorkContextFromCaller(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		got := make(chan any, 1)
		ans := answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
			got <- ctx.Value(ctxKey{})
			<-ctx.Done()
			return nil, ctx.Err()
		})
		b, _ := localBot(t, Config{}, ans)
		ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "caller"))
		r := discordtest.NewResponder(t)
		done := make(chan struct{})
		go func() {
			b.HandleInteraction(ctx, discordtest.AskInteraction(1, here, "When did they meet?"), r)
			close(done)
		}()
		if v := <-got; v != "caller" {
			t.Errorf("the Answerer's context carries %v, want the caller's value", v)
		}
		start := time.Now()
		cancel()
		<-done
		if d := time.Since(start); d != 0 {
			t.Errorf("the answer ended %v after its caller's context, want at once", d)
		}
		if !strings.HasPrefix(r.Content(), "⚠️") {
			t.Errorf("the cancelled answer: %s, want an error message", r)
		}
	})
}

// TestRunTwice: a second Run while the first runs, and a Run after the
// shutdown, return errors instead of panicking; the gateway's work inherits
// Run's context values.
func TestRunTwice(t *testing.T) {
	t.Parallel()
	got := make(chan any, 1)
	ans := answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
		got <- ctx.Value(ctxKey{})
		return cited(q, "Met [1]."), nil
	})
	h := start(t, setup{ans: ans, ctx: context.WithValue(context.Background(), ctxKey{}, "run")})
	if err := h.bot.Run(context.Background()); !errors.Is(err, ErrRunning) {
		t.Errorf("a second Run = %v, want ErrRunning", err)
	}
	h.final(h.ask("300000000000000001", "When did they meet?"), "the answer", hasSources)
	if v := <-got; v != "run" {
		t.Errorf("the Answerer's context carries %v, want Run's value", v)
	}
	if err := h.stop(); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if err := h.bot.Run(context.Background()); !errors.Is(err, ErrBotClosed) {
		t.Errorf("Run after shutdown = %v, want ErrBotClosed", err)
	}
	if err := h.bot.Shutdown(context.Background()); err != nil {
		t.Errorf("Shutdown after Run returned = %v, want nil", err)
	}
}

// TestStopWhileRegistering: a bot stopped while its slash commands are
// still registering (the reply not in yet) stops as any other: it is closed
// afterwards, so a second Run refuses instead of connecting again.
func TestStopWhileRegistering(t *testing.T) {
	t.Parallel()
	hold := make(chan struct{})
	defer close(hold) // before the server closes: it waits for the held reply
	h := start(t, setup{srvOpts: discordtest.Options{HoldCommands: hold}})
	// start returns once the server has the commands; the bot still waits
	// for the reply.
	if err := h.stop(); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := h.bot.Run(ctx); !errors.Is(err, ErrBotClosed) {
		t.Errorf("Run after a stop during registration = %v, want ErrBotClosed", err)
	}
}

// TestGateFIFO: waiters get their slot in arrival order, and a waiter whose
// "you're queued" notice is still being sent keeps its place: a newcomer
// must not take the slot freed meanwhile.
func TestGateFIFO(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		g := newGate(1, 10)
		var mu sync.Mutex
		var order []int
		waiter := func(n int, queued func(int)) {
			rel, err := g.acquire(ctx, queued)
			if err != nil {
				t.Errorf("waiter %d: %v", n, err)
				return
			}
			mu.Lock()
			order = append(order, n)
			mu.Unlock()
			rel()
		}
		rel, _ := g.acquire(ctx, nil)
		notice := make(chan struct{})
		go waiter(1, func(int) { <-notice }) // its notice is slow to send
		synctest.Wait()
		rel()
		synctest.Wait()
		go waiter(2, nil) // arrives after the slot was freed
		synctest.Wait()
		close(notice)
		synctest.Wait()
		if !slices.Equal(order, []int{1, 2}) {
			t.Errorf("served in order %v, want [1 2]", order)
		}

		order = nil
		rel, _ = g.acquire(ctx, nil)
		var aheads []int
		for n := range 5 {
			go waiter(n, func(ahead int) { mu.Lock(); aheads = append(aheads, ahead); mu.Unlock() })
			synctest.Wait()
		}
		rel()
		synctest.Wait()
		if !slices.Equal(order, []int{0, 1, 2, 3, 4}) || !slices.Equal(aheads, []int{0, 1, 2, 3, 4}) {
			t.Errorf("served in order %v with %v ahead, want arrival order", order, aheads)
		}
	})
}
