package discord

import (
	"context"
	"crypto/ed25519"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord/discordtest"
)

// restBot is a bot of localBot serving the interactions endpoint only,
// its REST requests served in memory by srv (made outside the bubble, as
// it listens), so that it runs inside a testing/synctest bubble.
func restBot(t *testing.T, srv *discordtest.Server, cfg Config, ans Answerer) (*Bot, *syncBuffer) {
	t.Helper()
	cfg.NoGateway, cfg.ApplicationID = true, srv.AppID
	b, logs := localBot(t, cfg, ans)
	b.session.Client = &http.Client{Transport: srv.Transport()}
	return b, logs
}

// originalText is the interaction's original response as the server holds
// it after all edits: its content and its embeds' descriptions.
func originalText(srv *discordtest.Server, token string) string {
	m := srv.Original(token)
	if m == nil {
		return ""
	}
	return m.Content + "\n" + descriptions(m.Embeds)
}

// TestHTTPShutdownGrace: serving the interactions endpoint as serve does
// (RunHTTP and InteractionsHandler given the same context, which a signal
// cancels), an answer delivered over HTTP and in flight when the context
// ends gets the shutdown grace to finish, as a gateway-delivered one does;
// one that outlasts the grace is cancelled when the grace is over, and its
// user is told. New interactions meanwhile are refused politely. In fake
// time.
func TestHTTPShutdownGrace(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{Token: localToken})
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var mu sync.Mutex
		cancelledAt := map[string]time.Time{}
		ans := answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
			if q.Question != "stuck?" {
				select {
				case <-release:
					return cited(q, "Done [1]"), nil
				case <-ctx.Done():
				}
			} else {
				<-ctx.Done()
			}
			mu.Lock()
			cancelledAt[q.Question] = time.Now()
			mu.Unlock()
			return nil, ctx.Err()
		})
		pub, priv, err := ed25519.GenerateKey(nil)
		if err != nil {
			t.Fatal(err)
		}
		const grace = 25 * time.Second
		b, logs := restBot(t, srv, Config{PublicKey: pub, ShutdownGrace: grace}, ans)

		ctx, stop := context.WithCancel(context.Background()) // serve's signal context
		defer stop()
		ran := make(chan error, 1)
		go func() { ran <- b.RunHTTP(ctx) }()
		h := b.InteractionsHandler(ctx)
		synctest.Wait()

		deliver := func(question string) (string, *discordgo.InteractionResponse) {
			t.Helper()
			return postAsk(t, srv, h, priv, question)
		}
		finishing, r := deliver("finish me?")
		if r.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("/ask over HTTP answered with type %d, want a deferred response", r.Type)
		}
		stuck, _ := deliver("stuck?")
		synctest.Wait()

		start := time.Now()
		stop() // SIGTERM
		synctest.Wait()
		logs.waitFor(t, 1, "shutting down", `"in_flight":2`)
		mu.Lock()
		early := len(cancelledAt)
		mu.Unlock()
		if early != 0 {
			t.Errorf("%d answers delivered over HTTP were cancelled as the shutdown began, want them given the %v grace", early, grace)
		}
		if _, r := deliver("too late?"); r.Type != discordgo.InteractionResponseChannelMessageWithSource ||
			r.Data == nil || !strings.Contains(r.Data.Content+descriptions(r.Data.Embeds), "restarting") || r.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("a question during the shutdown: %+v, want an ephemeral refusal saying the bot is restarting", r.Data)
		}

		time.Sleep(10 * time.Second) // fake time: well inside the grace
		close(release)
		synctest.Wait()
		if got := originalText(srv, finishing); !strings.Contains(got, "Done [1]") {
			t.Errorf("the answer in flight at shutdown: %q, want it finished within the grace", got)
		}

		if err := <-ran; err != nil {
			t.Errorf("RunHTTP = %v, want nil", err)
		}
		mu.Lock()
		at, ok := cancelledAt["stuck?"]
		mu.Unlock()
		if !ok || at.Sub(start) != grace {
			t.Errorf("the answer outlasting the grace was cancelled %v after the signal (cancelled: %v), want at the %v grace", at.Sub(start), ok, grace)
		}
		if got := originalText(srv, stuck); !strings.Contains(got, "restarting") {
			t.Errorf("the answer cancelled at the end of the grace: %q, want a message saying so", got)
		}
	})
}

// TestAnswerPostedPastItsDeadline: an answer made just before the answer
// deadline is still posted when posting takes longer than what is left
// (Discord's rate-limit wait): the deadline bounds making it, not showing
// it. In fake time.
func TestAnswerPostedPastItsDeadline(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{Token: localToken, EditDelay: time.Second})
	synctest.Test(t, func(t *testing.T) {
		const timeout = 5 * time.Second
		ans := answerFunc(func(ctx context.Context, q bot.Query) (*bot.Answer, error) {
			d, _ := ctx.Deadline()
			time.Sleep(time.Until(d) - 100*time.Millisecond) // done with 0.1 s to spare
			return cited(q, "Done [1]"), nil
		})
		pub, priv, err := ed25519.GenerateKey(nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := restBot(t, srv, Config{PublicKey: pub, AnswerTimeout: timeout}, ans)
		ctx, stop := context.WithCancel(context.Background())
		ran := make(chan error, 1)
		go func() { ran <- b.RunHTTP(ctx) }()
		h := b.InteractionsHandler(ctx)
		synctest.Wait()
		token, _ := postAsk(t, srv, h, priv, "when did they meet?")
		time.Sleep(timeout + 5*time.Second)
		synctest.Wait()
		if got := originalText(srv, token); !strings.Contains(got, "Done [1]") {
			t.Errorf("the answer made before its deadline: %q, want it posted", got)
		}
		stop()
		if err := <-ran; err != nil {
			t.Errorf("RunHTTP = %v", err)
		}
	})
}

// postAsk delivers a signed /ask to the interactions endpoint h, in memory,
// as srv's Discord would (so the bot's edits through the webhook are
// checked as after a callback), and returns its token and the endpoint's
// response.
func postAsk(t *testing.T, srv *discordtest.Server, h http.Handler, priv ed25519.PrivateKey, question string) (string, *discordgo.InteractionResponse) {
	t.Helper()
	in := srv.HTTPCommand(here, "ask", discordtest.Option{Name: "question", Value: question})
	d, err := srv.Deliver(discordtest.HandlerClient(h), "http://talkbot.test/interactions", priv, in)
	if err != nil || d.Status != 200 || d.Response == nil {
		t.Fatalf("/ask %q over HTTP: %v, %d %s", question, err, d.Status, d.Raw)
	}
	return in.Token, d.Response
}

func descriptions(es []*discordgo.MessageEmbed) string {
	var s string
	for _, e := range es {
		s += e.Description
	}
	return s
}
