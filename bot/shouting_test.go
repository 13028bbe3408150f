package bot

import (
	"context"
	"strings"
	"testing"
)

func TestUnshouted(t *testing.T) {
	tests := []struct{ in, want string }{
		{"WHERE DID THEY MEET?", "where did they meet?"},
		{"WHEN DID THE US PAUSE AID", "when did the us pause aid"},
		{"What did NATO say?", "What did NATO say?"}, // an acronym in a sentence
		{"NATO?", "NATO?"}, // one word: an acronym
		{"who is LAVROV", "who is LAVROV"},
		{"ПУТИН И ТРАМП", "путин и трамп"},
		{"普京和特朗普在哪里会面", "普京和特朗普在哪里会面"}, // no capitals to fold
		{"US-RUSSIA TALKS 2025", "us-russia talks 2025"},
	}
	for _, tt := range tests {
		if got := unshouted(tt.in); got != tt.want {
			t.Errorf("unshouted(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestShoutedQuestions: a question typed in capitals gets the answer the
// same question gets in lower case, not a refusal naming "DID".
func TestShoutedQuestions(t *testing.T) {
	e := seedEngine(t)
	for _, q := range []string{"where did they meet?", "when will trump and putin meet", "what did lavrov say"} {
		t.Run(q, func(t *testing.T) {
			low, err := e.Ask(context.Background(), Query{Question: q})
			if err != nil {
				t.Fatal(err)
			}
			up, err := e.Ask(context.Background(), Query{Question: strings.ToUpper(q)})
			if err != nil {
				t.Fatal(err)
			}
			if low.Abstained {
				t.Fatalf("the lower-case question abstained: %s", low.Text)
			}
			if up.Text != low.Text {
				t.Errorf("in capitals:\n%s\nin lower case:\n%s", up.Text, low.Text)
			}
		})
	}
}
