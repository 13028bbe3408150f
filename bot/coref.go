package bot

import (
	"regexp"
	"strings"
	"sync"

	"github.com/talkbot/talkbot/retrieval"
)

// News names a person once, with a title ("Defence Minister Rustem
// Umerov", "Kremlin spokesman Dmitry Peskov", "Russia's deputy foreign
// minister, Sergei Ryabkov"), and then often by the title alone ("Ukraine's
// defence minister said ..."). A sentence that refers to someone by title
// says nothing a question naming that person shares, so the judge lends it
// the person's name: a light coreference, from the article's own
// title–name pairs.

// roleNouns are the title words of people in the news.
const roleNouns = `minister|spokesman|spokeswoman|spokesperson|adviser|advisor|envoy|secretary|president|` +
	`chancellor|director|ambassador|aide|negotiator|premier|commissioner|chief|counterpart|mediator|general`

// isRoleNoun reports whether w is one of roleNouns, in any case.
func isRoleNoun(w string) bool { return roleNounSet()[strings.ToLower(w)] }

// roleNounSet holds roleNouns, split once, not on every word asked about.
var roleNounSet = sync.OnceValue(func() map[string]bool { return wordSet(strings.ReplaceAll(roleNouns, "|", " ")) })

var (
	// titledName matches a title (up to two words and the role noun,
	// and the place it is held for) followed by a name: "Defence Minister
	// Rustem Umerov", "foreign minister, Hakan Fidan", "ambassador to
	// Washington, Alexander Darchiev".
	titledName = regexp.MustCompile(`(?i:\b((?:[\p{L}]+\s+)?(?:` + roleNouns + `)))\b(?:\s+(?:to|in)\s+(?:the\s+)?\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*)?,)?,?\s+((?:\p{Lu}[\p{L}'’-]+\s+){0,2}\p{Lu}\p{Ll}[\p{L}'’-]*)`)
	// nameTitled matches a name followed by its title: "Steve Witkoff,
	// Trump's special envoy", "Hakan Fidan, the foreign minister".
	nameTitled = regexp.MustCompile(`(\p{Lu}\p{Ll}[\p{L}'’-]*(?:\s+\p{Lu}\p{Ll}[\p{L}'’-]*){0,2}),\s+(?:the\s+|\p{Lu}[\p{L}]*(?:'s|’s)\s+)?(?i:((?:[\p{L}]+\s+)?(?:` + roleNouns + `)))\b`)
	// roleWord matches a title word, which answers "what job ...".
	roleWord = regexp.MustCompile(`(?i)\b(?:` + roleNouns + `|minister|mayor|king|queen|prince|general|commander|head of|leader|chairman|governor|senator|official|diplomat|envoy)s?\b`)
)

var titleStop = map[string]bool{"the": true, "a": true, "an": true, "his": true, "her": true,
	"its": true, "their": true, "and": true, "of": true, "former": true, "new": true, "by": true, "said": true,
	"with": true, "to": true, "as": true, "our": true, "whose": true, "that": true}

// titles maps an article's titles (lower case, as the article writes them:
// "defence minister") to the terms of the one person the article gives
// each title to. A title the article gives to two people is left out.
type titles map[string]map[string]bool

func articleTitles(an analyzer, a *retrieval.Article) titles {
	names := map[string]string{} // title → the name written with it
	ambiguous := map[string]bool{}
	add := func(title, name string) {
		words := strings.Fields(strings.ToLower(title))
		name = strings.TrimSpace(name)
		// A bare role noun ("president") or one after an article ("the
		// minister") names too many people to stand for one.
		if len(words) != 2 || titleStop[words[0]] || name == "" {
			return
		}
		title = strings.Join(words, " ")
		if ambiguous[title] {
			return
		}
		if prev, ok := names[title]; ok && !sameName(prev, name) {
			delete(names, title)
			ambiguous[title] = true
			return
		}
		if prev, ok := names[title]; !ok || len(name) > len(prev) {
			names[title] = name
		}
	}
	for _, p := range a.Passages {
		for _, tp := range titlePatterns {
			for _, m := range tp.matches(p.Text) {
				add(p.Text[m[2*tp.title]:m[2*tp.title+1]], p.Text[m[2*tp.name]:m[2*tp.name+1]])
			}
		}
	}
	out := titles{}
	for title, name := range names {
		out[title] = termSet(an, name)
	}
	return out
}

