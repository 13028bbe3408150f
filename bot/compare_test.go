package bot

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/bot/openaitest"
)

func TestComparisonOf(t *testing.T) {
	ix := indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks")))
	lx := newLexicon(ix.Analyze, DefaultTopic)
	lx.proper = func() map[string]bool { return properWords(ix.Corpus()) }
	for _, tc := range []struct {
		q      string
		alts   [2]string // "" for none
		events bool
		gap    string
	}{
		{"who met zelensky first, vance or kellogg", [2]string{"vance", "kellogg"}, false, ""},
		{"Who did Zelensky meet first: Kellogg or Vance?", [2]string{"Kellogg", "Vance"}, false, ""},
		{"which came first, Trump or Putin?", [2]string{"Trump", "Putin"}, false, ""},
		{"what came first: the aid pause or the intel pause", [2]string{"aid pause", "intel pause"}, true, ""},
		{"which happened first, the riyadh meeting or the istanbul talks?", [2]string{"riyadh meeting", "istanbul talks"}, true, ""},
		{"who spoke first, russia or ukraine", [2]string{}, false, ""}, // places: neither people nor events
		{"Who met Zelensky first?", [2]string{}, false, ""},
		{"Did Vance or Kellogg meet Zelensky?", [2]string{}, false, ""},
		{"how many days between the trump putin phone call and the riyadh meeting", [2]string{"trump putin phone call", "riyadh meeting"}, true, "days"},
		{"How many weeks passed between the Paris meeting and the London summit?", [2]string{"Paris meeting", "London summit"}, true, "weeks"},
		{"how long was it between the aid pause and the intel pause", [2]string{"aid pause", "intel pause"}, true, "days"},
		{"how long was the meeting between trump and zelensky", [2]string{}, false, ""}, // its length
		{"how many days between Trump and Putin?", [2]string{}, false, ""},              // people: between which of their doings?
	} {
		cmp, ok := comparisonOf(tc.q, ix.Analyze, lx)
		if ok != (tc.alts[0] != "") || ok && (cmp.alts != tc.alts || cmp.events != tc.events || cmp.gap != tc.gap) {
			t.Errorf("comparisonOf(%q) = %q (events %v, gap %q), %v; want %q (events %v, gap %q)", tc.q, cmp.alts, cmp.events, cmp.gap, ok, tc.alts, tc.events, tc.gap)
		}
	}
}

