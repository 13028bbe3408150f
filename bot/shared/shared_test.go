package shared

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/talkbot/talkbot/bot/shared/redistest"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestMain(m *testing.M) {
	RedisLogsTo(slog.New(slog.DiscardHandler))
	os.Exit(m.Run())
}

func open(t *testing.T, url string, opts Options) *Store {
	t.Helper()
	s, err := Open(url, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpenBadURL(t *testing.T) {
	for _, u := range []string{"http://x", "redis://u:hunter2@host:notaport/0", "::", "redis://host:6379/0?password=hunter2&db=x"} {
		_, err := Open(u, Options{})
		if err == nil || !strings.HasPrefix(err.Error(), "REDIS_URL: ") || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Open(%q) = %v; want a REDIS_URL error without the password", u, err)
		}
	}
}

// TestAllowAcrossProcesses: two stores (two processes) share one user's
// allowance on a real redis-server.
func TestAllowAcrossProcesses(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	a, b := open(t, srv.URL, Options{}), open(t, srv.URL, Options{})
	ctx := context.Background()
	stores := []*Store{a, b, a, b}
	for i, s := range stores {
		ok, wait, err := s.Allow(ctx, "u1", 3)
		if err != nil {
			t.Fatal(err)
		}
		if want := i < 3; ok != want {
			t.Fatalf("question %d: allowed %v, want %v", i+1, ok, want)
		}
		if !ok && (wait <= 0 || wait > 20*time.Second) {
			t.Errorf("question %d: wait %v, want about 20 s (one question every 60/3 s)", i+1, wait)
		}
	}
	if ok, _, err := b.Allow(ctx, "u2", 3); !ok || err != nil {
		t.Errorf("another user was refused: %v %v", ok, err)
	}
	if ok, _, err := a.Allow(ctx, "u1", 0); !ok || err != nil {
		t.Errorf("no limit (0) refused: %v %v", ok, err)
	}
}

// TestAcquireCapAcrossProcesses: the cap on slots holds over two stores.
func TestAcquireCapAcrossProcesses(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	a, b := open(t, srv.URL, Options{}), open(t, srv.URL, Options{})
	ctx := context.Background()
	r1, err := a.Acquire(ctx, "answers", 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := b.Acquire(ctx, "answers", 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Both slots are taken: a third waits until its context ends.
	short, cancel := context.WithTimeout(ctx, 150*time.Millisecond)
	waited := 0
	_, err = a.Acquire(short, "answers", 2, func() { waited++ })
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) || waited != 1 {
		t.Fatalf("third acquire: %v, queued called %d times; want it to wait (once told) until its deadline", err, waited)
	}
	// Another pool is independent.
	r3, err := b.Acquire(ctx, "other", 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	r3()
	got := make(chan error, 1)
	go func() {
		r, err := b.Acquire(ctx, "answers", 2, nil)
		if err == nil {
			r()
		}
		got <- err
	}()
	r1() // frees a slot for the waiter in the other process
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	r1() // twice is harmless
	r2()
}

// TestCrashedProcessSlotExpires: a process that dies holding a slot stops
// renewing its lease, and the slot frees itself after the lease TTL.
func TestCrashedProcessSlotExpires(t *testing.T) {
	t.Parallel()
	mr := miniredis.RunT(t)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	mr.SetTime(now)
	url := "redis://" + mr.Addr() + "/0"
	crashed := open(t, url, Options{LeaseTTL: 30 * time.Second})
	alive := open(t, url, Options{LeaseTTL: 30 * time.Second})
	ctx := context.Background()
	if _, err := crashed.Acquire(ctx, "answers", 1, nil); err != nil {
		t.Fatal(err)
	}
	crashed.Close() // the process is gone; its lease is not renewed
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	_, err := alive.Acquire(short, "answers", 1, nil)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("acquire while the lease is live: %v, want a wait", err)
	}
	mr.SetTime(now.Add(31 * time.Second))
	release, err := alive.Acquire(ctx, "answers", 1, nil)
	if err != nil {
		t.Fatalf("acquire after the lease expired: %v", err)
	}
	release()
}

// TestOutage: with redis-server killed, every call fails fast with
// ErrUnavailable and one warning is logged for the outage; once it is back,
// the store uses it again and says so.
func TestOutage(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	var logs syncBuffer
	s := open(t, srv.URL, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil)), Cooldown: time.Nanosecond})
	ctx := context.Background()
	if ok, _, err := s.Allow(ctx, "u", 5); !ok || err != nil {
		t.Fatalf("before the outage: %v %v", ok, err)
	}
	srv.Kill()
	for range 3 {
		if _, _, err := s.Allow(ctx, "u", 5); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("Allow during the outage: %v, want ErrUnavailable", err)
		}
		if _, err := s.Acquire(ctx, "answers", 4, nil); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("Acquire during the outage: %v, want ErrUnavailable", err)
		}
		if _, _, err := s.Load(ctx, "t:1"); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("Load during the outage: %v, want ErrUnavailable", err)
		}
	}
	if s.Ping(ctx) == nil {
		t.Error("Ping succeeded with Redis down")
	}
	if n := strings.Count(logs.String(), "Redis is unreachable"); n != 1 {
		t.Errorf("%d outage warnings, want 1:\n%s", n, logs.String())
	}
	srv.Restart()
	// go-redis redials a pool that failed often once a second in the
	// background: wait for the store to see Redis again.
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, _, err := s.Allow(ctx, "u", 5)
		if ok && err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("10 s after the restart: %v %v", ok, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "Redis is reachable again") {
		t.Errorf("no recovery line:\n%s", logs.String())
	}
}

