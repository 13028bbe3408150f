package timeline

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/retrieval"
)

// anchorWindow is how far before its article a date may lie and still set
// the day that later undated reporting refers to. Older dates are background
// ("the invasion on Feb. 24, 2022"), not the day the article reports on.
const anchorWindow = 14 * 24 * time.Hour

// notReporting are words that, just before a reporting verb, make it
// something other than a dated statement: a perfect ("has said"), a modal
// ("would say") or a passive ("was told").
var notReporting = map[string]bool{
	"has": true, "have": true, "had": true, "would": true, "will": true, "to": true, "be": true,
	"been": true, "being": true, "was": true, "were": true, "is": true, "are": true, "could": true,
	"should": true, "may": true, "might": true, "must": true, "can": true, "not": true, "never": true,
}

// sentence is one sentence of an article, read once: the rules of clauses
// and events share its words and verbs rather than each reading the text
// again. Its answers are kept as they are first asked for.
type sentence struct {
	pi      int // the passage it is in
	k       int // its place in its article
	text    string
	dates   []dated
	counted []expr // dated once the article's account is known

	toks      []token // the words, read when first needed
	tokRead   bool
	reporting [][]int // where its reporting verbs stand
	repRead   bool
	reports   answer // see (*sentence).statement
	ofDay     answer // see (*sentence).ofTheDay
	before    answer // see (*sentence).earlier
}

// answer is a yes/no a sentence works out once: unknown until asked.
type answer int8

const (
	unknown answer = iota
	no
	yes
)

// once returns the answer, working it out with f the first time.
func (a *answer) once(f func() bool) bool {
	if *a == unknown {
		*a = no
		if f() {
			*a = yes
		}
	}
	return *a == yes
}

func newSentence(text string) *sentence { return &sentence{text: text} }

// tokens returns the sentence's words (see tokenize), read once.
func (s *sentence) tokens() []token {
	if !s.tokRead {
		s.toks, s.tokRead = tokenize(s.text), true
	}
	return s.toks
}

// reportingVerbs returns where the sentence's reporting verbs stand.
func (s *sentence) reportingVerbs() [][]int {
	if !s.repRead {
		s.reporting, s.repRead = verbsIn(s.text, reportVerb), true
	}
	return s.reporting
}

// statement says whether the sentence holds a statement reported as made,
// with no tense-shifting auxiliary before its verb.
func (s *sentence) statement() bool {
	return s.reports.once(func() bool { return pastVerbIn(s.text, s.reportingVerbs(), false) })
}

// happened says whether sentence s reports an event done (see eventVerb),
// with no auxiliary but "was" or "were" before its verb; a sentence that
// opens with "No" ("No Ukrainian officials took part") says what did not
// happen.
func happened(s string) bool {
	if strings.HasPrefix(s, "No ") || backgroundRe().MatchString(s) {
		return false
	}
	// "The meeting came as Washington paused aid" sets the day's event
	// against background: only an event in the clause after "as" is one
	// of the day ("The exchange came as Kellogg arrived in Kyiv").
	if m := cameAsRe().FindStringIndex(s); m != nil {
		s = s[m[1]:]
	}
	return pastVerbIn(s, verbsIn(s, eventVerb), true)
}

// cameAsRe finds an event verb that only places a thing in time
// against another: "came as", "began after", "ended when".
var cameAsRe = lazyRe(`(?i)\b(?:came|ended|began)\s+(?:as|after|when|since|amid)\b`)

// cameWords, before a day counted from another ("The meeting came a day
// after ..."), set the sentence's event against an earlier one that the
// passage goes on to tell of.
var cameWords = map[string]bool{"came": true, "comes": true}

// backgroundRe finds cues that an undated past sentence tells background,
// not what was done on the day: "The bloc first agreed sanctions after the
// annexation of Crimea", "agreed the framework years ago".
var backgroundRe = lazyRe(`(?i)\b(?:years|decades|months) ago\b|\b(?:first|originally|previously|once)\s+(?:\w+\s+)?(?:met|adopted|signed|agreed|approved|endorsed|accepted|voted|visited|began|came|ended)\b|\bsince\s+(?:then|\d{4})\b|\bafter the (?:annexation|invasion|start|outbreak)\b`)

