package runtime_test

import (
	"context"
	"testing"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// FuzzSeqBundle opens mutated sequential bundles without checksum verification, so that the mutations
// reach the manifest's shape entries and the weight sections: opening fails with an error or the engine
// answers history requests and sessions; nothing panics.
func FuzzSeqBundle(f *testing.F) {
	for _, fx := range seqFixtures {
		f.Add(fx.bundle(f))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		eng, err := runtime.OpenBytes(data, runtime.Options{SkipVerify: true})
		if err != nil {
			return
		}
		defer eng.Close()
		hist := []string{itemID(1), itemID(2), itemID(3), itemID(1), itemID(4), itemID(5), itemID(6), itemID(7), itemID(8)}
		if _, err := eng.Recommend(context.Background(), runtime.Request{History: hist, K: 3}); err != nil {
			return
		}
		if eng.Manifest().Kind != modelpack.KindSASRec && eng.Manifest().Kind != modelpack.KindBERT4Rec {
			return
		}
		s, err := eng.NewSession(runtime.SessionOptions{Hop: 2})
		if err != nil {
			t.Fatalf("a sequential engine refused a session: %v", err)
		}
		for _, id := range hist {
			s.Append(id)
		}
		s.Vector(nil)
	})
}

// FuzzSeqManifest builds bundles whose shape entries take arbitrary values over weights of a fixed shape:
// every disagreement is an ErrBundle at open.
func FuzzSeqManifest(f *testing.F) {
	f.Add("7", "2", "2", "16", "2", "1e-06", "gelu")
	f.Add("0", "-1", "100000000", "x", "nan", "inf", "")
	f.Fuzz(func(t *testing.T, maxLen, blocks, heads, ffn, scale, eps, act string) {
		fx := seqFixtures[2]
		fx.extra = map[string]string{
			modelpack.ExtraSeqMaxLen: maxLen, modelpack.ExtraSeqBlocks: blocks, modelpack.ExtraSeqHeads: heads,
			modelpack.ExtraSeqFFNDim: ffn, modelpack.ExtraSeqEmbScale: scale, modelpack.ExtraSeqNormEps: eps,
			modelpack.ExtraSeqActivation: act,
		}
		eng, err := runtime.OpenBytes(fx.bundle(t), runtime.Options{})
		if err != nil {
			return
		}
		defer eng.Close()
		if _, err := eng.Encode(runtime.Request{History: []string{itemID(1), itemID(2)}}); err != nil {
			t.Fatal(err)
		}
	})
}
