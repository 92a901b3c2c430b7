package runtime_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/runtime"
)

// BenchmarkRecommendExact measures one request (user vector, exact scan, top-10) per storage and kernel.
func BenchmarkRecommendExact(b *testing.B) {
	f := newFixture(100000, 16, 64, 21)
	ctx := context.Background()
	for _, s := range storages {
		data := f.bundle(b, s.q, s.perDim, "dot")
		eng, err := runtime.OpenBytes(data, runtime.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, impl := range kernel.Implementations() {
			b.Run(fmt.Sprintf("n=100000/dim=64/storage=%s/impl=%s", s.name, impl), func(b *testing.B) {
				defer kernel.SetImpl(impl)()
				b.ReportAllocs()
				u := 0
				for b.Loop() {
					if _, err := eng.Recommend(ctx, runtime.Request{User: userID(u % f.users), K: 10}); err != nil {
						b.Fatal(err)
					}
					u++
				}
			})
		}
		eng.Close()
	}
}

// BenchmarkOpenBytes measures opening a 100K × 64 bundle held in memory: bytes allocated stay far below the
// file size because tensors are read in place.
func BenchmarkOpenBytes(b *testing.B) {
	f := newFixture(100000, 1000, 64, 22)
	for _, s := range storages {
		data := f.bundle(b, s.q, s.perDim, "dot")
		b.Run(fmt.Sprintf("items=100000/dim=64/storage=%s/bytes=%d", s.name, len(data)), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				eng, err := runtime.OpenBytes(data, runtime.Options{})
				if err != nil {
					b.Fatal(err)
				}
				eng.Close()
			}
		})
	}
}
