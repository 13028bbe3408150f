package bot

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/bot/internal/wordlist"
	"github.com/talkbot/talkbot/retrieval"
)

// TestCorrect: a misspelt name is read as the articles' name nearest to it;
// English words, names the articles use, inflections, ties and parts of
// names the articles do not know are left as written.
func TestCorrect(t *testing.T) {
	ix := indexOf(t, fstest.MapFS{
		"a.txt": {Data: []byte("date 2025-02-18 Talks in Riyadh\n\nSergey Lavrov met Marco Rubio in Riyadh. Steve Witkoff and Michael Anton came too. Keith Kellogg did not. Dmitry Peskov spoke. North Korea sent troops. However, talks with Trump went on.\n")},
		"b.txt": {Data: []byte("date 2025-02-19 Kremlin\n\nPeskov said Lavrov was pleased. Saudi Arabia hosted. Karin and Karen spoke once each. Karrin did not.\n")},
	})
	tests := []correctCase{
		{"What did Lavorv say?", "What did Lavrov say?"},        // a swap is one edit
		{"who is peskow", "who is Peskov"},                      // lower case, the articles' spelling back
		{"When did Witkof arrive?", "When did Witkoff arrive?"}, // a letter left out
		{"Did Rubbio and Lavorv agree?", "Did Rubio and Lavrov agree?"},
		{"What did Peskov say?", "What did Peskov say?"},                     // a name the articles use
		{"What was the mood in Riyadh?", "What was the mood in Riyadh?"},     // an English word
		{"Did North Korean troops fight?", "Did North Korean troops fight?"}, // Korea's people, not a misspelling
		{"What did Sauli Niinisto say?", "What did Sauli Niinisto say?"},     // part of a name the articles lack
		{"What did Karon say?", "What did Karon say?"},                       // as near Karin as Karen
		{"Was Lavrof with Xi?", "Was Lavrov with Xi?"},                       // too short to read as another: Xi
		{"Did Witkopp come?", "Did Witkopp come?"},                           // two edits make another name
		{"Did Wittkofff come?", "Did Witkoff come?"},                         // letters doubled are one slip
		{"What did Kelog say?", "What did Kellogg say?"},                     // and so are letters written once
		{"Did Kelllog come?", "Did Kellogg come?"},
		{"Did Kaarin speak?", "Did Kaarin speak?"},                                     // as near Karin as Karrin, undoubled: a tie
		{"What did Peskova say?", "What did Peskova say?"},                             // his family's name, not his
		{"What did Lavro\u0301v say?", "What did Lavro\u0301v say?"},                   // a combining accent is part of the word
		{"Did Wiitkorfff come?", "Did Wiitkorfff come?"},                               // doubled letters and another edit
		{"Did Trmup call Lavrov?", "Did Trump call Lavrov?"},                           // an English word written as a name
		{"Did Howevr come?", "Did Howevr come?"},                                       // "However" opens sentences only
		{"What did Wtikoff and Rubio discuss?", "What did Witkoff and Rubio discuss?"}, // next to a known name
	}
	checkCorrect(t, ix, tests)
}

// correctCase is a question and how correct reads it.
type correctCase struct{ q, want string }

// checkCorrect reads each question with a fresh snapshot's names, and
// wants a correction listed exactly when the question changed.
func checkCorrect(t *testing.T, ix *retrieval.Index, tests []correctCase) {
	t.Helper()
	var n snapshotNames
	for _, tt := range tests {
		got, fixes := n.correct(ix, tt.q)
		if got != tt.want {
			t.Errorf("correct(%q) = %q, want %q", tt.q, got, tt.want)
		}
		if (got == tt.q) != (len(fixes) == 0) {
			t.Errorf("correct(%q): corrections %v for %q", tt.q, fixes, got)
		}
	}
}

// TestAcronyms: an acronym the articles never write is read as the name of
// an institution they write out, of English words; a person's initials, an
// acronym they use, a name written as often as another with the same
// initials, and a name broken by punctuation are not.
func TestAcronyms(t *testing.T) {
	ix := indexOf(t, fstest.MapFS{
		"a.txt": {Data: []byte("date 2025-02-18 Talks\n\nMarco Rubio told the Associated Press the talks went well. " +
			"The Secretary of State spoke to the Associated Press again. Vladimir Putin said NATO must not grow. " +
			"Trade and Industry, Foreign Office. The European Union and the Energy Union met. Keir Starmer and the IAEA came. Britain agreed.\n")},
	})
	tests := []correctCase{
		{"What did Rubio tell the AP?", "What did Rubio tell the Associated Press?"},
		{"Who is the SoS?", "Who is the Secretary of State?"}, // "of" inside the name
		{"What did the SS say?", "What did the Secretary of State say?"},
		{"Who is the Sos?", "Who is the Sos?"}, // not an acronym's shape
		{"What did the SOS say?", "What did the Secretary of State say?"},
		{"What did VP say?", "What did VP say?"},     // Vladimir Putin is a person
		{"What did NATO say?", "What did NATO say?"}, // the articles write it so
		{"What did the IAEA say?", "What did the IAEA say?"},
		// A country's acronym in the capitals table, as the articles name it.
		{"What did the UK say?", "What did the Britain say?"},
		{"what did the uk say", "what did the Britain say"},
		{"What did the UAE say?", "What did the UAE say?"}, // its first name is no word
		{"Did KS come?", "Did KS come?"},                   // Keir Starmer is a person
		{"What did the EU say?", "What did the EU say?"},   // European Union or Energy Union
		{"Was TI there?", "Was TI there?"},                 // "Trade and Industry": no "and" inside
		{"What did the IF say?", "What did the IF say?"},   // "Industry, Foreign": a comma ends a name
	}
	checkCorrect(t, ix, tests)
}

