package discord

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestConfigFromEnvErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "DISCORD_TOKEN is not set"},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_RATE_LIMIT": "many"}, `DISCORD_RATE_LIMIT: "many" is not a whole number from 0 to 1000`},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_MAX_CONCURRENT": "0"}, "DISCORD_MAX_CONCURRENT"},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_QUEUE_SIZE": "-3"}, "DISCORD_QUEUE_SIZE"},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_GUILD_ID": "my-server"}, "DISCORD_GUILD_ID"},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_GUILD_ID": "12345"}, `DISCORD_GUILD_ID: "12345" is not a Discord id: it has 5 digits, Discord ids have 17 to 20`},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_ALLOWED_GUILDS": "123456789012345678901"}, "it has 21 digits"},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_API_URL": "discord.com"}, "DISCORD_API_URL"},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_API_URL": "ftp://u:secretpw@x"}, "DISCORD_API_URL"},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_API_URL": "ftp://proxy.example/?key=secretpw"}, "DISCORD_API_URL"},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_ALLOWED_CHANNELS": "123456789012345678, general"}, `DISCORD_ALLOWED_CHANNELS: "general" is not a Discord id: Discord ids are numbers of 17 to 20 digits`},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_SHUTDOWN_GRACE": "forever"}, "DISCORD_SHUTDOWN_GRACE"},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_ANSWER_TIMEOUT": "soon"}, `DISCORD_ANSWER_TIMEOUT: "soon" is not a duration`},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_ANSWER_TIMEOUT": "1s"}, `DISCORD_ANSWER_TIMEOUT: "1s" is outside 5s to 14m`},
		{map[string]string{"DISCORD_TOKEN": "t", "DISCORD_ANSWER_TIMEOUT": "20m"}, `DISCORD_ANSWER_TIMEOUT: "20m" is outside 5s to 14m`},
	}
	for _, c := range cases {
		_, err := ConfigFromEnv(func(k string) string { return c.env[k] })
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("env %v: err %v; want one line with %q", c.env, err, c.want)
			continue
		}
		if strings.Contains(err.Error(), "secretpw") {
			t.Errorf("a password in DISCORD_API_URL was shown: %q", err)
		}
	}
	if _, err := ConfigFromEnv(func(string) string { return "" }); !errors.Is(err, ErrNoToken) {
		t.Errorf("no token: %v, want ErrNoToken", err)
	}
}

func TestConfigFromEnv(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"DISCORD_TOKEN": " tok ", "DISCORD_GUILD_ID": "123456789012345678", "DISCORD_API_URL": "http://127.0.0.1:9",
		"DISCORD_RATE_LIMIT": "0", "DISCORD_MAX_CONCURRENT": "8", "DISCORD_QUEUE_SIZE": "20",
		"DISCORD_ALLOWED_GUILDS": "123456789012345678", "DISCORD_ALLOWED_CHANNELS": "111111111111111111,222222222222222222",
		"DISCORD_SHUTDOWN_GRACE": "40s", "DISCORD_ANSWER_TIMEOUT": "3m",
	}
	cfg, err := ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Token != "tok" || cfg.GuildID != "123456789012345678" || cfg.APIURL != "http://127.0.0.1:9" ||
		cfg.RatePerMinute != -1 || cfg.MaxConcurrent != 8 || cfg.MaxQueue != 20 ||
		len(cfg.AllowGuilds) != 1 || len(cfg.AllowChannels) != 2 || cfg.ShutdownGrace != 40*time.Second ||
		cfg.AnswerTimeout != 3*time.Minute {
		t.Errorf("config %+v", cfg)
	}
}
