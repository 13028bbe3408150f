package timeline

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A timeline line is read alone, away from the sentence before it: "He
// added that he had no fixed number of days in mind" says nothing of who.
// A sentence that opens with "He", "She" or "It" is shown with who it
// refers to, taken from the sentence before in its article: the first
// person named there for "He" and "She", the body a statement is
// attributed to for "It" ("..., the Kremlin said."). When the sentence
// before names no one it can be, the line stays as written: no name beats
// a wrong one.

// openingPronoun returns the pronoun s opens with ("He", "She", "It"), or
// "".
func openingPronoun(s string) string {
	w, _, ok := strings.Cut(s, " ")
	if !ok {
		return ""
	}
	switch w {
	case "He", "She", "It":
		return w
	}
	return ""
}

// roleNouns are the words of office written before a person's name
// ("Kremlin spokesman Dmitry Peskov", "Pope Francis") or after it in an
// apposition ("Vladimir Medinsky, the Kremlin aide").
var roleNouns = map[string]bool{
	"president": true, "minister": true, "secretary": true, "spokesman": true, "spokeswoman": true,
	"spokesperson": true, "envoy": true, "aide": true, "adviser": true, "advisor": true, "chancellor": true,
	"ambassador": true, "pope": true, "king": true, "queen": true, "prince": true, "chief": true,
	"negotiator": true, "premier": true, "commissioner": true, "senator": true, "general": true,
}

// articlePeople returns the surnames of the people an article names: the
// last word of a name written with a title ("President Donald Trump",
// "Kremlin spokesman Dmitry Peskov", "Vladimir Medinsky, the Kremlin
// aide"), or of one that does what people do, a verb after it ("Trump
// echoed", "Zelensky said"), and is no country or capital ("Ukraine
// said") nor a body ("the Kremlin said").
func articlePeople(sents []sentence) map[string]bool {
	out := map[string]bool{}
	inner := map[string]bool{} // words capitalised inside a sentence
	for _, s := range sents {
		for _, m := range nameRunRe().FindAllStringIndex(s.text, -1) {
			if m[0] > 0 && !isQuoteStart(s.text, m[0]) {
				for _, w := range strings.Fields(s.text[m[0]:m[1]]) {
					inner[strings.TrimRight(w, ".")] = true
				}
			}
		}
	}
	for _, s := range sents {
		for _, m := range nameRunRe().FindAllStringIndex(s.text, -1) {
			run := strings.TrimSuffix(s.text[m[0]:m[1]], ".")
			words, titled := nameWords(run)
			if len(words) == 0 {
				continue
			}
			last := words[len(words)-1]
			if romanRe().MatchString(last) && len(words) > 1 {
				last = words[len(words)-2] + " " + last // "Leo XIV"
			}
			if place(last) || place(strings.Join(words, " ")) || pronouns[last] ||
				strings.HasSuffix(run, "'s") || strings.HasSuffix(run, "’s") {
				continue
			}
			before, _ := lastWord(s.text, m[0])
			before = strings.ToLower(strings.TrimRight(before, ","))
			after := s.text[m[1]:]
			// A sentence's first word is capitalised anyway ("Earlier, his
			// aide ...", "Photographs showed"): alone, it is a name only if
			// the article capitalises it elsewhere too.
			opener := m[0] == 0 && len(strings.Fields(run)) == 1 && !inner[strings.Fields(last)[0]]
			if titled || roleNouns[before] || !opener && (titledAfter(after) || strings.HasPrefix(after, ", who ")) {
				out[last] = true // a title before it, in its run or not, or after it
				continue
			}
			if before == "the" || strings.HasPrefix(run, "The ") {
				continue // a body: "the Kremlin", "The White House said"
			}
			next, _, _ := strings.Cut(strings.TrimLeft(after, " "), " ")
			if opener {
				if hasVerb(strings.TrimRight(next, ",.;:"), reportVerb) && !strings.HasSuffix(last, "s") {
					out[last] = true
				}
				continue
			}
			if actsAsPerson(next) {
				out[last] = true
			}
		}
	}
	return out
}

// titledAfter reports whether the text after a name opens with its title
// in an apposition: ", the Kremlin aide", ", Zelensky's chief of staff".
func titledAfter(after string) bool {
	rest, ok := strings.CutPrefix(after, ", ")
	if !ok {
		return false
	}
	for i, w := range strings.Fields(rest) {
		if i > 3 {
			break
		}
		w = strings.ToLower(strings.TrimRight(w, ",."))
		if roleNouns[w] {
			return true
		}
		if strings.HasSuffix(w, ",") {
			break
		}
	}
	return false
}

