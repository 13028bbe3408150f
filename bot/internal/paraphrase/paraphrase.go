// Package paraphrase tells which words news writes for one another ("led
// the Russian delegation" for "headed the Russian team"), from a short
// hand-written list: the word vectors (bot/internal/wordvec) do not hold
// such pairs close enough to count.
package paraphrase

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed paraphrases.txt
var text string

// groups maps each word of the list to the other words of its groups.
var groups = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ws := strings.Fields(line)
		for _, w := range ws {
			for _, o := range ws {
				if o != w {
					m[w] = append(m[w], o)
				}
			}
		}
	}
	return m
})

// Of returns the words the list gives for w (in lower case), nil for none.
// The caller must not change the slice.
func Of(w string) []string { return groups()[strings.ToLower(w)] }
