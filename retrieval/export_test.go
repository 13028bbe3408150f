package retrieval

// SearchShare runs a search and reports how many postings of the query's
// lists it scored, of how many, for the benchmarks' share-scored metric.
func SearchShare(ix *Index, query string, k int) (scored, total int) {
	var st searchStats
	ix.search(query, k, &st)
	return st.scored, st.total
}

// SearchExhaustive scores every posting, as Search did before pruning: the
// benchmarks' baseline.
func SearchExhaustive(ix *Index, query string, k int) int {
	terms := ix.queryTerms(query)
	if len(terms) == 0 {
		return 0
	}
	return len(ix.searchAll(terms, k, nil))
}
