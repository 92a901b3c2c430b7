package train

import (
	"context"
	"fmt"
	"maps"
	"math"

	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/modelpack"
)

// Embeddings is a trained embedding model ready to be packed: item vectors (retrieval), optional user
// vectors, the original ids, and what the runtime needs beside them.
type Embeddings struct {
	Manifest modelpack.Manifest // Kind, Name, Metric, Training, Metrics; Dim is filled in
	Dim      int
	Items    []float32 // len(ItemIDs)×Dim, row-major
	Users    []float32 // len(UserIDs)×Dim or nil
	ItemIDs  []string
	UserIDs  []string
	// Seen lists each user's training items (for exclude-seen); nil or len(UserIDs).
	Seen [][]int32
	// Popularity is each item's training count (for the popular fallback); nil or len(ItemIDs).
	Popularity []float32
	// Attributes are optional item attributes for the catalog.
	Attributes *dataset.ItemAttributes
}

// PackOptions chooses how the embeddings are stored.
type PackOptions struct {
	// Quant is the storage of the embedding matrices. Default QuantF32 (the zero value).
	Quant modelpack.Quant
	// PerDim quantizes int8 with one scale/offset per dimension instead of per row. Default per row.
	PerDim bool
	// Index is the retrieval index stored beside the item embeddings: IndexAuto (default: an HNSW graph
	// from ann's size threshold on, 2,000 items), IndexHNSW or IndexExact (none).
	Index string
	// HNSW configures the graph (zero value: M 16, efConstruction 200, all cores).
	HNSW ann.Config
}

// Retrieval index choices for PackOptions.Index.
const (
	IndexAuto  = ""
	IndexHNSW  = "hnsw"
	IndexExact = "exact"
)

// Builder assembles the bundle for e. Cosine models have their item vectors normalised before storage.
// Quantized matrices have their error against the f32 original recorded in the manifest's metrics
// ("quant.items.emb.rmse", ".max_abs_err", ".mean_cosine").
func (e *Embeddings) Builder(opt PackOptions) (*modelpack.Builder, error) {
	if err := e.check(); err != nil {
		return nil, err
	}
	man := e.Manifest
	man.Dim = e.Dim
	if man.Metric == "" {
		man.Metric = modelpack.MetricDot
	}
	man.Metrics = maps.Clone(man.Metrics)
	if man.Metrics == nil {
		man.Metrics = map[string]float64{}
	}
	items := e.Items
	if man.Metric == modelpack.MetricCosine {
		items = normalizeRows(items, e.Dim)
	}
	mats := []namedMatrix{{modelpack.SectionItemEmbeddings, items, len(e.ItemIDs)}}
	if e.Users != nil {
		mats = append(mats, namedMatrix{modelpack.SectionUserEmbeddings, e.Users, len(e.UserIDs)})
	}
	stored := make([]modelpack.Matrix, len(mats))
	for k, nm := range mats {
		m, err := StoreMatrix(nm.v, nm.rows, e.Dim, opt, nm.name, man.Metrics)
		if err != nil {
			return nil, err
		}
		stored[k] = m
	}
	graph, err := buildGraph(items, len(e.ItemIDs), e.Dim, man, opt)
	if err != nil {
		return nil, err
	}
	man.Extra = indexExtra(man.Extra, graph, opt)
	b := modelpack.NewBuilder(man)
	if graph != nil {
		if err := b.AddBytes(modelpack.SectionItemGraph, graph.MarshalGraph()); err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
	}
	cat := &modelpack.Catalog{ItemIDs: e.ItemIDs, UserIDs: e.UserIDs}
	if a := e.Attributes; a != nil {
		cat.Category, cat.CreatedAt, cat.Tags = a.Category, a.CreatedAt, a.Tags
	}
	if err := b.AddCatalog(cat); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	for k, nm := range mats {
		if err := b.AddMatrix(nm.name, stored[k]); err != nil {
			return nil, fmt.Errorf("train: %w", err)
		}
	}
	if err := e.addExtras(b); err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	return b, nil
}

