package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// ShardAuto as Config.ShardCount asks Discord how many shards the bot needs
// (GET /gateway/bot) and runs them all in this process.
const ShardAuto = -1

// identifyWindow is Discord's identify rate limit: max_concurrency shards
// may identify per window (Config.identifyWindow shortens it in tests).
const identifyWindow = 5 * time.Second

// shards are the bot's gateway connections. Discord sends a guild's events
// to shard (guild_id >> 22) % count and direct messages to shard 0, so a
// conversation always stays on one shard.
type shards struct {
	log      *slog.Logger
	mu       sync.Mutex
	sessions []*discordgo.Session
	up       []bool
	// live: opened and not yet being closed. Only then is a connect or
	// disconnect news for the log: a failed start is said by Run's error,
	// and closing the shards ourselves is no outage.
	live bool
}

// set records shard i's connection coming up or going down (its Connect
// and Disconnect events).
func (sh *shards) set(i int, up bool) {
	sh.mu.Lock()
	sh.up[i] = up
	live := sh.live
	sh.mu.Unlock()
	switch {
	case !live:
	case up:
		sh.log.Info("gateway connected", "shard", i)
	default:
		sh.log.Warn("gateway disconnected", "shard", i)
	}
}

// ready is nil when every shard is connected.
func (sh *shards) ready() error {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if len(sh.sessions) == 0 {
		return errors.New("gateway not started")
	}
	var down []int
	for i, up := range sh.up {
		if !up {
			down = append(down, i)
		}
	}
	switch {
	case len(down) == 0:
		return nil
	case len(sh.sessions) == 1:
		return errors.New("gateway disconnected")
	}
	return fmt.Errorf("gateway shards %v of %d disconnected", down, len(sh.sessions))
}

// shardPlan is which shards this process runs: ids of count, identifying
// concurrency at a time.
type shardPlan struct {
	ids         []int
	count       int
	concurrency int
}

// planShards decides the shards from the configuration, asking Discord for
// ShardAuto.
func (b *Bot) planShards(ctx context.Context) (shardPlan, error) {
	switch {
	case b.cfg.ShardCount == ShardAuto:
		gb, err := b.session.GatewayBot(discordgo.WithContext(ctx))
		if err != nil {
			return shardPlan{}, fmt.Errorf("ask Discord for the shard count (GET /gateway/bot): %w", describeREST(err))
		}
		n := max(gb.Shards, 1)
		p := shardPlan{count: n, concurrency: max(gb.SessionStartLimit.MaxConcurrency, 1)}
		for i := range n {
			p.ids = append(p.ids, i)
		}
		b.log.Info("sharding: Discord recommends", "shards", n, "max_concurrency", p.concurrency)
		return p, nil
	case b.cfg.ShardCount > 1:
		return shardPlan{ids: []int{b.cfg.ShardID}, count: b.cfg.ShardCount, concurrency: 1}, nil
	}
	return shardPlan{ids: []int{0}, count: 1, concurrency: 1}, nil
}

// openShards connects every planned shard: the bot's own session is the
// first, the others are sessions of their own with the same handlers. At
// most concurrency shards identify per identify window. On failure the
// shards opened so far are closed.
func (b *Bot) openShards(ctx context.Context) (*shards, error) {
	plan, err := b.planShards(ctx)
	if err != nil {
		return nil, err
	}
	sh := &shards{log: b.log, up: make([]bool, len(plan.ids))}
	for i, id := range plan.ids {
		s := b.session
		if i > 0 {
			if s, err = b.newSession(); err != nil {
				return nil, err
			}
		}
		if plan.count > 1 {
			s.ShardID, s.ShardCount = id, plan.count
		}
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) { sh.set(i, true) })
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) { sh.set(i, false) })
		sh.sessions = append(sh.sessions, s)
	}
	for start := 0; start < len(sh.sessions); start += plan.concurrency {
		if start > 0 {
			window := identifyWindow
			if b.cfg.identifyWindow > 0 {
				window = b.cfg.identifyWindow
			}
			t := time.NewTimer(window)
			select {
			case <-ctx.Done():
				t.Stop()
				sh.close()
				return nil, ctx.Err()
			case <-t.C:
			}
		}
		end := min(start+plan.concurrency, len(sh.sessions))
		errs := make([]error, end-start)
		var wg sync.WaitGroup
		for i := start; i < end; i++ {
			wg.Go(func() { errs[i-start] = sh.sessions[i].Open() })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			sh.close()
			return nil, err
		}
		// Open returns after READY; the Connect event's handler runs on a
		// goroutine of its own and may come later.
		for i := start; i < end; i++ {
			sh.set(i, true)
		}
		if plan.count > 1 {
			b.log.Info("gateway shards connected", "shards", fmt.Sprint(plan.ids[start:end]), "of", plan.count)
		}
	}
	sh.mu.Lock()
	sh.live = true
	sh.mu.Unlock()
	return sh, nil
}

// close closes every shard's connection.
func (sh *shards) close() {
	sh.mu.Lock()
	sh.live = false
	sh.mu.Unlock()
	for _, s := range sh.sessions {
		if err := s.Close(); err != nil {
			sh.log.Warn("closing the gateway", "err", err)
		}
	}
}
