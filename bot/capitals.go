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

// capitals maps the term of a capital to the terms of each name of its
// country, parsed on first use and never changed.
var capitals = sync.OnceValue(func() map[string][][]string {
	m, err := parseCapitals(capitalsText)
	if err != nil {
		panic("bot: the embedded capitals.txt: " + err.Error())
	}
	return m
})

func parseCapitals(text string) (map[string][][]string, error) {
	m := map[string][][]string{}
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
		for _, name := range strings.Split(names, ",") {
			terms := retrieval.Analyze(name)
			if len(terms) == 0 {
				return nil, fmt.Errorf("line %d: %q names no country", i+1, line)
			}
			m[city[0]] = append(m[city[0]], terms)
		}
	}
	return m, nil
}

// mentionsCountry reports whether an article's terms name the country whose
// capital's term is capital: all the words of one of its names.
func mentionsCountry(art map[string]bool, capital string) bool {
	for _, name := range capitals()[capital] {
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

// placeWords before a capital make it the city ("a visit to Moscow", "the
// Paris meeting"), not its government.
var placeWords = wordSet(`in to at from into near the of via outside around across inside`)
