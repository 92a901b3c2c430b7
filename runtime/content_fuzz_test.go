package runtime_test

import (
	"context"
	"testing"

	"github.com/corerec/corerec/runtime"
)

// FuzzContentBundle opens mutated TF-IDF bundles without checksum verification, so that mutations reach
// the sparse sections and their weights: opening fails with an error, or the engine answers profile,
// history and similar-item requests; nothing panics.
func FuzzContentBundle(f *testing.F) {
	f.Add(contentBundle(f, nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		eng, err := runtime.OpenBytes(data, runtime.Options{SkipVerify: true})
		if err != nil {
			return
		}
		defer eng.Close()
		ctx := context.Background()
		eng.Recommend(ctx, runtime.Request{User: "u", ExcludeSeen: true, K: 3})
		eng.Recommend(ctx, runtime.Request{History: []string{"a", "b", "c", "d", "e"}, Allow: []string{"a", "c"}})
		for _, id := range []string{"a", "b", "c", "d", "e"} {
			eng.Similar(ctx, id, 2)
		}
	})
}
