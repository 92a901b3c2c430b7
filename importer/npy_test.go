package importer

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// npyBytes writes a version-1 .npy file as NumPy does (header padded so the data starts at a multiple
// of 64).
func npyBytes(descr string, fortran bool, shape []int, payload []byte) []byte {
	dims := make([]string, len(shape))
	for k, d := range shape {
		dims[k] = fmt.Sprint(d)
	}
	tuple := "(" + strings.Join(dims, ", ")
	if len(shape) == 1 {
		tuple += ","
	}
	tuple += ")"
	order := "False"
	if fortran {
		order = "True"
	}
	h := fmt.Sprintf("{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", descr, order, tuple)
	h += strings.Repeat(" ", (64-(10+len(h)+1)%64)%64) + "\n"
	out := append([]byte("\x93NUMPY\x01\x00"), byte(len(h)), byte(len(h)>>8))
	return append(append(out, h...), payload...)
}

func f32Payload(order binary.ByteOrder, v ...float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		order.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

func TestReadNPY(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	f8 := make([]byte, 16)
	le.PutUint64(f8, math.Float64bits(1.5))
	le.PutUint64(f8[8:], math.Float64bits(-2))
	cases := []struct {
		name string
		data []byte
		want Array
	}{
		{"2-D float32", npyBytes("<f4", false, []int{2, 3}, f32Payload(le, 1, 2, 3, 4, 5, 6)), Array{[]int{2, 3}, []float32{1, 2, 3, 4, 5, 6}}},
		{"big-endian", npyBytes(">f4", false, []int{2}, f32Payload(be, 1, -1)), Array{[]int{2}, []float32{1, -1}}},
		{"float64", npyBytes("<f8", false, []int{2}, f8), Array{[]int{2}, []float32{1.5, -2}}},
		{"fortran order", npyBytes("<f4", true, []int{2, 3}, f32Payload(le, 1, 4, 2, 5, 3, 6)), Array{[]int{2, 3}, []float32{1, 2, 3, 4, 5, 6}}},
		{"empty", npyBytes("<f4", false, []int{0, 8}, nil), Array{[]int{0, 8}, []float32{}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := ReadNPY(c.data)
			require.NoError(t, err)
			require.Equal(t, c.want, a)
		})
	}
}

func TestReadNPYErrors(t *testing.T) {
	le := binary.LittleEndian
	good := npyBytes("<f4", false, []int{2, 2}, f32Payload(le, 1, 2, 3, 4))
	huge := append([]byte("\x93NUMPY\x02\x00\xff\xff\xff\x7f"), good[10:]...)
	cases := map[string][]byte{
		"short":            []byte("\x93NUMPY"),
		"no magic":         append([]byte("XXNUMPY"), good[7:]...),
		"version 9":        append([]byte("\x93NUMPY\x09\x00"), good[8:]...),
		"header too large": huge,
		"truncated data":   good[:len(good)-1],
		"padded data":      append(good[:len(good):len(good)], 0, 0, 0, 0),
		"int32":            npyBytes("<i4", false, []int{1}, f32Payload(le, 1)),
		"huge shape":       npyBytes("<f4", false, []int{1 << 40, 1 << 40}, nil),
		"negative shape":   npyBytes("<f4", false, []int{-1}, nil),
		"not a dict":       []byte("\x93NUMPY\x01\x00\x04\x00abcd"),
		"no newline":       []byte("\x93NUMPY\x01\x00\x04\x00{'a}"),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ReadNPY(data)
			require.ErrorIs(t, err, ErrNPY)
		})
	}
	rows, cols, err := Array{Shape: []int{3}}.Matrix()
	require.NoError(t, err)
	require.Equal(t, [2]int{3, 1}, [2]int{rows, cols})
	_, _, err = Array{Shape: []int{1, 2, 3}}.Matrix()
	require.ErrorIs(t, err, ErrNPY)
}

func TestReadIDs(t *testing.T) {
	ids, err := ReadIDs(strings.NewReader(" a \nb\n"))
	require.NoError(t, err)
	require.Equal(t, []string{"a", "b"}, ids)
	for _, bad := range []string{"a\n\nb\n", "a\na\n", strings.Repeat("x", maxIDBytes+1)} {
		_, err := ReadIDs(strings.NewReader(bad))
		require.ErrorIs(t, err, ErrInput)
	}
}

// NumPy's files are untrusted: any bytes give an array of exactly the declared size or an error, never
// a panic or an allocation beyond the input.
func FuzzReadNPY(f *testing.F) {
	le := binary.LittleEndian
	f.Add(npyBytes("<f4", false, []int{2, 3}, f32Payload(le, 1, 2, 3, 4, 5, 6)))
	f.Add(npyBytes("<f8", true, []int{1, 1}, make([]byte, 8)))
	f.Add(npyBytes(">f4", false, []int{}, make([]byte, 4)))
	if seeds, _ := filepath.Glob("testdata/*.npy"); len(seeds) > 0 {
		for _, s := range seeds {
			if b, err := os.ReadFile(s); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ReadNPY(data)
		if err != nil {
			return
		}
		n := 1
		for _, d := range a.Shape {
			n *= d
		}
		if n != len(a.Data) || len(a.Data) > len(data) {
			t.Fatalf("shape %v with %d values from %d bytes", a.Shape, len(a.Data), len(data))
		}
	})
}
