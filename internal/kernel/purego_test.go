//go:build purego

package kernel

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPuregoHasOnlyGeneric(t *testing.T) {
	require.Equal(t, []string{"generic"}, Implementations())
	require.Equal(t, "generic", Impl())
}
