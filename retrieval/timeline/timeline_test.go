package timeline

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/seeds"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func seedTimeline(t *testing.T) *Timeline {
	t.Helper()
	c, err := retrieval.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	return New(retrieval.NewIndex(c, retrieval.DefaultParams()))
}

func corpusTimeline(t *testing.T, files map[string]string) *Timeline {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	c, err := retrieval.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Skipped) > 0 {
		t.Fatalf("skipped: %v", c.Skipped)
	}
	return New(retrieval.NewIndex(c, retrieval.DefaultParams()))
}

func allEvents(t *testing.T, tl *Timeline, f Filter) []Event {
	t.Helper()
	evs, err := tl.Events(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// render writes events one block each, every field shown, for golden files
// and failure messages.
func render(evs []Event) string {
	var b strings.Builder
	for _, e := range evs {
		fmt.Fprintf(&b, "%s", fmtDate(e.Date))
		if !e.End.IsZero() {
			fmt.Fprintf(&b, "..%s", fmtDate(e.End))
		}
		fmt.Fprintf(&b, " %s %s", e.Granularity, e.Tense)
		if e.Phrase != "" {
			fmt.Fprintf(&b, " (%s)", e.Phrase)
		} else {
			b.WriteString(" (framing)")
		}
		fmt.Fprintf(&b, "\n  %s\n", e.Text)
		for _, s := range e.Sources {
			fmt.Fprintf(&b, "  - %s (%s)\n", s.Passage.ID, fmtDate(s.Article.Date))
		}
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the output; run go test -update and review the diff.\ngot:\n%s", path, got)
	}
}

func TestSeedTimelineGolden(t *testing.T) {
	golden(t, "seeds.golden", render(allEvents(t, seedTimeline(t), Filter{})))
}

const (
	art1 = "000_455d42bae2579fa5.txt" // 2025-02-23, a Sunday
	art2 = "003_de8c20d388a4a3c7.txt" // 2025-02-26, a Wednesday
)

// TestSeedTimelineEvents checks the seed articles' timeline event by event.
func TestSeedTimelineEvents(t *testing.T) {
	type want struct {
		date, end string
		gran      Granularity
		tense     Tense
		text      string   // the start of the event's text
		sources   []string // passage ids
	}
	wants := []want{
		// The Riyadh meeting, and "a high-level meeting last week" (17–23
		// February, from a Wednesday article) referring to it: one entry,
		// dated by the precise report, citing both.
		{"2025-02-18", "", Day, Past, "Russian and U.S. representatives meeting in Saudi Arabia on Feb. 18", []string{art1 + "#7", art2 + "#2"}},
		// Undated reports after the Feb. 18 paragraph are about that
		// meeting: the framing gives them its day, not the article's.
		{"2025-02-18", "", Day, Past, "After the meeting, U.S. Secretary of State Marco Rubio told", []string{art1 + "#9"}},
		{"2025-02-18", "", Day, Past, "He stressed, however,", []string{art1 + "#10"}},
		{"2025-02-18", "", Day, Past, "Lavrov, for his part, hailed the meeting", []string{art1 + "#11"}},
		{"2025-02-18", "", Day, Past, "Ukrainian President Volodymyr Zelensky said", []string{art1 + "#13"}},
		{"2025-02-22", "", Day, Past, "Preparations are underway for a face-to-face meeting", []string{art1 + "#1"}},
		// Ryabkov's statements are framed by "said on Feb. 22".
		{"2025-02-22", "", Day, Past, "Speaking to Russian state media, Sergei Ryabkov said", []string{art1 + "#3"}},
		{"2025-02-22", "", Day, Past, "“The question is about starting", []string{art1 + "#4"}},
		{"2025-02-22", "", Day, Past, "But he said efforts to organize such a meeting", []string{art1 + "#5"}},
		{"2025-02-23", "2025-03-09", Week, Planned, "Ryabkov added that U.S. and Russian envoys could meet within the next two weeks", []string{art1 + "#6"}},
		// "Putin this week tempered": the week so far.
		{"2025-02-24", "2025-02-26", Week, Past, "Putin this week tempered expectations", []string{art2 + "#8"}},
		// "will meet ... this week" written on a Sunday: the week ahead.
		{"2025-02-24", "2025-03-02", Week, Planned, "French President Emmanuel Macron and British Prime Minister Keir Starmer will meet Trump", []string{art1 + "#15"}},
		{"2025-02-25", "", Day, Past, "A source familiar with the contents of the draft agreement told Reuters on Tuesday", []string{art2 + "#12"}},
		// The standfirst above the lead ("Moscow confirmed that expert
		// negotiations ...") restates it: no entry of its own.
		{"2025-02-26", "", Day, Past, "The Kremlin said on Wednesday that preparations were being made for expert-level talks between Russia and the United States…", []string{art2 + "#2"}},
		{"2025-02-26", "", Day, Past, "Kremlin spokesman Dmitry Peskov reiterated", []string{art2 + "#3"}},
		{"2025-02-26", "", Day, Past, "He said the two leaders could speak again", []string{art2 + "#4"}},
		{"2025-02-26", "", Day, Past, `"Contacts are being prepared`, []string{art2 + "#5"}},
		{"2025-02-26", "", Day, Past, "Peskov declined to comment", []string{art2 + "#9"}},
		// A quote and its "he said" in two sentences are one statement.
		{"2025-02-26", "", Day, Past, `"Whether it will be (to sign) the aforementioned agreement or something else, we'll see. There have been`, []string{art2 + "#11"}},
		{"2025-02-28", "", Day, Planned, "The Kremlin spokesman noted reports that Ukrainian President Volodymyr Zelenskyy would visit Trump on Friday.", []string{art2 + "#10"}},
	}
	got := allEvents(t, seedTimeline(t), Filter{})
	if len(got) != len(wants) {
		t.Errorf("got %d events, want %d:\n%s", len(got), len(wants), render(got))
	}
	for i := range min(len(got), len(wants)) {
		g, w := got[i], wants[i]
		var ids []string
		for _, s := range g.Sources {
			ids = append(ids, s.Passage.ID)
		}
		if fmtDate(g.Date) != w.date || fmtDate(g.End) != w.end || g.Granularity != w.gran || g.Tense != w.tense ||
			!strings.HasPrefix(g.Text, w.text) || strings.Join(ids, ",") != strings.Join(w.sources, ",") {
			t.Errorf("event %d:\n got %s..%s %s %s %v %q\nwant %s..%s %s %s %v %q…", i+1,
				fmtDate(g.Date), fmtDate(g.End), g.Granularity, g.Tense, ids, g.Text,
				w.date, w.end, w.gran, w.tense, w.sources, w.text)
		}
	}
}

// TestSeedTimelineLeavesOut checks what must not become an event: the
// historical reference, background without a reporting verb, and anything
// dated to the first article's own day by default.
func TestSeedTimelineLeavesOut(t *testing.T) {
	for _, e := range allEvents(t, seedTimeline(t), Filter{}) {
		for _, bad := range []string{"World War II", "It marked a clear departure", "have suggested", "No Ukrainian officials",
			"have also expressed", "Trump has expressed", "rapid moves", "Photo", "Related", "Istanbul Protocol"} {
			if strings.Contains(e.Text, bad) {
				t.Errorf("event %s %q should not exist (%q)", fmtDate(e.Date), e.Text, bad)
			}
		}
		if e.Date.Equal(time.Date(2025, 2, 23, 0, 0, 0, 0, time.UTC)) && e.End.IsZero() {
			t.Errorf("event %q is dated to the article's day 2025-02-23; nothing in it says so", e.Text)
		}
		if len(e.Sources) == 0 {
			t.Errorf("event %q has no source", e.Text)
		}
	}
}

func talksTimeline(t *testing.T) *Timeline {
	t.Helper()
	c, err := retrieval.LoadDir(filepath.Join("..", "testdata", "talks"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Skipped) > 0 {
		t.Fatalf("skipped: %v", c.Skipped)
	}
	return New(retrieval.NewIndex(c, retrieval.DefaultParams()))
}

// TestTalksTimelineGolden pins the timeline of the second corpus, articles
// the extraction was not written against.
func TestTalksTimelineGolden(t *testing.T) {
	golden(t, "talks.golden", render(allEvents(t, talksTimeline(t), Filter{})))
}

// TestTalksTimelineDates checks the date shapes that slipped on unseen
// articles, each in the second corpus.
func TestTalksTimelineDates(t *testing.T) {
	evs := allEvents(t, talksTimeline(t), Filter{})
	tests := []struct {
		name    string
		passage string // a source of the event
		text    string // the start of its text
		date    string
		tense   Tense
	}{
		{"lead's date for a statement", "01_trump_putin_call.txt#2", "The two sides also agreed to visit", "2025-02-12", Past},
		// "at the weekend" and "two days after" date one statement: one
		// event, on the counted day.
		{"counted from the vote", "12_un_votes.txt#5", "Russia's deputy foreign minister, Sergei Ryabkov, had said at the weekend", "2025-02-22", Past},
		{"weekday morning, planned", "14_starmer_white_house.txt#5", "British officials say Britain and Ukraine will sign the deal on Saturday morning", "2025-03-01", Planned},
		{"fronted weekday evening", "20_eu_summit.txt#5", "On Wednesday evening, French President Emmanuel Macron said", "2025-03-05", Past},
		{"present tense for the future", "24_coalition_video_call.txt#1", "On Saturday, the prime minister hosts a video conference", "2025-03-15", Planned},
		{"weekday evening", "26_trump_zelensky_call.txt#3", "Zelensky, who spoke to reporters on Wednesday evening", "2025-03-19", Past},
		// A clause without a verb ("…with a second round set for Tuesday")
		// says nothing alone: the sentence is quoted under each of its days.
		{"set for a weekday", "27_riyadh_preview.txt#1", "American negotiators will meet a Ukrainian delegation", "2025-03-25", Planned},
		{"late on a weekday", "28_riyadh_technical_talks.txt#1", "Talks between American and Ukrainian officials in Riyadh", "2025-03-23", Past},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var found []string
			for _, e := range evs {
				if !slices.ContainsFunc(e.Sources, func(s Source) bool { return s.Passage.ID == tt.passage }) {
					continue
				}
				if strings.HasPrefix(e.Text, tt.text) && fmtDate(e.Date) == tt.date && e.Tense == tt.tense {
					return
				}
				found = append(found, fmtDate(e.Date)+" "+string(e.Tense)+" "+e.Text)
			}
			t.Errorf("no event of %s on %s (%s) starts %q; its events:\n%s", tt.passage, tt.date, tt.tense, tt.text, strings.Join(found, "\n"))
		})
	}
}

// TestScrapedNoiseIsNoEvent checks that "Read more:" lines and a byline
// directly above the first paragraph never become events or part of one.
func TestScrapedNoiseIsNoEvent(t *testing.T) {
	tl := corpusTimeline(t, map[string]string{
		"a.txt": "date 2025-03-14 Leaders to meet\n\nLONDON\n\nBy Jane Smith\nOn Saturday, the prime minister hosts a video call of leaders, Downing Street said on Friday.\n\n" +
			"Read more: Leaders agreed on Tuesday to back the ceasefire plan\n\nOfficials said on Thursday the plan was ready.\n",
	})
	evs := allEvents(t, tl, Filter{})
	if len(evs) == 0 {
		t.Fatal("no events")
	}
	for _, e := range append(evs, allEvents(t, talksTimeline(t), Filter{})...) {
		for _, bad := range []string{"Read more", "By Jane", "By Tom", "By Nadia", "Advertisement", "Related:"} {
			if strings.Contains(e.Text, bad) {
				t.Errorf("event %s %q holds scraping noise %q", fmtDate(e.Date), e.Text, bad)
			}
		}
	}
	for _, e := range evs {
		if fmtDate(e.Date) == "2025-03-11" { // "Tuesday" of the Read more line
			t.Errorf("event %q dated from a Read more line", e.Text)
		}
	}
}

// TestShortLaterClauseKeepsItsSentence: a later date's clause too short to
// say anything alone reaches back to the clause boundary that gives it a
// subject and verb, and the earlier date's clause ends there.
func TestShortLaterClauseKeepsItsSentence(t *testing.T) {
	const s = "Zelensky said he would travel to Riyadh on Monday, and that his team would stay for the talks, set for Tuesday."
	tl := corpusTimeline(t, map[string]string{"a.txt": "date 2025-03-08 Plans\n\n" + s + "\n"})
	evs := allEvents(t, tl, Filter{})
	if len(evs) != 2 {
		t.Fatalf("got %d events, want 2:\n%s", len(evs), render(evs))
	}
	if e := evs[1]; fmtDate(e.Date) != "2025-03-11" || e.Text != "…his team would stay for the talks, set for Tuesday." {
		t.Errorf("the Tuesday event:\n%s\nwant the clause from \"his team\"", render(evs[1:]))
	}
	if e := evs[0]; fmtDate(e.Date) != "2025-03-10" || e.Text != "Zelensky said he would travel to Riyadh on Monday…" {
		t.Errorf("the Monday event:\n%s\nwant its own clause, without the Tuesday one", render(evs[:1]))
	}
}

// TestHistoryIsNoEvent: a date long before the article is history, not an
// event, and does not cut the sentence it stands in.
func TestHistoryIsNoEvent(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // "date text" of every event
	}{
		{"aside after a dated event", "Officials met in Riyadh on Tuesday, the first such meeting since Russia launched its invasion in 2022.",
			[]string{"2025-02-18 Officials met in Riyadh on Tuesday, the first such meeting since Russia launched its invasion in 2022."}},
		{"history alone", "Ukraine has not held elections since martial law was declared in 2022.", nil},
		{"history in a statement", "Peskov said on Tuesday that talks were useful. Putin said in 2022 that talks had failed.",
			[]string{"2025-02-18 Peskov said on Tuesday that talks were useful."}},
		{"last year is recent", "The envoys first met in 2024.", []string{"2024-01-01 The envoys first met in 2024."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkEntries(t, entryLines(t, "date 2025-02-18 Talks\n\n"+tt.text+"\n", false), tt.want)
		})
	}
}

