package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord/discordtest"
)

// fakeREST plays Discord's REST API in memory (no sockets, so it works in
// a synctest bubble): command registration, and the interaction webhook,
// whose edits it keeps by interaction token.
type fakeREST struct {
	mu    sync.Mutex
	edits map[string]string // token → the original message's last content, embeds' descriptions included
	// patchDelay is how long an edit takes (fake time); a request whose
	// context ends first fails, as on the wire.
	patchDelay time.Duration
}

func (f *fakeREST) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == "PATCH" && f.patchDelay > 0 {
		select {
		case <-time.After(f.patchDelay):
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
	}
	body, _ := io.ReadAll(r.Body)
	reply := func(s string) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(s)), Request: r}, nil
	}
	path := r.URL.Path
	switch {
	case r.Method == "PUT" && strings.HasSuffix(path, "/commands"):
		return reply("[]")
	case strings.Contains(path, "/webhooks/"):
		parts := strings.Split(path, "/")
		token := ""
		for i, p := range parts {
			if p == "webhooks" && i+2 < len(parts) {
				token = parts[i+2]
			}
		}
		var m struct {
			Content string `json:"content"`
			Embeds  []struct {
				Description string `json:"description"`
			} `json:"embeds"`
		}
		json.Unmarshal(body, &m)
		text := m.Content
		for _, e := range m.Embeds {
			text += "\n" + e.Description
		}
		if r.Method == "PATCH" {
			f.mu.Lock()
			f.edits[token] = text
			f.mu.Unlock()
		}
		return reply(`{"id":"600000000000000001","channel_id":"400000000000000001","content":""}`)
	}
	return &http.Response{StatusCode: 404, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{"message":"Unknown","code":0}`)), Request: r}, nil
}

func (f *fakeREST) original(token string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.edits[token]
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
		b, logs := localBot(t, Config{NoGateway: true, PublicKey: pub, ApplicationID: "100000000000000002", ShutdownGrace: grace}, ans)
		rest := &fakeREST{edits: map[string]string{}}
		b.session.Client = &http.Client{Transport: rest}

		ctx, stop := context.WithCancel(context.Background()) // serve's signal context
		defer stop()
		ran := make(chan error, 1)
		go func() { ran <- b.RunHTTP(ctx) }()
		h := b.InteractionsHandler(ctx)
		synctest.Wait()

		deliver := func(n int, question string) (string, *discordgo.InteractionResponse) {
			t.Helper()
			return postAsk(t, h, priv, n, question)
		}
		finishing, r := deliver(1, "finish me?")
		if r.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("/ask over HTTP answered with type %d, want a deferred response", r.Type)
		}
		stuck, _ := deliver(2, "stuck?")
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
		if _, r := deliver(3, "too late?"); r.Type != discordgo.InteractionResponseChannelMessageWithSource ||
			r.Data == nil || !strings.Contains(r.Data.Content+descriptions(r.Data.Embeds), "restarting") || r.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("a question during the shutdown: %+v, want an ephemeral refusal saying the bot is restarting", r.Data)
		}

		time.Sleep(10 * time.Second) // fake time: well inside the grace
		close(release)
		synctest.Wait()
		if got := rest.original(finishing); !strings.Contains(got, "Done [1]") {
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
		if got := rest.original(stuck); !strings.Contains(got, "restarting") {
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
		b, _ := localBot(t, Config{NoGateway: true, PublicKey: pub, ApplicationID: "100000000000000002", AnswerTimeout: timeout}, ans)
		rest := &fakeREST{edits: map[string]string{}, patchDelay: time.Second}
		b.session.Client = &http.Client{Transport: rest}
		ctx, stop := context.WithCancel(context.Background())
		ran := make(chan error, 1)
		go func() { ran <- b.RunHTTP(ctx) }()
		h := b.InteractionsHandler(ctx)
		synctest.Wait()
		token, _ := postAsk(t, h, priv, 1, "when did they meet?")
		time.Sleep(timeout + 5*time.Second)
		synctest.Wait()
		if got := rest.original(token); !strings.Contains(got, "Done [1]") {
			t.Errorf("the answer made before its deadline: %q, want it posted", got)
		}
		stop()
		if err := <-ran; err != nil {
			t.Errorf("RunHTTP = %v", err)
		}
	})
}

// postAsk delivers a signed /ask to the interactions endpoint h and returns
// its token and the endpoint's response.
func postAsk(t *testing.T, h http.Handler, priv ed25519.PrivateKey, n int, question string) (string, *discordgo.InteractionResponse) {
	t.Helper()
	in := discordtest.AskInteraction(n, here, question)
	in.AppID = "100000000000000002"
	body, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", "/interactions", bytes.NewReader(body))
	discordtest.SignRequest(req, priv, body, time.Now())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var resp discordgo.InteractionResponse
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &resp) != nil {
		t.Fatalf("/ask %q over HTTP: %d %s", question, rec.Code, rec.Body)
	}
	return in.Token, &resp
}

func descriptions(es []*discordgo.MessageEmbed) string {
	var s string
	for _, e := range es {
		s += e.Description
	}
	return s
}
