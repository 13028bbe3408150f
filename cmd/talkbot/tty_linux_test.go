package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// openPTY opens a pseudo-terminal and returns its terminal end; what is
// written there is read and dropped, so a write cannot block.
func openPTY(t *testing.T) *os.File {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	var unlock int32
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Skipf("unlock pseudo-terminal: %v", e)
	}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Skipf("pseudo-terminal number: %v", e)
	}
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		t.Skipf("open pseudo-terminal: %v", err)
	}
	drained := make(chan struct{})
	go func() {
		io.Copy(io.Discard, master) // ends with EIO once tty is closed
		close(drained)
	}()
	t.Cleanup(func() {
		tty.Close()
		<-drained
		master.Close()
	})
	return tty
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
