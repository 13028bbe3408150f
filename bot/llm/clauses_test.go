package llm

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/retrieval"
)

func TestSplitClauses(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     []string // each clause as sep|text|marks
		terminal string
	}{
		{"semicolons, markers at the end",
			"Rubio met Lavrov in Riyadh; diplomats met in Istanbul; Peskov spoke [1][2][3].",
			[]string{"|Rubio met Lavrov in Riyadh|[]", "; |diplomats met in Istanbul|[]", "; |Peskov spoke|[1 2 3]"}, "."},
		{"markers of each clause",
			"Rubio met Lavrov [1], and the envoys agreed on embassies [2]; Peskov spoke [3].",
			[]string{"|Rubio met Lavrov|[1]", ", |and the envoys agreed on embassies|[2]", "; |Peskov spoke|[3]"}, "."},
		{"a marker and a space",
			"Rubio met Lavrov [1] and Peskov spoke later that day [2]",
			[]string{"|Rubio met Lavrov|[1]", " |and Peskov spoke later that day|[2]"}, ""},
		{"a conjunction after a comma",
			"Putin said the talks went well, but Peskov said no date was set [1][2].",
			[]string{"|Putin said the talks went well|[]", ", |but Peskov said no date was set|[1 2]"}, "."},
		{"a list is no clause",
			"Rubio met Lavrov, Ushakov, and Dmitriev in Riyadh [1][2].",
			[]string{"|Rubio met Lavrov, Ushakov, and Dmitriev in Riyadh|[1 2]"}, "."},
		{"nor a short clause before a conjunction",
			"Talks ended, and both sides agreed to meet again soon [1][2].",
			[]string{"|Talks ended, and both sides agreed to meet again soon|[1 2]"}, "."},
		{"not inside a quotation",
			`Lavrov said "we listened; we heard each other, and we agreed" [1][2].`,
			[]string{`|Lavrov said "we listened; we heard each other, and we agreed"|[1 2]`}, "."},
		{"not inside brackets",
			"The talks (in Riyadh; on Feb. 18) ended late [1][2]!",
			[]string{"|The talks (in Riyadh; on Feb. 18) ended late|[1 2]"}, "!"},
		{"a marker inside a quotation cites no clause",
			`Lavrov said "we listened [1]" and left Riyadh [2].`, nil, ""},
		{"a closing quotation mark with no marker after it",
			`Rubio met Lavrov [1]; Lavrov said "we heard each other."`,
			[]string{`|Rubio met Lavrov|[1]`, `; |Lavrov said "we heard each other."|[]`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cls, terminal := splitClauses(tt.in)
			var got []string
			for _, c := range cls {
				got = append(got, fmt.Sprintf("%s|%s|%v", c.sep, c.text, c.marks))
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) || terminal != tt.terminal {
				t.Errorf("got %q, %q\nwant %q, %q", got, terminal, tt.want, tt.terminal)
			}
		})
	}
}

// clauseSent is three passages of three articles, each holding one fact.
func clauseSent() []retrieval.Result {
	var out []retrieval.Result
	for n, text := range []string{
		"U.S. Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov in Riyadh on Feb. 18.",
		"Russian and American diplomats met in Istanbul on Thursday for more than six hours of talks on their embassies.",
		"Kremlin spokesman Dmitry Peskov said the call between Trump and Putin lasted almost an hour and a half.",
	} {
		id := fmt.Sprintf("c%d.txt", n+1)
		a := &retrieval.Article{ID: id, Headline: "Headline " + id, Date: time.Date(2025, 2, 28, 0, 0, 0, 0, time.UTC)}
		p := retrieval.Passage{ID: id + "#1", Article: id, N: 1, Text: text}
		a.Passages = []retrieval.Passage{p}
		out = append(out, retrieval.Result{Rank: n + 1, Passage: p, Article: a})
	}
	return out
}

