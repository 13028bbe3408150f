package discord

import (
	"container/list"
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/talkbot/talkbot/retrieval/timeline"
)

// corpusVersioner is implemented by a Timeline whose corpus can change
// while the bot runs (a live reload): the version must change with the
// corpus. Without it the corpus is taken as fixed.
type corpusVersioner interface {
	CorpusVersion() uint64
}

// timelineCache keeps filtered timelines per corpus version: a topic filter
// searches every passage (seconds on a large corpus), and page turns and
// repeated topics should cost nothing. Concurrent identical queries are
// computed once. It is bounded in entries, least recently used out.
type timelineCache struct {
	mu      sync.Mutex
	max     int
	order   *list.List // of *tlEntry, most recent at the front
	entries map[timelineKey]*list.Element
	group   singleflight.Group
}

type timelineKey struct {
	version  uint64
	topic    string // lower case, spaces folded
	from, to string // YYYY-MM-DD or ""
}

type tlEntry struct {
	key    timelineKey
	events []timeline.Event
}

func newTimelineCache(max int) *timelineCache {
	return &timelineCache{max: max, order: list.New(), entries: map[timelineKey]*list.Element{}}
}

func (b *Bot) timelineKey(q timelineQuery) timelineKey {
	k := timelineKey{topic: strings.Join(strings.Fields(strings.ToLower(q.Topic)), " ")}
	if v, ok := b.tl.(corpusVersioner); ok {
		k.version = v.CorpusVersion()
	}
	if !q.From.IsZero() {
		k.from = q.From.Format("2006-01-02")
	}
	if !q.To.IsZero() {
		k.to = q.To.Format("2006-01-02")
	}
	return k
}

func (c *timelineCache) get(k timelineKey) ([]timeline.Event, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*tlEntry).events, true
}

func (c *timelineCache) put(k timelineKey, events []timeline.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[k]; ok {
		c.order.Remove(e)
	}
	c.entries[k] = c.order.PushFront(&tlEntry{key: k, events: events})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*tlEntry).key)
	}
}

// cachedTimeline returns the filtered timeline if it is cached.
func (b *Bot) cachedTimeline(q timelineQuery) ([]timeline.Event, bool) {
	return b.timelines.get(b.timelineKey(q))
}

// timelineEvents returns the filtered timeline, from the cache or computed
// in the same queue as answers (queued is told the place, as for /ask).
func (b *Bot) timelineEvents(ctx context.Context, q timelineQuery, queued func(ahead int)) ([]timeline.Event, error) {
	k := b.timelineKey(q)
	if ev, ok := b.timelines.get(k); ok {
		return ev, nil
	}
	key := strconv.FormatUint(k.version, 10) + "\x00" + k.topic + "\x00" + k.from + "\x00" + k.to
	for {
		v, err := b.sharedTimeline(ctx, key, k, q, queued)
		// The shared computation runs under the context of whoever started
		// it: when that caller gave up, the others wait their own turn.
		if err != nil && ctx.Err() == nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
			continue
		}
		return v, err
	}
}

// sharedTimeline computes the filtered timeline once for identical
// concurrent requests.
func (b *Bot) sharedTimeline(ctx context.Context, key string, k timelineKey, q timelineQuery, queued func(ahead int)) ([]timeline.Event, error) {
	v, err, _ := b.timelines.group.Do(key, func() (any, error) {
		if ev, ok := b.timelines.get(k); ok {
			return ev, nil
		}
		release, err := b.gate.acquire(ctx, queued)
		if err != nil {
			return nil, err
		}
		defer release()
		ev, err := b.tl.Events(ctx, timeline.Filter{Topic: q.Topic, From: q.From, To: q.To})
		if err != nil {
			return nil, err
		}
		b.timelines.put(k, ev)
		return ev, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]timeline.Event), nil
}
