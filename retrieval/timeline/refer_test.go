package timeline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
)

// articleSentences splits an article as extractArticle does.
func articleSentences(a *retrieval.Article) []sentence {
	var sents []sentence
	for pi, p := range a.Passages {
		for _, text := range retrieval.SplitSentences(p.Text) {
			sents = append(sents, sentence{pi: pi, k: len(sents), text: text})
		}
	}
	return sents
}

// TestReferentsLabelled: every sentence of talks and talks2 that opens with
// "He", "She" or "It" is labelled (testdata/referents.json) with who it
// refers to; each must be read so, and no other sentence may be missed.
func TestReferentsLabelled(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "referents.json"))
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		Sentences []struct{ Corpus, Article, Opens, Refers string }
	}
	if err := json.Unmarshal(data, &set); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{} // corpus/article/opens → refers
	for _, l := range set.Sentences {
		want[l.Corpus+"/"+l.Article+"/"+l.Opens] = l.Refers
	}
	right, seen := 0, 0
	for _, dir := range []string{"talks", "talks2"} {
		c, err := retrieval.LoadDir(filepath.Join("..", "testdata", dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range c.Articles {
			sents := articleSentences(a)
			refs := referents(sents)
			for k, s := range sents {
				if openingPronoun(s.text) == "" {
					continue
				}
				seen++
				key := ""
				for l := range want {
					if strings.HasPrefix(l, dir+"/"+a.ID[:2]+"/") && strings.HasPrefix(s.text, l[len(dir)+4:]) {
						key = l
					}
				}
				if key == "" {
					t.Errorf("%s %s: %q is not labelled", dir, a.ID, s.text)
					continue
				}
				if refs[k] != want[key] {
					t.Errorf("%s %s: %q refers to %q, want %q", dir, a.ID, s.text, refs[k], want[key])
					continue
				}
				right++
			}
		}
	}
	t.Logf("%d/%d pronouns read as labelled", right, seen)
	if seen != len(want) {
		t.Errorf("%d sentences open with a pronoun, %d labelled", seen, len(want))
	}
}

// TestReferents: who "He", "She" and "It" stand for, from the sentence
// before; none when that sentence names no one the pronoun can be.
func TestReferents(t *testing.T) {
	tests := []struct {
		name, article, want string
	}{
		{"the first person named", "Steve Witkoff met Vladimir Putin in Moscow on Friday. He said the talks went well.", "Witkoff"},
		{"a title before the name", "Kremlin spokesman Dmitry Peskov spoke on Friday. He said the talks went well.", "Peskov"},
		{"a title after the name", "Vladimir Medinsky, the Kremlin aide, spoke on Friday. He said the talks went well.", "Medinsky"},
		{"a fronted phrase", "Speaking in Sochi on Monday, Putin said the call was frank. He said more talks would follow.", "Putin"},
		{"the same one again", "Trump said on Monday that talks went well. He said more would follow. He added that he was hopeful.", "Trump"},
		{"a country is no person", "Russia said on Monday that talks went well. He said more would follow.", ""},
		{"a body is no person", "The Kremlin said on Monday that talks went well. He said more would follow.", ""},
		{"no one named", "Talks went well on Monday, officials said. He said more would follow.", ""},
		{"it: the body a statement is attributed to", "A truce will start on Monday, the Kremlin statement said. It warned that violations would be answered.", "the Kremlin"},
		{"it: a body that said", "The Kremlin said on Monday that Putin had ordered a halt. It said aid must end.", "the Kremlin"},
		{"it: nothing attributed", "Putin ordered a halt on Monday. It said aid must end.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := retrieval.ParseArticle("a.txt", []byte("date 2025-03-18 Talks\n\n"+tt.article+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			sents := articleSentences(a)
			refs := referents(sents)
			if got := refs[len(refs)-1]; got != tt.want {
				t.Errorf("%q refers to %q, want %q", sents[len(sents)-1].text, got, tt.want)
			}
		})
	}
}

// TestEventLine: a timeline line that opens with a pronoun names who it
// stands for, in the timeline's text as in its events.
func TestEventLine(t *testing.T) {
	tests := []struct {
		name string
		e    Event
		want string
	}{
		{"a referent", Event{Text: "He added that he had no fixed number of days in mind.", Refers: "Trump"}, "He (Trump) added that he had no fixed number of days in mind."},
		{"none known", Event{Text: "He added that it was hard."}, "He added that it was hard."},
		{"no pronoun", Event{Text: "Trump added that it was hard.", Refers: "Trump"}, "Trump added that it was hard."},
	}
	for _, tt := range tests {
		if got := tt.e.Line(); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	tl := corpusTimeline(t, map[string]string{"a.txt": "date 2025-04-19 Truce\n\n" +
		"Putin announced a truce on Saturday at a meeting with Valery Gerasimov. He said Russia assumed Ukraine would follow its example.\n"})
	for _, e := range allEvents(t, tl, Filter{}) {
		if strings.HasPrefix(e.Text, "He said") && e.Line() != "He (Putin) said Russia assumed Ukraine would follow its example." {
			t.Errorf("line %q, refers %q", e.Line(), e.Refers)
		}
	}
}
