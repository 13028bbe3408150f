package discord

import (
	"strconv"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot"
)

// TestQuestionProblemTooLong: the reply to an over-long question gives the
// limit the engine applies, as its error does (they cannot drift), and not
// as "under" it: a question of exactly the limit is allowed.
func TestQuestionProblemTooLong(t *testing.T) {
	got := questionProblem(bot.ErrQuestionTooLong)
	n := strconv.Itoa(bot.MaxQuestionChars)
	want := n[:len(n)-3] + "," + n[len(n)-3:] + " characters"
	if !strings.Contains(got, want) || strings.Contains(got, "under") {
		t.Errorf("questionProblem(ErrQuestionTooLong) = %q, want the limit %q, not 'under' it", got, want)
	}
}
