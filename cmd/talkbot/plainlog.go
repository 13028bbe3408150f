package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"

	"github.com/talkbot/talkbot/retrieval/textclean"
)

// plainHandler writes a one-shot command's log records as one plain line
// each, "talkbot: <message>: <error>; key=value ...", without time or
// level: the stderr of ask, search or timeline is read by a person, not a
// log collector. serve's stderr is a log and keeps slog's records.
type plainHandler struct {
	w     io.Writer
	mu    *sync.Mutex // one line at a time, across WithAttrs copies
	level slog.Leveler
	attrs []slog.Attr // of WithAttrs, their keys already prefixed with their groups
	group string      // the key prefix of WithGroup, "a.b."
}

func newPlainHandler(w io.Writer, level slog.Leveler) *plainHandler {
	return &plainHandler{w: w, mu: &sync.Mutex{}, level: level}
}

func (h *plainHandler) Enabled(_ context.Context, l slog.Level) bool {
	return l >= h.level.Level()
}

func (h *plainHandler) Handle(_ context.Context, r slog.Record) error {
	var errs, kv []string
	var add func(prefix string, a slog.Attr)
	add = func(prefix string, a slog.Attr) {
		v := a.Value.Resolve()
		if a.Key == "" && v.Kind() != slog.KindGroup {
			return
		}
		if v.Kind() == slog.KindGroup {
			p := prefix
			if a.Key != "" {
				p += a.Key + "."
			}
			for _, g := range v.Group() {
				add(p, g)
			}
			return
		}
		// The reason for the record reads as the end of its sentence.
		if prefix == "" && (a.Key == "err" || a.Key == "reason") {
			errs = append(errs, v.String())
			return
		}
		s := v.String()
		if s == "" || strings.ContainsAny(s, " =\"") {
			s = strconv.Quote(s)
		}
		kv = append(kv, prefix+a.Key+"="+s)
	}
	for _, a := range h.attrs {
		add("", a)
	}
	r.Attrs(func(a slog.Attr) bool {
		add(h.group, a)
		return true
	})
	line := "talkbot: " + r.Message
	for _, e := range errs {
		line += ": " + e
	}
	if len(kv) > 0 {
		line += "; " + strings.Join(kv, " ")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := fmt.Fprintln(h.w, textclean.Line(line))
	return err
}

func (h *plainHandler) WithAttrs(as []slog.Attr) slog.Handler {
	c := *h
	c.attrs = append([]slog.Attr(nil), h.attrs...)
	for _, a := range as {
		if a.Key == "" {
			a.Key = strings.TrimSuffix(h.group, ".") // an inline group, in the current one
		} else {
			a.Key = h.group + a.Key
		}
		c.attrs = append(c.attrs, a)
	}
	return &c
}

func (h *plainHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	c := *h
	c.group = h.group + name + "."
	return &c
}
