package bot

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/retrieval/timeline"
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
		`(?:a\s+)?(?:short |brief |quick )?(?:summary|overview|rundown)(?:\s+of)?)` +
		`(?:\s+(.*?))?[\s?.!]*$`)
})

// subjectRequest matches a request about a subject that is no question
// ("tell me about the istanbul talks", "explain the minerals deal", "give
// me the gist of ..."); its group is the subject. Not "explain why ...",
// which asks why (explainsWhy).
var subjectRequest = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*(?:(?:can|could|would) you\s+|please\s+)?` +
		`(?:tell (?:me|us) (?:more )?about|explain(?:\s+(?:to me|to us))?|brief (?:me|us) on|fill (?:me|us) in on|catch (?:me|us) up on|walk (?:me|us) through|` +
		`(?:give (?:me |us )?)?(?:the |a )?(?:gist|key points|main points|highlights)(?:\s+of)?)` +
		`(?:\s+(.*?))?[\s?.!]*$`)
})

// aboutQuestion matches "what's the alaska summit about", a request about
// a subject asked as a question; its group is the subject, a thing ("the
// ...", "this"), not someone's feelings or doings ("what was trump angry
// about", "what were they talking about": questions).
var aboutQuestion = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*what(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+((?:the|this|that|these|those|a|an)\b.*?|it|this|that)\s+(?:all\s+)?about[\s?.!]*$`)
})

