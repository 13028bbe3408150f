package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord"
	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/bot/metrics"
	"github.com/talkbot/talkbot/bot/shared/redistest"
)

func TestScaleConfigErrors(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"TALKBOT_HTTP_ADDR": "8080"}, `TALKBOT_HTTP_ADDR: "8080" is not a listen address`},
		{map[string]string{"TALKBOT_METRICS_ADDR": "localhost"}, `TALKBOT_METRICS_ADDR: "localhost" is not a listen address`},
		{map[string]string{"TALKBOT_HTTP_ADDR": ":99999"}, `TALKBOT_HTTP_ADDR: ":99999" has no valid port`},
		{map[string]string{"TALKBOT_HTTP_ADDR": ":abc"}, `TALKBOT_HTTP_ADDR: ":abc" has no valid port`},
		{map[string]string{"TALKBOT_HTTP_ADDR": "127.0.0.1:-1"}, `TALKBOT_HTTP_ADDR: "127.0.0.1:-1" has no valid port`},
		{map[string]string{"TALKBOT_METRICS_ADDR": ":65536"}, `TALKBOT_METRICS_ADDR: ":65536" has no valid port`},
		{map[string]string{"TALKBOT_HTTP_ADDR": ":8080", "TALKBOT_METRICS_ADDR": ":9090"}, "set either TALKBOT_HTTP_ADDR or TALKBOT_METRICS_ADDR"},
		{map[string]string{"REDIS_URL": "http://u:hunter2@redis:6379"}, "REDIS_URL: "},
		{map[string]string{"DISCORD_GATEWAY": "false", "DISCORD_PUBLIC_KEY": strings.Repeat("ab", 32)}, "DISCORD_GATEWAY=false serves interactions over HTTP only: set TALKBOT_HTTP_ADDR"},
	}
	for _, c := range cases {
		c.env["DISCORD_TOKEN"] = "t"
		code, _, errOut := talkbot(t, c.env, "serve")
		if code != 2 || !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("env %v: exit %d, stderr %q; want exit 2 and one line with %q", c.env, code, errOut, c.want)
		}
		if strings.Contains(errOut, "hunter2") {
			t.Errorf("a password reached stderr: %q", errOut)
		}
	}
}

// listenAddr finds the address serve logged it listens on.
func listenAddr(t *testing.T, logs *syncBuffer, srv *discordtest.Server) string {
	t.Helper()
	var addr string
	srv.Wait(30*time.Second, "the HTTP listener", func() bool {
		for _, line := range strings.Split(logs.String(), "\n") {
			var rec struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.Msg == "listening for HTTP" {
				addr = rec.Addr
				return true
			}
		}
		return false
	})
	return addr
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServeOps: a gateway process with TALKBOT_METRICS_ADDR serves
// /healthz, /readyz (Redis included) and /metrics.
func TestServeOps(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})
	rs := redistest.Start(t)
	env := map[string]string{
		"DISCORD_TOKEN": srv.Token, "DISCORD_API_URL": srv.URL, "DISCORD_GUILD_ID": "500000000000000001",
		"LOG_FORMAT": "json", "TALKBOT_METRICS_ADDR": "127.0.0.1:0", "REDIS_URL": rs.URL,
	}
	s := startServe(t, srv, env)
	base := "http://" + listenAddr(t, &s.stderr, srv)
	if code, body := httpGet(t, base+"/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if code, body := httpGet(t, base+"/readyz"); code != 200 || !strings.Contains(body, "corpus: ok") || !strings.Contains(body, "gateway: ok") || !strings.Contains(body, "redis: ok") {
		t.Errorf("/readyz: %d %q", code, body)
	}
	code, body := httpGet(t, base+"/metrics")
	if code != 200 || !strings.Contains(body, "talkbot_corpus_articles 2\n") || !strings.Contains(body, "talkbot_questions_total{") {
		t.Errorf("/metrics: %d\n%s", code, body)
	}
	rs.Kill()
	if code, body := httpGet(t, base+"/readyz"); code != 503 || !strings.Contains(body, "redis: ") || strings.Contains(body, "redis: ok") {
		t.Errorf("/readyz with Redis down: %d %q, want 503 naming redis", code, body)
	}
	s.stop(t)
}

// TestServeHTTPOnly: DISCORD_GATEWAY=false serves slash commands on
// TALKBOT_HTTP_ADDR alone: a signed /ask is acknowledged in the HTTP
// response and answered through the webhook, with limits in Redis.
func TestServeHTTPOnly(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{})
	rs := redistest.Start(t)
	pub, priv, _ := ed25519.GenerateKey(nil)
	env := map[string]string{
		"DISCORD_TOKEN": srv.Token, "DISCORD_API_URL": srv.URL, "DISCORD_GUILD_ID": "500000000000000001",
		"LOG_FORMAT": "json", "TALKBOT_HTTP_ADDR": "127.0.0.1:0", "REDIS_URL": rs.URL,
		"DISCORD_GATEWAY": "false", "DISCORD_PUBLIC_KEY": hex.EncodeToString(pub), "DISCORD_RATE_LIMIT": "1",
	}
	s := startServe(t, srv, env)
	base := "http://" + listenAddr(t, &s.stderr, srv)
	where := discordtest.Where{GuildID: "500000000000000001", ChannelID: "400000000000000001", UserID: "300000000000000001"}
	in := srv.HTTPCommand(where, "ask", discordtest.Option{Name: "question", Value: "Where did US and Russian officials meet on February 18?"})
	d, err := srv.Deliver(http.DefaultClient, base+"/interactions", priv, in)
	if err != nil || d.Response.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("/ask over HTTP: %v %s", err, d.Raw)
	}
	srv.Wait(30*time.Second, "the answer", func() bool {
		m := srv.Original(in.Token)
		return m != nil && len(m.Embeds) > 0
	})
	in2 := srv.HTTPCommand(where, "ask", discordtest.Option{Name: "question", Value: "When will Trump and Putin meet?"})
	if d, err := srv.Deliver(http.DefaultClient, base+"/interactions", priv, in2); err != nil || !strings.Contains(string(d.Raw), "1 question a minute") {
		t.Errorf("second question with DISCORD_RATE_LIMIT=1: %v %s", err, d.Raw)
	}
	if g := srv.Gateway(); g.Connections != 0 {
		t.Errorf("%d gateway connections with DISCORD_GATEWAY=false", g.Connections)
	}
	if code, body := httpGet(t, base+"/readyz"); code != 200 || strings.Contains(body, "gateway") {
		t.Errorf("/readyz: %d %q", code, body)
	}
	s.stop(t)
	if logs := s.stderr.String(); strings.Contains(logs, srv.Token) || strings.Contains(logs, "itoken-") {
		t.Error("a token reached the logs")
	}
}

