package llm

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/talkbot/talkbot/retrieval"
)

// supportSent is three passages as if sent to the model: two of an article
// of Wednesday, February 26, 2025, and one of another article.
func supportSent() []retrieval.Result {
	k := &retrieval.Article{ID: "kremlin.txt", Headline: "Kremlin says expert talks are being prepared",
		Publisher: "Reuters", Date: time.Date(2025, 2, 26, 0, 0, 0, 0, time.UTC)}
	k.Passages = []retrieval.Passage{
		{ID: "kremlin.txt#1", Article: k.ID, N: 1, Text: "Kremlin spokesman Dmitry Peskov said on Tuesday that Zelenskyy's visit " +
			"to Kiev's allies would not change the plan for a 30-day truce."},
		{ID: "kremlin.txt#2", Article: k.ID, N: 2, Text: "\"Contacts are being prepared at the expert level,\" he said, adding that " +
			"three rounds could follow and that 20% of the $500 billion fund was agreed."},
		{ID: "kremlin.txt#3", Article: k.ID, N: 3, Text: "The spokesman said that the visit would change nothing."},
	}
	r := &retrieval.Article{ID: "riyadh.txt", Headline: "Officials meet in Saudi Arabia",
		Date: time.Date(2025, 2, 19, 0, 0, 0, 0, time.UTC)}
	r.Passages = []retrieval.Passage{{ID: "riyadh.txt#1", Article: r.ID, N: 1,
		Text: "U.S. Secretary of State Marco Rubio met Sergey Lavrov in Riyadh on Feb. 18, and Lavrov hailed the meeting as useful."}}
	return []retrieval.Result{
		{Rank: 1, Passage: k.Passages[0], Article: k},
		{Rank: 2, Passage: k.Passages[1], Article: k},
		{Rank: 3, Passage: r.Passages[0], Article: r},
		{Rank: 4, Passage: k.Passages[2], Article: k},
	}
}

