package retrieval

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf16"
)

func TestParseSeeds(t *testing.T) {
	tests := []struct {
		file, headline, date, publisher, dateline string
		passages                                  int
		firstPassage, lastPassage                 string
	}{
		{
			file:         "000_455d42bae2579fa5.txt",
			headline:     "Preparations for Trump-Putin summit underway, says Russia",
			date:         "2025-02-23",
			dateline:     "MOSCOW",
			passages:     16,
			firstPassage: "Preparations are underway for a face-to-face meeting",
			lastPassage:  "Fears are growing in European capitals",
		},
		{
			file:         "003_de8c20d388a4a3c7.txt",
			headline:     "Russia and US prepare for more talks: Kremlin",
			date:         "2025-02-26",
			publisher:    "Reuters",
			passages:     12,
			firstPassage: "Moscow confirmed that expert negotiations with Washington are in progress",
			lastPassage:  "A source familiar with the contents of the draft agreement told Reuters on Tuesday",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile("../seeds/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			a, err := ParseArticle(tt.file, data)
			if err != nil {
				t.Fatalf("ParseArticle: %v", err)
			}
			if a.ID != tt.file || a.Headline != tt.headline || a.Date.Format(time.DateOnly) != tt.date ||
				a.Publisher != tt.publisher || a.Dateline != tt.dateline {
				t.Errorf("got id=%q headline=%q date=%s publisher=%q dateline=%q", a.ID, a.Headline,
					a.Date.Format(time.DateOnly), a.Publisher, a.Dateline)
			}
			if len(a.Passages) != tt.passages {
				t.Fatalf("got %d passages, want %d", len(a.Passages), tt.passages)
			}
			if !strings.HasPrefix(a.Passages[0].Text, tt.firstPassage) {
				t.Errorf("first passage %q", a.Passages[0].Text)
			}
			if last := a.Passages[len(a.Passages)-1].Text; !strings.HasPrefix(last, tt.lastPassage) {
				t.Errorf("last passage %q", last)
			}
			for i, p := range a.Passages {
				if want := tt.file + "#" + strconv.Itoa(i+1); p.ID != want || p.N != i+1 || p.Article != tt.file {
					t.Errorf("passage %d: id %q n %d article %q, want id %q", i, p.ID, p.N, p.Article, want)
				}
			}
		})
	}
}

// TestBoilerplateNotRetrievable checks that captions, bare date lines,
// Related links, subheadings and the SOURCE line never become passages.
func TestBoilerplateNotRetrievable(t *testing.T) {
	data, err := os.ReadFile("../seeds/003_de8c20d388a4a3c7.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := ParseArticle("003.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range a.Passages {
		for _, bad := range []string{"Photo: AP", "February 26, 2025", "Related", "Istanbul Protocol",
			"UN votes", "SOURCE", "Ukraine deal"} {
			if p.Text == bad || strings.Contains(p.Text, bad) {
				t.Errorf("passage %s holds boilerplate %q: %q", p.ID, bad, p.Text)
			}
		}
	}
	ix := NewIndex(&Corpus{Articles: []*Article{a}}, DefaultParams())
	for _, q := range []string{"Istanbul Protocol guidepost", "UN votes aligning", "photo AP"} {
		for _, r := range ix.Search(q, 5) {
			if strings.Contains(r.Passage.Text, "Istanbul") || strings.Contains(r.Passage.Text, "UN votes") || strings.Contains(r.Passage.Text, "Photo") {
				t.Errorf("search %q found boilerplate %q", q, r.Passage.Text)
			}
		}
	}
}

func TestParseArticleErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"blank", []byte("\n \n\t\n"), ErrEmpty},
		{"no header", []byte("Trump and Putin to meet\n\nText.\n"), ErrNoDateHeader},
		{"header without date", []byte("date\n\nText.\n"), ErrNoDateHeader},
		{"invalid date", []byte("date 2025-02-30 Headline\n\nText here.\n"), ErrInvalidDate},
		{"not a date", []byte("date yesterday Headline\n\nText here.\n"), ErrInvalidDate},
		{"year zero", []byte("date 0000-01-01 Headline\n\nText here.\n"), ErrDateRange},
		{"year one", []byte("date 0001-01-01 Headline\n\nText here.\n"), ErrDateRange},
		{"year 1899", []byte("date 1899-12-31 Headline\n\nText here.\n"), ErrDateRange},
		{"year 2101", []byte("date 2101-01-01 Headline\n\nText here.\n"), ErrDateRange},
		{"year 9999", []byte("date 9999-12-31 Headline\n\nText here.\n"), ErrDateRange},
		{"binary", []byte("date 2025-02-23 Headline\n\x00\x01\x02"), ErrBinary},
		{"invalid utf-8", []byte("date 2025-02-23 Headline\n\nBad \xff\xfe text.\n"), ErrInvalidUTF8},
		{"too large", append([]byte("date 2025-02-23 Headline\n\n"), bytes.Repeat([]byte("word. "), MaxArticleBytes/6+1)...), ErrTooLarge},
		{"no headline", []byte("date 2025-02-23 WORLD\n\n"), ErrNoHeadline},
		{"no text", []byte("date 2025-02-23 Headline\n\nRelatedSomething else\nPhoto caption / Photo: AP\n"), ErrNoText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseArticle(tt.name+".txt", tt.data)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
}

