package importer_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/corerec/corerec/importer"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train"
)

// Embeddings trained elsewhere (here written inline; importer.Load reads them from .npy files and id
// lists) become a bundle the runtime serves.
func Example() {
	in := importer.Input{
		ItemIDs: []string{"jazz", "rock", "opera"},
		Items:   []float32{1, 0, 0, 1, 0.8, 0.6}, // 3 items × dim 2, row-major
		Dim:     2,
		UserIDs: []string{"ann"},
		Users:   []float32{0.9, 0.1},
	}
	b, err := importer.Build(in, train.PackOptions{})
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		panic(err)
	}
	eng, err := runtime.OpenBytes(buf.Bytes(), runtime.Options{})
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	res, err := eng.Recommend(context.Background(), runtime.Request{User: "ann", K: 2})
	if err != nil {
		panic(err)
	}
	for _, it := range res.Items {
		fmt.Printf("%s %.2f\n", it.ID, it.Score)
	}
	// Output:
	// jazz 0.90
	// opera 0.78
}
