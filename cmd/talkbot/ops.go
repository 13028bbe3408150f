package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/talkbot/talkbot/bot/discord"
	"github.com/talkbot/talkbot/bot/metrics"
	"github.com/talkbot/talkbot/bot/shared"
	"github.com/talkbot/talkbot/retrieval"
)

// scaleConfig is what serve needs beyond one process: where to listen for
// HTTP (interactions and operations endpoints) and the Redis that replicas
// share.
type scaleConfig struct {
	HTTPAddr    string // TALKBOT_HTTP_ADDR: interactions endpoint and /healthz, /readyz, /metrics
	MetricsAddr string // TALKBOT_METRICS_ADDR: the operations endpoints alone (gateway-only processes)
	RedisURL    string // REDIS_URL
}

// listenSetting is a listen address as set, with its host and port read.
type listenSetting struct {
	raw  string // as set, for net.Listen; "" for none
	host string // "" or an unspecified address: every interface
	port int    // 0: a free port chosen at start
}

// parseListenAddr reads the listen address addr of the setting name:
// host:port or :port, the port a number up to 65535 (0 picks a free port)
// or a known service name, as net.Listen takes them.
func parseListenAddr(name, addr string) (listenSetting, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return listenSetting{}, fmt.Errorf("%s: %q is not a listen address (host:port or :port, e.g. :8080)", name, addr)
	}
	p, err := net.LookupPort("tcp", port)
	if err != nil {
		return listenSetting{}, fmt.Errorf("%s: %q has no valid port: give 1 to 65535 (0 for any free one) or a service name such as http (e.g. :8080)", name, addr)
	}
	return listenSetting{raw: addr, host: host, port: p}, nil
}

func scaleConfigFromEnv(getenv func(string) string) (scaleConfig, error) {
	c := scaleConfig{
		HTTPAddr:    strings.TrimSpace(getenv("TALKBOT_HTTP_ADDR")),
		MetricsAddr: strings.TrimSpace(getenv("TALKBOT_METRICS_ADDR")),
		RedisURL:    strings.TrimSpace(getenv("REDIS_URL")),
	}
	for _, v := range []struct{ name, addr string }{{"TALKBOT_HTTP_ADDR", c.HTTPAddr}, {"TALKBOT_METRICS_ADDR", c.MetricsAddr}} {
		if v.addr == "" {
			continue
		}
		if _, err := parseListenAddr(v.name, v.addr); err != nil {
			return c, err
		}
	}
	if c.HTTPAddr != "" && c.MetricsAddr != "" && c.HTTPAddr != c.MetricsAddr {
		return c, errors.New("TALKBOT_METRICS_ADDR: set either TALKBOT_HTTP_ADDR or TALKBOT_METRICS_ADDR (the operations endpoints are served on TALKBOT_HTTP_ADDR when it is set)")
	}
	if c.RedisURL != "" {
		if _, err := shared.Open(c.RedisURL, shared.Options{}); err != nil {
			return c, err
		}
	}
	return c, nil
}

// addr is where serve listens for HTTP, or "" for nowhere.
func (c scaleConfig) addr() string {
	if c.HTTPAddr != "" {
		return c.HTTPAddr
	}
	return c.MetricsAddr
}

// httpServer serves mux on addr until ctx ends. Listening happens at once,
// so a taken port is an error before the bot starts.
type httpServer struct {
	srv  *http.Server
	addr string // where it listens
	done chan error
}

func listenHTTP(addr, setting string, h http.Handler, log *slog.Logger) (*httpServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", setting, err)
	}
	s := &httpServer{
		srv: &http.Server{
			Handler:           h,
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       10 * time.Second,
			IdleTimeout:       2 * time.Minute,
			ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		},
		addr: ln.Addr().String(),
		done: make(chan error, 1),
	}
	go func() { s.done <- s.srv.Serve(ln) }()
	log.Info("listening for HTTP", "addr", ln.Addr().String())
	return s, nil
}

