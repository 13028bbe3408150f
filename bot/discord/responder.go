package discord

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// Responder delivers what the bot says in answer to one interaction. The
// command handlers (HandleInteraction) talk only to a Responder, never to a
// session, so one set of handlers serves both transports:
//
//   - the gateway: the interaction arrives as an event and Respond posts the
//     first response to Discord's callback endpoint (RESTResponder);
//   - an HTTP interactions endpoint: the first response is the HTTP reply to
//     Discord's POST, so Respond hands it to the HTTP handler instead, and
//     edits and follow-ups go through the interaction webhook as with the
//     gateway (wrap RESTResponder and override Respond).
//
// Respond is called at most once per interaction, first; EditOriginal and
// Followup only after it succeeded.
type Responder interface {
	Respond(ctx context.Context, resp *discordgo.InteractionResponse) error
	EditOriginal(ctx context.Context, edit *discordgo.WebhookEdit) (*discordgo.Message, error)
	Followup(ctx context.Context, p *discordgo.WebhookParams) (*discordgo.Message, error)
}

// RESTResponder answers interaction i through Discord's REST API: the
// callback endpoint, then the interaction webhook. It needs only the bot's
// REST session, not a gateway connection.
func (b *Bot) RESTResponder(i *discordgo.Interaction) Responder {
	return &restResponder{s: b.session, rl: discordgo.NewRatelimiter(), i: i}
}

// restResponder sends an interaction's requests through a rate limiter of
// the interaction's own. discordgo's session-wide limiter keys buckets by
// URL, which holds the interaction token: one bucket per interaction, kept
// for the life of the process (a leak in a bot that runs for months), while
// its InteractionResponseEdit shares a single bucket among all edits
// (serialising every answer in flight). A limiter per interaction keeps
// Discord's per-webhook limits and retries, runs interactions fully in
// parallel, and is garbage once the interaction is done.
type restResponder struct {
	s  *discordgo.Session
	rl *discordgo.RateLimiter
	i  *discordgo.Interaction
}

func (r *restResponder) send(ctx context.Context, method, url, key string, data any, files []*discordgo.File) ([]byte, error) {
	contentType := "application/json"
	var body []byte
	var err error
	switch {
	case len(files) > 0: // a picture: multipart, the JSON as payload_json
		contentType, body, err = discordgo.MultipartBodyWithJSON(data, files)
	case data != nil:
		body, err = discordgo.Marshal(data)
	}
	if err != nil {
		return nil, fmt.Errorf("encode the request: %w", err)
	}
	return r.s.RequestWithLockedBucket(method, url, contentType, body, r.rl.LockBucket(key), 0, discordgo.WithContext(ctx))
}

// Respond answers the interaction (POST /interactions/{id}/{token}/callback).
func (r *restResponder) Respond(ctx context.Context, resp *discordgo.InteractionResponse) error {
	var files []*discordgo.File
	if resp.Data != nil {
		files = resp.Data.Files
	}
	_, err := r.send(ctx, "POST", discordgo.EndpointInteractionResponse(r.i.ID, r.i.Token), "callback", resp, files)
	return err
}

// EditOriginal edits the interaction's first response message.
func (r *restResponder) EditOriginal(ctx context.Context, edit *discordgo.WebhookEdit) (*discordgo.Message, error) {
	body, err := r.send(ctx, "PATCH", discordgo.EndpointInteractionResponseActions(r.i.AppID, r.i.Token), "webhook", editBody(edit), edit.Files)
	if err != nil {
		return nil, err
	}
	var m discordgo.Message
	if err := discordgo.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("decode the edited message: %w", err)
	}
	return &m, nil
}

// Followup sends one more message for the interaction and waits for it.
func (r *restResponder) Followup(ctx context.Context, p *discordgo.WebhookParams) (*discordgo.Message, error) {
	body, err := r.send(ctx, "POST", discordgo.EndpointFollowupMessage(r.i.AppID, r.i.Token)+"?wait=true", "webhook", p, p.Files)
	if err != nil {
		return nil, err
	}
	var m discordgo.Message
	if err := discordgo.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("decode the follow-up: %w", err)
	}
	return &m, nil
}

// partialAttachment is an attachment as an edit lists it. Discord documents
// only id, filename and description there; discordgo's MessageAttachment
// would send every other field too, empty (url "", waveform "", size 0),
// which Discord may refuse.
type partialAttachment struct {
	ID          string `json:"id"`
	Filename    string `json:"filename,omitempty"`
	Description string `json:"description,omitempty"`
}

// webhookEditBody is a WebhookEdit as sent: its Attachments, being the
// shallower field, replace the embedded edit's in the JSON.
type webhookEditBody struct {
	*discordgo.WebhookEdit
	Attachments *[]partialAttachment `json:"attachments,omitempty"`
}

// editBody is what to send for edit: its attachments partial.
func editBody(edit *discordgo.WebhookEdit) *webhookEditBody {
	b := &webhookEditBody{WebhookEdit: edit}
	if edit.Attachments != nil {
		list := make([]partialAttachment, len(*edit.Attachments))
		for i, a := range *edit.Attachments {
			list[i] = partialAttachment{ID: a.ID, Filename: a.Filename}
		}
		b.Attachments = &list
	}
	return b
}
