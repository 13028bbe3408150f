package main

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/bot/discord"
	"github.com/talkbot/talkbot/bot/llm"
	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/retrieval/ingest"
)

// TestEnvExampleShowsDefaults: .env.example says the values it shows are
// the defaults, and is copied to .env as it is, so every value it sets must
// be the code's default (a copied file then changes nothing) and a setting
// whose default depends on another one must not be set there:
// OPENAI_MAX_TOKENS=400 capped reasoning models, whose default is 2000, at
// 400.
func TestEnvExampleShowsDefaults(t *testing.T) {
	env, err := readDotenv("../../.env.example")
	if err != nil || env == nil {
		t.Fatalf("read .env.example: %v", err)
	}
	dur := func(d time.Duration) func(string) bool {
		return func(v string) bool { got, err := time.ParseDuration(v); return err == nil && got == d }
	}
	num := func(n int) func(string) bool {
		return func(v string) bool { got, err := strconv.Atoi(v); return err == nil && got == n }
	}
	is := func(want string) func(string) bool { return func(v string) bool { return v == want } }
	// The defaults, from the code's constants where it has them, else as
	// the code and README give them.
	defaults := map[string]func(string) bool{
		"LOG_LEVEL":                  is("info"),
		"LOG_FORMAT":                 is("text"),
		"OPENAI_MODEL":               is(llm.DefaultModel),
		"OPENAI_API_TYPE":            is(openaiapi.APITypeOpenAI),
		"OPENAI_API_VERSION":         is(openaiapi.DefaultAzureAPIVersion),
		"OPENAI_TIMEOUT":             dur(llm.DefaultTimeout),
		"OPENAI_TEMPERATURE":         is("0"),
		"OPENAI_MAX_RETRIES":         num(openaiapi.DefaultMaxRetries),
		"TALKBOT_TOPIC":              is(bot.DefaultTopic),
		"TALKBOT_CONTEXT_TOKENS":     num(llm.DefaultContextBudget),
		"DISCORD_API_URL":            is(discord.DefaultAPIURL),
		"DISCORD_RATE_LIMIT":         num(5),
		"DISCORD_MAX_CONCURRENT":     num(4),
		"DISCORD_QUEUE_SIZE":         num(100),
		"DISCORD_ANSWER_TIMEOUT":     dur(2 * time.Minute),
		"DISCORD_SHUTDOWN_GRACE":     dur(25 * time.Second),
		"DISCORD_GATEWAY":            is("true"),
		"DISCORD_SHARD_ID":           num(0),
		"DISCORD_SHARD_COUNT":        num(1),
		"TALKBOT_FETCH_TIMEOUT":      dur(ingest.DefaultTimeout),
		"TALKBOT_ALLOW_PRIVATE_URLS": is("0"),
		"TALKBOT_FEED_INTERVAL":      dur(defaultFeedInterval),
	}
	for name, v := range env {
		if v == "" || name == "OPENAI_MAX_TOKENS" {
			continue // unset; or said below
		}
		check, ok := defaults[name]
		if !ok {
			t.Errorf(".env.example sets %s=%s, and this test does not know its default: check it and add it here", name, v)
			continue
		}
		if !check(v) {
			t.Errorf(".env.example sets %s=%s, which is not its default", name, v)
		}
	}
	if v, ok := env["OPENAI_MAX_TOKENS"]; ok {
		t.Errorf(".env.example sets OPENAI_MAX_TOKENS=%q: its default depends on the model (%d, %d for reasoning models)", v, llm.DefaultMaxOutputTokens, llm.DefaultReasoningMaxTokens)
	}

	// The user test's case: a copied .env with a reasoning model leaves the
	// cap to the model's default.
	env["OPENAI_API_KEY"], env["OPENAI_MODEL"] = "sk-test", "o3-mini"
	cfg, err := llm.ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil || cfg == nil {
		t.Fatalf("a .env copied from .env.example with OPENAI_MODEL=o3-mini: config %v, error %v", cfg, err)
	}
	if cfg.MaxOutputTokens != 0 {
		t.Errorf("a .env copied from .env.example with OPENAI_MODEL=o3-mini caps the answer at %d tokens; want the model's default (%d)", cfg.MaxOutputTokens, llm.DefaultReasoningMaxTokens)
	}
	data, err := os.ReadFile("../../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	raw := string(data)
	for _, want := range []string{strconv.Itoa(llm.DefaultMaxOutputTokens), strconv.Itoa(llm.DefaultReasoningMaxTokens)} {
		if !strings.Contains(raw, "# OPENAI_MAX_TOKENS") || !strings.Contains(raw, want) {
			t.Errorf(".env.example does not explain OPENAI_MAX_TOKENS's defaults (%s)", want)
		}
	}
}
