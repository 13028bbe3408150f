package discord

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// Interaction requests go through a rate limiter of the interaction's own.
// discordgo's session-wide limiter keys buckets by URL, which holds the
// interaction token: one bucket per interaction, kept for the life of the
// process (a leak in a bot that runs for months), while its
// InteractionResponseEdit shares a single bucket among all edits
// (serialising every answer in flight). A limiter per interaction keeps
// Discord's per-webhook limits and retries, runs interactions fully in
// parallel, and is garbage once the interaction is done.
func send(ctx context.Context, s *discordgo.Session, rl *discordgo.RateLimiter, method, url, key string, data any) ([]byte, error) {
	var body []byte
	if data != nil {
		var err error
		if body, err = discordgo.Marshal(data); err != nil {
			return nil, fmt.Errorf("encode the request: %w", err)
		}
	}
	return s.RequestWithLockedBucket(method, url, "application/json", body, rl.LockBucket(key), 0, discordgo.WithContext(ctx))
}

// callback answers an interaction (POST /interactions/{id}/{token}/callback).
func callback(ctx context.Context, s *discordgo.Session, rl *discordgo.RateLimiter, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	_, err := send(ctx, s, rl, "POST", discordgo.EndpointInteractionResponse(i.ID, i.Token), "callback", resp)
	return err
}

// editOriginal edits an interaction's first response message.
func editOriginal(ctx context.Context, s *discordgo.Session, rl *discordgo.RateLimiter, i *discordgo.Interaction, edit *discordgo.WebhookEdit) (*discordgo.Message, error) {
	body, err := send(ctx, s, rl, "PATCH", discordgo.EndpointInteractionResponseActions(i.AppID, i.Token), "webhook", edit)
	if err != nil {
		return nil, err
	}
	var m discordgo.Message
	if err := discordgo.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("decode the edited message: %w", err)
	}
	return &m, nil
}

// followup sends one more message for an interaction and waits for it.
func followup(ctx context.Context, s *discordgo.Session, rl *discordgo.RateLimiter, i *discordgo.Interaction, p *discordgo.WebhookParams) (*discordgo.Message, error) {
	body, err := send(ctx, s, rl, "POST", discordgo.EndpointFollowupMessage(i.AppID, i.Token)+"?wait=true", "webhook", p)
	if err != nil {
		return nil, err
	}
	var m discordgo.Message
	if err := discordgo.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("decode the follow-up: %w", err)
	}
	return &m, nil
}
