package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/hbollon/go-edlib"
)

// settingNames are the environment variables talkbot reads, as
// .env.example lists them (TestSettingNames keeps the two alike).
func settingNames() []string {
	return []string{
		"CORPUS_DIR", "LOG_LEVEL", "LOG_FORMAT",
		"OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "OPENAI_API_TYPE", "OPENAI_API_VERSION",
		"OPENAI_TIMEOUT", "OPENAI_TEMPERATURE", "OPENAI_MAX_RETRIES", "OPENAI_MAX_TOKENS",
		"OPENAI_EMBEDDING_MODEL", "OPENAI_EMBEDDING_DIMENSIONS", "EMBEDDING_CACHE_DIR",
		"TALKBOT_TOPIC", "TALKBOT_CONTEXT_TOKENS", "TALKBOT_ALIASES", "TALKBOT_HTTP_ADDR", "TALKBOT_METRICS_ADDR",
		"TALKBOT_FETCH_TIMEOUT", "TALKBOT_ALLOW_PRIVATE_URLS", "TALKBOT_FEEDS", "TALKBOT_FEED_INTERVAL", "TALKBOT_FONT",
		"DISCORD_TOKEN", "DISCORD_GUILD_ID", "DISCORD_API_URL", "DISCORD_RATE_LIMIT", "DISCORD_MAX_CONCURRENT",
		"DISCORD_QUEUE_SIZE", "DISCORD_ANSWER_TIMEOUT", "DISCORD_ALLOWED_GUILDS", "DISCORD_ALLOWED_CHANNELS",
		"DISCORD_SHUTDOWN_GRACE", "DISCORD_PUBLIC_KEY", "DISCORD_GATEWAY", "DISCORD_APPLICATION_ID",
		"DISCORD_SHARD_ID", "DISCORD_SHARD_COUNT", "DISCORD_ADD_ROLE", "DISCORD_ANNOUNCE_CHANNEL",
		"REDIS_URL",
	}
}

// ownPrefix returns the prefix that starts the names of talkbot's own
// settings that name starts with, or "": another name so starting is a
// setting mistyped or guessed ("TALKBOT_CORPUS"), which would otherwise
// be ignored without a word. Another program's variable so named
// (OPENAI_ORG_ID) is told about too: one line, on stderr.
func ownPrefix(name string) string {
	for _, p := range []string{"TALKBOT_", "DISCORD_", "OPENAI_"} {
		if strings.HasPrefix(name, p) {
			return p
		}
	}
	return ""
}

// envNames returns the names of environ's NAME=value entries.
func envNames(environ []string) []string {
	out := make([]string, 0, len(environ))
	for _, kv := range environ {
		if name, _, ok := strings.Cut(kv, "="); ok {
			out = append(out, name)
		}
	}
	return out
}

// warnUnknownSettings writes one warning line per name among names (of
// the environment and the .env file) that starts like talkbot's settings
// but is none of them, with the setting it most likely means: every
// TALKBOT_ name, and a DISCORD_ or OPENAI_ one only when it is like one
// of talkbot's (another tool's OPENAI_ORG_ID is none of its business).
func warnUnknownSettings(w io.Writer, names []string) {
	known := settingNames()
	seen := map[string]bool{}
	names = slices.Sorted(slices.Values(names))
	for _, name := range names {
		if seen[name] || slices.Contains(known, name) || ownPrefix(name) == "" {
			continue
		}
		seen[name] = true
		s := likelySetting(name, known)
		if s == "" && ownPrefix(name) != "TALKBOT_" {
			continue // OPENAI_ORG_ID: another tool's, like none of talkbot's
		}
		msg := fmt.Sprintf("talkbot: warning: %s is not a talkbot setting and is ignored", name)
		if s != "" {
			msg += fmt.Sprintf("; did you mean %s?", s)
		}
		fmt.Fprintln(w, msg+" (.env.example lists them all)")
	}
}

// likelySetting returns the known name that name most likely means: the
// one sharing most of its words ("TALKBOT_CORPUS" → CORPUS_DIR), else one
// within two edits ("DISCORD_TOKN"), or "".
func likelySetting(name string, known []string) string {
	words := func(s string) []string {
		// "TALKBOT_" says nothing of which setting.
		return strings.Split(strings.TrimPrefix(s, ownPrefix(s)), "_")
	}
	best, most, closest := "", 0, 3
	for _, k := range known {
		shared := 0
		for _, w := range words(name) {
			if len(w) > 2 && slices.Contains(words(k), w) { // not ID
				shared++
			}
		}
		d := edlib.LevenshteinDistance(name, k)
		if shared > most || shared == most && shared > 0 && d < closest {
			best, most, closest = k, shared, d
		} else if most == 0 && d < closest {
			best, closest = k, d
		}
	}
	return best
}
