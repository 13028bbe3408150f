package bot

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/talkbot/talkbot/retrieval"
)

func TestArticleTitles(t *testing.T) {
	a := &retrieval.Article{Passages: []retrieval.Passage{
		{Text: "Defence Minister Rustem Umerov will lead the side. Kremlin spokesman Dmitry Peskov said no."},
		// Three people with one title: the title names none of them.
		{Text: "The vote came as Russia's deputy foreign minister, Sergei Ryabkov, spoke. Steve Witkoff, Trump's special envoy, agreed."},
		{Text: "Foreign Minister Andrii Sybiha and Saudi Foreign Minister Prince Faisal met. French Foreign Minister Jean Barrot said yes."},
		// A bare role noun or one after "the" is too vague to stand for one person.
		{Text: "President Donald Trump spoke. The minister Boris Pistorius agreed."},
	}}
	got := articleTitles(retrieval.Analyze, a)
	want := map[string]string{
		"defence minister":  "umerov",
		"kremlin spokesman": "peskov",
		"special envoy":     "witkoff",
	}
	for title, name := range want {
		if !got[title][name] {
			t.Errorf("title %q: got %v, want it to name %q", title, got[title], name)
		}
	}
	for _, vague := range []string{"foreign minister", "president", "the minister", "minister"} {
		if _, ok := got[vague]; ok {
			t.Errorf("title %q should not name one person: %v", vague, got[vague])
		}
	}
	if ref := got.referents("Talks were productive, Ukraine's defence minister said."); !ref["umerov"] || !ref["rustem"] {
		t.Errorf("referents of a defence minister sentence = %v, want Rustem Umerov", ref)
	}
	if ref := got.referents("Talks were productive, officials said."); ref != nil {
		t.Errorf("referents of a sentence without a title = %v, want none", ref)
	}
}

func TestLeadsToName(t *testing.T) {
	tests := map[string]bool{
		"Preparations are underway, Norway's deputy trade minister said on Feb. 22.": true,
		"The Kremlin spokesman said halting supplies would help.":                    true,
		"Norway's deputy trade minister, Anna Berg, said so.":                        false, // named at once
		"Kremlin spokesman Dmitry Peskov said no.":                                   false,
		"The talks went on for hours.":                                               false,
	}
	for s, want := range tests {
		if got := leadsToName(s); got != want {
			t.Errorf("leadsToName(%q) = %v, want %v", s, got, want)
		}
	}
	names := nameTerms(retrieval.Analyze, "Speaking to state radio, Anna Berg said on Monday the talks went well.")
	for _, w := range []string{"anna", "berg"} {
		if !names[w] {
			t.Errorf("nameTerms: %v lacks %q", names, w)
		}
	}
	if names["mondai"] || names["monday"] || names["speak"] {
		t.Errorf("nameTerms holds a weekday or the first word: %v", names)
	}
}

func TestSpeakingTitles(t *testing.T) {
	tests := map[string]bool{
		"Talks were productive, Ukraine's defence minister said.":          true,
		"\"We agreed,\" said Russia's deputy foreign minister on Feb. 22.": true,
		"The Kremlin spokesman noted reports of a visit.":                  true,
		"Ukraine's defence minister attended the talks, Zelensky said.":    false, // another speaks
		"Kremlin spokesman Dmitry Peskov said no.":                         false, // named: attributed() reads it
		"The talks went on for hours.":                                     false,
	}
	for s, want := range tests {
		if got := len(speakingTitles(s)) > 0; got != want {
			t.Errorf("speakingTitles(%q) = %q, want some: %v", s, speakingTitles(s), want)
		}
	}
}

