package discord

import (
	"context"
	"fmt"
	"hash/fnv"

	"github.com/bwmarrin/discordgo"
)

// Interaction requests go through discordgo's rate limiter under bucket keys
// of our choosing. discordgo keys them by URL, which holds the interaction
// token: one bucket per interaction, kept for the life of the process (a
// leak in a bot that runs for months), while its InteractionResponseEdit
// shares a single bucket among all edits (serialising every answer in
// flight). A fixed number of shards bounds the memory and still lets many
// interactions proceed at once; a bucket's lock is held for the duration of
// its request, so shards is also the cap on concurrent requests of a kind.
const shards = 32

func bucket(kind, key string) string {
	h := fnv.New32a()
	h.Write([]byte(key))
	return fmt.Sprintf("talkbot/%s/%d", kind, h.Sum32()%shards)
}

// callback answers an interaction (POST /interactions/{id}/{token}/callback).
func callback(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, resp *discordgo.InteractionResponse) error {
	_, err := s.RequestWithBucketID("POST", discordgo.EndpointInteractionResponse(i.ID, i.Token), resp,
		bucket("callback", i.ID), discordgo.WithContext(ctx))
	return err
}

// editOriginal edits an interaction's first response message.
func editOriginal(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, edit *discordgo.WebhookEdit) (*discordgo.Message, error) {
	body, err := s.RequestWithBucketID("PATCH", discordgo.EndpointInteractionResponseActions(i.AppID, i.Token), edit,
		bucket("webhook", i.Token), discordgo.WithContext(ctx))
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
func followup(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, p *discordgo.WebhookParams) (*discordgo.Message, error) {
	body, err := s.RequestWithBucketID("POST", discordgo.EndpointFollowupMessage(i.AppID, i.Token)+"?wait=true", p,
		bucket("webhook", i.Token), discordgo.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	var m discordgo.Message
	if err := discordgo.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("decode the follow-up: %w", err)
	}
	return &m, nil
}
