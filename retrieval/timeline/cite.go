package timeline

import (
	"slices"

	"github.com/talkbot/talkbot/retrieval"
)

// Numbers gives the articles behind events one citation number each, in
// order of first use, as every view of the timeline cites them (the text
// view, the picture, ask's answers). The zero value is ready to use.
type Numbers struct {
	num map[string]int
	// Articles holds the numbered articles: Articles[n-1] is source n.
	Articles []*retrieval.Article
}

// Cite returns e's source numbers, each once, numbering articles not seen
// before.
func (n *Numbers) Cite(e Event) []int {
	if n.num == nil {
		n.num = map[string]int{}
	}
	var out []int
	for _, s := range e.Sources {
		k, ok := n.num[s.Article.ID]
		if !ok {
			n.Articles = append(n.Articles, s.Article)
			k = len(n.Articles)
			n.num[s.Article.ID] = k
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}
