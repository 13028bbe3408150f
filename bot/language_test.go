package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
)

func TestOtherLanguage(t *testing.T) {
	corpus := func(texts ...string) *retrieval.Corpus {
		c := &retrieval.Corpus{}
		for _, text := range texts {
			c.Articles = append(c.Articles, &retrieval.Article{Headline: "x", Passages: []retrieval.Passage{{Text: text}}})
		}
		return c
	}
	latin := corpus("Officials met in Riyadh.")
	withHan := corpus("Officials met in Riyadh.", "美国和俄罗斯官员在利雅得会谈。")
	tests := []struct {
		q     string
		seen  *retrieval.Corpus
		reply bool
	}{
		{"Где прошли переговоры США и России?", latin, true},
		{"Wo fanden die Gespräche zwischen den USA und Russland statt?", latin, true},
		{"Wo fanden die Gespräche statt?", latin, true},
		{"Où est Riyad?", latin, true},
		{"Lavrov Riyadh?", latin, false},
		{"was Zelenskyy there", latin, false},
		{"Qui a rencontré Lavrov à Riyad ?", latin, true},
		{"¿Dónde se reunieron Rubio y Lavrov?", latin, true},
		{"美国和俄罗斯在哪里会谈？", latin, true},
		{"美国和俄罗斯在哪里会谈？", withHan, false}, // the articles are in Chinese too
		{"Who met in Riyadh?", latin, false},
		{"What did Lavrov say about the Riyadh talks?", latin, false},
		{"De Gaulle and the EU: what did Macron say?", latin, false},
		{"Was the meeting in Riyadh or in Istanbul?", latin, false}, // "was" is English too
		{"Did Putin say Путин?", latin, false},                      // mostly English
		{"???", latin, false},
	}
	for _, tt := range tests {
		if got := otherLanguage(tt.q, tt.seen, &corpusScripts{}); (got != "") != tt.reply {
			t.Errorf("otherLanguage(%q) = %q, want a reply: %v", tt.q, got, tt.reply)
		}
	}
}

// TestQuestionInAnotherLanguage: a question in Russian over English
// articles is told to ask in English, not that the articles never mention
// the USA and Russia.
func TestQuestionInAnotherLanguage(t *testing.T) {
	ans, err := seedEngine(t).Ask(context.Background(), Query{Question: "Где прошли переговоры США и России?"})
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Abstained || !strings.Contains(ans.Text, "please ask in English") || strings.Contains(ans.Text, "России") {
		t.Errorf("want a request to ask in English: %+v", ans)
	}
}

// TestCorpusScriptsReadsAsFarAsNeeded: an English question over English
// articles reads the corpus only to its first Latin letter; a question in
// a script the articles lack reads it whole, to name the ones they use.
func TestCorpusScriptsReadsAsFarAsNeeded(t *testing.T) {
	c := &retrieval.Corpus{}
	for range 1000 {
		c.Articles = append(c.Articles, &retrieval.Article{Headline: "Talks", Passages: []retrieval.Passage{{Text: "Officials met."}}})
	}
	var cs corpusScripts
	if otherLanguage("Who met in Riyadh?", c, &cs) != "" || cs.complete {
		t.Errorf("an English question read the whole corpus (complete %v)", cs.complete)
	}
	if otherLanguage("Где прошли переговоры?", c, &cs) == "" || !cs.complete {
		t.Errorf("a Russian question over English articles: complete %v", cs.complete)
	}
}
