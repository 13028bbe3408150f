package discord

import (
	"context"
	"time"
)

// begin registers a unit of work (one interaction or message) started by a
// caller whose context is parent. It returns the work's context, which
// Shutdown cancels when its grace runs out, and end, which must be called
// when the work is done. ok is false once the bot is shutting down.
func (b *Bot) begin(parent context.Context) (ctx context.Context, end func(), ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, nil, false
	}
	ctx, cancel := context.WithCancel(parent)
	id := b.nextWork
	b.nextWork++
	b.inflight[id] = cancel
	return ctx, func() {
		cancel()
		b.mu.Lock()
		delete(b.inflight, id)
		b.signalIdle()
		b.mu.Unlock()
	}, true
}

// signalIdle closes idle, once, when the bot is closed and nothing is in
// flight. b.mu must be held.
func (b *Bot) signalIdle() {
	if b.closed && len(b.inflight) == 0 && !b.idleDone {
		b.idleDone = true
		close(b.idle)
	}
}

// eventContext is the parent context of work delivered by the gateway.
func (b *Bot) eventContext() context.Context {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.events == nil {
		return context.Background()
	}
	return b.events
}

// Shutdown stops taking new work (new questions are told the bot is
// restarting) and waits for the work in flight, from the gateway and from
// HandleInteraction alike, until ctx ends. Then it cancels what is left,
// gives the cancelled answers a few seconds to post their error message,
// and returns ctx's error. Like http.Server.Shutdown, the caller's context
// bounds the wait. It may be called more than once; Run calls it when its
// own context ends.
func (b *Bot) Shutdown(ctx context.Context) error {
	b.mu.Lock()
	b.closed = true
	n := len(b.inflight)
	b.signalIdle()
	b.mu.Unlock()
	b.log.Info("shutting down: finishing answers in flight", "in_flight", n)
	select {
	case <-b.idle:
		return nil
	case <-ctx.Done():
	}
	b.log.Warn("shutdown grace over: cancelling the remaining answers")
	b.mu.Lock()
	for _, cancel := range b.inflight {
		cancel()
	}
	b.mu.Unlock()
	// Cancelled answers still post their error message, each with its own
	// short deadline; wait for them, bounded too.
	t := time.NewTimer(cancelledGrace)
	defer t.Stop()
	select {
	case <-b.idle:
	case <-t.C:
	}
	return ctx.Err()
}

// cancelledGrace bounds the wait for cancelled answers' error messages.
const cancelledGrace = 5 * time.Second
