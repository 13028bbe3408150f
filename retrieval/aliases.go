package retrieval

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strings"
)

// Aliases maps spellings that mean the same thing to the one form the index
// uses, before stemming: transliterations (Kyiv/Kiev, Zelenskyy/Zelensky),
// month abbreviations, acronyms. They are data, not code, so a corpus on
// another subject can bring its own (ParseAliases, Params.Aliases). A nil
// *Aliases means DefaultAliases; an empty one, none.
type Aliases struct {
	m map[string]string // folded spelling → form
}

//go:embed aliases.txt
var defaultAliasesText string

// defaultAliases is parsed once from the embedded list and never changed.
var defaultAliases = func() *Aliases {
	a, err := ParseAliases(strings.NewReader(defaultAliasesText))
	if err != nil {
		panic("retrieval: the embedded aliases.txt: " + err.Error())
	}
	return a
}()

// DefaultAliases returns the built-in list: the file aliases.txt of this
// package, whose comments say why each group is there.
func DefaultAliases() *Aliases { return defaultAliases }

// ParseAliases reads a list of aliases: one "spelling form" pair a line,
// both as the analyser folds words (lower case, no diacritics), "#" starting
// a comment. A malformed line is an error naming its number.
func ParseAliases(r io.Reader) (*Aliases, error) {
	a := &Aliases{m: map[string]string{}}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
			continue
		case len(f) != 2:
			return nil, fmt.Errorf("line %d: want a spelling and the form it stands for, got %q", n, strings.TrimSpace(line))
		case f[0] != fold(f[0]) || f[1] != fold(f[1]):
			return nil, fmt.Errorf("line %d: write %q as %q (lower case, no diacritics or apostrophes)", n, f[0]+" "+f[1], fold(f[0])+" "+fold(f[1]))
		}
		a.m[f[0]] = f[1]
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return a, nil
}

// Len returns the number of spellings with an alias.
func (a *Aliases) Len() int { return len(a.orDefault().m) }

func (a *Aliases) orDefault() *Aliases {
	if a == nil {
		return defaultAliases
	}
	return a
}

func (a *Aliases) lookup(w string) (string, bool) {
	t, ok := a.orDefault().m[w]
	return t, ok
}

// fold is a word as the analyser folds it.
func fold(w string) string { return string(foldWord(nil, w)) }
