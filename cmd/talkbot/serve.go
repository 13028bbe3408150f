package main

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

// runServe runs the Discord bot until SIGINT or SIGTERM, then shuts down
// gracefully and exits 0.
func runServe(ctx context.Context, a *app, args []string) error {
	fs := a.flags("serve")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments, got %q", pos[0])
	}
	cfg, err := discordConfig(a.getenv)
	if err != nil {
		return asUsage(err)
	}
	llm, err := bot.LLMConfigFromEnv(a.getenv)
	if err != nil {
		return asUsage(err)
	}
	ix, err := a.loadIndex()
	if err != nil {
		return err
	}
	cfg.Logger = a.logger
	h, err := a.hybrid(ctx, ix)
	if err != nil {
		return err
	}
	engine := bot.New(ix, bot.Options{Logger: a.logger, LLM: llm, Hybrid: h})
	b, err := discord.New(cfg, engine, timeline.New(ix), ix.Corpus().Articles)
	if err != nil {
		return asUsage(err)
	}
	mode := "extractive (no LLM configured)"
	if m := engine.LLM(); m != "" {
		mode = "llm " + m
	}
	a.logger.Info("starting the Discord bot", "articles", len(ix.Corpus().Articles), "answers", mode, "hybrid_retrieval", h != nil,
		"api_url", redactUserinfo(cfg.APIURL), "guild", cfg.GuildID)
	return b.Run(ctx)
}

var snowflake = regexp.MustCompile(`^[0-9]{5,20}$`)

// discordConfig reads the bot's settings from the environment. Every error
// is one line naming the variable.
func discordConfig(getenv func(string) string) (discord.Config, error) {
	cfg := discord.Config{
		Token:   strings.TrimSpace(getenv("DISCORD_TOKEN")),
		GuildID: strings.TrimSpace(getenv("DISCORD_GUILD_ID")),
		APIURL:  strings.TrimSpace(getenv("DISCORD_API_URL")),
	}
	if cfg.Token == "" {
		return cfg, discord.ErrNoToken
	}
	if cfg.GuildID != "" && !snowflake.MatchString(cfg.GuildID) {
		return cfg, fmt.Errorf("DISCORD_GUILD_ID: %q is not a Discord id (a number; enable Developer Mode and use Copy Server ID)", cfg.GuildID)
	}
	if cfg.APIURL != "" {
		u, err := url.Parse(cfg.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return cfg, fmt.Errorf("DISCORD_API_URL: %q is not an http(s) URL", redactUserinfo(cfg.APIURL))
		}
	}
	ints := []struct {
		name    string
		lo, hi  int
		dst     *int
		zeroOff bool
	}{
		{"DISCORD_RATE_LIMIT", 0, 1000, &cfg.RatePerMinute, true},
		{"DISCORD_MAX_CONCURRENT", 1, 256, &cfg.MaxConcurrent, false},
		{"DISCORD_QUEUE_SIZE", 1, 100000, &cfg.MaxQueue, false},
	}
	for _, v := range ints {
		s := strings.TrimSpace(getenv(v.name))
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < v.lo || n > v.hi {
			return cfg, fmt.Errorf("%s: %q is not a whole number from %d to %d", v.name, s, v.lo, v.hi)
		}
		if n == 0 && v.zeroOff {
			n = -1 // 0 turns the limit off; Config reads 0 as the default
		}
		*v.dst = n
	}
	if s := strings.TrimSpace(getenv("DISCORD_SHUTDOWN_GRACE")); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < time.Second || d > 10*time.Minute {
			return cfg, fmt.Errorf("DISCORD_SHUTDOWN_GRACE: %q is not a duration from 1s to 10m (e.g. 25s)", s)
		}
		cfg.ShutdownGrace = d
	}
	for _, l := range []struct {
		name string
		dst  *[]string
	}{{"DISCORD_ALLOWED_GUILDS", &cfg.AllowGuilds}, {"DISCORD_ALLOWED_CHANNELS", &cfg.AllowChannels}} {
		for _, id := range strings.FieldsFunc(getenv(l.name), func(r rune) bool { return r == ',' || r == ' ' }) {
			if !snowflake.MatchString(id) {
				return cfg, fmt.Errorf("%s: %q is not a Discord id (comma-separated numbers)", l.name, id)
			}
			*l.dst = append(*l.dst, id)
		}
	}
	return cfg, nil
}

// redactUserinfo drops credentials from a URL before it is shown.
func redactUserinfo(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	u.User = url.User("xxx")
	return u.String()
}