var corefCorpus = fstest.MapFS{
	"riyadh.txt": {Data: []byte(`date 2025-03-24 Talks end in Riyadh

Talks with the American team were productive and focused, Ukraine's defence minister said on Sunday.

Rustem Umerov said the delegations had discussed energy sites.

Defence Minister Rustem Umerov led the Ukrainian side.
`)},
	"lede.txt": {Data: []byte(`date 2025-02-23 Summit preparations underway

Preparations are underway for a summit, Norway's deputy trade minister said on Feb. 22. Speaking to state radio, Anna Berg said the summit could cover fishing quotas.
`)},
	"gap.txt": {Data: []byte(`date 2025-03-03 Fishing talks resume

Fishing talks will resume, Iceland's deputy fisheries minister said on Monday.

It marked a shift after months of silence.

Speaking to reporters, Olaf Sund said the quotas would be reviewed.
`)},
	"near.txt": {Data: []byte(`date 2025-03-04 Grain exports to rise

Grain exports will rise, Chile's deputy farm minister said on Tuesday. Speaking later, Rosa Vidal said the ports were ready. Pedro Ruiz, a grain trader, said prices would fall.
`)},
	"later.txt": {Data: []byte(`date 2025-03-05 Copper output to rise

Copper output will rise, Peru's deputy mining minister said on Wednesday. Later, Vidal said the mines were ready. Prices would fall, the copper trader Quispe said.
`)},
}

// TestCorefCandidates: a sentence that names a person by title alone is
// credited with that person's name, from the article's title–name pairs or
// from the first name in full in the two sentences that follow.
func TestCorefCandidates(t *testing.T) {
	ix := indexOf(t, corefCorpus)
	e := New(ix, Options{})
	judge := func(q string) judgement { return e.judge(ix, &articleFacts{}, q, ix.Search(q, 5), nil, nil) }

	j := judge("How did Umerov describe the talks with the Americans?")
	c, ok := candidateWith(j.cands, "productive and focused")
	if !ok || c.covered < 0.9 {
		t.Errorf("the defence minister's sentence should be credited with Umerov: covered %.2f in %+v", c.covered, j.cands)
	}

	j = judge("What position does Anna Berg hold?")
	c, ok = candidateWith(j.cands, "deputy trade minister")
	if !ok || !c.kind || c.covered < 0.9 {
		t.Errorf("the sentence that gives Berg's title should be credited with her name and hold a role: %+v", c)
	}
	ans := e.extractive("What position does Anna Berg hold?", j, j.pool)
	if ans.Abstained || !strings.Contains(ans.Text, "deputy trade minister") {
		t.Errorf("answer %q should quote the title", ans.Text)
	}

	// A sentence that names nobody between the title and the name.
	j = judge("What position does Olaf Sund hold?")
	if c, ok := candidateWith(j.cands, "deputy fisheries minister"); !ok || c.covered < 0.9 {
		t.Errorf("the title two sentences before Sund's name should be credited with it: %+v", c)
	}
	// The name after the first one named in full is someone else, and so
	// is a surname alone two sentences on.
	for q, title := range map[string]string{"What position does Pedro Ruiz hold?": "deputy farm minister", "What position does Quispe hold?": "deputy mining minister"} {
		j = judge(q)
		if c, ok := candidateWith(j.cands, title); ok && c.covered > 0 {
			t.Errorf("%q: the minister's sentence is credited with the name: %+v", q, c)
		}
	}
}

func TestMissingMonths(t *testing.T) {
	e, ix := judgeFixture(t) // articles dated March 2025 that never name a month
	tests := []struct {
		question string
		want     []string
	}{
		{"What happened at the London summit in April?", []string{"April"}},
		{"What may the London summit decide?", nil}, // the verb, not the month
		{"What did the London summit decide?", nil},
		{"What happened at the London summit in March?", nil}, // the articles are dated March
	}
	for _, tt := range tests {
		terms := questionTerms(ix, newLexicon(ix.Analyze, e.topic), e.tuning, tt.question)
		datedTerms(terms, ix.Search(tt.question, 5))
		if got := missingMonths(terms); !slices.Equal(got, tt.want) {
			t.Errorf("missingMonths(%q) = %v, want %v", tt.question, got, tt.want)
		}
	}
	j := e.judge(ix, &articleFacts{}, "What happened at the London summit in April?", ix.Search("London summit April", 5), nil, nil)
	if j.answerable || !slices.Equal(j.missing, []string{"April"}) {
		t.Errorf("a question about a month the articles never mention: answerable=%v missing=%v, want an abstention naming April", j.answerable, j.missing)
	}
}

