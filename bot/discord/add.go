package discord

import (
	"context"
	"errors"
	"fmt"
	"github.com/talkbot/talkbot/retrieval/textclean"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/retrieval"
)

// Adder adds the article at a URL to the corpus; serve wires it to
// retrieval/ingest. The error is one line a user may read.
type Adder interface {
	AddURL(ctx context.Context, url string) (AddResult, error)
}

// AddResult is what adding a URL did.
type AddResult struct {
	Article *retrieval.Article
	// Present: the same article was already in the corpus; nothing changed.
	Present bool
	// Replaced is the file of the earlier version of the page (or of its
	// feed teaser) that the article replaced, "" when it is new. It may be
	// the article's own file name, rewritten.
	Replaced string
	// Warn, when set, is a problem that did not stop the add, one line a
	// user may read: an earlier version of the page that could not be
	// removed.
	Warn string
}

// AddConfig is /add and the announcement channel.
type AddConfig struct {
	// Role, when set, lets members with this role (a name or an id) use
	// /add besides those with the Manage Server permission.
	Role string
	// AnnounceChannel, when set, gets one short message per new article.
	AnnounceChannel string
}

// AddConfigFromEnv reads DISCORD_ADD_ROLE and DISCORD_ANNOUNCE_CHANNEL.
func AddConfigFromEnv(getenv func(string) string) (AddConfig, error) {
	c := AddConfig{Role: strings.TrimSpace(getenv("DISCORD_ADD_ROLE")), AnnounceChannel: strings.TrimSpace(getenv("DISCORD_ANNOUNCE_CHANNEL"))}
	if c.AnnounceChannel != "" {
		if err := checkID("DISCORD_ANNOUNCE_CHANNEL", c.AnnounceChannel, "Developer Mode → right-click the channel → Copy Channel ID"); err != nil {
			return c, err
		}
	}
	if len(c.Role) > 100 {
		return c, fmt.Errorf("DISCORD_ADD_ROLE: longer than a role name can be (100 characters)")
	}
	return c, nil
}

type addSettings struct {
	adder    Adder
	role     string
	announce string

	mu    sync.Mutex
	roles map[string]roleCache // guild id → role names, looked up for DISCORD_ADD_ROLE by name
}

type roleCache struct {
	ids     []string // ids of the roles named like DISCORD_ADD_ROLE
	fetched time.Time
}

// EnableAdd turns on /add with a, and announcements of new articles when
// cfg names a channel. Call it before Run.
func (b *Bot) EnableAdd(a Adder, cfg AddConfig) {
	b.adds.adder = a
	b.adds.role = cfg.Role
	b.adds.announce = cfg.AnnounceChannel
}

// SetAnnounceChannel sets where new articles are announced ("" turns it
// off), also without /add (feeds alone). Call it before Run.
func (b *Bot) SetAnnounceChannel(channelID string) { b.adds.announce = channelID }

func (b *Bot) addCommands() []*discordgo.ApplicationCommand {
	if b.adds.adder == nil {
		return nil
	}
	c := &discordgo.ApplicationCommand{
		Name:        "add",
		Description: "Add a news article to what the bot answers from",
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "url", Description: "The article's web address (http or https)",
				Required: true, MinLength: ptr(8), MaxLength: 2000},
		},
	}
	if b.adds.role == "" {
		// Shown only to those who may use it; a role grant needs it shown
		// to everyone (the handler checks either way).
		c.DefaultMemberPermissions = ptr(int64(discordgo.PermissionManageGuild))
	}
	return []*discordgo.ApplicationCommand{c}
}

// addCommand serves /add url:<url>.
func (b *Bot) addCommand(ctx context.Context, it *interaction, data discordgo.ApplicationCommandInteractionData) {
	if b.adds.adder == nil {
		it.respond(ctx, discordgo.InteractionResponseChannelMessageWithSource, errorMessage("Adding articles is not enabled on this bot."), true)
		return
	}
	if ok, why := b.mayAdd(ctx, it.i); !ok {
		it.log.Info("/add refused", "reason", why)
		it.respond(ctx, discordgo.InteractionResponseChannelMessageWithSource, errorMessage(why), true)
		return
	}
	if !it.withinLimit(ctx) {
		return
	}
	var raw string
	for _, o := range data.Options {
		if o.Name == "url" {
			raw, _ = o.Value.(string)
		}
	}
	raw = strings.TrimSpace(raw)
	if raw == "" {
		it.respond(ctx, discordgo.InteractionResponseChannelMessageWithSource, errorMessage("Give the article's address, e.g. `/add url: https://example.com/2025/03/11/story`"), true)
		return
	}
	if !it.deferReply(ctx, true) {
		return
	}
	r, err := b.adds.adder.AddURL(ctx, raw)
	a := r.Article
	// A problem that did not stop the add (an earlier version that could
	// not be removed) is said in parentheses, as the command line does.
	problem := ""
	if err == nil && !r.Present && r.Warn != "" {
		it.log.Warn("/add added, with a problem", "article", a.ID, "reason", r.Warn)
		problem = " (" + escape(textclean.Truncate(r.Warn, 300)) + ")"
	}
	var m outMessage
	switch {
	case err != nil:
		it.log.Info("/add failed", "reason", err)
		m = errorMessage("Not added: " + inert(textclean.Truncate(err.Error(), 300))) // it may quote the address typed
	case r.Present:
		m = outMessage{Content: "Already in the corpus: " + articleLine(a)}
	case r.Replaced != "":
		// The command line's wording: "(replaced <old file>)".
		it.log.Info("/add replaced", "article", a.ID, "replaced", r.Replaced)
		was := " (replaced " + escape(textclean.Truncate(r.Replaced, 120)) + ")"
		if r.Replaced == a.ID {
			was = " (replaced its earlier version)" // the same file, rewritten
		}
		m = outMessage{Content: "✅ Added: " + articleLine(a) + was + problem +
			"\nIt takes the place of the earlier version of this page. Questions can use it within a few seconds."}
	case problem != "":
		m = outMessage{Content: "✅ Added: " + articleLine(a) + problem + "\nQuestions can use it within a few seconds."}
	default:
		it.log.Info("/add added", "article", a.ID)
		m = outMessage{Content: "✅ Added: " + articleLine(a) + "\nQuestions can use it within a few seconds."}
	}
	if err := it.update(ctx, m); err != nil {
		it.log.Error("could not post the /add result", "err", err)
	}
	// A replacement is not news: its earlier version was announced (feeds
	// announce only new articles too); nor is a version whose earlier one
	// could not be removed.
	if err == nil && !r.Present && r.Replaced == "" && r.Warn == "" {
		if err := b.Announce(ctx, a); err != nil {
			it.log.Warn("announcing the new article failed", "err", err)
		}
	}
}

