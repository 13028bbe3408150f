package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/bot/metrics"
	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/bot/openaitest"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

// endpoint is a bot serving the HTTP interactions endpoint only (no
// gateway) against a local Discord for its webhook requests.
type endpoint struct {
	srv   *discordtest.Server
	bot   *Bot
	url   string
	key   ed25519.PrivateKey
	logs  *syncBuffer
	met   *metrics.Metrics
	where discordtest.Where
}

func startEndpoint(t *testing.T, cfg Config) *endpoint {
	t.Helper()
	return startEndpointWith(t, cfg, engine(t))
}

func startEndpointWith(t *testing.T, cfg Config, ans Answerer, tls ...Timeline) *endpoint {
	t.Helper()
	srv := discordtest.New(t, discordtest.Options{})
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	logs := newSyncBuffer()
	cfg.Token, cfg.APIURL = srv.Token, srv.URL
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if cfg.EditInterval == 0 {
		cfg.EditInterval = 20 * time.Millisecond
	}
	if cfg.Metrics == nil {
		cfg.Metrics = metrics.New()
	}
	cfg.PublicKey = pub
	if cfg.httpAckDeadline == 0 {
		cfg.httpAckDeadline = wait // a loaded machine under -race may take longer than Discord allows
	}
	var tl Timeline = testTimeline(t)
	if len(tls) > 0 {
		tl = tls[0]
	}
	b, err := New(cfg, ans, tl, testIndex(t).Corpus().Articles)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	hs := httptest.NewServer(b.InteractionsHandler(ctx))
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), wait)
		defer scancel()
		if err := b.Shutdown(sctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		cancel()
		hs.Close()
		if strings.Contains(logs.String(), "itoken-") {
			t.Errorf("an interaction token (a secret) appears in the logs")
		}
	})
	return &endpoint{srv: srv, bot: b, url: hs.URL + "/interactions", key: priv, logs: logs, met: cfg.Metrics,
		where: discordtest.Where{GuildID: "500000000000000001", ChannelID: "400000000000000001", UserID: "300000000000000001"}}
}

func (e *endpoint) deliver(t *testing.T, in discordtest.HTTPInteraction) discordtest.Delivery {
	t.Helper()
	d, err := e.srv.Deliver(http.DefaultClient, e.url, e.key, in)
	if err != nil || d.Response == nil {
		t.Fatalf("deliver: %v (status %d, body %s)", err, d.Status, d.Raw)
	}
	return d
}

func TestHTTPPing(t *testing.T) {
	t.Parallel()
	e := startEndpoint(t, Config{})
	req, _ := http.NewRequest("POST", e.url, bytes.NewReader(discordtest.Ping()))
	discordtest.SignRequest(req, e.key, discordtest.Ping(), time.Now())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got map[string]any
	json.NewDecoder(resp.Body).Decode(&got)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" || len(got) != 1 || got["type"] != 1.0 {
		t.Errorf("PING: %d %q %v, want 200 {\"type\":1}", resp.StatusCode, resp.Header.Get("Content-Type"), got)
	}
}

// TestHTTPRefused: unsigned, wrongly signed, replayed and oversized requests
// never reach a handler.
func TestHTTPRefused(t *testing.T) {
	t.Parallel()
	e := startEndpoint(t, Config{})
	_, otherKey, _ := ed25519.GenerateKey(nil)
	in := e.srv.HTTPCommand(e.where, "help")
	cases := []struct {
		name   string
		method string
		body   []byte
		sign   func(r *http.Request, body []byte)
		status int
	}{
		{"unsigned", "POST", in.Body, func(*http.Request, []byte) {}, 401},
		{"another key", "POST", in.Body, func(r *http.Request, b []byte) { discordtest.SignRequest(r, otherKey, b, time.Now()) }, 401},
		{"replayed", "POST", in.Body, func(r *http.Request, b []byte) { discordtest.SignRequest(r, e.key, b, time.Now().Add(-6*time.Minute)) }, 401},
		{"too large", "POST", bytes.Repeat([]byte(" "), 65<<10), func(r *http.Request, b []byte) { discordtest.SignRequest(r, e.key, b, time.Now()) }, 413},
		{"GET", "GET", nil, func(*http.Request, []byte) {}, 405},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, e.url, bytes.NewReader(c.body))
		c.sign(req, c.body)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("%s: %d, want %d", c.name, resp.StatusCode, c.status)
		}
	}
	if in := e.srv.Interaction(in.Token); !in.AckedAt.IsZero() {
		t.Error("a refused request was answered")
	}
}