// sameDayRe finds phrases that put a sentence on the day the article's
// account has reached ("On the same day", "earlier in the day", "late in
// the evening"), whatever its verb.
var sameDayRe = lazyRe(`(?i)\b(?:the same day|that day|(?:later|earlier) in the day|in the (?:evening|morning|afternoon)|that (?:evening|morning|afternoon|night))\b`)

// ofTheDay says whether an undated sentence reports something the day the
// account has reached: a statement, an event done, or anything said to be
// that day.
func (s *sentence) ofTheDay() bool {
	return s.ofDay.once(func() bool { return s.statement() || happened(s.text) || saysSameDay(s.text) })
}

// saysSameDay reports whether s is said to be on the day the account has
// reached (see sameDayRe). "The same day as ..." or "the same day for ..."
// compares two days rather than placing s on one ("Easter fell on the same
// day for Catholics and Orthodox Christians"): such a sentence only says
// things coincided, and is no event of its own.
func saysSameDay(s string) bool {
	for _, m := range sameDayRe().FindAllStringIndex(s, -1) {
		rest := strings.ToLower(strings.TrimLeft(s[m[1]:], " "))
		if strings.HasSuffix(strings.ToLower(s[m[0]:m[1]]), "same day") &&
			(strings.HasPrefix(rest, "as ") || strings.HasPrefix(rest, "for ")) {
			continue
		}
		return true
	}
	return false
}

// pastVerbIn says whether s holds one of the verbs found at ms with no
// tense-shifting auxiliary before it; passive lets "was"/"were" stand
// before it.
func pastVerbIn(s string, ms [][]int, passive bool) bool {
	for _, m := range ms {
		// The word before the verb, looking back over adverbs between an
		// auxiliary and the verb ("have also said"). Only the words just
		// before are read, so many verbs in one sentence stay cheap.
		prev, at := "", m[0]
		for {
			w, start := lastWord(s, at)
			w = strings.ToLower(strings.Trim(w, `,"“”'`))
			at = start
			if w == "also" || w == "already" || w == "repeatedly" || w == "previously" || w == "since" || w == "reportedly" {
				continue
			}
			prev = w
			break
		}
		if !notReporting[prev] || passive && (prev == "was" || prev == "were") {
			return true
		}
	}
	return false
}

