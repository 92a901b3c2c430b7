package plugin

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

// TestHammer runs good and hostile plugins (with 1M fuel: deep recursion runs out of fuel before stack) at once from many goroutines on one host (run it with -race):
// every call gets its own plugin's answer or error, the good plugin is never disturbed by the others, and
// afterwards memory and goroutines are back where they were.
func TestHammer(t *testing.T) {
	ctx := context.Background()
	h := newHost(t, HostConfig{})
	base := baseline(h)
	type entry struct {
		p    *Plugin
		want error
	}
	var plugins []entry
	for _, tc := range []struct {
		file string
		want error
	}{
		{"../reverse", nil}, {"loop_forever", ErrFuel}, {"recursion_exponential", ErrFuel}, {"trap_unreachable", ErrTrap},
		{"output_duplicate", ErrOutput}, {"memory_grow_to_cap", nil}, {"recursion_deep", ErrFuel}, {"log_spam", ErrFuel},
	} {
		p, err := h.Load(ctx, tc.file, readFixture(t, "hostile/"+tc.file+".wasm"),
			Options{Policy: Fail, Fuel: 1_000_000, Instances: 3})
		require.NoError(t, err)
		plugins = append(plugins, entry{p, tc.want})
	}
	goroutines, calls := 8, 24
	if testing.Short() {
		calls = 8
	}
	errs := make(chan error, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range calls {
				e := plugins[(g+i)%len(plugins)]
				n := 1 + (g*7+i)%20
				out, err := e.p.Rerank(ctx, &runtime.RerankInput{K: 5}, candidates(n))
				if !errors.Is(err, e.want) && !(e.want == nil && err == nil) {
					errs <- fmt.Errorf("%s: got %v, want %v", e.p.Info().Name, err, e.want)
					return
				}
				if e.p == plugins[0].p && (len(out) != n || out[0].Index != int32(n-1)) {
					errs <- fmt.Errorf("reverse of %d gave %v", n, out)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	for _, e := range plugins {
		st := e.p.Stats()
		require.LessOrEqual(t, st.Made-st.Discarded, int64(3), "%s: at most Instances live", e.p.Info().Name)
		require.NoError(t, e.p.Close(ctx))
	}
	base.check(t, "hammer")
}
