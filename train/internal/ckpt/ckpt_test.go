package ckpt

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

type meta struct {
	Epoch int    `json:"epoch"`
	Note  string `json:"note"`
}

const magic = "CRTESTC1"

func TestRoundTrip(t *testing.T) {
	a, b := []float32{1, -2.5, 3e-9}, []float32{7}
	raw, err := Encode(magic, meta{Epoch: 3, Note: "x"}, a, b)
	require.NoError(t, err)
	require.Len(t, raw, MagicLen+4+len(`{"epoch":3,"note":"x"}`)+4*4+4)

	var m meta
	data, err := Decode(raw, magic, &m)
	require.NoError(t, err)
	require.Equal(t, meta{Epoch: 3, Note: "x"}, m)
	ga, gb := make([]float32, 3), make([]float32, 1)
	require.NoError(t, ReadBlocks(data, ga, gb))
	require.Equal(t, a, ga)
	require.Equal(t, b, gb)
}

func TestDecodeRejects(t *testing.T) {
	raw, err := Encode(magic, meta{Epoch: 1}, []float32{1, 2})
	require.NoError(t, err)
	flipped := append([]byte(nil), raw...)
	flipped[len(flipped)-6] ^= 1
	for _, tc := range []struct {
		name, want string
		raw        []byte
	}{
		{"empty", "not a checkpoint", nil},
		{"other magic", "not a checkpoint", append([]byte("CRSEQCK1"), raw[MagicLen:]...)},
		{"flipped", "checksum mismatch", flipped},
		{"truncated", "checksum mismatch", raw[:len(raw)-5]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m meta
			_, err := Decode(tc.raw, magic, &m)
			require.ErrorIs(t, err, ErrFormat)
			require.ErrorContains(t, err, tc.want)
		})
	}
	t.Run("unknown meta field", func(t *testing.T) {
		raw, err := Encode(magic, map[string]int{"epoch": 1, "extra": 2})
		require.NoError(t, err)
		var m meta
		_, err = Decode(raw, magic, &m)
		require.ErrorIs(t, err, ErrFormat)
		require.ErrorContains(t, err, "extra")
	})
}

func TestReadBlocksNeedsExactLength(t *testing.T) {
	raw, err := Encode(magic, meta{}, []float32{1, 2, 3})
	require.NoError(t, err)
	var m meta
	data, err := Decode(raw, magic, &m)
	require.NoError(t, err)
	for _, n := range []int{2, 4} {
		dst := make([]float32, n)
		require.ErrorIs(t, ReadBlocks(data, dst), ErrFormat)
		require.Equal(t, make([]float32, n), dst, "a rejected read writes nothing")
	}
}

func TestEncodeRejectsBadMagic(t *testing.T) {
	_, err := Encode("short", meta{})
	require.ErrorContains(t, err, "magic")
}

func TestSaveLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "run.ckpt")
	_, found, err := Load(path)
	require.NoError(t, err)
	require.False(t, found)

	require.NoError(t, Save(path, []byte("one")))
	require.NoError(t, Save(path, []byte("two")))
	raw, found, err := Load(path)
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, "two", string(raw))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary files left behind")

	require.Error(t, Save(filepath.Join(dir, "missing", "run.ckpt"), []byte("x")))
}

func FuzzDecode(f *testing.F) {
	raw, err := Encode(magic, meta{Epoch: 2, Note: "seed"}, []float32{1, 2})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add(raw[:len(raw)/2])
	f.Add([]byte(magic + "\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var m meta
		data, err := Decode(raw, magic, &m)
		if err != nil {
			require.ErrorIs(t, err, ErrFormat)
			return
		}
		dst := make([]float32, 2)
		if ReadBlocks(data, dst) != nil {
			require.Equal(t, make([]float32, 2), dst)
		}
	})
}