// actsAsPerson reports whether word w, after a name, is a verb of what
// people do: a reporting verb or a past tense ("said", "echoed").
func actsAsPerson(w string) bool {
	w = strings.TrimRight(w, ",.;:")
	if w == "" || strings.ToLower(w) != w {
		return false
	}
	return hasVerb(w, reportVerb) || hasVerb(w, eventVerb) || strings.HasSuffix(w, "ed")
}

// place reports a country, its people's adjective or a capital ("Ukraine",
// "Russian", "Moscow"): no person.
func place(w string) bool {
	lw := strings.ToLower(w)
	if _, ok := capitalByName()[lw]; ok {
		return true
	}
	for _, c := range capitalByName() {
		if c == lw {
			return true
		}
	}
	return false
}

// personIn returns the surname of the first person of people that s
// names, or "".
func personIn(s string, people map[string]bool) string {
	for _, m := range nameRunRe().FindAllString(s, -1) {
		words, _ := nameWords(strings.TrimSuffix(m, "."))
		for i, w := range words {
			if i+1 < len(words) && people[w+" "+words[i+1]] {
				return w + " " + words[i+1]
			}
			if people[w] {
				return w
			}
		}
	}
	return ""
}

// attributedBody returns the body a statement of s is attributed to ("the
// Kremlin" of "..., the Kremlin said on Monday."; "the Kremlin" of "The
// Kremlin said ..."), or "": what "It" in the next sentence stands for.
func attributedBody(s string) string {
	toks := tokenize(s)
	for i := 1; i < len(toks); i++ {
		if !hasVerb(toks[i].word, reportVerb) {
			continue
		}
		// Back over "statement" ("the Kremlin statement said") and the
		// capitalised words before the verb to "the".
		end := i - 1
		if toks[end].word == "statement" {
			end--
		}
		j := end
		for j >= 0 && toks[j].upper && toks[j].word != "the" {
			j--
		}
		if j < 0 || end < 0 || j == end || toks[j].word != "the" || toks[end].punctAfter {
			continue
		}
		name := strings.TrimRightFunc(s[toks[j+1].start:toks[end].end], func(r rune) bool { return !unicode.IsLetter(r) })
		if r, _ := utf8.DecodeRuneInString(name); name == "" || !unicode.IsUpper(r) || calendarWord(name) {
			continue
		}
		return "the " + name
	}
	return ""
}

// referents returns, for each sentence of an article, who the pronoun it
// opens with refers to (see openingPronoun), or "".
func referents(sents []sentence) []string {
	out := make([]string, len(sents))
	var people map[string]bool
	for k := 1; k < len(sents); k++ {
		p := openingPronoun(sents[k].text)
		if p == "" {
			continue
		}
		prev := sents[k-1].text
		if openingPronoun(prev) == p {
			out[k] = out[k-1] // "He said ... He added ...": the same one
			continue
		}
		if p == "It" {
			out[k] = attributedBody(prev)
			continue
		}
		if people == nil {
			people = articlePeople(sents)
		}
		out[k] = personIn(prev, people)
	}
	return out
}

// Line returns the event's text as a line read alone: when it opens with a
// pronoun whose referent is known, the referent follows it in brackets
// ("He (Trump) added that ...").
func (e Event) Line() string {
	if e.Refers == "" {
		return e.Text
	}
	p := openingPronoun(e.Text)
	if p == "" {
		return e.Text
	}
	return p + " (" + e.Refers + ")" + e.Text[len(p):]
}

// nameWords returns the words of a run of capitalised words after its
// titles ("U.S. President", "Turkish President" end at the title) and less
// a possessive, and whether a title was among them.
func nameWords(run string) (words []string, titled bool) {
	for _, w := range strings.Fields(run) {
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		if titles[w] && w != "of" || roleNouns[strings.ToLower(w)] {
			titled = true
			words = words[:0]
			continue
		}
		if calendarWord(w) || w == "the" || w == "The" || w == "of" {
			words = words[:0]
			continue
		}
		words = append(words, w)
	}
	return words, titled
}

// pronouns are capitalised at a sentence's start and name no one.
var pronouns = map[string]bool{"He": true, "She": true, "It": true, "They": true, "We": true, "I": true}

// romanRe matches the number of a monarch or pope ("Leo XIV").
var romanRe = lazyRe(`^[IVXLC]+$`)
