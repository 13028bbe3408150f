package timeline

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/seeds"
)

// FuzzExtract feeds arbitrary article text through extraction: it must not
// panic, and every event must be well formed and cite a passage of the
// article.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"Putin said on Monday that the delegations would meet again on March 4 in Istanbul.",
		"The envoys met last week; they will meet next week, within the next two weeks, or on Feb. 18-19, 2025.",
		"Feb. 31 and 0 February and in 1999 and 99 days ago and in 12 months' time on Sunday's night.",
		"Peskov said. He said. “Quote,” he said. Related: x",
	} {
		f.Add("2025-02-26", s)
	}
	f.Fuzz(func(t *testing.T, date, text string) {
		a, err := retrieval.ParseArticle("f.txt", []byte("date "+date+" Headline\n\n"+text+"\n"))
		if err != nil {
			return
		}
		ix := retrieval.NewIndex(&retrieval.Corpus{Articles: []*retrieval.Article{a}}, retrieval.DefaultParams())
		tl := New(ix)
		evs, err := tl.Events(context.Background(), Filter{Topic: text})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if len(e.Sources) == 0 || e.Sources[0].Article != a || strings.TrimSpace(e.Text) == "" {
				t.Fatalf("malformed event %+v", e)
			}
			if !e.End.IsZero() && !e.End.After(e.Date) {
				t.Fatalf("range %s..%s does not run forward", e.Date, e.End)
			}
			if e.Tense != Past && e.Tense != Planned {
				t.Fatalf("tense %q", e.Tense)
			}
		}
		tl.Topics(text, 25)
	})
}

// BenchmarkNew measures extracting the timeline of a corpus of 400
// articles (about 6,000 passages): the seed articles under 200 names, each
// copy published a day later than the one before.
func BenchmarkNew(b *testing.B) {
	var arts []*retrieval.Article
	for _, name := range []string{"000_455d42bae2579fa5.txt", "003_de8c20d388a4a3c7.txt"} {
		data, err := fs.ReadFile(seeds.FS(), name)
		if err != nil {
			b.Fatal(err)
		}
		header, body, _ := strings.Cut(string(data), "\n")
		for i := range 200 {
			pub, _ := time.Parse(time.DateOnly, strings.Fields(header)[1])
			text := "date " + pub.AddDate(0, 0, i).Format(time.DateOnly) + " " + strings.Join(strings.Fields(header)[2:], " ") + "\n" + body
			a, err := retrieval.ParseArticle(fmt.Sprintf("%03d_%s", i, name), []byte(text))
			if err != nil {
				b.Fatal(err)
			}
			arts = append(arts, a)
		}
	}
	ix := retrieval.NewIndex(&retrieval.Corpus{Articles: arts}, retrieval.DefaultParams())
	b.ResetTimer()
	for b.Loop() {
		New(ix)
	}
}

func BenchmarkEventsTopic(b *testing.B) {
	c, err := retrieval.Load(seeds.FS())
	if err != nil {
		b.Fatal(err)
	}
	tl := New(retrieval.NewIndex(c, retrieval.DefaultParams()))
	for b.Loop() {
		tl.Events(context.Background(), Filter{Topic: "Zelensky visit"})
	}
}
