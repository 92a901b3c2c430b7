package pluginhost

import (
	"fmt"
	"sync"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/runtime"
)

// reads says which optional input fields a plugin's manifest asks for.
type reads struct {
	id, category, created, attrs, embedding, user, config bool
}

func readsOf(m abi.Manifest) reads {
	return reads{
		id: m.Reading(abi.FieldIDHash), category: m.Reading(abi.FieldCategory),
		created: m.Reading(abi.FieldCreatedAt), attrs: m.Reading(abi.FieldAttrs),
		embedding: m.Reading(abi.FieldEmbedding), user: m.Reading(abi.FieldUser), config: m.Reading(abi.FieldConfig),
	}
}

// Hashes are the ABI hashes of every item id and category of one catalog, computed on first use (hashing
// strings per candidate per call would cost more than most plugins). The plugins of one bundle share one.
type Hashes struct {
	mu      sync.Mutex // guards the fields below
	cat     *modelpack.Catalog
	id, grp []uint64
}

func (hs *Hashes) of(cat *modelpack.Catalog) (id, grp []uint64) {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	if hs.cat == cat {
		return hs.id, hs.grp
	}
	n := cat.NumItems()
	hs.cat, hs.id, hs.grp = cat, make([]uint64, n), make([]uint64, n)
	names := map[string]uint64{}
	for i := range n {
		hs.id[i] = abi.Hash(cat.ItemID(int32(i)))
		name := cat.ItemCategory(int32(i))
		h, ok := names[name]
		if !ok {
			h = abi.Hash(name)
			names[name] = h
		}
		hs.grp[i] = h
	}
	return hs.id, hs.grp
}

// records fills pl.recs (and pl.emb) from the candidates and returns the input's header, as rules/plugin
// does (no attributes: a bundle's plugin rule has no attribute source there either).
func (pl *Plugin) records(in *runtime.RerankInput, cands []runtime.Candidate) (abi.Header, error) {
	r := pl.reads
	h := abi.Header{K: uint32(max(in.K, 0))}
	if !in.Now.IsZero() {
		h.Now = in.Now.Unix()
	}
	if r.user {
		h.UserHash = abi.Hash(in.User)
	}
	if r.config {
		h.Config = pl.opt.Config
	}
	var ids, grps []uint64
	if in.Catalog != nil && (r.id || r.category) {
		ids, grps = pl.hashes.of(in.Catalog)
	}
	recs := pl.recs[:0]
	for _, c := range cands {
		rec := abi.Record{Index: c.Index, Score: c.Score}
		if ids != nil && c.Index >= 0 && int(c.Index) < len(ids) {
			if r.id {
				rec.IDHash = ids[c.Index]
			}
			if r.category {
				rec.CategoryHash = grps[c.Index]
			}
		}
		if r.created && in.Catalog != nil {
			rec.CreatedAt = in.Catalog.ItemCreatedAt(c.Index)
		}
		recs = append(recs, rec)
	}
	pl.recs, pl.emb = recs, pl.emb[:0]
	if !r.embedding || in.Embedding == nil {
		return h, nil
	}
	for j, c := range cands {
		before := len(pl.emb)
		pl.emb = in.Embedding(c.Index, pl.emb)
		if j == 0 {
			h.Dim = uint32(len(pl.emb))
		}
		if len(pl.emb)-before != int(h.Dim) || h.Dim > abi.MaxDim {
			return h, fmt.Errorf("plugin: candidate %d has an embedding of %d floats, candidate 0 of %d (at most %d)",
				j, len(pl.emb)-before, h.Dim, abi.MaxDim)
		}
	}
	return h, nil
}
