package modelpack

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// benchBundle builds a bundle of items int8 embeddings, an f32 copy's
// worth of users, and a catalog of items ids with categories.
func benchBundle(b *testing.B, items, dim int) []byte {
	rng := rand.New(rand.NewPCG(13, 14))
	emb := randMatrix(rng, items, dim, 1)
	q, err := Quantize(emb, QuantInt8, false)
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, items)
	cats := make([]string, items)
	for i := range ids {
		ids[i] = fmt.Sprintf("item-%07d", i)
		cats[i] = fmt.Sprintf("cat-%d", i%50)
	}
	bl := NewBuilder(Manifest{Kind: "mf", Dim: dim, Metric: "dot"})
	err = firstErr(
		bl.AddMatrix("items", q),
		bl.AddMatrix("users", randMatrix(rng, items/10, dim, 1)),
		bl.AddCatalog(&Catalog{ItemIDs: ids, Category: cats}),
	)
	if err != nil {
		b.Fatal(err)
	}
	return build(b, bl)
}

// BenchmarkOpen measures opening a 100K-item bundle. B/op is what Open
// allocates (header, section table, lookup objects), to compare with the
// file size reported as file_bytes: payloads are never copied.
func BenchmarkOpen(b *testing.B) {
	const items, dim = 100000, 64
	data := benchBundle(b, items, dim)
	path := filepath.Join(b.TempDir(), "bench.crpack")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	open := map[string]func(Options) (*Bundle, error){
		"bytes": func(o Options) (*Bundle, error) { return OpenBytes(data, o) },
		"path":  func(o Options) (*Bundle, error) { return Open(path, o) },
	}
	for _, src := range []string{"bytes", "path"} {
		for _, verify := range []bool{true, false} {
			name := fmt.Sprintf("items=%d/dim=%d/src=%s/verify=%v", items, dim, src, verify)
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					bd, err := open[src](Options{SkipVerify: !verify})
					if err != nil {
						b.Fatal(err)
					}
					_ = bd.Close()
				}
				b.ReportMetric(float64(len(data)), "file_bytes")
			})
		}
	}
}

// BenchmarkItemIndex measures an id lookup through the stored hash table.
func BenchmarkItemIndex(b *testing.B) {
	const items = 100000
	bd, err := OpenBytes(benchBundle(b, items, 8), Options{})
	if err != nil {
		b.Fatal(err)
	}
	c, _ := bd.Catalog()
	ids := make([]string, 4096)
	for i := range ids {
		ids[i] = fmt.Sprintf("item-%07d", i*24)
	}
	b.Run(fmt.Sprintf("items=%d", items), func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, ok := c.ItemIndex(ids[i%len(ids)]); !ok {
				b.Fatal("missing")
			}
			i++
		}
	})
}

// BenchmarkQuantize measures int8 quantization per row and per dimension.
func BenchmarkQuantize(b *testing.B) {
	const rows, dim = 10000, 64
	m := randMatrix(rand.New(rand.NewPCG(15, 16)), rows, dim, 1)
	for _, perDim := range []bool{false, true} {
		b.Run(fmt.Sprintf("dim=%d/n=%d/perdim=%v", dim, rows, perDim), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(rows * dim * 4))
			for b.Loop() {
				if _, err := Quantize(m, QuantInt8, perDim); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
