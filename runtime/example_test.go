package runtime_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// A bundle with three items and two users in two dimensions: "ana" likes the first axis, "bo" the second.
func exampleBundle() []byte {
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindMF, Dim: 2, Metric: modelpack.MetricDot})
	_ = b.AddCatalog(&modelpack.Catalog{ItemIDs: []string{"jazz", "rock", "folk"}, UserIDs: []string{"ana", "bo"}})
	_ = b.AddMatrix(modelpack.SectionItemEmbeddings, modelpack.Matrix{Rows: 3, Cols: 2, F32: []float32{
		1, 0, // jazz
		0, 1, // rock
		0.6, 0.5, // folk
	}})
	_ = b.AddMatrix(modelpack.SectionUserEmbeddings, modelpack.Matrix{Rows: 2, Cols: 2, F32: []float32{1, 0.1, 0.1, 1}})
	seen, _ := modelpack.NewCSR([][]int32{{0}, {}}, 3) // ana has heard jazz
	_ = b.AddCSR(modelpack.SectionUserSeen, seen)
	var buf bytes.Buffer
	_, _ = b.WriteTo(&buf)
	return buf.Bytes()
}

func ExampleEngine_Recommend() {
	eng, err := runtime.OpenBytes(exampleBundle(), runtime.Options{})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	ctx := context.Background()

	res, _ := eng.Recommend(ctx, runtime.Request{User: "ana", K: 2, ExcludeSeen: true})
	for _, it := range res.Items {
		fmt.Printf("ana: %s %.2f\n", it.ID, it.Score)
	}
	// A visitor the bundle has never seen, known only by what they just played:
	res, _ = eng.Recommend(ctx, runtime.Request{History: []string{"rock"}, K: 1, ExcludeSeen: true})
	fmt.Println("visitor:", res.Items[0].ID)
	// Output:
	// ana: folk 0.65
	// ana: rock 0.10
	// visitor: folk
}

func ExampleEngine_Similar() {
	eng, err := runtime.OpenBytes(exampleBundle(), runtime.Options{})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	res, _ := eng.Similar(context.Background(), "jazz", 1)
	fmt.Println(res.Items[0].ID)
	// Output: folk
}
