package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train"
)

// torchExport runs testdata/torch_export.py into a temporary directory, or skips the test when Python
// with PyTorch is not installed.
func torchExport(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("PyTorch round trip: skipped in -short mode (starting Python and torch takes seconds)")
	}
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		if py, err = exec.LookPath("python3"); err != nil {
			t.Skip("python3 not found: install Debian's python3-torch to run the PyTorch round trip")
		}
	}
	if out, err := exec.Command(py, "-c", "import torch, numpy").CombinedOutput(); err != nil {
		t.Skipf("%s cannot import torch (install Debian's python3-torch): %s", py, out)
	}
	dir := t.TempDir()
	out, err := exec.Command(py, "testdata/torch_export.py", dir).CombinedOutput()
	require.NoError(t, err, "torch_export.py: %s", out)
	return dir
}

type torchExpected struct {
	K          int         `json:"k"`
	Features   [][]float32 `json:"features"`
	UsersTopK  [][]int32   `json:"users_topk"`
	KnownTopK  [][]int32   `json:"tower_known_topk"`
	UnknownTop [][]int32   `json:"tower_unknown_topk"`
}

// Embeddings and a user tower written by PyTorch, imported and served by the runtime, give PyTorch's
// own top-10 (computed in float64 by torch.topk): for stored user vectors, for known users encoded by
// the tower from new features (their own ID embedding), and for unknown users (the unknown-id row).
func TestPyTorchRoundTrip(t *testing.T) {
	dir := torchExport(t)
	p := func(name string) string { return filepath.Join(dir, name) }
	raw, err := os.ReadFile(p("expected.json"))
	require.NoError(t, err)
	var want torchExpected
	require.NoError(t, json.Unmarshal(raw, &want))

	in, err := Load(Files{Items: p("items.npy"), ItemIDs: p("item_ids.txt"), Users: p("users.npy"), UserIDs: p("user_ids.txt"),
		Tower: p("tower.safetensors"), TowerOptions: TowerOptions{Activation: "relu", Normalize: true}})
	require.NoError(t, err)
	b, err := Build(in, train.PackOptions{Index: train.IndexExact})
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	eng, err := runtime.OpenBytes(buf.Bytes(), runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	require.Equal(t, 5, eng.UserFeatures())

	ctx := context.Background()
	top := func(req runtime.Request) []int32 {
		req.K = want.K
		res, err := eng.Recommend(ctx, req)
		require.NoError(t, err)
		out := make([]int32, len(res.Items))
		for j, it := range res.Items {
			out[j] = it.Index
		}
		return out
	}
	for u, id := range in.UserIDs {
		require.Equal(t, want.UsersTopK[u], top(runtime.Request{User: id}), "stored vector of %s", id)
		require.Equal(t, want.KnownTopK[u], top(runtime.Request{User: id, Features: want.Features[u]}), "tower, known %s", id)
		require.Equal(t, want.UnknownTop[u], top(runtime.Request{Features: want.Features[u]}), "tower, unknown user %d", u)
	}

	// The comparison is sensitive: the same weights read with the wrong hidden activation disagree.
	in.Tower, err = LoadTower(p("tower.safetensors"), TowerOptions{Activation: "tanh", Normalize: true})
	require.NoError(t, err)
	b, err = Build(in, train.PackOptions{Index: train.IndexExact})
	require.NoError(t, err)
	buf.Reset()
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	wrong, err := runtime.OpenBytes(buf.Bytes(), runtime.Options{})
	require.NoError(t, err)
	defer wrong.Close()
	differ := 0
	for u := range in.UserIDs {
		res, err := wrong.Recommend(ctx, runtime.Request{Features: want.Features[u], K: want.K})
		require.NoError(t, err)
		if res.Items[0].Index != want.UnknownTop[u][0] {
			differ++
		}
	}
	require.Positive(t, differ)

	// NumPy's other layouts read to the same matrix.
	ref, err := LoadNPY(p("items.npy"))
	require.NoError(t, err)
	for _, name := range []string{"items_f8.npy", "items_fortran.npy"} {
		a, err := LoadNPY(p(name))
		require.NoError(t, err)
		require.Equal(t, ref, a, name)
	}
}