// TestHTTPAsk: /ask through the endpoint is acknowledged in the HTTP
// response (deferred), then answered through the webhook with sources and
// no mentions (discordtest rejects any message without empty
// allowed_mentions).
func TestHTTPAsk(t *testing.T) {
	t.Parallel()
	e := startEndpoint(t, Config{})
	in := e.srv.HTTPCommand(e.where, "ask", discordtest.Option{Name: "question", Value: "Where did US and Russian officials meet on February 18?"})
	d := e.deliver(t, in)
	if d.Status != 200 || d.Response.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("HTTP response %d %s, want 200 and a deferred acknowledgement", d.Status, d.Raw)
	}
	m := (&harness{t: t, srv: e.srv}).final(in.Token, "the answer", hasSources)
	if !strings.Contains(m.Content, "Saudi Arabia") || !strings.Contains(m.Content, "[1]") {
		t.Errorf("answer %q", m.Content)
	}
	for _, c := range e.srv.Calls() {
		if strings.Contains(c.Path, "/callback") {
			t.Errorf("an HTTP interaction was also answered through the callback endpoint: %s %s", c.Method, c.Path)
		}
	}
	e.logs.waitFor(t, 1, `"msg":"answered"`) // logged after the metrics
	rec := httptest.NewRecorder()
	e.met.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, want := range []string{
		`talkbot_ack_latency_seconds_count{source="http"} 1`,
		`talkbot_questions_total{outcome="answered",source="http"} 1`,
	} {
		if !strings.Contains(rec.Body.String(), want+"\n") {
			t.Errorf("metrics lack %q", want)
		}
	}
}

// TestHTTPImmediate: commands that answer at once do it in the HTTP
// response; autocomplete too.
func TestHTTPImmediate(t *testing.T) {
	t.Parallel()
	e := startEndpoint(t, Config{})
	topics := testTimeline(t).Topics("", 1)
	if len(topics) == 0 {
		t.Fatal("the seed timeline has no topics")
	}
	cases := []struct {
		name string
		in   discordtest.HTTPInteraction
		typ  discordgo.InteractionResponseType
		want string
	}{
		{"help", e.srv.HTTPCommand(e.where, "help"), discordgo.InteractionResponseChannelMessageWithSource, "/ask"},
		{"sources", e.srv.HTTPCommand(e.where, "sources"), discordgo.InteractionResponseChannelMessageWithSource, "Preparations for Trump-Putin summit"},
		{"empty question", e.srv.HTTPCommand(e.where, "ask", discordtest.Option{Name: "question", Value: "  "}), discordgo.InteractionResponseChannelMessageWithSource, "Please ask a question"},
		{"emoji question", e.srv.HTTPCommand(e.where, "ask", discordtest.Option{Name: "question", Value: "👍?"}), discordgo.InteractionResponseChannelMessageWithSource, "Please ask a question in words"},
		{"autocomplete", e.srv.HTTPAutocomplete(e.where, "timeline", discordtest.Option{Name: "topic", Value: topics[0][:2], Focused: true}),
			discordgo.InteractionApplicationCommandAutocompleteResult, `"name":"` + topics[0] + `"`},
	}
	for _, c := range cases {
		d := e.deliver(t, c.in)
		if d.Status != 200 || d.Response.Type != c.typ || !strings.Contains(string(d.Raw), c.want) {
			t.Errorf("%s: %d type %d %s; want type %d with %q", c.name, d.Status, d.Response.Type, d.Raw, c.typ, c.want)
		}
		if c.typ == discordgo.InteractionResponseChannelMessageWithSource && !strings.Contains(string(d.Raw), `"allowed_mentions":{"parse":[],`) {
			t.Errorf("%s: response without empty allowed_mentions: %s", c.name, d.Raw)
		}
	}
}

