package beir

import (
	"math"
)

// Metrics are the mean scores over the judged queries of a run.
type Metrics struct {
	NDCG10    float64 `json:"ndcg@10"`
	Recall10  float64 `json:"recall@10"`
	Recall100 float64 `json:"recall@100"`
	MRR10     float64 `json:"mrr@10"`
	Queries   int     `json:"queries"` // queries with at least one relevant document
}

// Run maps a query id to the ids of the documents retrieved for it, best
// first.
type Run map[string][]string

// Evaluate scores run against qrels as BEIR does (through trec_eval): nDCG
// with linear gains and log2 discounts, ideal order from all the query's
// judgements; recall as the share of the relevant documents found; MRR as
// the reciprocal rank of the first relevant one. Queries with no relevant
// document are left out; a query missing from run scores zero.
func Evaluate(qrels Qrels, run Run) Metrics {
	var m Metrics
	for q, judged := range qrels {
		relevant := 0
		var gains []int
		for _, g := range judged {
			if g > 0 {
				relevant++
				gains = append(gains, g)
			}
		}
		if relevant == 0 {
			continue
		}
		m.Queries++
		ranked := dedupe(run[q])
		var dcg float64
		found10, found100 := 0, 0
		rr := 0.0
		for i, d := range ranked {
			g := judged[d]
			if g <= 0 {
				continue
			}
			if i < 10 {
				dcg += float64(g) / math.Log2(float64(i+2))
				found10++
				if rr == 0 {
					rr = 1 / float64(i+1)
				}
			}
			if i < 100 {
				found100++
			}
		}
		m.NDCG10 += dcg / idealDCG(gains, 10)
		m.Recall10 += float64(found10) / float64(relevant)
		m.Recall100 += float64(found100) / float64(relevant)
		m.MRR10 += rr
	}
	if m.Queries > 0 {
		n := float64(m.Queries)
		m.NDCG10 /= n
		m.Recall10 /= n
		m.Recall100 /= n
		m.MRR10 /= n
	}
	return m
}

func idealDCG(gains []int, k int) float64 {
	// Sort descending; judgement lists are short.
	for i := 1; i < len(gains); i++ {
		for j := i; j > 0 && gains[j] > gains[j-1]; j-- {
			gains[j], gains[j-1] = gains[j-1], gains[j]
		}
	}
	var d float64
	for i, g := range gains {
		if i == k {
			break
		}
		d += float64(g) / math.Log2(float64(i+2))
	}
	return d
}

// dedupe drops repeated ids, which would otherwise count a relevant document
// twice.
func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0:0]
	for _, d := range ids {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}
