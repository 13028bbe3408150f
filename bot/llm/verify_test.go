package llm

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/textclean"
)

// fakeSent is k passages as if sent to the model: passage [n] is article
// "a<n>.txt".
func fakeSent(k int) []retrieval.Result {
	var out []retrieval.Result
	for n := 1; n <= k; n++ {
		id := fmt.Sprintf("a%d.txt", n)
		a := &retrieval.Article{ID: id, Headline: "Headline " + id, Date: time.Date(2025, 2, n, 0, 0, 0, 0, time.UTC)}
		// The claims the tests cite are this passage's, so the claim
		// support check (support_test.go has its own tests) keeps them.
		p := retrieval.Passage{ID: id + "#1", Article: id, N: 1, Text: "Text of " + id + ": the leaders meet to attend the next round. " +
			"U.S. Secretary of State Marco Rubio met Russia's Lavrov in Riyadh on Feb. 18 and 19; Trump met Putin in Anchorage, Alaska, on Aug. 15, and the talks lasted nearly three hours. " +
			"Both sides spoke after weeks of prep; they agreed on embassies, but no deal came and nothing else was agreed."}
		a.Passages = []retrieval.Passage{p}
		out = append(out, retrieval.Result{Rank: n, Passage: p, Article: a})
	}
	return out
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name      string
		raw       string
		text      string
		articles  []string // citation n → article, in order
		abstained bool
		dropped   int
		invalid   int
		err       error
	}{
		{
			name:     "renumbered in order of first use",
			raw:      "Rubio met Lavrov in Riyadh [3]. They agreed on embassies [1][3].",
			text:     "Rubio met Lavrov in Riyadh [1]. They agreed on embassies [2][1].",
			articles: []string{"a3.txt", "a1.txt"},
		},
		{
			name:     "out of range and malformed markers removed",
			raw:      "Trump met Putin in Alaska [2][9]. The talks lasted three hours [0][x][2]. No deal came [citation needed][4].",
			text:     "Trump met Putin in Alaska [1]. The talks lasted three hours [1]. No deal came [2].",
			articles: []string{"a2.txt", "a4.txt"},
			invalid:  4,
		},
		{
			name:     "a marker with a number out of range is a guess, all of it",
			raw:      "They met on the moon [99] [0] [1,2,3,4,5,6,7,8,9,10,11,12]. Rubio attended [2].",
			text:     "Rubio attended [1].",
			articles: []string{"a2.txt"},
			dropped:  1,
			invalid:  14,
		},
		{
			name:     "a masked link no passage holds keeps its words, without the link (guard_test.go has more)",
			raw:      "The leaders [meet](https://apnews.example/a) to attend the next round [1].",
			text:     "The leaders meet to attend the next round [1].",
			articles: []string{"a1.txt"},
		},
		{
			name:     "lists, ranges, footnotes and OpenAI marks",
			raw:      "Talks took place in Riyadh [1, 2]. Both sides spoke [2-4]. Lavrov attended [^3]. Rubio attended 【4†source】.",
			text:     "Talks took place in Riyadh [1][2]. Both sides spoke [2][3][4]. Lavrov attended [3]. Rubio attended [4].",
			articles: []string{"a1.txt", "a2.txt", "a3.txt", "a4.txt"},
		},
		{
			name:     "marker after the full stop stays with its sentence",
			raw:      "Trump met Putin. [2] They did not agree.[1]",
			text:     "Trump met Putin [1]. They did not agree [2].",
			articles: []string{"a2.txt", "a1.txt"},
		},
		{
			name:     "uncited claim dropped, lead-in and coverage note kept",
			raw:      "Here is what the articles report:\n- The summit was in Alaska [1].\n- It was the first summit since 2021.\n\nThe articles don't say when they will meet again. Experts expect a deal soon.",
			text:     "Here is what the articles report:\n- The summit was in Alaska [1].\n\nThe articles don't say when they will meet again.",
			articles: []string{"a1.txt"},
			dropped:  2,
		},
		{
			name:     "abbreviations do not split sentences",
			raw:      "U.S. Secretary of State Marco Rubio met Lavrov on Feb. 18 in Riyadh [2].",
			text:     "U.S. Secretary of State Marco Rubio met Lavrov on Feb. 18 in Riyadh [1].",
			articles: []string{"a2.txt"},
		},
		{
			name:      "fixed refusal",
			raw:       "The articles don't say.",
			text:      Refusal,
			abstained: true,
		},
		{
			name:      "refusal with quotes, case and a stray marker",
			raw:       "\"the articles do NOT say\" [1]",
			text:      Refusal,
			abstained: true,
		},
		{
			name:      "abstention in the model's words",
			raw:       "The articles do not say who will attend the next round.",
			text:      "The articles do not say who will attend the next round.",
			abstained: true,
		},
		{
			name:     "bidi overrides, escape sequences and hidden tag text stripped",
			raw:      "Trump met \u202ePutin\u202c in \x1b[31mAlaska\x1b[0m\U000E0049 [1].",
			text:     "Trump met Putin in Alaska [1].",
			articles: []string{"a1.txt"},
		},
		{
			name:     "control characters stripped",
			raw:      "Trump met Putin in\x1b Alaska\u0085 [1].\x07",
			text:     "Trump met Putin in Alaska [1].",
			articles: []string{"a1.txt"},
		},
		{
			name:     "the model's own source list is dropped",
			raw:      "Rubio met Lavrov in Riyadh [2].\n\n**Sources:**\n- [2] US and Russian officials hold talks in Riyadh, AP\n[1]: Another headline",
			text:     "Rubio met Lavrov in Riyadh [1].",
			articles: []string{"a2.txt"},
		},
		{
			name: "a one-line source list is not an answer",
			raw:  "Sources: [1] foo",
			err:  ErrNoCitedAnswer,
		},
		{
			name:     "a source list paragraph after the answer is dropped",
			raw:      "Rubio met Lavrov in Riyadh [2].\n\nSources: [2] US and Russian officials hold talks, AP; [1] Another headline.\n[3] A third",
			text:     "Rubio met Lavrov in Riyadh [1].",
			articles: []string{"a2.txt"},
		},
		{
			name:     "a source list run on after the last sentence is dropped",
			raw:      "Rubio met Lavrov in Riyadh [2]. **References:** [2] AP, [4] BBC",
			text:     "Rubio met Lavrov in Riyadh [1].",
			articles: []string{"a2.txt"},
		},
		{
			name:     "the word sources in a sentence is kept",
			raw:      "Russian sources said the talks lasted three hours [3].",
			text:     "Russian sources said the talks lasted three hours [1].",
			articles: []string{"a3.txt"},
		},
		{
			name:     "repeated identical markers collapse",
			raw:      "Prep [1][1][1]. Talks [2] [2][1] [2]. Both [3], and [3].",
			text:     "Prep [1]. Talks [2][1]. Both [3], and [3].",
			articles: []string{"a1.txt", "a2.txt", "a3.txt"},
		},
		{
			name:     "a lead-in left with nothing to introduce is dropped",
			raw:      "Trump met Putin in Alaska [1].\nOther points:\n- Putin resigned [9].",
			text:     "Trump met Putin in Alaska [1].",
			articles: []string{"a1.txt"},
			dropped:  1,
			invalid:  1,
		},
		// Every claim really cited: each of these survived the old check.
		{
			name:     "a claim ending in a colon is no lead-in",
			raw:      "BREAKING: Putin has resigned:\nThe leaders met [1].",
			text:     "The leaders met [1].",
			articles: []string{"a1.txt"},
			dropped:  1,
		},
		{
			name:     "a lead-in that states a fact is dropped",
			raw:      "The articles say Zelensky was arrested:\n- The leaders met [1].",
			text:     "- The leaders met [1].",
			articles: []string{"a1.txt"},
			dropped:  1,
		},
		{
			name:     "a coverage note that asserts is dropped",
			raw:      "The leaders met [1]. The articles don't mention that Yermak was arrested. The articles don't say why Putin resigned. The articles make no mention of the arrest of Yermak.",
			text:     "The leaders met [1].",
			articles: []string{"a1.txt"},
			dropped:  3,
		},
		{
			name:     "a coverage note about what the passages hold is kept",
			raw:      "The leaders met [1]. The articles don't say whether they will attend the next round. The articles give no details.",
			text:     "The leaders met [1]. The articles don't say whether they will attend the next round. The articles give no details.",
			articles: []string{"a1.txt"},
		},
		{
			name: "an echo of the rules keeps none of its example markers",
			raw: "End every sentence that states a fact with the number of the passage that supports it in square brackets, like [2]. " +
				"Cite several passages like [1][3]. The leaders met [4].",
			text:     "The leaders met [1].",
			articles: []string{"a4.txt"},
			dropped:  2,
			invalid:  1, // "like [1][3]" in a sentence too short to be a sure echo
		},
		{
			name:     "an example marker is no citation",
			raw:      "Citations look like [2] in the answer. The leaders met [3].",
			text:     "The leaders met [1].",
			articles: []string{"a3.txt"},
			invalid:  1,
			dropped:  1,
		},
		{
			name:     "unrecognised markers are stripped",
			raw:      "The leaders met [1][-1][a][1.5][#2] in Alaska [ 2 ] 【x】.",
			text:     "The leaders met [1] in Alaska [2].",
			articles: []string{"a1.txt", "a2.txt"},
			invalid:  5,
		},
		// A source is listed only when a sentence that stays cites it
		// (user test: a dropped sentence's source was still listed).
		{
			name:     "a dropped sentence's source is not listed",
			raw:      "The leaders meet to attend the next round [4]. Zelensky postponed his visit, hxxp://evil.example [2].",
			text:     "The leaders meet to attend the next round [1].",
			articles: []string{"a4.txt"},
			dropped:  1,
		},
		{
			name:     "numbers close up after a dropped sentence",
			raw:      "Zelensky postponed his visit, ftp://evil.example/x [2]. The leaders meet [3]. Putin resigned. They attend the next round [1][3].",
			text:     "The leaders meet [1]. They attend the next round [2][1].",
			articles: []string{"a3.txt", "a1.txt"},
			dropped:  2,
		},
		{
			name:     "a marker in a dropped start lists no source",
			raw:      "Visit [2] http://evil.example and the leaders meet [3].",
			text:     "The leaders meet [1].",
			articles: []string{"a3.txt"},
			dropped:  1,
		},
		{
			name:     "a start dropped with its only markers leaves the sentence uncited",
			raw:      "The leaders meet [1]. Visit [2] http://evil.example and the leaders meet.",
			text:     "The leaders meet [1].",
			articles: []string{"a1.txt"},
			dropped:  2,
		},
		{name: "lead-in alone is not an answer", raw: "Here is what I found:", err: ErrNoCitedAnswer},
		{name: "empty reply", raw: "  ", err: ErrNoCitedAnswer},
		{name: "only invalid citations", raw: "Putin resigned [9]. He was replaced [x].", err: ErrNoCitedAnswer, dropped: 2, invalid: 2},
		{name: "no citations at all", raw: "Putin and Trump met in Alaska on 15 August 2025.", err: ErrNoCitedAnswer, dropped: 1},
		// A marker is no claim: "[1]" alone cites nothing said, and a
		// marker on a line of its own is a source entry, not the citation
		// of the line before.
		{name: "only a marker", raw: "[1]", err: ErrNoCitedAnswer, dropped: 1},
		{name: "only markers", raw: "[1] [2].", err: ErrNoCitedAnswer},
		{name: "a marker on a line of its own", raw: "Putin and Trump met in Alaska.\n[1]", err: ErrNoCitedAnswer, dropped: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Verify(tt.raw, fakeSent(4))
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if v.Dropped != tt.dropped || v.Invalid != tt.invalid {
				t.Errorf("dropped %d, invalid %d; want %d, %d", v.Dropped, v.Invalid, tt.dropped, tt.invalid)
			}
			if err != nil {
				return
			}
			if v.Text != tt.text {
				t.Errorf("text:\n got %q\nwant %q", v.Text, tt.text)
			}
			if v.Abstained != tt.abstained {
				t.Errorf("abstained = %v", v.Abstained)
			}
			if len(v.Sources) != len(tt.articles) {
				t.Fatalf("%d citations, want %d", len(v.Sources), len(tt.articles))
			}
			sent := fakeSent(4)
			for i, src := range v.Sources {
				if got := sent[src[0]].Article.ID; len(src) != 1 || got != tt.articles[i] {
					t.Errorf("citation [%d] = %v (%s), want %s", i+1, src, got, tt.articles[i])
				}
			}
		})
	}
}

