package bot

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/talkbot/talkbot/retrieval"
)

// A request for a summary ("summarise the talks", "give me an overview of
// the Riyadh meeting") asks for no fact a sentence holds: searched as a
// question, it quoted whichever three sentences held "talks" best. Without
// a model it is answered with what news writes to sum up a story: the
// opening sentences of its articles, spread over its days, in date order.

// summaryRequest matches a request for a summary; its group is what of.
var summaryRequest = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*(?:(?:can|could|would) you\s+|please\s+)?` +
		`(?:summari[sz]e|sum up|give (?:me |us )?(?:a |an )?(?:short |brief |quick )?(?:summary|overview|rundown)(?:\s+of)?|` +
		`(?:a\s+)?(?:short |brief |quick )?(?:summary|overview|rundown)(?:\s+of)?)(?:\s+(.*?))?[\s?.!]*$`)
})

// recapOf matches "tldr of X", "recap of X": a summary of X. Alone,
// "tldr" and "recap" ask for the latest news (dayquestion.go).
var recapOf = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*(?:tl;?dr|recap)\s+(?:of|on)\s+(.+?)[\s?.!]*$`)
})

// summaryLeads is how many articles' opening sentences a summary quotes.
const summaryLeads = 5

// summaryOf returns, for a request for a summary, whether it is one and
// the terms of what it is about beyond the topic's own ("the talks"):
// none for the whole story.
func summaryOf(an analyzer, search string, setting map[string]bool) (about []string, ok bool) {
	m := summaryRequest().FindStringSubmatch(search)
	if m == nil {
		m = recapOf().FindStringSubmatch(search)
	}
	if m == nil {
		return nil, false
	}
	for _, w := range strings.Fields(strings.ToLower(m[1])) {
		if summaryFiller[strings.Trim(w, ",.;:!?'’\"")] {
			continue
		}
		for _, t := range an(w) {
			if !setting[t] {
				about = append(about, t)
			}
		}
	}
	return about, true
}

// How a summary's articles are found, in order: by their headline, by a
// passage that says all of its subject, by one that says some of it.
const (
	headline = iota
	allTerms
	anyTerm
)

// summaryFiller are the words of a request for a summary that say nothing
// of its subject: "summarise everything so far", "an overview of the news".
var summaryFiller = wordSet(`everything so far story stories stuff news situation latest whole all things it this them please`)

// summaryAnswer quotes the opening sentence of up to summaryLeads
// articles, spread over the story's days and in date order: of every
// article when about is empty, else of the articles of the passages res
// ranks for it. nil when there is nothing to quote.
func (e *Engine) summaryAnswer(snap *Snapshot, question string, about []string, res []retrieval.Result) *Answer {
	if slices.ContainsFunc(about, func(t string) bool { return snap.Index.DocFreq(t) == 0 }) {
		// "Summary of the Riyadh meeting" of articles that never write
		// "Riyadh": not the whole story's summary, but the refusal that
		// names the word (and where the articles put it otherwise).
		return nil
	}
	var arts []*retrieval.Article
	found := headline // how the articles were found: their openings are about the subject
	if len(about) == 0 {
		arts = slices.Clone(snap.Index.Corpus().Articles)
	} else {
		// The articles whose headline says all of it (they are about it:
		// "Oval Office" in the headline of the clash, whose text says
		// "White House"), or failing those, of the passages that say all
		// of it ("Riyadh" and "meeting"), or failing those, of the
		// passages it was found in.
		for _, pass := range []int{headline, allTerms, anyTerm} {
			for _, r := range res {
				f := snap.facts.of(snap.Index.Analyze, r.Article) // read once per article
				held := f.passage(snap.Index.Analyze, r.Passage).held
				if pass == headline {
					held = f.head
				}
				has := func(t string) bool { return held[t] }
				if !slices.Contains(arts, r.Article) && (pass != anyTerm && !slices.ContainsFunc(about, func(t string) bool { return !has(t) }) || pass == anyTerm && slices.ContainsFunc(about, has)) {
					arts = append(arts, r.Article)
				}
			}
			if len(arts) > 0 {
				found = pass
				break
			}
		}
	}
	arts = slices.DeleteFunc(arts, func(a *retrieval.Article) bool { return len(a.Passages) == 0 })
	if len(arts) == 0 {
		return nil
	}
	slices.SortStableFunc(arts, func(a, b *retrieval.Article) int { return a.Date.Compare(b.Date) })
	picked := arts
	if len(arts) > summaryLeads {
		// Spread over the story: its first and last articles, and those
		// between at even steps.
		picked = nil
		for i := range summaryLeads {
			picked = append(picked, arts[i*(len(arts)-1)/(summaryLeads-1)])
		}
	}
	var cites citations
	var b strings.Builder
	for _, a := range picked {
		f := snap.facts.of(snap.Index.Analyze, a)
		if found != headline {
			// Articles about something else that say it in passing ("the
			// Saudi meeting" in a story of the summit's preparations):
			// their sentences that say it, not their openings.
			perArticle := max(1, min(3, summaryLeads/len(picked)))
			for pi, ps := range f.passages {
				for si, st := range ps.terms {
					if perArticle > 0 && (found == allTerms && !slices.ContainsFunc(about, func(t string) bool { return !st[t] }) ||
						found == anyTerm && slices.ContainsFunc(about, func(t string) bool { return st[t] })) {
						writeQuote(&b, clipQuote(ps.text[si], maxQuoteChars), cites.add(retrieval.Result{Article: a, Passage: a.Passages[pi]}))
						perArticle--
					}
				}
			}
			continue
		}
		if len(f.passages) == 0 || len(f.passages[0].text) == 0 {
			continue
		}
		writeQuote(&b, clipQuote(f.passages[0].text[0], maxQuoteChars), cites.add(retrieval.Result{Article: a, Passage: a.Passages[0]}))
	}
	if b.Len() == 0 {
		return nil
	}
	from, to := picked[0].Date.Format("January 2"), picked[len(picked)-1].Date.Format("January 2, 2006")
	head := "In brief, from the opening sentences of the articles, " + from + " to " + to + ": "
	switch oneDay := from+", "+picked[0].Date.Format("2006") == to; {
	case found != headline && oneDay:
		head = "In brief, from what the articles of " + to + " say of it: "
	case found != headline:
		head = "In brief, from what the articles say of it, " + from + " to " + to + ": "
	case oneDay:
		head = "In brief, from the opening sentences of the articles of " + to + ": "
	}
	return &Answer{Question: question, Mode: ModeExtractive, Text: head + b.String(), Citations: cites.list}
}
