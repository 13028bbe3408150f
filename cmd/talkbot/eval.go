package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"regexp"
	"text/tabwriter"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/beir"
)

type evalJSON struct {
	Dataset   string       `json:"dataset"`
	Split     string       `json:"split"`
	Documents int          `json:"documents"`
	Queries   int          `json:"queries"`
	Params    paramsJSON   `json:"params"`
	Results   []evalResult `json:"results"`
	// HybridError says why embeddings were configured but the hybrid row is
	// missing.
	HybridError string `json:"hybrid_error,omitempty"`
}

type paramsJSON struct {
	K1          float64 `json:"k1"`
	B           float64 `json:"b"`
	TitleWeight float64 `json:"title_weight"`
}

type evalResult struct {
	Retriever string `json:"retriever"`
	beir.Metrics
}

// queryVectors is an Embedder of a fixed set of queries, embedded ahead in
// batches; a query outside the set is an error.
type queryVectors map[string][]float32

func (q queryVectors) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v, ok := q[t]
		if !ok {
			return nil, fmt.Errorf("query %q was not embedded ahead", t)
		}
		out[i] = v
	}
	return out, nil
}

// splitName is a qrels split: a plain file name, so --split cannot reach
// outside the set's qrels folder.
var splitName = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// evalDepth is how many documents each query retrieves: enough for Recall@100.
const evalDepth = 100

func runEval(ctx context.Context, a *app, args []string) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError) // no --corpus: the set brings its own
	fs.SetOutput(io.Discard)
	dir := fs.String("beir", "", "the folder `DIR` of a BEIR-format set: corpus.jsonl, queries.jsonl, qrels/<split>.tsv")
	split := fs.String("split", "test", "score against qrels/`SPLIT`.tsv")
	asJSON := fs.Bool("json", false, "print the metrics as JSON")
	def := retrieval.DefaultParams()
	k1 := fs.Float64("k1", def.K1, "BM25 term-frequency saturation")
	b := fs.Float64("b", def.B, "BM25 length normalisation, 0 to 1")
	tw := fs.Float64("title-weight", def.TitleWeight, "weight of the title (headline) field, 0 to ignore it")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("eval takes no arguments, got %q", pos[0])
	case *dir == "":
		return usagef("--beir DIR is required")
	case !splitName.MatchString(*split):
		return usagef("--split %q: want a name such as test or dev (letters, digits, '-', '_')", *split)
	case *k1 < 0 || *b < 0 || *b > 1 || *tw < 0:
		return usagef("BM25 parameters out of range: want k1 ≥ 0, 0 ≤ b ≤ 1, title weight ≥ 0")
	}
	if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
		if err == nil {
			err = errors.New("not a folder")
		} else if errors.Is(err, iofs.ErrNotExist) {
			err = errors.New("no such folder")
		}
		return usagef("--beir %s: %v", *dir, err)
	}
	set, err := beir.Load(*dir, *split)
	if err != nil {
		// The set is the user's input, like a corpus folder: exit status 2.
		return usagef("read BEIR set: %w", err)
	}
	p := retrieval.Params{K1: *k1, B: *b, TitleWeight: *tw}
	ix := retrieval.NewIndex(set.Articles(), p)
	out := evalJSON{
		Dataset: *dir, Split: *split, Documents: len(set.Corpus), Queries: len(set.Queries),
		Params: paramsJSON{K1: p.K1, B: p.B, TitleWeight: p.TitleWeight},
	}
	run, err := beir.Retrieve(ctx, beir.Lexical{Index: ix}, set.Queries, evalDepth)
	if err != nil {
		return err
	}
	out.Results = append(out.Results, evalResult{"lexical", beir.Evaluate(set.Qrels, run)})
	if m, err := a.evalHybrid(ctx, ix, set); err != nil {
		// The lexical figures stand; say why there are no others.
		a.logger.Warn("hybrid evaluation skipped", "err", err)
		out.HybridError = err.Error()
	} else if m != nil {
		out.Results = append(out.Results, evalResult{"hybrid", *m})
	}
	if *asJSON {
		return writeJSON(a.stdout, out)
	}
	fmt.Fprintf(a.stdout, "%s (%s): %d documents, %d queries; BM25 k1=%g b=%g title weight=%g\n\n",
		out.Dataset, out.Split, out.Documents, out.Queries, p.K1, p.B, p.TitleWeight)
	tw2 := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw2, "retriever\tnDCG@10\tRecall@10\tRecall@100\tMRR@10\t")
	for _, r := range out.Results {
		fmt.Fprintf(tw2, "%s\t%.4f\t%.4f\t%.4f\t%.4f\t\n", r.Retriever, r.NDCG10, r.Recall10, r.Recall100, r.MRR10)
	}
	return tw2.Flush()
}

// evalHybrid scores hybrid retrieval when embeddings are configured; nil,
// nil when they are not. Passages and the set's queries both go through the
// cache, so a rerun costs no API call.
func (a *app) evalHybrid(ctx context.Context, ix *retrieval.Index, set *beir.Set) (*beir.Metrics, error) {
	_, cache, err := a.embedder()
	if err != nil || cache == nil {
		return nil, err
	}
	texts := make([]string, len(set.Queries))
	for i, q := range set.Queries {
		texts[i] = q.Text
	}
	vecs, err := cache.Embed(ctx, texts)
	if err != nil {
		return nil, fmt.Errorf("embed queries: %w", err)
	}
	qv := queryVectors{}
	for i, t := range texts {
		qv[t] = vecs[i]
	}
	h, err := retrieval.NewHybrid(ctx, ix, cache, retrieval.HybridOptions{Queries: qv, Logger: a.logger})
	if err != nil {
		return nil, err
	}
	run, err := beir.Retrieve(ctx, h, set.Queries, evalDepth)
	if err != nil {
		return nil, err
	}
	m := beir.Evaluate(set.Qrels, run)
	return &m, nil
}
