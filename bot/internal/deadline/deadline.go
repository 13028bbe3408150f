// Package deadline keeps part of a context's time in reserve: the engine
// keeps some for quoting the articles should the model not finish, and
// Discord some more for a question still waiting for a slot.
package deadline

import (
	"context"
	"errors"
	"time"
)

// Reserve returns ctx with its deadline moved reserve earlier; a ctx
// without a deadline gets none.
func Reserve(ctx context.Context, reserve time.Duration) (context.Context, context.CancelFunc) {
	deadline, ok := ctx.Deadline()
	if !ok {
		return context.WithCancel(ctx)
	}
	return context.WithDeadline(ctx, deadline.Add(-reserve))
}

// RanOut reports whether err is short's deadline, one earlier than
// long's, passing while long still runs.
func RanOut(err error, short, long context.Context) bool {
	return errors.Is(err, context.DeadlineExceeded) && short.Err() != nil && long.Err() == nil
}
