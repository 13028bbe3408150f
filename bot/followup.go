package bot

import (
	"strings"
	"unicode"
)

// anaphora are words that point back at an earlier turn.
var anaphora = map[string]bool{
	"it": true, "its": true, "that": true, "this": true, "these": true, "those": true,
	"they": true, "them": true, "their": true, "there": true, "then": true, "he": true,
	"him": true, "his": true, "she": true, "her": true, "same": true, "former": true, "latter": true,
}

// followUpLeads open a question that continues the last one.
var followUpLeads = []string{"and ", "but ", "so ", "also ", "what about", "how about", "what else", "why", "anything else", "more"}

// RetrievalQuery is the text to search for a question asked after history:
// the question itself when it stands alone, else the question followed by
// the previous question, so "where did they meet?" after "When did Trump
// and Putin meet?" still finds the passages about Trump and Putin; and
// when that one was a follow-up too, the ones before it, back to the one
// that stood alone (at most maxFollowed): "what did they discuss?" after
// "how long?" after "Who met in Istanbul?" is about Istanbul. A question
// counts as a follow-up when it is very short (four words or fewer), opens
// like one ("and …", "what about …"), or, at twelve words or fewer, points
// back with a pronoun ("it", "they", "there", …).
func RetrievalQuery(question string, history []Turn) string {
	question = strings.TrimSpace(question)
	if len(history) == 0 || !isFollowUp(question) {
		return question
	}
	out := question
	followed := 0
	for i := len(history) - 1; i >= 0 && followed < maxFollowed; i-- {
		prev := strings.TrimSpace(history[i].Question)
		if prev == "" {
			continue
		}
		out += " " + prev
		followed++
		if !isFollowUp(prev) {
			break
		}
	}
	return out
}

// maxFollowed bounds the earlier questions a follow-up is searched with.
const maxFollowed = 3

func isFollowUp(q string) bool {
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
	if len(words) <= 4 {
		return true
	}
	l := strings.ToLower(q)
	for _, lead := range followUpLeads {
		if strings.HasPrefix(l, lead) {
			return true
		}
	}
	if len(words) > 12 {
		return false
	}
	for _, w := range words {
		if anaphora[w] {
			return true
		}
	}
	return false
}
