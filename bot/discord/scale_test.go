package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/bot/metrics"
)

func TestScaleFromEnv(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(nil)
	key := hex.EncodeToString(pub)
	cases := []struct {
		env  map[string]string
		want func(Config) bool
		err  string
	}{
		{map[string]string{}, func(c Config) bool { return !c.NoGateway && c.ShardCount == 0 && c.PublicKey == nil }, ""},
		{map[string]string{"DISCORD_SHARD_ID": "1", "DISCORD_SHARD_COUNT": "4"}, func(c Config) bool { return c.ShardID == 1 && c.ShardCount == 4 }, ""},
		{map[string]string{"DISCORD_SHARD_COUNT": "Auto"}, func(c Config) bool { return c.ShardCount == ShardAuto }, ""},
		{map[string]string{"DISCORD_GATEWAY": "false", "DISCORD_PUBLIC_KEY": key, "DISCORD_APPLICATION_ID": "100000000000000002"},
			func(c Config) bool {
				return c.NoGateway && c.PublicKey.Equal(pub) && c.ApplicationID == "100000000000000002"
			}, ""},
		{map[string]string{"DISCORD_SHARD_ID": "4", "DISCORD_SHARD_COUNT": "4"}, nil, "DISCORD_SHARD_ID: 4 is not below DISCORD_SHARD_COUNT (4)"},
		{map[string]string{"DISCORD_SHARD_ID": "1"}, nil, "DISCORD_SHARD_ID: 1 is not below DISCORD_SHARD_COUNT (1)"},
		{map[string]string{"DISCORD_SHARD_ID": "1", "DISCORD_SHARD_COUNT": "auto"}, nil, "DISCORD_SHARD_ID: with DISCORD_SHARD_COUNT=auto"},
		{map[string]string{"DISCORD_SHARD_COUNT": "many"}, nil, `DISCORD_SHARD_COUNT: "many" is not a whole number from 1 to 100000, or auto`},
		{map[string]string{"DISCORD_GATEWAY": "OFF", "DISCORD_PUBLIC_KEY": key}, func(c Config) bool { return c.NoGateway }, ""},
		{map[string]string{"DISCORD_GATEWAY": " Yes "}, func(c Config) bool { return !c.NoGateway }, ""},
		// The value as given (it was lowered), and the words taken.
		{map[string]string{"DISCORD_GATEWAY": "Maybe"}, nil, `DISCORD_GATEWAY: "Maybe" is not yes or no: use 1, true, yes or on for yes, 0, false, no or off for no`},
		{map[string]string{"DISCORD_GATEWAY": "false"}, nil, "DISCORD_GATEWAY=false needs DISCORD_PUBLIC_KEY"},
		{map[string]string{"DISCORD_PUBLIC_KEY": "abc"}, nil, "DISCORD_PUBLIC_KEY: not a public key"},
		{map[string]string{"DISCORD_APPLICATION_ID": "app"}, nil, `DISCORD_APPLICATION_ID: "app" is not a Discord id`},
		{map[string]string{"DISCORD_APPLICATION_ID": "123"}, nil, `DISCORD_APPLICATION_ID: "123" is not a Discord id: it has 3 digits, Discord ids have 17 to 20`},
	}
	for _, c := range cases {
		env := map[string]string{"DISCORD_TOKEN": "t"}
		for k, v := range c.env {
			env[k] = v
		}
		cfg, err := ConfigFromEnv(func(k string) string { return env[k] })
		switch {
		case c.err != "" && (err == nil || !strings.HasPrefix(err.Error(), c.err)):
			t.Errorf("%v: error %v, want %q", c.env, err, c.err)
		case c.err == "" && err != nil:
			t.Errorf("%v: %v", c.env, err)
		case c.err == "" && !c.want(cfg):
			t.Errorf("%v: config %+v", c.env, cfg)
		}
	}
}

// TestShardIdentify: a process configured as shard 1 of 2 identifies with
// [1, 2].
func TestShardIdentify(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: Config{ShardID: 1, ShardCount: 2}})
	if got := h.srv.Shards(); !slices.Equal(got, [][2]int{{1, 2}}) {
		t.Errorf("IDENTIFY shards %v, want [[1 2]]", got)
	}
	if err := h.bot.GatewayReady(context.Background()); err != nil {
		t.Errorf("GatewayReady: %v", err)
	}
}

// TestShardAuto: DISCORD_SHARD_COUNT=auto runs every shard GET /gateway/bot
// recommends in this process.
func TestShardAuto(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: Config{ShardCount: ShardAuto}, srvOpts: discordtest.Options{Shards: 3, MaxConcurrency: 3}})
	got := h.srv.Shards()
	slices.SortFunc(got, func(a, b [2]int) int { return a[0] - b[0] })
	if !slices.Equal(got, [][2]int{{0, 3}, {1, 3}, {2, 3}}) {
		t.Errorf("IDENTIFY shards %v, want [0 3], [1 3], [2 3]", got)
	}
	if err := h.bot.GatewayReady(context.Background()); err != nil {
		t.Errorf("GatewayReady: %v", err)
	}
}

