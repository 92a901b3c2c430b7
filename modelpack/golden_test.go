package modelpack

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// The committed golden file pins the 1.0 byte layout. Regenerate it, only
// for a deliberate format change, with:
//
//	go test ./modelpack -run TestGoldenFile -update
var update = flag.Bool("update", false, "rewrite testdata/golden-1.0.crpack")

const goldenPath = "testdata/golden-1.0.crpack"

func TestGoldenFile(t *testing.T) {
	built := build(t, goldenBuilder(t))
	if *update {
		require.NoError(t, os.WriteFile(goldenPath, built, 0o644))
	}
	committed, err := os.ReadFile(goldenPath)
	require.NoError(t, err)
	require.Equal(t, committed, built, "the writer's output changed; if deliberate, bump FormatMinor/Major and run with -update")

	// Open through every entry point: mmap (or read), bytes, ReaderAt.
	bd, err := Open(goldenPath, Options{})
	require.NoError(t, err)
	defer bd.Close()
	f, err := os.Open(goldenPath)
	require.NoError(t, err)
	defer f.Close()
	viaReader, err := OpenReaderAt(f, int64(len(committed)), Options{})
	require.NoError(t, err)
	for _, b := range []*Bundle{bd, openT(t, committed), viaReader} {
		require.Equal(t, int64(len(committed)), b.Size())
		c, err := b.Catalog()
		require.NoError(t, err)
		checkGoldenCatalog(t, c)
		m, err := b.Matrix("items")
		require.NoError(t, err)
		require.Equal(t, QuantInt8, m.Quant)
		require.Len(t, m.Row(4, nil), 4)
	}
}

func TestOpenFileErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(filepath.Join(dir, "missing.crpack"), Options{})
	require.ErrorIs(t, err, os.ErrNotExist)
	empty := filepath.Join(dir, "empty.crpack")
	require.NoError(t, os.WriteFile(empty, nil, 0o644))
	_, err = Open(empty, Options{})
	require.ErrorIs(t, err, ErrTruncated)
	bad := filepath.Join(dir, "bad.crpack")
	require.NoError(t, os.WriteFile(bad, []byte("CRECPACK\x01\x00\x00\x00\xff\xff\x00\x00"), 0o644))
	_, err = Open(bad, Options{})
	require.ErrorIs(t, err, ErrTruncated)

	f, err := os.Open(goldenPath)
	require.NoError(t, err)
	defer f.Close()
	_, err = OpenReaderAt(f, 1<<20, Options{}) // larger than the file
	require.ErrorIs(t, err, ErrTruncated)
	_, err = OpenReaderAt(f, -1, Options{})
	require.ErrorIs(t, err, ErrInvalid)
}

func TestWriteFileAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.crpack")
	require.NoError(t, goldenBuilder(t).WriteFile(path))
	require.NoError(t, NewBuilder(Manifest{Name: "second"}).WriteFile(path)) // replaces
	bd, err := Open(path, Options{})
	require.NoError(t, err)
	require.Equal(t, "second", bd.Manifest().Name)
	require.NoError(t, bd.Close())
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary file left behind")
	require.Error(t, NewBuilder(Manifest{}).WriteFile(filepath.Join(path, "not-a-dir", "x")))
}