// TestCooldown: after a failure Redis is not asked again for the cooldown,
// so a dead Redis costs nothing per question.
func TestCooldown(t *testing.T) {
	t.Parallel()
	mr := miniredis.RunT(t)
	s := open(t, "redis://"+mr.Addr()+"/0", Options{Cooldown: time.Hour})
	ctx := context.Background()
	mr.SetError("LOADING Redis is loading the dataset in memory")
	if _, _, err := s.Allow(ctx, "u", 5); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("first failure: %v", err)
	}
	mr.SetError("")
	before := mr.TotalConnectionCount()
	cmds := mr.CommandCount()
	if _, _, err := s.Allow(ctx, "u", 5); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("within the cooldown: %v, want ErrUnavailable without asking Redis", err)
	}
	if mr.CommandCount() != cmds || mr.TotalConnectionCount() != before {
		t.Error("Redis was asked during the cooldown")
	}
}

func TestLoadSave(t *testing.T) {
	t.Parallel()
	mr := miniredis.RunT(t)
	a := open(t, "redis://"+mr.Addr()+"/0", Options{})
	b := open(t, "redis://"+mr.Addr()+"/0", Options{})
	ctx := context.Background()
	if _, ok, err := a.Load(ctx, "t:1"); ok || err != nil {
		t.Fatalf("unknown conversation: %v %v", ok, err)
	}
	want := `{"turns":[{"Question":"When did they meet?","Answer":"On Feb. 18 [1]."}]}`
	if err := a.Save(ctx, "t:1", []byte(want), time.Hour); err != nil {
		t.Fatal(err)
	}
	got, ok, err := b.Load(ctx, "t:1")
	if err != nil || !ok || string(got) != want {
		t.Fatalf("Load from the other process = %q %v %v", got, ok, err)
	}
	mr.FastForward(2 * time.Hour)
	if _, ok, _ := b.Load(ctx, "t:1"); ok {
		t.Error("a conversation outlived its TTL")
	}
}

