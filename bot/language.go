package bot

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/talkbot/talkbot/bot/internal/wordlist"
	"github.com/talkbot/talkbot/retrieval"
)

// A question in a language the articles are not written in finds nothing
// (search matches words, not meanings), and the refusal that follows named
// its words as what the articles lack ("The articles don't say anything
// about “Где”, “США” or “России”"), as if the USA and Russia were never
// mentioned. Such a question is told which language to ask in instead.

// scripts are the writing systems a question or the articles are read in.
var scripts = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Latin", unicode.Latin}, {"Cyrillic", unicode.Cyrillic}, {"Greek", unicode.Greek},
	{"Arabic", unicode.Arabic}, {"Hebrew", unicode.Hebrew}, {"Han", unicode.Han},
	{"Hiragana", unicode.Hiragana}, {"Katakana", unicode.Katakana}, {"Hangul", unicode.Hangul},
	{"Devanagari", unicode.Devanagari}, {"Thai", unicode.Thai}, {"Georgian", unicode.Georgian},
	{"Armenian", unicode.Armenian},
}

// scriptOf returns the index in scripts of r's script, -1 for another.
func scriptOf(r rune) int {
	for i, s := range scripts {
		if unicode.Is(s.table, r) {
			return i
		}
	}
	return -1
}

// corpusScripts knows which scripts a corpus writes its headlines and
// passages in, per snapshot. A corpus is read only as far as a question
// needs: to the first letter of the question's script (the first article,
// for an English question over English articles), and whole only for a
// question in a script the articles lack, which is then refused.
type corpusScripts struct {
	mu       sync.Mutex
	seen     []bool // by index in scripts: a letter of it was met
	complete bool   // the whole corpus was read: seen is all there is
}

// has reports whether corpus writes a letter of script i.
func (c *corpusScripts) has(corpus *retrieval.Corpus, i int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.read(corpus, i)
	return c.seen[i]
}

// all returns every script the corpus writes, reading it whole.
func (c *corpusScripts) all(corpus *retrieval.Corpus) []bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.read(corpus, -1)
	return slices.Clone(c.seen)
}

// read reads corpus from its start until it meets a letter of script stop
// (-1: to its end), unless that is known already. c.mu is held.
func (c *corpusScripts) read(corpus *retrieval.Corpus, stop int) {
	if c.seen == nil {
		c.seen = make([]bool, len(scripts))
	}
	if c.complete || corpus == nil || stop >= 0 && c.seen[stop] {
		return
	}
	found := func(s string) bool {
		for _, r := range s {
			if k := scriptOfLetter(r); k >= 0 {
				c.seen[k] = true
			}
		}
		return stop >= 0 && c.seen[stop]
	}
	for _, a := range corpus.Articles {
		if found(a.Headline) {
			return
		}
		for _, p := range a.Passages {
			if found(p.Text) {
				return
			}
		}
	}
	c.complete = true
}

// scriptOfLetter is scriptOf for a letter, -1 for anything else; an ASCII
// letter is Latin without a table lookup.
func scriptOfLetter(r rune) int {
	if r < 0x80 {
		if 'a' <= r|0x20 && r|0x20 <= 'z' {
			return 0
		}
		return -1
	}
	if !unicode.IsLetter(r) {
		return -1
	}
	return scriptOf(r)
}

// foreignWords are common words of other languages written in the Latin
// alphabet, which English questions do not use: question words, articles,
// conjunctions. Words that are English too ("die", "come", "is", "a",
// "in", "son") are left out.
var foreignWords = sync.OnceValue(func() map[string]bool {
	return wordSet(`
	wo wer wann warum wie was welche welcher der das und mit von zu den dem nicht ein eine im sind ist haben hat zwischen über
	où qui quand pourquoi comment quel quelle quels les des et avec pour dans du une est sont ont entre sur le la été à au aux
	dónde quién quiénes cuándo por qué cómo cuál el los las y con para en del una es son entre sobre fue fueron
	dove chi quando perché come quale gli il della delle sono hanno tra fra
	onde quem quando porque como qual os pelo pela são foi entre sobre
	waar wie wanneer waarom hoe welke het een en met voor van zijn hebben tussen
	gdzie kto kiedy dlaczego jak który się jest są między
`)
})

// englishWords are the English words that most questions hold.
var englishWords = sync.OnceValue(func() map[string]bool {
	return wordSet(`the of to and what who where when why how which did does do is are was were will would has have had with about on at by for from that this`)
})

// otherLanguage returns the reply to a question written in a language the
// articles are not in, "" for a question to look up: one mostly in a
// script the articles never use ("Где прошли переговоры?" over English
// articles), or in the Latin alphabet with more common words of another
// language than of English ("Wo fanden die Gespräche statt?").
func otherLanguage(q string, corpus *retrieval.Corpus, cs *corpusScripts) string {
	counts := make([]int, len(scripts))
	letters := 0
	for _, r := range q {
		if k := scriptOfLetter(r); k >= 0 {
			counts[k]++
			letters++
		} else if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters == 0 {
		return ""
	}
	for i, n := range counts {
		if 2*n > letters && !cs.has(corpus, i) {
			return languageReply(cs.all(corpus))
		}
	}
	if 2*counts[0] <= letters || !cs.has(corpus, 0) {
		return ""
	}
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) })
	foreign, english := 0, 0
	for _, w := range words {
		switch {
		case englishWords()[w]:
			english++
		case foreignWords()[w]:
			foreign++
		}
	}
	// Two common words of another language, or one in a question with no
	// common English word and mostly words English does not have ("Wo
	// fanden die Gespräche statt?").
	if foreign >= 2 && foreign > english || foreign == 1 && english == 0 && 2*notEnglish(words) > len(words) {
		return languageReply(cs.all(corpus))
	}
	return ""
}

// notEnglish counts the words English does not have (outside the word list).
func notEnglish(words []string) int {
	n := 0
	for _, w := range words {
		if wordlist.Class(w) == 0 {
			n++
		}
	}
	return n
}

// languageReply names the scripts the articles are written in; for the
// Latin alphabet, English, the language of the built-in articles and of
// this bot's word lists.
func languageReply(seen []bool) string {
	var in []string
	for i, ok := range seen {
		switch {
		case !ok:
		case i == 0:
			in = append(in, "English")
		default:
			in = append(in, scripts[i].name+" script")
		}
	}
	if len(in) == 0 {
		return ""
	}
	return "I can only search the articles in the language they are written in: please ask in " + joinOr(in) + "."
}

// joinOr joins words as a choice: "a", "a or b", "a, b or c".
func joinOr(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