// TestReloadMetrics: each live reload is counted, and the corpus gauges
// follow the folder.
func TestReloadMetrics(t *testing.T) {
	dir := t.TempDir()
	writeArticle(t, dir, "a1.txt", extraArticle(1, 1))
	logs := &syncBuffer{}
	a := &app{getenv: func(string) string { return "" }, logger: slog.New(slog.NewTextHandler(logs, nil)), corpusDir: dir, stdout: logs, stderr: logs}
	ix, err := a.loadIndex(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	l := newLiveCorpus(t.Context(), a, dir, bot.New(ix, bot.Options{Logger: a.logger}))
	l.metrics = metrics.New()
	writeArticle(t, dir, "a2.txt", extraArticle(2, 1))
	if err := l.reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "a1.txt"))
	os.Remove(filepath.Join(dir, "a2.txt"))
	if err := l.reload(context.Background()); err == nil {
		t.Fatal("a folder without articles reloaded")
	}
	rec := httptest.NewRecorder()
	l.metrics.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, want := range []string{
		`talkbot_corpus_reloads_total{result="ok"} 1`, `talkbot_corpus_reloads_total{result="failed"} 1`,
		"talkbot_corpus_articles 2", "talkbot_corpus_passages 4",
	} {
		if !strings.Contains(rec.Body.String(), want+"\n") {
			t.Errorf("metrics lack %q", want)
		}
	}
}

// TestReadyDuringShutdown: once serve's context ends (SIGTERM), /readyz
// says 503 while the HTTP server goes on serving the shutdown grace, so a
// load balancer moves new traffic away; /healthz stays 200.
func TestReadyDuringShutdown(t *testing.T) {
	t.Parallel()
	o := &opsRun{metrics: metrics.New(), log: slog.New(slog.DiscardHandler), checks: []metrics.Check{corpusCheck(1)}}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	if err := o.listen(ctx, scaleConfig{MetricsAddr: "127.0.0.1:0"}, discord.Config{NoGateway: true}, nil); err != nil {
		t.Fatal(err)
	}
	defer o.close()
	base := "http://" + o.http.addr
	if code, body := httpGet(t, base+"/readyz"); code != 200 {
		t.Fatalf("/readyz before the shutdown: %d %q", code, body)
	}
	stop()
	if code, body := httpGet(t, base+"/readyz"); code != 503 || !strings.Contains(body, "shutting down") || !strings.Contains(body, "corpus: ok") {
		t.Errorf("/readyz once the shutdown began: %d %q, want 503 saying it is shutting down", code, body)
	}
	if code, _ := httpGet(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz during the shutdown: %d, want 200", code)
	}
}

// TestValidPort: numbers up to 65535 and service names, as net.Listen
// takes them; the port is read once, as a number.
func TestValidPort(t *testing.T) {
	for port, want := range map[string]int{
		"8080": 8080, "1": 1, "65535": 65535, "0": 0, "http": 80, "https": 443,
		"65536": -1, "99999": -1, "abc": -1, "-1": -1, "8080x": -1, "99999999999999999999": -1,
	} {
		l, err := parseListenAddr("TALKBOT_HTTP_ADDR", ":"+port)
		switch {
		case want < 0 && err == nil:
			t.Errorf("port %q: %+v, want an error", port, l)
		case want >= 0 && (err != nil || l.port != want || l.raw != ":"+port):
			t.Errorf("port %q: %+v, %v; want port %d", port, l, err, want)
		}
	}
}

// TestRedisDownAtStart: serve's start-up pings Redis: one that is down is
// reported then, with one warning, and serve starts anyway (limits per
// process until it is back).
func TestRedisDownAtStart(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "redis://" + ln.Addr().String() + "/0"
	ln.Close()
	logs := &syncBuffer{}
	a := &app{getenv: func(string) string { return "" }, logger: slog.New(slog.NewTextHandler(logs, nil)), stdout: logs, stderr: logs}
	ix, err := a.loadIndex(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	o, err := newOps(t.Context(), a, scaleConfig{RedisURL: dead}, ix, corpusCheck(1))
	if err != nil {
		t.Fatalf("newOps with Redis down = %v, want it to start anyway", err)
	}
	defer o.close()
	if o.store == nil {
		t.Fatal("no shared store: serve should start degraded, and use Redis once it is back")
	}
	if n := strings.Count(logs.String(), "Redis is unreachable"); n != 1 || !strings.Contains(logs.String(), "level=WARN") {
		t.Errorf("%d warnings at start with Redis down, want 1:\n%s", n, logs.String())
	}
}
