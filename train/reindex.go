package train

import (
	"fmt"
	"maps"
	"strconv"

	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/modelpack"
)

// Reindex rebuilds src's retrieval index with opt's Index and HNSW settings (opt's storage fields are
// ignored) and copies every other section byte for byte: a bundle packed by an older ann, or with another
// index choice, gets the current graph without retraining. The graph is built over the item rows as
// stored (dequantized for f16 and int8), which are the rows the runtime scores.
func Reindex(src *modelpack.Bundle, opt PackOptions) (*modelpack.Builder, error) {
	man := src.Manifest()
	if !src.HasObject(modelpack.SectionItemEmbeddings) {
		return nil, fmt.Errorf("train: reindex: the bundle has no %s", modelpack.SectionItemEmbeddings)
	}
	m, err := src.Matrix(modelpack.SectionItemEmbeddings)
	if err != nil {
		return nil, fmt.Errorf("train: reindex: %w", err)
	}
	items := make([]float32, 0, m.Rows*m.Cols)
	row := make([]float32, m.Cols)
	for i := range m.Rows {
		items = append(items, m.Row(i, row)...)
	}
	graph, err := buildGraph(items, m.Rows, m.Cols, man, opt)
	if err != nil {
		return nil, err
	}
	man.Extra = indexExtra(man.Extra, graph, opt)
	b := modelpack.NewBuilder(man)
	for _, s := range src.Sections() {
		if s.Name == modelpack.SectionItemGraph {
			continue
		}
		if err := b.CopySection(src, s.Name); err != nil {
			return nil, fmt.Errorf("train: reindex: %w", err)
		}
	}
	if graph != nil {
		if err := b.AddBytes(modelpack.SectionItemGraph, graph.MarshalGraph()); err != nil {
			return nil, fmt.Errorf("train: reindex: %w", err)
		}
	}
	return b, nil
}

// indexExtra returns a copy of extra whose index keys describe graph (none when graph is nil: exact).
func indexExtra(extra map[string]string, graph *ann.HNSW, opt PackOptions) map[string]string {
	extra = maps.Clone(extra)
	for _, k := range []string{modelpack.ExtraIndex, modelpack.ExtraIndexM, modelpack.ExtraIndexEfConstruction} {
		delete(extra, k)
	}
	if graph == nil {
		return extra
	}
	if extra == nil {
		extra = map[string]string{}
	}
	efc := opt.HNSW.EfConstruction
	if efc == 0 {
		efc = 200 // ann's default
	}
	extra[modelpack.ExtraIndex] = IndexHNSW
	extra[modelpack.ExtraIndexM] = strconv.Itoa(graph.M())
	extra[modelpack.ExtraIndexEfConstruction] = strconv.Itoa(max(efc, graph.M()))
	return extra
}
