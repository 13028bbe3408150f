package bot

import (
	"github.com/talkbot/talkbot/retrieval"
)

// extractive answers by quoting the best sentences of the top passages.
func (e *Engine) extractive(q Query, k int) *Answer {
	res := e.index.Search(q.Question, k)
	ans := &Answer{Question: q.Question, Mode: ModeExtractive}
	if len(res) == 0 {
		ans.Abstained = true
		ans.Text = "The articles don't say."
		return ans
	}
	r := res[0]
	ans.Text = r.Passage.Text + " [1]"
	ans.Citations = []Citation{citationFor(1, r.Passage, r.Article)}
	_ = retrieval.Passage{}
	return ans
}
