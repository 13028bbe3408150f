package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// talkbot runs the command in-process with the given environment and returns
// its exit status, stdout and stderr.
func talkbot(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr, func(k string) string { return env[k] })
	return code, stdout.String(), stderr.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden file (go test -update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestGoldenOutputs(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
	}{
		{"ask.json", []string{"ask", "--json", "Where did US and Russian officials meet on February 18?"}},
		{"ask_abstain.json", []string{"ask", "--json", "What did Macron say about China?"}},
		{"ask.txt", []string{"ask", "When", "will", "Zelensky", "visit", "Trump?"}},
		{"search.json", []string{"search", "-k", "3", "Saudi meeting", "--json"}},
		{"search.txt", []string{"search", "-k", "2", "minerals agreement"}},
		{"sources.json", []string{"sources", "--json"}},
		{"sources.txt", []string{"sources"}},
		{"timeline.txt", []string{"timeline"}},
		{"timeline.json", []string{"timeline", "--json"}},
		{"timeline_topic.txt", []string{"timeline", "--topic", "Zelensky"}},
		{"timeline_range.json", []string{"timeline", "--json", "--from", "2025-02-25", "--to", "2025-02-25"}},
		{"timeline_empty.txt", []string{"timeline", "--from", "2025-03-10", "--topic", "Lavrov"}},
		{"timeline_empty.json", []string{"timeline", "--json", "--to", "2025-01-31"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			code, out, errOut := talkbot(t, nil, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if strings.HasSuffix(tt.golden, ".json") && !json.Valid([]byte(out)) {
				t.Fatalf("not JSON: %s", out)
			}
			golden(t, tt.golden, out)
		})
	}
}

// TestJSONShapes pins the field names of the --json outputs, which scripts
// depend on.
func TestJSONShapes(t *testing.T) {
	keys := func(t *testing.T, raw json.RawMessage) []string {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		return ks
	}
	has := func(t *testing.T, got []string, want ...string) {
		t.Helper()
		for _, w := range want {
			found := false
			for _, g := range got {
				found = found || g == w
			}
			if !found {
				t.Errorf("missing key %q in %v", w, got)
			}
		}
	}
	_, out, _ := talkbot(t, nil, "ask", "--json", "When will Trump and Putin meet?")
	var ask struct {
		Citations []json.RawMessage `json:"citations"`
	}
	if err := json.Unmarshal([]byte(out), &ask); err != nil || len(ask.Citations) == 0 {
		t.Fatalf("ask: %v %s", err, out)
	}
	has(t, keys(t, json.RawMessage(out)), "question", "answer", "abstained", "mode", "citations")
	has(t, keys(t, ask.Citations[0]), "n", "article", "headline", "date", "publisher", "url", "passages")
	var cite struct {
		Passages []json.RawMessage `json:"passages"`
	}
	if err := json.Unmarshal(ask.Citations[0], &cite); err != nil || len(cite.Passages) == 0 {
		t.Fatalf("citation passages: %v %s", err, ask.Citations[0])
	}
	has(t, keys(t, cite.Passages[0]), "passage_id", "text")

	_, out, _ = talkbot(t, nil, "search", "--json", "Kremlin")
	var search struct {
		Results []json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &search); err != nil || len(search.Results) == 0 {
		t.Fatalf("search: %v %s", err, out)
	}
	has(t, keys(t, json.RawMessage(out)), "query", "results")
	has(t, keys(t, search.Results[0]), "rank", "article", "passage_id", "headline", "date", "score", "text")

	_, out, _ = talkbot(t, nil, "sources", "--json")
	var sources struct {
		Articles []json.RawMessage `json:"articles"`
	}
	if err := json.Unmarshal([]byte(out), &sources); err != nil || len(sources.Articles) != 2 {
		t.Fatalf("sources: %v %s", err, out)
	}
	has(t, keys(t, json.RawMessage(out)), "articles", "skipped")
	has(t, keys(t, sources.Articles[0]), "article", "headline", "date", "publisher", "url", "passages")

	_, out, _ = talkbot(t, nil, "timeline", "--json")
	var tl struct {
		Events []struct {
			Citations []json.RawMessage `json:"citations"`
		} `json:"events"`
	}
	if err := json.Unmarshal([]byte(out), &tl); err != nil || len(tl.Events) == 0 || len(tl.Events[0].Citations) == 0 {
		t.Fatalf("timeline: %v %s", err, out)
	}
	has(t, keys(t, json.RawMessage(out)), "events")
	has(t, keys(t, tl.Events[0].Citations[0]), "article", "passage_id", "headline", "publisher", "date", "url")
}

// TestTimelineJSONCitesURL: timeline --json gives each citation the
// article's link when the article has one, as ask --json does.
func TestTimelineJSONCitesURL(t *testing.T) {
	dir := t.TempDir()
	for name, art := range map[string]string{
		"linked.txt":   "date 2025-02-18 Envoys meet in Riyadh\nSOURCE: Reuters\nURL: https://example.org/riyadh\n\nThe envoys met in Riyadh on Tuesday.\n",
		"unlinked.txt": "date 2025-02-20 Envoys meet again\n\nThe envoys met again on Thursday.\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(art), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := talkbot(t, nil, "timeline", "--json", "--corpus", dir)
	var tl timelineJSON
	if code != 0 || json.Unmarshal([]byte(out), &tl) != nil {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	urls := map[string]string{}
	for _, e := range tl.Events {
		for _, c := range e.Citations {
			urls[c.Article] = c.URL
		}
	}
	if want := map[string]string{"linked.txt": "https://example.org/riyadh", "unlinked.txt": ""}; !maps.Equal(urls, want) {
		t.Errorf("citation urls %q, want %q\n%s", urls, want, out)
	}
	if !strings.Contains(out, `"url": ""`) {
		t.Errorf("an article without a link has no \"url\": \"\":\n%s", out)
	}
}

func TestExitStatusAndErrors(t *testing.T) {
	dir := t.TempDir()
	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "good.txt"), []byte("date 2025-03-01 Envoys meet in Riyadh\n\nUS and Russian envoys met in Riyadh on Tuesday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.txt"), []byte("no header here\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		stdout string // substring
		stderr string // substring
	}{
		{"no arguments is a usage error", nil, nil, 2, "", "talkbot: no command given; run talkbot --help for the commands\n"},
		{"--help prints usage", nil, []string{"--help"}, 0, "Usage:", ""},
		{"unknown command", nil, []string{"frobnicate"}, 2, "", "talkbot: unknown command \"frobnicate\"; run talkbot --help for the commands\n"},
		{"help of an unknown command", nil, []string{"help", "frobnicate"}, 2, "", `unknown command "frobnicate"; run talkbot --help`},
		{"help of help", nil, []string{"help", "help"}, 0, "talkbot help COMMAND (or talkbot COMMAND -h) shows", ""},
		{"-h of help", nil, []string{"help", "-h"}, 0, "talkbot help COMMAND (or talkbot COMMAND -h) shows", ""},
		{"flag before the command", nil, []string{"--corpus", "news", "ask", "when did they meet?"}, 2, "",
			"talkbot: flags go after the command: talkbot ask --corpus news 'when did they meet?'\n"},
		{"flag before the command, its value a command's name", nil, []string{"--corpus=x", "--corpus", "search", "ask", "it's"}, 2, "",
			`flags go after the command: talkbot ask --corpus=x --corpus search 'it'\''s'`},
		{"flag before no command", nil, []string{"-v"}, 2, "", "talkbot: -v: flags go after the command"},
		{"empty question", nil, []string{"ask", "  "}, 2, "", "talkbot ask: the question is empty: ask it in words, in quotes: talkbot ask \"Where did US and Russian officials meet?\"\n"},
		{"no question", nil, []string{"ask"}, 2, "", "the question is empty"},
		// The example fits the articles read: another subject's, or none.
		{"empty question on another subject", map[string]string{"TALKBOT_TOPIC": "the city budget"}, []string{"ask", ""}, 2, "",
			"talkbot ask: the question is empty: ask it in words, in quotes: talkbot ask \"What do the articles say about the city budget?\"\n"},
		{"empty question on a folder's subject", nil, []string{"ask", "--corpus", dir, ""}, 2, "",
			"talkbot ask: the question is empty: ask it in words, in quotes: talkbot ask \"What was agreed, and by whom?\"\n"},
		{"question of punctuation on a folder's subject", map[string]string{"CORPUS_DIR": dir}, []string{"ask", "?!"}, 2, "",
			"talkbot ask: the question has no words, only punctuation, symbols or emoji: ask it in words, in quotes: talkbot ask \"What was agreed, and by whom?\"\n"},
		{"a subject to quote for the shell", map[string]string{"TALKBOT_TOPIC": `the "$5" tax`}, []string{"ask", ""}, 2, "",
			`talkbot ask 'What do the articles say about the "$5" tax?'` + "\n"},
		{"long question", nil, []string{"ask", strings.Repeat("a", 2001)}, 2, "", "longer than 2,000 characters (it has 2,001): ask it in fewer words\n"},
		{"long only with invisible characters", nil, []string{"ask", "Putin" + strings.Repeat("\u200b", 2500)}, 0, "Sources:", ""},
		{"punctuation only", nil, []string{"ask", "?!"}, 2, "", "the question has no words, only punctuation, symbols or emoji: ask it in words"},
		{"emoji only", nil, []string{"ask", "--json", "🙂 👍"}, 2, "", "the question has no words"},
		{"bad -k", nil, []string{"ask", "-k", "0", "q"}, 2, "", "-k 0"},
		{"unknown flag", nil, []string{"ask", "--nope", "q"}, 2, "",
			`talkbot ask: flag provided but not defined: -nope (see talkbot ask -h; put -- before a question that starts with "-")` + "\n"},
		// A question that starts with "-": how to ask it.
		{"question starting with a dash", nil, []string{"ask", "-20 percent of territory?"}, 2, "",
			`talkbot ask: "-20 percent of territory?" is not an option: put -- before a question that starts with "-": talkbot ask -- '-20 percent of territory?'` + "\n"},
		{"question starting with a dash, after a flag", nil, []string{"ask", "--json", "-20 percent of territory?"}, 2, "",
			`put -- before a question that starts with "-": talkbot ask --json -- '-20 percent of territory?'` + "\n"},
		{"question starting with a dash, unquoted", nil, []string{"ask", "how", "about", "-20", "percent?"}, 2, "",
			`talkbot ask: "-20" is not an option: put -- before a question that starts with "-": talkbot ask how about -- -20 'percent?'` + "\n"},
		{"question starting with dashes", nil, []string{"ask", "--- is it over?"}, 2, "",
			`talkbot ask: "--- is it over?" is not an option: put -- before a question that starts with "-": talkbot ask -- '--- is it over?'` + "\n"},
		{"query starting with a dash", nil, []string{"search", "-k", "3", "-20 percent"}, 2, "",
			`talkbot search: "-20 percent" is not an option: put -- before a query that starts with "-": talkbot search -k 3 -- '-20 percent'` + "\n"},
		{"question after --", nil, []string{"ask", "--", "-20 percent of territory?"}, 0, "Sources:", ""},
		{"unknown flag of a command without text", nil, []string{"sources", "--nope"}, 2, "",
			"talkbot sources: flag provided but not defined: -nope (see talkbot sources -h)\n"},
		{"missing corpus folder", nil, []string{"ask", "--corpus", filepath.Join(dir, "missing"), "q"}, 2, "",
			"talkbot ask: corpus folder " + filepath.Join(dir, "missing") + " does not exist: create it with talkbot add --corpus " + filepath.Join(dir, "missing") + " URL|FILE...\n"},
		{"corpus folder without articles", map[string]string{"CORPUS_DIR": empty}, []string{"sources"}, 2, "",
			"no article could be loaded; add articles with talkbot add --corpus " + empty + " URL|FILE..., or unset CORPUS_DIR to answer from the built-in articles\n"},
		{"--corpus folder without articles", nil, []string{"sources", "--corpus", empty}, 2, "",
			"no article could be loaded; add articles with talkbot add --corpus " + empty + " URL|FILE...\n"},
		{"CORPUS_DIR is used and bad files are warned about", map[string]string{"CORPUS_DIR": dir}, []string{"search", "Riyadh"}, 0, "good.txt#1", "talkbot: skipped broken.txt: "},
		{"sources lists bad files", map[string]string{"CORPUS_DIR": dir}, []string{"sources"}, 0, "broken.txt: first line", ""},
		{"--corpus wins over CORPUS_DIR", map[string]string{"CORPUS_DIR": empty}, []string{"search", "--corpus", dir, "Riyadh"}, 0, "good.txt#1", ""},
		{"bad LOG_FORMAT", map[string]string{"LOG_FORMAT": "xml"}, []string{"sources"}, 2, "", "LOG_FORMAT"},
		// search says what to type instead, as ask does.
		{"empty search", nil, []string{"search", ""}, 2, "", "talkbot search: the query is empty: give it in words, in quotes: talkbot search \"Riyadh meeting\"\n"},
		{"search without a query", nil, []string{"search", "-k", "3"}, 2, "", "talkbot search: the query is empty: give it in words, in quotes: talkbot search \"Riyadh meeting\"\n"},
		{"search of punctuation only", nil, []string{"search", "?!"}, 2, "",
			"talkbot search: the query has no words, only punctuation, symbols or emoji: give it in words, in quotes: talkbot search \"Riyadh meeting\"\n"},
		{"empty search on another subject", map[string]string{"TALKBOT_TOPIC": "the city budget"}, []string{"search", ""}, 2, "",
			"talkbot search: the query is empty: give it in words, in quotes: talkbot search \"the city budget\"\n"},
		{"empty search on a folder's subject", nil, []string{"search", "--corpus", dir, ""}, 2, "",
			"talkbot search: the query is empty: give it in words, in quotes: talkbot search \"agreement\"\n"},
		{"long search", nil, []string{"search", strings.Repeat("a", 3000)}, 2, "", "talkbot search: the query is longer than 2,000 characters (it has 3,000): give it in fewer words\n"},
		{"long search only with invisible characters", nil, []string{"search", "--json", "Putin" + strings.Repeat("\u200b", 2500)}, 0, `"query": "Putin"`, ""},
		{"timeline topic of punctuation only", nil, []string{"timeline", "--topic", "?!"}, 2, "",
			"talkbot timeline: --topic has no words, only punctuation, symbols or emoji: give it in words, in quotes: talkbot timeline --topic \"Riyadh meeting\"\n"},
		{"long timeline topic", nil, []string{"timeline", "--topic", strings.Repeat("a", 2001)}, 2, "", "--topic is longer than 2,000 characters"},
		{"timeline topic of invisible characters", nil, []string{"timeline", "--topic", "\u200b"}, 2, "", "--topic is empty"},
		{"search without match", nil, []string{"search", "zzzzqqq"}, 0, "No passage matches", ""},
		{"flags after --", nil, []string{"search", "--", "--json"}, 0, "No passage matches", ""},
		{"-h lists the options", nil, []string{"ask", "-h"}, 0, "-json", ""},
		{"-h says what -k does", nil, []string{"ask", "-h"}, 0, "the answer without a model always picks from its own pool", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := talkbot(t, tt.env, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			if tt.code == 2 && strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("error is not one line: %q", errOut)
			}
		})
	}
}

// TestOneShotWarningsArePlainLines: a one-shot command says a skipped
// file in one plain line, not a log record, whatever LOG_FORMAT says, and
// not at all with LOG_LEVEL=error; serve, whose stderr is a log, keeps the
// structured record.
func TestOneShotWarningsArePlainLines(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "good.txt"), []byte("date 2025-03-01 Envoys meet in Riyadh\n\nUS and Russian envoys met in Riyadh on Tuesday.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "x.txt"), []byte("date 2025-03-01 Headline only\n"), 0o644)
	const want = "talkbot: skipped x.txt: article has no text\n"
	// (sources lists them in its output instead: TestSourcesSaysEachSkippedFileOnce.)
	for _, args := range [][]string{{"ask", "where did envoys meet?"}, {"search", "Riyadh"}, {"timeline"}} {
		for _, format := range []string{"", "json"} {
			code, _, errOut := talkbot(t, map[string]string{"CORPUS_DIR": dir, "LOG_FORMAT": format}, args...)
			if code != 0 || errOut != want {
				t.Errorf("%v (LOG_FORMAT=%q): exit %d, stderr %q, want %q", args, format, code, errOut, want)
			}
		}
	}
	if code, _, errOut := talkbot(t, map[string]string{"CORPUS_DIR": dir, "LOG_LEVEL": "error"}, "search", "Riyadh"); code != 0 || errOut != "" {
		t.Errorf("LOG_LEVEL=error: exit %d, stderr %q, want nothing", code, errOut)
	}
	// serve logs it (and here stops: no article would load).
	os.Remove(filepath.Join(dir, "good.txt"))
	code, _, errOut := talkbot(t, map[string]string{"CORPUS_DIR": dir, "DISCORD_TOKEN": "x"}, "serve")
	if code != 2 || !strings.Contains(errOut, `level=WARN msg="skipped article file" file=x.txt reason="article has no text"`) {
		t.Errorf("serve: exit %d, stderr %q, want the structured log record", code, errOut)
	}
	// A one-shot command with no article left says what to do.
	code, _, errOut = talkbot(t, map[string]string{"CORPUS_DIR": dir}, "search", "Riyadh")
	if code != 2 || errOut != want+"talkbot search: cannot load articles: corpus folder "+dir+
		": no article could be loaded; fix the files skipped above, or add articles with talkbot add --corpus "+dir+" URL|FILE..., or unset CORPUS_DIR to answer from the built-in articles\n" {
		t.Errorf("no article left: exit %d, stderr %q", code, errOut)
	}
}

func TestSkippedFileWarningIsOneLine(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "good.txt"), []byte("date 2025-03-01 Envoys meet\n\nText here.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("date 2025-99-01 H\n\nText.\n"), 0o644)
	code, _, errOut := talkbot(t, map[string]string{"CORPUS_DIR": dir}, "search", "envoys")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "bad.txt") || !strings.Contains(lines[0], "invalid date") {
		t.Errorf("warnings: %q", errOut)
	}
	if _, text, _ := talkbot(t, map[string]string{"CORPUS_DIR": dir}, "sources"); !strings.Contains(text, "1 article:") ||
		!strings.Contains(text, "1 file skipped:") || !strings.Contains(text, "; 1 passage)") {
		t.Errorf("sources text: %s", text)
	}
	if _, out, _ := talkbot(t, map[string]string{"CORPUS_DIR": dir}, "sources", "--json"); !strings.Contains(out, `"file": "bad.txt"`) {
		t.Errorf("skipped file missing from sources: %s", out)
	}
}