// TestHTTPMetricsLLM: an LLM answer through the endpoint counts its tokens
// and its retried request.
func TestHTTPMetricsLLM(t *testing.T) {
	t.Parallel()
	oai := openaitest.NewServer(t)
	oai.QueueChat(openaitest.ServerError(503), openaitest.Text("Russian and U.S. representatives met in Saudi Arabia on Feb. 18 [1]."))
	engine := bot.New(testIndex(t), bot.Options{LLM: &bot.LLMConfig{
		Endpoint: openaiapi.Endpoint{APIKey: "sk-test-metrics-0123456789", BaseURL: oai.BaseURL()}, Model: "test-model",
		Retry: openaiapi.Retry{MaxRetries: 1, BaseDelay: time.Millisecond},
	}})
	e := startEndpointWith(t, Config{}, engine)
	in := e.srv.HTTPCommand(e.where, "ask", discordtest.Option{Name: "question", Value: "Where did US and Russian officials meet on February 18?"})
	e.deliver(t, in)
	(&harness{t: t, srv: e.srv}).final(in.Token, "the answer", hasSources)
	e.logs.waitFor(t, 1, `"msg":"answered"`)
	rec := httptest.NewRecorder()
	e.met.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body := rec.Body.String()
	if !strings.Contains(body, "talkbot_llm_retries_total 1\n") {
		t.Errorf("metrics lack one retry:\n%s", grepLines(body, "talkbot_llm"))
	}
	if strings.Contains(body, `talkbot_llm_tokens_total{kind="prompt"} 0`+"\n") || strings.Contains(body, `talkbot_llm_tokens_total{kind="completion"} 0`+"\n") {
		t.Errorf("no tokens counted:\n%s", grepLines(body, "talkbot_llm"))
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestHTTPTimelinePages: /timeline over HTTP is acknowledged in the HTTP
// response and its page (with its picture) follows through the webhook;
// a page button pressed over HTTP turns the page the same way.
func TestHTTPTimelinePages(t *testing.T) {
	t.Parallel()
	ft := &fakeTimeline{events: testEvents(40), topics: []string{"Riyadh"}, got: make(chan timeline.Filter, 10)}
	e := startEndpointWith(t, Config{}, engine(t), ft)
	in := e.srv.HTTPCommand(e.where, "timeline", discordtest.Option{Name: "topic", Value: "Riyadh"})
	if d := e.deliver(t, in); d.Response.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("/timeline over HTTP: %s, want a deferred acknowledgement", d.Raw)
	}
	h := &harness{t: t, srv: e.srv}
	m := h.final(in.Token, "page 1", hasSources)
	next, ok := buttons(m)["Next ▶"]
	if !ok || len(m.Attachments) != 1 {
		t.Fatalf("page 1: buttons %v, %d attachments", buttons(m), len(m.Attachments))
	}
	click := e.srv.HTTPClick(e.where, m.ID, next.CustomID)
	if d := e.deliver(t, click); d.Response.Type != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Fatalf("page button over HTTP: %s, want a deferred update", d.Raw)
	}
	e.srv.Wait(wait, "page 2", func() bool { return !strings.Contains(e.srv.Message(m.ID).Content, "Event 0:") })
	if p2 := e.srv.Message(m.ID); len(p2.Attachments) != 1 || p2.Content == m.Content {
		t.Errorf("page 2: %d attachments, content %q", len(p2.Attachments), p2.Content)
	}
}

// slowTopics is a timeline whose suggestions take until released.
type slowTopics struct {
	*fakeTimeline
	release chan struct{}
}

func (s slowTopics) Topics(prefix string, limit int) []string {
	<-s.release
	return s.fakeTimeline.Topics(prefix, limit)
}

// TestHTTPNoResponseInTime: a handler that has not responded when Discord's
// 3 s are nearly up gets a 503, not a hung request, and its late response
// is dropped without harm.
func TestHTTPNoResponseInTime(t *testing.T) {
	t.Parallel()
	slow := slowTopics{fakeTimeline: &fakeTimeline{topics: []string{"Riyadh"}}, release: make(chan struct{})}
	e := startEndpointWith(t, Config{httpAckDeadline: 50 * time.Millisecond}, engine(t), slow)
	in := e.srv.HTTPAutocomplete(e.where, "timeline", discordtest.Option{Name: "topic", Value: "Ri", Focused: true})
	d, err := e.srv.Deliver(http.DefaultClient, e.url, e.key, in)
	close(slow.release)
	if err != nil || d.Status != http.StatusServiceUnavailable {
		t.Fatalf("slow handler: %v, status %d %s; want 503", err, d.Status, d.Raw)
	}
	e.logs.waitFor(t, 1, "no response within Discord's 3 s")
}

