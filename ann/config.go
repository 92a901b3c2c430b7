package ann

import (
	"runtime"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Config sets how an HNSW graph is built. The zero value builds with the defaults.
type Config struct {
	// M is the number of links a node keeps on the upper levels; level 0 keeps up to 2·M.
	// Larger M raises recall at a given ef and costs memory (about 8·M bytes a node in memory,
	// 2–4 bytes a link serialised) and build time. Default 16, a good value for 32–256
	// dimensions; valid range 2…100.
	M int
	// EfConstruction is the beam width of the searches that find a new node's neighbours.
	// Larger values build a better graph, more slowly. Default 200; values below M are raised
	// to M.
	EfConstruction int
	// Seed drives the random level of every node. The same Seed and vectors always build the
	// same graph, whatever Workers is.
	Seed uint64
	// Workers is the number of goroutines that build. Default runtime.GOMAXPROCS(0). It changes
	// speed only, never the graph.
	Workers int
	// ExactBelow is the size under which New returns an exact index instead of a graph.
	// Default 2000 (measured: see BENCHMARKS.md); a negative value always builds a graph.
	ExactBelow int
}

const (
	defaultM              = 16
	defaultEfConstruction = 200
	defaultExactBelow     = 2000
	maxM                  = 100
)

// withDefaults fills zero fields and panics on values that can never be valid.
func (c Config) withDefaults() Config {
	if c.M == 0 {
		c.M = defaultM
	}
	if c.M < 2 || c.M > maxM {
		panic(fmtlite.Sprintf("ann: Config.M = %d, want 2…%d", c.M, maxM))
	}
	if c.EfConstruction < 0 || c.Workers < 0 {
		panic(fmtlite.Sprintf("ann: Config.EfConstruction = %d, Workers = %d: must not be negative",
			c.EfConstruction, c.Workers))
	}
	if c.EfConstruction == 0 {
		c.EfConstruction = defaultEfConstruction
	}
	c.EfConstruction = max(c.EfConstruction, c.M)
	if c.Workers == 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.ExactBelow == 0 {
		c.ExactBelow = defaultExactBelow
	}
	return c
}
