package llm

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Clauses of a cited sentence.
//
// A model may join several facts into one sentence ("A met in Moscow …;
// B met in Jeddah …; … [1][5][9]."), each from another passage. Checked
// whole, such a sentence stands or falls as one: one wrong clause drops
// the others, and a clause citing [2] passes on what [1] holds. So a
// sentence that cites two sources or more is checked clause by clause,
// and so is one that fails whole, to keep what it says that its passages
// hold. A clause ends at "; ", at ", and" (but, while, whereas, although,
// though, yet) and after markers that more of the sentence follows, never
// inside quotation marks or brackets. A clause with markers of its own is
// checked against their passages; one without, or one whose markers end
// the sentence after clauses without any, is checked against every
// passage the sentence cites. A clause they do not support is cited
// instead to a passage sent that holds all of it, or dropped whole; the
// others stay whole, word for word. When something went, each clause that
// stays cites the sources that hold it (one that holds all of it, else
// those that hold a part), so a source only a dropped clause needed is no
// longer listed; otherwise the sentence stays exactly as written.

// clause is one clause of a cited sentence.
type clause struct {
	sep   string // what stood between it and the clause before ("; ", ", ", " ")
	text  string // its words, without the markers that end it
	marks []int  // the shown numbers of the markers that end it
	conj  bool   // it starts at a conjunction after a comma
}

// clauseConj are the words after a comma that start a clause.
var clauseConj = []string{"and", "but", "while", "whereas", "although", "though", "yet"}

// minClauseWords: a clause after ", and" has this many words or more, and
// so has the one before it; "Rubio met Lavrov, Ushakov, and Dmitriev" is
// one list, not two clauses.
const minClauseWords = 4

// splitClauses cuts sentence s (its markers renumbered) into clauses and
// its closing punctuation. It returns no clauses when a marker stands
// inside quotation marks or brackets, where it cites no clause of its own.
func splitClauses(s string) ([]clause, string) {
	core := strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`.!?…"”’'»`, r)
	})
	// A closing quotation mark is part of the clause when no marker ends
	// the sentence (`… "we heard each other."`).
	if !strings.HasSuffix(core, "]") {
		core = strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(`.!?…`, r) })
	}
	terminal := s[len(core):]
	var out []clause
	cur := clause{}
	start := 0
	inQuote, depth := false, 0
	// closeAt ends the clause at textEnd, the next one starting at next
	// after the separator from sepStart.
	closeAt := func(textEnd, sepStart, next int, marks []int, conj bool) {
		cur.text = strings.TrimSpace(core[start:textEnd])
		cur.marks = marks
		out = append(out, cur)
		cur = clause{sep: core[sepStart:next], conj: conj}
		start = next
	}
scan:
	for i := 0; i < len(core); {
		r, size := utf8.DecodeRuneInString(core[i:])
		switch r {
		case '"':
			inQuote = !inQuote
		case '“':
			inQuote = true
		case '”':
			inQuote = false
		case '(':
			depth++
		case ')':
			depth = max(depth-1, 0)
		}
		switch {
		case r == '[':
			run := citeMarks().FindStringIndex(core[i:])
			if run == nil || run[0] != 0 {
				i += size
				continue
			}
			if inQuote || depth > 0 {
				return nil, ""
			}
			end := i + run[1]
			next := end + len(core[end:]) - len(strings.TrimLeft(core[end:], " ,;:"))
			if next == len(core) {
				// The markers that end the sentence.
				cur.marks = shownNumbers(core[i:end])
				core = core[:i]
				break scan
			}
			text := strings.TrimSpace(core[start:i])
			if !hasWords(text) {
				i = end
				continue
			}
			// "[1], and B": ", " stands between the clauses; "[1] and B":
			// a space.
			sepStart := end + len(core[end:next]) - len(strings.TrimLeft(core[end:next], " "))
			if sepStart == next {
				sepStart = next - 1
			}
			closeAt(i, sepStart, next, shownNumbers(core[i:end]), false)
			i = next
			continue
		case inQuote || depth > 0:
		case r == ';' && strings.HasPrefix(core[i+1:], " "):
			if hasWords(core[start:i]) {
				closeAt(i, i, i+2, nil, false)
				i += 2
				continue
			}
		case r == ',' && strings.HasPrefix(core[i+1:], " "):
			rest := core[i+2:]
			w, _, _ := strings.Cut(rest, " ")
			if slices.Contains(clauseConj, w) && hasWords(core[start:i]) {
				closeAt(i, i, i+2, nil, true)
				i += 2
				continue
			}
		}
		i += size
	}
	cur.text = strings.TrimSpace(core[start:])
	out = append(out, cur)
	// A clause after ", and" too short to be one is part of a list: it
	// joins the clause before it, as does that one when it is short.
	for k := 1; k < len(out); k++ {
		if out[k].conj && (words(withoutConj(out[k].text)) < minClauseWords || words(out[k-1].text) < minClauseWords) {
			out[k-1].text += out[k].sep + out[k].text
			out[k-1].marks = out[k].marks
			out = slices.Delete(out, k, k+1)
			k--
		}
	}
	return out, terminal
}

