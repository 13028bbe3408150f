package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// failWriter fails every write, as a full disk does.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestWriteFailureExitsNonZero: plain-text output that cannot be written
// (talkbot ask … >/dev/full) is a failure with one line on stderr, as
// --json already was.
func TestWriteFailureExitsNonZero(t *testing.T) {
	for _, args := range [][]string{
		{"ask", "When will Zelensky visit Trump?"},
		{"ask", "--json", "When will Zelensky visit Trump?"},
		{"sources"},
		{"search", "Putin"},
		{"search", "zzzzqqq"}, // no match
		{"timeline"},
		{"timeline", "--to", "2025-01-31"}, // no events
		{"timeline", "--png", "-"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			code := run(context.Background(), args, failWriter{}, &stderr, func(string) string { return "" })
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			if lines := strings.Count(strings.TrimSpace(stderr.String()), "\n") + 1; lines != 1 || !strings.Contains(stderr.String(), "no space left") {
				t.Errorf("stderr %q, want one line naming the write error", stderr.String())
			}
		})
	}
	// The real thing, where the system has it.
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full here")
	}
	defer full.Close()
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"ask", "When will Zelensky visit Trump?"}, full, &stderr, func(string) string { return "" }); code != 1 {
		t.Errorf("ask >/dev/full: exit %d, want 1 (stderr %q)", code, stderr.String())
	}
}

// TestHostileFileNamesCleaned: a file name with escape sequences, a bell
// and a bidirectional override reaches neither the terminal nor the answer
// raw, and is never shown as the publisher.
func TestHostileFileNamesCleaned(t *testing.T) {
	dir := t.TempDir()
	name := "evil\x1b]0;pwned\a\x1b[2J\u202Etxt.exe.txt"
	art := "date 2025-02-18 Envoys meet in Riyadh\n\nThe envoys met in Riyadh on Tuesday to discuss the war in Ukraine.\n"
	if err := os.WriteFile(filepath.Join(dir, name), []byte(art), 0o644); err != nil {
		t.Skipf("the file system refuses the name: %v", err)
	}
	env := map[string]string{"CORPUS_DIR": dir}
	for _, args := range [][]string{{"sources"}, {"ask", "Where did the envoys meet?"}, {"search", "envoys"}, {"timeline"}} {
		code, out, errOut := talkbot(t, env, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		if strings.ContainsAny(out+errOut, "\x1b\a\u202E") {
			t.Errorf("%v printed a raw control or bidi character:\n%q", args, out+errOut)
		}
		if args[0] == "ask" && strings.Contains(out, "evil") {
			t.Errorf("ask shows the file name as a source:\n%s", out)
		}
	}
}

// TestTopicSetting: TALKBOT_TOPIC names the subject in the help and in an
// abstention; one that is too long is a usage error naming the variable.
func TestTopicSetting(t *testing.T) {
	env := map[string]string{"TALKBOT_TOPIC": "the 2026 city budget"}
	if _, out, _ := talkbot(t, env, "--help"); !strings.HasPrefix(out, "talkbot answers questions about the 2026 city budget\n") {
		t.Errorf("help starts %q", out[:min(len(out), 80)])
	}
	if _, out, _ := talkbot(t, nil, "--help"); !strings.Contains(out, "about the US–Russia talks on ending the war in Ukraine\n") {
		t.Errorf("default help starts %q", out[:min(len(out), 80)])
	}
	// Nothing else in the help or a command's own names the built-in
	// subject, and the help says how to name another.
	for _, args := range [][]string{{"--help"}, {"ask", "-h"}, {"search", "-h"}, {"timeline", "-h"}, {"sources", "-h"}, {"serve", "-h"}} {
		_, out, _ := talkbot(t, env, args...)
		for _, w := range []string{"Russia", "Ukrain", " talks", "US and"} {
			if strings.Contains(out, w) {
				t.Errorf("%q with TALKBOT_TOPIC set says %q:\n%s", args, w, out)
			}
		}
	}
	if _, out, _ := talkbot(t, nil, "--help"); !strings.Contains(out, "For\narticles on another subject, set TALKBOT_TOPIC to it too") {
		t.Errorf("help does not point to TALKBOT_TOPIC:\n%s", out)
	}
	code, out, _ := talkbot(t, env, "ask", "What did Macron say about China?")
	if code != 0 || !strings.Contains(out, "news articles on the 2026 city budget.") {
		t.Errorf("exit %d: %q", code, out)
	}
	code, _, errOut := talkbot(t, map[string]string{"TALKBOT_TOPIC": strings.Repeat("x", 200)}, "ask", "Who met?")
	if code != 2 || !strings.Contains(errOut, "TALKBOT_TOPIC") {
		t.Errorf("long topic: exit %d, %q", code, errOut)
	}
}

// TestWriteJSONEscapesInvisible: writeJSON, every command's --json, writes
// the characters a terminal obeys or hides as \uXXXX, not raw, and keeps
// the value exact.
func TestWriteJSONEscapesInvisible(t *testing.T) {
	tests := []struct {
		name, in, want string // want: the JSON string as written
	}{
		{"right-to-left override", "bad\u202Ename.txt", `"bad\u202ename.txt"`},
		{"isolates", "a\u2066b\u2067c\u2068d\u2069", `"a\u2066b\u2067c\u2068d\u2069"`},
		{"marks", "a\u200Eb\u200Fc\u061C", `"a\u200eb\u200fc\u061c"`},
		{"zero-width space and byte-order mark", "a\u200Bb\uFEFF", `"a\u200bb\ufeff"`},
		{"tag character, outside the BMP", "a\U000E0041", `"a\udb40\udc41"`},
		{"DEL and C1 controls", "a\x7fb\u0085c\u009b", `"a\u007fb\u0085c\u009b"`},
		{"escape, as encoding/json writes it", "a\x1b[31m", `"a\u001b[31m"`},
		{"text, emoji and CJK stay as they are", "Zelensky’s «plan» 停火 👍", `"Zelensky’s «plan» 停火 👍"`},
		// The joiners an emoji or a script needs stay, as text output
		// keeps them (textclean.Dropped).
		{"a joined emoji stays as it is", "👩\u200d👧", "\"👩\u200d👧\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := writeJSON(&b, map[string]string{"article": tt.in}); err != nil {
				t.Fatal(err)
			}
			if want := "{\n  \"article\": " + tt.want + "\n}\n"; b.String() != want {
				t.Errorf("wrote %q, want %q", b.String(), want)
			}
			var back map[string]string
			if err := json.Unmarshal(b.Bytes(), &back); err != nil || back["article"] != tt.in {
				t.Errorf("read back %q (%v), want %q", back["article"], err, tt.in)
			}
		})
	}
}

