package timeline

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/retrieval"
)

// compareLimit bounds how many members of a cluster a new report is
// compared with, so merging stays linear in the reports of one date.
const compareLimit = 4

// clusterReach bounds how many clusters of the same date a new report is
// compared with.
const clusterReach = 64

// Two reports are of the same event when they share a date and at least
// minShared content terms making up at least minOverlap of the shorter one.
const (
	minShared  = 3
	minOverlap = 0.5
)

// dateTerms are analysed terms that say when rather than what, and
// reporting verbs that say who spoke rather than what happened; neither
// makes two reports the same event. Built on first use: analysing them
// reads retrieval's irregular verbs, which a command without a timeline
// need not parse.
var dateTerms = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	words := strings.Fields("today yesterday tomorrow week weekend month year " +
		"last next earlier later ago said says told added noted stressed")
	for mo := time.January; mo <= time.December; mo++ {
		words = append(words, mo.String())
	}
	for d := time.Sunday; d <= time.Saturday; d++ {
		words = append(words, d.String())
	}
	for _, w := range words {
		for _, t := range retrieval.Analyze(w) {
			m[t] = true
		}
	}
	return m
})

// terms are the distinct analysed terms of a report that describe what
// happened, the subset that does not come from names, and the terms of its
// names (capitalised words: people, places, organisations).
type terms struct {
	all, common, names map[string]bool
}

// contentTerms analyses a report's text for comparison with others.
func contentTerms(text string) terms {
	names := map[string]bool{}
	for _, w := range wordRe().FindAllString(text, -1) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			for _, t := range retrieval.Analyze(w) {
				names[t] = true
			}
		}
	}
	out := terms{all: map[string]bool{}, common: map[string]bool{}, names: map[string]bool{}}
	for _, t := range retrieval.Analyze(text) {
		if dateTerms()[t] || isNumber(t) {
			continue
		}
		out.all[t] = true
		if names[t] {
			out.names[t] = true
		} else {
			out.common[t] = true
		}
	}
	return out
}