// lastWord returns the space-separated word that ends before offset i of s
// and where it starts; "" at the start of s.
func lastWord(s string, i int) (string, int) {
	end := i
	for end > 0 && isSpaceByte(s[end-1]) {
		end--
	}
	start := end
	for start > 0 && !isSpaceByte(s[start-1]) {
		start--
	}
	return s[start:end], start
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// rawEvent is an event found in one passage, before events reported by
// several articles are merged.
type rawEvent struct {
	span
	phrase  string // the temporal expression, or "" for a dated report
	text    string
	src     Source
	seq     int    // order within the article
	counted bool   // dated by counting from another date ("two days after")
	refers  string // who the pronoun text opens with stands for (see referents)
}

// extractArticle finds the events of one article.
//
// Sentences with temporal expressions give one event per distinct date.
// Sentences that only report a statement ("Peskov said ...") are dated by
// the article's framing: the last recent, day-precise past date before them
// (the day the story is about); a standfirst above the lead is none. With no
// such date they are left out rather than dated to the article by default.
func extractArticle(a *retrieval.Article) []rawEvent {
	if cjkArticle(a) {
		return extractCJK(a)
	}
	pub := a.Date
	var sents []sentence
	for pi, p := range a.Passages {
		for _, text := range retrieval.SplitSentences(p.Text) {
			s := sentence{pi: pi, k: len(sents), text: text}
			s.dates, s.counted = s.datesOf(pub)
			s.dates = calledOff(text, s.dates, pub)
			sents = append(sents, s)
		}
	}
	anchorOf := func(s *sentence, ds []dated) (time.Time, bool) {
		var t time.Time
		for _, d := range ds {
			// A date counted from another ("a day after Trump attacked
			// him") is a side event, not the day the story has reached,
			// and so is one of a subordinate clause ("since the truce
			// began on Thursday").
			if !d.void && d.kind != kindCounted && d.gran == Day && d.tense == Past && d.span.end.IsZero() && !d.date.After(pub) && pub.Sub(d.date) <= anchorWindow {
				if subordinate(s.tokens(), d.expr.start) {
					continue
				}
				t = d.date
			}
		}
		return t, !t.IsZero()
	}
	// The lead's date is the base of a standfirst's counted dates; a
	// standfirst's undated statements sum up the article, whose body
	// reports each of them, so they are no events of their own.
	var lead, anchor time.Time // anchor: the day the account has reached
	for k := range sents {
		s := &sents[k]
		if s.pi > 1 {
			break
		}
		if t, ok := anchorOf(s, s.dates); ok {
			lead = t
			break
		}
	}

	refs := referents(sents)
	var out []rawEvent
	seq := 0
	// from is the sentence text starts with: a pronoun it opens with
	// keeps its referent.
	emit := func(sp span, phrase, text string, pi int, from *sentence) {
		r := rawEvent{span: sp, phrase: phrase, text: text, src: Source{Article: a, Passage: a.Passages[pi]}, seq: seq}
		if from != nil && openingPronoun(text) != "" {
			r.refers = refs[from.k]
		}
		out = append(out, r)
		seq++
	}
	var prev time.Time // the last day-precise date of the sentence before
	for i := 0; i < len(sents); {
		pi := sents[i].pi
		j := i
		for j < len(sents) && sents[j].pi == pi {
			j++
		}
		group := sents[i:j]
		// Dates counted from another ("two days after") count from the
		// sentence before or the day the account has reached.
		base := anchor
		if base.IsZero() {
			base = lead
		}
		for k := range group {
			s := &group[k]
			if len(s.counted) > 0 {
				s.dates = dateCounted(s.text, s.dates, s.counted, pub, base, prev)
			}
			for _, d := range s.dates {
				if d.gran == Day && d.span.end.IsZero() {
					prev = d.date
				}
			}
		}
		passageDated := slices.ContainsFunc(group, func(s sentence) bool { return len(s.dates) > 0 })
		if !passageDated {
			// A passage of reported speech is one statement: the quote and
			// its "he said" belong together. A plan in it ("was expected to
			// meet") is a plan of that day, not something done.
			// A sentence told as before the day ("He spoke to Trump
			// earlier") is left out, and only it.
			if anchor.IsZero() || !someOfTheDay(group) {
				i = j
				continue
			}
			var done []string
			var firstDone *sentence
			for k := range group {
				s := &group[k]
				if s.earlier() {
					continue
				}
				if s.plan() {
					emit(span{date: anchor, gran: Day, tense: Planned}, "", s.text, pi, s)
				} else {
					done = append(done, s.text)
					if firstDone == nil {
						firstDone = s
					}
				}
			}
			if len(done) == len(group) {
				emit(span{date: anchor, gran: Day, tense: Past}, "", a.Passages[pi].Text, pi, &group[0])
			} else if len(done) > 0 {
				emit(span{date: anchor, gran: Day, tense: Past}, "", strings.Join(done, " "), pi, firstDone)
			}
			i = j
			continue
		}
		first := len(out)
		var passageDay time.Time // the day an earlier sentence of the passage set
		var flashback time.Time  // the day a "came a day after ..." of the passage went back to
		for k := range group {
			s := &group[k]
			// What is left of the dates serves this sentence's events
			// only; the sentence keeps them all.
			ds := dropVagueInStatement(s, s.dates)
			if len(ds) == 0 {
				// "The meeting came a day after Witkoff held talks with
				// Putin. Ushakov called them constructive": the passage
				// has gone back to that day, and what follows in it tells
				// of it.
				day := anchor
				if !flashback.IsZero() {
					day = flashback
				}
				if !day.IsZero() && s.ofTheDay() && !s.earlier() {
					emit(span{date: day, gran: Day, tense: Past}, "", s.text, pi, s)
				}
				continue
			}
			if len(ds) == 1 && ds[0].kind == kindCounted && ds[0].gran == Day && ds[0].tense == Past && ds[0].span.end.IsZero() &&
				cameWords[strings.ToLower(wordBefore(s.text, ds[0].expr.start))] {
				flashback = ds[0].date
			}
			if !anchor.IsZero() && vaguePlansOnly(ds) && s.statement() && !attributedAfter(s, ds) {
				// "Von der Leyen announced a payment due in March": the
				// announcement is the day's event; the month is only when
				// the payment falls. "A third round could be held in late
				// June, officials said" is the plan itself, attributed.
				emit(span{date: anchor, gran: Day, tense: Past}, "", s.text, pi, s)
				continue
			}
			for _, c := range clauses(s, recent(ds, pub)) {
				emit(c.span, c.phrase, c.text, pi, s)
				out[len(out)-1].counted = c.counted
			}
			// A passage goes back in time only for background ("Merz only
			// took office on Tuesday" after the leaders' arrival on
			// Saturday): the day its earlier sentence reached stays the
			// day of the account.
			if t, ok := anchorOf(s, ds); ok && (passageDay.IsZero() || !t.Before(passageDay)) {
				anchor, passageDay = t, t
			}
		}
		out = foldCounted(out, first)
		i = j
	}
	return out
}

// someOfTheDay reports whether a sentence of group is of the day the
// account has reached and not told as before it. It reads the sentences in
// place, not copies, so that the answers they keep serve the loop after it.
func someOfTheDay(group []sentence) bool {
	for k := range group {
		if s := &group[k]; s.ofTheDay() && !s.earlier() {
			return true
		}
	}
	return false
}

// subordinators open a clause that sets a scene or adds background to the
// sentence's event rather than reporting the day the story has reached:
// "since the truce began on Thursday", "which began on Monday", "when they
// met on Friday".
var subordinators = map[string]bool{
	"which": true, "who": true, "whom": true, "whose": true, "since": true,
}

// subordinate reports whether the expression at byte pos of the sentence
// toks were read from lies in a subordinate clause (see subordinators).
func subordinate(toks []token, pos int) bool {
	i, _ := slices.BinarySearchFunc(toks, pos, func(t token, p int) int { return cmp.Compare(t.start, p) })
	for i--; i >= 0; i-- {
		if subordinators[toks[i].word] {
			return true
		}
		if toks[i].punctAfter || toks[i].punctBefore || clauseWords[toks[i].word] {
			return false
		}
	}
	return false
}

// beforeRe finds the adverbs that put an undated statement before the day
// the article's account has reached ("Days earlier Starmer announced",
// "Lavrov said earlier that"), so that day is not its date; the word after
// tells the adverb from the adjective ("earlier ceasefires").
var beforeRe = lazyRe(`(?i)\b(?:earlier|previously)\b(\W*)(\w*)`)

func (s *sentence) earlier() bool { return s.before.once(func() bool { return before(s.text) }) }

func before(s string) bool {
	for _, m := range beforeRe().FindAllStringSubmatch(s, -1) {
		next := m[2]
		if strings.TrimSpace(m[1]) != "" || next == "" || next == "that" || unicode.IsUpper(rune(next[0])) {
			return true
		}
	}
	return false
}

// plan reports whether an undated sentence states a plan rather than a
// report ("The delegation was expected to meet the Americans again"): a
// cue of a plan and no reporting verb.
func (s *sentence) plan() bool {
	// A quote belongs with its "he said", whatever its tense.
	if s.statement() || strings.ContainsAny(s.text, "\"“”") {
		return false
	}
	// The first cue is the main verb's; "was expected to" is a plan, "a
	// planned lunch" is not.
	toks := s.tokens()
	for i := range toks {
		t, ok := cue(toks, i)
		if !ok || t == Planned && i > 0 && nounDeterminers[toks[i-1].word] {
			continue
		}
		if t == Past && beForms[toks[i].word] && i+1 < len(toks) {
			t, _ = cue(toks, i+1)
		}
		return t == Planned
	}
	return false
}

// dropVagueInStatement leaves out of a statement's dates the vague ones of
// what was said: a stretch up to the statement ("wrote that there had been
// no reason to fire missiles over the past few days"), and in a statement
// dated to its day, a plan known only to the week, month or year ("wrote on
// Sunday that he hoped they would make a deal this week"). They are no
// events of their own: the statement is, on its own day or the day the
// account has reached. An undated statement of a vague plan ("added that
// envoys could meet within the next two weeks") keeps the plan.
func dropVagueInStatement(st *sentence, ds []dated) []dated {
	if len(ds) == 0 || !st.statement() {
		return ds
	}
	s, verbs := st.text, st.reportingVerbs()
	out := ds[:0:0]
	// Whether a day of the sentence dates the statement of a verb, asked
	// once per verb: the dates after one verb share it.
	var dayVerb []int
	dayOf := false
	for _, d := range ds {
		// The statement that says it: the last reporting verb before it,
		// unless that opens a clause within ("which officials said could
		// begin this week").
		var verb []int
		for _, v := range verbs {
			if v[1] <= d.expr.start {
				verb = v
			}
		}
		if verb != nil && (d.kind == kindSpan && d.tense == Past || d.tense == Planned && d.gran != Day) {
			if dayVerb == nil || dayVerb[0] != verb[0] {
				dayVerb = verb
				dayOf = slices.ContainsFunc(ds, func(e dated) bool {
					return e.gran == Day && e.span.end.IsZero() && e.tense == Past && statementDay(s, e.expr, verb)
				})
			}
			if !subordinate(st.tokens(), verb[0]) && (d.tense == Past || dayOf) {
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

// statementDay reports whether expression e of sentence s dates the
// statement whose reporting verb is s[verb[0]:verb[1]]: just after the verb
// ("wrote on Sunday", "told NBC late on Monday") or opening the sentence
// before it ("Later on Saturday, Trump wrote").
func statementDay(s string, e expr, verb []int) bool {
	// Words are read only up to the one that decides: on a long sentence
	// of many dates this runs for every pair of them.
	if e.start >= verb[1] {
		n := 0
		for w := range strings.FieldsSeq(s[verb[1]:e.start]) {
			if n++; n > 3 || strings.EqualFold(w, "that") || strings.ContainsAny(w, ",;") {
				return false
			}
		}
		return true
	}
	return e.end <= verb[0] && atMostWords(s[:e.start], 2) && strings.HasPrefix(strings.TrimSpace(s[e.end:verb[0]]), ",")
}

// atMostWords reports whether s has at most n space-separated words.
func atMostWords(s string, n int) bool {
	for range strings.FieldsSeq(s) {
		if n--; n < 0 {
			return false
		}
	}
	return true
}

// attributedAfter reports whether every reporting verb of sentence s stands
// after its dates ds: the sentence states what it dates and then says who
// said so ("A third round could be held in late June, officials said"),
// rather than reporting a statement that mentions a date ("announced a
// payment due in March").
func attributedAfter(s *sentence, ds []dated) bool {
	last := 0
	for _, d := range ds {
		last = max(last, d.expr.end)
	}
	for _, v := range s.reportingVerbs() {
		if v[0] < last {
			return false
		}
	}
	return true
}

// vaguePlansOnly reports whether every date of a sentence is a plan known
// only to the month or year ("due in March").
func vaguePlansOnly(ds []dated) bool {
	for _, d := range ds {
		if d.tense != Planned || (d.gran != Month && d.gran != Year) {
			return false
		}
	}
	return len(ds) > 0
}

// calledOff redates a plan that had been made for a day still ahead and was
// called off ("postponed a visit that had been planned for Wednesday"): the
// day is no event, the change of plan is, and it was news on the article's
// day.
func calledOff(s string, ds []dated, pub time.Time) []dated {
	for k, d := range ds {
		if d.gran != Day || d.date.Equal(pub) {
			continue
		}
		// The rules below read at most the last eight words before it.
		f := lastFields(s[:d.expr.start], 8)
		if d.date.Before(pub) {
			// "was meant to be signed on February 28, but ...": a plan
			// that did not come about is no event of that day, nor one
			// of the article's.
			ds[k].void = unrealised(f)
			continue
		}
		if n := len(f); n >= 4 && f[n-4] == "had" && f[n-3] == "been" && (f[n-2] == "planned" || f[n-2] == "scheduled" || f[n-2] == "set") && f[n-1] == "for" {
			ds[k].span = span{date: pub, gran: Day, tense: Past}
			ds[k].expr.text = ""
		}
	}
	return ds
}

// lastFields returns the last n (or fewer) space-separated words of s, in
// lower case, reading s from its end only.
func lastFields(s string, n int) []string {
	var out []string
	end := len(s)
	for i := len(s); i > 0 && len(out) < n; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsSpace(r) {
			if end > i {
				out = append(out, strings.ToLower(s[i:end]))
			}
			end = i - size
		}
		i -= size
	}
	if len(out) < n && end > 0 {
		out = append(out, strings.ToLower(s[:end]))
	}
	slices.Reverse(out)
	return out
}

// unrealised reports whether the words before a past date (lower case) end
// in a plan that did not come about: "was meant to be signed on", "was
// supposed to meet on", "was to have been held on", within a few words.
func unrealised(f []string) bool {
	for i := len(f) - 1; i >= 1 && i >= len(f)-6; i-- {
		switch {
		case (f[i-1] == "meant" || f[i-1] == "supposed") && f[i] == "to":
			return i >= 2 && beForms[f[i-2]]
		case f[i-1] == "to" && f[i] == "have" && i >= 2 && beForms[f[i-2]]:
			return true
		}
	}
	return false
}

// foldCounted joins, among the events of one passage from out[first:], a day
// counted from another date ("The vote came two days after the minister
// announced ...") into the vaguer report of the same passage whose range
// holds it ("Ryabkov had said at the weekend ..."): they are one event, and
// the counted day is its date.
func foldCounted(out []rawEvent, first int) []rawEvent {
	for k := first; k < len(out); k++ {
		c := out[k]
		if !c.counted || c.gran != Day || !c.span.end.IsZero() {
			continue
		}
		for m := first; m < len(out); m++ {
			r := &out[m]
			if m == k || r.counted || r.span.end.IsZero() || r.tense != c.tense || c.date.Before(r.date) || c.date.After(r.span.end) {
				continue
			}
			r.span, r.phrase = c.span, r.phrase+"; "+c.phrase
			if r.seq < c.seq {
				r.text += " " + c.text
			} else {
				r.text = c.text + " " + r.text
			}
			out = slices.Delete(out, k, k+1)
			k--
			break
		}
	}
	return out
}

// historyReach is how long before its article a past date may end and still
// be an event of the story; older dates are history ("since Russia launched
// its full-scale invasion in 2022").
const historyReach = 366 * 24 * time.Hour

// recent returns the dates of ds that are not history. A sentence dated
// only by history still counts as dated, so the article's framing does not
// give it the day of the story either.
func recent(ds []dated, pub time.Time) []dated {
	var out []dated
	for _, d := range ds {
		last := d.span.end
		if last.IsZero() {
			last = d.date
		}
		if d.void || d.tense == Past && pub.Sub(last) > historyReach {
			continue
		}
		out = append(out, d)
	}
	return out
}

// minClauseWords is the fewest words a later clause cut from its sentence
// keeps; a shorter one, without its subject, is quoted with its whole
// sentence.
const minClauseWords = 5

// clause is the part of a sentence that one date belongs to.
type clause struct {
	span
	phrase  string
	text    string
	counted bool // dated by counting from another date
}

// cutWords open the clause a later date belongs to when a sentence has
// several dates.
var cutWords = map[string]bool{
	"that": true, "which": true, "who": true, "to": true, "and": true, "but": true, "after": true,
	"before": true, "while": true, "when": true, "as": true, "because": true, "since": true, "where": true,
}

// asideWords open a phrase that names another event as a point of
// reference: "since the argument in February".
var asideWords = map[string]bool{"since": true}

// clauses splits a sentence with several distinct dates into one clause per
// date: each later date's clause starts at the nearest clause boundary
// before it. Dates that resolve alike share one clause. A cut clause is
// marked with an ellipsis, so the quote stays honest.
//
// A later clause must say what happened on its own: one without a verb ("a
// Russian one on Monday") or of an absolute phrase ("with a second round set
// for Tuesday") reaches back to an earlier boundary that gives it one ("his
// team would stay behind for the talks, set for Tuesday"), else it is quoted
// with its whole sentence. A later clause that only attributes the sentence
// ("…, Downing Street said on Friday") is no event of its own: the sentence
// is the statement of the other date.
func clauses(st *sentence, ds []dated) []clause {
	s := st.text
	var groups []clause
	var starts, floors []int
	var toks []token // the sentence's, when a second date needs a cut
	for i, d := range ds {
		merged := false
		for gi := range groups {
			if sameSpan(groups[gi].span, d.span) {
				groups[gi].phrase += "; " + d.text
				merged = true
				break
			}
		}
		if merged {
			continue
		}
		cut, floor := 0, 0
		if len(groups) > 0 {
			toks = st.tokens()
			floor = ds[i-1].expr.end
			cut = clauseStart(toks, d.expr.start, floor)
		}
		groups = append(groups, clause{span: d.span, phrase: d.text, counted: d.kind == kindCounted})
		starts = append(starts, cut)
		floors = append(floors, floor)
	}
	if len(groups) > 1 {
		last := len(groups) - 1
		if attribution(s[starts[last]:], groups[last].phrase, true) {
			groups, starts, floors = groups[:last], starts[:last], floors[:last]
		}
	}
	// "talked on Saturday, their first meeting since the argument in
	// February": a later date in a verbless phrase naming a reference
	// event dates that event only. Its entry is the phrase, and the
	// sentence's own event keeps the sentence, not the aside's date.
	var asides []clause
	for gi := len(groups) - 1; gi > 0; gi-- {
		end := len(s)
		if gi+1 < len(starts) {
			end = starts[gi+1]
		}
		part := s[starts[gi]:end]
		if f := strings.Fields(part); len(f) > 0 && asideWords[strings.ToLower(f[0])] && !readable(part) {
			c := groups[gi]
			c.text = "…" + strings.Join(trimClause(part), " ")
			if end < len(s) {
				c.text += "…"
			}
			asides = append(asides, c)
			groups = slices.Delete(groups, gi, gi+1)
			starts = slices.Delete(starts, gi, gi+1)
			floors = slices.Delete(floors, gi, gi+1)
		}
	}
	slices.Reverse(asides)
	if len(groups) == 1 {
		groups[0].text = s
		return append(groups, asides...)
	}
	whole := make([]bool, len(groups))
	// "Trump wrote on Sunday… that he hoped ...": a first clause that only
	// says who spoke and when holds none of what was said; it quotes the
	// whole sentence.
	if len(groups) > 1 {
		whole[0] = attribution(s[:starts[1]], groups[0].phrase, false)
	}
	for gi := len(groups) - 1; gi > 0; gi-- {
		end := len(s)
		if gi+1 < len(starts) {
			end = starts[gi+1]
		}
		if readable(s[starts[gi]:end]) {
			continue
		}
		whole[gi] = true
		// Reach back over the clause boundaries after the date before.
		for k := len(toks) - 1; k >= 0; k-- {
			t := toks[k]
			participle := participleStart(toks, k)
			if t.start >= starts[gi] || t.start < floors[gi] || !cutWords[t.word] && !participle {
				continue
			}
			if participle && len(trimClause(s[t.start:end])) >= minClauseWords || readable(s[t.start:end]) {
				starts[gi], whole[gi] = t.start, false
				break
			}
		}
	}
	for gi := range groups {
		if whole[gi] {
			groups[gi].text = s
			continue
		}
		end := len(s)
		if gi+1 < len(starts) {
			end = starts[gi+1]
		}
		f := trimClause(s[starts[gi]:end])
		part := strings.Join(f, " ")
		if gi > 0 {
			part = "…" + part
		}
		if end < len(s) {
			part += "…"
		}
		groups[gi].text = part
	}
	return append(groups, asides...)
}

// trimClause returns the words of a cut clause without the boundary words
// and punctuation at its edges ("and that", a trailing ", and").
func trimClause(part string) []string {
	f := strings.Fields(strings.TrimRight(strings.TrimSpace(part), " ,;:—–"))
	for len(f) > 1 && cutWords[strings.ToLower(f[0])] {
		f = f[1:]
	}
	for len(f) > 1 && cutWords[strings.ToLower(strings.TrimRight(f[len(f)-1], ",;:—–"))] {
		f = f[:len(f)-1]
		f[len(f)-1] = strings.TrimRight(f[len(f)-1], ",;:—–")
	}
	return f
}

// readable reports whether a clause cut from its sentence can stand alone:
// long enough, not an absolute phrase ("with a second round set for
// Tuesday"), and with a verb (an infinitive, "to follow up on ...", counts).
func readable(part string) bool {
	f := trimClause(part)
	if len(f) < minClauseWords || strings.EqualFold(f[0], "with") {
		return false
	}
	// An infinitive, not the preposition of "a halt to all military action".
	if first := strings.Fields(part); strings.EqualFold(first[0], "to") && len(first) > 1 {
		next := strings.ToLower(first[1])
		if !nounDeterminers[next] && !quantifiers[next] {
			return true
		}
	}
	toks := tokenize(strings.Join(f, " "))
	for i, t := range toks {
		// A verb after "what"/"which"/"who" is that of a clause within it
		// ("until the end of Sunday on what he called humanitarian
		// grounds"), not its own.
		if relativeWords[t.word] {
			return false
		}
		// A name is no verb, whatever its ending ("the United States"):
		// the token's capital, read past the quote or bracket before the
		// word ("the “United Nations” mission"), not the raw word's first
		// character.
		if t.upper {
			continue
		}
		if _, ok := cue(toks, i); ok || scheduledVerbs[t.word] || hasVerb(t.word, reportVerb) {
			return true
		}
	}
	return false
}

// ingPrepositions end in -ing but open a phrase, not a clause.
var ingPrepositions = map[string]bool{
	"including": true, "according": true, "during": true, "following": true, "regarding": true,
	"concerning": true, "excluding": true, "notwithstanding": true, "pending": true, "barring": true,
}

// participleStart reports whether toks[k] opens a participle clause after a
// comma (", ordering a halt to all military action from ..."): a clause of
// its own, the verb the sentence's subject does.
func participleStart(toks []token, k int) bool {
	t := toks[k]
	return k > 0 && toks[k-1].punctAfter && !t.upper && len(t.word) > 5 &&
		strings.HasSuffix(t.word, "ing") && !ingPrepositions[t.word]
}

// quantifiers, like determiners, open a noun phrase.
var quantifiers = map[string]bool{"all": true, "any": true, "some": true, "every": true, "each": true, "both": true, "no": true}

// relativeWords open a clause within a clause.
var relativeWords = map[string]bool{"what": true, "which": true, "who": true, "whom": true, "whose": true}

// attribution reports whether a clause is only who said the sentence and
// when ("Downing Street said on Friday"): a reporting verb, a few words of
// subject and the date phrase. A sentence's last clause may name a longer
// subject ("the Ukrainian air force said on Thursday", "Kremlin spokesman
// Dmitry Peskov said on Thursday") when its only verb is the reporting one.
func attribution(part, phrase string, last bool) bool {
	rest := strings.Replace(part, phrase, "", 1)
	f := trimClause(rest)
	joined := strings.Join(f, " ")
	if !hasVerb(joined, reportVerb) {
		return false
	}
	if len(f) > 4 && (!last || len(f) > 9 || len(verbsIn(joined, reportVerb)) > 1 || otherVerb(f)) {
		return false
	}
	for _, w := range f {
		if strings.EqualFold(w, "that") {
			return false
		}
	}
	return true
}

// otherVerb reports whether words f hold a verb besides a reporting one: a
// past, a modal, a form of "be" or "have".
func otherVerb(f []string) bool {
	for _, w := range f {
		w = strings.ToLower(strings.Trim(w, `.,;:!?"“”'()`))
		if hasVerb(w, reportVerb) {
			continue
		}
		if pastCues[w] || plannedCues[w] || beForms[w] || w == "has" || w == "have" || len(w) > 4 && strings.HasSuffix(w, "ed") {
			return true
		}
	}
	return false
}

// clauseStart returns where the clause holding the expression at pos
// begins, not before floor; toks are the sentence's tokens.
func clauseStart(toks []token, pos, floor int) int {
	cut := pos
	// Start at the last token before pos and walk back only over the clause.
	i, _ := slices.BinarySearchFunc(toks, pos, func(t token, p int) int { return cmp.Compare(t.start, p) })
	for i--; i >= 0; i-- {
		t := toks[i]
		if t.start < floor {
			break
		}
		if t.punctAfter {
			return cut
		}
		cut = t.start
		if t.punctBefore || cutWords[t.word] && !(t.word == "and" && joinsNames(toks, i)) {
			return cut
		}
	}
	return max(cut, floor)
}

// joinsNames reports whether the "and" at toks[i] joins two names ("Russia
// and Ukraine would make a deal"), a phrase and no clause boundary.
func joinsNames(toks []token, i int) bool {
	return i > 0 && i+1 < len(toks) && !toks[i-1].punctAfter && toks[i-1].upper && toks[i+1].upper
}

func sameSpan(a, b span) bool {
	return a.date.Equal(b.date) && a.end.Equal(b.end) && a.gran == b.gran
}
