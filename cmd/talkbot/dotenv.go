package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"

	"github.com/joho/godotenv"
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

// parseDotenv parses the .env format the README and .env.example use,
// with github.com/joho/godotenv: NAME=value lines, blank lines and #
// comments, an optional "export " before the name, and a value unquoted (a
// " #" starts a comment), in single quotes (taken as is) or in double
// quotes (\n, \" and \\ escapes). "$NAME" and "${NAME}" in a value that is
// not single-quoted expand to NAME's value from a line above; "\$" is a
// literal "$". A name given twice keeps its last value.
//
// Each line is checked first: godotenv's own error quotes the file from the
// bad line on (a token with it), and it reads a name the file does not set
// ("$HOME") as empty, which would quietly change a setting. A bad line is
// a dotenvError that names the line and the reason, never its text.
func parseDotenv(file string, data []byte) (map[string]string, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	set := map[string]bool{}
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
			err = afterQuote(value[2+end:])
		case strings.HasPrefix(value, `"`):
			rest, closed := closeDouble(value[1:])
			if !closed {
				return nil, bad(`%s: the value's opening " has no closing one on the same line: close it, or remove the quote`, name)
			}
			err = afterQuote(rest)
			if err == nil {
				err = undefinedRef(value, set)
			}
		default:
			err = undefinedRef(value, set)
		}
		if err != nil {
			return nil, bad("%s: %v", name, err)
		}
		set[name] = true
	}
	out, err := godotenv.UnmarshalBytes(data)
	if err != nil {
		// Not reached for a file the checks above passed; its text stays
		// out of the message all the same.
		return nil, fmt.Errorf("%s: cannot be read as NAME=value lines: check its quotes", file)
	}
	return out, nil
}

// undefinedRef reports a "$NAME" in value that no line above sets:
// godotenv would read it as empty, not as the environment's NAME.
func undefinedRef(value string, set map[string]bool) error {
	if !strings.Contains(value, "$") {
		return nil
	}
	// A "$NAME" or "${NAME}" godotenv expands, and a "\$" before one,
	// which keeps it literal. Compiled here: few values hold a "$".
	ref := regexp.MustCompile(`(\\?)\$\{?([A-Za-z0-9_]+)\}?`)
	for _, m := range ref.FindAllStringSubmatch(value, -1) {
		if m[1] == "" && !set[m[2]] {
			return fmt.Errorf("$%s is not set on a line above, so it would read as empty: set it above, or write \\$%s for a literal $", m[2], m[2])
		}
	}
	return nil
}

// afterQuote checks what follows a quoted value: nothing, or a comment.
func afterQuote(rest string) error {
	rest = strings.TrimSpace(rest)
	if rest == "" || rest[0] == '#' {
		return nil
	}
	return errors.New("text after the value's closing quote: quote the whole value, or start a comment with #")
}

// closeDouble finds the closing quote of a double-quoted value (s is what
// follows the opening one, escapes skipped), returning what follows it and
// whether there is one.
func closeDouble(s string) (rest string, closed bool) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			return s[i+1:], true
		case '\\':
			i++
		}
	}
	return "", false
}

// validEnvName reports whether s is a variable name: letters, digits, _
// and (as godotenv allows) dots, not starting
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
