// Package shared keeps in Redis the state that every talkbot process serving
// one bot must agree on: each user's question allowance, the cap on answers
// composed at once, and the conversations follow-ups continue.
//
// Redis may go away at any time. Every method then returns an error wrapping
// ErrUnavailable at once (after the first failure it does not try Redis
// again for a second, so a dead server costs no time per question), the
// caller falls back to its per-process limits, and the Store logs one
// warning per outage and one line when Redis is back.
package shared

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/talkbot/talkbot/bot/metrics"
	"github.com/talkbot/talkbot/bot/openaiapi"
)

// ErrUnavailable means Redis could not be reached: use per-process limits.
var ErrUnavailable = errors.New("redis unavailable")

// Options tune a Store; the zero value is fine.
type Options struct {
	Prefix   string           // key prefix; "" means "talkbot:"
	LeaseTTL time.Duration    // how long a held slot outlives a crashed process; 0 means 30 s
	Logger   *slog.Logger     // nil discards logs
	Metrics  *metrics.Metrics // nil records nothing
	// Cooldown is how long after a failure Redis is not asked again;
	// 0 means 1 s.
	Cooldown time.Duration
	// Timeout bounds each request (dial, write, read); 0 means 500 ms, as
	// limits are checked before an acknowledgement Discord wants within 3 s.
	Timeout time.Duration
}

// Store is the shared state of all processes using one Redis.
type Store struct {
	rdb    *redis.Client
	rate   *redis_rate.Limiter
	prefix string
	ttl    time.Duration
	cool   time.Duration
	log    *slog.Logger
	met    *metrics.Metrics
	self   string // this process's id, in slot lease names

	mu        sync.Mutex
	down      bool
	retryAt   time.Time
	leaseSeq  atomic.Uint64
	acquireSc *redis.Script
	renewSc   *redis.Script
}

// Open makes a Store for the Redis at rawURL (redis://[user:password@]host:port/db,
// rediss:// for TLS). It does not connect: an unreachable Redis is an outage
// to ride out, not a reason not to start.
func Open(rawURL string, opts Options) (*Store, error) {
	o, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %q is not a Redis URL (redis://[:password@]host:6379/0)", openaiapi.RedactURL(rawURL))
	}
	// Limits are checked before a question is acknowledged, within Discord's
	// 3 s: a Redis that does not answer at once counts as down.
	if opts.Timeout <= 0 {
		opts.Timeout = 500 * time.Millisecond
	}
	o.DialTimeout, o.ReadTimeout, o.WriteTimeout = opts.Timeout, opts.Timeout, opts.Timeout
	// One retry: a pooled connection to a Redis that restarted fails once.
	o.MaxRetries = 1
	o.DialerRetries = 1
	o.ContextTimeoutEnabled = true
	if opts.Prefix == "" {
		opts.Prefix = "talkbot:"
	}
	if opts.LeaseTTL <= 0 {
		opts.LeaseTTL = 30 * time.Second
	}
	if opts.Cooldown <= 0 {
		opts.Cooldown = time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	rdb := redis.NewClient(o)
	var id [6]byte
	crand.Read(id[:])
	return &Store{
		rdb: rdb, rate: redis_rate.NewLimiter(rdb), prefix: opts.Prefix, ttl: opts.LeaseTTL, cool: opts.Cooldown,
		log: opts.Logger, met: opts.Metrics, self: hex.EncodeToString(id[:]),
		acquireSc: redis.NewScript(acquireLua), renewSc: redis.NewScript(renewLua),
	}, nil
}

// RedisLogsTo sends go-redis's own log lines (it logs every failed dial) to
// log at debug level: the Store reports an outage once by itself. go-redis
// keeps its logger in a package variable, so this is for the whole process:
// call it once, from main.
func RedisLogsTo(log *slog.Logger) { redis.SetLogger(printfLogger{log}) }

type printfLogger struct{ log *slog.Logger }

func (p printfLogger) Printf(ctx context.Context, format string, v ...any) {
	p.log.DebugContext(ctx, strings.TrimSpace(fmt.Sprintf(format, v...)), "component", "go-redis")
}

// Close closes the connections.
func (s *Store) Close() error { return s.rdb.Close() }

// Ping reports whether Redis answers (for readiness checks).
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	return nil
}

// Check pings Redis once, at start-up, so that a Redis down from the start
// is reported then, not with the first question. When it does not answer,
// the outage begins now, as one a question would find: one warning, the
// outage counted, per-process limits until Redis is back (and one line
// then). The error is for the caller to go on without Redis: start anyway.
func (s *Store) Check(ctx context.Context) error {
	return s.try(ctx, "at start", func(ctx context.Context) error { return s.rdb.Ping(ctx).Err() })
}

// do runs fn against Redis unless Redis is known to be down, and keeps track
// of outages. kind names the decision for the fallback metric.
func (s *Store) do(ctx context.Context, kind string, fn func(ctx context.Context) error) error {
	s.mu.Lock()
	skip := s.down && time.Now().Before(s.retryAt)
	s.mu.Unlock()
	if skip {
		s.met.Fallback(kind)
		return ErrUnavailable
	}
	err := s.try(ctx, "", fn)
	if errors.Is(err, ErrUnavailable) {
		s.met.Fallback(kind)
	}
	return err
}

