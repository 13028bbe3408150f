package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/creack/pty"
)

// openPTY opens a pseudo-terminal and returns its terminal end; what is
// written there is read and dropped, so a write cannot block. Where the
// system has none, the test is skipped.
func openPTY(t *testing.T) *os.File {
	t.Helper()
	master, tty := openPTYPair(t)
	drained := make(chan struct{})
	go func() {
		io.Copy(io.Discard, master) // ends with an error once tty is closed
		close(drained)
	}()
	t.Cleanup(func() { // before openPTYPair's, which closes master
		tty.Close()
		<-drained
	})
	return tty
}

// openPTYPair opens a pseudo-terminal and returns both ends, for a test that
// reads what is written to the terminal; where the system has none, the
// test is skipped. Closing tty ends the reads of master.
func openPTYPair(t *testing.T) (master, tty *os.File) {
	t.Helper()
	master, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() {
		tty.Close()
		master.Close()
	})
	return master, tty
}

// TestPNGToTerminalRefused: --png - on a terminal would fill the screen
// with the picture's bytes; it is a usage error instead.
func TestPNGToTerminalRefused(t *testing.T) {
	tty := openPTY(t)
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"timeline", "--png", "-"}, tty, &stderr, func(string) string { return "" })
	if code != 2 || !strings.HasPrefix(stderr.String(), "talkbot timeline: --png -: standard output is a terminal") ||
		strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("exit %d (want 2), stderr %q", code, stderr.String())
	}
}
