package bot

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSummaryOf(t *testing.T) {
	ix := indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks")))
	setting := termSet(ix.Analyze, DefaultTopic)
	tests := []struct {
		q     string
		ok    bool
		about []string
	}{
		{"summarise the talks", true, nil},
		{"Can you summarize everything so far?", true, nil},
		{"give me an overview of the Riyadh meeting", true, []string{"riyadh", "meet"}},
		{"Summary?", true, nil},
		{"brief rundown of the minerals deal please", true, []string{"miner", "deal"}},
		{"tldr of the jeddah talks", true, []string{"jeddah"}},
		{"tl;dr", false, nil}, // the latest news (TestLatestAnswers)
		{"recap of the riyadh meeting", true, []string{"riyadh", "meet"}},
		{"What is the summary of the Riyadh statement?", false, nil},
		{"Who met in Riyadh?", false, nil},
		{"tell me about the istanbul talks", true, []string{"istanbul"}},
		{"explain the minerals deal", true, []string{"miner", "deal"}},
		{"give me the key points of starmer's plan", true, []string{"starmer", "plan"}},
		{"summarize what happened in paris", true, []string{"pari"}},
		{"explain why zelensky pushed back his trip", false, nil},
		{"Can you explain how the deal works?", false, nil},
		{"what's the minerals deal about", true, []string{"miner", "deal"}},
		{"What was the Oval Office clash all about?", true, []string{"oval", "offic", "clash"}},
		{"what is this about", true, nil}, // the whole story
		{"what did they talk about", false, nil},
		{"what were they talking about", false, nil},
		{"what was trump angry about", false, nil},
		{"what were the leaders talking about", false, nil},
		{"what are the europeans worried about", false, nil},
		{"what was the president asked about", false, nil},
		{"what was the briefing about", true, []string{"brief"}},
		{"what's it all about", true, nil},
		{"What was the Riyadh meeting about?", true, []string{"riyadh", "meet"}},
	}
	for _, tt := range tests {
		about, _, ok := summaryOf(ix.Analyze, tt.q, setting)
		if ok != tt.ok || !slices.Equal(about, tt.about) {
			t.Errorf("summaryOf(%q) = %q, %v; want %q, %v", tt.q, about, ok, tt.about, tt.ok)
		}
	}
}

