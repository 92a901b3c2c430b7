package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const sample = `{"impl":"hnswlib-cpp","dataset":"ml","storage":"f32","M":16,"efc":200,"ef":64,"recall10":0.995,"qps":24762,"build_cpu_s":0.62,"bytes_per_vec":404.6,"load_s":0.08,"threads":1}
{"impl":"hnswlib-cpp","dataset":"ml","storage":"f32","M":16,"efc":200,"ef":16,"recall10":0.948,"qps":73796,"build_cpu_s":0.62,"bytes_per_vec":404.6,"load_s":0.08,"threads":1}

{"impl":"corerec","dataset":"ml","storage":"int8","M":16,"efc":200,"ef":16,"recall10":0.95,"qps":90000,"extra":"ignored"}
{"impl":"hnswlib-wasm","dataset":"ml","storage":"f32","M":16,"efc":200,"ef":16,"recall10":0.946,"qps":13433,"load_s":null,"threads":1}
{"impl":"hnswlib-cpp","dataset":"synth100k","storage":"f32","M":16,"efc":200,"ef":16,"recall10":0.9,"qps":30000}
`

func TestReadResults(t *testing.T) {
	rs, err := readResults(strings.NewReader(sample))
	require.NoError(t, err)
	require.Len(t, rs, 5)
	require.Equal(t, result{Impl: "hnswlib-cpp", Dataset: "ml", Storage: "f32", M: 16, Efc: 200, Ef: 64, Recall10: 0.995, QPS: 24762}, rs[0])

	cases := map[string]string{
		"bad json":   "{\"impl\":\"x\",\"dataset\":\"ml\"}\n{oops\n",
		"no impl":    `{"dataset":"ml","recall10":1,"qps":1}`,
		"no dataset": `{"impl":"x","recall10":1,"qps":1}`,
		"wrong type": `{"impl":"x","dataset":"ml","qps":"fast"}`,
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := readResults(strings.NewReader(in))
			require.ErrorContains(t, err, "line ")
		})
	}
}

func TestBuildChart(t *testing.T) {
	rs, err := readResults(strings.NewReader(sample))
	require.NoError(t, err)
	c, err := buildChart(rs, "ml")
	require.NoError(t, err)
	require.True(t, c.LogY)
	require.Contains(t, c.Title, "M=16, efc=200")
	var names []string
	for _, s := range c.Series {
		names = append(names, s.Name)
	}
	require.Equal(t, []string{"corerec/int8", "hnswlib-cpp/f32", "hnswlib-wasm/f32"}, names)
	cpp := c.Series[1]
	require.Equal(t, []float64{0.948, 0.995}, cpp.X, "points in ef order")
	require.Equal(t, []float64{73796, 24762}, cpp.Y)

	_, err = buildChart(rs, "nope")
	require.ErrorContains(t, err, `no results for dataset "nope"`)
}

func TestPickDataset(t *testing.T) {
	rs, err := readResults(strings.NewReader(sample))
	require.NoError(t, err)
	cases := []struct{ flag, out, want, err string }{
		{"ml", "x.png", "ml", ""},
		{"", "out/recall_qps_synth100k.png", "synth100k", ""},
		{"", "chart.png", "", "say which dataset"},
	}
	for _, tc := range cases {
		got, err := pickDataset(rs, tc.flag, tc.out)
		if tc.err != "" {
			require.ErrorContains(t, err, tc.err)
			continue
		}
		require.NoError(t, err)
		require.Equal(t, tc.want, got)
	}
	one, err := pickDataset(rs[:2], "", "chart.png")
	require.NoError(t, err)
	require.Equal(t, "ml", one)
}

func TestRunWritesPNG(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "results.jsonl")
	require.NoError(t, os.WriteFile(in, []byte(sample), 0o644))
	out := filepath.Join(dir, "recall_qps_ml.png")
	var stderr bytes.Buffer
	require.NoError(t, run([]string{"-in", in, "-out", out, "-width", "500", "-height", "350"}, &stderr))
	f, err := os.Open(out)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	require.Equal(t, 500, img.Bounds().Dx())
	require.Equal(t, 350, img.Bounds().Dy())

	require.Error(t, run([]string{"-in", in}, &stderr), "-out missing")
	require.Error(t, run([]string{"-in", filepath.Join(dir, "absent"), "-out", out}, &stderr))
	require.Error(t, run([]string{"-in", in, "-out", out, "-width", "10"}, &stderr), "size out of range")
}
