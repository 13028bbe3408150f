package bot

import (
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

// corpusScripts reads which scripts a corpus writes its headlines and
// passages in, once per snapshot.
type corpusScripts struct {
	once sync.Once
	seen []bool // by index in scripts
}

func (c *corpusScripts) of(corpus *retrieval.Corpus) []bool {
	c.once.Do(func() {
		c.seen = make([]bool, len(scripts))
		if corpus == nil {
			return
		}
		mark := func(s string) {
			for _, r := range s {
				if r < 0x80 {
					if unicode.IsLetter(r) {
						c.seen[0] = true
					}
					continue
				}
				if i := scriptOf(r); i >= 0 {
					c.seen[i] = true
				}
			}
		}
		for _, a := range corpus.Articles {
			mark(a.Headline)
			for _, p := range a.Passages {
				mark(p.Text)
			}
		}
	})
	return c.seen
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
func otherLanguage(q string, seen []bool) string {
	counts := make([]int, len(scripts))
	letters := 0
	for _, r := range q {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if i := scriptOf(r); i >= 0 {
			counts[i]++
		}
	}
	if letters == 0 {
		return ""
	}
	for i, n := range counts {
		if 2*n > letters && !seen[i] {
			return languageReply(seen)
		}
	}
	if !seen[0] || 2*counts[0] <= letters {
		return ""
	}
	foreign, english, words, unknown := 0, 0, 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) }) {
		words++
		switch {
		case englishWords()[w]:
			english++
		case foreignWords()[w]:
			foreign++
		}
		if wordlist.Class(w) == 0 {
			unknown++
		}
	}
	// Two common words of another language, or one in a question with no
	// common English word and mostly words English does not have ("Wo
	// fanden die Gespräche statt?").
	if foreign >= 2 && foreign > english || foreign == 1 && english == 0 && 2*unknown > words {
		return languageReply(seen)
	}
	return ""
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
