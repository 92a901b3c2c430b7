package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
)

// pluginBundle writes a bundle of 40 items, four by four in 10 categories, and one user who likes them in
// index order.
func pluginBundle(t *testing.T) string {
	t.Helper()
	const n = 40
	cat := &modelpack.Catalog{UserIDs: []string{"u1"}}
	items := make([]float32, 0, 2*n)
	for i := range n {
		cat.ItemIDs = append(cat.ItemIDs, fmt.Sprintf("i%02d", i))
		cat.Category = append(cat.Category, fmt.Sprintf("c%d", i/4))
		cat.CreatedAt = append(cat.CreatedAt, int64(1_700_000_000+86400*i))
		items = append(items, float32(n-i)/n, 0)
	}
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindMF, Dim: 2, Metric: modelpack.MetricDot})
	require.NoError(t, b.AddCatalog(cat))
	require.NoError(t, b.AddMatrix(modelpack.SectionItemEmbeddings, modelpack.Matrix{Rows: n, Cols: 2, F32: items}))
	require.NoError(t, b.AddMatrix(modelpack.SectionUserEmbeddings, modelpack.Matrix{Rows: 1, Cols: 2, F32: []float32{1, 0}}))
	path := filepath.Join(t.TempDir(), "p.crec")
	require.NoError(t, b.WriteFile(path))
	return path
}

const (
	examples = "../../rules/examples/"
	hostile  = "../../rules/plugin/testdata/hostile/"
)

func TestPluginCheck(t *testing.T) {
	code, out, stderr := pack(t, "plugin", "check", examples+"wat/band.wasm")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, `plugin "band.wasm" speaks ABI v1: ok`)
	require.Contains(t, out, "imports   none")

	code, out, stderr = pack(t, "plugin", "check", "--json", "--fuel", "5000", examples+"assemblyscript/diverse.wasm")
	require.Equal(t, 0, code, stderr)
	var info map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &info))
	require.Equal(t, "diverse-as", info["name"])
	require.Equal(t, 5000.0, info["fuel"])

	code, _, stderr = pack(t, "plugin", "check", hostile+"import_env.wasm")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, `plugin "import_env.wasm": forbidden import: env.abort; plugins may import only corerec.log`)

	code, _, stderr = pack(t, "plugin", "check", hostile+"memory_initial_over_cap.wasm")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, `memory starts at 257 pages`)
	code, _, _ = pack(t, "plugin", "check", "--memory-pages", "300", hostile+"memory_initial_over_cap.wasm")
	require.Equal(t, 0, code)
}

func TestPluginRun(t *testing.T) {
	bundle := pluginBundle(t)
	code, out, stderr := pack(t, "plugin", "run", "--plugin", examples+"assemblyscript/diverse.wasm", "--bundle", bundle,
		"--user", "u1", "--k", "6", "--now", "0")
	require.Equal(t, 0, code, stderr)
	var rep runReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Equal(t, "diverse-as", rep.Plugin)
	require.Equal(t, 30, rep.Candidates)
	var ids []string
	for _, it := range rep.Items {
		ids = append(ids, it.ID)
	}
	// By score alone: i00..i05, four of category c0. At most 2 of a category in the top 6:
	require.Equal(t, []string{"i00", "i01", "i04", "i05", "i08", "i09"}, ids)
	require.Greater(t, rep.Fuel, int64(0))
	require.Equal(t, int64(20_000_000), rep.FuelBudget)

	code, out, _ = pack(t, "plugin", "run", "--plugin", examples+"wat/band.wasm", "--bundle", bundle,
		"--user", "u1", "--k", "3", "--config-f32", "0,0.9,1,1000")
	require.Equal(t, 0, code)
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Equal(t, "i04", rep.Items[0].ID, "scores above 0.9 (i00..i03) are out of the band")

	code, out, stderr = pack(t, "plugin", "run", "--plugin", hostile+"loop_forever.wasm", "--bundle", bundle,
		"--user", "u1", "--fuel", "100000")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, `plugin "loop_forever.wasm": out of fuel: corerec_rerank used more than its 100000 fuel`)
	rep = runReport{}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Contains(t, rep.Error, "out of fuel")
	require.Empty(t, rep.Items)
	require.Greater(t, rep.Fuel, int64(100000))

	code, out, stderr = pack(t, "plugin", "run", "--plugin", hostile+"abi_v2.wasm", "--bundle", bundle, "--user", "u1")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "speaks ABI v2, this host speaks v1")
	require.Contains(t, out, `"error"`)

	code, _, _ = pack(t, "plugin", "run", "--plugin", examples+"wat/band.wasm", "--bundle", bundle)
	require.Equal(t, 2, code, "--user is required")
	code, _, _ = pack(t, "plugin", "frobnicate")
	require.Equal(t, 2, code)
}

func TestPluginManifest(t *testing.T) {
	out := filepath.Join(t.TempDir(), "band.wasm")
	code, stdout, stderr := pack(t, "plugin", "manifest", "--set", `{"abi":1,"name":"my-band","fuel":1000}`, "--out", out,
		examples+"wat/band.wasm")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "wrote "+out)
	code, stdout, _ = pack(t, "plugin", "check", out)
	require.Equal(t, 0, code)
	require.Contains(t, stdout, `plugin "my-band"`)
	require.Contains(t, stdout, "fuel 1000 per call")
	code, _, stderr = pack(t, "plugin", "manifest", "--set", `{"abi":1,"net":true}`, "--out", out, examples+"wat/band.wasm")
	require.Equal(t, 1, code)
	require.True(t, strings.Contains(stderr, "unknown field"), stderr)
}
