package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot/discord/discordtest"
)

// errorPage is a web server's error page, as python's http.server or nginx
// sends for a path it does not know: thirteen lines of HTML.
const errorPage = `<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
        <p>Error code: %d</p>
        <p>Message: Nothing here.</p>
    </body>
</html>
`

func htmlError(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "text/html;charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, errorPage, status)
}

// TestRESTErrorsAreOneLine: a REST error whose body is not Discord's JSON
// is one line: an HTML page is named with what to check, never pasted,
// and any other body is clipped to a short excerpt; Discord's own message
// is kept.
func TestRESTErrorsAreOneLine(t *testing.T) {
	t.Parallel()
	rest := func(status int, ctype, body, at string) error {
		u, _ := url.Parse(at)
		resp := &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)),
			Header: http.Header{"Content-Type": {ctype}}, Request: &http.Request{URL: u}}
		re := &discordgo.RESTError{Response: resp, ResponseBody: []byte(body)}
		var m discordgo.APIErrorMessage
		if strings.HasPrefix(body, "{") && json.Unmarshal([]byte(body), &m) == nil {
			re.Message = &m
		}
		return re
	}
	tests := []struct {
		name     string
		err      error
		want     string
		notWants []string
	}{
		{"HTML page at DISCORD_API_URL",
			rest(404, "text/html", fmt.Sprintf(errorPage, 404), "http://127.0.0.1:8765/api/v9/gateway"),
			"Discord answered 404 Not Found with a web page, not an API answer: check that DISCORD_API_URL (http://127.0.0.1:8765) is Discord's API or a proxy of it: REST request failed",
			nil},
		{"HTML without a content type",
			rest(502, "", "<html><body>Bad gateway</body></html>", "http://proxy.internal/api/v9/webhooks/1/SECRET/messages/@original"),
			"Discord answered 502 Bad Gateway with a web page, not an API answer: check that DISCORD_API_URL (http://proxy.internal) is Discord's API or a proxy of it: REST request failed",
			[]string{"SECRET"}},
		{"HTML page from discord.com",
			rest(503, "text/html", "<!DOCTYPE html><html>Cloudflare</html>", "https://discord.com/api/v9/gateway"),
			"Discord answered 503 Service Unavailable with a web page, not an API answer: Discord may be down or refusing this address; try again later: REST request failed",
			nil},
		{"long text body is clipped",
			rest(500, "text/plain", strings.Repeat("upstream failed\n", 40), "http://127.0.0.1:1/api/v9/gateway"),
			"Discord answered 500 Internal Server Error: upstream failed upstream failed", nil},
		{"Discord's message",
			rest(403, "application/json", `{"message": "Missing Access", "code": 50001}`, "https://discord.com/api/v9/applications/1/commands"),
			"Discord answered 403 Forbidden: Missing Access: REST request failed", nil},
		{"empty body",
			rest(500, "", "", "https://discord.com/api/v9/gateway"),
			"Discord answered 500 Internal Server Error: REST request failed", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := describeREST(fmt.Errorf("get: %w", tt.err))
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.want) || strings.ContainsAny(msg, "\n<") || len(msg) > 300 {
				t.Errorf("describeREST =\n%q\nwant one short line starting\n%q", msg, tt.want)
			}
			for _, nw := range tt.notWants {
				if strings.Contains(msg, nw) {
					t.Errorf("describeREST = %q, holds %q", msg, nw)
				}
			}
			if !errors.Is(err, errRESTFailed) {
				t.Errorf("describeREST = %v, does not wrap errRESTFailed", err)
			}
		})
	}
}

// TestStartAgainstAWebServer: DISCORD_API_URL pointing at a web server
// that answers every request with an HTML error page (404 at gateway
// discovery), or at a proxy that refuses the command registration with one
// (501), stops Run with a one-line error naming the status and
// DISCORD_API_URL, and nothing is logged once Run has returned it (no
// "gateway disconnected" from closing the sessions).
func TestStartAgainstAWebServer(t *testing.T) {
	t.Parallel()
	run := func(t *testing.T, apiURL string) (error, *syncBuffer) {
		t.Helper()
		logs := newSyncBuffer()
		b, err := New(Config{Token: "test-token", APIURL: apiURL, Logger: slog.New(slog.NewTextHandler(logs, nil))},
			engine(t), testTimeline(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		// Event handlers run before Close returns, so a log line they
		// write on the way out is in logs when Run returns.
		b.session.SyncEvents = true
		err = b.Run(context.Background())
		if err == nil {
			t.Fatal("Run succeeded")
		}
		return err, logs
	}
	t.Run("404 at gateway discovery", func(t *testing.T) {
		t.Parallel()
		web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { htmlError(w, http.StatusNotFound) }))
		defer web.Close()
		err, logs := run(t, web.URL)
		want := "connect to the Discord gateway: Discord answered 404 Not Found with a web page, not an API answer: check that DISCORD_API_URL (" + web.URL + ") is Discord's API or a proxy of it"
		if msg := err.Error(); !strings.HasPrefix(msg, want) || strings.ContainsAny(msg, "\n<") {
			t.Errorf("Run =\n%q\nwant one line starting\n%q", msg, want)
		}
		if l := logs.String(); l != "" {
			t.Errorf("logged after a failed start:\n%s", l)
		}
	})
	t.Run("501 at command registration", func(t *testing.T) {
		t.Parallel()
		srv := discordtest.New(quietTB{t}, discordtest.Options{})
		target, _ := url.Parse(srv.URL)
		proxy := httputil.NewSingleHostReverseProxy(target)
		front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, "/commands") {
				htmlError(w, http.StatusNotImplemented)
				return
			}
			proxy.ServeHTTP(w, r)
		}))
		defer front.Close()
		err, logs := run(t, front.URL)
		want := "register slash commands globally (may take up to an hour to appear): Discord answered 501 Not Implemented with a web page, not an API answer: check that DISCORD_API_URL (" + front.URL + ")"
		if msg := err.Error(); !strings.HasPrefix(msg, want) || strings.ContainsAny(msg, "\n<") {
			t.Errorf("Run =\n%q\nwant one line starting\n%q", msg, want)
		}
		if l := logs.String(); strings.Contains(l, "disconnected") {
			t.Errorf("logged a disconnect after a failed start:\n%s", l)
		}
	})
}

// TestAPIURL: the bot names the base URL it uses, Discord's own when
// DISCORD_API_URL is unset (serve's start-up log showed api_url="").
func TestAPIURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"": DefaultAPIURL, "http://127.0.0.1:8765/": "http://127.0.0.1:8765"} {
		b, err := New(Config{Token: "test-token", APIURL: in}, engine(t), testTimeline(t), nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.APIURL(); got != want {
			t.Errorf("DISCORD_API_URL=%q: APIURL() = %q, want %q", in, got, want)
		}
	}
}
