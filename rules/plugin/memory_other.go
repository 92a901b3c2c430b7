//go:build !(linux || darwin)

package plugin

import (
	"sync/atomic"

	"github.com/tetratelabs/wazero/experimental"
)

// mmapMemory: no mmap here; memories live on the Go heap.
func mmapMemory(uint64, *atomic.Int64) experimental.LinearMemory { return nil }
