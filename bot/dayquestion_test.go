package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/bot/openaiapi"
	"github.com/talkbot/talkbot/bot/openaitest"
	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
)

func TestDayQuestion(t *testing.T) {
	_, ix := judgeFixture(t)
	tests := []struct {
		question string
		want     askedDay
		ok       bool
	}{
		{"what happened on feb 18", askedDay{month: time.February, day: 18}, true},
		{"What happened on February 18?", askedDay{month: time.February, day: 18}, true},
		{"Feb 24?", askedDay{month: time.February, day: 24}, true},
		{"what went on on 11 march 2025", askedDay{month: time.March, day: 11, year: 2025}, true},
		{"What took place on March 3rd?", askedDay{month: time.March, day: 3}, true},
		{"Where did Rubio meet Lavrov on February 18?", askedDay{}, false}, // a question about the day, not its events
		{"what happened to the 18 prisoners", askedDay{}, false},
		{"what happened to the 18 prisoners", askedDay{}, false},
	}
	for _, tt := range tests {
		terms := withoutShapeWords(questionTerms(ix, newLexicon(ix.Analyze, DefaultTopic), defaultTuning(), tt.question), questionKind(tt.question))
		c, ok := calendarQuestion(tt.question, terms, nil)
		got := c.day
		ok = ok && got.day != 0 && c.until.day == 0
		if !ok {
			got = askedDay{}
		}
		if ok != tt.ok || got != tt.want {
			t.Errorf("calendarQuestion(%q) day = %+v, %v; want %+v, %v", tt.question, got, ok, tt.want, tt.ok)
		}
	}
}

// TestSpanQuestion: two days, or a week of a month, are a span.
func TestSpanQuestion(t *testing.T) {
	_, ix := judgeFixture(t)
	feb, mar := time.February, time.March
	tests := []struct {
		question    string
		from, until askedDay
		ok          bool
	}{
		{"what happened between feb 18 and feb 24", askedDay{month: feb, day: 18}, askedDay{month: feb, day: 24}, true},
		{"from march 3 to march 1?", askedDay{month: mar, day: 1}, askedDay{month: mar, day: 3}, true},
		{"anything new last week of feb", askedDay{month: feb, day: 22}, askedDay{month: feb, day: 28}, true},
		{"What happened in the first week of March?", askedDay{month: mar, day: 1}, askedDay{month: mar, day: 7}, true},
		{"what happened in the last week of march 2025", askedDay{month: mar, day: 25, year: 2025}, askedDay{month: mar, day: 31, year: 2025}, true},
		{"What happened in February?", askedDay{month: feb, day: 1}, askedDay{month: feb, day: 28}, true}, // a month
		{"what happened in march", askedDay{month: mar, day: 1}, askedDay{month: mar, day: 31}, true},
		{"what happened in february and march", askedDay{}, askedDay{}, false},
		{"what happened on feb 18 in march", askedDay{}, askedDay{}, false},
		{"what happened on feb 18, feb 20 and feb 24", askedDay{}, askedDay{}, false}, // three days
		{"who met in the first week of march", askedDay{}, askedDay{}, false},         // a question about the week, not its events
		{"what happened on march 3 in the first week of march", askedDay{}, askedDay{}, false},
	}
	for _, tt := range tests {
		terms := withoutShapeWords(questionTerms(ix, newLexicon(ix.Analyze, DefaultTopic), defaultTuning(), tt.question), questionKind(tt.question))
		c, ok := calendarQuestion(tt.question, terms, nil)
		ok = ok && c.until.day != 0
		if ok != tt.ok || ok && (c.day != tt.from || c.until != tt.until) {
			t.Errorf("calendarQuestion(%q) = %+v to %+v, %v; want %+v to %+v, %v", tt.question, c.day, c.until, ok, tt.from, tt.until, tt.ok)
		}
	}
}