// TestCorrectBounded: a question of many made-up words looks up only the
// first maxLookups of them.
func TestCorrectBounded(t *testing.T) {
	ix := seedEngine(t).Index()
	var s snapshotNames
	q := strings.Repeat("zqxjv ", 50) + "Lavorv?"
	if got, fixes := s.correct(ix, q); got != q || fixes != nil {
		t.Errorf("a misspelling after %d made-up words was looked up: %v", maxLookups, fixes)
	}
	if got, _ := s.correct(ix, "zqxjv Lavorv?"); got != "zqxjv Lavrov?" {
		t.Errorf("correct = %q", got)
	}
}

// TestNamesBuiltOnDemand: a question without a word that could be misspelt
// does not pay for reading the corpus's names.
func TestNamesBuiltOnDemand(t *testing.T) {
	ix := seedEngine(t).Index()
	var s snapshotNames
	s.correct(ix, "What did Peskov say about the mood in the talks?")
	if s.names != nil {
		t.Error("the names were read for a question that names only what the articles use")
	}
	s.correct(ix, "What did Lavorv say?")
	if s.names == nil {
		t.Error("the names were not read for a misspelt one")
	}
	if s.acronyms != nil {
		t.Error("the acronyms were read for a question without one")
	}
	s.correct(ix, "What did the AP say?")
	if s.acronyms == nil {
		t.Error("the acronyms were not read for an acronym the articles never write")
	}
}

// TestCorrectionShown: the answer says how it read the question, and
// answers the question as corrected.
func TestCorrectionShown(t *testing.T) {
	e := seedEngine(t)
	ans, err := e.Ask(context.Background(), Query{Question: "What did Lavorv say after the talks?"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Abstained || !strings.Contains(ans.Text, "very useful") {
		t.Errorf("not answered as about Lavrov: %s", ans.Text)
	}
	if got, want := CorrectionNote(ans.Corrections), "Read “Lavorv” as “Lavrov”."; got != want {
		t.Errorf("note %q, want %q", got, want)
	}
	if ans.Question != "What did Lavorv say after the talks?" {
		t.Errorf("the question is echoed as %q, not as asked", ans.Question)
	}
}

// misspell swaps two inner letters of the question's longest name the
// corpus of ix uses (one not first in the question, of six letters or more,
// no English word), as a hurried typist does; ok is false when it has none.
func misspell(ix *retrieval.Index, q string) (string, bool) {
	var best string
	for i, w := range strings.Fields(q) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		w, _, _ = strings.Cut(w, "'")
		r, _ := utf8.DecodeRuneInString(w)
		if i == 0 || !unicode.IsUpper(r) || len(w) < 6 || strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) ||
			wordlist.Class(strings.ToLower(w)) != 0 || !known(ix, w) {
			continue
		}
		if len(w) > len(best) && w[2] != w[3] {
			best = w
		}
	}
	if best == "" {
		return "", false
	}
	typo := best[:2] + string(best[3]) + string(best[2]) + best[4:]
	return strings.Replace(q, best, typo, 1), true
}

// TestMisspeltNames asks every answerable development question whose name
// can be misspelt, with the typo: the answers must quote the fact nearly
// as often as the questions spelt right do.
func TestMisspeltNames(t *testing.T) {
	ixs := indexes(t)
	engines := map[string]*Engine{}
	for name, ix := range ixs {
		engines[name] = New(ix, Options{})
	}
	var n, right, typo int
	for _, q := range loadQuestions(t) {
		if heldOut[q.Split] || !q.Answerable {
			continue
		}
		mis, ok := misspell(ixs[q.Corpus], q.Question)
		if !ok {
			continue
		}
		n++
		for question, count := range map[string]*int{q.Question: &right, mis: &typo} {
			ans, err := engines[q.Corpus].Ask(context.Background(), Query{Question: question})
			if err != nil {
				t.Fatal(err)
			}
			if !ans.Abstained && quotesFact(ans, q) {
				*count++
			} else if question == mis && testing.Verbose() {
				t.Logf("%s misspelt %q: %v", q.ID, mis, ans.Corrections)
			}
		}
	}
	t.Logf("%d answerable questions with a name misspelt: %d answered with the fact as written, %d misspelt", n, right, typo)
	if n < 100 || float64(typo) < 0.95*float64(right) {
		t.Errorf("misspelt names: %d of %d answered, against %d spelt right; want at least 95%% as many", typo, n, right)
	}
}

// BenchmarkNewAcronyms: reading the acronyms of a corpus's institutions,
// once per snapshot on the first question with an acronym the articles
// never write (most questions have none).
func BenchmarkNewAcronyms(b *testing.B) {
	ix := indexOf(b, os.DirFS(filepath.Join("..", "retrieval", "testdata", "talks")))
	b.ReportAllocs()
	for b.Loop() {
		newAcronyms(ix.Corpus())
	}
}