// TestNoHeadline checks a date line that gives no headline, or a section
// label in its place: the next non-empty line is the headline only when it
// can be one. Metadata, boilerplate and a sentence of the text are never
// taken for it; the file is skipped as having no headline instead.
func TestNoHeadline(t *testing.T) {
	tests := []struct {
		name, data string
		headline   string // "": skipped with ErrNoHeadline
	}{
		{"source line", "date 2024-05-02\nSOURCE: Daily Planet\nURL: https://planet.example/a\n\nThe council met on Tuesday and approved the budget.\n", ""},
		{"url line", "date 2024-05-02 WORLD\nURL: https://planet.example/a\n\nThe council met on Tuesday.\n", ""},
		{"byline", "date 2024-05-03 WORLD\n\nBy Jane Doe\n\nThe mayor resigned on Thursday after the vote.\n", ""},
		{"first paragraph", "date 2024-05-02\n\nFirst paragraph sentence here.\n\nSecond paragraph sentence here.\n", ""},
		{"one paragraph only", "date 2024-05-02\n\nThe council met on Tuesday and approved the budget.\n", ""},
		{"quoted sentence", "date 2024-05-02 NEWS\n\n\"We will not sign this deal.\"\n\nMore text here.\n", ""},
		{"Chinese sentence", "date 2025-03-12 WORLD\n\n俄乌双方将于3月19日各交换175名战俘。\n", ""},
		{"bare date line", "date 2025-02-20 WORLD\nFebruary 20, 2025\nRelations hit a low point.\n", ""},
		{"photo caption", "date 2025-02-20 WORLD\nA ship leaves Odesa. / Photo: Reuters\nRelations hit a low point.\n", ""},
		{"only a label", "date 2025-02-23 WORLD\n\n", ""},
		// A headline still comes from the next line.
		{"label then headline", "date 2025-02-20 WORLD\nTrump calls Zelensky a \"dictator\"\nRelations hit a low point.\n", `Trump calls Zelensky a "dictator"`},
		{"empty then headline", "date 2025-02-20\n\nEnvoys meet in Riyadh\n\nThe envoys met on Tuesday.\n", "Envoys meet in Riyadh"},
		{"question headline", "date 2025-02-20 WORLD\nWill the talks end the war?\nEnvoys met on Tuesday.\n", "Will the talks end the war?"},
		{"headline ending in U.S.", "date 2025-02-20 WORLD\nUkraine signs minerals deal with U.S.\nEnvoys met on Tuesday.\n", "Ukraine signs minerals deal with U.S."},
		// A dot that ends no sentence: an ellipsis, a name's abbreviation.
		{"headline ending in ...", "date 2025-02-20 WORLD\nPutin says talks will go on...\nEnvoys met on Tuesday.\n", "Putin says talks will go on..."},
		{"headline ending in …", "date 2025-02-20 WORLD\nPutin says talks will go on…\nEnvoys met on Tuesday.\n", "Putin says talks will go on…"},
		{"headline quoting ...", "date 2025-02-20 WORLD\nLavrov: \"We will see...\"\nEnvoys met on Tuesday.\n", `Lavrov: "We will see..."`},
		{"headline ending in Jr.", "date 2025-02-20 WORLD\nCity renames avenue for Martin Luther King Jr.\nThe council voted on Tuesday.\n", "City renames avenue for Martin Luther King Jr."},
		{"headline ending in Sr.", "date 2025-02-20 WORLD\nPark named for Robert Smith Sr.\nThe council voted on Tuesday.\n", "Park named for Robert Smith Sr."},
		{"headline ending in Inc.", "date 2025-02-20 WORLD\nRussia fines Apple Inc.\nA court ruled on Tuesday.\n", "Russia fines Apple Inc."},
		{"headline ending in Co.", "date 2025-02-20 WORLD\nSanctions hit Samsung Electronics Co.\nThe rules took effect on Tuesday.\n", "Sanctions hit Samsung Electronics Co."},
		{"headline ending in Ltd.", "date 2025-02-20 WORLD\nKremlin bars Example Holdings Ltd.\nThe order came on Tuesday.\n", "Kremlin bars Example Holdings Ltd."},
		{"headline ending in Corp.", "date 2025-02-20 WORLD\nUkraine signs deal with Example Corp.\nThe deal came on Tuesday.\n", "Ukraine signs deal with Example Corp."},
		{"headline ending in Bros.", "date 2025-02-20 WORLD\nMoscow cinemas drop Warner Bros.\nThe films left on Tuesday.\n", "Moscow cinemas drop Warner Bros."},
		{"headline ending in St.", "date 2025-02-20 WORLD\nProtesters gather on Main St.\nCrowds came on Tuesday.\n", "Protesters gather on Main St."},
		{"headline ending in (U.K.)", "date 2025-02-20 WORLD\nTalks to resume in London (U.K.)\nEnvoys met on Tuesday.\n", "Talks to resume in London (U.K.)"},
		// Only those: a word that ends sentences too, or in lower case, is a full stop.
		{"sentence ending in no.", "date 2025-02-20 WORLD\nThe Kremlin said no.\nEnvoys met on Tuesday.\n", ""},
		{"sentence ending in st.", "date 2025-02-20 WORLD\nThe crowd moved to the old st.\nEnvoys met on Tuesday.\n", ""},
		{"sentence ending in a word with Co", "date 2025-02-20 WORLD\nThe deal was signed by Costco.\nEnvoys met on Tuesday.\n", ""},
		{"sentence ending in two dots", "date 2025-02-20 WORLD\nThe envoys met..\nEnvoys met on Tuesday.\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseArticle("a.txt", []byte(tt.data))
			if tt.headline == "" {
				if !errors.Is(err, ErrNoHeadline) {
					t.Fatalf("got %v, want %v", err, ErrNoHeadline)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Headline != tt.headline {
				t.Errorf("headline %q, want %q", a.Headline, tt.headline)
			}
		})
	}
}

// TestNoHeadlineReason checks that a file skipped for having no headline
// says, in one line, which line was refused (quoted, cut to 60
// characters) and why, and where to write the headline.
func TestNoHeadlineReason(t *testing.T) {
	const where = "; write the headline on the first line, after the date"
	long := "The council met on Tuesday and approved the budget for the coming year after a long debate."
	tests := []struct{ name, data, want string }{
		{"source", "date 2024-05-02\nSOURCE: Daily Planet\n\nThe council met on Tuesday.\n",
			`the line after the date, "SOURCE: Daily Planet", is the source or link, not a headline`},
		{"url", "date 2024-05-02 WORLD\nURL: https://planet.example/a\n\nThe council met on Tuesday.\n",
			`the line after the date, "URL: https://planet.example/a", is the source or link, not a headline`},
		{"byline", "date 2024-05-03 WORLD\n\nBy Jane Doe\n\nThe mayor resigned on Thursday.\n",
			`the line after the date, "By Jane Doe", is a byline, not a headline`},
		{"caption", "date 2025-02-20 WORLD\nA ship leaves Odesa. / Photo: Reuters\nRelations hit a low point.\n",
			`the line after the date, "A ship leaves Odesa. / Photo: Reuters", is a caption, date, link or ad line, which the text drops`},
		{"long sentence", "date 2024-05-02\n\n" + long + "\n",
			`the line after the date, "The council met on Tuesday and approved the budget for the…", ends in a full stop, as a sentence of the text does`},
		{"Chinese sentence", "date 2025-03-12 WORLD\n\n俄乌双方将于3月19日各交换175名战俘。\n",
			`the line after the date, "俄乌双方将于3月19日各交换175名战俘。", ends in a full stop, as a sentence of the text does`},
		{"only a label", "date 2025-02-23 WORLD\n\n", "no line follows the date"},
		{"nothing", "date 2025-02-23\n", "no line follows the date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseArticle("a.txt", []byte(tt.data))
			if !errors.Is(err, ErrNoHeadline) {
				t.Fatalf("got %v, want %v", err, ErrNoHeadline)
			}
			if want := ErrNoHeadline.Error() + ": " + tt.want + where; err.Error() != want {
				t.Errorf("got  %q\nwant %q", err, want)
			}
		})
	}
}

