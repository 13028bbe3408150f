package timeline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
)

// Floors for TestTalksEventsPrecisionRecall: the figures the timeline
// reaches today (158/158 entries correct, 152/153 events found), so a change
// that loses events or lets wrong ones in fails.
const (
	minTalksPrecision = 1.0
	minTalksRecall    = 152.0 / 153
	// talks2's: held out until branch timeline-days (79/108, 79/101),
	// whose fixes were made on it; development data since.
	minTalks2Precision = 87.0 / 98
	minTalks2Recall    = 87.0 / 101
	// talks3's, held out: measured once, never tuned on.
	minTalks3Precision = 90.0 / 109
	minTalks3Recall    = 90.0 / 104
)

// eventLabel is one dated event of the talks corpus, labelled by hand (see
// testdata/talks_events.json).
type eventLabel struct {
	Dates    []string `json:"dates"` // "2025-02-18" or a range "2025-03-10..2025-03-16"
	Tense    Tense    `json:"tense"`
	Articles []string `json:"articles"` // file numbers: "06" is 06_riyadh_meeting.txt
	Keys     []string `json:"keys"`     // one must occur in the entry's text
	Not      []string `json:"not"`      // none may: the text of another event
	Optional bool     `json:"optional"`
	Note     string   `json:"note"`
}

func (l eventLabel) matches(e Event) bool {
	when := fmtDate(e.Date)
	if !e.End.IsZero() {
		when += ".." + fmtDate(e.End)
	}
	if !slices.Contains(l.Dates, when) || e.Tense != l.Tense {
		return false
	}
	if !slices.ContainsFunc(l.Keys, func(k string) bool { return strings.Contains(strings.ToLower(e.Text), strings.ToLower(k)) }) {
		return false
	}
	if slices.ContainsFunc(l.Not, func(k string) bool { return strings.Contains(e.Text, k) }) {
		return false
	}
	// Every article cited must report the event: a citation of one that
	// does not is wrong.
	for _, s := range e.Sources {
		if !slices.ContainsFunc(l.Articles, func(n string) bool { return strings.HasPrefix(s.Article.ID, n+"_") }) {
			return false
		}
	}
	return true
}

// talksScore compares the timeline's entries with the labels. An entry is
// correct when it matches a label no earlier entry matched: a real event,
// correctly dated and cited, not a duplicate. A label is found when an
// entry matches it.
func talksScore(evs []Event, labels []eventLabel) (precision, recall float64, wrong, missed []string) {
	found := make([]bool, len(labels))
	correct := 0
	for _, e := range evs {
		ok := false
		for i, l := range labels {
			if l.matches(e) && !found[i] {
				found[i], ok = true, true
			}
		}
		if ok {
			correct++
		} else {
			wrong = append(wrong, e.When()+" "+string(e.Tense)+" "+e.Text)
		}
	}
	required, hit := 0, 0
	for i, l := range labels {
		if l.Optional {
			continue
		}
		required++
		if found[i] {
			hit++
		} else {
			missed = append(missed, strings.Join(l.Dates, "|")+" "+string(l.Tense)+" "+strings.Join(l.Articles, ",")+" "+l.Keys[0])
		}
	}
	return float64(correct) / float64(len(evs)), float64(hit) / float64(required), wrong, missed
}

// loadLabels reads a labelled events file of testdata.
func loadLabels(t *testing.T, name string) []eventLabel {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		Events []eventLabel `json:"events"`
	}
	if err := json.Unmarshal(data, &set); err != nil {
		t.Fatal(err)
	}
	return set.Events
}

// checkEvents scores a timeline's entries against labels, logs the wrong
// and missed ones (-v), and fails below the floors.
func checkEvents(t *testing.T, evs []Event, labels []eventLabel, minPrecision, minRecall float64) {
	t.Helper()
	p, r, wrong, missed := talksScore(evs, labels)
	t.Logf("precision %.1f%% (%d entries), recall %.1f%%", 100*p, len(evs), 100*r)
	for _, w := range wrong {
		t.Logf("wrong: %s", w)
	}
	for _, m := range missed {
		t.Logf("missed: %s", m)
	}
	if p < minPrecision {
		t.Errorf("precision %.3f, below %.3f", p, minPrecision)
	}
	if r < minRecall {
		t.Errorf("recall %.3f, below %.3f", r, minRecall)
	}
}