// TestShardAutoConcurrency: with max_concurrency 2, four shards identify
// two at a time, a whole identify window apart.
func TestShardAutoConcurrency(t *testing.T) {
	t.Parallel()
	const window = 300 * time.Millisecond
	h := start(t, setup{cfg: Config{ShardCount: ShardAuto, identifyWindow: window}, srvOpts: discordtest.Options{Shards: 4, MaxConcurrency: 2}})
	shards, at := h.srv.Shards(), h.srv.IdentifyTimes()
	if len(shards) != 4 {
		t.Fatalf("IDENTIFY shards %v, want 4", shards)
	}
	group := func(i int) int { return shards[i][0] / 2 } // shards 0,1 first, then 2,3
	for i := range shards {
		for j := range shards {
			if group(i) == 0 && group(j) == 1 && at[j].Sub(at[i]) < window {
				t.Errorf("shard %v identified %v after shard %v, want at least the window of %v", shards[j], at[j].Sub(at[i]), shards[i], window)
			}
		}
	}
	if err := h.bot.GatewayReady(context.Background()); err != nil {
		t.Errorf("GatewayReady: %v", err)
	}
}

// TestUnsharded: without shard settings IDENTIFY carries no shard field.
func TestUnsharded(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	if got := h.srv.Shards(); !slices.Equal(got, [][2]int{{0, 1}}) {
		t.Errorf("IDENTIFY shards %v, want none ([0 1])", got)
	}
}

// TestRunHTTP: without a gateway, the bot looks its application id up once,
// registers the commands and never connects to the gateway.
func TestRunHTTP(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})
	pub, _, _ := ed25519.GenerateKey(nil)
	b, err := New(Config{Token: srv.Token, APIURL: srv.URL, GuildID: "500000000000000001", NoGateway: true, PublicKey: pub, Logger: slog.New(slog.DiscardHandler)},
		engine(t), testTimeline(t), testIndex(t).Corpus().Articles)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.RunHTTP(ctx) }()
	srv.Wait(wait, "command registration", func() bool { _, ok := srv.Commands("500000000000000001"); return ok })
	cancel()
	if err := <-done; err != nil {
		t.Errorf("RunHTTP: %v", err)
	}
	if g := srv.Gateway(); g.Connections != 0 {
		t.Errorf("%d gateway connections, want none", g.Connections)
	}
	lookups := 0
	for _, c := range srv.Calls() {
		if strings.HasSuffix(c.Path, "/applications/@me") {
			lookups++
		}
	}
	if lookups != 1 {
		t.Errorf("%d application lookups, want 1", lookups)
	}
	if b.GatewayReady(context.Background()) == nil {
		t.Error("GatewayReady without a gateway")
	}
}

// TestGatewayMetrics: questions from slash commands and mentions over the
// gateway are counted by source and outcome, a refused one as rate_limited.
func TestGatewayMetrics(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	h := start(t, setup{cfg: Config{Metrics: m, RatePerMinute: 1}})
	tok := h.ask("300000000000000001", "Where did US and Russian officials meet on February 18?")
	h.final(tok, "the answer", hasSources)
	refused := h.ask("300000000000000001", "When will Trump and Putin meet?")
	h.final(refused, "the rate-limit notice", func(m *discordtest.Message) bool { return strings.Contains(m.Content, "try again in") })
	w := h.where
	w.UserID = "300000000000000002"
	h.srv.Send(discordtest.Post{Where: w, Content: h.srv.Mention() + " where did they meet on February 18?", MentionBot: true})
	h.logs.waitFor(t, 2, `"msg":"answered"`)
	// "answered" is logged before the answer's deferred in-flight decrement
	// runs; a stopped bot has finished every answer (Shutdown waits for the
	// work in flight), so the gauges are final.
	if err := h.stop(); err != nil {
		t.Fatalf("Run returned %v after shutdown, want nil", err)
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, want := range []string{
		`talkbot_questions_total{outcome="answered",source="slash"} 1`,
		`talkbot_questions_total{outcome="rate_limited",source="slash"} 1`,
		`talkbot_questions_total{outcome="answered",source="mention"} 1`,
		`talkbot_ack_latency_seconds_count{source="slash"} 1`,
		`talkbot_ack_latency_seconds_count{source="mention"} 1`,
		`talkbot_answer_latency_seconds_count{source="mention"} 1`,
		`talkbot_answers_in_flight 0`,
		`talkbot_queue_depth 0`,
	} {
		if !strings.Contains(rec.Body.String(), want+"\n") {
			t.Errorf("metrics lack %q:\n%s", want, grepLines(rec.Body.String(), "talkbot_"))
		}
	}
}