// sameName reports whether two written names are one person's: the same
// surname ("Dmitry Peskov", "Peskov").
func sameName(a, b string) bool {
	fa, fb := strings.Fields(a), strings.Fields(b)
	return fa[len(fa)-1] == fb[len(fb)-1]
}

// referents returns the terms of the people sentence s refers to by title
// alone, from the article's titles.
func (t titles) referents(s string) map[string]bool {
	if len(t) == 0 {
		return nil
	}
	l := strings.ToLower(s)
	var out map[string]bool
	for title, name := range t {
		if !strings.Contains(l, title) {
			continue
		}
		for term := range name {
			if out == nil {
				out = map[string]bool{}
			}
			out[term] = true
		}
	}
	return out
}

// bareTitle matches a person referred to by title alone ("Russia's deputy
// foreign minister said", "the Kremlin spokesman"); a name right after the
// title (captured) means the person is named after all.
var bareTitle = regexp.MustCompile(`(?i:(?:'s|’s|\bthe)\s+(?:[\p{L}-]+\s+){0,2}(?:` + roleNouns + `))\b(,?\s+\p{Lu})?`)

// leadsToName reports whether s refers to someone by title alone, so that
// the names of a sentence after it (news names the person a sentence or
// two later: "..., Russia's deputy foreign minister said. ... Sergei
// Ryabkov said ...") may be lent to it (see lentNames).
func leadsToName(s string) bool {
	for _, m := range bareTitle.FindAllStringSubmatch(s, -1) {
		if m[1] == "" {
			return true
		}
	}
	return false
}

// speakingTitles returns the titles that speak in s, standing alone: a
// verb of saying right after the title ("..., Ukraine's defence minister
// said") or right before it ("said Russia's deputy foreign minister").
func speakingTitles(s string) []string {
	var out []string
	for _, loc := range bareTitle.FindAllStringSubmatchIndex(s, -1) {
		if loc[2] >= 0 {
			continue // "the Kremlin spokesman, Dmitry Peskov": named after all
		}
		after := strings.Fields(s[loc[1]:])
		before := strings.Fields(s[:loc[0]])
		if len(before) > 0 && !strings.HasPrefix(strings.ToLower(s[loc[0]:]), "the") {
			before = before[:len(before)-1] // the possessor: "said Russia's deputy ..."
		}
		if len(after) > 0 && speechVerbs[strings.ToLower(strings.Trim(after[0], ".,;:"))] ||
			len(before) > 0 && speechVerbs[strings.ToLower(strings.Trim(before[len(before)-1], ".,;:"))] {
			out = append(out, s[loc[0]:loc[1]])
		}
	}
	return out
}

// nameTerms returns the terms of the capitalised words of s after its
// first: the people and places it names.
func nameTerms(an analyzer, s string) map[string]bool {
	out := map[string]bool{}
	for _, m := range properName().FindAllString(s, -1) {
		if calendarWords.MatchString(strings.TrimSpace(m)) {
			continue
		}
		for _, t := range an(m) {
			out[t] = true
		}
	}
	return out
}

// speaksFor reports whether one of the sets of people a sentence names by
// title alone holds a speaker the question asks about ("what did Umerov
// say").
func speaksFor(terms []qterm, people ...map[string]bool) bool {
	for _, t := range terms {
		if !t.speaker {
			continue
		}
		for _, p := range people {
			if p[t.term] {
				return true
			}
		}
	}
	return false
}
