package seq

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/train/nn"
)

// smallRun is a tiny training set-up for the checkpoint tests.
func smallRun(t testing.TB) (Input, Config) {
	t.Helper()
	const items = 20
	split := looSplit(cycleData(40, items, 5, 10, 5), items)
	in := Input{NumItems: items, Train: split.Train, Valid: eval.LeaveOneOutCases(split, false)}
	return in, Config{MaxLen: 8, Dim: 8, BatchSize: 16, LearningRate: 1e-2, Workers: 1}
}

func TestCheckpointRoundTrip(t *testing.T) {
	in, cfg := smallRun(t)
	m, err := New(in.NumItems, cfg)
	require.NoError(t, err)
	best := m.snapshot()
	for _, s := range best {
		for i := range s {
			s[i] += 0.5 // distinct from the current weights
		}
	}
	meta := checkpointMeta{Epochs: []Epoch{{Epoch: 1, Loss: 2.5, NDCG10: 0.25, Best: true}}, Bad: 1, BestScore: 0.25}
	raw, err := m.encodeCheckpoint(meta, best, nil)
	require.NoError(t, err)

	other, err := New(in.NumItems, Config{MaxLen: 8, Dim: 8, Seed: 9, LearningRate: 5e-3})
	require.NoError(t, err)
	got, gotBest, err := other.decodeCheckpoint(raw, nil)
	require.NoError(t, err)
	require.Equal(t, meta.Epochs, got.Epochs)
	require.Equal(t, 1, got.Bad)
	require.InDelta(t, 0.25, got.BestScore, 0)
	require.Equal(t, best, gotBest)
	require.Equal(t, m.snapshot(), other.snapshot())

	raw, err = m.encodeCheckpoint(checkpointMeta{}, nil, nil) // before any evaluation: no best epoch
	require.NoError(t, err)
	_, gotBest, err = other.decodeCheckpoint(raw, nil)
	require.NoError(t, err)
	require.Nil(t, gotBest)
}

// Adam's moments and step count travel with the weights; a file without them (written before they were
// kept) still loads and leaves the optimizer fresh.
func TestCheckpointKeepsAdamMoments(t *testing.T) {
	in, cfg := smallRun(t)
	m, err := New(in.NumItems, cfg)
	require.NoError(t, err)
	opt := nn.NewAdamW(m.params.All(), nn.AdamConfig{})
	for i, p := range m.params.All() {
		for j := range p.Grad {
			p.Grad[j] = float32(i+1) * 0.01 * float32(j%7-3)
		}
	}
	opt.Step()
	opt.Step()
	raw, err := m.encodeCheckpoint(checkpointMeta{Epochs: []Epoch{{Epoch: 1}}}, m.snapshot(), opt)
	require.NoError(t, err)

	other, err := New(in.NumItems, cfg)
	require.NoError(t, err)
	fresh := nn.NewAdamW(other.params.All(), nn.AdamConfig{})
	meta, best, err := other.decodeCheckpoint(raw, fresh)
	require.NoError(t, err)
	require.True(t, meta.HasMoments)
	require.NotNil(t, best)
	require.Equal(t, 2, fresh.Steps())
	wm, wv := opt.Moments()
	gm, gv := fresh.Moments()
	require.Equal(t, wm, gm)
	require.Equal(t, wv, gv)
	require.Equal(t, m.snapshot(), other.snapshot())

	// Read without an optimizer, the moments are skipped, not misread as weights.
	third, err := New(in.NumItems, cfg)
	require.NoError(t, err)
	_, _, err = third.decodeCheckpoint(raw, nil)
	require.NoError(t, err)
	require.Equal(t, m.snapshot(), third.snapshot())

	old, err := m.encodeCheckpoint(checkpointMeta{Epochs: []Epoch{{Epoch: 1}}}, nil, nil)
	require.NoError(t, err)
	untouched := nn.NewAdamW(other.params.All(), nn.AdamConfig{})
	meta, _, err = other.decodeCheckpoint(old, untouched)
	require.NoError(t, err)
	require.False(t, meta.HasMoments)
	require.Zero(t, untouched.Steps())
}