// FuzzVerify checks invariants on any reply: no panic, every marker in the
// text names a listed citation, citations are numbered 1..n, and each is
// cited, first used in that order.
func FuzzVerify(f *testing.F) {
	for _, s := range []string{"A [1]. B [2][3].", "[", "x [1-9999999999999999999]. y", "【2†x】.", "- a [1]\n\n- b",
		"Rubio met Lavrov in Riyadh [3]; Trump met Putin in Alaska on Aug. 15 [1], and Putin resigned [2].",
		"Trump met Putin in Moscow; the talks lasted nearly three hours, and they agreed on embassies [2][1][3]."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := Verify(raw, fakeSent(3))
		if err != nil {
			return
		}
		seen := map[int]bool{}
		for _, src := range v.Sources {
			for _, si := range src {
				if si < 0 || si >= 3 || seen[si] {
					t.Fatalf("cited %v of 3 passages", v.Sources)
				}
				seen[si] = true
			}
		}
		next := 1
		for _, m := range citeRe().FindAllStringSubmatch(v.Text, -1) {
			for _, num := range numRe().FindAllString(m[1], -1) {
				var n int
				fmt.Sscan(num, &n)
				if n < 1 || n > len(v.Sources) {
					t.Fatalf("text %q cites [%d] of %d", v.Text, n, len(v.Sources))
				}
				if n > next {
					t.Fatalf("text %q cites [%d] before [%d]", v.Text, n, next)
				}
				if n == next {
					next++
				}
			}
		}
		if next != len(v.Sources)+1 {
			t.Fatalf("text %q cites %d of %d sources", v.Text, next-1, len(v.Sources))
		}
	})
}

