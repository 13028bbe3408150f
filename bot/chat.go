package bot

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// unshouted returns a question typed all in capitals ("WHERE DID THEY
// MEET?") in lower case, so that it reads as the chat question it is: in
// capitals every word looks like a name or an acronym, and "DID" would veto
// it as a name the articles never mention. A question with any lower-case
// letter, or with fewer than two words in capitals, is returned as it is:
// "NATO?" and "What did NATO say?" keep their acronym.
func unshouted(q string) string {
	words := 0
	for _, w := range strings.Fields(q) {
		upper := false
		for _, r := range w {
			if unicode.IsLower(r) {
				return q
			}
			upper = upper || unicode.IsUpper(r)
		}
		if upper {
			words++
		}
	}
	if words < 2 {
		return q
	}
	return strings.ToLower(q)
}

// chatForms are the question words chat types without their apostrophe or
// vowels ("whos rubio", "hw many votes"), as the judge reads them.
var chatForms = map[string]string{"whos": "who's", "wheres": "where's", "whens": "when's", "hows": "how's", "hw": "how"}

var chatForm = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:whos|wheres|whens|hows|hw)\b`)
})

// withChatForms returns q with chat's forms of question words written out:
// "hw many votes" asks "how many".
func withChatForms(q string) string {
	return chatForm().ReplaceAllStringFunc(q, func(w string) string {
		full := chatForms[strings.ToLower(w)]
		if unicode.IsUpper([]rune(w)[0]) {
			full = strings.ToUpper(full[:1]) + full[1:]
		}
		return full
	})
}

var discordMention = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b`)
})

// withoutMentions returns q without Discord's mentions of users, roles and
// channels ("<@123456> when did they meet?"): they name no one the
// articles could, and "123456" is no number the question asks about.
func withoutMentions(q string) string {
	if !strings.ContainsAny(q, "<@") {
		return q
	}
	return strings.Join(strings.Fields(discordMention().ReplaceAllString(q, " ")), " ")
}
