package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/metrics"
	"github.com/talkbot/talkbot/retrieval/envvar"
)

// scaleFromEnv reads the settings for serving beyond one process:
//
//	DISCORD_PUBLIC_KEY       the application's public key (hex), for the HTTP interactions endpoint
//	DISCORD_GATEWAY          false: no gateway, the HTTP endpoint only (default true)
//	DISCORD_APPLICATION_ID   for DISCORD_GATEWAY=false; unset: looked up with the token
//	DISCORD_SHARD_ID         this process's shard, 0 to DISCORD_SHARD_COUNT-1
//	DISCORD_SHARD_COUNT      shards in all; auto: as many as Discord recommends, all in this process
func scaleFromEnv(getenv func(string) string, cfg *Config) error {
	if v := strings.TrimSpace(getenv("DISCORD_PUBLIC_KEY")); v != "" {
		k, err := ParsePublicKey(v)
		if err != nil {
			return err
		}
		cfg.PublicKey = k
	}
	gateway, err := envvar.Bool(getenv, "DISCORD_GATEWAY", true)
	if err != nil {
		return err
	}
	cfg.NoGateway = !gateway
	cfg.ApplicationID = strings.TrimSpace(getenv("DISCORD_APPLICATION_ID"))
	if cfg.ApplicationID != "" {
		if err := checkID("DISCORD_APPLICATION_ID", cfg.ApplicationID, "copy the Application ID from the developer portal's General Information page"); err != nil {
			return err
		}
	}
	count := strings.TrimSpace(getenv("DISCORD_SHARD_COUNT"))
	switch {
	case strings.EqualFold(count, "auto"):
		cfg.ShardCount = ShardAuto
	case count != "":
		n, err := envvar.Int(getenv, "DISCORD_SHARD_COUNT", 1, 100000)
		if err != nil {
			return fmt.Errorf("%w, or auto", err)
		}
		cfg.ShardCount = n
	}
	id, err := envvar.Int(getenv, "DISCORD_SHARD_ID", 0, 100000)
	if err != nil {
		return err
	}
	switch {
	case id > 0 && cfg.ShardCount == ShardAuto:
		return errors.New("DISCORD_SHARD_ID: with DISCORD_SHARD_COUNT=auto this process runs every shard; unset DISCORD_SHARD_ID")
	case id > 0 && id >= max(cfg.ShardCount, 1):
		return fmt.Errorf("DISCORD_SHARD_ID: %d is not below DISCORD_SHARD_COUNT (%d)", id, max(cfg.ShardCount, 1))
	}
	cfg.ShardID = id
	if cfg.NoGateway && cfg.PublicKey == nil {
		return errors.New("DISCORD_GATEWAY=false needs DISCORD_PUBLIC_KEY (developer portal, General Information → Public Key) and TALKBOT_HTTP_ADDR")
	}
	return nil
}

// SharedState is what processes serving one bot share: each user's question
// allowance, the cap on answers composed at once, and conversations.
// *shared.Store keeps it in Redis. Any error means the state cannot be
// reached right now: the bot then uses its per-process limits and memory
// (the Store logs the outage once), and the user never sees an error.
type SharedState interface {
	Allow(ctx context.Context, user string, perMinute int) (ok bool, wait time.Duration, err error)
	Acquire(ctx context.Context, pool string, max int, queued func()) (release func(), err error)
	Load(ctx context.Context, key string) ([]byte, bool, error)
	Save(ctx context.Context, key string, value []byte, ttl time.Duration) error
}

// sharedTimeout bounds the wait for a conversation in the shared state
// beyond the store's own per-request timeout: a follow-up must not hang.
const sharedTimeout = 2 * time.Second

// allowUser takes one question from the user's allowance: the shared one
// when there is shared state and it answers, else this process's (l). notify
// says whether to tell the user, at most once per wait.
func (b *Bot) allowUser(ctx context.Context, l *userLimiter, user string, now time.Time) (ok bool, wait time.Duration, notify bool) {
	if b.cfg.Shared == nil || l.perMinute <= 0 {
		return l.allow(user, now)
	}
	// The store bounds its own requests (shared.Options.Timeout).
	ok, wait, err := b.cfg.Shared.Allow(ctx, l.key+user, l.perMinute)
	if err != nil {
		return l.allow(user, now)
	}
	if ok {
		return true, 0, false
	}
	return false, wait, l.notices.due(user, now, wait)
}

