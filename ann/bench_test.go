package ann

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

var benchData = sync.OnceValue(func() []float32 { return clustered(20000+1000, 64, 100, 11) })

var benchIndex = sync.OnceValue(func() *HNSW {
	data := benchData()
	h, err := Build(context.Background(), F32Vectors(data[:20000*64], 64), InnerProduct, Config{})
	if err != nil {
		panic(err)
	}
	return h
})

func BenchmarkSearch(b *testing.B) {
	h := benchIndex()
	qs := benchData()[20000*64:]
	i8 := QuantizeInt8(benchData()[:20000*64], 64, false)
	f16 := EncodeF16(benchData()[:20000*64], 64)
	for _, st := range []struct {
		name string
		v    Vectors
	}{{"f32", h.Vectors()}, {"f16", f16}, {"int8", i8}} {
		g := must[*HNSW](b)(h.WithVectors(st.v))
		for _, ef := range []int{16, 64} {
			if testing.Short() && ef > 16 {
				continue
			}
			b.Run(fmt.Sprintf("dim=64/n=20000/storage=%s/ef=%d", st.name, ef), func(b *testing.B) {
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

func BenchmarkSearchFiltered(b *testing.B) {
	h := benchIndex()
	qs := benchData()[20000*64:]
	allow := make([]int32, 0, 2000)
	for i := int32(0); i < 20000; i += 10 {
		allow = append(allow, i)
	}
	for _, plan := range []FilterPlan{FilterGraph, FilterScan} {
		b.Run(fmt.Sprintf("dim=64/n=20000/selectivity=0.1/plan=%d", plan), func(b *testing.B) {
			b.ReportAllocs()
			dst := make([]Scored, 0, 10)
			i := 0
			for b.Loop() {
				q := qs[(i%1000)*64 : (i%1000+1)*64]
				dst, _ = h.AppendSearch(dst[:0], q, SearchOptions{Filter: Filter{Allow: allow}, FilterPlan: plan})
				i++
			}
		})
	}
}

func BenchmarkExact(b *testing.B) {
	data := benchData()
	e := must[*Exact](b)(NewExact(F32Vectors(data[:20000*64], 64), InnerProduct))
	qs := data[20000*64:]
	b.Run("dim=64/n=20000/storage=f32", func(b *testing.B) {
		b.ReportAllocs()
		dst := make([]Scored, 0, 10)
		i := 0
		for b.Loop() {
			dst, _ = e.AppendSearch(dst[:0], qs[(i%1000)*64:(i%1000+1)*64], SearchOptions{})
			i++
		}
	})
}

func BenchmarkBuild(b *testing.B) {
	data := benchData()[:5000*64]
	b.Run("dim=64/n=5000/workers=1", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = Build(context.Background(), F32Vectors(data, 64), InnerProduct, Config{Workers: 1})
		}
	})
}

func BenchmarkGather(b *testing.B) {
	const n, dim = 5000, 64
	data := benchData()[:n*dim]
	i8 := QuantizeInt8(data, dim, false)
	ids := make([]int32, 24)
	for i := range ids {
		ids[i] = int32(i * 197 % n)
	}
	out := make([]float32, len(ids))
	q := benchData()[n*dim : (n+1)*dim]
	for _, set := range gatherSets() {
		b.Run("dim=64/storage=f32/impl="+set.name, func(b *testing.B) {
			for b.Loop() {
				set.dot(q, data, ids, out)
			}
		})
		b.Run("dim=64/storage=int8/impl="+set.name, func(b *testing.B) {
			for b.Loop() {
				set.dotRow(q, i8.I8, ids, out, i8.Scale, i8.Offset, 1)
			}
		})
	}
}
