package retrieval

import (
	"slices"
	"strings"
	"sync"
)

// The capitals table (capitals.txt) names each country, or union of
// states, by the words news writes for it ("Canada, Canadian"); with the
// continents', these are the words of places' names that search, the
// judge and the sentence reader look up here.

// continents are the names of continents and regions with their peoples'
// words, beside the table's countries ("America" is the United States
// there).
var continents = []string{"Europe", "European", "Asia", "Asian", "Africa", "African", "Scandinavia", "Scandinavian", "Balkans", "Balkan"}

// placeTable is what the table and the continents say of places' names.
type placeTable struct {
	// terms are the analysed terms of the names of countries, unions and
	// continents and of their peoples: the only words Demonym and
	// DemonymPlaces map, since the endings alone also turn "media" into
	// "median" and "guard" into "guardian".
	terms map[string]bool
	// words are the words of every name of a capital, country, union or
	// continent, in lower case.
	words map[string]bool
}

var places = sync.OnceValue(func() *placeTable {
	p := &placeTable{terms: map[string]bool{}, words: map[string]bool{}}
	add := func(names []string, country bool) {
		for _, n := range names {
			for _, w := range strings.Fields(n) {
				p.words[strings.ToLower(w)] = true
			}
			if country {
				for _, t := range Analyze(n) {
					p.terms[t] = true
				}
			}
		}
	}
	for _, c := range capitals() {
		add([]string{c.City}, false)
		add(c.Country, true)
		add(c.Seat, true)
	}
	add(continents, true)
	return p
})

// demonymSuffixes turn a place's term into its people's ("europ" + "ean",
// "ukrain" + "ian", "russia" + "n").
func demonymSuffixes() [4]string { return [4]string{"ean", "ian", "an", "n"} }

// Demonym returns the index's term for the word of a place's people when
// the index holds it ("european" for "europ"), or "". News often names a
// place only so ("European capitals"), and the stemmer keeps the two apart.
func (ix *Index) Demonym(place string) string {
	if len(place) < 4 {
		return ""
	}
	for _, suffix := range demonymSuffixes() {
		d := place + suffix
		if !places().terms[d] {
			continue
		}
		if _, ok := ix.lookup(d); ok {
			return d
		}
	}
	return ""
}

// DemonymPlaces returns the terms of the places a demonym's term may name
// ("europ" for "european"): the term less each demonym ending, when at
// least four letters are left and the term is a people's word of the
// capitals table or a continent's.
func DemonymPlaces(term string) []string {
	if !places().terms[term] {
		return nil
	}
	var out []string
	for _, suffix := range demonymSuffixes() {
		if place, ok := strings.CutSuffix(term, suffix); ok && len(place) >= 4 {
			out = append(out, place)
		}
	}
	return out
}

// IsPlaceWord reports whether w (in any case) is a word of the name of a
// capital, country, union of states or continent, or of their peoples:
// "Kyiv", "Russian", "Dhabi", "Europe".
func IsPlaceWord(w string) bool { return places().words[strings.ToLower(w)] }

// regionCapitals are the regions news names a few countries by ("a Gulf
// state", "the Baltic countries", "Nordic leaders"), each with its
// members' capitals in the capitals table: an article that names a member
// speaks of the region, though it may never write the region's word.
var regionCapitals = map[string][]string{
	"gulf":         {"Riyadh", "Abu Dhabi", "Doha", "Kuwait City", "Manama", "Muscat"},
	"baltic":       {"Tallinn", "Riga", "Vilnius"},
	"baltics":      {"Tallinn", "Riga", "Vilnius"},
	"nordic":       {"Copenhagen", "Helsinki", "Reykjavik", "Oslo", "Stockholm"},
	"scandinavia":  {"Copenhagen", "Oslo", "Stockholm"},
	"scandinavian": {"Copenhagen", "Oslo", "Stockholm"},
	"caucasus":     {"Yerevan", "Baku", "Tbilisi"},
}

// RegionMembers returns the names of the countries of the region a word
// names (in any case: "Gulf", "baltic"), as the capitals table writes them,
// or nil when it names none.
func RegionMembers(word string) [][]string {
	cities := regionCapitals[strings.ToLower(word)]
	var out [][]string
	for _, c := range capitals() {
		if slices.Contains(cities, c.City) {
			out = append(out, c.Country)
		}
	}
	return out
}
