package modelpack_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/corerec/corerec/modelpack"
)

func ExampleBuilder() {
	// Pack: a manifest, int8 item embeddings and the catalog of ids.
	b := modelpack.NewBuilder(modelpack.Manifest{
		Kind: "mf", Name: "demo", Dim: 2, Metric: "dot",
		CreatedAt: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC),
	})
	items := modelpack.Matrix{Rows: 3, Cols: 2, F32: []float32{1, 0, 0, 1, 0.5, -0.5}}
	q, err := modelpack.Quantize(items, modelpack.QuantInt8, false)
	if err != nil {
		panic(err)
	}
	if err := b.AddMatrix("items", q); err != nil {
		panic(err)
	}
	if err := b.AddCatalog(&modelpack.Catalog{ItemIDs: []string{"sku-1", "sku-2", "sku-3"}}); err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		panic(err)
	}

	// Serve: open in place, look an id up, read its vector.
	bd, err := modelpack.OpenBytes(buf.Bytes(), modelpack.Options{})
	if err != nil {
		panic(err)
	}
	defer bd.Close()
	cat, _ := bd.Catalog()
	m, _ := bd.Matrix("items")
	i, _ := cat.ItemIndex("sku-3")
	fmt.Println(bd.Manifest().Name, m.Quant, m.Rows, "x", m.Cols)
	fmt.Printf("%s → %d → %.2f\n", cat.ItemID(i), i, m.Row(int(i), nil))
	// Output:
	// demo int8 3 x 2
	// sku-3 → 2 → [0.50 -0.50]
}

func ExampleQuantError() {
	m := modelpack.Matrix{Rows: 2, Cols: 4, F32: []float32{0.1, 0.2, 0.3, 0.4, -1, 0, 1, 2}}
	q, _ := modelpack.Quantize(m, modelpack.QuantInt8, false)
	st, _ := modelpack.QuantError(m, q)
	fmt.Printf("max error %.4f (scale/2 = %.4f), mean cosine %.6f\n", st.MaxAbsErr, q.Scale[1]/2, st.MeanCosine)
	// Output:
	// max error 0.0039 (scale/2 = 0.0059), mean cosine 0.999999
}