// TestJSONOutputsEscapeBidi: a file name with a right-to-left override
// reaches no command's --json raw, and the JSON still names the file
// exactly.
func TestJSONOutputsEscapeBidi(t *testing.T) {
	dir := t.TempDir()
	name := "bad\u202Ename\u2066.txt"
	art := "date 2025-02-18 Envoys meet in Riyadh\n\nThe envoys met in Riyadh on Tuesday to discuss the war in Ukraine.\n"
	if err := os.WriteFile(filepath.Join(dir, name), []byte(art), 0o644); err != nil {
		t.Skipf("the file system refuses the name: %v", err)
	}
	env := map[string]string{"CORPUS_DIR": dir}
	for _, args := range [][]string{{"sources", "--json"}, {"ask", "--json", "Where did the envoys meet?"}, {"search", "--json", "envoys"}, {"timeline", "--json"}} {
		code, out, errOut := talkbot(t, env, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		if strings.ContainsAny(out, "\u202E\u2066") || !strings.Contains(out, `bad\u202ename\u2066.txt`) {
			t.Errorf("%v: the file name is not escaped:\n%s", args, out)
		}
		if !json.Valid([]byte(out)) {
			t.Errorf("%v: not JSON:\n%s", args, out)
		}
	}
	_, out, _ := talkbot(t, env, "sources", "--json")
	var res sourcesJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Articles) != 1 || res.Articles[0].Article != name {
		t.Errorf("sources --json: %v, %+v; want the article %q", err, res.Articles, name)
	}
}

// TestLoadingSaysWhatAddSays: a file that is not an article is skipped by
// every command that loads the corpus with the reason add gives for it,
// and the same advice (add's ends "and add it again").
func TestLoadingSaysWhatAddSays(t *testing.T) {
	art := "date 2025-03-01 Envoys meet\n\nThe envoys met in Riyadh on Tuesday.\n"
	utf16le := []byte("\xff\xfe")
	for _, r := range "date 2025-03-01 Envoys meet again\n\nThe envoys met again.\n" {
		utf16le = append(utf16le, byte(r), 0)
	}
	tests := []struct {
		file string
		data []byte
		load string // the reason loading gives
		add  string // the reason add gives
	}{
		{"utf16.txt", utf16le, "file is binary, not text (UTF-16 text): save it as UTF-8",
			"file is binary, not text (UTF-16 text): save it as UTF-8 and add it again"},
		{"png.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"), "file is binary, not text (a PNG image)",
			"file is binary, not text (a PNG image)"},
		{"nohead.txt", []byte("date 2024-05-02\nSOURCE: Daily Planet\n\nThe council met on Tuesday and approved the budget.\n"),
			`article has no headline: the line after the date, "SOURCE: Daily Planet", is the source or link, not a headline; write the headline on the first line, after the date`,
			`not an article file: article has no headline: the line after the date, "SOURCE: Daily Planet", is the source or link, not a headline; write the headline on the first line, after the date`},
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "good.txt"), []byte(art), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		if err := os.WriteFile(filepath.Join(dir, tt.file), tt.data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, out, _ := talkbot(t, nil, "sources", "--corpus", dir)
	_, _, errOut := talkbot(t, nil, "search", "--corpus", dir, "envoys")
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if want := "  " + tt.file + ": " + tt.load + "\n"; !strings.Contains(out, want) {
				t.Errorf("sources lacks %q:\n%s", want, out)
			}
			if want := "talkbot: skipped " + tt.file + ": " + tt.load + "\n"; !strings.Contains(errOut, want) {
				t.Errorf("search's warnings lack %q:\n%s", want, errOut)
			}
			_, addOut, _ := talkbot(t, nil, "add", "--corpus", t.TempDir(), filepath.Join(dir, tt.file))
			if want := "skipped " + filepath.Join(dir, tt.file) + ": " + tt.add + "\n"; addOut != want {
				t.Errorf("add: %q, want %q", addOut, want)
			}
		})
	}
}

// TestCorpusOfOtherFiles: a folder whose articles are not *.txt files at
// its top says which files are read, and what to do.
func TestCorpusOfOtherFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "news"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"a.md", "news/b.txt"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("date 2025-03-01 Envoys meet\n\nThey met.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := talkbot(t, nil, "sources", "--corpus", dir)
	if want := "talkbot sources: cannot load articles: corpus folder " + dir + ": no article could be loaded: only *.txt files directly in the folder are read, and it holds none (1 other file and 1 folder); add articles with talkbot add --corpus " + dir + " URL|FILE...\n"; code != 2 || out != "" || errOut != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, out, errOut, want)
	}
}