// TestCheckAtStart: a Redis down at start-up is reported by Check, once;
// the questions that follow go per process without a second warning, and
// the recovery is logged when Redis is back.
func TestCheckAtStart(t *testing.T) {
	t.Parallel()
	mr := miniredis.RunT(t)
	var logs syncBuffer
	s := open(t, "redis://"+mr.Addr()+"/0", Options{Logger: slog.New(slog.NewTextHandler(&logs, nil)), Cooldown: time.Nanosecond})
	ctx := context.Background()
	mr.SetError("LOADING Redis is loading the dataset in memory")
	if err := s.Check(ctx); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Check with Redis down = %v, want ErrUnavailable", err)
	}
	if n := strings.Count(logs.String(), "Redis is unreachable at start"); n != 1 {
		t.Fatalf("%d start-up warnings, want 1:\n%s", n, logs.String())
	}
	if _, _, err := s.Allow(ctx, "u", 5); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Allow with Redis down: %v, want ErrUnavailable", err)
	}
	if n := strings.Count(logs.String(), "Redis is unreachable"); n != 1 {
		t.Errorf("%d outage warnings, want the start-up one alone:\n%s", n, logs.String())
	}
	mr.SetError("")
	if ok, _, err := s.Allow(ctx, "u", 5); !ok || err != nil {
		t.Fatalf("Allow with Redis back: %v %v", ok, err)
	}
	if !strings.Contains(logs.String(), "Redis is reachable again") {
		t.Errorf("no recovery line:\n%s", logs.String())
	}

	var quiet syncBuffer
	up := open(t, "redis://"+mr.Addr()+"/0", Options{Logger: slog.New(slog.NewTextHandler(&quiet, nil))})
	if err := up.Check(ctx); err != nil || quiet.String() != "" {
		t.Errorf("Check with Redis up = %v, logs %q; want nil and nothing logged", err, quiet.String())
	}
}

// TestKeysAndACL: every key the store writes is under the prefix, but for
// the rate limiter's, which github.com/go-redis/redis_rate prefixes with
// "rate:" itself (it has no option to change it); and the Redis ACL the
// README gives for these keys lets the store do all it does.
func TestKeysAndACL(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	ctx := context.Background()
	admin := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer admin.Close()
	// The README's rule, word for word.
	acl := "on >s3cret ~talkbot:* ~rate:talkbot:* resetchannels -@all +@connection +@read +@write +@scripting +time"
	if err := admin.Do(ctx, append([]any{"ACL", "SETUSER", "talkbot"}, anySlice(strings.Fields(acl))...)...).Err(); err != nil {
		t.Fatal(err)
	}
	s := open(t, "redis://talkbot:s3cret@"+srv.Addr+"/0", Options{})
	if err := s.Check(ctx); err != nil {
		t.Fatalf("Check as the ACL user: %v", err)
	}
	if ok, _, err := s.Allow(ctx, "300000000000000001", 5); !ok || err != nil {
		t.Fatalf("Allow as the ACL user: %v %v", ok, err)
	}
	if ok, _, err := s.Allow(ctx, "suggest:300000000000000001", 60); !ok || err != nil {
		t.Fatalf("Allow (suggestions) as the ACL user: %v %v", ok, err)
	}
	release, err := s.Acquire(ctx, "answers", 4, nil)
	if err != nil {
		t.Fatalf("Acquire as the ACL user: %v", err)
	}
	if err := s.Save(ctx, "t:1", []byte("{}"), time.Minute); err != nil {
		t.Fatalf("Save as the ACL user: %v", err)
	}
	if _, ok, err := s.Load(ctx, "t:1"); !ok || err != nil {
		t.Fatalf("Load as the ACL user: %v %v", ok, err)
	}
	keys, err := admin.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(keys)
	want := []string{"rate:talkbot:rate:300000000000000001", "rate:talkbot:rate:suggest:300000000000000001", "talkbot:conv:t:1", "talkbot:slots:answers"}
	if !slices.Equal(keys, want) {
		t.Errorf("keys %q, want %q (update the README's Redis part)", keys, want)
	}
	release()
	if err := admin.Do(ctx, "ACL", "SETUSER", "talkbot", "~other:*", "resetkeys", "~other:*").Err(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Load(ctx, "t:1"); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Load with the keys outside the ACL = %v, want a failure (the ACL is enforced)", err)
	}
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