// TestVerifyNumbersPerArticle: two passages of one article are one source
// [n]; the passages behind it are kept in order of first use.
func TestVerifyNumbersPerArticle(t *testing.T) {
	a := &retrieval.Article{ID: "a.txt", Headline: "A"}
	b := &retrieval.Article{ID: "b.txt", Headline: "B"}
	pass := func(art *retrieval.Article, n int) retrieval.Result {
		id := fmt.Sprintf("%s#%d", art.ID, n)
		return retrieval.Result{Passage: retrieval.Passage{ID: id, Article: art.ID, N: n, Text: id + ": envoys met, then later finally met again."}, Article: art}
	}
	sent := []retrieval.Result{pass(b, 1), pass(a, 2), pass(b, 3), pass(a, 1)}
	v, err := Verify("Envoys met [2]. They met again [4][2]. Later [1][3]. Finally [3].", sent)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Envoys met [1]. They met again [1]. Later [2]. Finally [2]."; v.Text != want {
		t.Errorf("text %q, want %q", v.Text, want)
	}
	if got := fmt.Sprint(v.Sources); got != "[[1 3] [0 2]]" {
		t.Errorf("sources %s, want [[1 3] [0 2]]", got)
	}
}

// TestVerifyDroppedPassages: a passage only a dropped sentence cited is not
// behind its article's number, though another passage of that article is
// still cited.
func TestVerifyDroppedPassages(t *testing.T) {
	a := &retrieval.Article{ID: "a.txt", Headline: "A"}
	b := &retrieval.Article{ID: "b.txt", Headline: "B"}
	pass := func(art *retrieval.Article, n int) retrieval.Result {
		id := fmt.Sprintf("%s#%d", art.ID, n)
		return retrieval.Result{Passage: retrieval.Passage{ID: id, Article: art.ID, N: n, Text: "Envoys met in Riyadh."}, Article: art}
	}
	sent := []retrieval.Result{pass(b, 1), pass(a, 2), pass(b, 3), pass(a, 1)}
	v, err := Verify("Envoys met [2]. Click https://evil.example/x [4][3]. Later they met [1]. Putin resigned [4] [3] and <@1> claimed a prize.", sent)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Envoys met [1]. Later they met [2]."; v.Text != want {
		t.Errorf("text %q, want %q", v.Text, want)
	}
	if got := fmt.Sprint(v.Sources); got != "[[1] [0]]" {
		t.Errorf("sources %s, want [[1] [0]]", got)
	}
}

