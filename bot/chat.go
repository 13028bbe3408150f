package bot

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/talkbot/talkbot/bot/llm"
	"github.com/talkbot/talkbot/retrieval"
)

// asWritten returns a question typed in a chat as the articles would word
// it, in this order: without Discord's mentions, its dates typed in digits
// written out ("2/18" is "February 18"), without the greeting it opens
// with, in lower case when it was typed in capitals, with chat's "hw" as
// "how", "the us" as the country (countryus.go), and two words the
// articles write as one ("cease fire") as one (compounds.go).
func asWritten(ix *retrieval.Index, q string) string {
	q = withoutMentions(q)
	q = withWrittenDates(q)
	q = withoutGreeting(q)
	q = unshouted(q)
	q = withChatForms(q)
	q = withShorthand(ix, q)
	q = withTitles(ix, q)
	q = countryUS(q)
	return joinCompounds(ix, q)
}

// unshouted returns a question typed all in capitals ("WHERE DID THEY
// MEET?") in lower case, so that it reads as the chat question it is: in
// capitals every word looks like a name or an acronym, and "DID" would veto
// it as a name the articles never mention. A question with any lower-case
// letter, or with fewer than two words in capitals, is returned as it is:
// "NATO?" and "What did NATO say?" keep their acronym.
func unshouted(q string) string {
	words := 0
	for _, w := range strings.Fields(q) {
		upper := false
		for _, r := range w {
			if unicode.IsLower(r) {
				return q
			}
			upper = upper || unicode.IsUpper(r)
		}
		if upper {
			words++
		}
	}
	if words < 2 {
		return q
	}
	return strings.ToLower(q)
}

// chatForms are the question words chat types without their apostrophe or
// vowels ("whos rubio", "hw many votes"), as the judge reads them.
var chatForms = map[string]string{"whos": "who's", "wheres": "where's", "whens": "when's", "hows": "how's", "hw": "how",
	"wht": "what", "wut": "what", "whr": "where", "whn": "when"}

var chatForm = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:whos|wheres|whens|hows|hw|wht|wut|whr|whn)\b`)
})

// tldr matches chat's "tl;dr" in its spellings, which the word splitter
// would cut into "tl" and "dr", two words the articles never use.
var tldr = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\btl\s?[;,:.]?\s?dr\b`) })

// withChatForms returns q with chat's forms of question words written out:
// "hw many votes" asks "how many", "tl;dr" is "tldr".
func withChatForms(q string) string {
	q = tldr().ReplaceAllString(q, "tldr")
	return chatForm().ReplaceAllStringFunc(q, func(w string) string {
		full := chatForms[strings.ToLower(w)]
		if unicode.IsUpper([]rune(w)[0]) {
			full = strings.ToUpper(full[:1]) + full[1:]
		}
		return full
	})
}

// shorthand are the abbreviations chat writes for the words of the news
// ("the russian deputy FM", "acc to moscow", "at the UNGA", "feb vs march"),
// as the articles write them: a question with one would be refused for a
// word the articles never use. Keys are in lower case; a key is read so
// only when the articles do not use it themselves.
var shorthand = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"fm": "foreign minister", "fms": "foreign ministers", "pm": "prime minister", "pms": "prime ministers",
		"unga": "UN General Assembly", "unsc": "UN Security Council", "govt": "government", "gov't": "government",
		"vs": "and", "acc": "according", "intel": "intelligence", "admin": "administration", "prez": "president",
		"op": "operation", "ops": "operations", "codename": "code name", "airbase": "air base", "airbases": "air bases",
		"sit-down": "meeting", "sit-downs": "meetings", "sitdown": "meeting",
		"nuke": "nuclear weapon", "nukes": "nuclear weapons",
	}
})

var shorthandWord = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(\d\s*)?\b(?:fms?|pms?|unga|unsc|govt|gov't|vs|acc|intel|admin|prez|ops?|codename|airbases?|sit-downs?|sitdown|nukes?)\b\.?`)
})

