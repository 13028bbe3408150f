package retrieval

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/talkbot/talkbot/retrieval/textclean"
)

// MaxArticleBytes is the largest article file Load reads; larger files are
// skipped so one stray dump cannot exhaust memory.
const MaxArticleBytes = 10 << 20

// maxPassageChars is the soft upper bound of a passage: long paragraphs are cut
// at sentence boundaries into chunks of about this size.
const maxPassageChars = 700

// MinYear and MaxYear bound the year of an article's date: one outside
// them is broken metadata, and no article of the corpus is dated there.
const (
	MinYear = 1900
	MaxYear = 2100
)

// Reasons a file is not an article. Load reports them per file; callers can
// test for them with errors.Is.
var (
	ErrEmpty        = errors.New("file is empty")
	ErrTooLarge     = errors.New("file is larger than 10 MB")
	ErrBinary       = errors.New("file is binary, not text")
	ErrInvalidUTF8  = errors.New("file is not valid UTF-8")
	ErrNoDateHeader = errors.New(`first line is not "date YYYY-MM-DD <headline>"`)
	ErrInvalidDate  = errors.New("date header holds an invalid date")
	ErrDateRange    = errors.New("date header is outside the years 1900 to 2100") // MinYear, MaxYear
	ErrNoHeadline   = errors.New("article has no headline")
	ErrNoText       = errors.New("article has no text")
	ErrDuplicate    = errors.New("duplicate of another article")
	ErrNotRegular   = errors.New("not a regular file (a pipe, device or socket)")
	ErrBrokenLink   = errors.New("broken symbolic link")
)

// Article is one news article: one file of the corpus.
type Article struct {
	ID        string    // the file name; citations name it
	Headline  string    // the title
	Date      time.Time // publication day, UTC midnight
	Publisher string    // the agency or publisher when the file names one (SOURCE:), else ""
	URL       string    // link to the original when known (URL:), else ""
	Dateline  string    // the place line that opens some articles (e.g. MOSCOW)
	Byline    string    // the author line when the file has one ("Anna Smith"), else ""
	Passages  []Passage // the citable text, in reading order
}

// Passage is a citable chunk of an article: a paragraph, or part of a long one
// cut at a sentence boundary.
type Passage struct {
	ID      string // stable id: "<article id>#<n>"
	Article string // the article id
	N       int    // 1-based position within the article
	Text    string
}

var (
	dateHeader = regexp.MustCompile(`^\s*(?i:date)\s+(\S+)\s*(.*?)\s*$`)
	// A section label stands where the headline should: "WORLD", "US NEWS".
	sectionLabel = regexp.MustCompile(`^\p{Lu}[\p{Lu}&\-]*(?:\s+\p{Lu}[\p{Lu}&\-]*)?$`)
	// A dateline: a short all-caps place line such as "MOSCOW" or "KYIV,
	// UKRAINE", of at most maxDatelineRunes (isDateline counts them: as
	// {1,40} the pattern compiled forty copies of \p{Lu}, 1.2 MB at every
	// start-up).
	datelineRe = regexp.MustCompile(`^\p{Lu}[\p{Lu}\s,.\-'’/]+$`)
	captionRe  = regexp.MustCompile(`(?i)/\s*(?:photo|picture|image|video)\s*:\s*\S.*$`)
	relatedRe  = regexp.MustCompile(`^Related(?:\s*:\s*|\s*)\p{Lu}`)
	sourceRe   = regexp.MustCompile(`^(?i:source)\s*:\s*(.+?)\s*$`)
	urlRe      = regexp.MustCompile(`^(?i:url)\s*:\s*(https?://\S+)\s*$`)
	// Scraped pages leave more noise inside the text than the seeds hold.
	// A byline: "By Anna Smith", "By ANNA SMITH and John Doe, Reuters"; at
	// most eight name words, no sentence after it.
	bylineRe = regexp.MustCompile(`^(?i:by)\s+(\p{Lu}[\p{L}.'’\-]*(?:(?:\s+|\s*,\s*|\s+(?:and|&)\s+)(?:\p{Lu}[\p{L}.'’\-]*|de|van|von|der|da|di|le|la|bin)){0,7})\s*$`)
	// "Read more: ...", "See also: ...", "READ MORE - ...", "Follow us on X".
	linkPromoRe = regexp.MustCompile(`^(?i:(?:read|see|watch|listen)\s+(?:more|also|next)|more\s+on\s+this(?:\s+story)?|related\s+(?:coverage|articles?|stories|reading))\s*[:\-–—|]|^(?i:follow\s+us\s+on)\b`)
	// Newsletter and subscription promos: a short line that asks the reader
	// to sign up for something delivered to them.
	promoRe = regexp.MustCompile(`^(?i:(?:sign\s+up|subscribe|register|join|get|want)\b.{0,200}\b(?:newsletters?|inbox|briefings?|subscriptions?|subscribe|alerts)\b.{0,120})$|^(?i:subscribe(?:\s+now)?[.!]?)$`)
	// "(Photo: Reuters)", "(Photo credit: AFP/Getty)", "(File photo: AP)".
	parenCaptionRe = regexp.MustCompile(`(?i)\(\s*(?:file\s+)?(?:photo|picture|image|video)s?(?:\s+credit)?\s*:\s*[^)]{1,80}\)\s*$`)
	// "Advertisement", "ADVERTISEMENT", "Story continues below advertisement",
	// "Advertisement - Scroll to continue", "Sponsored content".
	// "© 2025 Herald. All rights reserved.", "Copyright 2025 ...", and the
	// same in Russian ("Все права защищены"): a footer line.
	copyrightRe = regexp.MustCompile(`^(?i:©|\(c\)\s|copyright\b).{0,200}$|^.{0,200}(?i:all rights reserved|все права защищены).{0,40}$`)
	adRe        = regexp.MustCompile(`^(?i:(?:story\s+continues\s+(?:below|after)\s+(?:this\s+)?)?advertisement(?:\s*[-–—:]\s*scroll\s+to\s+continue(?:\s+with\s+content)?)?|ad|advert|sponsored(?:\s+content)?)\s*[.:]?$`)
	monthNames  = `(?:` + monthPattern(false) + `)\.?`
	bareDateRe  = regexp.MustCompile(`^(?i:(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:` +
		monthNames + `\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+` + monthNames + `,?\s+\d{4}|\d{4}-\d{2}-\d{2})(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}.*)?)$`)
)

