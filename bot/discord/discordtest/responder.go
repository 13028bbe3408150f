package discordtest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// Responder records what a bot says in answer to one interaction, in memory
// and without any network: it satisfies discord.Responder. It checks what
// the Server checks of the interaction flow (a response first and once,
// edits and follow-ups only after it, mentions suppressed everywhere) and
// reports breaches as test errors. Tests that run in a testing/synctest
// bubble use it in place of the Server: the bubble cannot wait on sockets.
type Responder struct {
	tb testing.TB

	mu        sync.Mutex
	response  *discordgo.InteractionResponse
	original  string // content of the original response after all edits
	edits     int
	followups []string
	nextID    int
	// Fail, when set, is returned by every request: a Discord that is down.
	fail error
}

// NewResponder returns an empty recorder that reports breaches to tb.
func NewResponder(tb testing.TB) *Responder { return &Responder{tb: tb} }

// ErrDown is what a Responder made to fail returns.
var ErrDown = errors.New("discordtest: Discord is unreachable")

// FailAll makes every later request fail with ErrDown.
func (r *Responder) FailAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail = ErrDown
}

func (r *Responder) checkMentions(what string, am *discordgo.MessageAllowedMentions, hasContent bool) {
	if hasContent && (am == nil || am.Parse == nil || len(am.Parse) != 0) {
		r.tb.Errorf("%s without allowed_mentions.parse = []", what)
	}
}

// Respond records the interaction's first response.
func (r *Responder) Respond(_ context.Context, resp *discordgo.InteractionResponse) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	if r.response != nil {
		r.tb.Errorf("interaction responded to twice (types %d and %d)", r.response.Type, resp.Type)
		return errors.New("400: Interaction has already been acknowledged")
	}
	r.response = resp
	if resp.Data != nil {
		r.checkMentions("response", resp.Data.AllowedMentions, resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult)
		r.original = resp.Data.Content
	}
	return nil
}

// EditOriginal records an edit of the original response.
func (r *Responder) EditOriginal(_ context.Context, edit *discordgo.WebhookEdit) (*discordgo.Message, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return nil, r.fail
	}
	if r.response == nil {
		r.tb.Errorf("edit before the interaction was acknowledged")
		return nil, errors.New("404: Unknown Webhook")
	}
	r.checkMentions("edit", edit.AllowedMentions, true)
	if edit.Content != nil {
		r.original = *edit.Content
	}
	r.edits++
	return &discordgo.Message{ID: "1"}, nil
}

// Followup records a follow-up message.
func (r *Responder) Followup(_ context.Context, p *discordgo.WebhookParams) (*discordgo.Message, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return nil, r.fail
	}
	if r.response == nil {
		r.tb.Errorf("follow-up before the interaction was acknowledged")
		return nil, errors.New("404: Unknown Webhook")
	}
	r.checkMentions("follow-up", p.AllowedMentions, true)
	r.followups = append(r.followups, p.Content)
	r.nextID++
	return &discordgo.Message{ID: strconv.Itoa(r.nextID + 1)}, nil
}

// Response is the first response, or nil.
func (r *Responder) Response() *discordgo.InteractionResponse {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.response
}

// Content is the original response's text after all edits.
func (r *Responder) Content() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.original
}

// Followups are the follow-up messages' texts, in order.
func (r *Responder) Followups() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.followups...)
}

// String summarises what was said, for test failures.
func (r *Responder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	typ := -1
	if r.response != nil {
		typ = int(r.response.Type)
	}
	return fmt.Sprintf("response type %d, %d edits, content %q, %d follow-ups", typ, r.edits, r.original, len(r.followups))
}

// NewInteraction is an interaction of type typ as Discord would deliver it
// in a guild channel: id and token are made from n.
func NewInteraction(n int, where Where, typ discordgo.InteractionType, data discordgo.InteractionData) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID: fmt.Sprintf("8%017d", n), AppID: "100000000000000002", Token: fmt.Sprintf("itoken-local-%d", n),
		Type: typ, Data: data, GuildID: where.GuildID, ChannelID: where.ChannelID,
		Member: &discordgo.Member{User: &discordgo.User{ID: where.UserID, Username: "user"}, Permissions: where.Permissions},
	}
}

// AskInteraction is an /ask command with the given question.
func AskInteraction(n int, where Where, question string) *discordgo.Interaction {
	return NewInteraction(n, where, discordgo.InteractionApplicationCommand, discordgo.ApplicationCommandInteractionData{
		ID: "900000000000000001", Name: "ask",
		Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: question}},
	})
}
