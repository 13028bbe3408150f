package bot

import "testing"

func TestRetrievalQuery(t *testing.T) {
	hist := []Turn{{Question: "When did Trump and Putin meet in Alaska?", Answer: "On 15 August [1]."}}
	tests := []struct {
		q    string
		hist []Turn
		want string
	}{
		{"Where was that?", nil, "Where was that?"},
		{"Where was that?", hist, "Where was that? When did Trump and Putin meet in Alaska?"},
		{"And what did Lavrov say?", hist, "And what did Lavrov say? When did Trump and Putin meet in Alaska?"},
		{"What did they agree on after the summit?", hist, "What did they agree on after the summit? When did Trump and Putin meet in Alaska?"},
		{"Why?", hist, "Why? When did Trump and Putin meet in Alaska?"},
		{"What did Rubio and Lavrov agree in Riyadh in February 2025?", hist, "What did Rubio and Lavrov agree in Riyadh in February 2025?"},
		// A follow-up of a follow-up: back to the question that stood alone.
		{"what did they discuss?", []Turn{{Question: "Who met in Istanbul on Thursday?"}, {Question: "how long?"}},
			"what did they discuss? how long? Who met in Istanbul on Thursday?"},
		// ... and no further.
		{"why?", []Turn{{Question: "Who met in Riyadh in February?"}, {Question: "Who met in Istanbul on Thursday?"}, {Question: "how long?"}},
			"why? how long? Who met in Istanbul on Thursday?"},
	}
	for _, tt := range tests {
		if got := RetrievalQuery(tt.q, tt.hist); got != tt.want {
			t.Errorf("RetrievalQuery(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}