func TestPreview(t *testing.T) {
	raw := "Rubio met Lavrov [3]. They agreed [9][1] on embassies [3]. Next [2"
	var prev string
	for i := 1; i <= len(raw); i++ {
		got := Preview(raw[:i], fakeSent(3))
		// Each preview extends the previous one, but for white space
		// trimmed at the end.
		if !strings.HasPrefix(got, strings.TrimSpace(prev)) {
			t.Fatalf("preview of %q = %q does not extend %q", raw[:i], got, prev)
		}
		prev = got
	}
	if strings.TrimSpace(prev) != "Rubio met Lavrov [1]. They agreed [2] on embassies [1]. Next" {
		t.Errorf("final preview %q", prev)
	}
}

// TestPreviewIncremental: fed chunk by chunk, however the reply is cut
// (inside a marker, inside an escape sequence), the preview only grows and
// ends as the whole reply's preview does.
func TestPreviewIncremental(t *testing.T) {
	raw := "Rubio met \x1b[31mLavrov\x1b[0m [3]. They agreed [9][1] on embassies [3][a]. Next [2]. Again [1"
	whole := strings.TrimSpace(Preview(raw, fakeSent(3)))
	for _, size := range []int{1, 2, 3, 5, 7, 64} {
		prev := previewChunks(t, newPreviewer(fakeSent(3)), raw, size, nil)
		if strings.Contains(prev, "\x1b") || strings.Contains(prev, "31m") || strings.Contains(prev, "[a]") {
			t.Errorf("chunks of %d: escape sequence or junk marker left in %q", size, prev)
		}
		if got := strings.TrimSpace(prev); got != whole {
			t.Errorf("chunks of %d: preview %q, whole reply's %q", size, got, whole)
		}
	}
}

