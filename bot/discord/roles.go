package discord

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// botRoleCache remembers, per guild, the bot's own managed role: the role
// Discord creates for a bot when it joins, which users may mention
// (@talkbot in the role list of the mention picker) instead of the bot
// user. Finding it costs two REST calls per guild (the bot's member and the
// guild's roles); it is looked up only for messages that mention roles.
type botRoleCache struct {
	mu    sync.Mutex
	m     map[string]botRoleEntry
	fetch func(ctx context.Context, guildID, botID string) (string, error)
	now   func() time.Time
}

type botRoleEntry struct {
	id string // "" when the bot has no managed role there, or the lookup failed
	at time.Time
	ok bool // the lookup succeeded
}

// Found roles are trusted for an hour (a managed role lives as long as the
// bot is in the guild); failed lookups for a minute.
const (
	roleTTL     = time.Hour
	roleFailTTL = time.Minute
	maxGuilds   = 10000
)

func newBotRoleCache(fetch func(ctx context.Context, guildID, botID string) (string, error)) *botRoleCache {
	return &botRoleCache{m: map[string]botRoleEntry{}, fetch: fetch, now: time.Now}
}

// get returns the bot's managed role in the guild, or "".
func (c *botRoleCache) get(ctx context.Context, guildID, botID string) string {
	c.mu.Lock()
	e, hit := c.m[guildID]
	c.mu.Unlock()
	if hit {
		ttl := roleFailTTL
		if e.ok {
			ttl = roleTTL
		}
		if c.now().Sub(e.at) < ttl {
			return e.id
		}
	}
	id, err := c.fetch(ctx, guildID, botID)
	c.mu.Lock()
	if len(c.m) >= maxGuilds {
		clear(c.m) // rare; a refill costs two requests per guild
	}
	c.m[guildID] = botRoleEntry{id: id, at: c.now(), ok: err == nil}
	c.mu.Unlock()
	return id
}

// managedRoleOf finds the bot's managed role through REST: a managed role
// the bot's member holds. (Other managed roles, a server's booster role or
// another integration's, are never held by this bot.)
func managedRoleOf(s *discordgo.Session) func(ctx context.Context, guildID, botID string) (string, error) {
	return func(ctx context.Context, guildID, botID string) (string, error) {
		member, err := s.GuildMember(guildID, botID, discordgo.WithContext(ctx))
		if err != nil {
			return "", err
		}
		roles, err := s.GuildRoles(guildID, discordgo.WithContext(ctx))
		if err != nil {
			return "", err
		}
		for _, r := range roles {
			if r.Managed && slices.Contains(member.Roles, r.ID) {
				return r.ID, nil
			}
		}
		return "", nil
	}
}

// mentionsBotRole reports whether a message mentions the bot's managed role.
func (b *Bot) mentionsBotRole(m *discordgo.Message, botID string) bool {
	if m.GuildID == "" || len(m.MentionRoles) == 0 {
		return false
	}
	ctx, cancel := context.WithTimeout(b.eventContext(), 2*time.Second)
	defer cancel()
	id := b.botRoles.get(ctx, m.GuildID, botID)
	return id != "" && slices.Contains(m.MentionRoles, id)
}