// feelsOrDoes reports whether the subject of "what is X about" ends in how
// someone feels or what they do ("the europeans worried", "the leaders
// talking", "the president asked"): X asks what about, no subject. Not
// "the meeting", "the briefing".
func feelsOrDoes(subject string) bool {
	f := strings.Fields(strings.ToLower(subject))
	w := strings.Trim(f[len(f)-1], "?.!,")
	return len(f) > 1 && (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing") && !nounsInIng()[w] || feelings()[w])
}

// nounsInIng are the nouns in "-ing" a subject may end with.
var nounsInIng = sync.OnceValue(func() map[string]bool {
	return wordSet(`meeting meetings briefing briefings hearing hearings signing signings bombing bombings shelling killing killings offering ruling rulings building buildings funding spending landing gathering gatherings warning warnings wording`)
})

// feelings are the words of how someone feels that "what is X about" may
// end X with.
var feelings = sync.OnceValue(func() map[string]bool {
	return wordSet(`angry upset worried concerned happy unhappy sad mad furious anxious nervous afraid scared optimistic pessimistic sure unsure confused curious annoyed`)
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
// none for the whole story. subject marks a request about a subject
// (subjectRequest), which the judge answers as a question when no
// article's headline says all of it.
func summaryOf(an analyzer, search string, setting map[string]bool) (about []string, subject, ok bool) {
	m := summaryRequest().FindStringSubmatch(search)
	if m == nil {
		m = recapOf().FindStringSubmatch(search)
	}
	if m == nil {
		if m = subjectRequest().FindStringSubmatch(search); m == nil {
			if m = aboutQuestion().FindStringSubmatch(search); m != nil && feelsOrDoes(m[1]) {
				m = nil // "what were the leaders talking about": a question
			}
		}
		if m == nil || explainsWhy(m[1]) {
			return nil, false, false // "explain why ...": a question, of why
		}
		subject = true
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
	return about, subject, true
}

// summaryFind is how a summary's articles are found, tried in order: by
// their headline, by a passage that says all of its subject, by one that
// says some of it.
type summaryFind int

const (
	byHeadline summaryFind = iota
	byAllTerms
	byAnyTerm
)

// says reports whether a set of terms says the subject about as find asks:
// all of it, or for byAnyTerm some of it.
func (find summaryFind) says(set map[string]bool, about []string) bool {
	if find == byAnyTerm {
		return slices.ContainsFunc(about, func(t string) bool { return set[t] })
	}
	return !slices.ContainsFunc(about, func(t string) bool { return !set[t] })
}

// summaryFiller are the words of a request for a summary that say nothing
// of its subject: "summarise everything so far", "an overview of the news".
var summaryFiller = wordSet(`everything so far story stories stuff news situation latest whole all things it this them please what happened happening going on`)

// explainsWhy reports whether what a request asks to explain is a question
// ("why zelensky pushed back his trip", "how the deal works"), which the
// judge answers.
func explainsWhy(what string) bool {
	w, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(what)), " ")
	switch w {
	case "why", "how", "who", "whom", "whose", "when", "where", "which", "whether", "if",
		"yourself", "you", "your": // "tell me about yourself": about the bot, not the story
		return true
	}
	return false
}

// summaryAnswer quotes the opening sentence of up to summaryLeads
// articles, spread over the story's days and in date order: of every
// article when about is empty, else of the articles of the passages res
// ranks for it. nil when there is nothing to quote.
func (e *Engine) summaryAnswer(snap *Snapshot, question string, about []string, subject bool, res []retrieval.Result) *Answer {
	if slices.ContainsFunc(about, func(t string) bool { return snap.Index.DocFreq(t) == 0 }) {
		// "Summary of the Riyadh meeting" of articles that never write
		// "Riyadh": not the whole story's summary, but the refusal that
		// names the word (and where the articles put it otherwise).
		return nil
	}
	var arts []*retrieval.Article
	found := byHeadline // how the articles were found: by headline, their openings are about the subject
	finds := []summaryFind{byHeadline, byAllTerms, byAnyTerm}
	if subject {
		// "give me the gist of rubio's warning in paris": a subject no
		// headline says whole is better asked as a question than
		// answered with the passages that name it.
		finds = finds[:1]
	}
	if len(about) == 0 {
		arts = slices.Clone(snap.Index.Corpus().Articles)
	} else {
		// The articles whose headline says all of it (they are about it:
		// "Oval Office" in the headline of the clash, whose text says
		// "White House"), or failing those, of the passages that say all
		// of it ("Riyadh" and "meeting"), or failing those, of the
		// passages it was found in.
		for _, find := range finds {
			for _, r := range res {
				f := snap.facts.of(snap.Index.Analyze, r.Article) // read once per article
				held := f.passage(snap.Index.Analyze, r.Passage).held
				if find == byHeadline {
					held = f.head
				}
				if !slices.Contains(arts, r.Article) && (find.says(held, about) || find == byHeadline && ledeSetIn(snap.Index.Analyze, f, about)) {
					arts = append(arts, r.Article)
				}
			}
			if len(arts) > 0 {
				found = find
				break
			}
		}
	}
	arts = slices.DeleteFunc(arts, func(a *retrieval.Article) bool { return len(a.Passages) == 0 })
	if len(arts) == 0 {
		return nil
	}
	slices.SortStableFunc(arts, func(a, b *retrieval.Article) int { return a.Date.Compare(b.Date) })
	picked := spread(arts, summaryLeads) // the story's first and last articles, and those between at even steps
	var qs []dayQuote
	for _, a := range picked {
		f := snap.facts.of(snap.Index.Analyze, a)
		if found == byHeadline {
			if len(f.passages) > 0 && len(f.passages[0].text) > 0 {
				qs = append(qs, dayQuote{src: timeline.Source{Article: a, Passage: a.Passages[0]}, text: f.passages[0].text[0]})
			}
			continue
		}
		// Articles about something else that say it in passing ("the
		// Saudi meeting" in a story of the summit's preparations): their
		// sentences that say it, not their openings.
		perArticle := max(1, min(3, summaryLeads/len(picked)))
		for pi, ps := range f.passages {
			for si, st := range ps.terms {
				if perArticle > 0 && found.says(st, about) {
					qs = append(qs, dayQuote{src: timeline.Source{Article: a, Passage: a.Passages[pi]}, text: ps.text[si]})
					perArticle--
				}
			}
		}
	}
	first, last := picked[0].Date, picked[len(picked)-1].Date
	oneDay := first.Format(time.DateOnly) == last.Format(time.DateOnly)
	var head string
	one := len(picked) == 1
	switch {
	case found != byHeadline && one:
		head = "In brief, from what the article of " + last.Format("January 2, 2006") + " says of it: "
	case found != byHeadline && oneDay:
		head = "In brief, from what the articles of " + last.Format("January 2, 2006") + " say of it: "
	case found != byHeadline:
		head = "In brief, from what the articles say of it, " + daysSpan(first, last) + ": "
	case one:
		head = "In brief, from the opening sentence of the article of " + last.Format("January 2, 2006") + ": "
	case oneDay:
		head = "In brief, from the opening sentences of the articles of " + last.Format("January 2, 2006") + ": "
	default:
		head = "In brief, from the opening sentences of the articles, " + daysSpan(first, last) + ": "
	}
	return quotedAnswer(question, head, qs)
}

// ledeSetIn reports whether an article's first sentence says all of about
// and sets its event in it ("met face to face in Istanbul on Friday"): the
// article is about it though its headline does not say so ("Russia and
// Ukraine agree to swap 1,000 prisoners each"). Not a lede that names it in
// passing ("the first meeting since the Oval Office argument").
func ledeSetIn(an analyzer, f *articleFact, about []string) bool {
	if len(f.passages) == 0 || len(f.passages[0].text) == 0 || len(about) == 0 {
		return false
	}
	if !byAllTerms.says(f.passages[0].terms[0], about) {
		return false
	}
	words := strings.Fields(f.passages[0].text[0])
	for i := 1; i < len(words); i++ {
		switch strings.ToLower(words[i-1]) {
		case "in", "at":
			if slices.Contains(about, firstTerm(an, words[i])) {
				return true
			}
		}
	}
	return false
}

// firstTerm is the first term of w, "" for none.
func firstTerm(an analyzer, w string) string {
	if ts := an(strings.Trim(w, ".,;:'’\"“”")); len(ts) > 0 {
		return ts[0]
	}
	return ""
}