// previewChunks feeds raw to pv in chunks of size bytes, calls each (when
// not nil) with every preview, fails when a preview does not extend the
// one before, and returns the last.
func previewChunks(t *testing.T, pv *previewer, raw string, size int, each func(got string)) string {
	t.Helper()
	var prev string
	for i := 0; i < len(raw); i += size {
		got := pv.add(raw[i:min(i+size, len(raw))])
		if !strings.HasPrefix(got, prev) {
			t.Fatalf("chunks of %d: %q does not extend %q", size, got, prev)
		}
		if each != nil {
			each(got)
		}
		prev = got
	}
	return prev
}

// BenchmarkPreviewStream: previewing a streamed reply chunk by chunk costs
// time linear in its length (the same ns/byte at 10 KB, 100 KB and 1 MB);
// it used to re-render the whole text per chunk.
func BenchmarkPreviewStream(b *testing.B) {
	sent := fakeSent(5)
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		var raw strings.Builder
		for i := 0; raw.Len() < n; i++ {
			fmt.Fprintf(&raw, "The envoys met again in Riyadh [%d]. ", i%5+1)
		}
		b.Run(fmt.Sprintf("%dKB", n/1000), func(b *testing.B) { benchPreview(b, sent, raw.String()) })
	}
}

// benchPreview measures previewing raw, streamed a word at a time, against
// the passages sent.
func benchPreview(b *testing.B, sent []retrieval.Result, raw string) {
	chunks := strings.SplitAfter(raw, " ")
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		pv := newPreviewer(sent)
		for _, c := range chunks {
			pv.add(c)
		}
	}
}

// FuzzPreview: however a reply is chunked, each preview extends the last
// and holds no control character or escape sequence.
func FuzzPreview(f *testing.F) {
	for _, s := range []string{"A [1]. B [2", "\x1b[31mred\x1b[0m [1]", "x【2†s】y", "[[[[1]]]]", "\u202Eabc [9]"} {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, raw string, size uint8) {
		prev := previewChunks(t, newPreviewer(fakeSent(3)), raw, int(size%16)+1, nil)
		if !textclean.Clean(prev) {
			t.Fatalf("preview %q is not clean", prev)
		}
	})
}

