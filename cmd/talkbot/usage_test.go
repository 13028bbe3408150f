package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/retrieval/ingest"
)

// TestEmptyCorpusFlag: an explicit empty --corpus (an unset variable in a
// script: --corpus "$DIR") is a one-line usage error, not a silent switch
// to the built-in articles, whether or not CORPUS_DIR is set.
func TestEmptyCorpusFlag(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, args := range [][]string{
		{"sources", "--corpus", ""},
		{"sources", "--corpus="},
		{"ask", "--corpus", " ", "when did they meet?"},
		{"timeline", "--json", "--corpus", ""},
		{"add", "--corpus", "", "x.html"},
	} {
		for _, env := range []map[string]string{nil, {"CORPUS_DIR": dir}} {
			code, out, errOut := talkbot(t, env, args...)
			if code != 2 || out != "" || !strings.Contains(errOut, "--corpus is empty: give the folder of articles, or leave --corpus out") || strings.Count(errOut, "\n") != 1 {
				t.Errorf("%q (env %v): exit %d, stdout %q, stderr %q; want 2 and one line", args, env, code, out, errOut)
			}
		}
	}
}

// TestAllowPrivateURLsValues: TALKBOT_ALLOW_PRIVATE_URLS takes the yes and
// no words DISCORD_GATEWAY takes, in any case, and a bad value stops add
// with one line naming the variable, the value and the words (it said
// "not 0 or 1" while taking true and refusing off).
func TestAllowPrivateURLsValues(t *testing.T) {
	t.Parallel()
	// The words envvar.Bool takes are TestBool's; here, that the setting
	// is read through it, off by default.
	for v, want := range map[string]bool{"": false, "off": false, " On ": true} {
		c, err := ingest.FetchConfigFromEnv(func(k string) string {
			if k == "TALKBOT_ALLOW_PRIVATE_URLS" {
				return v
			}
			return ""
		})
		if err != nil || c.AllowPrivate != want {
			t.Errorf("TALKBOT_ALLOW_PRIVATE_URLS=%q: allow %v, error %v; want %v", v, c.AllowPrivate, err, want)
		}
	}
	for _, v := range []string{"maybe", "2", "y"} {
		code, _, errOut := talkbot(t, map[string]string{"CORPUS_DIR": t.TempDir(), "TALKBOT_ALLOW_PRIVATE_URLS": v}, "add", "x.html")
		// The error reaches the operator whole.
		if want := `TALKBOT_ALLOW_PRIVATE_URLS: "` + v + `" is not yes or no: use 1, true, yes or on`; code != 2 || !strings.Contains(errOut, want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("TALKBOT_ALLOW_PRIVATE_URLS=%q: exit %d, stderr %q; want 2 and one line with %q", v, code, errOut, want)
		}
	}
	// The other fetch setting is still read.
	if c, err := ingest.FetchConfigFromEnv(func(k string) string { return map[string]string{"TALKBOT_FETCH_TIMEOUT": "5s"}[k] }); err != nil || c.Timeout.String() != "5s" {
		t.Errorf("TALKBOT_FETCH_TIMEOUT=5s: %v, %v", c.Timeout, err)
	}
}

// TestEmptyCorpusFolderSources: sources of an empty folder says so in one
// line with nothing on stdout (it printed "0 articles:" first), and from
// CORPUS_DIR names the way back to the built-in articles, as the other
// corpus messages do.
func TestEmptyCorpusFolderSources(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	code, out, errOut := talkbot(t, map[string]string{"CORPUS_DIR": empty}, "sources")
	if code != 2 || out != "" || !strings.HasSuffix(errOut, ", or unset CORPUS_DIR to answer from the built-in articles\n") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2, no stdout, one line naming CORPUS_DIR", code, out, errOut)
	}
	// --json still gives its (empty) lists, for a script.
	code, out, _ = talkbot(t, map[string]string{"CORPUS_DIR": empty}, "sources", "--json")
	var res sourcesJSON
	if code != 2 || json.Unmarshal([]byte(out), &res) != nil || res.Articles == nil || len(res.Articles) != 0 {
		t.Errorf("--json: exit %d, stdout %q", code, out)
	}
}

// TestAddDateSaysWhatTimelineSays: add --date and timeline --from read a
// day with the one check, and say a bad one in the same words, as the
// README says.
func TestAddDateSaysWhatTimelineSays(t *testing.T) {
	t.Parallel()
	for _, day := range []string{"2025-02-30", "2025-13-01", "0001-01-01", "yesterday", "2025-2-3"} {
		_, _, fromErr := talkbot(t, nil, "timeline", "--from", day)
		code, _, addErr := talkbot(t, map[string]string{"CORPUS_DIR": t.TempDir()}, "add", "--date", day, "x.html")
		want := strings.Replace(fromErr, "talkbot timeline: --from ", "talkbot add: --date ", 1)
		if code != 2 || addErr != want || !strings.HasPrefix(want, "talkbot add: --date") {
			t.Errorf("--date %s: exit %d, %q; want %q", day, code, addErr, want)
		}
	}
}
