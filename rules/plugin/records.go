package plugin

import (
	"fmt"

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

// records fills inst.recs (and inst.emb) from the candidates and returns the input's header.
func (pl *Plugin) records(inst *instance, in *runtime.RerankInput, cands []runtime.Candidate) (abi.Header, error) {
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
	var hs *catalogHashes
	if in.Catalog != nil && (r.id || r.category) {
		hs = pl.host.hashes.lookup(in.Catalog)
	}
	recs := inst.recs[:0]
	for _, c := range cands {
		rec := abi.Record{Index: c.Index, Score: c.Score}
		if hs != nil && c.Index >= 0 && int(c.Index) < len(hs.id) {
			if r.id {
				rec.IDHash = hs.id[c.Index]
			}
			if r.category {
				rec.CategoryHash = hs.cat[c.Index]
			}
		}
		if r.created && in.Catalog != nil {
			rec.CreatedAt = in.Catalog.ItemCreatedAt(c.Index)
		}
		if r.attrs && pl.opt.Attributes != nil {
			pl.opt.Attributes(c.Index, &rec.Attrs)
		}
		recs = append(recs, rec)
	}
	inst.recs, inst.emb = recs, inst.emb[:0]
	if !r.embedding || in.Embedding == nil || len(cands) == 0 {
		return h, nil
	}
	for j, c := range cands {
		before := len(inst.emb)
		inst.emb = in.Embedding(c.Index, inst.emb)
		if j == 0 {
			h.Dim = uint32(len(inst.emb))
		}
		if len(inst.emb)-before != int(h.Dim) || h.Dim > abi.MaxDim {
			return h, fmt.Errorf("plugin: candidate %d has an embedding of %d floats, candidate 0 of %d (at most %d)",
				j, len(inst.emb)-before, h.Dim, abi.MaxDim)
		}
	}
	return h, nil
}