// TestVerifySupport: a cited sentence whose names, numbers, dates,
// speakers and quotations its passages hold stays, in other words and
// other spellings; one that states what they do not is cited to the
// passage sent that holds it, or dropped.
func TestVerifySupport(t *testing.T) {
	tests := []struct {
		name        string
		raw, text   string
		sources     [][]string // passage ids behind each [n]
		unsupported int
		recited     int
		err         error
	}{
		{name: "transliterations and possessives",
			raw:     "Peskov said Zelensky's trip to Kyiv's partners changes nothing [1].",
			text:    "Peskov said Zelensky's trip to Kyiv's partners changes nothing [1].",
			sources: [][]string{{"kremlin.txt#1"}}},
		{name: "numbers in words and digits, hyphenated, per cent and money",
			raw:     "Peskov said a thirty day ceasefire stands [1]. Up to 3 rounds may follow, and twenty percent of a 500 billion dollar fund is agreed [2].",
			text:    "Peskov said a thirty day ceasefire stands [1]. Up to 3 rounds may follow, and twenty percent of a 500 billion dollar fund is agreed [1].",
			sources: [][]string{{"kremlin.txt#1", "kremlin.txt#2"}}},
		{name: "a date written another way, and a weekday the article's date resolves",
			raw:     "Rubio met Lavrov on 18 February [3]. Peskov spoke on February 25 [1]. On Wednesday, February 26, the Kremlin said contacts were being prepared [2].",
			text:    "Rubio met Lavrov on 18 February [1]. Peskov spoke on February 25 [2]. On Wednesday, February 26, the Kremlin said contacts were being prepared [2].",
			sources: [][]string{{"riyadh.txt#1"}, {"kremlin.txt#1", "kremlin.txt#2"}}},
		{name: "a speaker named for a pronoun by the passage before",
			raw:     "Peskov said contacts were being prepared at the expert level [2].",
			text:    "Peskov said contacts were being prepared at the expert level [1].",
			sources: [][]string{{"kremlin.txt#2"}}},
		{name: "a title stands for the name the article gives it elsewhere",
			raw:     "Kremlin spokesman Dmitry Peskov said the visit would change nothing [4]. Rubio said the visit would change nothing [4].",
			text:    "Kremlin spokesman Dmitry Peskov said the visit would change nothing [1].",
			sources: [][]string{{"kremlin.txt#3"}}, unsupported: 1},
		{name: "a paraphrase in ordinary words stays",
			raw:     "The Russian presidency's spokesman said the plan for a month-long 30-day pause would hold [1].",
			text:    "The Russian presidency's spokesman said the plan for a month-long 30-day pause would hold [1].",
			sources: [][]string{{"kremlin.txt#1"}}},
		{name: "a wrong date is dropped",
			raw:         "Rubio met Lavrov in Riyadh on Feb. 12 [3]. Lavrov called the meeting useful [3].",
			text:        "Lavrov called the meeting useful [1].",
			sources:     [][]string{{"riyadh.txt#1"}},
			unsupported: 1},
		{name: "a wrong number is dropped",
			raw:         "Peskov spoke of a 60-day truce [1]. Three rounds could follow [2].",
			text:        "Three rounds could follow [1].",
			sources:     [][]string{{"kremlin.txt#2"}},
			unsupported: 1},
		{name: "a wrong place and a wrong person are dropped",
			raw:         "Rubio met Lavrov in Istanbul [3]. Rubio met Wang Yi in Riyadh [3]. Rubio met Lavrov in Riyadh [3].",
			text:        "Rubio met Lavrov in Riyadh [1].",
			sources:     [][]string{{"riyadh.txt#1"}},
			unsupported: 2},
		{name: "a speaker the passage does not have say it is dropped",
			raw:         "Rubio hailed the meeting as useful [3]. Lavrov hailed the meeting as useful [3].",
			text:        "Lavrov hailed the meeting as useful [1].",
			sources:     [][]string{{"riyadh.txt#1"}},
			unsupported: 1},
		{name: "an invented quotation is dropped",
			raw:         "Peskov said \"the war will end by summer\" [1]. Peskov spoke on Tuesday [1].",
			text:        "Peskov spoke on Tuesday [1].",
			sources:     [][]string{{"kremlin.txt#1"}},
			unsupported: 1},
		{name: "the wrong passage cited: cited anew to the one that holds it",
			raw:     "Rubio met Lavrov in Riyadh on Feb. 18 [1].",
			text:    "Rubio met Lavrov in Riyadh on Feb. 18 [1].",
			sources: [][]string{{"riyadh.txt#1"}},
			recited: 1},
		{name: "nothing supported left: the cited sentences were unsupported",
			raw:         "Putin met Xi in Beijing on March 3 [1].",
			unsupported: 1,
			err:         ErrUnsupportedAnswer},
		// User test: "Hello [1]. Bananas are yellow [2]." was a cited
		// answer, too short for the share of words to apply.
		{name: "a short sentence sharing no word with its passage is dropped",
			raw:         "Hello [1]. Bananas are yellow [2].",
			unsupported: 2,
			err:         ErrUnsupportedAnswer},
		{name: "a short sentence sharing a word with its passage stays",
			raw:         "Hello [3]. Lavrov hailed it [3]. It was useful [3].",
			text:        "Lavrov hailed it [1]. It was useful [1].",
			sources:     [][]string{{"riyadh.txt#1"}},
			unsupported: 1},
		{name: "a name its passage lacks",
			raw:         "Elvis Presley attended the meeting [3].",
			unsupported: 1,
			err:         ErrUnsupportedAnswer},
		{name: "nor is a sentence in another language, with its own spellings",
			raw:     "Rubio se reunió con Lavrov en Riad el 18 de febrero [3]. Рубио встретился с Лавровым в Эр-Рияде [3].",
			text:    "Rubio se reunió con Lavrov en Riad el 18 de febrero [1]. Рубио встретился с Лавровым в Эр-Рияде [1].",
			sources: [][]string{{"riyadh.txt#1"}}},
		{name: "Chinese text is not checked",
			raw:     "佩斯科夫说，专家级接触正在准备中[2]。",
			text:    "佩斯科夫说，专家级接触正在准备中[1]。",
			sources: [][]string{{"kremlin.txt#2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sent := supportSent()
			v, err := Verify(tt.raw, sent)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if v.Text != tt.text {
				t.Errorf("text:\n got %q\nwant %q", v.Text, tt.text)
			}
			if v.Unsupported != tt.unsupported || v.Recited != tt.recited {
				t.Errorf("unsupported %d, recited %d; want %d, %d", v.Unsupported, v.Recited, tt.unsupported, tt.recited)
			}
			got := sourceIDs(v, sent)
			if !slices.EqualFunc(got, tt.sources, slices.Equal) {
				t.Errorf("sources %q, want %q", got, tt.sources)
			}
		})
	}
}

// TestUnsupportedSentencesListed: the sentences dropped as unsupported are
// listed with what their passages lack, for the debug log.
func TestUnsupportedSentencesListed(t *testing.T) {
	v, err := Verify("Bananas are yellow [2]. Elvis Presley attended the meeting [3]. Rubio met Lavrov [3].", supportSent())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`"Bananas are yellow [2]." lacks any of its words`, `"Elvis Presley attended the meeting [3]." lacks name elvi presley`}
	if !slices.Equal(v.UnsupportedSentences, want) || v.Text != "Rubio met Lavrov [1]." {
		t.Errorf("text %q, unsupported %q\nwant %q", v.Text, v.UnsupportedSentences, want)
	}
}

// TestWithinSentence: a sentence's first word counts as a name when the
// passages write it with a capital after another word of a sentence.
func TestWithinSentence(t *testing.T) {
	tests := []struct {
		text, word string
		want       bool
	}{
		{"It was a move by Trump on Friday.", "Trump", true},
		{"Trump moved first.", "Trump", false},
		{"They met. Trump moved first.", "Trump", false},
		{"A quote: Trump moved.", "Trump", false},
		{"He met Trumpington.", "Trump", false},
		{"Trump spoke; then Putin and Trump met.", "Trump", true},
	}
	for _, tt := range tests {
		if got := withinSentence(tt.text, tt.word); got != tt.want {
			t.Errorf("withinSentence(%q, %q) = %v, want %v", tt.text, tt.word, got, tt.want)
		}
	}
}

// sourceIDs are the passage ids each of v's markers cites.
func sourceIDs(v Verified, sent []retrieval.Result) [][]string {
	var got [][]string
	for _, src := range v.Sources {
		var ids []string
		for _, i := range src {
			ids = append(ids, sent[i].Passage.ID)
		}
		got = append(got, ids)
	}
	return got
}
