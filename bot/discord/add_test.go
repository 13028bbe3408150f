package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talkbot/talkbot/bot/discord/discordtest"
	"github.com/talkbot/talkbot/retrieval"
)

// fakeAdder stands for the corpus: it records the URLs it is given.
type fakeAdder struct {
	mu       sync.Mutex
	urls     []string
	present  bool
	replaced string
	warn     string
	err      error
}

func (f *fakeAdder) AddURL(ctx context.Context, u string) (AddResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.urls = append(f.urls, u)
	if f.err != nil {
		return AddResult{}, f.err
	}
	return AddResult{Article: &retrieval.Article{ID: "2025-03-11_0123456789abcdef.txt", Headline: "Ukraine backs *ceasefire* plan @everyone",
		Date: time.Date(2025, 3, 11, 0, 0, 0, 0, time.UTC), Publisher: "Test Wire", URL: u}, Present: f.present, Replaced: f.replaced, Warn: f.warn}, nil
}

func (f *fakeAdder) calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.urls...)
}

const (
	announceChannel = "400000000000000099"
	editorsRole     = "600000000000000001"
	otherRole       = "600000000000000002"
)

func addInteraction(n int, h *harness, perms int64, roles []string, url string) *discordgo.Interaction {
	i := discordtest.NewInteraction(n, h.where, discordgo.InteractionApplicationCommand, discordgo.ApplicationCommandInteractionData{
		ID: "900000000000000009", Name: "add",
		Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "url", Type: discordgo.ApplicationCommandOptionString, Value: url}},
	})
	i.Member.Permissions = perms
	i.Member.Roles = roles
	return i
}

