package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCorpusFolderProblems: a corpus path that is a file, or a folder
// that is missing, is one line naming the path and the setting it came
// from, and what to do, with exit status 2, for every command that reads
// or fills the folder.
func TestCorpusFolderProblems(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "article.txt")
	if err := os.WriteFile(file, []byte("date 2025-03-01 Envoys meet\n\nUS and Russian envoys met in Riyadh.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing")
	const wantFile = " is a file, not a folder: give the folder that holds the article files (*.txt)\n"
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string // the whole stderr
	}{
		{"ask --corpus FILE", nil, []string{"ask", "--corpus", file, "where did envoys meet?"},
			"talkbot ask: --corpus " + file + wantFile},
		{"search --corpus FILE", nil, []string{"search", "--corpus", file, "Riyadh"},
			"talkbot search: --corpus " + file + wantFile},
		{"sources --corpus FILE", nil, []string{"sources", "--corpus", file},
			"talkbot sources: --corpus " + file + wantFile},
		{"timeline --corpus FILE", nil, []string{"timeline", "--corpus", file},
			"talkbot timeline: --corpus " + file + wantFile},
		{"add --corpus FILE", nil, []string{"add", "--corpus", file, file},
			"talkbot add: --corpus " + file + " is a file, not a folder: give the folder to add articles to (it is made when missing)\n"},
		{"ask --corpus FILE/sub", nil, []string{"ask", "--corpus", filepath.Join(file, "sub"), "where did envoys meet?"},
			"talkbot ask: --corpus " + filepath.Join(file, "sub") + ": " + file + wantFile},
		{"add --corpus FILE/sub/x", nil, []string{"add", "--corpus", filepath.Join(file, "sub", "x"), file},
			"talkbot add: --corpus " + filepath.Join(file, "sub", "x") + ": " + file + " is a file, not a folder: give the folder to add articles to (it is made when missing)\n"},
		{"CORPUS_DIR FILE", map[string]string{"CORPUS_DIR": file}, []string{"search", "Riyadh"},
			"talkbot search: CORPUS_DIR " + file + " is a file, not a folder: set it to the folder that holds the article files (*.txt), or unset it to answer from the built-in articles\n"},
		{"serve, CORPUS_DIR FILE", map[string]string{"CORPUS_DIR": file, "DISCORD_TOKEN": "x"}, []string{"serve"},
			"talkbot serve: CORPUS_DIR " + file + " is a file, not a folder: set it to the folder that holds the article files (*.txt), or unset it to answer from the built-in articles\n"},
		{"serve, CORPUS_DIR missing", map[string]string{"CORPUS_DIR": missing, "DISCORD_TOKEN": "x"}, []string{"serve"},
			"talkbot serve: corpus folder " + missing + " (CORPUS_DIR) does not exist: create it and add articles with talkbot add --corpus " + missing +
				" URL|FILE..., set TALKBOT_FEEDS for serve to fetch them, or unset CORPUS_DIR to answer from the built-in articles\n"},
		{"serve --corpus missing", map[string]string{"DISCORD_TOKEN": "x"}, []string{"serve", "--corpus", missing},
			"talkbot serve: corpus folder " + missing + " (--corpus) does not exist: create it and add articles with talkbot add --corpus " + missing +
				" URL|FILE..., set TALKBOT_FEEDS for serve to fetch them\n"},
		{"ask, CORPUS_DIR missing", map[string]string{"CORPUS_DIR": missing}, []string{"ask", "where did envoys meet?"},
			"talkbot ask: corpus folder " + missing + " does not exist: create it with talkbot add --corpus " + missing +
				" URL|FILE..., or unset CORPUS_DIR to answer from the built-in articles\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := talkbot(t, tt.env, tt.args...)
			if code != 2 || errOut != tt.want || out != "" {
				t.Errorf("exit %d, stdout %q\nstderr %q\nwant   %q", code, out, errOut, tt.want)
			}
		})
	}
}

// TestSourcesSaysEachSkippedFileOnce: sources lists a skipped file in its
// output (text or JSON) and does not warn about it on stderr as well.
func TestSourcesSaysEachSkippedFileOnce(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "good.txt"), []byte("date 2025-03-01 Envoys meet\n\nUS and Russian envoys met in Riyadh.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("no header here\n"), 0o644)
	none := t.TempDir()
	os.WriteFile(filepath.Join(none, "bad.txt"), []byte("no header here\n"), 0o644)
	tests := []struct {
		name    string
		dir     string
		args    []string
		code    int
		wantErr string // the whole stderr
	}{
		{"text", dir, []string{"sources"}, 0, ""},
		{"json", dir, []string{"sources", "--json"}, 0, ""},
		{"text, no article", none, []string{"sources"}, 2, "talkbot sources: cannot load articles: corpus folder " + none +
			": no article could be loaded; fix the files listed as skipped, or add articles with talkbot add --corpus " + none + " URL|FILE..., or unset CORPUS_DIR to answer from the built-in articles\n"},
		{"json, no article", none, []string{"sources", "--json"}, 2, "talkbot sources: cannot load articles: corpus folder " + none +
			": no article could be loaded; fix the files listed as skipped, or add articles with talkbot add --corpus " + none + " URL|FILE..., or unset CORPUS_DIR to answer from the built-in articles\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := talkbot(t, map[string]string{"CORPUS_DIR": tt.dir}, tt.args...)
			if code != tt.code || errOut != tt.wantErr {
				t.Errorf("exit %d (want %d), stderr %q, want %q", code, tt.code, errOut, tt.wantErr)
			}
			if n := strings.Count(out, "bad.txt"); n != 1 {
				t.Errorf("bad.txt is in the output %d times, want once:\n%s", n, out)
			}
			if tt.args[len(tt.args)-1] == "--json" && !json.Valid([]byte(out)) {
				t.Errorf("not JSON: %s", out)
			}
		})
	}
}