// TestSummaryAnswer: "summarise the talks" quotes the opening sentences of
// articles over the story's days, in date order, each cited; with a
// subject, of the articles about it; in LLM mode the model gets it.
func TestSummaryAnswer(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	ans, err := e.Ask(context.Background(), Query{Question: "summarise the talks"})
	if err != nil {
		t.Fatal(err)
	}
	const head = "In brief, from the opening sentences of the articles, February 13 to March 26, 2025: "
	if ans.Abstained || !strings.HasPrefix(ans.Text, head) || len(ans.Citations) != summaryLeads {
		t.Fatalf("want %d articles' openings under %q: %+v", summaryLeads, head, ans)
	}
	checkCitations(t, ans)
	checkQuotes(t, &Answer{Text: strings.TrimPrefix(ans.Text, head), Citations: ans.Citations})
	for i, c := range ans.Citations {
		if i > 0 && c.Date.Before(ans.Citations[i-1].Date) {
			t.Errorf("source %d (%s) is older than the one before", c.N, c.Date.Format("2006-01-02"))
		}
		if len(c.Passages) != 1 || c.Passages[0].ID != c.Article+"#1" {
			t.Errorf("source %d cites %+v, want its article's first passage", c.N, c.Passages)
		}
	}
	ans, err = e.Ask(context.Background(), Query{Question: "give me an overview of the Riyadh meeting"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range ans.Citations {
		if !strings.Contains(c.Headline, "Riyadh") && !strings.Contains(c.Headline, "Saudi") {
			t.Errorf("an overview of the Riyadh meeting cites %q", c.Headline)
		}
	}
	if len(ans.Citations) < 2 {
		t.Errorf("want the Riyadh articles: %+v", ans)
	}
	// "Oval Office" is in the headline of the clash, whose text says
	// "White House"; a passage elsewhere that mentions the Oval Office and
	// a meeting is another story.
	ans, err = e.Ask(context.Background(), Query{Question: "summary of the oval office meeting"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range ans.Citations {
		if !strings.Contains(c.Headline, "Oval Office") {
			t.Errorf("a summary of the Oval Office meeting cites %q", c.Headline)
		}
	}
	if len(ans.Citations) == 0 {
		t.Errorf("no sources: %+v", ans)
	}
}

// TestSummaryOfUnknownSubject: a summary of something the articles never
// write is refused naming it, not answered with the whole story's summary.
func TestSummaryOfUnknownSubject(t *testing.T) {
	ans, err := seedEngine(t).Ask(context.Background(), Query{Question: "Summary of the Riyadh meeting"})
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Abstained || !strings.Contains(ans.Text, "“Riyadh”") || strings.HasPrefix(ans.Text, "In brief") {
		t.Errorf("want a refusal naming Riyadh: %+v", ans)
	}
}

// TestSummaryInPassing: a subject no headline names is summed up with the
// sentences that say it, not with the openings of the articles it is
// mentioned in ("the Saudi meeting" in the built-in story of the summit's
// preparations), each quote verbatim in the passage it cites.
func TestSummaryInPassing(t *testing.T) {
	ans, err := seedEngine(t).Ask(context.Background(), Query{Question: "summary of the saudi meeting"})
	if err != nil {
		t.Fatal(err)
	}
	const head = "In brief, from what the article of February 23, 2025 says of it: " // one article
	if !strings.HasPrefix(ans.Text, head) || !strings.Contains(ans.Text, "No Ukrainian officials were present at the Saudi meeting.") ||
		strings.Contains(ans.Text, "Preparations are underway") {
		t.Fatalf("want the sentences on the Saudi meeting under %q: %s", head, ans.Text)
	}
	checkCitations(t, ans)
	checkQuotes(t, &Answer{Text: strings.TrimPrefix(ans.Text, head), Citations: ans.Citations})
}

// TestSubjectRequest: "tell me about the riyadh meeting" is a request for a
// summary of the articles whose headline says it; "give me the key points
// of starmer's plan from the london summit", whose subject no headline
// says whole, is asked as a question, not answered with the passages that
// name some of it.
func TestSubjectRequest(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	for _, tc := range []struct {
		q       string
		summary bool
	}{
		{"tell me about the riyadh meeting", true},
		{"give me the key points of starmer's plan from the london summit", false},
		{"explain why zelensky pushed back his trip to saudi arabia", false},
	} {
		ans, err := e.Ask(context.Background(), Query{Question: tc.q})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.HasPrefix(ans.Text, "In brief, from the opening sentences"); got != tc.summary {
			t.Errorf("%q: summary %v, want %v: %s", tc.q, got, tc.summary, ans.Text)
		}
	}
}

// TestSummaryLedeSetIn: an article whose headline does not name the
// subject but whose first sentence sets its event there ("met face to face
// in Istanbul on Friday") is summed up with those whose headline does; one
// that names it in passing ("since the Oval Office argument") is not.
func TestSummaryLedeSetIn(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks2"))), Options{})
	ans, err := e.Ask(context.Background(), Query{Question: "tell me about the istanbul talks"})
	if err != nil {
		t.Fatal(err)
	}
	for _, lede := range []string{"proposed early on Sunday", "met face to face in Istanbul on Friday"} {
		if !strings.Contains(ans.Text, lede) {
			t.Errorf("the summary lacks %q: %s", lede, ans.Text)
		}
	}
}

// TestAboutQuestion: "what's the alaska summit about" asks for the subject
// as "tell me about" does: the opening of the article whose headline says
// it, not a sentence that names Alaska in passing.
func TestAboutQuestion(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks3"))), Options{})
	ans, err := e.Ask(context.Background(), Query{Question: "what's the alaska summit about"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ans.Text, "talked for nearly three hours at a military base in Anchorage") || strings.Contains(ans.Text, "1867") {
		t.Errorf("%q, want the summit article's opening", ans.Text)
	}
}
