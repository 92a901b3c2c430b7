package ann

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

var benchData = sync.OnceValue(func() []float32 { return clustered(50000+1000, 64, 200, 11) })

var benchIndex = sync.OnceValue(func() *HNSW {
	data := benchData()
	h, err := Build(context.Background(), F32Vectors(data[:50000*64], 64), InnerProduct, Config{})
	if err != nil {
		panic(err)
	}
	return h
})

func BenchmarkSearch(b *testing.B) {
	h := benchIndex()
	qs := benchData()[50000*64:]
	i8 := QuantizeInt8(benchData()[:50000*64], 64, false)
	f16 := EncodeF16(benchData()[:50000*64], 64)
	for _, st := range []struct {
		name string
		v    Vectors
	}{{"f32", h.Vectors()}, {"f16", f16}, {"int8", i8}} {
		g := must[*HNSW](b)(h.WithVectors(st.v))
		for _, ef := range []int{16, 64} {
			b.Run(fmt.Sprintf("dim=64/n=50000/storage=%s/ef=%d", st.name, ef), func(b *testing.B) {
				b.ReportAllocs()
				dst := make([]Scored, 0, 10)
				i := 0
				for b.Loop() {
					q := qs[(i%1000)*64 : (i%1000+1)*64]
					dst, _ = g.AppendSearch(dst[:0], q, SearchOptions{Ef: ef})
					i++
				}
			})
		}
	}
}
