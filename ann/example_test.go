package ann_test

import (
	"context"
	"fmt"

	"github.com/corerec/corerec/ann"
)

func Example() {
	// Six 2-dimensional item vectors, row-major.
	items := []float32{
		1, 0,
		0.9, 0.1,
		0, 1,
		0.1, 0.9,
		-1, 0,
		0.7, 0.7,
	}
	vecs := ann.F32Vectors(items, 2)
	// New returns an exact index for so few rows; ann.Build always builds the graph.
	idx, err := ann.Build(context.Background(), vecs, ann.InnerProduct, ann.Config{Seed: 1})
	if err != nil {
		panic(err)
	}
	res, err := idx.Search([]float32{1, 0.2}, ann.SearchOptions{K: 3})
	if err != nil {
		panic(err)
	}
	for _, r := range res {
		fmt.Printf("item %d score %.2f\n", r.Index, r.Score)
	}
	// Only items 2, 3 and 4 are available.
	res, _ = idx.Search([]float32{1, 0.2}, ann.SearchOptions{K: 2, Filter: ann.Filter{Allow: []int32{2, 3, 4}}})
	fmt.Println("filtered:", res[0].Index, res[1].Index)
	// Output:
	// item 0 score 1.00
	// item 1 score 0.92
	// item 5 score 0.84
	// filtered: 3 2
}

func ExampleHNSW_WithVectors() {
	items := []float32{1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9, -1, 0, 0.7, 0.7}
	g, _ := ann.Build(context.Background(), ann.F32Vectors(items, 2), ann.InnerProduct, ann.Config{})
	// Search int8 codes through the graph built from floats; rescore the candidates from the floats.
	codes := ann.QuantizeInt8(items, 2, false)
	idx, _ := g.WithVectors(codes)
	f32 := ann.F32Vectors(items, 2)
	res, _ := idx.Search([]float32{1, 0.2}, ann.SearchOptions{K: 2, Fine: &f32})
	fmt.Println(res[0].Index, res[1].Index)
	// The graph travels separately from the vectors.
	data := g.MarshalGraph()
	loaded, err := ann.LoadGraph(codes, ann.InnerProduct, data)
	fmt.Println(loaded.Len(), err)
	// Output:
	// 0 1
	// 6 <nil>
}
