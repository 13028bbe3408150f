package discord

import (
	"container/list"
	"context"
	"errors"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot"
)

// memory remembers recent conversations so follow-ups work: by the id of
// the bot's answer message (a reply to it continues that conversation) and by
// thread (a message in a thread the bot answered in, from the person who
// asked there last, continues the thread's latest conversation). It is
// bounded in size and age.
type memory struct {
	mu      sync.Mutex
	max     int
	ttl     time.Duration
	order   *list.List // of *memEntry, most recent at the front
	entries map[string]*list.Element
	shared  SharedState // when set, conversations are kept there too (scale.go)
}

type memEntry struct {
	key  string
	conv conversation
	at   time.Time
}

// conversation is what a follow-up continues: the earlier turns, and who
// asked the last question.
type conversation struct {
	turns []bot.Turn
	asker string // user id
}

func newMemory(max int, ttl time.Duration) *memory {
	return &memory{max: max, ttl: ttl, order: list.New(), entries: map[string]*list.Element{}}
}

func msgKey(id string) string    { return "m:" + id }
func threadKey(id string) string { return "t:" + id }

func (m *memory) putLocal(key string, conv conversation, now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.entries[key]; ok {
		m.order.Remove(e)
	}
	m.entries[key] = m.order.PushFront(&memEntry{key: key, conv: conv, at: now})
	for m.order.Len() > m.max {
		last := m.order.Back()
		m.order.Remove(last)
		delete(m.entries, last.Value.(*memEntry).key)
	}
}

func (m *memory) getLocal(key string, now time.Time) (conversation, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok {
		return conversation{}, false
	}
	me := e.Value.(*memEntry)
	if now.Sub(me.at) > m.ttl {
		m.order.Remove(e)
		delete(m.entries, key)
		return conversation{}, false
	}
	return me.conv, true
}

// appendTurn returns history plus t, keeping the last max turns, in a new
// slice (histories are shared between memory entries).
func appendTurn(history []bot.Turn, t bot.Turn, max int) []bot.Turn {
	out := make([]bot.Turn, 0, len(history)+1)
	out = append(out, history...)
	out = append(out, t)
	if len(out) > max {
		out = out[len(out)-max:]
	}
	return out
}

// channelCache remembers what kind of channel an id is (thread or not, and
// its parent), at the cost of one REST call per channel. A channel the
// gateway's state holds (local) costs no request and is not remembered:
// the state keeps it current, and busy channels of the bot's own guilds
// would crowd out the ones that cost a request. A channel the bot could not
// see (403, 404) is remembered as unknown for failTTL only: the bot may be
// given access, or added to a thread, later.
type channelCache struct {
	mu      sync.Mutex
	max     int
	failTTL time.Duration
	m       map[string]channelEntry
	fetch   func(ctx context.Context, id string) (*discordgo.Channel, error)
	local   func(id string) *discordgo.Channel // a copy of the gateway state's channel, or nil; nil: none
	now     func() time.Time                   // time.Now; tests set a fake clock
}

type channelEntry struct {
	ch *discordgo.Channel // nil: the lookup failed
	at time.Time          // when it was looked up
}

// channelFailTTL is how long a failed channel lookup is trusted.
const channelFailTTL = time.Minute

// newChannelCache looks channels up with fetch (GET /channels/{id}).
func newChannelCache(max int, failTTL time.Duration, fetch func(ctx context.Context, id string) (*discordgo.Channel, error)) *channelCache {
	return &channelCache{max: max, failTTL: failTTL, m: map[string]channelEntry{}, fetch: fetch, now: time.Now}
}

// get returns the channel, or nil when it cannot be found.
func (c *channelCache) get(ctx context.Context, id string) *discordgo.Channel {
	if c.local != nil {
		if ch := c.local(id); ch != nil {
			return ch
		}
	}
	c.mu.Lock()
	e, ok := c.m[id]
	fresh := ok && (e.ch != nil || c.now().Sub(e.at) < c.failTTL)
	c.mu.Unlock()
	if fresh {
		return e.ch
	}
	ch, err := c.fetch(ctx, id)
	var re *discordgo.RESTError
	if err != nil && !(errors.As(err, &re) && re.Response != nil && (re.Response.StatusCode == 403 || re.Response.StatusCode == 404)) {
		return nil // transient: ask again next time
	}
	if err != nil {
		ch = nil // a channel the bot cannot see is unknown, for a while
	}
	c.mu.Lock()
	if _, ok := c.m[id]; !ok && len(c.m) >= c.max {
		clear(c.m) // rare; a refill costs one request per channel
	}
	c.m[id] = channelEntry{ch: ch, at: c.now()}
	c.mu.Unlock()
	return ch
}
