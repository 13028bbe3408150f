package beir

import (
	"context"

	"github.com/talkbot/talkbot/retrieval"
)

// Searcher ranks passages for a query: a *retrieval.Index, or a hybrid of it.
type Searcher interface {
	Search(ctx context.Context, query string, k int) ([]retrieval.Result, error)
}

// Lexical adapts an index to Searcher.
type Lexical struct{ Index *retrieval.Index }

// Search runs a BM25 search; it cannot fail.
func (l Lexical) Search(_ context.Context, q string, k int) ([]retrieval.Result, error) {
	return l.Index.Search(q, k), nil
}

// Retrieve runs every query through s and returns the top k document ids of
// each, a document being the article a passage belongs to.
func Retrieve(ctx context.Context, s Searcher, queries []Query, k int) (Run, error) {
	run := make(Run, len(queries))
	for _, q := range queries {
		res, err := s.Search(ctx, q.Text, k)
		if err != nil {
			return nil, err
		}
		ids := make([]string, 0, len(res))
		for _, r := range res {
			ids = append(ids, r.Article.ID)
		}
		run[q.ID] = dedupe(ids)
	}
	return run, nil
}
