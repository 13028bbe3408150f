package envvar

import (
	"strings"
	"testing"
	"time"
)

func env(v string) func(string) string {
	return func(k string) string {
		if k == "X" {
			return v
		}
		return ""
	}
}

// checkErr fails unless err is a one-line error that starts with the
// variable's name and quotes the bad value.
func checkErr(t *testing.T, val string, err error) {
	t.Helper()
	if err == nil {
		t.Errorf("X=%q: no error", val)
		return
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "X: ") || !strings.Contains(msg, `"`+strings.TrimSpace(val)+`"`) || strings.Contains(msg, "\n") {
		t.Errorf("X=%q: error %q, want one line naming X and the value", val, msg)
	}
}

func TestInt(t *testing.T) {
	for _, tt := range []struct {
		val      string
		want     int
		wantOff  int
		rejected bool
	}{
		{"", 0, 0, false}, {"  ", 0, 0, false}, {"0", 0, -1, false}, {" 7 ", 7, 7, false}, {"10", 10, 10, false},
		{"11", 0, 0, true}, {"-1", 0, 0, true}, {"many", 0, 0, true}, {"2.5", 0, 0, true},
	} {
		n, err := Int(env(tt.val), "X", 0, 10)
		off, offErr := IntOff(env(tt.val), "X", 0, 10)
		if tt.rejected {
			checkErr(t, tt.val, err)
			checkErr(t, tt.val, offErr)
			continue
		}
		if err != nil || n != tt.want || offErr != nil || off != tt.wantOff {
			t.Errorf("X=%q: Int %d, %v; IntOff %d, %v; want %d and %d", tt.val, n, err, off, offErr, tt.want, tt.wantOff)
		}
	}
}

func TestFloat(t *testing.T) {
	for _, tt := range []struct {
		val      string
		want     float64
		rejected bool
	}{
		{"", 0, false}, {"0", 0, false}, {" 0.3 ", 0.3, false}, {"2", 2, false},
		{"3", 0, true}, {"-0.1", 0, true}, {"warm", 0, true}, {"NaN", 0, true},
	} {
		f, err := Float(env(tt.val), "X", 0, 2)
		if tt.rejected {
			checkErr(t, tt.val, err)
			continue
		}
		if err != nil || f != tt.want {
			t.Errorf("X=%q: %v, %v; want %v", tt.val, f, err, tt.want)
		}
	}
}

func TestDuration(t *testing.T) {
	for _, tt := range []struct {
		val      string
		want     time.Duration
		rejected bool
	}{
		{"", 0, false}, {"90s", 90 * time.Second, false}, {" 2m ", 2 * time.Minute, false}, {"45", 45 * time.Second, false},
		{"1.5", 1500 * time.Millisecond, false}, {"10m", 10 * time.Minute, false},
		{"soon", 0, true}, {"10ms", 0, true}, {"11m", 0, true}, {"-5", 0, true}, {"NaN", 0, true}, {"Inf", 0, true},
	} {
		d, err := Duration(env(tt.val), "X", time.Second, 10*time.Minute)
		if tt.rejected {
			checkErr(t, tt.val, err)
			continue
		}
		if err != nil || d != tt.want {
			t.Errorf("X=%q: %v, %v; want %v", tt.val, d, err, tt.want)
		}
	}
	if _, err := Duration(env("11m"), "X", time.Second, 10*time.Minute); err == nil || !strings.Contains(err.Error(), "1s to 10m") {
		t.Errorf("range not stated plainly: %v", err)
	}
}

func TestBool(t *testing.T) {
	for _, tt := range []struct {
		val      string
		def      bool
		want     bool
		rejected bool
	}{
		{"", false, false, false}, {"", true, true, false}, {"  ", true, true, false},
		{"1", false, true, false}, {"true", false, true, false}, {"YES", false, true, false}, {" On ", false, true, false},
		{"0", true, false, false}, {"False", true, false, false}, {"no", true, false, false}, {"OFF", true, false, false},
		{"maybe", false, false, true}, {"2", true, false, true}, {"y", false, false, true}, {"enabled", true, false, true},
	} {
		b, err := Bool(env(tt.val), "X", tt.def)
		if tt.rejected {
			checkErr(t, tt.val, err)
			// The error is all the operator sees: it must say what to write.
			for _, w := range []string{"1", "true", "yes", "on", "0", "false", "no", "off"} {
				if err != nil && !strings.Contains(err.Error(), w) {
					t.Errorf("X=%q: error %q does not name %q", tt.val, err, w)
				}
			}
			continue
		}
		if err != nil || b != tt.want {
			t.Errorf("X=%q (default %v): %v, %v; want %v", tt.val, tt.def, b, err, tt.want)
		}
	}
}