// acquireShared takes one of the MaxConcurrent answer slots shared by every
// process; without shared state, or when it cannot be reached, only this
// process's gate limits. A user who has to wait is told so through r. It
// returns the function that frees the slot.
func (b *Bot) acquireShared(ctx context.Context, r reply) (release func(), err error) {
	if b.cfg.Shared == nil {
		return func() {}, nil
	}
	waited := false
	release, err = b.cfg.Shared.Acquire(ctx, "answers", b.cfg.MaxConcurrent, func() {
		waited = true
		b.cfg.Metrics.Queued(1)
		r.logger().Info("waiting for an answer slot: all are taken across processes")
		if err := r.update(ctx, outMessage{Content: "⏳ Many questions right now: yours is answered as soon as a slot frees up…"}); err != nil {
			r.logger().Warn("queue notice failed", "err", err)
		}
	})
	if waited {
		b.cfg.Metrics.Queued(-1)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return func() {}, nil // unreachable: this process's gate still holds
	}
	return release, nil
}

// sharedConversation is a conversation as kept in the shared state.
type sharedConversation struct {
	Turns []bot.Turn `json:"turns"`
	Asker string     `json:"asker"`
}

// loadShared reads a conversation from the shared state; ok is false when it
// is not there, and err non-nil when the shared state cannot be reached
// (then the caller uses its own memory).
func loadShared(s SharedState, key string) (conversation, bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), sharedTimeout)
	defer cancel()
	raw, ok, err := s.Load(ctx, key)
	if err != nil || !ok {
		return conversation{}, false, err
	}
	var c sharedConversation
	if err := json.Unmarshal(raw, &c); err != nil {
		return conversation{}, false, fmt.Errorf("conversation %s: %w", key, err)
	}
	return conversation{turns: c.Turns, asker: c.Asker}, true, nil
}

func saveShared(s SharedState, key string, conv conversation, ttl time.Duration) error {
	raw, err := json.Marshal(sharedConversation{Turns: conv.turns, Asker: conv.asker})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), sharedTimeout)
	defer cancel()
	return s.Save(ctx, key, raw, ttl)
}

// put remembers a conversation in this process and, when there is shared
// state, for every process: a follow-up may reach another replica.
func (m *memory) put(key string, conv conversation, now time.Time) {
	m.putLocal(key, conv, now)
	if m.shared != nil {
		saveShared(m.shared, key, conv, m.ttl) // unreachable: this process still has it
	}
}

// get finds a conversation: in the shared state when there is one and it
// answers (another process may have moved it on), else in this process.
func (m *memory) get(key string, now time.Time) (conversation, bool) {
	if m.shared != nil {
		if c, ok, err := loadShared(m.shared, key); err == nil {
			return c, ok
		}
	}
	return m.getLocal(key, now)
}

// notices remembers when users refused by a limiter (its own buckets or the
// shared state) were last told, so a flood of mentions gets one notice per
// wait.
type notices struct {
	mu        sync.Mutex
	last      map[string]time.Time
	lastSweep time.Time
}

func newNotices() *notices { return &notices{last: map[string]time.Time{}} }

func (n *notices) due(user string, now time.Time, wait time.Duration) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if now.Sub(n.lastSweep) > time.Minute {
		n.lastSweep = now
		for u, t := range n.last {
			if now.Sub(t) > 2*time.Minute {
				delete(n.last, u)
			}
		}
	}
	if t, ok := n.last[user]; ok && now.Sub(t) < wait {
		return false
	}
	n.last[user] = now
	return true
}

// setShards records the gateway connections Run opened.
func (b *Bot) setShards(sh *shards) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.gateway = sh
}

// GatewayReady reports whether every gateway connection is up (for
// readiness checks); an error names what is not.
func (b *Bot) GatewayReady(context.Context) error {
	b.mu.Lock()
	sh := b.gateway
	b.mu.Unlock()
	if sh == nil {
		return errors.New("gateway not connected yet")
	}
	return sh.ready()
}

// RunHTTP runs the bot without a gateway, for an HTTP interactions endpoint
// (InteractionsHandler, given the same ctx): it registers the slash
// commands, then serves until ctx ends and shuts down as Run does. The
// application id comes from Config.ApplicationID or is looked up once with
// the token. Mentions, replies and threads need the gateway (Run).
func (b *Bot) RunHTTP(ctx context.Context) error {
	done, err := b.claim(nil)
	if err != nil {
		return err
	}
	defer done()
	appID := b.cfg.ApplicationID
	if appID == "" {
		app, err := b.session.Application("@me")
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			var re *discordgo.RESTError
			if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == 401 {
				return fmt.Errorf("Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the bot token again from the developer portal: %w", errRESTFailed)
			}
			return fmt.Errorf("look up the application id (or set DISCORD_APPLICATION_ID): %w", describeREST(err))
		}
		appID = app.ID
	}
	b.log.Info("serving interactions over HTTP (no gateway)", "application", appID)
	if err := b.registerCommands(ctx, b.session, appID); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	<-ctx.Done()
	grace, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.ShutdownGrace)
	defer cancel()
	b.Shutdown(grace)
	b.log.Info("stopped")
	return nil
}

// outcome is how an answer ended, for metrics.
func outcome(ans *bot.Answer) string {
	if ans.Abstained {
		return metrics.OutcomeAbstained
	}
	return metrics.OutcomeAnswered
}
