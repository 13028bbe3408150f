package timeline

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/retrieval"
	"github.com/talkbot/talkbot/seeds"
)

// The verb lists as the rules held them before the one table: the scan of
// verbsIn must find exactly what these found, so the table changed no
// output.
var (
	oldReportingRe = regexp.MustCompile(`\b(said|says|told|added|stressed|hailed|noted|reiterated|declined|confirmed|announced|warned|insisted|acknowledged|denied|urged|praised|welcomed|emphasi[sz]ed|explained|argued|claimed|replied|responded|wrote|accused|described|rejected|dismissed|proposed|suggested|predicted|promised|vowed|pledged|cautioned|admitted|conceded|complained|criticized|criticised|condemned|revealed|disclosed|answered|asked)\b`)
	oldEventRe     = regexp.MustCompile(`\b(met|adopted|refused|signed|attended|arrived|visited|voted|approved|endorsed|accepted|thanked|amended|ended|began|came|agreed|cancell?ed|published)\b`)
	oldFrameVerbs  = []string{"called", "urged", "demanded", "proposed", "offered", "agreed", "announced", "ordered",
		"declared", "said", "told", "added", "reported", "stated", "asked", "accepted", "rejected", "signed", "suggested", "backed"}
)

func TestVerbsInMatchesTheOldLists(t *testing.T) {
	texts := []string{
		"", "said", "Said", "SAID", "said.", "re-said it", "saidx", "xsaid", "_said", "said_", "said9",
		"he said—and added", "«said»", "éasked", "askedé", "cancelled canceled cancellled", "emphasized emphasised emphasiszed",
		"Lavrov said on Tuesday that talks, which met twice, ended; Rubio told NBC he had asked.",
		"The U.S.-proposed truce was signed\tand agreed\nafter they came.",
	}
	// Every sentence of the seeds and of the development corpora.
	add := func(c *retrieval.Corpus, err error) {
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range c.Articles {
			for _, p := range a.Passages {
				texts = append(texts, retrieval.SplitSentences(p.Text)...)
			}
		}
	}
	add(retrieval.Load(seeds.FS()))
	for _, dir := range []string{"talks", "talks2"} {
		add(retrieval.LoadDir(filepath.Join("..", "testdata", dir)))
	}
	if len(texts) < 300 {
		t.Fatalf("only %d texts", len(texts))
	}
	for _, s := range texts {
		for _, c := range []struct {
			class verbClass
			re    *regexp.Regexp
		}{{reportVerb, oldReportingRe}, {eventVerb, oldEventRe}} {
			got, want := verbsIn(s, c.class), c.re.FindAllStringIndex(s, -1)
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("verbsIn(%q, %d) = %v, the old list found %v", s, c.class, got, want)
			}
			if hasVerb(s, c.class) != c.re.MatchString(s) {
				t.Errorf("hasVerb(%q, %d) = %v, want %v", s, c.class, !c.re.MatchString(s), c.re.MatchString(s))
			}
		}
	}
	for w, c := range verbTable {
		if got, want := c&frameVerb != 0, slices.Contains(oldFrameVerbs, w); got != want {
			t.Errorf("%q frames a plan: %v, want %v", w, got, want)
		}
		if strings.ToLower(w) != w {
			t.Errorf("%q is not lower case", w)
		}
	}
	for _, w := range oldFrameVerbs {
		if !isVerb(w, frameVerb) {
			t.Errorf("%q lost its frame class", w)
		}
	}
}
