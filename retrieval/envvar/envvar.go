// Package envvar reads typed, range-checked settings from the environment
// through a getenv function (os.Getenv, or a map in tests). Values are
// trimmed; an unset or blank variable reads as the zero value, which the
// configs take for their default (Bool takes the default it is given). Every error is one line that starts with
// the variable's name and quotes the bad value.
//
// It sits under retrieval/, the layer everything else builds on, so that
// retrieval/ingest, bot/... and cmd/ all read settings by the same rules.
package envvar

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Bool reads name as yes (1, true, yes, on) or no (0, false, no, off), in
// any case; def when unset. A setting whose default is yes needs def: the
// zero value cannot stand for it.
func Bool(getenv func(string) string, name string, def bool) (bool, error) {
	s := strings.TrimSpace(getenv(name))
	switch strings.ToLower(s) {
	case "":
		return def, nil
	case "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	return false, fmt.Errorf("%s: %q is not yes or no: use 1, true, yes or on for yes, 0, false, no or off for no", name, s)
}

// Int reads name as a whole number from lo to hi; 0 when unset.
func Int(getenv func(string) string, name string, lo, hi int) (int, error) {
	s := strings.TrimSpace(getenv(name))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s: %q is not a whole number from %d to %d", name, s, lo, hi)
	}
	return n, nil
}

// IntOff is Int for a setting where 0 turns something off while the
// config's zero value means its default: an explicit 0 reads as -1.
func IntOff(getenv func(string) string, name string, lo, hi int) (int, error) {
	n, err := Int(getenv, name, lo, hi)
	if err == nil && n == 0 && strings.TrimSpace(getenv(name)) != "" {
		n = -1
	}
	return n, err
}

// Float reads name as a number from lo to hi; 0 when unset.
func Float(getenv func(string) string, name string, lo, hi float64) (float64, error) {
	s := strings.TrimSpace(getenv(name))
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f >= lo && f <= hi) { // !(…) also rejects NaN
		return 0, fmt.Errorf("%s: %q is not a number from %g to %g", name, s, lo, hi)
	}
	return f, nil
}

// Duration reads name as a Go duration ("90s", "2m") or plain seconds
// ("90") from lo to hi; 0 when unset.
func Duration(getenv func(string) string, name string, lo, hi time.Duration) (time.Duration, error) {
	s := strings.TrimSpace(getenv(name))
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		n, nerr := strconv.ParseFloat(s, 64)
		if nerr != nil || math.IsNaN(n) || math.IsInf(n, 0) {
			return 0, fmt.Errorf("%s: %q is not a duration (e.g. 60s or 2m)", name, s)
		}
		d = time.Duration(n * float64(time.Second))
	}
	if d < lo || d > hi {
		return 0, fmt.Errorf("%s: %q is outside %s to %s", name, s, short(lo), short(hi))
	}
	return d, nil
}

// short writes d without the zero units time.Duration.String adds: 10m,
// not 10m0s.
func short(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
