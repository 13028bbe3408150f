package bot

import (
	"hash/fnv"
	"path/filepath"
	"strings"
	"testing"

	lset "github.com/talkbot/talkbot/bot/internal/labelled"
	"github.com/talkbot/talkbot/retrieval"
)

// labelled is one labelled question (testdata/README.md).
type labelled = lset.Question

// splitOf is the documented split rule: an id starting with "f" is in the
// fresh set (fresh.jsonl), one starting with "b" in the blind set
// (blind.jsonl), one starting with "h" in the heldout set (heldout.jsonl),
// one starting with "k" in the sealed set (sealed.jsonl), one starting
// with "l" in the later set (later.jsonl, over talks2 and talks3), each written by
// someone who had not seen the judge;
// otherwise FNV-1a (32 bit) of the id modulo 3, where 0 is the held-out
// test third: "test" in questions.jsonl, "gtest" in general.jsonl (ids
// starting with "g", whose tuning part is "gtune"), "dtest" in chat.jsonl
// (ids starting with "d", tuning part "dtune").
func splitOf(id string) string {
	switch {
	case strings.HasPrefix(id, "f"):
		return "fresh"
	case strings.HasPrefix(id, "b"):
		return "blind"
	case strings.HasPrefix(id, "h"):
		return "heldout"
	case strings.HasPrefix(id, "k"):
		return "sealed"
	case strings.HasPrefix(id, "l"):
		return "later"
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	prefix := ""
	if strings.HasPrefix(id, "g") || strings.HasPrefix(id, "d") {
		prefix = id[:1]
	}
	if h.Sum32()%3 == 0 {
		return prefix + "test"
	}
	return prefix + "tune"
}

// loadQuestions reads every labelled set of testdata.
func loadQuestions(t testing.TB) []labelled {
	t.Helper()
	qs, err := lset.Load("testdata")
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// testCorpora loads the two corpora the labelled set is written over.
func testCorpora(t testing.TB) map[string]*retrieval.Corpus {
	t.Helper()
	c, err := lset.Corpora(filepath.Join("..", "retrieval", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// requestWords are the words of a request ("tell me about ...") that the
// paraphrase flag ignores. A fixed list, not the judge's (which may change),
// so the flags keep their meaning.
var requestWords = []string{
	"tell", "know", "explain", "describe", "happen", "happened", "please", "article", "articles",
	"news", "question", "anything", "something", "thing", "things", "think", "give", "show",
	"summarize", "summarise", "summary", "latest", "update", "updates", "info", "information",
	"detail", "details", "me", "say", "says", "said", "talkbot", "bot",
}

var unanswerableCategories = map[string]bool{
	"not_covered": true, "off_topic": true, "unknown_person": true, "injection": true,
	"general": true, // general knowledge about someone or somewhere the articles name
}

// TestQuestionSet checks the labelled set itself: ids unique, the split
// follows the hash rule, every key fact is text of a passage of an article
// it names, a paraphrased question really uses a content word its corpus
// never does, and the sizes the issue asks for.
func TestQuestionSet(t *testing.T) {
	qs := loadQuestions(t)
	corpora := testCorpora(t)
	vocab := map[string]map[string]bool{}
	for name, c := range corpora {
		v := map[string]bool{}
		for _, a := range c.Articles {
			for _, tm := range retrieval.Analyze(a.Headline) {
				v[tm] = true
			}
			for _, p := range a.Passages {
				for _, tm := range retrieval.Analyze(p.Text) {
					v[tm] = true
				}
			}
		}
		vocab[name] = v
	}
	filler := map[string]bool{}
	for _, w := range requestWords {
		for _, tm := range retrieval.Analyze(w) {
			filler[tm] = true
		}
	}
	seen := map[string]bool{}
	var answerable, paraphrased, unanswerable int
	for _, q := range qs {
		if seen[q.ID] {
			t.Errorf("%s: duplicate id", q.ID)
		}
		seen[q.ID] = true
		if q.Split != splitOf(q.ID) {
			t.Errorf("%s: split %q, the hash rule says %q", q.ID, q.Split, splitOf(q.ID))
		}
		c := corpora[q.Corpus]
		if c == nil {
			t.Errorf("%s: unknown corpus %q", q.ID, q.Corpus)
			continue
		}
		if !q.Answerable {
			unanswerable++
			if !unanswerableCategories[q.Category] || len(q.Facts) > 0 || q.Paraphrase {
				t.Errorf("%s: an unanswerable question has category %q, facts %q, paraphrase %v", q.ID, q.Category, q.Facts, q.Paraphrase)
			}
			continue
		}
		answerable++
		if unanswerableCategories[q.Category] || len(q.Facts) == 0 || len(q.Articles) == 0 {
			t.Errorf("%s: an answerable question needs a category, facts and articles", q.ID)
		}
		for _, fact := range q.Facts {
			found := false
			for _, id := range q.Articles {
				a := c.Article(id)
				if a == nil {
					t.Errorf("%s: article %s not in corpus %s", q.ID, id, q.Corpus)
					continue
				}
				for _, p := range a.Passages {
					found = found || strings.Contains(p.Text, fact)
				}
			}
			if !found {
				t.Errorf("%s: fact %q is in no passage of %v", q.ID, fact, q.Articles)
			}
		}
		var unseen []string
		for _, tm := range retrieval.Analyze(q.Question) {
			if !vocab[q.Corpus][tm] && !filler[tm] {
				unseen = append(unseen, tm)
			}
		}
		if q.Paraphrase {
			paraphrased++
			if len(unseen) == 0 {
				t.Errorf("%s: marked paraphrased but every word is in the %s articles: %q", q.ID, q.Corpus, q.Question)
			}
		} else if len(unseen) > 0 {
			t.Errorf("%s: not marked paraphrased but uses words the articles do not: %v", q.ID, unseen)
		}
	}
	if answerable < 85 || paraphrased < 42 || unanswerable < 45 {
		t.Errorf("the set has %d answerable (%d paraphrased) and %d unanswerable questions; want at least 85 (42), 45",
			answerable, paraphrased, unanswerable)
	}
}