// withShorthand returns q with chat's abbreviations of the news's words
// written out (shorthand), each only where the articles do not use it: "3
// pm" is a time, and "acc" only says "according" before "to".
func withShorthand(ix *retrieval.Index, q string) string {
	return replaceSpans(q, shorthandWord().FindAllStringSubmatchIndex(q, -1), func(loc []int) (int, string, bool) {
		start := loc[0]
		if loc[2] >= 0 {
			start = loc[3] // after the number: "2 FMs" is "2 foreign ministers"
		}
		w := strings.TrimSuffix(q[start:loc[1]], ".")
		key := strings.ToLower(w)
		full := shorthand()[key]
		switch {
		case full == "" || !strings.Contains(key, "-") && known(ix, w) && !slices.Equal(ix.Analyze(w), ix.Analyze(full)):
			// Written out too when a spelling alias reads it so ("govt"):
			// as typed, a lower-case word no dictionary has is read as a
			// name. A hyphenated noun unless the articles write it: they
			// use its parts in other senses ("sit" of "sit-down" in
			// "sitting next to").
			return 0, "", false
		case strings.Contains(key, "-") && writesWord(ix.Corpus(), key):
			return 0, "", false // "his sit-down interview", as the articles write it
		case !strings.Contains(key, "-") && (strings.HasPrefix(q[loc[1]:], "-") || strings.HasSuffix(q[:start], "-")):
			return 0, "", false // part of a hyphenated word: "op-ed"
		case key == "op" || key == "ops":
			if ws := strings.Fields(strings.ToLower(q[:start])); len(ws) > 0 && ws[len(ws)-1] == "photo" {
				return 0, "", false // "a photo op"
			}
		case key == "intel" && start > 0 && w != strings.ToLower(w):
			return 0, "", false // "Intel" mid-sentence: the company
		case loc[2] >= 0 && (key == "pm" || key == "pms"):
			return 0, "", false // "3 pm": a time
		case key == "acc" && !strings.HasPrefix(strings.ToLower(strings.TrimSpace(q[loc[1]:])), "to "):
			return 0, "", false // "acc" says "according" only before "to"
		}
		return start, full, true
	})
}

// writesWord reports whether an article of corpus writes word (in lower
// case), as written or capitalised: for a hyphenated word, which the index
// keeps only in parts.
func writesWord(corpus *retrieval.Corpus, word string) bool {
	if corpus == nil {
		return false
	}
	// As written, or opening a sentence: no passage is copied to lower
	// case (a corpus may hold a million).
	title := strings.ToUpper(word[:1]) + word[1:]
	for _, a := range corpus.Articles {
		for _, p := range a.Passages {
			if strings.Contains(p.Text, word) || strings.Contains(p.Text, title) {
				return true
			}
		}
	}
	return false
}

// newsTitles are the titles news calls officials by besides their posts
// ("the Pentagon chief", "Ukraine's defence chief", "Russia's top
// diplomat"), each with the posts it names, in the order they are tried:
// the first the articles write stands in for it. A United States official's
// comes first where the question speaks of the United States.
var newsTitles = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:pentagon (?:chief|head|boss)|defen[cs]e (?:chief|boss)|top diplomat)\b`)
})

// titlePosts returns the posts a news title may name, in the order tried,
// for a question that speaks of the United States (us) or the European
// Union (eu), or neither.
func titlePosts(title string, us, eu bool) []string {
	switch t := strings.ToLower(title); {
	case strings.HasPrefix(t, "pentagon"):
		return []string{"defense secretary", "defence secretary", "secretary of defense"}
	case strings.HasPrefix(t, "defen"):
		if us {
			return []string{"defense secretary", "defence secretary", "defence minister", "defense minister"}
		}
		return []string{"defence minister", "defense minister", "defence secretary", "defense secretary"}
	default: // top diplomat
		switch {
		case us:
			return []string{"secretary of state", "foreign minister"}
		case eu:
			return []string{"foreign policy chief", "high representative"}
		}
		return []string{"foreign minister", "secretary of state", "foreign secretary"}
	}
}

// titleCase returns s with each word capitalised, but "of".
func titleCase(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		if w != "of" {
			ws[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(ws, " ")
}

// usWords match a question's words for the United States.
var usWords = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:us|u\.s\.|usa|america|american|americans|washington|pentagon)\b`)
})

// euWords match a question's words for the European Union.
var euWords = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:eu|eu's|e\.u\.|european union|brussels)\b`)
})

// withTitles returns q with the news titles it calls officials by written
// as the posts the articles name (newsTitles), where they do not write the
// title itself: "the Pentagon chief" is "the defense secretary".
func withTitles(ix *retrieval.Index, q string) string {
	return replaceSpans(q, newsTitles().FindAllStringIndex(q, -1), func(loc []int) (int, string, bool) {
		title := q[loc[0]:loc[1]]
		// Whose: the country the title is written with ("Ukraine's
		// defence chief" in a question on talks with the Americans), else
		// any the question speaks of.
		us, eu := usWords().MatchString(q), euWords().MatchString(q)
		if before := strings.Fields(q[:loc[0]]); len(before) > 0 {
			if w := before[len(before)-1]; retrieval.IsPlaceWord(bare(w)) || usWords().MatchString(w) || euWords().MatchString(w) {
				us, eu = usWords().MatchString(w), euWords().MatchString(w)
			}
		}
		if writesWord(ix.Corpus(), strings.ToLower(title)) {
			return 0, "", false
		}
		for _, post := range titlePosts(title, us, eu) {
			// Before a name, news capitalises every word of it ("Defense
			// Secretary Pete Hegseth").
			if writesWord(ix.Corpus(), post) || writesWord(ix.Corpus(), titleCase(post)) {
				return loc[0], post, true
			}
		}
		return 0, "", false
	})
}

