package plugin

import (
	"sync"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules/abi"
)

// catalogHashes are the ABI hashes of every item id and category of one catalog, computed once: hashing
// strings per candidate per call would cost more than most plugins.
type catalogHashes struct {
	once    sync.Once
	id, cat []uint64
}

func (c *catalogHashes) compute(cat *modelpack.Catalog) {
	c.once.Do(func() {
		n := cat.NumItems()
		c.id, c.cat = make([]uint64, n), make([]uint64, n)
		names := map[string]uint64{}
		for i := range n {
			c.id[i] = abi.Hash(cat.ItemID(int32(i)))
			name := cat.ItemCategory(int32(i))
			h, ok := names[name]
			if !ok {
				h = abi.Hash(name)
				names[name] = h
			}
			c.cat[i] = h
		}
	})
}

// hashCache keeps the hashes of the last few catalogs a host has seen (a hot reload brings a new one).
type hashCache struct {
	mu      sync.Mutex // guards entries
	entries []hashEntry
}

type hashEntry struct {
	cat *modelpack.Catalog
	h   *catalogHashes
}

const hashCacheSize = 4

func (hc *hashCache) lookup(cat *modelpack.Catalog) *catalogHashes {
	hc.mu.Lock()
	var h *catalogHashes
	for i, e := range hc.entries {
		if e.cat == cat {
			h = e.h
			copy(hc.entries[1:i+1], hc.entries[:i]) // move to front
			hc.entries[0] = e
			break
		}
	}
	if h == nil {
		h = &catalogHashes{}
		if len(hc.entries) < hashCacheSize {
			hc.entries = append(hc.entries, hashEntry{})
		}
		copy(hc.entries[1:], hc.entries[:len(hc.entries)-1])
		hc.entries[0] = hashEntry{cat, h}
	}
	hc.mu.Unlock()
	h.compute(cat) // outside the lock: other catalogs need not wait
	return h
}
