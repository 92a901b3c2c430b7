package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/dataset/synth"
	"github.com/corerec/corerec/runtime"
)

// writeModalityFiles writes a text modality (rows for most data items, in shuffled order, and for three
// new items) and an attribute file (some data items and one new item).
func writeModalityFiles(t *testing.T, dir string) (npy, ids, attrs string) {
	t.Helper()
	d := synth.Generate(synth.Config{Users: 300, Items: 200, Seed: 5}) // writeSynthCSV's data
	var rows []float32
	var idList []string
	for i := 199; i >= 0; i -= 1 {
		if i%4 == 0 {
			continue // masked for these items
		}
		idList = append(idList, d.Dataset.Items.ID(int32(i)))
		rows = append(rows, float32(i%7), float32(i%3), 1)
	}
	for k := range 3 {
		idList = append(idList, fmt.Sprintf("new%d", k))
		rows = append(rows, float32(k), 2, 1)
	}
	npy, ids, attrs = filepath.Join(dir, "text.npy"), filepath.Join(dir, "text.txt"), filepath.Join(dir, "attrs.json")
	writeNPY(t, npy, len(idList), 3, rows)
	require.NoError(t, os.WriteFile(ids, []byte(strings.Join(idList, "\n")+"\n"), 0o644))
	var js strings.Builder
	js.WriteString(`{"new9": [1, "brand:x"]`)
	for i := range 100 {
		fmt.Fprintf(&js, `, %q: [%d, "cat%d"]`, d.Dataset.Items.ID(int32(i)), i%5, i%3)
	}
	js.WriteString("}")
	require.NoError(t, os.WriteFile(attrs, []byte(js.String()), 0o644))
	return npy, ids, attrs
}

func TestTwoTowerModalities(t *testing.T) {
	dir := t.TempDir()
	data := writeSynthCSV(t, dir)
	npy, ids, attrs := writeModalityFiles(t, dir)
	bundle := filepath.Join(dir, "fused.crec")
	code, out, stderr := pack(t, "train", "--data", data, "--model", "twotower", "--dim", "8", "--epochs", "2",
		"--workers", "1", "--quiet", "--fusion", "attention", "--item-id-dropout", "0.3",
		"--modality", "text="+npy+",ids="+ids, "--item-attributes", attrs, "--out", bundle)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "wrote "+bundle)
	// The data has 198 of the generator's 200 items: the other two are new items too.
	require.Contains(t, stderr, "modality text: "+npy+": 153 rows of dim 3; 49 items without a row (masked), 4 rows for new items")
	require.Contains(t, stderr, "item attributes: "+attrs+": 8 names; 98 items without any (masked), 1 new items")
	require.Contains(t, stderr, "new items: 5 packed from their modalities alone")

	eng, err := runtime.Open(bundle, runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	require.Equal(t, 203, eng.NumItems())
	tower, err := runtime.LoadItemTower(eng.Bundle())
	require.NoError(t, err)
	require.Equal(t, "attention", tower.Spec().Strategy)
	v, err := tower.Encode(runtime.ItemInput{Modalities: map[string][]float32{"text": {1, 2, 1}}})
	require.NoError(t, err)
	require.Len(t, v, 8)

	recs := filepath.Join(dir, "recs.tsv")
	code, _, stderr = pack(t, "recommend", "--bundle", bundle, "--k", "10", "--exclude-seen", "--quiet", "--out", recs)
	require.Equal(t, 0, code, stderr)

	cfg := filepath.Join(dir, "fusion.json")
	require.NoError(t, os.WriteFile(cfg, []byte(fmt.Sprintf(`{"dim": 8, "fusion": {"strategy": "gated", "width": 4},
		"modalities": [{"name": "text", "npy": %q, "ids": %q}], "item_attributes": %q}`, npy, ids, attrs)), 0o644))
	code, _, stderr = pack(t, "train", "--data", data, "--model", "twotower", "--config", cfg, "--epochs", "1",
		"--workers", "1", "--quiet", "--out", bundle)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "modality text:")
	require.Contains(t, stderr, "new items: 5 packed")
}

func TestTwoTowerModalityErrors(t *testing.T) {
	dir := t.TempDir()
	data := writeSynthCSV(t, dir)
	npy, ids, _ := writeModalityFiles(t, dir)
	badKey := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(badKey, []byte(`{"modalitys": []}`), 0o644))
	badAttrs := filepath.Join(dir, "attrs.json")
	require.NoError(t, os.WriteFile(badAttrs, []byte(`{"1": [{"x": 1}]}`), 0o644))
	for name, c := range map[string]struct {
		args []string
		code int
		msg  string
	}{
		"no ids":         {[]string{"--modality", "text=" + npy}, 2, "ids=IDS.txt is required"},
		"bad key":        {[]string{"--modality", "text=" + npy + ",rows=" + ids}, 2, `unknown key "rows"`},
		"unknown config": {[]string{"--config", badKey}, 1, `unknown field "modalitys"`},
		"bad strategy":   {[]string{"--modality", "text=" + npy + ",ids=" + ids, "--fusion", "sum"}, 1, `fusion "sum"`},
		"no modality":    {[]string{"--fusion", "gated"}, 1, "needs item modalities"},
		"bad attributes": {[]string{"--item-attributes", badAttrs}, 1, "neither a number nor a string"},
		"missing npy":    {[]string{"--modality", "text=" + filepath.Join(dir, "none.npy") + ",ids=" + ids}, 1, "none.npy"},
		"row mismatch":   {[]string{"--modality", "text=" + npy + ",ids=" + data}, 1, "rows"},
	} {
		t.Run(name, func(t *testing.T) {
			args := append([]string{"train", "--data", data, "--model", "twotower", "--out", filepath.Join(dir, "x.crec"),
				"--quiet", "--epochs", "1", "--workers", "1"}, c.args...)
			code, _, stderr := pack(t, args...)
			require.Equal(t, c.code, code, stderr)
			require.Contains(t, stderr, c.msg)
		})
	}
}
