package discordtest

import (
	"fmt"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Where says who acts and where. Empty GuildID means a direct message.
type Where struct {
	UserID    string
	GuildID   string
	ChannelID string
	// Permissions is the member's permission bits in a guild
	// (discordgo.Permission*), as Discord computes them for the channel;
	// 0 is none.
	Permissions int64
}

func (w Where) withDefaults() Where {
	if w.UserID == "" {
		w.UserID = "300000000000000001"
	}
	if w.ChannelID == "" {
		w.ChannelID = "400000000000000001"
	}
	return w
}

// Option is a slash command option: string, bool, int or float64 values.
type Option struct {
	Name    string
	Value   any
	Focused bool // the option being typed, for autocomplete
}

func optionJSON(opts []Option) []map[string]any {
	out := []map[string]any{}
	for _, o := range opts {
		var t discordgo.ApplicationCommandOptionType
		switch o.Value.(type) {
		case string:
			t = discordgo.ApplicationCommandOptionString
		case bool:
			t = discordgo.ApplicationCommandOptionBoolean
		case int:
			t = discordgo.ApplicationCommandOptionInteger
		case float64:
			t = discordgo.ApplicationCommandOptionNumber
		default:
			panic(fmt.Sprintf("discordtest: option %s has unsupported type %T", o.Name, o.Value))
		}
		m := map[string]any{"name": o.Name, "type": t, "value": o.Value}
		if o.Focused {
			m["focused"] = true
		}
		out = append(out, m)
	}
	return out
}

func (s *Server) userJSON(id string) map[string]any {
	return map[string]any{"id": id, "username": "user" + id[len(id)-3:], "discriminator": "0", "global_name": "User " + id[len(id)-3:]}
}

// commandData is the data of a slash command interaction.
func (s *Server) commandData(name string, opts []Option) map[string]any {
	s.mu.Lock()
	cmdID := s.newIDLocked()
	s.mu.Unlock()
	return map[string]any{"id": cmdID, "name": name, "type": discordgo.ChatApplicationCommand, "options": optionJSON(opts)}
}

// interactionJSON is an interaction as Discord sends it, by the gateway or
// by HTTP: from a member in a guild, from a user in a direct message.
func (s *Server) interactionJSON(id, token string, typ discordgo.InteractionType, w Where, data map[string]any) map[string]any {
	ev := map[string]any{
		"id": id, "application_id": s.AppID, "type": typ, "data": data,
		"channel_id": w.ChannelID, "token": token, "version": 1, "locale": "en-US",
		"app_permissions": "0",
	}
	if w.GuildID != "" {
		ev["guild_id"] = w.GuildID
		ev["member"] = map[string]any{"user": s.userJSON(w.UserID), "roles": []string{}, "permissions": strconv.FormatInt(w.Permissions, 10)}
	} else {
		ev["user"] = s.userJSON(w.UserID)
	}
	return ev
}

// sendInteraction registers and dispatches an interaction and returns its
// token, the key for Interaction, Original and Followups.
func (s *Server) sendInteraction(typ discordgo.InteractionType, w Where, data map[string]any, message map[string]any) string {
	w = w.withDefaults()
	s.mu.Lock()
	id, token := s.newIDLocked(), "itoken-"+s.newIDLocked()
	in := &Interaction{ID: id, Token: token, Type: typ}
	if message != nil {
		in.OriginalID = message["id"].(string)
	}
	s.interacts[token] = in
	s.mu.Unlock()
	ev := s.interactionJSON(id, token, typ, w, data)
	if message != nil {
		ev["message"] = message
	}
	s.dispatch("INTERACTION_CREATE", ev, func() {
		s.mu.Lock()
		if in.SentAt.IsZero() {
			in.SentAt = time.Now()
		}
		s.mu.Unlock()
	})
	return token
}

// Command dispatches a slash command and returns the interaction token.
func (s *Server) Command(w Where, name string, opts ...Option) string {
	return s.sendInteraction(discordgo.InteractionApplicationCommand, w, s.commandData(name, opts), nil)
}

// Autocomplete dispatches an autocomplete interaction for a command whose
// option marked Focused is being typed.
func (s *Server) Autocomplete(w Where, name string, opts ...Option) string {
	return s.sendInteraction(discordgo.InteractionApplicationCommandAutocomplete, w, s.commandData(name, opts), nil)
}

// Click dispatches a button press on the bot's message msgID; a type 7
// response then edits that message.
func (s *Server) Click(w Where, msgID, customID string) string {
	data, msg := s.clickData(w, msgID, customID)
	return s.sendInteraction(discordgo.InteractionMessageComponent, w, data, msg)
}

// clickData is the data of a button press on the bot's message msgID, and
// that message as the interaction carries it.
func (s *Server) clickData(w Where, msgID, customID string) (data, message map[string]any) {
	m := s.Message(msgID)
	if m == nil {
		s.tb.Fatalf("discordtest: click on unknown message %s", msgID)
	}
	message = messageJSON(m)
	message["channel_id"] = w.withDefaults().ChannelID
	return map[string]any{"custom_id": customID, "component_type": discordgo.ButtonComponent}, message
}

// Post is a user's message.
type Post struct {
	Where
	Content     string
	MentionBot  bool   // the message mentions the bot (Content should hold <@BotID>)
	ReplyTo     string // id of the message it replies to, or ""
	AuthorIsBot bool
	// MentionRoles are the ids of roles the message mentions (Content
	// should hold <@&id> for each).
	MentionRoles []string
}

// Mention returns the text that mentions the bot in a message.
func (s *Server) Mention() string { return "<@" + s.BotID + ">" }

// Send dispatches MESSAGE_CREATE for a user's message and returns its id.
func (s *Server) Send(p Post) string {
	w := p.Where.withDefaults()
	s.mu.Lock()
	id := s.newIDLocked()
	s.messages[id] = &Message{ID: id, ChannelID: w.ChannelID, Content: p.Content, AuthorID: w.UserID, CreatedAt: time.Now()}
	var referenced map[string]any
	if p.ReplyTo != "" {
		if m := s.messages[p.ReplyTo]; m != nil {
			referenced = messageJSON(m)
			referenced["channel_id"] = w.ChannelID
		}
	}
	s.notifyLocked()
	s.mu.Unlock()
	author := s.userJSON(w.UserID)
	if p.AuthorIsBot {
		author["bot"] = true
	}
	ev := map[string]any{
		"id": id, "channel_id": w.ChannelID, "author": author, "content": p.Content,
		"timestamp": time.Now().Format(time.RFC3339), "type": discordgo.MessageTypeDefault,
		"mentions": []any{}, "mention_roles": append([]string{}, p.MentionRoles...), "mention_everyone": false,
		"attachments": []any{}, "embeds": []any{},
	}
	if p.MentionBot {
		ev["mentions"] = []any{map[string]any{"id": s.BotID, "username": "talkbot", "bot": true}}
	}
	if w.GuildID != "" {
		ev["guild_id"] = w.GuildID
		ev["member"] = map[string]any{"roles": []string{}}
	}
	if p.ReplyTo != "" {
		ev["type"] = discordgo.MessageTypeReply
		ev["message_reference"] = map[string]any{"message_id": p.ReplyTo, "channel_id": w.ChannelID, "guild_id": w.GuildID}
		if referenced != nil {
			ev["referenced_message"] = referenced
		}
	}
	s.dispatch("MESSAGE_CREATE", ev, nil)
	return id
}

// AckLatencies returns, for every acknowledged interaction, the time from
// its dispatch to the callback's arrival.
func (s *Server) AckLatencies() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []time.Duration
	for _, in := range s.interacts {
		if !in.AckedAt.IsZero() && !in.SentAt.IsZero() {
			out = append(out, in.AckedAt.Sub(in.SentAt))
		}
	}
	return out
}
