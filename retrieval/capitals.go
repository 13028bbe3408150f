package retrieval

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Capital is a capital city with the names of its country, nouns and
// adjectives as news writes them ("Russia", "Russian", "Kremlin").
type Capital struct {
	City    string   // "Moscow", "Abu Dhabi"
	Country []string // its country's names
	// Seat names the union of states the city is also the seat of, as
	// news writes it for its government: "Brussels said" is the EU,
	// though Brussels is Belgium's capital. Empty for most capitals.
	Seat []string
}

//go:embed capitals.txt
var capitalsText string

// capitals is the embedded table, parsed once and never changed: callers
// get copies.
var capitals = sync.OnceValue(func() []Capital {
	cs, err := ParseCapitals(capitalsText)
	if err != nil {
		// TestCapitals parses the embedded file.
		panic("retrieval: the embedded capitals.txt: " + err.Error())
	}
	return cs
})

// Capitals returns the built-in table of capitals (the file capitals.txt
// of this package, whose header says who reads it how), a copy the caller
// may change.
func Capitals() []Capital {
	cs := slices.Clone(capitals())
	for i := range cs {
		cs[i].Country = slices.Clone(cs[i].Country)
		cs[i].Seat = slices.Clone(cs[i].Seat)
	}
	return cs
}

// ParseCapitals reads a table of capitals: one "Capital: name, name" a
// line, optionally followed by "; seat of: name, name", "#" opening a
// comment line. A malformed line is an error naming its number.
func ParseCapitals(text string) ([]Capital, error) {
	var out []Capital
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		city, rest, ok := strings.Cut(line, ":")
		city = strings.Join(strings.Fields(city), " ")
		if !ok || city == "" {
			return nil, fmt.Errorf("line %d: %q is not \"Capital: name, name\"", i+1, line)
		}
		country, seat, hasSeat := strings.Cut(rest, ";")
		c := Capital{City: city}
		var err error
		if c.Country, err = capitalNames(country); err != nil {
			return nil, fmt.Errorf("line %d: %q: %w", i+1, line, err)
		}
		if hasSeat {
			names, ok := strings.CutPrefix(strings.TrimSpace(seat), "seat of:")
			if !ok {
				return nil, fmt.Errorf("line %d: %q: want \"; seat of: name, name\" after the country", i+1, line)
			}
			if c.Seat, err = capitalNames(names); err != nil {
				return nil, fmt.Errorf("line %d: %q: %w", i+1, line, err)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// capitalNames splits a comma-separated list of names, none empty.
func capitalNames(list string) ([]string, error) {
	var out []string
	for _, name := range strings.Split(list, ",") {
		name = strings.Join(strings.Fields(name), " ")
		if name == "" {
			return nil, errors.New("an empty name")
		}
		out = append(out, name)
	}
	return out, nil
}
