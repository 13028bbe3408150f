package bot

import (
	_ "embed"
	"fmt"
	"strings"
)

// capitalsText lists capitals with the names of their countries; its
// header says how the judge reads it.
//
//go:embed capitals.txt
var capitalsText string

// countries is capitals.txt analysed as one index analyses text: per
// country, the terms of each of its names, and the country of each
// capital and of each one-word name.
type countries struct {
	names     [][][]string
	byCapital map[string]int
	byName    map[string][]int // the countries of a one-word name's term, each once
}

// parseCapitals reads the list with an's analysis. A malformed line is an
// error naming it; a line whose capital the analysis does not keep as one
// term (an operator's alias list may fold it away) is left out, as the
// judge then cannot tell the capital in a question.
func parseCapitals(an analyzer, text string) (*countries, error) {
	c := &countries{byCapital: map[string]int{}, byName: map[string][]int{}}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		capital, names, ok := strings.Cut(line, ":")
		if !ok || len(strings.Fields(capital)) != 1 {
			return nil, fmt.Errorf("line %d: %q is not \"Capital: name, name\" with a one-word capital", i+1, line)
		}
		var terms [][]string
		for _, name := range strings.Split(names, ",") {
			if strings.TrimSpace(name) == "" {
				return nil, fmt.Errorf("line %d: %q has an empty country name", i+1, line)
			}
			if t := an(name); len(t) > 0 {
				terms = append(terms, t)
			}
		}
		city := an(capital)
		if len(city) != 1 || len(terms) == 0 {
			continue
		}
		n := len(c.names)
		for _, t := range terms {
			// "Ukraine" and "Ukrainian" analyse alike: one entry.
			if ids := c.byName[t[0]]; len(t) == 1 && (len(ids) == 0 || ids[len(ids)-1] != n) {
				c.byName[t[0]] = append(ids, n)
			}
		}
		c.names = append(c.names, terms)
		c.byCapital[city[0]] = n
	}
	return c, nil
}

// namesOf returns the terms of the names a question's name term may stand
// for: every name of the countries it is a name of ("british" → Britain,
// British, UK, United Kingdom) and, when it is written as a government,
// the names of the country it is the capital of ("moscow" → Russia,
// Russian, Kremlin), which country holds alone.
func (c *countries) namesOf(term string, government bool) (all, country [][]string) {
	for _, n := range c.byName[term] {
		all = append(all, c.names[n]...)
	}
	if n, ok := c.byCapital[term]; ok && government {
		country = c.names[n]
		all = append(all, country...)
	}
	return all, country
}

// anyNamed reports whether an article's terms hold all the words of one of
// names: a name of several words counts only whole.
func anyNamed(art map[string]bool, names [][]string) bool {
	for _, name := range names {
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

// cityCues are the words before a capital that make it the city ("a visit
// to Moscow", "the Paris meeting"), not its government.
var cityCues = wordSet(`in to at from into near the of via outside around across inside`)