// TestCompareEvents: two events are each the one the earliest article
// whose headline names it reports first, dated by the timeline: the clash
// of Friday, Feb. 28, is in an article of March 1.
func TestCompareEvents(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	for q, head := range map[string]string{
		"Which came first, the Paris meeting or the London summit?": "The Paris meeting came first (February 17, 2025), then the London summit (March 2, 2025): ",
		"what came first: the aid pause or the intel pause":         "The aid pause came first (March 3, 2025), then the intelligence pause (March 5, 2025): ",
		"what came first, the oval office clash or the un vote":     "The UN vote came first (February 24, 2025), then the Oval Office clash (February 28, 2025): ",
		// The days between two events, from the same dates.
		"how many days between the trump putin phone call and the riyadh meeting": "6 days apart: the Trump Putin phone call (February 12, 2025), then the Riyadh meeting (February 18, 2025): ",
		"How many weeks between the London summit and the Paris meeting?":         "13 days apart (about 2 weeks): the Paris meeting (February 17, 2025), then the London summit (March 2, 2025): ",
		"how many weeks between the paris meeting and the un vote":                "7 days apart (about a week): the Paris meeting (February 17, 2025), then the UN vote (February 24, 2025): ",
		"how many days between the trump and putin call and the riyadh meeting":   "6 days apart: the Trump and Putin call (February 12, 2025), then the Riyadh meeting (February 18, 2025): ", // cut at the second "and"
	} {
		ans, err := e.Ask(context.Background(), Query{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(ans.Text, head) {
			t.Errorf("%q: want %q first: %s", q, head, ans.Text)
			continue
		}
		checkCitations(t, ans)
		checkQuotes(t, &Answer{Text: strings.TrimPrefix(ans.Text, head), Citations: ans.Citations})
	}
	// No article's headline names the minerals deal: answered as any
	// question, not ordered.
	ans, err := e.Ask(context.Background(), Query{Question: "which came first, the minerals deal or the ceasefire"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ans.Text, "came first") {
		t.Errorf("ordered without an article about each: %s", ans.Text)
	}
}

// TestCompareAnswer: "who met zelensky first, vance or kellogg" is answered
// with each one's meeting from the timeline, the earlier first, whichever
// order the question names them in, each quote verbatim in the passage it
// cites; in LLM mode the model reads both passages first.
func TestCompareAnswer(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	const head = "Vance came first (February 14, 2025), then Kellogg (February 20, 2025): "
	for _, q := range []string{"who met zelensky first, vance or kellogg", "Who did Zelensky meet first: Kellogg or Vance?"} {
		ans, err := e.Ask(context.Background(), Query{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Abstained || !strings.HasPrefix(ans.Text, head) || !strings.Contains(ans.Text, "met Keith Kellogg") {
			t.Fatalf("%q: want %q first and Kellogg's meeting in it: %s", q, head, ans.Text)
		}
		checkCitations(t, ans)
		checkQuotes(t, &Answer{Text: strings.TrimPrefix(ans.Text, head), Citations: ans.Citations})
	}
	llm := talksWithModel(t, func(req openaitest.ChatRequest) openaitest.Reply {
		v, k := numberOf(t, req, "Vance met Ukrainian President Volodymyr Zelensky"), numberOf(t, req, "met Keith Kellogg")
		if v == 0 || k == 0 {
			return openaitest.Text("The articles don't say.")
		}
		return openaitest.Text(fmt.Sprintf("Vance met Zelensky first, in Munich [%d]; Kellogg met him in Kyiv later [%d].", v, k))
	})
	ans, err := llm.Ask(context.Background(), Query{Question: "who met zelensky first, vance or kellogg"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != ModeLLM || ans.Abstained || !strings.Contains(ans.Text, "Vance met Zelensky first") {
		t.Fatalf("the model did not read both meetings: %+v", ans)
	}
}

func TestCasedAs(t *testing.T) {
	for _, tc := range []struct {
		text, alt string
		name      bool
		want      string
	}{
		{"Vance met Ukrainian President Volodymyr Zelensky.", "vance", true, "Vance"},
		{"Zelensky met Keith Kellogg in Kyiv.", "keith kellogg", true, "Keith Kellogg"},
		{"Zelensky met Keith Kellogg in Kyiv.", "zelenskyy", true, "Zelenskyy"}, // spelt otherwise
		{"European leaders meet in Paris", "paris meeting", false, "Paris meeting"},
		{"UN votes split Washington", "un vote", false, "UN vote"},
		{"Talks to advance peace, said Vance.", "vance", false, "Vance"}, // a whole word, not "advance"'s
	} {
		if got := casedAs(tc.text, tc.alt, tc.name); got != tc.want {
			t.Errorf("casedAs(%q, %q, %v) = %q, want %q", tc.text, tc.alt, tc.name, got, tc.want)
		}
	}
}

// TestDaysApart: days of the calendar, whatever the clock; weeks when asked,
// one of them "a week".
func TestDaysApart(t *testing.T) {
	at := func(d, h int) time.Time { return time.Date(2025, 2, d, h, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		from, to time.Time
		unit     string
		want     string
	}{
		{at(1, 23), at(3, 1), "days", "2 days apart"},
		{at(1, 0), at(2, 0), "days", "1 day apart"},
		{at(1, 0), at(9, 0), "weeks", "8 days apart (about a week)"},
		{at(1, 0), at(21, 0), "weeks", "20 days apart (about 3 weeks)"},
		{at(1, 0), at(21, 0), "days", "20 days apart"},
	} {
		if got := daysApart(tc.from, tc.to, tc.unit); got != tc.want {
			t.Errorf("daysApart(%v, %v, %q) = %q, want %q", tc.from, tc.to, tc.unit, got, tc.want)
		}
	}
}

// TestAfterAnswer: "what happened after the oval office clash" is answered
// with the week after that event's day, from the timeline, the event and
// its day first; an event no headline names is answered as any question.
func TestAfterAnswer(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	for _, q := range []string{"what happened after the oval office clash", "What came next after the Oval Office clash?"} {
		const head = "The Oval Office clash: February 28, 2025. In the week after it, from March 1 to March 7, 2025, the articles report: "
		ans, err := e.Ask(context.Background(), Query{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(ans.Text, head) || !strings.Contains(ans.Text, "paused all military assistance") {
			t.Fatalf("%q: want %q first and the aid pause in it: %s", q, head, ans.Text)
		}
		checkCitations(t, ans)
		checkQuotes(t, &Answer{Text: strings.TrimPrefix(ans.Text, head), Citations: ans.Citations})
	}
	ans, err := e.Ask(context.Background(), Query{Question: "what happened after the minerals deal"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ans.Text, "n the week after it") {
		t.Errorf("no headline names the minerals deal, yet: %s", ans.Text)
	}
	// A second question inside the event's phrase is no event.
	for _, q := range []string{strings.Repeat("what happened the day after the talks in riyadh and what came next after jeddah; ", 3)} {
		ans, err := e.Ask(context.Background(), Query{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(ans.Text, "and what came next after jeddah") {
			t.Errorf("%q: the question's text is the event's name: %s", q, ans.Text)
		}
	}
	// The day after, the week before; an event no headline names
	// ("Jeddah") found by the earliest event done that names it.
	for _, tc := range []struct{ q, head, quoted string }{
		{"what happened the day after the oval office blowup", "The Oval Office blowup: February 28, 2025. The day after it, on March 1, 2025, the articles report: ", "welcomed by Starmer at Downing Street"},
		{"what happened in the week before the riyadh meeting", "The Riyadh meeting: February 18, 2025. In the week before it, from February 12 to February 17, 2025, the articles report: ", "telephone call"},
		{"what came next after jeddah", "Jeddah: March 11, 2025. In the week after it, from March 13 to March 18, 2025, the articles report: ", "30-day ceasefire raised serious questions"},
	} {
		ans, err := e.Ask(context.Background(), Query{Question: tc.q})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(ans.Text, tc.head) || !strings.Contains(ans.Text, tc.quoted) {
			t.Errorf("%q: want %q first and %q in it: %s", tc.q, tc.head, tc.quoted, ans.Text)
		}
		checkCitations(t, ans)
	}
}
