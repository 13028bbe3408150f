package llm

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/bot/openaiapi"
)

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want *Config // nil with wantErr "" means LLM off
		err  string  // the variable the error must name
	}{
		{name: "nothing set: extractive", env: map[string]string{"OPENAI_MODEL": "gpt-4o"}},
		{name: "key only", env: map[string]string{"OPENAI_API_KEY": "sk-x"},
			want: &Config{Endpoint: openaiapi.Endpoint{APIKey: "sk-x", APIType: openaiapi.APITypeOpenAI}}},
		{name: "base URL alone enables a local server", env: map[string]string{"OPENAI_BASE_URL": "http://localhost:11434/v1", "OPENAI_MODEL": "llama3.2"},
			want: &Config{Endpoint: openaiapi.Endpoint{BaseURL: "http://localhost:11434/v1", APIType: openaiapi.APITypeOpenAI}, Model: "llama3.2"}},
		{name: "all knobs", env: map[string]string{"OPENAI_API_KEY": "k", "OPENAI_TIMEOUT": "90s", "OPENAI_TEMPERATURE": "0.3",
			"OPENAI_MAX_TOKENS": "300", "OPENAI_MAX_RETRIES": "0", "TALKBOT_CONTEXT_TOKENS": "4000"},
			want: &Config{Endpoint: openaiapi.Endpoint{APIKey: "k", APIType: openaiapi.APITypeOpenAI}, Timeout: 90 * time.Second, Temperature: 0.3,
				MaxOutputTokens: 300, Retry: openaiapi.Retry{MaxRetries: -1}, ContextBudget: 4000}},
		{name: "timeout in plain seconds", env: map[string]string{"OPENAI_API_KEY": "k", "OPENAI_TIMEOUT": "45"},
			want: &Config{Endpoint: openaiapi.Endpoint{APIKey: "k", APIType: openaiapi.APITypeOpenAI}, Timeout: 45 * time.Second}},
		{name: "azure", env: map[string]string{"OPENAI_API_KEY": "k", "OPENAI_API_TYPE": "Azure", "OPENAI_BASE_URL": "https://r.openai.azure.com", "OPENAI_MODEL": "dep"},
			want: &Config{Endpoint: openaiapi.Endpoint{APIKey: "k", APIType: openaiapi.APITypeAzure, BaseURL: "https://r.openai.azure.com"}, Model: "dep"}},
		{name: "azure without base URL", env: map[string]string{"OPENAI_API_KEY": "k", "OPENAI_API_TYPE": "azure"}, err: "OPENAI_BASE_URL"},
		{name: "azure without key", env: map[string]string{"OPENAI_BASE_URL": "https://r.openai.azure.com", "OPENAI_API_TYPE": "azure"}, err: "OPENAI_API_KEY"},
		{name: "unknown api type", env: map[string]string{"OPENAI_API_KEY": "k", "OPENAI_API_TYPE": "anthropic"}, err: "OPENAI_API_TYPE"},
		{name: "bad base URL", env: map[string]string{"OPENAI_BASE_URL": "localhost:8080"}, err: "OPENAI_BASE_URL"},
		{name: "bad timeout", env: map[string]string{"OPENAI_API_KEY": "k", "OPENAI_TIMEOUT": "soon"}, err: "OPENAI_TIMEOUT"},
		{name: "timeout too short", env: map[string]string{"OPENAI_API_KEY": "k", "OPENAI_TIMEOUT": "10ms"}, err: "OPENAI_TIMEOUT"},
		{name: "bad temperature", env: map[string]string{"OPENAI_API_KEY": "k", "OPENAI_TEMPERATURE": "3"}, err: "OPENAI_TEMPERATURE"},
		{name: "bad max tokens", env: map[string]string{"OPENAI_API_KEY": "k", "OPENAI_MAX_TOKENS": "-5"}, err: "OPENAI_MAX_TOKENS"},
		{name: "bad retries", env: map[string]string{"OPENAI_API_KEY": "k", "OPENAI_MAX_RETRIES": "many"}, err: "OPENAI_MAX_RETRIES"},
		{name: "bad budget", env: map[string]string{"OPENAI_API_KEY": "k", "TALKBOT_CONTEXT_TOKENS": "10"}, err: "TALKBOT_CONTEXT_TOKENS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ConfigFromEnv(func(k string) string { return tt.env[k] })
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err+": ") || strings.Contains(err.Error(), "\n") {
					t.Fatalf("err = %v, want a one-line error naming %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprintf("%+v", ptrVal(got)) != fmt.Sprintf("%+v", ptrVal(tt.want)) || (got == nil) != (tt.want == nil) {
				t.Errorf("got  %+v\nwant %+v", ptrVal(got), ptrVal(tt.want))
			}
		})
	}
}

// ptrVal formats the fields of a config, key included, for comparison.
func ptrVal(c *Config) string {
	if c == nil {
		return "nil"
	}
	return fmt.Sprintf("key=%q base=%q model=%q type=%q ver=%q timeout=%v temp=%v max=%d retries=%d budget=%d",
		c.APIKey, c.BaseURL, c.Model, c.APIType, c.APIVersion, c.Timeout, c.Temperature, c.MaxOutputTokens, c.Retry.MaxRetries, c.ContextBudget)
}

func TestConfigHidesKey(t *testing.T) {
	c := Config{Endpoint: openaiapi.Endpoint{APIKey: "sk-very-secret-key", BaseURL: "https://user:pass@example.com/v1"}, Model: "m"}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("config", "llm", c)
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), c.String(), logs.String()} {
		if strings.Contains(s, "secret") || strings.Contains(s, "pass@") {
			t.Errorf("key or password shown: %s", s)
		}
		if !strings.Contains(s, "model") {
			t.Errorf("config not described: %s", s)
		}
	}
}

func TestConfigDefaults(t *testing.T) {
	c := Config{}.withDefaults()
	if c.Model != DefaultModel || c.Timeout != DefaultTimeout || c.ContextBudget != DefaultContextBudget ||
		c.Retry.MaxRetries != openaiapi.DefaultMaxRetries || c.MaxOutputTokens != DefaultMaxOutputTokens || c.Retry.Sleep == nil {
		t.Errorf("defaults = %v", ptrVal(&c))
	}
	if c := (Config{Retry: openaiapi.Retry{MaxRetries: -1}}).withDefaults(); c.Retry.MaxRetries != 0 {
		t.Errorf("MaxRetries -1 became %d", c.Retry.MaxRetries)
	}
}
