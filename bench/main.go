// Command bench compares talkbot's retrieval with bleve v2 (BM25 scoring, in
// memory) on the same corpora in one run: index build time, query latency
// (p50/p99 over all queries, one query at a time), heap in use after
// indexing, and nDCG@10. It is a separate module so the bot does not depend
// on bleve.
//
//	cd bench && go run . -corpora scifact,10k,100k,1m
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/beir"
	"github.com/talkbot/talkbot/retrieval/synth"
)

// dataset is a corpus with judged queries, as both engines see it.
type dataset struct {
	name    string
	docs    []beir.Doc // what bleve indexes: title and text of each document
	corpus  *retrieval.Corpus
	queries []beir.Query
	qrels   beir.Qrels
}

// measurement is one engine on one dataset.
type measurement struct {
	engine   string
	build    time.Duration
	p50, p99 time.Duration
	heap     uint64
	ndcg     float64
	skipped  string
}

// engine indexes a dataset and answers its queries with document ids.
type engine interface {
	name() string
	build(d *dataset) error
	search(q string, k int) ([]string, error)
	close()
}

func main() {
	corpora := flag.String("corpora", "scifact,10k,100k", "comma-separated: scifact, 10k, 100k, 1m (or any count such as 250k)")
	scifact := flag.String("scifact", "../../shared/datasets/scifact", "BEIR SciFact folder")
	nq := flag.Int("queries", 1000, "queries per generated corpus")
	bleveMax := flag.Int("bleve-max", 1_000_000, "largest generated corpus to index with bleve (it is slow and large there)")
	flag.Parse()
	if err := run(os.Stdout, strings.Split(*corpora, ","), *scifact, *nq, *bleveMax); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, corpora []string, scifactDir string, nq, bleveMax int) error {
	fmt.Fprintf(w, "%s %s/%s, %d CPUs, GOMAXPROCS %d, bleve v2.5.7 (scorch in memory, BM25 k1=1.2 b=0.75, \"en\" analyzer)\n\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "corpus\tengine\tpassages\tbuild\tquery p50\tquery p99\theap\tnDCG@10\t")
	for _, name := range corpora {
		d, err := load(strings.TrimSpace(name), scifactDir, nq)
		if err != nil {
			return err
		}
		var ms []measurement
		for _, e := range []engine{&talkbot{}, &bleveEngine{}} {
			if e.name() == "bleve" && d.name != "scifact" && len(d.docs) > bleveMax {
				ms = append(ms, measurement{engine: "bleve", skipped: fmt.Sprintf("skipped (over -bleve-max %d)", bleveMax)})
				continue
			}
			fmt.Fprintf(os.Stderr, "bench: %s on %s (%d passages, %d queries)...\n", e.name(), d.name, len(d.docs), len(d.queries))
			m, err := measure(e, d)
			if err != nil {
				return fmt.Errorf("%s on %s: %w", e.name(), d.name, err)
			}
			ms = append(ms, m)
		}
		for _, m := range ms {
			if m.skipped != "" {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t\t\t\t\t\n", d.name, m.engine, len(d.docs), m.skipped)
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%.4f\t\n", d.name, m.engine, len(d.docs),
				round(m.build), round(m.p50), round(m.p99), mib(m.heap), m.ndcg)
		}
		if len(ms) == 2 && ms[1].skipped == "" {
			t, b := ms[0], ms[1]
			fmt.Fprintf(tw, "%s\tbleve/talkbot\t\t%.1fx\t%.1fx\t%.1fx\t%.1fx\t%+.4f\t\n", d.name,
				ratio(b.build, t.build), ratio(b.p50, t.p50), ratio(b.p99, t.p99), float64(b.heap)/float64(max(1, t.heap)), t.ndcg-b.ndcg)
		}
	}
	return tw.Flush()
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(max(1, b)) }

func round(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	default:
		return d.Round(100 * time.Nanosecond).String()
	}
}

