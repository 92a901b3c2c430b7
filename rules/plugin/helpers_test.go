package plugin

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func newHost(t testing.TB, cfg HostConfig) *Host {
	t.Helper()
	h, err := NewHost(context.Background(), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close(context.Background()) })
	return h
}

func load(t testing.TB, h *Host, name string, opt Options) *Plugin {
	t.Helper()
	p, err := h.Load(context.Background(), name, readFixture(t, name), opt)
	require.NoError(t, err)
	t.Cleanup(func() { _ = p.Close(context.Background()) })
	return p
}
func candidates(n int) []runtime.Candidate {
	c := make([]runtime.Candidate, n)
	for i := range c {
		c[i] = runtime.Candidate{Index: int32(i), Score: float32(n - i)}
	}
	return c
}

func c(i int32, s float32) runtime.Candidate { return runtime.Candidate{Index: i, Score: s} }
