package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestPNGTargetRefused: what --png cannot write is one line and exit 2
// before any drawing, and nothing in its place changes (the picture's
// rename used to replace /dev/null, or a named pipe, with a file).
func TestPNGTargetRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	special := func(f, d string) string {
		return "talkbot timeline: --png " + f + ": " + d + " holds devices or system files, not pictures: give a file name elsewhere, or - for standard output\n"
	}
	tests := []struct {
		name string
		args []string
		want string // the whole stderr
	}{
		// (/dev/null and /dev/stdout are tried on pngTarget alone below:
		// a regression must not replace them, as it would here as root.)
		{"an open file of the process", []string{"--png", "/proc/self/fd/1"}, special("/proc/self/fd/1", "/proc")},
		{"a named pipe", []string{"--png", fifo},
			"talkbot timeline: --png " + fifo + ": not a regular file (a device, pipe or socket), which the picture would replace: give a file name, or - for standard output\n"},
		{"the next flag taken as the file", []string{"--png", "--json"},
			"talkbot timeline: --png --json: looks like a flag, not a file name: give the file name right after --png (./--json for a file so named)\n"},
		{"no value at the end", []string{"--topic", "Lavrov", "--png"},
			"talkbot timeline: --png needs a value: --png FILE (see talkbot timeline -h)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := talkbot(t, nil, append([]string{"timeline"}, tt.args...)...)
			if code != 2 || errOut != tt.want || out != "" {
				t.Errorf("exit %d, stdout %q\nstderr %q\nwant   %q", code, out, errOut, tt.want)
			}
		})
	}
	for _, f := range []string{"/dev/null", "/dev/stdout"} {
		if _, err := pngTarget(f); err == nil || err.Error()+"\n" != special(f, "/dev")[len("talkbot timeline: "):] {
			t.Errorf("pngTarget(%s): %v", f, err)
		}
	}
	if st, err := os.Stat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v %v", st, err)
	}
}

// TestPNGThroughLink: --png naming a symbolic link writes the file it
// names and keeps the link.
func TestPNGThroughLink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.png")
	os.WriteFile(real, []byte("old"), 0o644)
	link := filepath.Join(dir, "link.png")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := talkbot(t, nil, "timeline", "--png", link)
	if code != 0 || !strings.HasPrefix(out, "Wrote "+link+": ") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	if data, _ := os.ReadFile(real); !strings.HasPrefix(string(data), "\x89PNG") {
		t.Errorf("%s holds %q, not the picture", real, data[:min(len(data), 8)])
	}
}

// TestFlagNeedsValue: a flag given last without its value names the flag
// as the help does and the form of its value.
func TestFlagNeedsValue(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"add", "--corpus", "news", "page.html", "--date"}, "talkbot add: --date needs a value: --date YYYY-MM-DD (see talkbot add -h)\n"},
		{[]string{"timeline", "--from"}, "talkbot timeline: --from needs a value: --from YYYY-MM-DD (see talkbot timeline -h)\n"},
		{[]string{"timeline", "--topic"}, "talkbot timeline: --topic needs a value: --topic TOPIC (see talkbot timeline -h)\n"},
		{[]string{"search", "Riyadh", "-k"}, "talkbot search: -k needs a value: -k N (see talkbot search -h)\n"},
		{[]string{"ask", "where?", "--corpus"}, "talkbot ask: --corpus needs a value: --corpus DIR (see talkbot ask -h)\n"},
		{[]string{"eval", "--beir"}, "talkbot eval: --beir needs a value: --beir DIR (see talkbot eval -h)\n"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := talkbot(t, nil, tt.args...)
			if code != 2 || errOut != tt.want || out != "" {
				t.Errorf("exit %d, stdout %q\nstderr %q\nwant   %q", code, out, errOut, tt.want)
			}
		})
	}
}

// TestAddBadDate: a bad --date is one line naming the flag, the value and
// why, before anything is read or fetched: timeline --from's words
// (TestAddDateSaysWhatTimelineSays).
func TestAddBadDate(t *testing.T) {
	tests := []struct {
		date, want string
	}{
		{"2025-13-01", `talkbot add: --date "2025-13-01": no such day (there is no month 13)` + "\n"},
		{"2025-02-30", `talkbot add: --date "2025-02-30": no such day (February 2025 has 28 days)` + "\n"},
		{"yesterday", `talkbot add: --date "yesterday": want a date as YYYY-MM-DD` + "\n"},
		{"1/3/2025", `talkbot add: --date "1/3/2025": want a date as YYYY-MM-DD` + "\n"},
		{"1800-01-01", `talkbot add: --date "1800-01-01": want a year from 1900 to 2100` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "news")
			code, out, errOut := talkbot(t, nil, "add", "--corpus", dir, "--date", tt.date, "page.html")
			if code != 2 || errOut != tt.want || out != "" {
				t.Errorf("exit %d, stdout %q\nstderr %q\nwant   %q", code, out, errOut, tt.want)
			}
		})
	}
}
