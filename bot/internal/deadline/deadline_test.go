package deadline

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// TestReserve: the reserved context ends reserve before its parent, and
// only then does RanOut say the short deadline passed while the long one
// runs; once the parent ends too, it does not.
func TestReserve(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		long, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		short, cancelShort := Reserve(long, 5*time.Second)
		defer cancelShort()
		start := time.Now()
		if RanOut(context.DeadlineExceeded, short, long) {
			t.Error("RanOut before the short deadline")
		}
		<-short.Done()
		if d := time.Since(start); d != 55*time.Second {
			t.Errorf("the reserved context ended after %v, want 55s", d)
		}
		if !RanOut(short.Err(), short, long) {
			t.Error("RanOut false between the two deadlines")
		}
		if RanOut(context.Canceled, short, long) {
			t.Error("RanOut true for a cancellation")
		}
		<-long.Done()
		if RanOut(short.Err(), short, long) {
			t.Error("RanOut true after the long deadline")
		}
	})
	free, cancel := Reserve(context.Background(), time.Second)
	defer cancel()
	if _, ok := free.Deadline(); ok {
		t.Error("a context without a deadline got one")
	}
}