// maxDatelineRunes is the longest dateline, in characters.
const maxDatelineRunes = 41

// isDateline reports whether line is a dateline: a short place line of
// three letters or more ("EU - US talks" opens with two acronyms), in
// capitals or a city in capitals with its country, that no sentence ends
// ("U.S.") and no agency's tag is. Reading and writing an article file
// and taking a dateline off a page all ask it.
func isDateline(line string) bool {
	// A region's abbreviation ends in a dot ("PALM BEACH, Fla."), which a
	// line in capitals alone does not ("U.S." is no place line).
	return utf8.RuneCountInString(line) <= maxDatelineRunes && (datelineRe.MatchString(line) && !endsSentence(line) || cityCountry(line)) &&
		letters(line) >= 3 && !isTag(line)
}

// IsDateline reports whether line is a dateline, a place a story opens
// with ("MOSCOW", "KYIV/MOSCOW", "JEDDAH, Saudi Arabia"), as ParseArticle
// reads one: ingest takes one off a page's first paragraph only so, for
// FormatArticle writes only such a line back.
func IsDateline(line string) bool { return isDateline(cleanSpace(line)) }

// isTag reports whether a line in capitals is an agency's tag, not a
// place: "UPDATE", "EXCLUSIVE", "BREAKING NEWS".
func isTag(line string) bool {
	words := strings.Fields(strings.Trim(line, " ,.-:"))
	return len(words) > 0 && !slices.ContainsFunc(words, func(w string) bool {
		switch strings.ToUpper(strings.Trim(w, ",.:-")) {
		case "UPDATE", "UPDATED", "UPDATES", "EXCLUSIVE", "BREAKING", "NEWS", "ANALYSIS", "OPINION", "LIVE", "WATCH",
			"FACTBOX", "EXPLAINER", "CORRECTED", "REFILE", "EDITORIAL", "COMMENT", "INTERVIEW", "1", "2", "3":
			return false
		}
		return true
	})
}

// cityCountry reports whether line is a dateline whose city is in capitals
// and its country not: "JEDDAH, Saudi Arabia", as agencies write it. The
// city is three capitals or more (and spaces, dots, hyphens, apostrophes),
// the country a country's name in the capitals table as written there, or
// a state, province or nation of regions ("ANCHORAGE, Alaska"): "EU,
// Ukraine Agree" is a headline.
// In code: a pattern of Unicode's letter classes costs 100 KB at start-up.
func cityCountry(line string) bool {
	city, country, ok := strings.Cut(line, ",")
	first, _ := utf8.DecodeRuneInString(city)
	last, _ := utf8.DecodeLastRuneInString(city)
	if !ok || letters(city) < 3 || !unicode.IsUpper(first) || !unicode.IsUpper(last) || strings.ContainsFunc(city, func(r rune) bool {
		return !unicode.IsUpper(r) && !unicode.IsSpace(r) && !strings.ContainsRune(".-'", r)
	}) {
		return false
	}
	name := strings.Join(strings.Fields(country), " ")
	return regions()[name] || slices.ContainsFunc(capitals(), func(c Capital) bool { return slices.Contains(c.Country, name) })
}

