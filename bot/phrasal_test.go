package bot

import (
	"testing"
	"testing/fstest"
)

// TestWithOneWordVerbs: a phrasal verb is asked as the one-word verb the
// articles use for it, unless they write the phrasal verb themselves or
// use none of its verbs; "pushed back against" resists and stays.
func TestWithOneWordVerbs(t *testing.T) {
	ix := indexOf(t, fstest.MapFS{"a.txt": {Data: []byte("date 2025-02-17 Zelensky postpones Saudi trip\n\n" +
		"Zelensky postponed a visit to Saudi Arabia. The two sides agreed to create a team. " +
		"Russia called off the talks, then withdrew its envoy. Seven leaders attended.\n")}})
	var phrasal corpusPhrasal
	used := func(i int) bool { return phrasal.uses(ix.Corpus(), i) }
	for _, tt := range []struct{ in, want string }{
		{"why did zelensky push back his trip", "why did zelensky postpone his trip"},
		{"Why was the visit pushed back?", "Why was the visit postpone?"},
		{"did they set up a team", "did they create a team"},
		{"who pulled out of the talks", "who withdraw of the talks"},
		{"who pushed back against the plan", "who pushed back against the plan"}, // resisted
		{"who called off the talks", "who called off the talks"},                 // the articles write it
		{"who stepped down", "who stepped down"},                                 // no "resign" in the articles
		{"what was put on the table", "what was put on the table"},
		{"who showed up in paris", "who attend in paris"},
		{"when did putin put forward the plan", "when did putin put forward the plan"}, // no "propose" in the articles
		{"did ukraine hand back the bodies", "did ukraine hand back the bodies"},       // nor "return"
	} {
		if got := withOneWordVerbs(ix, used, tt.in); got != tt.want {
			t.Errorf("withOneWordVerbs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNewPhrasalVerbs: "put forward" (a newcomer's round) is asked as
// "propose", "hand back" and "give back" as "return", "sum up" as
// "describe", "wrap up" as "conclude", or "end" after an event.
func TestNewPhrasalVerbs(t *testing.T) {
	ix := indexOf(t, fstest.MapFS{"a.txt": {Data: []byte("date 2025-05-11 Putin proposes talks\n\n" +
		"Putin proposed direct talks in Istanbul shortly after 1 a.m. Russia would return the bodies of 6,000 soldiers. " +
		"Rubio wanted to find out more. Lavrov described the meeting as useful. The session ended late, and both sides agreed to conclude a deal.\n")}})
	var phrasal corpusPhrasal
	used := func(i int) bool { return phrasal.uses(ix.Corpus(), i) }
	for _, tt := range []struct{ in, want string }{
		{"when did putin put forward the istanbul idea", "when did putin propose the istanbul idea"},
		{"how many bodies did russia hand back", "how many bodies did russia return"},
		{"how many bodies did russia give back", "how many bodies did russia return"},
		{"how did lavrov sum up the meeting", "how did lavrov describe the meeting"},
		{"what did rubio hope to figure out", "what did rubio hope to find"},
		{"what deal did they say they'd wrap up quickly", "what deal did they say they'd conclude quickly"},
		{"when did the session in riyadh wrap up", "when did the session in riyadh end"}, // an event ends
	} {
		if got := withOneWordVerbs(ix, used, tt.in); got != tt.want {
			t.Errorf("withOneWordVerbs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHasParticle(t *testing.T) {
	for q, want := range map[string]bool{"who pushed back": true, "why did he back out?": true, "BACK": true, "who met in riyadh": false, "the outcome": false, "": false} {
		if got := hasParticle(q); got != want {
			t.Errorf("hasParticle(%q) = %v, want %v", q, got, want)
		}
	}
}

// TestPhrasalInArticles: only a phrasal verb the articles write in the
// same sense stays as asked: "pushed back against" in an article resists,
// and does not keep "push back" from reading as "postpone"; the particle's
// preposition resists only after "back" ("called off on Monday").
func TestPhrasalInArticles(t *testing.T) {
	ix := indexOf(t, fstest.MapFS{"a.txt": {Data: []byte("date 2025-02-17 Zelensky postpones trip\n\n" +
		"Ukraine pushed back against the plan. Zelensky postponed a visit. The talks were cancelled.\n")}})
	var phrasal corpusPhrasal
	used := func(i int) bool { return phrasal.uses(ix.Corpus(), i) }
	for _, tt := range []struct{ in, want string }{
		{"why did zelensky push back his trip", "why did zelensky postpone his trip"},
		{"Why were the talks called off on Monday?", "Why were the talks cancel on Monday?"},
	} {
		if got := withOneWordVerbs(ix, used, tt.in); got != tt.want {
			t.Errorf("withOneWordVerbs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