// TestSpanAnswers: a span is answered with one event a day of the days the
// articles report in it, in date order, each quote verbatim in the passage
// it cites, under the span's first and last days; a span without events is
// refused.
func TestSpanAnswers(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	tests := []struct {
		question, head, contains string // head "": refused
	}{
		{"what happened between feb 18 and feb 24", "From February 18 to February 24, 2025, the articles report: ", "met for about four and a half hours in Riyadh"},
		{"anything new last week of feb", "From February 22 to February 28, 2025, the articles report: ", "travelled to Kyiv by train"},
		{"What happened in February?", "From February 12 to February 28, 2025, the articles report: ", "agreed on Wednesday to have their teams begin negotiations"},
		{"what happened in the first week of january", "", ""},
		{"what happened in march 2024", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans, err := e.Ask(context.Background(), Query{Question: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			if tt.head == "" {
				if !ans.Abstained {
					t.Fatalf("answered: %s", ans.Text)
				}
				return
			}
			if ans.Abstained || !strings.HasPrefix(ans.Text, tt.head) || !strings.Contains(ans.Text, tt.contains) {
				t.Fatalf("want %q first and %q in it: %s", tt.head, tt.contains, ans.Text)
			}
			checkCitations(t, ans)
			checkQuotes(t, &Answer{Text: strings.TrimPrefix(ans.Text, tt.head), Citations: ans.Citations})
			if n := strings.Count(ans.Text, "["); n < 2 || n > maxSpanDays {
				t.Errorf("%d quotes, want 2 to %d", n, maxSpanDays)
			}
			for i, c := range ans.Citations {
				if i > 0 && c.Date.Before(ans.Citations[i-1].Date.AddDate(0, 0, -3)) {
					t.Errorf("source %d (%s) is far older than the one before: not in date order", c.N, c.Date.Format("2006-01-02"))
				}
			}
		})
	}
}

// TestDayAnswers: "what happened on feb 18" is answered with the timeline's
// events of that day, though no article writes "Feb. 18" beside them (the
// story of that day says "on Tuesday"), each quote verbatim in the passage
// it cites; a day without events is refused.
func TestDayAnswers(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	tests := []struct {
		question string
		contains string // "": refused
	}{
		{"what happened on feb 18", "met for about four and a half hours in Riyadh"},
		{"WHAT HAPPENED ON FEB 18", "met for about four and a half hours in Riyadh"},
		{"What happened on March 11?", "ready to accept an American proposal for an immediate 30-day ceasefire"},
		{"what happened on 11 march 2025", "ready to accept an American proposal for an immediate 30-day ceasefire"},
		{"what happened on march 11 2024", ""},
		{"what happened on jan 2", ""},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans, err := e.Ask(context.Background(), Query{Question: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			if tt.contains == "" {
				if !ans.Abstained {
					t.Fatalf("answered: %s", ans.Text)
				}
				return
			}
			if ans.Abstained || !strings.Contains(ans.Text, tt.contains) {
				t.Fatalf("answer lacks %q: %s", tt.contains, ans.Text)
			}
			checkCitations(t, ans)
			checkQuotes(t, ans)
		})
	}
}

// TestDayAnswersQuoteWholeSentences: the timeline cuts a sentence of two
// dates into clauses; a day's answer quotes the whole sentence, not the
// clause with "…".
func TestDayAnswersQuoteWholeSentences(t *testing.T) {
	ans, err := seedEngine(t).Ask(context.Background(), Query{Question: "What happened on Feb 26?"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Abstained || !strings.Contains(ans.Text, "United States to follow up on a high-level meeting last week") || strings.Contains(ans.Text, "…") {
		t.Errorf("want the Kremlin's sentence whole, no clause cut with …: %s", ans.Text)
	}
	checkCitations(t, ans)
	checkQuotes(t, ans)
}

// TestLatestAnswers: "what's the latest?" and its chat forms are answered
// with the events of the newest day the articles report (in the talks
// corpus, the Black Sea deal announced on Tuesday, March 25), headed by
// that day; a question by today's date is still told the articles are not
// today's news, and "latest" about something else is no such question.
func TestLatestAnswers(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	const head = "The latest the articles report, from March 25, 2025: "
	tests := []struct{ question, prefix, contains string }{
		{"What's the latest?", head, "Black Sea"},
		{"any updates on the talks?", head, "Black Sea"},
		{"whats new", head, "Black Sea"},
		{"tl;dr", head, "Black Sea"}, // cut into "tl" and "dr" it named them as missing
		{"recap?", head, "Black Sea"},
		{"any news this week", "The articles are not today's news", ""},
		{"What did Lavrov say in his latest remarks?", "", "Lavrov"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans, err := e.Ask(context.Background(), Query{Question: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(ans.Text, tt.prefix) || !strings.Contains(ans.Text, tt.contains) {
				t.Fatalf("want %q first and %q in it: %s", tt.prefix, tt.contains, ans.Text)
			}
			if tt.prefix == head {
				checkCitations(t, ans)
				checkQuotes(t, &Answer{Text: strings.TrimPrefix(ans.Text, head), Citations: ans.Citations})
			}
		})
	}
}

// TestNextAnswers: "what's next?" is answered with the plans the articles
// report for after their newest day of news, headed by that day, or told
// there are none; "next tuesday" still names a day, and "next" with
// words of its own is asked as any question.
func TestNextAnswers(t *testing.T) {
	seeds, talks := seedEngine(t), New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	const head = "Planned after February 26, 2025, the last day the articles report on: "
	tests := []struct {
		e                          *Engine
		question, prefix, contains string
	}{
		{seeds, "What's next?", head, "within the next two weeks"},
		{seeds, "what happens next in the talks", head, "within the next two weeks"},
		{seeds, "anything upcoming?", head, "within the next two weeks"},
		{talks, "what's next?", "The articles report no plans after March 25, 2025", ""},
		{talks, "what happened next tuesday", "Which Tuesday?", ""},
		{seeds, "What is next for the minerals deal?", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans, err := tt.e.Ask(context.Background(), Query{Question: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(ans.Text, tt.prefix) || !strings.Contains(ans.Text, tt.contains) {
				t.Fatalf("want %q first and %q in it: %s", tt.prefix, tt.contains, ans.Text)
			}
			if tt.prefix == "" && strings.HasPrefix(ans.Text, "Planned after") {
				t.Errorf("asked as a question for plans: %s", ans.Text)
			}
			if tt.prefix == head {
				if strings.Contains(ans.Text, "were held") {
					t.Errorf("a past event among the plans: %s", ans.Text)
				}
				checkCitations(t, ans)
				checkQuotes(t, &Answer{Text: strings.TrimPrefix(ans.Text, head), Citations: ans.Citations})
			}
		})
	}
}

// talksWithModel is an engine over the talks corpus whose model is a local
// OpenAI-compatible server answering with reply.
func talksWithModel(t *testing.T, reply func(openaitest.ChatRequest) openaitest.Reply) *Engine {
	t.Helper()
	srv := openaitest.NewServer(t)
	srv.HandleChat(reply)
	cfg := LLMConfig{Endpoint: openaiapi.Endpoint{APIKey: "sk-test", BaseURL: srv.BaseURL()}, Model: "gpt-test"}
	return New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{LLM: &cfg})
}

// TestLatestLLM: in LLM mode "what's the latest?" reaches the model with
// the newest day's passages, which its words alone would not retrieve.
func TestLatestLLM(t *testing.T) {
	e := talksWithModel(t, func(req openaitest.ChatRequest) openaitest.Reply {
		n := numberOf(t, req, "safe navigation in the Black Sea")
		if n == 0 {
			return openaitest.Text("The articles don't say.")
		}
		return openaitest.Text(fmt.Sprintf("Russia and Ukraine agreed to safe navigation in the Black Sea [%d].", n))
	})
	ans, err := e.Ask(context.Background(), Query{Question: "What's the latest?"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != ModeLLM || ans.Abstained || !strings.Contains(ans.Text, "Black Sea") {
		t.Fatalf("the model did not read the newest day's events: %+v", ans)
	}
}

// TestDayQuestionLLM: in LLM mode the model reads the passages of the
// day's events, which the question's words alone ("feb 18") would not
// retrieve; when the model's answer is unusable, the quoted events are the answer.
func TestDayQuestionLLM(t *testing.T) {
	fail := false
	e := talksWithModel(t, func(req openaitest.ChatRequest) openaitest.Reply {
		if fail {
			return openaitest.Text("Something happened that day [99].") // no valid citation
		}
		n := numberOf(t, req, "four and a half hours in Riyadh")
		if n == 0 {
			return openaitest.Text("The articles don't say.")
		}
		return openaitest.Text(fmt.Sprintf("US and Russian officials met in Riyadh for about four and a half hours [%d].", n))
	})
	ans, err := e.Ask(context.Background(), Query{Question: "what happened on feb 18"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != ModeLLM || ans.Abstained || !strings.Contains(ans.Text, "Riyadh") {
		t.Fatalf("the model did not read the day's events: %+v", ans)
	}
	fail = true
	ans, err = e.Ask(context.Background(), Query{Question: "what happened on feb 18"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.FallbackReason() == "" || !strings.Contains(ans.Text, "met for about four and a half hours in Riyadh") {
		t.Fatalf("the fallback does not quote the day's events: %+v", ans)
	}
	checkQuotes(t, ans)
}

// TestSpanLLM: in LLM mode a span goes to the model, with the passages of
// its events: "between feb 18 and feb 24" holds the Riyadh meeting's of
// Feb. 18 and the Kyiv anniversary's of Feb. 24. (Over this small corpus
// the question's own search brings them too; the test holds the span's
// way to the model, not that only it finds them.)
func TestSpanLLM(t *testing.T) {
	e := talksWithModel(t, func(req openaitest.ChatRequest) openaitest.Reply {
		n := numberOf(t, req, "four and a half hours in Riyadh")
		if n == 0 || numberOf(t, req, "travelled to Kyiv by train") == 0 {
			return openaitest.Text("The articles don't say.")
		}
		return openaitest.Text(fmt.Sprintf("US and Russian officials met in Riyadh for about four and a half hours [%d].", n))
	})
	ans, err := e.Ask(context.Background(), Query{Question: "what happened between feb 18 and feb 24"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != ModeLLM || ans.Abstained || !strings.Contains(ans.Text, "Riyadh") {
		t.Fatalf("the model did not read the span's events: %+v", ans)
	}
}

// countingSource is a timeline given with the snapshot, counting reads.
type countingSource struct {
	tl    *timeline.Timeline
	reads int
}

func (c *countingSource) Events(ctx context.Context, f timeline.Filter) ([]timeline.Event, error) {
	c.reads++
	return c.tl.Events(ctx, f)
}

// TestDayQuestionSnapshotTimeline: a snapshot that comes with a timeline
// (serve builds one for /timeline) is read, not built again, and once
// per question, though both the judge (for the day the question names)
// and the day's answer want its events.
func TestDayQuestionSnapshotTimeline(t *testing.T) {
	ix := indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks")))
	src := &countingSource{tl: timeline.New(ix)}
	e := New(ix, Options{})
	e.Swap(Snapshot{Index: ix, Timeline: src})
	ans, err := e.Ask(context.Background(), Query{Question: "what happened on feb 18"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ans.Text, "Riyadh") || src.reads != 1 {
		t.Fatalf("%d reads of the snapshot's timeline; answer %s", src.reads, ans.Text)
	}
	if e.snap.Load().facts.events.tl != nil {
		t.Error("the engine built a timeline of its own")
	}
}

// TestSnapshotEventsCancelled: a question that ends while the engine
// builds the timeline it came without stops waiting for the build, which
// is not its own: the next question finds the timeline built.
func TestSnapshotEventsCancelled(t *testing.T) {
	ix := indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks")))
	var s snapshotEvents
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if tl, err := s.get(ctx, ix); !errors.Is(err, context.Canceled) || tl != nil {
		t.Fatalf("get with the question cancelled = %v, %v; want the cancellation", tl, err)
	}
	if tl, err := s.get(context.Background(), ix); err != nil || tl == nil {
		t.Fatalf("get for the next question = %v, %v; want the timeline", tl, err)
	}
}

// TestDaysOfWithoutTimeline: a question naming a day is judged without
// the day's events when the timeline cannot be had, which is worth a
// warning, but not when the asker left while it was being built.
func TestDaysOfWithoutTimeline(t *testing.T) {
	for _, tt := range []struct {
		err  error
		warn bool
	}{
		{errors.New("building the timeline: disk on fire"), true},
		{fmt.Errorf("the timeline is still being built: %w", context.DeadlineExceeded), true},
		{context.Canceled, false},
	} {
		var logs bytes.Buffer
		e := New(nil, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		read := func() ([]timeline.Event, error) { return nil, tt.err }
		if d := e.daysOf(read, "what happened on feb 18"); d != nil {
			t.Errorf("%v: days %v, want none", tt.err, d)
		}
		if warned := strings.Contains(logs.String(), "level=WARN"); warned != tt.warn {
			t.Errorf("%v: warned %v, want %v:\n%s", tt.err, warned, tt.warn, logs.String())
		}
	}
}

// TestQuestionsNamingADay: a question that names a day besides what it
// asks ("who met on feb 18") ranks the sentences the timeline dates to
// that day, which say "on Tuesday" rather than the date, and their
// passages join the pool though the question's words would not retrieve
// them; a date typed in digits is read as one.
func TestQuestionsNamingADay(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	tests := []struct{ question, first string }{
		{"who met on feb 18", "joined the Russian team"}, // a person, for "who": the meeting's
		{"what happened in riyadh on feb 18", "four and a half hours in Riyadh"},
		{"what did they agree on feb 18", "four and a half hours in Riyadh"},
		{"what did trump do on march 4", "joint session of Congress"},
		{"how many votes on feb 24", "93 votes to 18"},
		{"what happened on 2025-03-11", "ready to accept an American proposal"},
		{"what happened on 18/02", "four and a half hours in Riyadh"},
		{"what happened on 2/18", "four and a half hours in Riyadh"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans, err := e.Ask(context.Background(), Query{Question: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(ans.Text, "[")
			if ans.Abstained || !strings.Contains(first, tt.first) {
				t.Fatalf("first sentence lacks %q: %s", tt.first, ans.Text)
			}
			checkCitations(t, ans)
			checkQuotes(t, ans)
		})
	}
}

// TestDayAnswerAcrossArticles: a day told by several articles is quoted
// from several, not three times from the first.
func TestDayAnswerAcrossArticles(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	ans, err := e.Ask(context.Background(), Query{Question: "what happened on feb 24"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ans.Citations) != maxSentences {
		t.Fatalf("%d articles cited, want %d: %s", len(ans.Citations), maxSentences, ans.Text)
	}
}

// TestDayNamedLLM: in LLM mode the model reads the passages the timeline
// dates to the day a question names, which its words alone would not
// retrieve.
func TestDayNamedLLM(t *testing.T) {
	srv := openaitest.NewServer(t)
	srv.HandleChat(func(req openaitest.ChatRequest) openaitest.Reply {
		if n := numberOf(t, req, "joint session of Congress"); n != 0 {
			return openaitest.Text(fmt.Sprintf("Trump read Zelensky's letter to Congress [%d].", n))
		}
		return openaitest.Text("The articles don't say.")
	})
	cfg := LLMConfig{Endpoint: openaiapi.Endpoint{APIKey: "sk-test", BaseURL: srv.BaseURL()}, Model: "gpt-test"}
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{LLM: &cfg})
	ans, err := e.Ask(context.Background(), Query{Question: "what did trump do on march 4"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Abstained || !strings.Contains(ans.Text, "Congress") {
		t.Fatalf("the model did not read the day's passages: %+v", ans)
	}
}

// TestWeekdayQuestion: "what happened on tuesday" does not mix three
// Tuesdays: it asks which, naming the Tuesdays the timeline has events on;
// of one Friday it answers.
func TestWeekdayQuestion(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	for _, q := range []string{"what happened on tuesday", "Tuesday?"} {
		ans, err := e.Ask(context.Background(), Query{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Abstained || len(ans.Citations) != 0 || !strings.HasPrefix(ans.Text, "Which Tuesday?") ||
			!strings.Contains(ans.Text, "February 18") || !strings.Contains(ans.Text, "March 11") {
			t.Errorf("%q: %+v", q, ans)
		}
	}
	// With one day of that name there is nothing to ask: it is that day.
	one, err := seedEngine(t).Ask(context.Background(), Query{Question: "what happened on friday"})
	if err != nil {
		t.Fatal(err)
	}
	if one.Abstained || !strings.HasPrefix(one.Text, "Friday, February 28, 2025, the only Friday") || len(one.Citations) == 0 {
		t.Errorf("one Friday: %+v", one)
	}
	checkCitations(t, one)
	// A weekday beside the question's own words is asked as usual.
	ans, err := e.Ask(context.Background(), Query{Question: "who met in Riyadh on Tuesday?"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(ans.Text, "Which") {
		t.Errorf("asked which Tuesday: %s", ans.Text)
	}
}

// TestRelativeDayQuestion: "what happened yesterday" is not asked of the
// articles by today's date: the answer gives the days they cover.
func TestRelativeDayQuestion(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	for _, q := range []string{"what happened yesterday", "any news this week?", "What happened today?"} {
		ans, err := e.Ask(context.Background(), Query{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Abstained || len(ans.Citations) != 0 || !strings.Contains(ans.Text, "from February 12 to March") {
			t.Errorf("%q: %+v", q, ans)
		}
	}
	ans, err := e.Ask(context.Background(), Query{Question: "what did putin say yesterday"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ans.Text, "not today's news") {
		t.Errorf("a question with words of its own was not asked: %s", ans.Text)
	}
}

// TestDayAnswersQuoteTheirCitations: for every day the timeline has events
// on, in two corpora, the answer to "what happened on <day>" quotes only
// words that stand in the passage its marker cites. An event two articles
// report is told in one's words, and must cite that one.
func TestDayAnswersQuoteTheirCitations(t *testing.T) {
	for _, corpus := range []string{"talks", "talks2"} {
		ix := indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", corpus)))
		e := New(ix, Options{})
		events, err := timeline.New(ix).Events(context.Background(), timeline.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		asked := map[time.Time]bool{}
		for _, ev := range events {
			if ev.Granularity != timeline.Day || asked[ev.Date] {
				continue
			}
			asked[ev.Date] = true
			q := "what happened on " + ev.Date.Format("January 2 2006")
			t.Run(corpus+"/"+q, func(t *testing.T) {
				ans, err := e.Ask(context.Background(), Query{Question: q})
				if err != nil {
					t.Fatal(err)
				}
				if ans.Abstained {
					return
				}
				checkCitations(t, ans)
				checkQuotes(t, ans)
			})
		}
		if len(asked) < 10 {
			t.Errorf("%s: %d days asked about", corpus, len(asked))
		}
	}
}

// TestSpanQuotesStandAlone: a span quotes one event a day, alone, so it
// prefers the days and events whose sentence says who it is about: not
// March 1's "On Saturday he was welcomed by Starmer", whose "he" the
// sentence before names.
func TestSpanQuotesStandAlone(t *testing.T) {
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	ans, err := e.Ask(context.Background(), Query{Question: "what happened in march"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ans.Text, "From March 1 to March 25, 2025, the articles report: ") || strings.Contains(ans.Text, "he was welcomed") {
		t.Errorf("want the span from March 1 without a dangling \"he\": %s", ans.Text)
	}
	for _, s := range []string{"On Saturday he was welcomed by Starmer.", "He said it was over.", "The vote came two days later.",
		"Israel began its strikes on Iran three days earlier.", "Days later, the talks resumed.", "Eleven days later, they met again.", "A year later, the deal was signed."} { // dated by the sentence before
		if !leansOnBefore(s) {
			t.Errorf("%q stands alone, want it to lean on the sentence before", s)
		}
	}
	if leansOnBefore("Zelensky said on Tuesday that the meeting had gone well.") {
		t.Error("a sentence that names its subject leans on the one before")
	}
}

// TestEmptySpan: a span without events is refused with the days the
// articles do report.
func TestEmptySpan(t *testing.T) {
	e := seedEngine(t)
	for q, want := range map[string]string{
		"what happened in march":                   "The articles report no events from March 1 to March 31: the events they report run from February ",
		"what happened in the first week of march": "The articles report no events from March 1 to March 7: the events they report run from February ",
	} {
		ans, err := e.Ask(context.Background(), Query{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Abstained || !strings.HasPrefix(ans.Text, want) {
			t.Errorf("%q: want a refusal opening %q: %+v", q, want, ans)
		}
	}
}

func TestInSpan(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	feb22, feb28 := askedDay{month: time.February, day: 22}, askedDay{month: time.February, day: 28}
	for _, tc := range []struct {
		d           time.Time
		from, until askedDay
		want        bool
	}{
		{day(2025, 2, 22), feb22, feb28, true},
		{day(2025, 2, 28), feb22, feb28, true},
		{day(1999, 2, 25), feb22, feb28, true}, // any year, when none is asked
		{day(2025, 2, 21), feb22, feb28, false},
		{day(2025, 3, 1), feb22, feb28, false},
		{day(2024, 2, 25), askedDay{month: time.February, day: 22, year: 2025}, askedDay{month: time.February, day: 28, year: 2025}, false},
		{day(2025, 3, 15), askedDay{month: time.February, day: 1}, askedDay{month: time.March, day: 31}, true},
	} {
		if got := inSpan(tc.d, tc.from, tc.until); got != tc.want {
			t.Errorf("inSpan(%s, %+v, %+v) = %v, want %v", tc.d.Format(time.DateOnly), tc.from, tc.until, got, tc.want)
		}
	}
}

// TestAntecedentOfADayQuote: an event whose subject is a pronoun is quoted
// after the sentence that names him, unless that sentence dates itself
// ("earlier in the day"), which under the answer's day would misdate it,
// or leans on the one before it in turn.
func TestAntecedentOfADayQuote(t *testing.T) {
	a := &retrieval.Article{ID: "a.txt"}
	for _, tc := range []struct {
		passage, quote, want string
	}{
		{"Zelensky arrived in London. On Saturday he was welcomed by Starmer.", "On Saturday he was welcomed by Starmer.", "Zelensky arrived in London."},
		{"Zelensky had met King Charles earlier in the day. On Saturday he was welcomed by Starmer.", "On Saturday he was welcomed by Starmer.", ""},
		{"He arrived in London. On Saturday he was welcomed by Starmer.", "On Saturday he was welcomed by Starmer.", ""},
		{"Zelensky arrived in London. Starmer welcomed him.", "Starmer welcomed him.", ""}, // no pronoun subject
	} {
		p := retrieval.Passage{ID: "a.txt#1", N: 1, Text: tc.passage}
		a.Passages = []retrieval.Passage{p}
		got, ok := antecedent(dayQuote{src: timeline.Source{Article: a, Passage: p}, text: tc.quote})
		if ok != (tc.want != "") || got.text != tc.want {
			t.Errorf("antecedent(%q in %q) = %q, %v; want %q", tc.quote, tc.passage, got.text, ok, tc.want)
		}
	}
}
