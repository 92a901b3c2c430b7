package importer

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// stBytes writes a safetensors file of F32 tensors (names sorted, offsets contiguous).
func stBytes(ts map[string]tensor) []byte {
	names := make([]string, 0, len(ts))
	for n := range ts {
		names = append(names, n)
	}
	slices.Sort(names)
	header := map[string]any{}
	var data []byte
	for _, n := range names {
		start := len(data)
		for _, v := range ts[n].v {
			data = binary.LittleEndian.AppendUint32(data, math.Float32bits(v))
		}
		header[n] = map[string]any{"dtype": "F32", "shape": ts[n].shape, "data_offsets": []int{start, len(data)}}
	}
	h, _ := json.Marshal(header)
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(h)))
	return append(append(out, h...), data...)
}

func fill(n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(i%7) - 3
	}
	return v
}

// towerTensors is a 2-layer tower over 2 ID dims and 3 features with output 4.
func towerTensors() map[string]tensor {
	return map[string]tensor{
		"net.0.weight": {[]int{6, 5}, fill(30)}, "net.0.bias": {[]int{6}, fill(6)},
		"net.2.weight": {[]int{4, 6}, fill(24)}, "net.2.bias": {[]int{4}, fill(4)},
		"unknown": {[]int{2}, fill(2)}, "ids": {[]int{3, 2}, fill(6)},
		"features.mean": {[]int{3}, []float32{1, 2, 3}},
	}
}

func TestReadTower(t *testing.T) {
	tw, err := ReadTower(stBytes(towerTensors()), TowerOptions{Activation: "gelu"})
	require.NoError(t, err)
	require.Len(t, tw.Layers, 2)
	require.Equal(t, Layer{In: 5, Out: 6, W: fill(30), B: fill(6), Activation: "gelu"}, tw.Layers[0])
	require.Equal(t, "none", tw.Layers[1].Activation)
	require.Equal(t, 2, tw.IDDim)
	require.Equal(t, 3, tw.Features)
	require.Equal(t, []float32{1, 2, 3}, tw.Mean)
	require.Equal(t, []float32{1, 1, 1}, tw.InvStd, "default: no scaling")

	in := Input{ItemIDs: []string{"a", "b"}, Items: fill(8), Dim: 4, UserIDs: []string{"x", "y", "z"}, Tower: tw}
	_, err = Build(in, trainOpts())
	require.NoError(t, err)
	in.UserIDs = in.UserIDs[:2]
	_, err = Build(in, trainOpts())
	require.ErrorIs(t, err, ErrInput, "3 ID rows for 2 users")
}

func TestReadTowerErrors(t *testing.T) {
	cases := map[string]func(ts map[string]tensor){
		"stray tensor":        func(ts map[string]tensor) { ts["dropout.p"] = tensor{[]int{1}, fill(1)} },
		"missing bias":        func(ts map[string]tensor) { delete(ts, "net.2.bias") },
		"layers do not chain": func(ts map[string]tensor) { ts["net.2.weight"] = tensor{[]int{4, 5}, fill(20)} },
		"two prefixes": func(ts map[string]tensor) {
			ts["other.5.weight"], ts["other.5.bias"] = ts["net.2.weight"], ts["net.2.bias"]
		},
		"no layers":           func(ts map[string]tensor) { delete(ts, "net.0.weight"); delete(ts, "net.2.weight") },
		"mean of wrong size":  func(ts map[string]tensor) { ts["features.mean"] = tensor{[]int{2}, fill(2)} },
		"ids without unknown": func(ts map[string]tensor) { delete(ts, "unknown") },
		"no features":         func(ts map[string]tensor) { ts["unknown"] = tensor{[]int{5}, fill(5)}; delete(ts, "ids") },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			ts := towerTensors()
			mutate(ts)
			_, err := ReadTower(stBytes(ts), TowerOptions{})
			require.ErrorIs(t, err, ErrTower)
		})
	}
	_, err := ReadTower([]byte("not safetensors"), TowerOptions{})
	require.ErrorIs(t, err, ErrTower)
}

// Tower files are untrusted: any bytes give a tower whose layers chain, or an error, never a panic.
func FuzzReadTower(f *testing.F) {
	f.Add(stBytes(towerTensors()))
	small := map[string]tensor{"0.weight": {[]int{2, 1}, fill(2)}, "0.bias": {[]int{2}, fill(2)}}
	f.Add(stBytes(small))
	f.Add([]byte("\x08\x00\x00\x00\x00\x00\x00\x00{}      "))
	f.Fuzz(func(t *testing.T, data []byte) {
		tw, err := ReadTower(data, TowerOptions{})
		if err != nil {
			return
		}
		in := tw.IDDim + tw.Features
		for _, l := range tw.Layers {
			if l.In != in || len(l.W) != l.In*l.Out || len(l.B) != l.Out {
				t.Fatalf("layer %+v after input %d", l, in)
			}
			in = l.Out
		}
	})
}
