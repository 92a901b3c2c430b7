package runtime

import (
	"sync"

	"github.com/corerec/corerec/modelpack"
)

// Ranker scores candidate items for one user with a ranking model stored in a bundle (DCN-v2, DeepFM or
// logistic regression, see RankSpec). It builds exactly the trainer's inputs from the bundle's feature spec,
// vocabularies and stored user and item features, computes the user's part of the model once per request and
// the rest batched over the candidates.
//
// A Ranker is immutable after NewRanker and safe for concurrent use; each call takes its buffers from a pool.
// It reads the bundle in place: the bundle must stay open while the Ranker is in use.
type Ranker struct {
	spec      *RankSpec
	k, d, du  int // embedding width, x0 width, user columns of x0 (user columns first, see layout)
	fields    []rankField
	userVocab *modelpack.Strings
	itemVocab *modelpack.Strings
	nUsers    int
	nItems    int

	cross []crossWeights
	deep  []denseWeights
	outW  []float32 // DCN: over [cross output | deep output]; DeepFM: over the deep output
	outB  float32
	// DeepFM and LR: first-order weights of the dense fields, in spec order of dense fields.
	linDense []float32
	// userEmb and itemEmb are the column ranges of x0 that hold embedded fields (for FM).
	userEmbCols, itemEmbCols int

	gemm   GemmFunc       // RankerOptions.Gemm; nil for the default (packed)
	packed *packedWeights // the default GEMM's packed weights; nil with RankerOptions.Gemm
	pool   sync.Pool      // *rankScratch
}

// GemmFunc computes C = alpha·op(A)·op(B) + beta·C on row-major matrices with internal/kernel.Gemm's contract
// (op(A) m×k, op(B) k×n, strides lda, ldb, ldc; beta == 0 overwrites C).
type GemmFunc func(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int)

// RankerOptions configures NewRanker. The zero value works.
type RankerOptions struct {
	// Gemm is the matrix multiply of the batched layers. Default nil: internal/kernel/gemm.Gemm (register-blocked AVX-512/AVX2). Any function with
	// the same contract (a platform BLAS, a faster blocked kernel) can be plugged in; it must be safe for
	// concurrent use.
	Gemm GemmFunc
}

// rankField is one spec field with what the runtime needs to encode it.
type rankField struct {
	RankField
	col   int       // first column in the Ranker's x0 layout
	dense int       // index among dense fields (spec order), for linDense
	emb   []float32 // vocab×k embedding table (nil for dense fields and LR)
	lin   []float32 // vocab first-order weights (DeepFM, LR)
	vocab *modelpack.Strings
	key   bool           // the side's key field: code = entity row + 1
	codes []int32        // stored categorical code per entity
	bags  *modelpack.CSR // stored multi-hot codes per entity
	vals  []float32      // stored dense value per entity
}

// crossWeights is one cross layer in the Ranker's column order.
type crossWeights struct {
	w       []float32 // d×d (full rank)
	v, u, g []float32 // (E·r)×d, (E·d)×r, E×d (low rank; g nil for one expert)
	b       []float32 // d or E×d
}

// denseWeights is one Linear layer (out×in, PyTorch layout) with its bias.
type denseWeights struct {
	w       []float32
	b       []float32
	in, out int
}

// NewRanker loads the ranking model of b (sections modelpack.SectionRankSpec and the rank.* weights, vocabularies
// and feature tables). Every code and shape is checked against the spec, so a hostile bundle gets an error
// wrapping ErrBundle, never a panic at request time.
func NewRanker(b *modelpack.Bundle, opt RankerOptions) (*Ranker, error) {
	raw, _, err := b.Raw(modelpack.SectionRankSpec)
	if err != nil {
		return nil, bundleError(err)
	}
	spec, err := ParseRankSpec(raw)
	if err != nil {
		return nil, err
	}
	r := &Ranker{spec: spec, k: spec.EmbedDim, d: spec.InputDim(), gemm: opt.Gemm}
	if r.gemm == nil {
		r.packed = new(packedWeights) // the default: internal/kernel/gemm on weights packed once
	}
	if err := r.loadFields(b); err != nil {
		return nil, err
	}
	if err := r.loadWeights(b); err != nil {
		return nil, err
	}
	return r, nil
}

// Spec returns a copy of the ranker's spec.
func (r *Ranker) Spec() RankSpec {
	s := *r.spec
	s.Fields = append([]RankField(nil), s.Fields...)
	s.Deep = append([]int(nil), s.Deep...)
	return s
}

// ItemIndex returns the ranker's row of an item id (its position in the item key's vocabulary).
func (r *Ranker) ItemIndex(id string) (int32, bool) {
	i, ok := r.itemVocab.Index(id)
	return int32(i), ok
}

// NumItems is the number of items the ranker stores features for.
func (r *Ranker) NumItems() int { return r.nItems }

// layout orders x0's columns: user embedded fields, user dense fields, item embedded fields, item dense
// fields, each group in spec order. It returns perm (perm[new column] = trainer's column) and sets every
// field's col.
func (r *Ranker) layout() []int {
	trainerCol := make([]int, len(r.spec.Fields))
	c := 0
	for i, f := range r.spec.Fields { // the trainer: embedded fields first, then dense, spec order
		if f.Embedded() {
			trainerCol[i], c = c, c+r.k
		}
	}
	for i, f := range r.spec.Fields {
		if !f.Embedded() {
			trainerCol[i], c = c, c+1
		}
	}
	perm := make([]int, 0, r.d)
	for _, side := range []string{SideUser, SideItem} {
		if side == SideItem {
			r.du = len(perm)
		}
		start := len(perm)
		for _, dense := range []bool{false, true} {
			for i := range r.fields {
				f := &r.fields[i]
				if f.Side != side || f.Embedded() == dense {
					continue
				}
				f.col = len(perm)
				for j := range f.width(r.k) {
					perm = append(perm, trainerCol[i]+j)
				}
			}
			if !dense && side == SideUser {
				r.userEmbCols = len(perm) - start
			} else if !dense {
				r.itemEmbCols = len(perm) - start
			}
		}
	}
	return perm
}

func (f *rankField) width(k int) int {
	if f.Embedded() {
		return k
	}
	return 1
}
