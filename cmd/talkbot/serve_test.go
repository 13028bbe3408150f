package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/seeds"
)

// TestServeConfigErrors: a bad setting is a usage error, one line on
// stderr. Each Discord variable's checks are tested with
// discord.ConfigFromEnv.
func TestServeConfigErrors(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "DISCORD_TOKEN is not set"},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_RATE_LIMIT": "many"}, `DISCORD_RATE_LIMIT: "many" is not a whole number from 0 to 1000`},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_API_URL": "ftp://u:secretpw@x"}, "DISCORD_API_URL"},
		{map[string]string{"DISCORD_TOKEN": "t", "LOG_FORMAT": "xml"}, "LOG_FORMAT"},
		{map[string]string{"DISCORD_TOKEN": "t", "TALKBOT_FONT": "/no/such/font.ttf"}, "TALKBOT_FONT: open /no/such/font.ttf: no such file or directory"},
	}
	for _, c := range cases {
		code, out, errOut := talkbot(t, c.env, "serve")
		if code != 2 || out != "" || !strings.Contains(errOut, c.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("env %v: exit %d, stderr %q; want exit 2 and one line with %q", c.env, code, errOut, c.want)
		}
		if strings.Contains(errOut, "secretpw") {
			t.Errorf("a password in DISCORD_API_URL was printed: %q", errOut)
		}
	}
	_, _, errOut := talkbot(t, map[string]string{}, "serve")
	if !strings.Contains(errOut, "talkbot ask") {
		t.Errorf("a missing token should point to talkbot ask: %q", errOut)
	}
	if code, _, _ := talkbot(t, map[string]string{"DISCORD_TOKEN": "t"}, "serve", "extra"); code != 2 {
		t.Errorf("serve with an argument: exit %d, want 2", code)
	}
}

// serving is `talkbot serve` running inside the test.
type serving struct {
	stdout, stderr syncBuffer
	cancel         context.CancelFunc
	done           chan int
}

// startServe runs `talkbot serve` with env against srv and waits until it
// has registered its commands on the guild env names. The test ends it with
// stop.
func startServe(t *testing.T, srv *discordtest.Server, env map[string]string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s := &serving{cancel: cancel, done: make(chan int, 1)}
	go func() {
		s.done <- run(ctx, []string{"serve"}, &s.stdout, &s.stderr, func(k string) string { return env[k] })
	}()
	srv.Wait(30*time.Second, "command registration", func() bool {
		_, ok := srv.Commands(env["DISCORD_GUILD_ID"])
		return ok
	})
	return s
}

// stop shuts serve down as Ctrl-C would and checks that it exits 0.
func (s *serving) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.done:
		if code != 0 {
			t.Errorf("serve exited %d after shutdown, want 0; stderr:\n%s", code, s.stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30 s of shutdown")
	}
}

// TestServe runs `talkbot serve` against a local Discord: it registers the
// commands on the guild, answers /ask, and exits 0 on shutdown.
func TestServe(t *testing.T) {
	srv := discordtest.New(t, discordtest.Options{})
	env := map[string]string{
		"DISCORD_TOKEN": srv.Token, "DISCORD_API_URL": srv.URL, "DISCORD_GUILD_ID": "500000000000000001",
		"LOG_FORMAT": "json",
	}
	s := startServe(t, srv, env)
	tok := srv.Command(discordtest.Where{GuildID: "500000000000000001", ChannelID: "400000000000000001", UserID: "300000000000000001"},
		"ask", discordtest.Option{Name: "question", Value: "When did US and Russian officials meet in Saudi Arabia?"})
	srv.Wait(30*time.Second, "the answer", func() bool {
		m := srv.Original(tok)
		return m != nil && len(m.Embeds) > 0
	})
	s.stop(t)
	logs := s.stderr.String()
	if !strings.Contains(logs, `"msg":"starting the Discord bot"`) || !strings.Contains(logs, `"msg":"stopped"`) {
		t.Errorf("logs lack start or stop:\n%s", logs)
	}
	if strings.Contains(logs, srv.Token) {
		t.Errorf("the token reached the logs")
	}
}

