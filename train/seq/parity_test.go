package seq

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train"
)

// The runtime's forward pass on the exported weights equals the trainer's (no train/serve skew): full
// histories longer than the window, short ones, and the incremental session path.
func TestRuntimeParity(t *testing.T) {
	for _, cfg := range []Config{
		{Model: SASRec, Heads: 2},
		{Model: SASRec, Heads: 1, FFNDim: 24, Blocks: 1, Activation: "gelu_tanh"},
		{Model: SASRec, Heads: 2, Block: BlockSASRec, Init: InitTorch},
		{Model: SASRec, Heads: 1, FFNDim: 24, Block: BlockSASRec},
		{Model: BERT4Rec, Heads: 2, Block: BlockSASRec},
		{Model: BERT4Rec, Heads: 2},
		{Model: BERT4Rec, Heads: 2, Block: BlockBERT},
		{Model: BERT4Rec, Heads: 1, Blocks: 1, FFNDim: 24, Block: BlockBERT},
		{Model: SASRec, Heads: 2, Block: BlockBERT},
	} {
		t.Run(fmt.Sprintf("%s/heads=%d/blocks=%d/block=%s", cfg.Model, cfg.Heads, cfg.Blocks, cfg.Block), func(t *testing.T) {
			const items = 40
			seqs := cycleData(60, items, 3, 20, 4)
			cfg.MaxLen, cfg.Dim, cfg.Epochs, cfg.BatchSize, cfg.LearningRate, cfg.Workers = 8, 16, 3, 16, 1e-2, 2
			m, _, err := Train(context.Background(), Input{NumItems: items, Train: seqs}, cfg)
			require.NoError(t, err)
			ids := make([]string, items)
			for i := range ids {
				ids[i] = "i" + strconv.Itoa(i)
			}
			b, err := m.Pack(train.Embeddings{ItemIDs: ids}, train.PackOptions{})
			require.NoError(t, err)
			var buf bytes.Buffer
			_, err = b.WriteTo(&buf)
			require.NoError(t, err)
			bd, err := modelpack.OpenBytes(buf.Bytes(), modelpack.Options{})
			require.NoError(t, err)
			require.Equal(t, cfg.Block == BlockSASRec, bd.HasFeature(modelpack.FeatureSeqBlockSASRec),
				"the SASRec layout is marked so that readers ignoring seq.block refuse the file")
			require.Equal(t, cfg.Block == BlockBERT, bd.HasFeature(modelpack.FeatureSeqBlockBERT),
				"so is the BERT layout")
			eng, err := runtime.OpenBytes(buf.Bytes(), runtime.Options{})
			require.NoError(t, err)
			defer eng.Close()

			want := m.Encode(seqs, 2)
			d := m.Config().Dim
			for u, s := range seqs {
				hist := make([]string, len(s))
				for j, it := range s {
					hist[j] = ids[it]
				}
				got, err := eng.Encode(runtime.Request{History: hist})
				require.NoError(t, err)
				require.InDeltaSlice(t, want[u*d:(u+1)*d], got, 1e-5, "user %d (%d items)", u, len(s))
				if len(s) > cfg.MaxLen {
					continue // a session's window slides differently (runtime.SessionOptions.Hop)
				}
				sess, err := eng.NewSession(runtime.SessionOptions{})
				require.NoError(t, err)
				for _, id := range hist {
					sess.Append(id)
				}
				require.InDeltaSlice(t, want[u*d:(u+1)*d], sess.Vector(nil), 1e-5, "session of user %d", u)
			}
		})
	}
}
