package rank

import (
	"bytes"
	"context"
	"fmt"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// Train a DCN-v2 ranker, pack it and score candidates with the runtime.
func Example() {
	d := synthData(12, 20, 1500, 1)
	split, _ := SplitByUserTime(&d.Examples, 0.2, 0.1)
	spec := d.Spec()
	spec.Model, spec.EmbedDim, spec.Cross.Layers, spec.Deep = runtime.RankDCN, 4, 2, []int{8}
	m, _ := NewModel(spec, 1)
	res, _ := Train(context.Background(), m, d, &split, Config{Epochs: 20, BatchSize: 64, LR: 0.01})
	fmt.Println("test AUC above 0.6:", res.Test.AUC > 0.6)

	b, _ := m.Bundle(d, modelpack.Manifest{Name: "synth"})
	var buf bytes.Buffer
	b.WriteTo(&buf)
	bundle, _ := modelpack.OpenBytes(buf.Bytes(), modelpack.Options{})
	defer bundle.Close()
	r, _ := runtime.NewRanker(bundle, runtime.RankerOptions{})
	scores, _ := r.Rank(context.Background(), runtime.RankUser{ID: "u3"}, []string{"i1", "i2", "not-an-item"}, nil)
	fmt.Println("scores:", len(scores))
	// Output:
	// test AUC above 0.6: true
	// scores: 3
}

// Next-item training data: split implicit events leave-one-out by time, then give each training
// positive a uniform and a popularity-sampled negative.
func ExampleSampleNegatives() {
	events := Examples{User: []int32{0, 0, 0, 0, 1, 1, 1}, Item: []int32{0, 1, 2, 3, 1, 2, 4},
		Label: []float32{1, 1, 1, 1, 1, 1, 1}, Time: []int64{1, 2, 3, 4, 1, 2, 3}}
	loo, _ := SplitLeaveOneOut(&events, 2)
	fmt.Println("user 0 trains on", loo.Seen[0], "validates on", loo.Valid[0], "tests on", loo.Test[0])
	train, _ := SampleNegatives(&loo.Train, NegativeConfig{NumItems: 6, PerPositive: 1,
		Sources: []string{NegativeUniform, NegativePopular}, Seed: 1})
	fmt.Println("examples:", train.Len(), "labels:", train.Label)
	// Output:
	// user 0 trains on [0 1] validates on 2 tests on 3
	// examples: 9 labels: [1 0 0 1 0 0 1 0 0]
}
