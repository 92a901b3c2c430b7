package main

import (
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/dataset/synth"
	"github.com/corerec/corerec/internal/plot"
)

func TestTwoTowerTrainRecommendEval(t *testing.T) {
	dir := t.TempDir()
	data := writeSynthCSV(t, dir)
	d := synth.Generate(synth.Config{Users: 300, Items: 200, Seed: 5}) // writeSynthCSV's data
	var feats strings.Builder
	feats.WriteString("user,f0,f1,f2\n")
	for u, f := range d.UserFeatures {
		fmt.Fprintf(&feats, "%s,%g,%g,%g\n", d.Dataset.Users.ID(int32(u)), f[0], f[1], f[2])
	}
	featPath := filepath.Join(dir, "users.csv")
	require.NoError(t, os.WriteFile(featPath, []byte(feats.String()), 0o644))
	cfgPath := filepath.Join(dir, "tt.json")
	require.NoError(t, os.WriteFile(cfgPath, []byte(`{"dim": 16, "user": {"hidden": [32]}, "epochs": 50, "batch": 128}`), 0o644))

	bundle, curve := filepath.Join(dir, "tt.crec"), filepath.Join(dir, "curve.png")
	code, out, stderr := pack(t, "train", "--data", data, "--model", "twotower", "--config", cfgPath, "--epochs", "3",
		"--user-features", featPath, "--curve", curve, "--workers", "1", "--quiet", "--out", bundle)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "wrote "+bundle)
	require.Contains(t, out, "3 epochs", "the flag overrides the config file")
	require.Contains(t, stderr, "user features: "+featPath+": 3 columns")
	requireCurve(t, curve, 2)

	code, out, stderr = pack(t, "inspect", bundle, "--json")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, `"kind": "twotower"`)
	require.Contains(t, out, "tower.user.0.weight")
	require.Contains(t, out, `\"features\":3`)

	recs := filepath.Join(dir, "recs.tsv")
	code, _, stderr = pack(t, "recommend", "--bundle", bundle, "--k", "10", "--exclude-seen", "--quiet", "--out", recs)
	require.Equal(t, 0, code, stderr)
	code, out, stderr = pack(t, "eval", "--data", data, "--recs", recs)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, `"model":"recs"`)

	code, out, stderr = pack(t, "eval", "--data", data, "--model", "twotower", "--loss", "bpr", "--epochs", "2", "--workers", "1", "--quiet")
	require.Equal(t, 0, code, stderr)
	var line map[string]any
	require.NoError(t, json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &line))
	require.Equal(t, "twotower", line["model"])
}

func TestTwoTowerFlagErrors(t *testing.T) {
	dir := t.TempDir()
	data := writeSynthCSV(t, dir)
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"dim": 16, "hiden": [32]}`), 0o644))
	for name, c := range map[string]struct {
		args []string
		code int
		msg  string
	}{
		"mf flag":         {[]string{"--model", "twotower", "--reg", "0.1"}, 2, "--reg applies to --model mf only"},
		"twotower flag":   {[]string{"--loss", "bce"}, 2, "--loss applies to --model twotower only"},
		"bad hidden":      {[]string{"--model", "twotower", "--hidden", "12,x"}, 2, "--hidden"},
		"unknown key":     {[]string{"--model", "twotower", "--config", bad}, 1, `unknown field "hiden"`},
		"unknown model":   {[]string{"--model", "gru"}, 2, "mf, twotower and lightgcn"},
		"bad loss":        {[]string{"--model", "twotower", "--loss", "hinge"}, 1, "loss \"hinge\""},
		"missing feats":   {[]string{"--model", "twotower", "--user-features", filepath.Join(dir, "none.csv")}, 1, "none.csv"},
		"features-only":   {[]string{"--model", "twotower", "--no-user-id"}, 1, "neither an id embedding, features nor a history"},
		"bad history":     {[]string{"--model", "twotower", "--user-history", "-3"}, 1, "user history -3 out of range"},
		"learned tau bce": {[]string{"--model", "twotower", "--loss", "bce", "--learn-temperature"}, 1, "inbatch"},
	} {
		t.Run(name, func(t *testing.T) {
			args := append([]string{"train", "--data", data, "--out", filepath.Join(dir, "x.crec"), "--quiet", "--epochs", "1"}, c.args...)
			code, _, stderr := pack(t, args...)
			require.Equal(t, c.code, code, stderr)
			require.Contains(t, stderr, c.msg)
		})
	}
}

// requireCurve checks that path is a training-curve PNG of the given number of stacked charts.
func requireCurve(t *testing.T, path string, charts int) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	img, err := png.Decode(f)
	f.Close()
	require.NoError(t, err)
	require.Equal(t, plot.CurveWidth, img.Bounds().Dx())
	require.Equal(t, charts*plot.CurveChartHeight, img.Bounds().Dy())
}