func isNumber(t string) bool {
	for _, r := range t {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return t != ""
}

// similar reports whether two reports describe the same event.
func similar(a, b terms) bool { return overlaps(a.all, b.all) }

// closelySimilar is similar with at least two shared terms that are not
// names: reports dated only roughly must agree on what happened, not just
// on who was involved.
func closelySimilar(a, b terms) bool {
	shared := 0
	for t := range a.common {
		if b.common[t] {
			shared++
		}
	}
	return shared >= 2 && similar(a, b)
}

func overlaps(a, b map[string]bool) bool {
	shared := 0
	for t := range a {
		if b[t] {
			shared++
		}
	}
	small := min(len(a), len(b))
	return small > 0 && shared >= minShared && float64(shared)/float64(small) >= minOverlap
}

// cluster is one event being assembled from raw events.
type cluster struct {
	members []rawEvent
	terms   []terms
}

// merge joins raw events of different passages that report the same event:
// the same dates and overlapping content, or a vaguer date ("last week") that
// holds a precise one from another article, in the same tense, with
// overlapping content or a reference to the occasion the precise report
// dates (see containing). The merged event keeps the
// most precise date and the wording of its earliest report, preferring a
// report of it as done over one of it as planned.
func merge(raws []rawEvent) []Event {
	slices.SortStableFunc(raws, compareRaw)
	type key struct {
		date, end int64
		gran      Granularity
	}
	keyOf := func(sp span) key { return key{sp.date.Unix(), sp.end.Unix(), sp.gran} }
	var cs []*cluster
	bySpan := map[key][]*cluster{}
	for _, r := range raws {
		terms := contentTerms(r.text)
		var home *cluster
		same := bySpan[keyOf(r.span)]
		noun := planNoun(r)
	find:
		// Only the clusters of the date opened last: the bound keeps
		// merging linear when an article holds thousands of different
		// reports of one date (a scraped page without full stops).
		for _, c := range same[max(0, len(same)-clusterReach):] {
			for k, m := range c.members[:min(len(c.members), compareLimit)] {
				if undatedPlan(m) || undatedPlan(r) || statementDate(m) != statementDate(r) {
					continue
				}
				if m.src.Passage.ID != r.src.Passage.ID && similar(c.terms[k], terms) ||
					noun != "" && noun == planNoun(m) && (oneOfADay[noun] || sharesName(c.terms[k], terms)) {
					home = c
					break find
				}
			}
		}
		if home == nil {
			home = &cluster{}
			cs = append(cs, home)
			bySpan[keyOf(r.span)] = append(bySpan[keyOf(r.span)], home)
		}
		home.members = append(home.members, r)
		home.terms = append(home.terms, terms)
	}
	// Fold a vague cluster into a precise one it contains, from another
	// article, when their reports agree. cs is in date order, so the day
	// clusters within a range are found by binary search.
	var days []*cluster
	for _, c := range cs {
		if sp := c.members[0].span; sp.gran == Day && sp.end.IsZero() {
			days = append(days, c)
		}
	}
	var kept []*cluster
	for _, c := range cs {
		if into := containing(c, days); into != nil {
			into.members = append(into.members, c.members...)
			into.terms = append(into.terms, c.terms...)
			continue
		}
		kept = append(kept, c)
	}
	out := make([]Event, 0, len(kept))
	for _, c := range kept {
		out = append(out, c.event())
	}
	slices.SortStableFunc(out, compareEvents)
	return out
}

// planNouns name what a plan's day can belong to: "a 30-day ceasefire
// from Monday", "talks in Istanbul on Thursday".
var planNouns = map[string]string{
	"ceasefire": "ceasefire", "truce": "ceasefire", "talks": "talks", "negotiations": "talks",
	"meeting": "meeting", "summit": "summit", "call": "call", "visit": "visit", "vote": "vote",
	"exchange": "exchange", "parade": "parade", "signing": "signing",
}

// oneOfADay are the plan nouns of which one day holds one: two reports of a
// ceasefire starting on Monday are of the same ceasefire, while two meetings
// on Monday must also share a name to be one.
var oneOfADay = map[string]bool{"ceasefire": true}

// planReach is how many words before its day the noun of a plan may stand:
// "the ceasefire, which they want to begin on Monday".
const planReach = 7

// planNoun returns what planned report r's day belongs to (see planNouns):
// the nearest plan noun at most planReach words before its date phrase; ""
// for reports that are no plans, span days or name no such noun. Reports of
// one plan in different words ("ceasefire starting on Monday", "ceasefire
// from Monday", "the ceasefire, which they want to begin on Monday") share
// too few words to merge as similar, and share this.
func planNoun(r rawEvent) string {
	if r.tense != Planned || r.gran != Day || !r.end.IsZero() || r.phrase == "" {
		return ""
	}
	phrase, _, _ := strings.Cut(r.phrase, "; ")
	at := strings.Index(r.text, phrase)
	if at < 0 {
		return ""
	}
	toks := tokenize(r.text[:at])
	for i := len(toks) - 1; i >= 0 && i >= len(toks)-planReach; i-- {
		if n := planNouns[toks[i].word]; n != "" {
			return n
		}
	}
	return ""
}

// sharesName reports whether two reports name a person, place or
// organisation in common.
func sharesName(a, b terms) bool {
	for t := range a.names {
		if b.names[t] {
			return true
		}
	}
	return false
}

// undatedPlan reports whether r is a plan dated only by its article's
// framing ("the delegation was expected to meet the Americans again"): it
// names no day of its own for another report to agree on.
func undatedPlan(r rawEvent) bool { return r.phrase == "" && r.tense == Planned }

// statementDate reports whether r's date is that of a statement ("Starmer
// said on Sunday that ..."), not of the occasion it reports ("Britain will
// host a summit on Sunday"). The two are different events even when they
// share a day and words: the one who announced a summit did not report what
// was said at it.
func statementDate(r rawEvent) bool {
	phrase, _, _ := strings.Cut(r.phrase, "; ")
	at := strings.Index(r.text, phrase)
	if phrase == "" || at < 0 {
		return false
	}
	w, start := lastWord(r.text, at)
	for strings.EqualFold(w, "late") || strings.EqualFold(w, "early") || strings.EqualFold(w, "also") {
		w, start = lastWord(r.text, start)
	}
	return hasVerb(strings.ToLower(w), reportVerb)
}

// containing returns the day-precise cluster within vague cluster c's range
// that c's reports, from another article and in the same tense, are about;
// or nil. days is sorted by date.
//
// A day cluster qualifies when a pair of reports agrees closely on what
// happened (closelySimilar), or when the vague report only refers to an
// occasion ("a high-level meeting last week") that the precise one dates
// ("representatives meeting in Saudi Arabia on Feb. 18"): see sameOccasion.
// A reference is weaker evidence, so it must fit exactly one day cluster of
// the range; two meetings that week and the reference stays apart.
func containing(c *cluster, days []*cluster) *cluster {
	v := c.members[0].span
	if v.end.IsZero() {
		return nil
	}
	var refs []*cluster
	i, _ := slices.BinarySearchFunc(days, v.date, func(d *cluster, t time.Time) int { return d.members[0].date.Compare(t) })
	for ; i < len(days) && !days[i].members[0].date.After(v.end); i++ {
		d := days[i]
		ref := false
		for k, m := range c.members[:min(len(c.members), compareLimit)] {
			for j, n := range d.members[:min(len(d.members), compareLimit)] {
				if m.src.Article.ID == n.src.Article.ID || m.tense != n.tense {
					continue
				}
				if closelySimilar(c.terms[k], d.terms[j]) {
					return d
				}
				ref = ref || sameOccasion(m, n, c.terms[k], d.terms[j])
			}
		}
		if ref {
			refs = append(refs, d)
		}
	}
	if len(refs) == 1 {
		return refs[0]
	}
	return nil
}

// sameOccasion reports whether vague report v refers to the occasion that
// day report d dates: both past; d's date is written out, not taken from
// the article's framing; the word each date belongs to names the same kind
// of occasion (a meeting, a call, a visit); the names attached to v's
// occasion ("the meeting in Riyadh last week") all occur in d; and the two
// share a participant or place somewhere in their text.
func sameOccasion(v, d rawEvent, vt, dt terms) bool {
	if v.tense != Past || d.tense != Past || d.phrase == "" || d.gran != Day || !d.end.IsZero() {
		return false
	}
	vo, ok := occasionOf(v.text, v.phrase)
	if !ok {
		return false
	}
	do, ok := occasionOf(d.text, d.phrase)
	if !ok || do.kind != vo.kind {
		return false
	}
	for t := range vo.names {
		if !dt.all[t] {
			return false
		}
	}
	for t := range vt.names {
		if dt.names[t] {
			return true
		}
	}
	return false
}

// occasionWords name occasions a date can belong to, by kind: reports of
// one kind may be of the same event. "talks" and "meeting" are one kind, as
// news uses them for the same thing.
var occasionWords = map[string]string{
	"meet": "meeting", "meets": "meeting", "met": "meeting", "meeting": "meeting", "meetings": "meeting",
	"talks": "meeting", "summit": "meeting", "negotiations": "meeting", "sit-down": "meeting",
	"call": "call", "calls": "call", "phone": "call", "spoke": "call", "conversation": "call",
	"visit": "visit", "visits": "visit", "visited": "visit", "trip": "visit",
}

// occasionReach is how many words before its date the word naming an
// occasion may stand ("meeting in Saudi Arabia on Feb. 18").
const occasionReach = 6

// occasion is what a date belongs to: its kind and the analysed terms of
// the names attached to it.
type occasion struct {
	kind  string
	names map[string]bool
}

// occasionOf finds the occasion the date phrase of text belongs to: the
// word right after it ("the Feb. 18 meeting", "last week's talks") or the
// nearest before it in its clause ("met in Riyadh on Tuesday"). A reporting
// verb in between ("said on Feb. 22") makes the date that of a statement,
// not an occasion. The names attached are the capitalised words of the
// occasion's phrase, from its determiner or clause start to the end of its
// clause.
func occasionOf(text, phrase string) (occasion, bool) {
	phrase, _, _ = strings.Cut(phrase, "; ")
	at := strings.Index(text, phrase)
	if phrase == "" || at < 0 {
		return occasion{}, false
	}
	toks := tokenize(text)
	first, last := -1, -1
	for i, t := range toks {
		if t.end > at && t.start < at+len(phrase) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return occasion{}, false
	}
	head := -1
	if n := last + 1; n < len(toks) && !toks[last].punctAfter && occasionWords[toks[n].word] != "" {
		head = n
	}
	// A day counted from another ("a day after Rubio and Witkoff held
	// talks in Paris") is the day of the clause after it: its occasion is
	// there, not before the phrase.
	if w := toks[last].word; head < 0 && (w == "after" || w == "before") {
		for i := last + 1; i < len(toks) && i <= last+2*occasionReach; i++ {
			if occasionWords[toks[i].word] != "" {
				head = i
				break
			}
			if toks[i].punctAfter || toks[i].punctBefore && i > last+1 {
				break
			}
		}
	}
	for i := first - 1; head < 0 && i >= max(0, first-occasionReach); i-- {
		t := toks[i]
		if t.punctAfter || clauseWords[t.word] || hasVerb(t.word, reportVerb) {
			break
		}
		if occasionWords[t.word] != "" {
			head = i
		}
		if t.punctBefore {
			break
		}
	}
	if head < 0 {
		return occasion{}, false
	}
	// The occasion's phrase: back from the head to a determiner or the
	// clause's start, forward to the clause's end.
	from := min(head, first)
	for from > 0 && !toks[from].punctBefore && !toks[from-1].punctAfter && !determiners[toks[from].word] &&
		!clauseWords[toks[from-1].word] && !cutWords[toks[from-1].word] {
		from--
	}
	to := max(head, last)
	for to+1 < len(toks) && !toks[to].punctAfter && !toks[to+1].punctBefore && !cutWords[toks[to+1].word] && !clauseWords[toks[to+1].word] {
		to++
	}
	o := occasion{kind: occasionWords[toks[head].word], names: map[string]bool{}}
	for i := from; i <= to; i++ {
		if i >= first && i <= last {
			continue
		}
		w := strings.TrimLeftFunc(text[toks[i].start:toks[i].end], func(r rune) bool { return !unicode.IsLetter(r) })
		w = strings.TrimRightFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '.' })
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) || calendarWord(w) || titles[w] || isCommonWord(w) {
			continue
		}
		for _, t := range retrieval.Analyze(w) {
			if !dateTerms()[t] {
				o.names[t] = true
			}
		}
	}
	return o, true
}

