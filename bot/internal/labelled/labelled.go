// Package labelled reads the labelled question sets of bot/testdata (see
// its README for the format), for the tests that measure the judge and the
// prompt on them. One reader, so a new set is added in one place.
package labelled

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/seeds"
)

// Question is one labelled question.
type Question struct {
	ID         string   `json:"id"`
	Corpus     string   `json:"corpus"` // "seeds", "talks", "talks2" or "talks3" (see Corpora)
	Question   string   `json:"question"`
	Answerable bool     `json:"answerable"`
	Facts      []string `json:"facts"`    // an answer must quote one of them
	Articles   []string `json:"articles"` // and cite one of these articles
	Paraphrase bool     `json:"paraphrase"`
	Category   string   `json:"category"`
	Split      string   `json:"split"` // "tune", "test", "fresh", "blind", "heldout", "sealed", "gtune", "gtest", "dtune", "dtest" or "later"
}

// Files are the sets, in the order Load reads them.
var Files = []string{"questions.jsonl", "fresh.jsonl", "blind.jsonl", "heldout.jsonl", "sealed.jsonl", "general.jsonl", "chat.jsonl", "later.jsonl"}

// Corpora loads the corpora the sets are asked over, by the names their
// questions give: the built-in seeds, and talks, talks2 and talks3 of
// testdata (retrieval/testdata). A file of them that does not load is an
// error: a question's facts would silently go missing.
func Corpora(testdata string) (map[string]*retrieval.Corpus, error) {
	s, err := retrieval.Load(seeds.FS())
	if err != nil {
		return nil, fmt.Errorf("corpus seeds: %w", err)
	}
	out := map[string]*retrieval.Corpus{"seeds": s}
	for _, name := range []string{"talks", "talks2", "talks3"} {
		c, err := retrieval.LoadDir(filepath.Join(testdata, name))
		if err != nil {
			return nil, fmt.Errorf("corpus %s: %w", name, err)
		}
		if len(c.Skipped) > 0 {
			return nil, fmt.Errorf("corpus %s: skipped files: %+v", name, c.Skipped)
		}
		out[name] = c
	}
	return out, nil
}

// Load reads every set of dir (bot/testdata). A line with a field the
// format does not have is an error, so a typo cannot drop a label.
func Load(dir string) ([]Question, error) {
	var qs []Question
	for _, name := range Files {
		path := filepath.Join(dir, name)
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var q Question
			dec := json.NewDecoder(strings.NewReader(sc.Text()))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&q); err != nil {
				f.Close()
				return nil, fmt.Errorf("%s:%d: %w", path, n, err)
			}
			qs = append(qs, q)
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return qs, nil
}