func mib(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func load(name, scifactDir string, nq int) (*dataset, error) {
	if name == "scifact" {
		s, err := beir.Load(scifactDir, "test")
		if err != nil {
			return nil, fmt.Errorf("%w (set -scifact)", err)
		}
		return &dataset{name: name, docs: s.Corpus, corpus: s.Articles(), queries: s.Queries, qrels: s.Qrels}, nil
	}
	n, err := count(name)
	if err != nil {
		return nil, err
	}
	g := synth.New(1)
	c := g.Corpus(n, 1)
	d := &dataset{name: name, corpus: c, qrels: beir.Qrels{}}
	for _, a := range c.Articles {
		for _, p := range a.Passages {
			// bleve gets one field, headline then passage: Anserini's
			// "flat" layout, its best on SciFact.
			d.docs = append(d.docs, beir.Doc{ID: p.ID, Title: a.Headline, Text: p.Text})
		}
	}
	for _, q := range g.Queries(c, nq, 2) {
		d.queries = append(d.queries, beir.Query{ID: q.ID, Text: q.Text})
		d.qrels[q.ID] = map[string]int{q.Passage: 1}
	}
	return d, nil
}

func count(s string) (int, error) {
	mult := 1
	switch {
	case strings.HasSuffix(s, "k"):
		mult, s = 1000, strings.TrimSuffix(s, "k")
	case strings.HasSuffix(s, "m"):
		mult, s = 1_000_000, strings.TrimSuffix(s, "m")
	}
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil || n <= 0 {
		return 0, fmt.Errorf("corpus %q: want scifact or a passage count such as 10k or 1m", s)
	}
	return n * mult, nil
}

// measure builds e's index over d, then times every query once (k=10) and
// scores a second, untimed pass at depth 100.
func measure(e engine, d *dataset) (measurement, error) {
	defer e.close()
	before := heapInUse()
	start := time.Now()
	if err := e.build(d); err != nil {
		return measurement{}, err
	}
	m := measurement{engine: e.name(), build: time.Since(start)}
	m.heap = heapInUse() - min(before, heapInUse())
	lat := make([]time.Duration, 0, len(d.queries))
	for _, q := range d.queries {
		t := time.Now()
		if _, err := e.search(q.Text, 10); err != nil {
			return m, err
		}
		lat = append(lat, time.Since(t))
	}
	slices.Sort(lat)
	m.p50, m.p99 = lat[len(lat)*50/100], lat[len(lat)*99/100]
	run := beir.Run{}
	for _, q := range d.queries {
		ids, err := e.search(q.Text, 100)
		if err != nil {
			return m, err
		}
		run[q.ID] = ids
	}
	m.ndcg = beir.Evaluate(d.qrels, run).NDCG10
	return m, nil
}

func heapInUse() uint64 {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// talkbot is the bot's own index with its default parameters. A SciFact
// document is an article (headline = title) with one passage; a generated
// passage keeps its article's headline, as in the bot.
type talkbot struct{ ix *retrieval.Index }

func (t *talkbot) name() string { return "talkbot" }

func (t *talkbot) build(d *dataset) error {
	t.ix = retrieval.NewIndex(d.corpus, retrieval.DefaultParams())
	return nil
}

func (t *talkbot) search(q string, k int) ([]string, error) {
	res := t.ix.Search(q, k)
	ids := make([]string, len(res))
	for i, r := range res {
		ids[i] = r.Article.ID
		if len(r.Article.Passages) > 1 {
			ids[i] = r.Passage.ID // generated corpora judge passages
		}
	}
	return ids, nil
}

func (t *talkbot) close() { t.ix = nil }

// bleveEngine indexes one text field, title then text, with bleve's English
// analyzer and BM25, in scorch's in-memory mode (BM25 needs scorch's field
// statistics, which upsidedown, NewMemOnly's index type, lacks).
type bleveEngine struct{ ix bleve.Index }

type bleveDoc struct {
	Body string `json:"body"`
}

func (b *bleveEngine) name() string { return "bleve" }

func (b *bleveEngine) build(d *dataset) error {
	body := bleve.NewTextFieldMapping()
	body.Analyzer = en.AnalyzerName
	body.Store = false
	body.IncludeTermVectors = false
	body.IncludeInAll = false
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("body", body)
	m := mapping.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = en.AnalyzerName
	m.ScoringModel = index.BM25Scoring
	m.StoreDynamic = false
	m.IndexDynamic = false
	ix, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return err
	}
	b.ix = ix
	batch := ix.NewBatch()
	for _, doc := range d.docs {
		if err := batch.Index(doc.ID, bleveDoc{Body: doc.Title + "\n" + doc.Text}); err != nil {
			return err
		}
		if batch.Size() == 1000 {
			if err := ix.Batch(batch); err != nil {
				return err
			}
			batch.Reset()
		}
	}
	return ix.Batch(batch)
}

func (b *bleveEngine) search(q string, k int) ([]string, error) {
	mq := bleve.NewMatchQuery(q)
	mq.SetField("body")
	req := bleve.NewSearchRequestOptions(mq, k, 0, false)
	res, err := b.ix.SearchInContext(context.Background(), req)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

func (b *bleveEngine) close() {
	if b.ix != nil {
		b.ix.Close()
		b.ix = nil
	}
}
