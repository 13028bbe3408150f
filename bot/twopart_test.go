package bot

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/talkbot/talkbot/bot/llm"
	"github.com/talkbot/talkbot/retrieval"
)

func TestSplitQuestion(t *testing.T) {
	ix := indexOf(t, fstest.MapFS{
		"a.txt": {Data: []byte("date 2025-06-01 Drones\n\nUkraine said 117 drones took part. The preparations lasted a year and a half.\n")},
	})
	filler := newLexicon(ix.Analyze, DefaultTopic).filler
	tests := []struct {
		q             string
		first, second string // "" for no split
	}{
		// Two questions, joined by "and", ", and", "; " or "? ".
		{"how many drones took part in the spiderweb attack and how long did it take to prepare",
			"how many drones took part in the spiderweb attack", "how long did it take to prepare"},
		{"what share of gdp did nato sign up to at the hague and how is it split",
			"what share of gdp did nato sign up to at the hague", "how is it split"},
		{"which european leaders are heading to washington this week and what are they hoping to achieve?",
			"which european leaders are heading to washington this week", "what are they hoping to achieve?"},
		{"who met in riyadh in february and where exactly were the talks held?",
			"who met in riyadh in february", "where exactly were the talks held?"},
		{"how long did trump and zelensky talk at the vatican, and where did they sit",
			"how long did trump and zelensky talk at the vatican", "where did they sit"},
		{"what day did ukr greenlight the 30 day ceasefire and who led their side",
			"what day did ukr greenlight the 30 day ceasefire", "who led their side"},
		{"who met in Riyadh—and what did they agree?", "who met in Riyadh", "what did they agree?"},
		{"Who met in Riyadh? Where were the talks held?", "Who met in Riyadh", "Where were the talks held?"},
		{"Who met in Riyadh; what did they agree?", "Who met in Riyadh", "what did they agree?"},
		{"Who met in Riyadh AND where were the talks held?", "Who met in Riyadh", "where were the talks held?"},
		{"what did Trump say, and what's next for the talks?", "what did Trump say", "what's next for the talks?"},
		{"What did Trump say and What\u2019s next for the talks?", "What did Trump say", "What\u2019s next for the talks?"},
		{"Who met in Istanbul, and whom did they brief?", "Who met in Istanbul", "whom did they brief?"},
		{"how many drones were used and how many bombers were hit", "how many drones were used", "how many bombers were hit"},
		{"what happened on feb 18 and who led the russian side?", "what happened on feb 18", "who led the russian side?"},
		{"tell me about the riyadh talks and why were they held in saudi arabia",
			"tell me about the riyadh talks", "why were they held in saudi arabia"},

		// "and" inside one question.
		{"who met trump and putin", "", ""},
		{"how many days between the call and the riyadh meeting", "", ""},
		{"which came first, the riyadh talks or the jeddah talks", "", ""},
		{"what did rubio and lavrov agree", "", ""},
		{"when and where did rubio and lavrov meet", "", ""},
		{"who met in riyadh? who? what?", "", ""},
		// A wh-word that opens a clause, not a question.
		{"how many days between the call and when they met", "", ""},
		{"what did the summit decide and how it will be paid for", "", ""},
		{"what did putin say and what they agreed", "", ""},
		{"did they agree on a truce and where to meet", "", ""},
		{"what did trump say and why not", "", ""},
		// A second part with no content word.
		{"who met in riyadh and why?", "", ""},
		{"how many pows did ru n ukraine trade in march, and when did it happen", "", ""},
		{"who met in riyadh and where exactly?", "", ""},
		// More than two parts.
		{"who met in riyadh, and where were the talks held, and what did they agree?", "", ""},
		{"who met in riyadh? where were the talks held? what did they agree?", "", ""},
		// No joint, or no wh-word after one.
		{"Who met in Riyadh? ", "", ""},
		{"who met in riyadh before the talks in istanbul where embassies were discussed", "", ""},
		{"who met in Riyadh, Andorra where the talks were held", "", ""},
		{"did trump call putin and did they agree on a truce", "", ""},
	}
	for _, tt := range tests {
		p, ok := splitQuestion(ix.Analyze, filler, tt.q)
		if want := tt.first != ""; ok != want || p.first != tt.first || p.second != tt.second {
			t.Errorf("splitQuestion(%q) = %q, %q, %v; want %q, %q, %v", tt.q, p.first, p.second, ok, tt.first, tt.second, want)
		}
	}
}

