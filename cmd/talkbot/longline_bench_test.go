package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeLongLine writes a corpus folder holding one article whose text is a
// single line of n bytes without a full stop, as a scraped page can be.
func writeLongLine(tb testing.TB, n int) string {
	tb.Helper()
	const unit = "the envoys met again in Riyadh on Tuesday, and Lavrov said talks on a ceasefire would resume next week while officials noted Feb. 18 "
	var b strings.Builder
	b.WriteString("date 2025-02-20 One long line\n\n")
	for b.Len()+len(unit) < n {
		b.WriteString(unit)
	}
	dir := tb.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "long.txt"), []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// BenchmarkCommandsLongLine runs every offline command end to end (load,
// index, command) on one single-line article of 100 KB, 1 MB and 10 MB: the
// time per byte should stay flat as the size grows.
func BenchmarkCommandsLongLine(b *testing.B) {
	commands := [][]string{
		{"ask", "When do the talks on a ceasefire resume?"},
		{"search", "ceasefire talks"},
		{"sources"},
		{"timeline"},
	}
	for _, n := range []int{100 << 10, 1 << 20, 10_000_000} {
		dir := writeLongLine(b, n)
		for _, cmd := range commands {
			b.Run(fmt.Sprintf("%s/%s", cmd[0], sizeName(n)), func(b *testing.B) {
				b.SetBytes(int64(n))
				args := append([]string{cmd[0], "--corpus", dir}, cmd[1:]...)
				for b.Loop() {
					if code := run(context.Background(), args, io.Discard, io.Discard, func(string) string { return "" }); code != 0 {
						b.Fatalf("%v: exit %d", args, code)
					}
				}
			})
		}
	}
}

func sizeName(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%dMB", (n+1<<19)/(1<<20))
	}
	return fmt.Sprintf("%dKB", n>>10)
}
