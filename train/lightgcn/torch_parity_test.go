package lightgcn

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// The trainer's steps equal PyTorch's on the model of the benchmark's PyTorch peer
// (bench/lightgcn/lightgcn_torch.py, run by testdata/torch_steps.py): from the same layer-0 table, the same
// batches give the same BPR losses and, after Adam, the same table — so the training-speed comparison in
// BENCHMARKS.md times one computation on both sides. The peer run with one layer fewer must disagree.
func TestTorchParity(t *testing.T) {
	if testing.Short() {
		t.Skip("PyTorch parity: skipped in -short mode (starting Python and torch takes seconds)")
	}
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("/usr/bin/python3 not found: install Debian's python3-torch to run the PyTorch parity test")
	}
	if out, err := exec.Command(py, "-c", "import torch, numpy").CombinedOutput(); err != nil {
		t.Skipf("%s cannot import torch (install Debian's python3-torch): %s", py, out)
	}

	const users, items, steps, batch = 40, 30, 6, 24
	train := randomGraph(users, items, 21)
	cfg := Config{Dim: 16, Layers: 3, LearningRate: 0.01, Reg: 0.01, Workers: 2, Seed: 5}.WithDefaults()
	tr, err := newTrainer(Input{NumUsers: users, NumItems: items, Train: train}, cfg)
	require.NoError(t, err)

	type input struct {
		Users, Items, Dim, Layers int
		LR, Reg                   float32
		Pairs                     [][2]int32
		Ego                       []float32
		Batches                   [][][3]int32
	}
	in := input{Users: users, Items: items, Dim: cfg.Dim, Layers: cfg.Layers, LR: cfg.LearningRate, Reg: cfg.Reg,
		Ego: tr.origEgo()}
	for _, p := range tr.pairs {
		in.Pairs = append(in.Pairs, [2]int32{p.u, p.i})
	}
	r := rand.New(rand.NewPCG(3, 4))
	var goLoss []float64
	for range steps {
		var b []triple
		var rows [][3]int32
		for range batch {
			p := tr.pairs[r.IntN(len(tr.pairs))]
			j := int32(r.IntN(items)) // any item, the isolated one too: the L2 term still reaches it
			b, rows = append(b, triple{p.u, p.i, j}), append(rows, [3]int32{p.u, p.i, j})
		}
		in.Batches = append(in.Batches, rows)
		goLoss = append(goLoss, tr.gradient(b))
		tr.adamStep()
	}

	dir := t.TempDir()
	raw, err := json.Marshal(map[string]any{"users": in.Users, "items": in.Items, "dim": in.Dim, "layers": in.Layers,
		"lr": in.LR, "reg": in.Reg, "pairs": in.Pairs, "ego": in.Ego, "batches": in.Batches})
	require.NoError(t, err)
	inPath, outPath := filepath.Join(dir, "in.json"), filepath.Join(dir, "out.json")
	require.NoError(t, os.WriteFile(inPath, raw, 0o644))
	out, err := exec.Command(py, "testdata/torch_steps.py", inPath, outPath).CombinedOutput()
	require.NoError(t, err, "torch_steps.py: %s", out)
	raw, err = os.ReadFile(outPath)
	require.NoError(t, err)
	var got struct {
		Torch  string    `json:"torch"`
		Losses []float64 `json:"losses"`
		Ego    []float64 `json:"ego"`
		Fewer  []float64 `json:"ego_fewer_layers"`
	}
	require.NoError(t, json.Unmarshal(raw, &got))
	require.Len(t, got.Losses, steps)
	require.Len(t, got.Ego, len(tr.ego))

	for s := range steps {
		require.InDelta(t, got.Losses[s], goLoss[s], 1e-5, "step %d BPR loss (torch %s)", s+1, got.Torch)
	}
	var maxDiff, maxFewer, moved float64
	for k, v := range tr.origEgo() {
		maxDiff = max(maxDiff, math.Abs(float64(v)-got.Ego[k]))
		maxFewer = max(maxFewer, math.Abs(float64(v)-got.Fewer[k]))
		moved = max(moved, math.Abs(float64(v)-float64(in.Ego[k])))
	}
	t.Logf("torch %s: max |Go − PyTorch| %.2g over the table after %d steps; with one layer fewer %.2g; largest move %.2g",
		got.Torch, maxDiff, steps, maxFewer, moved)
	require.Less(t, maxDiff, 1e-5, "the tables after the steps")
	require.Greater(t, moved, 2*float64(cfg.LearningRate), "the steps moved the table (so agreeing means something)")
	require.Greater(t, maxFewer, 100*maxDiff, "one layer fewer must disagree")
}
