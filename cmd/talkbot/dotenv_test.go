package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// secret stands for a token in the bad lines below: no error may show it.
const secret = "sk-SECRETabc123"

func TestParseDotenvBadLines(t *testing.T) {
	tests := []struct {
		name string
		file string
		want string // the whole error
	}{
		{"export without a value", "LOG_LEVEL=info\nexport FOO\n",
			".env line 2: export FOO has no value: write it as FOO=value (FOO= for an empty one), or delete the line"},
		{"a line without =", "# settings\n\nNOEQUALS " + secret + "\n",
			".env line 3: no NAME=value on the line (not shown, as it may hold a secret): write it as NAME=value, or delete the line"},
		{"a token pasted alone", secret + "\n",
			".env line 1: no NAME=value on the line (not shown, as it may hold a secret): write it as NAME=value, or delete the line"},
		{"a bare name", "DISCORD_TOKEN\n",
			".env line 1: no NAME=value on the line (not shown, as it may hold a secret): write it as NAME=value, or delete the line"},
		{"unclosed double quote", "A=1\r\nOPENAI_API_KEY=\"" + secret + "\r\nB=2\r\n",
			`.env line 2: OPENAI_API_KEY: the value's opening " has no closing one on the same line: close it, or remove the quote`},
		{"unclosed single quote", "OPENAI_API_KEY='" + secret + "\n",
			`.env line 1: OPENAI_API_KEY: the value's opening ' has no closing one on the same line: close it, or remove the quote`},
		{"text after the closing quote", `DISCORD_TOKEN="` + secret + `" x` + "\n",
			".env line 1: DISCORD_TOKEN: text after the value's closing quote: quote the whole value, or start a comment with #"},
		{"a bad name", "MY-KEY=" + secret + "\n",
			".env line 1: the name before = is not a variable name (letters, digits and _, not starting with a digit): write it as NAME=value, or delete the line"},
		{"a name no line above sets", "CORPUS_DIR=$HOME/news\n",
			`.env line 1: CORPUS_DIR: $HOME is not set on a line above, so it would read as empty: set it above, or write \$HOME for a literal $`},
		{"a name of a secret with =", secret + "==\n",
			".env line 1: the name before = is not a variable name (letters, digits and _, not starting with a digit): write it as NAME=value, or delete the line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDotenv(".env", []byte(tt.file))
			var de *dotenvError
			if !errors.As(err, &de) || err.Error() != tt.want {
				t.Fatalf("got %v, %v\nwant error %q", got, err, tt.want)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("the error shows the secret: %v", err)
			}
		})
	}
}

func TestParseDotenvValues(t *testing.T) {
	file := "\uFEFF# talkbot\n" +
		"CORPUS_DIR=news\n" +
		"export LOG_LEVEL=debug\n" +
		"  OPENAI_MODEL = gpt-4o-mini   # the default\n" +
		"TALKBOT_TOPIC='the talks # in Riyadh'\n" +
		"DISCORD_TOKEN=\"a\\\"b\\\\c\\n\" # quoted\n" +
		"EMPTY=\n" +
		"HASH=a#b\n" +
		"DOLLAR=\\$HOME/news\r\n" +
		"NEWS=${CORPUS_DIR}/more\n" +
		"CORPUS_DIR=later\n"
	want := map[string]string{
		"CORPUS_DIR": "later", "LOG_LEVEL": "debug", "OPENAI_MODEL": "gpt-4o-mini",
		"TALKBOT_TOPIC": "the talks # in Riyadh", "DISCORD_TOKEN": "a\"b\\c\n", "EMPTY": "", "HASH": "a#b",
		"DOLLAR": "$HOME/news", "NEWS": "news/more",
	}
	got, err := parseDotenv(".env", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("got %d settings %q, want %d", len(got), got, len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
}

// TestEnvLookup: the environment wins over .env; a missing .env is no
// settings; a bad line is the error main stops on (exit 2).
func TestEnvLookup(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.env")
	os.WriteFile(good, []byte("TALKBOT_TEST_FROM_FILE=file\nTALKBOT_TEST_BOTH=file\n"), 0o644)
	t.Setenv("TALKBOT_TEST_BOTH", "env")
	getenv, err := envLookup(good, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	if getenv("TALKBOT_TEST_FROM_FILE") != "file" || getenv("TALKBOT_TEST_BOTH") != "env" {
		t.Errorf("from file %q, both %q", getenv("TALKBOT_TEST_FROM_FILE"), getenv("TALKBOT_TEST_BOTH"))
	}
	if getenv, err := envLookup(filepath.Join(dir, "missing.env"), os.Stderr); err != nil || getenv("TALKBOT_TEST_BOTH") != "env" {
		t.Errorf("missing file: %v", err)
	}
	bad := filepath.Join(dir, "bad.env")
	os.WriteFile(bad, []byte("export FOO\n"), 0o644)
	if _, err := envLookup(bad, os.Stderr); err == nil || err.Error() != bad+" line 1: export FOO has no value: write it as FOO=value (FOO= for an empty one), or delete the line" {
		t.Errorf("bad line: %v", err)
	}
}

// TestDotenvExampleParses: .env.example, which operators copy to .env,
// reads without error, every line a setting or a comment.
func TestDotenvExampleParses(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", ".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := parseDotenv(".env.example", data)
	if err != nil {
		t.Fatal(err)
	}
	settings := 0
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			settings++
		}
	}
	if len(got) != settings || got["LOG_LEVEL"] != "info" || got["OPENAI_MODEL"] != "gpt-4o-mini" {
		t.Errorf("read %d settings of %d lines (LOG_LEVEL %q, OPENAI_MODEL %q)", len(got), settings, got["LOG_LEVEL"], got["OPENAI_MODEL"])
	}
}