func TestAddCommand(t *testing.T) {
	adder := &fakeAdder{}
	h := start(t, setup{prepare: func(b *Bot) {
		b.EnableAdd(adder, AddConfig{Role: "Editors", AnnounceChannel: announceChannel})
	}})
	h.srv.SetRoles(h.where.GuildID, &discordgo.Role{ID: editorsRole, Name: "editors"}, &discordgo.Role{ID: otherRole, Name: "Readers"})

	cmds, _ := h.srv.Commands("")
	var add *discordgo.ApplicationCommand
	for _, c := range cmds {
		if c.Name == "add" {
			add = c
		}
	}
	if add == nil || add.DefaultMemberPermissions != nil {
		t.Fatalf("/add not registered for everyone (a role may use it): %+v", add)
	}

	tests := []struct {
		name     string
		perms    int64
		roles    []string
		dm       bool
		adderErr error
		present  bool
		replaced string
		warn     string
		want     string
		fetched  bool
		announce bool
	}{
		{name: "no permission, no role", roles: []string{otherRole}, want: "Manage Server permission or the Editors role"},
		{name: "a direct message", dm: true, want: "in a server"},
		{name: "manage server", perms: discordgo.PermissionManageGuild, want: "✅ Added: **Ukraine backs \\*ceasefire\\* plan @\u200beveryone** — Test Wire, 2025-03-11 <https://news.example/a>",
			fetched: true, announce: true},
		{name: "administrator", perms: discordgo.PermissionAdministrator, want: "✅ Added", fetched: true, announce: true},
		{name: "the role, by name", roles: []string{otherRole, editorsRole}, want: "✅ Added", fetched: true, announce: true},
		{name: "a new version of a page", perms: discordgo.PermissionManageGuild, replaced: "2025-03-10_0123456789abcdef.txt",
			want:    "✅ Added: **Ukraine backs \\*ceasefire\\* plan @\u200beveryone** — Test Wire, 2025-03-11 <https://news.example/a> (replaced 2025-03-10\\_0123456789abcdef.txt)\nIt takes the place of the earlier version of this page.",
			fetched: true},
		{name: "a new version under the same name", perms: discordgo.PermissionManageGuild, replaced: "2025-03-11_0123456789abcdef.txt",
			want:    "✅ Added: **Ukraine backs \\*ceasefire\\* plan @\u200beveryone** — Test Wire, 2025-03-11 <https://news.example/a> (replaced its earlier version)\nIt takes the place",
			fetched: true},
		{name: "an earlier version left in place", perms: discordgo.PermissionManageGuild,
			warn:    "the page's earlier version 2025-03-10_0123456789abcdef.txt could not be removed: remove /c/2025-03-10_0123456789abcdef.txt: directory not empty; remove it by hand so the corpus holds one version",
			want:    "✅ Added: **Ukraine backs \\*ceasefire\\* plan @\u200beveryone** — Test Wire, 2025-03-11 <https://news.example/a> (the page's earlier version 2025-03-10\\_0123456789abcdef.txt could not be removed: remove /c/2025-03-10\\_0123456789abcdef.txt: directory not empty; remove it by hand so the corpus holds one version)\nQuestions can use it",
			fetched: true},
		{name: "a new version, another earlier one left in place", perms: discordgo.PermissionManageGuild, replaced: "2025-03-10_0123456789abcdef.txt",
			warn:    "the page's earlier version 2025-03-09_0123456789abcdef.txt could not be removed: busy; remove it by hand so the corpus holds one version",
			want:    "(replaced 2025-03-10\\_0123456789abcdef.txt) (the page's earlier version 2025-03-09\\_0123456789abcdef.txt could not be removed: busy; remove it by hand so the corpus holds one version)\nIt takes the place",
			fetched: true},
		{name: "already present", perms: discordgo.PermissionManageGuild, present: true, want: "Already in the corpus: **Ukraine", fetched: true},
		{name: "the page fails", perms: discordgo.PermissionManageGuild, adderErr: errors.New("server answered with an error status 404 Not Found"),
			want: "⚠️ Not added: server answered with an error status 404 Not Found", fetched: true},
	}
	for n, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			adder.mu.Lock()
			adder.urls, adder.err, adder.present, adder.replaced, adder.warn = nil, tt.adderErr, tt.present, tt.replaced, tt.warn
			adder.mu.Unlock()
			before := len(h.srv.ChannelMessages(announceChannel))
			i := addInteraction(n, h, tt.perms, tt.roles, "https://news.example/a")
			// One member per row: the rows are more than the per-user limit.
			i.Member.User.ID = fmt.Sprintf("3000000000000002%02d", n)
			if tt.dm {
				i.GuildID, i.User, i.Member = "", i.Member.User, nil
			}
			r := discordtest.NewResponder(t)
			h.bot.HandleInteraction(context.Background(), i, r)
			if !strings.Contains(r.Content(), tt.want) {
				t.Errorf("reply %q, want it to contain %q", r.Content(), tt.want)
			}
			if resp := r.Response(); resp == nil || resp.Data == nil || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
				t.Errorf("the reply is not private: %+v", resp)
			}
			if got := len(adder.calls()) > 0; got != tt.fetched {
				t.Errorf("fetched: %v, want %v", got, tt.fetched)
			}
			msgs := h.srv.ChannelMessages(announceChannel)
			if tt.announce {
				if len(msgs) != before+1 || !strings.HasPrefix(msgs[len(msgs)-1].Content, "📰 New article: **Ukraine backs") {
					t.Errorf("announcements: %d → %d %+v", before, len(msgs), msgs)
				}
			} else if len(msgs) != before {
				t.Errorf("announced although nothing new was added: %+v", msgs[len(msgs)-1])
			}
		})
	}

	// Through the gateway, as Discord delivers it: a member without the
	// permission gets the refusal.
	token := h.srv.Command(h.where, "add", discordtest.Option{Name: "url", Value: "https://news.example/b"})
	h.srv.Wait(wait, "the refusal", func() bool {
		m := h.srv.Original(token)
		return m != nil && strings.Contains(m.Content, "Manage Server")
	})
}

func TestAddDisabledAndManageServerOnly(t *testing.T) {
	h := start(t, setup{})
	cmds, _ := h.srv.Commands("")
	for _, c := range cmds {
		if c.Name == "add" {
			t.Fatal("/add registered without an Adder")
		}
	}
	b := &Bot{}
	b.EnableAdd(&fakeAdder{}, AddConfig{})
	c := b.addCommands()
	if len(c) != 1 || c[0].DefaultMemberPermissions == nil || *c[0].DefaultMemberPermissions != discordgo.PermissionManageGuild {
		t.Errorf("without a role /add should be shown to Manage Server only: %+v", c)
	}
}

func TestAddConfigFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := AddConfigFromEnv(env(map[string]string{"DISCORD_ADD_ROLE": " Editors ", "DISCORD_ANNOUNCE_CHANNEL": "400000000000000099"}))
	if err != nil || c.Role != "Editors" || c.AnnounceChannel != "400000000000000099" {
		t.Fatalf("%+v %v", c, err)
	}
	if _, err := AddConfigFromEnv(env(map[string]string{"DISCORD_ANNOUNCE_CHANNEL": "#news"})); err == nil || !strings.HasPrefix(err.Error(), "DISCORD_ANNOUNCE_CHANNEL") {
		t.Errorf("a channel name: %v", err)
	}
}
