package main

import (
	"context"
	"fmt"
	"math"
	"strings"
)

type searchJSON struct {
	Query   string         `json:"query"`
	Results []searchResult `json:"results"`
}

type searchResult struct {
	Rank      int     `json:"rank"`
	Article   string  `json:"article"`
	PassageID string  `json:"passage_id"`
	Headline  string  `json:"headline"`
	Date      string  `json:"date"`
	Score     float64 `json:"score"`
	Text      string  `json:"text"`
}

func runSearch(ctx context.Context, a *app, args []string) error {
	fs := a.flags("search")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	k := fs.Int("k", 5, "results to show")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	query := strings.Join(pos, " ")
	if strings.TrimSpace(query) == "" {
		return usagef("the query is empty")
	}
	if *k < 1 || *k > 1000 {
		return usagef("-k %d: want a number from 1 to 1000", *k)
	}
	ix, err := a.loadIndex()
	if err != nil {
		return err
	}
	res := ix.Search(query, *k)
	out := searchJSON{Query: query, Results: []searchResult{}}
	for _, r := range res {
		out.Results = append(out.Results, searchResult{
			Rank: r.Rank, Article: r.Article.ID, PassageID: r.Passage.ID, Headline: r.Article.Headline,
			Date: r.Article.Date.Format("2006-01-02"), Score: math.Round(r.Score*1e4) / 1e4, Text: r.Passage.Text,
		})
	}
	if *asJSON {
		return writeJSON(a.stdout, out)
	}
	if len(res) == 0 {
		fmt.Fprintf(a.stdout, "No passage matches %q.\n", query)
		return nil
	}
	for _, r := range out.Results {
		fmt.Fprintf(a.stdout, "%d. %s (%.4f) %s, %s\n   %s\n", r.Rank, r.PassageID, r.Score, r.Headline, r.Date, r.Text)
	}
	return nil
}
