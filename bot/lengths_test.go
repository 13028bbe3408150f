package bot

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
)

func TestSpan(t *testing.T) {
	for _, tt := range []struct {
		s       string
		minutes float64
		words   string
	}{
		{"Officials met for about four and a half hours in Riyadh.", 270, "about four and a half hours"},
		{"They met for more than six hours of talks.", 360, "more than six hours"},
		{"The call lasted almost an hour and a half.", 90, "almost an hour and a half"},
		{"The meeting lasted half an hour.", 30, "half an hour"},
		{"Their third meeting lasted only about 40 minutes.", 40, "about 40 minutes"},
		{"The talks lasted 2.5 hours.", 150, "2.5 hours"},
		{"The truce ran for three days.", 3 * 24 * 60, "three days"},
		// A span that dates something is no length.
		{"Trump announced the summit two days after Witkoff held three hours of talks.", 180, "three hours"},
		// The span said to last, not another the sentence mentions.
		{"The talks, which followed a 90-minute call last week, lasted four hours.", 240, "four hours"},
		{"The call lasted forty-five minutes.", 45, "forty-five minutes"},
		{"They talked for twenty-four hours.", 24 * 60, "twenty-four hours"},
		{"The meeting took half a day.", 12 * 60, "half a day"},
		{"The meeting lasted a little over an hour.", 60, "a little over an hour"},
		// "for" says it less surely than "lasted".
		{"Trump spoke for 20 minutes at the start of talks that lasted three hours.", 180, "three hours"},
		{"Trump spoke for 20 minutes.", 20, "20 minutes"},
	} {
		m, w, _, ok := span(tt.s)
		if !ok || m != tt.minutes || w != tt.words {
			t.Errorf("span(%q) = %v, %q, %v; want %v, %q", tt.s, m, w, ok, tt.minutes, tt.words)
		}
	}
	for _, s := range []string{"The talks ended without a deal.", "Two days later they met again.", "", "A ceasefire could come within two days."} {
		if m, w, _, ok := span(s); ok {
			t.Errorf("span(%q) = %v, %q; want none", s, m, w)
		}
	}
}

func TestMinutes(t *testing.T) {
	for m, want := range map[float64]string{1: "a minute", 40: "40 minutes", 59.6: "an hour", 60: "an hour", 90: "an hour and a half",
		450: "7 and a half hours", 480: "8 hours", 2880: "2 days", 3600: "2 and a half days"} {
		if got := minutes(m); got != want {
			t.Errorf("minutes(%v) = %q, want %q", m, got, want)
		}
	}
}

// TestLengthVerdict: the line after a comparison's quotes says which was
// longer (or shorter, or by how much) by the figures the two parts' first
// quotes write, each followed by its quote's marker.
func TestLengthVerdict(t *testing.T) {
	ar := &retrieval.Article{ID: "a.txt"}
	br := &retrieval.Article{ID: "b.txt"}
	part := func(text string, ar *retrieval.Article) *Answer {
		var w quoteWriter
		w.quote(text, retrieval.Result{Article: ar, Passage: retrieval.Passage{ID: ar.ID + "#1", N: 1, Text: text}})
		return w.answer("part", "")
	}
	riyadh := part("The officials met for about four and a half hours in Riyadh.", ar)
	istanbul := part("The diplomats met in Istanbul for more than six hours.", br)
	calm := part("The talks in Istanbul were calm.", br)
	both := part("Both talks: the Istanbul talks lasted more than six hours, against about four and a half hours in Riyadh.", br)
	// A later quote's span that is not said to last is no length: "a
	// 30-day ceasefire" is not how long the Riyadh talks were.
	var w quoteWriter
	for _, text := range []string{"US and Russian officials met in Riyadh on Tuesday.", "They agreed to work towards a 30-day ceasefire."} {
		w.quote(text, retrieval.Result{Article: ar, Passage: retrieval.Passage{ID: ar.ID + "#1", N: 1, Text: text}})
	}
	noLength := w.answer("part", "")
	for _, tt := range []struct {
		c      lengthComparison
		a1, a2 *Answer
		want   string
	}{
		{lengthComparison{a: "riyadh talks", b: "istanbul talks"}, riyadh, istanbul,
			"So, by the articles' figures, the Istanbul talks lasted longer than the Riyadh talks: more than six hours, against about four and a half hours. [2] [1]"},
		{lengthComparison{a: "riyadh talks", b: "istanbul talks", shorter: true}, riyadh, istanbul,
			"So, by the articles' figures, the Riyadh talks lasted less time than the Istanbul talks: about four and a half hours, against more than six hours. [1] [2]"},
		{lengthComparison{a: "istanbul talks", b: "riyadh talks", howMuch: true}, istanbul, riyadh,
			"So, by the articles' figures, the Istanbul talks lasted about an hour and a half longer than the Riyadh talks: more than six hours, against about four and a half hours. [1] [2]"},
		{lengthComparison{a: "riyadh talks", b: "istanbul talks"}, riyadh, calm, ""},
		{lengthComparison{a: "riyadh talks", b: "istanbul talks"}, noLength, istanbul, ""},
		// One sentence quoted for both: no thing compared with itself.
		{lengthComparison{a: "riyadh talks", b: "istanbul talks"}, both, part("Both talks: the Istanbul talks lasted more than six hours, against about four and a half hours in Riyadh.", br), ""},
	} {
		joined := joinParts("q", tt.a1, tt.a2)
		if joined == nil {
			t.Fatal("not joined")
		}
		if got := tt.c.verdict(joined, tt.a1, tt.a2); got != tt.want {
			t.Errorf("%+v: verdict %q, want %q", tt.c, got, tt.want)
		}
	}
}

// TestComparisonVerdict: asked which lasted longer, the answer quotes both
// lengths and says which, each figure's marker the one of the quote it
// comes from.
func TestComparisonVerdict(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	ans, err := e.Ask(context.Background(), Query{Question: "was the istanbul round longer than the riyadh one"})
	if err != nil {
		t.Fatal(err)
	}
	_, verdict, ok := strings.Cut(ans.Text, "So, by the articles' figures, ")
	if !ok || !strings.HasPrefix(verdict, "the Istanbul round lasted longer than the Riyadh one: more than six hours, against about four and a half hours.") {
		t.Fatalf("no verdict that the Istanbul round was longer: %q", ans.Text)
	}
	marks := strings.Fields(verdict[strings.LastIndex(verdict, ".")+1:])
	six, _ := markerAfter(t, ans, "more than six hours")
	four, _ := markerAfter(t, ans, "about four and a half hours")
	if len(marks) != 2 || marks[0] != "["+itoa(six)+"]" || marks[1] != "["+itoa(four)+"]" {
		t.Errorf("the verdict's markers %q are not those of its figures' quotes: %q", marks, ans.Text)
	}
	checkCitations(t, ans)
}

func TestWrittenAs(t *testing.T) {
	const text = "Talks in Riyadh lasted about four and a half hours. [1] The diplomats met in Istanbul for more than six hours. [2]"
	for phrase, want := range map[string]string{
		"riyadh talks":    "Riyadh talks", // "Talks" opens a sentence: its capital says nothing
		"istanbul round":  "Istanbul round",
		"march call":      "march call",
		"talks in riyadh": "talks in Riyadh",
	} {
		if got := writtenAs(text, phrase); got != want {
			t.Errorf("writtenAs(%q) = %q, want %q", phrase, got, want)
		}
	}
}