// TestSourcesWithoutArticles: when every file is skipped, sources still
// lists them and why, as text and as the documented JSON, and exits 2.
func TestSourcesWithoutArticles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("no header here\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"CORPUS_DIR": dir}
	code, out, errOut := talkbot(t, env, "sources", "--json")
	var got sourcesJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil || got.Articles == nil || len(got.Articles) != 0 ||
		len(got.Skipped) != 1 || got.Skipped[0].File != "a.txt" || got.Skipped[0].Reason == "" {
		t.Errorf("stdout is not the JSON of one skipped file (%v): %s", err, out)
	}
	if code != 2 || !strings.Contains(errOut, "talkbot sources: cannot load articles") {
		t.Errorf("exit %d (want 2), stderr %s", code, errOut)
	}
	code, out, _ = talkbot(t, env, "sources")
	if code != 2 || !strings.Contains(out, "0 articles:\n1 file skipped:\n  a.txt: ") {
		t.Errorf("text: exit %d (want 2), stdout %q", code, out)
	}
}

func TestUsageErrorKeepsItsCause(t *testing.T) {
	cause := errors.New("cause")
	for _, err := range []error{usagef("context: %w", cause), asUsage(cause)} {
		var ue *usageError
		if !errors.As(err, &ue) || !errors.Is(err, cause) {
			t.Errorf("%v: As usageError %v, Is cause %v", err, errors.As(err, &ue), errors.Is(err, cause))
		}
	}
}