// TestServeWithCorpusFolder: with CORPUS_DIR, serve follows the folder and
// registers /add next to the other commands.
func TestServeWithCorpusFolder(t *testing.T) {
	srv := discordtest.New(t, discordtest.Options{})
	dir := t.TempDir()
	if err := os.CopyFS(dir, seeds.FS()); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"DISCORD_TOKEN": srv.Token, "DISCORD_API_URL": srv.URL, "DISCORD_GUILD_ID": "500000000000000001",
		"LOG_FORMAT": "json", "CORPUS_DIR": dir, "DISCORD_ANNOUNCE_CHANNEL": "400000000000000099",
	}
	s := startServe(t, srv, env)
	cmds, _ := srv.Commands("500000000000000001")
	var names []string
	for _, c := range cmds {
		names = append(names, c.Name)
	}
	if !slices.Contains(names, "add") {
		t.Errorf("commands %v lack /add", names)
	}
	s.stop(t)
	if logs := s.stderr.String(); !strings.Contains(logs, `"msg":"following the corpus folder"`) {
		t.Errorf("serve did not follow the folder:\n%s", logs)
	}
}

// TestServeStartsEmptyWithFeeds: with TALKBOT_FEEDS, serve starts on an
// empty or missing corpus folder (the first run of "How to follow a
// story"), is not ready until the feeds bring articles, then answers from
// them. Without feeds it refuses with one line saying what to do.
func TestServeStartsEmptyWithFeeds(t *testing.T) {
	for _, tt := range []struct {
		name    string
		missing bool
	}{
		{"empty folder", false},
		{"missing folder", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "live")
			if !tt.missing {
				if err := os.Mkdir(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			// Without feeds: exit 2, one line naming the folder and what to do.
			code, _, errOut := talkbot(t, map[string]string{"DISCORD_TOKEN": "x", "CORPUS_DIR": dir}, "serve")
			if code != 2 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, dir) ||
				!strings.Contains(errOut, "talkbot add") || !strings.Contains(errOut, "TALKBOT_FEEDS") {
				t.Errorf("without feeds: exit %d %q, want 2 and one line saying to add articles or set TALKBOT_FEEDS", code, errOut)
			}

			release := make(chan struct{})
			var srvURL string
			mux := http.NewServeMux()
			mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
				select { // the feed answers when the test has seen serve unready
				case <-release:
				case <-r.Context().Done():
					return
				}
				w.Header().Set("Content-Type", "application/rss+xml")
				fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>
<item><title>Envoys agree on a prisoner exchange in Abu Dhabi</title><link>%s/a</link><pubDate>Tue, 18 Mar 2025 19:00:00 GMT</pubDate></item>
</channel></rss>`, srvURL)
			})
			mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprint(w, `<html><head><title>Envoys agree on a prisoner exchange in Abu Dhabi</title></head><body><article><h1>Envoys agree on a prisoner exchange in Abu Dhabi</h1><p>American and Russian envoys agreed in Abu Dhabi on Tuesday to exchange 175 prisoners of war each, officials said.</p></article></body></html>`)
			})
			feeds := httptest.NewServer(mux)
			defer feeds.Close()
			srvURL = feeds.URL
			var released bool
			defer func() {
				if !released {
					close(release)
				}
			}()

			srv := discordtest.New(t, discordtest.Options{})
			env := map[string]string{
				"DISCORD_TOKEN": srv.Token, "DISCORD_API_URL": srv.URL, "DISCORD_GUILD_ID": "500000000000000001",
				"LOG_FORMAT": "json", "CORPUS_DIR": dir, "TALKBOT_FEEDS": feeds.URL + "/feed.xml",
				"TALKBOT_ALLOW_PRIVATE_URLS": "1", "TALKBOT_METRICS_ADDR": "127.0.0.1:0",
			}
			s := startServe(t, srv, env)
			base := "http://" + listenAddr(t, &s.stderr, srv)
			if code, body := httpGet(t, base+"/readyz"); code != 503 || !strings.Contains(body, "corpus: no articles loaded") {
				t.Errorf("/readyz before any article: %d %q, want 503 naming the corpus", code, body)
			}
			close(release)
			released = true
			s.stderr.waitFor(t, `"msg":"corpus reloaded"`)
			if code, body := httpGet(t, base+"/readyz"); code != 200 {
				t.Errorf("/readyz once the feed brought an article: %d %q", code, body)
			}
			tok := srv.Command(discordtest.Where{GuildID: "500000000000000001", ChannelID: "400000000000000001", UserID: "300000000000000001"},
				"ask", discordtest.Option{Name: "question", Value: "How many prisoners will be exchanged?"})
			srv.Wait(30*time.Second, "the answer", func() bool {
				m := srv.Original(tok)
				return m != nil && len(m.Embeds) > 0
			})
			if m := srv.Original(tok); !strings.Contains(m.Content, "175") || !strings.Contains(m.Embeds[0].Description, "Abu Dhabi") {
				t.Errorf("the answer does not use the feed's article: %q %q", m.Content, m.Embeds[0].Description)
			}
			s.stop(t)
		})
	}
}