// replaceSpans returns q with the spans locs give (as regexp's Index
// methods do) replaced by what with says for each: it keeps a span as it
// is by returning false, and may start its replacement inside the span
// (from), keeping what comes before. q itself when nothing is replaced.
func replaceSpans(q string, locs [][]int, with func(loc []int) (from int, repl string, ok bool)) string {
	var b strings.Builder
	last := 0
	for _, loc := range locs {
		from, repl, ok := with(loc)
		if !ok {
			continue
		}
		b.WriteString(q[last:from])
		b.WriteString(repl)
		last = loc[1]
	}
	if last == 0 {
		return q
	}
	b.WriteString(q[last:])
	return b.String()
}

var discordMention = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)` + llm.MentionPattern) // the pattern the model's answers are cleaned of
})

// withoutMentions returns q without Discord's mentions of users, roles and
// channels ("<@123456> when did they meet?"): they name no one the
// articles could, and "123456" is no number the question asks about.
func withoutMentions(q string) string {
	if !strings.ContainsAny(q, "<@") {
		return q
	}
	return strings.Join(strings.Fields(discordMention().ReplaceAllString(q, " ")), " ")
}

var numericDate = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})\b|\b(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?\b|\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b`)
})

// ordinalOf matches a day written "the 24th of February".
var ordinalOf = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\s+of\s+(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?`)
})

// withWrittenDates writes a date typed in digits as the articles write
// one: "2025-03-11" (as /timeline takes dates) is "March 11 2025", and
// after a word that introduces a date ("on 18/02", "since 2/18") "18/02"
// is "February 18" and "2/18" too, but not "a 24/7 hotline". A date whose
// day and month could be either way round ("3/4") is left as it is, as is
// one that does not exist.
func withWrittenDates(q string) string {
	q = ordinalOf().ReplaceAllString(q, "$2 $1") // "the 24th of Feb" is "Feb 24"
	if !strings.ContainsAny(q, "-/.") {
		return q
	}
	return replaceSpans(q, numericDate().FindAllStringSubmatchIndex(q, -1), func(loc []int) (int, string, bool) {
		if loc[2] < 0 && loc[18] < 0 && !slices.ContainsFunc(lastWords(q[:loc[0]], 1), func(w string) bool { return dateCue[w] }) {
			return 0, "", false // "a 24/7 hotline": no date after "a"
		}
		return loc[0], writtenDate(q[loc[0]:loc[1]]), true
	})
}

// dateCue are the words after which "18/02" is a date.
var dateCue = wordSet(`on of since from until till by before after between and to for`)

// writtenDate writes a date matched by numericDate as the articles would,
// or returns m when it is no date or could be read either way round.
func writtenDate(m string) string {
	g := numericDate().FindStringSubmatch(m)
	var year, month, day int
	switch {
	case g[1] != "":
		if g[2] != g[4] {
			return m // "2025-03/18": no date
		}
		year, _ = strconv.Atoi(g[1])
		month, _ = strconv.Atoi(g[3])
		day, _ = strconv.Atoi(g[5])
	case g[9] != "":
		// "11.03.2025": with dots, the day comes first.
		day, _ = strconv.Atoi(g[9])
		month, _ = strconv.Atoi(g[10])
		year, _ = strconv.Atoi(g[11])
	default:
		a, _ := strconv.Atoi(g[6])
		b, _ := strconv.Atoi(g[7])
		switch {
		case a > 12 && b <= 12:
			day, month = a, b
		case b > 12 && a <= 12:
			month, day = a, b
		default:
			return m
		}
		if g[8] != "" {
			year, _ = strconv.Atoi(g[8])
			if year < 100 {
				year += 2000
			}
		}
	}
	y := year
	if y == 0 {
		y = 2024 // a leap year, so that "29/02" stands
	}
	t := time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || t.Day() != day {
		return m
	}
	out := time.Month(month).String() + " " + strconv.Itoa(day)
	if year != 0 {
		out += " " + strconv.Itoa(year)
	}
	return out
}