func TestCheckpointRejects(t *testing.T) {
	in, cfg := smallRun(t)
	m, err := New(in.NumItems, cfg)
	require.NoError(t, err)
	raw, err := m.encodeCheckpoint(checkpointMeta{Epochs: []Epoch{{Epoch: 1}}}, m.snapshot(), nil)
	require.NoError(t, err)
	flipped := slices.Clone(raw)
	flipped[len(flipped)/2] ^= 1
	wider, err := New(in.NumItems, Config{MaxLen: 8, Dim: 16})
	require.NoError(t, err)
	moreItems, err := New(in.NumItems+1, cfg)
	require.NoError(t, err)
	bert, err := New(in.NumItems, Config{Model: BERT4Rec, MaxLen: 8, Dim: 8, Heads: 1, FFNDim: 8})
	require.NoError(t, err)
	sasCfg := cfg
	sasCfg.Block = BlockSASRec
	sasBlock, err := New(in.NumItems, sasCfg)
	require.NoError(t, err)
	for _, tc := range []struct {
		name  string
		model *Model
		raw   []byte
		want  string
	}{
		{"empty", m, nil, "not a checkpoint"},
		{"magic", m, append([]byte("XXSEQCK1"), raw[8:]...), "not a checkpoint"},
		{"flipped", m, flipped, "checksum mismatch"},
		{"truncated", m, raw[:len(raw)-9], "checksum mismatch"},
		{"dim", wider, raw, "does not match"},
		{"items", moreItems, raw, "does not match"},
		{"kind", bert, raw, "does not match"},
		{"block", sasBlock, raw, "does not match"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := tc.model.snapshot()
			_, _, err := tc.model.decodeCheckpoint(tc.raw, nil)
			require.ErrorIs(t, err, ErrCheckpoint)
			require.ErrorContains(t, err, tc.want)
			require.Equal(t, before, tc.model.snapshot(), "a rejected checkpoint leaves the model unchanged")
		})
	}
}

func TestTrainResumesFromCheckpoint(t *testing.T) {
	in, cfg := smallRun(t)
	cfg.Checkpoint = filepath.Join(t.TempDir(), "run.ckpt")
	cfg.Epochs, cfg.Patience = 3, 100
	first, epochs3, err := Train(context.Background(), in, cfg)
	require.NoError(t, err)
	require.Len(t, epochs3, 3)
	require.FileExists(t, cfg.Checkpoint)

	// Resuming a finished run trains no further and returns the same best model.
	again, epochs, err := Train(context.Background(), in, cfg)
	require.NoError(t, err)
	require.Equal(t, epochs3, epochs)
	require.Equal(t, first.snapshot(), again.snapshot())

	// With more epochs allowed, training continues at epoch 4 and keeps the history.
	cfg.Epochs = 5
	_, epochs, err = Train(context.Background(), in, cfg)
	require.NoError(t, err)
	require.Len(t, epochs, 5)
	require.Equal(t, epochs3, epochs[:3])
	require.Equal(t, []int{4, 5}, []int{epochs[3].Epoch, epochs[4].Epoch})

	// A checkpoint of another shape is an error, not a silent fresh start.
	cfg.Dim = 16
	_, _, err = Train(context.Background(), in, cfg)
	require.ErrorIs(t, err, ErrCheckpoint)
}

func TestTrainCheckpointUnwritable(t *testing.T) {
	in, cfg := smallRun(t)
	cfg.Epochs, cfg.Checkpoint = 1, filepath.Join(t.TempDir(), "missing", "run.ckpt")
	_, _, err := Train(context.Background(), in, cfg)
	require.ErrorContains(t, err, "seq: checkpoint")
	_, statErr := os.Stat(cfg.Checkpoint)
	require.True(t, os.IsNotExist(statErr))
}

func FuzzDecodeCheckpoint(f *testing.F) {
	in, cfg := smallRun(f)
	m, err := New(in.NumItems, cfg)
	if err != nil {
		f.Fatal(err)
	}
	for _, best := range [][][]float32{nil, m.snapshot()} {
		raw, err := m.encodeCheckpoint(checkpointMeta{Epochs: []Epoch{{Epoch: 1, Best: best != nil}}}, best, nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
		f.Add(raw[:len(raw)/2])
	}
	f.Add([]byte(checkpointMagic + "\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		before := m.snapshot()
		epochs, epochsErr := CheckpointEpochs(raw)
		meta, best, err := m.decodeCheckpoint(raw, nil)
		if err != nil {
			require.Equal(t, before, m.snapshot())
			return
		}
		require.NoError(t, epochsErr, "a checkpoint the model loads has a readable history")
		require.Equal(t, meta.Epochs, epochs)
		require.GreaterOrEqual(t, meta.Bad, 0)
		if best != nil {
			require.Len(t, best, len(m.params.All()))
		}
	})
}

func TestCheckpointEpochs(t *testing.T) {
	in, cfg := smallRun(t)
	cfg.Epochs, cfg.Checkpoint = 3, filepath.Join(t.TempDir(), "run.ckpt")
	_, hist, err := Train(context.Background(), in, cfg)
	require.NoError(t, err)
	raw, err := os.ReadFile(cfg.Checkpoint)
	require.NoError(t, err)
	got, err := CheckpointEpochs(raw)
	require.NoError(t, err)
	require.Equal(t, hist, got)

	raw[len(raw)/2] ^= 1
	_, err = CheckpointEpochs(raw)
	require.ErrorIs(t, err, ErrCheckpoint)
	_, err = CheckpointEpochs([]byte("CRLGCCK1 a LightGCN file"))
	require.ErrorIs(t, err, ErrCheckpoint)
}
