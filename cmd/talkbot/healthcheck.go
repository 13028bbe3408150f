package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/talkbot/talkbot/retrieval/textclean"
)

// healthcheckTimeout bounds the whole probe: a container runtime asking
// again is better than a probe that hangs.
const healthcheckTimeout = 5 * time.Second

// runHealthcheck asks the serve running beside it (in the same container)
// whether it is ready: GET /readyz on the address TALKBOT_HTTP_ADDR (or
// TALKBOT_METRICS_ADDR) gives, on the loopback interface when that address
// names no host. It exits 0 when ready, 1 otherwise, as Docker's
// HEALTHCHECK wants (the image has no shell nor curl).
func runHealthcheck(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError) // no --corpus: it reads no articles
	fs.SetOutput(io.Discard)
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("healthcheck takes no arguments, got %q", pos[0])
	}
	// Every failure below exits 1: Docker reserves 2.
	sc, err := scaleConfigFromEnv(a.getenv)
	if err != nil {
		return err
	}
	url, err := readyURL(sc.addr())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, healthcheckTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return err
	}
	// Its own loopback server only: no proxy, and a redirect is an answer,
	// not a place to go.
	client := &http.Client{
		Transport:     &http.Transport{Proxy: nil},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("not ready: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	text := strings.TrimSpace(string(body))
	status := textclean.Line(resp.Status)
	if textclean.WebPage(text, resp.Header.Get("Content-Type")) {
		// Not serve's /readyz, which answers plain text: another web
		// server has the port. Say so in one line; never paste its page.
		setting := "TALKBOT_HTTP_ADDR"
		if sc.HTTPAddr == "" {
			setting = "TALKBOT_METRICS_ADDR"
		}
		return fmt.Errorf("not ready: %s answered %s with a web page, not talkbot's readiness report: is talkbot serve listening on %s (%s)?",
			url, status, setting, textclean.Line(sc.addr()))
	}
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusServiceUnavailable {
		// Not a status /readyz gives: quote a short excerpt of the body in
		// the error rather than print it as the report.
		excerpt := ""
		if text != "" {
			excerpt = ": " + textclean.Clip(text, 120)
		}
		return fmt.Errorf("not ready: %s answered %s%s", url, status, excerpt)
	}
	fmt.Fprint(a.stdout, textclean.Text(string(body)))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("not ready: %s answered %s", url, status)
	}
	return nil
}

// readyURL is the /readyz URL of serve's listen address (scaleConfig.addr,
// checked by scaleConfigFromEnv): its host, or the loopback interface for
// none or an unspecified one (":8080", "0.0.0.0:8080").
func readyURL(addr string) (string, error) {
	if addr == "" {
		return "", errors.New("set TALKBOT_HTTP_ADDR or TALKBOT_METRICS_ADDR: without either serve has no /readyz to ask")
	}
	l, err := parseListenAddr("listen address", addr)
	if err != nil {
		return "", err
	}
	if l.port == 0 {
		return "", fmt.Errorf("%q listens on a port chosen at start: give a fixed port to probe", l.raw)
	}
	host := l.host
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if ip != nil && ip.To4() == nil {
			host = "::1"
		}
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(l.port)) + "/readyz", nil
}
