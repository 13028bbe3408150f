package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/talkbot/talkbot/bot/openaitest"
)

const waitingLine = "\r\x1b[Kwaiting for the model…"

// TestAskWaitingLine: on a terminal, `talkbot ask` says it is waiting for
// the model while the model has said nothing (user test: a slow model
// showed nothing until the timeout), and clears the line when the answer
// comes; with --json, or with stderr piped, it says nothing.
func TestAskWaitingLine(t *testing.T) {
	const q = "Where did US and Russian officials meet on February 18?"
	t.Run("shown while the model is silent, then cleared", func(t *testing.T) {
		s := openaitest.NewServer(t)
		release := make(chan struct{})
		s.QueueChat(openaitest.Reply{Hang: true, Release: release, Content: "The articles don't say."})
		master, tty := openPTYPair(t)
		var stdout bytes.Buffer
		done := make(chan int, 1)
		go func() {
			env := llmEnv(s)
			code := run(context.Background(), []string{"ask", q}, &stdout, tty, func(k string) string { return env[k] })
			tty.Close() // the reader below sees the end
			done <- code
		}()
		// The model holds the request until the line is on the screen.
		r := bufio.NewReader(master)
		var before strings.Builder
		for !strings.HasSuffix(before.String(), waitingLine) {
			b, err := r.ReadByte()
			if err != nil {
				t.Fatalf("the terminal ended without the waiting line: %q (%v)", before.String(), err)
			}
			before.WriteByte(b)
		}
		close(release)
		after, _ := io.ReadAll(r) // ends with EIO once the terminal is closed
		if code := <-done; code != 0 {
			t.Fatalf("exit %d, stdout %q, terminal %q", code, stdout.String(), after)
		}
		if before.String() != waitingLine || string(after) != "\r\x1b[K" {
			t.Errorf("terminal %q then %q; want the waiting line, then it cleared and nothing more", before.String(), after)
		}
		if !strings.HasPrefix(stdout.String(), "The articles don't say.") {
			t.Errorf("stdout %q", stdout.String())
		}
	})
	t.Run("cleared before the streamed answer", func(t *testing.T) {
		s := openaitest.NewServer(t)
		s.QueueChat(openaitest.Text("The articles don't say."))
		master, tty := openPTYPair(t)
		env := llmEnv(s)
		code := run(context.Background(), []string{"ask", q}, tty, tty, func(k string) string { return env[k] })
		tty.Close()
		out, _ := io.ReadAll(master)
		// The line, its clearing, then the words as they stream.
		if code != 0 || !strings.HasPrefix(string(out), waitingLine+"\r\x1b[KThe ") {
			t.Errorf("exit %d, terminal %q; want the waiting line cleared before the streamed words", code, out)
		}
	})
	for _, tt := range []struct {
		name string
		args []string
		tty  bool // stderr a terminal
	}{
		{"--json", []string{"ask", "--json", q}, true},
		{"stderr piped", []string{"ask", q}, false},
	} {
		t.Run("quiet with "+tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t)
			s.QueueChat(openaitest.Text("The articles don't say."))
			env := llmEnv(s)
			var stdout, piped bytes.Buffer
			var stderr io.Writer = &piped
			var master *os.File
			if tt.tty {
				var tty *os.File
				master, tty = openPTYPair(t)
				defer tty.Close()
				stderr = tty
			}
			code := run(context.Background(), tt.args, &stdout, stderr, func(k string) string { return env[k] })
			var shown []byte
			if tt.tty {
				stderr.(*os.File).Close()
				shown, _ = io.ReadAll(master)
			}
			if code != 0 || len(shown) > 0 || piped.Len() > 0 {
				t.Errorf("exit %d, stderr %q %q; want nothing", code, shown, piped.String())
			}
		})
	}
}