func hasWords(s string) bool { return strings.ContainsFunc(s, isWordRune) }

func words(s string) int {
	return len(strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) }))
}

// shownNumbers returns the numbers of the shown markers of s, in order,
// each once.
func shownNumbers(s string) []int {
	var out []int
	for _, m := range shownRe().FindAllStringSubmatch(s, -1) {
		if n, err := strconv.Atoi(m[1]); err == nil && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// verdict is what the support check made of a cited sentence.
type verdict struct {
	text    string   // what stays of it ("" when nothing)
	recited int      // sentences or clauses cited anew
	dropped []string // a note for each sentence or clause dropped (unsupportedNote)
	// read: claim is what text states, as drawnOn reads it (empty when
	// text is not checked), so drawnOn need not read it again. Set only
	// where the check read text as it stays; settle renumbers its markers,
	// which a claim leaves out.
	read  bool
	claim claim
}

// checkCited checks cited sentence text (raw, as the model wrote it, for
// the log) against the passages it cites, whole or clause by clause (see
// above).
func (o *numbering) checkCited(text, raw string) verdict {
	if !checked(text) {
		return verdict{text: text, read: true}
	}
	cls, terminal := splitClauses(text)
	if len(cls) >= 2 && len(shownNumbers(text)) >= 2 {
		return o.checkClauses(text, raw, cls, terminal)
	}
	c := readClaim(text, true, o.known)
	out, ok, lacks := o.support(text, c)
	switch {
	case ok:
		return verdict{text: text, read: true, claim: c}
	case out != "":
		return verdict{text: out, recited: 1}
	case len(cls) >= 2:
		// One source, and the sentence fails whole: keep the clauses it
		// holds.
		return o.checkClauses(text, raw, cls, terminal)
	}
	return verdict{dropped: []string{unsupportedNote(raw, lacks)}}
}

// checkClauses checks a sentence's clauses one by one.
func (o *numbering) checkClauses(text, raw string, cls []clause, terminal string) verdict {
	sentenceMarks := shownNumbers(text)
	all := o.passagesOf(sentenceMarks) // each passage once: number lists it under one number
	// The markers that end the sentence are its own, not its last
	// clause's, when a clause before that has none.
	shared := slices.ContainsFunc(cls[:len(cls)-1], func(c clause) bool { return len(c.marks) == 0 })
	var r verdict
	var notes []string
	var allLacks []string
	var keep []clause
	lostStart := false // the sentence's first clause was dropped
	for k, cl := range cls {
		ambiguous := len(cl.marks) == 0 || k == len(cls)-1 && shared
		c := readClaim(cl.text, true, o.known)
		if c.empty() {
			if ambiguous {
				cl.marks = nil
			}
			keep = append(keep, cl)
			continue
		}
		// A clause with markers of its own answers to their passages;
		// one without, to all the sentence cites.
		cited := all
		if !ambiguous {
			cited = o.passagesOf(cl.marks)
		}
		if lacks := o.unsupported(c, cited); len(lacks) > 0 {
			i, ok := o.holder(c, cited)
			if !ok {
				notes = append(notes, unsupportedNote(cl.text+sentMarks(cited), lacks))
				allLacks = append(allLacks, lacks...)
				lostStart = lostStart || k == 0
				continue
			}
			cl.marks = []int{o.number(i + 1)}
			r.recited++
		} else if ambiguous {
			cl.marks = o.attribute(c, sentenceMarks)
		}
		keep = append(keep, cl)
	}
	if r.recited == 0 && len(notes) == 0 {
		return verdict{text: text}
	}
	if !slices.ContainsFunc(keep, func(c clause) bool { return len(c.marks) > 0 }) {
		// Nothing it cites stays: the sentence goes, as one.
		slices.Sort(allLacks)
		return verdict{dropped: []string{unsupportedNote(raw, slices.Compact(allLacks))}}
	}
	var b strings.Builder
	for k, cl := range keep {
		t := cl.text
		if k == 0 && lostStart {
			t = capitalise(withoutConj(t)) // the sentence lost its start
		}
		if k > 0 {
			b.WriteString(cl.sep)
		}
		b.WriteString(t)
		// Clauses that cite the same sources in a row cite them once,
		// after the last of them.
		if len(cl.marks) > 0 && (k == len(keep)-1 || !slices.Equal(cl.marks, keep[k+1].marks)) {
			b.WriteString(" ")
			for _, n := range cl.marks {
				b.WriteString("[" + strconv.Itoa(n) + "]")
			}
		}
	}
	b.WriteString(terminal)
	r.text = strings.TrimSpace(b.String())
	r.dropped = notes
	return r
}

// withoutConj is a clause without the conjunction it starts with.
func withoutConj(s string) string {
	w, rest, ok := strings.Cut(s, " ")
	if ok && slices.Contains(clauseConj, strings.ToLower(w)) {
		return rest
	}
	return s
}

// sentMarks writes markers of the passages sent (1-based), as the model
// cites them, for a note in the log.
func sentMarks(sent []int) string {
	var b strings.Builder
	b.WriteString(" ")
	for _, i := range sent {
		b.WriteString("[" + strconv.Itoa(i+1) + "]")
	}
	return b.String()
}

// passagesOf returns the sent indexes behind shown numbers.
func (o *numbering) passagesOf(shown []int) []int {
	var out []int
	for _, n := range shown {
		if n >= 1 && n <= len(o.sources) {
			out = append(out, o.sources[n-1]...)
		}
	}
	return out
}

// attribute returns the sources of shown (a sentence's) that a clause's
// claim c, which they hold together, is to cite: the first that holds all
// of it, else those that hold a part of it, else all of them.
func (o *numbering) attribute(c claim, shown []int) []int {
	for _, n := range shown {
		if len(o.unsupported(c, o.passagesOf([]int{n}))) == 0 {
			return []int{n}
		}
	}
	var part []int
	for _, n := range shown {
		if slices.ContainsFunc(o.passagesOf([]int{n}), func(i int) bool { return holdsPart(c, o.factsOf(i)) }) {
			part = append(part, n)
		}
	}
	if len(part) == 0 || len(o.unsupported(c, o.passagesOf(part))) > 0 {
		return shown
	}
	return part
}

// holdsPart reports whether a passage holds any of what c states.
func holdsPart(c claim, f *supportFacts) bool {
	term := func(t string) bool { return f.terms[t] }
	return slices.ContainsFunc(c.names, func(n []string) bool { return slices.ContainsFunc(n, term) }) ||
		slices.ContainsFunc(c.numbers, func(n string) bool { return f.numbers[n] }) ||
		slices.ContainsFunc(c.days, func(d monthDay) bool { return f.days[d] }) ||
		slices.ContainsFunc(c.weekdays, func(d time.Weekday) bool { return f.weekdays[d] }) ||
		slices.ContainsFunc(c.months, func(m time.Month) bool { return f.months[m] }) ||
		slices.ContainsFunc(c.years, func(y int) bool { return f.years[y] }) ||
		slices.ContainsFunc(c.quotes, func(q []string) bool { return slices.ContainsFunc(q, term) }) ||
		slices.ContainsFunc(c.words, term)
}