// mayAdd checks the Manage Server permission (or Administrator), or the
// configured role, and says why not.
func (b *Bot) mayAdd(ctx context.Context, i *discordgo.Interaction) (bool, string) {
	if i.Member == nil || i.GuildID == "" {
		return false, "Use /add in a server, not in a direct message."
	}
	if i.Member.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) != 0 {
		return true, ""
	}
	need := "You need the Manage Server permission to add articles."
	if b.adds.role == "" {
		return false, need
	}
	need = fmt.Sprintf("You need the Manage Server permission or the %s role to add articles.", escape(b.adds.role))
	if slices.Contains(i.Member.Roles, b.adds.role) {
		return true, ""
	}
	ids, err := b.rolesNamed(ctx, i.GuildID, b.adds.role)
	if err != nil {
		b.log.Warn("looking up the server's roles for DISCORD_ADD_ROLE failed", "guild", i.GuildID, "err", err)
		return false, need + " (I could not check the server's roles just now; try again in a minute.)"
	}
	for _, id := range ids {
		if slices.Contains(i.Member.Roles, id) {
			return true, ""
		}
	}
	return false, need
}

// rolesNamed returns the ids of a guild's roles called name (case-folded),
// cached for a minute.
func (b *Bot) rolesNamed(ctx context.Context, guildID, name string) ([]string, error) {
	b.adds.mu.Lock()
	if c, ok := b.adds.roles[guildID]; ok && time.Since(c.fetched) < time.Minute {
		b.adds.mu.Unlock()
		return c.ids, nil
	}
	b.adds.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	roles, err := b.session.GuildRoles(guildID, discordgo.WithContext(ctx))
	if err != nil {
		return nil, describeREST(err)
	}
	var ids []string
	for _, r := range roles {
		if strings.EqualFold(r.Name, name) {
			ids = append(ids, r.ID)
		}
	}
	b.adds.mu.Lock()
	if b.adds.roles == nil {
		b.adds.roles = map[string]roleCache{}
	}
	b.adds.roles[guildID] = roleCache{ids: ids, fetched: time.Now()}
	b.adds.mu.Unlock()
	return ids, nil
}

// ErrNoAnnounceChannel means no announcement channel is set.
var ErrNoAnnounceChannel = errors.New("no announcement channel (DISCORD_ANNOUNCE_CHANNEL)")

// Announce posts one short message about a new article in the announcement
// channel: headline, publisher, date and link, pinging nobody. Without a
// channel it does nothing.
func (b *Bot) Announce(ctx context.Context, a *retrieval.Article) error {
	if b.adds.announce == "" || a == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	_, err := b.session.ChannelMessageSendComplex(b.adds.announce, &discordgo.MessageSend{
		Content:         "📰 New article: " + articleLine(a),
		AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("announce in channel %s: %w", b.adds.announce, describeREST(err))
	}
	return nil
}

// articleLine is "**Headline** — Publisher, 2025-03-11 <https://…>", with
// the untrusted parts inert; the link in angle brackets shows no preview.
func articleLine(a *retrieval.Article) string {
	var sb strings.Builder
	sb.WriteString("**" + inert(textclean.Truncate(a.Headline, 200)) + "**")
	parts := []string{}
	if a.Publisher != "" {
		parts = append(parts, inert(textclean.Truncate(a.Publisher, 80)))
	}
	parts = append(parts, a.Date.Format(time.DateOnly))
	sb.WriteString(" — " + strings.Join(parts, ", "))
	if u := safeURL(a.URL); u != "" && len(u) <= 500 {
		sb.WriteString(" <" + u + ">")
	}
	return sb.String()
}