// try runs fn against Redis and keeps track of outages: a success (or a
// missing key) ends one, a failure starts one, unless ctx ended first,
// which says nothing about Redis and is returned as ctx's error. when says
// when a failure was found, for the log ("at start"), or "".
func (s *Store) try(ctx context.Context, when string, fn func(ctx context.Context) error) error {
	err := fn(ctx)
	if err == nil || errors.Is(err, redis.Nil) {
		s.reachable()
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err() // the caller gave up; says nothing about Redis
	}
	s.unreachable(err, when)
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// reachable ends an outage, with one line.
func (s *Store) reachable() {
	s.mu.Lock()
	was := s.down
	s.down = false
	s.mu.Unlock()
	if was {
		s.log.Info("Redis is reachable again: limits are shared again")
	}
}

// unreachable records a failure: Redis is not asked again for the
// cooldown, and the first failure of an outage is logged and counted.
// when says when it was found ("at start"), or "".
func (s *Store) unreachable(err error, when string) {
	s.mu.Lock()
	first := !s.down
	s.down = true
	s.retryAt = time.Now().Add(s.cool)
	s.mu.Unlock()
	if first {
		msg := "Redis is unreachable: using per-process limits until it is back"
		if when != "" {
			msg = "Redis is unreachable " + when + ": starting with per-process limits until it is back"
		}
		s.log.Warn(msg, "err", err)
		s.met.RedisOutage()
	}
}

// Allow takes one question from user's allowance of perMinute a minute
// (a burst of perMinute, then one every minute/perMinute: the same shape as
// the per-process limiter). When it is spent, ok is false and wait says when
// the next question is allowed.
func (s *Store) Allow(ctx context.Context, user string, perMinute int) (ok bool, wait time.Duration, err error) {
	if perMinute <= 0 {
		return true, 0, nil
	}
	var res *redis_rate.Result
	err = s.do(ctx, metrics.FallbackRate, func(ctx context.Context) error {
		var err error
		res, err = s.rate.Allow(ctx, s.prefix+"rate:"+user, redis_rate.PerMinute(perMinute))
		return err
	})
	if err != nil {
		return false, 0, err
	}
	if res.Allowed == 0 {
		return false, res.RetryAfter, nil
	}
	return true, 0, nil
}

// acquireLua takes a slot when fewer than ARGV[2] leases are live. Leases are
// members of a sorted set scored by their expiry in Redis's own clock, so
// processes need no synchronised clocks and a crashed process's slots free
// themselves after the lease TTL.
//
// KEYS[1] the set; ARGV: lease id, max, ttl in ms.
const acquireLua = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
  return 1
end
return 0
`

// renewLua extends a live lease; 0 means it was lost (expired, or Redis
// restarted empty).
const renewLua = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return n
`

// Acquire waits for one of max slots shared by every process (named by
// pool), polling while all are taken, and returns the function that frees
// it. queued, when not nil, is called once if the caller has to wait. The lease is renewed while held, so a long answer keeps its slot and a
// crashed process's slot frees itself. An error wrapping ErrUnavailable
// means Redis went away: go on with per-process limits.
func (s *Store) Acquire(ctx context.Context, pool string, max int, queued func()) (release func(), err error) {
	key := s.prefix + "slots:" + pool
	lease := fmt.Sprintf("%s-%d", s.self, s.leaseSeq.Add(1))
	ttl := s.ttl.Milliseconds()
	backoff := 10 * time.Millisecond
	for {
		var got int64
		err := s.do(ctx, metrics.FallbackSlot, func(ctx context.Context) error {
			var err error
			got, err = s.acquireSc.Run(ctx, s.rdb, []string{key}, lease, max, ttl).Int64()
			return err
		})
		if err != nil {
			return nil, err
		}
		if got == 1 {
			break
		}
		if queued != nil {
			queued()
			queued = nil
		}
		// Jittered, growing polls: waiters in many processes do not ask in
		// step, and a long wait costs Redis little.
		d := backoff/2 + rand.N(backoff/2+1)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		backoff = min(backoff*2, 200*time.Millisecond)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(s.ttl / 3)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				rctx, cancel := context.WithTimeout(context.Background(), time.Second)
				n, err := s.renewSc.Run(rctx, s.rdb, []string{key}, lease, ttl).Int64()
				cancel()
				if err == nil && n == 0 {
					s.log.Debug("slot lease lost (expired, or Redis restarted)", "lease", lease)
				}
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(stop)
			<-done
			rctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			// Best effort: a lease not removed expires with its TTL.
			s.rdb.ZRem(rctx, key, lease)
		})
	}, nil
}

// Load returns the value saved under key (a conversation), if any.
func (s *Store) Load(ctx context.Context, key string) ([]byte, bool, error) {
	var raw []byte
	err := s.do(ctx, metrics.FallbackMemory, func(ctx context.Context) error {
		var err error
		raw, err = s.rdb.Get(ctx, s.prefix+"conv:"+key).Bytes()
		return err
	})
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return raw, true, nil
}

// Save keeps value under key for ttl.
func (s *Store) Save(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	return s.do(ctx, metrics.FallbackMemory, func(ctx context.Context) error {
		return s.rdb.Set(ctx, s.prefix+"conv:"+key, value, ttl).Err()
	})
}
