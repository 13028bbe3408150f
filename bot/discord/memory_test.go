package discord

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// TestChannelCacheAsksStateFirst: a channel the gateway's state holds costs
// no request and takes no room in the cache; any other is fetched once.
func TestChannelCacheAsksStateFirst(t *testing.T) {
	st := discordgo.NewState()
	if err := st.GuildAdd(&discordgo.Guild{ID: "g"}); err != nil {
		t.Fatal(err)
	}
	if err := st.ChannelAdd(&discordgo.Channel{ID: "known", GuildID: "g", Type: discordgo.ChannelTypeGuildPublicThread, ParentID: "p"}); err != nil {
		t.Fatal(err)
	}
	fetched := map[string]int{}
	c := newChannelCache(10, time.Minute, func(_ context.Context, id string) (*discordgo.Channel, error) {
		fetched[id]++
		return &discordgo.Channel{ID: id, Type: discordgo.ChannelTypeGuildText}, nil
	})
	c.local = func(id string) *discordgo.Channel { return stateChannel(st, id) }
	for range 2 {
		if ch := c.get(context.Background(), "known"); ch == nil || !ch.IsThread() || ch.ParentID != "p" {
			t.Fatalf("known channel: %+v", ch)
		}
		if ch := c.get(context.Background(), "other"); ch == nil || ch.ID != "other" {
			t.Fatalf("other channel: %+v", ch)
		}
	}
	if fetched["known"] != 0 || fetched["other"] != 1 {
		t.Errorf("requests %v, want none for the state's channel and one for the other", fetched)
	}
	if _, ok := c.m["known"]; ok {
		t.Error("the state's channel was stored in the cache")
	}
}

// TestStateChannelCopies: the state overwrites a channel in place on every
// update; what stateChannel returns must not change under a reader (run
// with -race).
func TestStateChannelCopies(t *testing.T) {
	st := discordgo.NewState()
	if err := st.GuildAdd(&discordgo.Guild{ID: "g"}); err != nil {
		t.Fatal(err)
	}
	add := func(parent string) {
		if err := st.ChannelAdd(&discordgo.Channel{ID: "c", GuildID: "g", Type: discordgo.ChannelTypeGuildPublicThread, ParentID: parent}); err != nil {
			t.Error(err)
		}
	}
	add("p0")
	got := stateChannel(st, "c")
	var wg sync.WaitGroup
	wg.Go(func() {
		for range 100 {
			add("p1")
		}
	})
	for range 100 {
		if ch := stateChannel(st, "c"); ch == nil || !ch.IsThread() {
			t.Fatalf("state channel: %+v", ch)
		}
	}
	wg.Wait()
	if got.ParentID != "p0" {
		t.Errorf("the copy changed with the state: parent %q", got.ParentID)
	}
	if stateChannel(st, "missing") != nil {
		t.Error("a channel the state lacks was found")
	}
}
