package kernel

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestImplementations(t *testing.T) {
	impls := Implementations()
	require.Contains(t, impls, "generic")
	require.Contains(t, impls, Impl(), "the active implementation is one of those listed")
	if runtime.GOARCH != "amd64" {
		require.Equal(t, []string{"generic"}, impls)
	}
	t.Logf("implementations %v, active %q", impls, Impl())
}

func TestSetImplRestores(t *testing.T) {
	before := Impl()
	for _, name := range Implementations() {
		restore := SetImpl(name)
		require.Equal(t, name, Impl())
		restore()
		require.Equal(t, before, Impl())
	}
}

func TestSetImplUnknownPanics(t *testing.T) {
	before := Impl()
	require.Panics(t, func() { SetImpl("sse9000") })
	require.Equal(t, before, Impl())
}
