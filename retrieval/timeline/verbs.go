package timeline

// verbClass says which rules a verb serves. One table holds the verbs of
// every rule, so a word is looked up once and a verb that several rules
// share ("said" reports a statement and frames a plan; "agreed" is done on
// the day and frames one) is listed once, with its roles side by side.
type verbClass uint8

const (
	// reportVerb: a statement made, in the simple past or present ("Peskov
	// said", "Lavrov hailed the meeting").
	reportVerb verbClass = 1 << iota
	// eventVerb: a thing news reports as done on the day, in the simple
	// past or a past passive ("Orban refused to join it", "the resolution
	// was adopted").
	eventVerb
	// frameVerb asks for, settles or reports a thing to come: a past form
	// of one before "a ceasefire starting on Monday" does not put the start
	// behind (see pastFinite).
	frameVerb
)

const (
	rv = reportVerb
	ev = eventVerb
	fv = frameVerb
)

// verbTable gives the classes of each verb form the rules know, as written
// in lower case.
var verbTable = map[string]verbClass{
	// Reporting verbs; those that also frame a plan.
	"said": rv | fv, "says": rv, "told": rv | fv, "added": rv | fv, "stressed": rv, "hailed": rv,
	"noted": rv, "reiterated": rv, "declined": rv, "confirmed": rv, "announced": rv | fv,
	"warned": rv, "insisted": rv, "acknowledged": rv, "denied": rv, "urged": rv | fv, "praised": rv,
	"welcomed": rv, "emphasised": rv, "emphasized": rv, "explained": rv, "argued": rv, "claimed": rv,
	"replied": rv, "responded": rv, "wrote": rv, "accused": rv, "described": rv, "rejected": rv | fv,
	"dismissed": rv, "proposed": rv | fv, "suggested": rv | fv, "predicted": rv, "promised": rv,
	"vowed": rv, "pledged": rv, "cautioned": rv, "admitted": rv, "conceded": rv, "complained": rv,
	"criticized": rv, "criticised": rv, "condemned": rv, "revealed": rv, "disclosed": rv,
	"answered": rv, "asked": rv | fv,
	// Events done on the day; those that also frame a plan.
	"met": ev, "adopted": ev, "refused": ev, "signed": ev | fv, "attended": ev, "arrived": ev,
	"visited": ev, "voted": ev, "approved": ev, "endorsed": ev, "accepted": ev | fv, "thanked": ev,
	"amended": ev, "ended": ev, "began": ev, "came": ev, "agreed": ev | fv, "canceled": ev,
	"cancelled": ev, "published": ev,
	// Verbs that only frame a plan.
	"called": fv, "demanded": fv, "offered": fv, "ordered": fv, "declared": fv, "reported": fv,
	"stated": fv, "backed": fv,
}

// isVerb reports whether word w (lower case) has class c.
func isVerb(w string, c verbClass) bool { return verbTable[w]&c != 0 }

// verbsIn returns the byte ranges of the words of s of class c, in order.
// A word is a run of ASCII letters, digits and '_' (what regexp's \b
// bounds), matched as written: "Said" opening a headline is no verb.
func verbsIn(s string, c verbClass) [][]int {
	var out [][]int
	forWords(s, func(start, end int) bool {
		if isVerb(s[start:end], c) {
			out = append(out, []int{start, end})
		}
		return true
	})
	return out
}

// hasVerb reports whether s holds a word of class c (see verbsIn).
func hasVerb(s string, c verbClass) bool {
	found := false
	forWords(s, func(start, end int) bool {
		found = isVerb(s[start:end], c)
		return !found
	})
	return found
}

// forWords calls f with the bounds of each word of s (see verbsIn) until f
// returns false.
func forWords(s string, f func(start, end int) bool) {
	start := -1
	for i := 0; i < len(s); i++ {
		if isWordByte(s[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if !f(start, i) {
				return
			}
			start = -1
		}
	}
	if start >= 0 {
		f(start, len(s))
	}
}

func isWordByte(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_'
}