// TestLoadSkipsNoHeadline checks that a file without a headline is skipped
// with one line naming the reason, and the rest of the folder loads.
func TestLoadSkipsNoHeadline(t *testing.T) {
	c, err := Load(fstest.MapFS{
		"a.txt": {Data: []byte("date 2024-05-02\nSOURCE: Daily Planet\n\nThe council met on Tuesday.\n")},
		"b.txt": {Data: []byte("date 2024-05-03 Mayor resigns\n\nThe mayor resigned on Thursday.\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Articles) != 1 || c.Articles[0].ID != "b.txt" {
		t.Errorf("loaded %v", c.Articles)
	}
	if len(c.Skipped) != 1 || c.Skipped[0].File != "a.txt" || !strings.HasPrefix(c.Skipped[0].Reason, ErrNoHeadline.Error()) ||
		strings.Contains(c.Skipped[0].Reason, "\n") {
		t.Errorf("skipped %q", c.Skipped)
	}
}

func TestParseArticleFormats(t *testing.T) {
	tests := []struct {
		name, data    string
		headline, pub string
		url           string
		texts         []string
	}{
		{
			name:     "leading space, CRLF, BOM",
			data:     "\uFEFF  date 2025-03-01 Talks resume\r\n\r\nEnvoys met in Riyadh.\r\n",
			headline: "Talks resume",
			texts:    []string{"Envoys met in Riyadh."},
		},
		{
			name:     "two-word section label",
			data:     "date 2025-03-01 US NEWS\n\nReal headline here\nBody sentence one.\n",
			headline: "Real headline here",
			texts:    []string{"Body sentence one."},
		},
		{
			name:     "source and url metadata",
			data:     "date 2025-03-01 Headline\n\nText one.\nSOURCE: AFP\nURL: https://example.org/a\n",
			headline: "Headline", pub: "AFP", url: "https://example.org/a",
			texts: []string{"Text one."},
		},
		{
			name:     "hard-wrapped paragraph joins",
			data:     "date 2025-03-01 Headline\n\nThe envoys met on\nTuesday in Riyadh.\n\nSecond paragraph.\n",
			headline: "Headline",
			texts:    []string{"The envoys met on Tuesday in Riyadh.", "Second paragraph."},
		},
		{
			name:     "boilerplate lines",
			data:     "date 2025-03-01 Headline\nMarch 1, 2025\n1 March 2025, 15:02\nA man walks. / Photo: Reuters\nRelated: Other story\nBody.\n",
			headline: "Headline",
			texts:    []string{"Body."},
		},
		{
			name:     "control characters, whole escape sequences and bidi overrides are dropped",
			data:     "date 2025-03-01 Head\x1b[31mline\x07\n\nEnvoys \x1b[0mmet\u202e in Riyadh.\u0085\n",
			headline: "Headline",
			texts:    []string{"Envoys met in Riyadh."},
		},
		{
			name:     "a sentence starting with Related stays",
			data:     "date 2025-03-01 Headline\n\nrelated talks resumed.\n\nRelated talks are planned for March.\n",
			headline: "Headline",
			texts:    []string{"related talks resumed.", "Related talks are planned for March."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseArticle("a.txt", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if a.Headline != tt.headline || a.Publisher != tt.pub || a.URL != tt.url {
				t.Errorf("headline %q publisher %q url %q", a.Headline, a.Publisher, a.URL)
			}
			var texts []string
			for _, p := range a.Passages {
				texts = append(texts, p.Text)
			}
			if strings.Join(texts, "|") != strings.Join(tt.texts, "|") {
				t.Errorf("passages %q, want %q", texts, tt.texts)
			}
		})
	}
}

func TestDateRangeEdgesLoad(t *testing.T) {
	for _, d := range []string{"1900-01-01", "2100-12-31"} {
		if _, err := ParseArticle("a.txt", []byte("date "+d+" Headline\n\nText here.\n")); err != nil {
			t.Errorf("%s: %v", d, err)
		}
	}
}

// TestScrapedNoiseLines checks the lines extractors leave inside scraped
// text: each is kept out of the passages, the byline is kept as metadata,
// and sentences that merely look similar stay.
func TestScrapedNoiseLines(t *testing.T) {
	tests := []struct {
		name, body string
		byline     string
		texts      []string
	}{
		{
			name:   "byline then blank line",
			body:   "By Anna Smith\n\nEnvoys met in Riyadh.\n",
			byline: "Anna Smith",
			texts:  []string{"Envoys met in Riyadh."},
		},
		{
			name:   "byline with the text right below it",
			body:   "By Anna Smith\nEnvoys met in Riyadh.\n",
			byline: "Anna Smith",
			texts:  []string{"Envoys met in Riyadh."},
		},
		{
			name:   "byline in capitals with two authors and an agency",
			body:   "BY ANNA SMITH and John O'Neil, Reuters\nEnvoys met in Riyadh.\n",
			byline: "ANNA SMITH and John O'Neil, Reuters",
			texts:  []string{"Envoys met in Riyadh."},
		},
		{
			name:  "a sentence starting with By stays",
			body:  "By Tuesday the envoys had met twice.\n",
			texts: []string{"By Tuesday the envoys had met twice."},
		},
		{
			name:  "a wrapped line starting with By stays",
			body:  "The plan was drafted\nBy Russian Officials\nin Moscow last week.\n",
			texts: []string{"The plan was drafted By Russian Officials in Moscow last week."},
		},
		{
			name:  "read more and see also",
			body:  "Envoys met in Riyadh.\nRead more: Why the talks matter\nSee also: Timeline of the war\nREAD MORE - Kremlin reacts\nThey agreed to meet again.\n",
			texts: []string{"Envoys met in Riyadh.", "They agreed to meet again."},
		},
		{
			name:  "follow us",
			body:  "Envoys met in Riyadh.\nFollow us on X and Telegram for the latest updates.\n",
			texts: []string{"Envoys met in Riyadh."},
		},
		{
			name:  "newsletter promo",
			body:  "Envoys met in Riyadh.\nSign up for our Morning Briefing newsletter to get the news in your inbox.\nSubscribe now\nGet our free Ukraine war alerts.\nThey agreed to meet again.\n",
			texts: []string{"Envoys met in Riyadh.", "They agreed to meet again."},
		},
		{
			name:  "a sentence about subscriptions stays",
			body:  "Officials said Moscow would not subscribe to the plan.\n",
			texts: []string{"Officials said Moscow would not subscribe to the plan."},
		},
		{
			name:  "photo captions in brackets",
			body:  "Putin speaks at the Kremlin (Photo: Reuters)\nEnvoys met in Riyadh.\n(File photo: AP/Alexander Zemlianichenko)\n",
			texts: []string{"Envoys met in Riyadh."},
		},
		{
			name:  "advertisement inside a paragraph keeps the paragraph whole",
			body:  "The envoys met on\nAdvertisement\nTuesday in Riyadh.\n\nADVERTISEMENT\n\nStory continues below advertisement\nAdvertisement - Scroll to continue\nThey agreed to meet again.\n",
			texts: []string{"The envoys met on Tuesday in Riyadh.", "They agreed to meet again."},
		},
		{
			name:  "copyright footers",
			body:  "Envoys met in Riyadh.\n© 2025 The Meridian Post. All rights reserved.\nCopyright 2025 Harbor Herald.\n© Вестник Востока, 2025. Все права защищены.\n",
			texts: []string{"Envoys met in Riyadh."},
		},
		{
			name:  "a sentence about copyright stays",
			body:  "The publisher said the copyright dispute was settled.\n",
			texts: []string{"The publisher said the copyright dispute was settled."},
		},
		{
			name:  "a sentence about advertisements stays",
			body:  "Advertisement revenue fell as the war went on.\n",
			texts: []string{"Advertisement revenue fell as the war went on."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseArticle("a.txt", []byte("date 2025-03-01 Headline\n\n"+tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if a.Byline != tt.byline {
				t.Errorf("byline %q, want %q", a.Byline, tt.byline)
			}
			var texts []string
			for _, p := range a.Passages {
				texts = append(texts, p.Text)
			}
			if strings.Join(texts, "|") != strings.Join(tt.texts, "|") {
				t.Errorf("passages %q, want %q", texts, tt.texts)
			}
		})
	}
}

func TestLongParagraphIsChunkedAtSentences(t *testing.T) {
	sentence := "Envoys from both countries met again in Riyadh to discuss the next steps of the talks. "
	data := "date 2025-03-01 Headline\n\n" + strings.Repeat(sentence, 30) + "\n"
	a, err := ParseArticle("a.txt", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Passages) < 2 {
		t.Fatalf("one passage of %d chars; want it cut", len(a.Passages[0].Text))
	}
	for _, p := range a.Passages {
		if len(p.Text) > maxPassageChars {
			t.Errorf("passage %s has %d chars", p.ID, len(p.Text))
		}
		if !strings.HasSuffix(p.Text, "talks.") || !strings.HasPrefix(p.Text, "Envoys") {
			t.Errorf("passage %s cut inside a sentence: %q", p.ID, p.Text)
		}
	}
}

func TestLoadSkipsBadFiles(t *testing.T) {
	good, err := os.ReadFile("../seeds/000_455d42bae2579fa5.txt")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"a_good.txt":     {Data: good},
		"b_copy.txt":     {Data: good},
		"c_nodate.txt":   {Data: []byte("Just text.\n")},
		"d_baddate.txt":  {Data: []byte("date 2025-13-01 Headline\n\nText.\n")},
		"e_binary.txt":   {Data: []byte{0x89, 'P', 'N', 'G', 0, 0}},
		"f_empty.txt":    {Data: nil},
		"g_utf8.txt":     {Data: []byte("date 2025-01-01 H\n\n\xc3\x28 text.\n")},
		"h_large.txt":    {Data: bytes.Repeat([]byte("a"), MaxArticleBytes+1)},
		"notes.md":       {Data: []byte("ignored")},
		"sub/inner.txt":  {Data: good},
		"i_other.TXT":    {Data: []byte("date 2025-03-01 Other story\n\nSomething else happened.\n")},
		"j_dir.txt/x.go": {Data: []byte("package x")},
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range c.Articles {
		ids = append(ids, a.ID)
	}
	if got := strings.Join(ids, ","); got != "a_good.txt,i_other.TXT" {
		t.Errorf("loaded %s", got)
	}
	want := map[string]error{
		"b_copy.txt": ErrDuplicate, "c_nodate.txt": ErrNoDateHeader, "d_baddate.txt": ErrInvalidDate,
		"e_binary.txt": ErrBinary, "f_empty.txt": ErrEmpty, "g_utf8.txt": ErrInvalidUTF8, "h_large.txt": ErrTooLarge,
	}
	if len(c.Skipped) != len(want) {
		t.Errorf("skipped %v", c.Skipped)
	}
	for _, s := range c.Skipped {
		w, ok := want[s.File]
		if !ok || !strings.HasPrefix(s.Reason, w.Error()) {
			t.Errorf("skipped %s: %q, want %v", s.File, s.Reason, w)
		}
		if strings.Contains(s.Reason, "\n") {
			t.Errorf("reason for %s is not one line: %q", s.File, s.Reason)
		}
	}
	if !strings.Contains(c.Skipped[0].Reason, "a_good.txt") {
		t.Errorf("duplicate reason does not name the original: %q", c.Skipped[0].Reason)
	}
}

// TestLoadSaysWhatABinaryFileIs: a file skipped as binary says what it is
// when its first bytes tell (as talkbot add does), and what to do.
func TestLoadSaysWhatABinaryFileIs(t *testing.T) {
	art := "date 2025-03-01 Envoys meet\n\nThe envoys met in Riyadh.\n"
	utf16le := []byte("\xff\xfe")
	for _, u := range utf16.Encode([]rune(art)) {
		utf16le = binary.LittleEndian.AppendUint16(utf16le, u)
	}
	utf16be := []byte("\xfe\xff") // Cyrillic: no NUL byte in it
	for _, u := range utf16.Encode([]rune("дата")) {
		utf16be = binary.BigEndian.AppendUint16(utf16be, u)
	}
	tests := []struct {
		name string
		data []byte
		want string // the reason
	}{
		{"utf16le.txt", utf16le, "file is binary, not text (UTF-16 text): save it as UTF-8"},
		{"utf16be.txt", utf16be, "file is binary, not text (UTF-16 text): save it as UTF-8"},
		{"png.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + art), "file is binary, not text (a PNG image)"},
		{"jpeg.txt", []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), "file is binary, not text (a JPEG image)"},
		{"gzip.txt", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"), "file is binary, not text (gzip-compressed): decompress it (gunzip)"},
		{"zip.txt", []byte("PK\x03\x04\x14\x00\x00\x00"), "file is binary, not text (a zip archive): unpack it"},
		{"pdf.txt", []byte("%PDF-1.7\n\x00\x01"), "file is binary, not text (a PDF document): save the article as text (.txt)"},
		{"nul.txt", []byte(art + "\x00"), "file is binary, not text"},
	}
	fsys := fstest.MapFS{"good.txt": {Data: []byte(art)}}
	for _, tt := range tests {
		fsys[tt.name] = &fstest.MapFile{Data: tt.data}
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, s := range c.Skipped {
		reasons[s.File] = s.Reason
	}
	for _, tt := range tests {
		if reasons[tt.name] != tt.want {
			t.Errorf("%s: skipped as %q, want %q", tt.name, reasons[tt.name], tt.want)
		}
	}
	for _, s := range c.Skipped {
		if _, err := ParseArticle(s.File, fsys[s.File].Data); !errors.Is(err, ErrBinary) {
			t.Errorf("%s: %v is not ErrBinary", s.File, err)
		}
	}
}

// TestLoadSaysOnlyTxtFilesAreRead: a folder whose articles are saved with
// another ending, or in folders below it, says which files are read.
func TestLoadSaysOnlyTxtFilesAreRead(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string // the error; "" for no article at all
	}{
		{"markdown files", fstest.MapFS{"a.md": {Data: []byte("date 2025-03-01 X\n\nText.\n")}, "b.md": {}},
			"no article could be loaded: only *.txt files directly in the folder are read, and it holds none (2 other files)"},
		{"articles in folders below", fstest.MapFS{"news/a.txt": {Data: []byte("date 2025-03-01 X\n\nText.\n")}},
			"no article could be loaded: only *.txt files directly in the folder are read, and it holds none (1 folder)"},
		{"both", fstest.MapFS{"a.md": {}, "news/a.txt": {}, "old/b.txt": {}},
			"no article could be loaded: only *.txt files directly in the folder are read, and it holds none (1 other file and 2 folders)"},
		{"hidden files only", fstest.MapFS{".DS_Store": {}}, "no article could be loaded"},
		{"bad .txt files", fstest.MapFS{"a.txt": {Data: []byte("nope")}, "b.md": {}}, "no article could be loaded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.fsys)
			if !errors.Is(err, ErrNoArticles) || err.Error() != tt.want {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load(fstest.MapFS{"x.md": {Data: []byte("no")}}); !errors.Is(err, ErrNoArticles) {
		t.Errorf("folder without articles: %v", err)
	}
	if _, err := Load(fstest.MapFS{"bad.txt": {Data: []byte("nope")}}); !errors.Is(err, ErrNoArticles) {
		t.Errorf("folder of bad articles: %v", err)
	}
	if _, err := LoadDir(t.TempDir() + "/missing"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing folder: %v", err)
	}
	f := t.TempDir() + "/file.txt"
	if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDir(f); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("file as folder: %v", err)
	}
}

func TestCorpusLookup(t *testing.T) {
	c, err := Load(os.DirFS("../seeds"))
	if err != nil {
		t.Fatal(err)
	}
	p, a, ok := c.Passage("000_455d42bae2579fa5.txt#7")
	if !ok || a.ID != "000_455d42bae2579fa5.txt" || !strings.Contains(p.Text, "Saudi Arabia") {
		t.Errorf("Passage: %v %v %q", ok, a, p.Text)
	}
	for _, id := range []string{"000_455d42bae2579fa5.txt#99", "nope.txt#1", "no-hash"} {
		if _, _, ok := c.Passage(id); ok {
			t.Errorf("Passage(%q) found", id)
		}
	}
}

// TestParseChineseAndJapanese: paragraphs ending in 。！？ are text, not
// subheadings, and long ones are cut into passages at their full stops.
func TestParseChineseAndJapanese(t *testing.T) {
	ja := "米国とロシアの代表団は火曜日、サウジアラビアで会談し、ウクライナでの戦争終結に向けた協議を開始することで合意した。"
	zh := "美国和俄罗斯代表团周二在沙特阿拉伯会晤，同意开始就结束乌克兰战争进行谈判。"
	long := strings.Repeat(ja, 12) // about 1,900 bytes: several passages
	for _, tt := range []struct {
		name string
		text string
		want []string // passage texts
	}{
		{"Japanese", "date 2025-03-12 米ロ、停戦交渉で合意\n\n" + ja + "\n", []string{ja}},
		{"Chinese", "date 2025-03-12 美俄同意停火谈判\n\n" + zh + "\n", []string{zh}},
		{"exclamation and question", "date 2025-03-12 見出し\n\n本当に合意したのか？\n\n合意した！\n", []string{"本当に合意したのか？", "合意した！"}},
		{"closing bracket", "date 2025-03-12 見出し\n\n報道官は「協議は有益だった。」\n", []string{"報道官は「協議は有益だった。」"}},
		{"a subheading is still dropped", "date 2025-03-12 見出し\n\n交渉の背景\n\n" + ja + "\n", []string{ja}},
		{"a long line without a stop is text", "date 2025-03-12 見出し\n\n米国とロシアの代表団は火曜日サウジアラビアで会談し協議を開始することで合意\n",
			[]string{"米国とロシアの代表団は火曜日サウジアラビアで会談し協議を開始することで合意"}},
		{"a wrapped paragraph", "date 2025-03-12 見出し\n\n米国とロシアの代表団は\n会談した。\n", []string{"米国とロシアの代表団は 会談した。"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseArticle("a.txt", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range a.Passages {
				got = append(got, p.Text)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("passages\n got %q\nwant %q", got, tt.want)
			}
		})
	}
	a, err := ParseArticle("long.txt", []byte("date 2025-03-12 見出し\n\n"+long+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Passages) < 2 {
		t.Fatalf("a %d-byte paragraph is %d passage(s), want it cut", len(long), len(a.Passages))
	}
	var joined string
	for _, p := range a.Passages {
		if len(p.Text) > maxPassageChars || !strings.HasSuffix(p.Text, "。") {
			t.Errorf("passage of %d bytes not cut at a full stop: %q", len(p.Text), p.Text)
		}
		joined += p.Text
	}
	if joined != long {
		t.Error("the passages do not add up to the paragraph (a space added between sentences, or text lost)")
	}
	// Retrieval takes the text: the index builds and finds a clause
	// searched as written.
	ix := NewIndex(&Corpus{Articles: []*Article{a}}, DefaultParams())
	if res := ix.Search("米国とロシアの代表団は火曜日", 1); len(res) == 0 {
		t.Error("a clause of the article is not found")
	}
}