// TestClausesSayWhatHappened: a sentence with several dates is cut into
// clauses only where each part reads alone.
func TestClausesSayWhatHappened(t *testing.T) {
	tests := []struct {
		name, pub, text string
		want            []string // "date text" of every event
	}{
		{"attribution is not an event", "2025-03-14",
			"On Saturday, the prime minister hosts a video conference of leaders, Downing Street said on Friday.",
			[]string{"2025-03-15 On Saturday, the prime minister hosts a video conference of leaders, Downing Street said on Friday."}},
		{"a longer attribution last", "2025-03-14",
			"Russia launched a large missile attack on Kyiv on Wednesday, the Ukrainian air force said on Thursday.",
			[]string{"2025-03-12 Russia launched a large missile attack on Kyiv on Wednesday, the Ukrainian air force said on Thursday."}},
		{"a spokesman's attribution", "2025-03-14",
			"Putin discussed the proposal with Witkoff on Wednesday, Kremlin spokesman Dmitry Peskov said on Thursday.",
			[]string{"2025-03-12 Putin discussed the proposal with Witkoff on Wednesday, Kremlin spokesman Dmitry Peskov said on Thursday."}},
		{"verbless clauses keep the sentence", "2025-03-22",
			"Negotiators will meet Ukraine in Riyadh on Sunday and Russia on Monday, with a second round set for Tuesday.",
			[]string{
				"2025-03-23 Negotiators will meet Ukraine in Riyadh on Sunday…",
				"2025-03-24 Negotiators will meet Ukraine in Riyadh on Sunday and Russia on Monday, with a second round set for Tuesday.",
				"2025-03-25 Negotiators will meet Ukraine in Riyadh on Sunday and Russia on Monday, with a second round set for Tuesday.",
			}},
		{"an aside after a comma", "2025-02-21",
			"Zelensky met Kellogg in Kyiv on Thursday, a day after Trump attacked him in public.",
			[]string{"2025-02-20 Zelensky met Kellogg in Kyiv on Thursday, a day after Trump attacked him in public."}},
		{"a month in an aside about an earlier event", "2025-04-27",
			"Trump and Zelensky talked inside St Peter's Basilica on Saturday, their first meeting since the Oval Office argument in February.",
			[]string{"2025-02-01 …the Oval Office argument in February.", "2025-04-26 Trump and Zelensky talked inside St Peter's Basilica on Saturday, their first meeting since the Oval Office argument in February."}},
		{"a day in an aside about an earlier event", "2025-04-27",
			"Trump and Zelensky talked in Rome on Saturday, their first meeting since the argument on Feb. 28.",
			[]string{"2025-02-28 …the argument on Feb. 28.", "2025-04-26 Trump and Zelensky talked in Rome on Saturday, their first meeting since the argument on Feb. 28."}},
		{"a participle clause after a comma reads alone", "2025-04-21",
			"Putin announced the truce on Saturday afternoon at a meeting with Gerasimov, the chief of the general staff, ordering a halt to all military action from 6 p.m. on Saturday until the end of Sunday.",
			[]string{"2025-04-19 Putin announced the truce on Saturday afternoon at a meeting with Gerasimov, the chief of the general staff…",
				"2025-04-19 …ordering a halt to all military action from 6 p.m. on Saturday until the end of Sunday."}},
		{"a preposition in -ing opens no clause", "2025-04-21",
			"Envoys met in Riyadh on Saturday, following talks in Jeddah on Tuesday.",
			[]string{"2025-04-15 Envoys met in Riyadh on Saturday, following talks in Jeddah on Tuesday.", "2025-04-19 Envoys met in Riyadh on Saturday…"}},
		{"a clause with its verb is cut", "2025-02-21",
			"Zelensky met Kellogg in Kyiv on Thursday, and the envoy will travel to Warsaw on Saturday.",
			[]string{"2025-02-20 Zelensky met Kellogg in Kyiv on Thursday…", "2025-02-22 …the envoy will travel to Warsaw on Saturday."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkEntries(t, entryLines(t, "date "+tt.pub+" News\n\n"+tt.text+"\n", false), tt.want)
		})
	}
}

