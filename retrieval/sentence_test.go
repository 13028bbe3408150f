package retrieval

import (
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"One. Two.", []string{"One.", "Two."}},
		{"Russia's deputy foreign minister said on Feb. 22. It marked a departure.",
			[]string{"Russia's deputy foreign minister said on Feb. 22.", "It marked a departure."}},
		{"U.S. President Donald Trump met envoys. They agreed.", []string{"U.S. President Donald Trump met envoys.", "They agreed."}},
		{"Mr. Lavrov spoke. Dr. Smith listened.", []string{"Mr. Lavrov spoke.", "Dr. Smith listened."}},
		{`“It is useful,” he said. "We'll see." Then he left.`, []string{`“It is useful,” he said.`, `"We'll see."`, "Then he left."}},
		{"Is it over? No! 2025 will tell.", []string{"Is it over?", "No!", "2025 will tell."}},
		{"He paid 2.5 million. done", []string{"He paid 2.5 million. done"}},
		{"J. D. Vance spoke.", []string{"J. D. Vance spoke."}},
		{"The Kremlin said so… Peskov added more.", []string{"The Kremlin said so…", "Peskov added more."}},
		{"", nil},
		{"No stop at the end", []string{"No stop at the end"}},
		// Chinese and Japanese: no space after the full stop.
		{"米国とロシアの代表団は会談した。協議を開始することで合意した。", []string{"米国とロシアの代表団は会談した。", "協議を開始することで合意した。"}},
		{"美国和俄罗斯代表团周二会晤。双方同意开始谈判！结果如何？还不清楚。", []string{"美国和俄罗斯代表团周二会晤。", "双方同意开始谈判！", "结果如何？", "还不清楚。"}},
		{"「停戦に合意した。」と述べた。次の会合は来週だ。", []string{"「停戦に合意した。」と述べた。", "次の会合は来週だ。"}},
		{"他说：“我们同意了。” 然后离开了。", []string{"他说：“我们同意了。”", "然后离开了。"}},
		{"会談した。 The talks ended.", []string{"会談した。", "The talks ended."}},
	}
	for _, tt := range tests {
		if got := SplitSentences(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("SplitSentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestSplitSentencesCap checks that text without full stops is cut into
// sentences of bounded length at clause or word boundaries, losing nothing.
func TestSplitSentencesCap(t *testing.T) {
	long := func(unit string, n int) string { return strings.Repeat(unit, n/len(unit)+1)[:n] }
	tests := []struct {
		name     string
		in       string
		wantEnd  string // every piece but the last ends with this, if set
		wantWord bool   // pieces hold whole words
	}{
		{"words", long("the envoys met again in Riyadh and talked for hours ", 100<<10), "", true},
		{"clauses", long("the envoys met again in Riyadh, talked for hours ", 100<<10), ",", true},
		{"semicolons", long("talks resumed; ", 20<<10), ";", true},
		{"no spaces", long("x", 10<<10), "", false},
		{"no spaces multibyte", long("переговоры", 10<<10+1), "", false},
		{"one long word in words", "start " + long("y", 2000) + " end of it", "", false},
		{"Japanese clauses", long("米国とロシアの代表団は火曜日、", 10<<10), "、", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.TrimSpace(strings.ToValidUTF8(tt.in, ""))
			got := SplitSentences(in)
			if len(got) < 2 {
				t.Fatalf("got %d sentences, want the text cut", len(got))
			}
			for i, s := range got {
				if len(s) > MaxSentenceBytes || s == "" {
					t.Fatalf("sentence %d has %d bytes, want 1..%d", i, len(s), MaxSentenceBytes)
				}
				if !utf8.ValidString(s) {
					t.Fatalf("sentence %d is cut inside a character: %q", i, s[len(s)-4:])
				}
				if tt.wantEnd != "" && i < len(got)-1 && !strings.HasSuffix(s, tt.wantEnd) {
					t.Errorf("sentence %d ends %q, want a cut after %q", i, s[len(s)-10:], tt.wantEnd)
				}
			}
			if tt.wantWord {
				if w, g := strings.Fields(in), strings.Fields(strings.Join(got, " ")); !slices.Equal(w, g) {
					t.Errorf("words differ after cutting: %d words in, %d out", len(w), len(g))
				}
			} else if strings.ReplaceAll(strings.Join(got, ""), " ", "") != strings.ReplaceAll(in, " ", "") {
				t.Error("text lost in cutting")
			}
			// Uncapped, the same text is one sentence.
			if whole := SplitWholeSentences(in); len(whole) != 1 || whole[0] != in {
				t.Errorf("SplitWholeSentences: %d sentences, want the text whole", len(whole))
			}
		})
	}
	// Sentences under the cap are never cut.
	s := strings.Repeat("word ", MaxSentenceBytes/5-1) + "end."
	if got := SplitSentences(s); len(got) != 1 || got[0] != s {
		t.Errorf("a %d-byte sentence was cut into %d", len(s), len(got))
	}
	// Uncapped, sentences are cut where SplitSentences cuts them.
	two := long("the envoys met again in Riyadh, talked for hours ", 2000) + "end. Then a second one, with Feb. 18 in it."
	if got := SplitWholeSentences(two); len(got) != 2 || !strings.HasSuffix(got[0], "end.") || got[1] != "Then a second one, with Feb. 18 in it." {
		t.Errorf("SplitWholeSentences: %d sentences %q", len(got), got)
	}
}

// TestSplitSentencesClockTimes: "a.m." and "p.m." end a sentence only when
// the next word starts one. A time zone ("GMT", "Moscow time", "local
// time") or a date after the time continues it; a name or any other word
// in capitals starts the next ("at 3 p.m. This time ...").
func TestSplitSentencesClockTimes(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		// Continued: a zone, a place's time, a date.
		{"The truce starts at 6 p.m. Moscow time on Saturday and ends on Monday.",
			[]string{"The truce starts at 6 p.m. Moscow time on Saturday and ends on Monday."}},
		{"Talks open at 10 a.m. GMT in Riyadh.", []string{"Talks open at 10 a.m. GMT in Riyadh."}},
		{"Talks open at 10 A.M. ET, officials said.", []string{"Talks open at 10 A.M. ET, officials said."}},
		{"The call began at 9 a.m. Kyiv time. Zelensky joined later.",
			[]string{"The call began at 9 a.m. Kyiv time.", "Zelensky joined later."}},
		{"The vote is set for 3 p.m. Tuesday in Brussels.", []string{"The vote is set for 3 p.m. Tuesday in Brussels."}},
		{"The deadline is 5 p.m. Feb. 28, the ministry said.", []string{"The deadline is 5 p.m. Feb. 28, the ministry said."}},
		{"The deadline is 5 p.m. March 3 in Washington.", []string{"The deadline is 5 p.m. March 3 in Washington."}},
		{"It ends at 11 p.m. Eastern time on Friday.", []string{"It ends at 11 p.m. Eastern time on Friday."}},
		{"Talks open at 10 a.m. (0700 GMT) in Riyadh.", []string{"Talks open at 10 a.m. (0700 GMT) in Riyadh."}},
		{"Talks open at 10 a.m. (Moscow time) in Riyadh.", []string{"Talks open at 10 a.m. (Moscow time) in Riyadh."}},
		// A zone with an offset, in brackets or not.
		{"Talks open at 10 a.m. GMT+3 in Riyadh.", []string{"Talks open at 10 a.m. GMT+3 in Riyadh."}},
		{"Talks open at 10 a.m. UTC+03:00 in Riyadh.", []string{"Talks open at 10 a.m. UTC+03:00 in Riyadh."}},
		{"Talks open at 10 a.m. UTC−5, officials said.", []string{"Talks open at 10 a.m. UTC−5, officials said."}},
		{"Talks open at 10 a.m. GMT+0530 in Delhi.", []string{"Talks open at 10 a.m. GMT+0530 in Delhi."}},
		{"Talks open at 9 p.m. (GMT+3) in Riyadh.", []string{"Talks open at 9 p.m. (GMT+3) in Riyadh."}},
		{"Talks open at 9 p.m. (UTC) in Riyadh.", []string{"Talks open at 9 p.m. (UTC) in Riyadh."}},
		{"Talks open at 9 p.m. (1800 GMT) in Riyadh.", []string{"Talks open at 9 p.m. (1800 GMT) in Riyadh."}},
		{"The truce starts at 9 p.m. Moscow time (GMT+3) on Friday.", []string{"The truce starts at 9 p.m. Moscow time (GMT+3) on Friday."}},
		{"Talks open at 10 a.m. GMT+3. Lavrov arrived late.", []string{"Talks open at 10 a.m. GMT+3.", "Lavrov arrived late."}},
		// A lower-case word never opened a sentence.
		{"They met at 3 p.m. on Tuesday.", []string{"They met at 3 p.m. on Tuesday."}},
		{"They met at 3 p.m. local time.", []string{"They met at 3 p.m. local time."}},
		// Cut: a name, another word in capitals, a quote.
		{"The envoys met on Thursday at 3 p.m. This time the talks ended without a deal.",
			[]string{"The envoys met on Thursday at 3 p.m.", "This time the talks ended without a deal."}},
		{"The talks began at 10 a.m. Lavrov arrived an hour late.",
			[]string{"The talks began at 10 a.m.", "Lavrov arrived an hour late."}},
		{"The talks began at 10 A.M. Moscow said nothing.", []string{"The talks began at 10 A.M.", "Moscow said nothing."}},
		{"The talks began at 10 a.m. Each time they stalled.", []string{"The talks began at 10 a.m.", "Each time they stalled."}},
		{`It ended at 4 p.m. "We are done," he said.`, []string{"It ended at 4 p.m.", `"We are done," he said.`}},
		{"It ended at 4 p.m. Mayday was called.", []string{"It ended at 4 p.m.", "Mayday was called."}},
		{"It ended at 4 p.m. GMTV carried it live.", []string{"It ended at 4 p.m.", "GMTV carried it live."}},
		{"It ended at 4 p.m. UTC+3a was no zone.", []string{"It ended at 4 p.m.", "UTC+3a was no zone."}},
		{"It ended at 4 p.m. ET-Tech stock rose.", []string{"It ended at 4 p.m.", "ET-Tech stock rose."}},
		// The end of the text.
		{"The talks began at 10 a.m.", []string{"The talks began at 10 a.m."}},
		{"The talks began at 10 p.m. ", []string{"The talks began at 10 p.m."}},
	}
	for _, tt := range tests {
		if got := SplitSentences(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("SplitSentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestSplitSentencesClockTimesLinear: whether a clock time ends its
// sentence is decided on the words after it, not on the rest of the text.
// Reading (and lower-casing) all the rest at every "a.m." made a text of
// many clock times quadratic: 290 KB of "1 a.m. A" took 40 s. Measured in
// bytes allocated, which grew with the square of the text.
func TestSplitSentencesClockTimesLinear(t *testing.T) {
	for _, tt := range []struct {
		unit string
		want int
	}{
		{"It ended at 1 a.m. Another began. ", 4000},
		// A zone with an offset is read from its own word too.
		{"It ended at 1 a.m. (GMT+3) Another began. ", 2000},
		{"It ended at 1 a.m. UTC+03:00 Another began. ", 2000},
	} {
		text := strings.Repeat(tt.unit, 2000)
		SplitSentences(text) // the capitals table is parsed once, before measuring
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		got := SplitSentences(text)
		runtime.ReadMemStats(&after)
		if len(got) != tt.want {
			t.Fatalf("%q: got %d sentences, want %d", tt.unit, len(got), tt.want)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 16*uint64(len(text)) {
			t.Errorf("%q: splitting %d bytes allocated %d bytes: more than the text's size times 16", tt.unit, len(text), n)
		}
	}
}
