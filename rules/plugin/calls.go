package plugin

import (
	"context"
	"errors"
)

// callsKey carries the observer of WithCalls in a context.
type callsKey struct{}

// WithCalls returns a context under which every plugin call is also told to f (after Options.OnCall), on
// the calling goroutine. A server uses it to learn which plugins of one request failed and were skipped
// (Policy Skip leaves no other trace in the answer). f must be safe for concurrent use if the request
// runs plugins concurrently.
func WithCalls(ctx context.Context, f func(Call)) context.Context {
	return context.WithValue(ctx, callsKey{}, f)
}

func callsFrom(ctx context.Context) func(Call) {
	f, _ := ctx.Value(callsKey{}).(func(Call))
	return f
}

// Reason names a plugin failure in a word, for metrics labels: "fuel", "trap", "output", "failed",
// "init", "closed", "limits", "module", "canceled" or "other"; "" for nil.
func Reason(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrFuel):
		return "fuel"
	case errors.Is(err, ErrTrap):
		return "trap"
	case errors.Is(err, ErrOutput):
		return "output"
	case errors.Is(err, ErrFailed):
		return "failed"
	case errors.Is(err, ErrInit):
		return "init"
	case errors.Is(err, ErrClosed):
		return "closed"
	case errors.Is(err, ErrLimits):
		return "limits"
	case errors.Is(err, ErrModule), errors.Is(err, ErrNotPlugin), errors.Is(err, ErrVersion), errors.Is(err, ErrImport):
		return "module"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "canceled"
	}
	return "other"
}
