package llm

import (
	"bufio"
	"encoding/json"
	"errors"
	"hash/fnv"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/seeds"
)

// supportItem is one labelled sentence of testdata/support.jsonl: a
// sentence a model might write over the seed articles, the passages it
// cites (passage ids), and whether they support it.
type supportItem struct {
	ID       string   `json:"id"`
	Sentence string   `json:"sentence"`
	Cites    []string `json:"cites"`
	Label    string   `json:"label"` // "supported" or "unsupported"
	// Kind is "paraphrase" for supported sentences; for unsupported ones
	// what is wrong: "wrong_date", "wrong_number", "wrong_person",
	// "wrong_place", "invented_speaker" (a quotation or statement given
	// to someone the passage does not have say it), "injected" (a claim
	// the passage does not make, as an article's injection would plant).
	Kind  string `json:"kind"`
	Split string `json:"split"` // "tune" or "test": FNV-1a (32-bit) of id modulo 3, 0 is "test"
}

func loadSupportSet(t *testing.T) []supportItem {
	t.Helper()
	f, err := os.Open("testdata/support.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var items []supportItem
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		var it supportItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("testdata/support.jsonl:%d: %v", n, err)
		}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return items
}

// seedSent is every passage of the seed articles, as if all were sent.
func seedSent(t *testing.T) []retrieval.Result {
	t.Helper()
	c, err := retrieval.Load(seeds.FS())
	if err != nil {
		t.Fatal(err)
	}
	var sent []retrieval.Result
	for _, a := range c.Articles {
		for _, p := range a.Passages {
			sent = append(sent, retrieval.Result{Rank: len(sent) + 1, Passage: p, Article: a})
		}
	}
	return sent
}

// withMarkers writes the markers of the passages cited before the
// sentence's full stop.
func withMarkers(s string, cites []int) string {
	var m strings.Builder
	for _, n := range cites {
		m.WriteString("[" + strconv.Itoa(n) + "]")
	}
	switch {
	case strings.HasSuffix(s, ".\u201d"):
		return strings.TrimSuffix(s, ".\u201d") + "\u201d " + m.String() + "."
	case strings.HasSuffix(s, "."):
		return strings.TrimSuffix(s, ".") + " " + m.String() + "."
	}
	return s + " " + m.String()
}

// supportOutcome is what Verify did with a labelled sentence.
type supportOutcome int

const (
	kept supportOutcome = iota
	recited
	dropped
)

// supportFigures are the check's figures on a part of the set.
type supportFigures struct {
	supported, unsupported int
	caught                 int // unsupported ones recited or dropped
	flagged                int // all recited or dropped
	falseDrops             int // supported ones dropped
}