// TestHTTPInteractionsNotHandled: a signed interaction the bot has no
// handler for is answered clearly and logged as a warning, never a 500:
// a known type it does not use (a modal submit: it opens no forms) gets
// the ephemeral reply an unknown command gets, mentions suppressed; a type
// Discord may add gets 400, with no response tried.
func TestHTTPInteractionsNotHandled(t *testing.T) {
	t.Parallel()
	e := startEndpoint(t, Config{})
	for _, tt := range []struct {
		name    string
		typ     discordgo.InteractionType
		data    map[string]any
		status  int
		reply   string // the ephemeral reply's text, for a 200
		body    string // the response body, for a 400
		logLine []string
	}{
		{name: "modal submit", typ: discordgo.InteractionModalSubmit,
			data:   map[string]any{"custom_id": "feedback:1", "components": []any{}},
			status: 200, reply: "That isn't supported. Try /help.",
			logLine: []string{`"level":"WARN"`, `"msg":"interaction not supported"`, `"type":5`, `"custom_id":"feedback:1"`}},
		{name: "unknown type", typ: 99, data: map[string]any{"custom_id": "x"},
			status: 400, body: "unknown interaction type 99\n",
			logLine: []string{`"level":"WARN"`, `"msg":"interaction of an unknown type refused; a newer talkbot may handle it"`, `"type":99`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := e.srv.HTTPOfType(e.where, tt.typ, tt.data)
			d, err := e.srv.Deliver(http.DefaultClient, e.url, e.key, in)
			if err != nil || d.Status != tt.status {
				t.Fatalf("status %d %v (%s), want %d", d.Status, err, d.Raw, tt.status)
			}
			if tt.status != 200 {
				if string(d.Raw) != tt.body {
					t.Errorf("body %q, want %q", d.Raw, tt.body)
				}
				if it := e.srv.Interaction(in.Token); it == nil || !it.AckedAt.IsZero() {
					t.Errorf("the interaction was answered: %+v", it)
				}
			} else {
				r := d.Response
				if r == nil || r.Type != discordgo.InteractionResponseChannelMessageWithSource || r.Data == nil ||
					r.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(r.Data.Content, tt.reply) {
					t.Errorf("response %s, want an ephemeral %q", d.Raw, tt.reply)
				}
				var raw struct {
					Data struct {
						AllowedMentions *struct {
							Parse []string `json:"parse"`
						} `json:"allowed_mentions"`
					} `json:"data"`
				}
				if json.Unmarshal(d.Raw, &raw); raw.Data.AllowedMentions == nil || raw.Data.AllowedMentions.Parse == nil || len(raw.Data.AllowedMentions.Parse) != 0 {
					t.Errorf("response %s does not suppress mentions (allowed_mentions.parse = [])", d.Raw)
				}
			}
			e.logs.waitFor(t, 1, tt.logLine...)
		})
	}
}

// TestGatewayInteractionsNotHandled: over the gateway, the same handler
// answers a modal submit as over HTTP, and leaves a type Discord may add
// unanswered (no response type is known to fit it), with a warning each.
func TestGatewayInteractionsNotHandled(t *testing.T) {
	t.Parallel()
	e := startEndpoint(t, Config{})
	for n, tt := range []struct {
		name    string
		typ     discordgo.InteractionType
		data    discordgo.InteractionData
		reply   string // "": no response
		logLine []string
	}{
		{"modal submit", discordgo.InteractionModalSubmit, discordgo.ModalSubmitInteractionData{CustomID: "feedback:1"},
			"That isn't supported. Try /help.", []string{`"level":"WARN"`, `"msg":"interaction not supported"`, `"type":5`}},
		{"unknown type", 99, nil, "", []string{`"level":"WARN"`, `"msg":"interaction of an unknown type not answered"`, `"type":99`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := discordtest.NewResponder(t)
			e.bot.HandleInteraction(context.Background(), discordtest.NewInteraction(n, e.where, tt.typ, tt.data), r)
			resp := r.Response()
			switch {
			case tt.reply == "" && resp != nil:
				t.Errorf("answered: %s", r)
			case tt.reply != "" && (resp == nil || resp.Data == nil || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(resp.Data.Content, tt.reply)):
				t.Errorf("%s, want an ephemeral %q", r, tt.reply)
			}
			e.logs.waitFor(t, 1, tt.logLine...)
		})
	}
}
