package discord

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkAck measures how long an /ask takes to be acknowledged: from the
// moment the local gateway has written INTERACTION_CREATE to the arrival of
// the deferred response at the local REST API, through the real discordgo
// session. The target is a p99 under 100 ms (Discord allows 3 s). Answers
// run concurrently with later acknowledgements, as they would in use.
func BenchmarkAck(b *testing.B) {
	h := start(b, setup{cfg: Config{RatePerMinute: -1, MaxConcurrent: 4, MaxQueue: 1 << 20}})
	b.ResetTimer()
	var toks []string
	for i := 0; b.Loop(); i++ {
		tok := h.ask(fmt.Sprintf("3%017d", i), "When did US and Russian officials meet in Saudi Arabia?")
		h.srv.Wait(wait, "the acknowledgement", func() bool {
			in := h.srv.Interaction(tok)
			return in != nil && !in.AckedAt.IsZero()
		})
		toks = append(toks, tok)
	}
	b.StopTimer()
	lat := h.srv.AckLatencies()
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(float64(len(lat))*p))] }
	b.ReportMetric(float64(pct(0.50).Microseconds())/1000, "p50-ack-ms")
	b.ReportMetric(float64(pct(0.99).Microseconds())/1000, "p99-ack-ms")
	// Let the answers finish so shutdown is quick.
	h.srv.Wait(wait, "the answers", func() bool {
		for _, tok := range toks {
			if m := h.srv.Original(tok); m == nil || !answered(m) {
				return false
			}
		}
		return true
	})
}

// BenchmarkAckUnderLoad is BenchmarkAck with 50 questions arriving at once
// per iteration: every one must still be acknowledged fast.
func BenchmarkAckUnderLoad(b *testing.B) {
	h := start(b, setup{cfg: Config{RatePerMinute: -1, MaxConcurrent: 4, MaxQueue: 1 << 20}})
	n := 0
	for b.Loop() {
		var toks []string
		for range 50 {
			toks = append(toks, h.ask(fmt.Sprintf("3%017d", n), "Who is Sergei Ryabkov?"))
			n++
		}
		h.srv.Wait(wait, "50 answers", func() bool {
			for _, tok := range toks {
				if m := h.srv.Original(tok); m == nil || !answered(m) {
					return false
				}
			}
			return true
		})
	}
	lat := h.srv.AckLatencies()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ack-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ack-ms")
}

// BenchmarkSplitText splits answers of 100 KB, 1 MB and 10 MB into
// Discord-sized pieces: the time must grow linearly with the size.
func BenchmarkSplitText(b *testing.B) {
	for _, size := range []int{100 << 10, 1 << 20, 10 << 20} {
		var sb strings.Builder
		for i := 0; sb.Len() < size; i++ {
			fmt.Fprintf(&sb, "Sentence %d says what the articles report about the talks [%d]. ", i, i%9+1)
			if i%7 == 6 {
				sb.WriteString("\n\n")
			}
		}
		text := sb.String()
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				splitText(text, maxContent)
			}
		})
	}
}