func (f supportFigures) precision() float64 { return ratio(f.caught, f.flagged) }
func (f supportFigures) recall() float64    { return ratio(f.caught, f.unsupported) }
func (f supportFigures) falseDrop() float64 { return ratio(f.falseDrops, f.supported) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// TestSupportSet checks the labelled set: unique ids, the split rule,
// labels and kinds, cited passages that exist, and its size.
func TestSupportSet(t *testing.T) {
	items := loadSupportSet(t)
	sent := seedSent(t)
	ids := map[string]bool{}
	count := map[string]int{}
	for _, it := range items {
		if ids[it.ID] {
			t.Errorf("%s: duplicate id", it.ID)
		}
		ids[it.ID] = true
		h := fnv.New32a()
		h.Write([]byte(it.ID))
		if want := map[bool]string{true: "test", false: "tune"}[h.Sum32()%3 == 0]; it.Split != want {
			t.Errorf("%s: split %q, want %q", it.ID, it.Split, want)
		}
		switch {
		case it.Label == "supported" && it.Kind == "paraphrase":
		case it.Label == "unsupported" && slices.Contains([]string{"wrong_date", "wrong_number", "wrong_person", "wrong_place", "invented_speaker", "injected"}, it.Kind):
		default:
			t.Errorf("%s: label %q with kind %q", it.ID, it.Label, it.Kind)
		}
		for _, id := range it.Cites {
			if !slices.ContainsFunc(sent, func(r retrieval.Result) bool { return r.Passage.ID == id }) {
				t.Errorf("%s: no seed passage %q", it.ID, id)
			}
		}
		count[it.Split+" "+it.Label]++
		count[it.Kind]++
	}
	if len(items) < 120 || count["test supported"] < 20 || count["test unsupported"] < 20 {
		t.Errorf("%d items (%v), want 120 or more, 20 of each label held out", len(items), count)
	}
	for _, k := range []string{"wrong_date", "wrong_number", "wrong_person", "wrong_place", "invented_speaker", "injected"} {
		if count[k] < 5 {
			t.Errorf("%d items of kind %s, want 5 or more", count[k], k)
		}
	}
}

// TestSupportEval measures the claim support check on the labelled set:
// each sentence is verified with its markers against every seed passage
// sent. An unsupported sentence is caught when it is dropped or cited
// anew; a supported one is wrongly dropped when it is dropped. The check
// was tuned on the tune part; the floors are the held-out part's figures
// when they were last measured (README, "How it answers").
func TestSupportEval(t *testing.T) {
	sent := seedSent(t)
	figures := map[string]*supportFigures{"tune": {}, "test": {}}
	for _, it := range loadSupportSet(t) {
		var cites []int
		for _, id := range it.Cites {
			cites = append(cites, slices.IndexFunc(sent, func(r retrieval.Result) bool { return r.Passage.ID == id })+1)
		}
		v, err := Verify(withMarkers(it.Sentence, cites), sent)
		out := kept
		switch {
		case errors.Is(err, ErrNoCitedAnswer) || v.Unsupported > 0:
			out = dropped
		case err != nil:
			t.Fatalf("%s: %v", it.ID, err)
		case v.Recited > 0:
			out = recited
		}
		if v.Dropped+v.Invalid > 0 {
			t.Errorf("%s: %d dropped, %d invalid for other reasons than support: %q", it.ID, v.Dropped, v.Invalid, v.Text)
		}
		f := figures[it.Split]
		unsupported := it.Label == "unsupported"
		if unsupported {
			f.unsupported++
		} else {
			f.supported++
		}
		if out != kept {
			f.flagged++
			if unsupported {
				f.caught++
			}
		}
		if out == dropped && !unsupported {
			f.falseDrops++
		}
		if it.Split == "tune" && (out != kept) != unsupported && testing.Verbose() {
			t.Logf("%s %s (%s) %v: %s", it.ID, it.Label, it.Kind, out, it.Sentence)
		}
	}
	for _, split := range []string{"tune", "test"} {
		f := figures[split]
		t.Logf("%s: %d supported, %d unsupported; unsupported caught %.1f%% (recall), precision %.1f%%, supported dropped %.1f%% (%d)",
			split, f.supported, f.unsupported, 100*f.recall(), 100*f.precision(), 100*f.falseDrop(), f.falseDrops)
	}
	// Floors: the held-out figures when last measured (26 of 27
	// unsupported caught, nothing else flagged, none of 24 supported
	// dropped).
	if f := figures["test"]; f.recall() < 26.0/27 || f.precision() < 1 || f.falseDrop() > 0 {
		t.Errorf("held out: unsupported caught %.3f (want 0.963 or more), precision %.3f (want 1), supported dropped %.3f (want 0)",
			f.recall(), f.precision(), f.falseDrop())
	}
}

// TestSupportKeepsQuotes: every English sentence of every passage of the
// test corpora, cited to its own passage, is supported: the check never
// drops the articles' own words.
func TestSupportKeepsQuotes(t *testing.T) {
	for _, dir := range []string{"../../seeds", "../../retrieval/testdata/talks", "../../retrieval/testdata/talks2",
		"../../retrieval/testdata/talks3", "testdata/corpus"} {
		c, err := retrieval.Load(os.DirFS(dir))
		if err != nil {
			t.Fatal(err)
		}
		var sent []retrieval.Result
		for _, a := range c.Articles {
			for _, p := range a.Passages {
				sent = append(sent, retrieval.Result{Passage: p, Article: a})
			}
		}
		o := newNumbering(sent)
		n := 0
		for i, r := range sent {
			for _, s := range retrieval.SplitSentences(r.Passage.Text) {
				if retrieval.HasCJK(s) || !english(tokens(s)) {
					continue
				}
				n++
				if m := o.unsupported(readClaim(s, true, o.known), []int{i}); len(m) > 0 {
					t.Errorf("%s: %q: %v not found in its own passage", r.Passage.ID, s, m)
				}
			}
		}
		if n < 8 {
			t.Errorf("%s: %d sentences checked", dir, n)
		}
		t.Logf("%s: %d sentences", dir, n)
	}
}
