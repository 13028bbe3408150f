package main

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestSettingNames: the settings warnUnknownSettings knows are those
// .env.example lists (set or commented out) and those the code reads.
func TestSettingNames(t *testing.T) {
	f, err := os.Open("../../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var listed []string
	line := regexp.MustCompile(`^#?\s*([A-Z][A-Z0-9_]+)=`)
	for sc := bufio.NewScanner(f); sc.Scan(); {
		if m := line.FindStringSubmatch(sc.Text()); m != nil {
			listed = append(listed, m[1])
		}
	}
	known := settingNames()
	for _, n := range listed {
		if !slices.Contains(known, n) {
			t.Errorf(".env.example lists %s, which settingNames lacks", n)
		}
	}
	for _, n := range known {
		if !slices.Contains(listed, n) {
			t.Errorf("settingNames has %s, which .env.example does not list", n)
		}
	}
	// Every name the code reads (a quoted literal of a setting's shape in
	// a non-test file) is known.
	read := regexp.MustCompile(`"((?:TALKBOT|DISCORD|OPENAI|REDIS|CORPUS|EMBEDDING|LOG)_[A-Z0-9_]+)"`)
	for _, root := range []string{".", "../../bot", "../../retrieval"} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || path == "settings.go" {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range read.FindAllStringSubmatch(string(src), -1) {
				if !slices.Contains(known, m[1]) {
					t.Errorf("%s reads %s, which settingNames lacks", path, m[1])
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestWarnUnknownSettings: a name like a setting but none of them gets a
// line with the setting it likely means; talkbot's own names, other
// variables and another tool's OPENAI_ name get none.
func TestWarnUnknownSettings(t *testing.T) {
	for _, tt := range []struct {
		name, want string // want: "" for no line, else the suggestion or "-" for a line without one
	}{
		{"TALKBOT_CORPUS", "CORPUS_DIR"},
		{"TALKBOT_TOPICS", "TALKBOT_TOPIC"},
		{"DISCORD_TOKN", "DISCORD_TOKEN"},
		{"OPENAI_KEY", "OPENAI_API_KEY"},
		{"TALKBOT_ZZZ", "-"},
		{"OPENAI_ORG_ID", ""}, // another tool's: not DISCORD_SHARD_ID for sharing "ID"
		{"DISCORD_TOKEN", ""},
		{"CORPUS_DIR", ""},
		{"HOME", ""},
	} {
		var b strings.Builder
		warnUnknownSettings(&b, envNames([]string{tt.name + "=x", tt.name + "=y"}))
		out := b.String()
		switch {
		case tt.want == "" && out != "":
			t.Errorf("%s: warned %q, want nothing", tt.name, out)
		case tt.want == "-" && (strings.Count(out, "\n") != 1 || strings.Contains(out, "did you mean")):
			t.Errorf("%s: warned %q, want one line without a suggestion", tt.name, out)
		case tt.want != "" && tt.want != "-" && (strings.Count(out, "\n") != 1 || !strings.Contains(out, "did you mean "+tt.want+"?") || !strings.Contains(out, tt.name)):
			t.Errorf("%s: warned %q, want one line naming it and suggesting %s", tt.name, out, tt.want)
		}
	}
}
