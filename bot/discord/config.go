package discord

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/retrieval/envvar"
	"github.com/talkbot/talkbot/retrieval/timeline/chart"
)

// snowflake is a Discord id: a number of 17 to 20 digits (its first bits
// are milliseconds since 2015, which no id predates).
var snowflake = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[0-9]{17,20}$`)
})

// checkID returns an error naming the variable when id is not a Discord
// id, saying what is wrong with it; where says how to find the right one.
func checkID(name, id, where string) error {
	if snowflake().MatchString(id) {
		return nil
	}
	problem := "Discord ids are numbers of 17 to 20 digits"
	if strings.Trim(id, "0123456789") == "" {
		problem = fmt.Sprintf("it has %d digits, Discord ids have 17 to 20", len(id))
	}
	return fmt.Errorf("%s: %q is not a Discord id: %s (%s)", name, id, problem, where)
}

// ConfigFromEnv reads the bot's settings from environment variables through
// getenv (os.Getenv, or a map in tests); Logger and the settings that have
// no variable stay zero.
//
//	DISCORD_TOKEN              required (never logged)
//	DISCORD_GUILD_ID           register the commands on this server only
//	DISCORD_API_URL            base for REST and gateway discovery
//	DISCORD_RATE_LIMIT         questions per user per minute, 0 to 1000 (0: no limit), default 5
//	DISCORD_MAX_CONCURRENT     answers composed at once, 1 to 256, default 4
//	DISCORD_QUEUE_SIZE         questions waiting for a slot, 1 to 100000, default 100
//	DISCORD_ALLOWED_GUILDS     comma-separated ids (unset: all)
//	DISCORD_ALLOWED_CHANNELS   comma-separated ids (unset: all)
//	DISCORD_ANSWER_TIMEOUT     5s to 14m, default 2m (Discord takes edits of a slash command's response for 15 min)
//	DISCORD_SHUTDOWN_GRACE     1s to 10m, default 25s
//	TALKBOT_FONT               the timeline pictures' font for Chinese, Japanese and Korean text
//
// Without a token the error is ErrNoToken; any other error is one line
// naming the variable.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{
		Token:   strings.TrimSpace(getenv("DISCORD_TOKEN")),
		GuildID: strings.TrimSpace(getenv("DISCORD_GUILD_ID")),
		APIURL:  strings.TrimSpace(getenv("DISCORD_API_URL")),
	}
	if cfg.Token == "" {
		return cfg, ErrNoToken
	}
	if cfg.GuildID != "" {
		if err := checkID("DISCORD_GUILD_ID", cfg.GuildID, "enable Developer Mode and use Copy Server ID"); err != nil {
			return cfg, err
		}
	}
	if cfg.APIURL != "" {
		u, err := url.Parse(cfg.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return cfg, fmt.Errorf("DISCORD_API_URL: %q is not an http(s) URL", openaiapi.RedactURL(cfg.APIURL))
		}
	}
	var err error
	// 0 turns the limit off; Config reads 0 as the default.
	if cfg.RatePerMinute, err = envvar.IntOff(getenv, "DISCORD_RATE_LIMIT", 0, 1000); err != nil {
		return cfg, err
	}
	if cfg.MaxConcurrent, err = envvar.Int(getenv, "DISCORD_MAX_CONCURRENT", 1, 256); err != nil {
		return cfg, err
	}
	if cfg.MaxQueue, err = envvar.Int(getenv, "DISCORD_QUEUE_SIZE", 1, 100000); err != nil {
		return cfg, err
	}
	if cfg.AnswerTimeout, err = envvar.Duration(getenv, "DISCORD_ANSWER_TIMEOUT", 5*time.Second, 14*time.Minute); err != nil {
		return cfg, err
	}
	if cfg.ShutdownGrace, err = envvar.Duration(getenv, "DISCORD_SHUTDOWN_GRACE", time.Second, 10*time.Minute); err != nil {
		return cfg, err
	}
	if cfg.AllowGuilds, err = idList(getenv, "DISCORD_ALLOWED_GUILDS"); err != nil {
		return cfg, err
	}
	if cfg.AllowChannels, err = idList(getenv, "DISCORD_ALLOWED_CHANNELS"); err != nil {
		return cfg, err
	}
	if err := scaleFromEnv(getenv, &cfg); err != nil {
		return cfg, err
	}
	// Read once here, not with each picture: a path that is not a usable
	// font stops serve at start-up with one line, rather than a warning
	// with every timeline picture.
	if cfg.Font = strings.TrimSpace(getenv(chart.FontEnv)); cfg.Font != "" {
		if err := chart.CheckFont(cfg.Font); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

// idList reads name as Discord ids separated by commas or spaces; nil when
// unset.
func idList(getenv func(string) string, name string) ([]string, error) {
	var ids []string
	for _, id := range strings.FieldsFunc(getenv(name), func(r rune) bool { return r == ',' || r == ' ' }) {
		if err := checkID(name, id, "ids are separated by commas"); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}
