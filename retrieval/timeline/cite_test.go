package timeline

import (
	"slices"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
)

// TestNumbersCite: one number per article in order of first use, each
// number once per event even when two of its passages are cited.
func TestNumbersCite(t *testing.T) {
	a := &retrieval.Article{ID: "a.txt"}
	b := &retrieval.Article{ID: "b.txt"}
	ev := func(arts ...*retrieval.Article) Event {
		var e Event
		for i, art := range arts {
			e.Sources = append(e.Sources, Source{Article: art, Passage: retrieval.Passage{ID: art.ID + string(rune('0'+i))}})
		}
		return e
	}
	var n Numbers
	for _, c := range []struct {
		e    Event
		want []int
	}{
		{ev(b, b), []int{1}},
		{ev(a, b), []int{2, 1}},
		{ev(a), []int{2}},
	} {
		if got := n.Cite(c.e); !slices.Equal(got, c.want) {
			t.Errorf("Cite = %v, want %v", got, c.want)
		}
	}
	if len(n.Articles) != 2 || n.Articles[0] != b || n.Articles[1] != a {
		t.Errorf("Articles = %v, want [b a]", n.Articles)
	}
}
