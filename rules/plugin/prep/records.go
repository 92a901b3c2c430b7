package prep

import (
	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/runtime"
)

// Input builds a plugin's input from a request: the fields its manifest reads, and where they come from.
type Input struct {
	reads
	// Config is passed to the plugin as its configuration bytes.
	Config []byte
	// Hashes hashes a catalog's ids and categories once (NewInput gives the Input one of its own; plugins
	// that share one hash a catalog once between them).
	Hashes *Hashes
	// Attributes fills a candidate's numeric attributes; nil sends zeros.
	Attributes func(item int32, attrs *[abi.NumAttrs]float32)
}

// reads says which optional input fields a plugin's manifest asks for.
type reads struct {
	id, category, created, attrs, embedding, user, config bool
}

// NewInput returns the Input of a plugin with manifest m (the other fields are for the caller to set).
func NewInput(m abi.Manifest) Input {
	return Input{reads: reads{
		id: m.Reading(abi.FieldIDHash), category: m.Reading(abi.FieldCategory),
		created: m.Reading(abi.FieldCreatedAt), attrs: m.Reading(abi.FieldAttrs),
		embedding: m.Reading(abi.FieldEmbedding), user: m.Reading(abi.FieldUser), config: m.Reading(abi.FieldConfig),
	}, Hashes: &Hashes{}}
}

// Buffers are the records and embeddings of one call, reused from call to call (one call at a time).
type Buffers struct {
	Records    []abi.Record
	Embeddings []float32
}

// Fill fills b from the candidates and returns the input's header (for abi.EncodeInput with b's records
// and embeddings). It fails when the candidates' embeddings differ in length or are too long.
func (ip *Input) Fill(b *Buffers, in *runtime.RerankInput, cands []runtime.Candidate) (abi.Header, error) {
	r := ip.reads
	h := abi.Header{K: uint32(max(in.K, 0))}
	if !in.Now.IsZero() {
		h.Now = in.Now.Unix()
	}
	if r.user {
		h.UserHash = abi.Hash(in.User)
	}
	if r.config {
		h.Config = ip.Config
	}
	var ids, cats []uint64
	if in.Catalog != nil && (r.id || r.category) {
		ids, cats = ip.Hashes.Of(in.Catalog)
	}
	recs := b.Records[:0]
	for _, c := range cands {
		rec := abi.Record{Index: c.Index, Score: c.Score}
		if c.Index >= 0 && int(c.Index) < len(ids) {
			if r.id {
				rec.IDHash = ids[c.Index]
			}
			if r.category {
				rec.CategoryHash = cats[c.Index]
			}
		}
		if r.created && in.Catalog != nil {
			rec.CreatedAt = in.Catalog.ItemCreatedAt(c.Index)
		}
		recs = append(recs, rec)
		if r.attrs && ip.Attributes != nil {
			ip.Attributes(c.Index, &recs[len(recs)-1].Attrs) // in place: &rec would escape
		}
	}
	b.Records, b.Embeddings = recs, b.Embeddings[:0]
	if !r.embedding || in.Embedding == nil {
		return h, nil
	}
	for j, c := range cands {
		before := len(b.Embeddings)
		b.Embeddings = in.Embedding(c.Index, b.Embeddings)
		if j == 0 {
			h.Dim = uint32(len(b.Embeddings))
		}
		if len(b.Embeddings)-before != int(h.Dim) || h.Dim > abi.MaxDim {
			return h, fmtlite.Errorf("plugin: candidate %d has an embedding of %d floats, candidate 0 of %d (at most %d)",
				j, len(b.Embeddings)-before, h.Dim, abi.MaxDim)
		}
	}
	return h, nil
}
