package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

// TestSignalStopsLoading runs commands on a large corpus folder with the
// context a signal cancels: each stops without loading it all and exits 130
// for SIGINT, 143 for SIGTERM, and serve never calls Discord.
func TestSignalStopsLoading(t *testing.T) {
	dir := t.TempDir()
	for i := range 3000 {
		text := fmt.Sprintf("date 2025-03-%02d Envoys hold round %d of talks\n\nEnvoys met on Monday in Riyadh for round %d, officials said.\n", i%28+1, i, i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%05d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var calls atomic.Int64
	discord := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, "not expected", http.StatusTeapot)
	}))
	defer discord.Close()
	env := map[string]string{"CORPUS_DIR": dir, "DISCORD_TOKEN": "t", "DISCORD_API_URL": discord.URL}
	for _, c := range []struct {
		sig  os.Signal
		code int
		args []string
	}{
		{os.Interrupt, 130, []string{"sources"}},
		{syscall.SIGTERM, 143, []string{"sources"}},
		{os.Interrupt, 130, []string{"ask", "where did the envoys meet?"}},
		{syscall.SIGTERM, 143, []string{"search", "envoys"}},
		{syscall.SIGTERM, 143, []string{"timeline"}},
		{syscall.SIGTERM, 143, []string{"serve"}},
		{os.Interrupt, 130, []string{"serve"}},
	} {
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(signalled{c.sig})
		var stdout, stderr bytes.Buffer
		code := run(ctx, c.args, &stdout, &stderr, func(k string) string { return env[k] })
		if code != c.code {
			t.Errorf("%v after %v: exit %d, want %d; stderr %q", c.args, c.sig, code, c.code, stderr.String())
		}
		if want := "talkbot " + c.args[0] + ": stopped by SIG"; !strings.HasPrefix(stderr.String(), want) || strings.Count(stderr.String(), "\n") != 1 {
			t.Errorf("%v after %v: stderr %q, want one line starting %q", c.args, c.sig, stderr.String(), want)
		}
		if stdout.Len() > 0 {
			t.Errorf("%v after %v: printed %q", c.args, c.sig, stdout.String())
		}
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("serve called Discord %d times after a signal during loading", n)
	}
	// Without the signal the same folder loads: the stop was the signal's.
	if code, out, errOut := talkbot(t, env, "sources"); code != 0 || !strings.Contains(out, "3000") {
		t.Errorf("sources without a signal: exit %d, stderr %q", code, errOut)
	}
}

// TestSignalExitCodes checks the statuses documented in the README.
func TestSignalExitCodes(t *testing.T) {
	for _, c := range []struct {
		sig  os.Signal
		code int
	}{{os.Interrupt, 130}, {syscall.SIGTERM, 143}, {syscall.SIGHUP, 129}} {
		if got := (signalled{c.sig}).exitCode(); got != c.code {
			t.Errorf("%v: %d, want %d", c.sig, got, c.code)
		}
	}
}
