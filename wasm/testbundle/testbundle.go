// Package testbundle makes synthetic bundles of any size for the wasm hosts' tests, parity checks and
// benchmarks: random item vectors in category clusters, a few users with seen items, int8 storage. It
// imports the trainer's export, so only tests and host-side tools may import it, never the browser build.
//
// # Concurrency
//
// Make is safe for concurrent use.
package testbundle

import (
	"bytes"
	"fmt"
	"math/rand/v2"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/train"
)

// Config sizes a bundle. Zero fields take the defaults shown.
type Config struct {
	Items      int    // default 1000
	Dim        int    // default 32
	Categories int    // default 10
	Users      int    // default 20, each with 5 seen items
	Seed       uint64 // default 0 (any value is a seed)
	Index      string // retrieval index, train.PackOptions.Index: default "" (HNSW from 2,000 items)
}

// Make returns the bytes of a bundle: item i has id fmt.Sprintf("i%06d", i) and category
// fmt.Sprintf("c%02d", i%Categories); its vector is its category's centre plus noise.
func Make(c Config) ([]byte, error) {
	c = c.defaults()
	r := rand.New(rand.NewPCG(c.Seed, 1))
	centres := gauss(r, c.Categories*c.Dim, 1)
	e := &train.Embeddings{Manifest: modelpack.Manifest{Kind: "mf", Name: "testbundle"}, Dim: c.Dim,
		Items: gauss(r, c.Items*c.Dim, 0.7), Users: gauss(r, c.Users*c.Dim, 1),
		Attributes: &dataset.ItemAttributes{Category: make([]string, c.Items)}}
	e.Popularity = make([]float32, c.Items)
	for i := range c.Items {
		e.ItemIDs = append(e.ItemIDs, fmt.Sprintf("i%06d", i))
		k := i % c.Categories
		e.Attributes.Category[i] = fmt.Sprintf("c%02d", k)
		for j := range c.Dim {
			e.Items[i*c.Dim+j] += centres[k*c.Dim+j]
		}
		e.Popularity[i] = float32(r.IntN(100))
	}
	for u := range c.Users {
		e.UserIDs = append(e.UserIDs, fmt.Sprintf("u%04d", u))
		var seen []int32
		for range 5 {
			seen = append(seen, int32(r.IntN(c.Items)))
		}
		e.Seen = append(e.Seen, seen)
	}
	b, err := e.Builder(train.PackOptions{Quant: modelpack.QuantInt8, Index: c.Index})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (c Config) defaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.Items, 1000)
	def(&c.Dim, 32)
	def(&c.Categories, 10)
	def(&c.Users, 20)
	c.Categories = min(c.Categories, c.Items)
	return c
}

func gauss(r *rand.Rand, n int, std float64) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.NormFloat64() * std)
	}
	return v
}
