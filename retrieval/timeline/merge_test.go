package timeline

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func sourceIDs(e Event) []string {
	var ids []string
	for _, s := range e.Sources {
		ids = append(ids, s.Passage.ID)
	}
	return ids
}

func TestSameEventFromSeveralArticlesIsOneEntry(t *testing.T) {
	tl := corpusTimeline(t, map[string]string{
		"a.txt": "date 2025-02-19 US and Russia agree to work toward ending the war\n\nU.S. and Russian officials met in Riyadh on Tuesday and agreed to restore embassy staffing and start peace talks.\n\nSOURCE: AP\n",
		"b.txt": "date 2025-02-20 Riyadh talks\n\nU.S. and Russian officials met in Riyadh on Feb. 18 and agreed to restore embassy staffing and begin peace talks.\n\nSOURCE: Reuters\n",
		"c.txt": "date 2025-02-20 Kyiv budget\n\nUkraine's parliament met on Feb. 18 to debate the budget.\n",
		// A vaguer date from another article that holds the precise one.
		"d.txt": "date 2025-02-24 A week on\n\nOfficials who met in Riyadh last week agreed to restore embassy staffing.\n",
	})
	evs := allEvents(t, tl, Filter{})
	var riyadh, budget []Event
	for _, e := range evs {
		switch {
		case strings.Contains(e.Text, "Riyadh"):
			riyadh = append(riyadh, e)
		case strings.Contains(e.Text, "budget"):
			budget = append(budget, e)
		}
	}
	if len(riyadh) != 1 {
		t.Fatalf("got %d Riyadh events, want 1 merged:\n%s", len(riyadh), render(evs))
	}
	e := riyadh[0]
	if fmtDate(e.Date) != "2025-02-18" || !e.End.IsZero() || e.Granularity != Day || e.Tense != Past {
		t.Errorf("merged event dated %s..%s %s %s, want 2025-02-18 day past", fmtDate(e.Date), fmtDate(e.End), e.Granularity, e.Tense)
	}
	if got, want := sourceIDs(e), []string{"a.txt#1", "b.txt#1", "d.txt#1"}; !slices.Equal(got, want) {
		t.Errorf("citations %v, want %v", got, want)
	}
	if len(budget) != 1 || fmtDate(budget[0].Date) != "2025-02-18" || len(budget[0].Sources) != 1 {
		t.Errorf("the unrelated Feb. 18 event should stay apart with its own citation:\n%s", render(evs))
	}
}

func TestPlannedThenDoneMergesAsDone(t *testing.T) {
	tl := corpusTimeline(t, map[string]string{
		"a.txt": "date 2025-02-16 Talks ahead\n\nU.S. and Russian officials will meet in Riyadh on Tuesday to discuss embassy staffing and peace talks.\n",
		"b.txt": "date 2025-02-19 Talks held\n\nU.S. and Russian officials met in Riyadh on Tuesday to discuss embassy staffing and peace talks.\n",
	})
	evs := allEvents(t, tl, Filter{})
	if len(evs) != 1 {
		t.Fatalf("got %d events, want 1:\n%s", len(evs), render(evs))
	}
	if e := evs[0]; fmtDate(e.Date) != "2025-02-18" || e.Tense != Past || !strings.Contains(e.Text, "met in Riyadh") || len(e.Sources) != 2 {
		t.Errorf("got:\n%s\nwant 2025-02-18, past, the wording of the report after the fact, two citations", render(evs))
	}
}

