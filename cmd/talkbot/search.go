package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/talkbot/talkbot/bot"
	"github.com/talkbot/talkbot/retrieval/textclean"
)

// searchHelp follows the options of `talkbot search -h`.
const searchHelp = `
Score: higher ranks better; equal scores keep the order of rank.
  BM25 (no OPENAI_EMBEDDING_MODEL, or the embeddings API failed, which a
  warning says): the passage's BM25 score, from 0 up, with no fixed top.
  hybrid (OPENAI_EMBEDDING_MODEL set): the reciprocal rank fusion score,
  the sum over the BM25 and the embedding rankings of 1/(60+rank), so at
  most 2/61 = 0.0328.
  Scores of 1 and more are shown to 4 decimals, smaller ones to 6
  significant digits, so fused scores of neighbouring ranks stay apart.
`

// scoreDecimals is how many decimals a score is shown with: 4 for BM25
// scores of 1 and more, 6 significant digits below 1 (fused scores are at
// most 2/61, and neighbouring ranks differ by as little as 1e-6 deep down).
func scoreDecimals(x float64) int {
	if x == 0 || math.Abs(x) >= 1 {
		return 4
	}
	return max(4, 5-int(math.Floor(math.Log10(math.Abs(x)))))
}

// roundScore rounds x to scoreDecimals(x) decimals.
func roundScore(x float64) float64 {
	p := math.Pow(10, float64(scoreDecimals(x)))
	return math.Round(x*p) / p
}

// formatScore is x as the text output shows it.
func formatScore(x float64) string { return strconv.FormatFloat(x, 'f', scoreDecimals(x), 64) }

// checkQuery applies ask's checks of a question (empty, too long, no
// words) to other text the user asks about, named by what, so that search
// and timeline --topic refuse what ask refuses, and say what to type
// instead as ask does (queryHint): retry what to do, call a command to
// copy.
func checkQuery(what, q, retry, call string) error {
	err := bot.CheckQuestion(q)
	if err == nil {
		return nil
	}
	return asUsage(queryHint(reworded{strings.Replace(err.Error(), "the question", what, 1), err}, retry, call))
}

// reworded is err said in other words; errors.Is still sees err.
type reworded struct {
	msg string
	err error
}

func (r reworded) Error() string { return r.msg }
func (r reworded) Unwrap() error { return r.err }

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
	k := fs.Int("k", 5, "`N` results to show")
	pos, err := a.parse(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(a.stdout, searchHelp)
	}
	if err != nil {
		return err
	}
	query := textclean.Text(strings.Join(pos, " ")) // as ask cleans its question: it is echoed
	if err := checkQuery("the query", query, "give it", "talkbot search "+quoteArg(a.examples().query)); err != nil {
		return err
	}
	if *k < 1 || *k > 1000 {
		return usagef("-k %d: want a number from 1 to 1000", *k)
	}
	ix, err := a.loadIndex(ctx)
	if err != nil {
		return err
	}
	res, err := a.search(ctx, ix, query, *k)
	if err != nil {
		return withSettingHint(err)
	}
	out := searchJSON{Query: query, Results: []searchResult{}}
	for _, r := range res {
		out.Results = append(out.Results, searchResult{
			Rank: r.Rank, Article: r.Article.ID, PassageID: r.Passage.ID, Headline: r.Article.Headline,
			Date: r.Article.Date.Format("2006-01-02"), Score: roundScore(r.Score), Text: r.Passage.Text,
		})
	}
	if *asJSON {
		return writeJSON(a.stdout, out)
	}
	if len(res) == 0 {
		return writeText(a.stdout, fmt.Sprintf("No passage matches %q.\n", query))
	}
	// One write, so a failed one (a full disk) is seen and reported.
	var b strings.Builder
	for i, r := range out.Results {
		art := res[i].Article // named as ask's sources name it, publisher included
		src := sourceText(bot.Citation{Headline: art.Headline, Publisher: art.Publisher, Date: art.Date, URL: art.URL})
		fmt.Fprintf(&b, "%d. %s (%s) %s\n   %s\n", r.Rank, textclean.Line(r.PassageID), formatScore(r.Score), src, r.Text)
	}
	return writeText(a.stdout, b.String())
}
