package beir

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvaluate(t *testing.T) {
	ten := []string{"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10"}
	tests := []struct {
		name  string
		qrels Qrels
		run   Run
		want  Metrics
	}{
		{
			// DCG = 1/log2(3) + 1/log2(5); ideal = 1 + 1/log2(3).
			name:  "two relevant at ranks 2 and 4",
			qrels: Qrels{"q": {"d1": 1, "d2": 1}},
			run:   Run{"q": {"d3", "d1", "d4", "d2"}},
			want:  Metrics{NDCG10: 0.650920, Recall10: 1, Recall100: 1, MRR10: 0.5, Queries: 1},
		},
		{
			// DCG = 1 + 2/log2(3); ideal = 2 + 1/log2(3). Grade 0 is not relevant.
			name:  "graded, best one second",
			qrels: Qrels{"q": {"d1": 2, "d2": 1, "d5": 0}},
			run:   Run{"q": {"d2", "d1", "d5"}},
			want:  Metrics{NDCG10: 0.859719, Recall10: 1, Recall100: 1, MRR10: 1, Queries: 1},
		},
		{
			name:  "relevant at rank 11 counts for recall@100 only",
			qrels: Qrels{"q": {"d1": 1}},
			run:   Run{"q": append(append([]string{}, ten...), "d1")},
			want:  Metrics{Recall100: 1, Queries: 1},
		},
		{
			name:  "a repeated document counts once",
			qrels: Qrels{"q": {"d1": 1, "d2": 1}},
			run:   Run{"q": {"d1", "d1"}},
			want:  Metrics{NDCG10: 0.613147, Recall10: 0.5, Recall100: 0.5, MRR10: 1, Queries: 1},
		},
		{
			name:  "query without relevant documents is left out; one missing from the run scores zero",
			qrels: Qrels{"q": {"d1": 1}, "none": {"d1": 0}, "missing": {"d9": 1}},
			run:   Run{"q": {"d1"}, "none": {"d1"}},
			want:  Metrics{NDCG10: 0.5, Recall10: 0.5, Recall100: 0.5, MRR10: 0.5, Queries: 2},
		},
		{
			name:  "no judged query",
			qrels: Qrels{"q": {"d1": 0}},
			run:   Run{"q": {"d1"}},
			want:  Metrics{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Evaluate(tt.qrels, tt.run)
			near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
			if got.Queries != tt.want.Queries || !near(got.NDCG10, tt.want.NDCG10) || !near(got.Recall10, tt.want.Recall10) ||
				!near(got.Recall100, tt.want.Recall100) || !near(got.MRR10, tt.want.MRR10) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	s, err := Load("testdata/tiny", "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Corpus) != 5 || s.Corpus[2].ID != "3" || s.Corpus[3].Title != "" {
		t.Errorf("corpus = %+v", s.Corpus)
	}
	var ids []string
	for _, q := range s.Queries {
		ids = append(ids, q.ID)
	}
	if got := strings.Join(ids, " "); got != "q1 q2 q3 5" {
		t.Errorf("queries = %s, want the judged ones in file order: q1 q2 q3 5", got)
	}
	if s.Qrels["q2"]["d2"] != 2 || s.Qrels["q2"]["d5"] != 0 || len(s.Qrels) != 4 {
		t.Errorf("qrels = %v", s.Qrels)
	}
	dev, err := Load("testdata/tiny", "dev")
	if err != nil || len(dev.Queries) != 1 {
		t.Errorf("dev split: %v, %v", dev, err)
	}
	c := s.Articles()
	if len(c.Articles) != 5 || c.Articles[0].ID != "3" || c.Articles[0].Headline != "Summit plans" ||
		len(c.Articles[0].Passages) != 1 || c.Articles[0].Passages[0].ID != "3#1" {
		t.Errorf("articles = %+v", c.Articles[0])
	}
}

func TestLoadErrors(t *testing.T) {
	good := map[string]string{
		"corpus.jsonl":   `{"_id": "d1", "title": "t", "text": "x"}` + "\n",
		"queries.jsonl":  `{"_id": "q1", "text": "x"}` + "\n",
		"qrels/test.tsv": "query-id\tcorpus-id\tscore\nq1\td1\t1\n",
	}
	tests := []struct {
		name    string
		file    string // replaced in good ("" to delete)
		content string
		want    string
	}{
		{"bad JSON names the line", "corpus.jsonl", `{"_id": "d1", "text": "x"}` + "\n{oops\n", "corpus.jsonl:2: invalid character"},
		{"missing _id", "queries.jsonl", `{"text": "x"}` + "\n", `queries.jsonl:1: missing "_id"`},
		{"duplicate _id", "corpus.jsonl", `{"_id": "d1"}` + "\n" + `{"_id": "d1"}` + "\n", `corpus.jsonl:2: duplicate _id "d1" (first on line 1)`},
		{"_id of the wrong type", "corpus.jsonl", `{"_id": true}` + "\n", `"_id" must be a string or a number`},
		{"no qrels for the split", "qrels/test.tsv", "", "test.tsv: no such file"},
		{"bad score", "qrels/test.tsv", "q1\td1\t1\nq1\td2\thigh\n", `test.tsv:2: score "high" is not an integer`},
		{"wrong field count", "qrels/test.tsv", "q1\td1\n", "test.tsv:1: want query-id, corpus-id and score, got 2 fields"},
		{"empty qrels", "qrels/test.tsv", "query-id\tcorpus-id\tscore\n", "test.tsv: no judgements"},
		{"judged queries missing", "queries.jsonl", `{"_id": "other", "text": "x"}` + "\n", "no query of qrels/test.tsv is in queries.jsonl"},
		{"no corpus", "corpus.jsonl", "", "corpus.jsonl: no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range good {
				if name == tt.file {
					if tt.content == "" && !strings.Contains(tt.want, "no judgements") {
						continue
					}
					content = tt.content
				}
				p := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Load(dir, "test")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
