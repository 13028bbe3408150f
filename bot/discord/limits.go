package discord

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
	"golang.org/x/time/rate"
)

// userLimiter allows each user a number of questions a minute (a token
// bucket per user, so a short burst is fine but a flood is not).
type userLimiter struct {
	perMinute int    // <= 0: no limit
	key       string // prefix keeping this allowance apart from others in the shared state
	mu        sync.Mutex
	users     map[string]*userBucket
	lastSweep time.Time
	notices   *notices // when refused users were last told, here or by the shared state
}

type userBucket struct {
	lim      *rate.Limiter
	lastUsed time.Time
}

func newUserLimiter(key string, perMinute int) *userLimiter {
	return &userLimiter{perMinute: perMinute, key: key, users: map[string]*userBucket{}, notices: newNotices()}
}

// allow takes one question from the user's allowance. When it is spent, it
// returns how long until the next question is allowed, and whether the user
// should be told (at most once per wait, so a flood of messages does not get
// a flood of notices).
func (l *userLimiter) allow(user string, now time.Time) (ok bool, wait time.Duration, notify bool) {
	if l.perMinute <= 0 {
		return true, 0, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	u := l.users[user]
	if u == nil {
		u = &userBucket{lim: rate.NewLimiter(rate.Every(time.Minute/time.Duration(l.perMinute)), l.perMinute)}
		l.users[user] = u
	}
	u.lastUsed = now
	r := u.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d, l.notices.due(user, now, d)
	}
	return true, 0, false
}

// sweep forgets users idle for long enough that their bucket is full again,
// so the map does not grow with every user ever seen.
func (l *userLimiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < time.Minute {
		return
	}
	l.lastSweep = now
	for id, u := range l.users {
		if now.Sub(u.lastUsed) > 2*time.Minute {
			delete(l.users, id)
		}
	}
}

// queueNotice tells a user whose question waits for a slot how many
// questions are ahead of theirs.
func queueNotice(ahead int) string {
	switch ahead {
	case 0:
		return "⏳ Many questions right now: yours is next…"
	case 1:
		return "⏳ Many questions right now: yours is next after 1 more question…"
	}
	return fmt.Sprintf("⏳ Many questions right now: yours is next after %d more questions…", ahead)
}

// errBusy means the queue of waiting questions is full.
var errBusy = errors.New("too many questions waiting")

// gate caps how many answers are composed at once; others wait in a bounded
// queue and get their turn strictly in arrival order (a semaphore.Weighted
// serves its waiters first-in-first-out and gives up when their context
// ends).
type gate struct {
	sem      *semaphore.Weighted
	mu       sync.Mutex
	waiting  int
	maxQueue int
}

func newGate(concurrent, queue int) *gate {
	return &gate{sem: semaphore.NewWeighted(int64(concurrent)), maxQueue: queue}
}

// acquire waits for a slot. queued, when not nil, is called with the number
// of questions ahead when the caller has to wait; it runs while the caller
// already holds its place in the queue (telling the user is a REST call,
// and must not cost the place), and acquire returns only after it did, so
// the notice never lands after the answer's first edit.
func (g *gate) acquire(ctx context.Context, queued func(ahead int)) (release func(), err error) {
	if g.sem.TryAcquire(1) {
		return g.release, nil
	}
	g.mu.Lock()
	if g.waiting >= g.maxQueue {
		g.mu.Unlock()
		return nil, errBusy
	}
	ahead := g.waiting
	g.waiting++
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		g.waiting--
		g.mu.Unlock()
	}()
	noticed := make(chan struct{})
	if queued != nil {
		go func() {
			defer close(noticed)
			queued(ahead)
		}()
	} else {
		close(noticed)
	}
	err = g.sem.Acquire(ctx, 1)
	<-noticed
	if err != nil {
		return nil, err
	}
	return g.release, nil
}

func (g *gate) release() { g.sem.Release(1) }

// tryAcquire takes a free slot if there is one and nobody waits for it.
func (g *gate) tryAcquire() (release func(), ok bool) {
	if g.sem.TryAcquire(1) {
		return g.release, true
	}
	return nil, false
}