// TestDatesOfReportedPlansAndAsides: what an undated or vaguely dated
// sentence reports, and when.
func TestDatesOfReportedPlansAndAsides(t *testing.T) {
	const lead = "Starmer met Trump in Washington on Thursday.\n\n" // frames Thu 27 Feb
	tests := []struct {
		name, pub, body string
		want            []string // "date tense text" of every event after the lead's
	}{
		{"days earlier is before the day", "2025-02-28", lead + "Days earlier Starmer announced that spending would rise.", nil},
		{"said earlier is before the day", "2025-02-28", lead + "Lavrov said earlier that the meeting would help.", nil},
		{"only the earlier sentence is left out", "2025-02-28", lead + "Macron said the summit was a turning point. He spoke to Trump earlier.",
			[]string{"2025-02-27 past Macron said the summit was a turning point."}},
		{"an earlier sentence first", "2025-02-28", lead + "Days earlier Starmer announced that spending would rise. Lammy said the visit went well.",
			[]string{"2025-02-27 past Lammy said the visit went well."}},
		{"an earlier thing is no adverb", "2025-02-28", lead + "Zelensky said Russia had broken earlier ceasefires.",
			[]string{"2025-02-27 past Zelensky said Russia had broken earlier ceasefires."}},
		{"a month of a plan does not date its announcement", "2025-02-28", lead + "Von der Leyen announced a payment for Ukraine, due in March.",
			[]string{"2025-02-27 past Von der Leyen announced a payment for Ukraine, due in March."}},
		{"a plan in reported speech is a plan", "2025-02-28", lead + "The delegation was expected to meet the Americans again. Zelensky said Ukraine wanted a list.",
			[]string{"2025-02-27 planned The delegation was expected to meet the Americans again.", "2025-02-27 past Zelensky said Ukraine wanted a list."}},
		{"a quote stays with its attribution", "2025-02-28", lead + "\"We will see,\" Peskov said.",
			[]string{"2025-02-27 past \"We will see,\" Peskov said."}},
		{"a plan called off is news of the day", "2025-02-18",
			"Zelensky postponed a visit to Saudi Arabia that had been planned for Wednesday.\n\nHe said Ukraine had not been invited.",
			[]string{"2025-02-18 past Zelensky postponed a visit to Saudi Arabia that had been planned for Wednesday.", "2025-02-18 past He said Ukraine had not been invited."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := corpusTimeline(t, map[string]string{"a.txt": "date " + tt.pub + " News\n\n" + tt.body + "\n"})
			var got []string
			for _, e := range allEvents(t, tl, Filter{}) {
				if !strings.HasPrefix(e.Text, "Starmer met Trump") {
					got = append(got, fmtDate(e.Date)+" "+string(e.Tense)+" "+e.Text)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestOneEventOnce: a passage or standfirst that reports an event already
// reported is not a second entry.
func TestOneEventOnce(t *testing.T) {
	tests := []struct {
		name, article string
		want          []string // "date text" of every event
	}{
		{"a counted day within a range of the same passage",
			"date 2025-02-25 Vote\n\nThe United States voted with Russia on Monday.\n\n" +
				"Ryabkov had said at the weekend that preparations were under way. The vote came two days after the minister announced that the work had begun.\n",
			[]string{"2025-02-22 Ryabkov had said at the weekend that preparations were under way. The vote came two days after the minister announced that the work had begun.",
				"2025-02-24 The United States voted with Russia on Monday."}},
		{"a standfirst restating the lead",
			"date 2025-02-15 EUROPE\nVance scolds allies in Munich\nThe vice president accused European governments of suppressing free speech.\n\n" +
				"Vice President Vance used his speech in Munich on Friday to accuse European governments of limiting free speech.\n",
			[]string{"2025-02-14 Vice President Vance used his speech in Munich on Friday to accuse European governments of limiting free speech."}},
		// A standfirst sums up the body, which reports each of its events
		// (talks 29: "The White House published separate statements ...",
		// told in full by its third passage).
		{"a standfirst that says something else",
			"date 2025-03-26 WORLD\nBlack Sea deal announced\nThe White House published separate statements on its talks with each side.\n\n" +
				"The United States said on Tuesday that Russia and Ukraine had agreed to ensure safe navigation in the Black Sea.\n",
			[]string{"2025-03-25 The United States said on Tuesday that Russia and Ukraine had agreed to ensure safe navigation in the Black Sea."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkEntries(t, entryLines(t, tt.article, false), tt.want)
		})
	}
}

// TestUndatedEventsOfTheDay: an undated sentence after the lead is an event
// of the lead's day when it reports a statement, an event done or says it
// was that day; background is not.
func TestUndatedEventsOfTheDay(t *testing.T) {
	const lead = "date 2025-03-07 Summit\n\nEU leaders met in Brussels on Thursday.\n\n" // frames Thu 6 Mar
	tests := []struct {
		name, text string
		event      bool
	}{
		{"refused", "Hungarian Prime Minister Viktor Orban refused to join it.", true},
		{"attended and thanked", "Zelensky attended the summit and thanked the leaders.", true},
		{"passive adopted", "A separate resolution was adopted by the Security Council.", true},
		{"the same day", "On the same day, the European Union adopted its sanctions package.", true},
		{"the same day as another", "The vote fell on the same day as the summit.", false},
		{"the same day for several", "Easter fell on the same day for Catholic and Orthodox Christians this year.", false},
		{"later the same day", "Later the same day, the envoy flew to Oman.", true},
		{"late in the evening", "Witkoff saw Putin in the Kremlin late in the evening.", true},
		{"earlier in the day, pluperfect", "Zelensky had met King Charles earlier in the day.", true},
		{"asked", "Putin asked who would monitor a truce.", true},
		{"pluperfect", "Zelensky had met the king at Sandringham.", false},
		{"perfect", "Darchiev has been nominated as ambassador.", false},
		{"what did not happen", "No Ukrainian officials attended.", false},
		{"a state", "The talks were held at the palace.", false},
		{"came as background", "The meeting came as Washington paused military aid to Kyiv.", false},
		{"first agreed after", "The bloc first agreed sanctions against Moscow after the annexation of Crimea.", false},
		{"years ago", "The two sides agreed the framework years ago.", false},
		{"agreed on the day", "The leaders agreed a new package of sanctions.", true},
		{"came as an arrival", "The exchange came as Kellogg arrived in Kyiv.", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := corpusTimeline(t, map[string]string{"a.txt": lead + tt.text + "\n"})
			found := false
			for _, e := range allEvents(t, tl, Filter{}) {
				if e.Text == tt.text {
					found = true
					if fmtDate(e.Date) != "2025-03-06" || e.Tense != Past {
						t.Errorf("%s %s, want 2025-03-06 past", fmtDate(e.Date), e.Tense)
					}
				}
			}
			if found != tt.event {
				t.Errorf("an event: %v, want %v", found, tt.event)
			}
		})
	}
}

// TestBackgroundDayIsNoAccountDay: a day named as background (a passage
// going back in time, a relative clause) is dated, but later undated
// reporting keeps the day the account had reached.
func TestBackgroundDayIsNoAccountDay(t *testing.T) {
	const lead = "date 2025-05-10 Kyiv\n\nThe leaders arrived in Kyiv on Saturday morning. "
	tests := []struct {
		name, body string
		want       string // "date text" of the undated last sentence
	}{
		{"a passage going back", lead + "Merz only took office on Tuesday.\n\nThe four spoke with Trump, Macron said.",
			"2025-05-10 The four spoke with Trump, Macron said."},
		{"a relative clause", "date 2025-05-10 Kyiv\n\nThe leaders arrived in Kyiv on Saturday morning.\n\n" +
			"Merz, who took office on Tuesday, was buried in papers.\n\nThe four spoke with Trump, Macron said.",
			"2025-05-10 The four spoke with Trump, Macron said."},
		{"a passage of its own moves the account", lead + "\n\nOn Thursday, they met Zelensky.\n\nThe four spoke with Trump, Macron said.",
			"2025-05-08 The four spoke with Trump, Macron said."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := corpusTimeline(t, map[string]string{"a.txt": tt.body + "\n"})
			var got []string
			for _, e := range allEvents(t, tl, Filter{}) {
				if strings.HasPrefix(e.Text, "The four") {
					got = append(got, fmtDate(e.Date)+" "+e.Text)
				}
			}
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestClausesReadAlone: every entry cut from a sentence with several dates
// is a clause with its subject and verb, else the whole sentence.
func TestClausesReadAlone(t *testing.T) {
	tests := []struct {
		name, pub, text string
		want            []string // "date text" of every entry
	}{
		{"a clock time and its zone are one sentence", "2025-04-21",
			"Putin ordered a halt from 6 p.m. Moscow time on Saturday. Kyiv said nothing on Sunday.",
			[]string{"2025-04-19 Putin ordered a halt from 6 p.m. Moscow time on Saturday.", "2025-04-20 Kyiv said nothing on Sunday."}},
		{"this time opens a sentence", "2025-04-21",
			"The envoys met on Thursday at 3 p.m. This time the talks ended without a deal on Friday.",
			[]string{"2025-04-17 The envoys met on Thursday at 3 p.m.", "2025-04-18 This time the talks ended without a deal on Friday."}},
		{"a verb of a clause within is none", "2025-04-21",
			"Putin announced the truce on Saturday, ordering a halt until the end of Sunday on what he called humanitarian grounds.",
			[]string{"2025-04-19 Putin announced the truce on Saturday, ordering a halt until the end of Sunday on what he called humanitarian grounds.",
				"2025-04-20 Putin announced the truce on Saturday, ordering a halt until the end of Sunday on what he called humanitarian grounds."}},
		{"who spoke and when is no event alone", "2025-05-18",
			"Trump said on Saturday that he would speak with Putin on Monday.",
			[]string{"2025-05-17 Trump said on Saturday that he would speak with Putin on Monday.", "2025-05-19 …he would speak with Putin on Monday."}},
		{"and between names is no clause boundary", "2025-05-12",
			"Putin proposed on Sunday that Russia and Ukraine resume direct talks in Istanbul on Thursday.",
			[]string{"2025-05-11 Putin proposed on Sunday that Russia and Ukraine resume direct talks in Istanbul on Thursday.",
				"2025-05-15 …Russia and Ukraine resume direct talks in Istanbul on Thursday."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkEntries(t, entryLines(t, "date "+tt.pub+" News\n\n"+tt.text+"\n", false), tt.want)
		})
	}
}

// TestVagueDatesOfAStatement: a stretch up to a statement, and a vague plan
// in a statement dated to its day, are what was said, not events of their
// own; an undated statement of a vague plan keeps it.
func TestVagueDatesOfAStatement(t *testing.T) {
	tests := []struct {
		name, pub, text string
		want            []string // "date tense text" of every entry
	}{
		{"a stretch up to the statement", "2025-04-27",
			"Later on Saturday, Trump wrote that there had been no reason to fire missiles over the past few days.",
			[]string{"2025-04-26 past Later on Saturday, Trump wrote that there had been no reason to fire missiles over the past few days."}},
		{"a week's plan in a statement of the day", "2025-04-21",
			"Trump wrote on Sunday that he hoped they would make a deal this week.",
			[]string{"2025-04-20 past Trump wrote on Sunday that he hoped they would make a deal this week."}},
		{"an undated statement keeps its plan", "2025-02-23",
			"Ryabkov added that envoys could meet within the next two weeks.",
			[]string{"2025-02-23 planned Ryabkov added that envoys could meet within the next two weeks."}},
		{"the day of another event is not the statement's", "2025-02-20",
			"The envoys met on Tuesday, and Lavrov said talks would resume next week.",
			[]string{"2025-02-18 past The envoys met on Tuesday…", "2025-02-24 planned …Lavrov said talks would resume next week."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkEntries(t, entryLines(t, "date "+tt.pub+" News\n\n"+tt.text+"\n", true), tt.want)
		})
	}
}

// TestVaguePlansOfAnAttributedSentence: a sentence that states a plan
// known to part of a month and then says who said so ("A third round
// could be held in late June, officials said") is that plan, not a
// statement of the day the article's account has reached (the Monday of
// the sentence before, as a user test found it); "early July" and "at the
// end of the month" are plans too, not left out. A statement that reports
// a plan ("announced a payment due in March") still dates the statement
// (TestDatesOfReportedPlansAndAsides).
func TestVaguePlansOfAnAttributedSentence(t *testing.T) {
	article := "date 2025-06-03 Delegations meet in Istanbul again\n\n" +
		"Russian and Ukrainian delegations met in Istanbul on Monday for a second round of direct talks.\n\n" +
		"A third round could be held in late June, officials said.\n\n" +
		"A fourth round could be held in early July, officials added.\n\n" +
		"Another meeting is expected at the end of the month, according to diplomats.\n\n" +
		"Kremlin spokesman Dmitry Peskov said talks may resume in mid-July.\n"
	var got []string
	for _, e := range allEvents(t, corpusTimeline(t, map[string]string{"a.txt": article}), Filter{}) {
		got = append(got, e.When()+" "+string(e.Tense)+" "+e.Text)
	}
	checkEntries(t, got, []string{
		"Mon 2 Jun 2025 past Russian and Ukrainian delegations met in Istanbul on Monday for a second round of direct talks.",
		"Mon 2 Jun 2025 past Kremlin spokesman Dmitry Peskov said talks may resume in mid-July.",
		"late Jun 2025 planned A third round could be held in late June, officials said.",
		"late Jun 2025 planned Another meeting is expected at the end of the month, according to diplomats.",
		"early Jul 2025 planned A fourth round could be held in early July, officials added.",
	})
}

// TestInfinitiveOrPreposition: a clause cut at "to" reads alone as an
// infinitive ("to follow up on ..."), not as the preposition of "a halt to
// all military action".
func TestInfinitiveOrPreposition(t *testing.T) {
	tests := []struct {
		part string
		want bool
	}{
		{"to follow up on last week's talks in Paris.", true},
		{"to all military action from Saturday on what he called humanitarian grounds.", false},
		{"to the talks in Istanbul on Thursday next week.", false},
	}
	for _, tt := range tests {
		if got := readable(tt.part); got != tt.want {
			t.Errorf("readable(%q) = %v, want %v", tt.part, got, tt.want)
		}
	}
}

// TestReadableNames: a capitalised word is a name, not the clause's verb,
// whatever its ending, also behind the quote, bracket or apostrophe that
// opens it: the check reads the word as the tokens analyse it, not the
// raw word's first character ("“United" once read as the verb "united").
func TestReadableNames(t *testing.T) {
	tests := []struct {
		part string
		want bool
	}{
		{"and the United Nations mission in Geneva on Friday.", false},
		{"and the “United Nations” mission in Geneva on Friday.", false},
		{"and the \"United Nations\" mission in Geneva on Friday.", false},
		{"and the (United Nations) mission in Geneva on Friday.", false},
		{"and the 'United Nations' mission in Geneva on Friday.", false},
		{"and the U.S.-Reformed Church delegation in Kyiv on Sunday.", false},
		// A verb still makes the clause readable, quoted or not.
		{"and the “United Nations” mission arrived in Geneva on Friday.", true},
		{"and envoys \"reached\" Geneva on Friday.", true},
		{"and 'Witkoff's team travelled to Moscow on Friday.", true},
	}
	for _, tt := range tests {
		if got := readable(tt.part); got != tt.want {
			t.Errorf("readable(%q) = %v, want %v", tt.part, got, tt.want)
		}
	}
}

// TestUnrealisedPlanIsNoEvent: the past day of a plan that did not come
// about is no event, and does not frame the undated reports after it.
func TestUnrealisedPlanIsNoEvent(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // "date text" of every entry
	}{
		{"meant to", "A first version of the deal was meant to be signed on February 28, but Zelensky left without signing it.", nil},
		{"supposed to", "The envoys were supposed to meet on April 20. Peskov said the talks would go on.", nil},
		{"was to have", "The vote was to have been held on April 22.", nil},
		{"a plan that came about", "The deal was signed on April 28 after weeks of talks.", []string{"2025-04-28 The deal was signed on April 28 after weeks of talks."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkEntries(t, entryLines(t, "date 2025-05-01 News\n\n"+tt.text+"\n", false), tt.want)
		})
	}
}

// entryLines builds the timeline of one article and returns each entry as
// "date text", or "date tense text" when withTense.
func entryLines(t *testing.T, article string, withTense bool) []string {
	t.Helper()
	var got []string
	for _, e := range allEvents(t, corpusTimeline(t, map[string]string{"a.txt": article}), Filter{}) {
		line := fmtDate(e.Date) + " "
		if withTense {
			line += string(e.Tense) + " "
		}
		got = append(got, line+e.Text)
	}
	return got
}

// checkEntries fails the test unless got is want, line for line.
func checkEntries(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLastFields: the last words before a date, read from the end, are the
// last words strings.Fields finds, in lower case.
func TestLastFields(t *testing.T) {
	for _, s := range []string{"", " ", "one", " One ", "a  b\tc\nD", "had been Planned for", "x\u00a0y\u2003z ",
		"The visit, which was meant to be signed on", strings.Repeat("w ", 20) + "end"} {
		for n := range 10 {
			want := strings.Fields(strings.ToLower(s))
			want = want[max(0, len(want)-n):]
			if got := lastFields(s, n); !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Errorf("lastFields(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
}

// TestCameADayAfterGoesBack: "The meeting came a day after ..." takes its
// passage back to that day: an undated statement after it in the passage
// tells of it, while the next passage is back on the account's day.
func TestCameADayAfterGoesBack(t *testing.T) {
	tl := corpusTimeline(t, map[string]string{"a.txt": "date 2025-04-27 Vatican\n\n" +
		"Trump and Zelensky talked inside St Peter's Basilica on Saturday.\n\n" +
		"The meeting came a day after Witkoff held three hours of talks with Putin in the Kremlin. Ushakov called them constructive and said more talks were needed.\n\n" +
		"Peskov said the Kremlin was ready for more talks.\n"})
	want := map[string]string{
		"Ushakov called them constructive and said more talks were needed.": "2025-04-25",
		"Peskov said the Kremlin was ready for more talks.":                 "2025-04-26",
	}
	got := map[string]string{}
	for _, e := range allEvents(t, tl, Filter{}) {
		got[e.Text] = fmtDate(e.Date)
	}
	for text, day := range want {
		if got[text] != day {
			t.Errorf("%q dated %q, want %s", text, got[text], day)
		}
	}
}

// TestComparisonBaselineIsNoEvent: a date a quantity is compared with ("4
// percent larger than last year's", "down from a year ago") is no event
// of the sentence: it neither makes an entry nor cuts the sentence, whose
// own event keeps its day and its whole text. A date after "from", "over"
// or "on" that measures no change is still one, and so is a day, or a
// period not gone by, after a change and "from", "over" or "on": "fell on
// March 12", "up 4 percent from March 3", "over the past week".
func TestComparisonBaselineIsNoEvent(t *testing.T) {
	// Published on Thursday 2 May 2024.
	tests := []struct {
		name, text string
		want       []string // "date text" of every entry
	}{
		{"than last year's", "The council on Wednesday approved a budget that is 4 percent larger than last year's.",
			[]string{"2024-05-01 The council on Wednesday approved a budget that is 4 percent larger than last year's."}},
		{"down from a year ago", "Revenue is down from a year ago, the treasurer said on Tuesday.",
			[]string{"2024-04-30 Revenue is down from a year ago, the treasurer said on Tuesday."}},
		{"over last year", "The mayor on Monday announced an increase of 4 percent over last year in school spending.",
			[]string{"2024-04-29 The mayor on Monday announced an increase of 4 percent over last year in school spending."}},
		{"compared with a year", "The ministry said on Tuesday that exports were 6 percent higher compared with 2023.",
			[]string{"2024-04-30 The ministry said on Tuesday that exports were 6 percent higher compared with 2023."}},
		{"compared with the same period", "The ministry said on Tuesday that exports rose 6 percent compared with the same period in 2023.",
			[]string{"2024-04-30 The ministry said on Tuesday that exports rose 6 percent compared with the same period in 2023."}},
		{"than in a year", "Officials said on Tuesday that turnout was lower than in 2023.",
			[]string{"2024-04-30 Officials said on Tuesday that turnout was lower than in 2023."}},
		{"than it was", "Officials said on Tuesday that turnout was lower than it was last year.",
			[]string{"2024-04-30 Officials said on Tuesday that turnout was lower than it was last year."}},
		{"than a day", "Turnout was higher than on Monday, officials said on Wednesday.",
			[]string{"2024-05-01 Turnout was higher than on Monday, officials said on Wednesday."}},
		{"than a year earlier", "Sales on Monday were 3 percent higher than a year earlier, the company said.",
			[]string{"2024-04-29 Sales on Monday were 3 percent higher than a year earlier, the company said."}},
		{"than a week earlier", "Prices fell on Tuesday to less than a week earlier.",
			[]string{"2024-04-30 Prices fell on Tuesday to less than a week earlier."}},
		{"from a week earlier", "Prices fell 2 percent on Tuesday from a week earlier.",
			[]string{"2024-04-30 Prices fell 2 percent on Tuesday from a week earlier."}},
		{"year-on-year", "The central bank said on Tuesday that prices rose 3 percent year-on-year.",
			[]string{"2024-04-30 The central bank said on Tuesday that prices rose 3 percent year-on-year."}},
		{"up on last year", "Sales were up 3% on last year, the company said on Tuesday.",
			[]string{"2024-04-30 Sales were up 3% on last year, the company said on Tuesday."}},
		{"versus a month ago", "The index closed on Tuesday at 102, versus 98 a month ago.",
			[]string{"2024-04-30 The index closed on Tuesday at 102, versus 98 a month ago."}},
		{"from a level a year ago", "Unemployment fell to 3 percent on Tuesday, down from 4 percent a year ago.",
			[]string{"2024-04-30 Unemployment fell to 3 percent on Tuesday, down from 4 percent a year ago."}},
		{"a statement of the day", "The council met on Wednesday.\n\nSales rose 4 percent over last year, the treasurer said.",
			[]string{"2024-05-01 The council met on Wednesday.", "2024-05-01 Sales rose 4 percent over last year, the treasurer said."}},
		// Not comparisons: the dates stay events.
		{"a number bounded by than", "More than 200 people were evacuated last year.",
			[]string{"2023-01-01..2023-12-31 More than 200 people were evacuated last year."}},
		{"more than a number on a day", "Ukraine shot down more than 50 drones on Tuesday.",
			[]string{"2024-04-30 Ukraine shot down more than 50 drones on Tuesday."}},
		{"follow up on", "The envoys will meet in London on Friday to follow up on last week's talks in Paris.",
			[]string{"2024-04-22..2024-04-28 …follow up on last week's talks in Paris.", "2024-05-03 The envoys will meet in London on Friday…"}},
		{"a change on the day", "Prices rose 3 percent over the weekend.",
			[]string{"2024-04-27..2024-04-28 Prices rose 3 percent over the weekend."}},
		{"a start from a day", "Russia declared a truce from Monday.",
			[]string{"2024-05-06 Russia declared a truce from Monday."}},
		// A day after a change word and "on", "over" or "from" is when the
		// change happened or began, not what it is measured against.
		{"fell on a day", "Oil prices fell on March 12 as traders bet on a truce.",
			[]string{"2024-03-12 Oil prices fell on March 12 as traders bet on a truce."}},
		{"rose to a level on a day", "The death toll rose to 20 on March 11, officials said.",
			[]string{"2024-03-11 The death toll rose to 20 on March 11, officials said."}},
		{"increased on a day", "Russian drone attacks increased on March 10, the air force said.",
			[]string{"2024-03-10 Russian drone attacks increased on March 10, the air force said."}},
		{"more than a distance on a day", "Moscow's troops advanced more than 5 km on March 9, the ministry said.",
			[]string{"2024-03-09 Moscow's troops advanced more than 5 km on March 9, the ministry said."}},
		{"jumped a percentage on a day", "Prices jumped 5 percent on April 22 after the announcement.",
			[]string{"2024-04-22 Prices jumped 5 percent on April 22 after the announcement."}},
		{"fewer on a day", "Ukraine reported fewer attacks on Feb. 18, the day of the Riyadh talks.",
			[]string{"2024-02-18 Ukraine reported fewer attacks on Feb. 18, the day of the Riyadh talks."}},
		{"down from a day", "The council met on Wednesday.\n\nExports were down 4 percent from March 3.",
			[]string{"2024-03-03 Exports were down 4 percent from March 3.", "2024-05-01 The council met on Wednesday."}},
		{"a change over a period still running", "Prices rose 3 percent over the past week.",
			[]string{"2024-04-25..2024-05-01 Prices rose 3 percent over the past week."}},
		{"a change from a period ahead", "Tariffs will rise 10 percent from next year.",
			[]string{"2025-01-01..2025-12-31 Tariffs will rise 10 percent from next year."}},
		{"a change from a month ahead", "Prices will rise 5 percent from mid-June.",
			[]string{"2024-06-11..2024-06-20 Prices will rise 5 percent from mid-June."}},
		// A period gone by after them is a baseline still.
		{"down from a month of a past year", "Exports were down 4 percent from March 2023, the ministry said on Tuesday.",
			[]string{"2024-04-30 Exports were down 4 percent from March 2023, the ministry said on Tuesday."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range allEvents(t, corpusTimeline(t, map[string]string{"a.txt": "date 2024-05-02 Council\n\n" + tt.text + "\n"}), Filter{}) {
				when := fmtDate(e.Date)
				if !e.End.IsZero() {
					when += ".." + fmtDate(e.End)
				}
				got = append(got, when+" "+e.Text)
			}
			checkEntries(t, got, tt.want)
		})
	}
}
