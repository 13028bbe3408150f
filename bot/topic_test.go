package bot

import (
	"context"
	"strings"
	"testing"
)

func TestTopicFromEnv(t *testing.T) {
	tests := []struct {
		value, want, err string
	}{
		{"", DefaultTopic, ""},
		{"   ", DefaultTopic, ""},
		{"the 2026 city budget", "the 2026 city budget", ""},
		{"the city\nbudget\x1b[31m \u202Etalks", "the city budget talks", ""},
		{strings.Repeat("x", MaxTopicChars+1), "", "TALKBOT_TOPIC"},
	}
	for _, tt := range tests {
		got, err := TopicFromEnv(func(k string) string {
			if k == "TALKBOT_TOPIC" {
				return tt.value
			}
			return ""
		})
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || strings.Contains(err.Error(), "\n") {
				t.Errorf("TopicFromEnv(%q) error %v, want one line naming %s", tt.value, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("TopicFromEnv(%q) = %q, %v; want %q", tt.value, got, err, tt.want)
		}
	}
}

// TestTopicInRefusals: an abstention names the configured subject, so
// another corpus reads right.
func TestTopicInRefusals(t *testing.T) {
	for _, topic := range []string{"", "the 2026 city budget"} {
		e := New(seedEngine(t).Index(), Options{Topic: topic})
		ans, err := e.Ask(context.Background(), Query{Question: "What did Macron say about China?"})
		if err != nil {
			t.Fatal(err)
		}
		want := topic
		if want == "" {
			want = DefaultTopic
		}
		if !ans.Abstained || !strings.HasSuffix(ans.Text, "news articles on "+want+".") || e.Topic() != want {
			t.Errorf("topic %q: %q", topic, ans.Text)
		}
	}
}