// letters counts the letters of s.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// ParseArticle parses one article file. name becomes the article id. The
// format: a first line "date YYYY-MM-DD <headline>", where a section label
// such as WORLD (or nothing) in place of the headline means the headline is
// the next non-empty line, unless that line cannot be one (notHeadline): the
// file then has no headline (ErrNoHeadline); then the text, one paragraph
// per line or per block of lines.
// Photo captions, bare date lines, "Related" link lines, "Read more:" and
// "See also:" lines, "Follow us on" lines, newsletter promos and
// "Advertisement" lines are boilerplate and are dropped; "SOURCE: X",
// "URL: X" and a byline ("By Anna Smith") near the top are metadata.
func ParseArticle(name string, data []byte) (*Article, error) {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return nil, ErrEmpty
	case len(data) > MaxArticleBytes:
		return nil, ErrTooLarge
	case bytes.IndexByte(data, 0) >= 0, BinaryKind(data) == KindUTF16:
		return nil, BinaryError(data, false)
	case !utf8.Valid(data):
		return nil, ErrInvalidUTF8
	}
	text := strings.TrimPrefix(string(data), "\uFEFF")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(text, "\n")

	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	m := dateHeader.FindStringSubmatch(lines[i])
	if m == nil {
		return nil, ErrNoDateHeader
	}
	date, err := time.Parse(time.DateOnly, m[1])
	if err != nil {
		return nil, fmt.Errorf("%w: %q", ErrInvalidDate, m[1])
	}
	// A year 0001 or 9999 is a broken export, not a date: it would sort
	// first or last in every timeline and print as "Dec -0001".
	if y := date.Year(); y < MinYear || y > MaxYear {
		return nil, fmt.Errorf("%w: %s", ErrDateRange, m[1])
	}
	a := &Article{ID: name, Date: date, Headline: cleanSpace(m[2])}
	i++
	if a.Headline == "" || sectionLabel.MatchString(a.Headline) {
		a.Headline = ""
		refused := "no line follows the date"
		for ; i < len(lines); i++ {
			if s := cleanSpace(lines[i]); s != "" {
				if why := notHeadline(s); why != "" {
					// A date line with no headline: what follows it is
					// metadata or the text, and taken for the headline
					// it would lose the publisher or the first sentence.
					refused = fmt.Sprintf("the line after the date, %q, %s", textclean.Truncate(s, maxRefusedRunes), why)
					break
				}
				a.Headline = s
				i++
				break
			}
		}
		if a.Headline == "" {
			return nil, fmt.Errorf("%w: %s; write the headline on the first line, after the date", ErrNoHeadline, refused)
		}
	}

	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for ; i < len(lines); i++ {
		line := cleanSpace(lines[i])
		switch {
		case line == "":
			flush()
			continue
		case sourceRe.MatchString(line):
			flush()
			a.Publisher = sourceRe.FindStringSubmatch(line)[1]
			continue
		case urlRe.MatchString(line):
			flush()
			a.URL = urlRe.FindStringSubmatch(line)[1]
			continue
		case captionRe.MatchString(line), bareDateRe.MatchString(line), relatedRe.MatchString(line):
			flush()
			continue
		case len(cur) == 0 && a.Byline == "" && len(paras) < 3 && bylineRe.MatchString(line):
			// Only where a paragraph starts, near the top: a wrapped line of
			// text can begin with "By" too.
			a.Byline = strings.TrimRight(bylineRe.FindStringSubmatch(line)[1], " ,")
			continue
		case adRe.MatchString(line), linkPromoRe.MatchString(line), promoRe.MatchString(line), parenCaptionRe.MatchString(line),
			copyrightRe.MatchString(line):
			// Dropped without ending the paragraph: an ad or a promo box
			// often sits between two lines of one paragraph.
			continue
		case len(paras) == 0 && len(cur) == 0 && a.Dateline == "" && isDateline(line):
			a.Dateline = strings.TrimRight(line, " ,-") // not the dot of "Fla."
			continue
		}
		cur = append(cur, line)
		if endsSentence(line) {
			flush()
		}
	}
	flush()

	n := 0
	for _, p := range paras {
		if isSubheading(p) {
			continue // a subheading or link remnant, not a statement to cite
		}
		for _, chunk := range chunkSentences(SplitSentences(p), maxPassageChars) {
			n++
			a.Passages = append(a.Passages, Passage{
				ID:      a.ID + "#" + strconv.Itoa(n),
				Article: a.ID,
				N:       n,
				Text:    chunk,
			})
		}
	}
	if len(a.Passages) == 0 {
		return nil, ErrNoText
	}
	return a, nil
}