// TestSplitQuestionHostile: a question of a thousand joints is not split,
// and looking at them takes time linear in its length.
func TestSplitQuestionHostile(t *testing.T) {
	ix := indexOf(t, fstest.MapFS{"a.txt": {Data: []byte("date 2025-06-01 Drones\n\nUkraine said 117 drones took part.\n")}})
	filler := newLexicon(ix.Analyze, DefaultTopic).filler
	q := strings.Repeat("who met and where did they meet ", MaxQuestionChars/32)
	start := time.Now()
	if p, ok := splitQuestion(ix.Analyze, filler, q); ok {
		t.Errorf("a question of %d joints split as %q | %q", strings.Count(q, " and "), p.first, p.second)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("splitQuestion took %v on %d characters", d, len(q))
	}
}

// twoPartFiles are articles in which each part of the test questions is
// answered by a sentence that does not answer the other.
var twoPartFiles = fstest.MapFS{
	"drones.txt": {Data: []byte("date 2025-06-01 Ukraine hits Russian air bases with drones\nsource: Wire\n\n" +
		"Ukraine's security service said 117 drones took part in the Spiderweb attack on Sunday. The drones struck four air bases deep inside Russia and damaged dozens of bombers.\n\n" +
		"Russia's defence ministry said some of the aircraft had caught fire.\n")},
	"prep.txt": {Data: []byte("date 2025-06-02 How Ukraine planned the Spiderweb attack\nsource: Daily\n\n" +
		"The preparations for the Spiderweb attack lasted a year and a half, Zelensky said. The people involved had left Russia before it began.\n\n" +
		"Analysts said the operation would change how air bases are defended.\n")},
	"riyadh.txt": {Data: []byte("date 2025-02-18 US and Russian officials meet in Riyadh\nsource: Agency\n\n" +
		"Senior American and Russian officials met in Riyadh on Tuesday for more than four hours. Secretary of State Marco Rubio led the American delegation and Sergey Lavrov the Russian one.\n\n" +
		"The talks were held at Diriyah Palace.\n")},
	"truce.txt": {Data: []byte("date 2025-03-12 Ukraine backs ceasefire proposal\nsource: Wire\n\n" +
		"Ukraine said on Tuesday that it was ready to accept a 30-day ceasefire proposed by the United States. The Ukrainian team was headed by Andriy Yermak.\n")},
}

// markerAfter returns the citation a quoted fact is cited to: the article
// of the first marker after it in text.
func markerAfter(t *testing.T, ans *Answer, fact string) (n int, article string) {
	t.Helper()
	at := strings.Index(ans.Text, fact)
	if at < 0 {
		t.Fatalf("%q not quoted: %q", fact, ans.Text)
	}
	m := regexp.MustCompile(`\[(\d+)\]`).FindStringSubmatch(ans.Text[at:])
	if m == nil {
		t.Fatalf("%q not cited: %q", fact, ans.Text)
	}
	n, _ = strconv.Atoi(m[1]) // "[12]" is 12
	if n < 1 || n > len(ans.Citations) {
		t.Fatalf("%q cited [%d] of %d sources", fact, n, len(ans.Citations))
	}
	return n, ans.Citations[n-1].Article
}

