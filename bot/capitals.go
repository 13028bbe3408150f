package bot

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/talkbot/talkbot/retrieval"
)

// capitalsText lists capitals with the names of their countries; its
// header says how the judge reads it.
//
//go:embed capitals.txt
var capitalsText string

// countries is capitals.txt parsed: per country, the terms of each of its
// names, and the country of each capital and of each one-word name.
type countries struct {
	names     [][][]string
	byCapital map[string]int
	byName    map[string][]int // "georgia" may name more than one
}

// capitals is capitalsText parsed on first use, never changed after.
var capitals = sync.OnceValue(func() *countries {
	c, err := parseCapitals(capitalsText)
	if err != nil {
		panic("bot: the embedded capitals.txt: " + err.Error())
	}
	return c
})

func parseCapitals(text string) (*countries, error) {
	c := &countries{byCapital: map[string]int{}, byName: map[string][]int{}}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		capital, names, ok := strings.Cut(line, ":")
		city := retrieval.Analyze(capital)
		if !ok || len(city) != 1 {
			return nil, fmt.Errorf("line %d: %q is not \"Capital: name, name\" with a one-word capital", i+1, line)
		}
		n := len(c.names)
		var terms [][]string
		for _, name := range strings.Split(names, ",") {
			t := retrieval.Analyze(name)
			if len(t) == 0 {
				return nil, fmt.Errorf("line %d: %q names no country", i+1, line)
			}
			terms = append(terms, t)
			if len(t) == 1 {
				c.byName[t[0]] = append(c.byName[t[0]], n)
			}
		}
		c.names = append(c.names, terms)
		c.byCapital[city[0]] = n
	}
	return c, nil
}

// named reports whether an article's terms name country n: all the words
// of one of its names.
func (c *countries) named(art map[string]bool, n int) bool {
	for _, name := range c.names[n] {
		all := true
		for _, t := range name {
			all = all && art[t]
		}
		if all {
			return true
		}
	}
	return false
}

// mentionsCountry reports whether an article's terms name the country whose
// capital's term is capital.
func mentionsCountry(art map[string]bool, capital string) bool {
	c := capitals()
	n, ok := c.byCapital[capital]
	return ok && c.named(art, n)
}

// mentionsSameCountry reports whether an article's terms name, in another
// of its names, the country a question's term names: "British" for
// "Britain", "France" for "French".
func mentionsSameCountry(art map[string]bool, term string) bool {
	c := capitals()
	for _, n := range c.byName[term] {
		if c.named(art, n) {
			return true
		}
	}
	return false
}

// cityCues are the words before a capital that make it the city ("a visit
// to Moscow", "the Paris meeting"), not its government.
var cityCues = wordSet(`in to at from into near the of via outside around across inside`)
