package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMediansAndBest(t *testing.T) {
	rs := []result{
		{Impl: "a", Dataset: "d", Storage: "f32", Ef: 10, Recall10: 0.94, QPS: 100, BuildCPU: 1},
		{Impl: "a", Dataset: "d", Storage: "f32", Ef: 10, Recall10: 0.94, QPS: 300, BuildCPU: 3},
		{Impl: "a", Dataset: "d", Storage: "f32", Ef: 10, Recall10: 0.94, QPS: 200, BuildCPU: 2},
		{Impl: "a", Dataset: "d", Storage: "f32", Ef: 20, Recall10: 0.96, QPS: 50, BuildCPU: 2},
		{Impl: "a", Dataset: "d", Storage: "f32", Ef: 40, Recall10: 0.99, QPS: 20, BuildCPU: 2},
	}
	med := medians(rs)
	require.Len(t, med, 3)
	require.Equal(t, 200.0, med[0].QPS)
	require.Equal(t, 2.0, med[0].BuildCPU)
	require.Equal(t, 3, med[0].Runs)

	b, ok := best(med, 0.95)
	require.True(t, ok)
	require.Equal(t, 20, b.Ef, "the fastest point that reaches the target")
	b, ok = best(med, 0.99)
	require.True(t, ok)
	require.Equal(t, 40, b.Ef)
	_, ok = best(med, 0.995)
	require.False(t, ok)
}

func TestMedianEvenCount(t *testing.T) {
	rs := []result{{QPS: 1}, {QPS: 4}, {QPS: 2}, {QPS: 3}}
	require.Equal(t, 2.5, median(rs, func(r result) float64 { return r.QPS }))
}

func TestRunTables(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "results.jsonl")
	lines := `{"impl":"hnswlib-cpp","dataset":"ml","storage":"f32","ef":16,"recall10":0.96,"qps":1000,"build_cpu_s":1}
{"impl":"hnswlib-cpp","dataset":"ml","storage":"f32","ef":64,"recall10":0.995,"qps":400,"build_cpu_s":1}

{"impl":"corerec","dataset":"ml","storage":"f32","ef":16,"recall10":0.955,"qps":1500,"build_cpu_s":0.9}
{"impl":"corerec","dataset":"ml","storage":"f32","ef":64,"recall10":0.996,"qps":600,"build_cpu_s":0.9}
{"impl":"corerec","dataset":"ml","storage":"f32","ef":16,"recall10":0.97,"qps":900,"selectivity":0.1,"plan":"auto"}
`
	require.NoError(t, os.WriteFile(in, []byte(lines), 0o644))
	var out bytes.Buffer
	medPath := filepath.Join(dir, "median.jsonl")
	require.NoError(t, run([]string{in}, medPath, &out))
	s := out.String()
	require.Contains(t, s, "| ml | corerec | f32 | 1.5K (16) | 1.50× | 600 (64) | 1.50× | 0.996 | 0.90 | 0.90× |")
	require.Contains(t, s, "| ml | 10 % | auto | ef 16: 0.970 / 900 |")
	med, err := os.ReadFile(medPath)
	require.NoError(t, err)
	require.Equal(t, 5, strings.Count(string(med), "\n"))
}

func TestRunErrors(t *testing.T) {
	require.Error(t, run(nil, "", &bytes.Buffer{}))
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	require.NoError(t, os.WriteFile(bad, []byte("{\"impl\":\n"), 0o644))
	err := run([]string{bad}, "", &bytes.Buffer{})
	require.ErrorContains(t, err, "bad.jsonl:1")
	require.Error(t, run([]string{filepath.Join(dir, "absent")}, "", &bytes.Buffer{}))
}