// buildGraph builds the HNSW graph over the f32 item vectors (already normalised for cosine) when opt asks
// for one; nil otherwise. The graph holds only ids, so it serves any storage of the same rows.
func buildGraph(items []float32, n, dim int, man modelpack.Manifest, opt PackOptions) (*ann.HNSW, error) {
	switch opt.Index {
	case IndexExact:
		return nil, nil
	case IndexAuto:
		if n < 2000 {
			return nil, nil
		}
	case IndexHNSW:
	default:
		return nil, fmt.Errorf("train: index %q: want hnsw, exact or empty", opt.Index)
	}
	var metric ann.Metric
	switch man.Metric {
	case modelpack.MetricCosine:
		metric = ann.Cosine
	case modelpack.MetricL2:
		metric = ann.L2
	default:
		metric = ann.InnerProduct
	}
	g, err := ann.Build(context.Background(), ann.F32Vectors(items, dim), metric, opt.HNSW)
	if err != nil {
		return nil, fmt.Errorf("train: build hnsw: %w", err)
	}
	return g, nil
}

type namedMatrix struct {
	name string
	v    []float32
	rows int
}

func (e *Embeddings) addExtras(b *modelpack.Builder) error {
	if e.Seen != nil {
		c, err := modelpack.NewCSR(e.Seen, len(e.ItemIDs))
		if err != nil {
			return err
		}
		if err := b.AddCSR(modelpack.SectionUserSeen, c); err != nil {
			return err
		}
	}
	if e.Popularity != nil {
		return b.AddF32(modelpack.SectionItemPopularity, []int{len(e.Popularity)}, e.Popularity)
	}
	return nil
}

// StoreMatrix returns the rows×cols f32 matrix v in the storage opt asks for. For quantized storage it
// records the error against v in metrics under "quant.NAME.rmse", ".max_abs_err" and ".mean_cosine".
func StoreMatrix(v []float32, rows, cols int, opt PackOptions, name string, metrics map[string]float64) (modelpack.Matrix, error) {
	m := modelpack.Matrix{Rows: rows, Cols: cols, Quant: modelpack.QuantF32, F32: v}
	if opt.Quant == modelpack.QuantF32 {
		return m, nil
	}
	q, err := modelpack.Quantize(m, opt.Quant, opt.PerDim)
	if err != nil {
		return q, fmt.Errorf("train: quantize %s: %w", name, err)
	}
	st, err := modelpack.QuantError(m, q)
	if err != nil {
		return q, fmt.Errorf("train: quantize %s: %w", name, err)
	}
	metrics["quant."+name+".rmse"] = st.RMSE
	metrics["quant."+name+".max_abs_err"] = st.MaxAbsErr
	metrics["quant."+name+".mean_cosine"] = st.MeanCosine
	return q, nil
}

func (e *Embeddings) check() error {
	ni, nu := len(e.ItemIDs), len(e.UserIDs)
	switch {
	case e.Dim < 1:
		return fmt.Errorf("train: dim %d < 1", e.Dim)
	case len(e.Items) != ni*e.Dim:
		return fmt.Errorf("train: %d item floats for %d items × dim %d", len(e.Items), ni, e.Dim)
	case e.Users != nil && len(e.Users) != nu*e.Dim:
		return fmt.Errorf("train: %d user floats for %d users × dim %d", len(e.Users), nu, e.Dim)
	case e.Seen != nil && len(e.Seen) != nu:
		return fmt.Errorf("train: seen items for %d users, catalog has %d", len(e.Seen), nu)
	case e.Popularity != nil && len(e.Popularity) != ni:
		return fmt.Errorf("train: popularity for %d items, catalog has %d", len(e.Popularity), ni)
	}
	return nil
}

func normalizeRows(v []float32, dim int) []float32 {
	out := make([]float32, len(v))
	for lo := 0; lo < len(v); lo += dim {
		row := v[lo : lo+dim]
		var s float64
		for _, x := range row {
			s += float64(x) * float64(x)
		}
		inv := float32(0)
		if s > 0 {
			inv = float32(1 / math.Sqrt(s))
		}
		for j, x := range row {
			out[lo+j] = x * inv
		}
	}
	return out
}

// Popularity counts each item's occurrences in train.
func Popularity(train [][]int32, numItems int) []float32 {
	p := make([]float32, numItems)
	for _, items := range train {
		for _, i := range items {
			p[i]++
		}
	}
	return p
}