// TestAskTwoParts: each part of a question that asks two is answered, in
// one answer whose citations are numbered anew, one number per article in
// order of first use, each with the passages it quotes.
func TestAskTwoParts(t *testing.T) {
	e := New(indexOf(t, twoPartFiles), Options{})
	ask := func(q string) *Answer {
		t.Helper()
		ans, err := e.Ask(context.Background(), Query{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		return ans
	}

	// Each part's answer cites its own article as [1]: joined, the second
	// is [2].
	q := "How many drones took part in the Spiderweb attack, and how long did it take to prepare?"
	ans := ask(q)
	if ans.Abstained || ans.Question != q || ans.Mode != ModeExtractive {
		t.Fatalf("%q: %+v", q, ans)
	}
	checkCitations(t, ans)
	if n, art := markerAfter(t, ans, "117 drones took part"); n != 1 || art != "drones.txt" {
		t.Errorf("the first part's fact cited [%d] %s, want [1] drones.txt: %q", n, art, ans.Text)
	}
	if n, art := markerAfter(t, ans, "lasted a year and a half"); n != 2 || art != "prep.txt" {
		t.Errorf("the second part's fact cited [%d] %s, want [2] prep.txt: %q", n, art, ans.Text)
	}
	if len(ans.Citations) != 2 || ans.Citations[1].Passages[0].ID != "prep.txt#1" {
		t.Errorf("citations %+v, want drones.txt then prep.txt#1", ans.Citations)
	}

	// Both parts quote one article: it is [1] once, with both passages.
	ans = ask("Who met in Riyadh and where were the talks held?")
	checkCitations(t, ans)
	if !strings.Contains(ans.Text, "Diriyah Palace") || !strings.Contains(ans.Text, "Marco Rubio led") {
		t.Errorf("want both parts answered: %q", ans.Text)
	}
	if len(ans.Citations) != 1 || len(ans.Citations[0].Passages) != 2 {
		t.Errorf("citations %+v, want riyadh.txt once with its two passages", ans.Citations)
	}

	// The second part leans on the first for its subject: "its team" is
	// the one that accepted the ceasefire.
	ans = ask("when did ukraine accept the ceasefire and who headed its team?")
	checkCitations(t, ans)
	for _, fact := range []string{"on Tuesday that it was ready to accept", "headed by Andriy Yermak"} {
		markerAfter(t, ans, fact)
	}
	if strings.Count(ans.Text, "headed by Andriy Yermak") != 1 {
		t.Errorf("a sentence quoted twice: %q", ans.Text)
	}
}

// TestAskTwoPartsHalfAnswered: a part the articles do not answer for a
// word they never use is named, not left out; one refused for want of a
// sentence that covers it is not said to be unanswered, as the other
// part's sentences may answer it; when neither part is answered, the
// refusal is the one of any question.
func TestAskTwoPartsHalfAnswered(t *testing.T) {
	e := New(indexOf(t, twoPartFiles), Options{})
	for _, tt := range []struct {
		q, fact, unanswered string
	}{
		{"how many drones took part in the spiderweb attack and what did the pope say about it?",
			"117 drones took part", "The articles don't say anything about \u201cpope\u201d."},
		{"what did the pope say about the attack and how many drones took part in it?",
			"117 drones took part", "The articles don't say anything about \u201cpope\u201d."},
	} {
		ans, err := e.Ask(context.Background(), Query{Question: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Abstained {
			t.Errorf("%q abstained: %q", tt.q, ans.Text)
			continue
		}
		checkCitations(t, ans)
		markerAfter(t, ans, tt.fact)
		if !strings.HasPrefix(ans.Text, tt.unanswered+" ") {
			t.Errorf("%q: %q does not open with %q", tt.q, ans.Text, tt.unanswered)
		}
	}

	// "how is it split" refused for want of a sentence, not of a word:
	// the answer is the other part's, with no claim about it.
	a1 := &Answer{Text: "One. [1]", quotes: []quote{{text: "One.", src: []retrieval.Result{{Article: &retrieval.Article{ID: "a.txt"}, Passage: retrieval.Passage{ID: "a.txt#1", N: 1}}}}}}
	a1.Citations = []Citation{{N: 1, Article: "a.txt"}}
	if got := joinParts("q?", a1, &Answer{Abstained: true}); got == nil || got.Text != "One. [1]" {
		t.Errorf("joined %+v, want the first part's answer alone", got)
	}

	q := "what did the pope say and how did the dalai lama react?"
	ans, err := e.Ask(context.Background(), Query{Question: q})
	if err != nil {
		t.Fatal(err)
	}
	whole, _ := e.answer(context.Background(), Query{Question: q}, e.snap.Load(), DefaultK, q, "")
	if !ans.Abstained || ans.Text != whole.Text || strings.Count(ans.Text, "The articles don't") != 1 {
		t.Errorf("%q: %q, want the whole question's refusal %q", q, ans.Text, whole.Text)
	}
}

// failingModel is a Model whose server is down.
type failingModel struct{ questions []string }

func (m *failingModel) Model() string { return "down" }

func (m *failingModel) Compose(_ context.Context, req llm.Request) (*llm.Draft, error) {
	m.questions = append(m.questions, req.Question)
	return nil, &llm.Error{Kind: llm.ErrUnavailable, Model: "down", Status: 503, Attempts: 1}
}

// quotingModel is a Model that answers with the first sentence of the
// first passage it is sent, cited.
type quotingModel struct{}

func (quotingModel) Model() string { return "quoting" }

func (quotingModel) Compose(_ context.Context, req llm.Request) (*llm.Draft, error) {
	first, _, _ := strings.Cut(req.Passages[0].Passage.Text, ". ")
	return &llm.Draft{Text: first + ". [1]", Sent: req.Passages, Model: "quoting", Finish: "stop"}, nil
}

// TestAskTwoPartsLLM: the model reads the whole question; when it fails,
// the quoted answer that stands in for it is written part by part.
func TestAskTwoPartsLLM(t *testing.T) {
	q := "How many drones took part in the Spiderweb attack, and how long did it take to prepare?"
	m := &failingModel{}
	e := New(indexOf(t, twoPartFiles), Options{Model: m})
	ans, err := e.Ask(context.Background(), Query{Question: q})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.questions) != 1 || m.questions[0] != q {
		t.Errorf("the model was asked %q, want the whole question once", m.questions)
	}
	if !errors.Is(ans.Fallback, llm.ErrUnavailable) || ans.Model != "down" || ans.Mode != ModeExtractive {
		t.Errorf("fallback %v, model %q, mode %s; want the model's failure", ans.Fallback, ans.Model, ans.Mode)
	}
	checkCitations(t, ans)
	markerAfter(t, ans, "117 drones took part")
	markerAfter(t, ans, "lasted a year and a half")

	// A model that answers answers the whole question.
	e = New(indexOf(t, twoPartFiles), Options{Model: quotingModel{}})
	ans, err = e.Ask(context.Background(), Query{Question: q})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != ModeLLM || ans.Fallback != nil {
		t.Errorf("mode %s, fallback %v: want the model's answer", ans.Mode, ans.Fallback)
	}
}

// TestJoinParts: the second answer's quotes that the first quotes already
// are left out; its head stays with its quotes; an answer whose text is
// not its quotes as written is not joined.
func TestJoinParts(t *testing.T) {
	art := func(id string) *retrieval.Article {
		return &retrieval.Article{ID: id, Headline: id, Date: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
	}
	a, b := art("a.txt"), art("b.txt")
	src := func(ar *retrieval.Article, n int) []retrieval.Result {
		return []retrieval.Result{{Article: ar, Passage: retrieval.Passage{ID: ar.ID + "#" + string(rune('0'+n)), N: n, Text: "passage"}}}
	}
	answer := func(head string, qs ...quote) *Answer {
		var w quoteWriter
		for _, q := range qs {
			w.quote(q.text, q.src...)
		}
		return w.answer("part", head)
	}
	a1 := answer("", quote{"One.", src(b, 1)}, quote{"Two.", src(a, 1)})
	a2 := answer("On Monday: ", quote{"Three.", src(a, 2)}, quote{"Two.", src(a, 1)}, quote{"Four.", src(b, 2)})
	got := joinParts("whole?", a1, a2)
	if want := "One. [1] Two. [2] On Monday: Three. [2] Four. [1]"; got == nil || got.Text != want {
		t.Fatalf("joined %+v, want %q", got, want)
	}
	if got.Question != "whole?" || len(got.Citations) != 2 || got.Citations[0].Article != "b.txt" ||
		len(got.Citations[0].Passages) != 2 || len(got.Citations[1].Passages) != 2 {
		t.Errorf("citations %+v, want b.txt then a.txt, two passages each", got.Citations)
	}

	a2.Text = "Changed: " + a2.Text + " And more."
	if got := joinParts("whole?", a1, a2); got != nil {
		t.Errorf("an answer whose text does not end with its quotes joined: %q", got.Text)
	}
}

// TestComparedParts: a question that compares two things' lengths asks how
// long each was, and the answer quotes both; the second part does not lean
// on the first.
func TestComparedParts(t *testing.T) {
	type want struct {
		first, second string
		c             lengthComparison
	}
	for q, w := range map[string]want{
		"was the istanbul round longer than the riyadh one":            {"how long was the istanbul round", "how long was the riyadh", lengthComparison{a: "istanbul round", b: "riyadh one"}},
		"Which lasted longer, the Riyadh talks or the Istanbul talks?": {"how long was the Riyadh talks", "how long was the Istanbul talks", lengthComparison{a: "Riyadh talks", b: "Istanbul talks"}},
		"which was shorter, the vatican meeting or the istanbul talks": {"how long was the vatican meeting", "how long was the istanbul talks", lengthComparison{a: "vatican meeting", b: "istanbul talks", shorter: true}},
		"was the march call longer than his call with zelensky":        {"how long was the march call", "how long was his call with zelensky", lengthComparison{a: "march call", b: "his call with zelensky"}},
		"did the meeting in riyadh last longer than the one in istanbul": {"how long was the meeting in riyadh", "how long was the meeting in istanbul",
			lengthComparison{a: "meeting in riyadh", b: "one in istanbul"}},
		"how much longer was trump's march call with putin than his call with zelensky the next day": {"how long was trump's march call with putin", "how long was his call with zelensky the next day",
			lengthComparison{a: "trump's march call with putin", b: "his call with zelensky the next day", howMuch: true}},
	} {
		got, ok := comparedParts(q)
		if !ok || got.first != w.first || got.second != w.second || !got.apart || got.compared == nil || *got.compared != w.c {
			t.Errorf("comparedParts(%q) = %+v (%+v), %v; want %+v", q, got, got.compared, ok, w)
		}
	}
	for _, q := range []string{"how long was the riyadh meeting", "was it longer?", "who spoke longer than planned",
		"Was the Alaska summit shorter than planned?", "Did the war last longer than a year?", "was the call longer than expected"} {
		if p, ok := comparedParts(q); ok {
			t.Errorf("comparedParts(%q) = %+v, want no comparison", q, p)
		}
	}
	e := New(indexOf(t, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks"))), Options{})
	ans, err := e.Ask(context.Background(), Query{Question: "which lasted longer, the riyadh talks or the istanbul talks"})
	if err != nil {
		t.Fatal(err)
	}
	for _, fact := range []string{"about four and a half hours", "more than six hours"} {
		markerAfter(t, ans, fact)
	}
	checkCitations(t, ans)
}

// TestSecondPartKeepsNames: "who met in riyadh and what did they agree"
// asks what was agreed in Riyadh: the second part is judged with the
// first's names, so every article it quotes mentions Riyadh.
func TestSecondPartKeepsNames(t *testing.T) {
	talks := filepath.Join("..", "retrieval", "testdata", "talks")
	e := New(indexOf(t, os.DirFS(talks)), Options{})
	ans, err := e.Ask(context.Background(), Query{Question: "Who met in Riyadh and what did they agree?"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Abstained {
		t.Fatalf("refused: %s", ans.Text)
	}
	for _, c := range ans.Citations {
		text, err := os.ReadFile(filepath.Join(talks, c.Article))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(text), "Riyadh") {
			t.Errorf("source %d, %s, never mentions Riyadh: %s", c.N, c.Article, ans.Text)
		}
	}
}
