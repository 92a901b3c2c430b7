package lightgcn

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// withoutSeconds drops the wall and CPU times, the one part of the history that differs between runs.
func withoutSeconds(h []Epoch) []Epoch {
	h = slices.Clone(h)
	for i := range h {
		h[i].Seconds, h[i].CPUSeconds = 0, 0
	}
	return h
}

// A run interrupted after 3 epochs and resumed (with another worker count) ends exactly where the
// uninterrupted run does: tables, Adam's moments, the decayed learning rate and the best epoch.
func TestResumeEqualsUninterruptedRun(t *testing.T) {
	for _, sampling := range []string{"pairs", "users"} {
		t.Run("sampling="+sampling, func(t *testing.T) {
			in, _, _ := synthInput(t, 8)
			cfg := Config{Dim: 8, Epochs: 6, LearningRate: 0.05, LRDecay: 0.5, BatchSize: 256, Patience: 10,
				Workers: 2, Sampling: sampling}
			want, wantHist, err := Train(context.Background(), in, cfg)
			require.NoError(t, err)

			cfg.Checkpoint = filepath.Join(t.TempDir(), "run.ckpt")
			cfg.Epochs, cfg.Workers = 3, 1
			_, first, err := Train(context.Background(), in, cfg)
			require.NoError(t, err)
			require.Len(t, first, 3)
			cfg.Epochs, cfg.Workers = 6, 3
			got, gotHist, err := Train(context.Background(), in, cfg)
			require.NoError(t, err)
			require.Equal(t, withoutSeconds(wantHist), withoutSeconds(gotHist))
			require.Equal(t, want.U, got.U)
			require.Equal(t, want.V, got.V)

			// Resuming a finished run trains no further and returns the same best model.
			again, hist, err := Train(context.Background(), in, cfg)
			require.NoError(t, err)
			require.Equal(t, gotHist, hist)
			require.Equal(t, got.U, again.U)
		})
	}
}

func TestCheckpointRejected(t *testing.T) {
	in, _, _ := synthInput(t, 9)
	cfg := Config{Dim: 8, Epochs: 1, BatchSize: 256, Workers: 1}.WithDefaults()
	cfg.Checkpoint = filepath.Join(t.TempDir(), "run.ckpt")
	_, _, err := Train(context.Background(), in, cfg)
	require.NoError(t, err)
	raw, err := os.ReadFile(cfg.Checkpoint)
	require.NoError(t, err)

	other := in
	other.Train = slices.Clone(in.Train)
	other.Train[0] = append(slices.Clone(other.Train[0]), (other.Train[0][0]+1)%int32(in.NumItems))
	flipped := slices.Clone(raw)
	flipped[len(flipped)/2] ^= 1
	for _, tc := range []struct {
		name string
		in   Input
		cfg  func(*Config)
		raw  []byte
		want string
	}{
		{"other graph", other, nil, raw, "does not match"},
		{"other dim", in, func(c *Config) { c.Dim = 16 }, raw, "does not match"},
		{"other layers", in, func(c *Config) { c.Layers = 2 }, raw, "does not match"},
		{"flipped byte", in, nil, flipped, "checksum mismatch"},
		{"truncated", in, nil, raw[:len(raw)-100], "checksum mismatch"},
		{"not a checkpoint", in, nil, []byte("hello"), "not a checkpoint"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			if tc.cfg != nil {
				tc.cfg(&c)
			}
			tr, err := newTrainer(tc.in, c)
			require.NoError(t, err)
			before := slices.Clone(tr.ego)
			_, _, err = tr.load(tc.raw)
			require.ErrorIs(t, err, ErrCheckpoint)
			require.ErrorContains(t, err, tc.want)
			require.Equal(t, before, tr.ego, "a rejected checkpoint leaves the trainer unchanged")

			// Through Train, the same file is an error, never a silent fresh start.
			c.Checkpoint = filepath.Join(t.TempDir(), "bad.ckpt")
			require.NoError(t, os.WriteFile(c.Checkpoint, tc.raw, 0o644))
			_, _, err = Train(context.Background(), tc.in, c)
			require.ErrorIs(t, err, ErrCheckpoint)
		})
	}
}

func TestCheckpointUnwritable(t *testing.T) {
	in, _, _ := synthInput(t, 9)
	cfg := Config{Dim: 8, Epochs: 1, BatchSize: 256, Workers: 1,
		Checkpoint: filepath.Join(t.TempDir(), "missing", "run.ckpt")}
	_, _, err := Train(context.Background(), in, cfg)
	require.ErrorContains(t, err, "lightgcn: checkpoint")
}

func FuzzLoadCheckpoint(f *testing.F) {
	in := Input{NumUsers: 6, NumItems: 5, Train: randomGraph(6, 5, 2)}
	cfg := Config{Dim: 4, Epochs: 2, BatchSize: 4, Workers: 1, EvalEvery: 1}.WithDefaults()
	cfg.Checkpoint = filepath.Join(f.TempDir(), "seed.ckpt")
	if _, _, err := Train(context.Background(), in, cfg); err != nil {
		f.Fatal(err)
	}
	raw, err := os.ReadFile(cfg.Checkpoint)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add(raw[:len(raw)/2])
	f.Add([]byte(checkpointMagic + "\xff\xff\xff\xff"))
	tr, err := newTrainer(in, cfg)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		before := slices.Clone(tr.ego)
		epochs, epochsErr := CheckpointEpochs(raw)
		meta, best, err := tr.load(raw)
		if err != nil {
			require.Equal(t, before, tr.ego)
			return
		}
		require.NoError(t, epochsErr, "a checkpoint the trainer loads has a readable history")
		require.Equal(t, meta.Epochs, epochs)
		require.GreaterOrEqual(t, meta.AdamSteps, 0)
		require.Equal(t, meta.HasBest, best != nil)
	})
}

func TestCheckpointEpochs(t *testing.T) {
	in, _, _ := synthInput(t, 9)
	cfg := Config{Dim: 8, Epochs: 3, BatchSize: 256, Workers: 1, Checkpoint: filepath.Join(t.TempDir(), "run.ckpt")}
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
}
