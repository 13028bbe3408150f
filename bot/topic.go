package bot

import (
	"fmt"
	"unicode/utf8"

	"github.com/talkbot/talkbot/bot/llm"
	"github.com/talkbot/talkbot/retrieval/textclean"
)

// DefaultTopic is what the articles are about unless TALKBOT_TOPIC says
// otherwise. It reads after "questions about" and "articles on".
const DefaultTopic = llm.DefaultTopic

// MaxTopicChars bounds TALKBOT_TOPIC: it goes into a Discord command
// description, which holds at most 100 characters.
const MaxTopicChars = 80

// TopicFromEnv reads TALKBOT_TOPIC through getenv: what the corpus is
// about, as a phrase that reads after "questions about" ("the 2026 city
// budget"). Unset or blank means DefaultTopic; the value is cleaned to one
// line (textclean.Line). Over MaxTopicChars it is a one-line error naming
// the variable.
func TopicFromEnv(getenv func(string) string) (string, error) {
	t := textclean.Line(getenv("TALKBOT_TOPIC"))
	if n := utf8.RuneCountInString(t); n > MaxTopicChars {
		return "", fmt.Errorf("TALKBOT_TOPIC: %d characters, at most %d (it is shown in Discord's command list)", n, MaxTopicChars)
	}
	return cleanTopic(t), nil
}

func cleanTopic(t string) string {
	if t = textclean.Line(t); t == "" {
		return DefaultTopic
	}
	return t
}