// TestTalksEventsPrecisionRecall measures the talks timeline against the
// hand-labelled events of the corpus and fails when precision or recall
// drops below today's figures. The timeline was tuned on this corpus.
func TestTalksEventsPrecisionRecall(t *testing.T) {
	checkEvents(t, allEvents(t, talksTimeline(t), Filter{}), loadLabels(t, "talks_events.json"), minTalksPrecision, minTalksRecall)
}

// TestTalks2EventsHeldOut measures the timeline of talks2, a corpus written
// and labelled after the timeline's rules, by someone who never read them.
// It was held out until the fixes of branch timeline-days, which were made
// on it: it is development data since, its figures no held-out measure.
func TestTalks2EventsHeldOut(t *testing.T) {
	checkEvents(t, dirEvents(t, "talks2"), loadLabels(t, "talks2_events.json"), minTalks2Precision, minTalks2Recall)
}

// TestTalks3EventsHeldOut measures the timeline of talks3, ten more
// articles (June–August 2025) written and labelled blind after the fixes
// made on talks2: the held-out figures. Never tune on it.
func TestTalks3EventsHeldOut(t *testing.T) {
	checkEvents(t, dirEvents(t, "talks3"), loadLabels(t, "talks3_events.json"), minTalks3Precision, minTalks3Recall)
}

// dirEvents is the timeline of a test corpus of ../testdata.
func dirEvents(t *testing.T, dir string) []Event {
	t.Helper()
	c, err := retrieval.LoadDir(filepath.Join("..", "testdata", dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Skipped) > 0 {
		t.Fatalf("skipped: %v", c.Skipped)
	}
	return allEvents(t, New(retrieval.NewIndex(c, retrieval.DefaultParams())), Filter{})
}

// TestTalksScoreCountsDuplicatesAndCitations checks the scoring itself: a
// second entry of one event and an entry citing an article that does not
// report it are wrong.
func TestTalksScoreCountsDuplicatesAndCitations(t *testing.T) {
	evs := allEvents(t, talksTimeline(t), Filter{})
	var e Event
	for _, x := range evs {
		if strings.Contains(x.Text, "met for about four and a half hours") {
			e = x
		}
	}
	if e.Text == "" {
		t.Fatal("no Riyadh meeting in the talks timeline")
	}
	label := eventLabel{Dates: []string{"2025-02-18"}, Tense: Past, Articles: []string{"06"}, Keys: []string{"four and a half hours"}}
	tests := []struct {
		name       string
		evs        []Event
		labels     []eventLabel
		prec, recl float64
	}{
		{"found once", []Event{e}, []eventLabel{label}, 1, 1},
		{"duplicate", []Event{e, e}, []eventLabel{label}, 0.5, 1},
		{"wrong date", []Event{e}, []eventLabel{{Dates: []string{"2025-02-19"}, Tense: Past, Articles: []string{"06"}, Keys: label.Keys}}, 0, 0},
		{"wrong tense", []Event{e}, []eventLabel{{Dates: label.Dates, Tense: Planned, Articles: []string{"06"}, Keys: label.Keys}}, 0, 0},
		{"wrong citation", []Event{e}, []eventLabel{{Dates: label.Dates, Tense: Past, Articles: []string{"07"}, Keys: label.Keys}}, 0, 0},
		{"optional not counted", []Event{}, []eventLabel{label, {Dates: label.Dates, Tense: Past, Articles: []string{"06"}, Keys: []string{"x"}, Optional: true}}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.evs) == 0 {
				tt.evs = nil
			}
			p, r, _, _ := talksScore(tt.evs, tt.labels)
			if len(tt.evs) > 0 && p != tt.prec || r != tt.recl {
				t.Errorf("precision %v recall %v, want %v %v", p, r, tt.prec, tt.recl)
			}
		})
	}
}
