package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// dotenvError is a line of a .env file that cannot be read. Its message
// names the file, the line and the reason, and never holds the line's
// text: the value may be a token, and a line without "=" may be one.
type dotenvError struct {
	file   string
	line   int
	reason string
}

func (e *dotenvError) Error() string {
	return fmt.Sprintf("%s line %d: %s", e.file, e.line, e.reason)
}

// readDotenv reads a .env file; a missing file is no settings and no error.
//
// A bad line stops talkbot (exit 2) rather than being skipped with a
// warning: skipping it would run with that setting at its default, and for
// some the default is the wide one (DISCORD_ALLOWED_CHANNELS empty answers
// in every channel, DISCORD_RATE_LIMIT unset is 5 a minute), which a
// warning scrolled past in serve's log does not undo. The operator is at
// the terminal when a .env is being edited, and one line says what to fix.
func readDotenv(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return parseDotenv(path, data)
}

// parseDotenv parses the .env format the README and .env.example use:
// NAME=value lines, blank lines and # comments, an optional "export "
// before the name (a file also sourced by a shell), and a value unquoted
// (a " #" starts a comment), in single quotes (taken as is) or in double
// quotes (\n, \r, \t, \" and \\ escapes). A quoted value ends on its line.
// Values are taken literally: "$HOME/news" stays so, as no shell is there
// to expand it. A name given twice keeps its last value.
func parseDotenv(file string, data []byte) (map[string]string, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	out := map[string]string{}
	for i, line := range strings.Split(string(data), "\n") {
		bad := func(format string, args ...any) error {
			return &dotenvError{file: file, line: i + 1, reason: fmt.Sprintf(format, args...)}
		}
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" || line[0] == '#' {
			continue
		}
		exported := false
		if rest, ok := strings.CutPrefix(line, "export"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			line, exported = strings.TrimSpace(rest), true
		}
		name, value, ok := strings.Cut(line, "=")
		name = strings.TrimSpace(name)
		if !ok {
			if exported && validEnvName(name) {
				// "export NAME" (shell syntax for a variable set
				// elsewhere): the word is a name, safe to show.
				return nil, bad("export %s has no value: write it as %s=value (%s= for an empty one), or delete the line", name, name, name)
			}
			// Anything else is not shown: it may be a token pasted alone.
			return nil, bad("no NAME=value on the line (not shown, as it may hold a secret): write it as NAME=value, or delete the line")
		}
		if !validEnvName(name) {
			return nil, bad("the name before = is not a variable name (letters, digits and _, not starting with a digit): write it as NAME=value, or delete the line")
		}
		value = strings.TrimSpace(value)
		var err error
		switch {
		case strings.HasPrefix(value, "'"):
			end := strings.IndexByte(value[1:], '\'')
			if end < 0 {
				return nil, bad("%s: the value's opening ' has no closing one on the same line: close it, or remove the quote", name)
			}
			value, err = value[1:1+end], afterQuote(value[2+end:])
		case strings.HasPrefix(value, `"`):
			var closed bool
			var rest string
			value, rest, closed = unquoteDouble(value[1:])
			if !closed {
				return nil, bad(`%s: the value's opening " has no closing one on the same line: close it, or remove the quote`, name)
			}
			err = afterQuote(rest)
		default:
			if k := strings.Index(value, " #"); k >= 0 {
				value = value[:k]
			}
			if k := strings.Index(value, "\t#"); k >= 0 {
				value = value[:k]
			}
			value = strings.TrimSpace(value)
		}
		if err != nil {
			return nil, bad("%s: %v", name, err)
		}
		out[name] = value
	}
	return out, nil
}

// afterQuote checks what follows a quoted value: nothing, or a comment.
func afterQuote(rest string) error {
	rest = strings.TrimSpace(rest)
	if rest == "" || rest[0] == '#' {
		return nil
	}
	return errors.New("text after the value's closing quote: quote the whole value, or start a comment with #")
}

// unquoteDouble reads a double-quoted value up to its closing quote,
// returning the value, what follows the quote, and whether it closed.
func unquoteDouble(s string) (value, rest string, closed bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			return b.String(), s[i+1:], true
		case c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case '"', '\\':
				b.WriteByte(s[i])
			default:
				b.WriteByte('\\')
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", "", false
}

// validEnvName reports whether s is a variable name: letters, digits, _
// and (as godotenv, which read .env before, allowed) dots, not starting
// with a digit, at most 64 bytes.
func validEnvName(s string) bool {
	if s == "" || len(s) > 64 || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
