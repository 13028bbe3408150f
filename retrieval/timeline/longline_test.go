package timeline

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/talkbot/talkbot/retrieval"
)

// longLineFS is a corpus of one article whose text is a single line of about
// n bytes without a full stop, full of dates and reporting verbs: the worst
// case for extraction, which works sentence by sentence.
func longLineFS(n int) fstest.MapFS {
	const unit = "the envoys met again in Riyadh on Tuesday, and Lavrov said talks would resume next week while officials noted Feb. 18 "
	var b strings.Builder
	b.WriteString("date 2025-02-20 One long line\n\n")
	for b.Len() < n {
		b.WriteString(unit)
	}
	return fstest.MapFS{"long.txt": &fstest.MapFile{Data: []byte(b.String())}}
}

// TestLongLineEvents checks that a long line without full stops gives
// events of sentence length, dated like the same words in a short sentence,
// rather than one line-long event per date. 16 KB is many times the
// sentence cap, which is all the check needs; BenchmarkLongLine shows the
// time staying linear at 100 KB and 1 MB.
func TestLongLineEvents(t *testing.T) {
	c, err := retrieval.Load(longLineFS(16 << 10))
	if err != nil {
		t.Fatal(err)
	}
	evs := allEvents(t, New(retrieval.NewIndex(c, retrieval.DefaultParams())), Filter{})
	if len(evs) == 0 {
		t.Fatal("no events")
	}
	days := map[string]bool{}
	for _, e := range evs {
		// A sentence piece plus the ellipses that mark a cut clause.
		if len(e.Text) > retrieval.MaxSentenceBytes+2*len("…") {
			t.Fatalf("event text has %d bytes, want at most a capped sentence", len(e.Text))
		}
		days[fmtDate(e.Date)] = true
	}
	for _, want := range []string{"2025-02-18", "2025-02-24"} {
		if !days[want] {
			t.Errorf("no event on %s; days %v", want, days)
		}
	}
}

// BenchmarkLongLine times load, index and timeline extraction for one
// single-line article; the cost per byte should not grow with the size.
func BenchmarkLongLine(b *testing.B) {
	for _, n := range []int{100 << 10, 1 << 20} {
		fsys := longLineFS(n)
		b.Run(fmt.Sprintf("%dKB", n>>10), func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				c, err := retrieval.Load(fsys)
				if err != nil {
					b.Fatal(err)
				}
				New(retrieval.NewIndex(c, retrieval.DefaultParams()))
			}
		})
	}
}