// shutdown stops taking requests and waits for those in flight, bounded by
// ctx.
func (s *httpServer) shutdown(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if serr := <-s.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// corpusSize is the number of articles and passages of c.
func corpusSize(c *retrieval.Corpus) (articles, passages int) {
	for _, art := range c.Articles {
		passages += len(art.Passages)
	}
	return len(c.Articles), passages
}

// corpusCheck holds when articles were loaded (the built-in articles,
// which never change).
func corpusCheck(articles int) metrics.Check {
	return metrics.Check{Name: "corpus", Probe: func(context.Context) error {
		if articles == 0 {
			return errors.New("no articles loaded")
		}
		return nil
	}}
}

// shutdownCheck holds until ctx, serve's, ends: from then on the process
// only finishes the answers in flight (DISCORD_SHUTDOWN_GRACE) and refuses
// new ones, so it is not ready.
func shutdownCheck(ctx context.Context) metrics.Check {
	return metrics.Check{Name: "serving", Probe: func(context.Context) error {
		if ctx.Err() != nil {
			return errors.New("shutting down: finishing the answers in flight, taking no new ones")
		}
		return nil
	}}
}

// redisCheck holds when Redis answers.
func redisCheck(s *shared.Store) metrics.Check {
	return metrics.Check{Name: "redis", Probe: s.Ping}
}

// opsRun is what serve runs beside the bot: metrics, the shared store and
// the HTTP server, closed in reverse order.
type opsRun struct {
	metrics *metrics.Metrics
	store   *shared.Store // nil without REDIS_URL
	http    *httpServer   // nil without an address
	log     *slog.Logger
	checks  []metrics.Check
}

// newOps makes the metrics and, with REDIS_URL, the shared store, whose
// Redis it pings once: one that is down is reported now (one warning), and
// serve starts anyway with per-process limits until it is back. corpus is
// the readiness check of the corpus.
func newOps(ctx context.Context, a *app, sc scaleConfig, ix *retrieval.Index, corpus metrics.Check) (*opsRun, error) {
	o := &opsRun{metrics: metrics.New(), log: a.logger}
	c := ix.Corpus()
	o.metrics.Corpus(corpusSize(c))
	o.checks = []metrics.Check{corpus}
	if sc.RedisURL != "" {
		shared.RedisLogsTo(a.logger)
		s, err := shared.Open(sc.RedisURL, shared.Options{Logger: a.logger, Metrics: o.metrics})
		if err != nil {
			return nil, asUsage(err)
		}
		o.store = s
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		s.Check(pctx) // logs the outage itself; the error is only for callers that care
		cancel()
	}
	return o, nil
}

// listen starts the HTTP server when an address is set: the interactions
// endpoint (with TALKBOT_HTTP_ADDR and a public key) and the operations
// endpoints. ctx is the one Run or RunHTTP is given: the interactions' work
// inherits its values, and its end starts the shutdown grace.
func (o *opsRun) listen(ctx context.Context, sc scaleConfig, cfg discord.Config, b *discord.Bot) error {
	addr := sc.addr()
	if addr == "" {
		return nil
	}
	// First: once ctx ends the answers in flight have their grace, and a
	// load balancer should send new work elsewhere meanwhile.
	checks := append([]metrics.Check{shutdownCheck(ctx)}, o.checks...)
	if !cfg.NoGateway {
		checks = append(checks, metrics.Check{Name: "gateway", Probe: b.GatewayReady})
	}
	mux := http.NewServeMux()
	setting := "TALKBOT_METRICS_ADDR"
	if sc.HTTPAddr != "" {
		setting = "TALKBOT_HTTP_ADDR"
		if cfg.PublicKey != nil {
			mux.Handle("POST /interactions", b.InteractionsHandler(ctx))
			checks = append(checks, metrics.Check{Name: "interactions endpoint", Probe: func(context.Context) error { return nil }})
		} else {
			o.log.Warn("TALKBOT_HTTP_ADDR is set without DISCORD_PUBLIC_KEY: serving /healthz, /readyz and /metrics, not /interactions")
		}
	}
	if o.store != nil {
		checks = append(checks, redisCheck(o.store))
	}
	o.metrics.Routes(mux, checks)
	srv, err := listenHTTP(addr, setting, mux, o.log)
	if err != nil {
		return err
	}
	o.http = srv
	return nil
}

func (o *opsRun) close() {
	if o.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := o.http.shutdown(ctx); err != nil {
			o.log.Warn("stopping the HTTP server", "err", err)
		}
		cancel()
	}
	if o.store != nil {
		o.store.Close()
	}
}