// event builds the Event of a cluster: the first member's date (clusters are
// keyed by it), the earliest report's wording (a report of it done over
// one of it planned) and every source once, oldest article first.
func (c *cluster) event() Event {
	first := c.members[0]
	lead := first
	for _, m := range c.members {
		if m.tense == Past && lead.tense != Past {
			lead = m
		}
	}
	tense := first.tense
	if lead.tense == Past {
		tense = Past
	}
	e := Event{Date: first.date, End: first.span.end, Granularity: first.gran, Tense: tense, Text: lead.text, Phrase: lead.phrase, Refers: lead.refers}
	seen := map[string]bool{}
	members := slices.Clone(c.members)
	slices.SortStableFunc(members, func(a, b rawEvent) int {
		return cmp.Or(
			a.src.Article.Date.Compare(b.src.Article.Date),
			cmp.Compare(a.src.Article.ID, b.src.Article.ID),
			cmp.Compare(a.seq, b.seq),
		)
	})
	for _, m := range members {
		if !seen[m.src.Passage.ID] {
			seen[m.src.Passage.ID] = true
			e.Sources = append(e.Sources, m.src)
		}
	}
	return e
}

// compareRaw orders raw events by date, then by article (date, id) and
// position, so merging is deterministic.
func compareRaw(a, b rawEvent) int {
	return cmp.Or(
		a.date.Compare(b.date),
		a.span.end.Compare(b.span.end),
		a.src.Article.Date.Compare(b.src.Article.Date),
		cmp.Compare(a.src.Article.ID, b.src.Article.ID),
		cmp.Compare(a.seq, b.seq),
	)
}

// granRank orders granularities from precise to vague.
var granRank = map[Granularity]int{Day: 0, Week: 1, Month: 2, Year: 3}

// compareEvents is the timeline's order: by start date, precise before
// vague, shorter ranges first, then by first source.
func compareEvents(a, b Event) int {
	return cmp.Or(
		a.Date.Compare(b.Date),
		cmp.Compare(granRank[a.Granularity], granRank[b.Granularity]),
		a.End.Compare(b.End),
		a.Sources[0].Article.Date.Compare(b.Sources[0].Article.Date),
		cmp.Compare(a.Sources[0].Article.ID, b.Sources[0].Article.ID),
		cmp.Compare(a.Sources[0].Passage.N, b.Sources[0].Passage.N),
	)
}