// TestVerifyClauses: a sentence that cites several sources, or fails
// whole, is checked clause by clause; what stays is whole clauses, each
// citing what holds it, and the sources are those the kept text cites, in
// order of first use.
func TestVerifyClauses(t *testing.T) {
	const (
		riyadh   = "Marco Rubio met Sergei Lavrov in Riyadh on February 18"
		istanbul = "Russian and American diplomats met in Istanbul on February 27 for more than six hours"
		call     = "Peskov said the call between Trump and Putin lasted almost an hour and a half"
		wrong    = "Russian and American diplomats met in Istanbul on March 3 for more than nine hours"
	)
	long := strings.Repeat(riyadh+", officials said, as the talks went on; ", 12) + call + " [1][3]."
	tests := []struct {
		name        string
		raw         string
		text        string
		sources     string // sent indexes behind each number
		unsupported int
		recited     int
		err         error
	}{
		{
			name:    "all held: the sentence stays as written",
			raw:     riyadh + "; " + istanbul + "; " + call + " [1][2][3].",
			text:    riyadh + "; " + istanbul + "; " + call + " [1][2][3].",
			sources: "[[0] [1] [2]]",
		},
		{
			name:        "a clause its sources do not hold goes, the others cite what holds them",
			raw:         riyadh + "; " + wrong + "; " + call + " [1][2][3].",
			text:        riyadh + " [1]; " + call + " [2].",
			sources:     "[[0] [2]]",
			unsupported: 1,
		},
		{
			name:        "the first clause goes: the next starts the sentence",
			raw:         wrong + ", and " + call + " [2][3].",
			text:        "Peskov said the call between Trump and Putin lasted almost an hour and a half [1].",
			sources:     "[[2]]",
			unsupported: 1,
		},
		{
			name:    "clauses that cite each other's passages are cited anew, in order of first use",
			raw:     riyadh + " [2]; " + istanbul + " [1].",
			text:    riyadh + " [1]; " + istanbul + " [2].",
			sources: "[[0] [1]]",
			recited: 2,
		},
		{
			name:    "a clause citing a passage that does not hold it is cited to the one that does",
			raw:     riyadh + " [1], and " + call + " [2].",
			text:    riyadh + " [1], and " + call + " [2].",
			sources: "[[0] [2]]",
			recited: 1,
		},
		{
			name:        "one source, failing whole: the clause it holds stays",
			raw:         riyadh + ", and Putin resigned on March 3 [1].",
			text:        riyadh + " [1].",
			sources:     "[[0]]",
			unsupported: 1,
		},
		{
			name:        "nothing held: the sentence goes as one",
			raw:         wrong + "; Putin resigned on March 3 [2][3].",
			unsupported: 1,
			err:         ErrUnsupportedAnswer,
		},
		{
			name:    "a sentence of thousands of bytes stays whole",
			raw:     long,
			text:    strings.Replace(long, "[1][3]", "[1][2]", 1),
			sources: "[[0] [2]]",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Verify(tt.raw, clauseSent())
			if !errors.Is(err, tt.err) || v.Text != tt.text {
				t.Fatalf("got %q, %v\nwant %q, %v", v.Text, err, tt.text, tt.err)
			}
			if tt.err != nil {
				if v.Unsupported != tt.unsupported {
					t.Errorf("unsupported %d, want %d", v.Unsupported, tt.unsupported)
				}
				return
			}
			if got := fmt.Sprint(v.Sources); got != tt.sources {
				t.Errorf("sources %s, want %s", got, tt.sources)
			}
			if v.Unsupported != tt.unsupported || v.Recited != tt.recited || v.Dropped != 0 ||
				len(v.UnsupportedSentences) != tt.unsupported {
				t.Errorf("unsupported %d (%q), recited %d, dropped %d; want %d, %d, 0",
					v.Unsupported, v.UnsupportedSentences, v.Recited, v.Dropped, tt.unsupported, tt.recited)
			}
		})
	}
}
