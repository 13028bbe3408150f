package chart

import (
	"strings"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

// TestSourceFooter: the footer names each article by headline, publisher
// (left out when unknown) and date, never by its file name.
func TestSourceFooter(t *testing.T) {
	f, err := newFaces(Options{})
	if err != nil {
		t.Fatal(err)
	}
	known := article(1, "Talks in Riyadh", "2025-02-18")
	unknown := &retrieval.Article{ID: "000_455d42bae2579fa5.txt", Headline: "Summit preparations underway", Date: day("2025-02-23")}
	l := layout([]timeline.Event{
		event("2025-02-18", "", timeline.Past, "They met in Riyadh.", known),
		event("2025-02-22", "", timeline.Past, "Preparations began.", unknown, known),
	}, Options{}, f)
	var got []string
	for _, ln := range l.SourceLines {
		got = append(got, ln.Text)
	}
	want := []string{
		"[1] Talks in Riyadh — Wire, 18 Feb 2025",
		"[2] Summit preparations underway — 23 Feb 2025",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("footer:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
