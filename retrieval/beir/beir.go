// Package beir reads retrieval test sets in the BEIR layout and scores a
// ranking against their relevance judgements with the usual metrics (nDCG@10,
// Recall@10, Recall@100, MRR@10), so talkbot's retrieval can be compared with
// published figures and operators can measure it on their own questions.
//
// The layout of a set folder:
//
//	corpus.jsonl       {"_id": "d1", "title": "...", "text": "..."} one per line
//	queries.jsonl      {"_id": "q1", "text": "..."} one per line
//	qrels/<split>.tsv  query-id<TAB>corpus-id<TAB>score, after a header line
package beir

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/talkbot/talkbot/retrieval"
)

// Doc is one document of a set's corpus.
type Doc struct {
	ID    string
	Title string
	Text  string
}

// Query is one question of a set.
type Query struct {
	ID   string
	Text string
}

// Qrels maps a query id to its judged documents and their relevance grades;
// a grade of 0 or less means judged not relevant.
type Qrels map[string]map[string]int

// Set is a loaded test set. Queries holds only the queries judged in the
// split, in file order.
type Set struct {
	Corpus  []Doc
	Queries []Query
	Qrels   Qrels
}

// maxLine bounds one JSON line; BEIR documents are abstracts or passages.
const maxLine = 16 << 20

// Load reads the set in dir with the qrels of split (e.g. "test"). Errors name
// the file and line at fault.
func Load(dir, split string) (*Set, error) {
	qrels, err := LoadQrels(filepath.Join(dir, "qrels", split+".tsv"))
	if err != nil {
		return nil, err
	}
	s := &Set{Qrels: qrels}
	if err := readJSONL(filepath.Join(dir, "corpus.jsonl"), func(r record) {
		s.Corpus = append(s.Corpus, Doc{ID: string(r.ID), Title: r.Title, Text: r.Text})
	}); err != nil {
		return nil, err
	}
	if err := readJSONL(filepath.Join(dir, "queries.jsonl"), func(r record) {
		if _, ok := qrels[string(r.ID)]; ok {
			s.Queries = append(s.Queries, Query{ID: string(r.ID), Text: r.Text})
		}
	}); err != nil {
		return nil, err
	}
	if len(s.Queries) == 0 {
		return nil, fmt.Errorf("%s: no query of qrels/%s.tsv is in queries.jsonl", dir, split)
	}
	return s, nil
}

// id accepts a JSON string or number: some sets write numeric ids.
type id string

func (i *id) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*i = id(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return errors.New(`"_id" must be a string or a number`)
	}
	*i = id(n)
	return nil
}

type record struct {
	ID    id     `json:"_id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

func readJSONL(path string, add func(record)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	seen := map[id]int{}
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var r record
		if err := json.Unmarshal(b, &r); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if r.ID == "" {
			return fmt.Errorf("%s:%d: missing \"_id\"", path, line)
		}
		if first, dup := seen[r.ID]; dup {
			return fmt.Errorf("%s:%d: duplicate _id %q (first on line %d)", path, line, r.ID, first)
		}
		seen[r.ID] = line
		add(r)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// LoadQrels reads a qrels file: an optional header line, then
// "query-id<TAB>corpus-id<TAB>score" lines (TREC's four-column form with an
// unused second column is accepted too).
func LoadQrels(path string) (Qrels, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseQrels(path, f)
}

func parseQrels(name string, r io.Reader) (Qrels, error) {
	q := Qrels{}
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		f := strings.Fields(text)
		if len(f) == 4 {
			f = []string{f[0], f[2], f[3]}
		}
		if len(f) != 3 {
			return nil, fmt.Errorf("%s:%d: want query-id, corpus-id and score, got %d fields", name, line, len(f))
		}
		score, err := strconv.Atoi(f[2])
		if err != nil {
			if line == 1 {
				continue // the header
			}
			return nil, fmt.Errorf("%s:%d: score %q is not an integer", name, line, f[2])
		}
		if q[f[0]] == nil {
			q[f[0]] = map[string]int{}
		}
		q[f[0]][f[1]] = score
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(q) == 0 {
		return nil, fmt.Errorf("%s: no judgements", name)
	}
	return q, nil
}

// Articles turns the set's corpus into articles for talkbot's index: each
// document is one article whose headline is the title and whose one passage
// is the text, so documents rank exactly as passages do in the bot.
func (s *Set) Articles() *retrieval.Corpus {
	c := &retrieval.Corpus{Articles: make([]*retrieval.Article, 0, len(s.Corpus))}
	for _, d := range s.Corpus {
		c.Articles = append(c.Articles, &retrieval.Article{
			ID:       d.ID,
			Headline: d.Title,
			Passages: []retrieval.Passage{{ID: d.ID + "#1", Article: d.ID, N: 1, Text: d.Text}},
		})
	}
	slices.SortFunc(c.Articles, func(a, b *retrieval.Article) int { return strings.Compare(a.ID, b.ID) })
	return c
}