// TestVerifyLineBreaks: a line break inside a sentence does not cut it in
// two (user test: "hailed the meeting\nas very useful [11]." was answered
// "as very useful [1]."), with any line ending; paragraph breaks, list
// items and headings keep their lines.
func TestVerifyLineBreaks(t *testing.T) {
	tests := []struct {
		name, raw, text string
		dropped         int
	}{
		{name: "LF inside a sentence",
			raw:  "Lavrov, for his part, hailed the meeting\nas very useful [3].",
			text: "Lavrov, for his part, hailed the meeting as very useful [1]."},
		{name: "CR LF inside a sentence",
			raw:  "Lavrov, for his part, hailed the meeting\r\nas very useful [3].",
			text: "Lavrov, for his part, hailed the meeting as very useful [1]."},
		{name: "CR inside a sentence",
			raw:  "Lavrov, for his part, hailed the meeting\ras very useful [3].",
			text: "Lavrov, for his part, hailed the meeting as very useful [1]."},
		{name: "a break after a comma, before a name",
			raw:  "Rubio met,\nin Riyadh, Sergey Lavrov [3].",
			text: "Rubio met, in Riyadh, Sergey Lavrov [1]."},
		{name: "a break after a word no sentence ends with, before a name",
			raw:  "Rubio met with\n  Sergey Lavrov in Riyadh [3].",
			text: "Rubio met with Sergey Lavrov in Riyadh [1]."},
		{name: "a break inside a list item",
			raw:  "Key points:\n- Rubio met Lavrov\n  in Riyadh [3].\n- Lavrov hailed the meeting [3].",
			text: "Key points:\n- Rubio met Lavrov in Riyadh [1].\n- Lavrov hailed the meeting [1]."},
		{name: "sentences on lines of their own keep them",
			raw:  "Rubio met Lavrov in Riyadh [3].\nLavrov hailed the meeting as useful [3].",
			text: "Rubio met Lavrov in Riyadh [1].\nLavrov hailed the meeting as useful [1]."},
		{name: "a paragraph break is kept",
			raw:  "Rubio met Lavrov in Riyadh [3].\n\nLavrov hailed the meeting as useful [3].",
			text: "Rubio met Lavrov in Riyadh [1].\n\nLavrov hailed the meeting as useful [1]."},
		{name: "a heading is no start of the sentence after it",
			raw:     "**Meeting in Riyadh**\r\nRubio met Lavrov in Riyadh [3].",
			text:    "Rubio met Lavrov in Riyadh [1].",
			dropped: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Verify(tt.raw, supportSent())
			if err != nil {
				t.Fatal(err)
			}
			if v.Text != tt.text || v.Dropped != tt.dropped || v.Unsupported != 0 {
				t.Errorf("text %q, dropped %d, unsupported %d\nwant %q, dropped %d", v.Text, v.Dropped, v.Unsupported, tt.text, tt.dropped)
			}
		})
	}
}

// TestVerifyRepeats: a sentence that repeats one kept before (the same
// text once white space is normalised) is removed; one that differs, or
// cites another article, stays.
func TestVerifyRepeats(t *testing.T) {
	tests := []struct {
		name, raw, text string
		sources         [][]string
		repeated        int
	}{
		{name: "one sentence over and over, cut mid-way",
			raw:      strings.Repeat("Rubio met Lavrov in Riyadh [3]. ", 200) + "Rubio met Lav",
			text:     "Rubio met Lavrov in Riyadh [1].",
			sources:  [][]string{{"riyadh.txt#1"}},
			repeated: 199},
		{name: "spaces, line breaks and marker spacing differ",
			raw:      "Rubio met  Lavrov in Riyadh[3].\nRubio met Lavrov\tin Riyadh [3].\n\n- Rubio met Lavrov in Riyadh [ 3 ].",
			text:     "Rubio met Lavrov in Riyadh [1].",
			sources:  [][]string{{"riyadh.txt#1"}},
			repeated: 2},
		{name: "a repeat citing another passage of the article lists no more of it",
			raw:      "Peskov said the visit would change nothing [4]. Peskov said the visit would change nothing [1].",
			text:     "Peskov said the visit would change nothing [1].",
			sources:  [][]string{{"kremlin.txt#3"}},
			repeated: 1},
		{name: "sentences that differ stay",
			raw:     "Rubio met Lavrov in Riyadh [3]. Rubio met Lavrov in Riyadh on Feb. 18 [3]. rubio met Lavrov in Riyadh [3].",
			text:    "Rubio met Lavrov in Riyadh [1]. Rubio met Lavrov in Riyadh on Feb. 18 [1]. rubio met Lavrov in Riyadh [1].",
			sources: [][]string{{"riyadh.txt#1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sent := supportSent()
			v, err := Verify(tt.raw, sent)
			if err != nil {
				t.Fatal(err)
			}
			if v.Text != tt.text || v.Repeated != tt.repeated {
				t.Errorf("text %q, repeated %d\nwant %q, repeated %d", v.Text, v.Repeated, tt.text, tt.repeated)
			}
			got := sourceIDs(v, sent)
			if fmt.Sprint(got) != fmt.Sprint(tt.sources) {
				t.Errorf("sources %q, want %q", got, tt.sources)
			}
		})
	}
}
