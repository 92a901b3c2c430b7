package prep

import (
	"sync"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules/abi"
)

// Hashes keeps the ABI hashes of every item id and category of the last few catalogs it has seen (a hot
// reload brings a new one), each computed once: hashing strings per candidate per call would cost more than
// most plugins. The plugins of a host (or of a bundle) share one. The zero value is ready; it is safe for
// concurrent use.
type Hashes struct {
	mu      sync.Mutex // guards entries
	entries []hashEntry
}

type hashEntry struct {
	cat *modelpack.Catalog
	h   *catalogHashes
}

// hashCacheSize is the number of catalogs a Hashes keeps.
const hashCacheSize = 4

// catalogHashes are the hashes of one catalog.
type catalogHashes struct {
	once    sync.Once
	id, cat []uint64
}

// Of returns the hashes of cat's item ids and categories, by item index.
func (hc *Hashes) Of(cat *modelpack.Catalog) (id, category []uint64) {
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
	return h.id, h.cat
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