// notHeadline tells why line, the first after a date line that gives no
// headline, cannot be the headline, or "" when it can be: metadata
// ("SOURCE: X", "URL: X", a byline), a line the text drops (a caption, a
// bare date, an ad), or a sentence of the text, ending in a full stop. A
// dot that ends no sentence is no full stop: an ellipsis ("talks will go
// on..."), an initialism ("U.S.") or a name's abbreviation ("Jr.", "Apple
// Inc.", "St."; headlineDotEnd).
func notHeadline(line string) string {
	switch {
	case sourceRe.MatchString(line), urlRe.MatchString(line):
		return "is the source or link, not a headline"
	case bylineRe.MatchString(line):
		return "is a byline, not a headline"
	case captionRe.MatchString(line), parenCaptionRe.MatchString(line), bareDateRe.MatchString(line), relatedRe.MatchString(line),
		adRe.MatchString(line), linkPromoRe.MatchString(line), promoRe.MatchString(line), copyrightRe.MatchString(line):
		return "is a caption, date, link or ad line, which the text drops"
	}
	switch lastBeforeClosers(line) {
	case '.':
		if headlineDotEnd().MatchString(line) {
			return ""
		}
		return "ends in a full stop, as a sentence of the text does"
	case '。', '｡', '．':
		return "ends in a full stop, as a sentence of the text does"
	}
	return ""
}

// maxRefusedRunes is how much of a line refused as the headline the
// reason quotes, in characters.
const maxRefusedRunes = 60

// headlineDotEnd is a line whose last dot ends no sentence: an ellipsis
// ("..."), an initialism such as "U.S." or "U.K.", or an abbreviation
// that ends a name ("Martin Luther King Jr.", "Apple Inc.", "in St.").
// Only these, capitalised: "no.", "est." and "al." end sentences too.
// Compiled on first use: start-up need not pay for it (README, start-up).
var headlineDotEnd = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?:\.\.\.|(?:^|[\s(])(?:(?:\p{Lu}\.){2,}|(?:Jr|Sr|Inc|Co|Ltd|St|Corp|Bros)\.))["'’”)\]]*$`)
})

// cleanSpace trims a line, folds runs of white space (including NBSP) to one
// space, and drops control characters, escape sequences and bidirectional
// overrides (textclean.Line): article text is untrusted and reaches
// terminals, prompts and Discord, where an escape sequence or a reversed
// run of text could disguise it.
func cleanSpace(s string) string { return textclean.Line(s) }

// endsSentence reports whether s ends like a sentence, allowing closing quotes
// and brackets after the stop.
func endsSentence(s string) bool {
	r := lastBeforeClosers(s)
	return strings.ContainsRune(".!?…:：", r) || isCJKStop(r)
}

// lastBeforeClosers returns the last character of s before any closing
// quotes and brackets (closers), or utf8.RuneError when there is none.
func lastBeforeClosers(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRightFunc(s, func(r rune) bool {
		return strings.ContainsRune(closers, r)
	}))
	return r
}

// isSubheading reports whether a paragraph is a short label rather than a
// statement: a few words and no sentence ending.
func isSubheading(p string) bool {
	return !endsSentence(p) && approxWords(p) <= 6
}

// approxWords counts the words of p. Chinese and Japanese leave no space
// between words, so a run of their characters counts one word per two
// characters (about their average word length).
func approxWords(p string) int {
	n := 0
	for _, f := range strings.Fields(p) {
		cjk := 0
		for _, r := range f {
			if IsCJKUnspaced(r) {
				cjk++
			}
		}
		n += max(1, cjk/2)
	}
	return n
}

// chunkSentences packs consecutive sentences into chunks of at most max
// characters; a single longer sentence stays whole so no sentence is cut.
func chunkSentences(sents []string, max int) []string {
	var out []string
	var b strings.Builder
	prev := ""
	for _, s := range sents {
		if b.Len() > 0 && b.Len()+1+len(s) > max {
			out = append(out, b.String())
			b.Reset()
		}
		if b.Len() > 0 && !endsCJK(prev) {
			b.WriteByte(' ') // Chinese and Japanese sentences follow each other without one
		}
		b.WriteString(s)
		prev = s
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// endsCJK reports whether a sentence ends with a Chinese or Japanese full
// stop (and closing brackets).
func endsCJK(s string) bool { return isCJKStop(lastBeforeClosers(s)) }

// IsByline reports whether a line reads as a byline ("By Anna Smith"), which
// the parser keeps as metadata rather than text.
func IsByline(line string) bool { return bylineRe.MatchString(cleanSpace(line)) }

// Fingerprint identifies an article by its headline and text, whatever its
// file is called: the same story saved twice has one fingerprint.
func (a *Article) Fingerprint() [32]byte {
	h := sha256.New()
	io.WriteString(h, strings.ToLower(a.Headline))
	for _, p := range a.Passages {
		io.WriteString(h, "\x00")
		io.WriteString(h, p.Text)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}