func TestRoleKind(t *testing.T) {
	for _, q := range []string{"What job does Anna Berg hold?", "What is her profession?", "What role does Witkoff have?"} {
		if got := questionKind(q); got != "role" {
			t.Errorf("questionKind(%q) = %q, want role", q, got)
		}
	}
	if !kindMatches(retrieval.Analyze, "role", "Norway's deputy trade minister said so.", nil, askedTerms(nil, nil)) {
		t.Error("a minister is a role")
	}
	if kindMatches(retrieval.Analyze, "role", "The talks went on for hours.", nil, askedTerms(nil, nil)) {
		t.Error("no role in a sentence without a title")
	}
}

// TestArticleFactsOncePerSnapshot: an article is analysed once per
// snapshot, and a swapped-in snapshot starts afresh.
func TestArticleFactsOncePerSnapshot(t *testing.T) {
	ix := indexOf(t, corefCorpus)
	e := New(ix, Options{})
	s := e.snap.Load()
	a := ix.Corpus().Articles[0]
	first := s.facts.of(ix.Analyze, a)
	if s.facts.of(ix.Analyze, a) != first {
		t.Error("the article was analysed again in the same snapshot")
	}
	if !maps.EqualFunc(first.titles, articleTitles(ix.Analyze, a), func(x, y map[string]bool) bool { return maps.Equal(x, y) }) {
		t.Error("cached titles differ from a fresh analysis")
	}
	e.Swap(Snapshot{Index: ix})
	if next := e.snap.Load().facts; next == nil || next == s.facts {
		t.Error("Swap kept the old snapshot's article facts")
	}
}

func TestNamesInFull(t *testing.T) {
	tests := map[string]bool{
		"Speaking to state radio, Sergei Ryabkov said so.": true,
		"Łukasz Kowalski, the envoy, said so.":             true,
		"Then Anna Berg.":                                  true,
		"It marked a departure from Western efforts.":      false,
		"U.S. officials and Russian diplomats met.":        false,
		"Rubio, Lavrov and others met.":                    false, // a list, not one name
		"ANNA BERG said so.":                               false,
		"":                                                 false,
	}
	for s, want := range tests {
		if got := namesInFull(s); got != want {
			t.Errorf("namesInFull(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestRefersBack(t *testing.T) {
	for _, tt := range []struct {
		s                  string
		anaphoric, pronoun bool
	}{
		{"He said the talks had gone well.", true, true},
		{"On Saturday he was welcomed by Starmer at Downing Street.", true, true},
		{"Speaking to reporters on Air Force One on Tuesday as he flew back to Washington, he settled on 10 days.", true, true},
		{"The service said the operation had lasted a year.", true, true},
		{`"We'll see," he said.`, true, true},
		{"The deadline passed that same day without new penalties.", true, false},
		// The pronoun of the opening clause is the main clause's subject,
		// which the sentence names.
		{"Before he left, Trump told reporters that throwing Russia out of the G8 had been a big mistake.", false, false},
		{"After she spoke, Ursula von der Leyen met the leaders.", false, false},
		// The main clause opens with a place or a people: he is whom the
		// sentence before names.
		{"After he spoke, Russian drones struck Kyiv.", true, true},
		{"Before he arrived, Kyiv was under attack.", true, true},
		// A title or a place word before the name is still a person.
		{"Before he left, U.S. President Donald Trump told reporters it was over.", false, false},
		{"After he spoke, Israel Katz said it was over.", false, false},
		// The main clause's subject is no name: they are whom the sentence
		// before names.
		{"After they met, the two leaders agreed to keep talking.", true, true},
		{"Before he left, he said the talks had gone well.", true, true},
		{"Trump said he hoped to meet Putin soon.", false, false},
	} {
		anaphoric, pronoun := refersBack(tt.s)
		if anaphoric != tt.anaphoric || pronoun != tt.pronoun {
			t.Errorf("refersBack(%q) = %v, %v; want %v, %v", tt.s, anaphoric, pronoun, tt.anaphoric, tt.pronoun)
		}
	}
}