func TestFramingOfUndatedReports(t *testing.T) {
	tests := []struct {
		name, article string
		want          []string // rendered "date text-start" of every event
	}{
		{
			name:    "no date in the article: an undated report is left out, not dated to the article",
			article: "date 2025-03-05 Kremlin on talks\n\nPeskov said the talks were useful.\n",
		},
		{
			name:    "a years-old date is history: no event, and it does not frame later reports",
			article: "date 2025-03-05 Background\n\nRussia launched its full-scale invasion on Feb. 24, 2022.\n\nPeskov said the talks were useful.\n",
		},
		{
			name:    "the lead's day frames what follows, even on another day than the article's",
			article: "date 2025-03-05 Kremlin on talks\n\nThe Kremlin said on Monday that talks would continue.\n\nPeskov added that no date was set.\n",
			want:    []string{"2025-03-03 The Kremlin said", "2025-03-03 Peskov added"},
		},
		{
			name:    "perfect tense and background are not dated statements",
			article: "date 2025-03-05 Kremlin on talks\n\nThe Kremlin said on Wednesday that talks would continue.\n\nTrump has said he wants a deal.\n\nThe war began three years ago.\n",
			want:    []string{"2025-03-05 The Kremlin said"},
		},
		{
			name: "captions and Related links are not sources",
			article: "date 2025-03-05 Kremlin on talks\n\nPutin met Trump on Monday in Riyadh. / Photo: AP\n\nThe Kremlin said on Wednesday that talks would continue.\n\n" +
				"RelatedTrump said on Tuesday he met Putin\n",
			want: []string{"2025-03-05 The Kremlin said"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := allEvents(t, corpusTimeline(t, map[string]string{"a.txt": tt.article}), Filter{})
			var got []string
			for _, e := range evs {
				got = append(got, fmtDate(e.Date)+" "+e.Text)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d events, want %d:\n%s", len(got), len(tt.want), render(evs))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("event %d = %q, want it to start %q", i+1, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestSeveralDatesInOneSentence(t *testing.T) {
	tl := corpusTimeline(t, map[string]string{
		"a.txt": "date 2025-02-26 Plans\n\nPutin said on Monday that the delegations would meet again on March 4 in Istanbul.\n",
	})
	evs := allEvents(t, tl, Filter{})
	if len(evs) != 2 {
		t.Fatalf("got %d events, want 2:\n%s", len(evs), render(evs))
	}
	if e := evs[0]; fmtDate(e.Date) != "2025-02-24" || e.Tense != Past || e.Text != "Putin said on Monday that the delegations would meet again on March 4 in Istanbul." {
		t.Errorf("first event:\n%s", render(evs[:1]))
	}
	if e := evs[1]; fmtDate(e.Date) != "2025-03-04" || e.Tense != Planned || e.Text != "…the delegations would meet again on March 4 in Istanbul." {
		t.Errorf("second event:\n%s", render(evs[1:]))
	}
}

func day0(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestFilterByDateOverlap(t *testing.T) {
	tl := seedTimeline(t)
	evs := allEvents(t, tl, Filter{From: day0("2025-02-25"), To: day0("2025-02-25")})
	var got []string
	for _, e := range evs {
		got = append(got, fmtDate(e.Date)+".."+fmtDate(e.End))
	}
	// The ranges that hold Feb. 25 and the one event of that day.
	want := []string{"2025-02-23..2025-03-09", "2025-02-24..2025-02-26", "2025-02-24..2025-03-02", "2025-02-25.."}
	if !slices.Equal(got, want) {
		t.Errorf("events overlapping 2025-02-25: %v, want %v", got, want)
	}
	// A bound with a clock time still counts its whole day.
	noon := time.Date(2025, 2, 28, 12, 30, 0, 0, time.FixedZone("UTC+3", 3*3600))
	if evs := allEvents(t, tl, Filter{From: noon, To: noon}); len(evs) != 3 || fmtDate(evs[2].Date) != "2025-02-28" {
		t.Errorf("on 2025-02-28 12:30 +03: got\n%s\nwant two ranges and the Feb. 28 event", render(evs))
	}
	if evs := allEvents(t, tl, Filter{From: day0("2025-03-10")}); len(evs) != 0 {
		t.Errorf("after the last event: got %d events, want none", len(evs))
	}
	if evs := allEvents(t, tl, Filter{To: day0("2025-02-17")}); len(evs) != 0 {
		t.Errorf("up to 2025-02-17: got\n%s\nwant none: last week's meeting is dated to Feb. 18", render(evs))
	}
	if evs := allEvents(t, tl, Filter{To: day0("2025-02-18")}); len(evs) == 0 || len(evs[0].Sources) != 2 || evs[0].Phrase != "Feb. 18" {
		t.Errorf("up to 2025-02-18: got\n%s\nwant the Riyadh meeting first, with both reports", render(evs))
	}
}

func TestFilterByTopic(t *testing.T) {
	tl := seedTimeline(t)
	tests := []struct {
		topic string
		want  []string // passage ids of the events kept
	}{
		{"Zelensky", []string{art1 + "#13", art2 + "#10"}},
		{"Lavrov", []string{art1 + "#10", art1 + "#11"}},
		// The draft and "the aforementioned agreement" are the minerals deal.
		{"minerals agreement", []string{art2 + "#12", art2 + "#9", art2 + "#11"}},
		{"the", nil},
	}
	for _, tt := range tests {
		evs := allEvents(t, tl, Filter{Topic: tt.topic})
		var got []string
		for _, e := range evs {
			got = append(got, sourceIDs(e)...)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("topic %q: events from %v, want %v", tt.topic, got, tt.want)
		}
	}
}

// TestTopicInHeadline: an article whose headline names the topic is about
// it, though its first passage says it otherwise ("broke down ... in an
// extraordinary public argument" under "Oval Office meeting collapses").
func TestTopicInHeadline(t *testing.T) {
	evs := allEvents(t, talksTimeline(t), Filter{Topic: "Oval Office"})
	found := slices.ContainsFunc(evs, func(e Event) bool {
		return fmtDate(e.Date) == "2025-02-28" && slices.ContainsFunc(e.Sources, func(s Source) bool {
			return strings.HasPrefix(s.Article.Headline, "Oval Office meeting collapses")
		})
	})
	if !found {
		t.Errorf("topic \"Oval Office\" misses the Feb. 28 clash:\n%s", render(evs))
	}
}

func TestEventsHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := seedTimeline(t).Events(ctx, Filter{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Events with a cancelled context: err %v, want context.Canceled", err)
	}
}

func TestEventsConcurrently(t *testing.T) {
	tl := seedTimeline(t)
	want := len(allEvents(t, tl, Filter{}))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			evs, err := tl.Events(context.Background(), Filter{Topic: "Peskov"})
			if err != nil || len(evs) == 0 || len(evs) > want {
				t.Errorf("concurrent Events: %d events, err %v", len(evs), err)
			}
		})
	}
	wg.Wait()
}

func TestTopics(t *testing.T) {
	tl := seedTimeline(t)
	all := tl.Topics("", 1000)
	for _, want := range []string{"Vladimir Putin", "Donald Trump", "Volodymyr Zelensky", "Sergey Lavrov", "Dmitry Peskov", "Marco Rubio",
		"Saudi Arabia", "Moscow", "Kremlin", "White House", "NATO", "talks", "meeting", "agreement", "war"} {
		if !slices.Contains(all, want) {
			t.Errorf("topics lack %q: %v", want, all)
		}
	}
	for _, bad := range []string{"Feb", "Friday", "Senior", "Fears", "Speaking", "Putin", "Saudi", "two", "week", "The Kremlin", "said",
		// Generic news words, words the seeds use once or twice, modifiers,
		// the publisher and an agency named only as a source.
		"details", "part", "official", "possible", "expert", "goals", "high-level", "policy", "Reuters", "Associated Press"} {
		if slices.Contains(all, bad) {
			t.Errorf("topics hold %q, which is not a person, place or subject: %v", bad, all)
		}
	}
	if got := tl.Topics("put", 5); len(got) == 0 || got[0] != "Vladimir Putin" {
		t.Errorf(`Topics("put") = %v, want "Vladimir Putin" first`, got)
	}
	if got := tl.Topics("ZEL", 5); !slices.Equal(got, []string{"Volodymyr Zelensky"}) {
		t.Errorf(`Topics("ZEL") = %v, want one spelling of Zelensky`, got)
	}
	if got := tl.Topics("", 3); len(got) != 3 {
		t.Errorf(`Topics("", 3) gave %d topics`, len(got))
	}
	if got := tl.Topics("k", 0); got != nil {
		t.Errorf(`Topics with limit 0 = %v, want none`, got)
	}
	if got := tl.Topics("zzz", 5); len(got) != 0 {
		t.Errorf(`Topics("zzz") = %v, want none`, got)
	}
}

// TestTopicFilters checks what autocomplete leaves out of a corpus's topics:
// publishers, agencies cited as sources, generic news words, modifiers and
// common words too rare to be a subject; names count from one mention.
func TestTopicFilters(t *testing.T) {
	const head = "date 2025-02-26 Talks\n\n"
	tests := []struct {
		name      string
		article   string
		want, bad []string
	}{
		{
			name:    "the article's publisher, even named in its text",
			article: head + "Officials said Peskov met Reuters journalists in Moscow.\n\nSOURCE: Reuters\n",
			want:    []string{"Peskov", "Moscow"},
			bad:     []string{"Reuters"},
		},
		{
			name: "agencies named only as sources",
			article: head + "A source told Axios on Monday that Witkoff would fly to Moscow.\n\n" +
				"According to the Financial Times, Kushner joined him.\n\nBloomberg reported that Dmitriev was there.\n\n" +
				"Then Peskov told the Associated Press that talks went well.\n",
			want: []string{"Witkoff", "Moscow", "Kushner", "Dmitriev", "Peskov"},
			bad:  []string{"Axios", "Financial Times", "Bloomberg", "Associated Press"},
		},
		{
			name:    "an agency that is also a subject stays",
			article: head + "Officials said Russia expelled a Bloomberg correspondent.\n\nBloomberg reported that Moscow denied it.\n",
			want:    []string{"Bloomberg", "Russia"},
		},
		{
			name: "subjects need three passages, names one",
			article: head + "The ceasefire held in Istanbul and the sanctions stayed.\n\nThe ceasefire was fragile and the sanctions bit.\n\n" +
				"Officials in Kyiv said the ceasefire would last.\n",
			want: []string{"ceasefire", "Istanbul", "Kyiv"},
			bad:  []string{"sanctions"},
		},
		{
			name: "generic words and modifiers, however often",
			article: head + "The details of a high-level meeting were few.\n\nThe details of the high-level meeting leaked.\n\n" +
				"Later Peskov gave no details of a possible meeting, the official said.\n\nAnother official spoke of a possible deal.\n\nThe official left.\n",
			want: []string{"meeting", "Peskov"},
			bad:  []string{"details", "high-level", "possible", "official"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := corpusTimeline(t, map[string]string{"a.txt": tt.article}).Topics("", 100)
			for _, w := range tt.want {
				if !slices.Contains(all, w) {
					t.Errorf("topics lack %q: %v", w, all)
				}
			}
			for _, b := range tt.bad {
				if slices.Contains(all, b) {
					t.Errorf("topics hold %q: %v", b, all)
				}
			}
		})
	}
}

func TestFilterErrors(t *testing.T) {
	_, err := seedTimeline(t).Events(context.Background(), Filter{From: day0("2025-03-01"), To: day0("2025-02-01")})
	if !errors.Is(err, ErrRange) || !strings.Contains(err.Error(), "2025-03-01 is after 2025-02-01") {
		t.Errorf("from after to: err %v, want ErrRange naming both dates", err)
	}
	for _, tt := range []struct {
		in   string
		want string
		err  error
	}{
		{"2025-02-18", "2025-02-18", nil},
		{" 2025-02-18 ", "2025-02-18", nil},
		{"", "", nil},
		{"2025-02-30", "", ErrBadDate},
		{"18/02/2025", "", ErrBadDate},
		{"yesterday", "", ErrBadDate},
		{"0000-01-01", "", ErrYearRange}, // no news article is dated then
		{"2101-01-01", "", ErrBadDate},
		{"1900-01-01", "1900-01-01", nil},
		{"2100-12-31", "2100-12-31", nil},
	} {
		got, err := ParseDate(tt.in)
		if !errors.Is(err, tt.err) || fmtDate(got) != tt.want {
			t.Errorf("ParseDate(%q) = %s, %v; want %s, %v", tt.in, fmtDate(got), err, tt.want, tt.err)
		}
	}
	// A date of the right form that does not exist says so, rather than
	// asking for the form it has.
	for in, want := range map[string]string{
		"2025-02-30": `"2025-02-30": no such day (February 2025 has 28 days)`,
		"2024-02-30": `"2024-02-30": no such day (February 2024 has 29 days)`,
		"2025-04-31": `"2025-04-31": no such day (April 2025 has 30 days)`,
		"2025-13-01": `"2025-13-01": no such day (there is no month 13)`,
		"2025-00-10": `"2025-00-10": no such day (there is no month 0)`,
		"2025-1-011": `"2025-1-011": want a date as YYYY-MM-DD`,
		"2025-01-+1": `"2025-01-+1": want a date as YYYY-MM-DD`,
		// Of the form only in length: the day exists, the digits do not.
		"2025-02-3a": `"2025-02-3a": want a date as YYYY-MM-DD`,
		"-001-02-03": `"-001-02-03": want a date as YYYY-MM-DD`,
		"2025-02-00": `"2025-02-00": no such day (February 2025 has 28 days)`,
		"0001-02-03": `"0001-02-03": want a year from 1900 to 2100`,
	} {
		_, err := ParseDate(in)
		if err == nil || err.Error() != want || !errors.Is(err, ErrBadDate) || errors.Is(err, ErrNoSuchDay) != strings.Contains(want, "no such day") {
			t.Errorf("ParseDate(%q): %v, want %q (and ErrBadDate)", in, err, want)
		}
	}
}

func TestClausesKeepSameDayPhrasesTogether(t *testing.T) {
	tl := corpusTimeline(t, map[string]string{
		"a.txt": "date 2025-02-26 Plans\n\nThe envoys met on Feb. 18, on Tuesday last week, and will meet again on March 4.\n",
	})
	evs := allEvents(t, tl, Filter{})
	if len(evs) != 2 {
		t.Fatalf("got %d events, want 2:\n%s", len(evs), render(evs))
	}
	if e := evs[0]; fmtDate(e.Date) != "2025-02-18" || e.Text != "The envoys met on Feb. 18, on Tuesday last week…" {
		t.Errorf("first event:\n%s", render(evs[:1]))
	}
	if e := evs[1]; fmtDate(e.Date) != "2025-03-04" || e.Tense != Planned || e.Text != "…will meet again on March 4." {
		t.Errorf("second event:\n%s", render(evs[1:]))
	}
}

// TestVagueReportJoinsTheDayItRefersTo checks when a week- or month-level
// report ("a meeting last week") is folded into a day-level report of
// another article whose date its range holds, and when it is kept apart.
func TestVagueReportJoinsTheDayItRefersTo(t *testing.T) {
	const (
		// Articles of Wednesday 19 and Wednesday 26 February 2025: "last
		// week" in the second is 17–23 February.
		day  = "date 2025-02-19 Riyadh\n\n"
		week = "date 2025-02-26 A week on\n\n"
	)
	tests := []struct {
		name  string
		files map[string]string
		want  []string // every event: "date[..end] passage ids"
	}{
		{
			name: "the seed case: a bare reference to a meeting, a participant in both",
			files: map[string]string{
				"a.txt": day + "Russian and U.S. representatives meeting in Saudi Arabia on Feb. 18 agreed to start working toward ending the war, an about-face under Trump.\n",
				"b.txt": week + "Preparations are being made for expert-level talks to follow up on a high-level meeting last week and an earlier call between presidents Vladimir Putin and Donald Trump.\n",
			},
			want: []string{"2025-02-18 a.txt#1,b.txt#1"},
		},
		{
			name: "the place attached to the meeting is the precise report's",
			files: map[string]string{
				"a.txt": day + "Rubio and Lavrov met in Riyadh on Feb. 18 and agreed to restore embassy staffing.\n",
				"b.txt": week + "Moscow hopes to build on the meeting in Riyadh last week.\n",
			},
			want: []string{"2025-02-18 a.txt#1,b.txt#1"},
		},
		{
			name: "talks and a meeting are the same kind of occasion",
			files: map[string]string{
				"a.txt": day + "Rubio and Lavrov held talks in Riyadh on Tuesday.\n",
				"b.txt": week + "Lavrov praised a meeting last week.\n",
			},
			want: []string{"2025-02-18 a.txt#1,b.txt#1"},
		},
		{
			name: "a month-level report merges like a week-level one",
			files: map[string]string{
				"a.txt": day + "Rubio and Lavrov met in Riyadh on Feb. 18.\n",
				"b.txt": "date 2025-02-27 Month\n\nLavrov recalled the Riyadh talks earlier this month.\n",
			},
			want: []string{"2025-02-18 a.txt#1,b.txt#1"},
		},
		{
			name: "a name attached to the vague meeting that the precise report lacks",
			files: map[string]string{
				"a.txt": day + "Trump's envoys met Russian officials in Riyadh on Feb. 18.\n",
				"b.txt": week + "Trump's meeting with Zelensky last week went badly.\n",
			},
			want: []string{"2025-02-17..2025-02-23 b.txt#1", "2025-02-18 a.txt#1"},
		},
		{
			name: "no participant or place in common",
			files: map[string]string{
				"a.txt": day + "Ukraine's parliament met on Feb. 18 to debate the budget.\n",
				"b.txt": week + "Preparations are being made for expert-level talks to follow up on a high-level meeting last week and an earlier call between presidents Vladimir Putin and Donald Trump.\n",
			},
			want: []string{"2025-02-17..2025-02-23 b.txt#1", "2025-02-18 a.txt#1"},
		},
		{
			name: "two meetings that week: a bare reference is ambiguous",
			files: map[string]string{
				"a.txt": day + "Trump's envoys met Russian officials in Riyadh on Feb. 18.\n",
				"c.txt": "date 2025-02-21 Moscow\n\nTrump's envoy met Putin in Moscow on Feb. 20.\n",
				"b.txt": week + "Trump praised a meeting last week.\n",
			},
			want: []string{"2025-02-17..2025-02-23 b.txt#1", "2025-02-18 a.txt#1", "2025-02-20 c.txt#1"},
		},
		{
			name: "one of those meetings alone: the reference is to it",
			files: map[string]string{
				"c.txt": "date 2025-02-21 Moscow\n\nTrump's envoy met Putin in Moscow on Feb. 20.\n",
				"b.txt": week + "Trump praised a meeting last week.\n",
			},
			want: []string{"2025-02-20 c.txt#1,b.txt#1"},
		},
		{
			name: "the precise date is that of a statement about a meeting, not of the meeting",
			files: map[string]string{
				"a.txt": day + "Preparations are underway for a meeting between Trump and Putin, Russia's deputy foreign minister said on Feb. 18.\n",
				"b.txt": week + "Trump praised a meeting last week.\n",
			},
			want: []string{"2025-02-17..2025-02-23 b.txt#1", "2025-02-18 a.txt#1"},
		},
		{
			name: "a call is not a meeting",
			files: map[string]string{
				"a.txt": day + "Trump and Putin spoke by phone on Feb. 18.\n",
				"b.txt": week + "Trump praised a meeting last week.\n",
			},
			want: []string{"2025-02-17..2025-02-23 b.txt#1", "2025-02-18 a.txt#1"},
		},
		{
			name: "planned then reported as done in a range: tenses differ",
			files: map[string]string{
				"a.txt": "date 2025-02-16 Ahead\n\nRubio and Lavrov will meet in Riyadh on Tuesday to restore embassy staffing.\n",
				"b.txt": week + "Rubio and Lavrov met in Riyadh last week to restore embassy staffing.\n",
			},
			want: []string{"2025-02-17..2025-02-23 b.txt#1", "2025-02-18 a.txt#1"},
		},
		{
			name: "a reference to a planned meeting is not enough: plans change",
			files: map[string]string{
				"a.txt": "date 2025-02-16 Ahead\n\nRubio and Lavrov will meet in Riyadh on Tuesday.\n",
				"b.txt": "date 2025-02-12 Plans\n\nLavrov expects a meeting in Riyadh next week.\n",
			},
			want: []string{"2025-02-17..2025-02-23 b.txt#1", "2025-02-18 a.txt#1"},
		},
		{
			name: "the range does not hold the day",
			files: map[string]string{
				"a.txt": "date 2025-02-13 Earlier\n\nRubio and Lavrov met in Riyadh on Feb. 12.\n",
				"b.txt": week + "Lavrov praised the meeting in Riyadh last week.\n",
			},
			want: []string{"2025-02-12 a.txt#1", "2025-02-17..2025-02-23 b.txt#1"},
		},
		{
			name: "a day counted from another: the occasion is in the clause after it",
			files: map[string]string{
				"a.txt": day + "Rubio warned on Wednesday that the effort could end. The warning came a day after Rubio and Witkoff held talks in Paris with Macron.\n",
				"b.txt": week + "Envoys will gather in London to follow up on last week's talks in Paris.\n",
			},
			want: []string{"2025-02-18 a.txt#1,b.txt#1", "2025-02-19 a.txt#1"},
		},
		{
			name: "a day counted from another, of another place",
			files: map[string]string{
				"a.txt": day + "Rubio warned on Wednesday that the effort could end. The warning came a day after Rubio and Witkoff held talks in Berlin with Merz.\n",
				"b.txt": week + "Envoys will gather in London to follow up on last week's talks in Paris.\n",
			},
			want: []string{"2025-02-17..2025-02-23 b.txt#1", "2025-02-18 a.txt#1", "2025-02-19 a.txt#1"},
		},
		{
			name: "the same article",
			files: map[string]string{
				"a.txt": week + "Rubio and Lavrov met in Riyadh on Feb. 18.\n\nLavrov praised the meeting in Riyadh last week.\n",
			},
			want: []string{"2025-02-17..2025-02-23 a.txt#2", "2025-02-18 a.txt#1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := allEvents(t, corpusTimeline(t, tt.files), Filter{})
			var got []string
			for _, e := range evs {
				d := fmtDate(e.Date)
				if !e.End.IsZero() {
					d += ".." + fmtDate(e.End)
				}
				got = append(got, d+" "+strings.Join(sourceIDs(e), ","))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("events %q, want %q:\n%s", got, tt.want, render(evs))
			}
			// A merged event keeps the precise date and its wording.
			for _, e := range evs {
				if len(e.Sources) > 1 && (e.Granularity != Day || !e.End.IsZero() || e.Phrase == "" || strings.Contains(e.Phrase, "week")) {
					t.Errorf("merged event not dated by its precise report:\n%s", render([]Event{e}))
				}
			}
		})
	}
}

func TestOccasionOf(t *testing.T) {
	tests := []struct {
		text, phrase string
		kind         string // "" for no occasion
		names        []string
	}{
		{"Russian and U.S. representatives meeting in Saudi Arabia on Feb. 18 agreed to start working.", "Feb. 18", "meeting", []string{"arabia", "saudi", "usa"}},
		{"…follow up on a high-level meeting last week and an earlier call between presidents Vladimir Putin and Donald Trump.", "last week", "meeting", nil},
		{"Trump's meeting with Zelensky last week went badly.", "last week", "meeting", []string{"trump", "zelenski"}},
		{"Officials who met in Riyadh last week agreed.", "last week", "meeting", []string{"riyadh"}},
		{"The Feb. 18 talks in Riyadh were useful.", "Feb. 18", "meeting", []string{"riyadh"}},
		{"Trump and Putin spoke by phone on Feb. 12.", "Feb. 12", "call", []string{"putin"}},
		{"Zelenskyy would visit Trump on Friday.", "on Friday", "visit", []string{"trump", "zelenski"}},
		// The date belongs to a statement, or to nothing named.
		{"Preparations are underway for a meeting, Russia's deputy foreign minister said on Feb. 22.", "Feb. 22", "", nil},
		{"A source told Reuters on Tuesday that talks went well.", "on Tuesday", "", nil},
		{"Putin this week tempered expectations.", "this week", "", nil},
		{"The meeting was useful, and on Tuesday he flew home.", "on Tuesday", "", nil},
		{"No phrase here.", "", "", nil},
	}
	for _, tt := range tests {
		o, ok := occasionOf(tt.text, tt.phrase)
		var names []string
		for n := range o.names {
			names = append(names, n)
		}
		slices.Sort(names)
		if ok != (tt.kind != "") || o.kind != tt.kind || !slices.Equal(names, tt.names) {
			t.Errorf("occasionOf(%q, %q) = %q %v %v, want %q %v", tt.text, tt.phrase, o.kind, names, ok, tt.kind, tt.names)
		}
	}
}

func TestIsAttribution(t *testing.T) {
	tests := []struct {
		before, after string
		want          bool
	}{
		{"A source told ", " on Tuesday that", true},
		{"Rubio told the ", " the two sides agreed", true},
		{"According to the ", ", Kushner joined", true},
		{"", " reported that Moscow denied it.", true},
		{"", "’s news agency reported", false},
		{"", " news agency said", true},
		{"He retold ", " a story", false},
		{"Officials said Russia expelled a ", " correspondent.", false},
		{"Officials said ", " met Reuters journalists", false},
		{"", " reportedly met", false},
		{"", "reported", false},
	}
	for _, tt := range tests {
		if got := isAttribution(tt.before, tt.after); got != tt.want {
			t.Errorf("isAttribution(%q, %q) = %v, want %v", tt.before, tt.after, got, tt.want)
		}
	}
}

// TestStatementIsNotItsOccasion: a report dated by what someone said that
// day does not merge with the announcement of the occasion it was said at,
// so each entry cites only articles that report it.
func TestStatementIsNotItsOccasion(t *testing.T) {
	tests := []struct {
		name   string
		a, b   string // the texts of two articles, published Feb 28 and Mar 2
		events int
	}{
		{"statement and occasion", "Britain will also host a summit of European leaders on Sunday.",
			"Starmer said on Sunday that Britain would form a coalition, after hosting European leaders at a summit in London.", 2},
		{"occasion planned and held", "Britain will host a summit of European leaders in London on Sunday.",
			"Britain hosted a summit of European leaders in London on Sunday.", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := corpusTimeline(t, map[string]string{
				"a.txt": "date 2025-02-28 Plans\n\n" + tt.a + "\n",
				"b.txt": "date 2025-03-02 Summit\n\n" + tt.b + "\n",
			})
			if evs := allEvents(t, tl, Filter{}); len(evs) != tt.events {
				t.Errorf("got %d events, want %d:\n%s", len(evs), tt.events, render(evs))
			}
		})
	}
}

// TestTopicFindsCapitalByCountry: a passage that names the topic's place as
// "the Saudi capital" is about it when its article names the place.
func TestTopicFindsCapitalByCountry(t *testing.T) {
	tl := corpusTimeline(t, map[string]string{
		"a.txt": "date 2025-03-24 Meeting ends in Riyadh\n\nU.S. and Ukrainian officials met in Riyadh on Sunday.\n\n" +
			"Russian and American negotiators began their own talks at a hotel in the Saudi capital on Monday.\n\n" +
			"Drones struck the Russian capital on Monday, officials said.\n",
		"b.txt": "date 2025-03-24 Kyiv under fire\n\nDrones struck the Ukrainian capital on Monday, officials said.\n",
		"c.txt": "date 2025-03-24 Talks in Istanbul\n\nEnvoys met in Istanbul on Sunday.\n\nMissiles hit the Turkish capital on Monday.\n",
		// Brussels is Belgium's capital and the EU's seat: news names it
		// both ways.
		"d.txt": "date 2025-03-24 Ministers in Brussels\n\nForeign ministers gathered in Brussels on Sunday.\n\n" +
			"Farmers blocked roads into the Belgian capital on Monday.\n\n" +
			"Diplomats arrived in the EU capital on Tuesday, officials said.\n\n" +
			"Crowds filled the Dutch capital on Wednesday, officials said.\n",
	})
	tests := []struct {
		topic string
		want  []string // passage ids
	}{
		{"Riyadh", []string{"a.txt#1", "a.txt#2"}}, // not "the Russian capital" of a.txt#3
		{"Putin", nil},                    // a capital is no person
		{"Istanbul", []string{"c.txt#1"}}, // Ankara is the Turkish capital
		{"Brussels", []string{"d.txt#3", "d.txt#1", "d.txt#2"}}, // in date order; not the Dutch capital
	}
	for _, tt := range tests {
		var got []string
		for _, e := range allEvents(t, tl, Filter{Topic: tt.topic}) {
			got = append(got, e.Sources[0].Passage.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("topic %q: %v, want %v", tt.topic, got, tt.want)
		}
	}
}

// TestOnePlanInOtherWords: reports of one planned thing of one day merge
// when their day belongs to the same noun, in whatever words they put it;
// a ceasefire of a day is one, meetings of a day must share a name.
func TestOnePlanInOtherWords(t *testing.T) {
	const (
		sat = "date 2025-05-10 Kyiv\n\n"
		sun = "date 2025-05-11 Istanbul\n\n"
	)
	tests := []struct {
		name  string
		files map[string]string
		want  []string // every event: "date passage ids"
	}{
		{
			name: "a ceasefire from Monday, in three wordings",
			files: map[string]string{
				"a.txt": sat + "The leaders demanded an unconditional 30-day ceasefire starting on Monday.\n",
				"b.txt": sun + "Putin did not answer the call for a full and lasting ceasefire from Monday.\n\nThe leaders threatened sanctions if Moscow rejects the ceasefire, which they want to begin on Monday.\n",
			},
			want: []string{"2025-05-12 a.txt#1,b.txt#1,b.txt#2"},
		},
		{
			name: "meetings of one day with no name in common stay apart",
			files: map[string]string{
				"a.txt": sat + "Farmers will hold a meeting in Lyon on Monday.\n",
				"b.txt": sun + "Bankers will attend a meeting in Osaka on Monday.\n",
			},
			want: []string{"2025-05-12 a.txt#1", "2025-05-12 b.txt#1"},
		},
		{
			name: "meetings of one day with a name in common merge",
			files: map[string]string{
				"a.txt": sat + "Umerov will lead the Ukrainian team at a meeting in Istanbul on Thursday.\n",
				"b.txt": sun + "Erdogan will host a meeting in Istanbul on Thursday.\n",
			},
			want: []string{"2025-05-15 a.txt#1,b.txt#1"},
		},
		{
			name: "a ceasefire and a meeting of one day stay apart",
			files: map[string]string{
				"a.txt": sat + "The leaders demanded a 30-day ceasefire starting on Monday.\n",
				"b.txt": sun + "The leaders will hold a meeting in Kyiv on Monday.\n",
			},
			want: []string{"2025-05-12 a.txt#1", "2025-05-12 b.txt#1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := allEvents(t, corpusTimeline(t, tt.files), Filter{})
			var got []string
			for _, e := range evs {
				if e.Tense != Planned {
					t.Errorf("%q is %s, want planned", e.Text, e.Tense)
				}
				got = append(got, fmtDate(e.Date)+" "+strings.Join(sourceIDs(e), ","))
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("events %q, want %q:\n%s", got, tt.want, render(evs))
			}
		})
	}
}

// TestTopicDates: a topic's timeline keeps an event of an article that is
// not about the topic only on a date the topic's own passages point at,
// those holding its key term: "a peace deal" is no "minerals deal", while
// a name's first word ("Vladimir") does not make "Putin said" another's.
func TestTopicDates(t *testing.T) {
	tl := talksTimeline(t)
	tests := []struct {
		topic string
		dates []string // TopicDates, "from[..to]"
		keep  []string // texts some kept event holds
		drop  []string // texts no kept event holds
	}{
		{
			topic: "Jeddah",
			dates: []string{"2025-03-10..2025-03-16", "2025-03-11"},
			keep:  []string{"will hold talks in Jeddah", "a day of talks in Jeddah"},
		},
		{
			topic: "minerals deal",
			dates: []string{"2025-02-15", "2025-02-20", "2025-02-28", "2025-03-11"},
			keep:  []string{"would not sign a minerals agreement", "proposed deal on Ukrainian minerals", "without signing the minerals agreement", "critical minerals"},
			drop:  []string{"any deal struck over the heads", "enforce a peace deal", "backstop to any peace deal", "after a peace deal", "will sign the deal on Saturday"},
		},
		{
			topic: "Oval Office",
			drop:  []string{"his office said", "returned to office"},
		},
		{
			topic: "Vladimir Putin",
			keep:  []string{"Putin told reporters that the talks had been a first step"},
		},
		{
			topic: "Donald Trump",
			drop:  []string{"Poland's Donald Tusk"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			evs := allEvents(t, tl, Filter{Topic: tt.topic})
			if len(evs) == 0 {
				t.Fatalf("no events")
			}
			holds := func(s string) bool {
				return slices.ContainsFunc(evs, func(e Event) bool { return strings.Contains(e.Text, s) })
			}
			for _, s := range tt.keep {
				if !holds(s) {
					t.Errorf("no event holds %q:\n%s", s, render(evs))
				}
			}
			for _, s := range tt.drop {
				if holds(s) {
					t.Errorf("an event holds %q", s)
				}
			}
			if tt.dates == nil {
				return
			}
			spans, err := tl.TopicDates(context.Background(), tt.topic)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, sp := range spans {
				d := fmtDate(sp.From)
				if !sp.To.IsZero() {
					d += ".." + fmtDate(sp.To)
				}
				got = append(got, d)
			}
			if !slices.Equal(got, tt.dates) {
				t.Errorf("topic dates %q, want %q", got, tt.dates)
			}
		})
	}
}

// TestTopicCountsReferent: an event whose opening pronoun stands for the
// topic ("He (Rubio) stressed ...") is about it, though its passage names
// him only in the sentence before; one standing for someone else is not.
func TestTopicCountsReferent(t *testing.T) {
	tl := seedTimeline(t)
	for _, c := range []struct {
		topic string
		keep  string // text some kept event opens with
		drop  string // text no kept event opens with
	}{
		{"Rubio", "He stressed", "He said the two leaders"},
		{"Marco Rubio", "He stressed", "He said the two leaders"},
		{"Peskov", "He said the two leaders", "He stressed"},
	} {
		t.Run(c.topic, func(t *testing.T) {
			evs := allEvents(t, tl, Filter{Topic: c.topic})
			opens := func(s string) bool {
				return slices.ContainsFunc(evs, func(e Event) bool { return strings.HasPrefix(e.Text, s) })
			}
			if !opens(c.keep) {
				t.Errorf("no event opens %q:\n%s", c.keep, render(evs))
			}
			if opens(c.drop) {
				t.Errorf("an event opens %q:\n%s", c.drop, render(evs))
			}
		})
	}
}