// TestCommandHelp: a command's help is the same however it is asked for
// (talkbot help ask, talkbot -h ask, talkbot ask -h), on stdout with exit
// 0, and opens with a usage line showing the command's arguments, which
// the option list cannot; a command without options says so instead of
// printing an empty list.
func TestCommandHelp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cmd  string
		want []string
	}{
		{"ask", []string{`Usage: talkbot ask [--json] [-k N] [--corpus DIR] "question"` + "\n", "Options:\n", "-json",
			"for articles on another subject, set TALKBOT_TOPIC"}},
		{"search", []string{`Usage: talkbot search [--json] [-k N] [--corpus DIR] "query"` + "\n", "reciprocal rank fusion"}},
		{"sources", []string{"Usage: talkbot sources [--json] [--corpus DIR]\n"}},
		{"timeline", []string{"Usage: talkbot timeline [--json | --png FILE]", "-from YYYY-MM-DD"}},
		{"add", []string{"Usage: talkbot add [--json] [--feed] [--date YYYY-MM-DD] [--corpus DIR] URL|FILE...\n",
			"add the articles to the folder DIR, made when missing"}},
		{"serve", []string{"Usage: talkbot serve [--corpus DIR]\n", "DISCORD_TOKEN"}},
		{"healthcheck", []string{"Usage: talkbot healthcheck\n", "/readyz", "It takes no options.\n"}},
		{"eval", []string{"Usage: talkbot eval --beir DIR", "-beir DIR"}},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			_, first, _ := talkbot(t, nil, tt.cmd, "-h")
			for _, args := range [][]string{{tt.cmd, "-h"}, {tt.cmd, "--help"}, {"help", tt.cmd}, {"-h", tt.cmd}, {"--help", tt.cmd}} {
				code, out, errOut := talkbot(t, nil, args...)
				if code != 0 || errOut != "" || out != first {
					t.Errorf("%q: exit %d, stderr %q, stdout differs from %s -h: %v", args, code, errOut, tt.cmd, out != first)
				}
			}
			for _, want := range tt.want {
				if !strings.Contains(first, want) {
					t.Errorf("%s -h lacks %q:\n%s", tt.cmd, want, first)
				}
			}
			if strings.Contains(first, "Options:\n\n") || strings.HasSuffix(first, "Options:\n") {
				t.Errorf("%s -h has an empty option list:\n%s", tt.cmd, first)
			}
			if tt.cmd != "add" && tt.cmd != "eval" && tt.cmd != "healthcheck" && !strings.Contains(first, "read articles from the folder DIR") {
				t.Errorf("%s -h: --corpus is not described as the folder to read:\n%s", tt.cmd, first)
			}
		})
	}
}

// TestCommandDocs: every command has its line in the help and its -h
// synopsis from the one table, and the table names no command that is not.
func TestCommandDocs(t *testing.T) {
	t.Parallel()
	docs := commandDocs()
	if len(docs) != len(commands()) {
		t.Errorf("%d commands documented, %d commands", len(docs), len(commands()))
	}
	help := usage()
	for _, c := range docs {
		if _, ok := commands()[c.name]; !ok {
			t.Errorf("%s is documented but is no command", c.name)
		}
		if !strings.HasPrefix(c.synopsis, "talkbot "+c.name) || !strings.Contains(help, "\n  talkbot "+c.name+" ") && !strings.Contains(help, "\n  talkbot "+c.name+"\n") {
			t.Errorf("%s: synopsis %q, or no line in the help", c.name, c.synopsis)
		}
	}
}
