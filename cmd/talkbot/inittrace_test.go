package main

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// TestLazyInit: the packages only LLM mode, Discord and adding articles
// need (bot/llm, bot/discord, retrieval/ingest) do no work at init that
// every command would pay, such as
// compiling their patterns: those compile on first use. This test binary
// links all three; run again with GODEBUG=inittrace=1 and no tests, it reports
// what each package's init allocated, as `talkbot sources` would.
func TestLazyInit(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary again")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	const limit = 16 << 10 // bytes: a few small tables, no compiled patterns
	for _, pkg := range []string{"bot/llm", "bot/discord", "retrieval/ingest"} {
		m := regexp.MustCompile(`init github\.com/talkbot/talkbot/` + regexp.QuoteMeta(pkg) + ` @[^,]*, [^,]*, (\d+) bytes, (\d+) allocs`).FindSubmatch(out)
		if m == nil {
			t.Errorf("%s: no init line in\n%s", pkg, out)
			continue
		}
		bytes, _ := strconv.Atoi(string(m[1]))
		if bytes > limit {
			t.Errorf("%s: init allocates %d bytes in %s allocations, want at most %d: compile patterns and tables on first use (sync.OnceValue)", pkg, bytes, m[2], limit)
		}
	}
}
